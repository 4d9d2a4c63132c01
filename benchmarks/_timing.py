"""Shared timing helper of the dates/places benchmarks: stage cost vs the bare spaCy pass.

The machine may be shared, so wall-clock totals of two separate pipeline runs are noisy;
instead the bare spaCy pass is timed once, and each dyads stage is timed on the docs that
pass produced (the work the stage adds), best of three runs each.
"""

from __future__ import annotations

import time
from pathlib import Path

from dyads.nlp.pipeline import build_pipeline

SHARED = Path(__file__).resolve().parents[2] / "shared"


def timing_texts(n_articles: int = 20) -> list[str]:
    """The example article and the first PolNeAR dev articles: real news text."""
    texts = [(SHARED / "corpus" / "russia-taliban-trtworld.txt").read_text(encoding="utf-8")]
    for path in sorted((SHARED / "benchmarks" / "polnear" / "dev" / "text").glob("*.txt"))[:n_articles]:
        texts.append(path.read_text(encoding="utf-8"))
    return texts


def print_cost(stages: list[str], n_articles: int = 20) -> None:
    """Time the bare model pass and each stage on top of it, on the same texts."""
    texts = timing_texts(n_articles)
    chars = sum(len(t) for t in texts)
    nlp = build_pipeline(stages=stages)
    ours = [name for name, _ in nlp.pipeline if name.startswith("dyads_")]
    t_bare = float("inf")
    for _ in range(3):
        docs = []
        for text in texts:
            doc = nlp.make_doc(text)
            doc._.dyads_published = "2021-09-07"
            docs.append(doc)
        start = time.perf_counter()
        parsed = list(nlp.pipe(docs, batch_size=8, disable=ours))
        t_bare = min(t_bare, time.perf_counter() - start)
    print(f"\n== cost ({len(texts)} news texts, {chars:,} chars; best of 3 runs)")
    print(f"bare spaCy pass: {t_bare:.2f} s ({chars / t_bare / 1000:.0f}k chars/s)")
    for name in ours:
        component = nlp.get_pipe(name)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            for doc in parsed:
                component(doc)
            best = min(best, time.perf_counter() - start)
        print(f"+ {name:<13} {best:.2f} s = {100 * best / t_bare:.1f}% of the bare pass")
