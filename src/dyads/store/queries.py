"""Filtered reads over a dyads database: events, quotes and actors.

Every value a caller passes reaches DuckDB as a bound parameter, never as SQL text.
"""

from __future__ import annotations

import re
from typing import Any

import duckdb

from dyads.errors import StoreError
from dyads.store.rows import EVENT_COLUMNS, QUOTE_COLUMNS, event_from_row, quote_from_row

#: A query that looks like an actor code (``RUS``, ``RUSGOV``, ``US``, ``NATO``).
_CODE_LIKE = re.compile(r"^[A-Z][A-Z0-9]+$")
_ISO_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def actor_match(alias: str, query: str) -> tuple[str, list[Any]]:
    """SQL (and its parameters) matching one actor row of table ``alias`` to a query.

    A code-like query (capitals and digits: ``RUS``, ``RUSGOV``, ``US``) matches actors
    whose code starts with it or whose country is it, or whose name or text has it as a
    whole, case-sensitive word; so ``RUS`` finds RUSGOV and RUSMIL, and ``NATO`` finds
    an actor named NATO, but ``RUS`` does not find "Belarus". Any other query matches
    a case-insensitive substring of the actor's name or text (``taliban``, ``Lavrov``).
    """
    a = alias
    if _CODE_LIKE.match(query):
        word = rf"\b{query}\b"  # safe in a regex: the query is only capitals and digits
        return (f"(starts_with({a}.code, ?) OR {a}.country = ? "
                f"OR regexp_matches({a}.name, ?) OR regexp_matches({a}.text, ?))",
                [query, query, word, word])
    return (f"(contains(lower({a}.name), lower(?)) OR contains(lower({a}.text), lower(?)))",
            [query, query])


def check_date(name: str, value: str | None) -> None:
    if value is not None and not _ISO_PREFIX.match(value):
        raise StoreError(f"{name} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")


def check_page(limit: int | None, offset: int) -> None:
    if limit is not None and limit < 0:
        raise StoreError(f"limit must be zero or more, got {limit}")
    if offset < 0:
        raise StoreError(f"offset must be zero or more, got {offset}")


def _page(limit: int | None, offset: int) -> tuple[str, list[Any]]:
    check_page(limit, offset)
    if limit is None:
        return " OFFSET ?", [offset]
    return " LIMIT ? OFFSET ?", [limit, offset]


def _cols(alias: str, columns: tuple[str, ...]) -> str:
    return ", ".join(f"{alias}.{c}" for c in columns)


def query_events(con: duckdb.DuckDBPyConnection, *, actor: str | None = None,
                 recipient: str | None = None, event_type: str | None = None,
                 since: str | None = None, until: str | None = None, quad: int | None = None,
                 text: str | None = None, limit: int | None = None,
                 offset: int = 0) -> list[dict[str, Any]]:
    """Events matching every given filter, oldest first; see ``Store.query_events``."""
    check_date("since", since)
    check_date("until", until)
    where: list[str] = []
    params: list[Any] = []
    for role, query in (("actor", actor), ("recipient", recipient)):
        if query:
            sql, p = actor_match("a", query)
            where.append("EXISTS (SELECT 1 FROM event_actors a WHERE a.doc_id = e.doc_id "
                         f"AND a.event_idx = e.idx AND a.role = ? AND {sql})")
            params += [role, *p]
    if event_type:
        where.append("upper(e.event_type) = upper(?)")
        params.append(event_type)
    if quad is not None:
        where.append("e.quad = ?")
        params.append(quad)
    if text:
        where.append("(contains(lower(e.sentence), lower(?)) "
                     "OR contains(lower(e.evidence), lower(?)))")
        params += [text, text]
    when = "coalesce(e.date, d.published)"
    if since:
        where.append(f"{when} >= ?")
        params.append(since)
    if until:
        # comparing the same number of characters makes until=2021-09 include 2021-09-30
        where.append(f"left({when}, length(?)) <= ?")
        params += [until, until]
    page_sql, page_params = _page(limit, offset)
    sql = (f"SELECT {_cols('e', EVENT_COLUMNS)}, d.title, d.published "
           "FROM events e JOIN documents d ON d.id = e.doc_id"
           + (" WHERE " + " AND ".join(where) if where else "")
           + f" ORDER BY {when} NULLS LAST, e.doc_id, e.idx" + page_sql)
    rows = con.execute(sql, params + page_params).fetchall()
    out = []
    for row in rows:
        n = len(EVENT_COLUMNS)
        d = event_from_row(row[:n]).to_dict()
        d.update(doc_id=row[0], doc_title=row[n], published=row[n + 1])
        out.append(d)
    return out


def query_quotes(con: duckdb.DuckDBPyConnection, *, speaker: str | None = None,
                 text: str | None = None, limit: int | None = None,
                 offset: int = 0) -> list[dict[str, Any]]:
    """Quotes by a matching speaker and/or containing a text, oldest document first."""
    where: list[str] = []
    params: list[Any] = []
    if speaker:
        sql, p = actor_match("s", speaker)
        where.append("EXISTS (SELECT 1 FROM quote_speakers s WHERE s.doc_id = q.doc_id "
                     f"AND s.quote_idx = q.idx AND {sql})")
        params += p
    if text:
        where.append("contains(lower(q.content), lower(?))")
        params.append(text)
    page_sql, page_params = _page(limit, offset)
    sql = (f"SELECT {_cols('q', QUOTE_COLUMNS)}, d.title, d.published "
           "FROM quotes q JOIN documents d ON d.id = q.doc_id"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY d.published NULLS LAST, q.doc_id, q.idx" + page_sql)
    out = []
    for row in con.execute(sql, params + page_params).fetchall():
        n = len(QUOTE_COLUMNS)
        d = quote_from_row(row[:n]).to_dict()
        d.update(doc_id=row[0], doc_title=row[n], published=row[n + 1])
        out.append(d)
    return out


def query_actors(con: duckdb.DuckDBPyConnection, *, country: str | None = None,
                 sector: str | None = None, name: str | None = None,
                 limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Resolved actors with their mention and document counts, most mentioned first.

    Mentions are grouped by (code, name, country, sector); ``country`` and ``sector``
    match exactly (case-insensitive), ``name`` as in :func:`actor_match`.
    """
    where: list[str] = []
    params: list[Any] = []
    if country:
        where.append("upper(m.country) = upper(?)")
        params.append(country)
    if sector:
        where.append("upper(m.sector) = upper(?)")
        params.append(sector)
    if name:
        sql, p = actor_match("m", name)
        where.append(sql)
        params += p
    page_sql, page_params = _page(limit, offset)
    sql = ("SELECT m.code, m.name, m.country, m.sector, count(*) AS mentions, "
           "count(DISTINCT m.doc_id) AS documents FROM actor_mentions m"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " GROUP BY m.code, m.name, m.country, m.sector"
           " ORDER BY mentions DESC, documents DESC, m.code NULLS LAST, m.name NULLS LAST"
           + page_sql)
    keys = ("code", "name", "country", "sector", "mentions", "documents")
    return [dict(zip(keys, row)) for row in con.execute(sql, params + page_params).fetchall()]
