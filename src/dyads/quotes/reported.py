"""Reported speech from the dependency parse.

Forms: "X said/claimed/warned (that) S", "X urged Y to V", "X declared its willingness to V",
"X described Y as Z" / "X called Y a “Z”", "X called for Y", "according to X, S",
"X's claim that S", "the warning by X that S", "X repeated the theory that S",
"Massoud's pleas for assistance", "X was sure that S" / "X is critical of Y" (stance
adjectives), "Y was welcomed by X" (passive with agent), "X went after Y as a “Z”" (any verb
with a quoted characterisation), "S, X explained in the hearing, S" (a parenthetical the
parser left unattached), "X proposed dropping Y" (a gerund object), "X added:" closing its
paragraph (the next paragraph is a block quotation). A content that runs across its own
parenthetical attribution ("A, X said, until B") is given as two fragments around it.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from dyads.quotes.content import (
    attribution_range,
    block_quote,
    clause_child,
    colon_content,
    content_range,
    extend_right,
    goes_on,
    inf_child,
    parenthetical_host,
    parenthetical_span,
    particle,
    trim_tail,
    verb_cue,
)
from dyads.quotes.found import QuoteMatch
from dyads.quotes.lexicon import Cue, QuoteLexicon
from dyads.quotes.speaker import verb_subject

#: prepositions that open the circumstances of the act ("said it on Monday in Paris")
_CIRCUMSTANCE = frozenset({"on", "in", "at", "during", "after", "before", "since", "while",
                           "from", "via", "through", "amid"})
_NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "ROOT", "conj",
                           "appos", "oprd", "npadvmod"})


def _noun_content(noun: Token, cue: Cue) -> tuple[Token, str] | None:
    """The complement of a cue noun: a that-clause, a for-phrase or a to-infinitive."""
    if "clause" in cue.frames:
        c = clause_child(noun)
        if c is not None:
            return c, "clause"
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in cue.frames and c.i > noun.i:
            obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return obj, c.lower_
    if "inf" in cue.frames:
        c = inf_child(noun)
        if c is not None:
            return c, "inf"
    return None


def _noun_speaker(noun: Token, lex: QuoteLexicon) -> tuple[Token | None, Token | None]:
    """(speaker head, carrier verb) of a cue noun: "X's claim", "the claim by X",
    "X repeated the claim"."""
    for c in noun.children:
        if c.dep_ == "poss":
            return c, None
    for c in noun.children:
        # "a New York Times report that ...", "Trump claims that ..." (the verb taken for a
        # noun): a proper name compounded with the cue noun is its speaker
        if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < noun.i and c.ent_type_ in (
                "PERSON", "ORG", "GPE", "NORP"):
            return c, None
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj, None
    head = noun.head
    if noun.dep_ == "dobj" and head is not noun:
        vcue = verb_cue(head, lex)
        if vcue is not None and ("carrier" in vcue.frames or "np" in vcue.frames):
            return verb_subject(head), head
    return None, None


#: (speaker head, content start token, content end token, frame, cue noun used)
_Found = tuple[Token | None, int, int, str, Token | None]


def _verb_matches(tok: Token, cue: Cue, lex: QuoteLexicon) -> Iterator[_Found]:
    """(speaker head, content start, content end, frame, cue noun) for a cue verb."""
    doc = tok.doc
    subj = verb_subject(tok) or _adjacent_subject(tok)
    if "clause" in cue.frames:
        block = block_quote(tok)
        if block is not None:
            yield subj, block[0], block[1], "colon", None
            return
        c = clause_child(tok)
        if c is not None:
            s, e = content_range(c)
            if c.i > tok.i:
                e = extend_right(tok, c, e, lex)
                e = _to_sentence_end(tok, e, lex)
            elif goes_on(tok):
                # "Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt": the
                # sentence goes on after a parenthetical attribution
                e = max(e, extend_right(tok, c, e, lex, after=tok.i))
            yield subj, s, e, "clause", None
            return
        colon = colon_content(tok)
        if colon is not None:
            yield subj, colon[0], colon[1], "colon", None
            return
        host = parenthetical_host(tok)
        if host is not None:
            # a clause the parser hung on the parenthetical cue ("Though X was seamless, he
            # said, Y") is part of the host sentence's content
            kept = {t.i for c in tok.children if c.dep_ in ("advcl", "ccomp") and c.i < tok.i
                    for t in c.subtree}
            rest = [t for t in host.subtree if (t.i in kept or not (
                tok.left_edge.i <= t.i <= tok.right_edge.i)) and not t.is_punct and not t.is_space]
            if len(rest) >= 3:
                yield subj, rest[0].i, rest[-1].i + 1, "clause", None
                return
        paren = parenthetical_span(tok, subj)
        if paren is not None:
            yield subj, paren[0], paren[1], "paren", None
            return
    dobj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if dobj is not None and ("np" in cue.frames or "carrier" in cue.frames):
        ncue = lex.noun(dobj.lemma_)
        inner = _noun_content(dobj, ncue) if ncue is not None else None
        if inner is not None:
            s, e = content_range(inner[0])
            if inner[1] == "inf":  # "declared its willingness to invest": the stance as a whole
                s = dobj.left_edge.i
            yield subj, s, e, "noun", dobj
            return
        if "np" in cue.frames and dobj.pos_ in ("NOUN", "PROPN", "PRON"):
            s, e = content_range(dobj, skip_marks=False)
            # "condemned Ghani for his flight", "cited her record as proof": what the parser
            # hung on the verb after the object belongs to what was said
            for c in tok.rights:
                if c.i <= dobj.i:
                    continue
                if c.dep_ == "ccomp" and "clause" not in cue.frames \
                        and c.left_edge.i == dobj.right_edge.i + 1:
                    # "cited remarks Trump had made about her": a verb that takes no clause
                    # has none; the parser took the object's contact relative clause for one
                    e = content_range(c, skip_marks=False)[1]
                    continue
                if c.dep_ not in ("prep", "oprd") or c.lower_ in _CIRCUMSTANCE:
                    break
                e = content_range(c, skip_marks=False)[1]
            yield subj, s, e, "np", None
            return
    gerund = next((c for c in tok.children if c.dep_ == "xcomp" and c.tag_ == "VBG"
                   and c.i > tok.i), None) if dobj is None and "np" in cue.frames else None
    if gerund is not None:
        # "proposed dropping the tax", "admitted using the tax code": a gerund object
        s, e = content_range(gerund, skip_marks=False)
        yield subj, s, e, "np", None
        return
    if dobj is None and "np" in cue.frames and subj is not None and subj.dep_ == "pobj":
        # "His views were echoed by tax experts": the passive subject is what the agent said
        patient = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if patient is not None and patient.pos_ in ("NOUN", "PROPN"):
            s, e = content_range(patient, skip_marks=False)
            yield subj, s, e, "np", None
            return
    if "inf" in cue.frames:
        c = inf_child(tok)
        if c is not None:
            s, e = content_range(c)
            e = extend_right(tok, c, e, lex)
            if dobj is not None and dobj.i < c.i:
                s = min(s, dobj.left_edge.i)
            yield subj, s, e, "inf", None
            return
    if "pred" in cue.frames and dobj is not None:
        pred = [c for c in tok.children if c.i > dobj.i and (
            (c.dep_ == "prep" and c.lower_ == "as")
            or c.dep_ in ("oprd", "attr", "ccomp", "xcomp"))]
        pred += [c for c in dobj.children
                 if c.dep_ == "appos" or (c.dep_ == "prep" and c.lower_ == "as")]
        if pred:
            s = dobj.left_edge.i
            e = max(p.right_edge.i for p in pred) + 1
            while e - 1 > s and doc[e - 1].is_punct and doc[e - 1].text not in "”’\"'»":
                e -= 1
            yield subj, s, e, "pred", None
            return
    yield from _prep_matches(tok, lex, subj)


def _to_sentence_end(cue: Token, e: int, lex: QuoteLexicon) -> int:
    """Widen a reported clause to the end of its sentence when nothing after it is the
    writer's: no semicolon, dash, other cue, participle comment or new subject-verb clause."""
    doc, sent = cue.doc, cue.sent
    end = sent.end
    while end > e and (doc[end - 1].is_punct and doc[end - 1].text not in "”’\"'»"
                       or doc[end - 1].is_space):
        end -= 1
    for t in doc[e:end]:
        if t.text in (";", "—", "--", "―", ":") or verb_cue(t, lex) is not None \
                or t.lower_ in ("according", "which", "who") \
                or (t.tag_ == "VBG" and t.head.i == cue.i) \
                or (t.dep_ in ("nsubj", "nsubjpass") and t.head.i >= e):
            return e
    return max(e, end)


