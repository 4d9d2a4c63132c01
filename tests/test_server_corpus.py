"""The corpus endpoints and pages of the web workspace, on the perfect-coder store.

The store holds exactly the events examples/corpus/expected.yaml says each article reports
(tests/corpus_oracle.py), so every figure here is derived from expected.yaml alone.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from corpus_oracle import oracle_store  # noqa: E402  (tests/ is on sys.path)
from fastapi.testclient import TestClient  # noqa: E402
from test_server_api import CHN, RUS, assert_error_shape, build_db  # noqa: E402

import dyads  # noqa: E402
from dyads.analysis.dedup import load_rules  # noqa: E402
from dyads.model import Analysis, Document, Event  # noqa: E402
from dyads.server import create_app  # noqa: E402

QUADS = ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]


@pytest.fixture(scope="module")
def oracle_db(tmp_path_factory: pytest.TempPathFactory, corpus_expected: dict) -> Path:
    return oracle_store(tmp_path_factory.mktemp("server-oracle") / "oracle.duckdb",
                        corpus_expected)


@pytest.fixture(scope="module")
def client(oracle_db: Path) -> TestClient:
    return TestClient(create_app(oracle_db, allow_analyze=False))


def walk(client: TestClient, url: str, limit: int = 20) -> list[dict[str, Any]]:
    """Every item of a paged list, following next_offset."""
    items: list[dict[str, Any]] = []
    offset: int | None = 0
    sep = "&" if "?" in url else "?"
    while offset is not None:
        page = client.get(f"{url}{sep}limit={limit}&offset={offset}").json()
        assert page["offset"] == offset and len(page["items"]) <= limit
        items += page["items"]
        offset = page["next_offset"]
    assert page["total"] in (None, len(items))  # /api/dyads/types does not count
    return items


# --- deduplicated events -----------------------------------------------------------------

def test_clusters_are_the_95_expected_events(client: TestClient, corpus_expected: dict) -> None:
    items = walk(client, "/api/clusters")
    assert len(items) == len(corpus_expected["events"]) == 95
    assert len({c["cluster_id"] for c in items}) == 95
    want = Counter((e["type"], e["actor"], e["recipient"], e["date"],
                    tuple(sorted(e["articles"])),
                    tuple(sorted(e.get("also_mentioned_in") or [])))
                   for e in corpus_expected["events"])
    got = Counter((c["event_type"], c["actor"], c["recipient"], c["date"],
                   tuple(sorted(c["doc_ids"])), tuple(sorted(c["background_doc_ids"])))
                  for c in items)
    assert got == want
    assert sum(c["n_reports"] for c in items) == 286 + 77  # reports + background mentions
    days = [c["date"] for c in items]
    assert days == sorted(days)  # earliest first


def test_cluster_provenance_names_each_article(client: TestClient,
                                               corpus_expected: dict) -> None:
    items = client.get("/api/clusters?limit=500").json()["items"]
    copies = {d for g in corpus_expected["near_duplicates"] for d in g[1:]}
    for c in items:
        assert [a["doc_id"] for a in c["articles"]] == c["doc_ids"]
        assert c["n_articles"] == len(c["doc_ids"])
        assert c["n_independent"] == c["n_articles"] - len(copies & set(c["doc_ids"]))
        assert all(a["title"] and a["view"] == f"/documents/{a['doc_id']}"
                   for a in c["articles"] + c["background"])
        published = [a["published"] for a in c["articles"]]
        assert published == sorted(published) and c["first_report"] == published[0]
    talks = next(c for c in items if c["date"] == "2024-01-10" and c["event_type"] == "CONSULT")
    assert (talks["n_articles"], talks["n_sources"], talks["n_independent"]) == (4, 4, 3)


def _undirected(event_type: str) -> bool:
    return load_rules().undirected(event_type)


@pytest.mark.parametrize(("query", "match"), [
    ("actor=BLR", lambda e: e["actor"] == "BLR"
     or (_undirected(e["type"]) and e["recipient"] == "BLR")),
    ("actor=LTU&recipient=BLR", lambda e: (e["actor"], e["recipient"]) == ("LTU", "BLR")
     or (_undirected(e["type"]) and (e["recipient"], e["actor"]) == ("LTU", "BLR"))),
    ("recipient=TCD", lambda e: e["recipient"] == "TCD"
     or (_undirected(e["type"]) and e["actor"] == "TCD")),
    ("since=2024-05&until=2024-05", lambda e: str(e["date"]).startswith("2024-05")),
    ("actor=BLR&recipient=LTU&both=true",
     lambda e: sorted([e["actor"] or "", e["recipient"] or ""]) == ["BLR", "LTU"]),
])
def test_cluster_filters(client: TestClient, corpus_expected: dict, query: str,
                         match: Any) -> None:
    items = walk(client, f"/api/clusters?{query}")
    want = sorted(e["date"] for e in corpus_expected["events"] if match(e))
    assert want and sorted(c["date"] for c in items) == want


def test_clusters_of_a_dyad_in_both_directions(client: TestClient,
                                               corpus_expected: dict) -> None:
    page = client.get("/api/clusters?actor=LTU&recipient=BLR&both=true&limit=500").json()
    assert page["total"] == corpus_expected["dyads"]["BLR-LTU"]["events"] == 15
    one_way = client.get("/api/clusters?actor=LTU&recipient=BLR&limit=500").json()["total"]
    assert 0 < one_way < 15


def test_clusters_follow_newly_stored_articles(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Clusterings are cached between requests, but a write to the database shows at once."""
    def analyze(text: str, published: str | None = None, **kw: Any) -> Analysis:
        first = text.split(".")[0]
        return Analysis(doc=Document(text=text, published=published), events=[
            Event("CONSULT", RUS, CHN, first + ".", first, 0, len(first), quad=1,
                  date=published)])

    monkeypatch.setattr(dyads, "analyze", analyze)
    path = tmp_path / "w.duckdb"
    build_db(path)
    c = TestClient(create_app(path))
    before = c.get("/api/clusters").json()["total"]
    assert c.get("/api/clusters").json()["total"] == before  # served again (from the cache)
    r = c.post("/api/analyze", json={"text": "Russia hosted Chinese envoys in Moscow.",
                                     "published": "2021-12-01"})
    assert r.status_code == 200, r.text
    items = walk(c, "/api/clusters")
    assert len(items) == before + 1
    assert (items[-1]["event_type"], items[-1]["date"]) == ("CONSULT", "2021-12-01")


