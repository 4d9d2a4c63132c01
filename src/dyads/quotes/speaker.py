"""Who is speaking: the speaker phrase of a cue, pronoun and surname resolution, actor refs.

The speaker is resolved through the actor layer when it ran (``doc._.dyads_actors`` and
``dyads.actors.mention_for_token``); without it a plain ``ActorRef`` is built from the text,
with the full name when the phrase names a person or organisation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span, Token

from dyads.model import ActorRef, Argument

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
THING_PRONOUNS = frozenset({"it", "its"})
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
RELATIVES = frozenset({"who", "that", "which", "whom"})
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_LEFT_DEPS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "case", "flat",
                        "quantmod", "punct", "advmod", "npadvmod"})
_PERSONISH = frozenset({"PERSON"})
_GROUPISH = frozenset({"ORG", "NORP", "GPE"})
_NAMED = ("PERSON", "ORG", "GPE", "NORP", "FAC")
#: "63 percent said", "two of them said": poll shares and counts speak, times and sums do not
_NOT_SPEAKERS = frozenset({"DATE", "TIME", "MONEY", "QUANTITY", "ORDINAL"})


def verb_subject(verb: Token, avoid: tuple[int, int] | None = None) -> Token | None:
    """The subject of a cue verb, climbing through coordination and participles.

    "X said and added that" -> X; "..., saying that" -> the subject of the main verb;
    "X, who said that" -> X; "it was claimed by X" -> X. Subjects inside the character
    range ``avoid`` (the quotation itself) are skipped.
    """
    seen = 0
    tok = verb
    while seen < 4:
        seen += 1
        subject = _nearest_subject(tok, avoid)
        if subject is not None:
            return subject
        for child in tok.children:
            if avoid is not None and avoid[0] <= child.idx < avoid[1]:
                continue
            if child.ent_type_ in _NOT_SPEAKERS:  # "12:15 p.m. Trump said": a parse slip
                continue
            if child.dep_ == "nsubjpass":
                agent = next((c for c in tok.children if c.dep_ == "agent"), None)
                if agent is not None:
                    return next((c for c in agent.children if c.dep_ == "pobj"), None)
        if tok.dep_ == "agent" or tok.head is tok:
            return None
        if tok.dep_ == "relcl":
            return tok.head
        if tok.dep_ in ("conj", "advcl", "xcomp", "acl") and tok.head.pos_ in ("VERB", "AUX"):
            tok = tok.head
            continue
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and \
                tok.head.head.pos_ in ("VERB", "AUX"):
            tok = tok.head.head  # "began by saying ...", "aside from saying ..."
            continue
        if tok.dep_ == "acl":  # "a statement saying ..." -> the noun issued it
            if _line_break_between(tok.doc, tok.head, tok):
                return _line_subject(tok)
            return tok.head
        return None
    return None


def _nearest_subject(verb: Token, avoid: tuple[int, int] | None) -> Token | None:
    """The active subject of ``verb`` in its paragraph, the nearest one before it first.

    The parser may read across a headline or paragraph break ("The Latest: Trump urges",
    "The Latest on the race (all times EDT): 7 p.m. Donald Trump is questioning"): a subject
    on another line is replaced by its apposition or conjunct on the verb's line.
    """
    doc = verb.doc
    cands = []
    for child in verb.children:
        if child.dep_ not in ("nsubj", "csubj") or child.ent_type_ in _NOT_SPEAKERS:
            continue
        if avoid is not None and avoid[0] <= child.idx < avoid[1]:
            continue
        cand: Token | None = child
        if _line_break_between(doc, child, verb):
            cand = next((g for g in child.subtree if g.dep_ in ("appos", "conj")
                         and g.pos_ in ("PROPN", "NOUN", "PRON")
                         and not _line_break_between(doc, g, verb)), None)
        if cand is not None:
            cands.append(cand)
    before = [c for c in cands if c.i < verb.i]
    if before:
        return max(before, key=lambda c: c.i)
    return cands[0] if cands else None


def _line_subject(verb: Token) -> Token | None:
    """The last noun before ``verb`` on its own line, when the parser hung the verb on a
    phrase of an earlier line ("...(all times EDT): 7 p.m. Donald Trump is questioning")."""
    doc = verb.doc
    best = None
    for t in doc[verb.sent.start: verb.i]:
        if "\n" in t.text or "\n" in t.whitespace_:
            best = None
        elif t.pos_ in ("PROPN", "NOUN", "PRON") and t.dep_ != "compound" \
                and t.ent_type_ not in _NOT_SPEAKERS:
            best = t
    return best


def _line_break_between(doc: Doc, a: Token, b: Token) -> bool:
    lo, hi = (a, b) if a.i < b.i else (b, a)
    # token by token: Doc.text is rebuilt from all tokens at each access
    return any("\n" in t.whitespace_ or "\n" in t.text for t in doc[lo.i:hi.i])


def speaker_phrase(head: Token) -> Span:
    """The compact noun phrase of a speaker head token.

    Keeps determiners, modifiers, "of/to/in" phrases and a proper-name apposition after a
    common noun ("its spokesman Zabiullah Mujahid"), drops relative clauses and descriptive
    appositions after a name ("Flynn, a top Trump surrogate,").
    """
    doc = head.doc
    if head.lower_ in RELATIVES | PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS | FIRST_PERSON:
        return doc[head.i: head.i + 1]
    start = head.i
    for child in head.lefts:
        if child.dep_ in _LEFT_DEPS:
            start = min(start, child.left_edge.i)
    end = head.i + 1
    if not (head.pos_ == "PROPN" and head.ent_type_):
        for child in head.rights:
            if child.dep_ in ("prep", "compound", "flat") and child.i == end:
                end = child.right_edge.i + 1
            elif child.dep_ == "appos" and child.pos_ == "PROPN":
                end = max(end, _name_end(child))
                break
            elif child.dep_ in ("punct",):
                continue
            elif child.dep_ in ("relcl", "acl", "appos"):
                break
    else:
        for child in head.rights:
            if child.dep_ in ("flat", "compound") and child.i == end:
                end = child.right_edge.i + 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def _name_end(tok: Token) -> int:
    end = tok.i + 1
    for child in tok.rights:
        if child.dep_ in ("flat", "compound") and child.i == end:
            end = child.right_edge.i + 1
    return end


def conjuncts(head: Token) -> list[Token]:
    """The head and its noun conjuncts ("Russia and China said" -> both)."""
    out = [head]
    for c in head.conjuncts:
        if c.pos_ in ("PROPN", "NOUN", "PRON") and c.i > head.i:
            out.append(c)
    return out


def phrase_name(phrase: Span) -> str | None:
    """The best proper name inside a speaker phrase: a person, else an organisation, else None."""
    ents = [e for e in phrase.doc.ents if e.start >= phrase.start and e.end <= phrase.end]
    for label in ("PERSON", "ORG", "FAC"):
        cands = [e for e in ents if e.label_ == label]
        if cands:
            return max(cands, key=lambda e: (e.end - e.start, e.start)).text
    propn = [t for t in phrase if t.pos_ == "PROPN"]
    if propn and len(propn) == len([t for t in phrase if not t.is_punct]):
        return phrase.text
    return None


def full_name(doc: Doc, name: str, before: int) -> str:
    """Expand a surname to the fullest earlier name ending with it (Zhirnov -> Dmitry Zhirnov)."""
    if " " in name.strip():
        return name
    best = name
    for ent in doc.ents:
        if ent.start_char >= before:
            break
        if ent.label_ in ("PERSON", "ORG") and len(ent) > 1 and ent[-1].text == name \
                and len(ent.text) > len(best):
            best = ent.text
    if best == name:  # the tagger may have missed the entity: use proper-noun runs
        for tok in doc:
            if tok.idx >= before:
                break
            if tok.text == name and tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN" \
                    and doc[tok.i - 1].ent_type_ == "PERSON":
                covering = next((e for e in doc.ents if e.start <= tok.i - 1 < e.end), None)
                if covering is not None:
                    best = doc[covering.start: tok.i + 1].text
    return best


def _ent_label(tok: Token) -> str:
    return tok.ent_type_ or ""


def _compatible(pronoun: str, tok: Token) -> bool:
    label = _ent_label(tok)
    if pronoun in PERSON_PRONOUNS:
        return label in _PERSONISH
    if pronoun in THING_PRONOUNS:
        return label in ("ORG", "GPE") or (tok.pos_ == "NOUN" and tok.tag_ == "NN")
    if pronoun in GROUP_PRONOUNS:
        return label in _GROUPISH or tok.tag_ in ("NNS", "NNPS")
    return False


def resolve_pronoun(pron: Token, previous_speakers: Sequence[Token] = (),
                    max_sentences: int = 3) -> Token | None:
    """The antecedent head token of a 3rd-person pronoun, or None.

    Looks first earlier in the same sentence, then in up to ``max_sentences`` previous
    sentences, preferring a previous quote's speaker, then a sentence subject, then the
    nearest compatible name.
    """
    p = pron.lower_
    doc = pron.doc
    sent = pron.sent
    for tok in reversed(doc[sent.start: pron.i]):
        if tok.dep_ in SUBJECT_DEPS + ("dobj", "pobj", "appos", "poss") and _compatible(p, tok) \
                and tok.pos_ != "PRON":
            return tok
    sents = []
    s = sent
    for _ in range(max_sentences):
        if s.start == 0:
            break
        s = doc[s.start - 1].sent
        sents.append(s)
    for s in sents:
        spk = [t for t in previous_speakers if s.start <= t.i < s.end and _compatible(p, t)]
        if spk:
            return spk[-1]
        subj = [t for t in s if t.dep_ in SUBJECT_DEPS and _compatible(p, t) and t.pos_ != "PRON"]
        if subj:
            return subj[0]
        names = [t for t in s if _compatible(p, t) and t.pos_ in ("PROPN", "NOUN")
                 and t.dep_ not in ("compound",)]
        if names:
            return names[-1]
    return None


MentionLookup = Callable[[Doc, Token], object]


def actor_lookup() -> MentionLookup | None:
    """``dyads.actors.mention_for_token`` if the actor layer is installed, else None."""
    try:
        from dyads.actors import mention_for_token  # type: ignore[attr-defined]
    except ImportError:
        return None
    return mention_for_token  # type: ignore[no-any-return]


def actor_ref(head: Token, lookup: MentionLookup | None) -> ActorRef:
    """The ActorRef of a speaker head token: the actor layer's mention, else built from text."""
    doc = head.doc
    if lookup is not None and doc._.dyads_actors is not None:
        # the head's own mention, else the name an "article in X" / "spokesman for X" phrase
        # gives; never a possessive deeper in the phrase ("the expansion of Russia's presence")
        cands = [head] + [g for c in head.children if c.dep_ == "prep" and c.i > head.i
                          for g in c.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
        for tok in cands:
            mention = lookup(doc, tok)
            if mention is not None and hasattr(mention, "ref"):
                return mention.ref()  # type: ignore[no-any-return]
    phrase = speaker_phrase(head)
    name = phrase_name(phrase)
    if name is None and head.pos_ == "PROPN" and head.ent_type_:
        name = head.text
    if name is not None:
        name = full_name(doc, name, phrase.start_char)
    return ActorRef(text=phrase.text, name=name)


def speaker_argument(heads: Sequence[Token], lookup: MentionLookup | None) -> Argument:
    """One ActorRef, a list for a compound speaker, or None."""
    refs = [actor_ref(h, lookup) for h in heads]
    if not refs:
        return None
    return refs[0] if len(refs) == 1 else refs
