"""Local multiprocess backend: chunks of documents analysed by worker processes.

Each worker builds the pipeline once and runs :func:`dyads.process.process_batch` on the
chunks it is handed, so results equal the single-process run. At most ``2 * workers``
chunks are in flight, which keeps memory flat in corpus size; results come back in input
order. spaCy's own ``n_process`` is not used because the ``Doc._`` attributes hold plain
Python objects that spaCy's Doc serialisation cannot carry.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any

from spacy.language import Language
from threadpoolctl import threadpool_limits

from dyads.limits import DEFAULT_TIME_BUDGET, MAX_CHARS
from dyads.model import Analysis, Document, Rejection
from dyads.nlp.pipeline import load_pipeline
from dyads.process import OnError, iter_process, process_batch

_WORKER_NLP: Language | None = None
_WORKER_LIMITS: dict[str, Any] = {}


def _init_worker(user_actors: tuple[str, ...], limits: dict[str, Any]) -> None:
    global _WORKER_NLP
    # one BLAS thread per worker: the workers are the parallelism, oversubscription slows all
    threadpool_limits(1)
    _WORKER_NLP = load_pipeline(user_actors=user_actors)
    _WORKER_LIMITS.update(limits)


def _work(chunk: list[Document]) -> list[Analysis | Rejection]:
    # the time budget runs in the worker's main thread (a SIGALRM timer), so a slow document
    # is rejected there and the worker goes on with the next one
    return process_batch(chunk, nlp=_WORKER_NLP, on_error="skip", **_WORKER_LIMITS)


def chunked(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Consecutive lists of at most ``size`` documents, read lazily."""
    it = iter(documents)
    while chunk := list(islice(it, size)):
        yield chunk


class WorkerPool:
    """A pool of worker processes that keep their pipeline loaded between batches."""

    def __init__(self, workers: int = 2, user_actors: tuple[str, ...] = (),
                 max_chars: int = MAX_CHARS,
                 time_budget: float | None = DEFAULT_TIME_BUDGET) -> None:
        # spawn: workers must not inherit open database connections or thread state
        context = multiprocessing.get_context("spawn")
        self.workers = workers
        limits = {"max_chars": max_chars, "time_budget": time_budget}
        self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                         initargs=(user_actors, limits))

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._pool.shutdown()

    def process(self, documents: Iterable[Document], chunk_size: int = 8
                ) -> Iterator[Analysis | Rejection]:
        """Analyse documents; an Analysis or Rejection per input, in input order."""
        in_flight: deque[Future[list[Analysis | Rejection]]] = deque()
        for chunk in chunked(documents, chunk_size):
            in_flight.append(self._pool.submit(_work, chunk))
            if len(in_flight) >= 2 * self.workers:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()


def iter_process_parallel(
    documents: Iterable[Document],
    workers: int = 2,
    chunk_size: int = 8,
    user_actors: tuple[str, ...] = (),
    on_error: OnError = "skip",
    max_chars: int = MAX_CHARS,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> Iterator[Analysis | Rejection]:
    """Analyse documents with ``workers`` processes; an Analysis or Rejection per input, in order.

    ``workers <= 1`` runs in this process. With several workers a failing document is
    always reported as a Rejection (``on_error="raise"`` needs the single-process run).
    ``max_chars`` and ``time_budget`` (seconds per document) as in
    :func:`dyads.process.iter_process`.
    """
    if workers <= 1:
        yield from iter_process(documents, nlp=load_pipeline(user_actors=user_actors),
                                on_error=on_error, max_chars=max_chars,
                                time_budget=time_budget)
        return
    with WorkerPool(workers, user_actors, max_chars=max_chars, time_budget=time_budget) as pool:
        yield from pool.process(documents, chunk_size)
