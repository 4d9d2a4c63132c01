"""Training data of the dyad coder: hand-written sentences plus frames expanded over actor pools.

Everything read here lives in ``dyads/data/training/`` and was written by the dyads developers
(see the README there). Frames are expanded with a seeded RNG so a training run is reproducible.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources

import yaml

from dyads.errors import DataFileError

#: The 16 PLOVER 2.0 event types plus NONE (no event links the two marked actors).
LABELS: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    "NONE",
)

_TRAINING = "dyads.data.training"
_FRAME_FILES = ("templates_a.yaml", "templates_b.yaml", "templates_c.yaml", "templates_none.yaml")
_HANDWRITTEN_GLOB = "handwritten_"
_SLOT = re.compile(r"\{([STX]):(\w+)\}|\{(D|E|capital)\}")
_ALT = re.compile(r"\[([^\]]*)\]")
_FLAG = re.compile(r"^\((sym|[\w-]+)\)\s*")
_DATES = (
    "", "", "", "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday",
    "last week", "on March 3", "earlier this month", "yesterday", "late on Sunday",
    "this week", "in June", "on 12 October", "over the weekend",
)
_TAILS = (
    "", "", "", "", ", officials said", ", state media reported", ", according to a statement",
    ", a spokesman said", ", the ministry said", ", diplomats said", ", local media reported",
)
_SRC_OPEN, _SRC_CLOSE, _TGT_OPEN, _TGT_CLOSE = "\x01", "\x02", "\x03", "\x04"


@dataclass(frozen=True)
class Example:
    """One training sentence with its marked actor and recipient spans (character offsets)."""

    text: str
    s_start: int
    s_end: int
    t_start: int
    t_end: int
    label: str
    mode: str | None
    origin: str

    @property
    def source(self) -> str:
        return self.text[self.s_start:self.s_end]

    @property
    def target(self) -> str:
        return self.text[self.t_start:self.t_end]


@dataclass(frozen=True)
class Frame:
    """A sentence frame with slots (see templates_a.yaml for the syntax)."""

    label: str
    mode: str | None
    symmetric: bool
    pattern: str
    origin: str  # "file:LABEL:index", a frame's identity for grouped held-out splits


def _read_yaml(name: str) -> dict:
    path = resources.files(_TRAINING).joinpath(name)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataFileError(name, getattr(getattr(exc, "problem_mark", None), "line", None),
                            str(exc)) from exc
    if not isinstance(data, dict):
        raise DataFileError(name, None, "expected a mapping at top level")
    return data


def load_pools() -> tuple[list[tuple[str, str, str]], dict[str, list[str]]]:
    """Countries as (name, adjective, capital) and the named actor pools of actors.yaml."""
    data = _read_yaml("actors.yaml")
    countries = []
    for i, row in enumerate(data.get("countries", [])):
        parts = str(row).split("|")
        if len(parts) != 3:
            raise DataFileError("actors.yaml", None, f"country entry {i}: need Name|adj|capital")
        countries.append((parts[0], parts[1], parts[2]))
    pools = {k: [str(v) for v in vals] for k, vals in data.items() if k != "countries"}
    pools["actor"] = pools["country"] + pools["gov"] * 2 + pools["leader"]
    return countries, pools


def load_frames() -> list[Frame]:
    """All frames of the templates files, validated against LABELS and the actor pools."""
    _, pools = load_pools()
    frames: list[Frame] = []
    for name in _FRAME_FILES:
        for label, patterns in _read_yaml(name).items():
            if label not in LABELS:
                raise DataFileError(name, None, f"unknown label {label!r}")
            for index, pattern in enumerate(patterns):
                mode, symmetric, rest = None, False, str(pattern)
                while (m := _FLAG.match(rest)):
                    if m.group(1) == "sym":
                        symmetric = True
                    else:
                        mode = m.group(1)
                    rest = rest[m.end():]
                for slot in _SLOT.finditer(rest):
                    if slot.group(2) and slot.group(2) not in pools:
                        raise DataFileError(name, None, f"{label}: unknown pool {slot.group(2)!r}")
                if "{S:" not in rest or "{T:" not in rest:
                    raise DataFileError(name, None, f"{label}: frame lacks {{S:..}} or {{T:..}}: {rest}")
                frames.append(Frame(label, mode, symmetric, rest, f"{name}:{label}:{index}"))
    return frames


#: Sentence-initial words that are not names, so they are lower-cased after a prefix clause.
_LOWER_AFTER_PREFIX = frozenset((
    "The", "A", "An", "Thousands", "Both", "Joint", "Talks", "New", "Under", "During", "In",
    "Hours", "Like", "Analysts", "Travellers", "Correspondents", "Police", "Riot", "Security",
    "Counter-terrorism", "Border", "Armed", "Unidentified", "Residents", "Villagers",
    "Civilians", "Journalists", "Refugees", "Teachers", "Doctors", "Farmers", "Activists",
    "Protesters", "Prosecutors", "Investigators", "Pirates", "Gunmen", "Insurgents", "Jihadists",
))


@lru_cache(maxsize=1)
def load_context_cached() -> tuple[list[str], list[str]]:
    """Prefix clauses and tail clauses of context.yaml."""
    data = _read_yaml("context.yaml")
    try:
        return [str(x) for x in data["prefixes"]], [str(x) for x in data["tails"]]
    except KeyError as exc:
        raise DataFileError("context.yaml", None, f"missing key {exc}") from exc


@lru_cache(maxsize=1)
def load_pools_cached() -> tuple[list[tuple[str, str, str]], dict[str, list[str]]]:
    """:func:`load_pools`, read once."""
    return load_pools()


def _fill(template: str, country: tuple[str, str, str]) -> str:
    name, adj, capital = country
    return template.replace("{name}", name).replace("{adj}", adj).replace("{capital}", capital)


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r" ([,.;])", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r"([\x01-\x04]) ([,.;])", r"\1\2", text)
    return text


def expand(frame: Frame, rng: random.Random, swap: bool = False) -> Example:
    """One sentence from ``frame``; ``swap`` marks the recipient as source and vice versa."""
    countries, pools = load_pools_cached()
    used: set[str] = set()

    def draw(pool: str) -> str:
        for _ in range(20):
            value = _fill(rng.choice(pools[pool]), rng.choice(countries))
            if not any(value in u or u in value for u in used):
                used.add(value)
                return value
        used.add(value)
        return value

    def repl(m: re.Match[str]) -> str:
        role, pool, simple = m.group(1), m.group(2), m.group(3)
        if role:
            value = draw(pool)
            if role == "S":
                return _SRC_OPEN + value + _SRC_CLOSE
            if role == "T":
                return _TGT_OPEN + value + _TGT_CLOSE
            return value
        if simple == "D":
            return rng.choice(_DATES)
        if simple == "E":
            return rng.choice(_TAILS)
        return rng.choice(countries)[2]

    chosen = _ALT.sub(lambda m: rng.choice(m.group(1).split("|")), frame.pattern)
    text = _clean(_SLOT.sub(repl, chosen))
    text = text[0].upper() + text[1:] if text[0].isalpha() else text[0] + text[1].upper() + text[2:]
    prefixes, tails = load_context_cached()
    if rng.random() < 0.25 and text.endswith("."):
        text = text[:-1] + rng.choice(tails) + "."
    if rng.random() < 0.25:
        head = text.lstrip(_SRC_OPEN + _TGT_OPEN)
        first = head.split(" ", 1)[0]
        if first in _LOWER_AFTER_PREFIX:
            i = text.index(first)
            text = text[:i] + first.lower() + text[i + len(first):]
        text = rng.choice(prefixes) + text
    spans: dict[str, int] = {}
    out: list[str] = []
    for ch in text:
        if ch in (_SRC_OPEN, _SRC_CLOSE, _TGT_OPEN, _TGT_CLOSE):
            spans[ch] = len("".join(out))
        else:
            out.append(ch)
    clean = "".join(out)
    s = (spans[_SRC_OPEN], spans[_SRC_CLOSE])
    t = (spans[_TGT_OPEN], spans[_TGT_CLOSE])
    label, mode = frame.label, frame.mode
    if swap:
        s, t = t, s
        label, mode = "NONE", None
    return Example(clean, s[0], s[1], t[0], t[1], label, mode, frame.origin)


def _cuts_word(text: str, start: int, end: int) -> bool:
    """True when text[start:end] begins or ends inside a word ("Iran" in "Iranian")."""
    return (start > 0 and text[start - 1].isalnum() and text[start].isalnum()) or \
        (end < len(text) and text[end].isalnum() and text[end - 1].isalnum())


def load_handwritten() -> list[Example]:
    """The hand-written sentences (``handwritten_*.jsonl``), offsets found by substring search."""
    examples: list[Example] = []
    folder = resources.files(_TRAINING)
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not (entry.name.startswith(_HANDWRITTEN_GLOB) and entry.name.endswith(".jsonl")):
            continue
        for lineno, line in enumerate(entry.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            try:
                row = json.loads(line)
                text, src, tgt, label = row["text"], row["source"], row["target"], row["label"]
            except (ValueError, KeyError) as exc:
                raise DataFileError(entry.name, lineno, f"bad record: {exc}") from exc
            if label not in LABELS:
                raise DataFileError(entry.name, lineno, f"unknown label {label!r}")
            s = text.find(src)
            t = text.find(tgt)
            if s < 0 or t < 0:
                raise DataFileError(entry.name, lineno, "source or target not in text")
            if s <= t < s + len(src) or t <= s < t + len(tgt):
                t2 = text.find(tgt, s + len(src))
                if t2 < 0:
                    raise DataFileError(entry.name, lineno, "source and target overlap")
                t = t2
            for start, end in ((s, s + len(src)), (t, t + len(tgt))):
                if _cuts_word(text, start, end):
                    raise DataFileError(entry.name, lineno,
                                        f"{text[start:end]!r} is part of a longer word")
            examples.append(Example(text, s, s + len(src), t, t + len(tgt), label,
                                    row.get("mode"), f"{entry.name}:{lineno}"))
    return examples


def generate(seed: int = 13, per_frame: int = 6, none_per_frame: int = 10,
             swaps_per_frame: int = 1) -> list[Example]:
    """Expand every frame ``per_frame`` times (NONE frames ``none_per_frame`` times) and add
    ``swaps_per_frame`` role-reversed NONE copies of every directed frame."""
    rng = random.Random(seed)
    out: list[Example] = []
    for frame in load_frames():
        n = none_per_frame if frame.label == "NONE" else per_frame
        out.extend(expand(frame, rng) for _ in range(n))
        if frame.label != "NONE" and not frame.symmetric:
            out.extend(expand(frame, rng, swap=True) for _ in range(swaps_per_frame))
    return out


def iter_training(seed: int = 13) -> Iterator[Example]:
    """Hand-written sentences followed by the expanded frames (deduplicated)."""
    seen: set[tuple[str, int, int, int, int]] = set()
    for ex in [*load_handwritten(), *generate(seed)]:
        key = (ex.text, ex.s_start, ex.s_end, ex.t_start, ex.t_end)
        if key not in seen:
            seen.add(key)
            yield ex


def as_dict(ex: Example) -> dict:
    """JSON-ready record (adds the source and target strings for readability)."""
    return {**asdict(ex), "source": ex.source, "target": ex.target}
