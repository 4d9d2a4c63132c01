"""docs/sql.md stays true: every ```sql block runs on the analysed corpus and returns rows,
and every ```python block runs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "sql.md"
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def blocks(language: str) -> list[str]:
    """The fenced code blocks of docs/sql.md in ``language``, in order."""
    return [body for lang, body in _BLOCK.findall(DOC.read_text(encoding="utf-8"))
            if lang == language]


SQL = blocks("sql")
PYTHON = blocks("python")


def test_doc_has_examples():
    assert 8 <= len(SQL) <= 16
    assert len(PYTHON) >= 3


@pytest.fixture(scope="module")
def workdir(corpus_db, tmp_path_factory) -> Path:
    """A folder holding the corpus as ``dyads.duckdb`` (the name the examples use), where
    the Python examples have run, writing ``export/``."""
    folder = tmp_path_factory.mktemp("sqldocs")
    shutil.copyfile(corpus_db, folder / "dyads.duckdb")
    return folder


@pytest.fixture(scope="module")
def ran_python(workdir) -> Path:
    mp = pytest.MonkeyPatch()
    mp.chdir(workdir)
    try:
        for i, code in enumerate(PYTHON):
            # the examples are our own documentation, run to keep it true
            exec(compile(code, f"docs/sql.md python block {i + 1}", "exec"), {})  # noqa: S102
    finally:
        mp.undo()
    return workdir


def test_python_examples_run(ran_python):
    assert (ran_python / "export" / "events.parquet").exists()
    assert (ran_python / "export" / "events_flat.parquet").exists()


@pytest.mark.parametrize("i", range(len(SQL)))
def test_sql_example(ran_python, corpus_db, monkeypatch, i):
    monkeypatch.chdir(ran_python)  # the Parquet examples read export/ relative to here
    con = duckdb.connect(str(corpus_db), read_only=True)
    try:
        rows = con.execute(SQL[i]).fetchall()
    finally:
        con.close()
    assert rows, f"sql block {i + 1} returned no rows:\n{SQL[i]}"
