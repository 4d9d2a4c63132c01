"""The date an event clause states: ``date_in_clause``."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dyads.model import DateMention
from dyads.nlp.syntax import clause_verb, governing_verbs


def _root(doc: Doc, mention: DateMention) -> Token | None:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return None if span is None or len(span) == 0 else span.root


def _noun_path_to(root: Token, noun: Token) -> bool:
    """``root`` hangs under ``noun`` without a verb in between (a nominal modifier)."""
    tok = root
    while tok.i != noun.i:
        if tok.head.i == tok.i or (tok.i != root.i and tok.pos_ in ("VERB", "AUX")):
            return False
        tok = tok.head
    return True


def date_in_clause(doc: Doc, token: Token) -> DateMention | None:
    """The date governed by the clause (or noun phrase) of ``token``, or None.

    A noun's own modifiers come first ("Khan's August 26 phone call"); then dates attached
    to the token's clause verb; then, for a non-finite complement or a coordinated verb
    without its own subject, the dates of the clause it depends on. The nearest wins when
    a clause has several. Needs ``doc._.dyads_dates`` (the dates stage).
    """
    mentions = doc._.dyads_dates or []
    if not mentions:
        return None
    rooted = [(m, r) for m in mentions if (r := _root(doc, m)) is not None]

    def nearest(cands: list[tuple[DateMention, Token]]) -> DateMention | None:
        return min(cands, key=lambda c: abs(c[1].i - token.i))[0] if cands else None

    if token.pos_ in ("NOUN", "PROPN"):
        own = [(m, r) for m, r in rooted if r.i != token.i and _noun_path_to(r, token)]
        if own:
            return nearest(own)
    for verb in governing_verbs(clause_verb(token)):
        cands = [(m, r) for m, r in rooted if (v := clause_verb(r)) is not None and v.i == verb.i]
        if cands:
            return nearest(cands)
    return None
