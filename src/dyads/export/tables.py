"""Whole tables of a dyads database as Parquet or CSV files, one file per table.

DuckDB writes them itself (its relation ``write_parquet`` / ``write_csv``, the same writer as
``COPY ... TO``), so nothing passes through Python rows and the file path is handed over as a
value, never spliced into SQL text: any path, quotes and all, is safe. The columns are those
of :mod:`dyads.store.schema` (list columns stay lists in Parquet; CSV writes them as
``[a, b]`` and JSON columns as JSON text).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from dyads.analysis.output import ExportError, output_dir, write_failed
from dyads.analysis.queries import connection
from dyads.store.schema import DATA_TABLES

#: Names :func:`export_tables` accepts besides the table names themselves.
ALIASES = {"actors": "actor_mentions", "speakers": "quote_speakers"}
DEFAULT_TABLES = ("documents", "events", "actors", "quotes")
TABLE_FORMATS = ("parquet", "csv")


def table_name(name: str) -> str:
    """The database table behind an export name (``actors`` -> ``actor_mentions``).

    Raises:
        ExportError: no such table.
    """
    table = ALIASES.get(name, name)
    if table not in DATA_TABLES:
        known = ", ".join(sorted((*DATA_TABLES, *ALIASES)))
        raise ExportError(f"no table {name!r} to export; choose from {known}")
    return table


def export_tables(store_or_con: Any, out_dir: str | Path, format: str = "parquet",
                  tables: Sequence[str] = DEFAULT_TABLES) -> dict[str, Path]:
    """Write each table to ``<out_dir>/<name>.<format>``.

    Args:
        store_or_con: a :class:`~dyads.store.Store` or a DuckDB connection.
        out_dir: an existing, writable folder; files of the same names are replaced.
        format: ``parquet`` or ``csv`` (comma-separated, header line, UTF-8).
        tables: export names: any table of :data:`dyads.store.DATA_TABLES`, or ``actors``
            (= ``actor_mentions``, every resolved actor mention) and ``speakers``
            (= ``quote_speakers``).

    Returns:
        The file written for each name, in the order given.

    Raises:
        ExportError: unknown format or table, ``out_dir`` missing or not writable, or a
            write failed.
    """
    if format not in TABLE_FORMATS:
        raise ExportError(f"unknown table export format {format!r}; use parquet or csv")
    folder = output_dir(out_dir)
    chosen = [(name, table_name(name)) for name in tables]
    # A cursor of its own: DuckDB refuses a relation write on a connection that still holds
    # an unfinished result of an earlier execute (as a Store's connection may).
    con = connection(store_or_con).cursor()
    try:
        return _write(con, folder, format, chosen)
    finally:
        con.close()


def _write(con: duckdb.DuckDBPyConnection, folder: Path, format: str,
           chosen: list[tuple[str, str]]) -> dict[str, Path]:
    written: dict[str, Path] = {}
    for name, table in chosen:
        path = folder / f"{name}.{format}"
        # Ordered by key, so two exports of the same data are the same files.
        keys = "id" if table == "documents" else ", ".join(
            c for c in ("doc_id", "idx", "event_idx", "quote_idx", "role", "position")
            if c in _columns(con, table))
        rel = con.sql(f"SELECT * FROM {table} ORDER BY {keys}")
        try:
            if format == "parquet":
                rel.write_parquet(str(path))
            else:
                rel.write_csv(str(path), header=True)
        except (duckdb.Error, OSError) as exc:
            raise write_failed(path, exc) from exc
        written[name] = path
    return written


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute("SELECT column_name FROM information_schema.columns "
                       "WHERE table_schema = 'main' AND table_name = ?", [table]).fetchall()
    return {r[0] for r in rows}
