"""The web workspace's REST API, on a small database of hand-built analyses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

import dyads  # noqa: E402
from dyads.model import (  # noqa: E402
    ActorMention,
    ActorRef,
    Analysis,
    DateMention,
    Document,
    Event,
    Place,
    Quote,
)
from dyads.server import create_app  # noqa: E402
from dyads.server.security import InsecureBindError, check_bind, is_loopback  # noqa: E402
from dyads.store import Store  # noqa: E402

RUS = ActorRef("Russia", "Russia", "RUS", "GOV")
LAVROV = ActorRef("Lavrov", "Sergey Lavrov", "RUS", "GOV")
TALIBAN = ActorRef("the Taliban", "Taliban", "AFG", "REB")
USA = ActorRef("Washington", "United States", "USA", "GOV")
CHN = ActorRef("Beijing", "China", "CHN", "GOV")


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def _event(text: str, evidence: str, event_type: str, actor: Any, recipient: Any, quad: int,
           score: float, date: str | None = None) -> Event:
    start, end = _span(text, evidence)
    sentence_start = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
    sentence_end = text.find(".", end) + 1 or len(text)
    return Event(event_type, actor, recipient, text[sentence_start:sentence_end], evidence,
                 start, end, id=f"{event_type.lower()}-{start}", quad=quad, score=score,
                 date=date)


def _mention(text: str, ref: ActorRef, part: str, sentence: int, after: int = 0) -> ActorMention:
    start, end = _span(text, part, after)
    return ActorMention(part, ref.name, ref.country, ref.sector, ref.code, start, end, sentence)


def sample_analyses() -> list[Analysis]:
    """Three articles: Russia-Taliban talks, US sanctions on Russia, China aid to Afghanistan."""
    t1 = ("Russia met the Taliban in Moscow on Friday. Washington condemned the Taliban. "
          "\"We will keep talking to everyone in Kabul,\" Lavrov said.")
    q_start, q_end = _span(t1, "We will keep talking to everyone in Kabul,")
    a1 = Analysis(
        doc=Document(text=t1, title="Russia hosts the Taliban", published="2021-09-07",
                     source="Test Wire", url="https://example.org/1"),
        actors=[_mention(t1, RUS, "Russia", 0), _mention(t1, TALIBAN, "the Taliban", 0),
                _mention(t1, USA, "Washington", 1),
                _mention(t1, TALIBAN, "the Taliban", 1, after=30),
                _mention(t1, LAVROV, "Lavrov", 2)],
        events=[_event(t1, "Russia met the Taliban", "CONSULT", RUS, TALIBAN, 1, 1.0,
                       "2021-09-03"),
                _event(t1, "Washington condemned the Taliban", "DISAPPROVE", USA, TALIBAN, 3,
                       -2.0)],
        quotes=[Quote(LAVROV, "said", t1[q_start:q_end], "direct", q_start, q_end)],
        dates=[DateMention("on Friday", "2021-09-03", None, "day", *_span(t1, "on Friday"))],
        places=[Place("Moscow", "Moscow", "RUS", 524901, 55.75, 37.62, *_span(t1, "Moscow"))],
    )
    t2 = ("The United States imposed sanctions on Russia. Russia threatened Washington with "
          "retaliation.")
    usa2 = ActorRef("The United States", "United States", "USA", "GOV")
    a2 = Analysis(
        doc=Document(text=t2, title="Sanctions on Moscow", published="2021-10-12"),
        actors=[_mention(t2, usa2, "The United States", 0), _mention(t2, RUS, "Russia", 0),
                _mention(t2, RUS, "Russia", 1, after=40), _mention(t2, USA, "Washington", 1)],
        events=[_event(t2, "The United States imposed sanctions on Russia", "SANCTION", usa2,
                       RUS, 4, -5.0),
                _event(t2, "Russia threatened Washington", "THREATEN", RUS, USA, 3, -4.0)],
    )
    t3 = "Beijing sent aid to the Taliban and Russia in November."
    a3 = Analysis(
        doc=Document(text=t3, title="Chinese aid", published="2021-11-20"),
        actors=[_mention(t3, CHN, "Beijing", 0), _mention(t3, TALIBAN, "the Taliban", 0)],
        events=[_event(t3, "Beijing sent aid to the Taliban and Russia", "AID", CHN,
                       [TALIBAN, RUS], 2, 7.0, "2021-11")],
    )
    return [a1, a2, a3]


def build_db(path: Path) -> dict[str, str]:
    """Fill a new database with the sample analyses; return their ids by title."""
    ids = {}
    with Store(str(path)) as store:
        for a in sample_analyses():
            assert store.save(a)
            ids[a.doc.title or ""] = a.doc.id or ""
    return ids


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("server") / "news.duckdb"
    return path, build_db(path)


@pytest.fixture(scope="module")
def client(db: tuple[Path, dict[str, str]]) -> TestClient:
    # allow_analyze=False: read-only app, so module-scoped tests cannot change the data.
    return TestClient(create_app(db[0], allow_analyze=False))


def assert_error_shape(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "message", "detail"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


# --- the one error shape ----------------------------------------------------------------

@pytest.mark.parametrize(("method", "url", "status"), [
    ("GET", "/api/no-such-endpoint", 404),
    ("GET", "/api/documents/no-such-doc", 404),
    ("GET", "/api/actors/NOBODYHERE", 404),
    ("GET", "/api/events?quad=9", 422),
    ("GET", "/api/events?quad=x", 422),
    ("GET", "/api/events?limit=0", 422),
    ("GET", "/api/events?limit=100000", 422),
    ("GET", "/api/events?offset=-1", 422),
    ("GET", "/api/events?since=2021-13-01", 422),
    ("GET", "/api/events?since=yesterday", 422),
    ("GET", "/api/events?since=2021-10-01&until=2021-09-01", 422),
    ("GET", "/api/events?type=DROP%20TABLE", 422),
    ("GET", "/api/events?actor=" + "x" * 300, 422),
    ("GET", "/api/timeline?interval=decade", 422),
    ("GET", "/api/network?level=planet", 422),
    ("DELETE", "/api/events", 405),
    ("POST", "/api/documents", 405),
    ("POST", "/api/analyze", 403),  # this client's app has analysis turned off
])
def test_every_error_has_the_one_shape(client: TestClient, method: str, url: str,
                                       status: int) -> None:
    assert_error_shape(client.request(method, url), status)


def test_validation_error_detail_names_the_parameter(client: TestClient) -> None:
    err = assert_error_shape(client.get("/api/events?quad=9&limit=0"), 422)
    locs = sorted(tuple(d["loc"]) for d in err["detail"])
    assert locs == [("query", "limit"), ("query", "quad")]
    assert all(set(d) == {"loc", "msg", "type"} for d in err["detail"])


def test_unexpected_exception_has_the_one_shape(db: tuple[Path, dict[str, str]],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "query_events", boom)
    c = TestClient(create_app(db[0], allow_analyze=False), raise_server_exceptions=False)
    err = assert_error_shape(c.get("/api/events"), 500)
    assert "disk on fire" not in str(err)  # internals stay in the server log


# --- read endpoints ----------------------------------------------------------------------

def test_documents_list_and_detail(client: TestClient, db: tuple[Path, dict[str, str]]) -> None:
    page = client.get("/api/documents").json()
    assert page["total"] == 3 and page["next_offset"] is None
    assert [d["title"] for d in page["items"]] == ["Chinese aid", "Sanctions on Moscow",
                                                    "Russia hosts the Taliban"]
    doc = client.get(f"/api/documents/{db[1]['Russia hosts the Taliban']}").json()
    assert doc["doc"]["text"].startswith("Russia met the Taliban")
    assert doc["doc"]["published"] == "2021-09-07"
    assert [e["event_type"] for e in doc["events"]] == ["CONSULT", "DISAPPROVE"]
    assert doc["quotes"][0]["speaker"]["name"] == "Sergey Lavrov"
    assert doc["places"][0]["name"] == "Moscow"


@pytest.mark.parametrize(("query", "expected"), [
    ("", {"CONSULT", "DISAPPROVE", "SANCTION", "THREATEN", "AID"}),
    ("actor=RUS", {"CONSULT", "THREATEN"}),
    ("actor=RUSGOV", {"CONSULT", "THREATEN"}),
    ("actor=united%20states", {"DISAPPROVE", "SANCTION"}),
    ("recipient=taliban", {"CONSULT", "DISAPPROVE", "AID"}),
    ("recipient=RUS", {"SANCTION", "AID"}),  # a member of a compound recipient counts
    ("actor=RUS&recipient=AFG", {"CONSULT"}),
    ("type=consult", {"CONSULT"}),
    ("quad=3", {"DISAPPROVE", "THREATEN"}),
    ("since=2021-10", {"SANCTION", "THREATEN", "AID"}),
    ("until=2021-09", {"CONSULT", "DISAPPROVE"}),
    ("since=2021-09-05&until=2021-10-31", {"DISAPPROVE", "SANCTION", "THREATEN"}),
    ("q=sanctions", {"SANCTION"}),
    ("actor=%27%3B%20DROP%20TABLE%20events%3B%20--", set()),
])
def test_event_filters(client: TestClient, query: str, expected: set[str]) -> None:
    page = client.get(f"/api/events?{query}").json()
    assert {e["event_type"] for e in page["items"]} == expected
    assert all("doc_id" in e and "evidence" in e for e in page["items"])


def test_events_pagination_walks_every_event_once(client: TestClient) -> None:
    seen, offset = [], 0
    while offset is not None:
        page = client.get(f"/api/events?limit=2&offset={offset}").json()
        assert page["limit"] == 2 and len(page["items"]) <= 2
        seen += [e["event_type"] for e in page["items"]]
        offset = page["next_offset"]
    assert sorted(seen) == ["AID", "CONSULT", "DISAPPROVE", "SANCTION", "THREATEN"]


@pytest.mark.parametrize(("query", "first_keys"), [
    ("", ["RUSGOV", "AFGREB", "USAGOV", "CHNGOV"]),
    ("q=RUS", ["RUSGOV"]),
    ("level=country", ["RUS", "AFG", "USA", "CHN"]),
])
def test_actors(client: TestClient, query: str, first_keys: list[str]) -> None:
    items = client.get(f"/api/actors?{query}").json()["items"]
    assert [a["key"] for a in items] == first_keys


def test_actor_partners_adversaries_timeline_quotes(client: TestClient) -> None:
    body = client.get("/api/actors/RUSGOV").json()
    assert body["actor"]["country"] == "RUS"
    assert [(p["other"], p["net"]) for p in body["partners"]] == [("AFGREB", 1), ("CHNGOV", 1)]
    assert [(p["other"], p["net"]) for p in body["adversaries"]] == [("USAGOV", -2)]
    assert body["timeline"]["periods"] == ["2021-09-01", "2021-10-01", "2021-11-01"]
    assert body["timeline"]["series"]["1"] == [1, 0, 0]
    assert [q["speaker"]["name"] for q in body["quotes"]] == ["Sergey Lavrov"]


def test_dyads_count_pairs_and_types(client: TestClient) -> None:
    items = client.get("/api/dyads/types?limit=100").json()["items"]
    pairs = {(d["actor"], d["recipient"], d["event_type"]): d["count"] for d in items}
    assert pairs == {("RUSGOV", "AFGREB", "CONSULT"): 1, ("USAGOV", "AFGREB", "DISAPPROVE"): 1,
                     ("USAGOV", "RUSGOV", "SANCTION"): 1, ("RUSGOV", "USAGOV", "THREATEN"): 1,
                     ("CHNGOV", "AFGREB", "AID"): 1, ("CHNGOV", "RUSGOV", "AID"): 1}
    only = client.get("/api/dyads/types?actor=USA&recipient=RUS").json()["items"]
    assert [(d["event_type"], d["quad"], d["mean_score"]) for d in only] == \
        [("SANCTION", 4, -5.0)]


def test_dyad_totals_by_country(client: TestClient) -> None:
    items = client.get("/api/dyads").json()["items"]
    got = {(d["actor"], d["recipient"]): (d["events"], d["cooperation"], d["conflict"],
                                          d["cc_index"]) for d in items}
    # undirected: US sanctions and the Russian threat are one dyad; CHN aid reaches two
    assert got == {("RUS", "USA"): (2, 0, 2, -1.0), ("AFG", "USA"): (1, 0, 1, -1.0),
                   ("AFG", "RUS"): (1, 1, 0, 1.0), ("AFG", "CHN"): (1, 1, 0, 1.0),
                   ("CHN", "RUS"): (1, 1, 0, 1.0)}
    assert items[0]["actor"] == "RUS" and items[0]["events"] == 2


@pytest.mark.parametrize(("query", "periods", "series"), [
    ("", ["2021-09-01", "2021-10-01", "2021-11-01"],
     {"1": [1, 0, 0], "2": [0, 0, 1], "3": [1, 1, 0], "4": [0, 1, 0]}),
    ("interval=year", ["2021-01-01"], {"1": [1], "2": [1], "3": [2], "4": [1]}),
    ("actor=USA&recipient=RUS", ["2021-10-01"], {"1": [0], "2": [0], "3": [0], "4": [1]}),
    ("actor=USA&either=true", ["2021-09-01", "2021-10-01"],
     {"1": [0, 0], "2": [0, 0], "3": [1, 1], "4": [0, 1]}),
    ("since=2021-11", ["2021-11-01"], {"1": [0], "2": [1], "3": [0], "4": [0]}),
    ("actor=RUS&recipient=USA&either=true", ["2021-10-01"],
     {"1": [0], "2": [0], "3": [1], "4": [1]}),  # both directions of the pair
])
def test_timeline(client: TestClient, query: str, periods: list[str],
                  series: dict[str, list[int]]) -> None:
    body = client.get(f"/api/timeline?{query}").json()
    assert body["periods"] == periods
    assert body["series"] == series
    assert body["net"] == [series["1"][i] + series["2"][i] - series["3"][i] - series["4"][i]
                           for i in range(len(periods))]


def test_network_edges_are_signed_and_weighted(client: TestClient) -> None:
    body = client.get("/api/network").json()
    edges = {(e["source"], e["target"]): (e["count"], e["weight"]) for e in body["edges"]}
    assert edges[("RUSGOV", "AFGREB")] == (1, 1)
    assert edges[("USAGOV", "RUSGOV")] == (1, -1)
    assert edges[("CHNGOV", "RUSGOV")] == (1, 1)
    assert {n["id"] for n in body["nodes"]} == {"RUSGOV", "USAGOV", "AFGREB", "CHNGOV"}
    by_country = client.get("/api/network?level=country&min_count=2").json()
    assert by_country == {"nodes": [], "edges": []}


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert paths == {"/api/documents", "/api/documents/{doc_id}", "/api/events", "/api/actors",
                     "/api/actors/{key}", "/api/dyads", "/api/timeline", "/api/network",
                     "/api/stats", "/api/analyze", "/api/clusters", "/api/dyads/series",
                     "/api/dyads/types", "/api/actors/{key}/partners", "/api/changes",
                     "/api/export/events", "/api/near-duplicates", "/brief/{actor}"}


def test_only_analysis_writes() -> None:
    from dyads.server.api import router as api
    from dyads.server.corpus_api import router as corpus
    from dyads.server.corpus_pages import brief_router
    from dyads.server.corpus_pages import router as corpus_pages
    from dyads.server.pages import router as pages

    routers = [api, corpus, pages, corpus_pages, brief_router]
    methods = {(r.path, m) for router in routers for r in router.routes
               for m in getattr(r, "methods", ()) if m not in {"GET", "HEAD"}}
    assert methods == {("/api/analyze", "POST")}


# --- pages -------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "expected"), [
    ("/", "Russia met the Taliban"),
    ("/?actor=&recipient=&type=&quad=&since=&until=&q=", "Beijing sent aid"),  # empty form
    ("/?quad=4", "imposed sanctions on Russia"),
    ("/documents", "Sanctions on Moscow"),
    ("/actors", "AFGREB"),
    ("/actors/RUSGOV", "Adversaries"),
    ("/dyads", "Most frequent pairs"),
    ("/dyads?actor=RUS&recipient=USA", "timeline-data"),
    ("/dyads?actor=RUS&recipient=USA&both=true", "imposed sanctions on Russia"),
    ("/network", "network-data"),
    ("/trends", 'data-actor="RUS" data-recipient="USA"'),
    ("/trends?actor=RUS&recipient=USA", 'id="trend-chart"'),
    ("/stories", "Beijing sent aid to the Taliban and Russia"),
    ("/stories?actor=USA&sort=reports", "Sanctions on Moscow"),
    ("/actors/RUSGOV", 'href="/brief/RUSGOV?level=code">Brief</a>'),
    ("/brief/RUS", "Briefing: Russia"),
    ("/api/docs", "GET</code> <code>/api/events"),  # the offline API reference
])
def test_pages_render(client: TestClient, url: str, expected: str) -> None:
    r = client.get(url, headers={"accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert expected in r.text


def test_article_page_marks_events_actors_quotes(client: TestClient,
                                                 db: tuple[Path, dict[str, str]]) -> None:
    r = client.get(f"/documents/{db[1]['Russia hosts the Taliban']}")
    assert r.status_code == 200
    assert 'class="m-actor m-event q1"' in r.text  # "Russia" inside the CONSULT evidence
    assert "m-quote" in r.text and "m-place" in r.text and "m-date" in r.text
    assert r.text.count('class="event-btn') == 2
    assert "Sergey Lavrov" in r.text  # a person listed apart from the state it acts for


def test_page_errors_are_html_for_browsers(client: TestClient) -> None:
    r = client.get("/documents/nope", headers={"accept": "text/html"})
    assert r.status_code == 404 and "<h1>404" in r.text
    assert_error_shape(client.get("/documents/nope", headers={"accept": "application/json"}),
                       404)


# --- security ----------------------------------------------------------------------------

@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("192.168.1.10", False), ("::", False), ("example.org", False),
])
def test_loopback_detection(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_non_loopback_needs_a_token() -> None:
    with pytest.raises(InsecureBindError, match="token"):
        check_bind("0.0.0.0", None)
    check_bind("0.0.0.0", "s3cret")
    check_bind("127.0.0.1", None)


def test_serve_refuses_public_address_without_token(db: tuple[Path, dict[str, str]]) -> None:
    from dyads.server import serve

    with pytest.raises(InsecureBindError):
        serve(db[0], host="0.0.0.0", port=1)  # refused before anything binds


@pytest.fixture(scope="module")
def guarded(db: tuple[Path, dict[str, str]]) -> TestClient:
    return TestClient(create_app(db[0], token="s3cret-token", allow_analyze=False))


@pytest.mark.parametrize(("headers", "cookies", "status"), [
    ({}, {}, 401),
    ({"X-Dyads-Token": "wrong"}, {}, 401),
    ({"X-Dyads-Token": "s3cret-token"}, {}, 200),
    ({}, {"dyads_token": "s3cret-token"}, 200),
    ({}, {"dyads_token": "s3cret-tokeN"}, 401),
])
def test_token_header_or_cookie(guarded: TestClient, headers: dict[str, str],
                                cookies: dict[str, str], status: int) -> None:
    guarded.cookies.clear()
    for k, v in cookies.items():
        guarded.cookies.set(k, v)
    r = guarded.get("/api/events", headers=headers)
    if status == 401:
        assert_error_shape(r, 401)
    else:
        assert r.status_code == status
    guarded.cookies.clear()


def test_token_in_url_sets_cookie_and_redirects(guarded: TestClient) -> None:
    guarded.cookies.clear()
    r = guarded.get("/?quad=1&token=s3cret-token", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/?quad=1"
    assert "dyads_token=s3cret-token" in r.headers["set-cookie"]
    assert "HttpOnly" in r.headers["set-cookie"] and "SameSite=lax" in r.headers["set-cookie"]
    assert guarded.get("/?quad=1").status_code == 200  # the cookie now carries the token
    guarded.cookies.clear()


@pytest.mark.parametrize(("host", "status"), [
    ("127.0.0.1:8000", 200), ("localhost:8000", 200), ("[::1]:8000", 200), ("localhost", 200),
    ("evil.example:8000", 400), ("127.0.0.1.evil.example", 400), ("", 400),
])
def test_host_check_against_dns_rebinding(db: tuple[Path, dict[str, str]], host: str,
                                          status: int) -> None:
    from dyads.server.security import LOOPBACK_HOSTS

    c = TestClient(create_app(db[0], allow_analyze=False, allowed_hosts=LOOPBACK_HOSTS))
    r = c.get("/api/stats", headers={"host": host})
    if status == 400:
        assert_error_shape(r, 400)
    else:
        assert r.status_code == 200


def test_static_files_also_need_the_token(guarded: TestClient) -> None:
    guarded.cookies.clear()
    assert guarded.get("/static/app.css").status_code == 401


# --- paste to analyse (the only writer) ---------------------------------------------------

@pytest.fixture()
def fake_analyze(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Replace the NLP pipeline: these tests are about the endpoint, not the reading."""
    calls: list[dict[str, Any]] = []

    def analyze(text: str, published: str | None = None, title: str | None = None,
                **kw: Any) -> Analysis:
        calls.append({"text": text, "published": published, "title": title})
        start, end = _span(text, text.split(".")[0])
        event = Event("CONSULT", RUS, CHN, text.split(".")[0] + ".", text[start:end],
                      start, end, quad=1)
        return Analysis(doc=Document(text=text, title=title, published=published),
                        events=[event])

    monkeypatch.setattr(dyads, "analyze", analyze)
    return calls


