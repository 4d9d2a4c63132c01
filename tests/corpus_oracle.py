"""A perfect coder for the test corpus: stores exactly the events expected.yaml says articles report.

Tests of corpus-level analysis (deduplication, aggregation, exports) need a store whose
events are known exactly, so that their expectations can be hand-computed from
``examples/corpus/expected.yaml`` alone, independently of how well the NLP pipeline codes.
:func:`oracle_store` writes one stored Analysis per corpus article whose events are exactly
the expected events that article reports:

- actor and recipient are ``ActorRef(text=ISO3, country=ISO3)`` (``None`` when the expected
  country is null); event type, mode, date and date_end as expected; quad and score from
  :mod:`dyads.kb.plover`;
- an article in an event's ``also_mentioned_in`` (a later article recalling it) codes it too,
  with the same date and the PLOVER auxiliary context ``historical`` (what a perfect coder
  reading "the agreement signed in January" would store); pass ``background=False`` to
  leave those mentions out;
- the no-event articles are stored with no events.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dyads.kb.plover import load_ontology
from dyads.model import ActorRef, Analysis, Document, Event
from dyads.store import Store

CORPUS_DIR = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def corpus_articles(corpus_dir: Path = CORPUS_DIR) -> list[dict[str, Any]]:
    """The corpus articles (JSONL rows), in file then line order."""
    return [json.loads(line)
            for path in sorted(corpus_dir.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _ref(country: str | None) -> ActorRef | None:
    return None if country is None else ActorRef(text=country, country=country)


def oracle_event(expected_event: dict[str, Any], article_id: str,
                 background: bool = False) -> Event:
    """The Event a perfect coder stores for one expected event read in one article."""
    ont = load_ontology()
    ev = expected_event
    text = ev.get("description") or ev["key"]
    return Event(
        event_type=ev["type"], actor=_ref(ev.get("actor")), recipient=_ref(ev.get("recipient")),
        sentence=text, evidence=text, start=0, end=0, id=f"{article_id}:{ev['key']}",
        mode=ev.get("mode"), contexts=["historical"] if background else [],
        date=str(ev["date"]), date_end=str(ev["date_end"]) if ev.get("date_end") else None,
        tense="past", quad=ont.quad(ev["type"]), score=ont.score(ev["type"], ev.get("mode")),
        confidence=1.0, date_source="clause")


def oracle_analyses(expected: dict[str, Any], articles: list[dict[str, Any]] | None = None,
                    background: bool = True) -> list[Analysis]:
    """One Analysis per article with exactly its expected events (see the module doc)."""
    articles = corpus_articles() if articles is None else articles
    per_doc: dict[str, list[Event]] = {a["id"]: [] for a in articles}
    for ev in expected["events"]:
        for doc_id in ev.get("articles") or []:
            per_doc[doc_id].append(oracle_event(ev, doc_id))
        if background:
            for doc_id in ev.get("also_mentioned_in") or []:
                per_doc[doc_id].append(oracle_event(ev, doc_id, background=True))
    return [Analysis(doc=Document(text=a["text"], id=a["id"], title=a.get("title"),
                                  published=a.get("published"), source=a.get("source"),
                                  url=a.get("url"), origin=f"oracle:{a['id']}"),
                     events=per_doc[a["id"]])
            for a in articles]


def oracle_store(path: str | Path, expected: dict[str, Any], *, background: bool = True
                 ) -> Path:
    """Write the perfect-coder store of the corpus to a new DuckDB file at ``path``.

    Args:
        path: the database file to create (must not hold other documents).
        expected: the parsed ``examples/corpus/expected.yaml`` (fixture ``corpus_expected``).
        background: also store background mentions (``also_mentioned_in``), dated as the
            event and marked ``historical``.

    Returns:
        ``path`` as a Path.
    """
    path = Path(path)
    with Store(path) as store:
        for analysis in oracle_analyses(expected, background=background):
            store.save(analysis)
    return path
