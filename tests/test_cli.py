"""End-to-end CLI behaviour: analysis, storage, queries and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dyads.cli import main

GOOD_TEXT = ("Russia and China held joint military exercises on Monday. "
             "The Iranian foreign minister met his Pakistani counterpart in Tehran on Tuesday.\n")


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def good_file(tmp_path: Path) -> Path:
    p = tmp_path / "good.txt"
    p.write_text(GOOD_TEXT, encoding="utf-8")
    return p


def _db_counts(db: Path) -> dict[str, int]:
    from dyads.store import Store

    with Store(str(db), read_only=True) as store:
        return store.counts()


def test_help_is_available_for_every_command(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for name, command in main.commands.items():
        assert command.help, f"command {name} has no help text"
        sub = runner.invoke(main, [name, "--help"])
        assert sub.exit_code == 0, sub.output


def test_every_command_is_documented_in_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"dyads {name}" in readme, f"`dyads {name}` missing from README"


def test_analyze_json_contract(runner: CliRunner, good_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    result = runner.invoke(main, ["analyze", str(good_file), "--published", "2024-03-06",
                                  "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"doc", "actors", "events", "quotes", "dates", "places"}
    assert data["doc"]["published"] == "2024-03-06"
    assert {"text", "name", "country", "sector", "code", "start", "end", "sentence"} <= set(
        data["actors"][0])
    countries = {a["country"] for a in data["actors"]}
    assert {"RUS", "CHN"} <= countries
    assert _db_counts(db)["documents"] == 1


def test_analyze_twice_stores_once(runner: CliRunner, good_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    args = ["analyze", str(good_file), "--db", str(db), "--format", "jsonl"]
    first_run = runner.invoke(main, args)
    assert first_run.exit_code == 0
    first = _db_counts(db)
    second_run = runner.invoke(main, args)
    assert second_run.exit_code == 0
    assert "analysed 0" in second_run.stderr and "already stored 1" in second_run.stderr
    assert _db_counts(db) == first
    # the stored result is emitted instead of a new analysis, identical to the first
    assert json.loads(second_run.stdout) == json.loads(first_run.stdout)


def test_events_query_formats(runner: CliRunner, good_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    assert runner.invoke(main, ["analyze", str(good_file), "--db", str(db),
                                "--published", "2024-03-06", "--format", "jsonl"]).exit_code == 0
    out = runner.invoke(main, ["events", "--db", str(db), "--actor", "RUS", "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    assert rows, "expected at least one Russian event"
    assert all("RUS" in json.dumps(r["actor"]) for r in rows)
    csv_out = runner.invoke(main, ["events", "--db", str(db), "--format", "csv"])
    assert csv_out.exit_code == 0
    assert csv_out.stdout.splitlines()[0].startswith("date,actor,event_type")


def test_events_on_missing_db_fails_clearly(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["events", "--db", str(tmp_path / "nope.duckdb")])
    assert result.exit_code == 1
    assert "no such database" in result.output


BAD_INPUTS = [
    ("missing", None, "no such file"),
    ("empty.txt", b"", "empty"),
    ("binary.bin", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8 + b"\x00" * 512, "binary"),
    ("badutf8.txt", b"The minister \x81\x8d\x8f\x90\x9d\xc3\x28 said \xa0\xa1" * 50,
     "not valid UTF-8"),
    ("broken.jsonl", b'{"text": "Russia condemned Ukraine."}\n{not json\n', ":2"),
    ("german.txt", "Die Bundesregierung hat am Montag die Gespräche mit Frankreich über die "
                   "Energiepolitik fortgesetzt. Der Außenminister sagte, man sei zuversichtlich, "
                   "dass eine Einigung bald erreicht werde.".encode(), "not English"),
    ("notext.html", b"<html><head><title>x</title></head><body><script>var a=1;</script>"
                    b"</body></html>", "HTML"),
]


@pytest.mark.parametrize(("name", "content", "reason"), BAD_INPUTS,
                         ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_reported_and_never_changes_the_store(
        runner: CliRunner, good_file: Path, tmp_path: Path, name: str, content: bytes | None,
        reason: str) -> None:
    db = tmp_path / "t.duckdb"
    assert runner.invoke(main, ["analyze", str(good_file), "--db", str(db),
                                "--format", "jsonl"]).exit_code == 0
    before = _db_counts(db)
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    alone = runner.invoke(main, ["analyze", str(bad), "--db", str(db), "--format", "jsonl"])
    assert alone.exit_code != 0
    assert name in alone.stderr and "rejected" in alone.stderr
    assert reason in alone.stderr
    if name != "broken.jsonl":  # its good first line is a new document
        assert _db_counts(db) == before
    # in a batch the bad input is skipped and the good one still goes through
    other = tmp_path / "other.txt"
    other.write_text("Japan protested against North Korea's missile launch.", encoding="utf-8")
    batch = runner.invoke(main, ["analyze", str(bad), str(other), "--db", str(db),
                                 "--format", "jsonl"])
    assert batch.exit_code == 1
    assert "rejected" in batch.stderr
    assert _db_counts(db)["documents"] >= before["documents"] + 1


def test_demo_runs(runner: CliRunner) -> None:
    result = runner.invoke(main, ["demo", "--no-store", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["doc"]["published"] == "2024-05-17"
    assert len(data["events"]) >= 3
    types = {e["event_type"] for e in data["events"]}
    assert types & {"AGREE", "COOPERATE", "CONSULT"}


def test_user_actor_dictionary(runner: CliRunner, tmp_path: Path) -> None:
    actors = tmp_path / "mine.csv"
    actors.write_text("id,name,country,aliases,sector\n"
                      "zarovian-front,Zarovian Liberation Front,GEO,ZLF,REB\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("The Zarovian Liberation Front attacked a police station in Georgia.",
                       encoding="utf-8")
    result = runner.invoke(main, ["analyze", str(article), "--no-store", "--format", "json",
                                  "--actors", str(actors)])
    assert result.exit_code == 0, result.output
    actors_out = json.loads(result.stdout)["actors"]
    zlf = [a for a in actors_out if "Zarovian" in a["text"]]
    assert zlf and zlf[0]["country"] == "GEO" and zlf[0]["sector"] == "REB"
