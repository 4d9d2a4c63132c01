"""The fine-tuned variant of the dyad coder: all-MiniLM-L6-v2 trained end to end with a softmax
over the role-marked actor span, recipient span and sentence means.

Built by ``python -m dyads.events.train --finetune`` into ``dyads/data/models/dyad_finetuned/``
(about 45 MB in float16, so it is built, not committed); :class:`dyads.events.dyad.DyadCoder`
prefers it when present. Needs torch and transformers at training and at run time.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from dyads.events.dyad_encoder import MAX_TOKENS, OptSpan, mark, model_dir

FINETUNED_DIR = "dyad_finetuned"
_HEAD = "head.npz"


class FineTunedDyadModel:
    """Encoder + linear head; ``probabilities`` mirrors the frozen coder's interface."""

    def __init__(self, folder: Path | None = None, labels: Sequence[str] | None = None,
                 threads: int | None = None) -> None:
        import torch
        from tokenizers import Tokenizer
        from transformers import AutoModel

        if threads:
            torch.set_num_threads(threads)
        source = folder if folder is not None else model_dir()
        self.tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.encoder = AutoModel.from_pretrained(str(source)).float().eval()
        if folder is not None:
            with np.load(folder / _HEAD, allow_pickle=False) as head:
                self.labels = [str(x) for x in head["labels"]]
                weight, bias = head["weight"], head["bias"]
            self.head = torch.nn.Linear(weight.shape[1], weight.shape[0])
            with torch.no_grad():
                self.head.weight.copy_(torch.from_numpy(weight.astype(np.float32)))
                self.head.bias.copy_(torch.from_numpy(bias.astype(np.float32)))
        else:
            self.labels = list(labels or [])
            self.head = torch.nn.Linear(3 * 384, len(self.labels))

    def _batch(self, items: Sequence[tuple[str, OptSpan, OptSpan]]):
        import torch

        marked = [mark(*it) for it in items]
        encs = self.tokenizer.encode_batch([m[0] for m in marked])
        ids = torch.tensor([e.ids for e in encs])
        att = torch.tensor([e.attention_mask for e in encs])
        src = torch.zeros(ids.shape, dtype=torch.float32)
        tgt = torch.zeros(ids.shape, dtype=torch.float32)
        for j, (enc, (_, s, t)) in enumerate(zip(encs, marked)):
            for k, (a, b) in enumerate(enc.offsets):
                if b <= a:
                    continue
                if s is not None and a >= s[0] and b <= s[1]:
                    src[j, k] = 1.0
                if t is not None and a >= t[0] and b <= t[1]:
                    tgt[j, k] = 1.0
        return ids, att, src, tgt

    def logits(self, items: Sequence[tuple[str, OptSpan, OptSpan]]):
        import torch

        ids, att, src, tgt = self._batch(items)
        hidden = self.encoder(input_ids=ids, attention_mask=att,
                              token_type_ids=torch.zeros_like(ids)).last_hidden_state

        def pool(weights):
            return (hidden * weights.unsqueeze(-1)).sum(1) / weights.sum(1, keepdim=True).clamp(min=1)

        return self.head(torch.cat([pool(src), pool(tgt), pool(att.float())], -1))

    def probabilities(self, items: Sequence[tuple[str, OptSpan, OptSpan]],
                      batch_size: int = 32) -> np.ndarray:
        import torch

        out = np.zeros((len(items), len(self.labels)), dtype=np.float32)
        order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
        with torch.inference_mode():
            for b in range(0, len(order), batch_size):
                idx = order[b:b + batch_size]
                out[idx] = torch.softmax(self.logits([items[i] for i in idx]), -1).numpy()
        return out

    def save(self, folder: Path) -> None:
        """Encoder in float16 safetensors plus the head and labels."""
        folder.mkdir(parents=True, exist_ok=True)
        self.encoder.half().save_pretrained(str(folder))
        self.encoder.float()
        np.savez(folder / _HEAD, weight=self.head.weight.detach().numpy(),
                 bias=self.head.bias.detach().numpy(), labels=np.array(self.labels, dtype=str))


def finetune(items: Sequence[tuple[str, OptSpan, OptSpan]], labels: Sequence[str],
             weights: Sequence[float], epochs: int = 3, batch_size: int = 16, seed: int = 13,
             log=print) -> FineTunedDyadModel:
    """Fine-tune from the stock all-MiniLM-L6-v2 weights on ``items`` with gold ``labels``."""
    import torch

    torch.manual_seed(seed)
    classes = sorted(set(labels))
    model = FineTunedDyadModel(labels=classes)
    y = torch.tensor([classes.index(lab) for lab in labels])
    w = torch.tensor(list(weights), dtype=torch.float32)
    # NONE is the largest class and the least informative; damp it.
    class_w = torch.tensor([0.4 if c == "NONE" else 1.0 for c in classes])
    params = list(model.encoder.parameters()) + list(model.head.parameters())
    opt = torch.optim.AdamW([{"params": model.encoder.parameters(), "lr": 4e-5},
                             {"params": model.head.parameters(), "lr": 1e-3}], weight_decay=0.01)
    steps = epochs * ((len(items) + batch_size - 1) // batch_size)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1 - s / steps))
    model.encoder.train()
    for epoch in range(epochs):
        start, total = time.time(), 0.0
        order = list(range(len(items)))
        random.Random(seed + epoch).shuffle(order)
        for b in range(0, len(order), batch_size):
            idx = order[b:b + batch_size]
            loss = torch.nn.functional.cross_entropy(
                model.logits([items[i] for i in idx]), y[idx], weight=class_w, reduction="none")
            loss = (loss * w[idx]).sum() / (class_w[y[idx]] * w[idx]).sum()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        log(f"epoch {epoch + 1}/{epochs}: loss {total / len(items):.3f} "
            f"({time.time() - start:.0f}s)")
    model.encoder.eval()
    return model


def save_meta(folder: Path, meta: dict) -> None:
    (folder / "training.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
