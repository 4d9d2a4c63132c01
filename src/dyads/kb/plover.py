"""The PLOVER 2.0 ontology: event types, modes, contexts, quad classes, scores, CAMEO roots.

The tables live in ``dyads/data/plover/*.tsv`` (derived from the PLOVER 2.0 manual, CC BY-SA
4.0) and are validated when loaded; a bad row raises :class:`dyads.errors.DataFileError` naming
the file and line. ``load_ontology()`` is cached, so every stage shares one copy.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from dyads.errors import DataFileError

#: numeric quad class -> PLOVER name
QUAD_NAMES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

#: Older PLOVER / CAMEO label names and their PLOVER 2.0 type.
LEGACY_LABELS: dict[str, str] = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
    "THREAT": "THREATEN",
}


@dataclass(frozen=True)
class Row:
    """One data row of a TSV table: its fields by column name and where it came from."""

    values: dict[str, str]
    path: str
    line: int

    def __getitem__(self, key: str) -> str:
        return self.values[key]

    def error(self, reason: str) -> DataFileError:
        """A :class:`DataFileError` pointing at this row."""
        return DataFileError(self.path, self.line, reason)


def read_tsv(text: str, path: str, columns: Sequence[str], min_columns: int | None = None
             ) -> Iterator[Row]:
    """Rows of a tab-separated table with ``#`` comments and a header line.

    Args:
        text: the file content.
        path: name used in error messages.
        columns: the expected header; the file's header must equal it.
        min_columns: rows may omit trailing columns down to this many (default: all required);
            omitted ones read as "".

    Raises:
        DataFileError: wrong header, or a row with a wrong number of fields.
    """
    need = len(columns) if min_columns is None else min_columns
    header_seen = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if not header_seen:
            if cells != list(columns):
                raise DataFileError(path, lineno, f"header must be {'<TAB>'.join(columns)!r}, "
                                                  f"found {line!r}")
            header_seen = True
            continue
        if len(cells) < need or len(cells) > len(columns):
            raise DataFileError(path, lineno, f"expected {need}..{len(columns)} tab-separated "
                                              f"fields ({', '.join(columns)}), found {len(cells)}")
        cells += [""] * (len(columns) - len(cells))
        yield Row(dict(zip(columns, cells)), path, lineno)
    if not header_seen:
        raise DataFileError(path, None, f"no header line {'<TAB>'.join(columns)!r} found")


def _float(row: Row, col: str, lo: float, hi: float) -> float:
    try:
        value = float(row[col])
    except ValueError:
        raise row.error(f"{col} {row[col]!r} is not a number") from None
    if not lo <= value <= hi:
        raise row.error(f"{col} {value} outside {lo}..{hi}")
    return value


def _yes_no(row: Row, col: str) -> bool:
    if row[col] not in ("yes", "no"):
        raise row.error(f"{col} must be 'yes' or 'no', found {row[col]!r}")
    return row[col] == "yes"


def _cameo(row: Row) -> str:
    code = row["cameo"]
    if len(code) != 2 or not code.isdigit() or not 1 <= int(code) <= 20:
        raise row.error(f"cameo must be a two-digit CAMEO root 01..20, found {code!r}")
    return code


@dataclass(frozen=True)
class Mode:
    """A PLOVER mode of one event type."""

    event_type: str
    name: str
    score: float
    cameo: str
    description: str


@dataclass(frozen=True)
class EventType:
    """A PLOVER event type with its defaults."""

    name: str
    quad: int
    score: float
    cameo: str
    requires_recipient: bool
    symmetric: bool
    description: str
    modes: dict[str, Mode] = field(default_factory=dict)

    @property
    def quad_name(self) -> str:
        return QUAD_NAMES[self.quad]

    @property
    def cooperative(self) -> bool:
        """Verbal or material cooperation (quad 1 or 2)."""
        return self.quad in (1, 2)


@dataclass(frozen=True)
class Ontology:
    """The loaded PLOVER tables."""

    types: dict[str, EventType]
    contexts: dict[str, str]  # name -> description (general contexts)
    auxiliary: dict[str, str]  # historical / future / hypothetical / negation

    def event_type(self, name: str) -> EventType:
        """The type called ``name`` (legacy labels such as DEMAND accepted).

        Raises:
            KeyError: with the list of known types.
        """
        key = LEGACY_LABELS.get(name.upper(), name.upper())
        try:
            return self.types[key]
        except KeyError:
            raise KeyError(f"Unknown PLOVER event type {name!r}; known: {sorted(self.types)}") \
                from None

    def has_mode(self, event_type: str, mode: str | None) -> bool:
        return mode is None or mode in self.event_type(event_type).modes

    def score(self, event_type: str, mode: str | None = None) -> float:
        """PLOVER score of a type, or of a type and mode when the mode is known."""
        t = self.event_type(event_type)
        return t.modes[mode].score if mode in t.modes else t.score

    def cameo(self, event_type: str, mode: str | None = None) -> str:
        """CAMEO root code of a type, or of a type and mode."""
        t = self.event_type(event_type)
        return t.modes[mode].cameo if mode in t.modes else t.cameo

    def quad(self, event_type: str) -> int:
        return self.event_type(event_type).quad


_DATA = "dyads.data.plover"
_TYPE_COLS = ("type", "quad", "score", "cameo", "requires_recipient", "symmetric", "description")
_MODE_COLS = ("type", "mode", "score", "cameo", "description")
_CONTEXT_COLS = ("context", "kind", "description")


def _read(name: str, override: Path | None) -> tuple[str, str]:
    if override is not None:
        return override.read_text(encoding="utf-8"), str(override)
    return resources.files(_DATA).joinpath(name).read_text(encoding="utf-8"), f"{_DATA}/{name}"


def parse_ontology(types_text: str, modes_text: str, contexts_text: str,
                   names: tuple[str, str, str] = ("event_types.tsv", "modes.tsv", "contexts.tsv")
                   ) -> Ontology:
    """Build and validate an :class:`Ontology` from the three table texts.

    Raises:
        DataFileError: the first bad row, with its file and line.
    """
    types: dict[str, EventType] = {}
    for row in read_tsv(types_text, names[0], _TYPE_COLS):
        name = row["type"]
        if not name.isupper() or not name.isalpha():
            raise row.error(f"type must be an upper-case word, found {name!r}")
        if name in types:
            raise row.error(f"duplicate type {name}")
        if row["quad"] not in ("1", "2", "3", "4"):
            raise row.error(f"quad must be 1..4, found {row['quad']!r}")
        quad = int(row["quad"])
        score = _float(row, "score", -10, 10)
        if (quad in (1, 2) and score < 0) or (quad in (3, 4) and score > 0.5):
            raise row.error(f"score {score} has the wrong sign for quad {quad}")
        types[name] = EventType(name, quad, score, _cameo(row), _yes_no(row, "requires_recipient"),
                                _yes_no(row, "symmetric"), row["description"])
    if not types:
        raise DataFileError(names[0], None, "no event types")
    for row in read_tsv(modes_text, names[1], _MODE_COLS):
        if row["type"] not in types:
            raise row.error(f"mode for unknown type {row['type']!r}")
        t = types[row["type"]]
        if row["mode"] in t.modes:
            raise row.error(f"duplicate mode {row['type']}:{row['mode']}")
        if not row["mode"] or row["mode"] != row["mode"].lower() or " " in row["mode"]:
            raise row.error(f"mode must be a lower-case identifier, found {row['mode']!r}")
        t.modes[row["mode"]] = Mode(t.name, row["mode"], _float(row, "score", -10, 10),
                                    _cameo(row), row["description"])
    contexts: dict[str, str] = {}
    auxiliary: dict[str, str] = {}
    for row in read_tsv(contexts_text, names[2], _CONTEXT_COLS):
        name = row["context"]
        if not name or name != name.lower() or " " in name:
            raise row.error(f"context must be a lower-case identifier, found {name!r}")
        if name in contexts or name in auxiliary:
            raise row.error(f"duplicate context {name}")
        if row["kind"] == "general":
            contexts[name] = row["description"]
        elif row["kind"] == "auxiliary":
            auxiliary[name] = row["description"]
        else:
            raise row.error(f"kind must be 'general' or 'auxiliary', found {row['kind']!r}")
    return Ontology(types, contexts, auxiliary)


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """The packaged PLOVER ontology (cached).

    Raises:
        DataFileError: a packaged table is malformed.
    """
    texts = [_read(n, None) for n in ("event_types.tsv", "modes.tsv", "contexts.tsv")]
    return parse_ontology(texts[0][0], texts[1][0], texts[2][0],
                          (texts[0][1], texts[1][1], texts[2][1]))


def event_types() -> list[str]:
    """The 16 PLOVER event type names, in manual order."""
    return list(load_ontology().types)
