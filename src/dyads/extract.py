"""Turn an annotated spaCy ``Doc`` into a plain :class:`~dyads.model.Analysis`.

Nothing downstream of this module knows of spaCy.
"""

from __future__ import annotations

import hashlib

from spacy.tokens import Doc

from dyads.model import Analysis, Document, Event
from dyads.quotes.link import link_quotes_to_events


def _event_id(doc_id: str, event: Event) -> str:
    key = f"{doc_id}|{event.start}|{event.end}|{event.event_type}|{event.mode}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def extract(doc: Doc, document: Document) -> Analysis:
    """Collect what the dyads stages wrote on ``doc`` into an ``Analysis``."""
    events = list(doc._.dyads_events or [])
    for ev in events:
        if not ev.id:
            ev.id = _event_id(document.id or "", ev)
    quotes = list(doc._.dyads_quotes or [])
    for qi, event_ids in link_quotes_to_events(quotes, events).items():
        quotes[qi].event_ids = event_ids
    return Analysis(
        doc=document,
        actors=list(doc._.dyads_actors or []),
        events=events,
        quotes=quotes,
        dates=list(doc._.dyads_dates or []),
        places=list(doc._.dyads_places or []),
    )
