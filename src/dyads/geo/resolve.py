"""Choosing among same-named places: evidence first, never a blind guess.

The rule, in order:

1. An appositive country or US state ("Kandahar, Afghanistan", "Atlanta, Georgia") keeps
   only candidates in that country.
2. Tier 0 (countries, continents, our curated places) outranks cities and US states,
   except that a country name that is also a US state ("Georgia") is read as the state
   when its sentence names another US state or US city and no foreign country.
3. Otherwise candidates of the best tier present compete. Evidence: candidates in a
   country the document names unambiguously win, unless an unsupported one is
   ``EVIDENCE_LIMIT`` times larger (a world city against a small town).
4. Without (decisive) evidence the most populous candidate wins only when it is clearly
   dominant: at least ``DOMINANCE`` times the population of the next one ("Moscow", Russia
   over Moscow, Idaho). Else, if all candidates share a country, that country is returned
   without a specific place (country-level fallback); else the name stays unresolved.
"""

from __future__ import annotations

from dataclasses import dataclass

from dyads.geo.gazetteer import Entry

DOMINANCE = 5.0
#: evidence does not make a town beat a world city this many times its size
#: (a document naming the USA still means Moscow, Russia, not Moscow, Idaho)
EVIDENCE_LIMIT = 50.0


@dataclass(frozen=True)
class Resolution:
    """The outcome for one toponym: a place, or at least a country, or nothing."""

    entry: Entry | None
    country: str | None
    how: str  # unique / appositive / evidence / dominant / country / ambiguous / unknown


@dataclass
class Evidence:
    """What the rest of the document says: countries named, and (for the sentence at hand)
    whether US states or cities but no foreign country are named."""

    countries: set[str]
    us_subnational: bool = False


UNKNOWN = Resolution(None, None, "unknown")


def _by_population(pool: list[Entry], how: str) -> Resolution:
    ranked = sorted(pool, key=lambda e: e.population, reverse=True)
    if len(ranked) == 1:
        return Resolution(ranked[0], ranked[0].country, how)
    if ranked[0].population >= DOMINANCE * max(ranked[1].population, 1):
        return Resolution(ranked[0], ranked[0].country, "dominant" if how == "unique" else how)
    countries = {e.country for e in ranked}
    if len(countries) == 1:
        return Resolution(None, ranked[0].country, "country")
    return Resolution(None, None, "ambiguous")


def _with_evidence(pool: list[Entry], evidence: Evidence | None) -> Resolution:
    if len(pool) == 1:
        return Resolution(pool[0], pool[0].country, "unique")
    if evidence is not None:
        supported = [e for e in pool if e.country in evidence.countries]
        if supported and len(supported) < len(pool):
            best = max(e.population for e in pool)
            if best < EVIDENCE_LIMIT * max(max(e.population for e in supported), 1):
                return _by_population(supported, "evidence")
    return _by_population(pool, "unique")


def choose(candidates: list[Entry], evidence: Evidence | None = None,
           appositive_countries: set[str] | None = None) -> Resolution:
    """Pick the place a toponym with these gazetteer candidates refers to (see module doc).

    ``appositive_countries`` holds ISO3 codes, and ``USA.<state code>`` for a US state.
    """
    if not candidates:
        return UNKNOWN
    how_prefix = None
    if appositive_countries:
        inside = [e for e in candidates if e.country in appositive_countries]
        in_state = [e for e in inside if f"{e.country}.{e.admin1}" in appositive_countries]
        if in_state:
            inside = in_state
        if inside:
            candidates, how_prefix = inside, "appositive"
    tier0 = [e for e in candidates if e.tier == 0]
    if tier0:
        states = [e for e in candidates if e.kind == "us_state"]
        if (states and evidence is not None and evidence.us_subnational
                and all(e.kind == "country" for e in tier0)):
            return Resolution(states[0], "USA", how_prefix or "evidence")
        result = _with_evidence(tier0, evidence)
    else:
        best = min(e.tier for e in candidates)
        pool = [e for e in candidates if e.tier == best]
        top = max(e.population for e in pool)
        # an alternate spelling of a far bigger city competes too ("St. Petersburg")
        pool += [e for e in candidates if e.tier > best and e.population >= DOMINANCE * max(top, 1)]
        result = _with_evidence(pool, evidence)
    if how_prefix and result.country is not None:
        return Resolution(result.entry, result.country, how_prefix)
    return result


def is_certain(resolution: Resolution) -> bool:
    """Whether a resolution may serve as evidence for the others of its document."""
    return resolution.how in ("unique", "appositive", "dominant") and resolution.country is not None
