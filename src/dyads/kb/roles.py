"""The role dictionary: role words and phrases mapped to PLOVER sectors (``roles.tsv``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dyads.errors import DataFileError
from dyads.kb.entries import check_sector
from dyads.kb.files import Source, check_header, package_file, tsv_rows

ROLES_FILE = "roles.tsv"
ROLE_KINDS = ("own", "inherit", "former", "name")


@dataclass(frozen=True)
class Role:
    """A role phrase: ``kind`` is own / inherit / former / name (see roles.tsv header)."""

    phrase: str
    sector: str | None
    kind: str
    source: str = ""


_INVARIANT = {"police", "news", "media", "press", "staff", "people", "clergy", "series",
              "species", "politics", "times", "forces", "authorities", "arms", "headquarters",
              "always"}


def singular(word: str) -> str:
    """A crude English singular for role matching (officials -> official, militias -> militia)."""
    w = word.lower()
    if w in _INVARIANT or len(w) <= 3:
        return w
    if w.endswith("men"):
        return w[:-3] + "man"
    if w.endswith("ves") and w[:-3] + "f" not in ("self",):
        return w[:-3] + "f"  # thieves -> thief
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


class RoleTable:
    """Longest-match lookup of role phrases over lower-cased words."""

    def __init__(self, roles: Sequence[Role]) -> None:
        self.roles: dict[tuple[str, ...], Role] = {}
        self.first_words: set[str] = set()
        self.last_words: set[str] = set()
        self.max_len = 1
        for r in roles:
            self.add(r)

    def add(self, role: Role) -> None:
        key = tuple(role.phrase.split())
        self.roles[key] = role
        self.first_words.add(key[0])
        self.last_words.add(key[-1])
        self.max_len = max(self.max_len, len(key))

    @staticmethod
    def _forms(word: str) -> tuple[str, ...]:
        w = word.lower()
        return (w, singular(w), w[:-1] if w.endswith("s") else w)

    def match_at(self, words: Sequence[str], i: int) -> tuple[Role, int] | None:
        """The longest role starting at word ``i``: (role, number of words)."""
        if i >= len(words) or not any(f in self.first_words for f in self._forms(words[i])):
            return None
        for n in range(min(self.max_len, len(words) - i), 0, -1):
            role = self._get(tuple(w.lower() for w in words[i:i + n]))
            if role is not None:
                return role, n
        return None

    def _get(self, raw: tuple[str, ...]) -> Role | None:
        """The role of a lower-cased phrase, trying its last word's singular forms."""
        role = self.roles.get(raw)
        if role is None:
            role = self.roles.get(raw[:-1] + (singular(raw[-1]),))
        if role is None and raw[-1].endswith("s"):
            role = self.roles.get(raw[:-1] + (raw[-1][:-1],))  # jihadis -> jihadi
        return role

    def ending_at(self, words: Sequence[str], j: int) -> tuple[Role, int] | None:
        """The longest role phrase whose last word is word ``j``: (role, start index)."""
        if not any(f in self.last_words for f in self._forms(words[j])):
            return None
        for n in range(min(self.max_len, j + 1), 0, -1):
            i = j - n + 1
            role = self._get(tuple(w.lower() for w in words[i:j + 1]))
            if role is not None:
                return role, i
        return None


def parse_roles(src: Source) -> list[Role]:
    """Validate and read a roles TSV (phrase, sector, kind)."""
    check_header(src)
    out = []
    seen: dict[str, int] = {}
    for lineno, (phrase, sector, kind) in tsv_rows(src, 3):
        where = (src.name, lineno)
        if not phrase or phrase != phrase.lower():
            raise DataFileError(src.name, lineno, f"role phrase {phrase!r} must be non-empty "
                                "lower case")
        if kind not in ROLE_KINDS:
            raise DataFileError(src.name, lineno, f"unknown role kind {kind!r}; use one of "
                                f"{', '.join(ROLE_KINDS)}")
        sec = check_sector(sector, where, allow_empty=(kind == "inherit"))
        if phrase in seen:
            raise DataFileError(src.name, lineno, f"role {phrase!r} already defined on line "
                                f"{seen[phrase]}")
        seen[phrase] = lineno
        out.append(Role(phrase, sec, kind, f"{src.name}:{lineno}"))
    return out


def load_roles(src: Source | None = None) -> list[Role]:
    """The shipped role dictionary."""
    return parse_roles(src or package_file(ROLES_FILE))
