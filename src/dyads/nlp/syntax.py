"""Small dependency-parse helpers shared by the stages that attach things to clauses."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

#: clause links through which a modifier of the governing clause still applies
#: ("agreed to hold drills on Monday", "the talks held in Moscow", "met and agreed")
CLIMB_DEPS = ("xcomp", "acl", "conj")
_MAX_HOPS = 12


def clause_verb(token: Token) -> Token | None:
    """The verb heading the clause a token sits in (the token itself if it is a verb)."""
    for _ in range(_MAX_HOPS):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def governing_verbs(verb: Token | None, max_hops: int = 4) -> Iterator[Token]:
    """``verb``, then the verbs of the clauses that govern it through CLIMB_DEPS links.

    Stops at a conjunct with its own subject ("X met Y and Z attacked W": W's clause is
    not X's) and at any other kind of link.
    """
    for _ in range(max_hops):
        if verb is None:
            return
        yield verb
        if verb.dep_ not in CLIMB_DEPS or verb.head.i == verb.i:
            return
        if verb.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return
        verb = clause_verb(verb.head)
