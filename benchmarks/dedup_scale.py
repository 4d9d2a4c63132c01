"""Scale benchmark of deduplication and near-duplicate detection on a synthetic store.

Commands:
    python benchmarks/dedup_scale.py                    # 20,000 articles, 60,000 events
    python benchmarks/dedup_scale.py --docs 100000      # the size the design is meant for

The store is written straight with SQL (no NLP): articles of 150 random words from a
5,000-word vocabulary, one in 100 a republished copy of the article before it with its last
five words changed (Jaccard about 0.94: what near-duplicate detection must find, and nothing
else), and three events per article between 40 countries, of 16 types, dated over two
years, each reported by several articles. Prints wall-clock seconds and found/planted counts.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from dyads.analysis.dedup import event_clusters
from dyads.analysis.near_dup import near_duplicate_pairs
from dyads.kb.plover import event_types
from dyads.store import Store

TEXT = ("array_to_string(list_transform(range(150), lambda k: 'w' || "
        "(hash({seed} * 1000 + k) % 5000)), ' ')")


def build(path: Path, n_docs: int) -> None:
    with Store(path) as store:
        con = store.connection
        types = event_types()
        copy_text = ("array_to_string(list_transform(range(145), lambda k: 'w' || "
                     "(hash((i - 1) * 1000 + k) % 5000)), ' ') || ' a b c d e'")
        con.execute(f"""
            INSERT INTO documents (id, content_hash, published, source, text, n_chars)
            SELECT 'doc' || i, md5(t), strftime(DATE '2022-01-01' + CAST(i % 730 AS INTEGER),
                                                '%Y-%m-%d'),
                   'outlet' || (i % 8), t, length(t)
            FROM (SELECT i, CASE WHEN i % 100 = 99 THEN {copy_text}
                                 ELSE {TEXT.format(seed='i')} END AS t
                  FROM range(?) r(i))
        """, [n_docs])
        # events: three per article; the story (dyad, type, day) repeats across articles so
        # that each real event has several reports
        con.execute("""
            CREATE TEMP TABLE ev AS
            SELECT 'doc' || i AS doc_id, j AS idx, i, j,
                   (hash(i // 4 * 7 + j) % 16) AS t,
                   (hash(i // 4 * 13 + j) % 40) AS a,
                   ((hash(i // 4 * 13 + j) % 40) + 1 + hash(i // 4 * 17 + j) % 39) % 40 AS r
            FROM range(?) r(i), range(3) s(j)
        """, [n_docs])
        con.execute("""
            INSERT INTO events (doc_id, idx, event_type, date, negated, quad, score, evidence)
            SELECT doc_id, idx, list_extract(?, CAST(t AS INTEGER) + 1),
                   strftime(DATE '2022-01-01' + CAST(i % 730 AS INTEGER) - CAST(j AS INTEGER),
                            '%Y-%m-%d'), FALSE, 1, 0.0, 'e'
            FROM ev
        """, [types])
        for role, col in (("actor", "a"), ("recipient", "r")):
            con.execute(f"""
                INSERT INTO event_actors (doc_id, event_idx, role, position, text, country, code)
                SELECT doc_id, idx, '{role}', 0, 'C' || {col}, 'C' || lpad({col}::VARCHAR, 2, '0'),
                       'C' || lpad({col}::VARCHAR, 2, '0')
                FROM ev
            """)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scale.duckdb"
        t0 = time.perf_counter()
        build(path, args.docs)
        print(f"built {args.docs} articles, {3 * args.docs} events in "
              f"{time.perf_counter() - t0:.1f}s")
        with Store(path, read_only=True) as store:
            t0 = time.perf_counter()
            pairs = near_duplicate_pairs(store)
            t1 = time.perf_counter()
            print(f"near_duplicate_pairs: {len(pairs)} pairs (planted {args.docs // 100}) in "
                  f"{t1 - t0:.1f}s")
            clusters = event_clusters(store)
            t2 = time.perf_counter()
            print(f"event_clusters: {len(clusters)} clusters from {3 * args.docs} events in "
                  f"{t2 - t1:.1f}s (near-duplicate groups included)")


if __name__ == "__main__":
    main()
