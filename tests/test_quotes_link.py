"""Linking quotes to the events they carry (dyads.quotes.link), on contract objects only."""

from __future__ import annotations

import pytest

from dyads.model import ActorRef, Event, Quote
from dyads.quotes.link import link_quotes_to_events, same_actor

TEXT = "Lavrov praised the new deal with Iran, saying it was a step forward. Kyiv was shelled."
LAVROV = ActorRef("Lavrov", "Sergei Lavrov", "RUS", "GOV")
IRAN = ActorRef("Iran", None, "IRN", None)


def _span(s: str) -> tuple[int, int]:
    i = TEXT.index(s)
    return i, i + len(s)


def _event(evidence: str, actor: ActorRef, sentence: str, eid: str) -> Event:
    s, e = _span(evidence)
    return Event(event_type="SUPPORT", actor=actor, recipient=IRAN, sentence=sentence,
                 evidence=evidence, start=s, end=e, id=eid)


def _quote(content: str, speaker: ActorRef | None) -> Quote:
    s, e = _span(content)
    return Quote(speaker=speaker, cue="said", content=content, kind="indirect", start=s, end=e)


SENT1 = "Lavrov praised the new deal with Iran, saying it was a step forward."
SENT2 = "Kyiv was shelled."
EVENTS = [_event("praised the new deal", LAVROV, SENT1, "ev-praise"),
          _event("Kyiv was shelled", ActorRef("Russia", None, "RUS", None), SENT2, "")]

# (quote, expected event ids)
CASES = [
    # the praise's object is the quote's content: the evidence span overlaps it
    (_quote("the new deal with Iran", LAVROV), ["ev-praise"]),
    # no overlap, but same sentence and the speaker is the event's actor
    (_quote("it was a step forward", ActorRef("he", "Sergei Lavrov")), ["ev-praise"]),
    # same sentence, another speaker: not this event's statement
    (_quote("it was a step forward", ActorRef("Zarif", "Javad Zarif")), []),
    # an event without id is named by its index
    (_quote("Kyiv was shelled", None), ["1"]),
]


@pytest.mark.parametrize(("quote", "expected"), CASES)
def test_link_quotes_to_events(quote: Quote, expected: list[str]) -> None:
    links = link_quotes_to_events([quote], EVENTS)
    assert links.get(0, []) == expected


@pytest.mark.parametrize(("a", "b", "same"), [
    (ActorRef("Lavrov"), ActorRef("Sergei Lavrov", "Sergei Lavrov"), True),
    (ActorRef("he", "Sergei Lavrov"), [IRAN, LAVROV], True),
    (ActorRef("he"), ActorRef("she"), False),
    (ActorRef("the spokesman"), ActorRef("the minister"), False),
    (None, LAVROV, False),
])
def test_same_actor(a, b, same: bool) -> None:
    assert same_actor(a, b) is same
