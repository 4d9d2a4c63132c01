"""Knowledge base of political actors: data files and their loaders (no NLP here).

``load_kb()`` returns the shipped knowledge base, validated, with any user dictionaries
merged in; ``load_user_actors(path)`` reads one user dictionary (YAML or CSV).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from dyads.kb.countries import Alias
from dyads.kb.entries import KBEntry, Period
from dyads.kb.knowledge import KnowledgeBase, build_default_kb
from dyads.kb.roles import Role, RoleTable, singular
from dyads.kb.user import UserActors, load_user_actors

__all__ = ["Alias", "KBEntry", "KnowledgeBase", "Period", "Role", "RoleTable", "UserActors",
           "load_kb", "load_user_actors", "singular"]


@lru_cache(maxsize=8)
def _cached(user_files: tuple[str, ...]) -> KnowledgeBase:
    kb = build_default_kb()
    for path in user_files:
        extra = load_user_actors(path)
        for e in extra.entries:
            kb.add_entry(e)
        kb.add_roles(extra.roles)
    return kb


def load_kb(user_files: Sequence[str | Path] = ()) -> KnowledgeBase:
    """The shipped KB plus the given user dictionaries (cached per list of files).

    Raises DataFileError (file and line) for a bad entry in any of the files.
    """
    return _cached(tuple(str(p) for p in user_files))
