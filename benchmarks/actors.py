"""Benchmark the actors stage. Prints figures; asserts nothing.

    python benchmarks/actors.py [--quick]

1. Example article: country / sector accuracy on the gold ``actor_mentions``.
2. NGEC actor-resolution cases (``resolve_actor``), on the cases that need no live Wikipedia.
3. NGEC co-actor splitting cases.
4. CoNLL++ dev and CrossNER politics dev: PER/ORG/LOC entity F1, actor layer vs bare spaCy.
5. Time of the actors component vs the bare spaCy pipeline on the same texts, same run.
6. The test corpus (examples/corpus): share of actor mentions with a country, and how each
   country was found (own words / KB, coreference, dateline, dominant country).

Reads ../shared (beside the checkout); nothing of it is copied into the package.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc

from dyads.actors import coordinated, mentions_in_span, resolve_actor
from dyads.actors.context import SOURCES_KEY
from dyads.actors.index import alias_index
from dyads.kb.files import SECTORS
from dyads.nlp.pipeline import build_pipeline

SHARED = Path(__file__).resolve().parents[2] / "shared"
ARTICLE = SHARED / "corpus" / "russia-taliban-trtworld.txt"
GOLD = SHARED / "corpus" / "russia-taliban-trtworld.gold.json"
NGEC = SHARED / "benchmarks" / "ngec_actors"
NER = SHARED / "benchmarks" / "ner"


def run(nlp, doc: Doc) -> Doc:
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


# ---------------------------------------------------------------- 1. example article
def example_article(nlp) -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["actor_mentions"]
    doc = nlp.make_doc(ARTICLE.read_text(encoding="utf-8"))
    doc._.dyads_published = "2021-09-07"
    mentions = run(nlp, doc)._.dyads_actors
    c_ok = c_n = s_ok = s_n = found = 0
    misses = []
    for g in gold:
        # every mention of the gold actor counts: its full name, surname, or KB name
        ours = [m for m in mentions if m.text == g["text"] or m.name == g["text"]]
        found += bool(ours)
        for m in ours:
            c_n += 1
            c_ok += m.country == g["country"]
            if m.country != g["country"]:
                misses.append((m.text, "country", m.country, g["country"]))
            if g.get("sector"):
                s_n += 1
                s_ok += m.sector == g["sector"]
                if m.sector != g["sector"]:
                    misses.append((m.text, "sector", m.sector, g["sector"]))
    print("== Example article (gold actor_mentions, all matching mentions)")
    print(f"gold actors found: {found}/{len(gold)}; mentions scored: {c_n}")
    print(f"country accuracy: {c_ok}/{c_n} = {c_ok / max(c_n, 1):.3f}")
    print(f"sector accuracy:  {s_ok}/{s_n} = {s_ok / max(s_n, 1):.3f}")
    for miss in sorted(set(misses)):
        print("  miss:", miss)


# ---------------------------------------------------------------- 6. document context
CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def corpus_context(nlp) -> None:
    """Country coverage of the test corpus's actor mentions, by how the country was found."""
    sources: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    n = 0
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            art = json.loads(line)
            doc = nlp.make_doc(art["text"])
            doc._.dyads_published = art["published"]
            doc = run(nlp, doc)
            for m, how in zip(doc._.dyads_actors, doc.user_data[SOURCES_KEY], strict=True):
                n += 1
                sources[how or "none"] += 1
                if m.kb_id is None and m.sector is not None:
                    roles[how or "none"] += 1
    print(f"\n== Test corpus ({CORPUS.name}): {n} actor mentions")
    for label, counts in (("all mentions", sources), ("unnamed/unknown actors with a sector",
                                                      roles)):
        total = sum(counts.values())
        own = counts["kb"] + counts["span"]
        print(f"{label}: with a country {1 - counts['none'] / total:.3f} "
              f"(own words or KB alone {own / total:.3f}); by source: "
              + ", ".join(f"{k} {v}" for k, v in counts.most_common()))


