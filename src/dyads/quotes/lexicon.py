"""The quote lexicons: cue verbs, cue nouns and hedges, read from TSV data files.

The packaged files live in ``dyads/data/quotes/``; users extend them with their own files of
the same schema (``load_lexicon(extra_verbs=[path, ...])``). Every bad line is reported with
its file and line number through :class:`dyads.errors.DataFileError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from dyads.errors import DataFileError

VERB_FRAMES = frozenset({"clause", "np", "inf", "pred", "carrier"})
#: a noun frame is a clause, a to-infinitive, or the preposition that introduces the content
NOUN_PREPOSITIONS = frozenset({"for", "of", "about", "on", "against", "to", "with", "over", "in",
                               "into", "toward", "towards"})
NOUN_FRAMES = frozenset({"clause", "inf"}) | NOUN_PREPOSITIONS
HEDGE_ROLES = frozenset({"modifier", "evidence"})
_YES_NO = {"yes": True, "no": False}


@dataclass(frozen=True)
class Cue:
    """One cue word: its lemma, the complements that carry content, and whether it hedges."""

    lemma: str
    frames: frozenset[str]
    hedge: bool = False


@dataclass
class QuoteLexicon:
    """Everything the quote finder looks words up in."""

    verbs: dict[str, Cue] = field(default_factory=dict)
    #: particle verbs ("point out"), keyed by (lemma, particle)
    phrasal: dict[tuple[str, str], Cue] = field(default_factory=dict)
    nouns: dict[str, Cue] = field(default_factory=dict)
    #: predicative adjectives of stance ("is sure that", "is critical of", "is eager to")
    adjectives: dict[str, Cue] = field(default_factory=dict)
    #: hedge phrases as token tuples -> role
    hedges: dict[tuple[str, ...], str] = field(default_factory=dict)

    def verb(self, lemma: str, particle: str | None = None) -> Cue | None:
        """The cue for a verb lemma (with its particle, if a particle verb), or None."""
        if particle is not None:
            cue = self.phrasal.get((lemma.lower(), particle.lower()))
            if cue is not None:
                return cue
        return self.verbs.get(lemma.lower())

    def noun(self, lemma: str) -> Cue | None:
        """The cue for a noun lemma, or None."""
        return self.nouns.get(lemma.lower())

    def adjective(self, word: str) -> Cue | None:
        """The cue for an adjective (or adjectival participle) in lower case, or None."""
        return self.adjectives.get(word.lower())

    @property
    def max_hedge_len(self) -> int:
        return max((len(k) for k in self.hedges), default=0)


def _rows(text: str, origin: str, n_cols: int) -> Iterator[tuple[int, list[str]]]:
    """Data rows (line number, cells) of a TSV text with ``#`` comments and one header line."""
    header_seen = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\n\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != n_cols:
            raise DataFileError(origin, lineno, f"expected {n_cols} tab-separated columns, "
                                                f"found {len(cells)}: {line!r}")
        if not header_seen:
            header_seen = True
            continue
        yield lineno, cells


def _parse_cues(text: str, origin: str, allowed: frozenset[str]) -> Iterator[tuple[str, Cue]]:
    for lineno, (lemma, frames_cell, hedge_cell) in _rows(text, origin, 3):
        if not lemma or lemma != lemma.lower():
            raise DataFileError(origin, lineno, f"lemma must be non-empty lower case: {lemma!r}")
        frames = frozenset(f.strip() for f in frames_cell.split(",") if f.strip())
        bad = frames - allowed
        if not frames or bad:
            raise DataFileError(origin, lineno, f"unknown frame(s) {sorted(bad) or '(none)'}; "
                                                f"allowed: {sorted(allowed)}")
        if hedge_cell not in _YES_NO:
            raise DataFileError(origin, lineno, f"hedge must be yes or no, not {hedge_cell!r}")
        yield lemma, Cue(lemma, frames, _YES_NO[hedge_cell])


def _parse_hedges(text: str, origin: str) -> Iterator[tuple[tuple[str, ...], str]]:
    for lineno, (phrase, role) in _rows(text, origin, 2):
        words = tuple(phrase.split())
        if not words or phrase != phrase.lower():
            raise DataFileError(origin, lineno, f"phrase must be non-empty lower case: {phrase!r}")
        if role not in HEDGE_ROLES:
            raise DataFileError(origin, lineno, f"role must be one of {sorted(HEDGE_ROLES)}, "
                                                f"not {role!r}")
        yield words, role


def _packaged(name: str) -> tuple[str, str]:
    ref = resources.files("dyads") / "data" / "quotes" / name
    return ref.read_text(encoding="utf-8"), f"dyads/data/quotes/{name}"


def _user(paths: Iterable[str | Path]) -> Iterator[tuple[str, str]]:
    for p in paths:
        path = Path(p)
        try:
            yield path.read_text(encoding="utf-8"), str(path)
        except OSError as exc:
            raise DataFileError(str(path), None, f"cannot read lexicon file: {exc}") from exc


def load_lexicon(extra_verbs: Iterable[str | Path] = (), extra_nouns: Iterable[str | Path] = (),
                 extra_hedges: Iterable[str | Path] = (),
                 extra_adjectives: Iterable[str | Path] = ()) -> QuoteLexicon:
    """Read the packaged quote lexicons plus any user files of the same schemas.

    Later files override earlier entries with the same lemma or phrase.
    Raises DataFileError (file and line) on the first bad entry.
    """
    lex = QuoteLexicon()
    for text, origin in [_packaged("cue_verbs.tsv"), *_user(extra_verbs)]:
        for lemma, cue in _parse_cues(text, origin, VERB_FRAMES):
            parts = lemma.split()
            if len(parts) == 2:
                lex.phrasal[(parts[0], parts[1])] = cue
            elif len(parts) == 1:
                lex.verbs[lemma] = cue
            else:
                raise DataFileError(origin, None, f"verb {lemma!r}: at most verb + particle")
    for text, origin in [_packaged("cue_nouns.tsv"), *_user(extra_nouns)]:
        for lemma, cue in _parse_cues(text, origin, NOUN_FRAMES):
            lex.nouns[lemma] = cue
    for text, origin in [_packaged("cue_adjectives.tsv"), *_user(extra_adjectives)]:
        for word, cue in _parse_cues(text, origin, NOUN_FRAMES):
            lex.adjectives[word] = cue
    for text, origin in [_packaged("hedges.tsv"), *_user(extra_hedges)]:
        for words, role in _parse_hedges(text, origin):
            lex.hedges[words] = role
    return lex


@lru_cache(maxsize=1)
def default_lexicon() -> QuoteLexicon:
    """The packaged lexicons, read once per process."""
    return load_lexicon()
