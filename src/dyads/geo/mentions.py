"""Finding toponym mentions in a parsed Doc.

Candidates are the NER's GPE / LOC / FAC entities, plus phrase-matcher hits of the
gazetteer's tier-0 names (countries, continents, curated regions) that the small NER model
misses or mislabels ("Panjshir" as ORG). Not places: demonyms and other adjectives
("Afghan", "Afghans"), names inside a person or organisation name ("Shanghai Cooperation
Organization"), and a place used as the first half of a hyphenated modifier
("Moscow-led", "US-backed"), which names an actor, not a location.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

PLACE_LABELS = ("GPE", "LOC", "FAC")
#: entity labels whose inside is not a place mention
_BLOCKING_LABELS = ("PERSON", "ORG", "NORP", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "FAC")
_ADJ_TAGS = ("JJ", "JJR", "JJS", "NNPS")


@dataclass(frozen=True)
class Mention:
    """A toponym candidate: token span (without a leading determiner) and its origin."""

    span: Span
    label: str  # NER label, or "MATCH" for a phrase-matcher hit


def _strip_det(span: Span) -> Span:
    start = span.start
    while start < span.end - 1 and span.doc[start].tag_ in ("DT", "PDT"):
        start += 1
    return span.doc[start:span.end]


def is_modifier_use(span: Span) -> bool:
    """Adjective or "X-led"-style use of a place name: not a location."""
    root = span.root
    if all(t.tag_ in _ADJ_TAGS for t in span) or root.tag_ in _ADJ_TAGS:
        return True
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].text in ("-", "–") and doc[span.end].whitespace_ == "":
        after = doc[span.end + 1]
        if after.tag_ in ("VBN", "VBG", "JJ") and after.i != root.i:
            return True
    return False


def build_matcher(nlp: Language, surface_forms: set[str]) -> PhraseMatcher:
    """A case-sensitive matcher of the written forms of tier-0 names and big cities."""
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    forms = sorted(f for f in surface_forms if f[:1].isupper())
    matcher.add("TOPONYM", [nlp.make_doc(form) for form in forms])
    return matcher


def find_mentions(doc: Doc, matcher: PhraseMatcher | None) -> list[Mention]:
    """Toponym candidates of ``doc``, in text order, without overlaps."""
    found: list[Mention] = [Mention(_strip_det(e), e.label_) for e in doc.ents
                            if e.label_ in PLACE_LABELS]
    if matcher is not None:
        blocking = [e for e in doc.ents if e.label_ in _BLOCKING_LABELS]
        for _id, start, end in matcher(doc):
            span = doc[start:end]
            inside = [e for e in blocking if e.start <= start and end <= e.end]
            if any((e.start, e.end) != (start, end) for e in inside):
                continue  # part of a longer name: "Shanghai Cooperation Organization"
            found.append(Mention(span, "MATCH"))
    # longest first, NER before matcher on ties; drop overlaps
    found.sort(key=lambda m: (-(m.span.end - m.span.start), m.label == "MATCH", m.span.start))
    taken: list[Mention] = []
    for m in found:
        if any(m.span.start < t.span.end and t.span.start < m.span.end for t in taken):
            continue
        if m.label != "FAC" and is_modifier_use(m.span):
            continue
        taken.append(m)
    return sorted(taken, key=lambda m: m.span.start)
