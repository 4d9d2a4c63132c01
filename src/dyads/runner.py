"""Local batch runner: read -> analyse -> store, with progress and a summary.

Rejections from reading (bad files, bad JSONL lines) and from analysis are
reported and skipped; each good document is stored in its own transaction, so a
bad input never changes what is already stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from dyads.distributed.local import iter_process_parallel
from dyads.limits import DEFAULT_TIME_BUDGET, MAX_CHARS
from dyads.model import Analysis, Document, Rejection
from dyads.process import OnError
from dyads.store import Store


@dataclass
class BatchSummary:
    read: int = 0
    analysed: int = 0
    stored: int = 0
    already_stored: int = 0
    events: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    def line(self) -> str:
        parts = [f"read {self.read}", f"analysed {self.analysed}"]
        if self.stored or self.already_stored:
            parts.append(f"stored {self.stored}")
            if self.already_stored:
                parts.append(f"already stored {self.already_stored}")
        parts.append(f"events {self.events}")
        parts.append(f"rejected {len(self.rejections)}")
        return " / ".join(parts)


def _to_analyse(items: Iterable[Document | Rejection], summary: BatchSummary, store: Store | None,
                emit: Callable[[Analysis], None] | None) -> Iterator[Document]:
    """Documents still to analyse: rejections are counted, stored texts are not re-analysed.

    Skipping by content hash is what makes an interrupted batch resumable: running it again
    analyses only what was not stored yet, and the stored result is emitted instead.
    """
    for item in items:
        summary.read += 1
        if isinstance(item, Rejection):
            summary.rejections.append(item)
            continue
        doc_id = store.doc_id_for_hash(item.content_hash) if store is not None else None
        if doc_id is None:
            yield item
            continue
        summary.already_stored += 1
        if emit is not None:
            emit(store.load_analysis(doc_id))  # type: ignore[union-attr]


def run_batch(
    items: Iterable[Document | Rejection],
    db: str | None = None,
    on_error: OnError = "skip",
    emit: Callable[[Analysis], None] | None = None,
    progress: bool = False,
    user_actors: tuple[str, ...] = (),
    workers: int = 1,
    max_chars: int = MAX_CHARS,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> BatchSummary:
    """Analyse documents (and pass through read rejections), store each, return counts.

    ``db``: DuckDB path, or None to analyse without storing. ``emit`` receives every
    Analysis as it is finished. ``progress`` shows a progress bar on stderr.
    ``user_actors``: paths of extra actor dictionaries (YAML/CSV). ``workers``: processes.
    ``max_chars``: longer texts are rejected unparsed. ``time_budget``: seconds a document's
    analysis may take before it is rejected (None: no limit).
    """
    summary = BatchSummary()
    store = Store(db) if db is not None else None
    try:
        documents = _to_analyse(items, summary, store, emit)
        results = iter_process_parallel(documents, workers=workers, on_error=on_error,
                                        user_actors=tuple(str(p) for p in user_actors),
                                        max_chars=max_chars, time_budget=time_budget)
        if progress:
            results = _with_progress(results)
        for result in results:
            if isinstance(result, Rejection):
                summary.rejections.append(result)
                continue
            summary.analysed += 1
            summary.events += len(result.events)
            if store is not None:
                if store.save(result):
                    summary.stored += 1
                else:
                    summary.already_stored += 1
            if emit is not None:
                emit(result)
    finally:
        if store is not None:
            store.close()
    return summary


def _with_progress(results: Iterable[Analysis | Rejection]) -> Iterator[Analysis | Rejection]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("analysing", total=None)
        for r in results:
            bar.advance(task)
            yield r
