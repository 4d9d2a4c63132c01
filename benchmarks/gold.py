"""Matching predicted events against a hand-made gold coding (the example article's format).

The conventions are those stated in the gold file's ``notes`` field:

- an actor matches when any of its ``name``, ``text``, ``country``, ``code`` or
  ``affiliation`` fields matches one of the gold alternatives: a three-letter upper-case entry
  is an ISO 3166-1 alpha-3 country code (compared with ``country`` and the first three letters
  of ``code``), ``~word`` is a case-insensitive substring;
- a compound (list) argument matches when one of its members does;
- ``types`` lists the acceptable PLOVER types;
- symmetric types (CONSULT, COOPERATE) match in either direction; a reciprocal event coded
  the PLOVER way (several actors, no recipient) matches when one actor matches the gold actor
  and another the gold recipient;
- ``required: false`` events are defensible but not demanded: producing them is not an error.

Used by ``benchmarks/events.py`` and by ``tests/test_events.py`` (imported by path).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SYMMETRIC = frozenset({"CONSULT", "COOPERATE"})
_FIELDS = ("name", "text", "country", "code", "affiliation")


def _members(arg: Any) -> list[dict]:
    if arg is None:
        return []
    return [a for a in arg if a] if isinstance(arg, list) else [arg]


def actor_matches(actor: dict, alternatives: Sequence[str]) -> bool:
    """Whether one predicted actor object matches one of the gold alternatives."""
    for alt in alternatives:
        if alt.startswith("~"):
            needle = alt[1:].lower()
            if any(needle in str(actor.get(f) or "").lower() for f in _FIELDS):
                return True
        elif len(alt) == 3 and alt.isupper():
            if actor.get("country") == alt or str(actor.get("code") or "")[:3] == alt:
                return True
        elif any(str(actor.get(f) or "").lower() == alt.lower() for f in _FIELDS):
            return True
    return False


def argument_matches(arg: Any, alternatives: Sequence[str]) -> bool:
    """An argument (actor object, list of them, or None) matches when a member does."""
    return any(actor_matches(a, alternatives) for a in _members(arg))


def event_matches(pred: dict, gold_event: dict, actors: dict[str, list[str]]) -> bool:
    """Whether one predicted event dict (JSON contract) matches one gold event."""
    if pred.get("event_type") not in gold_event["types"]:
        return False
    g_act = actors[gold_event["actor"]]
    g_rec = actors[gold_event["recipient"]] if gold_event.get("recipient") else None
    act, rec = pred.get("actor"), pred.get("recipient")

    def direct(a: Any, r: Any) -> bool:
        if not argument_matches(a, g_act):
            return False
        return g_rec is None or argument_matches(r, g_rec)

    if direct(act, rec):
        return True
    if pred["event_type"] in SYMMETRIC and g_rec is not None:
        if direct(rec, act):
            return True
        members = _members(act)
        if not _members(rec) and len(members) >= 2:
            for i, a in enumerate(members):
                for j, b in enumerate(members):
                    if i != j and actor_matches(a, g_act) and actor_matches(b, g_rec):
                        return True
    return False


def match_events(predicted_events: list[dict], gold: dict) -> dict:
    """Score predicted events (JSON-contract dicts) against a gold coding.

    Returns a dict with ``required_recall`` (share of required gold events matched by at
    least one prediction), ``precision`` (share of predictions matching any required or
    optional gold event), ``matched`` (list of (prediction index, gold id) pairs), ``found``
    and ``missed`` (required gold ids), ``false_positives`` (prediction indices), and the
    counts ``n_predicted``, ``n_correct``, ``n_required``.
    """
    actors = gold["actors"]
    events = gold["events"]
    matched: list[tuple[int, str]] = []
    correct: set[int] = set()
    for i, pred in enumerate(predicted_events):
        for g in events:
            if event_matches(pred, g, actors):
                matched.append((i, g["id"]))
                correct.add(i)
    required = [g["id"] for g in events if g.get("required", True)]
    hit = {gid for _, gid in matched}
    found = [gid for gid in required if gid in hit]
    n = len(predicted_events)
    return {
        "required_recall": len(found) / len(required) if required else 0.0,
        "precision": len(correct) / n if n else 0.0,
        "matched": matched,
        "found": found,
        "missed": [gid for gid in required if gid not in hit],
        "false_positives": [i for i in range(n) if i not in correct],
        "n_predicted": n,
        "n_correct": len(correct),
        "n_required": len(required),
    }
