"""The PLOVER manual's coding rules, applied to a candidate after its arguments are found.

- intended or future cooperation is AGREE, an announced retreat CONCEDE, a stated intent to
  harm THREATEN; a refused act is REJECT with the refused act's mode; a negated commitment
  is a refusal;
- joint exercises are COOPERATE, single-country drills MOBILIZE;
- "called X a partner" / "described X as a threat" is SUPPORT or ACCUSE by the predicate;
- contexts come from the trigger entry and from context words in the clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from dyads.events.arguments import OBJECT_DEPS, ArgumentFinder
from dyads.events.clause import (
    clause_verb,
    is_hypothetical,
    is_negated,
    support_verb,
    tense_of,
)
from dyads.events.lexicon import Lexicon, Trigger
from dyads.kb.plover import Ontology
from dyads.model import ActorMention

if TYPE_CHECKING:
    from dyads.events.candidates import Candidate

GOVERNING_FLAGS = frozenset({"intent", "control", "refusal", "denial", "threat"})
#: cooperative types the manual turns into AGREE when they are intended or in the future
FUTURE_TO_AGREE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "AGREE"})
#: REJECT / REQUEST mode for the type of the refused or requested act
REFUSED_MODE = {"CONSULT": "meet", "AGREE": "meet", "COOPERATE": "assist", "AID": "assist",
                "SUPPORT": "assist", "RETREAT": "yield", "CONCEDE": "yield"}
#: THREATEN mode for a threatened act
#: support verbs that declare a nominal act rather than carry it out ("announced a ceasefire")
DECLARING_VERBS = frozenset({"announce", "declare", "proclaim"})
RESPONSE_WORDS = frozenset({"respond", "response", "react", "reaction", "reply", "answer",
                            "retort", "retaliation", "retaliate"})
#: verbs of winning or meeting: between teams or players (a "sport" word or a score nearby)
#: no ASSAULT or CONSULT ("Kazakhstan beat Kyrgyzstan 2-1", "the two sides meet in the final")
CONTEST_VERBS = frozenset({"beat", "defeat", "crush", "rout", "thrash", "trounce", "edge",
                           "overcome", "down", "stun", "upset", "hammer", "outclass", "outplay",
                           "meet", "play", "face"})
_SCORE = re.compile(r"\b\d{1,2}\s?[-–]\s?\d{1,2}\b")
THREAT_MODE = {"ASSAULT": "violence", "COERCE": None, "SANCTION": "relations"}


class ManualRules:
    """Mixin of :class:`dyads.events.candidates.CandidateFinder` holding the manual's rules."""

    lex: Lexicon
    args: ArgumentFinder
    onto: Ontology
    # provided by CandidateFinder
    _find_recipient: Callable[[Token, bool, Token | None, tuple[str, ...]], list[ActorMention]]
    _recipient_preps: Callable[[Trigger, str, bool], tuple[str, ...]]

    def characterise(self, cand: Candidate, tok: Token) -> bool:
        """"called X a partner" / "described X as a threat": SUPPORT or ACCUSE by polarity."""
        # active "called X a partner", or passive "X was called a partner by Y"
        objs = [c for c in tok.children if c.dep_ in OBJECT_DEPS + ("nsubjpass",)]
        if not objs:
            return False
        target = self.args.phrase(objs[0])
        if not target:
            return False
        preds = [c for c in tok.children if c.dep_ in ("oprd", "attr", "xcomp", "ccomp")
                 or (c.dep_ in OBJECT_DEPS and c.i != objs[0].i)]  # "branded X a Y" as 2 objects
        preds += [c for c in objs[0].children if c.dep_ == "appos"]
        preds += [p for _, p in self.args.prep_objects(tok, ("as",))]
        words = [w for p in preds for w in [p, *(c for c in p.children
                                                 if c.dep_ in ("amod", "compound"))]]
        pos = any(self.lex.is_a(w, "positive") for w in words)
        neg = any(self.lex.is_a(w, "negative") for w in words)
        if pos == neg:
            return False
        cand.event_type, cand.mode = ("SUPPORT", None) if pos else ("ACCUSE", "disapprove")
        cand.recipient = target
        cand.evidence += preds
        cand.confidence -= 0.05
        cand.notes.append(f"characterisation, {'positive' if pos else 'negative'} predicate")
        return True

    def apply_governor(self, cand: Candidate, gov: Token, gentry: Trigger) -> None:
        """Intended, refused or denied acts (manual: intended cooperation is AGREE)."""
        is_noun = gov.pos_ in ("NOUN", "PROPN")
        gsv = support_verb(gov, self.lex) if is_noun else None
        if not cand.actor:
            cand.actor = self.args.nominal_actor(gov) if is_noun else self.args.subject(gov)
            if not cand.actor and gsv is not None:
                cand.actor = self.args.subject(gsv)
        if not cand.recipient:
            cand.recipient = self._find_recipient(gov, is_noun, gsv, self._recipient_preps(
                gentry, gentry.event_type, is_noun))
        cand.evidence.append(gov)
        cand.anchors += [gov] + ([gsv] if gsv is not None else [])
        gverb = gsv if gsv is not None else clause_verb(gov)
        if is_negated(gov, self.lex) or (gsv is not None and is_negated(gsv, self.lex)):
            cand.negated = True
        if gverb is not None:
            gtense = tense_of(gverb, self.lex)
            cand.hypothetical = cand.hypothetical or is_hypothetical(gverb, self.lex)
        else:
            gtense = "present"
        t = cand.event_type
        flags = gentry.flags
        cand.intended = t
        if "denial" in flags:
            cand.negated = True
            cand.notes.append(f"denied by {gov.text!r}")
            return
        if "refusal" in flags:
            if cand.trigger.pos_ in ("NOUN", "PROPN"):
                # "Belarus rejected Lithuania's demand": the refuser acts on whoever made it
                own = self.args.nominal_actor(cand.trigger)
                refuser = self.args.subject(gsv if gsv is not None else clause_verb(gov)) \
                    if is_noun else self.args.subject(gov)
                if own and refuser and {m.country for m in own} != {m.country for m in refuser}:
                    cand.actor, cand.recipient = refuser, own
                    cand.notes.append("refused proposal: its author is the recipient")
            cand.event_type, cand.mode = "REJECT", REFUSED_MODE.get(t)
            cand.tense = gtense
            cand.notes.append(f"refused act {t} -> REJECT")
            return
        # the commitment is dated by its own verb ("pledged": past); the act itself is future
        cand.tense = "future"
        if t in FUTURE_TO_AGREE:
            cand.event_type, cand.mode, cand.tense = "AGREE", None, gtense
            cand.notes.append(f"intended {t} -> AGREE")
        elif t == "RETREAT":
            cand.event_type, cand.mode, cand.tense = "CONCEDE", None, gtense
            cand.notes.append("announced retreat -> CONCEDE")
        elif flags & {"threat", "control"} and t in THREAT_MODE:
            # "vowed to strike X", "wants to attack X": a stated intent to harm is a threat
            cand.event_type, cand.mode = "THREATEN", THREAT_MODE[t]
            cand.notes.append(f"intended {t} -> THREATEN")

    def joint(self, cand: Candidate, tok: Token) -> None:
        """Manual: joint exercises are COOPERATE, single-country drills MOBILIZE."""
        marked = any(self.lex.is_a(c, "joint") for c in tok.children)
        parties = {m.country or m.text for m in cand.actor + cand.recipient}
        with_prep = bool(self.args.prep_objects(tok, ("with", "between")))
        if marked or (len(parties) >= 2 and (with_prep or len(cand.actor) >= 2)):
            cand.event_type, cand.mode = "COOPERATE", None
            cand.notes.append("joint exercise -> COOPERATE")
            if cand.recipient_is_place and len(cand.actor) >= 2:
                cand.recipient = []  # the partners are the dyad, not the host region

    def future_rule(self, cand: Candidate) -> None:
        """Manual: future cooperation is AGREE; an announced future retreat is CONCEDE.

        A negated commitment ("said it would not provide support", "will not meet") is a
        refusal: REJECT with the mode of the refused act.
        """
        if cand.negated and cand.event_type in ("AGREE", "CONCEDE") and cand.intended:
            cand.event_type, cand.mode = "REJECT", REFUSED_MODE.get(cand.intended)
            cand.negated = False
            cand.notes.append("negated commitment -> REJECT")
            return
        if cand.event_type == "RETREAT" and cand.trigger.pos_ in ("NOUN", "PROPN") and \
                any(a.lemma_.lower() in DECLARING_VERBS for a in cand.anchors):
            # manual: declarations (not implementations) of ceasefires and withdrawals
            cand.event_type, cand.mode = "CONCEDE", None
            cand.notes.append("declared RETREAT -> CONCEDE")
            return
        if cand.tense != "future":
            return
        if cand.negated and cand.event_type in FUTURE_TO_AGREE:
            cand.notes.append(f"negated future {cand.event_type} -> REJECT")
            cand.event_type, cand.mode = "REJECT", REFUSED_MODE.get(cand.event_type)
            cand.negated = False
            return
        if cand.event_type in THREAT_MODE and not cand.negated:
            # manual: THREATEN is in effect a future or hypothetical ASSAULT; "will attack X"
            # reported as a stated future act is a threat, not an attack
            cand.notes.append(f"future {cand.event_type} -> THREATEN")
            cand.event_type, cand.mode = "THREATEN", THREAT_MODE[cand.event_type]
        elif cand.event_type in ("CONSULT", "SUPPORT", "COOPERATE", "AID"):
            cand.notes.append(f"future {cand.event_type} -> AGREE")
            cand.event_type, cand.mode = "AGREE", None
        elif cand.event_type == "RETREAT":
            cand.notes.append("future RETREAT -> CONCEDE")
            cand.event_type, cand.mode = "CONCEDE", None

    def add_contexts(self, cand: Candidate) -> None:
        verb = clause_verb(cand.trigger) or cand.trigger
        seen = list(cand.contexts)
        for t in verb.subtree:
            ctx = self.lex.context_words.get(t.lemma_.lower()) or \
                self.lex.context_words.get(t.lower_)
            if ctx and ctx not in seen:
                seen.append(ctx)
        if cand.mode in ("cyber", "misinformation") and cand.mode not in seen:
            seen.append(cand.mode)
        cand.contexts = seen

    def sporting(self, sent: Span, tok: Token, entry: Trigger) -> bool:
        """A verb of winning in a sporting context ("Kazakhstan beat Kyrgyzstan 2-1")."""
        if tok.lemma_.lower() not in CONTEST_VERBS:
            return False
        return bool(_SCORE.search(sent.text)) or any(self.lex.is_a(t, "sport") for t in sent)

    def responder(self, noun: Token, actor: list[ActorMention]) -> list[ActorMention]:
        """Whoever answers an act is its recipient: "responding to Russian warnings, the
        Turkmen ministry said", "in response to the US sanctions, Iran ..."."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ != "to" or \
                prep.head.lemma_.lower() not in RESPONSE_WORDS:
            return []
        word = prep.head
        verb = word if word.pos_ in ("VERB", "AUX") else clause_verb(word)
        who = self.args.subject(verb) if verb is not None else []
        if who and {m.country for m in who} != {m.country for m in actor}:
            return who
        return []
