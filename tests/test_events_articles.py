"""Whole-article recall rules of the events stage: datelines, coordinated parties, "the two
countries", complement recipients, two-sided fighting, declared ceasefires, sport.

Every sentence here was written for this test (none is from examples/corpus or a benchmark).
"""

from __future__ import annotations

import pytest

from dyads.events.build import refs_of
from dyads.model import Event

pytest.importorskip("dyads.actors.component", reason="the events stage reads the actors stage")


@pytest.fixture(scope="module")
def events_nlp():
    from dyads.nlp.pipeline import build_pipeline

    return build_pipeline(stages=["actors", "dates", "events"])


def code(nlp, text: str) -> list[Event]:
    doc = nlp.make_doc(text)
    doc._.dyads_published = "2024-05-02"
    return nlp(doc)._.dyads_events


def countries(arg) -> set[str | None]:
    return {a.country for a in refs_of(arg)}


def has(events: list[Event], actor: str, etype: str, recipient: str) -> bool:
    """An event of that type linking the two countries (as actor -> recipient, or both among
    the actors of a joint act whose recipient, if any, is no country)."""
    for ev in events:
        if ev.event_type != etype:
            continue
        a, r = countries(ev.actor), countries(ev.recipient)
        if actor in a and (recipient in r or (not r - {None} and recipient in a)):
            return True
    return False


# (text, actor, type, recipient): events the article rules must find
FOUND = [
    # a wire dateline is not the subject of the lede
    (("HANOI, June 3 (Example Wire) - Vietnam and Laos announced a ceasefire on their border "
      "on Monday."), "VNM", "CONCEDE", "LAO"),
    ("OSLO — The heads of the Norwegian and Swedish coast guards met on Friday.",
     "NOR", "CONSULT", "SWE"),
    # coordinated nationality adjectives name both parties
    ("Fighting broke out between Eritrean and Ethiopian troops near the town.",
     "ERI", "ASSAULT", "ETH"),
    ("Senior Peruvian and Chilean border officials met at the crossing on Tuesday.",
     "PER", "CONSULT", "CHL"),
    # "the two countries" / "both sides" refer back to the story's two parties
    (("Ghana's president received the Togolese foreign minister in Accra. The two countries "
      "also signed an agreement on fishing."), "GHA", "SUPPORT", "TGO"),
    ("Serbia and Croatia held talks in Zagreb. Both sides agreed to reopen the consulates.",
     "SRB", "AGREE", "HRV"),
    # the recipient of a demand, charge or threat is who its complement is about
    ("Bolivia demanded that Paraguay withdraw its soldiers from the disputed area.",
     "BOL", "REQUEST", "PRY"),
    ("The Thai foreign ministry charged that Cambodian crews were building on Thai land.",
     "THA", "ACCUSE", "KHM"),
    ("Algeria threatened on Sunday to bar Moroccan-registered aircraft from its airspace.",
     "DZA", "THREATEN", "MAR"),
    # closing a border is a reduction of relations; a partitive object still counts
    ("Latvia closed three of its border crossings with Russia on Wednesday.",
     "LVA", "SANCTION", "RUS"),
    # the origin of the fire is the attacker
    ("Rockets fired from the Syrian side of the border struck a Turkish village.",
     "SYR", "ASSAULT", "TUR"),
    # whoever answers an act is its recipient
    ("In response to the American sanctions, Iran expelled two diplomats.",
     "USA", "SANCTION", "IRN"),
    # a refused proposal: the refuser acts on its author
    ("Nepal rejected India's demand to close the trading post.", "NPL", "REJECT", "IND"),
    # a visit "for talks with" someone has that someone as host
    ("Kenya's defence minister arrived in Kampala for talks with his Ugandan counterpart.",
     "KEN", "CONSULT", "UGA"),
]

# (text, actor, type, recipient): events the rules must NOT produce
NOT_FOUND = [
    ("Kazakhstan beat Uzbekistan 3-1 in a friendly in Almaty on Sunday.",
     "KAZ", "ASSAULT", "UZB"),
    ("The Polish champion beat her Czech rival in the final of the tournament.",
     "POL", "ASSAULT", "CZE"),
    (("Brazil and Argentina played a goalless draw. The two sides meet again in the "
      "qualifying tournament in June."), "BRA", "CONSULT", "ARG"),
]


@pytest.mark.parametrize("text,actor,etype,recipient", FOUND)
def test_article_rules_find(events_nlp, text: str, actor: str, etype: str,
                            recipient: str) -> None:
    events = code(events_nlp, text)
    assert has(events, actor, etype, recipient), [
        (e.event_type, countries(e.actor), countries(e.recipient), e.evidence) for e in events]


@pytest.mark.parametrize("text,actor,etype,recipient", NOT_FOUND)
def test_article_rules_do_not_invent(events_nlp, text: str, actor: str, etype: str,
                                     recipient: str) -> None:
    events = code(events_nlp, text)
    assert not has(events, actor, etype, recipient)
    assert not has(events, recipient, etype, actor)


@pytest.mark.parametrize("text,expected_end", [
    ("HANOI, June 3 (Example Wire) - Vietnam met Laos.", 9),
    ("OSLO — Norway met Sweden.", 2),
    ("Norway met Sweden - and then Denmark.", 0),
    ("US officials met Chinese officials - quietly.", 0),
])
def test_dateline_end(events_nlp, text: str, expected_end: int) -> None:
    from dyads.events.arguments import dateline_end

    assert dateline_end(events_nlp(text)) == expected_end
