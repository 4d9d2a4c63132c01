"""Cross-article event deduplication: hand-computed stores, the perfect-coder corpus, the real one."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from corpus_oracle import CORPUS_DIR, oracle_store

from dyads.analysis.dedup import (
    DedupRules,
    cluster_assignments,
    event_clusters,
    load_rules,
    parse_rules,
)
from dyads.errors import DataFileError
from dyads.kb.plover import load_ontology
from dyads.model import ActorRef, Analysis, Document, Event
from dyads.store import Store

# --- small synthetic stores -------------------------------------------------------------------


def _arg(x):
    if x is None:
        return None
    if isinstance(x, list):
        return [_arg(v) for v in x]
    if x.islower():  # an actor of unknown country, e.g. "gunmen"
        return ActorRef(text=x)
    return ActorRef(text=x, country=x)


def _event(spec: tuple) -> Event:
    etype, actor, recipient, day, *rest = spec
    mode = rest[0] if rest else None
    negated = rest[1] if len(rest) > 1 else False
    date, date_end = (day.split("/") + [None])[:2] if day else (None, None)
    ont = load_ontology()
    return Event(event_type=etype, actor=_arg(actor), recipient=_arg(recipient),
                 sentence="s", evidence=f"{etype} {actor} {recipient}", start=0, end=1,
                 mode=mode, date=date, date_end=date_end, negated=negated,
                 quad=ont.quad(etype), score=ont.score(etype, mode))


def _text(doc_id: str) -> str:
    # distinct words per document: no two synthetic documents are near-duplicates
    return " ".join(f"{doc_id}w{k}" for k in range(12))


def make_store(path: Path, docs: list[tuple]) -> Path:
    """docs: (doc_id, published, source, [event specs], text or None)."""
    with Store(path) as store:
        for doc_id, published, source, events, *text in docs:
            store.save(Analysis(doc=Document(text=text[0] if text else _text(doc_id),
                                             id=doc_id, published=published, source=source),
                                events=[_event(e) for e in events]))
    return path


def groups(path: Path, rules: DedupRules | None = None, **kw) -> set[frozenset[str]]:
    with Store(path, read_only=True) as store:
        a = cluster_assignments(store, rules, **kw)
    out: dict[str, set[str]] = {}
    for r in a.itertuples():
        out.setdefault(r.cluster_id, set()).add(f"{r.doc_id}:{r.idx}")
    return {frozenset(v) for v in out.values()}


def G(*members: str) -> frozenset[str]:
    return frozenset(members)


CASES = [
    ("three outlets, dates within the window", [
        ("d1", "2024-03-01", "A", [("ACCUSE", "KGZ", "TJK", "2024-03-01")]),
        ("d2", "2024-03-02", "B", [("ACCUSE", "KGZ", "TJK", "2024-03-02")]),
        ("d3", "2024-03-04", "C", [("ACCUSE", "KGZ", "TJK", "2024-03-04")]),
    ], {G("d1:0", "d2:0", "d3:0")}),
    ("chaining stops at the anchor's window", [
        ("d1", "2024-03-01", "A", [("ASSAULT", "KGZ", "TJK", "2024-03-01")]),
        ("d2", "2024-03-03", "A", [("ASSAULT", "KGZ", "TJK", "2024-03-03")]),
        ("d3", "2024-03-05", "B", [("ASSAULT", "KGZ", "TJK", "2024-03-05")]),
        ("d4", "2024-03-07", "B", [("ASSAULT", "KGZ", "TJK", "2024-03-07")]),
    ], {G("d1:0", "d2:0"), G("d3:0", "d4:0")}),
    ("other type, other recipient, other actor", [
        ("d1", "2024-03-01", "A", [("ACCUSE", "KGZ", "TJK", "2024-03-01"),
                                   ("THREATEN", "KGZ", "TJK", "2024-03-01")]),
        ("d2", "2024-03-01", "B", [("ACCUSE", "KGZ", "UZB", "2024-03-01"),
                                   ("ACCUSE", "KAZ", "TJK", "2024-03-01")]),
    ], {G("d1:0"), G("d1:1"), G("d2:0"), G("d2:1")}),
    ("direction ignored for undirected types only", [
        ("d1", "2024-03-01", "A", [("CONSULT", "KGZ", "TJK", "2024-03-01"),
                                   ("REJECT", "KGZ", "TJK", "2024-03-01")]),
        ("d2", "2024-03-01", "B", [("CONSULT", "TJK", "KGZ", "2024-03-01"),
                                   ("REJECT", "TJK", "KGZ", "2024-03-01")]),
    ], {G("d1:0", "d2:0"), G("d1:1"), G("d2:1")}),
    ("undirected types compare the set of participants", [
        ("d1", "2024-04-09", "A", [("AGREE", ["JPN", "PHL"], None, "2024-04-09"),
                                   ("SUPPORT", ["JPN", "PHL"], None, "2024-04-09")]),
        ("d2", "2024-04-09", "B", [("AGREE", "PHL", "JPN", "2024-04-09"),
                                   ("SUPPORT", "PHL", "JPN", "2024-04-09")]),
        ("d3", "2024-04-10", "C", [("AGREE", "JPN", ["PHL", "JPN"], "2024-04-10"),
                                   ("AGREE", "JPN", "USA", "2024-04-10")]),
    ], {G("d1:0", "d2:0", "d3:0"), G("d1:1"), G("d2:1"), G("d3:1")}),
    ("different modes split, no mode joins the oldest", [
        ("d1", "2024-02-26", "A", [("COERCE", "MWI", "MWI", "2024-02-26", "arrest")]),
        ("d2", "2024-02-27", "B", [("COERCE", "MWI", "MWI", "2024-02-27", "censor")]),
        ("d3", "2024-02-27", "C", [("COERCE", "MWI", "MWI", "2024-02-27")]),
        ("d4", "2024-02-28", "C", [("COERCE", "MWI", "MWI", "2024-02-28", "censor")]),
    ], {G("d1:0", "d3:0"), G("d2:0", "d4:0")}),
    ("no recipient matches no recipient; no actor stays alone", [
        ("d1", "2024-03-13", "A", [("REQUEST", "RUS", None, "2024-03-13"),
                                   ("PROTEST", None, "MWI", "2024-03-13")]),
        ("d2", "2024-03-14", "B", [("REQUEST", "RUS", None, "2024-03-13"),
                                   ("PROTEST", None, "MWI", "2024-03-13")]),
        ("d3", "2024-03-14", "B", [("REQUEST", "RUS", "KGZ", "2024-03-13")]),
    ], {G("d1:0", "d2:0"), G("d1:1"), G("d2:1"), G("d3:0")}),
    ("an actor of unknown country matches on its text", [
        ("d1", "2024-05-06", "A", [("ASSAULT", "gunmen", "TCD", "2024-05-06")]),
        ("d2", "2024-05-06", "B", [("ASSAULT", "gunmen", "TCD", "2024-05-06")]),
        ("d3", "2024-05-06", "B", [("ASSAULT", "militia", "TCD", "2024-05-06")]),
    ], {G("d1:0", "d2:0"), G("d3:0")}),
    ("compound arguments compare as sets of members", [
        ("d1", "2024-03-13", "A", [("REQUEST", "RUS", ["KGZ", "TJK"], "2024-03-13")]),
        ("d2", "2024-03-13", "B", [("REQUEST", "RUS", ["TJK", "KGZ"], "2024-03-13")]),
        ("d3", "2024-03-13", "C", [("REQUEST", "RUS", ["TJK"], "2024-03-13")]),
    ], {G("d1:0", "d2:0"), G("d3:0")}),
    ("month dates join a cluster anchored in their month", [
        ("d1", "2024-03-10", "A", [("AID", "KAZ", "KGZ", "2024-03-10")]),
        ("d2", "2024-03-11", "B", [("AID", "KAZ", "KGZ", "2024-03-11")]),
        ("d3", "2024-03-20", "B", [("AID", "KAZ", "KGZ", "2024-03")]),
        ("d4", "2024-04-20", "B", [("AID", "KAZ", "KGZ", "2024-04")]),
        ("d5", "2024-04-25", "C", [("AID", "KAZ", "KGZ", "2024-04")]),
    ], {G("d1:0", "d2:0", "d3:0"), G("d4:0", "d5:0")}),
    ("no date: the publication date stands in", [
        ("d1", "2024-03-10", "A", [("AID", "KAZ", "KGZ", "2024-03-10")]),
        ("d2", "2024-03-12", "B", [("AID", "KAZ", "KGZ", None)]),
        ("d3", "2024-03-20", "B", [("AID", "KAZ", "KGZ", None)]),
    ], {G("d1:0", "d2:0"), G("d3:0")}),
    ("a multi-day event's window runs from its last day", [
        ("d1", "2024-04-22", "A", [("COOPERATE", "PHL", "JPN", "2024-04-22/2024-04-30")]),
        ("d2", "2024-04-29", "B", [("COOPERATE", "JPN", "PHL", "2024-04-29")]),
        ("d3", "2024-05-03", "C", [("COOPERATE", "PHL", "JPN", "2024-05-03")]),
        ("d4", "2024-05-04", "C", [("COOPERATE", "PHL", "JPN", "2024-05-04")]),
    ], {G("d1:0", "d2:0", "d3:0"), G("d4:0")}),
    ("negated events are left out", [
        ("d1", "2024-03-01", "A", [("ACCUSE", "KGZ", "TJK", "2024-03-01", None, True),
                                   ("ACCUSE", "KGZ", "TJK", "2024-03-01")]),
    ], {G("d1:1")}),
]


@pytest.mark.parametrize(("name", "docs", "expected"), CASES, ids=[c[0] for c in CASES])
def test_clusters_hand_computed(tmp_path, name, docs, expected) -> None:
    assert groups(make_store(tmp_path / "s.duckdb", docs)) == expected


RULE_CASES = [
    ("window 0: the same day only", {"window_days": 0},
     {G("d1:0"), G("d2:0", "d3:0"), G("d4:0")}),
    # d4 has no mode: it fits both open clusters and joins the oldest
    ("window 7", {"window_days": 7}, {G("d1:0", "d2:0", "d4:0"), G("d3:0")}),
    ("modes ignored", {"split_on_mode": False}, {G("d1:0", "d2:0", "d3:0"), G("d4:0")}),
    ("everything directed", {"undirected_types": frozenset()},
     {G("d1:0"), G("d2:0"), G("d3:0"), G("d4:0")}),
    ("directed, modes ignored", {"undirected_types": frozenset(), "split_on_mode": False},
     {G("d1:0", "d3:0"), G("d2:0"), G("d4:0")}),
]
RULE_DOCS = [
    ("d1", "2024-03-01", "A", [("CONSULT", "KGZ", "TJK", "2024-03-01", "visit")]),
    ("d2", "2024-03-02", "B", [("CONSULT", "TJK", "KGZ", "2024-03-02")]),
    ("d3", "2024-03-02", "C", [("CONSULT", "KGZ", "TJK", "2024-03-02", "phone")]),
    ("d4", "2024-03-06", "C", [("CONSULT", "KGZ", "TJK", "2024-03-06")]),
]


@pytest.mark.parametrize(("name", "changes", "expected"), RULE_CASES,
                         ids=[c[0] for c in RULE_CASES])
def test_rules_change_clusters(tmp_path, name, changes, expected) -> None:
    path = make_store(tmp_path / "s.duckdb", RULE_DOCS)
    rules = dataclasses.replace(DedupRules(), **changes)
    assert groups(path, rules) == expected


def test_default_rules_on_rule_docs(tmp_path) -> None:
    # visit and phone differ; the mode-less d2 joins the visit (oldest anchor); d4 is 5 days on
    path = make_store(tmp_path / "s.duckdb", RULE_DOCS)
    assert groups(path) == {G("d1:0", "d2:0"), G("d3:0"), G("d4:0")}


def test_equivalent_types_and_unresolved_singleton(tmp_path) -> None:
    path = make_store(tmp_path / "s.duckdb", [
        ("d1", "2024-03-20", "A", [("CONCEDE", "KGZ", "TJK", "2024-03-20"),
                                   ("ASSAULT", "gunmen", "TCD", "2024-03-20")]),
        ("d2", "2024-03-21", "B", [("RETREAT", "KGZ", "TJK", "2024-03-21"),
                                   ("ASSAULT", "gunmen", "TCD", "2024-03-20")]),
    ])
    rules = parse_rules("equivalent_types: [[CONCEDE, RETREAT]]\n"
                        "unresolved: {actor: singleton}\n")
    assert groups(path, rules) == {G("d1:0", "d2:0"), G("d1:1"), G("d2:1")}
    assert groups(path) == {G("d1:0"), G("d2:0"), G("d1:1", "d2:1")}


PROVENANCE_DOCS = [
    ("d1", "2024-03-12", "Wire", [("ASSAULT", "TJK", "KGZ", "2024-03-12", "heavy-weapons")]),
    ("d2", "2024-03-12", "Post", [("ASSAULT", "KGZ", "TJK", "2024-03-12")],
     ("Heavy fighting broke out on the Kyrgyz Tajik border near Ak-Sai on Tuesday, officials "
      "in both capitals said, with mortars fired across the line for several hours.")),
    ("d3", "2024-03-13", "Wire", [("ASSAULT", "TJK", "KGZ", "2024-03-12", "heavy-weapons")],
     ("Heavy fighting broke out on the Kyrgyz Tajik border near Ak-Sai on Tuesday, officials "
      "in both capitals said, with mortars fired across the line for several hours!")),
    ("d4", "2024-03-14", "Herald", [("ASSAULT", "TJK", "KGZ", "2024-03-12")]),
    ("d5", "2024-04-02", "Herald", [("ASSAULT", "TJK", "KGZ", "2024-03-12", None)]),
    ("d6", "2024-04-03", "Post", [("AID", "KAZ", "KGZ", "2024-03")]),
]


def test_event_clusters_provenance(tmp_path) -> None:
    path = make_store(tmp_path / "s.duckdb", PROVENANCE_DOCS)
    with Store(path, read_only=True) as store:
        table = event_clusters(store)
    assert len(table) == 2
    # a month-dated event sorts at the start of its month
    aid, clash = table.iloc[0].to_dict(), table.iloc[1].to_dict()
    ont = load_ontology()
    assert clash == {
        "cluster_id": clash["cluster_id"], "event_type": "ASSAULT", "mode": "heavy-weapons",
        "actor": "TJK", "recipient": "KGZ",  # the anchor report's direction
        "date": "2024-03-12", "date_end": "2024-03-12",
        "quad": 4, "score": pytest.approx((2 * -9.5 + 3 * ont.score("ASSAULT")) / 5),
        "n_reports": 5, "n_articles": 4, "n_sources": 3,
        "n_independent": 3,  # d3 is d2 republished
        "doc_ids": ["d1", "d2", "d3", "d4"], "background_doc_ids": ["d5"],
        "first_report": "2024-03-12", "last_report": "2024-03-14", "first_doc_id": "d1",
        "evidence": "ASSAULT TJK KGZ",
    }
    assert len(clash["cluster_id"]) == 16
    # a month-dated cluster keeps the month; published 3 days after its end: still a report
    assert (aid["date"], aid["date_end"], aid["doc_ids"], aid["n_independent"]) == \
        ("2024-03", "2024-03", ["d6"], 1)


def test_filters_and_stable_ids(tmp_path) -> None:
    path = make_store(tmp_path / "s.duckdb", PROVENANCE_DOCS)
    with Store(path, read_only=True) as store:
        whole = event_clusters(store)
        assert list(event_clusters(store, actor="KAZ")["event_type"]) == ["AID"]
        assert list(event_clusters(store, actor="KGZ", recipient="TJK")["event_type"]) == \
            ["ASSAULT"]
        assert list(event_clusters(store, recipient="KAZ")["event_type"]) == []
        # dates compare as text, as everywhere in dyads.analysis: "2024-03" < "2024-03-12"
        assert list(event_clusters(store, since="2024-03-12")["event_type"]) == ["ASSAULT"]
        assert list(event_clusters(store, until="2024-03-11")["event_type"]) == ["AID"]
        assert event_clusters(store, until="2024-02").empty
        again = event_clusters(store)
    assert list(whole["cluster_id"]) == list(again["cluster_id"])
    nodup = dataclasses.replace(DedupRules(), near_duplicates=False)
    with Store(path, read_only=True) as store:
        assert list(event_clusters(store, nodup)["n_independent"]) == [1, 4]


def test_accepts_a_connection_and_empty_store(tmp_path) -> None:
    path = make_store(tmp_path / "s.duckdb", [("d1", "2024-01-01", "A", [])])
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert event_clusters(con).empty
        assert list(event_clusters(con).columns)[:3] == ["cluster_id", "event_type", "mode"]
        assert cluster_assignments(con).empty
    finally:
        con.close()


# --- the rules file ---------------------------------------------------------------------------


def test_packaged_rules_are_the_defaults() -> None:
    assert load_rules() == DedupRules()


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ("window_days: -1\n", 1, "whole number"),
    ("# c\nlevel: region\n", 2, "level"),
    ("window_days: 3\nundirected_types: [CONSULT, TALK]\n", 2, "unknown PLOVER event type"),
    ("equivalent_types: [[AID]]\n", 1, "two or more"),
    ("equivalent_types: [[AID, SUPPORT], [AID, AGREE]]\n", 1, "more than one group"),
    ("missing:\n  actor: singleton\n  recipient: sometimes\n", 3, "match or singleton"),
    ("missing:\n  sender: match\n", 2, "unknown role"),
    ("near_duplicates:\n  enabled: true\n  threshold: 1.5\n", 3, "threshold"),
    ("windows: 3\n", 1, "unknown key"),
    ("split_on_mode: maybe\n", 1, "true or false"),
    ("[1, 2]\n", 1, "mapping"),
    ("window_days: [\n", 2, "YAML"),
])
def test_bad_rules_name_file_and_line(tmp_path, text: str, line: int, fragment: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_rules(path)
    assert (info.value.path, info.value.line) == (str(path), line)
    assert fragment in info.value.reason


def test_rules_file_overrides(tmp_path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("window_days: 5\nlevel: code\nundirected_types: [demand]\nreport_days: null\n"
                    "near_duplicates: {enabled: false}\n", encoding="utf-8")
    rules = load_rules(path)
    assert (rules.window_days, rules.level, rules.undirected_types, rules.report_days,
            rules.near_duplicates) == (5, "code", frozenset({"REQUEST"}), None, False)
    with pytest.raises(DataFileError, match="cannot read"):
        load_rules(tmp_path / "missing.yaml")


# --- the perfect-coder corpus -----------------------------------------------------------------


@pytest.fixture(scope="module")
def oracle_db(tmp_path_factory, corpus_expected) -> Path:
    return oracle_store(tmp_path_factory.mktemp("oracle") / "oracle.duckdb", corpus_expected)


def _published() -> dict[str, str]:
    return {json.loads(line)["id"]: json.loads(line)["published"]
            for p in CORPUS_DIR.glob("*.jsonl")
            for line in p.read_text(encoding="utf-8").splitlines()}


def test_oracle_reconstructs_the_95_events(oracle_db, corpus_expected) -> None:
    """Every expected event is exactly one cluster, with exactly its articles.

    Background mentions (``also_mentioned_in``, coded by the perfect coder with the event's
    date) join their event's cluster but are listed apart, as they are in expected.yaml.
    """
    with Store(oracle_db, read_only=True) as store:
        table = event_clusters(store)
    published = _published()

    def key(ev_type, mode, actor, recipient, day, day_end, docs, background):
        return (ev_type, mode, actor, recipient, day, day_end,
                tuple(sorted(docs, key=lambda d: (published[d], d))), tuple(sorted(background)))

    want = Counter(key(e["type"], e["mode"], e["actor"], e["recipient"], e["date"],
                       e.get("date_end") or e["date"], e["articles"],
                       e.get("also_mentioned_in") or [])
                   for e in corpus_expected["events"])
    got = Counter(key(r.event_type, r.mode, r.actor, r.recipient, r.date, r.date_end,
                      r.doc_ids, r.background_doc_ids) for r in table.itertuples())
    assert len(table) == 95
    assert got == want
    n_mentions = sum(len(e["articles"]) + len(e.get("also_mentioned_in") or [])
                     for e in corpus_expected["events"])
    assert table["n_reports"].sum() == n_mentions == 286 + 77
    assert (table["n_articles"] == table["doc_ids"].map(len)).all()


def test_oracle_counts_republished_copies_once(oracle_db, corpus_expected) -> None:
    with Store(oracle_db, read_only=True) as store:
        table = event_clusters(store)
    copies = {d for g in corpus_expected["near_duplicates"] for d in g[1:]}
    for r in table.itertuples():
        assert r.n_independent == r.n_articles - len(copies & set(r.doc_ids))
    assert (table["n_independent"] < table["n_articles"]).sum() > 0


def test_oracle_without_background(tmp_path, corpus_expected) -> None:
    path = oracle_store(tmp_path / "o.duckdb", corpus_expected, background=False)
    with Store(path, read_only=True) as store:
        table = event_clusters(store)
    assert len(table) == 95
    assert table["background_doc_ids"].map(len).sum() == 0
    assert table["n_reports"].sum() == 286


# --- the analysed corpus ----------------------------------------------------------------------


def test_real_corpus_clusters(corpus_db, corpus_expected) -> None:
    storyline = {json.loads(line)["id"]: p.stem for p in CORPUS_DIR.glob("*.jsonl")
                 for line in p.read_text(encoding="utf-8").splitlines()}
    with Store(corpus_db, read_only=True) as store:
        n_events = store.connection.execute(
            "SELECT count(*) FROM events WHERE NOT coalesce(negated, FALSE)").fetchone()[0]
        table = event_clusters(store)
        assignments = cluster_assignments(store)
    assert len(assignments) == n_events == table["n_reports"].sum()
    assert set(assignments["cluster_id"]) == set(table["cluster_id"])
    # reports of one event merge across outlets, so there are fewer clusters than events
    assert len(table) < n_events
    merged = table[table["n_sources"] >= 2]
    assert len(merged) >= 10
    # no cluster mixes articles of two storylines: they share neither dyads nor dates
    for r in table.itertuples():
        assert len({storyline[d] for d in r.doc_ids + r.background_doc_ids}) == 1, r
    # a cluster never spans more than its window past its anchor's day
    for r in table.itertuples():
        if len(r.date) == 10 and len(r.date_end) == 10 and r.n_reports > 1:
            from datetime import date
            span = (date.fromisoformat(r.date_end) - date.fromisoformat(r.date)).days
            assert span <= 31 + 3, r
