"""The ``dyads_actors`` spaCy component: every political actor in a Doc, resolved.

Reads the parse and entities of the English model and ``doc._.dyads_published``; writes
``doc._.dyads_actors`` (list of :class:`dyads.model.ActorMention`, sorted by start) and
``doc.user_data[SOURCES_KEY]`` (how each mention's country was found: "kb", "span",
"coref", "dateline", "topic" or None; see :mod:`dyads.actors.context`). A
dateline is a place of filing, never an actor.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Token

from dyads.actors.context import SOURCES_KEY, ContextFiller, document_context
from dyads.actors.core import Resolution, resolve_words
from dyads.actors.coref import Antecedent, Coref
from dyads.actors.index import AliasIndex, alias_index, phrase_matcher
from dyads.actors.lookup import TITLES_KEY
from dyads.actors.resolve import normalize_date
from dyads.actors.spans import (
    POSS_PRON,
    Candidate,
    name_candidates,
    pronoun_candidates,
    role_candidates,
    surname_candidates,
    title_window,
)
from dyads.model import ActorMention
from dyads.nlp import extensions  # noqa: F401  (registers Doc._ attributes)


class ActorsComponent:
    """Find, resolve and link the actors of a document (see module docstring)."""

    def __init__(self, nlp: Language, name: str, user_actors: Iterable[str] = ()) -> None:
        self.name = name
        self.index: AliasIndex = alias_index(tuple(str(p) for p in user_actors))
        self.matcher, self.keys = phrase_matcher(self.index.kb, nlp.vocab, nlp.tokenizer)

    def __call__(self, doc: Doc) -> Doc:
        matches = [(self.keys[m], s, e) for m, s, e in self.matcher(doc)]
        doc._.dyads_actors = find_actors(doc, self.index, matches,
                                         normalize_date(doc._.dyads_published))
        return doc


@Language.factory(
    "dyads_actors",
    assigns=["doc._.dyads_actors"],
    requires=["token.dep", "token.pos", "doc.ents", "doc.sents"],
    default_config={"user_actors": []},
)
def make_actors(nlp: Language, name: str, user_actors: list[str]) -> ActorsComponent:
    """Factory of the actors stage; ``user_actors`` are paths of user dictionaries."""
    return ActorsComponent(nlp, name, user_actors)


def _sentence_index(doc: Doc) -> list[int]:
    idx = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for k in range(sent.start, sent.end):
            idx[k] = n
    return idx


def _words(tokens: list[Token], coref: Coref, sentence: int) -> list[str]:
    """Token texts, with a possessive pronoun replaced by the actor it stands for."""
    out: list[str] = []
    for t in tokens:
        if t.lower_ in POSS_PRON and t.dep_ == "poss":
            ante = coref.possessor(t, sentence)
            if ante is not None:
                # the antecedent as written, or the organisation a person speaks for
                if ante.res.identity is None and ante.res.org is not None:
                    out.extend(ante.res.org.name.split(" (")[0].split())
                else:
                    out.extend(ante.text.split())
                continue
        out.append(t.text)
    return out


def _resolve(doc: Doc, c: Candidate, index: AliasIndex, date: str | None, coref: Coref,
             sentence: int, evidence: dict[str, int]) -> Resolution:
    if c.kind == "name":
        before = _words(c.before, coref, sentence)
        span = [t.text for t in doc[c.start:c.end]]
        words = before + span + [t.text for t in c.after]
        return resolve_words(words, index, date, (len(before), len(before) + len(span)),
                             person=c.label == "PERSON", evidence=evidence)
    if c.display is not None:
        words = c.display.split() + [t.text for t in c.after]
    else:
        words = _words(c.before + list(doc[c.start:c.end]), coref, sentence)
        words += [t.text for t in c.after]
    return resolve_words(words, index, date, nominal=True, evidence=evidence)


def _adopt(res: Resolution, ante: Antecedent) -> Resolution:
    """Take the antecedent's identity; keep our own sector when our own role gave one."""
    a = ante.res
    sector = res.sector if res.role is not None and res.sector else a.sector
    return Resolution(a.country, sector, a.name, a.kb_id, a.identity, res.role or a.role, a.org)


def _mention(doc: Doc, c: Candidate, res: Resolution, sentence: int) -> ActorMention:
    code = f"{res.country or ''}{res.sector or ''}" or None
    return ActorMention(text=doc[c.start:c.end].text,
                        name=c.display if c.display is not None else res.name,
                        country=res.country, sector=res.sector, code=code,
                        start=doc[c.start].idx,
                        end=doc[c.end - 1].idx + len(doc[c.end - 1].text),
                        sentence=sentence, kb_id=res.kb_id)


