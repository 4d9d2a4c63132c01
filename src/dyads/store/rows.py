"""Model objects to table rows and back; the one place that knows both shapes."""

from __future__ import annotations

import json
from typing import Any

from dyads.model import (
    ActorMention,
    ActorRef,
    Analysis,
    Argument,
    DateMention,
    Document,
    Event,
    Place,
    Quote,
    argument_from_json,
    argument_list,
    argument_to_json,
)

Row = tuple[Any, ...]

#: Column lists in insert order; SELECTs use the same order so rows map back by position.
DOCUMENT_COLUMNS = ("id", "content_hash", "title", "published", "source", "url", "origin",
                    "text", "n_chars")
MENTION_COLUMNS = ("doc_id", "idx", "text", "name", "country", "sector", "code",
                   "start_char", "end_char", "sentence", "kb_id")
EVENT_COLUMNS = ("doc_id", "idx", "id", "event_type", "mode", "contexts", "actor", "recipient",
                 "sentence", "evidence", "start_char", "end_char", "date", "date_end",
                 "location", "tense", "negated", "hypothetical", "cameo", "quad", "score",
                 "confidence", "date_source")
EVENT_ACTOR_COLUMNS = ("doc_id", "event_idx", "role", "position", "text", "name", "country",
                       "sector", "code")
QUOTE_COLUMNS = ("doc_id", "idx", "speaker", "cue", "content", "kind", "start_char",
                 "end_char", "hedged", "event_ids")
SPEAKER_COLUMNS = ("doc_id", "quote_idx", "position", "text", "name", "country", "sector",
                   "code")
DATE_COLUMNS = ("doc_id", "idx", "text", "value", "value_end", "precision", "start_char",
                "end_char")
PLACE_COLUMNS = ("doc_id", "idx", "text", "name", "country", "geonameid", "lat", "lon",
                 "start_char", "end_char")

COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": DOCUMENT_COLUMNS,
    "actor_mentions": MENTION_COLUMNS,
    "events": EVENT_COLUMNS,
    "event_actors": EVENT_ACTOR_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "quote_speakers": SPEAKER_COLUMNS,
    "dates": DATE_COLUMNS,
    "places": PLACE_COLUMNS,
}


def to_json(value: Any) -> str | None:
    """JSON text for a JSON column (None stays SQL NULL)."""
    return None if value is None else json.dumps(value, ensure_ascii=False, allow_nan=False)


