"""PROTEST events: one-sided collective protests (PLOVER "Requires recipient: No").

Sentences are invented. The actor is the protesters' country (named in the subject, as the
nearest civilian / opposition / union actor of the sentence, or as the place of the protest);
the recipient is the target the sentence names ("against the government") or the country the
protest takes place in ("a protest in Moscow"), else none.
"""

from __future__ import annotations

import pytest

from dyads.events.build import refs_of
from dyads.model import Event

pytest.importorskip("dyads.actors.component", reason="the events stage reads the actors stage")


@pytest.fixture(scope="module")
def protest_nlp():
    from dyads.nlp.pipeline import build_pipeline

    return build_pipeline(stages=["actors", "dates", "places", "events"])


def code(nlp, text: str) -> list[Event]:
    doc = nlp.make_doc(text)
    doc._.dyads_published = "2024-03-05"
    return nlp(doc)._.dyads_events


def summary(events: list[Event]) -> list[tuple[str, str | None, tuple[str | None, ...],
                                             tuple[str | None, ...]]]:
    return [(e.event_type, e.mode, tuple(r.country for r in refs_of(e.actor)),
             tuple(r.country for r in refs_of(e.recipient))) for e in events]


@pytest.mark.parametrize(("text", "expected"), [
    # subject with a nationality, no target named: no recipient
    ("Thousands of Kenyan protesters marched through Nairobi on Tuesday.",
     ("PROTEST", "demo", ("KEN",), ())),
    ("Peruvian miners went on a general strike to demand higher wages.",
     ("PROTEST", "strike", ("PER",), ())),
    # an occupational noun takes its nationality modifier's country
    ("About 200 Lithuanian hauliers protested outside the transport ministry on Monday.",
     ("PROTEST", "demo", ("LTU",), ())),
    # the target the sentence names is the recipient: the protesters' own government
    ("French farmers protested against the government in Paris on Monday.",
     ("PROTEST", "demo", ("FRA",), ("FRA",))),
    ("Zimbabwean opposition supporters rallied against the government in Harare.",
     ("PROTEST", "demo", ("ZWE",), ("ZWE",))),
    # a protest abroad is aimed at the host country ("staged": the lemmatizer's "stag")
    ("Dutch and Belgian activists staged a protest in Moscow on Friday.",
     ("PROTEST", "demo", ("NLD", "BEL"), ("RUS",))),
    # a rally is a protest when marked as one
    ("Thousands of Ugandan students held a rally against the new tax law.",
     ("PROTEST", "demo", ("UGA",), ())),
    # no subject: the protest's place gives the protesters' country
    ("A general strike in Nigeria shut banks and schools on Monday.",
     ("PROTEST", "strike", ("NGA",), ())),
])
def test_protest_coded(protest_nlp, text: str,
                       expected: tuple[str, str, tuple[str, ...], tuple[str, ...]]) -> None:
    found = [s for s in summary(code(protest_nlp, text)) if s[0] == "PROTEST"]
    assert found == [expected]


@pytest.mark.parametrize("text", [
    # protesters of no known country: a one-sided event needs a country to be useful
    "Thousands marched through the city centre on Sunday.",
    # the topic of another act, not a reported protest
    "The Canadian prime minister will attend a summit on the unrest in Haiti.",
    # a campaign or party rally is no protest
    "The Kenyan president addressed supporters of the ruling party at a rally in Mombasa.",
    # market, sport and weather senses of protest words
    "Stock markets rallied on Monday as oil prices rose.",
    "The striker scored twice as the home side beat the champions on Saturday.",
    "Heavy rain and strong winds swept across the coast on Friday.",
])
def test_no_protest(protest_nlp, text: str) -> None:
    assert [s for s in summary(code(protest_nlp, text)) if s[0] == "PROTEST"] == []


@pytest.mark.parametrize(("text", "expected"), [
    # a diplomatic protest stays ACCUSE with its dyad
    ("Russia protested to Japan over the military exercises.",
     [("ACCUSE", "disapprove", ("RUS",), ("JPN",))]),
])
def test_diplomatic_protest_unchanged(protest_nlp, text: str, expected: list) -> None:
    assert summary(code(protest_nlp, text)) == expected
