"""The brief's timeline chart: cooperation above the axis, conflict below, as SVG.

Drawn with matplotlib's Agg/SVG backend, no network and no fonts embedded (text stays
text, so the chart is small and searchable). The output is deterministic for the same
brief: fixed hash salt, no creation date. No text from articles reaches the chart (axis
labels are dates and counts), so nothing in it needs escaping.
"""

from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING

from dyads.analysis.brief_model import Brief

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: (Brief timeline attribute, legend label, colour, +1 above / -1 below the axis), stacked
#: in this order; cooperation in greens, conflict in orange and red
SERIES = (
    ("material_cooperation", "material cooperation", "#1b7837", 1),
    ("verbal_cooperation", "verbal cooperation", "#7fbf7b", 1),
    ("verbal_conflict", "verbal conflict", "#f4a582", -1),
    ("material_conflict", "material conflict", "#b2182b", -1),
)


def timeline_svg(brief: Brief) -> str | None:
    """The timeline as an SVG document, or None when the brief has no dated events."""
    if not brief.timeline:
        return None
    import matplotlib

    # a fixed hash salt makes the SVG's ids, and so its bytes, the same on every run
    with matplotlib.rc_context({"svg.hashsalt": "dyads-brief", "svg.fonttype": "none",
                                "font.size": 9}):
        fig = timeline_figure(brief)
        out = io.StringIO()
        # no creation date, creator or RDF block: identical bytes for identical briefs
        fig.savefig(out, format="svg",
                    metadata=dict.fromkeys(("Date", "Creator", "Format", "Type")))
    return out.getvalue()


def timeline_figure(brief: Brief) -> Figure:
    """The timeline chart as a matplotlib Figure (not attached to any GUI backend)."""
    from matplotlib.figure import Figure

    rows = brief.timeline
    fmt = "%Y" if brief.interval == "year" else "%Y-%m"
    labels = [r.period.strftime(fmt) for r in rows]
    xs = list(range(len(rows)))
    fig = Figure(figsize=(max(4.5, 0.55 * len(rows) + 3.0), 2.8))
    ax = fig.add_subplot()
    up = [0] * len(rows)
    down = [0] * len(rows)
    for attr, name, colour, sign in SERIES:
        values = [getattr(r, attr) for r in rows]
        base = up if sign > 0 else down
        ax.bar(xs, [sign * v for v in values], bottom=[sign * b for b in base],
               color=colour, label=name, width=0.7)
        for i, v in enumerate(values):
            base[i] += v
    top = max([*up, *down, 1])
    ax.axhline(0, color="#444444", linewidth=0.8)
    rotate = len(rows) > 8
    ax.set_xticks(xs, labels, rotation=45 if rotate else 0, ha="right" if rotate else "center")
    step = max(1, math.ceil(top / 4))
    ticks = list(range(-((top // step) * step), top + 1, step))
    ax.set_yticks(ticks, [str(abs(t)) for t in ticks])  # conflict counts read as counts
    ax.set_ylim(-top - 0.5, top + 0.5)
    ax.set_ylabel("events\n(conflict below the line)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    fig.tight_layout()
    return fig


def inline_svg(svg: str) -> str:
    """An SVG document reduced to its ``<svg>`` element, for embedding in HTML."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg
