"""The ``dyads_dates`` spaCy component: every temporal expression, resolved.

Reads ``doc._.dyads_published`` (ISO date or None) and the NER's DATE entities; writes
``doc._.dyads_dates: list[DateMention]``. Relative expressions ("last month", "on Friday")
are resolved against the publication date in the direction of their clause; without a
publication date they are kept with ``value`` None. The grammar, not the NER, finds the
dates (the small model misses "since 2003"-style prepositions and cuts ranges); the NER's
DATE spans only license bare years and month names ("2015" after no preposition).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from dyads.errors import InputError
from dyads.model import DateMention
from dyads.temporal.grammar import Context
from dyads.temporal.lexicon import Lexicon, load_lexicon
from dyads.temporal.scan import find_dates, parse_date
from dyads.temporal.tense import clause_direction

_NON_YEAR_HEADS = {"year", "years", "season", "term"}


class DateComponent:
    """Finds and resolves the dates of a document (see the module docstring)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def _span(self, doc: Doc, start: int, end: int) -> Span | None:
        return doc.char_span(start, end, alignment_mode="expand")

    def context(self, doc: Doc) -> Context:
        """The resolution context of ``doc``: anchor, clause direction, NER licences."""
        try:
            anchor = parse_date(doc._.dyads_published)
        except ValueError as exc:
            raise InputError("doc._.dyads_published", str(exc)) from exc
        date_ents = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
        markers = self.lexicon.future_markers

        def direction(start: int, end: int):  # type: ignore[no-untyped-def]
            span = self._span(doc, start, end)
            return None if span is None or len(span) == 0 else clause_direction(span.root, markers)

        def licensed(start: int, end: int) -> bool:
            return any(s <= start and end <= e for s, e in date_ents)

        def quantity(start: int, end: int) -> bool:
            # "1500 troops", "2021 drills": a number modifying a noun counts or names it
            span = self._span(doc, start, end)
            if span is None or len(span) == 0:
                return False
            tok = span[-1]
            return (tok.dep_ == "nummod" and tok.head.pos_ in ("NOUN", "PROPN")
                    and tok.head.lower_ not in _NON_YEAR_HEADS and tok.head.i > tok.i)

        return Context(anchor=anchor, lexicon=self.lexicon, direction=direction,
                       licensed=licensed, quantity=quantity)

    def __call__(self, doc: Doc) -> Doc:
        found = find_dates(doc.text, self.context(doc))
        doc._.dyads_dates = [
            DateMention(text=f.text, value=f.value, value_end=f.value_end,
                        precision=f.precision, start=f.start, end=f.end)
            for f in found
        ]
        return doc


@Language.factory(
    "dyads_dates",
    assigns=["doc._.dyads_dates"],
    requires=["doc.ents", "token.dep", "token.tag"],
    default_config={"lexicon_path": None},
)
def make_dates(nlp: Language, name: str, lexicon_path: str | None) -> DateComponent:
    """Factory of the dates stage; ``lexicon_path`` replaces the packaged lexicon."""
    return DateComponent(load_lexicon(lexicon_path))
