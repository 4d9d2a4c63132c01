"""Helpers for the later stages: which actor mention a span or token refers to."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dyads.model import ActorMention

#: ``doc.user_data`` key: title token index -> index in ``doc._.dyads_actors`` of the named
#: mention it introduces
TITLES_KEY = "dyads_actor_titles"


def _mentions(doc: Doc) -> list[ActorMention]:
    return doc._.dyads_actors or []


def mentions_in_span(doc: Doc, start_char: int, end_char: int) -> list[ActorMention]:
    """The actor mentions lying inside [start_char, end_char), in document order."""
    return [m for m in _mentions(doc) if m.start >= start_char and m.end <= end_char]


def _covering(doc: Doc, token: Token) -> ActorMention | None:
    for m in _mentions(doc):
        if m.start <= token.idx < m.end:
            return m
    return None


def mention_for_token(doc: Doc, token: Token) -> ActorMention | None:
    """The actor mention covering ``token``, or the one of the noun phrase it heads.

    A title head such as "Ambassador" in "Russia's Ambassador to India Nikolay Kudashev"
    gives the appositive name; a head noun whose compound/possessive names an actor
    ("Moscow's position" does not, but "Taliban fighters" may) falls back to the mention
    of its first such modifier only when the head itself is a role nominal.
    """
    m = _covering(doc, token)
    if m is not None:
        return m
    titled = doc.user_data.get(TITLES_KEY, {}).get(token.i)
    if titled is not None and titled < len(_mentions(doc)):
        return _mentions(doc)[titled]
    for child in token.children:
        if child.dep_ == "appos":
            m = _covering(doc, child)
            if m is not None:
                return m
    for child in token.children:
        if child.dep_ in ("compound", "flat", "nmod") and child.pos_ == "PROPN":
            m = _covering(doc, child)
            if m is not None and m.sentence == _covering_sentence(doc, token):
                return m
    return None


def _covering_sentence(doc: Doc, token: Token) -> int:
    for n, sent in enumerate(doc.sents):
        if sent.start <= token.i < sent.end:
            return n
    return -1


def _anchor(doc: Doc, mention: ActorMention) -> int | None:
    """The token that coordinated co-actors share: the first conjunct, or the head noun
    that split nationality modifiers hang on ("Russian, Chinese and Pakistani envoys")."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return None
    t = span.root
    if len(span) == 1 and t.dep_ in ("amod", "compound", "nmod") and t.pos_ in ("ADJ", "PROPN"):
        t = t.head
    while t.dep_ == "conj" and t.head.i < t.i:
        t = t.head
        if t.dep_ in ("amod", "compound", "nmod") and t.head.i > t.i and t.pos_ == "ADJ":
            t = t.head
    return t.i


def coordinated(doc: Doc, mention: ActorMention) -> list[ActorMention]:
    """The mention and its co-actors joined by coordination ("Russia and China",
    "Russian and Belarusian soldiers"), in document order."""
    anchor = _anchor(doc, mention)
    if anchor is None:
        return [mention]
    return [m for m in _mentions(doc) if m is mention or _anchor(doc, m) == anchor]