# ---------------------------------------------------------------- 2. NGEC resolution
def _expectations(case: dict) -> tuple[str | None, str, list[str] | None, bool]:
    """(expected country, 'absent' flag, accepted sectors, expects-wiki-title)."""
    country: str | None = "?"
    sectors: list[str] = []
    none_code = False
    wiki = False
    for a in case["asserts"]:
        lhs, exp = a["lhs"], a["expected"]
        if lhs in ("code['country']", "cc"):
            country = exp or None
        elif lhs == "code['code_1']":
            sectors.extend(exp if isinstance(exp, list) else [exp])
        elif lhs == "code" and exp == "None":
            none_code = True
        elif lhs == "code['wiki']" and exp:
            wiki = True
    if none_code:
        return None, "none", [""], wiki
    return country, "", sectors or None, wiki


def ngec_resolution() -> None:
    rows = [json.loads(x) for x in (NGEC / "ngec_actor_resolution_cases.jsonl").open()]
    stats = {k: Counter() for k in ("all", "no_wiki")}
    skipped = Counter()
    for case in rows:
        call = case["calls"][-1]
        if call["method"] == "query_wiki" or not call["args"] or call["args"][0] is None:
            skipped[call["method"]] += 1
            continue
        args = call["args"] + ["", ""]
        text, context, date = args[0], args[1] or None, args[2] or None
        country, _, sectors, wiki = _expectations(case)
        ref = resolve_actor(text, context=context, date=date)
        groups = ["all"] + ([] if wiki else ["no_wiki"])
        for g in groups:
            st = stats[g]
            if country != "?":
                st["c_n"] += 1
                st["c_ok"] += ref.country == country
            if sectors is not None:
                valid = [s for s in sectors if s == "" or s in SECTORS]
                if not valid:
                    st["s_skip"] += 1  # pre-PLOVER codes (HLH, BUD, JNK...) or NGO-as-sector
                    continue
                st["s_n"] += 1
                st["s_ok"] += (ref.sector or "") in valid
    print("\n== NGEC actor-resolution cases (resolve_actor; query_wiki cases skipped:",
          sum(skipped.values()), ")")
    for g, label in (("all", "all non-Wikipedia-call cases"),
                     ("no_wiki", "cases with no expected Wikipedia title (context-only)")):
        st = stats[g]
        print(f"{label}: country {st['c_ok']}/{st['c_n']} = {st['c_ok'] / max(st['c_n'], 1):.3f}"
              f"; sector {st['s_ok']}/{st['s_n']} = {st['s_ok'] / max(st['s_n'], 1):.3f}"
              f" (sector asserts with non-PLOVER codes skipped: {st['s_skip']})")


# ---------------------------------------------------------------- 3. co-actors
def _norm(s: str) -> str:
    s = s.strip()
    return s[4:] if s.lower().startswith("the ") else s


def co_actors(nlp) -> None:
    rows = [json.loads(x) for x in (NGEC / "ngec_multiple_actor_cases.jsonl").open()]
    ok = n = 0
    for case in rows:
        if case["actor_phrase"] is None:
            continue
        doc = run(nlp, nlp.make_doc(case["text"]))
        start = case["text"].find(case["actor_phrase"])
        ms = mentions_in_span(doc, start, start + len(case["actor_phrase"]))
        group = coordinated(doc, ms[0]) if ms else []
        got = [_norm(m.name if m.name and m.kb_id is None and m.name != m.text else m.text)
               for m in group]
        expected = [_norm(x) for x in case["expected_co_actors"] or []]
        if len(expected) <= 1:
            good = len(got) <= 1
        else:
            good = len(got) == len(expected) and all(
                any(g == e or g in e or e in g for g in got) for e in expected)
        n += 1
        ok += good
        if not good:
            print(f"  miss {case['test']}: {case['actor_phrase']!r} -> {got} (want {expected})")
    print(f"co-actor splitting: {ok}/{n} = {ok / max(n, 1):.3f}")


