"""Exports: PLOVER JSONL, CSV, Parquet, GDELT TSV and whole tables, read back and compared."""

from __future__ import annotations

import json
import os

import duckdb
import pandas as pd
import pytest
from sample_store import build_store

from dyads.analysis.dedup import event_clusters
from dyads.analysis.frames import EVENT_COLUMNS, events_frame
from dyads.errors import DyadsError
from dyads.export import GDELT_COLUMNS, ExportError, export_events, export_tables
from dyads.export.gdelt import cameo_codes, event_day
from dyads.store import DATA_TABLES, Store


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> str:
    return str(build_store(tmp_path_factory.mktemp("export") / "small.duckdb"))


@pytest.fixture()
def con(small_db):
    c = duckdb.connect(small_db, read_only=True)
    yield c
    c.close()


def read_gdelt(path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)


# --- PLOVER JSONL ---------------------------------------------------------------------------

def test_jsonl_plover_records(con, tmp_path):
    path = tmp_path / "events.jsonl"
    assert export_events(con, path, "jsonl") == 4
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a-accuse", "a-meet", "b-meet", "c-meet"]
    accuse, meet = records[0], records[1]
    assert accuse["event"] == ["ACCUSE"] and accuse["mode"] == ["allege"]
    assert accuse["context"] == ["diplomatic", "legal"]
    assert accuse["actor"] == [{"code": "TUR", "sector": None, "entity_text": "Turkey",
                                "identifier_text": "Turkey", "actor_code": "TUR"}]
    assert [(e["code"], e["sector"], e["actor_code"]) for e in accuse["recipient"]] == \
        [("RUS", "GOV", "RUSGOV"), ("UKR", None, "UKR")]
    assert (accuse["quad_code"], accuse["event_scale"], accuse["date"]) == (3, -3.5, "2024-03")
    assert accuse["event_loc"] is None and accuse["has_event"] is True
    assert meet["event_loc"] == {"extracted_place": "Ankara", "resolved_place": "Ankara",
                                 "geonameid": 323786, "lat": 39.91987, "lon": 32.85427,
                                 "country_code": "TUR"}
    assert meet["event_text"] == ["visited"] and meet["text_info"] == {"start": 23, "end": 30}
    assert meet["cite_info"]["url"] == "https://a.example/1"
    assert meet["cite_info"]["publication"] == "Wire A"
    assert (meet["doc_id"], meet["event_index"], meet["cameo"]) == ("a", 0, "04")


def test_jsonl_negated_on_request(con, tmp_path):
    path = tmp_path / "all.jsonl"
    assert export_events(con, path, "jsonl", include_negated=True) == 5
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records if not r["has_event"]] == ["a-attack"]


# --- CSV and Parquet ------------------------------------------------------------------------

def test_parquet_round_trip(con, tmp_path):
    path = tmp_path / "events.parquet"
    assert export_events(con, path, "parquet") == 4
    expected = events_frame(con)
    pd.testing.assert_frame_equal(pd.read_parquet(path), expected)
    # DuckDB reads it too
    rows = duckdb.sql("SELECT doc_id, idx, recipient_country FROM read_parquet(?) "
                      "ORDER BY doc_id, idx", params=[str(path)]).fetchall()
    assert rows[:2] == [("a", 0, "TUR"), ("a", 1, "RUS; UKR")]


def test_csv_round_trip(con, tmp_path):
    path = tmp_path / "events.csv"
    assert export_events(con, path, "csv", actor="RUS") == 3
    back = pd.read_csv(path, dtype=EVENT_COLUMNS)
    pd.testing.assert_frame_equal(back, events_frame(con, actor="RUS"))


# --- GDELT ----------------------------------------------------------------------------------

