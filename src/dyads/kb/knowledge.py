"""The actor knowledge base: countries, organisations, people and roles, with user additions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from dyads.errors import DataFileError
from dyads.kb.countries import Alias, load_countries
from dyads.kb.entries import KBEntry, entry_from_record
from dyads.kb.files import NON_STATE, Source, check_header, package_file, yaml_records
from dyads.kb.roles import Role, RoleTable, load_roles

#: shipped YAML files of named actors and the entry kind each holds
ENTITY_FILES: tuple[tuple[str, str], ...] = (
    ("organizations.yaml", "org"),
    ("institutions.yaml", "org"),
    ("people.yaml", "person"),
)


def parse_entities(src: Source, kind: str, header: bool = True) -> list[KBEntry]:
    """Validate and read a YAML list of organisations or people."""
    check_header(src, required=header)
    return [entry_from_record(rec, kind, src.name, line) for line, rec in yaml_records(src)]


@dataclass
class KnowledgeBase:
    """Entries by stable id, their surface forms, and the role dictionary.

    ``aliases`` maps an exact surface form to the entries it may name. Later additions
    (user dictionaries) override earlier entries with the same id.
    """

    entries: dict[str, KBEntry] = field(default_factory=dict)
    aliases: dict[str, list[Alias]] = field(default_factory=dict)
    roles: RoleTable = field(default_factory=lambda: RoleTable([]))

    def add_entry(self, entry: KBEntry, extra: Iterable[Alias] = ()) -> None:
        """Add (or replace) an entry with its name and aliases as surface forms."""
        if entry.id in self.entries:
            for forms in self.aliases.values():
                forms[:] = [a for a in forms if a.entry_id != entry.id]
        self.entries[entry.id] = entry
        if entry.kind != "country":
            for text in (entry.name, *entry.aliases):
                self.add_alias(Alias(text, entry.id, "name"))
        for a in extra:
            self.add_alias(a)

    def add_alias(self, alias: Alias) -> None:
        if alias.text.startswith("the "):
            # articles are trimmed from mentions, so "the Kremlin" is matched as "Kremlin"
            alias = Alias(alias.text[4:], alias.entry_id, alias.kind, alias.sector)
        forms = self.aliases.setdefault(alias.text, [])
        if all(a.entry_id != alias.entry_id or a.kind != alias.kind for a in forms):
            forms.append(alias)

    def add_roles(self, roles: Sequence[Role]) -> None:
        for r in roles:
            self.roles.add(r)

    def entry(self, entry_id: str) -> KBEntry:
        return self.entries[entry_id]

    def candidates(self, text: str) -> list[Alias]:
        """The surface forms exactly equal to ``text`` (empty list when unknown)."""
        return self.aliases.get(text, [])

    def best(self, text: str) -> Alias | None:
        """The one entry ``text`` names, or None when unknown or ambiguous between countries."""
        return pick(self.candidates(text), self)


def pick(forms: Sequence[Alias], kb: KnowledgeBase,
         evidence: Mapping[str, int] | None = None) -> Alias | None:
    """Choose among the entries one surface form may name; never guess between countries.

    A named organisation or person beats a country reading (Holy See). Among several named
    entries (an acronym such as RSF: Reporters Without Borders, NGO; Rapid Support Forces,
    SDN) the document decides: ``evidence`` counts the mentions of each country in the
    document, and the entry whose country is mentioned most wins. With no such evidence a
    transnational entry (NGO, IGO, ...) beats a country's own, since a country's organisation
    is rarely named in a text that never mentions the country. Remaining ties go to the
    latest added entry (user dictionaries are added last).
    """
    if not forms:
        return None
    named = [a for a in forms if kb.entries[a.entry_id].kind != "country"]
    if len({a.entry_id for a in named}) > 1:
        return _by_context(named, kb, evidence or {})
    if named:
        return named[-1]
    countries = {kb.entries[a.entry_id].country for a in forms}
    return forms[0] if len(countries) == 1 else None


def _by_context(named: Sequence[Alias], kb: KnowledgeBase,
                evidence: Mapping[str, int]) -> Alias:
    def support(a: Alias) -> int:
        return evidence.get(kb.entries[a.entry_id].country or "", 0)

    best = max(support(a) for a in named)
    if best > 0:
        return [a for a in named if support(a) == best][-1]
    stateless = [a for a in named if kb.entries[a.entry_id].country in NON_STATE]
    return (stateless or named)[-1]


def build_default_kb() -> KnowledgeBase:
    """The knowledge base shipped with dyads (validated; DataFileError on a bad entry)."""
    kb = KnowledgeBase(roles=RoleTable(load_roles()))
    countries, country_aliases = load_countries()
    for c in countries:
        kb.add_entry(c)
    for a in country_aliases:
        kb.add_alias(a)
    ids: dict[str, str] = {}
    for name, kind in ENTITY_FILES:
        for e in parse_entities(package_file(name), kind):
            if e.id in ids:
                file, line = e.source.rsplit(":", 1)
                raise DataFileError(file, int(line), f"duplicate id {e.id!r} (first at "
                                    f"{ids[e.id]})")
            ids[e.id] = e.source
            kb.add_entry(e)
    return kb
