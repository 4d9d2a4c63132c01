"""Transcript turns: paragraphs opened by a speaker label ("WALLACE: Let's start ...").

Interview and debate transcripts printed in news text give each turn as a paragraph that
starts with the speaker's name in capitals and a colon. A document is read as a transcript
only when at least two paragraphs open that way, so that a lone editorial label
("UPDATE: ...") is not taken for a speaker.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from dyads.quotes.found import QuoteMatch
from dyads.quotes.marks import paragraphs

#: up to four capitalised words (MR. TRUMP, O'REILLY, SEN. JOHN SMITH) before the colon
_LABEL = re.compile(r"[\"“'‘\s]*((?:[A-Z][A-Z.'’\-]*[A-Z.](?:\s+|(?=:))){1,4}):\s+(?=\S)")
#: labels of the writer, not of a speaker
EDITORIAL_LABELS = frozenset({"UPDATE", "UPDATED", "NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE",
                        "CORRECTION", "CLARIFICATION", "WATCH", "READ", "RELATED", "VIDEO",
                        "PHOTOS", "PHOTO", "SOURCE", "SOURCES", "BREAKING", "EXCLUSIVE",
                        "ANALYSIS", "OPINION", "TRANSCRIPT", "FACT CHECK", "WARNING", "FULL TEXT",
                        "LIVE", "ALSO", "PS", "P.S.", "AP", "CNN", "THE LATEST", "LATEST"})
#: the fewest labelled paragraphs that make a document a transcript
MIN_TURNS = 2


def find_turns(doc: Doc) -> list[QuoteMatch]:
    """One quote per labelled paragraph: the label is the speaker, the rest is the content."""
    text = doc.text
    found: list[tuple[int, int, int, int]] = []
    for ps, pe in paragraphs(text):
        m = _LABEL.match(text, ps, pe)
        if m is None:
            continue
        label = m.group(1).strip()
        if label.rstrip(".") in EDITORIAL_LABELS or len(label.replace(".", "")) < 2:
            continue
        body_end = pe
        while body_end > m.end() and text[body_end - 1] in " \t\u00a0\"”'’":
            body_end -= 1
        if body_end - m.end() >= 3:
            found.append((m.start(1), m.start(1) + len(label), m.end(), body_end))
    if len(found) < MIN_TURNS:
        return []
    out = []
    for ls, le, bs, be in found:
        label = doc.char_span(ls, le, alignment_mode="expand")
        colon = doc.char_span(le, le + 1, alignment_mode="expand")
        if label is None:
            continue
        out.append(QuoteMatch(fragments=[(bs, be)], kind="direct",
                              cue=colon[0] if colon is not None else None, cue_text=":",
                              speaker_tokens=[label[-1]], via="turn"))
    return out
