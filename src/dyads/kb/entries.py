"""The knowledge-base entry types and their validation from data-file records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pycountry

from dyads.errors import DataFileError
from dyads.kb.files import ISO_DATE, NON_STATE, SECTORS

#: Kosovo has no ISO code; the PLOVER manual uses KOS.
EXTRA_COUNTRIES = frozenset({"KOS"})
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")


def valid_country(code: str) -> bool:
    """True for an ISO 3166-1 alpha-3 code, KOS, or a PLOVER non-state code."""
    return (code in NON_STATE or code in EXTRA_COUNTRIES
            or pycountry.countries.get(alpha_3=code) is not None)


@dataclass(frozen=True)
class Period:
    """A sector in force between two ISO dates (either end open)."""

    sector: str
    start: str | None = None
    end: str | None = None

    def covers(self, date: str) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)


@dataclass(frozen=True)
class KBEntry:
    """One actor of the knowledge base.

    ``kind`` is ``country``, ``org`` or ``person``; ``id`` is stable across releases
    (``country:RUS``, ``org:nato``, ``person:vladimir-putin``) and is what
    ``ActorMention.kb_id`` holds.
    """

    id: str
    kind: str
    name: str
    country: str | None
    sector: str | None = None
    aliases: tuple[str, ...] = ()
    periods: tuple[Period, ...] = field(default=())
    source: str = ""

    def sector_on(self, date: str | None) -> str | None:
        """The entry's sector on ``date`` (ISO); without a date, its latest known sector.

        A person whose every office ended before the date is a former official (PLOVER ELI)
        unless the entry names another sector.
        """
        if not self.periods:
            return self.sector
        when = date or "9999-12-31"
        current = [p for p in self.periods if p.covers(when)]
        if current:
            return max(current, key=lambda p: p.start or "").sector
        ended = any(p.end is not None and p.end <= when for p in self.periods)
        if ended and self.kind == "person":
            return self.sector or "ELI"
        return self.sector


def _str_list(value: Any, where: tuple[str, int], key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise DataFileError(where[0], where[1], f"'{key}' must be a list of strings")
    return tuple(str(v) for v in value)


def check_sector(sector: Any, where: tuple[str, int], allow_empty: bool = True) -> str | None:
    """Validate a PLOVER sector code (None/empty allowed when ``allow_empty``)."""
    if sector in (None, ""):
        if allow_empty:
            return None
        raise DataFileError(where[0], where[1], "a sector code is required")
    if not isinstance(sector, str) or sector not in SECTORS:
        raise DataFileError(where[0], where[1], f"unknown sector code {sector!r}; use one of "
                            f"the PLOVER codes {', '.join(sorted(SECTORS))}")
    return sector


def _date(value: Any, where: tuple[str, int], key: str) -> str | None:
    if value is None or value == "":
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if not ISO_DATE.match(text):
        raise DataFileError(where[0], where[1], f"'{key}' must be an ISO date YYYY-MM-DD, "
                            f"got {value!r}")
    return text


def entry_from_record(record: Any, kind: str, file: str, line: int) -> KBEntry:
    """Build and validate an org or person entry from one YAML/CSV record."""
    where = (file, line)
    if not isinstance(record, dict):
        raise DataFileError(file, line, "each entry must be a mapping with id, name, country")
    allowed = {"id", "name", "aliases", "country", "sector", "periods", "kind"}
    unknown = set(record) - allowed
    if unknown:
        raise DataFileError(file, line, f"unknown field(s) {sorted(unknown)}; allowed: "
                            f"{sorted(allowed)}")
    for key in ("id", "name", "country"):
        if not record.get(key) or not isinstance(record[key], str):
            raise DataFileError(file, line, f"missing or non-text required field '{key}'")
    ident = record["id"]
    if not ID_PATTERN.match(ident):
        raise DataFileError(file, line, f"id {ident!r} must be lower-case ascii letters, "
                            "digits, '-' or '.'")
    country = record["country"]
    if not valid_country(country):
        raise DataFileError(file, line, f"unknown country code {country!r}: use ISO 3166-1 "
                            f"alpha-3, KOS, or one of {', '.join(sorted(NON_STATE))}")
    sector = check_sector(record.get("sector"), where)
    periods = []
    raw_periods = record.get("periods") or []
    if not isinstance(raw_periods, list):
        raise DataFileError(file, line, "'periods' must be a list of {sector, start, end}")
    for p in raw_periods:
        if not isinstance(p, dict) or set(p) - {"sector", "start", "end"}:
            raise DataFileError(file, line, "each period must be a mapping with sector, start, "
                                "end")
        start, end = _date(p.get("start"), where, "start"), _date(p.get("end"), where, "end")
        if start and end and end < start:
            raise DataFileError(file, line, f"period ends ({end}) before it starts ({start})")
        periods.append(Period(check_sector(p.get("sector"), where, allow_empty=False) or "",
                              start, end))
    kind = record.get("kind") or kind
    if kind not in ("org", "person"):
        raise DataFileError(file, line, f"kind must be 'org' or 'person', got {kind!r}")
    return KBEntry(id=f"{kind}:{ident}", kind=kind, name=record["name"], country=country,
                   sector=sector, aliases=_str_list(record.get("aliases"), where, "aliases"),
                   periods=tuple(periods), source=f"{file}:{line}")