def test_gdelt_header_and_rows(con, tmp_path):
    path = tmp_path / "events.tsv"
    assert export_events(con, path, "gdelt") == 2
    assert len(GDELT_COLUMNS) == 61
    header = path.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert header == list(GDELT_COLUMNS)
    assert header[:6] == ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
                          "Actor1Code"]
    assert header[25:35] == ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode",
                             "QuadClass", "GoldsteinScale", "NumMentions", "NumSources",
                             "NumArticles", "AvgTone"]
    assert header[-2:] == ["DATEADDED", "SOURCEURL"]
    df = read_gdelt(path)
    assert df.shape == (2, 61)
    accuse, meet = df.iloc[0], df.iloc[1]
    # three reports of the meeting are one row; counts cover the whole cluster
    assert (meet["NumMentions"], meet["NumArticles"], meet["NumSources"]) == ("3", "3", "2")
    assert (meet["Day"], meet["MonthYear"], meet["Year"], meet["FractionDate"]) == \
        ("20240301", "202403", "2024", "2024.2493")
    assert (meet["EventCode"], meet["EventBaseCode"], meet["EventRootCode"]) == \
        ("040", "040", "04")
    assert (meet["QuadClass"], meet["GoldsteinScale"], meet["IsRootEvent"]) == ("1", "4.0", "1")
    assert (meet["Actor1Code"], meet["Actor1Name"], meet["Actor1CountryCode"],
            meet["Actor1Type1Code"]) == ("RUSGOV", "Russia", "RUS", "GOV")
    assert (meet["Actor2Code"], meet["Actor2CountryCode"]) == ("TUR", "TUR")
    assert (meet["ActionGeo_Type"], meet["ActionGeo_FullName"], meet["ActionGeo_CountryCode"],
            meet["ActionGeo_FeatureID"]) == ("4", "Ankara, Turkey", "TU", "323786")
    assert meet["ActionGeo_Lat"] == "39.91987" and meet["ActionGeo_ADM1Code"].startswith("TU")
    assert meet["SOURCEURL"] == "https://a.example/1" and len(meet["DATEADDED"]) == 14
    assert meet["AvgTone"] == "" and meet["Actor1Geo_Type"] == ""
    # a month-precision date counts as the 1st; a compound recipient gives its first member
    assert (accuse["Day"], accuse["EventRootCode"], accuse["QuadClass"]) == \
        ("20240301", "11", "3")
    assert (accuse["Actor1Code"], accuse["Actor2Code"], accuse["IsRootEvent"]) == \
        ("TUR", "RUSGOV", "0")
    assert accuse["ActionGeo_Type"] == "" and accuse["GoldsteinScale"] == "-3.5"


def test_gdelt_without_dedup_and_header(con, tmp_path):
    path = tmp_path / "events.tsv"
    assert export_events(con, path, "gdelt", dedup=False, header=False) == 4
    df = pd.read_csv(path, sep="\t", header=None, names=list(GDELT_COLUMNS), dtype=str,
                     keep_default_na=False)
    assert df["NumMentions"].tolist() == ["1"] * 4
    assert df["GlobalEventID"].nunique() == 4
    # ids are stable from one export to the next
    again = tmp_path / "again.tsv"
    export_events(con, again, "gdelt", dedup=False, header=False)
    assert again.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("value", "published", "expected"), [
    ("2024-03-05", "2024-03-09", "2024-03-05"),
    ("2024-03", "2024-03-09", "2024-03-01"),
    ("2024", "2024-03-09", "2024-03-09"),
    (None, "2024-03-09", "2024-03-09"),
    (None, None, None),
])
def test_event_day(value, published, expected):
    day = event_day(value, published)
    assert (day.isoformat() if day else None) == expected


@pytest.mark.parametrize(("cameo", "expected"), [
    ("04", ("040", "040", "04")), ("042", ("042", "042", "04")),
    ("1823", ("1823", "182", "18")), (None, ("", "", "")),
])
def test_cameo_codes(cameo, expected):
    assert cameo_codes(cameo) == expected


# --- tables ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_tables_round_trip(small_db, tmp_path, fmt):
    out = tmp_path / "it's \"quoted\""  # quotes in the path must not reach SQL text
    out.mkdir()
    with Store(small_db, read_only=True) as store:
        written = export_tables(store, out, fmt)
        counts = store.counts()
    assert list(written) == ["documents", "events", "actors", "quotes"]
    reader = "read_parquet" if fmt == "parquet" else "read_csv"
    for name, path in written.items():
        assert path == out / f"{name}.{fmt}" and path.exists()
        table = "actor_mentions" if name == "actors" else name
        n = duckdb.sql(f"SELECT count(*) FROM {reader}(?)", params=[str(path)]).fetchall()[0][0]
        assert n == counts[table], name
    events = pd.read_parquet(written["events"]) if fmt == "parquet" else \
        pd.read_csv(written["events"])
    assert list(zip(events["doc_id"], events["idx"])) == \
        [("a", 0), ("a", 1), ("a", 2), ("b", 0), ("c", 0)]
    assert events["negated"].tolist() == [False, False, True, False, False]


def test_export_all_tables_by_name(small_db, tmp_path):
    with Store(small_db, read_only=True) as store:
        written = export_tables(store, tmp_path, "parquet", tables=DATA_TABLES)
    assert set(written) == set(DATA_TABLES)
    speakers = pd.read_parquet(written["quote_speakers"])
    assert speakers["country"].tolist() == ["IGO", "TUR"]


