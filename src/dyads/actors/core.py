"""Resolve one actor description, given as words, to country, sector, name and KB id.

The same rules serve ``resolve_actor`` (a string from a caller) and the spaCy component
(a name plus the words that describe it in the parse), so both resolve alike:

- identity: the KB person or organisation the name is (dated sector from its periods);
- country: the identity's, else the first country clue not behind a preposition that points
  elsewhere ("ambassador *to India*", "*Moscow*-led"), else a location clue ("leaders in
  France"); nothing when there is no clue;
- sector: the head role ("envoy" -> GOV); a role such as "spokesman" or "gunmen" takes the
  sector of the organisation it belongs to ("Taliban spokesman", "Boko Haram gunmen");
  "former"/"ex-" make a former official (ELI).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dyads.actors.index import AliasIndex
from dyads.kb import Alias, KBEntry, Role
from dyads.kb.knowledge import pick

#: a country after these belongs to someone else ("ambassador to India")
HARD_PREPS = frozenset("to toward towards into against with between among on onto over "
                       "for near via versus vs vs. across".split())
#: a place after these is a location, usable when nothing else gives a country
SOFT_PREPS = frozenset("in at from inside within across throughout around".split())
#: "Moscow-led bloc", "US-backed forces": the country is not the actor's own
FOREIGN_SUFFIXES = frozenset("led backed sponsored funded supported allied aligned brokered "
                             "imposed controlled occupied held installed friendly style "
                             "dominated".split())
DETERMINERS = frozenset("the a an this that these those its his her their our some any "
                        "two three four five several many".split())
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
INTERGOVERNMENTAL = frozenset({"IGO", "UNO", "EUR"})


@dataclass(frozen=True)
class Hit:
    """A KB alias found in the words [start, end)."""

    start: int
    end: int
    alias: Alias
    entry: KBEntry
    block: str  # "" (usable), "soft" (a location), "hard" (someone else's)


@dataclass(frozen=True)
class RoleHit:
    start: int
    end: int
    role: Role
    block: str
    in_of: bool  # inside the "of ..." complement of an earlier role


@dataclass(frozen=True)
class Resolution:
    """The outcome: who (name, kb_id), from where (country), in which sector."""

    country: str | None
    sector: str | None
    name: str | None
    kb_id: str | None
    identity: KBEntry | None = None
    role: Role | None = None
    org: KBEntry | None = None  # the organisation a member role belongs to
    #: the country comes only from where the actor is ("a minister in London"), not from
    #: whose it is; too weak to pass on to later mentions of the same role
    located: bool = False


COORD = frozenset({",", "and", "or", "&"})


def _block(words: Sequence[str], start: int, end: int, hit_tokens: set[int]) -> str:
    j = start - 1
    # "against Russian and Belarusian soldiers": coordination stays inside the PP
    while j >= 0 and (words[j].lower() in DETERMINERS or words[j].lower() in COORD
                      or j in hit_tokens):
        j -= 1
    if j >= 0 and words[j].lower() in HARD_PREPS:
        return "hard"
    if end + 1 < len(words) and words[end] in ("-", "–") and \
            words[end + 1].lower() in FOREIGN_SUFFIXES:
        return "hard"
    if j >= 0 and words[j].lower() in SOFT_PREPS:
        return "soft"
    return ""


def find_hits(words: Sequence[str], index: AliasIndex,
              evidence: Mapping[str, int] | None = None) -> list[Hit]:
    """KB aliases in the words, longest first, left to right, ambiguous ones dropped;
    ``evidence`` (country -> mentions in the document) chooses among same-named entries."""
    found_hits: list[tuple[int, int, Alias]] = []
    for start, end, forms in index.scan(words):
        alias = pick(forms, index.kb, evidence)
        if alias is not None:
            found_hits.append((start, end, alias))
    tokens = {k for s, e, _ in found_hits for k in range(s, e)}
    return [Hit(s, e, a, index.kb.entries[a.entry_id], _block(words, s, e, tokens))
            for s, e, a in found_hits]


def find_roles(words: Sequence[str], index: AliasIndex, taken: set[int]) -> list[RoleHit]:
    """Role phrases in the words outside KB names; ``name``-kind roles only end a proper name."""
    table = index.kb.roles
    roles: list[RoleHit] = []
    seen_role = False
    in_of = False
    i = 0
    while i < len(words):
        if words[i].lower() == "of" and seen_role:
            in_of = True
        if i in taken:
            i += 1
            continue
        found = table.match_at(words, i)
        if found is None:
            i += 1
            continue
        role, n = found
        end = i + n
        if role.kind == "name":
            # "Express Tribune": a capitalised word closing a capitalised name
            ok = (words[i][:1].isupper() and i > 0 and words[i - 1][:1].isupper()
                  and (end == len(words) or not words[end][:1].isupper()))
            if not ok:
                i += 1
                continue
        roles.append(RoleHit(i, end, role, _block(words, i, end, taken), in_of))
        if role.kind in ("own", "inherit"):
            seen_role = True
        i = end
    return roles


def _head_role(roles: Sequence[RoleHit], name: tuple[int, int] | None) -> RoleHit | None:
    cands = [r for r in roles if r.role.kind in ("own", "inherit", "name") and r.block != "hard"]
    if not cands:
        return None
    if name is not None:
        # the title closest before the name, else an appositive role after it
        before = [r for r in cands if r.end <= name[0] and not r.in_of]
        if before:
            return before[-1]
        inside = [r for r in cands if name[0] <= r.start < name[1]]
        if inside:
            return inside[-1]
        after = [r for r in cands if r.start >= name[1]]
        return after[0] if after else None
    head = [r for r in cands if not r.in_of]
    return head[-1] if head else cands[0]


def _string_head(words: Sequence[str], hits: Sequence[Hit], roles: Sequence[RoleHit]) -> int:
    """The head word of a free-standing description (no parse available)."""
    last = len(words) - 1
    while last > 0 and not any(ch.isalnum() for ch in words[last]):
        last -= 1
    role_words = {k for r in roles for k in range(r.start, r.end)}
    last_hit = next((h for h in hits if h.start <= last < h.end), None)
    of_seen = any(w.lower() == "of" for w in words[:last]) and any(
        r.end <= last and r.role.kind in ("own", "inherit") for r in roles)
    trailing_name = (last_hit is not None and last_hit.block == "" and not of_seen) or (
        last_hit is None and last not in role_words and words[last][:1].isupper()
        and not of_seen)
    if trailing_name:
        return last
    for k, w in enumerate(words[:last + 1]):
        if k > 0 and (w.lower() in HARD_PREPS or w.lower() in SOFT_PREPS or w in (",", "of")):
            return k - 1 if words[k - 1] not in POSSESSIVE else k - 2
    return last


def _name_run(words: Sequence[str], head: int, roles: Sequence[RoleHit],
              taken: set[int]) -> str | None:
    role_words = {k for r in roles for k in range(r.start, r.end)} | taken
    if head in role_words or not words[head][:1].isupper():
        return None
    i = head
    while i > 0 and words[i - 1][:1].isupper() and i - 1 not in role_words:
        i -= 1
    return " ".join(words[i:head + 1])


def _identity(words: Sequence[str], hits: list[Hit], roles: list[RoleHit],
              name: tuple[int, int] | None, nominal: bool) -> tuple[Hit | None, int]:
    """The KB hit the actor *is* (if any) and the index of the head word."""
    if nominal:
        return None, len(words) - 1
    if name is not None:
        inside = [h for h in hits if name[0] <= h.start and h.end <= name[1]]
        exact = next((h for h in inside if (h.start, h.end) == name), None)
        if exact is None and len(inside) == 1 and inside[0].entry.kind != "country":
            # "President Xi Jinping" is Xi Jinping, "Progressive Conservative Party" is not
            # the Conservative Party: the rest of the name may only be titles
            role_words = {k for r in roles for k in range(r.start, r.end)}
            rest = [k for k in range(name[0], name[1])
                    if not inside[0].start <= k < inside[0].end]
            if all(k in role_words or not words[k][:1].isupper() for k in rest):
                exact = inside[0]
        return exact, name[1] - 1
    head_idx = _string_head(words, hits, roles)
    hit = next((h for h in hits if h.start <= head_idx < h.end and h.block != "hard"), None)
    if hit is None:
        # a known person anywhere unblocked is who the phrase is about ("Sen. X, ...")
        hit = next((h for h in hits if h.entry.kind == "person" and not h.block), None)
    return hit, head_idx


def _country(identity: KBEntry | None, clues: list[Hit]) -> str | None:
    if identity is not None:
        return identity.country
    firm = [h for h in clues if h.block == ""]
    soft = [h for h in clues if h.block == "soft"]
    return next((h.entry.country for h in firm or soft if h.entry.country), None)


def _inherited(head: RoleHit, clues: list[Hit], roles: list[RoleHit], date: str | None
               ) -> tuple[str | None, KBEntry | None]:
    """Sector of a member role from the organisation (or seat, or sector word) it belongs to."""
    groups = [h for h in clues if h.block != "hard" and
              (h.entry.kind == "org" or h.alias.kind in ("capital", "seat"))]
    groups.sort(key=lambda h: abs(h.start - head.start))
    others = [r for r in roles if r is not head and r.role.kind == "own" and not r.block]
    others.sort(key=lambda r: abs(r.start - head.start))
    sector: str | None = None
    org = None
    if groups:
        g = groups[0]
        org = g.entry if g.entry.kind == "org" else None
        sector = g.entry.sector_on(date) if org else g.alias.sector
        if sector is None and org is not None and org.country in INTERGOVERNMENTAL:
            sector = "GOV"  # "EU foreign policy chief", "UN official": the body's officers
    elif others:
        sector = others[0].role.sector
    return sector or head.role.sector, org


def resolve_words(
    words: Sequence[str],
    index: AliasIndex,
    date: str | None = None,
    name: tuple[int, int] | None = None,
    person: bool = False,
    nominal: bool = False,
    evidence: Mapping[str, int] | None = None,
) -> Resolution:
    """Resolve a description. ``name`` is the [start, end) of the actor's own name, if known;
    ``person`` says the name is a person's, so a country inside it ("Jordan Peterson") is no
    clue. ``nominal`` says the words are a role nominal ("Russian officials"): its own
    actor, never one of the KB entries it mentions. ``evidence`` counts the document's
    mentions of each country, to choose between KB entries sharing a name (see ``pick``)."""
    hits = find_hits(words, index, evidence)
    if person and name is not None:
        hits = [h for h in hits if not (name[0] <= h.start and h.end <= name[1]
                                        and (h.start, h.end) != name)]
    taken = {k for h in hits for k in range(h.start, h.end)}
    roles = find_roles(words, index, taken)
    identity_hit, head_idx = _identity(words, hits, roles, name, nominal)
    identity = identity_hit.entry if identity_hit else None
    clues = [h for h in hits if h is not identity_hit]
    country = _country(identity, clues)

    head = _head_role(roles, name)
    org = None
    sector: str | None = None
    if head is not None and head.role.kind == "own":
        sector = head.role.sector
    elif head is not None and head.role.kind == "inherit":
        sector, org = _inherited(head, clues, roles, date)
    elif head is not None and head.role.kind == "name" and identity is None:
        sector = head.role.sector
    if sector is None and identity_hit is not None:
        sector = (identity_hit.entry.sector_on(date) if identity_hit.entry.kind != "country"
                  else identity_hit.alias.sector)
    former = any(r.role.kind == "former" and r.start < (head.start if head else head_idx + 1)
                 for r in roles)
    if former and (head is not None or identity is not None):
        sector = "ELI"

    role = head.role if head else None
    if identity is not None:
        return Resolution(country, sector, identity.name, identity.id, identity, role, org)
    if name is not None:
        own_name: str | None = " ".join(words[name[0]:name[1]])
    else:
        own_name = None if nominal else _name_run(words, head_idx, roles, taken)
    located = identity is None and country is not None and \
        not any(h.block == "" and h.entry.country for h in clues)
    return Resolution(country, sector, own_name, None, None, role, org, located)
