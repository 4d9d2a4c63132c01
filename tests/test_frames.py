"""The pandas frames of dyads.analysis.frames on a small hand-made database and the corpus."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from sample_store import build_store

from dyads.analysis.frames import (
    ACTOR_COLUMNS,
    DOCUMENT_COLUMNS,
    EVENT_COLUMNS,
    QUOTE_COLUMNS,
    actors_frame,
    documents_frame,
    events_frame,
    flatten_argument,
    quotes_frame,
)
from dyads.errors import StoreError
from dyads.store import Store


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> str:
    return str(build_store(tmp_path_factory.mktemp("frames") / "small.duckdb"))


@pytest.fixture()
def con(small_db):
    c = duckdb.connect(small_db, read_only=True)
    yield c
    c.close()


@pytest.mark.parametrize(("arg", "expected"), [
    (None, {"x_members": 0, "x_name": None, "x_country": None, "x_code": None}),
    ({"text": "Moscow", "name": "Russia", "country": "RUS", "sector": "GOV", "code": "RUSGOV"},
     {"x_members": 1, "x_name": "Russia", "x_country": "RUS", "x_code": "RUSGOV",
      "x_sector": "GOV"}),
    ([{"text": "Kyrgyz", "name": "Kyrgyzstan", "country": "KGZ", "sector": None, "code": "KGZ"},
      {"text": "forces", "name": None, "country": "TJK", "sector": "MIL", "code": "TJKMIL"}],
     {"x_members": 2, "x_name": "Kyrgyzstan; ", "x_country": "KGZ; TJK",
      "x_sector": "; MIL", "x_text": "Kyrgyz; forces"}),
])
def test_flatten_argument(arg, expected):
    flat = flatten_argument(arg, "x")
    for key, value in expected.items():
        assert flat[key] == value, key


def test_events_frame_rows(con):
    df = events_frame(con)
    assert list(df.columns) == list(EVENT_COLUMNS)
    # the negated attack is left out; the month-dated accusation sorts first ("2024-03")
    assert list(zip(df["doc_id"], df["idx"], df["event_type"])) == [
        ("a", 1, "ACCUSE"), ("a", 0, "CONSULT"), ("b", 0, "CONSULT"), ("c", 0, "CONSULT")]
    accuse = df.iloc[0]
    assert accuse["event_id"] == "a-accuse"
    assert accuse["actor_code"] == "TUR" and accuse["actor_members"] == 1
    assert accuse["recipient_name"] == "Russia; Ukraine"
    assert accuse["recipient_country"] == "RUS; UKR"
    assert accuse["recipient_code"] == "RUSGOV; UKR"
    assert accuse["recipient_sector"] == "GOV; "
    assert accuse["recipient_members"] == 2
    assert accuse["contexts"] == "diplomatic; legal"
    assert accuse["quad"] == 3 and accuse["quad_name"] == "verbal conflict"
    assert accuse["score"] == -3.5 and accuse["date"] == "2024-03"
    assert pd.isna(accuse["location_name"]) and pd.isna(accuse["location_lat"])
    meet = df.iloc[1]
    assert (meet["location_name"], meet["location_country"], meet["location_geonameid"]) == \
        ("Ankara", "TUR", 323786)
    assert meet["location_lat"] == pytest.approx(39.91987)
    assert (meet["doc_source"], meet["doc_url"], meet["published"]) == \
        ("Wire A", "https://a.example/1", "2024-03-01")
    assert (meet["start_char"], meet["end_char"], meet["evidence"]) == (23, 30, "visited")
    assert df["idx"].dtype == "Int64" and df["negated"].dtype == "boolean"


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, [("a", 1), ("a", 0), ("b", 0), ("c", 0)]),
    ({"include_negated": True}, [("a", 1), ("a", 0), ("a", 2), ("b", 0), ("c", 0)]),
    ({"actor": "TUR"}, [("a", 1)]),
    ({"recipient": "UKR"}, [("a", 1)]),
    ({"recipient": "UKR", "include_negated": True}, [("a", 1), ("a", 2)]),
    ({"event_type": "consult", "limit": 2, "offset": 1}, [("b", 0), ("c", 0)]),
    ({"quad": 3}, [("a", 1)]),
    ({"text": "STALLING"}, [("a", 1)]),
    ({"since": "2024-03-01"}, [("a", 0), ("b", 0), ("c", 0)]),
    ({"until": "2024-02"}, []),
])
def test_events_frame_filters(con, filters, expected):
    df = events_frame(con, **filters)
    assert list(zip(df["doc_id"], df["idx"])) == expected
    assert list(df.columns) == list(EVENT_COLUMNS)


def test_events_frame_bad_date(con):
    with pytest.raises(StoreError, match="since"):
        events_frame(con, since="March")


def test_quotes_frame(con):
    df = quotes_frame(con)
    assert list(df.columns) == list(QUOTE_COLUMNS)
    assert len(df) == 1
    q = df.iloc[0]
    assert (q["doc_id"], q["idx"], q["speaker_name"], q["speaker_country"],
            q["speaker_members"]) == ("a", 0, "NATO; Turkey", "IGO; TUR", 2)
    assert (q["content"], q["kind"], q["event_ids"], q["hedged"]) == \
        ("the talks must go on", "indirect", "a-accuse", False)
    assert quotes_frame(con, speaker="nato")["doc_id"].tolist() == ["a"]
    assert quotes_frame(con, speaker="RUS").empty


def test_actors_and_documents_frames(small_db):
    with Store(small_db, read_only=True) as store:  # a Store works as well as a connection
        actors = actors_frame(store)
        docs = documents_frame(store)
        late = documents_frame(store, since="2024-03-02")
        wire_a = documents_frame(store, source="wire a")
    assert list(actors.columns) == list(ACTOR_COLUMNS)
    assert actors.empty  # the sample analyses list no actor mentions
    assert list(docs.columns) == list(DOCUMENT_COLUMNS)
    assert docs["id"].tolist() == ["a", "b", "c"]
    # negated events are not counted
    assert docs["events"].tolist() == [2, 1, 1]
    assert docs["quotes"].tolist() == [1, 0, 0]
    assert docs["places"].tolist() == [1, 0, 0]
    assert late["id"].tolist() == ["b", "c"]
    assert wire_a["id"].tolist() == ["a", "c"]


def test_frames_on_corpus(corpus_db):
    with Store(corpus_db, read_only=True) as store:
        events = events_frame(store)
        n = store.connection.execute(
            "SELECT count(*) FROM events WHERE NOT negated").fetchone()[0]
        pairs = store.connection.execute(
            "SELECT doc_id, idx, event_type FROM events WHERE NOT negated").fetchall()
        docs = documents_frame(store)
        quotes = quotes_frame(store)
    assert len(events) == n > 0
    # every row found its key back, and the key leads to the same stored event
    assert events["idx"].notna().all()
    assert set(zip(events["doc_id"], events["idx"], events["event_type"])) == set(pairs)
    assert len(docs) == 211 and docs["events"].sum() == n
    assert quotes["idx"].notna().all() and len(quotes) > 0