def _linked(doc: Doc, c: Candidate, res: Resolution, coref: Coref, sentence: int
            ) -> tuple[Resolution, bool]:
    """The resolution after within-document coreference (surnames, acronyms, "the group"),
    and whether an earlier mention supplied it."""
    text = doc[c.start:c.end].text
    ante = None
    if c.kind == "name":
        ante = coref.name(text, c.label, res)
    elif c.display is None and res.country is None and c.end - c.start == 1 and \
            c.start > 0 and doc[c.start - 1].lower_ == "the":
        ante = coref.definite(doc[c.start].lower_, sentence)
    if ante is not None:
        return _adopt(res, ante), True
    if res.country is None and c.kind == "name" and c.label == "PERSON":
        org = coref.by_name_word([t.text for t in c.before])
        if org is not None:
            return Resolution(org.res.country, res.sector, res.name, res.kb_id,
                              res.identity, res.role, org.res.identity), True
    return res, False


def _in_context(doc: Doc, c: Candidate, res: Resolution, linked: bool,
                filler: ContextFiller) -> tuple[Resolution, str | None]:
    """The resolution after the document-context steps, and where its country came from."""
    if res.country is not None:
        return res, "coref" if linked else ("kb" if res.identity is not None else "span")
    span = [t.text for t in doc[c.start:c.end]]
    after = [t.text for t in c.after]
    if c.kind == "role":
        nominal = (c.display.split() if c.display is not None
                   else [t.text for t in c.before] + span)
        return filler.fill(res, nominal, after, "role")
    if c.label in ("PERSON", "ORG") and res.identity is None:
        # a person is domestic by the title before the name or the appositive after it;
        # an organisation also by its own name ("Supreme Court", "Interior Ministry")
        own = span if c.label == "ORG" else []
        return filler.fill(res, [t.text for t in c.before] + own + after, [], "name",
                           c.label)
    return res, None


def _detach_dateline(doc: Doc, names: list[Candidate], dateline: frozenset[int]) -> None:
    """The parser often hangs the first name on the dateline ("LILONGWE, Feb 12 — Opposition
    leader X" as an apposition of LILONGWE): the dateline describes no actor."""
    if not dateline:
        return
    for c in names:
        if c.appos_head in dateline or any(t.i in dateline for t in c.before):
            c.appos_head = None
            c.before = [t for t in title_window(doc, c.start) if t.i not in dateline]


def find_actors(doc: Doc, index: AliasIndex, matches: list[tuple[str, int, int]],
                date: str | None) -> list[ActorMention]:
    """All actor mentions of a parsed doc (the component's work, callable directly).

    ``matches`` are (alias text, start token, end token) of the KB PhraseMatcher.
    """
    sent_of = _sentence_index(doc)
    ctx = document_context(doc, index, matches)
    filler = ContextFiller(ctx)
    names = name_candidates(doc, matches, index, ctx.evidence, ctx.dateline_tokens)
    names = sorted(names + surname_candidates(doc, names), key=lambda c: c.start)
    _detach_dateline(doc, names, ctx.dateline_tokens)
    roles = role_candidates(doc, index, names)
    # a nationality word folded into a role nominal ("Russian officials") or a title
    # ("Afghan President Ashraf Ghani") is not its own actor
    in_roles = {k for c in roles for k in range(c.start, c.end)}
    in_titles = {t.i for c in names if c.label == "PERSON" for t in c.before}
    names = [c for c in names if not (c.label == "NORP" and (c.start in in_roles
                                                             or c.start in in_titles))]
    cands = sorted(names + roles + pronoun_candidates(doc), key=lambda c: (c.start, c.end))
    coref = Coref()
    out: list[ActorMention] = []
    sources: list[str | None] = []
    titles: dict[int, int] = {}
    for c in cands:
        sentence = sent_of[c.start]
        if c.kind == "pronoun":
            person = coref.pronoun(sentence)
            if person is not None:
                out.append(_mention(doc, c, person.res, sentence))
                sources.append("coref" if person.res.country else None)
            continue
        res, linked = _linked(doc, c, _resolve(doc, c, index, date, coref, sentence,
                                               ctx.evidence), coref, sentence)
        res, source = _in_context(doc, c, res, linked, filler)
        if res.country is None and res.sector is None and (
                c.kind == "role" or c.label in ("GPE", "NORP", "LOC", "FAC")):
            continue  # a place or a nationality word we cannot place is no actor
        filler.remember(res, source, c.label)
        coref.add(Antecedent(doc[c.start:c.end].text, c.label, sentence, res,
                             frozenset(t.lower_ for t in c.before)), doc, c.end)
        if c.appos_head is not None:
            titles[c.appos_head] = len(out)
        out.append(_mention(doc, c, res, sentence))
        sources.append(source)
    doc.user_data[SOURCES_KEY] = sources
    # title nouns of named actors ("Ambassador" in "Ambassador to India Nikolay Kudashev"),
    # for mention_for_token; plain ints so the Doc still serialises
    doc.user_data[TITLES_KEY] = titles
    return out
