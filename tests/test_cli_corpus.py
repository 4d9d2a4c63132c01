"""The corpus commands on the perfect-coder store of the test corpus (hand-computed truth)
and on the real analysed corpus."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from dyads.cli import main


@pytest.fixture(scope="module")
def oracle_db(tmp_path_factory, corpus_expected) -> str:
    from corpus_oracle import oracle_store

    return str(oracle_store(tmp_path_factory.mktemp("cli-oracle") / "o.duckdb", corpus_expected))


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _expected_undirected(corpus_expected: dict) -> dict[str, dict]:
    return {pair: counts for pair, counts in corpus_expected["dyads"].items()}


def test_dyads_json_matches_hand_computed_table(oracle_db: str, corpus_expected: dict) -> None:
    rows = json.loads(_run("dyads", "--db", oracle_db, "--format", "json"))
    got = {"-".join(sorted((r["actor"], r["recipient"]))): r for r in rows}
    for pair, want in _expected_undirected(corpus_expected).items():
        assert got[pair]["events"] == want["events"], pair
        for quad in ("verbal_cooperation", "material_cooperation", "verbal_conflict",
                     "material_conflict"):
            assert got[pair][quad] == want[quad], (pair, quad)
    assert set(got) == set(corpus_expected["dyads"])


def test_timeline_csv_by_month(oracle_db: str, corpus_expected: dict) -> None:
    out = _run("timeline", "--db", oracle_db, "--format", "csv", "--actor", "LTU",
               "--recipient", "BLR")
    rows = list(csv.DictReader(io.StringIO(out)))
    by_month = {r["period"][:7]: int(r["events"]) for r in rows}
    assert by_month == corpus_expected["dyads"]["BLR-LTU"]["by_month"]


def test_partners_and_changes(oracle_db: str) -> None:
    rows = json.loads(_run("partners", "TCD", "--db", oracle_db, "--format", "json"))
    relation = {r["partner"]: r["relation"] for r in rows}
    assert relation["SDN"] == "adversary"
    rows = json.loads(_run("changes", "--db", oracle_db, "--format", "json"))
    hostile = [(r["actor"], r["recipient"], r["period"][:7]) for r in rows
               if r["kind"] == "turned hostile"]
    assert ("KGZ", "TJK", "2024-02") in hostile


def test_clusters_and_near_duplicates(oracle_db: str, corpus_expected: dict) -> None:
    rows = json.loads(_run("clusters", "--db", oracle_db, "--format", "json"))
    assert len(rows) == len(corpus_expected["events"])
    pairs = json.loads(_run("near-duplicates", "--db", oracle_db, "--format", "json"))
    found = {frozenset((p["doc_id"], p["duplicate_of"])) for p in pairs}
    for group in corpus_expected["near_duplicates"]:
        assert frozenset(group[:2]) in found


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_network_export_reads_back(oracle_db: str, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"net{suffix}"
    _run("network", "--db", oracle_db, "--out", str(out))
    graph = nx.read_graphml(out) if suffix == ".graphml" else nx.read_gexf(out)
    assert graph.has_edge("BLR", "LTU") or graph.has_edge("LTU", "BLR")
    assert graph.number_of_nodes() >= 10


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "gdelt"])
def test_export_formats(oracle_db: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"events.{fmt}"
    text = _run("export", "--db", oracle_db, "--out", str(out), "--format", fmt)
    n = int(text.split(": ")[1].split()[0])
    assert n > 0
    if fmt == "jsonl":
        assert sum(1 for _ in out.open(encoding="utf-8")) == n
    elif fmt == "csv":
        assert len(pd.read_csv(out)) == n
    elif fmt == "parquet":
        assert len(pd.read_parquet(out)) == n
    else:  # one row per deduplicated event, 61 GDELT columns
        frame = pd.read_csv(out, sep="\t")
        assert len(frame) == n
        assert frame.shape[1] == 61


def test_export_tables_creates_folder(oracle_db: str, tmp_path: Path) -> None:
    out = tmp_path / "new" / "tables"
    _run("export", "--db", oracle_db, "--out", str(out), "--tables", "--format", "parquet")
    for name in ("documents", "events", "actors", "quotes"):
        assert any(out.glob(f"{name}*.parquet")), name


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_brief_is_written(oracle_db: str, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"ltu{suffix}"
    _run("brief", "--db", oracle_db, "--actor", "LTU", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    assert "Lithuania" in text and "Belarus" in text


def test_unknown_actor_brief_fails_clearly(oracle_db: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["brief", "--db", oracle_db, "--actor", "ZZZ",
                                       "--out", str(tmp_path / "z.md")])
    assert result.exit_code == 1
    assert "ZZZ" in result.output


def test_missing_database_fails_clearly(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["dyads", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "no such database" in result.output


@pytest.mark.slow
def test_commands_on_the_analysed_corpus(corpus_db: Path) -> None:
    rows = json.loads(_run("dyads", "--db", str(corpus_db), "--format", "json"))
    pairs = {"-".join(sorted((r["actor"], r["recipient"]))) for r in rows if r["events"] >= 3}
    assert {"BLR-LTU", "KGZ-TJK"} <= pairs
