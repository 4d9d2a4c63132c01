"""Render a :class:`~dyads.analysis.brief_model.Brief` as Markdown or as one HTML page.

The layouts are Jinja2 templates in ``dyads/analysis/templates/``. HTML is autoescaped;
in Markdown every value that comes from articles passes the ``md`` filter, which turns
``& < >`` into entities (Markdown renderers pass raw HTML through) and backslash-escapes
the characters that would start emphasis, code, links or a new table cell. Links only
keep ``http``/``https`` URLs, so a stored ``javascript:`` URL never becomes a link.
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup

from dyads.analysis.brief_chart import inline_svg, timeline_svg
from dyads.analysis.brief_model import (
    PARTNER_MARGIN,
    PARTNER_MIN_EVENTS,
    Brief,
    KeyEvent,
)

__all__ = ["METHOD", "md_escape", "render_html", "render_markdown", "timeline_svg"]

METHOD = (
    "How this brief was made: events were read from news articles by dyads and coded in "
    "the PLOVER ontology; all reports of one real-world event are merged into one "
    "(deduplication), negated events are left out. Cooperation is PLOVER quad classes 1-2, "
    "conflict 3-4; the cooperation–conflict index is (cooperation − conflict) / events, "
    "from −1 (all conflict) to +1 (all cooperation). A counterpart with at least "
    f"{PARTNER_MIN_EVENTS} events is a partner when the index of its events with the actor "
    f"is at least +{PARTNER_MARGIN:g}, an adversary when it is at most −{PARTNER_MARGIN:g}, "
    "else mixed. Threats are conflict events aimed at "
    "the actor by someone else and relations that turned hostile; opportunities are "
    "cooperation events between the actor and someone else and relations that improved. "
    "Quotes are by a speaker of the actor or name it. Everything quoted is text from the "
    "articles; dyads adds only these labels and counts."
)

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")
#: characters that mean something only at the start of a line (lists, headings, quotes)
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=>#])|(\d+)([.)]))")


def md_escape(value: object) -> str:
    """Text safe inside a Markdown paragraph or table cell, shown exactly as written."""
    if value is None:
        return ""
    text = re.sub(r"\s+", " ", str(value))  # one line: a newline would end a table row
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(
        lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else
                                f"{m.group(3)}\\{m.group(4)}"), text)


def md_sentence(event: KeyEvent) -> str:
    """The event's sentence in Markdown with its evidence in bold."""
    before, hit, after = event.parts
    return f"{md_escape(before)}**{md_escape(hit).strip()}**{md_escape(after)}".strip()


def html_sentence(event: KeyEvent) -> Markup:
    """The event's sentence as HTML with its evidence marked."""
    before, hit, after = event.parts
    return Markup("{}<mark>{}</mark>{}").format(before, hit, after)


def safe_url(value: object) -> str | None:
    """The URL if it is an absolute http(s) URL, else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return value.strip()


def md_link(value: object) -> str:
    """A URL or path as a Markdown link target: spaces, brackets and parentheses encoded."""
    return quote(str(value), safe=":/?#@!$&'*+,;=%~-._")


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _idx(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:+.2f}"


def _period(value: date, interval: str = "month") -> str:
    return value.strftime("%Y" if interval == "year" else "%Y-%m")


@lru_cache(maxsize=2)
def _env(html: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("dyads.analysis", "templates"),
        autoescape=html, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters.update(md=md_escape, safe_url=safe_url, mdlink=md_link, pct=_pct, idx=_idx,
                       period=_period, sentence=html_sentence if html else md_sentence)
    return env


def render_markdown(brief: Brief, chart: Path | str | None = None) -> str:
    """The brief as Markdown.

    Args:
        brief: what :func:`dyads.analysis.brief.build_brief` returned.
        chart: the timeline SVG to link, as a path relative to where the page will be
            (only its file name is used, so write it next to the page); None for none.
    """
    link = Path(chart).name if chart is not None else None
    text = _env(False).get_template("brief.md.j2").render(b=brief, chart=link, method=METHOD)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_html(brief: Brief) -> str:
    """The brief as one self-contained HTML page: inline CSS, the chart as inline SVG."""
    svg = timeline_svg(brief)
    return _env(True).get_template("brief.html.j2").render(
        b=brief, chart=inline_svg(svg) if svg else None, method=METHOD)
