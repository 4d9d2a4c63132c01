"""Actor briefings (dyads.analysis.brief): content, order, placement, escaping, files.

The small store below is written event by event; every expectation is read off the table
``DOCS``. Estonia (EST) is the briefed actor: Finland and Latvia cooperate with it, Russia
threatens and attacks it, and one article carries hostile markup in its text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dyads.analysis.brief import UnknownActorError, build_brief, write_brief
from dyads.analysis.brief_render import md_escape, md_link, render_html, render_markdown, safe_url
from dyads.model import ActorRef, Analysis, Document, Event, Quote
from dyads.store import Store

HOSTILE = "<script>alert(1)</script> | *bold* _it_ [x](javascript:alert(1))"

#: PLOVER quad class and score of each type used below
QUAD = {"AGREE": (1, 2.5), "SUPPORT": (1, 5.0), "CONSULT": (1, 2.5), "AID": (2, 10.0),
        "THREATEN": (3, -3.5), "ACCUSE": (3, -3.0), "ASSAULT": (4, -9.0)}

#: doc id, published, outlet, [(type, actor, recipient, event date, sentence, negated)]
DOCS = [
    ("d1", "2024-01-10", "Wire A", [("AGREE", "EST", "FIN", "2024-01-10",
                                     "Estonia agreed with Finland on a ferry link.", False)]),
    ("d2", "2024-01-11", "Wire B", [("AGREE", "EST", "FIN", "2024-01-10",
                                     "Tallinn agreed a ferry deal with Helsinki.", False)]),
    ("d3", "2024-01-11", "Wire C", [("AGREE", "EST", "FIN", "2024-01-10",
                                     "The Estonians agreed with the Finns.", False),
                                    ("ASSAULT", "EST", "FIN", "2024-01-10",
                                     "Estonia did not attack Finland.", True)]),
    ("d4", "2024-02-05", "Wire A", [("THREATEN", "RUS", "EST", "2024-02-05",
                                     "Russia threatened Estonia over the border.", False)]),
    ("d5", "2024-02-06", "Wire B", [("THREATEN", "RUS", "EST", "2024-02-05",
                                     "Moscow threatened Tallinn.", False)]),
    ("d6", "2024-03-01", "Wire A", [("ASSAULT", "RUS", "EST", "2024-03-01",
                                     f"Russian troops attacked an Estonian post {HOSTILE}.",
                                     False)]),
    ("d7", "2024-03-02", "Wire C", [("ACCUSE", "EST", "RUS", "2024-03-02",
                                     "Estonia accused Russia of the attack.", False)]),
    ("d8", "2024-03-10", "Wire B", [("AID", "FIN", "EST", "2024-03-10",
                                     "Finland sent aid to Estonia.", False)]),
    ("d9", "2024-03-15", "Wire A", [("SUPPORT", "LVA", "EST", "2024-03-15",
                                     "Latvia backed Estonia.", False),
                                    ("CONSULT", "EST", "LVA", "2024-03-15",
                                     "Estonia met Latvia.", False)]),
]
TITLES = {"d6": f"Attack {HOSTILE}"}
URLS = {"d6": "javascript:alert(1)"}
#: doc id, speaker country, content
QUOTES = [
    ("d4", "EST", f"We will not be intimidated {HOSTILE}"),
    ("d8", "FIN", "Our help for Tallinn will continue"),
    ("d8", "FIN", "The weather was fine"),
    ("d9", "LVA", "The Estonians can count on us"),
]


def _ref(country: str) -> ActorRef:
    return ActorRef(text=f"{country} government", country=country, sector="GOV")


def _analysis(doc_id: str, published: str, source: str, events: list[tuple]) -> Analysis:
    text = " ".join(e[4] for e in events) + f" ({doc_id})"
    evs = []
    for etype, actor, recipient, day, sentence, negated in events:
        quad, score = QUAD[etype]
        verb = sentence.split()[1]
        at = text.find(sentence)
        evs.append(Event(etype, _ref(actor), _ref(recipient), sentence=sentence,
                         evidence=verb, start=at, end=at + len(sentence), date=day,
                         quad=quad, score=score, negated=negated))
    quotes = [Quote(_ref(c), "said", content, "direct", 0, len(content))
              for d, c, content in QUOTES if d == doc_id]
    doc = Document(text, id=doc_id, title=TITLES.get(doc_id, f"Article {doc_id}"),
                   published=published, source=source,
                   url=URLS.get(doc_id, f"https://news.example/{doc_id}"))
    return Analysis(doc=doc, events=evs, quotes=quotes)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("brief") / "brief.duckdb"
    with Store(path) as s:
        for doc in DOCS:
            assert s.save(_analysis(*doc))
    with Store(path, read_only=True) as s:
        yield s


@pytest.fixture(scope="module")
def brief(store: Store):
    return build_brief(store, "EST")


def test_totals(brief) -> None:
    t = brief.totals
    assert (t.events, t.cooperation, t.conflict) == (7, 4, 3)  # the negated attack is out
    assert (t.verbal_cooperation, t.material_cooperation, t.verbal_conflict,
            t.material_conflict) == (3, 1, 2, 1)
    assert t.articles == 9
    assert t.cc_index == pytest.approx(1 / 7)
    assert str(brief.actor) == "Estonia (EST)"
    assert (brief.first_date, brief.last_date) == ("2024-01-10", "2024-03-15")


def test_key_events_most_reported_then_strongest(brief) -> None:
    got = [(e.event_type, e.actor.key, e.recipient.key, e.n_articles) for e in brief.key_events]
    assert got == [("AGREE", "EST", "FIN", 3), ("THREATEN", "RUS", "EST", 2),
                   ("AID", "FIN", "EST", 1), ("ASSAULT", "RUS", "EST", 1),
                   ("SUPPORT", "LVA", "EST", 1), ("ACCUSE", "EST", "RUS", 1),
                   ("CONSULT", "EST", "LVA", 1)]
    first = brief.key_events[0]
    assert (first.first_report, first.first_doc_id, first.first_source) == \
        ("2024-01-10", "d1", "Wire A")
    assert first.parts == ("Estonia ", "agreed", " with Finland on a ferry link.")


@pytest.mark.parametrize("n_events, expected", [(1, ["AGREE"]), (3, ["AGREE", "THREATEN", "AID"])])
def test_n_events(store: Store, n_events: int, expected: list[str]) -> None:
    assert [e.event_type for e in build_brief(store, "EST", n_events=n_events).key_events] \
        == expected


def test_partners_and_adversaries(brief) -> None:
    assert [(c.actor.key, c.actor.name, c.events) for c in brief.partners] == \
        [("FIN", "Finland", 2), ("LVA", "Latvia", 2)]
    assert [(c.actor.key, c.cooperation, c.conflict) for c in brief.adversaries] == \
        [("RUS", 0, 3)]
    assert brief.mixed == []


def test_threats_and_opportunities(brief) -> None:
    assert [(s.reason, s.event.event_type) for s in brief.threats] == [
        ("material conflict by Russia (RUS)", "ASSAULT"),
        ("verbal conflict by Russia (RUS)", "THREATEN")]  # Estonia's own ACCUSE is no threat
    assert [s.event.event_type for s in brief.opportunities] == \
        ["AID", "SUPPORT", "AGREE", "CONSULT"]
    assert brief.opportunities[0].reason == "material cooperation with Finland (FIN)"


def test_timeline(brief) -> None:
    assert [(r.period.isoformat(), r.cooperation, r.conflict) for r in brief.timeline] == [
        ("2024-01-01", 1, 0), ("2024-02-01", 0, 1), ("2024-03-01", 3, 2)]


def test_quotes_by_and_about(brief) -> None:
    got = [(q.relation, q.speaker_country, q.doc_id) for q in brief.quotes]
    # by Estonia; naming its capital; naming its people; "The weather was fine" names nothing
    assert got == [("by", "EST", "d4"), ("about", "FIN", "d8"), ("about", "LVA", "d9")]
    assert brief.quotes[0].title == "Article d4"


@pytest.mark.parametrize("kwargs, events, quotes", [
    ({"since": "2024-03"}, 5, ["d8", "d9"]),
    ({"until": "2024-01"}, 1, []),
    ({"since": "2024-02-01", "until": "2024-02-28"}, 1, ["d4"]),
])
def test_period(store: Store, kwargs: dict, events: int, quotes: list[str]) -> None:
    b = build_brief(store, "EST", **kwargs)
    assert b.totals.events == events
    assert [q.doc_id for q in b.quotes] == quotes


@pytest.mark.parametrize("actor, key", [("EST", "EST"), ("Estonia", "EST"), ("FIN", "FIN")])
def test_actor_names_resolve(store: Store, actor: str, key: str) -> None:
    assert build_brief(store, actor).actor.key == key


def test_the_other_side_sees_it_too(store: Store) -> None:
    fin = build_brief(store, "FIN")
    assert [(c.actor.key, c.relation) for c in fin.partners + fin.mixed + fin.adversaries] \
        == [("EST", "partner")]
    rus = build_brief(store, "RUS")
    assert [c.actor.key for c in rus.adversaries] == ["EST"]
    assert [s.event.event_type for s in rus.threats] == ["ACCUSE"]


def test_unknown_actor_is_a_clear_error(store: Store) -> None:
    with pytest.raises(UnknownActorError, match=r"no actor 'QQQ'.*most active actors are EST"):
        build_brief(store, "QQQ")


def test_actor_without_events_gives_an_empty_brief(store: Store, tmp_path: Path) -> None:
    b = build_brief(store, "NOR")
    assert b.empty and b.key_events == [] and b.timeline == []
    md = write_brief(store, "NOR", tmp_path / "nor.md").read_text(encoding="utf-8")
    assert md.startswith("# Briefing: Norway (NOR)")
    assert "**No events.**" in md and "## Key events" not in md
    assert not (tmp_path / "nor.svg").exists()
    html = write_brief(store, "NOR", tmp_path / "nor.html").read_text(encoding="utf-8")
    assert "No events." in html and "<svg" not in html


def test_markdown_file_sections_and_chart(store: Store, tmp_path: Path) -> None:
    path = write_brief(store, "EST", tmp_path / "est.md")
    md = path.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", md, flags=re.MULTILINE)
    assert headings == ["At a glance", "Partners and adversaries", "Threats", "Opportunities",
                        "Key events", "Quotes by or about Estonia", "Timeline"]
    assert "![Cooperation and conflict per month](est.svg)" in md
    svg = (tmp_path / "est.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "2024-03" in svg
    assert "| 7 | 4 (57%) | 3 (43%) | +0.14 |" in md
    assert "| Finland (FIN) | 2 | 2 | 0 | +1.00 |" in md


def test_markdown_without_chart(brief) -> None:
    md = render_markdown(brief, chart=None)
    assert "![" not in md and "| 2024-03 | 3 | 2 |" in md


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_markdown_escapes_article_text(brief) -> None:
    md = render_markdown(brief)
    assert "<script>" not in md and "&lt;script&gt;" in md
    # the article's javascript: URL is no link target, and its text makes no link either
    assert re.search(r"(?<!\\)\]\(javascript", md) is None
    rows = [line for line in md.splitlines() if re.match(r"^\| \d+ \| 2024", line)]
    assert len(rows) == 7
    assert all(_unescaped_pipes(r) == 8 for r in rows)  # 7 cells: no cell split open
    assert "\\*bold\\* \\_it\\_ \\[x\\]" in md


@pytest.mark.parametrize("text, expected", [
    ("a | b", "a \\| b"),
    ("<b>x</b> & y", "&lt;b&gt;x&lt;/b&gt; &amp; y"),
    ("*a* _b_ `c` [d]", "\\*a\\* \\_b\\_ \\`c\\` \\[d\\]"),
    ("line\nbreak", "line break"),
    ("# heading", "\\# heading"),
    ("1. item", "1\\. item"),
    (None, ""),
])
def test_md_escape(text, expected: str) -> None:
    assert md_escape(text) == expected


@pytest.mark.parametrize("url, expected", [
    ("https://news.example/a", "https://news.example/a"),
    ("http://news.example/a?b=1", "http://news.example/a?b=1"),
    ("javascript:alert(1)", None),
    ("JAVASCRIPT:alert(1)", None),
    ("data:text/html,<b>x</b>", None),
    ("//news.example/a", None),
    ("", None),
    (None, None),
])
def test_safe_url(url, expected) -> None:
    assert safe_url(url) == expected


@pytest.mark.parametrize("target, expected", [
    ("brief.svg", "brief.svg"),
    ("https://x.example/a (b)", "https://x.example/a%20%28b%29"),
    ("https://x.example/<a>", "https://x.example/%3Ca%3E"),
])
def test_md_link(target: str, expected: str) -> None:
    assert md_link(target) == expected


def test_html_is_self_contained_and_escaped(brief) -> None:
    html = render_html(brief)
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html.lower()  # none of ours, none from the articles
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html
    assert re.search(r"<(link|img|iframe)\b|src=\"http", html) is None  # nothing fetched
    assert html.count("<svg") == 1 and "<style>" in html
    for section in ("glance", "timeline", "relations", "threats", "opportunities", "events",
                    "quotes"):
        assert f'<section id="{section}">' in html
    events = html[html.index('<section id="events">'):html.index('<section id="quotes">')]
    order = [m for m in re.findall(r'class="type q\d" title="[^"]+">([A-Z]+)', events)]
    assert order == ["AGREE", "THREATEN", "AID", "ASSAULT", "SUPPORT", "ACCUSE", "CONSULT"]
    relations = html[html.index('<section id="relations">'):html.index('<div class="cols">')]
    assert relations.index("Finland") < relations.index("Adversaries") < \
        relations.index("Russia")


def test_a_turn_for_the_worse_is_a_threat(tmp_path: Path) -> None:
    # Sweden and Norway: two cooperative events in January, two hostile ones in February
    rows = [("s1", "2024-01-08", "AGREE"), ("s2", "2024-01-20", "CONSULT"),
            ("s3", "2024-02-05", "THREATEN"), ("s4", "2024-02-19", "ACCUSE")]
    with Store(tmp_path / "turn.duckdb") as s:
        for doc_id, day, etype in rows:
            quad, score = QUAD[etype]
            sentence = f"Sweden {etype.lower()} Norway."
            s.save(Analysis(doc=Document(sentence + f" ({doc_id})", id=doc_id, published=day),
                            events=[Event(etype, _ref("SWE"), _ref("NOR"), sentence,
                                          etype.lower(), 7, 7 + len(etype), date=day,
                                          quad=quad, score=score)]))
        b = build_brief(s, "NOR")
        md = render_markdown(b)
    assert [(c.actor.key, c.recipient.key, c.period.isoformat(), c.kind) for c in b.changes] \
        == [("NOR", "SWE", "2024-02-01", "turned hostile")]
    assert [s.reason for s in b.threats] == ["relations turned hostile",
                                             "verbal conflict by Sweden (SWE)",
                                             "verbal conflict by Sweden (SWE)"]
    assert "## Notable changes" in md
    assert "| 2024-02 | Norway (NOR) – Sweden (SWE) | turned hostile | +1.00 → -1.00 | 2 / 2 |" \
        in md


class _Balance(HTMLParser):
    """Checks every non-void HTML element is closed in order (SVG included)."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


