"""Direct quotations: passages in quotation marks, attributed to a cue verb and its subject.

The cue is found from the parse (a token inside the quotation whose head is a cue verb outside
it), else in the attribution clause right after the closing mark ("...," Flynn said) or right
before the opening mark (Flynn said: "..."). A quotation the attribution splits in two
("A," he said, "B.") becomes one quote with two fragments, and so does an unattributed
quotation that directly follows a speaker's attributed one; a later unattributed quotation
in the same or the next paragraph takes the previous speaker. Quoted words woven into a
clause (scare quotes, titles, the quoted part of a mixed quote) are left to the
reported-speech finder, unless a cue governs them directly ('chanted "What curfew?"') or
follows them ('the writer's lead-in, "quoted words," he said').
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dyads.quotes.content import verb_cue
from dyads.quotes.found import QuoteMatch
from dyads.quotes.lexicon import QuoteLexicon
from dyads.quotes.marks import MarkedSpan, paragraphs
from dyads.quotes.speaker import verb_subject

_TERMINAL = frozenset({".", "!", "?"})
#: how many tokens an attribution clause may run before or after its quotation
_WINDOW = 14


def _inside(tok: Token, m: MarkedSpan) -> bool:
    return m.open_at <= tok.idx < m.outer_end


def _span(doc: Doc, m: MarkedSpan) -> Span | None:
    return doc.char_span(m.start, m.end, alignment_mode="expand")


def _before(text: str, m: MarkedSpan, spaces: str = " \t") -> int:
    """Index of the last character before the opening mark that is not a space."""
    i = m.open_at - 1
    if i >= 0 and text[i] in "'`" and text[m.open_at] in "'`":
        i -= 1  # the first half of a typewriter double mark ('' or ``)
    while i >= 0 and text[i] in spaces:
        i -= 1
    return i


def is_fragment(text: str, m: MarkedSpan) -> bool:
    """Whether the quotation is woven into a clause ("called it a “partner”") rather than
    standing on its own (after a colon, a comma, or at the start of a sentence)."""
    i = _before(text, m)
    return not (i < 0 or text[i] in "\n.!?:,;\u2014\u2013-([")


def _speech_cue(tok: Token, lex: QuoteLexicon) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
        return False
    cue = verb_cue(tok, lex)
    return cue is not None and "clause" in cue.frames


def _has_outside_content(cue: Token, m: MarkedSpan) -> bool:
    """A cue that already reports its own clause outside this quotation belongs to that clause."""
    for c in cue.children:
        # "..., Trump accused Holt of bias": a cue with its own object or clause after it is
        # not the parenthetical "..., he said" of the quotation before it
        if c.dep_ in ("ccomp", "dobj", "xcomp") and not _inside(c, m) and c.idx > m.outer_end:
            return True
    return False


def _cue_from_parse(doc: Doc, m: MarkedSpan, span: Span, lex: QuoteLexicon,
                    taken: set[int]) -> Token | None:
    best: Token | None = None
    for tok in span:
        head = tok.head
        for _ in range(2):
            if head is tok or _inside(head, m):
                break
            if _speech_cue(head, lex) and head.i not in taken:
                if best is None or abs(head.i - tok.i) < abs(best.i - tok.i):
                    best = head
                break
            head = head.head
    return best


def _window_after(doc: Doc, m: MarkedSpan, para_end: int, others: list[MarkedSpan]) -> list[Token]:
    nxt = min((o.open_at for o in others if o.open_at >= m.outer_end), default=para_end)
    out: list[Token] = []
    span = doc.char_span(m.outer_end, min(nxt, para_end), alignment_mode="contract")
    if span is None:
        return out
    for tok in span:
        if tok.text in _TERMINAL:
            break
        out.append(tok)
        if len(out) >= _WINDOW:
            break
    return out


def _window_before(doc: Doc, m: MarkedSpan, para_start: int,
                   others: list[MarkedSpan]) -> list[Token]:
    prev = max((o.outer_end for o in others if o.outer_end <= m.open_at), default=para_start)
    span = doc.char_span(max(prev, para_start), m.open_at, alignment_mode="contract")
    if span is None:
        return []
    out: list[Token] = []
    for tok in reversed(span):
        if tok.text in _TERMINAL:
            break
        out.append(tok)
        if len(out) >= _WINDOW:
            break
    out.reverse()
    return out


def _ends_attribution(text: str, m: MarkedSpan) -> bool:
    """Whether the text before the opening mark ends like "said:" / "said," / "said"."""
    i = _before(text, m, spaces=" \t\n\u00a0")
    return i >= 0 and (text[i] in ":," or text[i].isalpha())


def attribute_marked(doc: Doc, marked: list[MarkedSpan], lex: QuoteLexicon) -> list[QuoteMatch]:
    """Direct quotes from the quotation-mark spans of ``doc`` (speaker heads unresolved)."""
    text = doc.text
    paras = paragraphs(text)
    taken: set[int] = set()
    found: list[_Found] = []
    for m in marked:
        span = _span(doc, m)
        if span is None or not any(t.is_alpha for t in span):
            continue
        ps, pe = next(((s, e) for s, e in paras if s <= m.open_at < e), (0, len(text)))
        fragment = is_fragment(text, m)
        if fragment and (cue := _cue_right_before(doc, text, m, lex, taken)) is not None:
            # 'Protesters chanted "What curfew?"': the quotation is the cue's object
            taken.add(cue.i)
            found.append(_Found(m, cue, None))
            continue
        if fragment and not _ends_with_comma(text, m):
            continue  # woven into the writer's clause: left to the reported-speech finder
        cue = None if fragment else _cue_from_parse(doc, m, span, lex, taken)
        where = "parse"
        if cue is None:
            for tok in _window_after(doc, m, pe, marked):
                if _speech_cue(tok, lex) and tok.i not in taken \
                        and not _has_outside_content(tok, m):
                    cue, where = tok, "after"
                    break
        if cue is None and not fragment and _ends_attribution(text, m):
            window = _window_before(doc, m, ps, marked)
            for tok in reversed(window):
                if _speech_cue(tok, lex) and tok.i not in taken:
                    cue, where = tok, "before"
                    break
        if fragment and (cue is None or cue.idx - m.outer_end > 40):
            continue  # a woven-in quotation hands over only to an attribution right after it
        lead = _lead_in(doc, m, ps, marked, lex, 12 if fragment else 25) \
            if cue is not None and where != "before" else None
        if fragment and lead is None:
            continue
        if cue is not None:
            taken.add(cue.i)
        found.append(_Found(m, cue, lead))
    return _merge_and_continue(doc, found, paras)


def _cue_right_before(doc: Doc, text: str, m: MarkedSpan, lex: QuoteLexicon,
                      taken: set[int]) -> Token | None:
    """A speech verb written right before the opening mark, with the quotation as its whole
    complement (the quotation ends its sentence)."""
    before = doc.char_span(max(0, m.open_at - 40), m.open_at, alignment_mode="contract")
    if before is None or len(before) == 0:
        return None
    tok = before[-1]
    if not _speech_cue(tok, lex) or tok.i in taken:
        return None
    after = text[m.outer_end:m.outer_end + 2].strip()
    ends_sentence = text[m.start:m.end].rstrip().endswith((".", "!", "?"))
    if (m.close_at is None or (after and after[0] not in ".!?\n")) and not ends_sentence:
        return None
    return tok


@dataclass
class _Found:
    mark: MarkedSpan
    cue: Token | None
    #: start offset of the writer's lead-in to the quotation in its sentence, if any
    lead: int | None


def _ends_with_comma(text: str, m: MarkedSpan) -> bool:
    """'..., “not a crime,” he said': a quotation closed by a comma hands over to its cue."""
    if m.close_at is None:
        return False
    inner = text[m.start:m.end].rstrip()
    after = text[m.outer_end:m.outer_end + 1]
    return inner.endswith(",") or after == ","


def _lead_in(doc: Doc, m: MarkedSpan, para_start: int, marked: list[MarkedSpan],
             lex: QuoteLexicon, max_tokens: int) -> int | None:
    """Where the sentence starts when the writer's words lead into the quotation
    ("With thousands of systems, “there is no single point of failure,” he said")."""
    tok = doc.char_span(m.start, m.end, alignment_mode="expand")
    if tok is None:
        return None
    sent = tok[0].sent
    start = max(sent.start_char, para_start)
    if start >= m.open_at or any(start <= o.open_at < m.open_at for o in marked if o is not m):
        return None
    lead = doc.char_span(start, m.open_at, alignment_mode="contract")
    if lead is None or len(lead) > max_tokens or not any(t.is_alpha for t in lead):
        return None
    if any(_speech_cue(t, lex) for t in lead):
        return None
    return start


def _merge_and_continue(doc: Doc, found: list[_Found],
                        paras: list[tuple[int, int]]) -> list[QuoteMatch]:
    text = doc.text
    out: list[QuoteMatch] = []
    last_para = -1
    for f in found:
        m, cue = f.mark, f.cue
        para = next((k for k, (s, e) in enumerate(paras) if s <= m.open_at < e), -1)
        prev = out[-1] if out else None
        if prev is not None and prev.cue is not None and (cue is None or cue is prev.cue) \
                and para == last_para and prev.cue.idx < m.open_at \
                and prev.end <= prev.cue.idx and _only_attribution_between(doc, prev, m):
            prev.fragments.append((m.start, _trim_end(text, m.start, m.end)))
            continue
        start = f.lead if f.lead is not None else m.start
        q = QuoteMatch(fragments=[(start, _trim_end(text, m.start, m.end))],
                       kind="direct" if f.lead is None else "mixed",
                       cue=cue, cue_text=_cue_text(cue), via="marks")
        if cue is not None:
            subj = verb_subject(cue, avoid=(m.open_at, m.outer_end)) or _nearby_speaker(doc, m, cue)
            if subj is not None:
                q.speaker_tokens = [subj]
        elif (byline := _dash_byline(doc, text, m)) is not None:
            q.speaker_tokens = [byline]
            q.cue_text = "―"
            q.via = "byline"
        elif prev is not None and prev.speaker_tokens and para - last_para in (0, 1) \
                and _starts_sentence(text, m):
            # a further quotation by the same speaker, unattributed by journalistic convention;
            # right after the speaker's quotation (only its attribution between) it continues it
            if _nothing_but_attribution(doc, prev, m):
                prev.fragments.append((m.start, _trim_end(text, m.start, m.end)))
                last_para = para
                continue
            q.speaker_tokens = list(prev.speaker_tokens)
            q.via = "continued"
        else:
            q.via = "unattributed"
        out.append(q)
        last_para = para
    # a quotation nobody is said to have spoken is not a quote we can attribute
    return [q for q in out if q.speaker_tokens]


_NOUNISH = ("PROPN", "NOUN", "PRON")


def _nearby_speaker(doc: Doc, m: MarkedSpan, cue: Token) -> Token | None:
    """The speaker when the parse gives the cue no subject outside the quotation.

    Between the quotation and its cue ("...," Tulsa police Chief Chuck Jordan said) the
    rightmost noun; right after the cue ("...," said Leslie Wimes / Said Ellis: "...") the
    noun phrase that follows it.
    """
    lo, hi = (m.outer_end, cue.idx) if cue.idx >= m.outer_end else (cue.idx + len(cue), m.open_at)
    between = doc.char_span(lo, hi, alignment_mode="contract") if hi > lo else None
    if cue.idx >= m.outer_end and between is not None:
        nouns = [t for t in between if t.pos_ in _NOUNISH and t.dep_ != "compound"]
        if nouns:
            return nouns[-1]
    after = doc[cue.i + 1: cue.i + 8]
    for tok in after:
        if m.open_at <= tok.idx < m.outer_end:
            break
        if tok.pos_ in _NOUNISH and tok.dep_ not in ("compound", "npadvmod") \
                and not (tok.ent_type_ in ("DATE", "TIME")):
            return tok
        if tok.pos_ not in ("PROPN", "NOUN", "DET", "ADJ", "PRON", "PUNCT") or tok.text in ".:":
            break
    return None


def _dash_byline(doc: Doc, text: str, m: MarkedSpan) -> Token | None:
    """The name after a quotation in the "“...” ― Name" convention (letters, comments)."""
    if m.close_at is None:
        return None
    i = m.outer_end
    while i < len(text) and text[i] in " \t\u00a0":
        i += 1
    if i >= len(text) or text[i] not in "\u2015\u2014\u2013-":
        return None
    line_end = text.find("\n", i)
    span = doc.char_span(i + 1, line_end if line_end >= 0 else len(text), alignment_mode="contract")
    if span is None:
        return None
    names = [t for t in span if t.pos_ in ("PROPN", "NOUN") and t.dep_ != "compound"]
    return names[0] if names and len(span) <= 12 else None


def _only_attribution_between(doc: Doc, prev: QuoteMatch, m: MarkedSpan) -> bool:
    """Whether only the attribution clause separates a quote from the next quotation."""
    assert prev.cue is not None
    gap = doc.char_span(prev.end, m.open_at, alignment_mode="expand")
    if gap is None:
        return True
    words = [t for t in gap if not t.is_punct and not t.is_space]
    return _attribution_only(gap, words, prev.cue)


#: the longest attribution clause (speaker, apposition, cue) between two quotations of one
#: speaker: "“A,” Leonard E. Burman, director of the ... Center and a professor at ..., said.
#: “B.”"
_MAX_ATTRIBUTION = 40


def _attribution_only(gap: Span, words: list[Token], cue: Token) -> bool:
    """Whether ``gap`` is the attribution clause of ``cue`` and nothing else: it holds the cue,
    at most one sentence end, and (when longer than the usual window) no other verb than the
    cue outside its apposition's relative clauses."""
    if not any(t.i == cue.i for t in gap):
        return False
    if len(words) <= _WINDOW:
        return True
    if len(words) > _MAX_ATTRIBUTION or sum(t.text in _TERMINAL for t in gap) > 1:
        return False
    return not any(t.pos_ in ("VERB", "AUX") and t.i != cue.i and t.dep_ not in (
        "relcl", "acl", "aux", "auxpass") for t in gap)


def _nothing_but_attribution(doc: Doc, prev: QuoteMatch, m: MarkedSpan) -> bool:
    """Whether only the previous quotation's attribution (or nothing) precedes ``m``."""
    gap = doc.char_span(prev.end, m.open_at, alignment_mode="contract")
    if gap is None:
        return True
    words = [t for t in gap if t.is_alpha]
    if not words:
        return True
    return prev.cue is not None and _attribution_only(gap, words, prev.cue)


def _starts_sentence(text: str, m: MarkedSpan) -> bool:
    i = _before(text, m)
    return i < 0 or text[i] in "\n.!?"


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " ,;:\u2014\u2013":
        end -= 1
    return end


def _cue_text(cue: Token | None) -> str | None:
    if cue is None:
        return None
    particle = next((c for c in cue.children if c.dep_ == "prt"), None)
    return f"{cue.text} {particle.text}" if particle is not None else cue.text
