"""Cut an article's text into segments for highlighting actors, events, quotes, dates, places.

Spans may overlap (an actor inside a quote inside an event's evidence), so the text is cut
at every span boundary and each piece lists every span covering it; the template renders a
piece as one ``<span>`` with all their classes. Offsets are character offsets into the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dyads.model import Analysis, argument_list


@dataclass
class Segment:
    """A piece of text and the marks covering it."""

    text: str
    start: int
    kinds: set[str] = field(default_factory=set)
    events: list[int] = field(default_factory=list)  # indexes into analysis.events
    quotes: list[int] = field(default_factory=list)
    quads: set[int] = field(default_factory=set)
    titles: list[str] = field(default_factory=list)

    @property
    def css(self) -> str:
        classes = [f"m-{k}" for k in sorted(self.kinds)]
        # A piece inside events of several quad classes takes the most conflictual colour.
        if self.quads:
            classes.append(f"q{max(self.quads)}")
        return " ".join(classes)

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(self.titles))


def _spans(analysis: Analysis) -> list[tuple[int, int, str, int, str, int | None]]:
    """(start, end, kind, index, tooltip, quad) of everything worth marking in the text."""
    out: list[tuple[int, int, str, int, str, int | None]] = []
    for i, m in enumerate(analysis.actors):
        label = " · ".join(x for x in (m.code, m.name) if x) or "unresolved actor"
        out.append((m.start, m.end, "actor", i, f"actor: {label}", None))
    for i, e in enumerate(analysis.events):
        out.append((e.start, e.end, "event", i, f"event: {e.event_type}", e.quad))
    for i, q in enumerate(analysis.quotes):
        who = ", ".join(a.name or a.text for a in argument_list(q.speaker)) or "unknown"
        out.append((q.start, q.end, "quote", i, f"quote by {who}", None))
    for i, d in enumerate(analysis.dates):
        out.append((d.start, d.end, "date", i, f"date: {d.value or '?'}", None))
    for i, p in enumerate(analysis.places):
        out.append((p.start, p.end, "place", i, f"place: {p.name or p.text}", None))
    return out


def segments(text: str, analysis: Analysis) -> list[Segment]:
    """The text cut at every span boundary, each piece with the spans covering it.

    Spans outside the text or empty are ignored (a stored analysis may predate an edit).
    """
    spans = [s for s in _spans(analysis) if 0 <= s[0] < s[1] <= len(text)]
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    out: list[Segment] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        seg = Segment(text=text[lo:hi], start=lo)
        for start, end, kind, idx, title, quad in spans:
            if start <= lo and hi <= end:
                seg.kinds.add(kind)
                seg.titles.append(title)
                if kind == "event":
                    seg.events.append(idx)
                    if quad:
                        seg.quads.add(quad)
                elif kind == "quote":
                    seg.quotes.append(idx)
        out.append(seg)
    return out


def argument_label(arg: Any) -> str:
    """A short label of an event argument given as JSON or model objects."""
    from dyads.model import argument_from_json

    if isinstance(arg, (dict, list)) or arg is None:
        arg = argument_from_json(arg)
    actors = argument_list(arg)
    if not actors:
        return "—"
    return " + ".join(a.code or a.name or a.text for a in actors)
