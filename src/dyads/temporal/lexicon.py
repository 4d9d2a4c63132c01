"""Load and validate the temporal lexicon (``dyads/data/temporal/lexicon.tsv``).

The lexicon holds every word the date grammar knows, so a user can change a convention
(season boundaries, what "mid" means) without editing code. Bad entries raise
:class:`dyads.errors.DataFileError` naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from dyads.errors import DataFileError

KINDS = ("month", "weekday", "season", "year_part", "month_part", "number", "ordinal",
         "future_marker")

#: value ranges per kind: (min, max) for each integer of the value
_RANGES: dict[str, tuple[int, int]] = {
    "month": (1, 12), "weekday": (0, 6), "season": (1, 12), "year_part": (1, 12),
    "month_part": (1, 31), "number": (1, 1000), "ordinal": (1, 100),
}
_PAIRED = {"season", "year_part", "month_part"}


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, so caches can key on it
class Lexicon:
    """The temporal vocabulary; all words are lower case."""

    months: dict[str, int] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)
    seasons: dict[str, tuple[int, int]] = field(default_factory=dict)
    year_parts: dict[str, tuple[int, int]] = field(default_factory=dict)
    month_parts: dict[str, tuple[int, int]] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    ordinals: dict[str, int] = field(default_factory=dict)
    future_markers: frozenset[str] = frozenset()


def _parse_value(kind: str, raw: str, where: str, line: int) -> int | tuple[int, int] | None:
    if kind == "future_marker":
        return None
    parts = raw.split("-") if kind in _PAIRED else [raw]
    if len(parts) != (2 if kind in _PAIRED else 1) or not all(p.isdigit() for p in parts):
        shape = "'first-last'" if kind in _PAIRED else "an integer"
        raise DataFileError(where, line, f"{kind} value {raw!r} must be {shape}")
    nums = [int(p) for p in parts]
    low, high = _RANGES[kind]
    if not all(low <= n <= high for n in nums):
        raise DataFileError(where, line, f"{kind} value {raw!r} out of range {low}..{high}")
    if kind == "month_part" and nums[0] > nums[1]:
        raise DataFileError(where, line, f"month_part {raw!r}: first day after last day")
    return (nums[0], nums[1]) if kind in _PAIRED else nums[0]


def parse_lexicon(text: str, where: str) -> Lexicon:
    """Parse lexicon TSV text; ``where`` names the file in error messages."""
    tables: dict[str, dict] = {k: {} for k in KINDS}
    header_seen = False
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if not header_seen:
            if [c.strip() for c in cols] != ["kind", "word", "value"]:
                raise DataFileError(where, line_no, "header must be 'kind<TAB>word<TAB>value'")
            header_seen = True
            continue
        if len(cols) != 3:
            raise DataFileError(where, line_no, f"expected 3 tab-separated columns, got {len(cols)}")
        kind, word, raw = (c.strip() for c in cols)
        if kind not in KINDS:
            raise DataFileError(where, line_no, f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
        if not word:
            raise DataFileError(where, line_no, "empty word")
        word = word.lower()
        if word in tables[kind]:
            raise DataFileError(where, line_no, f"duplicate {kind} {word!r}")
        tables[kind][word] = _parse_value(kind, raw, where, line_no)
    if not header_seen:
        raise DataFileError(where, None, "no header line")
    for kind in ("month", "weekday"):
        missing = set(range(1, 13) if kind == "month" else range(7)) - set(tables[kind].values())
        if missing:
            raise DataFileError(where, None, f"no {kind} word for value(s) {sorted(missing)}")
    return Lexicon(
        months=tables["month"], weekdays=tables["weekday"], seasons=tables["season"],
        year_parts=tables["year_part"], month_parts=tables["month_part"],
        numbers=tables["number"], ordinals=tables["ordinal"],
        future_markers=frozenset(tables["future_marker"]),
    )


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The packaged lexicon, or the one at ``path`` (a user's replacement file)."""
    if path is not None:
        return parse_lexicon(Path(path).read_text(encoding="utf-8"), path)
    res = resources.files("dyads").joinpath("data", "temporal", "lexicon.tsv")
    return parse_lexicon(res.read_text(encoding="utf-8"), "dyads/data/temporal/lexicon.tsv")
