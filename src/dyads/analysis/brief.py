"""Briefings on one actor: key events, partners and adversaries, threats, quotes, timeline.

``build_brief`` reads the store (read-only) into a :class:`Brief`; ``render_markdown`` and
``render_html`` (in :mod:`dyads.analysis.brief_render`) turn it into a page, and
``write_brief`` does both and writes the file (plus the chart, as SVG, next to a Markdown
brief). Events are counted deduplicated: every report of one real-world event merged into
one (:func:`dyads.analysis.dedup.event_clusters`); partners, adversaries and notable
changes come from :mod:`dyads.analysis.aggregate`. Negated events are never counted.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from dyads.analysis.aggregate import changes as dyad_changes
from dyads.analysis.aggregate import partners as dyad_partners
from dyads.analysis.brief_model import (
    PARTNER_MARGIN,
    PARTNER_MIN_EVENTS,
    ActorLabel,
    Brief,
    BriefQuote,
    Change,
    Counterpart,
    KeyEvent,
    Signal,
    TimelineRow,
    Totals,
)
from dyads.analysis.brief_sources import (
    actor_quotes,
    is_country,
    key_matches,
    known_actor,
    label,
    resolve_key,
)
from dyads.analysis.dedup import DedupRules, event_clusters, load_rules
from dyads.analysis.queries import LEVELS, Interval, Level, connection
from dyads.errors import UnknownActorError
from dyads.kb.plover import QUAD_NAMES
from dyads.store.queries import check_date

__all__ = ["Brief", "UnknownActorError", "build_brief", "render_html", "render_markdown",
           "write_brief"]

_QUAD_FIELDS = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict",
                4: "material_conflict"}
FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


def _when(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _text(value: Any) -> str | None:
    """A text cell of a frame row; missing (None, NaN, "") is None."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    return str(value)


def _num(value: Any) -> float | None:
    if value is None:
        return None
    f = float(value)
    return None if math.isnan(f) else f


def _clusters(con: duckdb.DuckDBPyConnection, key: str, rules: DedupRules,
              since: str | None, until: str | None) -> list[dict[str, Any]]:
    """Deduplicated events with the actor on either side, each once."""
    rows: dict[str, dict[str, Any]] = {}
    for role in ("actor", "recipient"):
        frame = event_clusters(con, rules, since=since, until=until, **{role: key})
        for r in frame.to_dict("records"):
            rows.setdefault(str(r["cluster_id"]), r)
    return list(rows.values())


def _documents(con: duckdb.DuckDBPyConnection, ids: set[str]) -> dict[str, tuple]:
    if not ids:
        return {}
    rows = con.execute("SELECT id, title, source, url FROM documents "
                       "WHERE list_contains(?, id)", [sorted(ids)]).fetchall()
    return {r[0]: r[1:] for r in rows}


def _sentences(con: duckdb.DuckDBPyConnection, clusters: list[dict[str, Any]]
               ) -> dict[tuple, str]:
    """The sentence of each cluster's first report, by (doc_id, event type, evidence)."""
    ids = sorted({r["first_doc_id"] for r in clusters if r.get("first_doc_id")})
    if not ids:
        return {}
    rows = con.execute("SELECT doc_id, event_type, evidence, sentence FROM events "
                       "WHERE list_contains(?, doc_id) ORDER BY doc_id, idx", [ids]).fetchall()
    out: dict[tuple, str] = {}
    for doc_id, event_type, evidence, sentence in rows:
        out.setdefault((doc_id, event_type, evidence), sentence)
    return out


