"""Cross-article event deduplication: many reports of one real-world event become one event.

Outlets report the same event in different words on the same and following days; the coder
stores one event per report. Here stored events are grouped into clusters, one per real-world
event, with their provenance (how many reports, articles, outlets and independent articles,
which ones, first and last report). The rules (:class:`DedupRules`, file ``dedup.yaml``) say
when two events match: same type, same actor and recipient keys at ``level`` (either
direction for undirected types), compatible modes, dates in one window.

How clusters form, and why:

- DuckDB computes each event's actor and recipient keys in one query; events are then
  *blocked* by type and keys and swept once in date order per block, so no pair of events is
  ever compared outside its block and the work grows with the number of events, not pairs.
- A cluster is anchored at its earliest event and takes events dated up to ``window_days``
  after the anchor's last day. Chaining (day 1 ~ day 3 ~ day 5 ...) is deliberately *not*
  transitive: a single-link cluster would grow across weeks of daily clashes and merge
  distinct events, while an anchored window bounds every cluster to its window.
- Month-precision dates ("in March") compare by their month: such an event joins the largest
  day-dated cluster of its block anchored in that month, else clusters with other
  month-dated events of that month. Events without a usable date fall back to their
  article's publication date; with neither they stay alone.
- For undirected types the participants are compared as one set, whatever side each report
  puts them on (a compound actor "Japan and the Philippines" or Japan with the Philippines).
- Unknown participants: see ``missing`` and ``unresolved`` in the rules file (defaults: an
  event without an actor stays alone; events without a recipient match each other; an actor
  or recipient of unknown country matches on its fallback key, e.g. the text "protesters").
- Articles published more than ``report_days`` after the event recall it as background:
  they stay in the cluster but are listed apart from the reports.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date, timedelta
from typing import Any

import pandas as pd

from dyads.analysis.dedup_rules import DedupRules, load_rules, parse_rules
from dyads.analysis.memo import memo
from dyads.analysis.near_dup import near_duplicate_groups
from dyads.analysis.queries import LEVELS, _filters, _join, connection
from dyads.kb.plover import load_ontology

__all__ = ["DedupRules", "cluster_assignments", "event_clusters", "load_rules", "parse_rules"]

CLUSTER_COLUMNS = ["cluster_id", "event_type", "mode", "actor", "recipient", "date",
                   "date_end", "quad", "score", "n_reports", "n_articles", "n_sources",
                   "n_independent", "doc_ids", "background_doc_ids", "first_report",
                   "last_report", "first_doc_id", "evidence"]
#: An argument without a country (level country) or a code (level code) is "unresolved";
#: a name-level key always exists (the mention text stands in for a missing name).
_UNRESOLVED = {"country": "NULLIF(x.country, '') IS NULL", "code": "NULLIF(x.code, '') IS NULL",
               "name": "FALSE"}


def _rules(rules: DedupRules | None) -> DedupRules:
    return load_rules() if rules is None else rules


def _event_rows(con: Any, rules: DedupRules, since: Any, until: Any) -> pd.DataFrame:
    """Stored non-negated events with their argument keys at ``rules.level``."""
    key = LEVELS[rules.level].format(a="x")
    where, params = _filters(None, None, since, until)
    cond = "".join(f" AND {w}" for w in where)
    sql = f"""
        WITH args AS (
            SELECT x.doc_id, x.event_idx, x.role,
                   array_to_string(list_sort(list_distinct(list({key}))), '+') AS key,
                   bool_or({_UNRESOLVED[rules.level]}) AS unresolved
            FROM event_actors x GROUP BY x.doc_id, x.event_idx, x.role),
        everyone AS (
            SELECT x.doc_id, x.event_idx,
                   array_to_string(list_sort(list_distinct(list({key}))), '+') AS key
            FROM event_actors x GROUP BY x.doc_id, x.event_idx)
        SELECT e.doc_id, e.idx, e.event_type, e.mode, e.date, e.date_end, e.quad, e.score,
               e.evidence, d.published, d.source,
               a.key AS actor, coalesce(a.unresolved, FALSE) AS actor_unresolved,
               r.key AS recipient, coalesce(r.unresolved, FALSE) AS recipient_unresolved,
               p.key AS participants
        FROM events e JOIN documents d ON d.id = e.doc_id
        LEFT JOIN args a ON a.doc_id = e.doc_id AND a.event_idx = e.idx AND a.role = 'actor'
        LEFT JOIN args r ON r.doc_id = e.doc_id AND r.event_idx = e.idx
                          AND r.role = 'recipient'
        LEFT JOIN everyone p ON p.doc_id = e.doc_id AND p.event_idx = e.idx
        WHERE NOT coalesce(e.negated, FALSE){cond}
        ORDER BY e.doc_id, e.idx
    """
    return con.execute(sql, params).df()


def _day(value: Any) -> int | None:
    """Ordinal of an ISO day string (``YYYY-MM-DD``, a time after it ignored), else None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def _month_span(value: str) -> tuple[int, int] | None:
    try:
        first = date.fromisoformat(value + "-01")
    except ValueError:
        return None
    nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first.toordinal(), nxt.toordinal() - 1