@pytest.mark.parametrize("actor", ["EST", "NOR"])
def test_html_elements_are_balanced(store: Store, actor: str) -> None:
    checker = _Balance()
    checker.feed(render_html(build_brief(store, actor)))
    assert checker.errors == [] and checker.stack == []


def test_a_connection_works_as_well_as_a_store(store: Store) -> None:
    assert build_brief(store.connection, "EST") == build_brief(store, "EST")


def test_undated_events_leave_the_timeline_empty(tmp_path: Path) -> None:
    path = tmp_path / "undated.duckdb"
    with Store(path) as s:
        s.save(Analysis(doc=Document("Estonia met Latvia.", id="u1"), events=[
            Event("CONSULT", _ref("EST"), _ref("LVA"), "Estonia met Latvia.", "met", 8, 11,
                  quad=1, score=2.5)]))
        b = build_brief(s, "EST")
        assert (b.totals.events, b.timeline, b.key_events[0].when) == (1, [], "date unknown")
        md = render_markdown(b)
        assert "No dated events" in md and b.period_label == "all stored dates"
        assert "No dated events" in render_html(b)


@pytest.mark.parametrize("name, fmt, marker", [
    ("b.md", None, "# Briefing: Estonia"), ("b.html", None, "<!DOCTYPE html>"),
    ("b.txt", "markdown", "# Briefing: Estonia"), ("b.out", "html", "<!DOCTYPE html>"),
])
def test_write_brief_formats(store: Store, tmp_path: Path, name: str, fmt, marker) -> None:
    path = write_brief(store, "EST", tmp_path / name, format=fmt)
    assert path.read_text(encoding="utf-8").startswith(marker)


