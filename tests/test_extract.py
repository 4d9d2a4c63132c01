"""What extract adds across stages: event date provenance and quote-event links."""

from __future__ import annotations

import pytest

import dyads


@pytest.mark.parametrize(("text", "evidence_word", "date", "date_source"), [
    ("Japan and South Korea held talks in Seoul on March 3.", "talks", "2024-03-03", "clause"),
    ("France condemned Iran's nuclear programme.", "condemned", "2024-03-06", "published"),
])
def test_event_date_provenance(text: str, evidence_word: str, date: str, date_source: str) -> None:
    result = dyads.analyze(text, published="2024-03-06")
    events = [e for e in result.events if evidence_word in e.evidence]
    assert events, [e.evidence for e in result.events]
    assert events[0].date == date
    assert events[0].date_source == date_source


def test_speech_event_quote_is_linked_to_its_event() -> None:
    text = ('German Chancellor Olaf Scholz praised Poland for its “remarkable solidarity” '
            'with Ukrainian refugees, saying the effort had saved countless lives.')
    result = dyads.analyze(text, published="2024-03-06")
    support = [e for e in result.events if e.event_type == "SUPPORT"]
    assert support, [(e.event_type, e.evidence) for e in result.events]
    linked = [q for q in result.quotes if support[0].id in q.event_ids]
    assert linked, [(q.content, q.event_ids) for q in result.quotes]
    # links survive the JSON contract
    again = dyads.model.Analysis.from_dict(result.to_dict(), text=text)
    assert any(support[0].id in q.event_ids for q in again.quotes)
