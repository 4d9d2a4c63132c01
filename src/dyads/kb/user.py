"""User actor dictionaries (``--actors FILE``): extra actors and roles in YAML or CSV.

YAML: either a list of actors (the schema of ``data/actors/organizations.yaml``, plus an
optional ``kind: person``), or a mapping with ``actors:`` and ``roles:`` lists; a role is
``{phrase, sector, kind}`` as in ``roles.tsv``. CSV: a header row with ``id,name,country``
and optionally ``aliases`` ("|"-separated), ``sector``, ``kind`` (org/person), ``start``,
``end`` (the dates of the sector). No provenance header is required in user files.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from dyads.errors import DataFileError
from dyads.kb.entries import KBEntry, entry_from_record
from dyads.kb.files import Source, user_file, yaml_records
from dyads.kb.roles import Role, parse_roles


@dataclass
class UserActors:
    """What one user dictionary adds to the knowledge base."""

    entries: list[KBEntry] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)


def _csv_actors(src: Source) -> UserActors:
    reader = csv.DictReader(io.StringIO(src.text))
    cols = set(reader.fieldnames or [])
    if not {"id", "name", "country"} <= cols:
        raise DataFileError(src.name, 1, "CSV header must include id, name and country")
    out = UserActors()
    for row in reader:
        line = reader.line_num
        rec: dict = {k: (v or "").strip() for k, v in row.items() if k}
        unknown = set(rec) - {"id", "name", "country", "aliases", "sector", "kind", "start",
                              "end"}
        if unknown:
            raise DataFileError(src.name, 1, f"unknown CSV column(s) {sorted(unknown)}")
        record = {"id": rec["id"], "name": rec["name"], "country": rec["country"],
                  "aliases": [a.strip() for a in rec.get("aliases", "").split("|") if a.strip()],
                  "kind": rec.get("kind") or "org"}
        if rec.get("start") or rec.get("end"):
            record["periods"] = [{"sector": rec.get("sector") or None,
                                  "start": rec.get("start") or None,
                                  "end": rec.get("end") or None}]
        elif rec.get("sector"):
            record["sector"] = rec["sector"]
        out.entries.append(entry_from_record(record, "org", src.name, line))
    return out


def _yaml_roles(src: Source, items: list[tuple[int, object]]) -> list[Role]:
    lines = []
    for line, rec in items:
        if not isinstance(rec, dict) or set(rec) - {"phrase", "sector", "kind"}:
            raise DataFileError(src.name, line, "a role must be a mapping with phrase, "
                                "sector, kind")
        lines.append((line, f"{rec.get('phrase', '')}\t{rec.get('sector') or ''}\t"
                            f"{rec.get('kind') or 'own'}"))
    roles = []
    for line, row in lines:
        # reuse the TSV validation so both formats report the same errors
        text = "# provenance: user\n# schema: roles\n" + row + "\n"
        try:
            (role,) = parse_roles(Source(src.name, text))
        except DataFileError as exc:
            raise DataFileError(src.name, line, exc.reason) from exc
        roles.append(role)
    return roles


def load_user_actors(path: str | Path) -> UserActors:
    """Read and validate a user dictionary (YAML or CSV, by extension).

    Raises DataFileError naming the file and line of the first bad entry.
    """
    src = user_file(path)
    if str(path).lower().endswith(".csv"):
        return _csv_actors(src)
    import yaml

    try:
        top = yaml.safe_load(src.text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileError(src.name, mark.line + 1 if mark else None,
                            f"invalid YAML: {exc}") from exc
    out = UserActors()
    if top is None:
        return out
    if isinstance(top, list):
        out.entries = [entry_from_record(r, "org", src.name, line)
                       for line, r in yaml_records(src)]
        return out
    if not isinstance(top, dict) or set(top) - {"actors", "roles"}:
        raise DataFileError(src.name, 1, "expected a list of actors, or a mapping with "
                            "'actors' and 'roles' lists")
    for key in ("actors", "roles"):
        sub = _section(src, key)
        if key == "actors":
            out.entries = [entry_from_record(r, "org", src.name, line) for line, r in sub]
        else:
            out.roles = _yaml_roles(src, sub)
    return out


def _section(src: Source, key: str) -> list[tuple[int, object]]:
    """(line, item) pairs of the list under top-level ``key``."""
    import yaml

    loader = yaml.SafeLoader(src.text)
    try:
        node = loader.get_single_node()
        for k, v in node.value:
            if k.value != key:
                continue
            if not isinstance(v, yaml.SequenceNode):
                raise DataFileError(src.name, v.start_mark.line + 1, f"'{key}' must be a list")
            return [(item.start_mark.line + 1, loader.construct_object(item, deep=True))
                    for item in v.value]
    finally:
        loader.dispose()
    return []
