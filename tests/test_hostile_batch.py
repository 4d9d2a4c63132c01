"""One batch of hostile inputs: no crash, every rejection has a reason, the rest is stored."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from click.testing import CliRunner

from dyads.cli import main
from dyads.store import Store

GOOD = {
    "good.txt": "Iran and Iraq signed a security agreement in Baghdad on Sunday.",
    "longsentence.txt": " ".join(random.Random(1).choice(
        ["Russia", "said", "that", "the", "talks", "with", "China", "would", "continue", "and"])
        for _ in range(10_000)) + ".",
    "unclosed.txt": 'The minister said: "This will never end, and we will keep going\n\n'
                    "Russia and China signed a trade agreement on Tuesday.\n\n"
                    "Japan condemned North Korea's missile test.",
}

# file name -> expected substring of the rejection reason
BAD = {
    "binary.txt": "binary",
    "zero.txt": "empty",
    "huge.txt": "above the limit",
    "nested.html": "HTML",
    "invalid.txt": "not valid UTF-8",
    "german.txt": "not English",
    "wrong.jsonl:1": "must be a string",
    "wrong.jsonl:2": "must be a string",
    "wrong.jsonl:3": "not a JSON object",
}


def _write_corpus(folder: Path) -> None:
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01PK\x03\x04" + os.urandom(4000))
    (folder / "zero.txt").write_bytes(b"")
    with (folder / "huge.txt").open("w", encoding="utf-8") as f:  # 50 MB
        line = "Russia and China held talks in Moscow on Monday. " * 20 + "\n"
        for _ in range(50_000_000 // len(line) + 1):
            f.write(line)
    (folder / "nested.html").write_text("<html><body>" + "<div>" * 50_000 + "Hi"
                                        + "</div>" * 50_000 + "</body></html>")
    (folder / "invalid.txt").write_bytes(
        b"The minister \x81\x8d\x8f\x90\x9d\xc3\x28 said \xa0\xa1" * 50)
    (folder / "german.txt").write_text(
        "Die Bundesregierung hat am Montag die Gespräche mit Frankreich über die Energiepolitik "
        "fortgesetzt. Der Außenminister sagte, man sei zuversichtlich, dass eine Einigung bald "
        "erreicht werde.", encoding="utf-8")
    (folder / "wrong.jsonl").write_text("\n".join([
        json.dumps({"text": 5}),
        json.dumps({"text": "Japan protested to China.", "published": 7}),
        "[1, 2]",
        json.dumps({"text": "France praised Germany for its leadership on Ukraine.",
                    "title": "ok"}),
    ]) + "\n", encoding="utf-8")


def test_hostile_batch(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write_corpus(corpus)
    db = tmp_path / "h.duckdb"
    result = CliRunner().invoke(main, ["analyze", str(corpus), "--db", str(db),
                                       "--format", "jsonl"])
    assert result.exit_code == 1  # something was rejected, nothing crashed
    assert result.exception is None or isinstance(result.exception, SystemExit)
    rejected = {line.split("corpus/", 1)[1].split(": ", 1)[0]: line
                for line in result.stderr.splitlines() if line.startswith("rejected")}
    assert set(rejected) == set(BAD), result.stderr
    for name, reason in BAD.items():
        assert reason in rejected[name], rejected[name]
    n_good = len(GOOD) + 1  # + the good JSONL line
    assert f"read {n_good + len(BAD)} / analysed {n_good} / stored {n_good}" in result.stderr
    with Store(str(db), read_only=True) as store:
        assert store.counts()["documents"] == n_good
        stored_texts = {d["id"] for d in store.documents(limit=None)}
    assert len(stored_texts) == n_good
