"""Clause-level facts about a trigger: its clause verb, tense, negation, modality.

Everything here reads only the dependency parse and the closed word classes of the lexicon.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from dyads.events.lexicon import Lexicon

#: dependency relations through which a word is part of the content of its head's act
#: ("condemned the attack", "urged Iran to withdraw", "accused X of attacking").
CONTENT_DEPS = frozenset({"dobj", "obj", "pobj", "prep", "xcomp", "ccomp", "pcomp", "acl",
                          "attr", "oprd", "compound", "dative", "agent", "nsubjpass", "amod"})
VERB_POS = ("VERB", "AUX")
#: prepositions heading adjuncts of time, place, cause or concession: what they embed is not
#: the content of the verb's act ("After the attack, Russia pledged ...")
ADJUNCT_PREPS = frozenset({"after", "before", "during", "since", "until", "till", "despite",
                           "amid", "amidst", "following", "as", "because", "while", "in", "at",
                           "near", "through", "throughout", "under", "within", "without", "like",
                           "unlike", "beyond", "by", "from", "into", "across", "around", "upon"})


def is_clause_head(tok: Token) -> bool:
    """A verb heading a clause (not an auxiliary of another verb)."""
    return tok.pos_ in VERB_POS and tok.dep_ not in ("aux", "auxpass")


def clause_verb(tok: Token) -> Token | None:
    """The verb of the clause ``tok`` sits in (itself when it is one)."""
    cur = tok
    while True:
        if is_clause_head(cur):
            return cur
        if cur.head.i == cur.i:
            return None
        cur = cur.head


def is_infinitive(verb: Token) -> bool:
    """A to-infinitive ("pressured X to help", "permission to help")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def content_ancestors(tok: Token) -> Iterator[Token]:
    """Heads above ``tok`` while the link is a content relation (stops at clause joins; an
    infinitival adverbial clause, "pressured Obama to help Iran", is content)."""
    cur = tok
    while cur.head.i != cur.i and (cur.dep_ in CONTENT_DEPS
                                   or (cur.dep_ == "advcl" and is_infinitive(cur))):
        if cur.dep_ == "prep" and cur.lower_ in ADJUNCT_PREPS and cur.head.pos_ in VERB_POS:
            return
        cur = cur.head
        yield cur


def support_verb(noun: Token, lex: Lexicon) -> Token | None:
    """The support verb whose object a nominal trigger is ("held talks", "expressed support
    for", "expressed optimism about cooperation"), if any."""
    cur = noun
    for _ in range(4):
        head = cur.head
        if head.i == cur.i:
            return None
        if cur.dep_ in ("dobj", "obj", "attr", "oprd", "nsubjpass") and is_clause_head(head):
            return head if lex.is_a(head, "support") else None
        if cur.dep_ == "pobj" and head.dep_ == "prep":
            head = head.head  # "participation in talks", "optimism about cooperation"
            if is_clause_head(head):
                return head if lex.is_a(head, "support") else None
        elif cur.dep_ not in ("compound", "conj", "appos"):
            return None
        cur = head
    return None


def negated_above(verb: Token | None, lex: Lexicon) -> bool:
    """Negation of a clause an infinitive depends on: "would not give permission to help",
    "did not agree to send" (not through prepositions: "did not respond to X's pleas" leaves
    the pleas made)."""
    cur = verb
    for _ in range(3):
        if cur is None or cur.head.i == cur.i or not (
                cur.dep_ in ("xcomp", "acl") or (cur.dep_ == "advcl" and is_infinitive(cur))):
            return False
        if cur.dep_ in ("acl", "xcomp") and not is_infinitive(cur) and cur.tag_ != "VB":
            return False
        head = cur.head if cur.head.pos_ in VERB_POS else clause_verb(cur.head)
        if head is None:
            return False
        if is_negated(head, lex):
            return True
        cur = head
    return False


def _aux(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")]


def is_negated(verb: Token, lex: Lexicon) -> bool:
    """Negation on a verb ("did not meet", "never met") or a noun ("no talks")."""
    for c in verb.children:
        if c.dep_ == "neg" or (c.dep_ in ("det", "advmod") and lex.is_a(c, "negation")):
            return True
    return False


def is_future(verb: Token, lex: Lexicon, reported_past: bool = False) -> bool:
    """Future marking: will/shall, "is going to", "is set to", or "would" reported after a
    past speech verb (future in the past: "said Russia would send troops")."""
    for c in _aux(verb):
        low = c.lower_
        if lex.is_a(c, "future") or (low in ("would", "'d") and reported_past):
            return True
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_ in ("go", "set", "due", "expect", "poise") \
        and any(c.dep_ in ("aux", "auxpass") for c in head.children)


def is_past(verb: Token) -> bool:
    if verb.tag_ in ("VBD",):
        return True
    aux = _aux(verb)
    if any(a.lemma_ == "have" for a in aux):
        return True
    return any(a.tag_ == "VBD" for a in aux)


def tense_of(verb: Token | None, lex: Lexicon, reported_past: bool = False) -> str:
    """past / present / future of a clause verb (present when unknown)."""
    if verb is None:
        return "present"
    if is_future(verb, lex, reported_past):
        return "future"
    if is_past(verb):
        return "past"
    return "present"


def is_hypothetical(verb: Token | None, lex: Lexicon, reported_past: bool = False) -> bool:
    """Modal or conditional marking on a clause or on a clause it is embedded in.

    Climbs through complements, coordinated verbs and relative clauses on objects ("could
    lead to cells that attack"), not through adverbial clauses ("After X attacked Y, Z could
    ..." leaves the attack factual), nor out of a reported clause, whose own modals count.
    "would" right under a past speech verb is future in the
    past, not a hypothesis.
    """
    cur = verb
    first = True
    while cur is not None:
        for c in cur.children:
            if c.dep_ in ("aux", "mark") and lex.is_a(c, "hypothetical"):
                if c.lower_ in ("would", "'d") and first and reported_past:
                    continue
                return True
        first = False
        if cur.head.i == cur.i or cur.dep_ in ("advcl", "parataxis", "ccomp"):
            return False
        if cur.dep_ == "relcl" and cur.head.dep_ in ("nsubj", "nsubjpass"):
            return False
        cur = clause_verb(cur.head)
    return False


def governing_speech_verb(verb: Token | None, lex: Lexicon) -> Token | None:
    """The reporting verb whose complement this clause is ("X said [Russia would ...]")."""
    if verb is None:
        return None
    cur = verb
    for _ in range(3):
        if cur.dep_ in ("ccomp", "parataxis", "xcomp") and cur.head.i != cur.i:
            head = cur.head
            if lex.is_a(head, "speech"):
                return head
            cur = head
            continue
        if cur.dep_ == "conj" and cur.head.i != cur.i:
            cur = cur.head
            continue
        return None
    return None
