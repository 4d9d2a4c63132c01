"""Read the actor data files: TSV and YAML with a provenance header, rows tagged with line numbers.

Every data file starts with comment lines naming its ``provenance:`` and ``schema:``; a file
without them, or an entry that breaks its schema, raises :class:`dyads.errors.DataFileError`
with the file and line, so a user editing a dictionary sees exactly which line to fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dyads.errors import DataFileError

PACKAGE = "dyads"
ACTORS_DIR = "data/actors"

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: PLOVER 2.0 sector codes (manual, "Sector Codes" table)
SECTORS = frozenset(
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP "
    "PRE REL SOC".split()
)
#: PLOVER's international non-state "countries"
NON_STATE = frozenset("IGO UNO EUR NGO ISM IMG MNC".split())


@dataclass(frozen=True)
class Source:
    """Where a data file lives: a display name for messages and its text."""

    name: str
    text: str


def package_file(name: str) -> Source:
    """A data file shipped in ``dyads/data/actors/``."""
    ref = resources.files(PACKAGE).joinpath("data").joinpath("actors").joinpath(name)
    return Source(f"dyads/{ACTORS_DIR}/{name}", ref.read_text(encoding="utf-8"))


def user_file(path: str | Path) -> Source:
    """A user's data file; a missing or unreadable file is a DataFileError."""
    p = Path(path)
    try:
        return Source(str(p), p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(str(p), None, f"cannot read the file ({exc})") from exc


def check_header(src: Source, required: bool = True) -> None:
    """Require the ``# provenance:`` and ``# schema:`` header comment lines."""
    head = []
    for line in src.text.splitlines():
        if not line.startswith("#"):
            break
        head.append(line)
    joined = "\n".join(head).lower()
    if required and ("provenance:" not in joined or "schema:" not in joined):
        raise DataFileError(src.name, 1, "missing header: the file must start with "
                            "'# provenance: ...' and '# schema: ...' comment lines")


def tsv_rows(src: Source, n_cols: int) -> Iterator[tuple[int, list[str]]]:
    """Non-comment, non-blank TSV rows as (line number, cells padded to ``n_cols``)."""
    for lineno, line in enumerate(src.text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) > n_cols:
            raise DataFileError(src.name, lineno, f"expected at most {n_cols} tab-separated "
                                f"columns, found {len(cells)}")
        yield lineno, cells + [""] * (n_cols - len(cells))


def yaml_records(src: Source) -> list[tuple[int, Any]]:
    """The items of a YAML top-level list as (line number, value)."""
    loader = yaml.SafeLoader(src.text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileError(src.name, mark.line + 1 if mark else None,
                            f"invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    finally:
        loader.dispose()
    if data is None:
        return []
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise DataFileError(src.name, 1, "expected a YAML list of entries at the top level")
    return [(item.start_mark.line + 1, value) for item, value in zip(node.value, data, strict=True)]
