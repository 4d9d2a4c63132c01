"""Stored events, quotes, actors and documents as pandas DataFrames.

The frames are built on the filtered reads of :mod:`dyads.store.queries` (the same filters
as ``Store.query_events`` / ``query_quotes`` / ``query_actors``), so a frame holds exactly
the rows the CLI and the web pages list for the same filters. Each event argument is
flattened into readable columns:

- ``actor_text``, ``actor_name``, ``actor_country``, ``actor_sector``, ``actor_code``
  (the same five for ``recipient_`` and, in quotes, ``speaker_``), and ``actor_members``,
  the number of members of the argument (0: none, 2+: a compound such as "Kyrgyzstan and
  Tajikistan").
- A compound argument's values are joined with ``"; "`` (:data:`JOIN`) in member order,
  one slot per member, so ``actor_name`` ``"Kyrgyzstan; Tajikistan"`` lines up with
  ``actor_country`` ``"KGZ; TJK"``; a member without a value leaves its slot empty
  (``"KGZ; "``). A field no member has is missing (``None``/``NaN``).
- ``contexts`` and a quote's ``event_ids`` are joined the same way.

Negated events ("Russia did not send troops") are left out unless ``include_negated=True``,
as in every dyads count.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from dyads.analysis.queries import connection
from dyads.kb.plover import QUAD_NAMES
from dyads.store import queries
from dyads.store.queries import check_date, check_page

#: Separator of the members of a compound argument and of list values in flat columns.
JOIN = "; "
ROLE_FIELDS = ("text", "name", "country", "sector", "code")

EVENT_COLUMNS: dict[str, str] = {
    "doc_id": "str", "idx": "Int64", "event_id": "str", "event_type": "str", "mode": "str",
    "contexts": "str", "quad": "Int64", "quad_name": "str", "score": "Float64",
    "confidence": "Float64", "cameo": "str",
    **{f"actor_{f}": "str" for f in ROLE_FIELDS}, "actor_members": "Int64",
    **{f"recipient_{f}": "str" for f in ROLE_FIELDS}, "recipient_members": "Int64",
    "date": "str", "date_end": "str", "date_source": "str", "tense": "str",
    "negated": "boolean", "hypothetical": "boolean",
    "location_text": "str", "location_name": "str", "location_country": "str",
    "location_geonameid": "Int64", "location_lat": "Float64", "location_lon": "Float64",
    "sentence": "str", "evidence": "str", "start_char": "Int64", "end_char": "Int64",
    "doc_title": "str", "published": "str", "doc_source": "str", "doc_url": "str",
}
QUOTE_COLUMNS: dict[str, str] = {
    "doc_id": "str", "idx": "Int64",
    **{f"speaker_{f}": "str" for f in ROLE_FIELDS}, "speaker_members": "Int64",
    "cue": "str", "content": "str", "kind": "str", "hedged": "boolean", "event_ids": "str",
    "start_char": "Int64", "end_char": "Int64", "doc_title": "str", "published": "str",
}
ACTOR_COLUMNS: dict[str, str] = {
    "code": "str", "name": "str", "country": "str", "sector": "str", "mentions": "Int64",
    "documents": "Int64",
}
DOCUMENT_COLUMNS: dict[str, str] = {
    "id": "str", "title": "str", "published": "str", "source": "str", "url": "str",
    "origin": "str", "content_hash": "str", "n_chars": "Int64", "stored_at": "datetime64[us]",
    "events": "Int64", "quotes": "Int64", "actor_mentions": "Int64", "places": "Int64",
}


def _frame(rows: list[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    """A frame with exactly ``columns`` in order and their nullable dtypes, even when empty."""
    df = pd.DataFrame.from_records(rows, columns=list(columns))
    return df.astype(columns)


def flatten_argument(arg: Any, prefix: str) -> dict[str, Any]:
    """The flat columns (``<prefix>_name`` ...) of one JSON-contract argument.

    ``arg`` is None, one actor dict, or a list of them (a compound).
    """
    members = [] if arg is None else (arg if isinstance(arg, list) else [arg])
    out: dict[str, Any] = {f"{prefix}_members": len(members)}
    for f in ROLE_FIELDS:
        values = [m.get(f) for m in members]
        if all(v in (None, "") for v in values):
            out[f"{prefix}_{f}"] = None
        else:
            out[f"{prefix}_{f}"] = JOIN.join("" if v is None else str(v) for v in values)
    return out


def _joined(values: list[str] | None) -> str | None:
    return JOIN.join(values) if values else None


def _page(rows: list[dict[str, Any]], limit: int | None, offset: int) -> list[dict[str, Any]]:
    check_page(limit, offset)
    return rows[offset:] if limit is None else rows[offset:offset + limit]


def _indices(con: Any, table: str, key_sql: str, rows: list[dict[str, Any]],
             key: Any) -> None:
    """Give each row its ``idx`` (its place in its document's list), in place.

    ``queries.query_events`` / ``query_quotes`` return JSON-contract dicts, which carry no
    ``idx``; rows are matched back on ``doc_id`` plus ``key_sql`` (fields that tell the items
    of one document apart), taking equal keys in stored order as the reads return them.
    """
    if not rows:
        return
    stored: dict[tuple, list[int]] = defaultdict(list)
    docs = sorted({r["doc_id"] for r in rows})
    sql = (f"SELECT doc_id, idx, {key_sql} FROM {table} WHERE list_contains(?, doc_id) "
           "ORDER BY doc_id, idx")
    for doc_id, idx, *rest in con.execute(sql, [docs]).fetchall():
        stored[(doc_id, *rest)].append(idx)
    for r in rows:
        candidates = stored.get((r["doc_id"], *key(r)))
        r["idx"] = candidates.pop(0) if candidates else None


def event_records(store_or_con: Any, *, actor: str | None = None,
                  recipient: str | None = None, event_type: str | None = None,
                  since: str | None = None, until: str | None = None, quad: int | None = None,
                  text: str | None = None, include_negated: bool = False,
                  limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Stored events as JSON-contract dicts, filtered as ``Store.query_events``.

    Each dict also has ``doc_id``, ``idx`` (the event's place in its document, the key
    ``(doc_id, idx)`` of table ``events``), ``doc_title``, ``published``, ``doc_source`` and
    ``doc_url``. Oldest first (an event's own date, else its document's publication date).

    Raises:
        StoreError: ``since``/``until`` are not dates, or limit/offset negative.
    """
    con = connection(store_or_con)
    check_page(limit, offset)
    rows = queries.query_events(con, actor=actor, recipient=recipient, event_type=event_type,
                                since=since, until=until, quad=quad, text=text)
    if not include_negated:
        rows = [r for r in rows if not r.get("negated")]
    rows = _page(rows, limit, offset)
    _indices(con, "events", "id, event_type, start_char, end_char", rows,
             lambda r: (r["id"], r["event_type"], r["start"], r["end"]))
    meta = _document_meta(con, {r["doc_id"] for r in rows})
    for r in rows:
        r["doc_source"], r["doc_url"] = meta.get(r["doc_id"], (None, None))
    return rows


def _document_meta(con: Any, doc_ids: set[str]) -> dict[str, tuple[str | None, str | None]]:
    if not doc_ids:
        return {}
    sql = "SELECT id, source, url FROM documents WHERE list_contains(?, id)"
    return {i: (s, u) for i, s, u in con.execute(sql, [sorted(doc_ids)]).fetchall()}


def event_row(r: dict[str, Any]) -> dict[str, Any]:
    """One flat events-frame row (see :data:`EVENT_COLUMNS`) of an :func:`event_records` dict."""
    loc = r.get("location") or {}
    return {
        "doc_id": r["doc_id"], "idx": r.get("idx"), "event_id": r.get("id") or None,
        "event_type": r["event_type"], "mode": r.get("mode"),
        "contexts": _joined(r.get("contexts")), "quad": r.get("quad"),
        "quad_name": QUAD_NAMES.get(r["quad"]) if r.get("quad") is not None else None,
        "score": r.get("score"), "confidence": r.get("confidence"), "cameo": r.get("cameo"),
        **flatten_argument(r.get("actor"), "actor"),
        **flatten_argument(r.get("recipient"), "recipient"),
        "date": r.get("date"), "date_end": r.get("date_end"),
        "date_source": r.get("date_source"), "tense": r.get("tense"),
        "negated": bool(r.get("negated")), "hypothetical": bool(r.get("hypothetical")),
        "location_text": loc.get("text"), "location_name": loc.get("name"),
        "location_country": loc.get("country"), "location_geonameid": loc.get("geonameid"),
        "location_lat": loc.get("lat"), "location_lon": loc.get("lon"),
        "sentence": r.get("sentence"), "evidence": r.get("evidence"),
        "start_char": r.get("start"), "end_char": r.get("end"),
        "doc_title": r.get("doc_title"), "published": r.get("published"),
        "doc_source": r.get("doc_source"), "doc_url": r.get("doc_url"),
    }


def events_frame(store_or_con: Any, *, actor: str | None = None, recipient: str | None = None,
                 event_type: str | None = None, since: str | None = None,
                 until: str | None = None, quad: int | None = None, text: str | None = None,
                 include_negated: bool = False, limit: int | None = None,
                 offset: int = 0) -> pd.DataFrame:
    """Stored events, one row each, actor and recipient flattened (see the module doc).

    Args:
        store_or_con: a :class:`~dyads.store.Store` or a DuckDB connection.
        actor, recipient, event_type, since, until, quad, text, limit, offset: as in
            :meth:`dyads.store.Store.query_events`.
        include_negated: keep events the text denies (``negated`` column True).

    Returns:
        The columns of :data:`EVENT_COLUMNS`, oldest event first; ``(doc_id, idx)`` is the
        key of table ``events`` in the database.

    Raises:
        StoreError: ``since``/``until`` are not dates, or limit/offset negative.
    """
    records = event_records(store_or_con, actor=actor, recipient=recipient,
                            event_type=event_type, since=since, until=until, quad=quad,
                            text=text, include_negated=include_negated, limit=limit,
                            offset=offset)
    return records_frame(records)


def records_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """The events frame (columns :data:`EVENT_COLUMNS`) of :func:`event_records` dicts."""
    return _frame([event_row(r) for r in records], EVENT_COLUMNS)


def quotes_frame(store_or_con: Any, *, speaker: str | None = None, text: str | None = None,
                 limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    """Stored quotes, one row each, speaker flattened like an event's actor.

    ``speaker`` and ``text`` filter as in :meth:`dyads.store.Store.query_quotes`. Columns:
    :data:`QUOTE_COLUMNS`, oldest document first; ``event_ids`` joins the ids of the events
    the quote carries with ``"; "``.
    """
    con = connection(store_or_con)
    rows = queries.query_quotes(con, speaker=speaker, text=text, limit=limit, offset=offset)
    _indices(con, "quotes", "start_char, end_char, content", rows,
             lambda r: (r["start"], r["end"], r["content"]))
    out = [{
        "doc_id": r["doc_id"], "idx": r.get("idx"),
        **flatten_argument(r.get("speaker"), "speaker"),
        "cue": r.get("cue"), "content": r.get("content"), "kind": r.get("kind"),
        "hedged": bool(r.get("hedged")), "event_ids": _joined(r.get("event_ids")),
        "start_char": r.get("start"), "end_char": r.get("end"),
        "doc_title": r.get("doc_title"), "published": r.get("published"),
    } for r in rows]
    return _frame(out, QUOTE_COLUMNS)


def actors_frame(store_or_con: Any, *, country: str | None = None, sector: str | None = None,
                 name: str | None = None, limit: int | None = None,
                 offset: int = 0) -> pd.DataFrame:
    """Resolved actors with their ``mentions`` and ``documents`` counts, most mentioned first.

    Filters as :meth:`dyads.store.Store.query_actors`; columns :data:`ACTOR_COLUMNS`.
    """
    rows = queries.query_actors(connection(store_or_con), country=country, sector=sector,
                                name=name, limit=limit, offset=offset)
    return _frame(rows, ACTOR_COLUMNS)


def documents_frame(store_or_con: Any, *, since: str | None = None, until: str | None = None,
                    source: str | None = None, limit: int | None = None,
                    offset: int = 0) -> pd.DataFrame:
    """Stored documents (metadata, no text) with what was read in each, oldest first.

    Args:
        since, until: publication date bounds, ``YYYY[-MM[-DD]]`` (``until=2024-03`` includes
            all of March); documents without a publication date are left out when either
            is given.
        source: the publication, exact and case-insensitive.
        limit, offset: paging.

    Returns:
        Columns :data:`DOCUMENT_COLUMNS`; ``events`` counts non-negated events.

    Raises:
        StoreError: ``since``/``until`` are not dates, or limit/offset negative.
    """
    check_date("since", since)
    check_date("until", until)
    check_page(limit, offset)
    where: list[str] = []
    params: list[Any] = []
    if since:
        where.append("d.published >= ?")
        params.append(since)
    if until:
        where.append("left(d.published, length(?)) <= ?")
        params += [until, until]
    if source:
        where.append("lower(d.source) = lower(?)")
        params.append(source)
    sql = ("SELECT d.id, d.title, d.published, d.source, d.url, d.origin, d.content_hash, "
           "d.n_chars, d.stored_at, "
           "(SELECT count(*) FROM events e WHERE e.doc_id = d.id AND NOT coalesce(e.negated, "
           "false)) AS events, "
           "(SELECT count(*) FROM quotes q WHERE q.doc_id = d.id) AS quotes, "
           "(SELECT count(*) FROM actor_mentions m WHERE m.doc_id = d.id) AS actor_mentions, "
           "(SELECT count(*) FROM places p WHERE p.doc_id = d.id) AS places "
           "FROM documents d" + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY d.published NULLS LAST, d.id"
           + (" LIMIT ? OFFSET ?" if limit is not None else " OFFSET ?"))
    params += [limit, offset] if limit is not None else [offset]
    cur = connection(store_or_con).execute(sql, params)
    names = [c[0] for c in cur.description]
    return _frame([dict(zip(names, row)) for row in cur.fetchall()], DOCUMENT_COLUMNS)