# --- errors ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("call", "message"), [
    (lambda con, d: export_events(con, d / "missing" / "e.jsonl", "jsonl"), "missing"),
    (lambda con, d: export_events(con, d, "jsonl"), "is a folder"),
    (lambda con, d: export_events(con, d / "e.xml", "xml"), "unknown event export format"),
    (lambda con, d: export_tables(con, d / "missing"), "does not exist"),
    (lambda con, d: export_tables(con, d, "json"), "unknown table export format"),
    (lambda con, d: export_tables(con, d, tables=["nope"]), "no table 'nope'"),
])
def test_export_errors(con, tmp_path, call, message):
    with pytest.raises(ExportError, match=message) as info:
        call(con, tmp_path)
    assert isinstance(info.value, DyadsError)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into any folder")
def test_export_unwritable_folder(con, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(ExportError, match="not writable"):
        export_events(con, locked / "e.jsonl", "jsonl")


# --- the corpus -----------------------------------------------------------------------------

def test_exports_of_corpus(corpus_db, tmp_path):
    with Store(corpus_db, read_only=True) as store:
        n_events = store.connection.execute(
            "SELECT count(*) FROM events WHERE NOT negated").fetchone()[0]
        n_jsonl = export_events(store, tmp_path / "e.jsonl", "jsonl")
        n_gdelt = export_events(store, tmp_path / "e.tsv", "gdelt")
        n_parquet = export_events(store, tmp_path / "e.parquet", "parquet")
    assert n_jsonl == n_parquet == n_events > 0
    gdelt = read_gdelt(tmp_path / "e.tsv")
    assert len(gdelt) == n_gdelt < n_events  # the corpus reports events in several articles
    # every stored event is one mention of exactly one row
    assert gdelt["NumMentions"].astype(int).sum() == n_events
    assert (gdelt["NumArticles"].astype(int) >= gdelt["NumSources"].astype(int)).all()
    assert gdelt["GlobalEventID"].is_unique
    assert gdelt["EventRootCode"].str.fullmatch(r"\d\d").all()
    assert set(gdelt["QuadClass"]) <= {"1", "2", "3", "4"}
    assert gdelt["Day"].str.fullmatch(r"20\d{6}").all()
    # the counts are those of the deduplicated events of dyads.analysis.dedup
    with Store(corpus_db, read_only=True) as store:
        clusters = event_clusters(store)
    assert len(clusters) == len(gdelt)
    assert gdelt["NumArticles"].astype(int).sum() == clusters["n_articles"].sum()
    assert gdelt["NumSources"].astype(int).sum() == clusters["n_sources"].sum()


def test_awkward_text_survives(tmp_path):
    """Tabs, line breaks, quotes and non-ASCII in names and sentences: CSV and Parquet keep
    them exactly, the GDELT TSV stays 61 cells a line."""
    from sample_store import TUR

    from dyads.model import ActorRef, Analysis, Document, Event

    odd = ActorRef('the "Tab\tand\nNewline" Front', "Fréttir, \"Ltd\"\tX", "ISL", "REB")
    text = 'Odd text, with "quotes",\ttabs and\nline breaks; Fréttir attacked Turkey.'
    event = Event("ASSAULT", odd, TUR, sentence=text, evidence="attacked", start=56, end=64,
                  id="odd", date="2024-05-02", cameo="18", quad=4, score=-9.0)
    db = tmp_path / "odd.duckdb"
    with Store(db) as store:
        store.save(Analysis(Document(text, id="odd", published="2024-05-02",
                                     url="https://x.example/?a=1&b='2'"), events=[event]))
    with Store(db, read_only=True) as store:
        assert export_events(store, tmp_path / "e.csv", "csv") == 1
        assert export_events(store, tmp_path / "e.parquet", "parquet") == 1
        assert export_events(store, tmp_path / "e.tsv", "gdelt") == 1
        assert export_events(store, tmp_path / "e.jsonl", "jsonl") == 1
    for frame in (pd.read_csv(tmp_path / "e.csv", dtype=EVENT_COLUMNS),
                  pd.read_parquet(tmp_path / "e.parquet")):
        assert frame.loc[0, "sentence"] == text
        assert frame.loc[0, "actor_name"] == odd.name
    lines = (tmp_path / "e.tsv").read_text(encoding="utf-8").split("\n")
    assert lines[2] == "" and len(lines) == 3  # header, one row, final newline
    cells = lines[1].split("\t")
    assert len(cells) == 61
    assert cells[GDELT_COLUMNS.index("Actor1Name")] == 'Fréttir, "Ltd" X'
    assert cells[GDELT_COLUMNS.index("SOURCEURL")] == "https://x.example/?a=1&b='2'"
    record = json.loads((tmp_path / "e.jsonl").read_text(encoding="utf-8"))
    assert record["actor"][0]["entity_text"] == odd.text and record["text"] == text
