"""The DuckDB schema of a dyads database, and opening a database safely.

One row per list item, keyed by ``(doc_id, idx)`` where ``idx`` keeps the item's place
in its list, so an Analysis reads back exactly as it was saved. Event and quote
arguments are kept twice: as JSON (which tells a single actor from a compound of one,
for a faithful round trip) and one row per member in ``event_actors`` /
``quote_speakers`` (what queries filter on). Dates are ISO strings: they compare
correctly as text, and partial ones (``2021-09``) stay what they are.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dyads.errors import StoreError
from dyads.model import SCHEMA_VERSION

_ACTOR_COLUMNS = "text VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR, code VARCHAR"

TABLES: dict[str, str] = {
    "schema_version": "version INTEGER NOT NULL",
    "documents": """
        id VARCHAR PRIMARY KEY,
        content_hash VARCHAR NOT NULL UNIQUE,
        title VARCHAR, published VARCHAR, source VARCHAR, url VARCHAR, origin VARCHAR,
        text VARCHAR NOT NULL,
        n_chars BIGINT NOT NULL,
        stored_at TIMESTAMP NOT NULL DEFAULT current_timestamp""",
    "actor_mentions": f"""
        doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
        {_ACTOR_COLUMNS},
        start_char BIGINT, end_char BIGINT, sentence INTEGER, kb_id VARCHAR,
        PRIMARY KEY (doc_id, idx)""",
    "events": """
        doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
        id VARCHAR, event_type VARCHAR, mode VARCHAR, contexts VARCHAR[],
        actor JSON, recipient JSON,
        sentence VARCHAR, evidence VARCHAR, start_char BIGINT, end_char BIGINT,
        date VARCHAR, date_end VARCHAR, location JSON, tense VARCHAR,
        negated BOOLEAN, hypothetical BOOLEAN, cameo VARCHAR, quad INTEGER,
        score DOUBLE, confidence DOUBLE, date_source VARCHAR,
        PRIMARY KEY (doc_id, idx)""",
    "event_actors": f"""
        doc_id VARCHAR NOT NULL, event_idx INTEGER NOT NULL,
        role VARCHAR NOT NULL CHECK (role IN ('actor', 'recipient')),
        position INTEGER NOT NULL,
        {_ACTOR_COLUMNS},
        PRIMARY KEY (doc_id, event_idx, role, position)""",
    "quotes": """
        doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
        speaker JSON, cue VARCHAR, content VARCHAR, kind VARCHAR,
        start_char BIGINT, end_char BIGINT, hedged BOOLEAN, event_ids VARCHAR[],
        PRIMARY KEY (doc_id, idx)""",
    "quote_speakers": f"""
        doc_id VARCHAR NOT NULL, quote_idx INTEGER NOT NULL, position INTEGER NOT NULL,
        {_ACTOR_COLUMNS},
        PRIMARY KEY (doc_id, quote_idx, position)""",
    "dates": """
        doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
        text VARCHAR, value VARCHAR, value_end VARCHAR, precision VARCHAR,
        start_char BIGINT, end_char BIGINT,
        PRIMARY KEY (doc_id, idx)""",
    "places": """
        doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
        text VARCHAR, name VARCHAR, country VARCHAR, geonameid BIGINT,
        lat DOUBLE, lon DOUBLE, start_char BIGINT, end_char BIGINT,
        PRIMARY KEY (doc_id, idx)""",
}

#: Tables holding analysed data (what ``Store.counts`` reports), in write order.
DATA_TABLES = tuple(t for t in TABLES if t != "schema_version")


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (or create) a dyads database, checking it is one of this schema version.

    Raises:
        StoreError: the file is not a DuckDB database, not a dyads one, of another
            schema version, locked by another process, or missing when read-only.
    """
    name = str(path)
    in_memory = name == ":memory:" or name.startswith(":memory:")
    if read_only and not in_memory and not Path(name).exists():
        raise StoreError(f"no database at {name}; analyse some articles into it first")
    if not in_memory and not Path(name).parent.is_dir():
        raise StoreError(f"cannot create {name}: the folder {Path(name).parent} does not "
                         "exist; create it first or choose another path")
    try:
        con = duckdb.connect(name, read_only=read_only)
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            raise StoreError(f"{name} is in use by another process; close it, or open the "
                             f"database read-only ({exc})") from exc
        raise StoreError(f"cannot open {name}: it is not a DuckDB database or is damaged "
                         f"({exc}); give the path of a dyads database or of a new file") \
            from exc
    try:
        _check_or_create(con, name, read_only)
    except BaseException:
        con.close()
        raise
    return con


def _check_or_create(con: duckdb.DuckDBPyConnection, name: str, read_only: bool) -> None:
    tables = {row[0] for row in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall()}
    if "schema_version" in tables:
        row = con.execute("SELECT max(version) FROM schema_version").fetchall()[0]
        version = row[0] if row else None
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"{name} holds dyads data of schema version {version}, but this dyads reads "
                f"version {SCHEMA_VERSION}; analyse the articles again into a new database "
                "file, or open this one with the dyads release that wrote it")
        missing = [t for t in TABLES if t not in tables]
        if missing:
            raise StoreError(f"{name} is a damaged dyads database (tables missing: "
                             f"{', '.join(missing)}); analyse the articles again into a new file")
        return
    if tables:
        raise StoreError(f"{name} is a DuckDB database but not a dyads one (it has no "
                         "schema_version table); give the path of a dyads database or of a "
                         "new file")
    if read_only:
        raise StoreError(f"{name} is an empty database; analyse some articles into it first")
    con.begin()
    try:
        for table, columns in TABLES.items():
            con.execute(f"CREATE TABLE {table} ({columns})")
        con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
        con.commit()
    except BaseException:
        con.rollback()
        raise
