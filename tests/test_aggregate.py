"""Dyad analytics (dyads.analysis.aggregate / changes) against hand-computed expectations.

The small stores here are written event by event, so every count below can be checked by
reading the tables at the top of each fixture.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import dyads.analysis.dedup as dedup_module
from dyads.analysis.aggregate import (
    SERIES_COLUMNS,
    TOTALS_COLUMNS,
    changes,
    dyad_series,
    dyad_totals,
    partners,
)
from dyads.errors import StoreError
from dyads.model import ActorRef, Analysis, Document, Event
from dyads.store import Store


def _ref(spec: str) -> ActorRef:
    """``KGZ`` (government) or ``KGZ/MIL``."""
    country, _, sector = spec.partition("/")
    return ActorRef(text=f"{country} {sector or 'GOV'}", country=country, sector=sector or "GOV")


def _arg(spec: str | None) -> ActorRef | list[ActorRef] | None:
    if spec is None:
        return None
    parts = [_ref(s) for s in spec.split("+")]
    return parts if len(parts) > 1 else parts[0]


def _event(etype: str, actor: str | None, recipient: str | None, day: str | None,
           quad: int | None = None, score: float | None = None, negated: bool = False
           ) -> Event:
    return Event(event_type=etype, actor=_arg(actor), recipient=_arg(recipient),
                 sentence=f"{etype} sentence", evidence=etype, start=0, end=5, date=day,
                 quad=quad, score=score, negated=negated)


def _store(path, docs: list[tuple[str, str | None, str, list[Event]]]) -> Store:
    store = Store(path)
    for doc_id, published, source, events in docs:
        text = f"Article {doc_id}: " + " ".join(e.event_type for e in events)
        store.save(Analysis(doc=Document(text=text, id=doc_id, published=published,
                                         source=source), events=events))
    return store


#: doc, published, source, events (type, actor, recipient, date, quad, score[, negated]).
#: "+" joins compound arguments; "/MIL" a sector other than government.
SMALL = [
    ("d1", "2024-01-02", "Wire A", [
        _event("CONSULT", "KGZ", "TJK", "2024-01-01", 1, 2.5),
        _event("AGREE", "TJK", "KGZ", "2024-01-03", 1, 2.5)]),
    ("d2", "2024-01-03", "Wire B", [  # a second report of d1's agreement
        _event("AGREE", "TJK", "KGZ", "2024-01-03", 1, 2.5)]),
    ("d3", "2024-02-10", "Wire A", [
        _event("ACCUSE", "TJK", "KGZ", "2024-02-06", 3, -3),
        _event("THREATEN", "TJK", "KGZ", "2024-02-08", 3, -3.5),
        _event("ASSAULT", "KGZ", "TJK", "2024-02-09", 4, -9, negated=True)]),
    ("d4", "2024-02-21", "Wire C", [
        _event("ASSAULT", "TJK/MIL", "KGZ", "2024-02-19", 4, -9),
        _event("AID", "KAZ", "KGZ", "2024-02-20", 2, 10),
        _event("REQUEST", "RUS", None, "2024-02-20", 3, 0),  # no recipient: no dyad
        _event("MOBILIZE", "KGZ+KGZ/MIL", "TJK", "2024-02-21", 4, -5.5)]),
    ("d5", "2024-03-14", "Wire B", [
        _event("SUPPORT", "KAZ", "KGZ", "2024-03-04", 1, 5),
        _event("SANCTION", "RUS", "KGZ", "2024-03", 4, -6),  # month precision: the 1st
        _event("REQUEST", "RUS", "KGZ+TJK", "2024-03-13", 3, 0)]),
    ("d6", None, "Wire C", [  # no date at all: in totals, not in series
        _event("ACCUSE", "LTU", "BLR", None, 3, -3)]),
]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    store = _store(tmp_path_factory.mktemp("agg") / "small.duckdb", SMALL)
    yield store
    store.close()


def _counts(df: pd.DataFrame, *cols: str) -> dict:
    keys = ["actor", "recipient", *cols]
    return {tuple(r[k] for k in keys): r["events"] for r in df.to_dict("records")}


def _row(df: pd.DataFrame, actor: str, recipient: str, **match) -> dict:
    sel = df[(df["actor"] == actor) & (df["recipient"] == recipient)]
    for k, v in match.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, sel
    return sel.iloc[0].to_dict()


# --- totals ------------------------------------------------------------------------------

@pytest.mark.parametrize("dedup, expected", [
    # one AGREE reported twice counts once with dedup
    (True, {"events": 6, "verbal_cooperation": 2, "material_cooperation": 0,
            "verbal_conflict": 2, "material_conflict": 2, "score_sum": -16.0,
            "score_mean": -16 / 6, "cc_index": -2 / 6, "score_index": -16 / 60,
            "share_verbal_cooperation": 2 / 6, "share_material_conflict": 2 / 6}),
    (False, {"events": 7, "verbal_cooperation": 3, "material_cooperation": 0,
             "verbal_conflict": 2, "material_conflict": 2, "score_sum": -13.5,
             "score_mean": -13.5 / 7, "cc_index": -1 / 7, "score_index": -13.5 / 70,
             "share_verbal_cooperation": 3 / 7, "share_material_conflict": 2 / 7}),
])
def test_totals_of_one_dyad(small, dedup, expected):
    row = _row(dyad_totals(small, dedup=dedup), "KGZ", "TJK")
    for key, value in expected.items():
        assert row[key] == pytest.approx(value), key


def test_totals_all_dyads_sorted_most_events_first(small):
    df = dyad_totals(small, dedup=True)
    assert list(df.columns) == TOTALS_COLUMNS
    assert [(r.actor, r.recipient, r.events) for r in df.itertuples()] == [
        ("KGZ", "TJK", 6), ("KAZ", "KGZ", 2), ("KGZ", "RUS", 2),
        ("BLR", "LTU", 1), ("RUS", "TJK", 1)]
    assert _row(df, "KAZ", "KGZ")["score_sum"] == 15.0
    assert _row(df, "KAZ", "KGZ")["cc_index"] == 1.0
    assert _row(df, "KGZ", "RUS")["cc_index"] == -1.0
    assert df["events"].dtype == "int64"


@pytest.mark.parametrize("kwargs, expected", [
    ({"actor": "KAZ"}, {("KAZ", "KGZ"): 2}),
    ({"actor": "KGZ", "recipient": "TJK"}, {("KGZ", "TJK"): 7}),
    ({"actor": "TJK", "recipient": "KGZ"}, {("KGZ", "TJK"): 7}),  # undirected pair
    ({"actor": "KGZ", "directed": True}, {("KGZ", "TJK"): 2}),  # CONSULT, MOBILIZE
    ({"actor": "TJK", "directed": True}, {("TJK", "KGZ"): 5}),
    ({"since": "2024-02", "until": "2024-02"}, {("KGZ", "TJK"): 4, ("KAZ", "KGZ"): 1}),
    ({"since": "2024-03-05"}, {("KGZ", "RUS"): 1, ("RUS", "TJK"): 1}),
    ({"include_negated": True, "actor": "TJK"}, {("KGZ", "TJK"): 8, ("RUS", "TJK"): 1}),
    ({"level": "code", "actor": "TJK"},
     {("KGZGOV", "TJKGOV"): 6, ("KGZGOV", "TJKMIL"): 1, ("KGZMIL", "TJKGOV"): 1,
      ("RUSGOV", "TJKGOV"): 1}),
])
def test_totals_filters_and_levels(small, kwargs, expected):
    assert _counts(dyad_totals(small, dedup=False, **kwargs)) == expected


def test_compound_argument_counts_once_per_dyad(small):
    # MOBILIZE by [KGZ GOV, KGZ MIL]: one event of KGZ-TJK at country level
    feb = dyad_series(small, "month", dedup=False, actor="KGZ", recipient="TJK",
                      since="2024-02-21", until="2024-02-21")
    assert feb["events"].tolist() == [1]


# --- series ------------------------------------------------------------------------------

@pytest.mark.parametrize("interval, expected", [
    ("day", {date(2024, 1, 1): 1, date(2024, 1, 3): 1, date(2024, 2, 6): 1,
             date(2024, 2, 8): 1, date(2024, 2, 19): 1, date(2024, 2, 21): 1}),
    ("week", {date(2024, 1, 1): 2, date(2024, 2, 5): 2, date(2024, 2, 19): 2}),
    ("month", {date(2024, 1, 1): 2, date(2024, 2, 1): 4}),
    ("year", {date(2024, 1, 1): 6}),
])
def test_series_buckets(small, interval, expected):
    df = dyad_series(small, interval, actor="KGZ", recipient="TJK", dedup=True)
    assert dict(zip(df["period"], df["events"], strict=True)) == expected


def test_series_month_precision_date_counts_on_the_first(small):
    df = dyad_series(small, "week", dedup=False, actor="RUS", recipient="KGZ")
    # SANCTION dated 2024-03 -> 2024-03-01, a Friday: the week of Monday 26 February
    assert _counts(df, "period") == {("KGZ", "RUS", date(2024, 2, 26)): 1,
                                     ("KGZ", "RUS", date(2024, 3, 11)): 1}


def test_series_monthly_columns(small):
    df = dyad_series(small, "month", dedup=True)
    assert list(df.columns) == SERIES_COLUMNS
    assert _counts(df, "period") == {
        ("KAZ", "KGZ", date(2024, 2, 1)): 1, ("KAZ", "KGZ", date(2024, 3, 1)): 1,
        ("KGZ", "RUS", date(2024, 3, 1)): 2, ("KGZ", "TJK", date(2024, 1, 1)): 2,
        ("KGZ", "TJK", date(2024, 2, 1)): 4, ("RUS", "TJK", date(2024, 3, 1)): 1}
    feb = _row(df, "KGZ", "TJK", period=date(2024, 2, 1))
    assert feb["score_sum"] == -21.0
    assert feb["verbal_conflict"] == 2 and feb["material_conflict"] == 2
    assert feb["share_verbal_conflict"] == 0.5 and feb["cc_index"] == -1.0
    jan = _row(df, "KGZ", "TJK", period=date(2024, 1, 1))
    assert jan["cc_index"] == 1.0 and jan["share_verbal_cooperation"] == 1.0


def test_empty_results_keep_their_columns(small):
    assert list(dyad_series(small, actor="USA").columns) == SERIES_COLUMNS
    assert dyad_totals(small, actor="USA").empty
    assert changes(small, actor="USA").empty


@pytest.mark.parametrize("kwargs, error", [
    ({"interval": "fortnight"}, ValueError),
    ({"level": "region"}, ValueError),
    ({"since": "March"}, StoreError),
])
def test_bad_arguments(small, kwargs, error):
    with pytest.raises(error):
        dyad_series(small, **kwargs)


# --- dedup -------------------------------------------------------------------------------

def test_dedup_merges_reports_by_majority_quad_earliest_day_mean_score(small, monkeypatch):
    """A hand-made clustering: ACCUSE (Feb 6), THREATEN (Feb 8) and ASSAULT (Feb 19)
    as one event; the others stay alone."""
    def fake(con, rules=None, *, since=None, until=None):
        return pd.DataFrame({"doc_id": ["d3", "d3", "d4"], "idx": [0, 1, 0],
                             "cluster_id": ["x", "x", "x"]})

    monkeypatch.setattr(dedup_module, "cluster_assignments", fake)
    row = _row(dyad_totals(small, dedup=True), "KGZ", "TJK")
    # CONSULT, AGREE, AGREE (not merged here), x, MOBILIZE
    assert row["events"] == 5
    assert row["verbal_conflict"] == 1  # x: two quad-3 reports outvote one quad-4
    assert row["material_conflict"] == 1  # MOBILIZE only
    assert row["score_sum"] == pytest.approx(7.5 + (-3 - 3.5 - 9) / 3 - 5.5)
    weeks = dyad_series(small, "week", dedup=True, actor="KGZ", recipient="TJK")
    # x counts in the week of its earliest report (Feb 6 -> Monday Feb 5)
    assert dict(zip(weeks["period"], weeks["events"], strict=True)) == {
        date(2024, 1, 1): 3, date(2024, 2, 5): 1, date(2024, 2, 19): 1}


# --- partners ----------------------------------------------------------------------------

#: FRA and its counterparts; quad and score come from the PLOVER ontology (not stored).
PARTNERS = [
    ("p1", "2024-05-01", "Wire A", [
        _event("AGREE", "FRA", "DEU", "2024-05-01"),
        _event("SUPPORT", "DEU", "FRA", "2024-05-02"),
        _event("AID", "FRA", "DEU", "2024-05-03"),
        _event("AGREE", "ESP", "FRA", "2024-05-04"),
        _event("CONSULT", "FRA", "ESP", "2024-05-05"),
        _event("COOPERATE", "FRA", "ESP", "2024-05-06"),
        _event("ACCUSE", "ESP", "FRA", "2024-05-07"),
        _event("AGREE", "FRA", "ITA", "2024-05-08"),
        _event("CONSULT", "ITA", "FRA", "2024-05-09"),
        _event("SUPPORT", "FRA", "BEL", "2024-05-10"),
        _event("REJECT", "BEL", "FRA", "2024-05-11"),
        _event("ACCUSE", "FRA", "GBR", "2024-05-12"),
        _event("SANCTION", "GBR", "FRA", "2024-05-13"),
        _event("THREATEN", "FRA", "GBR", "2024-05-14"),
        _event("ACCUSE", "RUS", "FRA", "2024-05-15"),
        _event("COERCE", "FRA", "RUS", "2024-05-16"),
        _event("AID", "FRA", "CHE", "2024-05-17"),  # one event: no relationship yet
        _event("PROTEST", "FRA", "FRA", "2024-05-18"),  # domestic: not a counterpart
    ]),
]


@pytest.fixture(scope="module")
def partner_store(tmp_path_factory):
    store = _store(tmp_path_factory.mktemp("agg") / "partners.duckdb", PARTNERS)
    yield store
    store.close()


@pytest.mark.parametrize("kwargs, expected", [
    ({}, [("DEU", 3, 3, 0, "partner"), ("ESP", 4, 3, 1, "partner"),
          ("ITA", 2, 2, 0, "partner"), ("BEL", 2, 1, 1, "mixed"),
          ("GBR", 3, 0, 3, "adversary"), ("RUS", 2, 0, 2, "adversary")]),
    ({"n": 1}, [("DEU", 3, 3, 0, "partner"), ("BEL", 2, 1, 1, "mixed"),
                ("GBR", 3, 0, 3, "adversary")]),
    ({"min_events": 3}, [("DEU", 3, 3, 0, "partner"), ("ESP", 4, 3, 1, "partner"),
                         ("GBR", 3, 0, 3, "adversary")]),
    ({"min_events": 3, "margin": 0.6}, [("DEU", 3, 3, 0, "partner"),
                                        ("ESP", 4, 3, 1, "mixed"),  # index 0.5
                                        ("GBR", 3, 0, 3, "adversary")]),
    ({"min_events": 1}, [("DEU", 3, 3, 0, "partner"), ("ESP", 4, 3, 1, "partner"),
                         ("ITA", 2, 2, 0, "partner"), ("CHE", 1, 1, 0, "partner"),
                         ("BEL", 2, 1, 1, "mixed"),
                         ("GBR", 3, 0, 3, "adversary"), ("RUS", 2, 0, 2, "adversary")]),
])
def test_partners_and_adversaries(partner_store, kwargs, expected):
    df = partners(partner_store, "FRA", dedup=False, **kwargs)
    got = [(r.partner, r.events, r.cooperation, r.conflict, r.relation)
           for r in df.itertuples()]
    assert got == expected


def test_partner_scores_from_the_ontology(partner_store):
    df = partners(partner_store, "FRA", dedup=False).set_index("partner")
    # AGREE 2.5 + SUPPORT 5 + AID 10; ACCUSE -3, SANCTION -6, THREATEN -3.5
    assert df.loc["DEU", "score_sum"] == 17.5
    assert df.loc["GBR", "score_sum"] == -12.5
    assert df.loc["ESP", "cc_index"] == 0.5


def test_partners_seen_from_the_other_side(small):
    df = partners(small, "TJK", dedup=True, min_events=1)
    assert [(r.partner, r.events, r.relation) for r in df.itertuples()] == [
        ("KGZ", 6, "adversary"), ("RUS", 1, "adversary")]


# --- change detection --------------------------------------------------------------------

def _monthly(pattern: dict[str, str]) -> list:
    """A dyad AAA-BBB from month -> letters: c cooperative (AGREE), a ACCUSE, x ASSAULT."""
    kinds = {"c": "AGREE", "a": "ACCUSE", "x": "ASSAULT"}
    events = [_event(kinds[k], "AAA" if i % 2 else "BBB", "BBB" if i % 2 else "AAA",
                     f"{month}-{i + 1:02d}")
              for month, letters in pattern.items() for i, k in enumerate(letters)]
    return [("m1", "2024-07-01", "Wire A", events)]


@pytest.mark.parametrize("pattern, kwargs, expected", [
    # talks, then a row: the index crosses from +1 to -1
    ({"2024-01": "cc", "2024-02": "aa"}, {},
     [(date(2024, 2, 1), 1.0, -1.0, 2, 2, "turned hostile")]),
    # hostile throughout: no change
    ({"2024-01": "aa", "2024-02": "aax"}, {}, []),
    # one cooperative event is not a baseline
    ({"2024-01": "c", "2024-02": "aa"}, {}, []),
    ({"2024-01": "c", "2024-02": "aa"}, {"min_events": 1},
     [(date(2024, 2, 1), 1.0, -1.0, 1, 2, "turned hostile")]),
    ({"2024-01": "aa", "2024-02": "cc"}, {},
     [(date(2024, 2, 1), -1.0, 1.0, 2, 2, "improved")]),
    # a quiet month between: monthly windows of one month never compare Jan with Mar ...
    ({"2024-01": "cc", "2024-03": "aa"}, {}, []),
    # ... windows of two months do: [Jan, Feb] against [Mar, Apr]
    ({"2024-01": "cc", "2024-03": "aa"}, {"window": 2},
     [(date(2024, 3, 1), 1.0, -1.0, 2, 2, "turned hostile")]),
    # cooling to a balance (index 0) is not hostility
    ({"2024-01": "ccc", "2024-02": "ca"}, {}, []),
    # +0.5 -> -1/3: crossed by more than the threshold
    ({"2024-01": "ccca", "2024-02": "caa"}, {},
     [(date(2024, 2, 1), 0.5, -1 / 3, 4, 3, "turned hostile")]),
    ({"2024-01": "ccca", "2024-02": "caa"}, {"threshold": 0.9}, []),
    # two drops in a row (+1 -> -0.5 -> -1) are one episode, dated at the larger one
    ({"2024-01": "cc", "2024-02": "caaa", "2024-03": "aa"}, {},
     [(date(2024, 2, 1), 1.0, -0.5, 2, 4, "turned hostile")]),
    # accusations becoming assaults: the count index stays -1, the score index falls
    ({"2024-01": "aa", "2024-02": "xx"}, {}, []),
    ({"2024-01": "aa", "2024-02": "xx"}, {"index": "score"},
     [(date(2024, 2, 1), -0.3, -0.9, 2, 2, "turned hostile")]),
])
def test_changes(tmp_path, pattern, kwargs, expected):
    with _store(tmp_path / "m.duckdb", _monthly(pattern)) as store:
        df = changes(store, dedup=False, **kwargs)
    assert list(df.columns) == ["actor", "recipient", "period", "before_index",
                                "after_index", "delta", "events_before", "events_after",
                                "kind"]
    got = [(r.period, r.before_index, r.after_index, r.events_before, r.events_after,
            r.kind) for r in df.itertuples()]
    assert [g[:1] + tuple(pytest.approx(v) for v in g[1:3]) + g[3:] for g in got] == expected
    assert all((df["actor"] == "AAA") & (df["recipient"] == "BBB"))
    assert df["delta"].tolist() == pytest.approx((df["after_index"]
                                                  - df["before_index"]).tolist())


def test_changes_weekly(tmp_path):
    events = [_event("AGREE", "AAA", "BBB", "2024-01-01"),
              _event("CONSULT", "BBB", "AAA", "2024-01-02"),
              _event("ACCUSE", "AAA", "BBB", "2024-01-08"),
              _event("THREATEN", "BBB", "AAA", "2024-01-10")]
    with _store(tmp_path / "w.duckdb", [("w1", "2024-01-12", "Wire A", events)]) as store:
        weekly = changes(store, "week", dedup=False)
        monthly = changes(store, "month", dedup=False)
    assert weekly[["period", "kind"]].values.tolist() == [[date(2024, 1, 8), "turned hostile"]]
    assert monthly.empty  # one month holds both sides


def test_changes_on_the_small_store(small):
    df = changes(small, dedup=True)
    assert df[["actor", "recipient", "period", "events_before", "events_after", "kind"]] \
        .values.tolist() == [["KGZ", "TJK", date(2024, 2, 1), 2, 4, "turned hostile"]]


@pytest.mark.parametrize("kwargs", [{"window": 0}, {"min_events": 0}, {"threshold": 0},
                                    {"index": "goldstein"}])
def test_changes_bad_arguments(small, kwargs):
    with pytest.raises(ValueError):
        changes(small, **kwargs)


# --- the test corpus, coded by a perfect coder -------------------------------------------

@pytest.fixture(scope="module")
def oracle(tmp_path_factory, corpus_expected):
    from corpus_oracle import oracle_store

    path = oracle_store(tmp_path_factory.mktemp("oracle") / "oracle.duckdb", corpus_expected)
    store = Store(path, read_only=True)
    yield store
    store.close()


QUADS = ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]


def test_oracle_totals_reproduce_expected_dyads(oracle, corpus_expected):
    df = dyad_totals(oracle, dedup=True)
    got = {f"{r['actor']}-{r['recipient']}": {k: r[k] for k in ["events", *QUADS]}
           for r in df.to_dict("records")}
    want = {pair: {k: d[k] for k in ["events", *QUADS]}
            for pair, d in corpus_expected["dyads"].items()}
    assert got == want


def test_oracle_monthly_series_reproduce_expected_dyads(oracle, corpus_expected):
    df = dyad_series(oracle, "month", dedup=True)
    got: dict[str, dict[str, int]] = {}
    for r in df.to_dict("records"):
        got.setdefault(f"{r['actor']}-{r['recipient']}", {})[r["period"].strftime("%Y-%m")] = \
            r["events"]
    want = {pair: {str(m): n for m, n in d["by_month"].items()}
            for pair, d in corpus_expected["dyads"].items()}
    assert got == want


def test_oracle_without_dedup_counts_every_report(oracle, corpus_expected):
    """Every article (report or later background mention) that codes an event counts."""
    want: dict[str, int] = {}
    for ev in corpus_expected["events"]:
        if ev["actor"] and ev["recipient"]:
            pair = "-".join(sorted([ev["actor"], ev["recipient"]]))
            want[pair] = want.get(pair, 0) + len(ev["articles"]) \
                + len(ev.get("also_mentioned_in") or [])
    df = dyad_totals(oracle, dedup=False)
    assert {f"{r.actor}-{r.recipient}": r.events for r in df.itertuples()} == want


def test_oracle_turning_hostile(oracle):
    """Only the border storyline turns: January's talks and working group (KGZ-TJK
    cooperating) give way in February to the row over the Vorukh road (accusation, demand,
    refusal), then March's build-up and clashes. The other storylines' dyads are hostile
    from their first event (detained drivers, Chinese criticism, Sudan's refusal, Moscow's
    threat, the crackdown) or never hostile (JPN-PHL, AZE-TKM, the donors)."""
    for kwargs in ({}, {"window": 2}):
        df = changes(oracle, "month", dedup=True, **kwargs)
        hostile = df[df["kind"] == "turned hostile"]
        assert hostile[["actor", "recipient", "period"]].values.tolist() == [
            ["KGZ", "TJK", date(2024, 2, 1)]], kwargs


def test_oracle_improving(oracle):
    """The Moscow protocol (April) ends the border dispute; with two-month windows, the
    Lithuania-Belarus thaw (April's border talks, May's pardon and release) shows too,
    while a single month of April (one event) is too little evidence on its own."""
    monthly = changes(oracle, "month", dedup=True)
    improved = monthly[monthly["kind"] == "improved"]
    pairs = improved[["actor", "recipient", "period"]].values.tolist()
    assert ["KGZ", "TJK", date(2024, 4, 1)] in pairs
    assert not any(p[:2] == ["BLR", "LTU"] for p in pairs)
    two = changes(oracle, "month", dedup=True, window=2)
    pairs = two[two["kind"] == "improved"][["actor", "recipient", "period"]].values.tolist()
    assert ["KGZ", "TJK", date(2024, 4, 1)] in pairs
    assert ["BLR", "LTU", date(2024, 4, 1)] in pairs


def test_oracle_partners_of_chad(oracle):
    df = partners(oracle, "TCD", dedup=True, min_events=1)
    assert [(r.partner, r.events, r.relation) for r in df.itertuples()] == [
        ("DEU", 1, "partner"), ("GBR", 1, "partner"), ("SAU", 1, "partner"),
        ("USA", 1, "partner"), ("SDN", 9, "adversary")]
    # one event each is not enough for the default rule: only Sudan remains
    assert partners(oracle, "TCD", dedup=True)["partner"].tolist() == ["SDN"]