def _when(row: Any, rules: DedupRules) -> tuple[int, int, str | None] | None:
    """(first day, last day, month) of an event for matching; month only for month dates."""
    lo = _day(row.date)
    if lo is not None:
        hi = _day(row.date_end)
        if hi is None or hi < lo or hi - lo > rules.max_event_days:
            hi = lo
        return lo, hi, None
    if isinstance(row.date, str) and len(row.date) == 7:
        span = _month_span(row.date)
        if span is not None:
            return span[0], span[1], row.date
    pub = _day(row.published)
    return (pub, pub, None) if pub is not None else None


def _alone(row: Any, rules: DedupRules) -> bool:
    """True when the rules keep this event in a cluster of its own."""
    if not isinstance(row.event_type, str):
        return True
    for role in ("actor", "recipient"):
        if getattr(row, role) is None or pd.isna(getattr(row, role)):
            if getattr(rules, f"missing_{role}") == "singleton":
                return True
        elif getattr(row, f"{role}_unresolved") and \
                getattr(rules, f"unresolved_{role}") == "singleton":
            return True
    return False


class _Cluster:
    __slots__ = ("anchor", "hi", "lo", "mode", "month", "size")

    def __init__(self, anchor: int, lo: int, hi: int, month: str | None,
                 mode: str | None) -> None:
        self.anchor, self.lo, self.hi, self.month, self.mode = anchor, lo, hi, month, mode
        self.size = 0


