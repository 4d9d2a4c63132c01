"""Benchmark of cross-article deduplication and near-duplicate detection on the test corpus.

Commands:
    python benchmarks/corpus.py                          # analyse examples/corpus, then measure
    python benchmarks/corpus.py --db /work/corpus.duckdb # measure an analysed copy (read only)
    python benchmarks/corpus.py --keep /tmp/corpus.duckdb  # analyse into a file kept after

Figures, against the hand-made ground truth ``examples/corpus/expected.yaml``:

- near-duplicates: pair precision / recall and groups found exactly;
- event recall: expected events matched by at least one cluster (``event_clusters``) of the
  same type, the same unordered set of countries, dated within the window of the event (a
  cluster matching several is given to the one it shares most articles with, then the same
  mode, then the nearest date);
- cluster precision: clusters matching an expected event / all clusters (clusters of the
  no-event articles, and of the minor reactions the ground truth leaves out, count as false);
- provenance article recall: expected reporting articles found in the best matching cluster
  (and in all matching clusters); over-splitting: matching clusters per matched event;
- report recall: expected (event, article) reports with a matching stored event in that
  article, and the most common reasons a report is missed (what limits event recall);
- the same figures on the perfect-coder store (``tests/corpus_oracle.py``), which must be 1.0.

These figures describe the whole pipeline, coder included: deduplication can only merge
the events the coder stored.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from corpus_oracle import CORPUS_DIR, corpus_articles, oracle_store

from dyads.analysis.dedup import event_clusters, load_rules
from dyads.analysis.near_dup import near_duplicate_pairs
from dyads.store import Store


def _day(value: Any) -> date | None:
    if isinstance(value, str) and len(value) >= 7:
        try:
            return date.fromisoformat(value if len(value) == 10 else value[:7] + "-01")
        except ValueError:
            return None
    return None


def _countries(*keys: Any) -> frozenset[str]:
    return frozenset(c for k in keys if isinstance(k, str) for c in k.split("+") if c)


def _expected_countries(ev: dict[str, Any]) -> frozenset[str]:
    return frozenset(c for c in (ev["actor"], ev["recipient"]) if c)


def _in_window(value: Any, ev: dict[str, Any], window: int) -> bool:
    """A stored date (day or month) fits an expected event: within the window, or its month."""
    d = _day(value)
    if d is None:
        return False
    lo, hi = _day(ev["date"]), _day(ev.get("date_end") or ev["date"])
    if len(value) == 7:
        return (lo.year, lo.month) <= (d.year, d.month) <= (hi.year, hi.month)
    return (lo - d).days <= window and (d - hi).days <= window


def pair_scores(found: set[frozenset[str]], groups: list[list[str]]) -> tuple[float, float]:
    want = {frozenset((a, b)) for g in groups for i, a in enumerate(g) for b in g[i + 1:]}
    tp = len(found & want)
    return (tp / len(found) if found else 1.0, tp / len(want) if want else 1.0)


def evaluate(db: Path, expected: dict[str, Any], label: str) -> None:
    rules = load_rules()
    w = rules.window_days
    with Store(db, read_only=True) as store:
        t0 = time.perf_counter()
        pairs = near_duplicate_pairs(store, rules.near_duplicate_threshold)
        t1 = time.perf_counter()
        table = event_clusters(store, rules)
        t2 = time.perf_counter()
        n_events = store.connection.execute(
            "SELECT count(*) FROM events WHERE NOT coalesce(negated, FALSE)").fetchone()[0]
    print(f"\n== {label}: {db}")
    print(f"stored non-negated events {n_events}; clusters {len(table)}; "
          f"near-dup {t1 - t0:.2f}s, dedup {t2 - t1:.2f}s")
    found = {frozenset((a, b)) for a, b in zip(pairs["doc_id"], pairs["duplicate_of"],
                                                strict=True)}
    p, r = pair_scores(found, expected["near_duplicates"])
    print(f"near-duplicate pairs: precision {p:.3f} recall {r:.3f} ({len(found)} found)")

    events = expected["events"]
    negatives = set(expected["no_events"])
    matches: dict[str, list[int]] = {ev["key"]: [] for ev in events}
    cluster_ok = [False] * len(table)
    rows = list(table.itertuples())
    for i, c in enumerate(rows):
        cc = _countries(c.actor, c.recipient)
        if set(c.doc_ids) and set(c.doc_ids) <= negatives:
            continue
        cands = [ev for ev in events if c.event_type == ev["type"]
                 and cc == _expected_countries(ev) and _in_window(c.date, ev, w)]
        if cands:
            # one expected event per cluster: the one it shares most articles with, then the
            # same mode, then the nearest date
            best_ev = max(cands, key=lambda ev: (
                len(set(c.doc_ids) & set(ev["articles"])), c.mode == ev["mode"],
                -abs((_day(c.date) - _day(ev["date"])).days)))
            matches[best_ev["key"]].append(i)
            cluster_ok[i] = True
    matched = [ev for ev in events if matches[ev["key"]]]
    n_art = sum(len(ev["articles"]) for ev in events)
    best = sum(max(len(set(rows[i].doc_ids) & set(ev["articles"])) for i in matches[ev["key"]])
               for ev in matched)
    union = sum(len(set().union(*(rows[i].doc_ids for i in matches[ev["key"]]))
                    & set(ev["articles"])) for ev in matched)
    split = sum(len(matches[ev["key"]]) for ev in matched) / max(1, len(matched))
    coded = _coded_reports(db, expected, w)
    best_coded = sum(max(len(set(rows[i].doc_ids) & coded[ev["key"]]) for i in matches[ev["key"]])
                     for ev in matched)
    neg_docs = {d for c in rows for d in c.doc_ids if d in negatives}
    print(f"event recall {len(matched) / len(events):.3f} ({len(matched)}/{len(events)}); "
          f"cluster precision {sum(cluster_ok) / max(1, len(rows)):.3f} "
          f"({sum(cluster_ok)}/{len(rows)})")
    print(f"provenance article recall: best cluster {best / n_art:.3f}, all matching clusters "
          f"{union / n_art:.3f} (of {n_art} expected reports); over-splitting "
          f"{split:.2f} clusters per matched event")
    n_coded = sum(len(v) for v in coded.values())
    print(f"dedup alone: of the {n_coded} expected reports the coder did code, "
          f"{best_coded / max(1, n_coded):.3f} sit in their event's best cluster")
    print(f"no-event articles with coded events: {len(neg_docs)} of {len(negatives)}"
          + (f" ({', '.join(sorted(neg_docs))})" if neg_docs else ""))
    report_diagnosis(db, expected, w)


def _stored_by_doc(db: Path) -> dict[str, list[dict[str, Any]]]:
    sql = """
        SELECT e.doc_id, e.event_type, e.date, e.negated,
               (SELECT list(coalesce(x.country, '?')) FROM event_actors x WHERE
                x.doc_id = e.doc_id AND x.event_idx = e.idx AND x.role = 'actor') AS actor,
               (SELECT list(coalesce(x.country, '?')) FROM event_actors x WHERE
                x.doc_id = e.doc_id AND x.event_idx = e.idx AND x.role = 'recipient') AS rec
        FROM events e"""
    out: dict[str, list[dict[str, Any]]] = {}
    with Store(db, read_only=True) as store:
        for doc_id, etype, day, negated, actor, rec in store.connection.execute(sql).fetchall():
            out.setdefault(doc_id, []).append({"type": etype, "date": day, "negated": negated,
                                               "actor": actor or [], "recipient": rec or []})
    return out


def _reason(ev: dict[str, Any], stored: list[dict[str, Any]], window: int) -> str | None:
    """None when the article has a matching stored event, else why it has none."""
    want = _expected_countries(ev)
    ok_date = [s for s in stored if _in_window(s["date"], ev, window)]

    def pair(s: dict[str, Any]) -> frozenset[str]:
        return frozenset(c for c in s["actor"] + s["recipient"] if c != "?")

    for s in stored:
        if s["type"] == ev["type"] and pair(s) == want and s in ok_date:
            return None if not s["negated"] else f"coded but negated: {ev['type']}"
    t = ev["type"]
    if not stored:
        return f"no event coded in the article: {t}"
    same_type = [s for s in stored if s["type"] == t]
    if any(pair(s) == want for s in same_type):
        return f"date outside the window: {t}"
    if same_type:
        s = same_type[0]
        if "?" in s["actor"] + s["recipient"]:
            return f"a participant of unknown country: {t}"
        if not s["recipient"] and ev["recipient"]:
            return f"recipient missing: {t}"
        if not s["actor"] and ev["actor"]:
            return f"actor missing: {t}"
        return f"wrong countries: {t}"
    other = [s for s in stored if pair(s) == want]
    if other:
        return f"type confused: {t} coded as {other[0]['type']}"
    return f"missed (other events coded, none of its type or countries): {t}"


def _coded_reports(db: Path, expected: dict[str, Any], window: int) -> dict[str, set[str]]:
    """Per expected event, its reporting articles in which the coder stored a matching event."""
    by_doc = _stored_by_doc(db)
    return {ev["key"]: {d for d in ev["articles"] if _reason(ev, by_doc.get(d, []), window)
                        is None} for ev in expected["events"]}


def report_diagnosis(db: Path, expected: dict[str, Any], window: int) -> None:
    by_doc = _stored_by_doc(db)
    reasons: Counter[str] = Counter()
    total = hit = 0
    for ev in expected["events"]:
        for doc_id in ev["articles"]:
            total += 1
            why = _reason(ev, by_doc.get(doc_id, []), window)
            if why is None:
                hit += 1
            else:
                reasons[why] += 1
    print(f"report recall {hit / total:.3f} ({hit}/{total} expected reports have a matching "
          "stored event in their article)")
    if reasons:
        kinds: Counter[str] = Counter()
        for why, n in reasons.items():
            kinds[why.split(": ")[0]] += n
        print("reports missed, by reason: " + "; ".join(f"{k} {n}" for k, n in
                                                         kinds.most_common()))
        print("the 10 most common (reason: expected type):")
        for why, n in reasons.most_common(10):
            print(f"  {n:4d}  {why}")
        confusions = [(why, n) for why, n in reasons.most_common() if " coded as " in why]
        if confusions:
            print("type confusions: " + "; ".join(f"{why.split(': ')[1]} {n}"
                                                  for why, n in confusions[:8]))


def analyse_corpus(path: Path) -> Path:
    from dyads.ingest import read_inputs
    from dyads.runner import run_batch

    t0 = time.perf_counter()
    summary = run_batch(read_inputs([str(p) for p in sorted(CORPUS_DIR.glob("*.jsonl"))]),
                        db=str(path))
    print(f"analysed {len(corpus_articles())} articles into {path} in "
          f"{time.perf_counter() - t0:.0f}s ({summary})")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an analysed copy of the corpus (read only)")
    parser.add_argument("--keep", type=Path, help="analyse into this new file and keep it")
    args = parser.parse_args()
    expected = yaml.safe_load((CORPUS_DIR / "expected.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or analyse_corpus(args.keep or Path(tmp) / "corpus.duckdb")
        evaluate(db, expected, "dyads pipeline")
        evaluate(oracle_store(Path(tmp) / "oracle.duckdb", expected), expected,
                 "perfect-coder oracle")


if __name__ == "__main__":
    main()
