"""Where reported content begins and ends in the parse.

The clause, infinitive, colon sentence or block-quoted paragraph a cue verb governs; a
parenthetical attribution's host clause and its own extent; widening over what the parser
hung on the cue, and cutting the writer's own additions (closing non-restrictive relative
clauses, participle comments, concessions, appositions) off the end.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dyads.quotes.lexicon import Cue, QuoteLexicon

_CLAUSE_MARKS = frozenset({"that", "whether", "if"})
_EXTENDING = frozenset({"advcl", "prep", "npadvmod", "advmod", "conj", "cc", "punct", "oprd"})


def particle(tok: Token) -> str | None:
    """The particle of a particle verb ("point out" -> "out"), or None."""
    return next((c.text for c in tok.children if c.dep_ == "prt"), None)


def verb_cue(tok: Token, lex: QuoteLexicon) -> Cue | None:
    """The lexicon entry of a verb token (with its particle), or None if it is no cue."""
    if not (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")):
        return None
    prt = particle(tok)
    cue = lex.verb(tok.lemma_, prt)
    if cue is None and tok.tag_ in ("VBG", "VBD", "VBN", "VBZ") and not tok.lemma_.endswith("e"):
        # the lemmatizer drops a silent e after stripping a suffix: hoping -> "hop",
        # hopes -> "hop", rated -> "rat"; the form tells the e back when the lemma is no cue
        cue = lex.verb(tok.lemma_ + "e", prt)
    if cue is None and prt is not None and tok.lower_ != tok.lemma_.lower():
        # a particle verb whose form the lemmatizer took for another verb's ("lay out" ->
        # "lie out"): the written form is tried as the lemma
        cue = lex.phrasal.get((tok.lower_, prt.lower()))
    return cue


def clause_child(tok: Token) -> Token | None:
    """A finite content clause of a cue: ccomp, or an acl/advcl opened by "that"/"whether"."""
    # a clause after the cue is what it reports; one before it only in a parenthetical
    # attribution ("The talks failed, he said"), not across a colon or another clause
    ccomps = [c for c in tok.children if c.dep_ == "ccomp"]
    after = [c for c in ccomps if c.i > tok.i]
    if after:
        return after[0]
    if ccomps:
        return ccomps[-1]
    for c in tok.children:
        if c.dep_ in ("acl", "advcl", "relcl") and any(
                g.dep_ == "mark" and g.lower_ in _CLAUSE_MARKS for g in c.children):
            return c
    if tok.pos_ in ("VERB", "AUX"):
        # "claimed without evidence that ...", "said in a statement that ...": the parser
        # hangs the clause on the noun of the cue's prepositional phrase
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.i < tok.i:
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    for c in obj.children:
                        # "tweeted in the early hours that X was ...": the parser may also
                        # take "that" for a relative adverb of the noun
                        if c.dep_ in ("acl", "ccomp", "relcl") and c.i > obj.i and any(
                                g.dep_ in ("mark", "advmod") and g.lower_ == "that"
                                and g.i == c.left_edge.i for g in c.children) and any(
                                g.dep_ in ("nsubj", "nsubjpass") and g.lower_ != "that"
                                for g in c.children):
                            return c
    return None


def inf_child(tok: Token) -> Token | None:
    """A to-infinitive complement of a cue ("urged Kabul to ...", "a promise to ...")."""
    for c in tok.children:
        if c.dep_ in ("xcomp", "acl", "ccomp") and any(
                g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
            return c
    return None


def content_range(head: Token, skip_marks: bool = True) -> tuple[int, int]:
    """Token range [start, end) of a content subtree, without a leading "that"/"whether"."""
    start, end = head.left_edge.i, head.right_edge.i + 1
    doc = head.doc
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space or
                               (skip_marks and doc[start].lower_ in _CLAUSE_MARKS
                                and doc[start].dep_ in ("mark", "advmod"))):
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct and doc[end - 1].text not in "”’\"'»"
                               or doc[end - 1].is_space):
        end -= 1
    return start, end


#: subordinators of a comma-separated closing clause that gives the writer's concession or
#: circumstance rather than the source's words (", although he again refused to ...")
_WRITER_SUBORDINATORS = frozenset({"although", "though", "whereas", "while", "when"})
_DASHES = frozenset({"—", "--", "–", "―"})


def _ends_at(tok: Token, e: int) -> bool:
    """Whether ``tok``'s subtree reaches the end (exclusive ``e``) of the content."""
    return tok.right_edge.i >= e - 1