def test_clusters_most_reported_first(client: TestClient) -> None:
    items = client.get("/api/clusters?sort=reports&min_articles=4&limit=500").json()["items"]
    counts = [c["n_articles"] for c in items]
    assert counts == sorted(counts, reverse=True) and min(counts) == 4


# --- dyads -------------------------------------------------------------------------------

def test_dyad_totals_are_expected_yaml_dyads(client: TestClient, corpus_expected: dict) -> None:
    page = client.get("/api/dyads?limit=500").json()
    assert (page["level"], page["directed"], page["dedup"]) == ("country", False, True)
    got = {f"{d['actor']}-{d['recipient']}": {k: d[k] for k in ["events", *QUADS]}
           for d in page["items"]}
    want = {pair: {k: d[k] for k in ["events", *QUADS]}
            for pair, d in corpus_expected["dyads"].items()}
    assert got == want
    first = page["items"][0]
    assert (first["actor"], first["recipient"], first["events"]) == ("BLR", "LTU", 15)
    assert (first["cooperation"], first["conflict"]) == (5, 10)
    assert first["cc_index"] == pytest.approx((5 - 10) / 15)
    events = [d["events"] for d in page["items"]]
    assert events == sorted(events, reverse=True)
    assert page["total"] == len(corpus_expected["dyads"])