def _quoted_as(verb: Token) -> tuple[int, int] | None:
    """"Reid has gone after Trump as a “human leech”", "dismissed Estonia as being in the
    “suburbs”": whatever the verb, an as-phrase in quotation marks characterising its object
    gives the subject's words. Returns the token range from the object to the as-phrase's end.
    """
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ != "as" and prep.i > verb.i:
                obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    break
    if obj is None or obj.i < verb.i:
        return None
    as_phrase = [c for c in list(verb.children) + list(obj.children)
                 if c.dep_ == "prep" and c.lower_ == "as" and c.i > obj.i]
    for a in as_phrase:
        if any(t.is_quote for t in a.subtree):
            return obj.left_edge.i, a.right_edge.i + 1
    return None


def _adjacent_subject(verb: Token) -> Token | None:
    """The noun right before a finite cue the parser left without a subject.

    "In a meeting with the board of the Post Trump said that ...": the parser hangs "Trump" on
    the preposition before it; the noun directly before the verb is its subject all the same.
    """
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.dep_ not in ("ROOT", "ccomp", "conj"):
        return None
    i = verb.i - 1
    while i >= verb.sent.start and verb.doc[i].dep_ in ("aux", "neg", "advmod"):
        i -= 1
    if i < verb.sent.start:
        return None
    cand = verb.doc[i]
    if cand.pos_ in ("PROPN", "NOUN") and cand.dep_ in ("pobj", "dobj", "appos", "npadvmod",
                                                         "dep", "nmod", "attr"):
        return cand
    return None


