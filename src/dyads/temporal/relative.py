"""Handlers of relative expressions: "two weeks ago", "last week", "yesterday", "on Friday".

They need the anchor (publication date); without it they return :class:`Unresolved`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dyads.temporal import calendar as cal
from dyads.temporal.calendar import Period, Precision
from dyads.temporal.grammar import Context, Result, Unresolved, _dir, _number


def _shift(anchor: date, unit: str, n: int) -> Period:
    """The period ``n`` units before (negative: after) the anchor, at the unit's precision."""
    unit = unit.lower().rstrip("s")
    if unit in ("day", "week"):
        return cal.day_period(anchor - timedelta(days=n * (7 if unit == "week" else 1)))
    if unit == "month":
        y, mo = cal.add_months(anchor.year, anchor.month, -n)
        return cal.month_period(y, mo)
    return cal.year_period(anchor.year - n * (10 if unit == "decade" else 1))


def h_ago(m: re.Match[str], ctx: Context) -> Result:
    n = _number(ctx, m["n"])
    if n is None:
        return None
    if ctx.anchor is None:
        unit = m["unit"].lower().rstrip("s")
        return Unresolved("day" if unit in ("day", "week") else "month" if unit == "month" else "year")
    return _shift(ctx.anchor, m["unit"], n)


def h_past_n(m: re.Match[str], ctx: Context) -> Result:
    n = _number(ctx, m["n"])
    if n is None or ctx.anchor is None:
        return None if n is None else Unresolved("day")
    back = m["rel"].lower() in ("past", "last")
    far = _shift(ctx.anchor, m["unit"], n if back else -n)
    near = _shift(ctx.anchor, m["unit"], 0)
    return cal.span(far, near) if back else cal.span(near, far)


def _weekend(a: date, weeks: int) -> Period:
    monday = a - timedelta(days=a.weekday()) + timedelta(weeks=weeks)
    return Period(monday + timedelta(days=5), monday + timedelta(days=6), "day")


def h_rel_unit(m: re.Match[str], ctx: Context) -> Result:
    rel, unit = m["rel"].lower(), m["unit"].lower()
    if rel == "last" and m["the"] and unit in ("week", "month", "year"):
        rel = "past"  # "in the last week" is the seven days before, not last calendar week
    if ctx.anchor is None:
        return Unresolved("day" if unit.startswith("week") else "year" if unit in ("year", "decade") and not m["mod"] else "month")
    a = ctx.anchor
    shift = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(rel, 0)
    if unit == "week":
        p = cal.week_period(a, shift) if rel in ("last", "next", "this") else (
            Period(a - timedelta(days=7), a, "day") if shift < 0 else Period(a, a + timedelta(days=7), "day"))
    elif unit == "weekend":
        # a weekend that has not ended yet is not "last weekend"
        p = _weekend(a, shift if shift >= 0 or a.weekday() == 6 else shift + 1)
        if shift < 0 and p.last >= a:
            p = _weekend(a, -1)
        if rel == "this" and _dir(m, ctx) in ("past", "near") and p.first > a:
            p = _weekend(a, -1)  # told on a Monday: "said this weekend" is the one just past
    elif unit == "month":
        y, mo = cal.add_months(a.year, a.month, shift)
        p = cal.month_period(y, mo)
    elif unit == "year":
        p = cal.year_period(a.year + shift)
    else:  # decade
        if rel == "this":
            p = cal.year_period(a.year // 10 * 10, a.year // 10 * 10 + 9)
        else:
            p = cal.year_period(a.year - 10, a.year) if shift < 0 else cal.year_period(a.year, a.year + 10)
    mod = (m["mod"] or "").lower()
    if mod and unit in ("year", "month", "week", "decade"):
        precision: Precision = "month" if unit == "year" else p.precision if unit == "decade" else "day"
        if mod == "earlier":
            return Period(p.first, min(p.last, a), precision)
        return Period(max(p.first, a), p.last, precision)
    return p


def h_dayword(m: re.Match[str], ctx: Context) -> Result:
    before = m.string[:m.start()].rstrip()
    if m["w"][0].isupper() and before and before[-1] not in ".!?:;\"“‘'(\n":
        return None  # capitalised inside a sentence: a name ("Russia Today", "USA Today")
    if ctx.anchor is None:
        return Unresolved("day")
    offset = {"yesterday": -1, "tomorrow": 1}.get(m["w"].lower(), 0)
    return cal.day_period(ctx.anchor + timedelta(days=offset))


def h_weekday(m: re.Match[str], ctx: Context) -> Result:
    if ctx.anchor is None:
        return Unresolved("day")
    a = ctx.anchor
    wd = ctx.lexicon.weekdays[m["wd"].lower()]
    cands = [cal.day_period(a + timedelta(days=k)) for k in range(-7, 8)
             if (a + timedelta(days=k)).weekday() == wd]
    rel = (m["rel"] or "").lower()
    if rel == "last":
        return [p for p in cands if p.first < a][-1]
    if rel == "next":
        return next(p for p in cands if p.first > a)
    return cal.choose_instance(cands, a, _dir(m, ctx), default="past", slack_days=0)
