"""Candidate events of a sentence: triggers, their arguments and clause facts.

A candidate is a trigger word (lexicon entry) with the actor and recipient mentions the
parse gives it, the PLOVER type and mode the lexicon and the manual's rules propose, and
tense / negation / modality. Whether a candidate becomes an event, and of which type, is
decided afterwards by a typer (``dyads.events.typer``), so a learned coder can take over that
step without touching the argument logic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from dyads.events.arguments import OBJECT_DEPS, ArgumentFinder
from dyads.events.clause import (
    clause_verb,
    content_ancestors,
    governing_speech_verb,
    is_hypothetical,
    is_infinitive,
    is_negated,
    is_past,
    negated_above,
    support_verb,
    tense_of,
)
from dyads.events.lexicon import Lexicon, Trigger
from dyads.events.rules import GOVERNING_FLAGS, ManualRules
from dyads.model import ActorMention

#: types whose content is presupposed to have happened (evaluations of an act)
FACTIVE_TYPES = frozenset({"ACCUSE", "SUPPORT", "REJECT", "CONCEDE"})
NAME_ENTITIES = frozenset({"DATE", "TIME", "PERSON", "GPE", "LOC", "ORG", "NORP", "FAC",
                           "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "WORK_OF_ART",
                           "EVENT", "LAW", "PRODUCT", "LANGUAGE"})
#: speech acts aimed at whoever their complement is about: "demanded that X halt the work",
#: "threatened to bar X's trucks", "charged that X's crews were building"
CONTENT_RECIPIENT_TYPES = frozenset({"REQUEST", "THREATEN", "ACCUSE"})
#: sectors of those who stage protests (civilians, opposition, unions, civil society, students)
PROTEST_SECTORS = frozenset({"CVL", "OPP", "LAB", "SOC", "EDU"})
#: prepositions whose object is what something is about, not an act reported as such
TOPIC_PREPS = frozenset({"on", "about", "over", "into", "regarding", "concerning"})
HEDGE_MODIFIERS = frozenset({"potential", "possible", "prospective", "planned", "proposed",
                             "future", "expected"})


@dataclass
class Candidate:
    """One possible event: a trigger with its arguments (see module docstring)."""

    sentence: Span
    trigger: Token
    entry: Trigger
    event_type: str
    mode: str | None
    actor: list[ActorMention]
    recipient: list[ActorMention]
    evidence: list[Token]
    tense: str = "present"
    negated: bool = False
    hypothetical: bool = False
    contexts: list[str] = field(default_factory=list)
    anchors: list[Token] = field(default_factory=list)  # tokens whose clause dates the event
    confidence: float = 0.8
    notes: list[str] = field(default_factory=list)  # why the rules decided as they did
    intended: str | None = None  # type of the act a commitment word governs ("pledged to send")
    recipient_is_place: bool = False  # recipient read from the place of the act
    reciprocal: bool = False  # participants named as "between X and Y": a two-sided act

    @property
    def symmetric_compound(self) -> bool:
        """All participants in ``actor`` (PLOVER reciprocal events), no recipient."""
        return not self.recipient and len({(m.country, m.sector, m.text)
                                           for m in self.actor}) >= 2


class CandidateFinder(ManualRules):
    """Finds the candidates of a sentence (see :meth:`find`)."""

    def __init__(self, lex: Lexicon, args: ArgumentFinder) -> None:
        self.lex = lex
        self.args = args
        self.onto = lex.ontology

    # ---------------------------------------------------------------- triggers
    def triggers(self, sent: Span) -> dict[int, Trigger]:
        found: dict[int, Trigger] = {}
        for tok in sent:
            if tok.ent_type_ in NAME_ENTITIES:
                continue  # "March" the month, "Strike Force" the name
            entry = self.lex.trigger_for(tok)
            if entry is not None and entry.pos == "VERB" and \
                    any(c.dep_ in ("oprd", "attr") for c in tok.children):
                # "was called a charlatan for ...": a characterisation, whatever else matches
                entry = next((t for t in self.lex.triggers.get((tok.lemma_.lower(), "VERB"), ())
                              if "characterise" in t.flags), entry)
            if entry is not None:
                found[tok.i] = entry
        # a trigger's required dependent is part of it ("signed an agreement", "cut ties")
        for i, entry in list(found.items()):
            for child in entry.required_children(sent.doc[i]):
                found.pop(child.i, None)
        return found

    def presupposed(self, tok: Token, gov_entry: Trigger) -> bool:
        """A nominal act with its own actor, judged by an evaluative act, happened:
        "condemned Russia's invasion of Ukraine" is also an invasion; "urged Russia's
        withdrawal" is no withdrawal (requests and threats are about what has not happened)."""
        if tok.pos_ not in ("NOUN", "PROPN") or gov_entry.event_type not in FACTIVE_TYPES:
            return False
        return tok.dep_ in ("nsubj", "nsubjpass") or bool(self.args.nominal_actor(tok))

    def governor(self, tok: Token, triggers: dict[int, Trigger]) -> Token | None:
        """The nearest trigger whose act ``tok`` is the content of, if any."""
        for anc in content_ancestors(tok):
            if anc.i in triggers:
                return anc
        return None

    # ---------------------------------------------------------------- main
    def find(self, sent: Span) -> list[Candidate]:
        """All candidates of one sentence."""
        triggers = self.triggers(sent)
        doc = sent.doc
        gov_of = {i: self.governor(doc[i], triggers) for i in triggers}
        governed: set[int] = set()  # governing words whose embedded act carries the event
        suppressed: set[int] = set()  # content of another act, not an event itself
        for i, gov in gov_of.items():
            if gov is None or "characterise" in triggers[gov.i].flags:
                continue  # "described X's call with Y a moment": no content relation
            gflags = triggers[gov.i].flags
            if gflags & {"refusal", "denial"} and triggers[i].flags & GOVERNING_FLAGS:
                suppressed.add(i)  # "rejected the proposal for talks": the rejection is the act
            elif gflags & GOVERNING_FLAGS:
                governed.add(gov.i)
            elif not self.presupposed(doc[i], triggers[gov.i]):
                suppressed.add(i)
        for _ in range(3):  # what a suppressed word governs is suppressed too
            suppressed |= {i for i, g in gov_of.items() if g is not None and g.i in suppressed}
        out: list[Candidate] = []
        for i, entry in triggers.items():
            tok = doc[i]
            if i in suppressed or (entry.flags & GOVERNING_FLAGS and i in governed):
                continue
            if "control" in entry.flags:
                continue  # "plans to", "desire to" with no act named: no event
            if tok.dep_ == "compound" and tok.pos_ in ("NOUN", "PROPN"):
                continue  # a modifier, not an act: "threat assessments", "aid influx"
            if "support_only" in entry.flags and support_verb(tok, self.lex) is None:
                continue
            gov = gov_of[i]
            if gov is not None and not triggers[gov.i].flags & GOVERNING_FLAGS:
                gov = None
            cand = self.build(sent, tok, entry, gov, triggers)
            if cand is not None:
                out.append(cand)
        return out

    def build(self, sent: Span, tok: Token, entry: Trigger, gov: Token | None,
              triggers: dict[int, Trigger]) -> Candidate | None:
        is_noun = tok.pos_ in ("NOUN", "PROPN")
        sv = support_verb(tok, self.lex) if is_noun else None
        cand = Candidate(sent, tok, entry, entry.event_type, entry.mode, [], [],
                         [tok, *entry.required_children(tok)] + ([sv] if sv is not None else []),
                         contexts=list(entry.contexts))
        cand.anchors = [tok] + ([sv] if sv is not None else [])
        if self.sporting(sent, tok, entry):
            return None
        self.arguments(cand, tok, is_noun, sv)
        self.clause_facts(cand, tok, is_noun, sv)
        if "characterise" in entry.flags and not self.characterise(cand, tok):
            return None
        if gov is not None:
            self.apply_governor(cand, gov, triggers[gov.i])
        if "joint" in entry.flags:
            self.joint(cand, tok)
        elif cand.symmetric_compound and self.onto.types[cand.event_type].quad in (2, 4) and \
                any(self.lex.is_a(c, "joint") for c in tok.children):
            # "X and Y ... joint raids": for the X-Y dyad a joint act is cooperation
            cand.event_type, cand.mode = "COOPERATE", None
            cand.notes.append("joint act of several actors -> COOPERATE")
        self.future_rule(cand)
        self.add_contexts(cand)
        cand.actor = [m for m in cand.actor if m not in cand.recipient] or cand.actor
        cand.recipient = [m for m in cand.recipient if m not in cand.actor]
        if cand.recipient and {(m.country, m.sector) for m in cand.recipient} == \
                {(m.country, m.sector) for m in cand.actor} and all(m.country for m in cand.actor):
            cand.recipient = []  # "Russian officials ... Russia": one side, not a dyad
            cand.notes.append("recipient same as actor: dropped")
        return cand

    # ---------------------------------------------------------------- arguments
    def _recipient_preps(self, entry: Trigger, event_type: str, is_noun: bool) -> tuple[str, ...]:
        preps = list(entry.preps) + list(self.lex.recipient_preps.get(event_type, ()))
        return tuple(dict.fromkeys(preps))

    def arguments(self, cand: Candidate, tok: Token, is_noun: bool, sv: Token | None) -> None:
        a = self.args
        entry = cand.entry
        preps = self._recipient_preps(entry, entry.event_type, is_noun)
        if is_noun:
            cand.actor = a.nominal_actor(tok)
            if not cand.actor and sv is not None:
                cand.actor = a.subject(sv)
                cand.notes.append(f"actor from support verb {sv.text!r}")
            elif not cand.actor and tok.dep_ in ("pobj", "dobj") and tok.head.pos_ == "ADP":
                cand.actor = []
        else:
            passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
            if tok.dep_ == "acl" and tok.tag_ == "VBN":
                # "soldiers killed in Ukraine": the participle's noun is the patient
                cand.actor = a.agent(tok)
                cand.recipient = a.phrase(tok.head)
                cand.notes.append("passive participle: its noun is the recipient")
            else:
                cand.actor = a.subject(tok)
            if passive:
                cand.recipient = a.phrase(passive[0]) or a.inside(passive[0])
                cand.notes.append("passive: subject is the recipient")
            if not cand.actor and entry.event_type == "ASSAULT":
                cand.actor = self.fired_from(tok)
        if entry.event_type == "PROTEST" and not any(m.country for m in cand.actor):
            crowd = self.protest_crowd(tok)
            if crowd:
                cand.actor = crowd
                cand.notes.append("actor: the protesters named in the sentence")
        between = [p for _, p in a.prep_objects(tok, ("between", "among"))]
        if not between and is_noun and tok.dep_ in ("nsubj", "nsubjpass") \
                and tok.head.pos_ in ("VERB", "AUX"):
            # "fighting broke out between X and Y", "clashes erupted between X and Y"
            between = [p for _, p in a.prep_objects(tok.head, ("between", "among"))]
        if not cand.recipient:
            cand.recipient = self._find_recipient(tok, is_noun, sv, preps)
        two_sided = is_noun and not cand.actor and "between" in preps
        if between and (self.onto.types[entry.event_type].symmetric or two_sided) \
                or "joint" in entry.flags:
            parts = [m for p in between for m in a.phrase(p)]
            own_actor = any(c.dep_ in ("poss", "nsubj", "nsubjpass", "agent") for c in tok.children)
            if len(parts) >= 2 and (not cand.actor or (is_noun and not own_actor and sv is None)):
                # "drills between Russia and China": the participants act together
                cand.actor, cand.recipient = parts, []
                cand.reciprocal = True
                cand.notes.append("participants from 'between'")
            elif parts and not cand.actor:
                cand.actor = parts
            elif parts and not cand.recipient:
                cand.recipient = parts
        if is_noun and cand.actor and not cand.recipient:
            cand.recipient = self.responder(tok, cand.actor)
        if "objactor" in entry.flags:
            objs = [c for c in tok.children if c.dep_ in OBJECT_DEPS]
            visitor = a.phrase(objs[0]) if objs else []
            if visitor:
                cand.actor, cand.recipient = visitor, cand.actor
                cand.notes.append("host verb: the object is the visitor (actor)")
        if not cand.recipient and entry.event_type in self.lex.location_recipient:
            for head in [tok] + ([sv] if sv is not None else []):
                for _, p in a.prep_objects(head, ("in", "into", "inside")):
                    found = [m for m in a.phrase(p) if m.country] or self.place_actor(p)
                    if found:
                        cand.recipient = found
                        cand.recipient_is_place = True
                        cand.confidence -= 0.1
                        cand.notes.append("recipient from the place of the act")
                        break

    def fired_from(self, verb: Token) -> list[ActorMention]:
        """Who fired what struck: "shells fired from the Sudanese side struck ...", "killed
        by fire from Sudan" (the origin of the projectile is the attacker)."""
        a = self.args
        verbs = [verb] + ([verb.head] if verb.dep_ == "conj" else [])  # "fired from X and hit"
        heads = [c for v in verbs for c in v.children if c.dep_ in ("nsubj", "agent")]
        heads += [p for c in heads if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        heads += verbs
        for h in heads:
            for node in [h, *(c for c in h.children if c.dep_ == "acl")]:
                for _, p in a.prep_objects(node, ("from",)):
                    found = [m for m in a.inside(p) if m.country]
                    if found:
                        return found
        return []

    def protest_crowd(self, tok: Token) -> list[ActorMention]:
        """Protesters of a PROTEST trigger whose subject names no country: the nearest civilian,
        opposition, union or civil-society actor with a country in its sentence, else the place."""
        sent = tok.sent
        found = [m for m in self.args.index.mentions if m.country and m.sector in PROTEST_SECTORS
                 and sent.start_char <= m.start < sent.end_char]
        if found:
            return [min(found, key=lambda m: abs(m.start - tok.idx))]
        if tok.dep_ == "pobj" and tok.head.lower_ in TOPIC_PREPS:
            return []  # "a summit on the unrest in Iran": a topic, not a reported protest
        # "the general strike in Malawi": unnamed protesters of the country it takes place in
        for _, p in self.args.prep_objects(tok, ("in",)):
            place = [m for m in self.args.phrase(p) if m.country] or self.place_actor(p)
            if place:
                return place
        return []

    def place_actor(self, tok: Token) -> list[ActorMention]:
        """A resolved place (geo stage) standing for its country: "exercises in Alaska"."""
        for p in tok.doc._.dyads_places or []:
            if p.country and p.start <= tok.idx < p.end:
                # sentence -1: a stand-in built here, not one of the actors stage's mentions
                return [ActorMention(p.text, p.name, p.country, None, p.country, p.start, p.end,
                                     -1)]
        return []

    def _find_recipient(self, tok: Token, is_noun: bool, sv: Token | None,
                        preps: tuple[str, ...]) -> list[ActorMention]:
        """Recipient of a trigger: objects, prepositional objects (also of the trigger's
        required words: "imposed sanctions on X"), then actors inside those phrases, then the
        complement of a speech act. Actors with a country beat country-less ones
        ("deployed warships near Taiwan")."""
        a = self.args
        entry = self.lex.trigger_for(tok)
        own = entry.required_children(tok) if entry is not None else []
        heads = [tok] + own + ([sv] if sv is not None else [])
        fallback: list[ActorMention] = []

        def objects(head: Token) -> list[Token]:
            if head.i == tok.i and is_noun:
                return []
            # "withdrew its troops": a possessive pronoun marks the actor's own, not a party
            return [c for c in head.children if c.dep_ in OBJECT_DEPS and c.i != tok.i
                    and not any(g.dep_ == "poss" and g.pos_ == "PRON" for g in c.children)]

        def good(found: list[ActorMention]) -> bool:
            nonlocal fallback
            if found and any(m.country for m in found):
                return True
            if found and not fallback:
                fallback = found
            return False

        for head in heads:
            for o in objects(head):
                found = a.phrase(o)
                if o in own and not any(m.country for m in found):
                    continue  # "shared intelligence": the trigger's own word, not a party
                if good(found):
                    return found
            for _, p in a.prep_objects(head, preps):
                if good(found := a.phrase(p)):
                    return found
        for head in heads:
            # the trigger's own word may itself name no party but contain one
            # ("provide $5 million in loans to X"); "shared intelligence" names none
            for o in [o for o in objects(head) if o not in own or not a.phrase(o)] + \
                    [p for _, p in a.prep_objects(head, preps)]:
                if good(found := a.inside(o)):
                    return found
        if not is_noun:
            # "arrived in Manila for talks with his Philippine counterpart"
            for _, p in a.prep_objects(tok, ("for",)):
                for _, q in a.prep_objects(p, ("with",)):
                    if good(found := a.phrase(q)):
                        return found
            directive = entry is not None and entry.event_type in CONTENT_RECIPIENT_TYPES
            for c in tok.children:
                # "threatened on Monday to bar ...": the parser's infinitival advcl
                complement = c.dep_ in ("xcomp", "ccomp") or (directive and c.dep_ == "advcl"
                                                              and is_infinitive(c))
                if complement and c.pos_ in ("VERB", "AUX"):
                    if directive and c.dep_ == "ccomp":
                        # "demanded that Kyrgyzstan halt", "charged that Kyrgyz crews were"
                        for subj in c.children:
                            if subj.dep_ in ("nsubj", "nsubjpass") and subj.pos_ != "PRON" \
                                    and good(found := a.phrase(subj) or a.inside(subj)):
                                return found
                    for o in objects(c):
                        if good(found := a.inside(o)):
                            return found
                    for _, p in a.prep_objects(c, preps + ("with", "to", "on", "against")):
                        if good(found := a.inside(p)):
                            return found
                    if directive:
                        # "threatened to bar Lithuanian-registered trucks"
                        for o in objects(c):
                            if good(found := [m for m in a.index.in_tokens(o.subtree)
                                              if m.country]):
                                return found
        return fallback

    # ---------------------------------------------------------------- clause facts
    def clause_facts(self, cand: Candidate, tok: Token, is_noun: bool, sv: Token | None) -> None:
        verb = sv if sv is not None else clause_verb(tok)
        speech = governing_speech_verb(verb, self.lex)
        reported_past = speech is not None and is_past(speech)
        # a nominal act in subject position is presupposed, not hedged by its clause's modal
        # ("Russia's solidarity with X could translate into ...")
        presupposed = is_noun and sv is None and tok.dep_ in ("nsubj", "nsubjpass")
        cand.tense = tense_of(verb, self.lex, reported_past)
        cand.negated = is_negated(tok, self.lex) or (sv is not None and is_negated(sv, self.lex)) \
            or (not is_noun and negated_above(tok, self.lex))
        cand.hypothetical = (not presupposed and is_hypothetical(verb, self.lex, reported_past)) \
            or any(c.lemma_.lower() in HEDGE_MODIFIERS for c in tok.children if c.dep_ == "amod")
        if cand.hypothetical:
            cand.confidence -= 0.2
        if verb is not None and verb.i != tok.i:
            cand.anchors.append(verb)
