"""The event coder's word lists: trigger lexicon, recipient prepositions, closed word classes.

All are data files under ``dyads/data/events/`` validated at load time against the PLOVER
ontology (``dyads.kb.plover``); a bad entry raises :class:`dyads.errors.DataFileError` with
its file and line. Users extend the trigger lexicon with their own TSV files of the same
schema: ``load_lexicon(extra=[Path("my_triggers.tsv")])``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

from dyads.errors import DataFileError
from dyads.kb.plover import Ontology, Row, load_ontology, read_tsv

_DATA = "dyads.data.events"
TRIGGER_COLUMNS = ("lemma", "pos", "type", "mode", "contexts", "requires", "preps", "flags")
FLAGS = frozenset({"intent", "threat", "control", "refusal", "characterise", "joint", "support_only",
                   "denial", "objactor"})
WORD_CLASSES = frozenset({"support", "speech", "agent", "positive", "negative", "joint",
                          "hypothetical", "negation", "future", "objcontrol", "sport"})
#: spaCy coarse tags a trigger row of each lexicon part of speech may match.
POS_TAGS = {"VERB": ("VERB", "AUX"), "NOUN": ("NOUN", "PROPN")}


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: a word (plus required dependents) that reports an event."""

    lemma: str
    pos: str
    event_type: str
    mode: str | None
    contexts: tuple[str, ...]
    requires: frozenset[str]  # at least one must be a child lemma (empty: none needed)
    forbids: frozenset[str]  # none may be a child lemma
    preps: tuple[str, ...]
    flags: frozenset[str]
    source: str  # "file:line", for explanations

    def matches(self, token: Token) -> bool:
        """Whether ``token``'s dependents satisfy the entry's requirements."""
        if not self.requires and not self.forbids:
            return True
        deps = _dependents(token)
        kids = {c.lower_ for c in deps} | {c.lemma_.lower() for c in deps}
        if self.forbids & kids:
            return False
        return not self.requires or bool(self.requires & kids)

    def required_children(self, token: Token) -> list[Token]:
        """The dependents that satisfied ``requires`` (part of the evidence span)."""
        return [c for c in _dependents(token)
                if c.lemma_.lower() in self.requires or c.lower_ in self.requires]


def _dependents(token: Token) -> list[Token]:
    """A word's children, with a partitive object seen through to its noun: "closed two of
    its crossings" has the object "crossings" as much as "closed its crossings" does."""
    out = list(token.children)
    for c in token.children:
        if c.dep_ in ("dobj", "obj", "nsubjpass") and c.pos_ in ("NUM", "PRON", "DET", "ADJ"):
            out += [p for prep in c.children if prep.dep_ == "prep" and prep.lower_ == "of"
                    for p in prep.children if p.dep_ == "pobj"]
    return out


@dataclass
class Lexicon:
    """Everything the rule-based coder looks words up in."""

    ontology: Ontology
    triggers: dict[tuple[str, str], list[Trigger]] = field(default_factory=dict)
    recipient_preps: dict[str, tuple[str, ...]] = field(default_factory=dict)
    location_recipient: frozenset[str] = frozenset()
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    context_words: dict[str, str] = field(default_factory=dict)

    def is_a(self, token_or_word: Token | str, word_class: str) -> bool:
        """Whether a token (by lemma or form) or word belongs to a closed class."""
        if isinstance(token_or_word, str):
            return word_class in self.words.get(token_or_word.lower(), ())
        return (word_class in self.words.get(token_or_word.lemma_.lower(), ())
                or word_class in self.words.get(token_or_word.lower_, ()))

    def trigger_for(self, token: Token) -> Trigger | None:
        """The lexicon entry ``token`` instantiates, if any (specific entries first)."""
        for pos, tags in POS_TAGS.items():
            if token.pos_ not in tags:
                continue
            for lemma in dict.fromkeys((token.lemma_.lower(), token.lower_)):
                for entry in self.triggers.get((lemma, pos), ()):
                    if entry.matches(token):
                        return entry
        return None

    def entries(self) -> list[Trigger]:
        return [t for group in self.triggers.values() for t in group]


def _split(cell: str, sep: str) -> list[str]:
    return [p.strip() for p in cell.split(sep) if p.strip()]