def trim_tail(doc: Doc, s: int, e: int, lex: QuoteLexicon) -> int:
    """Cut a content before a comma or dash that opens the writer's own addition.

    A non-restrictive relative clause (", which forced her to leave"), a participle clause
    (", arguing that ...", ", contradicting the earlier claim"), a closing apposition
    (", the presumed Putin favorite", "-- a metaphor for ...") or a concessive clause
    (", although ...") after the reported words is the writer's.
    """
    for i in range(s + 4, e - 1):
        if doc[i].text != "," and doc[i].text not in _DASHES:
            continue
        nxt = doc[i + 1]
        if nxt.lower_ in ("which", "who", "whom", "whose") and nxt.head.dep_ == "relcl" \
                and _ends_at(nxt.head, e):
            # a closing non-restrictive relative clause describes, it does not report
            return i
        # an addition hung inside the reported clause ("would put it in context, allowing
        # people to see ...") is part of what was said; one hung on the cue or above is not
        inside = s <= nxt.head.head.i < e if nxt.head.dep_ == "relcl" else s <= nxt.head.i < e
        if nxt.tag_ == "VBG" and nxt.dep_ in ("advcl", "xcomp") and nxt.head.i < i and (
                not inside or _ends_at(nxt, e) and nxt.head.dep_ not in ("xcomp", "advcl")):
            # ", contradicting the police's earlier claim", ", using an average of polls": a
            # closing participle clause is the writer's comment
            return i
        if nxt.lower_ in _WRITER_SUBORDINATORS and nxt.dep_ in ("mark", "advmod") \
                and nxt.head.dep_ == "advcl" and _ends_at(nxt.head, e):
            return i
        phrase_head = _phrase_head(doc, i + 1, e)
        if phrase_head is not None and phrase_head.dep_ == "appos" and _ends_at(phrase_head, e) \
                and phrase_head.head.i < i:
            return i
    return e


def _phrase_head(doc: Doc, start: int, e: int) -> Token | None:
    """The token of doc[start:e] whose head lies before ``start`` (the phrase's root)."""
    for t in doc[start:e]:
        if t.head.i < start:
            return t
    return None


def colon_content(tok: Token) -> tuple[int, int] | None:
    """"X said: the talks failed." (no quotation marks): the sentence after the colon."""
    doc = tok.doc
    for k in range(tok.i + 1, min(tok.i + 5, len(doc) - 1)):
        t = doc[k]
        if t.text == ":":
            first = doc[k + 1]
            if first.is_quote or first.is_space or first.is_punct:
                return None
            end = first.sent.end
            while end - 1 > first.i and (doc[end - 1].is_punct or doc[end - 1].is_space):
                end -= 1
            return (first.i, end) if end - first.i >= 3 else None
        if t.is_punct or t.pos_ in ("VERB", "AUX"):
            return None
    return None


def block_quote(tok: Token) -> tuple[int, int] | None:
    """"The governor added:" closing its paragraph: the next paragraph is the block quotation
    (web news sets long quotes apart without marks). Token range of that paragraph, or None."""
    doc = tok.doc
    for k in range(tok.i + 1, min(tok.i + 5, len(doc) - 2)):
        t = doc[k]
        if t.text == ":":
            nxt = doc[k + 1]
            if nxt.is_space and "\n" in nxt.text:
                return _paragraph_after(doc, k + 2)
            if "\n" in t.whitespace_:
                return _paragraph_after(doc, k + 1)
            return None
        if t.is_punct or t.pos_ in ("VERB", "AUX"):
            return None
    return None


def _paragraph_after(doc: Doc, i: int) -> tuple[int, int] | None:
    """Token range of the paragraph starting at token ``i`` (up to the next line break)."""
    first = doc[i]
    if first.is_quote or first.is_punct or first.is_space:
        return None
    end = i
    while end < len(doc) and not (doc[end].is_space and "\n" in doc[end].text) \
            and "\n" not in doc[end].whitespace_:
        end += 1
    if end < len(doc) and not doc[end].is_space:
        end += 1  # the last token of the paragraph, followed by a line break
    while end - 1 > i and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return (i, end) if end - i >= 3 else None


