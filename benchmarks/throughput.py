"""Throughput of dyads end to end against the bare spaCy pipeline, on the same texts, same run.

    python benchmarks/throughput.py                 # the bundled 211-article test corpus
    python benchmarks/throughput.py --repeat 3      # the corpus three times (more stable figures)

Prints words and articles per second for: the bare spaCy model (nlp.pipe, 1 process), dyads
end to end in 1 process, and dyads with 2 worker processes; the ratio dyads / bare spaCy; the
scaling from 1 to 2 workers; and peak resident memory of this process and of its workers.
Model loading is excluded from every timing (each variant is warmed up first).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"


def load_corpus(repeat: int) -> list:
    from dyads.model import Document

    docs = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            docs.append(Document(text=rec["text"], id=rec["id"], published=rec["published"]))
    out = []
    for r in range(repeat):  # distinct ids so nothing is cached by id
        out += [Document(text=d.text, id=f"{d.id}-{r}", published=d.published) for d in docs]
    return out


def timed(label: str, func, n_docs: int, n_words: int, rows: list) -> float:
    start = time.perf_counter()
    func()
    secs = time.perf_counter() - start
    rows.append((label, secs, n_words / secs, n_docs / secs))
    return secs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--repeat", type=int, default=1, help="repeat the corpus N times")
    ap.add_argument("--workers", type=int, default=2, help="worker processes for the parallel run")
    args = ap.parse_args()

    from dyads.distributed import WorkerPool
    from dyads.nlp.pipeline import load_english, load_pipeline
    from dyads.process import iter_process

    docs = load_corpus(args.repeat)
    texts = [d.text for d in docs]
    n_words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(docs)} articles, {n_words:,} words (examples/corpus x{args.repeat})")

    bare = load_english()
    full = load_pipeline()
    list(bare.pipe(texts[:5]))  # warm-up
    list(iter_process(docs[:5], nlp=full))
    rows: list = []
    t_bare = timed("bare spaCy (1 process)", lambda: list(bare.pipe(texts, batch_size=16)),
                   len(docs), n_words, rows)
    t_one = timed("dyads end to end (1 process)", lambda: list(iter_process(docs, nlp=full)),
                  len(docs), n_words, rows)
    rss_main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # a persistent pool: workers load the model once (start-up timed separately)
    start = time.perf_counter()
    with WorkerPool(args.workers) as pool:
        list(pool.process(docs[: 2 * args.workers], chunk_size=1))
        startup = time.perf_counter() - start
        t_par = timed(f"dyads end to end ({args.workers} worker processes)",
                      lambda: list(pool.process(docs, chunk_size=8)), len(docs), n_words, rows)
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    print(f"{'variant':48} {'seconds':>8} {'words/s':>9} {'articles/s':>11}")
    for label, secs, wps, aps in rows:
        print(f"{label:48} {secs:8.2f} {wps:9.0f} {aps:11.1f}")
    print(f"dyads / bare spaCy throughput (1 process): {t_bare / t_one:.2f} (target >= 0.8)")
    print(f"scaling 1 -> {args.workers} workers: {t_one / t_par:.2f}x "
          f"(worker start-up, timed separately: {startup:.1f} s per pool)")
    print(f"peak RSS: main process {rss_main:.0f} MB, largest worker {rss_children:.0f} MB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