# ---------------------------------------------------------------- 4. NER F1
CROSSNER_MAP = {"politician": "PER", "person": "PER", "politicalparty": "ORG",
                "organisation": "ORG", "country": "LOC", "location": "LOC"}
SPACY_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def read_conll(path: Path, crossner: bool) -> list[list[tuple[list[str], list[str]]]]:
    """Documents -> sentences -> (words, tags) with tags mapped to PER/ORG/LOC/O (IOB2)."""
    docs: list[list[tuple[list[str], list[str]]]] = [[]]
    words: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if words:
            docs[-1].append((list(words), list(tags)))
            words.clear()
            tags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            flush()
            docs.append([])
            continue
        if not line.strip():
            flush()
            continue
        parts = line.split("\t") if crossner else line.split(" ")
        word, tag = parts[0], parts[-1]
        if tag != "O":
            bio, typ = tag.split("-", 1)
            # other types (MISC, election, event) are kept as IGN: predictions inside them
            # are neither right nor wrong
            typ = CROSSNER_MAP.get(typ, "IGN") if crossner else (typ if typ != "MISC" else "IGN")
            tag = f"{bio}-{typ}"
        words.append(word)
        tags.append(tag)
    flush()
    if crossner:  # no document boundaries: one sentence per document
        return [[s] for d in docs for s in d]
    return [d for d in docs if d]


def spans_from_tags(tags: list[str], offset: int) -> set[tuple[int, int, str]]:
    out, start, typ = set(), None, None
    for i, t in enumerate(tags + ["O"]):
        t_typ = t[2:] if t != "O" else None
        if t == "O" or t.startswith("B-") or t_typ != typ:
            if start is not None:
                out.add((offset + start, offset + i, typ))
            start, typ = (i, t_typ) if t_typ else (None, None)
    return out


def _mention_type(m, index) -> str | None:
    if m.kb_id is None:
        return None
    kind = m.kb_id.split(":", 1)[0]
    if kind == "person":
        return "PER"
    if kind == "org":
        return "ORG"
    forms = index.kb.candidates(m.text)
    if forms and all(a.kind == "demonym" for a in forms):
        return "MISC"
    return "LOC"