def test_write_brief_unknown_suffix(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"name it \.md or \.html"):
        write_brief(store, "EST", tmp_path / "b.pdf")


def test_chart_is_deterministic(store: Store, tmp_path: Path) -> None:
    write_brief(store, "EST", tmp_path / "one.md")
    write_brief(store, "EST", tmp_path / "two.md")
    assert (tmp_path / "one.svg").read_bytes() == (tmp_path / "two.svg").read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("actor, adversary, counterparts", [
    ("LTU", "BLR", {"BLR", "POL"}),
    ("TCD", "SDN", {"SDN", "DEU", "USA"}),
])
def test_corpus_briefs_name_the_main_counterparts(corpus_db: Path, tmp_path: Path, actor: str,
                                                  adversary: str, counterparts: set[str]
                                                  ) -> None:
    with Store(corpus_db, read_only=True) as store:
        b = build_brief(store, actor)
        html = write_brief(store, actor, tmp_path / "b.html").read_text(encoding="utf-8")
    assert f"Briefing: {b.actor.name}" in html
    assert adversary in [c.actor.key for c in b.adversaries]
    sides = {s.key for e in b.key_events for s in (e.actor, e.recipient) if s is not None}
    assert counterparts & sides
    assert b.threats and b.quotes and b.timeline
    assert all(q.relation == "by" or q.speaker_country != actor for q in b.quotes)