def _key_event(r: dict[str, Any], level: str, docs: dict[str, tuple],
               sentences: dict[tuple, str]) -> KeyEvent:
    title, source, url = docs.get(str(r.get("first_doc_id")), (None, None, None))
    quad = r.get("quad")
    return KeyEvent(
        date=_when(r.get("date")), date_end=_when(r.get("date_end")),
        event_type=str(r["event_type"]), mode=_text(r.get("mode")),
        quad=None if quad is None or _num(quad) is None else int(quad),
        score=_num(r.get("score")), actor=label(_text(r.get("actor")), level),
        recipient=label(_text(r.get("recipient")), level),
        evidence=_text(r.get("evidence")) or "",
        n_reports=int(r.get("n_reports") or 0), n_articles=int(r.get("n_articles") or 0),
        n_sources=int(r.get("n_sources") or 0), first_report=_when(r.get("first_report")),
        first_doc_id=_text(r.get("first_doc_id")), first_title=title, first_source=source,
        first_url=url,
        sentence=sentences.get((r.get("first_doc_id"), r["event_type"], r.get("evidence"))))


def _rank(e: KeyEvent) -> tuple:
    """Most reported first, then the strongest (|PLOVER score|), then the earliest."""
    return (-e.n_articles, -e.n_reports, -abs(e.score or 0.0), e.date or "9999",
            e.event_type)


def _totals(events: list[KeyEvent], clusters: list[dict[str, Any]]) -> Totals:
    quads = Counter(e.quad for e in events)
    docs = {d for r in clusters for d in (r.get("doc_ids") or [])}
    return Totals(events=len(events), articles=len(docs),
                  **{name: quads.get(q, 0) for q, name in _QUAD_FIELDS.items()})


def _period_start(day: str, interval: str) -> date | None:
    try:
        d = date.fromisoformat(day[:10] if len(day) >= 10 else f"{day[:7]}-01")
    except ValueError:
        return None
    if interval == "year":
        return d.replace(month=1, day=1)
    return d.replace(day=1)


