"""Publication dates from metadata, normalised to ISO ``YYYY-MM-DD``."""

from __future__ import annotations

import re
from datetime import date, datetime

#: ISO 8601 date, optionally followed by a time and zone; the date as written is
#: kept (not shifted to UTC): it is the day the publisher printed.
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.,]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_HAS_LETTERS = re.compile(r"[^\W\d_]")


def normalize_date(value: str) -> str:
    """Normalise a publication date to ``YYYY-MM-DD``.

    Accepts ISO 8601 dates and datetimes (``2021-09-07``, ``2021-09-07T10:00:00+03:00``),
    compact ``20210907``, and dates that name their month in English
    (``7 September 2021``, ``Tue, 07 Sep 2021 10:00:00 GMT``). All-numeric forms such as
    ``07.09.2021`` are refused: day and month order cannot be told apart.

    Raises:
        ValueError: with a message saying which forms are accepted.
    """
    m = _ISO.match(value) or _COMPACT.match(value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError as exc:
            raise ValueError(f"published date {value!r} is not a real day ({exc})") from None
    if _HAS_LETTERS.search(value):
        parsed = _parse_words(value)
        if parsed is not None:
            return parsed.date().isoformat()
    raise ValueError(f"published date {value!r} is not a full, unambiguous date; "
                     "use YYYY-MM-DD")


def _parse_words(value: str) -> datetime | None:
    # dateparser is slow to import; most inputs never need it.
    import dateparser

    return dateparser.parse(
        value,
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
                  "PARSERS": ["absolute-time"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