def _prep_matches(tok: Token, lex: QuoteLexicon, subj: Token | None) -> Iterator[_Found]:
    """"called for X", "pointed to X", "called on X to V": a cue verb plus preposition."""
    for c in tok.children:
        if c.dep_ != "prep":
            continue
        pcue = lex.phrasal.get((tok.lemma_.lower(), c.lower_))
        if pcue is None or "np" not in pcue.frames:
            continue
        obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
        if obj is None:
            continue
        s, e = content_range(obj, skip_marks=False)
        dobj = next((g for g in tok.children if g.dep_ == "dobj" and g.i < c.i), None)
        if dobj is not None:  # "accused Kabul of harbouring militants"
            s = min(s, dobj.left_edge.i)
        if "inf" in pcue.frames:
            inf = inf_child(tok) or inf_child(obj)
            if inf is not None and inf.i > obj.i:
                e = max(e, content_range(inf)[1])
        yield subj, s, e, "np", None
        return


def _according(tok: Token) -> tuple[Token, int, int] | None:
    """"according to X, S": (X, content start, content end)."""
    if tok.lower_ != "according":
        return None
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None:
        return None
    src = next((c for c in to.children if c.dep_ == "pobj"), None)
    if src is None:
        return None
    head = tok.head
    doc = tok.doc
    if head is tok:
        return None
    sent = tok.sent
    inner = [t for t in sent if not (tok.left_edge.i <= t.i <= tok.right_edge.i)]
    if tok.left_edge.i <= sent.start + 1:
        toks = [t for t in inner if t.i > tok.right_edge.i]
    elif tok.right_edge.i >= sent.end - 2:
        toks = [t for t in inner if t.i < tok.left_edge.i]
    else:
        toks = inner
    toks = [t for t in toks if not (t.is_punct and t.text not in "”’\"'»") and not t.is_space]
    if not toks:
        return None
    del doc
    return src, toks[0].i, toks[-1].i + 1


