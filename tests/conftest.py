"""Shared fixtures: the real model is loaded once per test run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

#: ../shared beside the checkout (CI puts it there); never copied into the repository.
SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLE_ARTICLE = SHARED / "corpus" / "russia-taliban-trtworld.txt"
EXAMPLE_GOLD = SHARED / "corpus" / "russia-taliban-trtworld.gold.json"
EXAMPLE_PUBLISHED = "2021-09-07"


def _need_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} not found: ../shared must sit beside the checkout")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _need_shared(SHARED)


@pytest.fixture(scope="session")
def example_text() -> str:
    return _need_shared(EXAMPLE_ARTICLE).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_gold() -> dict:
    return json.loads(_need_shared(EXAMPLE_GOLD).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def nlp():
    """The full dyads pipeline, built once per session."""
    from dyads.nlp.pipeline import load_pipeline

    return load_pipeline()


#: The 211-article test corpus written for this project (examples/corpus, MIT).
CORPUS_DIR = Path(__file__).resolve().parents[1] / "examples" / "corpus"


@pytest.fixture(scope="session")
def corpus_expected() -> dict:
    """The hand-computed ground truth of the test corpus (examples/corpus/expected.yaml)."""
    import yaml

    return yaml.safe_load((CORPUS_DIR / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, nlp) -> Path:
    """A DuckDB database holding the analysed test corpus, built once per session.

    Tests open it read-only (``Store(path, read_only=True)`` or ``duckdb.connect``) and
    never write to it; a test that needs to write copies it first.
    """
    from dyads.ingest import read_inputs
    from dyads.runner import run_batch

    path = tmp_path_factory.mktemp("corpus") / "corpus.duckdb"
    summary = run_batch(read_inputs([str(p) for p in sorted(CORPUS_DIR.glob("*.jsonl"))]),
                        db=str(path))
    assert summary.rejections == [], summary.rejections
    return path
