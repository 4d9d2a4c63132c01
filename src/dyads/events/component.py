"""The ``dyads_events`` spaCy component: PLOVER events of a whole document.

Reads ``doc._.dyads_actors`` (list[ActorMention], actors stage), ``doc._.dyads_dates``,
``doc._.dyads_places`` and ``doc._.dyads_published``; writes ``doc._.dyads_events``
(list[Event]). Per sentence it finds trigger words (``data/events/triggers.tsv``), reads
actor and recipient off the dependency parse (subjects, passive agents, possessors of
nominalisations, objects and prepositional objects, "between X and Y"), applies the PLOVER
manual's rules (intended or future cooperation is AGREE, refused acts are REJECT, joint
exercises COOPERATE, ...), marks tense / negation / modality, and lets a pluggable typer
decide each candidate's type (see ``dyads.events.typer``).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from dyads.events.arguments import ArgumentFinder, MentionIndex
from dyads.events.build import BuildOptions, build_events
from dyads.events.candidates import Candidate, CandidateFinder
from dyads.events.lexicon import Lexicon, load_lexicon
from dyads.events.typer import Typer, lexicon_typer
from dyads.model import Event
from dyads.nlp import extensions  # noqa: F401  (registers Doc._ attributes)


class EventComponent:
    """Codes the PLOVER events of a ``Doc`` (see the module docstring)."""

    def __init__(self, lexicon: Lexicon, typer: Typer, options: BuildOptions) -> None:
        self.lexicon = lexicon
        self.typer = typer
        self.options = options

    def candidates(self, doc: Doc) -> list[Candidate]:
        """All rule candidates of ``doc`` (before typing and filtering)."""
        index = MentionIndex(doc, doc._.dyads_actors)
        finder = CandidateFinder(self.lexicon, ArgumentFinder(index, self.lexicon))
        out: list[Candidate] = []
        for sent in doc.sents:
            out.extend(finder.find(sent))
        return out

    def code(self, doc: Doc) -> list[Event]:
        """The events of ``doc`` without storing them on it."""
        cands = self.candidates(doc)
        decisions = self.typer(cands) if cands else []
        if len(decisions) != len(cands):
            raise ValueError(f"typer returned {len(decisions)} decisions for {len(cands)} "
                             "candidates; it must return one per candidate")
        return build_events(doc, cands, decisions, self.lexicon.ontology, self.options)

    def __call__(self, doc: Doc) -> Doc:
        doc._.dyads_events = self.code(doc)
        return doc


@Language.factory(
    "dyads_events",
    assigns=["doc._.dyads_events"],
    requires=["doc._.dyads_actors"],
    default_config={"typer": {"@misc": "dyads.lexicon_typer.v1"}, "require_recipient": True,
                    "keep_negated": True, "keep_hypothetical": True, "min_confidence": 0.0},
)
def make_events(nlp: Language, name: str, typer: Typer, require_recipient: bool,
                keep_negated: bool, keep_hypothetical: bool, min_confidence: float
                ) -> EventComponent:
    """Factory of the events stage.

    Args:
        typer: decides each candidate's PLOVER type or no event (default: the rules).
        require_recipient: emit only dyadic events (actor and recipient both resolved) and
            reciprocal ones (several actors of a symmetric type such as CONSULT); False also
            emits one-sided events such as "Russia mobilized troops".
        keep_negated: keep events marked ``negated`` ("did not meet").
        keep_hypothetical: keep events marked ``hypothetical`` ("could attack").
        min_confidence: drop events the typer is less sure of.
    """
    return EventComponent(load_lexicon(), typer,
                          BuildOptions(require_recipient, keep_negated, keep_hypothetical,
                                       min_confidence))


def code_doc(doc: Doc, typer: Typer = lexicon_typer, options: BuildOptions | None = None
             ) -> list[Event]:
    """Code an already-annotated ``Doc`` outside a pipeline (tests, notebooks)."""
    return EventComponent(load_lexicon(), typer, options or BuildOptions()).code(doc)


__all__: Sequence[str] = ("EventComponent", "code_doc", "make_events")