def from_json(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def _ref_values(ref: ActorRef) -> Row:
    return (ref.text, ref.name, ref.country, ref.sector, ref.code)


def document_row(doc: Document) -> Row:
    return (doc.id, doc.content_hash, doc.title, doc.published, doc.source, doc.url,
            doc.origin, doc.text, len(doc.text))


def mention_row(doc_id: str, idx: int, m: ActorMention) -> Row:
    return (doc_id, idx, m.text, m.name, m.country, m.sector, m.code, m.start, m.end,
            m.sentence, m.kb_id)


def event_row(doc_id: str, idx: int, e: Event) -> Row:
    return (doc_id, idx, e.id, e.event_type, e.mode, list(e.contexts),
            to_json(argument_to_json(e.actor)), to_json(argument_to_json(e.recipient)),
            e.sentence, e.evidence, e.start, e.end, e.date, e.date_end, to_json(e.location),
            e.tense, e.negated, e.hypothetical, e.cameo, e.quad, e.score, e.confidence,
            e.date_source)


def event_actor_rows(doc_id: str, idx: int, e: Event) -> list[Row]:
    rows: list[Row] = []
    for role, arg in (("actor", e.actor), ("recipient", e.recipient)):
        rows.extend((doc_id, idx, role, pos, *_ref_values(ref))
                    for pos, ref in enumerate(argument_list(arg)))
    return rows


def quote_row(doc_id: str, idx: int, q: Quote) -> Row:
    return (doc_id, idx, to_json(argument_to_json(q.speaker)), q.cue, q.content, q.kind,
            q.start, q.end, q.hedged, list(q.event_ids))


def speaker_rows(doc_id: str, idx: int, q: Quote) -> list[Row]:
    return [(doc_id, idx, pos, *_ref_values(ref))
            for pos, ref in enumerate(argument_list(q.speaker))]


def date_row(doc_id: str, idx: int, d: DateMention) -> Row:
    return (doc_id, idx, d.text, d.value, d.value_end, d.precision, d.start, d.end)


def place_row(doc_id: str, idx: int, p: Place) -> Row:
    return (doc_id, idx, p.text, p.name, p.country, p.geonameid, p.lat, p.lon, p.start, p.end)


def analysis_rows(analysis: Analysis) -> dict[str, list[Row]]:
    """Every row one Analysis writes, by table, in ``COLUMNS`` order."""
    doc_id = analysis.doc.id or analysis.doc.content_hash[:16]  # Document always sets one
    events = list(enumerate(analysis.events))
    quotes = list(enumerate(analysis.quotes))
    return {
        "documents": [document_row(analysis.doc)],
        "actor_mentions": [mention_row(doc_id, i, m) for i, m in enumerate(analysis.actors)],
        "events": [event_row(doc_id, i, e) for i, e in events],
        "event_actors": [r for i, e in events for r in event_actor_rows(doc_id, i, e)],
        "quotes": [quote_row(doc_id, i, q) for i, q in quotes],
        "quote_speakers": [r for i, q in quotes for r in speaker_rows(doc_id, i, q)],
        "dates": [date_row(doc_id, i, d) for i, d in enumerate(analysis.dates)],
        "places": [place_row(doc_id, i, p) for i, p in enumerate(analysis.places)],
    }


# --- rows back to objects (each row as selected with its table's COLUMNS) -------------

def document_from_row(row: Row) -> Document:
    d = dict(zip(DOCUMENT_COLUMNS, row))
    return Document(text=d["text"], id=d["id"], title=d["title"], published=d["published"],
                    source=d["source"], url=d["url"], origin=d["origin"])


def mention_from_row(row: Row) -> ActorMention:
    d = dict(zip(MENTION_COLUMNS, row))
    return ActorMention(text=d["text"], name=d["name"], country=d["country"],
                        sector=d["sector"], code=d["code"], start=d["start_char"],
                        end=d["end_char"], sentence=d["sentence"], kb_id=d["kb_id"])


def _argument(value: str | None) -> Argument:
    return argument_from_json(from_json(value))


def event_from_row(row: Row) -> Event:
    d = dict(zip(EVENT_COLUMNS, row))
    return Event(event_type=d["event_type"], actor=_argument(d["actor"]),
                 recipient=_argument(d["recipient"]), sentence=d["sentence"],
                 evidence=d["evidence"], start=d["start_char"], end=d["end_char"], id=d["id"],
                 mode=d["mode"], contexts=list(d["contexts"] or []), date=d["date"],
                 date_end=d["date_end"], location=from_json(d["location"]), tense=d["tense"],
                 negated=d["negated"], hypothetical=d["hypothetical"], cameo=d["cameo"],
                 quad=d["quad"], score=d["score"], confidence=d["confidence"],
                 date_source=d["date_source"])


def quote_from_row(row: Row) -> Quote:
    d = dict(zip(QUOTE_COLUMNS, row))
    return Quote(speaker=_argument(d["speaker"]), cue=d["cue"], content=d["content"],
                 kind=d["kind"], start=d["start_char"], end=d["end_char"], hedged=d["hedged"],
                 event_ids=list(d["event_ids"] or []))


def date_from_row(row: Row) -> DateMention:
    d = dict(zip(DATE_COLUMNS, row))
    return DateMention(text=d["text"], value=d["value"], value_end=d["value_end"],
                       precision=d["precision"], start=d["start_char"], end=d["end_char"])


def place_from_row(row: Row) -> Place:
    d = dict(zip(PLACE_COLUMNS, row))
    return Place(text=d["text"], name=d["name"], country=d["country"],
                 geonameid=d["geonameid"], lat=d["lat"], lon=d["lon"], start=d["start_char"],
                 end=d["end_char"])
