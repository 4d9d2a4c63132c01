"""Benchmark the dates stage. Prints figures; asserts nothing.

    python benchmarks/dates.py

1. Example article: how many of the 7 reference dates are found with the exact value
   (and end, for ranges), publication date 2021-09-07.
2. The hand-written table of tests/test_temporal.py (expression in a sentence ->
   value, value_end, precision): accuracy, and the failing rows.
3. For a human check on unseen text: every date found in 12 PolNeAR dev articles
   (publication date from the file name), with its context. There is no gold; read it.
4. Cost of the dates component relative to the bare spaCy pass.

Reads ../shared (beside the checkout); nothing of it is copied into the package.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from _timing import SHARED, print_cost

from dyads.nlp.pipeline import build_pipeline

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = "2021-09-07"


def run(nlp, text: str, published: str | None):
    doc = nlp.make_doc(text)
    doc._.dyads_published = published
    return nlp(doc)


def example_article(nlp) -> None:
    text = (SHARED / "corpus" / "russia-taliban-trtworld.txt").read_text(encoding="utf-8")
    gold = json.loads((SHARED / "corpus" / "russia-taliban-trtworld.gold.json").read_text())["dates"]
    doc = run(nlp, text, PUBLISHED)
    print("== example article (published 2021-09-07)")
    found = 0
    for g in gold:
        # the article has non-breaking spaces where the gold text has plain ones
        where = re.search(r"\s+".join(re.escape(w) for w in g["text"].split()), text)
        assert where is not None, f"gold date text {g['text']!r} not in the article"
        start, end = where.span()
        hits = [m for m in doc._.dyads_dates if m.start < end and start < m.end]
        ok = any(m.value == g["value"] and m.value_end == g.get("end") for m in hits)
        found += ok
        got = ", ".join(f"{m.text!r}={m.value}..{m.value_end}" for m in hits) or "-"
        print(f"  {'OK ' if ok else 'MISS'} {g['text']!r:36} gold {g['value']}..{g.get('end')}  got {got}")
    print(f"reference dates resolved exactly: {found}/{len(gold)}")
    print(f"all dates the stage reports in the article: {len(doc._.dyads_dates)}")
    for m in doc._.dyads_dates:
        print(f"    {m.text!r:26} {m.value}..{m.value_end} ({m.precision})")


def table(nlp) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_temporal import CASES  # the hand-written (sentence, expected) table

    correct = 0
    failures = []
    for text, published, needle, value, value_end, precision in CASES:
        doc = run(nlp, text, published)
        start = text.index(needle)
        hits = [m for m in doc._.dyads_dates if m.start < start + len(needle) and start < m.end]
        got = [(m.value, m.value_end, m.precision) for m in hits]
        if got == [(value, value_end, precision)]:
            correct += 1
        else:
            failures.append((text, published, (value, value_end, precision), got))
    print(f"\n== expression table (tests/test_temporal.py): {correct}/{len(CASES)} "
          f"= {correct / len(CASES):.1%} exact (value, value_end, precision)")
    for text, published, want, got in failures:
        print(f"  FAIL {text!r} (published {published}): want {want}, got {got}")


def human_check(nlp, first: int = 40, last: int = 52) -> None:
    paths = sorted((SHARED / "benchmarks" / "polnear" / "dev" / "text").glob("*.txt"))[first:last]
    print(f"\n== for a human check: dates in PolNeAR dev articles {first}..{last - 1} (no gold)")
    total = 0
    for path in paths:
        published = re.search(r"_(\d{4}-\d{2}-\d{2})_", path.name)
        text = path.read_text(encoding="utf-8")
        doc = run(nlp, text, published.group(1) if published else None)
        print(f"  # {path.name} (published {published.group(1) if published else None})")
        for m in doc._.dyads_dates:
            total += 1
            context = " ".join(text[max(0, m.start - 45):m.end + 25].split())
            print(f"    {m.text!r:26} {m.value}..{m.value_end} ({m.precision})  | {context}")
    print(f"dates listed: {total}")


def main() -> None:
    nlp = build_pipeline(stages=["dates"])
    example_article(nlp)
    table(nlp)
    human_check(nlp)
    print_cost(["dates"])


if __name__ == "__main__":
    main()