def _timeline(events: list[KeyEvent], interval: str) -> list[TimelineRow]:
    """Events per month (or year) by quad class, every period from first to last shown."""
    counts: dict[date, Counter] = {}
    for e in events:
        start = _period_start(e.date, interval) if e.date else None
        if start is not None and e.quad in _QUAD_FIELDS:
            counts.setdefault(start, Counter())[_QUAD_FIELDS[e.quad]] += 1
    if not counts:
        return []
    rows, cur, last = [], min(counts), max(counts)
    while cur <= last:  # empty months are news too: keep them on the axis
        rows.append(TimelineRow(cur, **counts.get(cur, Counter())))
        step = 12 if interval == "year" else 1
        month = cur.month - 1 + step
        cur = date(cur.year + month // 12, month % 12 + 1, 1)
    return rows


def _counterparts(con: duckdb.DuckDBPyConnection, key: str, level: Level, since: str | None,
                  until: str | None, n: int) -> list[Counterpart]:
    frame = dyad_partners(con, key, level=level, since=since, until=until, n=n,
                          min_events=PARTNER_MIN_EVENTS, margin=PARTNER_MARGIN)
    return [Counterpart(actor=label(str(r["partner"]), level) or ActorLabel("?", "?"),
                        events=int(r["events"]), cooperation=int(r["cooperation"]),
                        conflict=int(r["conflict"]), score_sum=_num(r.get("score_sum")),
                        cc_index=_num(r.get("cc_index")), relation=str(r["relation"]))
            for r in frame.to_dict("records")]


def _changes(con: duckdb.DuckDBPyConnection, key: str, level: Level, since: str | None,
             until: str | None, interval: Interval, window: int) -> list[Change]:
    frame = dyad_changes(con, interval, level=level, actor=key, since=since, until=until,
                         window=window)
    out = []
    for r in frame.to_dict("records"):
        a, b = str(r["actor"]), str(r["recipient"])
        if not (key_matches(key, level, a) or key_matches(key, level, b)):
            continue
        period = r["period"]
        out.append(Change(actor=label(a, level) or ActorLabel(a, a),
                          recipient=label(b, level) or ActorLabel(b, b),
                          period=period if isinstance(period, date)
                          else date.fromisoformat(str(period)[:10]),
                          before_index=_num(r.get("before_index")),
                          after_index=_num(r.get("after_index")), delta=_num(r.get("delta")),
                          events_before=int(r.get("events_before") or 0),
                          events_after=int(r.get("events_after") or 0), kind=str(r["kind"])))
    out.sort(key=lambda c: (c.period, c.actor.key, c.recipient.key), reverse=True)
    return out


def _signals(key: str, level: str, events: list[KeyEvent], changes: list[Change],
             n: int) -> tuple[list[Signal], list[Signal]]:
    """Threats and opportunities, as documented on :class:`Signal`."""
    def other(e: KeyEvent) -> ActorLabel | None:
        for side in (e.actor, e.recipient):
            if side is not None and not key_matches(key, level, side.key):
                return side
        return None

    threats: list[tuple[KeyEvent, str]] = []
    offers: list[tuple[KeyEvent, str]] = []
    for e in events:
        who = other(e)
        if who is None or e.score is None or e.quad is None:
            continue
        if e.quad in (3, 4) and e.score < 0 and e.recipient is not None \
                and key_matches(key, level, e.recipient.key) and e.actor is not None:
            threats.append((e, f"{QUAD_NAMES[e.quad]} by {who}"))
        elif e.quad in (1, 2) and e.score > 0:
            offers.append((e, f"{QUAD_NAMES[e.quad]} with {who}"))
    threats.sort(key=lambda t: (t[0].score or 0.0, -t[0].n_articles, t[0].date or ""))
    offers.sort(key=lambda t: (-(t[0].score or 0.0), -t[0].n_articles, t[0].date or ""))
    hostile = [Signal("threat", "relations turned hostile", change=c)
               for c in changes if c.kind == "turned hostile"]
    improved = [Signal("opportunity", "relations improved", change=c)
                for c in changes if c.kind == "improved"]
    return ((hostile + [Signal("threat", why, event=e) for e, why in threats])[:n],
            (improved + [Signal("opportunity", why, event=e) for e, why in offers])[:n])


def _rules(level: Level) -> DedupRules:
    rules = load_rules()
    return rules if rules.level == level else dataclasses.replace(rules, level=level)


def _unknown(con: duckdb.DuckDBPyConnection, key: str, level: Level) -> UnknownActorError:
    from dyads.analysis.queries import actor_keys

    known = [r["key"] for r in actor_keys(con, level=level, limit=12)]
    hint = f"; the most active actors are {', '.join(known)}" if known else \
        "; the store holds no events yet"
    return UnknownActorError(
        f"no actor {key!r} in the store at level {level!r}: no stored event or quote names "
        f"it and it is no ISO 3166-1 alpha-3 country code{hint}")


def build_brief(store_or_con: Any, actor: str, *, level: Level = "country",
                since: str | date | None = None, until: str | date | None = None,
                n_events: int = 10, n_partners: int = 10, n_quotes: int = 8,
                n_signals: int = 5, interval: Interval = "month",
                change_window: int = 3) -> Brief:
    """Gather a briefing on ``actor`` from a dyads store (read-only).

    Args:
        store_or_con: a :class:`~dyads.store.Store` or its DuckDB connection.
        actor: the actor key at ``level`` (``RUS``; at level ``country`` a country name
            such as ``Russia`` is accepted too and becomes its code).
        level: ``country`` (default), ``code`` or ``name``; see :mod:`dyads.analysis.queries`.
        since, until: the period, ``YYYY[-MM[-DD]]``; ``until=2024-03`` includes March.
        n_events: how many key events (most reported first).
        n_partners: how many partners, and as many mixed and adversaries, to list at most.
        n_quotes: how many quotes by or about the actor.
        n_signals: how many threats and how many opportunities.
        interval: ``month`` or ``year``, the timeline's and the changes' period.
        change_window: periods on each side of a notable change (see
            :func:`dyads.analysis.changes.changes`). Three months against the three before
            by default: news covers a pair of countries too sparsely for one month alone to
            hold the two events a window needs.

    Returns:
        A :class:`Brief`; ``brief.empty`` when no event involves the actor in the period.

    Raises:
        UnknownActorError: the key names no stored actor and no known country.
        ValueError: an unknown level or interval.
        StoreError: ``since``/``until`` are not dates.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown actor level {level!r}; use one of {', '.join(LEVELS)}")
    if interval not in ("month", "year"):
        raise ValueError(f"unknown interval {interval!r}; use month or year")
    since_s, until_s = _when(since), _when(until)
    check_date("since", since_s)
    check_date("until", until_s)
    con = connection(store_or_con)
    key = resolve_key(actor, level)
    country_like = is_country(key) or (level == "code" and is_country(key[:3]))
    if not key or not (known_actor(con, key) or country_like):
        raise _unknown(con, key or actor, level)
    clusters = _clusters(con, key, _rules(level), since_s, until_s)
    docs = _documents(con, {r["first_doc_id"] for r in clusters if r.get("first_doc_id")})
    sentences = _sentences(con, clusters)
    events = sorted((_key_event(r, level, docs, sentences) for r in clusters), key=_rank)
    counterparts = _counterparts(con, key, level, since_s, until_s, n_partners)
    changes = _changes(con, key, level, since_s, until_s, interval, change_window)
    threats, opportunities = _signals(key, level, events, changes, n_signals)
    dates = sorted(d for e in events for d in (e.date, e.date_end) if d)
    quotes: list[BriefQuote] = actor_quotes(con, key, level, since=since_s, until=until_s,
                                            n=n_quotes)
    return Brief(
        actor=label(key, level) or ActorLabel(key, key), level=level, since=since_s,
        until=until_s, first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None, totals=_totals(events, clusters),
        key_events=events[:n_events],
        partners=[c for c in counterparts if c.relation == "partner"],
        adversaries=[c for c in counterparts if c.relation == "adversary"],
        mixed=[c for c in counterparts if c.relation not in ("partner", "adversary")],
        changes=changes, threats=threats, opportunities=opportunities, quotes=quotes,
        timeline=_timeline(events, interval), interval=interval)


def write_brief(store_or_con: Any, actor: str, path: str | Path, *, format: str | None = None,
                **kw: Any) -> Path:
    """Build a brief on ``actor`` and write it as Markdown or HTML; returns the path.

    ``format`` is ``markdown`` or ``html``, by default from the suffix (``.md``,
    ``.markdown``, ``.html``, ``.htm``). A Markdown brief gets its timeline chart as an SVG
    file next to it (``<name>.svg``), linked from the page; an HTML brief is one
    self-contained file with the chart inline. Other keywords go to :func:`build_brief`.

    Raises:
        ValueError: the format is neither given nor known from the suffix.
        UnknownActorError, StoreError: as :func:`build_brief`.
    """
    from dyads.analysis.brief_render import render_html, render_markdown, timeline_svg

    path = Path(path)
    fmt = format or FORMATS.get(path.suffix.lower())
    if fmt not in ("markdown", "html"):
        raise ValueError(f"cannot tell the brief format of {path}: name it .md or .html, "
                         "or pass format='markdown' or 'html'")
    brief = build_brief(store_or_con, actor, **kw)
    if fmt == "html":
        path.write_text(render_html(brief), encoding="utf-8")
        return path
    chart = None
    svg = timeline_svg(brief)
    if svg is not None:
        chart = path.with_suffix(".svg")
        chart.write_text(svg, encoding="utf-8")
    path.write_text(render_markdown(brief, chart=chart), encoding="utf-8")
    return path


def render_markdown(brief: Brief, chart: Path | None = None) -> str:
    """The brief as Markdown; ``chart`` is the SVG file to link (relative to the page)."""
    from dyads.analysis import brief_render

    return brief_render.render_markdown(brief, chart)


def render_html(brief: Brief) -> str:
    """The brief as one self-contained HTML page (inline CSS and SVG chart)."""
    from dyads.analysis import brief_render

    return brief_render.render_html(brief)
