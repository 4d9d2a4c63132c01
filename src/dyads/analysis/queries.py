"""Aggregates over stored events: dyad counts, time series, networks, partners.

Read-only SQL over the tables of :mod:`dyads.store`; every value reaches DuckDB as a bound
parameter, and the few identifiers that vary (the actor level, the time interval) come from
fixed whitelists. The CLI and the web workspace call these same functions.

An *actor key* names an actor at one of three levels:

- ``code``    (default) the PLOVER actor code, e.g. ``RUSGOV``; falls back to the name, then
  the mention text, for actors without a code;
- ``country`` the country code, e.g. ``RUS``;
- ``name``    the resolved name, e.g. ``Vladimir Putin``, else the mention text.

Cooperation is quad classes 1-2 (verbal, material), conflict 3-4.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import duckdb

from dyads.store.queries import actor_match

Level = Literal["code", "country", "name"]
Interval = Literal["day", "week", "month", "year"]

LEVELS: dict[str, str] = {
    "code": "COALESCE(NULLIF({a}.code, ''), NULLIF({a}.name, ''), {a}.text)",
    "country": "COALESCE(NULLIF({a}.country, ''), NULLIF({a}.code, ''), NULLIF({a}.name, ''), "
               "{a}.text)",
    "name": "COALESCE(NULLIF({a}.name, ''), {a}.text)",
}
INTERVALS = ("day", "week", "month", "year")
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation",
              3: "verbal conflict", 4: "material conflict"}

#: The day an event is counted on in time series: its own date (month precision counts as
#: the 1st), else the publication date of its article. A year-only date is too coarse for
#: a monthly series, so those fall back to the publication date too.
_EVENT_DAY = ("COALESCE(TRY_CAST(CASE WHEN length(e.date) = 7 THEN e.date || '-01' "
              "ELSE e.date END AS DATE), TRY_CAST(d.published AS DATE))")
#: The date filters compare like ``Store.query_events`` does, so the same since/until
#: select the same events on every page.
_WHEN = "coalesce(e.date, d.published)"
#: Events are keyed by (doc_id, idx); this is one value to count distinct events by.
_EVENT_KEY = "(e.doc_id || ':' || e.idx)"


def connection(store_or_con: Any) -> duckdb.DuckDBPyConnection:
    """The DuckDB connection of a :class:`~dyads.store.Store` (or a connection itself)."""
    if isinstance(store_or_con, duckdb.DuckDBPyConnection):
        return store_or_con
    for attr in ("con", "conn", "connection"):
        con = getattr(store_or_con, attr, None)
        if isinstance(con, duckdb.DuckDBPyConnection):
            return con
    raise TypeError(f"no DuckDB connection on {type(store_or_con).__name__}")


def _key(level: str, alias: str) -> str:
    if level not in LEVELS:
        raise ValueError(f"unknown actor level {level!r}; use one of {', '.join(LEVELS)}")
    return LEVELS[level].format(a=alias)




def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = con.execute(sql, params)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _join(alias: str, role: str, outer: bool = False) -> str:
    kind = "LEFT JOIN" if outer else "JOIN"
    return (f"{kind} event_actors {alias} ON {alias}.doc_id = e.doc_id "
            f"AND {alias}.event_idx = e.idx AND {alias}.role = '{role}'")


def _filters(actor: str | None, recipient: str | None, since: date | str | None,
             until: date | str | None, either: bool = False) -> tuple[list[str], list[Any]]:
    """WHERE clauses over events ``e``, documents ``d``, actor ``a`` and recipient ``r``."""
    where: list[str] = []
    params: list[Any] = []
    if either and actor and recipient:  # the pair, whoever acts on whom
        sql_ax, p_ax = actor_match("a", actor)
        sql_ry, p_ry = actor_match("r", recipient)
        sql_ay, p_ay = actor_match("a", recipient)
        sql_rx, p_rx = actor_match("r", actor)
        where.append(f"(({sql_ax} AND {sql_ry}) OR ({sql_ay} AND {sql_rx}))")
        params += p_ax + p_ry + p_ay + p_rx
    elif either and actor:
        sql_a, p_a = actor_match("a", actor)
        sql_r, p_r = actor_match("r", actor)
        where.append(f"({sql_a} OR {sql_r})")
        params += p_a + p_r
    else:
        for alias, query in (("a", actor), ("r", recipient)):
            if query:
                sql, p = actor_match(alias, query)
                where.append(sql)
                params += p
    if since:
        where.append(f"{_WHEN} >= ?")
        params.append(str(since))
    if until:
        # the same number of characters, so until=2021-09 includes 2021-09-30
        where.append(f"left({_WHEN}, length(?)) <= ?")
        params += [str(until), str(until)]
    return where, params


def _pairs_sql(level: str, where: list[str], outer: bool = False) -> str:
    """Events with their day and actor/recipient keys, one row per actor x recipient member."""
    cond = (" AND " + " AND ".join(where)) if where else ""
    return f"""
        SELECT {_EVENT_KEY} AS event_key, e.event_type, e.quad, e.score,
               {_key(level, 'a')} AS actor, {_key(level, 'r')} AS recipient,
               {_EVENT_DAY} AS day
        FROM events e
        JOIN documents d ON d.id = e.doc_id
        {_join('a', 'actor', outer)}
        {_join('r', 'recipient', outer)}
        WHERE TRUE{cond}
    """


def dyad_counts(store: Any, actor: str | None = None, recipient: str | None = None,
                since: date | str | None = None, until: date | str | None = None,
                level: Level = "code", limit: int = 100,
                offset: int = 0) -> list[dict[str, Any]]:
    """Event counts per (actor, recipient, event type), most frequent first.

    ``actor`` and ``recipient`` match as in ``Store.query_events`` (a code prefix such as
    ``RUS``, or part of a name). Returns dicts with ``actor``, ``recipient``,
    ``event_type``, ``quad``, ``count`` and ``mean_score`` (None when no event had one).
    """
    where, params = _filters(actor, recipient, since, until)
    sql = f"""
        SELECT actor, recipient, event_type, min(quad) AS quad,
               count(DISTINCT event_key) AS count, avg(score) AS mean_score
        FROM ({_pairs_sql(level, where)}) p
        WHERE actor IS NOT NULL AND recipient IS NOT NULL
        GROUP BY actor, recipient, event_type
        ORDER BY count DESC, actor, recipient, event_type
        LIMIT ? OFFSET ?
    """
    return _rows(connection(store), sql, params + [limit, offset])


def timeline(store: Any, interval: Interval = "month", actor: str | None = None,
             recipient: str | None = None, since: date | str | None = None,
             until: date | str | None = None, either: bool = False) -> list[dict[str, Any]]:
    """Event counts per period and quad class, oldest period first.

    With ``either=True`` the ``actor`` may be on either side (an actor's own timeline),
    and with a ``recipient`` too, either may act on the other (an undirected dyad);
    otherwise ``actor`` acts on ``recipient`` (a directed dyad). Events with neither a
    usable date of their own nor a publication date are left out. Returns dicts with
    ``period`` (ISO date of the period's first day), ``quad`` and ``count``.
    """
    if interval not in INTERVALS:
        raise ValueError(f"unknown interval {interval!r}; use one of {', '.join(INTERVALS)}")
    where, params = _filters(actor, recipient, since, until, either=either)
    # Outer joins: events without a recipient still count when nobody filters on one.
    sql = f"""
        SELECT CAST(date_trunc('{interval}', day) AS DATE) AS period, quad,
               count(DISTINCT event_key) AS count
        FROM ({_pairs_sql("code", where, outer=True)}) p
        WHERE day IS NOT NULL AND quad IS NOT NULL
        GROUP BY period, quad
        ORDER BY period, quad
    """
    rows = _rows(connection(store), sql, params)
    for r in rows:
        r["period"] = r["period"].isoformat()
    return rows


def network(store: Any, since: date | str | None = None, until: date | str | None = None,
            level: Level = "code", min_count: int = 1, limit: int = 300) -> dict[str, Any]:
    """The directed actor network: nodes and signed, weighted edges.

    Each edge has ``source``, ``target``, ``count`` (events), ``cooperation`` and
    ``conflict`` counts, ``weight`` (cooperation minus conflict: positive is friendly,
    negative hostile) and ``mean_score``. ``limit`` keeps the heaviest edges; nodes are the
    actors those edges touch, each with ``events``: its event count over the kept edges.
    """
    where, params = _filters(None, None, since, until)
    sql = f"""
        SELECT actor AS source, recipient AS target, count(DISTINCT event_key) AS count,
               count(DISTINCT event_key) FILTER (WHERE quad IN (1, 2)) AS cooperation,
               count(DISTINCT event_key) FILTER (WHERE quad IN (3, 4)) AS conflict,
               avg(score) AS mean_score
        FROM ({_pairs_sql(level, where)}) p
        WHERE actor IS NOT NULL AND recipient IS NOT NULL AND actor <> recipient
        GROUP BY actor, recipient
        HAVING count(DISTINCT event_key) >= ?
        ORDER BY count DESC, source, target
        LIMIT ?
    """
    edges = _rows(connection(store), sql, params + [min_count, limit])
    degree: dict[str, int] = {}
    for e in edges:
        e["weight"] = e["cooperation"] - e["conflict"]
        for end in (e["source"], e["target"]):
            degree[end] = degree.get(end, 0) + e["count"]
    nodes = [{"id": k, "label": k, "events": n}
             for k, n in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {"nodes": nodes, "edges": edges}


def actor_partners(store: Any, actor: str, since: date | str | None = None,
                   until: date | str | None = None, level: Level = "code",
                   limit: int = 20) -> dict[str, list[dict[str, Any]]]:
    """Whom ``actor`` cooperates with and whom it is in conflict with, both directions.

    Returns ``{"partners": [...], "adversaries": [...]}``; each row has ``other``,
    ``cooperation``, ``conflict``, ``count`` and ``net`` (cooperation minus conflict).
    Partners have a positive net, adversaries a negative one, strongest first; events of
    the actor with itself (its own members on both sides) are left out.
    """
    con = connection(store)
    by_other: dict[str, dict[str, Any]] = {}
    for mine, other in (("a", "r"), ("r", "a")):
        sql_mine, p_mine = actor_match(mine, actor)
        sql_other, p_other = actor_match(other, actor)
        where, params = _filters(None, None, since, until)
        sql = f"""
            SELECT {_key(level, other)} AS other,
                   count(DISTINCT {_EVENT_KEY}) FILTER (WHERE e.quad IN (1, 2)) AS cooperation,
                   count(DISTINCT {_EVENT_KEY}) FILTER (WHERE e.quad IN (3, 4)) AS conflict,
                   count(DISTINCT {_EVENT_KEY}) AS count
            FROM events e
            JOIN documents d ON d.id = e.doc_id
            {_join('a', 'actor')}
            {_join('r', 'recipient')}
            WHERE {sql_mine} AND NOT {sql_other}{''.join(' AND ' + w for w in where)}
            GROUP BY other
        """
        for row in _rows(con, sql, p_mine + p_other + params):
            if row["other"] is None:
                continue
            acc = by_other.setdefault(row["other"], {"other": row["other"], "cooperation": 0,
                                                     "conflict": 0, "count": 0})
            for k in ("cooperation", "conflict", "count"):
                acc[k] += row[k]
    for r in by_other.values():
        r["net"] = r["cooperation"] - r["conflict"]
    partners = sorted((r for r in by_other.values() if r["net"] > 0),
                      key=lambda r: (-r["net"], -r["count"], r["other"]))[:limit]
    adversaries = sorted((r for r in by_other.values() if r["net"] < 0),
                         key=lambda r: (r["net"], -r["count"], r["other"]))[:limit]
    return {"partners": partners, "adversaries": adversaries}


def actor_keys(store: Any, q: str | None = None, level: Level = "code",
               limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Actors taking part in events, most active first, optionally matching ``q``.

    ``q`` matches as in ``Store.query_events``. Returns dicts with ``key``, ``name`` (its
    most frequent resolved name), ``country``, ``sector``, ``as_actor`` and
    ``as_recipient`` (event counts in each role).
    """
    params: list[Any] = []
    cond = ""
    if q:
        sql, params = actor_match("x", q)
        cond = f"WHERE {sql}"
    sql = f"""
        SELECT {_key(level, 'x')} AS key, mode(x.name) AS name, mode(x.country) AS country,
               mode(x.sector) AS sector,
               count(DISTINCT x.doc_id || ':' || x.event_idx) FILTER (WHERE x.role = 'actor')
                   AS as_actor,
               count(DISTINCT x.doc_id || ':' || x.event_idx) FILTER (WHERE x.role = 'recipient')
                   AS as_recipient
        FROM event_actors x
        {cond}
        GROUP BY key
        HAVING key IS NOT NULL
        ORDER BY as_actor + as_recipient DESC, key
        LIMIT ? OFFSET ?
    """
    return _rows(connection(store), sql, params + [limit, offset])
