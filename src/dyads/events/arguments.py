"""Actor and recipient of a trigger, read off the dependency parse.

Actors are the ``ActorMention`` objects the actors stage wrote on ``doc._.dyads_actors``;
this module only decides which of them fill which role.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

from dyads.events.clause import clause_verb, governing_speech_verb, is_clause_head
from dyads.events.lexicon import Lexicon
from dyads.model import ActorMention

SUBJECT_DEPS = ("nsubj", "csubj")
PASSIVE_SUBJECT_DEPS = ("nsubjpass",)
OBJECT_DEPS = ("dobj", "obj", "dative")
MODIFIER_DEPS = ("poss", "compound", "amod", "nmod", "npadvmod")
#: plural nouns that, with "two" or "both", refer back to the two parties of the story
#: ("the two countries signed", "both sides agreed")
PAIR_NOUNS = frozenset({"country", "side", "nation", "government", "neighbour", "neighbor",
                        "capital", "state", "minister", "leader", "president", "delegation",
                        "party", "foreign minister", "army", "military", "force", "navy",
                        "coast guard", "service", "official"})
#: participles whose "by" agent authored the act their noun names ("a demand made by X")
AUTHORING_VERBS = frozenset({"make", "issue", "put", "submit", "present", "lodge", "voice",
                             "send", "file", "deliver", "announce", "offer", "raise", "table"})
#: dashes ending a wire-copy dateline ("BISHKEK, March 14 (Wire) - ...")
DATELINE_DASHES = frozenset({"-", "—", "–", "--"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "mine", "ours"})
THIRD_PERSON = frozenset({"he", "she", "it", "they", "him", "her", "them", "his", "its",
                          "their", "theirs", "hers"})


def dateline_end(doc: Doc) -> int:
    """Token index just after a wire-copy dateline opening ``doc`` ("BISHKEK, March 14
    (Meridian Wire) - "), or 0. The dateline names where the story was filed, not a party to
    it; the parser makes its city the subject of the lede's verb, so roles must skip it."""
    first = doc[0].text if len(doc) else ""
    if len(doc) < 3 or len(first) < 2 or not first.isupper() \
            or not first.replace("'", "").replace("-", "").isalpha():
        return 0
    for tok in doc[1:16]:
        if tok.text in DATELINE_DASHES:
            return tok.i + 1
        if tok.is_sent_start or tok.pos_ in ("VERB", "AUX") or "\n" in tok.text:
            break
    return 0


class MentionIndex:
    """Token -> actor mention lookup for one ``Doc`` (mentions are given by char offsets;
    mentions inside a dateline are left out, see :func:`dateline_end`)."""

    def __init__(self, doc: Doc, mentions: Sequence[ActorMention] | None) -> None:
        self.doc = doc
        self.dateline = dateline_end(doc)
        limit = doc[self.dateline - 1].idx + 1 if self.dateline else 0
        self.mentions = [m for m in mentions or [] if m.start >= limit]
        self._by_token: dict[int, ActorMention] = {}
        for m in self.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                # the shortest mention wins where mentions nest ("Russia's Ambassador to India")
                old = self._by_token.get(tok.i)
                if old is None or (m.end - m.start) < (old.end - old.start):
                    self._by_token[tok.i] = m

    def at(self, tok: Token) -> ActorMention | None:
        return self._by_token.get(tok.i)

    def in_tokens(self, toks: Iterable[Token]) -> list[ActorMention]:
        out: list[ActorMention] = []
        for t in toks:
            m = self.at(t)
            if m is not None and m not in out:
                out.append(m)
        return out


def _dedupe(ms: Iterable[ActorMention]) -> list[ActorMention]:
    out: list[ActorMention] = []
    for m in ms:
        if all(m is not o for o in out):
            out.append(m)
    return out


class ArgumentFinder:
    """Finds the actor mentions filling a phrase, a subject, or a prepositional role."""

    def __init__(self, index: MentionIndex, lex: Lexicon) -> None:
        self.index = index
        self.lex = lex

    # ---------------------------------------------------------------- noun phrases
    def phrase(self, head: Token, depth: int = 2, conj: bool = True) -> list[ActorMention]:
        """Actors a noun phrase denotes: itself, its apposition, or (for people and
        organisation nouns such as "officials") its modifiers; conjuncts give lists."""
        heads = [head] + (list(head.conjuncts) if conj else [])
        if conj:
            # "The US, Russia, and Switzerland": a list the parser reads as an apposition
            for c in head.children:
                if c.dep_ == "appos" and any(g.dep_ == "conj" for g in c.children):
                    heads += [c, *c.conjuncts]
        out: list[ActorMention] = []
        for h in heads:
            parts = self.conjoined_modifiers(h) if conj else []
            out.extend(parts or self._single(h, depth))
        return _dedupe(out)

    def conjoined_modifiers(self, noun: Token, depth: int = 1) -> list[ActorMention]:
        """Parties of a noun phrase whose modifiers are coordinated actors: "Kyrgyz and Tajik
        troops" (both sides, not the one the head noun was resolved to), also through an
        agent noun's "of" ("the heads of the Kyrgyz and Tajik border services")."""
        found: list[ActorMention] = []
        for c in noun.children:
            if c.i < noun.i and c.dep_ in ("amod", "compound", "nmod", "poss") \
                    and any(g.dep_ == "conj" for g in c.children):
                found = [m for t in (c, *c.conjuncts) if (m := self.index.at(t)) is not None]
                break
        if len({m.country for m in found if m.country}) >= 2:
            return _dedupe(found)
        if depth > 0 and self.lex.is_a(noun, "agent"):
            for c in noun.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            parts = self.coordinated_parties(p)
                            if parts:
                                return parts
        return []

    def coordinated_parties(self, head: Token) -> list[ActorMention]:
        """Both ends of "X and Y" where X is a bare nationality and Y a noun phrase it shares
        ("the Kyrgyz and Tajik border services"), or ``conjoined_modifiers`` of ``head``."""
        parts = self.conjoined_modifiers(head, depth=0)
        if parts:
            return parts
        conj = [c for c in head.children if c.dep_ == "conj"]
        first = self.index.at(head)
        if first is None or not conj:
            return []
        found = [first]
        for c in conj:
            m = self.index.at(c) or next(
                (self.index.at(g) for g in c.children
                 if g.dep_ in ("amod", "compound") and g.i < c.i and self.index.at(g)), None)
            if m is not None:
                found.append(m)
        return _dedupe(found) if len({m.country for m in found if m.country}) >= 2 else []

    def _single(self, h: Token, depth: int) -> list[ActorMention]:
        m = self.index.at(h)
        if (m is None or not m.country) and h.lemma_.lower() in PAIR_NOUNS and any(
                c.lower_ in ("two", "both") for c in h.children
                if c.dep_ in ("nummod", "det", "predet", "quantmod", "amod")):
            pair = self.recent_pair(h)
            if pair:
                return pair
        if m is not None:
            return [m]
        if h.pos_ == "PRON":
            return self.pronoun(h)
        for c in h.children:
            if c.dep_ == "appos":
                m = self.index.at(c)
                if m is not None:
                    return [m]
        if self.lex.is_a(h, "agent") and depth > 0:
            found = [self.index.at(c) for c in h.children if c.dep_ in MODIFIER_DEPS]
            found += [self.index.at(gc) for c in h.children if c.dep_ == "compound"
                      for gc in c.children if gc.dep_ in MODIFIER_DEPS]
            hits = [f for f in found if f is not None]
            if not hits:
                for c in h.children:
                    if c.dep_ == "poss" and c.pos_ == "PRON":
                        hits = self.pronoun(c)
            if not hits:
                for c in h.children:
                    if c.dep_ == "prep" and c.lower_ in ("of", "from"):
                        hits = [m for p in c.children if p.dep_ == "pobj"
                                for m in self._single(p, depth - 1)]
            return hits[:1]
        return []

    def recent_pair(self, tok: Token, sentences: int = 4) -> list[ActorMention]:
        """The two parties "the two countries" / "both sides" refers to: the last two
        countries named before ``tok`` (in its sentence or the few before it)."""
        sent = tok.sent
        first = sent.start
        for _ in range(sentences):
            if first == 0:
                break
            first = tok.doc[first - 1].sent.start
        lo, hi = tok.doc[first].idx, tok.idx
        found: dict[str, ActorMention] = {}
        for m in sorted(self.index.mentions, key=lambda m: m.start, reverse=True):
            if lo <= m.start and m.end <= hi and m.country and m.country not in found:
                found[m.country] = m
                if len(found) == 2:
                    return sorted(found.values(), key=lambda m: m.start)
        return []

    def inside(self, head: Token, depth: int = 2) -> list[ActorMention]:
        """Actors named inside a phrase that is not itself an actor: "the Taliban's interest",
        "a solution between X and Y", "Russian assistance"."""
        direct = self.phrase(head, depth)
        if depth <= 0 or any(m.country for m in direct):
            return direct
        if direct:
            # "a Belarusian potash exporter and three officials": a party named inside the
            # phrase beats a country-less one
            named = [m for c in head.children if c.dep_ in ("amod", "compound", "nmod")
                     and c.pos_ != "PRON" for m in self.phrase(c, depth - 1) if m.country]
            return _dedupe(named) or direct
        out: list[ActorMention] = []
        for c in head.children:
            # "its border with Turkey": a pronoun possessor is the actor's own, not a party
            if c.dep_ in ("poss", "compound", "amod", "nmod") and c.pos_ != "PRON":
                out.extend(self.phrase(c, depth - 1))
        if out:
            return _dedupe(out)
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("between", "with", "of", "to", "for", "from"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        out.extend(self.inside(p, depth - 1))
        return _dedupe(out)

    def modifiers(self, noun: Token) -> list[ActorMention]:
        """Actors among a nominal trigger's own left modifiers: "Russian cyberattacks",
        "Russia-Pakistan cooperation", "US asset freezes"."""
        out: list[ActorMention] = []
        for c in noun.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < noun.i:
                out.extend(self.index.in_tokens(c.subtree))
        return _dedupe(out)

    # ---------------------------------------------------------------- pronouns
    def pronoun(self, tok: Token) -> list[ActorMention]:
        """Antecedent of a personal pronoun: the speaker for "we" inside reported speech, the
        governing subject ("Russia insisted it ..."), else the nearest earlier subject."""
        low = tok.lower_
        if low == "it" and tok.dep_ in ("dobj", "obj", "pobj"):
            return []  # an object "it" is mostly a thing ("return to visit it")
        verb = clause_verb(tok)
        speech = governing_speech_verb(verb, self.lex) if verb is not None else None
        if low in FIRST_PERSON:
            return self.subject(speech) if speech is not None else []
        if low not in THIRD_PERSON:
            return []
        if speech is not None:
            found = self.subject(speech, resolve_pronouns=False)
            if found:
                return found
        # an earlier subject in the same sentence, then in the previous two sentences
        sent = tok.sent
        candidates = [t for t in tok.doc[sent.start:tok.i] if t.dep_ in SUBJECT_DEPS]
        for t in reversed(candidates):
            found = self.phrase(t, conj=False) if t.pos_ != "PRON" else []
            if found:
                return found
        start = sent.start
        for _ in range(2):
            if start == 0:
                break
            prev = tok.doc[start - 1].sent
            for t in reversed([t for t in prev if t.dep_ in SUBJECT_DEPS and t.pos_ != "PRON"]):
                found = self.phrase(t, conj=False)
                if found:
                    return found
            start = prev.start
        return []

    # ---------------------------------------------------------------- clause roles
    def subject(self, verb: Token | None, resolve_pronouns: bool = True) -> list[ActorMention]:
        """Actor of a clause: its subject, or the "by" agent of a passive; an infinitive or
        participle without subject takes its controller's ("Russia pledged to send")."""
        if verb is None:
            return []
        for c in verb.children:
            if c.dep_ not in SUBJECT_DEPS:
                continue
            if c.i < self.index.dateline:
                # "DUSHANBE, Feb 6 - Tajikistan's foreign ministry accused": the parser hangs
                # the real subject on the dateline's city
                c = next((d for d in c.subtree if d.i >= self.index.dateline
                          and d.head.i < self.index.dateline
                          and d.dep_ in ("appos", "npadvmod", "dep", "conj", "nmod")
                          and d.pos_ in ("NOUN", "PROPN")), None)
                if c is None:
                    continue
            if c.pos_ == "PRON" and not resolve_pronouns:
                return []
            if c.lower_ in ("that", "which", "who") and verb.dep_ == "relcl":
                return self.phrase(verb.head)
            return self.phrase(c)
        for c in verb.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return self.phrase(p)
        if any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.children):
            return []
        return self.controller(verb)

    def agent(self, verb: Token) -> list[ActorMention]:
        """The "by" agent of a passive verb or participle."""
        for c in verb.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return self.phrase(p)
        return []

    def controller(self, verb: Token) -> list[ActorMention]:
        """Who performs a subjectless verb: object control ("urged Iran to"), subject
        control, coordination, relative clauses and nouns it complements ("efforts to")."""
        head = verb.head
        if head.i == verb.i:
            return []
        dep = verb.dep_
        if dep in ("xcomp", "advcl") and self.lex.is_a(head, "objcontrol"):
            # passive object control: "Obama was pressured by Congress to help Iran"
            pass_subj = [c for c in head.children if c.dep_ == "nsubjpass"]
            if pass_subj:
                return self.phrase(pass_subj[0])
        if dep == "xcomp" and self.lex.is_a(head, "objcontrol"):
            objs = [c for c in head.children if c.dep_ in OBJECT_DEPS]
            if objs:
                return self.phrase(objs[0])
        if dep in ("xcomp", "conj", "advcl", "pcomp") and is_clause_head(head):
            return self.subject(head)
        if dep == "pcomp" or (dep == "pobj" and head.dep_ == "prep"):
            gov = head.head
            if is_clause_head(gov):
                objs = [c for c in gov.children if c.dep_ in OBJECT_DEPS]
                if objs and self.lex.is_a(gov, "objcontrol"):
                    return self.phrase(objs[0])  # "accused Russia of attacking"
                return self.subject(gov)
        if dep == "relcl":
            return self.phrase(head)
        if dep == "acl":
            return self.nominal_actor(head)
        return []

    def nominal_actor(self, noun: Token) -> list[ActorMention]:
        """Actor of a nominal trigger: possessor ("Khan's call"), "by" agent, actor
        modifiers ("Russian cyberattacks"), or a coordinated noun's actor."""
        for c in noun.children:
            if c.dep_ == "poss":
                found = self.phrase(c, conj=True)
                if found:
                    return found
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ == "by":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return self.phrase(p)
        for c in noun.children:
            if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in AUTHORING_VERBS:
                found = self.agent(c)  # "a demand made by Dushanbe"
                if found:
                    return found
        mods = self.modifiers(noun)
        if mods:
            return mods
        if noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
            return self.nominal_actor(noun.head)
        return []

    def prep_objects(self, tok: Token, preps: Sequence[str]) -> list[tuple[str, Token]]:
        """(preposition, object) pairs of ``tok``'s prepositional dependents in ``preps``."""
        out: list[tuple[str, Token]] = []
        for c in tok.children:
            if c.dep_ in ("prep", "prt", "dative", "agent") and c.lower_ in preps:
                for p in c.children:
                    if p.dep_ in ("pobj", "pcomp"):
                        out.append((c.lower_, p))
        return out
