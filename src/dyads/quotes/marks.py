"""Find quoted passages by their quotation marks, on the raw text (no parse needed).

Handles straight and curly double and single marks, guillemets and low-9 openers; only the
outermost quotation counts (a quote inside a quote is part of it). A quotation that is still
open at the end of a paragraph continues only if the next paragraph opens with a mark (the
convention for quotes running over several paragraphs); otherwise it is closed at the end of
its paragraph, so one unbalanced mark never swallows the rest of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: opening mark -> closing marks that end it
_PAIRS: dict[str, str] = {
    "\u201c": "\u201d",  # “ ”
    "\u201e": "\u201c\u201d",  # „ closed by “ or ”
    "\u00ab": "\u00bb",  # « »
    "\u2018": "\u2019",  # ‘ ’
    '"': '"',
    "'": "'",
    # a right mark opening a paragraph: an opening mark typed or converted as a closing one
    "\u201d": "\u201d",
}
_SINGLE = "'\u2018\u2019"
_PARA_BREAK = re.compile(r"\n\s*\n|\n(?=\s*\S)")


@dataclass(frozen=True)
class MarkedSpan:
    """A quotation found by its marks.

    ``start``/``end`` are the offsets of the words inside the marks; ``open_at``/``close_at``
    the offsets of the marks themselves (``close_at`` is ``None`` when the quote was never
    closed and was cut at the end of its paragraph).
    """

    start: int
    end: int
    open_at: int
    close_at: int | None

    @property
    def outer_end(self) -> int:
        return self.close_at + 1 if self.close_at is not None else self.end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the paragraphs of ``text`` (split at line breaks)."""
    spans, pos = [], 0
    for m in _PARA_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _is_opener(text: str, i: int, start: int) -> bool:
    """Whether the mark at ``i`` can open a quotation (by what surrounds it)."""
    ch = text[i]
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in "\u201c\u201e\u00ab":
        return True
    if ch == "\u2018":
        return not before.isalnum()
    if ch == "\u201d":
        return i == start and not after.isspace()
    if ch in "\"'":
        # straight marks open after a space, a bracket or a dash and before a word
        return (before.isspace() or before in "([{\u2014\u2013-:/\u200b" or i == start) and \
            not after.isspace()
    return False


def _closes(text: str, i: int, opener: str) -> bool:
    """Whether the mark at ``i`` closes a quotation opened by ``opener``."""
    ch = text[i]
    if ch not in _PAIRS[opener]:
        return False
    if opener in _SINGLE:
        # an apostrophe inside a word (Russia’s, don't) does not close a single-quoted passage
        after = text[i + 1] if i + 1 < len(text) else " "
        before = text[i - 1] if i > 0 else " "
        return not after.isalnum() and not before.isspace()
    return True


def _scan_paragraph(text: str, start: int, end: int) -> list[tuple[int, int | None, str]]:
    """Outermost quotations opening in one paragraph as (open_at, close_at, opener).

    ``close_at`` is None for a quotation still open at the end of the paragraph.
    """
    found: list[tuple[int, int | None, str]] = []
    open_at = -1
    opener: str | None = None
    for i in range(start, end):
        ch = text[i]
        if opener is None:
            if ch in _PAIRS and _is_opener(text, i, start):
                opener, open_at = ch, i
        elif _closes(text, i, opener):
            found.append((open_at, i, opener))
            opener = None
    if opener is not None:
        found.append((open_at, None, opener))
    return found


def _stray_free(text: str, start: int, end: int) -> list[tuple[int, int | None, str]]:
    """The quotations of a paragraph, skipping a stray opening mark.

    A mark that never closes while complete quotations in other marks follow it in the same
    paragraph ('"The first time she saw him ... what she called a “rant,” ...') is a stray
    (a typo or a conversion remnant), not a quotation spanning all of them.
    """
    found = _scan_paragraph(text, start, end)
    if found and found[-1][1] is None:
        open_at = found[-1][0]
        inner = _scan_paragraph(text, open_at + 1, end)
        # a quotation inside a quotation takes single marks: only double ones betray a stray
        if any(c is not None and op not in _SINGLE for _o, c, op in inner):
            return found[:-1] + inner
    return found


def find_marked_spans(text: str, min_chars: int = 1) -> list[MarkedSpan]:
    """All outermost quotations in ``text``, in order, each within or across paragraphs.

    A quotation still open at the end of its paragraph continues into the next paragraph
    only if that paragraph opens with the same mark; otherwise it ends with its paragraph.
    """
    paras = paragraphs(text)
    # typewriter doubles (``...'' and ''...'') count as one straight double mark, placed on
    # their second character so that offsets stay those of the original text
    text = text.replace("``", "\u200b\"").replace("''", "\u200b\"")
    raw = [q for ps, pe in paras for q in _stray_free(text, ps, pe)]
    out = []
    for open_at, close_at, end in _join_continued(paras, raw):
        s = open_at + 1
        while s < end and text[s].isspace():
            s += 1
        e = end
        while e > s and (text[e - 1].isspace() or text[e - 1] == "\u200b"):
            e -= 1
        if e - s >= min_chars:
            out.append(MarkedSpan(s, e, open_at, close_at))
    return out


def _join_continued(paras: list[tuple[int, int]],
                    raw: list[tuple[int, int | None, str]]) -> list[tuple[int, int | None, int]]:
    """Merge unclosed quotations with the quotation opening the next paragraph, if any.

    Returns (open_at, close_at, content_end) triples.
    """
    out: list[tuple[int, int | None, int]] = []
    i = 0
    while i < len(raw):
        open_at, close_at, opener = raw[i]
        if close_at is not None:
            out.append((open_at, close_at, close_at))
            i += 1
            continue
        k = _para_index(paras, open_at)
        end = paras[k][1]
        j = i
        # a multi-paragraph quotation: the next paragraph starts with the same kind of mark
        while close_at is None and j + 1 < len(raw) and k + 1 < len(paras):
            nxt_open, nxt_close, nxt_opener = raw[j + 1]
            ps, pe = paras[k + 1]
            # the opening mark starts the paragraph (one character in for a typewriter double)
            if not 0 <= nxt_open - ps <= 1 or _family(nxt_opener) != _family(opener):
                break
            j, k = j + 1, k + 1
            close_at, end = nxt_close, (nxt_close if nxt_close is not None else pe)
        out.append((open_at, close_at, end))
        i = j + 1
    return out


def _family(opener: str) -> str:
    """Openers that may continue each other over a paragraph break: the same mark
    (a stray straight mark must not join a curly quotation), „ and “ counting as one."""
    return "\u201c" if opener == "\u201e" else opener


def _para_index(paras: list[tuple[int, int]], offset: int) -> int:
    for k, (ps, pe) in enumerate(paras):
        if ps <= offset < pe:
            return k
    return len(paras) - 1
