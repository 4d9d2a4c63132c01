"""Dask backend: the same ``process_batch`` on a Dask cluster, results as partitioned Parquet.

Each chunk of documents becomes one task; a worker builds the pipeline once (cached per
worker process) and writes its chunk's results as one Parquet file per table:

    OUT/documents/part-00000.parquet   id, content_hash, title, published, source, url,
                                       origin, text, analysis (the JSON contract, as text)
    OUT/events/part-00000.parquet      doc_id + the flat event fields (actor/recipient codes)
    OUT/rejections/part-00000.parquet  origin, reason

Every part of a table has the same explicit schema (:func:`parquet_schemas`): strings,
int64, float64 and booleans only — no unsigned integers, no nanosecond timestamps, and no
all-null columns typed ``null`` in one part and ``string`` in the next — so DuckDB and Spark
read the folders directly (``read_parquet('OUT/events/*.parquet')``);
:func:`load_parquet` stores the documents into a dyads database through ``Store.save`` (one
transaction per document, idempotent by content hash), so the database holds exactly what a
local run would have stored.
"""

from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyads.distributed.local import chunked
from dyads.model import Analysis, Document, Rejection, argument_list

TABLES = ("documents", "events", "rejections")


@dataclass
class DaskSummary:
    chunks: int = 0
    analysed: int = 0
    rejected: int = 0
    events: int = 0

    def line(self) -> str:
        return (f"chunks {self.chunks} / analysed {self.analysed} / events {self.events} / "
                f"rejected {self.rejected}")


def _codes(arg: Any) -> str | None:
    codes = [a.code or "" for a in argument_list(arg)]
    return "|".join(codes) if codes else None


def _tables(results: list[Analysis | Rejection], documents: list[Document]) -> dict[str, list]:
    docs, events, rejections = [], [], []
    for doc, res in zip(documents, results):
        if isinstance(res, Rejection):
            rejections.append({"origin": res.origin, "reason": res.reason})
            continue
        docs.append({"id": doc.id, "content_hash": doc.content_hash, "title": doc.title,
                     "published": doc.published, "source": doc.source, "url": doc.url,
                     "origin": doc.origin, "text": doc.text,
                     "analysis": json.dumps(res.to_dict(), ensure_ascii=False)})
        for ev in res.events:
            events.append({"doc_id": doc.id, "id": ev.id, "event_type": ev.event_type,
                           "mode": ev.mode, "actor_code": _codes(ev.actor),
                           "recipient_code": _codes(ev.recipient), "date": ev.date,
                           "date_end": ev.date_end, "quad": ev.quad, "score": ev.score,
                           "cameo": ev.cameo, "negated": ev.negated, "evidence": ev.evidence,
                           "sentence": ev.sentence, "confidence": ev.confidence})
    return {"documents": docs, "events": events, "rejections": rejections}


def parquet_schemas() -> dict[str, Any]:
    """The pyarrow schema of each output table (dates stay ISO strings: they may be partial)."""
    import pyarrow as pa

    s, i, f, b = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    return {
        "documents": pa.schema([(n, s) for n in ("id", "content_hash", "title", "published",
                                                 "source", "url", "origin", "text", "analysis")]),
        "events": pa.schema([("doc_id", s), ("id", s), ("event_type", s), ("mode", s),
                             ("actor_code", s), ("recipient_code", s), ("date", s),
                             ("date_end", s), ("quad", i), ("score", f), ("cameo", s),
                             ("negated", b), ("evidence", s), ("sentence", s),
                             ("confidence", f)]),
        "rejections": pa.schema([("origin", s), ("reason", s)]),
    }


def process_chunk_to_parquet(documents: list[Document], out_dir: str, part: int,
                             max_chars: int | None = None,
                             time_budget: float | None = None) -> dict[str, int]:
    """Analyse one chunk (in the worker) and write its Parquet files; return counts.

    ``max_chars`` / ``time_budget``: the limits of :func:`dyads.process.iter_process`
    (None: its defaults). In a Dask worker thread the budget is a watchdog that interrupts
    the Python code of the slow document.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dyads.limits import DEFAULT_TIME_BUDGET, MAX_CHARS
    from dyads.nlp.pipeline import load_pipeline
    from dyads.process import process_batch

    results = process_batch(documents, nlp=load_pipeline(),
                            max_chars=MAX_CHARS if max_chars is None else max_chars,
                            time_budget=DEFAULT_TIME_BUDGET if time_budget is None
                            else time_budget)
    tables = _tables(results, documents)
    schemas = parquet_schemas()
    for name, rows in tables.items():
        folder = Path(out_dir) / name
        folder.mkdir(parents=True, exist_ok=True)
        if rows:
            # written under a temporary name and renamed, so a killed task leaves no half file
            tmp = folder / f".part-{part:05d}.parquet.tmp"
            pq.write_table(pa.Table.from_pylist(rows, schema=schemas[name]), tmp)
            tmp.rename(folder / f"part-{part:05d}.parquet")
    return {"analysed": len(tables["documents"]), "rejected": len(tables["rejections"]),
            "events": len(tables["events"])}


def run_on_dask(documents: Iterable[Document], out_dir: str | Path, client: Any = None,
                scheduler: str | None = None, chunk_size: int = 32,
                max_in_flight: int | None = None, max_chars: int | None = None,
                time_budget: float | None = None) -> DaskSummary:
    """Analyse documents on a Dask cluster and write partitioned Parquet under ``out_dir``.

    Pass an existing ``distributed.Client``, or a ``scheduler`` address
    ("tcp://host:8786"); with neither, a LocalCluster on this machine is started.
    At most ``max_in_flight`` tasks (default: 4 per worker) are pending at a time.
    ``max_chars`` / ``time_budget``: per-document limits (None: dyads' defaults).
    """
    from distributed import Client, LocalCluster

    own_cluster = None
    if client is None:
        if scheduler is not None:
            client = Client(scheduler)
        else:
            own_cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None,
                                       silence_logs=logging.WARNING)
            client = Client(own_cluster)
    summary = DaskSummary()
    try:
        # a bounded window of tasks: the client never holds the whole corpus in memory
        window = max_in_flight or 4 * max(1, len(client.scheduler_info().get("workers", {})))
        in_flight: deque[Any] = deque()

        def collect(future: Any) -> None:
            counts = future.result()
            summary.chunks += 1
            summary.analysed += counts["analysed"]
            summary.rejected += counts["rejected"]
            summary.events += counts["events"]

        for part, chunk in enumerate(chunked(documents, chunk_size)):
            in_flight.append(client.submit(process_chunk_to_parquet, chunk, str(out_dir), part,
                                           max_chars, time_budget, pure=False))
            if len(in_flight) >= window:
                collect(in_flight.popleft())
        while in_flight:
            collect(in_flight.popleft())
    finally:
        if own_cluster is not None:
            client.close()
            own_cluster.close()
    return summary


def load_parquet(out_dir: str | Path, db: str) -> tuple[int, int]:
    """Store the analysed documents of a Dask run into a dyads database.

    Returns (stored, already stored). Idempotent: loading twice stores nothing new.
    """
    import pyarrow.parquet as pq

    from dyads.store import Store

    stored = already = 0
    with Store(db) as store:
        for path in sorted((Path(out_dir) / "documents").glob("part-*.parquet")):
            for row in pq.read_table(path).to_pylist():
                analysis = Analysis.from_dict(json.loads(row["analysis"]), text=row["text"])
                analysis.doc.origin = row["origin"]
                if store.save(analysis):
                    stored += 1
                else:
                    already += 1
    return stored, already
