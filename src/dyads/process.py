"""Run the pipeline over documents: the one function local and Dask runners share."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Literal

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from dyads.errors import DyadsError, InputError
from dyads.extract import extract
from dyads.model import Analysis, Document, Rejection
from dyads.nlp.pipeline import load_pipeline

log = logging.getLogger(__name__)

#: Texts longer than this are rejected before parsing (spaCy's own default limit).
MAX_CHARS = 1_000_000

OnError = Literal["skip", "raise"]


#: Below this share of English function words (spaCy's English stop list) a text of at least
#: MIN_WORDS_FOR_LANGUAGE words is not English: English news runs at 0.3-0.45, German,
#: French or Spanish news at 0.04-0.07, other scripts at 0.
MIN_ENGLISH_STOPWORD_SHARE = 0.15
MIN_WORDS_FOR_LANGUAGE = 20
_WORD = re.compile(r"[^\W\d_]+")


def english_share(text: str, sample_chars: int = 20_000) -> tuple[float, int]:
    """Share of English function words among the words of (the start of) a text, and the count."""
    words = _WORD.findall(text[:sample_chars].lower())
    if not words:
        return 0.0, 0
    return sum(w in STOP_WORDS for w in words) / len(words), len(words)


def check_document(document: Document, max_chars: int = MAX_CHARS) -> None:
    """Raise InputError if the document cannot be analysed."""
    origin = document.origin or document.id or "<text>"
    if not document.text or not document.text.strip():
        raise InputError(origin, "no text to analyse (empty or whitespace only)")
    if len(document.text) > max_chars:
        raise InputError(origin, f"text has {len(document.text):,} characters, above the "
                                 f"limit of {max_chars:,}; split it or raise max_chars")
    share, n_words = english_share(document.text)
    if n_words >= MIN_WORDS_FOR_LANGUAGE and share < MIN_ENGLISH_STOPWORD_SHARE:
        raise InputError(origin, f"not English ({share:.0%} English function words); dyads "
                                 "analyses English text")


def iter_process(
    documents: Iterable[Document],
    nlp: Language | None = None,
    on_error: OnError = "skip",
    batch_size: int = 16,
    max_chars: int = MAX_CHARS,
) -> Iterator[Analysis | Rejection]:
    """Analyse documents lazily, yielding an Analysis or a Rejection for each, in order."""
    nlp = nlp or load_pipeline()
    pending: list[Document] = []

    def flush() -> Iterator[Analysis | Rejection]:
        for document, doc in zip(pending, _pipe_safely(nlp, pending, on_error)):
            yield doc if isinstance(doc, Rejection) else extract(doc, document)
        pending.clear()

    for document in documents:
        try:
            check_document(document, max_chars)
        except InputError as exc:
            if on_error == "raise":
                raise
            yield from flush()
            yield Rejection(exc.origin, exc.reason)
            continue
        pending.append(document)
        if len(pending) >= batch_size:
            yield from flush()
    yield from flush()


def _make_doc(nlp: Language, document: Document) -> Doc:
    doc = nlp.make_doc(document.text)
    doc._.dyads_published = document.published
    return doc


def _pipe_safely(nlp: Language, documents: list[Document], on_error: OnError
                 ) -> list[Doc | Rejection]:
    """Run the pipeline on a batch; if the batch fails, redo it one by one to isolate the bad one."""
    try:
        return list(nlp.pipe(_make_doc(nlp, d) for d in documents))
    except Exception:  # noqa: BLE001 - isolate which document broke the batch
        if on_error == "raise":
            raise
    out: list[Doc | Rejection] = []
    for document in documents:
        try:
            out.append(nlp(_make_doc(nlp, document)))
        except Exception as exc:  # noqa: BLE001 - one bad document must not sink the batch
            origin = document.origin or document.id or "<text>"
            log.exception("analysis failed for %s", origin)
            out.append(Rejection(origin, f"analysis failed: {type(exc).__name__}: {exc}"))
    return out


def process_batch(documents: Iterable[Document], nlp: Language | None = None,
                  on_error: OnError = "skip") -> list[Analysis | Rejection]:
    """Analyse a batch of documents: an Analysis or a Rejection per input, in order."""
    return list(iter_process(documents, nlp=nlp, on_error=on_error))


def analyze_document(document: Document, nlp: Language | None = None) -> Analysis:
    """Analyse one document; raises InputError / DyadsError on failure."""
    (result,) = process_batch([document], nlp=nlp, on_error="raise")
    if isinstance(result, Rejection):  # pragma: no cover - on_error="raise" raises first
        raise DyadsError(str(result))
    return result

