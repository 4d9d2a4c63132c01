"""Which way in time a clause points: past, future, or unknown.

Relative dates need it: "on Friday" in "met on Friday" is the last Friday, in "will meet on
Friday" the next one. Read from the parse: the verb governing the date, its auxiliaries,
and verbs of planning that take it as a complement ("plans to meet on Friday").
"""

from __future__ import annotations

from spacy.tokens import Token

from dyads.nlp.syntax import clause_verb
from dyads.temporal.calendar import Direction

_PAST_AUX = {"had", "has", "have", "'ve", "'d", "did", "was", "were"}


def _own_direction(verb: Token, future_markers: frozenset[str]) -> Direction:
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass"):
            low = child.lower_
            if low in future_markers or child.lemma_.lower() in future_markers:
                return "future"
            if low == "would":
                return "near"
    if verb.lemma_.lower() in future_markers and verb.tag_ in ("VBN", "VBG", "VBZ", "VBP", "JJ"):
        return "future"  # "is scheduled", "are due", "plans"
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in _PAST_AUX:
            return "past"
    if verb.tag_ == "VBD":
        return "past"
    has_aux = any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    if verb.tag_ == "VBN" and not has_aux and verb.dep_ in ("ROOT", "conj", "ccomp", "advcl", "relcl"):
        return "past"  # a reduced clause: "the plan, announced in June"; not "should be allowed"
    return None


def clause_direction(token: Token, future_markers: frozenset[str]) -> Direction:
    """Past / future / None for the clause of ``token``.

    Non-finite verbs ("to meet", "meeting") take the direction of the verb they complement,
    so "plans to meet on Friday" is future and "agreed to meet on Friday" past.
    """
    verb = clause_verb(token)
    if verb is None:
        return None
    hops = 0
    while verb is not None and hops < 4:
        own = _own_direction(verb, future_markers)
        if own is not None:
            return own
        # "are counting" is finite (its auxiliary carries the tense); "to meet" is not
        finite_aux = any(c.dep_ in ("aux", "auxpass") and c.tag_ != "TO" for c in verb.children)
        nonfinite = not finite_aux and (verb.tag_ in ("VB", "VBG")
                                        or (verb.tag_ == "VBN" and verb.dep_ == "acl"))
        if not nonfinite or verb.head.i == verb.i:
            return None
        verb = clause_verb(verb.head)
        hops += 1
    return None