def test_dyad_totals_filtered_and_paged(client: TestClient, corpus_expected: dict) -> None:
    items = client.get("/api/dyads?actor=BLR").json()["items"]
    want = {p: d["events"] for p, d in corpus_expected["dyads"].items() if "BLR" in p.split("-")}
    assert {f"{d['actor']}-{d['recipient']}": d["events"] for d in items} == want
    assert len(walk(client, "/api/dyads", limit=5)) == len(corpus_expected["dyads"])


def test_dyads_without_dedup_count_every_report(client: TestClient,
                                                corpus_expected: dict) -> None:
    want: Counter[str] = Counter()
    for ev in corpus_expected["events"]:
        if ev["actor"] and ev["recipient"]:
            want["-".join(sorted([ev["actor"], ev["recipient"]]))] += \
                len(ev["articles"]) + len(ev.get("also_mentioned_in") or [])
    page = client.get("/api/dyads?dedup=false&limit=500").json()
    assert page["dedup"] is False
    assert {f"{d['actor']}-{d['recipient']}": d["events"] for d in page["items"]} == want


def test_directed_dyads_keep_the_order(client: TestClient) -> None:
    items = client.get("/api/dyads?directed=true&actor=BLR&recipient=LTU").json()["items"]
    assert {(d["actor"], d["recipient"]) for d in items} == {("BLR", "LTU")}
    both = client.get("/api/dyads?directed=true&limit=500").json()["items"]
    pairs = {(d["actor"], d["recipient"]): d["events"] for d in both}
    assert pairs[("BLR", "LTU")] + pairs[("LTU", "BLR")] >= 15  # symmetric events count twice


def test_dyad_series_is_expected_yaml_by_month(client: TestClient,
                                               corpus_expected: dict) -> None:
    page = client.get("/api/dyads/series?interval=month&limit=5000").json()
    assert page["interval"] == "month" and page["next_offset"] is None
    got: dict[str, dict[str, int]] = {}
    for r in page["items"]:
        got.setdefault(f"{r['actor']}-{r['recipient']}", {})[r["period"][:7]] = r["events"]
    want = {pair: {str(m): n for m, n in d["by_month"].items()}
            for pair, d in corpus_expected["dyads"].items()}
    assert got == want
    blr = client.get("/api/dyads/series?actor=BLR&recipient=LTU").json()["items"]
    assert [(r["period"], r["events"]) for r in blr] == [
        ("2024-01-01", 4), ("2024-02-01", 4), ("2024-03-01", 2), ("2024-04-01", 1),
        ("2024-05-01", 3), ("2024-06-01", 1)]
    assert all(r["cooperation"] + r["conflict"] == r["events"] for r in blr)


def test_dyad_series_by_year(client: TestClient, corpus_expected: dict) -> None:
    items = client.get("/api/dyads/series?interval=year&limit=5000").json()["items"]
    assert {r["period"] for r in items} == {"2024-01-01"}
    assert {f"{r['actor']}-{r['recipient']}": r["events"] for r in items} == \
        {p: d["events"] for p, d in corpus_expected["dyads"].items()}


def test_dyad_types_split_by_event_type(client: TestClient) -> None:
    items = walk(client, "/api/dyads/types?level=country&actor=LTU&recipient=BLR")
    assert {d["actor"] for d in items} == {"LTU"} and {d["recipient"] for d in items} == {"BLR"}
    assert all(d["count"] >= 1 and d["event_type"] for d in items)


# --- partners and changes ------------------------------------------------------------------

def test_partners_of_chad(client: TestClient) -> None:
    body = client.get("/api/actors/TCD/partners?min_events=1").json()
    assert body["actor"] == "TCD" and body["level"] == "country"
    assert [(p["partner"], p["events"], p["relation"]) for p in body["items"]] == [
        ("DEU", 1, "partner"), ("GBR", 1, "partner"), ("SAU", 1, "partner"),
        ("USA", 1, "partner"), ("SDN", 9, "adversary")]
    assert [p["partner"] for p in client.get("/api/actors/TCD/partners").json()["items"]] == \
        ["SDN"]
    by_name = client.get("/api/actors/Chad/partners").json()  # a country name becomes its code
    assert by_name["actor"] == "TCD" and [p["partner"] for p in by_name["items"]] == ["SDN"]


