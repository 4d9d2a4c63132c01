"""The place an event clause happens in: ``place_in_clause``."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Token

from dyads.geo.datafiles import parse_locative, read_text
from dyads.model import Place
from dyads.nlp.syntax import clause_verb, governing_verbs

#: arguments of a verb whose own locative modifiers place the event ("held drills in X")
_ARG_DEPS = ("dobj", "obj", "nsubj", "nsubjpass", "attr", "oprd")


@lru_cache(maxsize=1)
def locative_words() -> dict[str, frozenset[str]]:
    """The packaged locative lexicon (``data/geo/locative.tsv``)."""
    return parse_locative(*read_text("locative.tsv"))



def _anchor(root: Token, words: dict[str, frozenset[str]]) -> Token | None:
    """The token a place is the location of, or None if it is not used locatively."""
    head = root.head
    if root.dep_ == "pobj" and head.pos_ == "ADP" and head.lower_ in words["prep"]:
        return head.head
    if root.dep_ in ("dobj", "obj") and head.lemma_.lower() in words["verb"]:
        return head
    if root.dep_ == "compound" and head.pos_ in ("NOUN", "PROPN"):
        while head.dep_ == "compound" and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head  # "the Kabul airport attack": the attack's place
        return head  # "the Moscow talks"
    return None


def place_in_clause(doc: Doc, token: Token) -> Place | None:
    """The place where the event of ``token``'s clause happens, or None.

    A place counts when it is the object of a locative preposition ("drills in
    Kyrgyzstan", "talks in Moscow") or of a verb of place ("visited Kabul") attached to
    the token, to its clause verb, or to an argument of that verb; non-finite complements
    and coordinated verbs without their own subject take the place of the clause they
    depend on. Subjects and objects that are actors ("Moscow said") do not count. Needs
    ``doc._.dyads_places`` (the places stage).
    """
    places = doc._.dyads_places or []
    if not places:
        return None
    words = locative_words()
    anchored: list[tuple[Place, Token, Token]] = []
    for place in places:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        anchor = _anchor(span.root, words)
        if anchor is not None:
            anchored.append((place, span.root, anchor))

    def nearest(cands: list[tuple[Place, Token, Token]]) -> Place | None:
        return min(cands, key=lambda c: abs(c[1].i - token.i))[0] if cands else None

    own = [c for c in anchored if c[2].i == token.i]
    if own:
        return nearest(own)
    for verb in governing_verbs(clause_verb(token)):
        cands = [c for c in anchored if c[2].i == verb.i
                 or (c[2].dep_ in _ARG_DEPS and c[2].head.i == verb.i)]
        if cands:
            return nearest(cands)
    return None
