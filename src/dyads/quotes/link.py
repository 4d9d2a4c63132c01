"""Which events a quote carries: "X praised Y" is both a quote and the SUPPORT event's evidence.

Works on the contract objects only (``dyads.model.Quote`` and ``Event``), so it can run after
both stages without either knowing the other. A quote carries an event when

- the event's evidence span overlaps the quote's content span (the praise of "praised the
  deal" is the event's wording; the attack reported in "said Russia attacked Kyiv" is
  the claim the quote makes), or
- the quote's content lies in the event's sentence and the quote's speaker is the event's
  actor ("Lavrov welcomed the talks, saying they were useful": the statement around the
  event is its speaker's).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dyads.model import ActorRef, Argument, Event, Quote, argument_list

_WORD = re.compile(r"[\w'’-]+")
#: words that never identify an actor on their own
_VAGUE = frozenset({"he", "she", "they", "it", "we", "i", "the", "his", "her", "their", "its",
                    "who", "which", "that", "officials", "official", "government", "president",
                    "minister", "spokesman", "spokeswoman", "mr", "mrs", "ms", "dr"})


def link_quotes_to_events(quotes: Sequence[Quote], events: Sequence[Event]) -> dict[int, list[str]]:
    """Map each quote index to the events it carries (their ``id``, else their index as text).

    Quotes that carry no event are left out. Events are listed in their input order.
    """
    out: dict[int, list[str]] = {}
    sentences = [_sentence_span(ev) for ev in events]
    for qi, q in enumerate(quotes):
        linked = []
        for ei, ev in enumerate(events):
            if _overlaps(q.start, q.end, ev.start, ev.end) or (
                    _in_span(q, sentences[ei]) and same_actor(q.speaker, ev.actor)):
                linked.append(ev.id or str(ei))
        if linked:
            out[qi] = linked
    return out


def same_actor(a: Argument, b: Argument) -> bool:
    """Whether two arguments name a common actor: same name, same text, or same surname."""
    for x in argument_list(a):
        for y in argument_list(b):
            if _keys(x) & _keys(y):
                return True
    return False


def _keys(ref: ActorRef) -> set[str]:
    """Identifying strings of an actor: its full name and text, and the last word of each."""
    out: set[str] = set()
    for s in (ref.name, ref.text):
        if not s:
            continue
        words = [w.lower() for w in _WORD.findall(s)]
        words = [w for w in words if w not in _VAGUE]
        if words:
            out.add(" ".join(words))
            out.add(words[-1])
    return out


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _sentence_span(ev: Event) -> tuple[int, int] | None:
    """Document offsets of an event's sentence, from where its evidence sits in it."""
    if not ev.sentence or not ev.evidence:
        return None
    pos = ev.sentence.find(ev.evidence)
    if pos < 0:
        return None
    start = ev.start - pos
    return start, start + len(ev.sentence)


def _in_span(q: Quote, span: tuple[int, int] | None) -> bool:
    return span is not None and span[0] <= q.start < span[1]