def _mode(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _fits(c: _Cluster, mode: str | None, rules: DedupRules) -> bool:
    return not rules.split_on_mode or mode is None or c.mode is None or c.mode == mode


def _join_cluster(c: _Cluster, mode: str | None, labels: list[int], i: int) -> None:
    labels[i] = c.anchor
    c.size += 1
    if c.mode is None:
        c.mode = mode


def _assign(recs: list[Any], whens: list[tuple[int, int, str | None] | None],
            rules: DedupRules) -> list[int]:
    """For each event, the index of its cluster's anchor (the sweep described above)."""
    labels = list(range(len(recs)))
    blocks: dict[tuple[Any, ...], list[tuple[bool, int, int, str, int]]] = {}
    for i, (row, when) in enumerate(zip(recs, whens, strict=True)):
        if when is None or _alone(row, rules):
            continue
        if rules.undirected(row.event_type):
            # who took part, whichever side the report puts them on: "Japan and the
            # Philippines signed" (a compound actor) is "Japan signed with the Philippines"
            a = row.participants if isinstance(row.participants, str) else ""
            r = ""
        else:
            a = row.actor if isinstance(row.actor, str) else ""
            r = row.recipient if isinstance(row.recipient, str) else ""
        block = (rules.canonical_type(row.event_type), a, r)
        # within a day: first published first, then by document and position (stable)
        order = f"{_day(row.published) or 0:08d}{row.doc_id}\x1f{row.idx:08d}"
        blocks.setdefault(block, []).append((when[2] is not None, when[0], when[1], order, i))
    w = rules.window_days
    for members in blocks.values():
        members.sort()
        open_: list[_Cluster] = []
        by_anchor_month: dict[str, list[_Cluster]] = {}
        month_clusters: dict[str, list[_Cluster]] = {}
        for by_month, lo, hi, _, i in members:
            mode = _mode(recs[i].mode)
            if not by_month:
                open_ = [c for c in open_ if lo <= c.hi + w]
                fit = [c for c in open_ if _fits(c, mode, rules)]
                # an exact mode match beats a cluster without a mode; then the oldest anchor
                fit.sort(key=lambda c: (c.mode != mode, c.lo))
                if fit:
                    _join_cluster(fit[0], mode, labels, i)
                    continue
                c = _Cluster(i, lo, hi, None, mode)
                _join_cluster(c, mode, labels, i)
                open_.append(c)
                by_anchor_month.setdefault(date.fromordinal(lo).isoformat()[:7], []).append(c)
                continue
            month = whens[i][2] or ""  # type: ignore[index]
            in_month = [c for c in by_anchor_month.get(month, []) if _fits(c, mode, rules)]
            in_month.sort(key=lambda c: (-c.size, c.lo))
            same = [c for c in month_clusters.get(month, []) if _fits(c, mode, rules)]
            chosen = in_month[0] if in_month else (same[0] if same else None)
            if chosen is None:
                chosen = _Cluster(i, lo, hi, month, None)
                month_clusters.setdefault(month, []).append(chosen)
            _join_cluster(chosen, mode, labels, i)
    return labels


def _cluster_id(doc_id: str, idx: int) -> str:
    return hashlib.sha256(f"{doc_id}\x1f{idx}".encode()).hexdigest()[:16]


def _clustered(store_or_con: Any, rules: DedupRules | None, since: Any, until: Any
               ) -> tuple[pd.DataFrame, list[Any], list[Any], list[int], DedupRules]:
    """Events (frame and records), their matching spans, anchor indices, and the rules.

    Cached per data version; callers must not modify what it returns.
    """
    con = connection(store_or_con)
    rules = _rules(rules)
    return memo(con, ("clustered", rules, str(since), str(until)),
                lambda: _cluster(con, rules, since, until))


def _cluster(con: Any, rules: DedupRules, since: Any, until: Any
             ) -> tuple[pd.DataFrame, list[Any], list[Any], list[int], DedupRules]:
    rows = _event_rows(con, rules, since, until)
    recs = list(rows.itertuples(index=False))
    whens = [_when(r, rules) for r in recs]
    labels = _assign(recs, whens, rules)
    ids = {a: _cluster_id(recs[a].doc_id, int(recs[a].idx)) for a in set(labels)}
    rows["cluster_id"] = [ids[a] for a in labels]
    return rows, recs, whens, labels, rules


def cluster_assignments(store_or_con: Any, rules: DedupRules | None = None, *,
                        since: Any = None, until: Any = None) -> pd.DataFrame:
    """The cluster (deduplicated event) of every stored non-negated event.

    Args:
        store_or_con: a :class:`~dyads.store.Store` or a DuckDB connection (read only).
        rules: matching rules (default: the packaged ``dedup.yaml``).
        since, until: only events on or after / on or before these dates (ISO, any prefix),
            filtered before clustering as in :mod:`dyads.analysis.queries`.

    Returns:
        One row per event: ``doc_id``, ``idx``, ``cluster_id`` (a hash of the cluster's
        anchor event, stable across runs on the same data).
    """
    rows = _clustered(store_or_con, rules, since, until)[0]
    out = rows[["doc_id", "idx", "cluster_id"]].copy()
    out["idx"] = out["idx"].astype("int64")
    return out.sort_values(["doc_id", "idx"], ignore_index=True)


def _matching_events(con: Any, actor: str | None, recipient: str | None,
                     either: bool) -> set[tuple[str, int]]:
    """(doc_id, idx) of events whose actor / recipient match the filters."""
    where, params = _filters(actor, recipient, None, None, either=either)
    sql = f"""
        SELECT DISTINCT e.doc_id, e.idx FROM events e
        {_join('a', 'actor', outer=True)} {_join('r', 'recipient', outer=True)}
        WHERE {' AND '.join(where)}
    """
    return {(d, int(i)) for d, i in con.execute(sql, params).fetchall()}


def _most_common(values: list[Any]) -> Any:
    """The most frequent non-empty value; ties go to the one seen first; None if none."""
    counts = Counter(v for v in values if isinstance(v, str) and v)
    if not counts:
        return None
    top = max(counts.values())
    return next(v for v in values if counts.get(v) == top)


def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _independent(con: Any, rows: pd.DataFrame, rules: DedupRules) -> dict[str, str]:
    """Each article in a near-duplicate group -> the group's original."""
    if not rules.near_duplicates:
        return {}
    multi = rows.groupby("cluster_id")["doc_id"].transform("nunique") > 1
    docs = set(rows.loc[multi, "doc_id"])
    if len(docs) < 2:
        return {}
    groups = memo(con, ("near_dup", rules.near_duplicate_threshold, frozenset(docs)),
                   lambda: near_duplicate_groups(con, rules.near_duplicate_threshold,
                                                 doc_ids=docs))
    return {d: g[0] for g in groups for d in g}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _summarise(members: list[Any], spans: list[Any], rules: DedupRules,
               original: dict[str, str]) -> dict[str, Any]:
    """One deduplicated event from its member records (anchor first) and their spans."""
    ont = load_ontology()
    anchor = members[0]
    days = [s for s in spans if s is not None]
    by_day = [s for s in days if s[2] is None]
    start: str | None
    end: str | None
    if by_day:
        last = max(s[1] for s in by_day)
        start, end = _iso(min(s[0] for s in by_day)), _iso(last)
    elif days:  # month-dated only: the month is all we know
        last, start, end = days[0][1], days[0][2], days[0][2]
    else:
        last, start, end = None, _text(anchor.date), _text(anchor.date_end)
    pubs = [_day(m.published) for m in members]
    report = [p is None or last is None or rules.report_days is None
              or p <= last + rules.report_days for p in pubs]
    if not any(report):  # only retrospective accounts: they are the provenance there is
        report = [True] * len(members)
    reports = sorted((m for m, r in zip(members, report, strict=True) if r),
                     key=lambda m: (_text(m.published) or "9999", m.doc_id, m.idx))
    doc_ids = list(dict.fromkeys(m.doc_id for m in reports))
    event_type = _most_common([m.event_type for m in members])
    mode = _most_common([m.mode for m in members])
    scores = [m.score for m in members if pd.notna(m.score)]
    published = [p for p in (_text(m.published) for m in reports) if p]
    known = event_type in ont.types
    return {
        "event_type": event_type,
        "mode": mode,
        "actor": _text(anchor.actor),
        "recipient": _text(anchor.recipient),
        "date": start,
        "date_end": end,
        "quad": ont.quad(event_type) if known else None,
        "score": (sum(scores) / len(scores) if scores else
                  ont.score(event_type, mode) if known else None),
        "n_reports": len(members),
        "n_articles": len(doc_ids),
        "n_sources": len({m.source for m in reports if isinstance(m.source, str)}),
        "n_independent": len({original.get(d, d) for d in doc_ids}),
        "doc_ids": doc_ids,
        "background_doc_ids": sorted({m.doc_id for m, r in zip(members, report, strict=True)
                                      if not r} - set(doc_ids)),
        "first_report": min(published) if published else None,
        "last_report": max(published) if published else None,
        "first_doc_id": doc_ids[0] if doc_ids else None,
        "evidence": _text(reports[0].evidence) if reports else None,
    }


_DTYPES = {"quad": "Int64", "score": "float64", "n_reports": "int64", "n_articles": "int64",
           "n_sources": "int64", "n_independent": "int64"}


def _frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    # Text and list columns stay object so a missing value is None, not NaN.
    return pd.DataFrame({c: pd.Series([r[c] for r in records], dtype=_DTYPES.get(c, object))
                         for c in CLUSTER_COLUMNS})


def event_clusters(store_or_con: Any, rules: DedupRules | None = None, *, since: Any = None,
                   until: Any = None, actor: str | None = None,
                   recipient: str | None = None) -> pd.DataFrame:
    """The deduplicated events: one row per cluster of stored events, with provenance.

    Args:
        store_or_con: a :class:`~dyads.store.Store` or a DuckDB connection (read only).
        rules: matching rules (default: the packaged ``dedup.yaml``).
        since, until: cluster only events on or after / on or before these dates.
        actor, recipient: keep clusters with at least one member event whose actor /
            recipient matches (as ``Store.query_events`` matches; for undirected types either
            side may match). Filtering happens after clustering, so clusters are the same.

    Returns:
        One row per deduplicated event, earliest first: ``cluster_id``, ``event_type``,
        ``mode`` (most frequent), ``actor`` and ``recipient`` (keys at ``rules.level``, in
        the anchor report's direction; compound arguments join member keys with ``+``),
        ``date`` (earliest) and ``date_end`` (latest; month-dated clusters give the month),
        ``quad`` and ``score`` (mean of the reports' scores), ``n_reports`` (stored events
        merged, background included), ``n_articles`` (distinct reporting articles),
        ``n_sources`` (distinct outlets among them), ``n_independent`` (reporting articles
        with near-duplicate copies counted once), ``doc_ids`` (reporting articles, first
        published first), ``background_doc_ids`` (later articles recalling the event),
        ``first_report`` / ``last_report`` (publication dates), ``first_doc_id`` and
        ``evidence`` (of the first report).
    """
    con = connection(store_or_con)
    rows, recs, whens, labels, rules = _clustered(con, rules, since, until)
    if rows.empty:
        return _frame([])
    original = _independent(con, rows, rules)
    keep: set[str] | None = None
    if actor or recipient:
        directed = _matching_events(con, actor, recipient, either=False)
        both = _matching_events(con, actor, recipient, either=True)
        keep = {cid for r, cid in zip(recs, rows["cluster_id"], strict=True)
                if (r.doc_id, int(r.idx)) in (both if rules.undirected(r.event_type)
                                              else directed)}
    clusters: dict[int, list[int]] = {}
    for i, anchor in enumerate(labels):
        clusters.setdefault(anchor, []).append(i)
    out = []
    for anchor, idxs in clusters.items():
        cid = _cluster_id(recs[anchor].doc_id, int(recs[anchor].idx))
        if keep is not None and cid not in keep:
            continue
        idxs.sort(key=lambda i: i != anchor)  # the anchor first
        out.append({"cluster_id": cid, **_summarise([recs[i] for i in idxs],
                                                    [whens[i] for i in idxs], rules, original)})
    frame = _frame(out)
    # month-dated events sort at the start of their month (as in dyads.analysis.queries)
    frame["_day"] = frame["date"].map(lambda d: d + "-01" if isinstance(d, str) and len(d) == 7
                                      else d)
    return frame.sort_values(["_day", "first_report", "cluster_id"], na_position="last",
                             ignore_index=True).drop(columns="_day")
