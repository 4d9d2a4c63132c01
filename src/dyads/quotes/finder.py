"""Find every quote of a parsed document: direct, reported and mixed, with speakers and hedges."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dyads.model import Quote
from dyads.quotes.direct import attribute_marked
from dyads.quotes.found import QuoteMatch
from dyads.quotes.headline import find_headline, find_headline_cue
from dyads.quotes.lexicon import QuoteLexicon, default_lexicon
from dyads.quotes.marks import MarkedSpan, find_marked_spans
from dyads.quotes.reported import find_reported
from dyads.quotes.speaker import (
    FIRST_PERSON,
    GROUP_PRONOUNS,
    PERSON_PRONOUNS,
    RELATIVES,
    THING_PRONOUNS,
    MentionLookup,
    actor_lookup,
    conjuncts,
    resolve_pronoun,
    speaker_argument,
    speaker_phrase,
)
from dyads.quotes.turns import find_turns

_THIRD_PERSON = PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS


def find_quote_matches(doc: Doc, lex: QuoteLexicon | None = None,
                       lookup: MentionLookup | None = None,
                       keep_unattributed: bool = False) -> list[QuoteMatch]:
    """All quotes of ``doc`` in text order, with token-level evidence (see QuoteMatch).

    ``lookup`` maps a token to the actor layer's mention (see ``speaker.actor_lookup``).
    Reported content with no speaker in the text ("it was reported that ...", "the claim
    that ...") is dropped unless ``keep_unattributed``; quotation marks nobody is said to
    have spoken are never quotes.
    """
    lex = lex or default_lexicon()
    marked = find_marked_spans(doc.text)
    direct = attribute_marked(doc, marked, lex)
    used_cues = {q.cue.i for q in direct if q.cue is not None}
    reported = find_headline(doc) + find_turns(doc) + find_reported(doc, lex, used_cues)
    first_line_end = _first_line_end(doc)
    if not any(q.start < first_line_end for q in direct + reported):
        reported += find_headline_cue(doc, lex)
    reported = [q for q in reported
                if keep_unattributed or q.speaker_tokens]
    matches = _drop_nested(_dedupe(direct, reported, marked, doc))
    _resolve_speakers(doc, matches, lookup)
    for q in matches:
        q.hedged = q.hedged or _hedged(doc, q, lex)
    return sorted(matches, key=lambda q: (q.start, q.end))


def _first_line_end(doc: Doc) -> int:
    text = doc.text
    end = text.find("\n")
    return len(text) if end < 0 else end


def find_quotes(doc: Doc, lex: QuoteLexicon | None = None,
                keep_unattributed: bool = False) -> list[Quote]:
    """All quotes of ``doc`` as contract objects, speakers resolved through the actor layer."""
    text = doc.text
    return [q.to_quote(doc, text) for q in
            find_quote_matches(doc, lex, actor_lookup(), keep_unattributed)]


def _dedupe(direct: list[QuoteMatch], reported: list[QuoteMatch], marked: list[MarkedSpan],
            doc: Doc) -> list[QuoteMatch]:
    """Drop reported matches a direct quote or an earlier reported one already gives (one
    speaker per stretch of text); set the kind of the others."""
    out = list(direct)
    text = doc.text  # built from all tokens at each access: read once
    seen = {(q.start, q.end) for q in direct}
    for q in reported:
        _extend_to_marks(q, marked)
        if (q.start, q.end) in seen:
            continue
        same = [k for k in out if _same_span(q, k)]
        inner = [k for k in same if k not in direct and _reports_cue_of(q, k)]
        if same and len(inner) < len(same):
            continue
        for k in inner:  # "A had told B that C, D added": D's report holds A's, D's is kept
            out.remove(k)
        if any(d.start <= q.start and q.end <= d.end and d.speaker_tokens and
               q.cue is not None and d.cue is not None and q.cue.i == d.cue.i for d in direct):
            continue
        if q.via != "turn" and q.cue is not None and any(m.open_at <= q.cue.idx < m.outer_end and
                                     m.open_at <= q.start and q.end <= m.outer_end
                                     for m in marked):
            # speech reported inside someone's quotation is part of that quotation
            continue
        inside = [m for m in marked if q.start <= m.start and m.end <= q.end + 1]
        if inside:
            m = inside[0]
            bare = text[q.start:q.end].strip(" “”\"'‘’«».,")
            q.kind = "direct" if len(inside) == 1 and bare == text[m.start:m.end].strip(" .,") \
                else "mixed"
        seen.add((q.start, q.end))
        out.append(q)
    return out


#: the share of the longer of two reported contents they must have in common to count as one
#: stretch of reported text (PolNeAR dev: 0.8 -> e2e F1 0.616, 0.6 -> 0.620, 0.4 -> 0.627,
#: 0.2 -> 0.627 with lower recall)
SAME_STRETCH = 0.4


def _same_span(a: QuoteMatch, b: QuoteMatch, share: float = SAME_STRETCH) -> bool:
    """Whether two quotes report the same stretch of text: found twice, by a cue and by a
    second cue inside it ("said she hopes that ..." read again from "hopes"). The direct or
    outer one (whose content holds the other's cue), else the first found, is kept: one
    speaker per stretch of reported text."""
    inter = min(a.end, b.end) - max(a.start, b.start)
    return inter > 0 and inter >= share * max(a.end - a.start, b.end - b.start)


#: how reported speech is found from the parse (not from quotation marks or layout)
_PARSED = frozenset({"clause", "np", "inf", "pred", "noun", "adj", "colon", "paren"})


def _drop_nested(matches: list[QuoteMatch]) -> list[QuoteMatch]:
    """Drop reported speech whose cue lies inside another quote's content.

    "Trump said Clinton lied when she claimed X": what Clinton claimed is here part of
    what Trump said, one speaker per stretch of text, as for speech reported inside a quotation.
    """
    return [q for q in matches if q.via not in _PARSED or not any(
        o is not q and _reports_cue_of(o, q) and not _reports_cue_of(q, o) for o in matches)]


def _reports_cue_of(outer: QuoteMatch, inner: QuoteMatch) -> bool:
    """Whether ``outer``'s content holds ``inner``'s cue: ``inner`` is reported inside it."""
    return inner.cue is not None and any(s <= inner.cue.idx < e for s, e in outer.fragments)


def _extend_to_marks(q: QuoteMatch, marked: list[MarkedSpan]) -> None:
    """Widen a content that cuts a quotation in two so that the quotation stays whole."""
    s, e = q.fragments[0]
    for m in marked:
        if s < m.start < e < m.outer_end and m.outer_end - e <= 3:
            e = m.outer_end
        if m.open_at < s < m.end < e and s - m.open_at <= 3:
            s = m.open_at
    q.fragments[0] = (s, e)


def _resolve_head(tok: Token, speakers_so_far: list[Token], matches: list[QuoteMatch],
                  doc: Doc) -> Token | None:
    low = tok.lower_
    if low in RELATIVES and tok.dep_ in ("nsubj", "nsubjpass"):
        relcl = tok.head
        return relcl.head if relcl.dep_ == "relcl" else tok
    if low in FIRST_PERSON:
        # "I"/"we" inside someone's quotation is that speaker
        for q in matches:
            if q.via in ("marks", "continued") and q.start <= tok.idx < q.end and q.speaker_tokens:
                return q.speaker_tokens[0]
        return tok
    if low in _THIRD_PERSON and tok.pos_ == "PRON":
        ante = resolve_pronoun(tok, speakers_so_far)
        return ante if ante is not None else tok
    return tok


def _speaker_span(raw: Token) -> tuple[int, int]:
    """Offsets of the speaker as written; a relative pronoun ("the mayor, who said ...")
    stands for its antecedent, so the span runs from the antecedent's phrase to the pronoun."""
    phrase = speaker_phrase(raw)
    if raw.lower_ in RELATIVES and raw.dep_ in ("nsubj", "nsubjpass") and raw.head.dep_ == "relcl" \
            and raw.head.head.i < raw.i and raw.head.head.pos_ in ("NOUN", "PROPN"):
        ante = speaker_phrase(raw.head.head)
        return ante.start_char, phrase.end_char
    return phrase.start_char, phrase.end_char


def _resolve_speakers(doc: Doc, matches: list[QuoteMatch], lookup: MentionLookup | None) -> None:
    spoken: list[Token] = []
    for q in sorted(matches, key=lambda m: m.start):
        if not q.speaker_tokens:
            continue
        raw = q.speaker_tokens[0]
        q.speaker_span = _speaker_span(raw)
        heads = []
        for h in conjuncts(raw):
            r = _resolve_head(h, spoken, matches, doc)
            if r is not None:
                heads.append(r)
        q.speaker = speaker_argument(heads, lookup)
        spoken.extend(heads)


def _hedged(doc: Doc, q: QuoteMatch, lex: QuoteLexicon) -> bool:
    """Whether a hedge word frames the quote: on its cue, its speaker, or its content's verb."""
    if not lex.hedges:
        return False
    scope: set[int] = set()
    content: set[int] = set()
    for s, e in q.fragments:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            content.update(t.i for t in span)
    if q.cue is not None:
        root = q.cue
        scope.update(t.i for t in root.subtree if t.i not in content)
        if root.dep_ == "dobj":  # a cue noun: its verb's modifiers frame it too
            scope.update(c.i for c in root.head.children
                         if c.dep_ in ("advmod", "prep", "npadvmod"))
    for s, e in q.fragments:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            for c in span.root.children:
                if c.dep_ in ("advmod",):
                    scope.add(c.i)
    n = lex.max_hedge_len
    for i in sorted(scope):
        for k in range(1, n + 1):
            words = tuple(t.lower_ for t in doc[i: i + k])
            if len(words) == k and words in lex.hedges:
                return True
    return False
