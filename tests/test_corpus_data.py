"""Validate the hand-written test corpus (examples/corpus) and its ground truth.

Deduplication, aggregation and export tests trust ``expected.yaml``; these tests make
sure the corpus and the ground truth agree with each other before anything else uses them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pycountry
import pytest
import yaml

CORPUS_DIR = Path(__file__).resolve().parents[1] / "examples" / "corpus"
EXPECTED = CORPUS_DIR / "expected.yaml"
FIELDS = {"id": str, "title": str, "published": str, "source": str, "url": str, "text": str}
PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
#: Same-event reports must be close in time, or cross-article deduplication cannot merge them.
REPORT_WINDOW_DAYS = 3
NEAR_DUPLICATE_MIN_JACCARD = 0.8
#: Distinct articles about the same event share phrases, never most of their text.
DISTINCT_MAX_JACCARD = 0.5


def _load_articles() -> list[dict[str, Any]]:
    articles = []
    for path in sorted(CORPUS_DIR.glob("*.jsonl")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            record = json.loads(line)
            record["_file"] = path.stem
            record["_line"] = lineno
            articles.append(record)
    return articles


ARTICLES = _load_articles()
BY_ID = {a["id"]: a for a in ARTICLES}
GROUND = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
EVENTS = GROUND["events"]
PERIOD_START = dt.date.fromisoformat(GROUND["period"]["start"])
PERIOD_END = dt.date.fromisoformat(GROUND["period"]["end"])


def _day(article_id: str) -> dt.date:
    return dt.date.fromisoformat(BY_ID[article_id]["published"])


def _shingles(text: str, n: int = 3) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _jaccard(a: set[Any], b: set[Any]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def _is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None


def test_corpus_has_at_least_200_articles() -> None:
    assert len(ARTICLES) >= 200


def test_article_ids_are_unique_and_stable() -> None:
    counts = Counter(a["id"] for a in ARTICLES)
    assert [i for i, n in counts.items() if n > 1] == []
    bad = [a["id"] for a in ARTICLES if not re.fullmatch(r"c\d{3}-[a-z0-9]+(?:-[a-z0-9]+)*", a["id"])]
    assert bad == []


@pytest.mark.parametrize("field,kind", sorted(FIELDS.items()))
def test_every_article_has_field_of_right_type(field: str, kind: type) -> None:
    bad = [f"{a['_file']}:{a['_line']}" for a in ARTICLES
           if not isinstance(a.get(field), kind) or not a[field].strip()]
    assert bad == []


def test_articles_have_no_unexpected_fields() -> None:
    extra = {k for a in ARTICLES for k in a if not k.startswith("_")} - set(FIELDS)
    assert extra == set()


def test_published_dates_parse_and_lie_in_period() -> None:
    outside = [a["id"] for a in ARTICLES
               if not PERIOD_START <= dt.date.fromisoformat(a["published"]) <= PERIOD_END]
    assert outside == []


def test_articles_are_short_news_items() -> None:
    lengths = {a["id"]: len(re.findall(r"\w+(?:['’-]\w+)*", a["text"])) for a in ARTICLES}
    assert {i: n for i, n in lengths.items() if not 80 <= n <= 250} == {}


def test_urls_and_sources() -> None:
    assert all(a["url"].startswith("https://example.org/") for a in ARTICLES)
    assert len({a["url"] for a in ARTICLES}) == len(ARTICLES)
    assert 6 <= len({a["source"] for a in ARTICLES}) <= 10


def test_every_id_in_expected_exists() -> None:
    referenced = set(GROUND["no_events"])
    referenced.update(itertools.chain.from_iterable(GROUND["near_duplicates"]))
    for event in EVENTS:
        referenced.update(event["articles"])
        referenced.update(event.get("also_mentioned_in", []))
    assert referenced - set(BY_ID) == set()


def test_event_keys_unique() -> None:
    counts = Counter(e["key"] for e in EVENTS)
    assert [k for k, n in counts.items() if n > 1] == []


def test_every_plover_type_appears_in_expected() -> None:
    assert {e["type"] for e in EVENTS} == PLOVER_TYPES


@pytest.mark.parametrize("event", EVENTS, ids=[e["key"] for e in EVENTS])
def test_event_fields_are_valid(event: dict[str, Any]) -> None:
    assert event["type"] in PLOVER_TYPES
    for role in ("actor", "recipient"):
        code = event[role]
        assert code is None or _is_country(code), f"{role} {code!r} is not ISO 3166-1 alpha-3"
    start = dt.date.fromisoformat(event["date"])
    assert PERIOD_START <= start <= PERIOD_END
    if "date_end" in event:
        assert dt.date.fromisoformat(event["date_end"]) > start
    assert isinstance(event["symmetric"], bool)
    assert event["storyline"] in GROUND["storylines"]
    assert event["articles"], "every event is reported by at least one article"


@pytest.mark.parametrize("event", EVENTS, ids=[e["key"] for e in EVENTS])
def test_event_reports_are_published_close_together(event: dict[str, Any]) -> None:
    days = sorted(_day(a) for a in event["articles"])
    assert (days[-1] - days[0]).days <= REPORT_WINDOW_DAYS
    assert days[0] >= dt.date.fromisoformat(event["date"]), "no report before the event"
    assert (days[0] - dt.date.fromisoformat(event["date"])).days <= REPORT_WINDOW_DAYS


@pytest.mark.parametrize("event", EVENTS, ids=[e["key"] for e in EVENTS])
def test_background_mentions_come_later(event: dict[str, Any]) -> None:
    date = dt.date.fromisoformat(event["date"])
    mentions = event.get("also_mentioned_in", [])
    assert set(mentions).isdisjoint(event["articles"])
    assert all(_day(a) > date for a in mentions)


@pytest.mark.parametrize("event", EVENTS, ids=[e["key"] for e in EVENTS])
def test_event_articles_belong_to_its_storyline(event: dict[str, Any]) -> None:
    files = {BY_ID[a]["_file"] for a in event["articles"] + event.get("also_mentioned_in", [])}
    assert files == {event["storyline"]}


@pytest.mark.parametrize("event", [e for e in EVENTS if len(e["articles"]) > 1],
                         ids=[e["key"] for e in EVENTS if len(e["articles"]) > 1])
def test_multi_reported_events_come_from_several_outlets(event: dict[str, Any]) -> None:
    assert len({BY_ID[a]["source"] for a in event["articles"]}) >= 2


def test_most_events_are_reported_by_several_articles() -> None:
    multi = sum(len(e["articles"]) >= 2 for e in EVENTS)
    assert multi / len(EVENTS) >= 0.9
    assert max(len(e["articles"]) for e in EVENTS) <= 8


def test_corpus_spans_several_storylines_and_months() -> None:
    assert len(GROUND["storylines"]) >= 5
    assert len({a["published"][:7] for a in ARTICLES}) >= 6
    for storyline in GROUND["storylines"]:
        assert sum(e["storyline"] == storyline for e in EVENTS) >= 5


@pytest.mark.parametrize("group", GROUND["near_duplicates"],
                         ids=[g[0] for g in GROUND["near_duplicates"]])
def test_near_duplicate_groups_are_near_duplicates(group: list[str]) -> None:
    assert len(group) >= 2
    original = _shingles(BY_ID[group[0]]["text"])
    for other in group[1:]:
        assert _jaccard(original, _shingles(BY_ID[other]["text"])) >= NEAR_DUPLICATE_MIN_JACCARD
        assert BY_ID[other]["text"] != BY_ID[group[0]]["text"], "minor edits, not exact copies"
        assert BY_ID[other]["source"] != BY_ID[group[0]]["source"]
        assert 0 <= (_day(other) - _day(group[0])).days <= 1


def test_no_undeclared_near_duplicates() -> None:
    declared = {frozenset(p) for g in GROUND["near_duplicates"] for p in itertools.combinations(g, 2)}
    shingles = {a["id"]: _shingles(a["text"]) for a in ARTICLES}
    similar = [(x, y) for x, y in itertools.combinations(shingles, 2)
               if frozenset((x, y)) not in declared
               and _jaccard(shingles[x], shingles[y]) >= DISTINCT_MAX_JACCARD]
    assert similar == []


def test_near_duplicates_report_the_same_events() -> None:
    events_of: dict[str, set[str]] = {}
    for event in EVENTS:
        for a in event["articles"]:
            events_of.setdefault(a, set()).add(event["key"])
    for group in GROUND["near_duplicates"]:
        assert len({frozenset(events_of.get(a, set())) for a in group}) == 1, group


def test_no_event_articles_are_exactly_the_articles_without_events() -> None:
    with_events = set()
    for event in EVENTS:
        with_events.update(event["articles"])
        with_events.update(event.get("also_mentioned_in", []))
    assert set(GROUND["no_events"]) == set(BY_ID) - with_events
    assert len(GROUND["no_events"]) >= 10


QUAD_CLASS = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), "verbal_cooperation"),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), "material_cooperation"),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), "verbal_conflict"),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), "material_conflict"),
}


def test_dyad_aggregates_agree_with_events() -> None:
    recomputed: dict[str, Counter[str]] = {}
    for event in EVENTS:
        if event["actor"] is None or event["recipient"] is None:
            continue
        dyad = "-".join(sorted((event["actor"], event["recipient"])))
        counts = recomputed.setdefault(dyad, Counter())
        counts["events"] += 1
        counts[QUAD_CLASS[event["type"]]] += 1
        counts["month:" + event["date"][:7]] += 1
    declared = {}
    for dyad, agg in GROUND["dyads"].items():
        flat = Counter({k: v for k, v in agg.items() if k != "by_month" and v})
        flat.update({f"month:{m}": n for m, n in agg["by_month"].items()})
        declared[dyad] = flat
    assert declared == recomputed
