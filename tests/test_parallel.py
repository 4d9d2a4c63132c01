"""The multiprocess backend gives exactly the single-process results, in input order."""

from __future__ import annotations

import json
from pathlib import Path

from dyads.distributed import iter_process_parallel
from dyads.model import Analysis, Document, Rejection

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def _documents(n: int) -> list[Document]:
    docs: list[Document] = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            docs.append(Document(text=rec["text"], id=rec["id"], published=rec["published"]))
            if len(docs) == n:
                return docs
    return docs


def test_two_workers_equal_one_worker() -> None:
    docs = _documents(9)
    docs.insert(4, Document(text="   ", id="blank"))  # a rejection keeps its place in order
    one = list(iter_process_parallel(docs, workers=1))
    two = list(iter_process_parallel(docs, workers=2, chunk_size=3))
    assert len(one) == len(two) == len(docs)
    assert isinstance(two[4], Rejection) and "empty" in two[4].reason
    for a, b in zip(one, two):
        if isinstance(a, Analysis):
            assert isinstance(b, Analysis)
            assert a.to_dict() == b.to_dict()
    assert sum(len(a.events) for a in two if isinstance(a, Analysis)) > 0
