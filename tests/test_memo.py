"""Cached read-only results are reused while the database is unchanged, and only then."""

from __future__ import annotations

from pathlib import Path

from sample_store import analyses

from dyads.analysis.dedup import cluster_assignments
from dyads.analysis.memo import memo
from dyads.store import Store


def test_memo_reuses_until_a_document_is_stored(tmp_path: Path) -> None:
    first, *rest = analyses()
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    with Store(tmp_path / "m.duckdb") as store:
        store.save(first)
        assert memo(store.connection, ("k",), compute) == 1
        assert memo(store.connection, ("k",), compute) == 1  # same data: reused
        assert memo(store.connection, ("other",), compute) == 2  # another key
        store.save(rest[0])
        assert memo(store.connection, ("k",), compute) == 3  # new document: recomputed


def test_memo_tells_databases_apart(tmp_path: Path) -> None:
    first = analyses()[0]
    with Store(tmp_path / "a.duckdb") as a, Store(tmp_path / "b.duckdb") as b:
        a.save(first)
        b.save(first)
        assert memo(a.connection, ("k",), lambda: "a") == "a"
        assert memo(b.connection, ("k",), lambda: "b") == "b"


def test_clusters_follow_new_documents(tmp_path: Path) -> None:
    docs = analyses()
    with Store(tmp_path / "c.duckdb") as store:
        store.save(docs[0])
        before = len(cluster_assignments(store))
        for analysis in docs[1:]:
            store.save(analysis)
        after = len(cluster_assignments(store))
    assert before == sum(1 for e in docs[0].events if not e.negated)
    assert after == sum(1 for a in docs for e in a.events if not e.negated)