@pytest.fixture()
def writable(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    build_db(path)
    return path


def test_analyze_stores_and_serves_the_result(writable: Path,
                                              fake_analyze: list[dict[str, Any]]) -> None:
    c = TestClient(create_app(writable))
    r = c.post("/api/analyze", json={"text": "Russia hosted Chinese envoys. More text.",
                                     "title": "Envoys", "published": "2021-12-01"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert fake_analyze == [{"text": "Russia hosted Chinese envoys. More text.",
                             "published": "2021-12-01", "title": "Envoys"}]
    assert body["stored"] is True and body["url"] == f"/documents/{body['doc_id']}"
    assert body["analysis"]["events"][0]["event_type"] == "CONSULT"
    assert c.get(body["url"]).status_code == 200
    assert c.get("/api/documents").json()["total"] == 4
    with Store(writable, read_only=True) as store:
        assert store.counts()["events"] == 6


def test_analyze_without_storing(writable: Path, fake_analyze: list[dict[str, Any]]) -> None:
    c = TestClient(create_app(writable))
    body = c.post("/api/analyze", json={"text": "Russia met China.", "store": False}).json()
    assert body["stored"] is False and body["url"] is None
    assert c.get("/api/documents").json()["total"] == 3


@pytest.mark.parametrize(("payload", "status"), [
    ({"text": ""}, 422),
    ({}, 422),
    ({"text": "Russia met China.", "published": "yesterday"}, 422),
    ({"text": "x" * 2_000}, 413),
])
def test_analyze_rejects_bad_input(writable: Path, fake_analyze: list[dict[str, Any]],
                                   payload: dict[str, Any], status: int) -> None:
    c = TestClient(create_app(writable, max_analyze_bytes=1_000))
    assert_error_shape(c.post("/api/analyze", json=payload), status)
    assert fake_analyze == []


def test_analyze_size_limit_counts_streamed_bytes(writable: Path,
                                                  fake_analyze: list[dict[str, Any]]) -> None:
    c = TestClient(create_app(writable, max_analyze_bytes=1_000))

    def chunks():  # no Content-Length: the limit must hold on what actually arrives
        for _ in range(20):
            yield b'{"text": "' + b"y" * 100 if _ == 0 else b"y" * 100
        yield b'"}'

    r = c.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert_error_shape(r, 413)
    assert fake_analyze == []


def test_analyze_accepts_only_json(writable: Path, fake_analyze: list[dict[str, Any]]) -> None:
    # What a hostile page could make a visitor's browser send without a CORS preflight.
    c = TestClient(create_app(writable))
    r = c.post("/api/analyze", content='{"text": "Russia met China."}',
               headers={"content-type": "text/plain"})
    assert_error_shape(r, 415)
    assert fake_analyze == []


def test_analyze_rate_limit(writable: Path, fake_analyze: list[dict[str, Any]]) -> None:
    c = TestClient(create_app(writable, analyze_rate=(2, 60.0)))
    for i in range(2):
        assert c.post("/api/analyze", json={"text": f"Russia met China {i}.",
                                            "store": False}).status_code == 200
    r = c.post("/api/analyze", json={"text": "Russia met China again.", "store": False})
    err = assert_error_shape(r, 429)
    assert "try again" in err["detail"]
    assert 1 <= int(r.headers["retry-after"]) <= 60
    assert len(fake_analyze) == 2


def test_analyze_text_the_pipeline_rejects_is_a_422(writable: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from dyads.errors import InputError

    def analyze(text: str, **kw: Any) -> Analysis:
        raise InputError("<text>", "no text to analyse (empty or whitespace only)")

    monkeypatch.setattr(dyads, "analyze", analyze)
    c = TestClient(create_app(writable))
    err = assert_error_shape(c.post("/api/analyze", json={"text": "   "}), 422)
    assert "whitespace" in err["detail"]


def test_new_database_is_created_for_analysis(tmp_path: Path) -> None:
    path = tmp_path / "fresh.duckdb"
    c = TestClient(create_app(path))
    assert c.get("/api/documents").json()["items"] == []
    from dyads.errors import StoreError

    with pytest.raises(StoreError, match="no such database"):
        create_app(tmp_path / "missing.duckdb", allow_analyze=False)
