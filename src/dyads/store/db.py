"""The Store: one DuckDB file of analysed documents, written one transaction per document."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from dyads.errors import StoreError
from dyads.model import Analysis
from dyads.store import queries
from dyads.store.rows import (
    COLUMNS,
    DATE_COLUMNS,
    DOCUMENT_COLUMNS,
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    PLACE_COLUMNS,
    QUOTE_COLUMNS,
    analysis_rows,
    date_from_row,
    document_from_row,
    event_from_row,
    mention_from_row,
    place_from_row,
    quote_from_row,
)
from dyads.store.schema import DATA_TABLES, connect

DEFAULT_PATH = "dyads.duckdb"



class Store:
    """A dyads database (DuckDB), usable as a context manager.

    Args:
        path: the database file, created with the dyads schema if new; ``":memory:"``
            for a database that lives only as long as the Store.
        read_only: open without write access (several readers may share a file).

    Raises:
        StoreError: the file is not a DuckDB database, not a dyads one, of another
            schema version, or locked by another writer.
    """

    def __init__(self, path: str | Path = DEFAULT_PATH, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._con: duckdb.DuckDBPyConnection | None = connect(path, read_only=read_only)
        self._types: dict[str, dict[str, str]] = {}

    # --- lifecycle --------------------------------------------------------------------

    def close(self) -> None:
        """Close the database; closing twice is harmless."""
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r}, read_only={self.read_only})"

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The open DuckDB connection, for read queries the methods do not cover."""
        if self._con is None:
            raise StoreError(f"the store {self.path} is closed; open a new Store")
        return self._con

    # --- writing ----------------------------------------------------------------------

    def save(self, analysis: Analysis) -> bool:
        """Store one analysed document and everything read in it, in one transaction.

        Idempotent by content: a document whose text (sha256) is already stored is not
        stored again.

        Returns:
            True if the document was stored, False if its text was already there.

        Raises:
            StoreError: the store is read-only, another text is stored under the same
                document id, or the write failed (then nothing of the document is kept).
        """
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only; open it without read_only "
                             "to save analyses")
        con = self.connection
        doc = analysis.doc
        con.begin()
        try:
            if self._stored(con, doc.content_hash, doc.id, doc.origin):
                con.rollback()
                return False
            for table, rows in analysis_rows(analysis).items():
                self._insert(con, table, rows)
            con.commit()
        except BaseException as exc:
            con.rollback()
            if isinstance(exc, StoreError):
                raise
            if isinstance(exc, (duckdb.Error, TypeError, ValueError)):
                where = doc.origin or "no origin"
                raise StoreError(f"could not save document {doc.id} ({where}): {exc}; "
                                 "nothing of it was stored") from exc
            raise
        return True

    def _stored(self, con: duckdb.DuckDBPyConnection, content_hash: str, doc_id: str | None,
                origin: str | None) -> bool:
        if con.execute("SELECT 1 FROM documents WHERE content_hash = ?",
                       [content_hash]).fetchone():
            return True
        other = con.execute("SELECT origin FROM documents WHERE id = ?", [doc_id]).fetchone()
        if other is not None:
            raise StoreError(
                f"document id {doc_id!r} ({origin or 'no origin'}) is already stored with "
                f"another text (from {other[0] or 'no origin'}); give one of them another "
                "id, or leave ids out so dyads derives them from the text")
        return False

    def _insert(self, con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
        if not rows:
            return
        columns = COLUMNS[table]
        types = self._column_types(con, table)
        # One statement per table, a typed list per column, zipped back into rows by
        # unnest: binding values row by row (executemany, multi-row VALUES) is 4-20x slower.
        selects = ", ".join(f"unnest(CAST(? AS {types[c]}[]))" for c in columns)
        con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {selects}",
                    [list(values) for values in zip(*rows)])

    def _column_types(self, con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
        if table not in self._types:
            self._types[table] = dict(con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = 'main' AND table_name = ?", [table]).fetchall())
        return self._types[table]

    # --- reading ----------------------------------------------------------------------

    def has_document(self, content_hash: str) -> bool:
        """True if a document with this text (sha256 hex digest) is stored."""
        return self.connection.execute("SELECT 1 FROM documents WHERE content_hash = ?",
                                       [content_hash]).fetchone() is not None

    def doc_id_for_hash(self, content_hash: str) -> str | None:
        """The id under which the document with this text is stored, or None."""
        row = self.connection.execute("SELECT id FROM documents WHERE content_hash = ?",
                                      [content_hash]).fetchone()
        return None if row is None else str(row[0])

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """A stored document's metadata and text, or None if there is no such id."""
        cols = (*DOCUMENT_COLUMNS, "stored_at")
        row = self.connection.execute(f"SELECT {', '.join(cols)} FROM documents WHERE id = ?",
                                      [doc_id]).fetchone()
        if row is None:
            return None
        d = dict(zip(cols, row))
        d["stored_at"] = d["stored_at"].isoformat()
        return d

    def documents(self, limit: int | None = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Stored documents (metadata and counts, no text), newest publication first."""
        queries.check_page(limit, offset)
        sql = ("SELECT d.id, d.title, d.published, d.source, d.url, d.origin, d.content_hash,"
               " d.n_chars, d.stored_at,"
               " (SELECT count(*) FROM events e WHERE e.doc_id = d.id) AS events,"
               " (SELECT count(*) FROM quotes q WHERE q.doc_id = d.id) AS quotes"
               " FROM documents d ORDER BY d.published DESC NULLS LAST, d.id"
               + (" LIMIT ? OFFSET ?" if limit is not None else " OFFSET ?"))
        params = [limit, offset] if limit is not None else [offset]
        keys = ("id", "title", "published", "source", "url", "origin", "content_hash",
                "n_chars", "stored_at", "events", "quotes")
        out = []
        for row in self.connection.execute(sql, params).fetchall():
            d = dict(zip(keys, row))
            d["stored_at"] = d["stored_at"].isoformat()
            out.append(d)
        return out

    def load_analysis(self, doc_id: str) -> Analysis:
        """The Analysis stored for a document, exactly as it was saved.

        Raises:
            StoreError: no document has this id.
        """
        con = self.connection
        row = con.execute(f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents WHERE id = ?",
                          [doc_id]).fetchone()
        if row is None:
            raise StoreError(f"no document with id {doc_id!r} in {self.path}; "
                             "list the stored ones with Store.documents()")

        def items(table: str, columns: tuple[str, ...]) -> list[tuple]:
            return con.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE doc_id = ? "
                               "ORDER BY idx", [doc_id]).fetchall()

        return Analysis(
            doc=document_from_row(row),
            actors=[mention_from_row(r) for r in items("actor_mentions", MENTION_COLUMNS)],
            events=[event_from_row(r) for r in items("events", EVENT_COLUMNS)],
            quotes=[quote_from_row(r) for r in items("quotes", QUOTE_COLUMNS)],
            dates=[date_from_row(r) for r in items("dates", DATE_COLUMNS)],
            places=[place_from_row(r) for r in items("places", PLACE_COLUMNS)],
        )

    def counts(self) -> dict[str, int]:
        """Number of rows in each data table."""
        con = self.connection
        counts = {}
        for table in DATA_TABLES:
            row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            counts[table] = row[0] if row else 0
        return counts

    def query_events(self, actor: str | None = None, recipient: str | None = None,
                     event_type: str | None = None, since: str | None = None,
                     until: str | None = None, quad: int | None = None,
                     text: str | None = None, limit: int | None = None,
                     offset: int = 0) -> list[dict[str, Any]]:
        """Events matching every filter given, in date order (undated last).

        Args:
            actor: matches the source actor, any member of a compound one: an actor-code
                prefix or country (``RUS`` finds RUS and RUSGOV), or part of the actor's
                name or text, case-insensitive (``lavrov``); see
                :func:`dyads.store.queries.actor_match`.
            recipient: the same, for the target.
            event_type: a PLOVER event type, any case (``CONSULT``).
            since: earliest date, ``YYYY[-MM[-DD]]``; an event's own date, else its
                document's publication date.
            until: latest date, same form; ``2021-09`` includes all of September.
            quad: the PLOVER quad class (1-4).
            text: part of the event's sentence or evidence, case-insensitive.
            limit: at most this many events (None: all).
            offset: skip this many first.

        Returns:
            Each event's JSON-contract dict plus ``doc_id``, ``doc_title`` and
            ``published``.

        Raises:
            StoreError: ``since``/``until`` are not dates, or limit/offset negative.
        """
        return queries.query_events(self.connection, actor=actor, recipient=recipient,
                                    event_type=event_type, since=since, until=until,
                                    quad=quad, text=text, limit=limit, offset=offset)

    def query_quotes(self, speaker: str | None = None, text: str | None = None,
                     limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Quotes whose speaker matches (as ``actor`` in :meth:`query_events`) and/or
        whose content holds ``text``; each a JSON-contract dict plus ``doc_id``,
        ``doc_title`` and ``published``."""
        return queries.query_quotes(self.connection, speaker=speaker, text=text, limit=limit,
                                    offset=offset)

    def query_actors(self, country: str | None = None, sector: str | None = None,
                     name: str | None = None, limit: int | None = None,
                     offset: int = 0) -> list[dict[str, Any]]:
        """Resolved actors (code, name, country, sector) with ``mentions`` and
        ``documents`` counts, most mentioned first."""
        return queries.query_actors(self.connection, country=country, sector=sector,
                                    name=name, limit=limit, offset=offset)
