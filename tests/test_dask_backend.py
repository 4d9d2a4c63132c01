"""The Dask backend stores exactly what the local run stores (LocalCluster on 127.0.0.1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from dyads.distributed.dask_backend import load_parquet, run_on_dask  # noqa: E402
from dyads.model import Analysis, Document  # noqa: E402
from dyads.process import process_batch  # noqa: E402
from dyads.store import Store  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def _documents(n: int) -> list[Document]:
    lines = (CORPUS / sorted(p.name for p in CORPUS.glob("*.jsonl"))[0]).read_text(
        encoding="utf-8").splitlines()[:n]
    return [Document(text=r["text"], id=r["id"], published=r["published"], origin=r["id"])
            for r in map(json.loads, lines)]


def test_dask_run_equals_local_run(tmp_path: Path) -> None:
    docs = _documents(5) + [Document(text="", id="empty", origin="empty-doc")]
    summary = run_on_dask(docs, tmp_path / "out", chunk_size=2)
    assert (summary.analysed, summary.rejected, summary.chunks) == (5, 1, 3)
    import duckdb

    rejected = duckdb.sql(f"SELECT origin FROM read_parquet('{tmp_path}/out/rejections/*.parquet')"
                          ).fetchall()
    assert rejected == [("empty-doc",)]
    n_events = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/out/events/*.parquet')"
                          ).fetchall()
    assert n_events == [(summary.events,)]

    db = str(tmp_path / "dask.duckdb")
    assert load_parquet(tmp_path / "out", db) == (5, 0)
    assert load_parquet(tmp_path / "out", db) == (0, 5)  # loading again stores nothing new
    local = [r for r in process_batch(docs) if isinstance(r, Analysis)]
    with Store(db, read_only=True) as store:
        for a in local:
            assert store.load_analysis(a.doc.id).to_dict() == a.to_dict()
