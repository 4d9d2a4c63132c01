"""The rules of cross-article event deduplication, and their YAML file.

The packaged defaults are ``dyads/data/analysis/dedup.yaml``, whose comments document every
key; :func:`load_rules` reads that file or a user's one and reports a bad entry with its file
and line through :class:`dyads.errors.DataFileError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from dyads.analysis.queries import LEVELS, Level
from dyads.errors import DataFileError
from dyads.kb.plover import LEGACY_LABELS, load_ontology

Policy = Literal["match", "singleton"]
_POLICIES = ("match", "singleton")
_PACKAGED = "dyads/data/analysis/dedup.yaml"


@dataclass(frozen=True)
class DedupRules:
    """When stored events count as one real-world event (see ``data/analysis/dedup.yaml``).

    Attributes:
        window_days: days an event's reports may differ on its date; a cluster never spans
            more than this past its anchor (earliest) event's last day.
        level: actor level of the keys compared (``country``, ``code`` or ``name``).
        undirected_types: PLOVER types for which (a, b) and (b, a) are the same pair.
        equivalent_types: groups of PLOVER types matched as one type.
        split_on_mode: events with two different PLOVER modes never merge.
        report_days: articles published more than this many days after the event recall it
            as background (``None``: all articles are reports).
        max_event_days: longest ``date``..``date_end`` span kept for matching.
        missing_actor / missing_recipient: ``match`` or ``singleton`` for events without
            that argument.
        unresolved_actor / unresolved_recipient: ``match`` or ``singleton`` for an argument
            with no key at ``level`` (at level country: no country).
        near_duplicates: detect republished copies for ``n_independent``.
        near_duplicate_threshold: word 3-shingle Jaccard similarity of near-duplicates.
    """

    window_days: int = 3
    level: Level = "country"
    undirected_types: frozenset[str] = field(
        default_factory=lambda: frozenset({"AGREE", "CONSULT", "COOPERATE", "ASSAULT"}))
    equivalent_types: tuple[frozenset[str], ...] = ()
    split_on_mode: bool = True
    report_days: int | None = 3
    max_event_days: int = 31
    missing_actor: Policy = "singleton"
    missing_recipient: Policy = "match"
    unresolved_actor: Policy = "match"
    unresolved_recipient: Policy = "match"
    near_duplicates: bool = True
    near_duplicate_threshold: float = 0.8

    def canonical_type(self, event_type: str | None) -> str | None:
        """The type an event is matched under: the first (sorted) type of its group."""
        if event_type is None:
            return None
        for group in self.equivalent_types:
            if event_type in group:
                return min(group)
        return event_type

    def undirected(self, event_type: str | None) -> bool:
        """True when the direction of ``event_type`` does not matter for matching."""
        if event_type is None:
            return False
        return any(t in self.undirected_types
                   for t in ({event_type} | self._group(event_type)))

    def _group(self, event_type: str) -> frozenset[str]:
        return next((g for g in self.equivalent_types if event_type in g), frozenset())


_KEYS = {"window_days", "level", "undirected_types", "equivalent_types", "split_on_mode",
         "report_days", "max_event_days", "missing", "unresolved", "near_duplicates"}


def _lines(text: str, name: str) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Line numbers of the top-level keys and of the keys of nested mappings."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileError(name, mark.line + 1 if mark else None,
                            f"not valid YAML ({exc})") from exc
    if root is None:
        return {}, {}
    if not isinstance(root, yaml.MappingNode):
        raise DataFileError(name, root.start_mark.line + 1,
                            "the rules file must be a mapping of key: value")
    top: dict[str, int] = {}
    nested: dict[str, dict[str, int]] = {}
    for k, v in root.value:
        top[k.value] = k.start_mark.line + 1
        if isinstance(v, yaml.MappingNode):
            nested[k.value] = {kk.value: kk.start_mark.line + 1 for kk, _ in v.value}
    return top, nested


def _type_name(value: Any, err: Any) -> str:
    types = load_ontology().types
    if not isinstance(value, str):
        raise err(f"an event type must be a PLOVER type name, found {value!r}")
    name = LEGACY_LABELS.get(value.upper(), value.upper())
    if name not in types:
        raise err(f"unknown PLOVER event type {value!r}; use one of {', '.join(types)}")
    return name


def parse_rules(text: str, name: str = "<rules>") -> DedupRules:
    """Build :class:`DedupRules` from the text of a rules file; missing keys keep defaults.

    Raises:
        DataFileError: invalid YAML, an unknown key, or a value of the wrong kind, with the
            file and line of the offending key.
    """
    lines, nested = _lines(text, name)
    data = yaml.safe_load(text) or {}
    kw: dict[str, Any] = {}

    def err_at(key: str, sub: str | None = None) -> Any:
        line = nested.get(key, {}).get(sub, lines.get(key)) if sub else lines.get(key)
        return lambda reason: DataFileError(name, line, f"{key}{'.' + sub if sub else ''}: "
                                                         f"{reason}")

    for key in data:
        if key not in _KEYS:
            raise DataFileError(name, lines.get(key), f"unknown key {key!r}; the rules file "
                                f"takes {', '.join(sorted(_KEYS))}")
    for key in ("window_days", "max_event_days", "report_days"):
        if key in data:
            v = data[key]
            if key == "report_days" and v is None:
                kw[key] = None
            elif isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise err_at(key)(f"must be a whole number of days >= 0, found {v!r}")
            else:
                kw[key] = v
    if "level" in data:
        if data["level"] not in LEVELS:
            raise err_at("level")(f"must be one of {', '.join(LEVELS)}, found {data['level']!r}")
        kw["level"] = data["level"]
    if "split_on_mode" in data:
        if not isinstance(data["split_on_mode"], bool):
            raise err_at("split_on_mode")(f"must be true or false, found {data['split_on_mode']!r}")
        kw["split_on_mode"] = data["split_on_mode"]
    if "undirected_types" in data:
        v = data["undirected_types"] or []
        if not isinstance(v, list):
            raise err_at("undirected_types")("must be a list of PLOVER type names")
        kw["undirected_types"] = frozenset(_type_name(t, err_at("undirected_types")) for t in v)
    if "equivalent_types" in data:
        v = data["equivalent_types"] or []
        if not isinstance(v, list) or not all(isinstance(g, list) and len(g) >= 2 for g in v):
            raise err_at("equivalent_types")("must be a list of groups, each a list of two or "
                                             "more PLOVER type names")
        groups = [frozenset(_type_name(t, err_at("equivalent_types")) for t in g) for g in v]
        seen: set[str] = set()
        for g in groups:
            if seen & g:
                raise err_at("equivalent_types")(f"{sorted(seen & g)} in more than one group")
            seen |= g
        kw["equivalent_types"] = tuple(groups)
    for key in ("missing", "unresolved"):
        if key in data:
            v = data[key]
            if not isinstance(v, dict):
                raise err_at(key)("must be a mapping with actor and recipient")
            for role, policy in v.items():
                if role not in ("actor", "recipient"):
                    raise err_at(key, role)(f"unknown role {role!r}; use actor or recipient")
                if policy not in _POLICIES:
                    raise err_at(key, role)(f"must be match or singleton, found {policy!r}")
                kw[f"{key}_{role}"] = policy
    if "near_duplicates" in data:
        v = data["near_duplicates"]
        if not isinstance(v, dict):
            raise err_at("near_duplicates")("must be a mapping with enabled and threshold")
        for sub, value in v.items():
            if sub == "enabled" and isinstance(value, bool):
                kw["near_duplicates"] = value
            elif sub == "threshold" and isinstance(value, (int, float)) \
                    and not isinstance(value, bool) and 0 < value <= 1:
                kw["near_duplicate_threshold"] = float(value)
            else:
                raise err_at("near_duplicates", sub)(
                    f"expected enabled: true/false and threshold: a number in (0, 1], "
                    f"found {sub}: {value!r}")
    return DedupRules(**kw)


def load_rules(path: str | Path | None = None) -> DedupRules:
    """The deduplication rules of a YAML file (default: the packaged ``dedup.yaml``).

    Raises:
        DataFileError: the file cannot be read or has a bad entry (file and line given).
    """
    if path is None:
        text = resources.files("dyads").joinpath("data", "analysis", "dedup.yaml") \
            .read_text(encoding="utf-8")
        return parse_rules(text, _PACKAGED)
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(str(p), None, f"cannot read the rules file ({exc})") from exc
    return parse_rules(text, str(p))