def test_changes_find_the_border_dispute_turning(client: TestClient) -> None:
    items = client.get("/api/changes").json()["items"]
    assert [(c["actor"], c["recipient"], c["period"], c["kind"]) for c in items] == [
        ("KGZ", "TJK", "2024-02-01", "turned hostile"),
        ("KGZ", "TJK", "2024-04-01", "improved")]
    assert items[0]["before_index"] == 1.0 and items[0]["after_index"] == -1.0
    two = client.get("/api/changes?window=2").json()["items"]
    assert ("BLR", "LTU", "2024-04-01", "improved") in \
        [(c["actor"], c["recipient"], c["period"], c["kind"]) for c in two]


def test_near_duplicates_are_expected_yaml_copies(client: TestClient,
                                                  corpus_expected: dict) -> None:
    page = client.get("/api/near-duplicates?limit=500").json()
    want = {(copy, group[0]) for group in corpus_expected["near_duplicates"]
            for copy in group[1:]}
    got = {(r["doc_id"], r["duplicate_of"]) for r in page["items"]}
    # a group of three also pairs its two copies: every expected pair is found, none else
    assert want <= got
    assert all(any(a in g and b in g for g in corpus_expected["near_duplicates"])
               for a, b in got)
    assert page["threshold"] == 0.8 and all(0.8 <= r["similarity"] <= 1 for r in page["items"])
    assert all(r["title"] and r["original_title"] for r in page["items"])
    assert client.get("/api/near-duplicates?threshold=1").json()["total"] == 0


# --- exports -------------------------------------------------------------------------------

@pytest.mark.parametrize(("fmt", "media", "filename"), [
    ("jsonl", "application/x-ndjson", "dyads-events.jsonl"),
    ("csv", "text/csv", "dyads-events.csv"),
    ("gdelt", "text/tab-separated-values", "dyads-events-gdelt.tsv"),
])
def test_export_downloads_a_named_file(client: TestClient, fmt: str, media: str,
                                       filename: str) -> None:
    r = client.get(f"/api/export/events?format={fmt}")
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert r.headers["content-disposition"] == f'attachment; filename="{filename}"'
    if fmt == "jsonl":
        rows = [json.loads(line) for line in r.text.splitlines()]
        assert len(rows) == 286 + 77  # one PLOVER record per stored report
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert len(rows) == 286 + 77
    else:
        rows = list(csv.reader(io.StringIO(r.text), delimiter="\t"))
        assert rows[0][0] == "GlobalEventID"
        assert len(rows) - 1 == 95  # one row per deduplicated event
    assert r.headers["x-dyads-rows"] == str(len(rows) - (1 if fmt == "gdelt" else 0))


def test_export_filters_as_event_search(client: TestClient, corpus_expected: dict) -> None:
    r = client.get("/api/export/events?format=jsonl&actor=SDN&since=2024-05")
    want = sum(len(e["articles"]) + len(e.get("also_mentioned_in") or [])
               for e in corpus_expected["events"]
               if e["actor"] == "SDN" and str(e["date"]) >= "2024-05")
    assert want and len(r.text.splitlines()) == want
    per_report = client.get("/api/export/events?format=gdelt&dedup=false")
    assert len(per_report.text.splitlines()) - 1 == 286 + 77


# --- the brief -----------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "heading"), [
    ("/brief/BLR", "Belarus"),
    ("/brief/Belarus", "Belarus"),
    ("/brief/TCD?since=2024-05&interval=year", "Chad"),
])
def test_brief_page(client: TestClient, url: str, heading: str) -> None:
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert f"<h1>Briefing: {heading}" in r.text


