"""Reading what a briefing needs beyond the aggregates: actor names and quotes.

Readable names come from the knowledge base (:mod:`dyads.kb`: pycountry names plus our
country table). A quote is *by* the actor when one of its speakers matches the actor key
(as ``Store.query_quotes`` matches a speaker), and *about* it when its content names the
actor's country by one of its KB names, demonyms, capital or seats of power as a whole
word ("Russia", "Russian", "Moscow", "the Kremlin").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import duckdb

from dyads.analysis.brief_model import ActorLabel, BriefQuote
from dyads.kb import load_kb
from dyads.kb.files import SECTORS
from dyads.model import argument_from_json, argument_list
from dyads.store.queries import actor_match, query_quotes

#: the alias kinds that name a state in running text (cities and regions are places in it)
_NAMING_KINDS = ("name", "demonym", "capital", "seat")
_CODE = re.compile(r"^[A-Z][A-Z0-9]+$")


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    kb = load_kb()
    return {e.country: e.name for e in kb.entries.values() if e.kind == "country" and e.country}


@lru_cache(maxsize=256)
def country_aliases(iso: str) -> tuple[str, ...]:
    """The KB surface forms naming country ``iso`` (names, demonyms, capital, seats)."""
    entry_id = f"country:{iso}"
    forms = {a.text for forms in load_kb().aliases.values() for a in forms
             if a.entry_id == entry_id and a.kind in _NAMING_KINDS}
    return tuple(sorted(forms, key=lambda t: (-len(t), t)))


def resolve_key(key: str, level: str) -> str:
    """The key as stored at ``level``: a country name at level ``country`` becomes its code.

    ``Russia`` -> ``RUS``; codes and anything the KB does not know stay as given.
    """
    key = key.strip()
    if level != "country" or _CODE.match(key):
        return key
    alias = load_kb().best(key)
    if alias is not None and alias.entry_id.startswith("country:") and alias.kind == "name":
        return alias.entry_id.split(":", 1)[1]
    return key


def is_country(key: str) -> bool:
    """True for an ISO 3166-1 alpha-3 code the knowledge base knows."""
    return key in _country_names()


def label(key: str | None, level: str) -> ActorLabel | None:
    """A readable name for an actor key: ``RUS`` -> Russia, ``RUSGOV`` -> Russia GOV.

    A compound key (``KGZ+TJK``, members joined by ``+``) names each member.
    """
    if key is None:
        return None
    if "+" in key and level != "name":
        return ActorLabel(key, " + ".join(_name(k, level) for k in key.split("+")))
    return ActorLabel(key, _name(key, level))


def _name(key: str, level: str) -> str:
    names = _country_names()
    if key in names:
        return names[key]
    if level == "code" and len(key) > 3 and key[:3] in names and key[3:] in SECTORS:
        return f"{names[key[:3]]} {key[3:]}"
    return key


def key_matches(query: str, level: str, key: str | None) -> bool:
    """Whether an aggregated actor key is (or, compound, includes) the brief's actor.

    As the SQL filters match: at level ``code`` a code-like query is a prefix (``RUS``
    covers ``RUSGOV``); at level ``name`` a case-insensitive part of the name; at level
    ``country`` the key itself. A compound key (``KGZ+TJK``) matches when a member does.
    """
    if key is None:
        return False
    if key == query:
        return True
    members = key.split("+") if level != "name" else [key]
    for k in members:
        if k == query or (level == "code" and _CODE.match(query) and k.startswith(query)):
            return True
        if level == "name" and query.lower() in k.lower():
            return True
    return False


def known_actor(con: duckdb.DuckDBPyConnection, key: str) -> bool:
    """True when any stored event argument or quote speaker matches ``key``."""
    for table in ("event_actors", "quote_speakers"):
        sql, params = actor_match("x", key)
        if con.execute(f"SELECT 1 FROM {table} x WHERE {sql} LIMIT 1", params).fetchone():
            return True
    return False


def _in_period(published: str | None, since: str | None, until: str | None) -> bool:
    if since and (published is None or published < since):
        return False
    # the same number of characters, so until=2024-03 includes 2024-03-31
    return not (until and (published is None or published[:len(until)] > until))


def _speaker(row: dict[str, Any]) -> tuple[str, str | None]:
    actors = argument_list(argument_from_json(row.get("speaker")))
    if not actors:
        return "unattributed", None
    names = " + ".join(a.name or a.text for a in actors)
    countries = sorted({a.country for a in actors if a.country})
    return names, ", ".join(countries) or None


def _documents(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, tuple]:
    if not ids:
        return {}
    rows = con.execute("SELECT id, source, url FROM documents WHERE list_contains(?, id)",
                       [ids]).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def actor_quotes(con: duckdb.DuckDBPyConnection, key: str, level: str, *,
                 since: str | None = None, until: str | None = None,
                 n: int = 8) -> list[BriefQuote]:
    """Up to ``n`` quotes by the actor or naming it, published in the period; oldest first.

    Within each group direct quotes are chosen before reported speech, newer before
    older. Quotes naming the actor get a quarter of the places (all of them when the
    actor itself is never quoted), quotes by it the rest; a group with too few quotes
    leaves its places to the other. Quotes repeated word for word by several articles
    (wire copy) are kept once, from the earliest article.
    """
    by = query_quotes(con, speaker=key)
    about: list[dict[str, Any]] = []
    iso = key if is_country(key) else (key[:3] if level == "code" and is_country(key[:3])
                                       else None)
    if iso:
        forms = country_aliases(iso)
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b")
        seen_ids: set[tuple[str, int]] = {(q["doc_id"], q["start"]) for q in by}
        for form in forms:
            for q in query_quotes(con, text=form):
                ident = (q["doc_id"], q["start"])
                if ident not in seen_ids and pattern.search(q["content"]):
                    seen_ids.add(ident)
                    about.append(q)
    seen_text: set[str] = set()
    ranked: dict[str, list[dict[str, Any]]] = {}
    for relation, rows in (("by", by), ("about", about)):
        rows = [q for q in rows if _in_period(q.get("published"), since, until)]
        rows.sort(key=lambda q: (q.get("published") or "", q["doc_id"], q["start"]))
        firsts = []
        for q in rows:  # oldest first, so a repeated quote keeps its first article
            norm = " ".join(q["content"].lower().split())
            if norm in seen_text:
                continue
            seen_text.add(norm)
            firsts.append(q)
        firsts.sort(key=lambda q: (q["kind"] != "direct", _neg(q.get("published"))))
        ranked[relation] = firsts
    # what others say about the actor gets a quarter of the places when there is any
    n_about = min(len(ranked["about"]), n // 4) if ranked["by"] else len(ranked["about"])
    n_by = min(len(ranked["by"]), n - n_about)
    n_about = min(len(ranked["about"]), n - n_by)
    chosen = ([("by", q) for q in ranked["by"][:n_by]]
              + [("about", q) for q in ranked["about"][:n_about]])
    docs = _documents(con, sorted({q["doc_id"] for _, q in chosen}))
    out = []
    for relation, q in chosen:
        speaker, country = _speaker(q)
        source, url = docs.get(q["doc_id"], (None, None))
        out.append(BriefQuote(speaker=speaker, speaker_country=country, cue=q.get("cue"),
                              content=q["content"], kind=q["kind"], hedged=bool(q.get("hedged")),
                              relation=relation, published=q.get("published"),
                              doc_id=q["doc_id"], title=q.get("doc_title"), source=source,
                              url=url))
    out.sort(key=lambda b: (b.published or "", b.doc_id))
    return out


def _neg(published: str | None) -> tuple[int, ...]:
    """A sort key putting later ISO dates first (undated last)."""
    if not published:
        return (1,)
    return (0, *(-ord(c) for c in published))
