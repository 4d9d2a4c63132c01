"""Exports of a dyads database: events as PLOVER JSONL, CSV, Parquet or a GDELT-style TSV,
and whole tables as Parquet or CSV.

>>> from dyads.store import Store
>>> from dyads.export import export_events, export_tables
>>> with Store("dyads.duckdb", read_only=True) as store:
...     export_events(store, "events.jsonl", "jsonl", actor="RUS", since="2024-01")
...     export_tables(store, "out/", "parquet")

Formats of :func:`export_events`:

- ``jsonl``: one PLOVER JSON record per stored event (field names of the PLOVER manual; see
  :mod:`dyads.export.plover`);
- ``csv`` / ``parquet``: the flat events frame of :func:`dyads.analysis.frames.events_frame`,
  one row per stored event;
- ``gdelt``: the 61 columns of the GDELT 2.0 Event table, one row per deduplicated event
  (see :mod:`dyads.export.gdelt`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dyads.analysis.frames import event_records, records_frame
from dyads.analysis.output import ExportError, output_file, write_failed
from dyads.export.gdelt import GDELT_COLUMNS, gdelt_rows, write_tsv
from dyads.export.plover import plover_record, write_jsonl
from dyads.export.tables import export_tables

__all__ = [
    "EVENT_FORMATS",
    "GDELT_COLUMNS",
    "ExportError",
    "export_events",
    "export_tables",
    "plover_record",
]

EVENT_FORMATS = ("jsonl", "csv", "parquet", "gdelt")


def export_events(store_or_con: Any, path: str | Path, format: str = "jsonl", *,
                  include_negated: bool = False, dedup: Any = True, header: bool = True,
                  **filters: Any) -> int:
    """Write the stored events matching ``filters`` to ``path``.

    Args:
        store_or_con: a :class:`~dyads.store.Store` or a DuckDB connection.
        path: the file to write (replaced if it exists); its folder must exist.
        format: ``jsonl`` (PLOVER records), ``csv``, ``parquet`` or ``gdelt`` (TSV).
        include_negated: export events the text denies too (PLOVER ``has_event`` false).
        dedup: ``gdelt`` only: True (default rules), a ``DedupRules``, or False for one
            row per stored event.
        header: ``gdelt`` only: write the column names first (GDELT's own files have none).
        **filters: ``actor``, ``recipient``, ``event_type``, ``since``, ``until``, ``quad``,
            ``text``, ``limit``, ``offset``, as in :meth:`dyads.store.Store.query_events`.

    Returns:
        The number of rows (records) written.

    Raises:
        ExportError: unknown format, the folder is missing or not writable, or the write
            failed. StoreError: malformed filters. TypeError: an unknown filter.
    """
    if format not in EVENT_FORMATS:
        raise ExportError(f"unknown event export format {format!r}; use one of "
                          f"{', '.join(EVENT_FORMATS)}")
    p = output_file(path)
    records = event_records(store_or_con, include_negated=include_negated, **filters)
    try:
        if format == "jsonl":
            return write_jsonl(records, p)
        if format == "gdelt":
            return write_tsv(gdelt_rows(store_or_con, records, dedup), p, header=header)
        frame = records_frame(records)
        if format == "csv":
            frame.to_csv(p, index=False)
        else:
            frame.to_parquet(p, index=False)
        return len(frame)
    except OSError as exc:
        raise write_failed(p, exc) from exc
