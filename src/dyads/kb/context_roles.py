"""Which role nominals may take their country from the document context
(``data/actors/context_roles.tsv``), and which modifiers forbid it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from dyads.errors import DataFileError
from dyads.kb.files import Source, check_header, package_file, tsv_rows
from dyads.kb.roles import singular

CONTEXT_ROLES_FILE = "context_roles.tsv"
CONTEXT_KINDS = ("domestic", "state", "foreign")


@dataclass(frozen=True)
class ContextRoles:
    """Domestic role phrases (singular word tuples; ``state`` the one-per-country ones) and
    foreign-making modifier words."""

    domestic: frozenset[tuple[str, ...]]
    foreign: frozenset[str]
    max_len: int = 1
    state: frozenset[tuple[str, ...]] = frozenset()

    def several_states(self, words: Sequence[str]) -> bool:
        """True when ``words`` end in the plural of a one-per-country institution
        ("the two governments", "armies"): several countries, none of them the context's."""
        for n in range(min(self.max_len, len(words)), 0, -1):
            tail = words[len(words) - n:]
            if tuple(singular(w) for w in tail) in self.state:
                last = tail[-1].lower()
                return singular(last) != last
        return False

    def is_domestic(self, words: Sequence[str]) -> bool:
        """True when some domestic phrase occurs in ``words`` (any case, plural or not)."""
        low = [singular(w) for w in words]
        for n in range(1, self.max_len + 1):
            for i in range(len(low) - n + 1):
                if tuple(low[i:i + n]) in self.domestic:
                    return True
        return False

    def is_foreign(self, words: Sequence[str]) -> bool:
        """True when a modifier in ``words`` ties the actor to another or several countries."""
        return any(w.lower() in self.foreign for w in words)


def parse_context_roles(src: Source) -> ContextRoles:
    """Validate and read a context-roles TSV (phrase, kind)."""
    check_header(src)
    domestic: set[tuple[str, ...]] = set()
    state: set[tuple[str, ...]] = set()
    foreign: set[str] = set()
    seen: dict[str, int] = {}
    for lineno, (phrase, kind) in tsv_rows(src, 2):
        if not phrase or phrase != phrase.lower():
            raise DataFileError(src.name, lineno, f"phrase {phrase!r} must be non-empty "
                                "lower case")
        if kind not in CONTEXT_KINDS:
            raise DataFileError(src.name, lineno, f"unknown kind {kind!r}; use one of "
                                f"{', '.join(CONTEXT_KINDS)}")
        if phrase in seen:
            raise DataFileError(src.name, lineno, f"{phrase!r} already listed on line "
                                f"{seen[phrase]}")
        seen[phrase] = lineno
        if kind == "foreign":
            if " " in phrase:
                raise DataFileError(src.name, lineno, "a foreign modifier must be one word")
            foreign.add(phrase)
        else:
            key = tuple(singular(w) for w in phrase.split())
            domestic.add(key)
            if kind == "state":
                state.add(key)
    return ContextRoles(frozenset(domestic), frozenset(foreign),
                        max((len(p) for p in domestic), default=1), frozenset(state))


@lru_cache(maxsize=1)
def load_context_roles() -> ContextRoles:
    """The shipped context-roles table (DataFileError with file and line on a bad row)."""
    return parse_context_roles(package_file(CONTEXT_ROLES_FILE))