def find_reported(doc: Doc, lex: QuoteLexicon, skip_cues: set[int]) -> list[QuoteMatch]:
    """Reported-speech quotes in ``doc`` (speaker heads unresolved; kind set later)."""
    out: list[QuoteMatch] = []
    used_nouns: set[int] = set()
    for tok in doc:
        if tok.i in skip_cues:
            continue
        acc = _according(tok)
        if acc is not None:
            src, s, e = acc
            out.append(_match(doc, s, e, tok, "according to", [src], "according"))
            continue
        cue = verb_cue(tok, lex)
        if cue is None and tok.pos_ == "VERB":
            for subj, s, e, frame, _n in _prep_matches(tok, lex, None):
                subj = verb_subject(tok)
                out.append(_match(doc, s, e, tok, _verb_text(tok), [subj] if subj else [], frame))
            quoted = _quoted_as(tok)
            if quoted is not None:
                subj = verb_subject(tok)
                out.append(_match(doc, quoted[0], quoted[1], tok, _verb_text(tok),
                                  [subj] if subj else [], "pred"))
            continue
        if cue is not None and tok.dep_ not in ("amod", "compound"):
            for subj, s, e, frame, noun in _verb_matches(tok, cue, lex):
                if frame == "paren" and subj is not None:  # the sentence around the attribution
                    out.append(_around(doc, s, e, tok, subj))
                    continue
                if noun is not None:
                    used_nouns.add(noun.i)
                e = trim_tail(doc, s, e, lex)
                speakers = [subj] if subj is not None else []
                out.append(_match(doc, s, e, tok, _verb_text(tok), speakers,
                                  frame, hedge=cue.hedge or _noun_hedge(noun, lex)))
            continue
        acue = lex.adjective(tok.lower_) if tok.dep_ == "acomp" else None
        if acue is not None and tok.head.pos_ in ("AUX", "VERB"):
            got = _noun_content(tok, acue)
            subj = verb_subject(tok.head)
            if got is not None and subj is not None and len(list(got[0].subtree)) >= 3:
                s, e = content_range(got[0], skip_marks=True)
                e = trim_tail(doc, s, e, lex)
                out.append(_match(doc, s, e, tok, tok.text, [subj], "adj", hedge=acue.hedge))
            continue
        nominal = tok.pos_ in ("NOUN", "PROPN") or tok.dep_ in _NOMINAL_DEPS
        ncue = lex.noun(tok.lemma_) if nominal else None
        if ncue is not None and tok.i not in used_nouns and tok.pos_ != "VERB":
            got = _noun_content(tok, ncue)
            if got is None:
                continue
            spk, _carrier = _noun_speaker(tok, lex)
            s, e = content_range(got[0], skip_marks=True)
            e = trim_tail(doc, s, e, lex)
            out.append(_match(doc, s, e, tok, tok.text, [spk] if spk is not None else [], "noun",
                              hedge=ncue.hedge))
    return [q for q in out if q.end > q.start]


def _noun_hedge(noun: Token | None, lex: QuoteLexicon) -> bool:
    if noun is None:
        return False
    ncue = lex.noun(noun.lemma_)
    return bool(ncue and ncue.hedge)


def _verb_text(tok: Token) -> str:
    p = particle(tok)
    return f"{tok.text} {p}" if p else tok.text


def _match(doc: Doc, s: int, e: int, cue: Token, cue_text: str, speakers: list[Token],
           via: str, hedge: bool = False) -> QuoteMatch:
    pieces = [(s, e)]
    if s < cue.i < e - 1 and via in ("clause", "paren"):
        # the content runs across its own attribution: two fragments around it
        a, b = attribution_range(cue, speakers)
        if s < a and b < e:
            pieces = [(s, a), (b, e)]
    frags = [(doc[x].idx, doc[y - 1].idx + len(doc[y - 1].text)) for x, y in pieces]
    return QuoteMatch(fragments=frags, kind="indirect", cue=cue, cue_text=cue_text,
                      speaker_tokens=speakers, hedged=hedge, via=via)


def _around(doc: Doc, s: int, e: int, cue: Token, subj: Token) -> QuoteMatch:
    """The two pieces of a sentence around its parenthetical attribution doc[s:e]."""
    sent = cue.sent
    end = sent.end
    while end - 1 > e and (doc[end - 1].is_punct and doc[end - 1].text not in "”’\"'»"
                           or doc[end - 1].is_space):
        end -= 1
    first, second = doc[sent.start: s - 1], doc[e + 1: end]
    frags = [(sp.start_char, sp.end_char) for sp in (first, second) if len(sp)]
    return QuoteMatch(fragments=frags, kind="indirect", cue=cue, cue_text=_verb_text(cue),
                      speaker_tokens=[subj], via="paren")
