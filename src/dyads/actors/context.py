"""Document context for actor countries: what a whole article says about where it happens.

Many actors are named only by their function ("the police", "protesters", "the information
minister"); like the PETRARCH and NGEC coders, dyads then gives them the country the document
makes obvious. The evidence is used in this order, the first that speaks wins:

1. ``span``: a country in the actor's own words or its appositive/PP ("Malawian police",
   "police in Malawi") — resolved by :mod:`dyads.actors.core`, not here;
2. ``coref``: an earlier mention of the same entity — a surname, an acronym or the same
   full name (the person or organisation keeps the country of its first mention), or the
   same role with a country of its own ("Malawian police" ... "the police"; by the role's
   head word when the phrase differs: "the Belarusian foreign ministry" ... "the
   ministry"). A country that only says where an earlier actor was ("a minister in
   London") is not passed on. When earlier mentions of that role name different countries
   ("the Sudanese army" ... "the Chadian army" ... "the army") the reference is ambiguous
   and the actor stays unknown, with no fallback to 3;
3. ``dateline``: the country of the article's dateline ("LILONGWE, Feb 24 —"), when the
   article is about that country: the dateline's country, the dateline counted, is
   mentioned at least twice as often as any other country (a "LONDON —" story about
   Britain's aid to Malawi has no focus);
4. ``topic``: with no dateline, the one country that dominates the article: mentioned at
   least twice and at least three times as often as any other country.

Steps 3 and 4 apply only to *domestic* actors (``data/actors/context_roles.tsv``: the
government, police, army, courts, parliament, the opposition, protesters, ministers...), to
people and unknown organisations whose title is such a role ("opposition leader X", "the
opposition Alliance for ..."), and to unknown organisations named as one ("Interior
Ministry"); an envoy, a diplomat or a refugee in Lilongwe is not
thereby Malawian. No step applies when a modifier ties the actor to another country or to
several ("foreign governments", "both governments"), nor to the plural of an institution
a country has only one of ("the two governments", "armies"). Otherwise the country stays
unknown.

The same per-country mention counts (``evidence``) choose between knowledge-base entries that
share an alias (see :func:`dyads.kb.knowledge.pick`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from dyads.actors.core import Resolution
from dyads.actors.index import AliasIndex
from dyads.kb.context_roles import ContextRoles, load_context_roles
from dyads.kb.files import NON_STATE
from dyads.kb.knowledge import pick

#: ``doc.user_data`` key: one entry per ``doc._.dyads_actors`` mention, how its country was
#: found: "kb", "span", "coref", "dateline", "topic", or None (no country)
SOURCES_KEY = "dyads_actor_country_source"
#: a dateline ends at one of these ("LILONGWE, Feb 24 —", "KABUL (Reuters) -")
DATELINE_ENDS = frozenset({",", "—", "–", "-", "(", ":", "--"})
DATELINE_MAX_WORDS = 4
#: how many times more often than any other country the dateline's (dateline counted) or,
#: without a dateline, the dominant country must be mentioned to be what the article is about
DATELINE_RATIO = 2
TOPIC_MIN_MENTIONS = 2
TOPIC_RATIO = 3
#: alias kinds that place a document in a country (an organisation's home country does too)
PLACE_KINDS = frozenset({"name", "demonym", "capital", "seat", "city", "region"})


@dataclass(frozen=True)
class DocContext:
    """What the document as a whole says about countries."""

    evidence: dict[str, int]  # country code -> mentions in the document, dateline included
    dateline: str | None = None  # country of the dateline
    dateline_tokens: frozenset[int] = frozenset()
    focus: str | None = None  # the country the article is about, if clear
    focus_source: str | None = None  # "dateline" or "topic"


def _dateline(doc: Doc, index: AliasIndex) -> tuple[str | None, frozenset[int]]:
    """The country of an upper-case dateline at the very start of the text."""
    words: list[str] = []
    for t in doc[:DATELINE_MAX_WORDS + 1]:
        if t.text in DATELINE_ENDS or t.is_space:
            break
        if not (t.text.isupper() and any(ch.isalpha() for ch in t.text)):
            return None, frozenset()
        words.append(t.text)
    n = len(words)
    if n == 0 or n >= len(doc) or doc[n].text not in DATELINE_ENDS:
        return None, frozenset()
    found = index.match_at(words, 0)
    if found is None or found[1] != n:
        return None, frozenset()
    alias = pick(found[0], index.kb)
    if alias is None:
        return None, frozenset()
    country = index.kb.entries[alias.entry_id].country
    if country is None or country in NON_STATE:
        return None, frozenset()
    return country, frozenset(range(n))


def country_evidence(index: AliasIndex, matches: Sequence[tuple[str, int, int]],
                     skip: frozenset[int] = frozenset()) -> dict[str, int]:
    """Mentions per country of the longest non-overlapping KB matches: country names,
    demonyms, capitals, seats, cities, and the home countries of named organisations and
    people; ``skip`` tokens (the dateline) are not counted."""
    counts: Counter[str] = Counter()
    taken: set[int] = set()
    for text, s, e in sorted(matches, key=lambda m: (-(m[2] - m[1]), m[1])):
        if any(k in taken or k in skip for k in range(s, e)):
            continue
        taken.update(range(s, e))
        alias = pick(index.kb.candidates(text), index.kb)
        if alias is None or alias.kind not in PLACE_KINDS:
            continue
        country = index.kb.entries[alias.entry_id].country
        if country and country not in NON_STATE:
            counts[country] += 1
    return dict(counts)


def _focus(evidence: dict[str, int], dateline: str | None) -> tuple[str | None, str | None]:
    if dateline is not None:
        own = evidence.get(dateline, 1)
        rival = max((n for c, n in evidence.items() if c != dateline), default=0)
        return (dateline, "dateline") if own >= DATELINE_RATIO * rival else (None, None)
    ranked = sorted(evidence.values(), reverse=True) + [0, 0]
    top = max(evidence, key=lambda c: evidence[c]) if evidence else None
    if top is not None and ranked[0] >= TOPIC_MIN_MENTIONS and \
            ranked[0] >= TOPIC_RATIO * ranked[1]:
        return top, "topic"
    return None, None


def document_context(doc: Doc, index: AliasIndex,
                     matches: Sequence[tuple[str, int, int]]) -> DocContext:
    """The dateline, country evidence and focus country of a parsed document."""
    dateline, tokens = _dateline(doc, index)
    evidence = country_evidence(index, matches, tokens)
    if dateline is not None:
        evidence[dateline] = evidence.get(dateline, 0) + 1
    focus, source = _focus(evidence, dateline)
    return DocContext(evidence, dateline, tokens, focus, source)


def text_evidence(words: Sequence[str], index: AliasIndex) -> dict[str, int]:
    """Country evidence of a plain word list (for ``resolve_actor``'s context string)."""
    matches = [(forms[0].text, start, end) for start, end, forms in index.scan(words)]
    return country_evidence(index, matches)


@dataclass
class RoleMemory:
    """Countries that earlier mentions gave each role, in this document: by the role phrase
    and by its head word, so "the ministry" finds "the Belarusian foreign ministry"."""

    countries: dict[str, set[str]] = field(default_factory=dict)

    def add(self, res: Resolution) -> None:
        if res.role is not None and res.country is not None and res.identity is None \
                and not res.located:
            for key in {res.role.phrase, res.role.phrase.split()[-1]}:
                self.countries.setdefault(key, set()).add(res.country)

    def lookup(self, res: Resolution) -> set[str]:
        if res.role is None:
            return set()
        return (self.countries.get(res.role.phrase)
                or self.countries.get(res.role.phrase.split()[-1], set()))


@dataclass
class ContextFiller:
    """Gives country-less actors the country of the document context (module docstring)."""

    ctx: DocContext
    roles: ContextRoles = field(default_factory=load_context_roles)
    memory: RoleMemory = field(default_factory=RoleMemory)
    #: (label, name as written) -> countries of its earlier mentions
    names: dict[tuple[str, str], set[str]] = field(default_factory=dict)

    def remember(self, res: Resolution, source: str | None, label: str) -> None:
        """Record a resolved mention (NER ``label``) for the coreference steps."""
        if source in ("span", "kb"):
            self.memory.add(res)
        if label in ("PERSON", "ORG") and res.country is not None and res.identity is None \
                and res.name:
            self.names.setdefault((label, res.name), set()).add(res.country)

    def fill(self, res: Resolution, nominal: Sequence[str], context: Sequence[str],
             kind: str, label: str = "ROLE") -> tuple[Resolution, str | None]:
        """The resolution with a context country, and how it was found (None: unchanged).

        ``nominal`` are the actor's own words (title and name, or the role nominal),
        ``context`` the words around it (its PPs and appositives); ``kind`` is "role" for
        a role nominal, "name" for a named person or organisation with no KB identity
        (``label`` PERSON or ORG; ``res.name`` is the name as written).
        """
        if res.country is not None:
            return res, None
        if kind == "name":
            seen = self.names.get((label, res.name or ""), set())
            if len(seen) == 1:  # the same name, resolved earlier in the document
                return _with_country(res, next(iter(seen))), "coref"
        if res.sector is None:
            return res, None
        if self.roles.is_foreign(nominal) or self.roles.is_foreign(context) or \
                self.roles.several_states(nominal):
            return res, None
        if kind == "role":
            seen = self.memory.lookup(res)
            if len(seen) == 1:
                return _with_country(res, next(iter(seen))), "coref"
            if len(seen) > 1:
                return res, None  # earlier mentions disagree: no safe reading
        if self.ctx.focus is None or not self.roles.is_domestic(nominal):
            return res, None
        return _with_country(res, self.ctx.focus), self.ctx.focus_source


def _with_country(res: Resolution, country: str) -> Resolution:
    return Resolution(country, res.sector, res.name, res.kb_id, res.identity, res.role,
                      res.org)
