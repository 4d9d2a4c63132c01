"""Typed candidates -> ``dyads.model.Event`` objects: PLOVER fields, date, place, filters."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dyads.events.candidates import Candidate
from dyads.events.typer import TypeDecision
from dyads.kb.plover import Ontology
from dyads.model import ActorMention, ActorRef, Argument, DateMention, Event, Place
from dyads.temporal import date_in_clause

#: types coded without a recipient even when the stage wants dyads: the PLOVER manual's
#: PROTEST ("Requires recipient: No") is aimed at whoever the protesters oppose, usually their
#: own government and often left implicit ("thousands marched in the capital")
ONE_SIDED_TYPES = frozenset({"PROTEST"})


@dataclass(frozen=True)
class BuildOptions:
    """Which candidates become events (component config, see ``component.py``)."""

    require_recipient: bool = True
    keep_negated: bool = True
    keep_hypothetical: bool = True
    min_confidence: float = 0.0


def argument(mentions: Sequence[ActorMention]) -> Argument:
    """One actor, a list for compounds, or None."""
    refs = [m.ref() for m in mentions]
    if not refs:
        return None
    return refs[0] if len(refs) == 1 else refs


def _token_of(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return None if span is None or len(span) == 0 else span.root


def event_date(doc: Doc, cand: Candidate) -> DateMention | None:
    """The DateMention of the event's own clause, if any."""
    sent = cand.sentence
    for anchor in cand.anchors:
        found = date_in_clause(doc, anchor)
        if found is not None and sent.start_char <= found.start < sent.end_char:
            return found
    return None


def event_place(doc: Doc, cand: Candidate) -> Place | None:
    """A place governed by the event's clause ("drills in Kyrgyzstan", "met in Doha")."""
    anchors = set(cand.anchors)
    for p in doc._.dyads_places or []:
        root = _token_of(doc, p.start, p.end)
        if root is None or not cand.sentence.start <= root.i < cand.sentence.end:
            continue
        cur, hops = root, 0
        while cur.head.i != cur.i and hops < 4:
            if cur.dep_ == "pobj" and cur.head.lower_ in ("in", "at", "near", "inside", "into") \
                    and cur.head.head in anchors:
                return p
            if cur.dep_ not in ("pobj", "compound", "appos", "conj"):
                break
            cur, hops = cur.head, hops + 1
    return None


def _event_id(doc: Doc, cand: Candidate, event_type: str) -> str:
    key = f"{cand.sentence.start_char}:{cand.trigger.idx}:{event_type}:" + \
        ",".join(m.text for m in cand.actor) + ">" + ",".join(m.text for m in cand.recipient)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def build_events(doc: Doc, cands: Sequence[Candidate], decisions: Sequence[TypeDecision],
                 onto: Ontology, opts: BuildOptions) -> list[Event]:
    """Events for the candidates the typer kept, with every PLOVER field filled."""
    out: list[Event] = []
    seen: dict[tuple, int] = {}
    for cand, dec in zip(cands, decisions):
        if dec.event_type is None or not cand.actor:
            continue
        etype = onto.event_type(dec.event_type)
        mode = dec.mode if dec.mode in etype.modes else None
        if not cand.recipient:
            # PLOVER codes joint acts with all participants as actor: "X and Y met", "X and Y
            # signed an agreement"; for conflict types "X and Y attacked" names no dyad
            # "fighting between X and Y": two-sided violence, all participants as actor
            reciprocal = cand.symmetric_compound and (etype.symmetric or etype.cooperative
                                                      or cand.reciprocal)
            one_sided = etype.name in ONE_SIDED_TYPES and not etype.requires_recipient \
                and any(m.country for m in cand.actor)
            if not reciprocal and not one_sided and (opts.require_recipient
                                                     or etype.requires_recipient):
                continue
        if (cand.negated and not opts.keep_negated) or \
                (cand.hypothetical and not opts.keep_hypothetical) or \
                dec.confidence < opts.min_confidence:
            continue
        toks = sorted({t.i for t in cand.evidence})
        span = doc[toks[0]:toks[-1] + 1]
        date = event_date(doc, cand)
        place = event_place(doc, cand)
        key = (cand.sentence.start, etype.name,
               tuple(sorted((m.start, m.end) for m in cand.actor)),
               tuple(sorted((m.start, m.end) for m in cand.recipient)))
        ev = Event(
            event_type=etype.name, actor=argument(cand.actor), recipient=argument(cand.recipient),
            sentence=cand.sentence.text, evidence=span.text, start=span.start_char,
            end=span.end_char, id=_event_id(doc, cand, etype.name), mode=mode,
            contexts=list(cand.contexts),
            date=date.value if date is not None else doc._.dyads_published,
            date_end=date.value_end if date is not None else None,
            location=place.to_dict() if place is not None else None,
            tense=cand.tense, negated=cand.negated, hypothetical=cand.hypothetical,
            cameo=onto.cameo(etype.name, mode), quad=etype.quad, score=onto.score(etype.name, mode),
            confidence=round(max(0.05, min(0.99, dec.confidence)), 3),
            date_source="clause" if date is not None else "published")
        if key in seen:  # one sentence may word the same event twice: keep the surer one
            j = seen[key]
            if (ev.confidence or 0) > (out[j].confidence or 0):
                out[j] = ev
            continue
        seen[key] = len(out)
        out.append(ev)
    return out


def refs_of(arg: Argument) -> list[ActorRef]:
    """An argument's actors as a list."""
    if arg is None:
        return []
    return arg if isinstance(arg, list) else [arg]
