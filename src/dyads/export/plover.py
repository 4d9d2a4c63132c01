"""Events as PLOVER JSON records, one per line (JSONL).

Field names follow the "Data Fields" chapter of the PLOVER 2.0 manual (the PLOVER JSON,
entity, text-info, cite-info and location objects); fields PLOVER has no name for keep
their dyads name. One record per stored event (a report, not a deduplicated event):

=================  =================================================================
PLOVER field       from dyads
=================  =================================================================
id                 the event id (a stable content hash), else ``<doc_id>:<idx>``
has_event          ``not negated`` (negated events are exported only on request)
date, enddate      the event's ``date`` / ``date_end``; without a date of its own, the
                   publication date (``date_source`` says which). Partial dates
                   (``2024-03``) are written as they are, not padded.
actor, recipient   lists of entity objects, one per member of a compound:
                   ``code`` (the 3-letter country or IGO/NGO code, PLOVER's top-level
                   code), ``sector`` (PLOVER sector), ``entity_text`` (the words in the
                   text), ``identifier_text`` (the resolved name), ``actor_code`` (the
                   dyads code, country + sector); ``recipient`` is ``[]`` when none
event              ``[event_type]``
mode, context      lists (empty when none)
quad_code          the PLOVER quad class, 1-4
event_scale        the PLOVER conflict-cooperation score (-10..10) of type and mode
event_text         ``[evidence]``: the words that express the event
event_loc          location object: ``extracted_place`` (text), ``resolved_place``,
                   ``geonameid``, ``lat``, ``lon``, ``country_code`` (ISO 3166 alpha-3,
                   as the manual asks); null when the event has no place
text               the sentence the event was read from
text_info          ``{"start", "end"}``: character offsets of ``event_text`` in the
                   document
cite_info          ``url``, ``title``, ``publication`` (the source), ``corpus``
                   (the document id), ``coder``, ``codebook``
coder              ``dyads <version>``
=================  =================================================================

Fields beyond the manual's, named as in dyads: ``doc_id``, ``event_index``, ``cameo``,
``confidence``, ``tense``, ``hypothetical``, ``date_source``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dyads import __version__

CODER = f"dyads {__version__}"
CODEBOOK = "plover-2.0"


def entity(actor: dict[str, Any]) -> dict[str, Any]:
    """A PLOVER entity object of one dyads actor dict."""
    return {"code": actor.get("country"), "sector": actor.get("sector"),
            "entity_text": actor.get("text"), "identifier_text": actor.get("name"),
            "actor_code": actor.get("code")}


def entities(arg: Any) -> list[dict[str, Any]]:
    """An argument (None, one actor dict, or a compound list) as a list of entity objects."""
    if arg is None:
        return []
    return [entity(a) for a in (arg if isinstance(arg, list) else [arg])]


def location(loc: dict[str, Any] | None) -> dict[str, Any] | None:
    """A PLOVER location object of a dyads place dict."""
    if not loc:
        return None
    return {"extracted_place": loc.get("text"), "resolved_place": loc.get("name"),
            "geonameid": loc.get("geonameid"), "lat": loc.get("lat"), "lon": loc.get("lon"),
            "country_code": loc.get("country")}


def plover_record(r: dict[str, Any]) -> dict[str, Any]:
    """The PLOVER record of one event dict of :func:`dyads.analysis.frames.event_records`."""
    dated = r.get("date") is not None
    return {
        "id": r.get("id") or f"{r['doc_id']}:{r.get('idx')}",
        "has_event": not r.get("negated"),
        "date": r.get("date") if dated else r.get("published"),
        "enddate": r.get("date_end"),
        "actor": entities(r.get("actor")),
        "recipient": entities(r.get("recipient")),
        "event": [r["event_type"]],
        "mode": [r["mode"]] if r.get("mode") else [],
        "context": list(r.get("contexts") or []),
        "quad_code": r.get("quad"),
        "event_scale": r.get("score"),
        "event_text": [r["evidence"]] if r.get("evidence") else [],
        "event_loc": location(r.get("location")),
        "text": r.get("sentence"),
        "text_info": {"start": r.get("start"), "end": r.get("end")},
        "cite_info": {"url": r.get("doc_url"), "title": r.get("doc_title"),
                      "publication": r.get("doc_source"), "corpus": r["doc_id"],
                      "coder": CODER, "codebook": CODEBOOK},
        "coder": CODER,
        "doc_id": r["doc_id"],
        "event_index": r.get("idx"),
        "cameo": r.get("cameo"),
        "confidence": r.get("confidence"),
        "tense": r.get("tense"),
        "hypothetical": bool(r.get("hypothetical")),
        "date_source": r.get("date_source") if dated else "published",
    }


def write_jsonl(records: list[dict[str, Any]], path: Path) -> int:
    """Write PLOVER records of event dicts to ``path``, one JSON object per line (UTF-8)."""
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(plover_record(r), ensure_ascii=False) + "\n")
    return len(records)
