"""Per-document resource limits: size limits before parsing, a time budget during analysis."""

from __future__ import annotations

import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

from dyads.cli import main
from dyads.errors import InputError
from dyads.limits import BudgetExpired, time_limit
from dyads.model import Analysis, Document, Rejection
from dyads.process import iter_process

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"

#: A document containing this word makes the test stage below spin for SLOW_SECONDS.
SLOW_MARKER = "zzslowzz"
SLOW_SECONDS = 20.0


def _spin(seconds: float) -> int:
    """Busy Python work (interruptible at every bytecode, like a slow dyads stage)."""
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
    return n


@Language.component("test_limits_slow_stage")
def _slow_stage(doc):  # type: ignore[no-untyped-def]
    if SLOW_MARKER in doc.text:
        _spin(SLOW_SECONDS)
    return doc


@pytest.fixture(scope="module")
def slow_nlp() -> Language:
    """The English model with no dyads stage plus a stage that is slow on marked texts."""
    from dyads.nlp.pipeline import build_pipeline

    nlp = build_pipeline(stages=[])
    nlp.add_pipe("test_limits_slow_stage", last=True)
    return nlp


def _docs() -> list[Document]:
    return [Document(text="Japan protested to China on Monday.", origin="a.txt"),
            Document(text=f"France praised Germany. {SLOW_MARKER}", origin="slow.txt"),
            Document(text="Iran and Iraq signed a security agreement.", origin="b.txt")]


# ------------------------------------------------------------ the mechanism ---
@pytest.mark.parametrize("in_thread", [False, True])
def test_time_limit_interrupts_python_work(in_thread: bool) -> None:
    def run() -> str:
        try:
            with time_limit(0.2):
                _spin(SLOW_SECONDS)
        except BudgetExpired:
            return "expired"
        return "finished"

    started = time.monotonic()
    if in_thread:  # a Dask task or a server request: the watchdog thread, not SIGALRM
        with ThreadPoolExecutor(1) as pool:
            outcome = pool.submit(run).result()
    else:
        outcome = run()
    assert outcome == "expired"
    assert time.monotonic() - started < SLOW_SECONDS / 2


@pytest.mark.parametrize("seconds", [None, 0, 5.0])
def test_time_limit_lets_quick_work_finish(seconds: float | None) -> None:
    with time_limit(seconds):
        total = sum(range(1000))
    assert total == 499500
    time.sleep(0.05)  # nothing fires after the block is left


def test_time_limit_restores_an_outer_timer() -> None:
    import signal

    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with time_limit(5.0):
            pass
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0  # the outer timer is armed again
        time.sleep(0.5)
        assert fired == [1]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ----------------------------------------------------- in the batch process ---
@pytest.mark.parametrize("in_thread", [False, True])
def test_slow_document_is_rejected_and_the_rest_analysed(slow_nlp: Language,
                                                         in_thread: bool) -> None:
    def run() -> list[Analysis | Rejection]:
        return list(iter_process(_docs(), nlp=slow_nlp, time_budget=0.5))

    started = time.monotonic()
    if in_thread:
        with ThreadPoolExecutor(1) as pool:
            results = pool.submit(run).result()
    else:
        results = run()
    assert time.monotonic() - started < SLOW_SECONDS / 2
    assert [type(r).__name__ for r in results] == ["Analysis", "Rejection", "Analysis"]
    rejection = results[1]
    assert isinstance(rejection, Rejection)
    assert rejection.origin == "slow.txt"
    assert "time budget of 0.5 s" in rejection.reason
    assert threading.active_count() < 10  # watchdog timers do not pile up


def test_slow_document_raises_input_error_with_on_error_raise(slow_nlp: Language) -> None:
    with pytest.raises(InputError, match="time budget of 0.5 s") as info:
        list(iter_process(_docs(), nlp=slow_nlp, time_budget=0.5, on_error="raise"))
    assert info.value.origin == "slow.txt"


def test_no_budget_lets_a_slow_document_finish(slow_nlp: Language, monkeypatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "SLOW_SECONDS", 0.3)
    results = list(iter_process(_docs(), nlp=slow_nlp, time_budget=None))
    assert all(isinstance(r, Analysis) for r in results)


def test_stage_error_in_one_document_is_isolated(slow_nlp: Language, monkeypatch) -> None:
    import dyads.process

    real_extract = dyads.process.extract

    def failing_extract(doc, document):  # type: ignore[no-untyped-def]
        if SLOW_MARKER in document.text:
            raise RuntimeError("broken stage")
        return real_extract(doc, document)

    monkeypatch.setattr(sys.modules[__name__], "SLOW_SECONDS", 0.0)
    monkeypatch.setattr(dyads.process, "extract", failing_extract)
    results = list(iter_process(_docs(), nlp=slow_nlp))
    assert [type(r).__name__ for r in results] == ["Analysis", "Rejection", "Analysis"]
    assert "RuntimeError: broken stage" in results[1].reason  # type: ignore[union-attr]


@pytest.mark.parametrize("max_chars, rejected", [(10, True), (1_000, False)])
def test_max_chars(slow_nlp: Language, max_chars: int, rejected: bool) -> None:
    doc = Document(text="Japan protested to China on Monday.", origin="a.txt")
    (result,) = iter_process([doc], nlp=slow_nlp, max_chars=max_chars)
    assert isinstance(result, Rejection) == rejected
    if rejected:
        assert "limit of 10" in result.reason  # type: ignore[union-attr]


# ------------------------------------------------------ the command line ---
def _corpus_articles(n: int) -> list[dict]:
    lines = [line for path in sorted(CORPUS.glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [json.loads(line) for line in lines[:n]]


@pytest.mark.parametrize("option, value, name, reason", [
    ("--max-bytes", "400", "big.txt", "above the limit of 400"),
    ("--max-chars", "400", "big.txt", "above the limit of 400"),
])
def test_cli_size_limits(tmp_path: Path, option: str, value: str, name: str,
                         reason: str) -> None:
    (tmp_path / "small.txt").write_text("Japan protested to China on Monday.", encoding="utf-8")
    (tmp_path / "big.txt").write_text(" ".join(["Russia and China held talks."] * 40),
                                      encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", str(tmp_path), "--no-store", "--format",
                                       "jsonl", option, value])
    assert result.exit_code == 1, result.output
    assert f"{name}: " in result.stderr and reason in result.stderr, result.stderr
    assert "analysed 1 " in result.stderr


def test_cli_time_budget_with_worker_pool(tmp_path: Path) -> None:
    """A document too long for the budget is rejected in its worker; the pool goes on."""
    articles = _corpus_articles(5)
    # real news text, ~920,000 characters (under the 1,000,000 limit): minutes of work
    long_text = "\n\n".join(a["text"] for a in _corpus_articles(1000)) * 7
    with (tmp_path / "batch.jsonl").open("w", encoding="utf-8") as f:
        f.write(json.dumps({"text": long_text, "id": "long"}) + "\n")
        for a in articles:
            f.write(json.dumps({"text": a["text"], "id": a["id"],
                                "published": a["published"]}) + "\n")
    db = tmp_path / "out.duckdb"
    result = CliRunner().invoke(main, ["analyze", str(tmp_path / "batch.jsonl"), "--db", str(db),
                                       "--format", "jsonl", "--workers", "2",
                                       "--time-budget", "3"])
    assert result.exit_code == 1, result.output
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected")]
    assert len(rejected) == 1 and "batch.jsonl:1" in rejected[0], result.stderr
    assert "time budget of 3 s" in rejected[0]
    assert f"analysed {len(articles)} / stored {len(articles)}" in result.stderr
