"""Handlers of the date grammar (absolute dates, months, seasons, ranges); the handlers of
purely relative expressions ("last week", "on Friday") are in :mod:`dyads.temporal.relative`.

A handler turns a regex match into a :class:`Period` resolved against the context's anchor
(the publication date), :data:`UNRESOLVED` with a precision when the expression is
relative and there is no anchor, or None when the match is not a date after all
("the fall of Kabul", a bare "2015" that counts troops).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from dyads.temporal import calendar as cal
from dyads.temporal.calendar import Direction, Period, Precision
from dyads.temporal.lexicon import Lexicon


@dataclass(frozen=True)
class Unresolved:
    """A relative expression that needs a publication date to resolve."""

    precision: Precision


def _never(start: int, end: int) -> bool:
    return False


def _unknown(start: int, end: int) -> Direction:
    return None


@dataclass
class Context:
    """What a handler may ask about the text around a match (offsets are the match's)."""

    anchor: date | None
    lexicon: Lexicon
    direction: Callable[[int, int], Direction] = field(default=_unknown)
    #: the span is (inside) a DATE entity of the NER: licenses bare years and months
    licensed: Callable[[int, int], bool] = field(default=_never)
    #: the number at this span counts something ("2015 troops"), it is not a year
    quantity: Callable[[int, int], bool] = field(default=_never)


Result = Period | Unresolved | None
Handler = Callable[[re.Match[str], Context], Result]


def _month(ctx: Context, word: str | None) -> int | None:
    return None if word is None else ctx.lexicon.months.get(word.rstrip(".").lower())


def _day(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def _number(ctx: Context, word: str) -> int | None:
    """A numeral or number words; "seventy-four" adds tens and units."""
    if word.isdigit():
        return int(word)
    parts = [ctx.lexicon.numbers.get(w) for w in re.split(r"[- ]", word.lower())]
    if any(p is None for p in parts):
        return None
    if len(parts) == 2 and not (parts[0] % 10 == 0 and parts[0] >= 20 and parts[1] < 10):  # type: ignore[operator]
        return None  # "a two" is not a number
    return sum(parts)  # type: ignore[arg-type]


def _ordinal(ctx: Context, word: str) -> int | None:
    digits = re.sub(r"\D", "", word)
    return int(digits) if digits else ctx.lexicon.ordinals.get(word.lower())


def _has_pre(m: re.Match[str]) -> bool:
    return "pre" in m.re.groupindex and m.group("pre") is not None


def _dir(m: re.Match[str], ctx: Context) -> Direction:
    return ctx.direction(m.start(), m.end())


def _month_day(ctx: Context, m: re.Match[str], month: int, dom: int, year: str | None) -> Result:
    """A day; without a year the one nearest the anchor in the clause's direction."""
    if year:
        d = cal.day(int(year), month, dom)
        return None if d is None else cal.day_period(d)
    if ctx.anchor is None:
        return Unresolved("day") if dom <= cal.last_day(2000, month) else None
    cands = [cal.day_period(d) for y in range(ctx.anchor.year - 1, ctx.anchor.year + 2)
             if (d := cal.day(y, month, dom)) is not None]
    if not cands:
        return None
    return cal.choose_instance(cands, ctx.anchor, _dir(m, ctx), default=None)


def h_iso(m: re.Match[str], ctx: Context) -> Result:
    d = cal.day(int(m["y"]), int(m["mo"]), int(m["d"]))
    return None if d is None else cal.day_period(d)


def _range_conn_ok(m: re.Match[str]) -> bool:
    conn = m["conn"].lower()
    between = (m["rpre"] or "").lower() == "between"
    return (conn == "and") == between


def _day_range(m: re.Match[str], ctx: Context, mo1: int, d1: int, y1: str | None,
               mo2: int, d2: int, y2: str | None) -> Result:
    if y1 or y2:
        end_year = int(y2 or y1)  # type: ignore[arg-type]
        start_year = int(y1) if y1 else end_year - (1 if mo1 > mo2 else 0)
        if not y2:
            end_year = start_year + (1 if mo2 < mo1 else 0)
        first, last = cal.day(start_year, mo1, d1), cal.day(end_year, mo2, d2)
    else:
        start = _month_day(ctx, m, mo1, d1, None)
        if not isinstance(start, Period):
            return start
        end_year = start.first.year + (1 if mo2 < mo1 else 0)
        first, last = start.first, cal.day(end_year, mo2, d2)
    if first is None or last is None or last < first:
        return None
    return Period(first, last, "day")


def h_range_md(m: re.Match[str], ctx: Context) -> Result:
    if not _range_conn_ok(m):
        return None
    mo1 = _month(ctx, m["m1"])
    mo2 = _month(ctx, m["m2"]) or mo1
    return _day_range(m, ctx, mo1, _day(m["d1"]), m["y1"], mo2, _day(m["d2"]), m["y2"])  # type: ignore[arg-type]


def h_range_dm(m: re.Match[str], ctx: Context) -> Result:
    if not _range_conn_ok(m):
        return None
    mo2 = _month(ctx, m["m2"])
    mo1 = _month(ctx, m["m1"]) or mo2
    return _day_range(m, ctx, mo1, _day(m["d1"]), None, mo2, _day(m["d2"]), m["y"])  # type: ignore[arg-type]


def _month_instances(ctx: Context, month: int, m: re.Match[str], rel: str | None) -> Result:
    """The month meant by a bare month name ("in August", "last August")."""
    if ctx.anchor is None:
        return Unresolved("month")
    a = ctx.anchor
    cands = [cal.month_period(y, month) for y in range(a.year - 1, a.year + 2)]
    this_month = date(a.year, a.month, 1)
    if rel == "last":
        return [p for p in cands if p.first < this_month][-1]
    if rel == "next":
        return next(p for p in cands if p.first > a)
    if rel == "this":
        return cal.month_period(a.year, month)
    return cal.choose_instance(cands, a, _dir(m, ctx), default="past", slack_days=0)


def h_range_months(m: re.Match[str], ctx: Context) -> Result:
    if not _range_conn_ok(m):
        return None
    mo1, mo2 = _month(ctx, m["m1"]), _month(ctx, m["m2"])
    if mo1 is None or mo2 is None:
        return None
    if m["y1"] or m["y2"]:
        end_year = int(m["y2"] or m["y1"])
        start_year = int(m["y1"]) if m["y1"] else end_year - (1 if mo1 > mo2 else 0)
        if not m["y2"]:
            end_year = start_year + (1 if mo2 < mo1 else 0)
    else:
        start = _month_instances(ctx, mo1, m, None)
        if not isinstance(start, Period):
            return start
        start_year = start.first.year
        end_year = start_year + (1 if mo2 < mo1 else 0)
    first, last = cal.month_period(start_year, mo1), cal.month_period(end_year, mo2)
    return None if last.first < first.first else cal.span(first, last)


def h_range_years(m: re.Match[str], ctx: Context) -> Result:
    if not _range_conn_ok(m):
        return None
    y1, raw2 = int(m["y1"]), m["y2"]
    y2 = int(raw2) if len(raw2) == 4 else (y1 // 100) * 100 + int(raw2)
    if len(raw2) == 2 and y2 <= y1:
        y2 += 100
    if not 0 < y2 - y1 <= 200 or ctx.quantity(m.start("y1"), m.end("y2")):
        return None
    if m["rpre"] is None and m["conn"].lower() not in ("-", "–", "—"):
        return None  # "2010 to 2015 people": without "from" only the dash form is a range
    return cal.year_period(y1, y2)


def h_md(m: re.Match[str], ctx: Context) -> Result:
    return _month_day(ctx, m, _month(ctx, m["m"]), _day(m["d"]), m["y"])  # type: ignore[arg-type]


def h_dm(m: re.Match[str], ctx: Context) -> Result:
    return _month_day(ctx, m, _month(ctx, m["m"]), _day(m["d"]), m["y"])  # type: ignore[arg-type]


def h_my(m: re.Match[str], ctx: Context) -> Result:
    return cal.month_period(int(m["y"]), _month(ctx, m["m"]))  # type: ignore[arg-type]


def h_part(m: re.Match[str], ctx: Context) -> Result:
    part = m["part"].lower()
    lex = ctx.lexicon
    if m["m"]:  # a part of a month: we know the month, not the days
        month = _month(ctx, m["m"])
        if part not in lex.month_parts or month is None:
            return None
        if m["y"]:
            return cal.month_period(int(m["y"]), month)
        return _month_instances(ctx, month, m, None)
    if part not in lex.year_parts:
        return None
    first, last = lex.year_parts[part]
    if m["y2"]:
        return cal.months_period(int(m["y2"]), first, last)
    unit = (m["unit"] or m["unit2"]).lower()
    shift = {"last": -1, "next": 1}.get((m["rel"] or "this").lower(), 0)
    if ctx.anchor is None:
        return Unresolved("month")
    if unit == "year":
        return cal.months_period(ctx.anchor.year + shift, first, last)
    y, mo = cal.add_months(ctx.anchor.year, ctx.anchor.month, shift)
    return cal.month_period(y, mo)


def h_season(m: re.Match[str], ctx: Context) -> Result:
    first, last = ctx.lexicon.seasons[m["season"].lower()]
    rel = (m["rel"] or "").lower()
    if m["y"]:
        return cal.months_period(int(m["y"]), first, last)
    after = m.string[m.end():m.end() + 4].lower()
    if after.startswith(" of") or not (rel or (m["the"] and _has_pre(m)) or _has_pre(m)
                                       or ctx.licensed(m.start("season"), m.end())):
        return None  # "the fall of Kabul", "prices fall": not a season
    if ctx.anchor is None:
        return Unresolved("month")
    a = ctx.anchor
    cands = [cal.months_period(y, first, last) for y in range(a.year - 2, a.year + 2)]
    if rel == "this":
        current = [p for p in cands if p.first <= a <= p.last]
        return current[0] if current else next(p for p in cands if p.first.year == a.year)
    if rel in ("last", "past"):
        return [p for p in cands if p.last < a][-1]
    if rel in ("next", "coming"):
        return next(p for p in cands if p.first > a)
    return cal.choose_instance(cands, a, _dir(m, ctx), default="past", slack_days=0)


def h_decade(m: re.Match[str], ctx: Context) -> Result:
    raw = m["dec"].lstrip("'’")
    if len(raw) == 3:  # "90s": needs "the" or an apostrophe ("in their 40s" is an age)
        if not (m["the"] or m["dec"][0] in "'’"):
            return None
        two = int(raw[:2])
        year_now = ctx.anchor.year if ctx.anchor else 1999
        start = (year_now // 100) * 100 + two
        if start > year_now:
            start -= 100
    else:
        start = int(raw[:4])
    lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get((m["part"] or "").lower(), (0, 9))
    return cal.year_period(start + lo, start + hi)


def h_century(m: re.Match[str], ctx: Context) -> Result:
    n = _ordinal(ctx, m["ord"])
    if n is None or not 1 <= n <= 22:
        return None
    base = (n - 1) * 100  # colloquial: "the 20th century" is the 1900s
    lo, hi = {"early": (0, 32), "mid": (33, 66), "late": (67, 99)}.get((m["part"] or "").lower(), (0, 99))
    return cal.year_period(base + lo, base + hi)


def _quarter_months(unit: str, n: int) -> tuple[int, int] | None:
    if unit == "quarter" and 1 <= n <= 4:
        return 3 * n - 2, 3 * n
    if unit == "half" and 1 <= n <= 2:
        return 6 * n - 5, 6 * n
    return None


def h_quarter(m: re.Match[str], ctx: Context) -> Result:
    n = _ordinal(ctx, m["ord"])
    months = None if n is None else _quarter_months(m["unit"].lower(), n)
    if months is None:
        return None
    if m["y"]:
        year = int(m["y"])
    elif ctx.anchor is None:
        return Unresolved("month")
    else:
        year = ctx.anchor.year + {"last": -1, "next": 1}.get((m["rel"] or "").lower(), 0)
    return cal.months_period(year, *months)


def h_qnum(m: re.Match[str], ctx: Context) -> Result:
    return cal.months_period(int(m["y"]), *_quarter_months("quarter", int(m["q"])))  # type: ignore[misc]


def h_month(m: re.Match[str], ctx: Context) -> Result:
    rel = (m["rel"] or "").lower() or None
    if not (rel or _has_pre(m) or ctx.licensed(m.start("m"), m.end("m"))):
        return None  # "Theresa May"
    if not (rel or _has_pre(m)) and re.match(r"\s+[A-Z]", m.string[m.end():]):
        return None  # a first name: "August Strindberg", "June Carter"
    return _month_instances(ctx, _month(ctx, m["m"]), m, rel)  # type: ignore[arg-type]


def h_year(m: re.Match[str], ctx: Context) -> Result:
    if not (_has_pre(m) or ctx.licensed(m.start("y"), m.end("y"))):
        return None
    if ctx.quantity(m.start("y"), m.end("y")):
        return None
    return cal.year_period(int(m["y"]))

