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
from dyads.limits import DEFAULT_TIME_BUDGET, MAX_CHARS, BudgetExpired, time_limit
from dyads.model import Analysis, Document, Rejection
from dyads.nlp.pipeline import load_pipeline

log = logging.getLogger(__name__)


OnError = Literal["skip", "raise"]

#: A batch is flushed once its texts reach this many characters, so that a batch of ordinary
#: articles (1-5 s of work) stays well within one document's time budget.
MAX_BATCH_CHARS = 100_000


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
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> Iterator[Analysis | Rejection]:
    """Analyse documents lazily, yielding an Analysis or a Rejection for each, in order.

    ``max_chars``: longer texts are rejected before parsing. ``time_budget``: seconds one
    document's analysis may take (None or 0: no limit); a document that takes longer is
    rejected (or, with ``on_error="raise"``, raises :class:`InputError`) and the others
    are analysed as usual.
    """
    nlp = nlp or load_pipeline()
    pending: list[Document] = []
    pending_chars = 0

    def flush() -> Iterator[Analysis | Rejection]:
        nonlocal pending_chars
        yield from _analyse_batch(nlp, pending, on_error, time_budget)
        pending.clear()
        pending_chars = 0

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
        pending_chars += len(document.text)
        if len(pending) >= batch_size or pending_chars >= MAX_BATCH_CHARS:
            yield from flush()
    yield from flush()


def _make_doc(nlp: Language, document: Document) -> Doc:
    doc = nlp.make_doc(document.text)
    doc._.dyads_published = document.published
    return doc


def _analyse_batch(nlp: Language, documents: list[Document], on_error: OnError,
                   budget: float | None) -> list[Analysis | Rejection]:
    """Analyse a batch in one ``nlp.pipe``; if it fails or overruns, redo it one by one.

    The whole batch gets the budget of one document: batches are small enough
    (MAX_BATCH_CHARS) to take a fraction of it, and when one overruns, the one-by-one
    retry gives each document its own budget, so only a document that overruns alone is
    rejected. A stuck document is thus found within two budgets.
    """
    if len(documents) > 1:
        try:
            with time_limit(budget):
                docs = list(nlp.pipe(_make_doc(nlp, d) for d in documents))
                return [extract(doc, d) for doc, d in zip(docs, documents)]
        except BudgetExpired:
            log.warning("a batch of %d documents overran its time budget; isolating the slow "
                        "one", len(documents))
        except Exception:  # isolate which document broke the batch
            if on_error == "raise":
                raise
    return [_analyse_one(nlp, d, on_error, budget) for d in documents]


def _analyse_one(nlp: Language, document: Document, on_error: OnError,
                 budget: float | None) -> Analysis | Rejection:
    origin = document.origin or document.id or "<text>"
    try:
        with time_limit(budget):
            return extract(nlp(_make_doc(nlp, document)), document)
    except BudgetExpired:
        error = InputError(origin, f"analysis took longer than the time budget of {budget:g} s "
                                   f"({len(document.text):,} characters); split the document "
                                   "or raise the time budget")
        if on_error == "raise":
            raise error from None
        log.warning("%s", error)
        return Rejection(origin, error.reason)
    except Exception as exc:  # one bad document must not sink the batch
        if on_error == "raise":
            raise
        log.exception("analysis failed for %s", origin)
        return Rejection(origin, f"analysis failed: {type(exc).__name__}: {exc}")


def process_batch(documents: Iterable[Document], nlp: Language | None = None,
                  on_error: OnError = "skip", max_chars: int = MAX_CHARS,
                  time_budget: float | None = DEFAULT_TIME_BUDGET
                  ) -> list[Analysis | Rejection]:
    """Analyse a batch of documents: an Analysis or a Rejection per input, in order.

    ``max_chars`` and ``time_budget`` as in :func:`iter_process`.
    """
    return list(iter_process(documents, nlp=nlp, on_error=on_error, max_chars=max_chars,
                             time_budget=time_budget))


def analyze_document(document: Document, nlp: Language | None = None) -> Analysis:
    """Analyse one document; raises InputError / DyadsError on failure."""
    (result,) = process_batch([document], nlp=nlp, on_error="raise")
    if isinstance(result, Rejection):  # pragma: no cover - on_error="raise" raises first
        raise DyadsError(str(result))
    return result