def ner_f1(nlp, actors_proc, name: str, path: Path, crossner: bool, limit: int | None
           ) -> tuple[float, float]:
    docs = read_conll(path, crossner)[:limit]
    index = alias_index()
    gold: set = set()
    ignored: set = set()
    bare: set = set()
    bare_trim: set = set()
    layer: set = set()
    t_bare = t_act = 0.0
    for d in docs:
        words = [w for s, _ in d for w in s]
        sent_starts = []
        off = 0
        for s, tags in d:
            for a, b, t in spans_from_tags(tags, off):
                (ignored if t == "IGN" else gold).add((id(d), a, b, t))
            sent_starts.append(off)
            off += len(s)
        doc = Doc(nlp.vocab, words=words)
        t0 = time.perf_counter()
        for pname, proc in nlp.pipeline:
            if pname != "dyads_actors":
                doc = proc(doc)
        t1 = time.perf_counter()
        doc = actors_proc(doc)
        t_act += time.perf_counter() - t1
        t_bare += t1 - t0
        ents = {(e.start, e.end, SPACY_MAP[e.label_]) for e in doc.ents if e.label_ in SPACY_MAP}
        bare |= {(id(d), a, b, t) for a, b, t in ents}
        # how much is only the leading article the NER includes ("the Taliban")
        bare_trim |= {(id(d), a + (doc[a].lower_ == "the" and b - a > 1), b, t)
                      for a, b, t in ents}
        ours = set()
        covered: set[int] = set()
        for m in doc._.dyads_actors:
            span = doc.char_span(m.start, m.end)
            if span is None:
                continue
            typ = _mention_type(m, index)
            if typ is None:
                ent = next((e for e in doc.ents if e.start <= span.start and span.end <= e.end),
                           None)
                if ent is None:
                    continue  # a role nominal, not a named entity
                typ = SPACY_MAP.get(ent.label_)
            covered.update(range(span.start, span.end))
            if typ in ("PER", "ORG", "LOC"):
                ours.add((span.start, span.end, typ))
        # places and other entities that are not actors keep spaCy's reading
        ours |= {e for e in ents if not any(k in covered for k in range(e[0], e[1]))}
        layer |= {(id(d), a, b, t) for a, b, t in ours}

    ign_tokens = {(d, k) for d, a, b, _ in ignored for k in range(a, b)}

    def prf(pred: set, typ: str | None) -> tuple[float, float, float]:
        g = {x for x in gold if typ is None or x[3] == typ}
        p = {x for x in pred if (typ is None or x[3] == typ) and
             not any((x[0], k) in ign_tokens for k in range(x[1], x[2]))}
        tp = len(g & p)
        prec, rec = tp / max(len(p), 1), tp / max(len(g), 1)
        return prec, rec, 2 * prec * rec / max(prec + rec, 1e-9)

    print(f"\n== {name}: {len(docs)} documents, {len(gold)} gold PER/ORG/LOC entities")
    for typ in ("PER", "ORG", "LOC", None):
        b, bt, a = prf(bare, typ), prf(bare_trim, typ), prf(layer, typ)
        print(f"{typ or 'ALL':4s} F1 bare spaCy {b[2]:.3f} (P {b[0]:.3f} R {b[1]:.3f})   "
              f"bare minus 'the' {bt[2]:.3f}   "
              f"actor layer {a[2]:.3f} (P {a[0]:.3f} R {a[1]:.3f})")
    return t_bare, t_act


# ---------------------------------------------------------------- main
def main() -> None:
    quick = "--quick" in sys.argv
    if not SHARED.exists():
        sys.exit(f"{SHARED} not found: ../shared must sit beside the checkout")
    t0 = time.perf_counter()
    nlp = build_pipeline(stages=["actors"])
    print(f"pipeline with actors built in {time.perf_counter() - t0:.1f}s "
          "(KB load + PhraseMatcher, once per process)")
    example_article(nlp)
    ngec_resolution()
    print()
    co_actors(nlp)
    corpus_context(nlp)
    actors_proc = nlp.get_pipe("dyads_actors")
    limit = 60 if quick else None
    tb1, ta1 = ner_f1(nlp, actors_proc, "CoNLL++ dev", NER / "conllpp_dev.txt", False,
                      limit)
    tb2, ta2 = ner_f1(nlp, actors_proc, "CrossNER politics dev",
                      NER / "crossner_politics_dev.txt", True, limit)
    # whole article, repeated: longer documents like the ones dyads is for
    text = ARTICLE.read_text(encoding="utf-8")
    tb3 = ta3 = 0.0
    for _ in range(3 if quick else 10):
        doc = nlp.make_doc(text)
        s = time.perf_counter()
        for pname, proc in nlp.pipeline:
            if pname != "dyads_actors":
                doc = proc(doc)
        m = time.perf_counter()
        actors_proc(doc)
        tb3 += m - s
        ta3 += time.perf_counter() - m
    print("\n== Time: actors component vs the bare spaCy pipeline (same docs, same run)")
    for label, tb, ta in (("CoNLL++ dev", tb1, ta1), ("CrossNER politics dev", tb2, ta2),
                          ("example article x10", tb3, ta3)):
        print(f"{label}: spaCy {tb:.2f}s, actors {ta:.2f}s, overhead {100 * ta / tb:.1f}%")
    tb, ta = tb1 + tb2 + tb3, ta1 + ta2 + ta3
    print(f"total: spaCy {tb:.2f}s, actors {ta:.2f}s, overhead {100 * ta / tb:.1f}%")


if __name__ == "__main__":
    main()
