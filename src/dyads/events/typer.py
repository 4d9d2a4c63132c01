"""The pluggable typing step: which PLOVER type (or none) a candidate is.

The event component finds candidates (trigger, actor, recipient, clause facts) by rule and
then hands them, one sentence batch per document, to a *typer*:

    Typer = Callable[[Sequence[Candidate]], list[TypeDecision]]

The default :func:`lexicon_typer` keeps what the lexicon and the manual's rules proposed.
:func:`dyad_coder_typer` wraps any learned coder with a ``code_batch(items)`` method
returning ``[(label, confidence)]`` for ``(sentence, source, target)`` items (the interface
of ``dyads.events.dyad.DyadCoder``) without this package importing it. Typers are registered
in spaCy's ``misc`` registry so a pipeline config can name them:
``nlp.add_pipe("dyads_events", config={"typer": {"@misc": "dyads.lexicon_typer.v1"}})``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import spacy

from dyads.events.candidates import Candidate
from dyads.model import ActorMention


@dataclass(frozen=True)
class TypeDecision:
    """The typer's verdict on one candidate; ``event_type`` None means no event ("NONE")."""

    event_type: str | None
    mode: str | None
    confidence: float


Typer = Callable[[Sequence[Candidate]], list[TypeDecision]]


class BatchCoder(Protocol):
    def code_batch(self, items: Sequence[Any]) -> list[tuple[str, float]]: ...


def lexicon_typer(candidates: Sequence[Candidate]) -> list[TypeDecision]:
    """Keep the type, mode and confidence the rules proposed."""
    return [TypeDecision(c.event_type, c.mode, c.confidence) for c in candidates]


def mention_text(mentions: Sequence[ActorMention], sentence: str) -> str | None:
    """How a candidate's argument is shown to a dyad coder, which marks one span per role:
    the first of its mentions written in ``sentence`` ("Russia" for "Russia and China"), or
    None when every mention lies outside it (an actor resolved from an earlier sentence)."""
    return next((m.text for m in mentions if m.text and m.text in sentence), None)


def _locatable(sentence: str, source: str, target: str, locate: Callable) -> bool:
    """Whether a dyad coder can mark both ends (the target apart from the source)."""
    try:
        locate(sentence, target, avoid=locate(sentence, source))
    except ValueError:
        return False
    return True


def dyad_coder_typer(coder: BatchCoder, min_confidence: float = 0.5,
                     monadic: Typer = lexicon_typer) -> Typer:
    """A typer backed by a learned dyad coder.

    Candidates with both an actor and a recipient written in the sentence are sent to
    ``coder.code_batch`` as ``(sentence, source text, target text)``; its label replaces the
    rule type (the rule mode is kept when the label agrees, the rule confidence and the
    coder's are averaged), "NONE" or a confidence under ``min_confidence`` drops the
    candidate. Other candidates (no recipient, or an end resolved from outside the sentence)
    go to ``monadic`` (the rules by default), since a dyad coder needs two marked ends.
    """
    # imported here, not at module level, so this module stays free of the model code
    from dyads.events.dyad import locate

    def typer(candidates: Sequence[Candidate]) -> list[TypeDecision]:
        out: list[TypeDecision | None] = [None] * len(candidates)
        dyadic, items = [], []
        for i, c in enumerate(candidates):
            text = c.sentence.text
            src = mention_text(c.actor, text) if c.actor else None
            tgt = mention_text(c.recipient, text) if c.recipient else None
            if src and tgt and _locatable(text, src, tgt, locate):
                dyadic.append(i)
                items.append((text, src, tgt))
        taken = set(dyadic)
        others = [i for i in range(len(candidates)) if i not in taken]
        if dyadic:
            for i, (label, conf) in zip(dyadic, coder.code_batch(items)):
                c = candidates[i]
                if label == "NONE" or conf < min_confidence:
                    out[i] = TypeDecision(None, None, conf)
                else:
                    mode = c.mode if label == c.event_type else None
                    out[i] = TypeDecision(label, mode, (conf + c.confidence) / 2)
        if others:
            for i, d in zip(others, monadic([candidates[i] for i in others])):
                out[i] = d
        return [d if d is not None else TypeDecision(None, None, 0.0) for d in out]

    return typer


@spacy.registry.misc("dyads.lexicon_typer.v1")
def make_lexicon_typer() -> Typer:
    """spaCy registry entry for :func:`lexicon_typer`."""
    return lexicon_typer
