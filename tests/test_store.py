"""The DuckDB store: round trips, idempotence, atomic saves, filters, schema checks."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyads.errors import StoreError
from dyads.model import (
    SCHEMA_VERSION,
    ActorMention,
    ActorRef,
    Analysis,
    DateMention,
    Document,
    Event,
    Place,
    Quote,
)
from dyads.store import DATA_TABLES, Store, actor_match
from dyads.store import db as store_db

# --- strategies: any unicode a document may hold (no lone surrogates: not UTF-8) ----------

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
opt_text = st.none() | text
offsets = st.integers(min_value=0, max_value=2**40)
finite = st.floats(allow_nan=False, allow_infinity=False)
refs = st.builds(ActorRef, text=text, name=opt_text, country=opt_text, sector=opt_text,
                 code=opt_text)
arguments = st.none() | refs | st.lists(refs, max_size=3)
places = st.builds(Place, text=text, name=opt_text, country=opt_text,
                   geonameid=st.none() | st.integers(0, 2**40), lat=st.none() | finite,
                   lon=st.none() | finite, start=offsets, end=offsets)
events = st.builds(
    Event, event_type=text, actor=arguments, recipient=arguments, sentence=text,
    evidence=text, start=offsets, end=offsets, id=text, mode=opt_text,
    contexts=st.lists(text, max_size=3), date=opt_text, date_end=opt_text,
    location=st.none() | places.map(Place.to_dict), tense=opt_text, negated=st.booleans(),
    hypothetical=st.booleans(), cameo=opt_text, quad=st.none() | st.integers(1, 4),
    score=st.none() | finite, confidence=st.none() | finite)
mentions = st.builds(ActorMention, text=text, name=opt_text, country=opt_text,
                     sector=opt_text, code=opt_text, start=offsets, end=offsets,
                     sentence=st.integers(0, 10_000), kb_id=opt_text)
quotes = st.builds(Quote, speaker=arguments, cue=opt_text, content=text, kind=text,
                   start=offsets, end=offsets, hedged=st.booleans())
dates = st.builds(DateMention, text=text, value=opt_text, value_end=opt_text, precision=text,
                  start=offsets, end=offsets)
documents = st.builds(Document, text=text, id=st.none() | text.filter(bool), title=opt_text,
                      published=opt_text, source=opt_text, url=opt_text, origin=opt_text)
analyses = st.builds(Analysis, doc=documents, actors=st.lists(mentions, max_size=3),
                     events=st.lists(events, max_size=3), quotes=st.lists(quotes, max_size=3),
                     dates=st.lists(dates, max_size=2), places=st.lists(places, max_size=2))


@pytest.fixture(scope="module")
def scratch_store():
    with Store(":memory:") as store:
        yield store


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(analysis=analyses)
def test_round_trip_is_exact(scratch_store: Store, analysis: Analysis) -> None:
    store = scratch_store
    for table in DATA_TABLES:  # emptying is ~15x faster than opening a new database
        store.connection.execute(f"DELETE FROM {table}")
    assert store.save(analysis) is True
    back = store.load_analysis(analysis.doc.id)
    assert store.save(back) is False
    assert back.to_dict() == analysis.to_dict()
    assert back.doc.text == analysis.doc.text
    assert back.doc.origin == analysis.doc.origin


# --- hand-built analyses ---------------------------------------------------------------

RUSGOV = ActorRef("Moscow", "Russia", "RUS", "GOV")
LAVROV = ActorRef("Sergei Lavrov", "Sergei Lavrov", "RUS", "GOV")
TALIBAN = ActorRef("the Taliban", "Taliban", "AFG", "REB")
CHINA = ActorRef("Beijing", "China", "CHN", "GOV")
BELARUS = ActorRef("Minsk", "Belarus", "BLR", "GOV")
USA = ActorRef("Washington", "United States", "USA", "GOV")
NATO = ActorRef("NATO", "NATO", "IGO", "MIL")
UNKNOWN = ActorRef("protesters")


def event(event_type: str, actor, recipient, sentence: str, date: str | None = None,
          quad: int | None = None) -> Event:
    return Event(event_type=event_type, actor=actor, recipient=recipient, sentence=sentence,
                 evidence=sentence.split()[1], start=0, end=len(sentence), date=date,
                 quad=quad, contexts=["test"])


def analysis(text: str, published: str | None, *evs: Event, quotes=(), actors=()) -> Analysis:
    return Analysis(doc=Document(text=text, title=text[:20], published=published,
                                 origin="test"),
                    events=list(evs), quotes=list(quotes), actors=list(actors))


CORPUS = [
    analysis("Russia hosted the Taliban.", "2021-09-07",
             event("CONSULT", RUSGOV, TALIBAN, "Moscow hosted the Taliban.", quad=1),
             event("AID", [RUSGOV, CHINA], TALIBAN, "Moscow and Beijing sent aid.",
                   date="2021-09-01", quad=2),
             quotes=[Quote(LAVROV, "said", "The talks were useful.", "direct", 0, 5)],
             actors=[ActorMention("Moscow", "Russia", "RUS", "GOV", "RUSGOV", 0, 6, 0),
                     ActorMention("Lavrov", "Sergei Lavrov", "RUS", "GOV", "RUSGOV", 9, 15, 0),
                     ActorMention("Taliban", "Taliban", "AFG", "REB", "AFGREB", 20, 27, 0)]),
    analysis("Belarus protests grew.", "2021-10-15",
             event("PROTEST", UNKNOWN, BELARUS, "Protesters marched against Minsk.", quad=3),
             event("ACCUSE", USA, [BELARUS, RUSGOV], "Washington accused Minsk and Moscow."),
             quotes=[Quote([USA, NATO], "said", "We stand together.", "direct", 0, 5)],
             actors=[ActorMention("Minsk", "Belarus", "BLR", "GOV", "BLRGOV", 0, 5, 0)]),
    analysis("NATO met with no date.", None,
             event("CONSULT", NATO, None, "NATO ministers met in Brussels.")),
]


@pytest.fixture(scope="module")
def corpus_store():
    with Store(":memory:") as store:
        for a in CORPUS:
            assert store.save(a)
        yield store


def _sentences(rows: list[dict]) -> set[str]:
    return {r["sentence"] for r in rows}


@pytest.mark.parametrize("filters, expected", [
    ({}, {"Moscow hosted the Taliban.", "Moscow and Beijing sent aid.",
          "Protesters marched against Minsk.", "Washington accused Minsk and Moscow.",
          "NATO ministers met in Brussels."}),
    # code prefix and country both match; RUS is not a substring hit on "Belarus"
    ({"actor": "RUS"}, {"Moscow hosted the Taliban.", "Moscow and Beijing sent aid."}),
    ({"actor": "RUSGOV"}, {"Moscow hosted the Taliban.", "Moscow and Beijing sent aid."}),
    ({"actor": "CHN"}, {"Moscow and Beijing sent aid."}),  # any member of a compound
    ({"actor": "china"}, {"Moscow and Beijing sent aid."}),  # name substring, any case
    ({"actor": "protest"}, {"Protesters marched against Minsk."}),  # text of an unknown actor
    ({"actor": "NATO"}, {"NATO ministers met in Brussels."}),  # whole-word name match
    ({"actor": "IGO"}, {"NATO ministers met in Brussels."}),
    ({"recipient": "RUS"}, {"Washington accused Minsk and Moscow."}),
    ({"recipient": "taliban"}, {"Moscow hosted the Taliban.", "Moscow and Beijing sent aid."}),
    ({"recipient": "BLR"}, {"Protesters marched against Minsk.",
                            "Washington accused Minsk and Moscow."}),
    ({"actor": "RUS", "recipient": "AFG"}, {"Moscow hosted the Taliban.",
                                            "Moscow and Beijing sent aid."}),
    ({"actor": "AFG"}, set()),
    ({"event_type": "consult"}, {"Moscow hosted the Taliban.", "NATO ministers met in Brussels."}),
    ({"quad": 2}, {"Moscow and Beijing sent aid."}),
    ({"text": "ACCUSED"}, {"Washington accused Minsk and Moscow."}),
    # an event's own date wins over its document's publication date
    ({"until": "2021-09-05"}, {"Moscow and Beijing sent aid."}),
    ({"since": "2021-09-05", "until": "2021-09"}, {"Moscow hosted the Taliban."}),
    ({"since": "2021-10"}, {"Protesters marched against Minsk.",
                            "Washington accused Minsk and Moscow."}),
    ({"until": "2021"}, {"Moscow hosted the Taliban.", "Moscow and Beijing sent aid.",
                         "Protesters marched against Minsk.",
                         "Washington accused Minsk and Moscow."}),
    ({"actor": "x'); DROP TABLE events; --"}, set()),  # parameters, never SQL text
])
def test_query_events_filters(corpus_store: Store, filters: dict, expected: set[str]) -> None:
    assert _sentences(corpus_store.query_events(**filters)) == expected


def test_query_events_rows_carry_the_document(corpus_store: Store) -> None:
    rows = corpus_store.query_events(actor="CHN")
    assert len(rows) == 1
    row = rows[0]
    assert row["doc_id"] == CORPUS[0].doc.id
    assert row["doc_title"] == CORPUS[0].doc.title
    assert row["published"] == "2021-09-07"
    assert row["actor"] == [RUSGOV.to_dict(), CHINA.to_dict()]
    assert row["contexts"] == ["test"]


def test_query_events_order_and_paging(corpus_store: Store) -> None:
    everything = corpus_store.query_events()
    dates = [r["date"] or r["published"] for r in everything]
    assert dates[:4] == ["2021-09-01", "2021-09-07", "2021-10-15", "2021-10-15"]
    assert dates[-1] is None  # undated last
    assert corpus_store.query_events(limit=2, offset=1) == everything[1:3]
    assert corpus_store.query_events(limit=0) == []


@pytest.mark.parametrize("filters, message", [
    ({"since": "last week"}, "since must be a date"),
    ({"until": "2021-9-1"}, "until must be a date"),
    ({"limit": -1}, "limit must be zero or more"),
    ({"offset": -3}, "offset must be zero or more"),
])
def test_query_events_bad_arguments(corpus_store: Store, filters: dict, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        corpus_store.query_events(**filters)


@pytest.mark.parametrize("filters, expected", [
    ({}, {"The talks were useful.", "We stand together."}),
    ({"speaker": "lavrov"}, {"The talks were useful."}),
    ({"speaker": "IGO"}, {"We stand together."}),
    ({"speaker": "USA"}, {"We stand together."}),
    ({"text": "TALKS"}, {"The talks were useful."}),
    ({"speaker": "CHN"}, set()),
])
def test_query_quotes(corpus_store: Store, filters: dict, expected: set[str]) -> None:
    assert {q["content"] for q in corpus_store.query_quotes(**filters)} == expected


@pytest.mark.parametrize("filters, expected", [
    ({}, [("RUSGOV", "Russia", 1), ("RUSGOV", "Sergei Lavrov", 1), ("AFGREB", "Taliban", 1),
          ("BLRGOV", "Belarus", 1)]),
    ({"country": "rus"}, [("RUSGOV", "Russia", 1), ("RUSGOV", "Sergei Lavrov", 1)]),
    ({"sector": "REB"}, [("AFGREB", "Taliban", 1)]),
    ({"name": "lavrov"}, [("RUSGOV", "Sergei Lavrov", 1)]),
])
def test_query_actors(corpus_store: Store, filters: dict, expected: list[tuple]) -> None:
    rows = corpus_store.query_actors(**filters)
    assert sorted((r["code"], r["name"], r["mentions"]) for r in rows) == sorted(expected)
    assert all(r["documents"] == 1 for r in rows)


def test_documents_listing_and_lookup(corpus_store: Store) -> None:
    listed = corpus_store.documents()
    assert [d["published"] for d in listed] == ["2021-10-15", "2021-09-07", None]
    assert [d["events"] for d in listed] == [2, 2, 1]
    assert "text" not in listed[0]
    assert corpus_store.documents(limit=1, offset=1)[0]["id"] == listed[1]["id"]
    doc = corpus_store.document(CORPUS[0].doc.id)
    assert doc is not None
    assert doc["text"] == CORPUS[0].doc.text
    assert doc["content_hash"] == CORPUS[0].doc.content_hash
    assert corpus_store.document("no-such-id") is None
    with pytest.raises(StoreError, match="no document with id"):
        corpus_store.load_analysis("no-such-id")


def test_counts(corpus_store: Store) -> None:
    assert corpus_store.counts() == {
        "documents": 3, "actor_mentions": 4, "events": 5,
        # actor + recipient members: 1+1, 2+1, 1+1, 1+2, 1+0
        "event_actors": 11, "quotes": 2, "quote_speakers": 3, "dates": 0, "places": 0}


# --- idempotence and atomicity --------------------------------------------------------

def test_same_text_is_stored_once(tmp_path: Path) -> None:
    with Store(tmp_path / "d.duckdb") as store:
        assert store.save(CORPUS[0]) is True
        before = store.counts()
        assert store.save(CORPUS[0]) is False
        # another id and metadata, same text: still the same document
        again = Analysis(doc=Document(text=CORPUS[0].doc.text, id="other", title="x"))
        assert store.save(again) is False
        assert store.counts() == before
        assert store.has_document(CORPUS[0].doc.content_hash)
        assert not store.has_document(CORPUS[1].doc.content_hash)


def test_same_id_other_text_is_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "d.duckdb") as store:
        store.save(Analysis(doc=Document(text="one text", id="a1", origin="x.jsonl:1")))
        with pytest.raises(StoreError, match="already stored with another text"):
            store.save(Analysis(doc=Document(text="another text", id="a1")))
        assert store.counts()["documents"] == 1


def test_failed_save_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "d.duckdb"
    with Store(path) as store:
        store.save(CORPUS[1])
        before = store.counts()
        real_insert = store_db.Store._insert

        def failing_insert(self, con, table, rows):
            if table == "quotes":  # documents, mentions and events are written by now
                raise duckdb.IOException("disk full")
            real_insert(self, con, table, rows)

        monkeypatch.setattr(store_db.Store, "_insert", failing_insert)
        with pytest.raises(StoreError, match="nothing of it was stored"):
            store.save(CORPUS[0])
        assert store.counts() == before
        assert not store.has_document(CORPUS[0].doc.content_hash)
        monkeypatch.undo()
        assert store.save(CORPUS[0]) is True  # the store is still usable afterwards
    with Store(path, read_only=True) as store:
        assert store.load_analysis(CORPUS[0].doc.id).to_dict() == CORPUS[0].to_dict()


def test_unstorable_value_is_a_store_error(tmp_path: Path) -> None:
    bad = Analysis(doc=Document(text="too big"),
                   places=[Place("x", None, None, 2**70, None, None, 0, 1)])
    with Store(tmp_path / "d.duckdb") as store:
        with pytest.raises(StoreError, match="could not save document"):
            store.save(bad)
        assert store.counts()["documents"] == 0


# --- opening ----------------------------------------------------------------------------

def test_reopen_keeps_data_and_read_only_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "d.duckdb"
    with Store(path) as store:
        store.save(CORPUS[0])
    with Store(path, read_only=True) as store:
        assert store.counts()["documents"] == 1
        with pytest.raises(StoreError, match="read-only"):
            store.save(CORPUS[1])
    with Store(path) as store:
        assert store.save(CORPUS[1]) is True
        assert store.counts()["documents"] == 2


def test_schema_version_mismatch(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE schema_version SET version = ?", [SCHEMA_VERSION + 41])
    con.close()
    with pytest.raises(StoreError, match=rf"schema version {SCHEMA_VERSION + 41}.*new database"):
        Store(path)


@pytest.mark.parametrize("content, message", [
    (b"this is a text file, not a database\n" * 200, "not a DuckDB database"),
    (b"\x89PNG\r\n\x1a\n" + bytes(5000), "not a DuckDB database"),
])
def test_not_a_duckdb_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=message) as info:
        Store(path)
    assert str(path) in str(info.value)


def test_foreign_duckdb_database(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE things (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a dyads one"):
        Store(path)


def test_read_only_needs_an_existing_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database at"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    assert not (tmp_path / "missing.duckdb").exists()


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "no" / "such" / "d.duckdb")


def test_closed_store(tmp_path: Path) -> None:
    store = Store(tmp_path / "d.duckdb")
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.counts()


def test_new_database_has_every_table(tmp_path: Path) -> None:
    with Store(tmp_path / "d.duckdb") as store:
        assert set(store.counts()) == set(DATA_TABLES)
        assert store.connection.execute("SELECT version FROM schema_version").fetchall() == [
            (SCHEMA_VERSION,)]


@pytest.mark.parametrize("query, sql_part", [
    ("RUS", "starts_with"),
    ("US", "starts_with"),
    ("Rus", "contains"),
    ("lavrov", "contains"),
    ("R", "contains"),
])
def test_actor_match_kind(query: str, sql_part: str) -> None:
    sql, params = actor_match("a", query)
    assert sql_part in sql
    assert all(query in str(p) for p in params)
