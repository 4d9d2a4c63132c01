"""The rule-based article coder used as a dyad coder, and its combination with the learned one.

:class:`RuleDyadCoder` codes a (sentence, source, target) item with the same trigger lexicon,
argument rules and PLOVER manual rules as the article pipeline: it runs the actors stage on
the sentence, makes the marked source and target count as actor mentions (a dyad benchmark
marks common nouns such as "the protesters" that the actor layer does not know), and keeps
the candidates whose actor overlaps the source and whose recipient overlaps the target
(either way round for symmetric types, and "X and Y met" for reciprocal ones), not negated
("did not meet"; negations the rules read as refusals stay REJECT). The article
pipeline itself is untouched: the events component is only asked for candidates.

:class:`HybridDyadCoder` merges the two: the rules' type gets :data:`RULE_WEIGHT` added to
its learned probability, so the rules decide unless the learned coder is clearly sure of
another label; where no rule fires the learned coder decides alone. On PLV_train this beats
either coder alone (figures in ``benchmarks/events_dyad.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from dyads.events.candidates import Candidate
from dyads.events.component import EventComponent
from dyads.events.dyad import NONE, DyadCoder, get_coder
from dyads.kb.plover import Ontology
from dyads.model import ActorMention

Span = tuple[int, int]

#: added to the learned probability of the type the rules chose (benchmarks/events_dyad.py)
RULE_WEIGHT = 0.5


@dataclass(frozen=True)
class RuleDecision:
    """What the rules say about one dyad: a PLOVER type, or None (no rule fired)."""

    event_type: str | None
    confidence: float = 0.0


NO_DECISION = RuleDecision(None)


def _overlaps(m: ActorMention, span: Span | None) -> bool:
    return span is not None and m.start < span[1] and span[0] < m.end


def inject_mentions(doc: Doc, spans: Sequence[Span | None]) -> None:
    """Add an ActorMention for each given span no existing mention overlaps."""
    mentions = list(doc._.dyads_actors or [])
    sents = list(doc.sents)
    for span in spans:
        if span is None or any(_overlaps(m, span) for m in mentions):
            continue
        start, end = span
        idx = next((k for k, s in enumerate(sents) if s.start_char <= start < s.end_char), 0)
        mentions.append(ActorMention(doc.text[start:end], None, None, None, None,
                                     start, end, idx))
    mentions.sort(key=lambda m: (m.start, m.end))
    doc._.dyads_actors = mentions


class RuleDyadCoder:
    """Codes (sentence, source span, target span) items with the article coder's rules."""

    def __init__(self, nlp: Language | None = None) -> None:
        if nlp is None:
            from dyads.nlp.pipeline import build_pipeline

            nlp = build_pipeline(stages=["actors", "events"])
        self.nlp = nlp
        events = nlp.get_pipe("dyads_events")
        if not isinstance(events, EventComponent):
            raise TypeError("the pipeline's dyads_events stage is not an EventComponent")
        self.events = events
        self.onto: Ontology = self.events.lexicon.ontology
        self._before = [n for n in nlp.pipe_names if n != "dyads_events"]

    def matches(self, cand: Candidate, source: Span, target: Span | None) -> bool:
        """Whether a candidate links ``source`` to ``target`` as the dyad asks."""
        def hit(ms: Sequence[ActorMention], span: Span | None) -> bool:
            return any(_overlaps(m, span) for m in ms)

        if target is None:
            return hit(cand.actor, source)
        if hit(cand.actor, source) and hit(cand.recipient, target):
            return True
        etype = self.onto.event_type(cand.event_type) if cand.event_type else None
        symmetric = etype is not None and etype.symmetric
        if symmetric and hit(cand.actor, target) and hit(cand.recipient, source):
            return True
        # "X and Y met": both ends among the actors of a reciprocal event
        return symmetric and not cand.recipient and hit(cand.actor, source) \
            and hit(cand.actor, target)

    def decide(self, doc: Doc, source: Span | None, target: Span | None) -> RuleDecision:
        """The best-confidence typed candidate of ``doc`` linking source to target."""
        if source is None:
            return NO_DECISION
        inject_mentions(doc, [source, target])
        cands = self.events.candidates(doc)
        if not cands:
            return NO_DECISION
        best = NO_DECISION
        for cand, dec in zip(cands, self.events.typer(cands)):
            # a negated act ("did not meet") is no evidence for its type; the rules already
            # turned the negations that are refusals ("did not agree to") into REJECT
            negated = cand.negated and dec.event_type != "REJECT"
            if dec.event_type is None or negated or not self.matches(cand, source, target):
                continue
            if dec.confidence > best.confidence:
                best = RuleDecision(dec.event_type, dec.confidence)
        return best

    def code_spans(self, items: Sequence[tuple[str, Span | None, Span | None]],
                   batch_size: int = 64) -> list[RuleDecision]:
        """One decision per (sentence, source span, target span) item."""
        texts = (text for text, _, _ in items)
        out: list[RuleDecision] = []
        with self.nlp.select_pipes(enable=self._before):
            docs = self.nlp.pipe(texts, batch_size=batch_size)
            for doc, (_, s, t) in zip(docs, items):
                out.append(self.decide(doc, s, t))
        return out


