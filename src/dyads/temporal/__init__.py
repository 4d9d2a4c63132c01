"""Dates: find temporal expressions and resolve them against the publication date.

The spaCy component (factory ``dyads_dates``) lives in :mod:`dyads.temporal.component`;
importing this package does not load spaCy models.

Conventions of the resolved ``DateMention`` (``value``, ``value_end``, ``precision``):

- ``value`` is the first day / month / year of the period (``YYYY-MM-DD``, ``YYYY-MM`` or
  ``YYYY`` by ``precision``); ``value_end`` its last one when the period spans more than
  one unit ("from September 7 to 9", "this fall" = 2021-09..2021-11), else None.
- Open periods: "since 2003" / "after" / a lone "from" give ``value`` and no end;
  "until 2015" / "till" / "through" / "by" / "before" give ``value`` None and ``value_end``.
- Without a year, a day or month is placed in the direction of its clause: past-tense
  clauses take the latest one on or before publication (two days' slack for day dates, as reports often lag),
  future clauses ("will", "plans to", "is scheduled") the next one; month days with no tense
  the nearest; month names, weekdays and seasons with no tense the past one.
- Parts: "early/mid/late 2020" are months 1-4 / 5-8 / 9-12 (month precision); "mid-August"
  is August (month precision); seasons are northern-hemisphere meteorological seasons;
  "the 1990s" is 1990..1999, "the 20th century" 1900..1999 (colloquial reading). All of
  these are in ``dyads/data/temporal/lexicon.tsv`` and can be changed there.
- Relative expressions without a publication date keep ``value`` None (the text and
  precision are still reported); absolute ones resolve anyway.
- Durations ("for two years", "recent months") are not dates and are not reported.
"""

from dyads.temporal.clause import date_in_clause
from dyads.temporal.scan import Found, find_dates, parse_date, resolve_expression

__all__ = ["Found", "date_in_clause", "find_dates", "parse_date", "resolve_expression"]
