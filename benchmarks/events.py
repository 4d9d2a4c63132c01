"""Events benchmark: whole-article PLOVER coding, PETRARCH sentences, throughput.

Run: python benchmarks/events.py [--skip-petrarch] [--repeat N] [--show] [--typer rules|learned]

Prints
1. the example article (../shared/corpus, published 2021-09-07): required-event recall and
   precision under the gold file's matching conventions (benchmarks/gold.py); targets:
   issue 4 recall >= 0.85 and precision >= 0.75, issue 2 floor >= half of the 13 required;
2. PETRARCH-2 validation sentences (real AFP news): end-to-end dyad + type recall and
   precision, CAMEO codes mapped to PLOVER with CAMEO2PLOVER-2021.txt (dropped roots 01/02 are
   not counted), an event matching when type, source country and target country agree
   (either direction for CONSULT / COOPERATE; a compound actor with no recipient, PLOVER's
   coding of reciprocal acts, matches both directions; PETRARCH's IGO covers UNO and EUR);
3. sentences per second of full-pipeline article coding vs a bare spaCy pass in the same run.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gold import match_events

SHARED = HERE.parents[1] / "shared"
ARTICLE = SHARED / "corpus" / "russia-taliban-trtworld.txt"
GOLD = SHARED / "corpus" / "russia-taliban-trtworld.gold.json"
PETRARCH = SHARED / "benchmarks" / "petrarch" / "PETR2_GSR_validation.xml"
CAMEO2PLOVER = SHARED / "benchmarks" / "plover" / "CAMEO2PLOVER-2021.txt"
PUBLISHED = "2021-09-07"
SYMMETRIC = {"CONSULT", "COOPERATE"}


def load_nlp(typer: str = "rules"):
    """The full pipeline; ``typer="learned"`` lets the shipped dyad coder decide the type of
    every candidate with an actor and a recipient (``dyads.events.typer.dyad_coder_typer``)."""
    from dyads.nlp.pipeline import build_pipeline
    nlp = build_pipeline()
    if typer == "learned":
        from dyads.events.dyad import get_coder
        from dyads.events.typer import dyad_coder_typer
        nlp.get_pipe("dyads_events").typer = dyad_coder_typer(get_coder())
    return nlp


def run(nlp, texts: list[str], published: list[str | None]) -> list:
    docs = []
    for text, pub in zip(texts, published):
        doc = nlp.make_doc(text)
        doc._.dyads_published = pub
        docs.append(doc)
    return list(nlp.pipe(docs))


def describe(ev: dict) -> str:
    def arg(a):
        if a is None:
            return "-"
        items = a if isinstance(a, list) else [a]
        return "+".join(f"{x.get('text')}[{x.get('code') or x.get('country')}]" for x in items)
    flags = "".join(f for f, on in (("N", ev["negated"]), ("H", ev["hypothetical"])) if on)
    return (f"{ev['event_type']:<9} {arg(ev['actor'])} -> {arg(ev['recipient'])} "
            f"| {ev['evidence']!r} {ev['tense']} {flags} date={ev['date']}"
            + (f"..{ev['date_end']}" if ev.get("date_end") else "") + f" conf={ev['confidence']}")


def article(nlp, show: bool) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    doc = run(nlp, [text], [PUBLISHED])[0]
    preds = [e.to_dict() for e in doc._.dyads_events]
    res = match_events(preds, gold)
    n_req = res["n_required"]
    print("== Example article (russia-taliban-trtworld, published 2021-09-07)")
    print(f"required recall   {res['required_recall']:.3f} ({len(res['found'])}/{n_req}; "
          f"issue 4 target >= 0.85, issue 2 floor >= {n_req / 2:.1f})")
    print(f"precision         {res['precision']:.3f} ({res['n_correct']}/{res['n_predicted']}; "
          "target >= 0.75)")
    print(f"missed required   {', '.join(res['missed']) or '-'}")
    dated = [g for g in gold["events"] if g.get("date") and g["id"] in res["found"]]
    ok = sum(1 for g in dated if any(gid == g["id"] and preds[i]["date"] == g["date"]
                                     for i, gid in res["matched"]))
    print(f"date agreement    {ok}/{len(dated)} found required events whose gold has a date "
          "(some matching prediction carries the gold date)")
    if show:
        matched: dict[int, list[str]] = {}
        for i, gid in res["matched"]:
            matched.setdefault(i, []).append(gid)
        for i, ev in enumerate(preds):
            print(f"  {'ok ' + ','.join(matched[i]) if i in matched else 'FP':<12} {describe(ev)}")


def cameo_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in CAMEO2PLOVER.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*(\d{2,4}):\s*([A-Z]+)", line)
        if m:
            table[m.group(1)] = m.group(2)
    return table


def to_plover(code: str, table: dict[str, str]) -> str | None:
    if code in table:
        return table[code]
    for n in (3, 2):
        if code[:n] in table:
            return table[code[:n]]
    return None  # 01 / 02: dropped in PLOVER


def petrarch_records() -> list[dict]:
    raw = PETRARCH.read_text(encoding="utf-8")
    recs = []
    for block in re.findall(r"<Sentence (.*?)</Sentence>", raw, flags=re.DOTALL):
        head = block.split(">", 1)[0]
        if 'evaluate="true"' not in head:
            continue
        date = re.search(r'date="(\d{8})"', head)
        text = re.search(r"<Text>(.*?)</Text>", block, flags=re.DOTALL)
        if text is None:
            continue
        codes = re.findall(r'<EventCoding eventcode="([^"]*)" sourcecode="([^"]*)" '
                           r'targetcode="([^"]*)"', block)
        d = date.group(1) if date else None
        recs.append({"text": " ".join(text.group(1).split()),
                     "published": f"{d[:4]}-{d[4:6]}-{d[6:]}" if d else None,
                     "events": codes})
    return recs


def _countries(arg) -> set[str]:
    items = arg if isinstance(arg, list) else ([arg] if arg else [])
    return {(a.get("country") or "") for a in items if a.get("country")}


#: PETRARCH codes every intergovernmental organisation IGO; PLOVER also has UNO and EUR
_IGO = {"IGO", "UNO", "EUR"}


def _norm(codes: set[str]) -> set[str]:
    return codes | ({"IGO"} if codes & _IGO else set())


def _dyad_ok(ev: dict, etype: str, src: str, tgt: str) -> bool:
    if ev["event_type"] != etype:
        return False
    act, rec = _norm(_countries(ev["actor"])), _norm(_countries(ev["recipient"]))
    if src in act and (not tgt or tgt in rec):
        return True
    if not rec and {src, tgt} <= act:
        return True  # PLOVER codes a reciprocal act with all participants as actor
    return etype in SYMMETRIC and src in rec and tgt in act


def petrarch(nlp, show: bool) -> None:
    table = cameo_table()
    recs = petrarch_records()
    docs = run(nlp, [r["text"] for r in recs], [r["published"] for r in recs])
    n_gold = hit = n_pred = correct = 0
    for rec, doc in zip(recs, docs):
        preds = [e.to_dict() for e in doc._.dyads_events]
        gold = []
        for code, src, tgt in rec["events"]:
            ptype = to_plover(code, table)
            if ptype is not None:
                gold.append((ptype, src[:3], tgt[:3]))
        n_gold += len(gold)
        hit += sum(1 for g in gold if any(_dyad_ok(p, *g) for p in preds))
        n_pred += len(preds)
        ok = [any(_dyad_ok(p, *g) for g in gold) for p in preds]
        correct += sum(ok)
        if show:
            print(f"  {rec['text'][:100]!r}\n    gold {gold}")
            for p, good in zip(preds, ok):
                print(f"    {'ok' if good else 'FP'} {describe(p)}")
    print(f"== PETRARCH-2 validation sentences ({len(recs)} sentences, {n_gold} gold events "
          "mapped to PLOVER)")
    print(f"dyad+type recall  {hit / max(n_gold, 1):.3f} ({hit}/{n_gold})")
    print(f"dyad+type precision {correct / max(n_pred, 1):.3f} ({correct}/{n_pred})")


def throughput(nlp, repeat: int) -> None:
    from dyads.nlp.pipeline import load_english
    text = ARTICLE.read_text(encoding="utf-8")
    bare = load_english()
    n_sents = len(list(bare(text).sents))
    from dyads.nlp.pipeline import STAGES, build_pipeline
    no_events = build_pipeline(stages=[s for s in STAGES if s != "events"])
    timings = {}
    for name, pipe in (("bare spaCy", bare), ("dyads without events", no_events),
                       ("full dyads", nlp)):
        run(pipe, [text], [PUBLISHED])  # warm-up
        t0 = time.perf_counter()
        for _ in range(repeat):
            run(pipe, [text], [PUBLISHED])
        timings[name] = (time.perf_counter() - t0) / repeat
    print(f"== Throughput (example article, {n_sents} sentences, mean of {repeat} runs)")
    for name, sec in timings.items():
        print(f"{name:<21} {n_sents / sec:7.1f} sentences/s ({sec:.2f} s per article)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-petrarch", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--show", action="store_true", help="list every predicted event")
    ap.add_argument("--typer", choices=("rules", "learned"), default="rules",
                    help="who types the candidates: the rules (default pipeline) or the dyad coder")
    args = ap.parse_args()
    if not ARTICLE.exists():
        sys.exit(f"{ARTICLE} not found: ../shared must sit beside the checkout")
    nlp = load_nlp(args.typer)
    article(nlp, args.show)
    if not args.skip_petrarch:
        petrarch(nlp, args.show)
    throughput(nlp, args.repeat)


if __name__ == "__main__":
    main()
