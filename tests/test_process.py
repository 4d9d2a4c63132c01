"""process_batch isolates a document that breaks the pipeline; the others are analysed."""

from __future__ import annotations

import pytest
from spacy.language import Language

from dyads.model import Analysis, Document, Rejection
from dyads.nlp.pipeline import build_pipeline
from dyads.process import process_batch


@Language.component("test_explode_on_boom")
def _explode(doc):  # type: ignore[no-untyped-def]
    if "BOOM" in doc.text:
        raise RuntimeError("component failed")
    return doc


@pytest.fixture(scope="module")
def fragile_nlp() -> Language:
    nlp = build_pipeline(stages=["actors"])
    nlp.add_pipe("test_explode_on_boom")
    return nlp


def test_failing_document_is_rejected_and_others_analysed(fragile_nlp: Language) -> None:
    docs = [Document(text="Russia and China held talks.", origin="a"),
            Document(text="BOOM goes the parser.", origin="b"),
            Document(text="France condemned Iran.", origin="c")]
    results = process_batch(docs, nlp=fragile_nlp)
    assert [type(r) for r in results] == [Analysis, Rejection, Analysis]
    assert results[1].origin == "b" and "RuntimeError" in results[1].reason
    assert {a.country for a in results[0].actors} >= {"RUS", "CHN"}


def test_failing_document_raises_when_asked(fragile_nlp: Language) -> None:
    with pytest.raises(RuntimeError):
        process_batch([Document(text="BOOM", origin="b")], nlp=fragile_nlp, on_error="raise")
