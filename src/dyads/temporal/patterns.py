"""The regular expressions of the date grammar, built from the lexicon.

Month and weekday names are matched case-sensitively (capitalised) so that "may", "march"
or "fall" as ordinary words are not dates; relative words ("last", "next", "ago") are
matched in any case. Every pattern that can stand after a preposition takes an optional
``pre`` group: "since"/"until" change the meaning (open ranges), "in"/"on" do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dyads.temporal.lexicon import Lexicon

#: prepositions kept in the reported text because they change the meaning
OPEN_START = ("since", "after", "from")  # the period starts at the date
OPEN_END = ("until", "till", "through", "by", "before")  # the period ends at the date
#: prepositions that only introduce the date; they license bare years and months
PLAIN = ("on", "in", "during", "of", "for", "at", "around", "throughout")

DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1\d{3}|20\d\d|21\d\d)"
DASH = r"(?:-|–|—)"


def _ci(words: list[str] | tuple[str, ...]) -> str:
    """A case-insensitive alternation of words (longest first)."""
    alts = sorted(words, key=len, reverse=True)
    return "(?i:" + "|".join(re.escape(w) for w in alts) + ")"


def _capitalised(words: list[str], dotted: bool) -> str:
    items = []
    for w in sorted(words, key=len, reverse=True):
        item = re.escape(w.capitalize())
        items.append(item + r"\.?" if dotted else item)
    return "(?:" + "|".join(items) + ")"


@dataclass(frozen=True)
class Pattern:
    """One rule of the grammar: its name (also the handler's) and compiled regex."""

    name: str
    regex: re.Pattern[str]


def build_patterns(lex: Lexicon) -> list[Pattern]:
    """All grammar patterns, in priority order (earlier wins a tie of equal length)."""
    full = [w for w in lex.months if len(w) > 4 or w in ("may", "june", "july")]
    abbr = [w for w in lex.months if w not in full]
    mon_any = "(?:" + _capitalised(full, False) + "|" + _capitalised(abbr, True) + ")"
    mon_full = _capitalised(full, False)
    weekday = _capitalised(list(lex.weekdays), False)
    numbers = _ci(list(lex.numbers))
    ordinals = _ci(list(lex.ordinals))
    pre = rf"(?:(?P<pre>{_ci(OPEN_START + OPEN_END + PLAIN)})\s+)?"
    part_words = _ci(sorted(set(lex.year_parts) | set(lex.month_parts)))
    seasons = _ci(list(lex.seasons))

    def mon(name: str, pattern: str = mon_any) -> str:
        return rf"(?P<{name}>{pattern})"

    def day(name: str) -> str:
        return rf"(?P<{name}>{DAY})"

    def year(name: str) -> str:
        return rf"(?P<{name}>{YEAR})"

    end = r"(?![\w%])"
    rules = [
        ("iso", (
            rf"\b{year('y')}-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01]){end}"
        )),
        ("range_md", (
            rf"\b(?:(?P<rpre>(?i:from|between))\s+)?{mon('m1')}\s+{day('d1')}"
            rf"(?:,?\s+{year('y1')})?\s*(?P<conn>{DASH}|(?i:to|through|until|till|and))"
            rf"\s*(?:{mon('m2')}\s+)?{day('d2')}(?:,?\s+{year('y2')})?{end}"
        )),
        ("range_dm", (
            rf"\b(?:(?P<rpre>(?i:from|between))\s+)?(?:the\s+)?{day('d1')}(?:\s+{mon('m1')})?"
            rf"\s*(?P<conn>{DASH}|(?i:to|through|until|till|and))\s*(?:the\s+)?{day('d2')}"
            rf"\s+(?:of\s+)?{mon('m2')}(?:,?\s+{year('y')})?{end}"
        )),
        ("range_months", (
            rf"\b(?:(?P<rpre>(?i:from|between))\s+)?{mon('m1', mon_full)}"
            rf"(?:\s+{year('y1')})?\s*(?P<conn>{DASH}|(?i:to|through|until|till|and))"
            rf"\s*{mon('m2', mon_full)}(?:,?\s+{year('y2')})?{end}"
        )),
        ("range_years", (
            rf"\b(?:(?P<rpre>(?i:from|between))\s+)?{year('y1')}\s*"
            rf"(?P<conn>{DASH}|(?i:to|through|until|till|and))\s*"
            rf"(?P<y2>\d{{4}}|\d\d){end}"
        )),
        ("md", (
            rf"\b{pre}(?:(?P<wd>{weekday}),?\s+)?{mon('m')}\s+{day('d')}"
            rf"(?:,?\s+{year('y')})?{end}"
        )),
        ("dm", (
            rf"\b{pre}(?:(?P<wd>{weekday}),?\s+)?(?:the\s+)?{day('d')}\s+(?:of\s+)?{mon('m')}"
            rf"(?:,?\s+{year('y')})?{end}"
        )),
        ("my", (
            rf"\b{pre}{mon('m')},?\s+{year('y')}{end}"
        )),
        ("part", (
            rf"\b{pre}(?:(?i:the)\s+)?(?P<part>{part_words})(?:-|\s+(?:(?i:of)\s+)?(?:(?i:the)\s+)?)"
            rf"(?:{mon('m', mon_full)}(?:,?\s+{year('y')})?|{year('y2')}"
            rf"|(?P<rel>(?i:last|next|this))\s+(?P<unit>(?i:year|month))"
            rf"|(?P<unit2>(?i:year|month))){end}"
        )),
        ("season", (
            rf"\b{pre}(?:(?P<the>(?i:the))\s+)?(?:(?P<rel>(?i:this|last|next|past|coming))\s+)?"
            rf"(?P<season>{seasons})(?:\s+(?:(?i:of)\s+)?{year('y')})?{end}"
        )),
        ("decade", (
            rf"(?<![\w'’]){pre}(?:(?P<the>(?i:the))\s+)?(?:(?P<part>(?i:early|mid|late))[-\s]+)?"
            rf"(?P<dec>(?:1\d|20)\d0s|['’]\d0s|\d0s){end}"
        )),
        ("century", (
            rf"\b{pre}(?i:the)\s+(?:(?P<part>(?i:early|mid|late))[-\s]+)?"
            rf"(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{ordinals})[-\s]+(?i:century){end}"
        )),
        ("quarter", (
            rf"\b{pre}(?i:the)\s+(?P<ord>{ordinals}|[1-4](?:st|nd|rd|th))\s+"
            rf"(?P<unit>(?i:quarter|half))(?:\s+(?i:of)\s+(?:{year('y')}"
            rf"|(?P<rel>(?i:this|last|next))\s+(?i:year)|(?i:the)\s+(?i:year)))?{end}"
        )),
        ("qnum", (
            rf"\b{pre}Q(?P<q>[1-4])\s+{year('y')}{end}"
        )),
        ("ago", (
            rf"(?<![\w-])(?P<n>\d{{1,3}}|(?:{numbers}[- ])?{numbers})\s+"
            rf"(?P<unit>(?i:days?|weeks?|months?|years?|decades?))"
            rf"\s+(?i:ago){end}"
        )),
        ("past_n", (
            rf"\b(?:(?P<pre>{_ci(PLAIN + OPEN_START)})\s+)?(?i:the)\s+(?P<rel>(?i:past|last|next|coming))\s+"
            rf"(?P<n>\d{{1,3}}|{numbers})\s+(?P<unit>(?i:days|weeks|months|years|decades)){end}"
        )),
        ("rel_unit", (
            rf"\b{pre}(?:(?P<the>(?i:the))\s+)?(?:(?P<mod>(?i:earlier|later))\s+)?"
            rf"(?P<rel>(?i:last|next|this|past|coming))\s+"
            rf"(?P<unit>(?i:week|weekend|month|year|decade)){end}"
        )),
        ("dayword", (
            rf"\b(?P<w>(?i:yesterday|today|tomorrow|tonight)){end}"
        )),
        ("weekday", (
            rf"\b{pre}(?:(?P<rel>(?i:last|next|this))\s+)?(?P<wd>{weekday})"
            rf"(?:\s+(?i:morning|afternoon|evening|night))?{end}"
        )),
        ("month", (
            rf"\b{pre}(?:(?P<rel>(?i:last|next|this))\s+)?{mon('m', mon_full)}{end}(?!\s*\d)"
        )),
        ("year", (
            rf"\b{pre}{year('y')}(?:['’]s)?{end}"
        )),
    ]
    return [Pattern(name, re.compile(rx)) for name, rx in rules]
