"""Find and resolve the temporal expressions of a text (no spaCy needed here).

Every grammar pattern is run over the text; overlapping candidates are settled longest
first (then by pattern priority); "since"/"after" turn a date into an open start,
"until"/"by"/"before" into an open end (``value`` None, ``value_end`` the date).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from dyads.temporal import grammar, relative
from dyads.temporal.calendar import Direction, Period
from dyads.temporal.grammar import Context, Handler, Unresolved
from dyads.temporal.lexicon import Lexicon, load_lexicon
from dyads.temporal.patterns import OPEN_END, OPEN_START, Pattern, build_patterns

#: pattern name -> handler: ``h_<name>`` of the grammar and relative modules
HANDLERS: dict[str, Handler] = {
    name[2:]: fn for module in (grammar, relative) for name, fn in vars(module).items()
    if name.startswith("h_") and callable(fn)
}


@dataclass(frozen=True)
class Found:
    """One resolved temporal expression; offsets index the scanned text."""

    start: int
    end: int
    text: str
    value: str | None
    value_end: str | None
    precision: str


@lru_cache(maxsize=8)
def _patterns(lex: Lexicon) -> list[Pattern]:
    return build_patterns(lex)


#: A pattern that opens with an optional preposition, ``\b(?:(?P<pre>(?i:on|in|...))\s+)?``.
_OPTIONAL_PREPOSITION = re.compile(
    r"^(?P<edge>\\b|\(\?<!\[[^\]]*\]\))\(\?:\(\?P<\w+>\(\?i:[^()]*\)\)\\s\+\)\?")


@lru_cache(maxsize=256)
def _core(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern without its optional leading preposition, or None if it has none.

    Trying the preposition alternation at every word of the text is half the cost of the
    scan; the core (a month, a number, a relative word...) is searched for instead and the
    preposition looked for only in front of what it finds.
    """
    head = _OPTIONAL_PREPOSITION.match(regex.pattern)
    if head is None:
        return None
    return re.compile(head.group("edge") + regex.pattern[head.end():], regex.flags)


def _finditer(regex: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches ``regex.finditer(text)`` gives, found faster.

    A match with its preposition starts at the word right before where the core matches
    (there is no other place it can start), so after each core match the full pattern is
    tried at the start of the preceding word and, failing that, where the core matched;
    the search resumes after the match, as finditer does.
    """
    core = _core(regex)
    if core is None:
        yield from regex.finditer(text)
        return
    pos = 0
    while (c := core.search(text, pos)) is not None:
        start = word = c.start()
        while word > pos and text[word - 1].isspace():
            word -= 1
        if word < start:  # whitespace before the core: a preposition may precede it
            while word > pos and text[word - 1].isalpha():
                word -= 1
        m = regex.match(text, word) if word < start else None
        if m is None:
            m = regex.match(text, start)
        if m is None:  # pragma: no cover - the core matched here, so the pattern does
            pos = start + 1
            continue
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1


def parse_date(value: str | None) -> date | None:
    """An ISO date (``YYYY-MM-DD``, or a longer ISO timestamp) as a date; None if absent."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise ValueError(f"publication date {value!r} is not an ISO date (YYYY-MM-DD)") from exc


def _finish(text: str, m_start: int, m_end: int, pre: str | None, pre_end: int,
            result: Period | Unresolved) -> Found:
    start = m_start
    pre_l = (pre or "").lower()
    if pre and pre_l not in OPEN_START + OPEN_END:
        start = pre_end
        while start < m_end and text[start].isspace():
            start += 1
    while m_end > start and text[m_end - 1] in ".,":  # "Aug." at a sentence end
        m_end -= 1
    if isinstance(result, Unresolved):
        value = value_end = None
        precision = result.precision
    else:
        value, value_end, precision = result.value(), result.value_end(), result.precision
        if pre_l in OPEN_START:
            value_end = None
        elif pre_l in OPEN_END:
            value, value_end = None, value_end or value
    return Found(start, m_end, text[start:m_end], value, value_end, precision)


def find_dates(text: str, ctx: Context) -> list[Found]:
    """All temporal expressions of ``text``, resolved in context, in text order."""
    cands: list[tuple[int, int, int, int, object]] = []
    for prio, pattern in enumerate(_patterns(ctx.lexicon)):
        handler = HANDLERS[pattern.name]
        for m in _finditer(pattern.regex, text):
            if m.end() == m.start():
                continue
            pre = m.group("pre") if "pre" in m.re.groupindex else None
            # "for September 20" must not beat "September 20-22": rank by the date itself
            core = m.end("pre") if pre and pre.lower() not in OPEN_START + OPEN_END else m.start()
            cands.append((m.start(), m.end(), core, prio, (m, handler)))
    cands.sort(key=lambda c: (-(c[1] - c[2]), -(c[1] - c[0]), c[3], c[0]))
    taken: list[tuple[int, int]] = []
    found: list[Found] = []
    for start, end, _core, _prio, payload in cands:
        if any(start < e and s < end for s, e in taken):
            continue
        m, handler = payload  # type: ignore[misc]
        result = handler(m, ctx)
        if result is None:
            continue
        pre = m.group("pre") if "pre" in m.re.groupindex else None
        pre_end = m.end("pre") if pre else start
        taken.append((start, end))
        found.append(_finish(text, start, end, pre, pre_end, result))
    return sorted(found, key=lambda f: f.start)


def resolve_expression(expression: str, published: str | date | None = None,
                       direction: Direction = None, lexicon: Lexicon | None = None) -> Found | None:
    """Resolve one expression ("from September 7 to 9", "last month") on its own.

    Args:
        expression: the temporal expression, optionally with its preposition.
        published: the publication date (ISO string or date) relative words resolve against.
        direction: "past" / "future" for the clause the expression sits in, if known.
        lexicon: a replacement lexicon (default: the packaged one).

    Returns:
        The resolution of the longest date found in the expression, or None if none is.
        Bare years and month names count here (the caller says the text is a date).
    """
    anchor = published if isinstance(published, date) else parse_date(published)
    ctx = Context(anchor=anchor, lexicon=lexicon or load_lexicon(),
                  direction=lambda s, e: direction, licensed=lambda s, e: True)
    found = find_dates(expression, ctx)
    return max(found, key=lambda f: f.end - f.start) if found else None
