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