def _trigger(row: Row, onto: Ontology) -> Trigger:
    lemma = row["lemma"]
    if not lemma or lemma != lemma.lower() or " " in lemma:
        raise row.error(f"lemma must be one lower-case word, found {lemma!r}")
    if row["pos"] not in POS_TAGS:
        raise row.error(f"pos must be one of {sorted(POS_TAGS)}, found {row['pos']!r}")
    if row["type"] not in onto.types:
        raise row.error(f"unknown PLOVER type {row['type']!r}; known: {sorted(onto.types)}")
    mode = row["mode"] or None
    if mode is not None and mode not in onto.types[row["type"]].modes:
        raise row.error(f"{row['type']} has no mode {mode!r}; its modes: "
                        f"{sorted(onto.types[row['type']].modes)}")
    contexts = _split(row["contexts"], ";")
    for c in contexts:
        if c not in onto.contexts:
            raise row.error(f"unknown PLOVER context {c!r}")
    req = _split(row["requires"], "|")
    flags = _split(row["flags"], ";")
    for f in flags:
        if f not in FLAGS:
            raise row.error(f"unknown flag {f!r}; known: {sorted(FLAGS)}")
    return Trigger(lemma, row["pos"], row["type"], mode, tuple(contexts),
                   frozenset(r for r in req if not r.startswith("!")),
                   frozenset(r[1:] for r in req if r.startswith("!")),
                   tuple(_split(row["preps"], ";")), frozenset(flags), f"{row.path}:{row.line}")


def _text(name: str) -> tuple[str, str]:
    return resources.files(_DATA).joinpath(name).read_text(encoding="utf-8"), f"{_DATA}/{name}"


def parse_triggers(text: str, path: str, onto: Ontology) -> list[Trigger]:
    """Validated trigger entries of one TSV text (see ``triggers.tsv`` for the schema)."""
    out = [_trigger(row, onto) for row in read_tsv(text, path, TRIGGER_COLUMNS, min_columns=3)]
    seen: dict[tuple, str] = {}
    for t in out:
        key = (t.lemma, t.pos, t.requires, t.forbids)
        if key in seen:
            raise DataFileError(path, int(t.source.rsplit(":", 1)[1]),
                                f"{t.lemma}/{t.pos} with the same requirements already defined "
                                f"at {seen[key]}")
        seen[key] = t.source
    return out


def build_lexicon(onto: Ontology, extra: Sequence[Path] = ()) -> Lexicon:
    """Load and validate the packaged word lists plus user trigger files ``extra``.

    User entries are consulted before packaged ones, so they can override a word.

    Raises:
        DataFileError: the first bad entry, with its file and line.
    """
    lex = Lexicon(ontology=onto)
    groups: list[list[Trigger]] = [parse_triggers(p.read_text(encoding="utf-8"), str(p), onto)
                                   for p in extra]
    groups.append(parse_triggers(*_text("triggers.tsv"), onto))
    for group in groups:
        for t in group:
            lex.triggers.setdefault((t.lemma, t.pos), []).append(t)
    for key, entries in lex.triggers.items():
        # specific entries (with requirements) are tried before bare ones; stable within each
        lex.triggers[key] = sorted(entries, key=lambda t: not t.requires)

    text, path = _text("recipient_preps.tsv")
    loc: set[str] = set()
    for row in read_tsv(text, path, ("type", "preps", "location_recipient")):
        if row["type"] not in onto.types:
            raise row.error(f"unknown PLOVER type {row['type']!r}")
        if row["location_recipient"] not in ("yes", "no"):
            raise row.error("location_recipient must be 'yes' or 'no'")
        lex.recipient_preps[row["type"]] = tuple(_split(row["preps"], ";"))
        if row["location_recipient"] == "yes":
            loc.add(row["type"])
    missing = set(onto.types) - set(lex.recipient_preps)
    if missing:
        raise DataFileError(path, None, f"no row for type(s) {sorted(missing)}")
    lex.location_recipient = frozenset(loc)

    text, path = _text("function_words.tsv")
    words: dict[str, set[str]] = {}
    for row in read_tsv(text, path, ("word", "class")):
        if row["class"] not in WORD_CLASSES:
            raise row.error(f"unknown class {row['class']!r}; known: {sorted(WORD_CLASSES)}")
        words.setdefault(row["word"].lower(), set()).add(row["class"])
    lex.words = {w: frozenset(c) for w, c in words.items()}

    text, path = _text("context_words.tsv")
    for row in read_tsv(text, path, ("word", "context")):
        if row["context"] not in onto.contexts:
            raise row.error(f"unknown PLOVER context {row['context']!r}")
        lex.context_words[row["word"].lower()] = row["context"]
    return lex


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged lexicon (cached)."""
    return build_lexicon(load_ontology())
