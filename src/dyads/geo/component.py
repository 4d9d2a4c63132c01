"""The ``dyads_places`` spaCy component: toponyms resolved to GeoNames places.

Writes ``doc._.dyads_places: list[Place]``. Each place carries the mention text and
offsets, and as far as the evidence allows the canonical name, ISO3 country, GeoNames id
and coordinates. Resolution runs in two passes: places that are certain on their own
(unique names, "City, Country" appositives) become the document's evidence, then the
ambiguous ones are decided with it (see :mod:`dyads.geo.resolve` for the rule). Names the
gazetteer does not know are left out; known but undecidable ones are kept with
``country`` None so a reader can see them. A town under ``SMALL_TOWN_POPULATION`` is only
reported in a locative context ("in Novi", "Novi, Michigan"): elsewhere a small town's name
is more often a person the small NER model took for a place ("Machado said").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from dyads.geo.gazetteer import Gazetteer, load_gazetteer
from dyads.geo.mentions import Mention, build_matcher, find_mentions
from dyads.geo.resolve import UNKNOWN, Evidence, Resolution, choose, is_certain
from dyads.model import Place

#: towns smaller than this need a locative context ("in Novi", "Novi, Michigan")
SMALL_TOWN_POPULATION = 100_000
#: the prepositions that make that context; "on"/"over" also take people ("attacks on X")
TOWN_PREPS = frozenset({"in", "at", "near", "to", "from", "into", "outside", "inside",
                        "across", "throughout", "around", "within"})


def _appositive_countries(span: Span, gazetteer: Gazetteer) -> set[str] | None:
    """Countries named in apposition: "Kandahar, Afghanistan" / "Atlanta, Georgia".

    A set, because the appositive itself may be ambiguous (Georgia: GEO or USA); the
    candidates of the head place then settle it.
    """
    doc = span.doc
    for child in span.root.children:
        if child.dep_ not in ("appos", "npadvmod", "conj") or child.i < span.end:
            continue
        if not any(t.text == "," for t in doc[span.end:child.left_edge.i + 1]):
            continue
        name = doc[child.left_edge.i:child.i + 1].text
        regions = gazetteer.lookup(name)
        countries = {e.country for e in regions if e.kind in ("country", "us_state") and e.country}
        if countries:
            # a US state narrows a US town further: "Bridgeport, Conn."
            states = {f"USA.{e.admin1}" for e in regions if e.kind == "us_state"}
            return countries | states
    return None


class PlaceComponent:
    """Finds and resolves the place mentions of a document (see the module docstring)."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.matcher = build_matcher(nlp, gazetteer.surface_forms)

    def _candidates(self, mention: Mention) -> tuple[Span, list]:  # type: ignore[type-arg]
        """The (sub)span that names a known place and its gazetteer entries."""
        span = mention.span
        cands = self.gazetteer.lookup(span.text)
        if cands or len(span) < 2 or mention.label != "FAC" or span[-1].pos_ != "NOUN":
            return span, cands
        # "Kabul airport": a facility named after its place and a common noun (not "Chicago
        # Tribune", not "Green Party")
        for end in range(span.end - 1, span.start, -1):
            sub = span.doc[span.start:end]
            if sub[-1].pos_ == "PROPN" and (cands := self.gazetteer.lookup(sub.text)):
                return span, cands
        return span, []

    def resolve(self, doc: Doc) -> list[tuple[Span, Resolution]]:
        """Each mention with its resolution (two passes, see the module docstring)."""
        items = []
        for mention in find_mentions(doc, self.matcher):
            span, cands = self._candidates(mention)
            if not cands:
                continue
            items.append((span, cands, _appositive_countries(span, self.gazetteer)))
        first = [choose(c, None, a) for _s, c, a in items]
        countries = {r.country for r in first if is_certain(r) and r.country}
        us_sents, foreign_sents = set(), set()
        for (span, _c, _a), r in zip(items, first):
            if is_certain(r) and r.entry is not None:
                if r.country == "USA" and r.entry.kind in ("us_state", "city"):
                    us_sents.add(span.sent.start)
                elif r.country != "USA" and r.entry.kind == "country":
                    foreign_sents.add(span.sent.start)
        by_root = {span.root.i: res for (span, _c, _a), res in zip(items, first)}
        out = []
        for (span, cands, appos), res in zip(items, first):
            sent = span.sent.start
            evidence = Evidence(countries, sent in us_sents and sent not in foreign_sents)
            head_res = by_root.get(span.root.head.i) if span.root.dep_ == "appos" else None
            if head_res is not None and head_res.country and head_res.entry is not None \
                    and head_res.entry.kind not in ("country", "continent"):
                # "Atlanta, Georgia": the appositive is the region of its head place
                res = choose(cands, evidence, {head_res.country})
            elif len(cands) > 1:
                res = choose(cands, evidence, appos)
            if res is UNKNOWN or (res.entry is not None and self._unlikely_town(span, res)):
                continue
            out.append((span, res))
        return out

    def _unlikely_town(self, span: Span, res: Resolution) -> bool:
        """A small town named outside any locative context: more likely a NER error on a
        person or organisation ("Machado said", "the Central and East European countries")."""
        entry = res.entry
        if (entry is None or entry.kind != "city" or entry.tier == 0
                or entry.population >= SMALL_TOWN_POPULATION):
            return False
        if res.how == "appositive" or any(c.dep_ == "appos" for c in span.root.children):
            return False
        head = span.root.head
        return not (span.root.dep_ == "pobj" and head.lower_ in TOWN_PREPS)

    def __call__(self, doc: Doc) -> Doc:
        places = []
        for span, res in self.resolve(doc):
            entry = res.entry
            places.append(Place(
                text=span.text,
                name=entry.name if entry else (span.text if res.country else None),
                country=res.country,
                geonameid=entry.geonameid if entry else None,
                lat=entry.lat if entry else None,
                lon=entry.lon if entry else None,
                start=span.start_char, end=span.end_char))
        doc._.dyads_places = places
        return doc


@Language.factory(
    "dyads_places",
    assigns=["doc._.dyads_places"],
    requires=["doc.ents", "token.dep", "token.tag"],
    default_config={"min_city_population": 15000, "places_path": None, "aliases_path": None},
)
def make_places(nlp: Language, name: str, min_city_population: int,
                places_path: str | None, aliases_path: str | None) -> PlaceComponent:
    """Factory of the places stage; the paths replace the packaged data files."""
    return PlaceComponent(nlp, load_gazetteer(min_city_population, places_path, aliases_path))
