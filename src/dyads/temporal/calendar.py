"""Calendar arithmetic for date resolution: periods, month spans, relative anchors.

A :class:`Period` is a closed interval of days plus the precision it was stated with;
formatting it gives the ``value`` / ``value_end`` strings of a ``DateMention``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Precision = Literal["day", "month", "year"]
#: past: the clause reports something done; future: something to come; near: either way
#: ("said it would meet in May": future of the report, which itself may lie in the past),
#: so the nearest instance; None: unknown
Direction = Literal["past", "future", "near"] | None


@dataclass(frozen=True)
class Period:
    """Days ``first``..``last`` (inclusive), stated at ``precision``."""

    first: date
    last: date
    precision: Precision

    def value(self) -> str:
        return fmt(self.first, self.precision)

    def value_end(self) -> str | None:
        end = fmt(self.last, self.precision)
        return None if end == self.value() else end


def fmt(d: date, precision: Precision) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) shifted by ``delta`` months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def day(year: int, month: int, dom: int) -> date | None:
    """The date, or None when it does not exist (February 30)."""
    if not 1 <= month <= 12 or not 1 <= dom <= last_day(year, month):
        return None
    return date(year, month, dom)


def day_period(d: date) -> Period:
    return Period(d, d, "day")


def month_period(year: int, month: int) -> Period:
    return Period(date(year, month, 1), date(year, month, last_day(year, month)), "month")


def months_period(year: int, first_month: int, last_month: int) -> Period:
    """Months first..last starting in ``year``; wraps into the next year (winter: 12-2)."""
    end_year = year + 1 if last_month < first_month else year
    return Period(date(year, first_month, 1),
                  date(end_year, last_month, last_day(end_year, last_month)), "month")


def year_period(first_year: int, last_year: int | None = None) -> Period:
    return Period(date(first_year, 1, 1), date(last_year or first_year, 12, 31), "year")


def week_period(anchor: date, weeks: int = 0) -> Period:
    """Monday..Sunday of the week of ``anchor`` shifted by ``weeks``."""
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=weeks)
    return Period(monday, monday + timedelta(days=6), "day")


def span(a: Period, b: Period) -> Period:
    """From the start of ``a`` to the end of ``b`` at the coarser of their precisions."""
    order = {"day": 0, "month": 1, "year": 2}
    precision = a.precision if order[a.precision] >= order[b.precision] else b.precision
    return Period(a.first, b.last, precision)


def choose_instance(candidates: list[Period], anchor: date, direction: Direction,
                    default: Direction = "past", slack_days: int = 2) -> Period:
    """The instance of a recurring period (a month name, a weekday, a season) meant.

    past: the latest one that began on/before the anchor (a little slack, because the
    publication date of a report often lags the events by a day); future: the earliest one
    that has not ended before the anchor; unknown: ``default`` (the nearest when None).
    """
    direction = direction or default
    if direction == "near":
        direction = None
    ordered = sorted(candidates, key=lambda p: p.first)
    if direction == "past":
        limit = anchor + timedelta(days=slack_days)
        before = [p for p in ordered if p.first <= limit]
        return before[-1] if before else ordered[0]
    if direction == "future":
        limit = anchor - timedelta(days=slack_days)
        after = [p for p in ordered if p.last >= limit]
        return after[0] if after else ordered[-1]

    def distance(p: Period) -> int:
        if p.first <= anchor <= p.last:
            return 0
        return min(abs((p.first - anchor).days), abs((p.last - anchor).days))
    return min(ordered, key=distance)
