"""Quote attribution on PolNeAR dev and on the example article, with textacy as the baseline.

Run:  python benchmarks/quotes.py [--limit N] [--verbose]

PolNeAR (../shared/benchmarks/polnear/dev, brat standoff): every Attribution event links a
Content span (possibly in fragments), a Cue and a Source (absent for Attribution-no-source).
For articles annotated by several annotators the first annotation file (sorted) is used.

Metrics
- content detection P/R/F1: a predicted content matches a gold content when the overlap
  covers at least 50% of both (|P∩G| / max(|P|, |G|) >= 0.5); one-to-one, greedy by overlap.
- attribution accuracy: share of matched contents whose speaker is correct: the predicted
  speaker phrase overlaps the gold source span, or the resolved speaker shares a proper-name
  word with a (non-pronoun) gold source; for a gold attribution without source, correct when
  no speaker is predicted.
- end-to-end P/R/F1: matched content AND correct speaker.
The same figures are computed for textacy's ``textacy.extract.triples.direct_quotations``.
A second, lenient line counts a content as matched when the prediction covers at least 50%
of the gold content (|P∩G| / |G| >= 0.5), for comparison with work that scores that way.
dyads runs with its defaults (the actors stage first when installed; reported content with
no speaker in the text is not output).

Example article: each of the 8 reference quotes is found when a predicted quote's content
contains the reference content (or lies inside it and is at least half as long) and a
speaker field (text, name, code or country) contains one of the '~substring' alternatives.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
POLNEAR = SHARED / "benchmarks" / "polnear" / "dev"
EXAMPLE = SHARED / "corpus" / "russia-taliban-trtworld.txt"
EXAMPLE_GOLD = SHARED / "corpus" / "russia-taliban-trtworld.gold.json"
PRONOUNS = {"he", "she", "they", "it", "we", "i", "who", "you", "which", "that", "him", "her",
            "them", "us", "me"}


TEXTACY_BAILED: list[str] = []


@dataclass
class Gold:
    content: set[int]
    source: set[int] | None
    source_text: str


@dataclass
class Pred:
    content: set[int]
    speaker: set[int] | None
    names: list[str]
    via: str = ""


def _chars(spec: str) -> set[int]:
    out: set[int] = set()
    for frag in spec.split(";"):
        a, b = frag.split()
        out.update(range(int(a), int(b)))
    return out


def read_ann(path: Path) -> list[Gold]:
    spans: dict[str, tuple[str, set[int], str]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, mid, text = (line.split("\t") + [""])[:3]
            label, spec = mid.split(" ", 1)
            spans[tid] = (label, _chars(spec), text)
        elif line.startswith("E"):
            _, args = line.split("\t", 1)
            events.append(dict(a.split(":", 1) for a in args.split()))
    gold = []
    for ev in events:
        if "Content" not in ev or ev["Content"] not in spans:
            continue
        src = spans.get(ev.get("Source", ""))
        gold.append(Gold(spans[ev["Content"]][1], src[1] if src else None, src[2] if src else ""))
    return gold


def polnear_articles(limit: int | None) -> list[tuple[str, str, list[Gold]]]:
    anns = sorted((POLNEAR / "attributions").glob("*.ann"))
    out = []
    for txt in sorted((POLNEAR / "text").glob("*.txt")):
        ann = next((a for a in anns if a.name.startswith(txt.stem + "_")), None)
        if ann is None:
            continue
        out.append((txt.stem, txt.read_text(encoding="utf-8"), read_ann(ann)))
    return out[:limit] if limit else out


def _overlap(a: set[int], b: set[int]) -> float:
    """Symmetric overlap of a predicted (a) and a gold (b) span: both must be half covered."""
    return len(a & b) / max(len(a), len(b), 1)


def _gold_coverage(a: set[int], b: set[int]) -> float:
    """Lenient overlap: the share of the gold span (b) the prediction (a) covers."""
    return len(a & b) / max(len(b), 1)


def _name_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Z][\w'’-]{2,}", text)}


def _speaker_ok(g: Gold, p: Pred) -> bool:
    if g.source is None:
        return p.speaker is None
    if p.speaker is None:
        return False
    if p.speaker & g.source:
        return True
    if g.source_text.strip().lower() in PRONOUNS:
        return False
    gw = _name_words(g.source_text)
    return any(gw & _name_words(n) for n in p.names)


def score(golds: list[Gold], preds: list[Pred], overlap=None) -> tuple[int, int]:
    """(content matches, end-to-end matches) for one article."""
    overlap = overlap or _overlap
    pairs = sorted(((overlap(p.content, g.content), i, j) for i, p in enumerate(preds)
                    for j, g in enumerate(golds)), reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = e2e = 0
    for ov, i, j in pairs:
        if ov < 0.5:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matched += 1
        e2e += _speaker_ok(golds[j], preds[i])
    return matched, e2e


def dyads_preds(doc) -> list[Pred]:
    from dyads.model import argument_list
    from dyads.quotes.finder import find_quote_matches
    from dyads.quotes.speaker import actor_lookup

    out = []
    for q in find_quote_matches(doc, lookup=actor_lookup()):
        content: set[int] = set()
        for s, e in q.fragments:
            content.update(range(s, e))
        spk = set(range(*q.speaker_span)) if q.speaker_span else None
        names = [x for a in argument_list(q.speaker) for x in (a.text, a.name or "")]
        out.append(Pred(content, spk, names, q.via))
    return out


def textacy_preds(doc) -> list[Pred]:
    from textacy.extract.triples import direct_quotations

    out = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # textacy bails out on an unbalanced quotation mark: it finds nothing
        TEXTACY_BAILED.append(doc.text[:40])
        return out
    for trip in triples:
        c = trip.content
        content = set(range(c.start_char, c.end_char))
        spk = {i for t in trip.speaker for i in range(t.idx, t.idx + len(t.text))} or None
        out.append(Pred(content, spk, [" ".join(t.text for t in trip.speaker)], "textacy"))
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run_polnear(nlp, limit: int | None, verbose: bool) -> None:
    arts = polnear_articles(limit)
    totals = {name: Counter() for name in ("dyads", "textacy", "dyads (lenient)",
                                           "textacy (lenient)", "dyads (subset)",
                                           "textacy (subset)")}
    via_tp: Counter = Counter()
    via_n: Counter = Counter()
    t0 = time.time()
    docs = nlp.pipe([text for _, text, _ in arts], batch_size=8)
    for (stem, _text, golds), doc in zip(arts, docs):
        bailed = len(TEXTACY_BAILED)
        per_doc: dict[str, tuple[int, int, int]] = {}
        for name, fn in (("dyads", dyads_preds), ("textacy", textacy_preds)):
            preds = fn(doc)
            m, e = score(golds, preds)
            per_doc[name] = (len(preds), m, e)
            totals[name].update(gold=len(golds), pred=len(preds), matched=m, e2e=e)
            m, e = score(golds, preds, _gold_coverage)
            totals[f"{name} (lenient)"].update(gold=len(golds), pred=len(preds), matched=m, e2e=e)
            if name == "dyads" and verbose:
                for p in preds:
                    via_n[p.via] += 1
                    via_tp[p.via] += int(any(_overlap(p.content, g.content) >= 0.5 for g in golds))
        if len(TEXTACY_BAILED) == bailed:  # the articles textacy could process
            for name, (n, m, e) in per_doc.items():
                totals[f"{name} (subset)"].update(gold=len(golds), pred=n, matched=m, e2e=e)
    secs = time.time() - t0
    print(f"PolNeAR dev: {len(arts)} articles, {totals['dyads']['gold']} gold attributions "
          f"({secs:.1f}s incl. parsing)")
    print(f"{'system':17} {'content P':>9} {'R':>6} {'F1':>6} | {'attr acc':>8} | "
          f"{'e2e P':>6} {'R':>6} {'F1':>6} | {'pred':>5}")
    for name, t in totals.items():
        cp, cr, cf = _prf(t["matched"], t["pred"], t["gold"])
        ep, er, ef = _prf(t["e2e"], t["pred"], t["gold"])
        acc = t["e2e"] / t["matched"] if t["matched"] else 0.0
        print(f"{name:17} {cp:9.3f} {cr:6.3f} {cf:6.3f} | {acc:8.3f} | {ep:6.3f} {er:6.3f} "
              f"{ef:6.3f} | {t['pred']:5d}")
    print(f"(textacy raised ValueError on unbalanced quotation marks in {len(TEXTACY_BAILED)} "
          f"articles, counted as no predictions; 'subset' rows: only the other "
          f"{len(arts) - len(TEXTACY_BAILED)} articles)")
    if verbose:
        for via, n in via_n.most_common():
            print(f"  via {via:12} {n:5d} predicted, content precision {via_tp[via] / n:.3f}")


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'").replace("“", '"').replace("”", '"')).strip(
        " .,\"'").lower()


def run_example(nlp) -> None:
    gold = json.loads(EXAMPLE_GOLD.read_text(encoding="utf-8"))["quotes"]
    doc = nlp(EXAMPLE.read_text(encoding="utf-8"))
    from dyads.model import argument_list
    from dyads.quotes.finder import find_quotes

    quotes = find_quotes(doc)
    found = kinds = 0
    for g in gold:
        gc = _norm(g["content"])
        hit = None
        for q in quotes:
            qc = _norm(q.content)
            if gc not in qc and (qc not in gc or len(qc) < len(gc) / 2):
                continue
            fields = [f.lower() for a in argument_list(q.speaker)
                      for f in (a.text, a.name or "", a.code or "", a.country or "")]
            if any(alt.startswith("~") and any(alt[1:].lower() in f for f in fields) or
                   (not alt.startswith("~") and alt.upper() in [f.upper() for f in fields])
                   for alt in g["speaker"]):
                hit = q
                break
        found += hit is not None
        kinds += hit is not None and hit.kind == g["kind"]
        mark = "ok  " if hit else "MISS"
        print(f"  {mark} {g['speaker'][0]:18} {g['content'][:60]!r}"
              + (f"  [{hit.kind}, cue {hit.cue!r}]" if hit else ""))
    print(f"Example article: {found}/8 reference quotes found with the right speaker "
          f"({kinds}/8 also with the reference kind); {len(quotes)} quotes predicted")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--verbose", action="store_true", help="precision by finding method")
    args = ap.parse_args()
    from dyads.nlp.pipeline import build_pipeline
    from dyads.quotes.speaker import actor_lookup

    stages = ["actors"] if actor_lookup() is not None else []
    nlp = build_pipeline(stages=stages)
    import textacy

    print(f"pipeline stages before quotes: {stages or '(none: actor layer not installed)'}; "
          f"textacy {textacy.__version__}")
    run_example(nlp)
    run_polnear(nlp, args.limit, args.verbose)


if __name__ == "__main__":
    main()