@pytest.mark.parametrize(("method", "url", "status"), [
    ("GET", "/brief/NOBODYHERE", 404),
    ("GET", "/api/actors/NOBODYHERE/partners", 404),
    ("GET", "/brief/BLR?level=planet", 422),
    ("GET", "/brief/BLR?since=2024-05&until=2024-01", 422),
    ("GET", "/api/clusters?since=2024-05&until=2024-01", 422),
    ("GET", "/api/clusters?sort=random", 422),
    ("GET", "/api/clusters?limit=0", 422),
    ("GET", "/api/dyads?level=planet", 422),
    ("GET", "/api/dyads?dedup=maybe", 422),
    ("GET", "/api/dyads/series?interval=decade", 422),
    ("GET", "/api/dyads/series?limit=5001", 422),
    ("GET", "/api/actors/TCD/partners?margin=2", 422),
    ("GET", "/api/changes?threshold=0", 422),
    ("GET", "/api/changes?window=0", 422),
    ("GET", "/api/changes?index=vibes", 422),
    ("GET", "/api/export/events?format=xml", 422),
    ("GET", "/api/near-duplicates?threshold=0", 422),
    ("GET", "/api/near-duplicates?threshold=1.5", 422),
    ("GET", "/api/export/events?quad=7", 422),
    ("POST", "/api/clusters", 405),
    ("DELETE", "/api/dyads", 405),
])
def test_errors_have_the_one_shape(client: TestClient, method: str, url: str,
                                   status: int) -> None:
    assert_error_shape(client.request(method, url, headers={"accept": "application/json"}),
                       status)


def test_unknown_brief_is_an_html_404_for_browsers(client: TestClient) -> None:
    r = client.get("/brief/NOBODYHERE", headers={"accept": "text/html"})
    assert r.status_code == 404 and "<h1>404" in r.text and "NOBODYHERE" in r.text


def test_openapi_documents_the_corpus_endpoints(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path, model in [("/api/clusters", "ClusterPage"), ("/api/dyads", "DyadPage"),
                        ("/api/dyads/series", "DyadSeriesPage"),
                        ("/api/actors/{key}/partners", "PartnerList"),
                        ("/api/changes", "ChangePage")]:
        ok = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok == {"$ref": f"#/components/schemas/{model}"}, path
        assert paths[path]["get"]["responses"]["422"]["content"]["application/json"][
            "schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    export = paths["/api/export/events"]["get"]["responses"]["200"]["content"]
    assert set(export) == {"application/x-ndjson", "text/csv", "text/tab-separated-values"}
    assert set(paths["/brief/{actor}"]["get"]["responses"]["200"]["content"]) == {"text/html"}
    cluster = spec["components"]["schemas"]["Cluster"]["properties"]
    assert {"n_articles", "n_sources", "n_independent", "articles"} <= set(cluster)


# --- pages ---------------------------------------------------------------------------------

def test_trends_page_lists_dyads_by_events(client: TestClient) -> None:
    r = client.get("/trends", headers={"accept": "text/html"})
    assert r.status_code == 200
    rows = r.text.split('<tr data-actor="')[1:]
    assert rows[0].startswith('BLR" data-recipient="LTU"') and "−0.33" not in rows[0]
    assert "-0.33" in rows[0] and rows[1].startswith('KGZ" data-recipient="TJK"')
    assert "turned hostile" in r.text and "vendor/chart.umd.min.js" in r.text
    assert "cdn" not in r.text.lower()


def test_stories_page_counts_reports(client: TestClient) -> None:
    r = client.get("/stories?actor=TJK&recipient=KGZ&until=2024-01",
                   headers={"accept": "text/html"})
    assert r.status_code == 200
    assert "<strong>4</strong> articles" in r.text and "4 sources · 3 independent" in r.text
    assert 'href="/documents/c001-tajik-delegation-arrives-bishkek-border-talks"' in r.text
    assert "recalled in 5 later articles" in r.text  # the working group, recalled later
    page2 = client.get("/stories?offset=50", headers={"accept": "text/html"})
    assert page2.status_code == 200 and "51–end" in page2.text