def parenthetical_host(tok: Token) -> Token | None:
    """The clause a parenthetical attribution is hung on: "The test, Pyongyang said, was its
    biggest" / "..., Graham said." (the parser makes the cue a parataxis or advcl of it)."""
    if tok.dep_ not in ("parataxis", "advcl") or tok.head is tok:
        return None
    if tok.dep_ == "advcl" and any(c.dep_ == "mark" for c in tok.children):
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        return None
    host = tok.head
    return host if host.pos_ in ("VERB", "AUX") else None


def extend_right(cue_tok: Token, clause: Token, end: int, lex: QuoteLexicon,
                  after: int | None = None) -> int:
    """Widen a content clause over what the parser hung on the cue after it.

    "said Lenox was a juggernaut until it went bankrupt": the "until" clause is part of what
    was said. Stops at a coordinated verb of the speaker ("said X and left") or another cue.
    """
    doc = cue_tok.doc
    after = clause.right_edge.i if after is None else after
    for x in cue_tok.rights:
        if x.i <= after:
            continue
        if x.dep_ not in _EXTENDING:
            break
        if x.dep_ == "conj":
            own_subject = any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in x.children)
            # "said X and left": the speaker's next act; "wants to A, B and C" / "said X and
            # let them know": a base-form verb continues what was said
            if verb_cue(x, lex) is not None or not (own_subject or x.tag_ == "VB"):
                break
        if x.dep_ == "cc":
            continue
        if x.dep_ == "punct" and x.text in ".!?;":
            break
        end = max(end, x.right_edge.i + 1)
    while end - 1 > clause.i and (doc[end - 1].is_punct and doc[end - 1].text not in "”’\"'»"
                                  or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        end -= 1
    return end


def goes_on(cue: Token) -> bool:
    """Whether a sentence goes on after a parenthetical attribution that follows its clause:
    ", Mr. Clarke said, until it went bankrupt", ", the agency said in a report, and those ..."."""
    rights = list(cue.rights)
    if rights and rights[0].text == ",":
        return True
    return any(x.dep_ in ("conj", "advcl") and any(
        g.dep_ in ("nsubj", "nsubjpass", "expl", "mark") for g in x.children) for x in rights)


def attribution_range(cue: Token, speakers: list[Token]) -> tuple[int, int]:
    """Token range [a, b) of a parenthetical attribution: its speaker, the cue and what the
    cue has after it up to the next comma ("the agency said in a June report")."""
    doc = cue.doc
    a = min([cue.i] + [sp.left_edge.i for sp in speakers if sp.head.i == cue.i])
    b = cue.i + 1
    for x in cue.rights:
        if x.dep_ in ("prep", "npadvmod", "advmod", "agent", "dative", "prt", "nsubj") \
                and x.left_edge.i == b:
            b = x.right_edge.i + 1
        else:
            break
    while a > 0 and (doc[a - 1].is_punct and doc[a - 1].text not in "”’\"'»"):
        a -= 1
    while b < len(doc) and (doc[b].is_punct and doc[b].text not in "“‘\"'«" or doc[b].dep_ == "cc"):
        b += 1
    return a, b


#: what may stand between a parenthetical cue and its closing comma ("he told me on Friday")
_PAREN_INNER = frozenset({"advmod", "npadvmod", "prep", "pobj", "det", "amod", "compound",
                          "dobj", "prt", "nummod", "poss", "case"})


def parenthetical_span(tok: Token, subj: Token | None) -> tuple[int, int] | None:
    """Token range [start, end) of a comma-enclosed attribution the parser did not hang
    on the clause around it: "These employees, Stumpf explained in the hearing, were paid"."""
    if subj is None or subj.i > tok.i:
        return None
    doc, sent = tok.doc, tok.sent
    start = subj.left_edge.i
    if start - 1 < sent.start + 2 or doc[start - 1].text != ",":
        return None
    end = tok.i + 1
    while end < sent.end and doc[end].text != ",":
        if doc[end].dep_ not in _PAREN_INNER or end - tok.i > 8:
            return None
        end += 1
    if end >= sent.end - 2:
        return None
    return start, end
