"""The web workspace in a real browser: Debian's chromium driven by Playwright.

A uvicorn server runs on 127.0.0.1 (a free port) in a thread over a database of hand-built
analyses; every page is loaded, filters are used, an article is opened and its events
inspected. The corpus pages (dyad trends, stories, briefs) run over the perfect-coder store
of the test corpus (tests/corpus_oracle.py). A screenshot of each page goes to
``artifacts/screenshots/``.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip("Debian's chromium is not installed (apt-get install chromium); "
                "browser tests need it", allow_module_level=True)

from corpus_oracle import oracle_store  # noqa: E402  (tests/ is on sys.path)
from test_server_api import CHN, RUS, build_db  # noqa: E402

import dyads  # noqa: E402
from dyads.model import Analysis, Document, Event  # noqa: E402
from dyads.server import create_app  # noqa: E402
from dyads.server.security import LOOPBACK_HOSTS  # noqa: E402

SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fake_analyze(text: str, published: str | None = None, title: str | None = None,
                  **kw: Any) -> Analysis:
    """Stands in for the NLP pipeline: one CONSULT event on the first sentence."""
    first = text.split(".")[0]
    return Analysis(doc=Document(text=text, title=title, published=published),
                    events=[Event("CONSULT", RUS, CHN, first + ".", first, 0, len(first),
                                  quad=1)])


@contextmanager
def _serving(path: Path) -> Iterator[str]:
    """A uvicorn server over the database at ``path`` on a free loopback port; its URL."""
    port = _free_port()
    # As serve() configures it on loopback: Host check on, no token.
    app = create_app(path, allowed_hosts=LOOPBACK_HOSTS)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    path = tmp_path_factory.mktemp("browser") / "news.duckdb"
    ids = build_db(path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(dyads, "analyze", _fake_analyze)
        with _serving(path) as url:
            yield url, ids


@pytest.fixture(scope="module")
def oracle_server(tmp_path_factory: pytest.TempPathFactory,
                  corpus_expected: dict[str, Any]) -> Iterator[str]:
    """The test corpus as a perfect coder reads it (tests/corpus_oracle.py)."""
    path = oracle_store(tmp_path_factory.mktemp("browser-oracle") / "oracle.duckdb",
                        corpus_expected)
    with _serving(path) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield pg
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(("name", "url", "heading", "visible"), [
    ("events", "/", "Event search", "Russia threatened Washington"),
    ("documents", "/documents", "Articles", "Sanctions on Moscow"),
    ("actors", "/actors", "Actors", "AFGREB"),
    ("actor", "/actors/RUSGOV", "Russia", "Adversaries"),
    ("dyads", "/dyads", "Dyads", "Most frequent pairs"),
    ("dyad", "/dyads?actor=USA&recipient=RUS", "Dyad USA → RUS", "imposed sanctions on Russia"),
    ("network", "/network", "Actor network", "Relations as a table"),
    ("analyze", "/analyze", "Analyse an article", "Article text"),
    ("api", "/api/docs", "dyads API", "Only POST /api/analyze writes to the database."),
])
def test_every_page_loads(server: tuple[str, dict[str, str]], page: Any, name: str, url: str,
                          heading: str, visible: str) -> None:
    base, _ = server
    response = page.goto(base + url)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert heading in page.locator("h1").inner_text()
    assert page.get_by_text(visible).first.is_visible()
    shot(page, name)


def test_event_filters(server: tuple[str, dict[str, str]], page: Any) -> None:
    base, _ = server
    page.goto(base + "/")
    assert page.locator("table.events tbody tr").count() == 5
    page.get_by_label("Actor", exact=True).fill("RUS")
    page.get_by_label("Quad class").select_option("3")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/?*quad=3*")
    rows = page.locator("table.events tbody tr")
    assert rows.count() == 1
    assert "THREATEN" in rows.first.inner_text()
    assert page.get_by_label("Actor", exact=True).input_value() == "RUS"  # filters kept
    shot(page, "events-filtered")
    page.get_by_role("link", name="Clear").click()
    page.wait_for_url(base + "/")
    assert page.locator("table.events tbody tr").count() == 5


def test_open_article_and_inspect_an_event(server: tuple[str, dict[str, str]],
                                           page: Any) -> None:
    base, _ = server
    page.goto(base + "/?type=DISAPPROVE")
    page.get_by_role("link", name="Russia hosts the Taliban").click()
    page.wait_for_url("**/documents/*")
    assert page.locator("h1").inner_text() == "Russia hosts the Taliban"
    text = page.locator("#article-text")
    assert text.inner_text().startswith("Russia met the Taliban in Moscow")
    assert text.locator(".m-actor").count() >= 5
    assert text.locator(".m-quote").count() >= 1
    # Keyboard: focus the second event's button and press Enter.
    button = page.locator(".event-btn").nth(1)
    button.focus()
    page.keyboard.press("Enter")
    detail = page.locator("#ev-detail")
    assert "DISAPPROVE" in detail.inner_text()
    assert "Washington condemned the Taliban" in detail.locator("blockquote").inner_text()
    assert "USAGOV" in detail.inner_text() and "AFGREB" in detail.inner_text()
    assert button.get_attribute("aria-pressed") == "true"
    active = text.locator(".m-event.active")
    assert "".join(active.all_inner_texts()) == "Washington condemned the Taliban"
    shot(page, "article-event")
    # Clicking a marked passage in the text selects its event.
    text.locator(".m-event.q1").first.click()
    assert "CONSULT" in detail.inner_text()
    assert page.locator(".event-btn").nth(0).get_attribute("aria-pressed") == "true"


def test_event_search_links_to_the_event_in_its_article(server: tuple[str, dict[str, str]],
                                                       page: Any) -> None:
    base, _ = server
    page.goto(base + "/?type=DISAPPROVE")
    page.get_by_role("link", name="Washington condemned the Taliban").click()
    page.wait_for_url("**/documents/*#event-*")
    assert "DISAPPROVE" in page.locator("#ev-detail").inner_text()
    assert page.locator(".event-btn").nth(1).get_attribute("aria-pressed") == "true"


def test_article_at_laptop_and_narrow_widths(server: tuple[str, dict[str, str]],
                                            page: Any) -> None:
    base, ids = server
    url = f"{base}/documents/{ids['Russia hosts the Taliban']}"
    for width in (1920, 1280, 760):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        text_box = page.locator("#article-text").bounding_box()
        side_box = page.locator("aside.side").bounding_box()
        assert text_box["x"] + text_box["width"] <= width
        if width >= 1000:  # side by side
            assert side_box["x"] >= text_box["x"] + text_box["width"]
        else:  # stacked
            assert side_box["y"] >= text_box["y"] + text_box["height"]
        shot(page, f"article-{width}px")


def test_charts_and_network_draw(server: tuple[str, dict[str, str]], page: Any) -> None:
    base, _ = server
    page.goto(base + "/dyads?actor=RUS&recipient=USA")
    page.wait_for_function("() => window.Chart && Chart.getChart('timeline-chart')")
    labels = page.evaluate("() => Chart.getChart('timeline-chart').data.labels")
    assert labels == ["2021-10"]
    page.goto(base + "/network")
    page.wait_for_function("() => window.dyadsNetwork && window.dyadsNetwork.nodes().length")
    assert page.evaluate("() => window.dyadsNetwork.nodes().length") == 4
    assert page.evaluate("() => window.dyadsNetwork.edges().length") == 6
    page.locator("#network").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.wait_for_url("**/actors/*")
    assert page.locator("h2", has_text="Partners").is_visible()


def test_skip_link_is_the_first_tab_stop(server: tuple[str, dict[str, str]],
                                         page: Any) -> None:
    base, _ = server
    page.goto(base + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to content"


def test_paste_and_analyse(server: tuple[str, dict[str, str]], page: Any) -> None:
    base, _ = server
    page.goto(base + "/analyze")
    page.get_by_label("Title").fill("Envoys")
    page.get_by_label("Article text").fill("Russia hosted Chinese envoys. They talked.")
    page.get_by_role("button", name="Analyse").click()
    page.wait_for_selector("#an-result:not([hidden])")
    assert "1 events" in page.locator("#an-status").inner_text()
    assert "CONSULT" in page.locator("#an-events").inner_text()
    assert page.locator("#an-text-out .m-event").inner_text() == "Russia hosted Chinese envoys"
    shot(page, "analyze-result")
    page.get_by_role("link", name="Open the stored article view").click()
    page.wait_for_url("**/documents/*")
    assert page.locator("h1").inner_text() == "Envoys"


# --- the corpus layer: dyad trends, stories, briefs ------------------------------------------

@pytest.mark.parametrize(("name", "url", "heading", "visible"), [
    ("trends", "/trends", "Dyad trends", "Notable changes"),
    ("stories", "/stories", "Stories", "4 sources · 3 independent"),
    ("stories-most-reported", "/stories?sort=reports", "Stories", "95 stories"),
])
def test_corpus_pages_load(oracle_server: str, page: Any, name: str, url: str, heading: str,
                           visible: str) -> None:
    response = page.goto(oracle_server + url)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert heading in page.locator("h1").inner_text()
    assert page.get_by_text(visible).first.is_visible()
    assert page.locator("nav a[aria-current=page]").inner_text() == heading
    shot(page, name)


def _painted_pixels(page: Any, canvas_id: str) -> int:
    """Pixels of the canvas that are not transparent: zero before anything is drawn."""
    return page.evaluate("""(id) => {
        const c = document.getElementById(id);
        const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
        return n;
    }""", canvas_id)


def test_click_a_dyad_draws_its_monthly_chart(oracle_server: str, page: Any) -> None:
    page.goto(oracle_server + "/trends")
    assert page.locator("#trend").is_hidden()
    first = page.locator("table.dyad-totals tbody tr").first
    assert first.locator("td").nth(1).inner_text() == "15"  # BLR-LTU: expected.yaml's 15
    assert "-0.33" in first.inner_text()
    first.get_by_role("link", name="BLR – LTU").click()
    page.wait_for_function("() => window.Chart && Chart.getChart('trend-chart')")
    assert page.locator("#trend").is_visible()
    assert page.locator("#trend-name").inner_text() == "BLR – LTU"
    chart = page.evaluate("""() => { const c = Chart.getChart('trend-chart');
        return {labels: c.data.labels, sets: c.data.datasets.map(d => [d.label, d.data])}; }""")
    assert chart["labels"] == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
    sets = {label: data for label, data in chart["sets"]}
    assert sum(sets["cooperation"]) == 5 and sum(sets["conflict"]) == -10
    assert [a - b for a, b in zip(sets["cooperation"], sets["conflict"], strict=True)] == \
        [4, 4, 2, 1, 3, 1]  # expected.yaml's BLR-LTU by_month
    assert _painted_pixels(page, "trend-chart") > 2000
    page.get_by_text("Months as a table").click()  # the chart's numbers, for screen readers
    rows = page.locator("#trend-table tbody tr")
    assert rows.count() == 6 and rows.first.inner_text().split() == ["2024-01", "4", "0", "4",
                                                                    "-1.00"]
    assert "actor=BLR" in page.url and "recipient=LTU" in page.url  # a link to this view
    assert first.get_attribute("class") == "selected"
    assert "15 dated events in 6 months" in page.locator("#trend-status").inner_text()
    shot(page, "trends-chart")
    # Another dyad replaces the chart; the page reloaded on its URL draws it again.
    page.locator("table.dyad-totals").get_by_role("link", name="KGZ – TJK").click()
    page.wait_for_function("() => Chart.getChart('trend-chart') && "
                           "document.getElementById('trend-chart').dataset.dyad === 'KGZ-TJK'")
    page.reload()
    page.wait_for_function("() => window.Chart && Chart.getChart('trend-chart')")
    assert page.locator("#trend-name").inner_text() == "KGZ – TJK"
    assert _painted_pixels(page, "trend-chart") > 2000


def test_story_links_to_each_reporting_article(oracle_server: str, page: Any) -> None:
    page.goto(oracle_server + "/stories?actor=TJK&recipient=KGZ&until=2024-01-10")
    row = page.locator("table.stories tbody tr").first
    assert "4 articles" in " ".join(row.locator(".story-counts").inner_text().split())
    links = row.locator("ul.reports a")
    assert links.count() == 4
    title = links.nth(1).inner_text()
    links.nth(1).click()
    page.wait_for_url("**/documents/c002-*")
    assert page.locator("h1").inner_text() == title


def test_actor_page_links_to_its_brief(server: tuple[str, dict[str, str]], page: Any) -> None:
    base, _ = server
    page.goto(base + "/actors/RUSGOV")
    page.get_by_role("link", name="Brief", exact=True).click()
    page.wait_for_url("**/brief/RUSGOV?level=code")
    assert page.locator("h1").inner_text().startswith("Briefing: Russia GOV")
    shot(page, "brief")
