"""Terminal briefing of an Analysis: what a reader wants at a glance.

Actors grouped by country, events as "who -> what -> whom, when" with their evidence,
quotes with speakers, dates and places. Rendering only: no NLP, no storage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dyads.model import ActorMention, Analysis, Argument, Event, argument_list

#: one colour per PLOVER quad class (verbal/material cooperation/conflict)
QUAD_STYLE = {1: "green", 2: "bright_green", 3: "yellow", 4: "red"}
QUAD_NAME = {1: "verbal cooperation", 2: "material cooperation",
             3: "verbal conflict", 4: "material conflict"}


def argument_label(arg: Argument) -> str:
    """'Vladimir Putin (RUSGOV)' / 'Russia + China' / '—'."""
    actors = argument_list(arg)
    if not actors:
        return "—"
    parts = []
    for a in actors:
        name = a.name or a.text
        parts.append(f"{name} ({a.code})" if a.code else name)
    return " + ".join(parts)


def _actors_table(actors: Iterable[ActorMention]) -> Table:
    by_country: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for m in actors:
        country = m.country or "unresolved"
        by_country[country][m.name or m.text].add(m.sector or "")
    table = Table(title="Actors by country", show_lines=False, expand=True)
    table.add_column("Country", style="bold", no_wrap=True)
    table.add_column("Actors (sector)")
    for country in sorted(by_country, key=lambda c: (c == "unresolved", c)):
        names = by_country[country]
        cells = []
        for name in sorted(names):
            sectors = ",".join(sorted(s for s in names[name] if s))
            cells.append(f"{name} ({sectors})" if sectors else name)
        table.add_row(country, "; ".join(cells))
    return table


def _event_line(ev: Event) -> Text:
    style = QUAD_STYLE.get(ev.quad or 0, "white")
    line = Text()
    line.append(argument_label(ev.actor), style="bold")
    line.append("  →  ")
    verb = ev.event_type + (f"/{ev.mode}" if ev.mode else "")
    if ev.negated:
        verb = "NOT " + verb
    line.append(verb, style=f"bold {style}")
    line.append("  →  ")
    line.append(argument_label(ev.recipient), style="bold")
    when = ev.date or "date unknown"
    if ev.date_end and ev.date_end != ev.date:
        when += f" to {ev.date_end}"
    line.append(f"   {when}", style="cyan")
    if ev.location:
        line.append(f"  @ {ev.location.get('name') or ev.location.get('text')}", style="magenta")
    flags = [f for f, on in (("future", ev.tense == "future"),
                             ("hypothetical", ev.hypothetical)) if on]
    if flags:
        line.append(f"  [{', '.join(flags)}]", style="dim")
    line.append(f"\n    “{ev.evidence}”", style="italic dim")
    return line


def _events_panel(events: list[Event]) -> RenderableType:
    if not events:
        return Panel(Text("No events found.", style="dim"), title="Events")
    lines = [_event_line(e) for e in sorted(events, key=lambda e: e.start)]
    return Panel(Group(*lines), title=f"Events ({len(events)})")


def _quotes_table(analysis: Analysis) -> Table:
    table = Table(title=f"Quotes ({len(analysis.quotes)})", expand=True)
    table.add_column("Speaker", style="bold", max_width=30)
    table.add_column("Cue", style="cyan", no_wrap=True)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Content")
    for q in sorted(analysis.quotes, key=lambda q: q.start):
        content = q.content if len(q.content) < 300 else q.content[:297] + "…"
        kind = q.kind + (" (hedged)" if q.hedged else "")
        table.add_row(argument_label(q.speaker), q.cue or "", kind, content)
    return table


def _dates_places(analysis: Analysis) -> Table:
    table = Table(title="Dates and places", expand=True)
    table.add_column("Mention")
    table.add_column("Resolved")
    for d in sorted(analysis.dates, key=lambda d: d.start):
        value = d.value or "?"
        if d.value_end and d.value_end != d.value:
            value += f" → {d.value_end}"
        table.add_row(d.text, f"{value} ({d.precision})")
    seen: set[str] = set()
    for p in sorted(analysis.places, key=lambda p: p.start):
        key = p.name or p.text
        if key in seen:
            continue
        seen.add(key)
        where = f"{p.name or p.text}, {p.country or '?'}"
        if p.lat is not None and p.lon is not None:
            where += f" ({p.lat:.2f}, {p.lon:.2f})"
        table.add_row(p.text, where)
    return table


def render_briefing(analysis: Analysis) -> RenderableType:
    """A rich renderable summarising one analysed document."""
    doc = analysis.doc
    head = Text(doc.title or doc.origin or doc.id or "document", style="bold underline")
    meta = " · ".join(x for x in (doc.published and f"published {doc.published}",
                                  doc.source, doc.url, f"id {doc.id}") if x)
    parts: list[RenderableType] = [head, Text(meta, style="dim")]
    if analysis.actors:
        parts.append(_actors_table(analysis.actors))
    parts.append(_events_panel(analysis.events))
    if analysis.quotes:
        parts.append(_quotes_table(analysis))
    if analysis.dates or analysis.places:
        parts.append(_dates_places(analysis))
    return Group(*parts)
