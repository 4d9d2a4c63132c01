"""Headlines: "Speaker: what they said" and "Speaker Says/Urges/Calls ..." on the first line.

A headline is written in a compressed register (often in Title Case, which the tagger reads
as a run of proper nouns), so its attribution is found from the words rather than the parse:
a present-tense cue verb ("Says", "Urges", "Vows") after a short speaker phrase, the content
being the rest of the line; or the cue at the end ("..., Lindsey Graham Says").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dyads.quotes.found import QuoteMatch
from dyads.quotes.lexicon import QuoteLexicon
from dyads.quotes.turns import EDITORIAL_LABELS

#: the longest speaker phrase a headline puts before its cue
_MAX_SPEAKER = 5
_NOT_SPEAKER_POS = frozenset({"VERB", "AUX", "ADP", "SCONJ", "PART", "PUNCT", "PRON"})


def _first_line(doc: Doc) -> tuple[int, int]:
    text = doc.text
    end = text.find("\n")
    return 0, (len(text) if end < 0 else end)


def find_headline(doc: Doc) -> list[QuoteMatch]:
    """The headline convention "Speaker: what they said" on the first line of the text."""
    text = doc.text
    line_end = text.find("\n")
    line_end = len(text) if line_end < 0 else line_end
    colon = text.find(": ", 0, line_end)
    if colon <= 0:
        return []
    head = doc.char_span(0, colon, alignment_mode="contract")
    body_start = colon + 2
    body_end = line_end
    while body_end > body_start and text[body_end - 1] in " .\u00a0":
        body_end -= 1
    if head is None or not 1 <= len(head) <= 6 or body_end - body_start < 10 \
            or head.text.upper().rstrip(".") in EDITORIAL_LABELS:
        return []
    nouns = [t for t in head if t.pos_ in ("PROPN", "NOUN") and t.ent_type_ not in ("DATE", "TIME")]
    if not nouns or any(t.pos_ in ("VERB", "AUX") for t in head):
        return []
    colon_tok = doc.char_span(colon, colon + 1, alignment_mode="expand")
    return [QuoteMatch(fragments=[(body_start, body_end)], kind="indirect",
                       cue=colon_tok[0] if colon_tok is not None else None, cue_text=":",
                       speaker_tokens=[nouns[-1]], via="headline")]


def _headline_cue(tok: Token, lex: QuoteLexicon) -> bool:
    """Whether a headline word is a present-tense cue verb ("Says", "Urges", "Vows")."""
    low = tok.lower_
    if not low.endswith("s") or len(low) < 4 or not tok.is_alpha:
        return False
    stems = [low[:-1]] + ([low[:-2]] if low.endswith("es") else []) + \
        ([low[:-3] + "y"] if low.endswith("ies") else [])
    return any(lex.verb(s) is not None for s in stems)


def _speaker_phrase_ok(toks: list[Token]) -> bool:
    return 1 <= len(toks) <= _MAX_SPEAKER and toks[0].is_title and not any(
        t.pos_ in _NOT_SPEAKER_POS and not t.is_title for t in toks) and not any(
        t.is_punct or t.is_quote for t in toks)


def find_headline_cue(doc: Doc, lex: QuoteLexicon) -> list[QuoteMatch]:
    """"Bill Clinton Calls Obamacare ‘Crazy System’", "Trump Could Address Clean Energy,
    Lindsey Graham Says": the attribution of a headline, found by its words."""
    start, end = _first_line(doc)
    line = doc.char_span(start, end, alignment_mode="contract")
    if line is None or len(line) < 4:
        return []
    toks = [t for t in line if not t.is_space]
    while toks and toks[-1].is_punct and not toks[-1].is_quote:
        toks.pop()
    label = next((j for j, t in enumerate(toks[:6]) if t.text == ":"), None)
    if label is not None:  # "The Latest: Trump urges ...": a series label before the headline
        toks = toks[label + 1:]
    for k, tok in enumerate(toks):
        if not _headline_cue(tok, lex):
            continue
        if k == len(toks) - 1 and k >= 3:
            # "..., Lindsey Graham Says": the speaker between the last comma and the cue
            comma = max((j for j in range(k) if toks[j].text == ","), default=-1)
            spk = toks[comma + 1:k]
            if comma >= 2 and _speaker_phrase_ok(spk):
                return [_headline_match(toks[0], toks[comma - 1], tok, spk[-1])]
            return []
        spk = toks[:k]
        if _speaker_phrase_ok(spk) and len(toks) - k - 1 >= 2:
            return [_headline_match(toks[k + 1], toks[-1], tok, spk[-1])]
        return []
    return []


def _headline_match(first: Token, last: Token, cue: Token, speaker: Token) -> QuoteMatch:
    return QuoteMatch(fragments=[(first.idx, last.idx + len(last.text))], kind="indirect",
                      cue=cue, cue_text=cue.text, speaker_tokens=[speaker], via="headline")