@lru_cache(maxsize=1)
def get_rule_coder() -> RuleDyadCoder:
    """The process-wide rule dyad coder (its pipeline is built once)."""
    return RuleDyadCoder()


def reweight(probs: np.ndarray, labels: Sequence[str], rules: Sequence[RuleDecision],
             weight: float = RULE_WEIGHT) -> np.ndarray:
    """Learned class probabilities with ``weight`` added to the type the rules chose (rows
    without a rule decision are unchanged; rows are not renormalised)."""
    out = np.array(probs, dtype=np.float32, copy=True)
    index = {lab: k for k, lab in enumerate(labels)}
    for row, rule in enumerate(rules):
        if rule.event_type is not None and rule.event_type in index:
            out[row, index[rule.event_type]] += weight
    return out


class HybridDyadCoder:
    """The learned dyad coder with the rules' verdict added (see the module docstring)."""

    def __init__(self, learned: DyadCoder | None = None, rules: RuleDyadCoder | None = None,
                 weight: float = RULE_WEIGHT) -> None:
        self.learned = learned if learned is not None else get_coder()
        self.rules = rules if rules is not None else get_rule_coder()
        self.weight = weight
        self.labels = self.learned.labels

    def probabilities(self, items: Sequence[tuple[str, Span | None, Span | None]],
                      allow_none: bool = True) -> np.ndarray:
        """Re-weighted scores (len(items), len(labels)) for pre-located spans."""
        probs = self.learned.probabilities(items)
        if not allow_none and NONE in self.labels:
            probs = probs.copy()
            probs[:, self.labels.index(NONE)] = 0.0
            probs /= probs.sum(1, keepdims=True)
        return reweight(probs, self.labels, self.rules.code_spans(items), self.weight)

    def code_batch(self, items: Sequence[tuple[str, str, str | None]],
                   allow_none: bool = True) -> list[tuple[str, float]]:
        """(label, confidence) per (sentence, source, target), as ``DyadCoder.code_batch``;
        the confidence is the winning score normalised over the row (at most 1)."""
        located = [(sent, *self.learned.spans(sent, src, tgt)) for sent, src, tgt in items]
        scores = self.probabilities(located, allow_none)
        best = scores.argmax(1)
        return [(self.labels[i], float(scores[k, i] / scores[k].sum()))
                for k, i in enumerate(best)]


@lru_cache(maxsize=1)
def get_hybrid_coder() -> HybridDyadCoder:
    """The process-wide hybrid coder."""
    return HybridDyadCoder()
