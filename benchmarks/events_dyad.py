"""Benchmark of the dyad coder (``dyads.code_dyad``) with the source and target given.

Commands:
    python -m dyads.events.train          # rebuild the head from our data
    python benchmarks/events_dyad.py      # this report, every coder
    python benchmarks/events_dyad.py --coder hybrid   # one coder only

Coders: ``learned`` (``DyadCoder``: MiniLM + head), ``rules`` (the article coder's rules on
the dyad, ``dyads.events.hybrid.RuleDyadCoder``; the learned coder decides where no rule
fires) and ``hybrid`` (what ``code_dyad`` uses: the learned probabilities with
``RULE_WEIGHT`` added to the rules' type).

Figures (all development sets from ../shared, never used for training):
- PLV_train: root macro-F1 over PLV's 15 labels (CONCEDE/RETREAT -> YIELD), quad macro-F1;
- AW_train: cooperation/conflict macro-F1 (quads 1-2 vs 3-4);
- PLOVER gold records: event-type accuracy (DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE,
  FIGHT->ASSAULT; gold YIELD accepts CONCEDE or RETREAT);
- a confusion summary on PLV_train and the throughput of ``DyadCoder.code_batch``.
These pairs are known to carry an event, so the coder is asked for its best event type
(``allow_none=False``); the share of pairs it would have called NONE is printed too.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from dyads.events.dyad import QUAD, get_coder
from dyads.events.hybrid import RULE_WEIGHT, get_hybrid_coder, get_rule_coder, reweight

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
              "FIGHT": "ASSAULT"}
_TAG = re.compile(r"</?[st]>")


def unmark(marked: str) -> tuple[str, tuple[int, int] | None, tuple[int, int] | None]:
    """Plain text and the first <s>..</s> and <t>..</t> spans of a PLV/AW marked sentence."""
    out, pos, last = [], {}, 0
    length = 0
    for m in _TAG.finditer(marked):
        out.append(marked[last:m.start()])
        length += m.start() - last
        pos.setdefault(m.group(), length)
        last = m.end()
    out.append(marked[last:])

    def span(a: str, b: str):
        return (pos[a], pos[b]) if a in pos and b in pos and pos[b] > pos[a] else None

    return "".join(out), span("<s>", "</s>"), span("<t>", "</t>")


def macro_f1(gold: list, pred: list) -> float:
    labels = sorted(set(gold))
    scores = []
    for lab in labels:
        tp = sum(g == p == lab for g, p in zip(gold, pred))
        fp = sum(p == lab and g != lab for g, p in zip(gold, pred))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


CODERS = ("learned", "rules", "hybrid")
#: the rules' weight in each coder ("rules": the rules always win where they fire)
WEIGHTS = {"learned": 0.0, "rules": 10.0, "hybrid": RULE_WEIGHT}


def predict(items: list, coder_name: str, weight: float | None = None
            ) -> tuple[list[str], float]:
    """Best event type per pre-located item, and the share NONE would have won."""
    coder = get_coder()
    probs = coder.probabilities(items)
    none = coder.labels.index("NONE")
    w = WEIGHTS[coder_name] if weight is None else weight
    if w:
        probs = reweight(probs, coder.labels, _rules(items), w)
    none_share = float((probs.argmax(1) == none).mean()) if len(items) else 0.0
    probs[:, none] = -1.0
    return [coder.labels[i] for i in probs.argmax(1)], none_share


_RULE_CACHE: dict[tuple, object] = {}


def _rules(items: list) -> list:
    """Rule decisions per item (each data set is parsed once per run)."""
    key = tuple((t, s, g) for t, s, g in items)
    if key not in _RULE_CACHE:
        _RULE_CACHE[key] = get_rule_coder().code_spans(items)
    return _RULE_CACHE[key]


def plv(coder_name: str) -> list[str]:
    rows = list(csv.DictReader((SHARED / "plv" / "PLV_train.tsv").open(encoding="utf-8"),
                               delimiter="\t"))
    items = [unmark(r["marked_sentence"]) for r in rows]
    pred, none_share = predict(items, coder_name)
    fired = sum(r.event_type is not None for r in _rules(items)) if coder_name != "learned" \
        else 0
    pred = ["YIELD" if p in ("CONCEDE", "RETREAT") else p for p in pred]
    gold = [r["gold_root"] for r in rows]
    quad = {**QUAD, "YIELD": 2, "CONCEDE": 2}
    headline = (
        f"[{coder_name}] PLV_train (n={len(rows)}): root macro-F1 {macro_f1(gold, pred):.3f}, "
        f"quad macro-F1 {macro_f1([quad[g] for g in gold], [quad[p] for p in pred]):.3f}, "
        f"accuracy {sum(g == p for g, p in zip(gold, pred)) / len(gold):.3f}, "
        f"NONE would win on {none_share:.1%}"
        + (f", rules fire on {fired / len(rows):.1%}" if fired else "")
    )
    lines = [headline, "  per label (gold n, F1, top confusions):"]
    for lab in sorted(set(gold)):
        wrong = Counter(p for g, p in zip(gold, pred) if g == lab and p != lab).most_common(3)
        tp = sum(g == p == lab for g, p in zip(gold, pred))
        n_pred = sum(p == lab for p in pred)
        n_gold = sum(g == lab for g in gold)
        f1 = 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0
        lines.append(f"    {lab:<10} {n_gold:>4}  {f1:.2f}  "
                     + ", ".join(f"{p} {c}" for p, c in wrong))
    return lines


def aw(coder_name: str) -> list[str]:
    rows = list(csv.DictReader((SHARED / "plv" / "AW_train.tsv").open(encoding="utf-8"),
                               delimiter="\t"))
    items = [unmark(r["marked_sentence"]) for r in rows]
    pred, _ = predict(items, coder_name)
    # gold_binary: 1 = conflict, 0 = cooperation.
    got = [int(QUAD[p] >= 3) for p in pred]
    gold = [int(r["gold_binary"]) for r in rows]
    return [f"[{coder_name}] AW_train (n={len(rows)}): cooperation/conflict macro-F1 {macro_f1(gold, got):.3f}"]


def plover_gold(coder_name: str) -> list[str]:
    records = json.loads((SHARED / "plover" / "PLOVER_GSR_CAMEO.txt").read_text(encoding="utf-8"))
    items, gold = [], []
    coder = get_coder()
    for rec in records:
        if rec.get("event") in (None, "DOCUMENT"):
            continue
        sources = rec.get("source") or []
        targets = rec.get("target") or []
        if isinstance(targets, str):
            targets = []
        if not sources:
            continue
        src = sources[0]["actorText"]
        # Compound SRC/TAR records without a target are reciprocal: code member 1 -> member 2.
        tgt = targets[0]["actorText"] if targets else (
            sources[1]["actorText"] if len(sources) > 1 else None)
        try:
            s, t = coder.spans(rec["text"], src, tgt)
        except ValueError:
            continue
        items.append((rec["text"], s, t))
        gold.append(OLD_LABELS.get(rec["event"], rec["event"]))
    pred, _ = predict(items, coder_name)
    ok = [p == g or (g == "YIELD" and p in ("CONCEDE", "RETREAT")) for g, p in zip(gold, pred)]
    per = Counter(g for g, k in zip(gold, ok) if not k)
    line = (f"[{coder_name}] PLOVER gold records (n={len(items)} with locatable actors): event-type accuracy "
            f"{sum(ok) / len(ok):.3f}; misses by gold type: {dict(per.most_common())}")
    return [line]


def throughput(coder_name: str) -> list[str]:
    coder = get_coder()
    rows = list(csv.DictReader((SHARED / "plv" / "PLV_train.tsv").open(encoding="utf-8"),
                               delimiter="\t"))
    batch = []
    for r in rows:
        try:
            coder.spans(r["sentence"], r["source"], r["target"])
        except ValueError:
            continue
        batch.append((r["sentence"], r["source"], r["target"]))
    batch = batch[:512]
    if coder_name == "learned":
        run = coder.code_batch
    elif coder_name == "rules":
        rules = get_rule_coder()

        def run(b: list) -> object:
            return rules.code_spans([(t, *coder.spans(t, s, g)) for t, s, g in b])
    else:
        run = get_hybrid_coder().code_batch
    run(batch[:32])
    start = time.perf_counter()
    run(batch)
    rate = len(batch) / (time.perf_counter() - start)
    import torch

    backend = f"MiniLM {coder.variant}, torch ({torch.get_num_threads()} threads)"
    what = "rule coder alone (spaCy + actors + event rules)" if coder_name == "rules" \
        else f"encoder via {backend}"
    line = (f"[{coder_name}] throughput: {rate:.0f} sentences/s on {len(batch)} PLV sentences, "
            f"{what}")
    return [line]


def weight_sweep() -> list[str]:
    """Root and quad macro-F1 on PLV_train across rule weights (how RULE_WEIGHT was chosen)."""
    rows = list(csv.DictReader((SHARED / "plv" / "PLV_train.tsv").open(encoding="utf-8"),
                               delimiter="\t"))
    items = [unmark(r["marked_sentence"]) for r in rows]
    gold = [r["gold_root"] for r in rows]
    quad = {**QUAD, "YIELD": 2, "CONCEDE": 2}
    out = []
    for w in (0.0, 0.25, 0.5, 1.0, 10.0):
        pred, _ = predict(items, "hybrid", w)
        pred = ["YIELD" if p in ("CONCEDE", "RETREAT") else p for p in pred]
        out.append(f"w={w:g}: root {macro_f1(gold, pred):.3f} "
                   f"quad {macro_f1([quad[g] for g in gold], [quad[p] for p in pred]):.3f}")
    return ["rule weight sweep on PLV_train: " + "; ".join(out)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--coder", choices=(*CODERS, "all"), default="all")
    parser.add_argument("--sweep", action="store_true", help="also print the rule-weight sweep")
    args = parser.parse_args()
    if not SHARED.exists():
        print(f"{SHARED} not found: ../shared must sit beside the checkout")
        return 1
    print(__doc__.split("\n\n")[0])
    print("commands: python -m dyads.events.train; "
          "python benchmarks/events_dyad.py [--coder learned|rules|hybrid]")
    for name in CODERS if args.coder == "all" else (args.coder,):
        for part in (plv, aw, plover_gold, throughput):
            for line in part(name):
                print(line, flush=True)
    if args.sweep:
        for line in weight_sweep():
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
