"""The fine-tuned variants of the dyad coder: all-MiniLM-L6-v2 trained with a softmax over the
role-marked actor span, recipient span and sentence means.

Two ways to build it with ``python -m dyads.events.train --finetune``:

- partial (``--top-layers K``; the shipped model has K=4): the embeddings and lower layers
  stay the stock all-MiniLM-L6-v2 weights; only the top K transformer layers and the head are
  trained, and only they are saved, in float16, to ``dyads/data/models/dyad_top.npz`` (about
  3.6 MB per layer; 14 MB for K=4). At run time they are loaded on top of the packaged base
  weights, so a fresh install has the fine-tuned coder without a 45 MB blob in the repository;
- full (``--top-layers 0``): the whole encoder, in ``data/models/dyad_finetuned/`` (about
  45 MB in float16, built, not committed).

Training the top layers only is cheap: the frozen lower layers are run once per sentence and
their outputs cached, so an epoch costs roughly K/6 of a full fine-tuning epoch.
Needs torch and transformers at training and at run time.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from dyads.errors import ModelNotFoundError
from dyads.events.dyad_encoder import HIDDEN, MAX_TOKENS, OptSpan, mark, model_dir

FINETUNED_DIR = "dyad_finetuned"
TOP_FILE = "dyad_top.npz"
_HEAD = "head.npz"
_LAYER_PREFIX = "encoder.layer."


class FineTunedDyadModel:
    """Encoder + linear head; ``probabilities`` mirrors the frozen coder's interface.

    ``folder``: a fully fine-tuned encoder folder; ``top_file``: a partial model (top layers
    and head, see :meth:`save_top`) applied to the stock weights; neither: an untrained head
    over the stock encoder with ``labels`` (for training)."""

    def __init__(self, folder: Path | None = None, labels: Sequence[str] | None = None,
                 threads: int | None = None, top_file: Path | None = None) -> None:
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
        self.head = torch.nn.Linear(3 * HIDDEN, max(1, len(labels or [])))
        self.labels = list(labels or [])
        self.top_layers = 0
        if folder is not None:
            with np.load(folder / _HEAD, allow_pickle=False) as head:
                self._load_head(head)
        elif top_file is not None:
            self._load_top(Path(top_file))

    def _load_head(self, arrays) -> None:
        import torch

        self.labels = [str(x) for x in arrays["labels"]]
        weight, bias = arrays["weight"], arrays["bias"]
        self.head = torch.nn.Linear(weight.shape[1], weight.shape[0])
        with torch.no_grad():
            self.head.weight.copy_(torch.from_numpy(weight.astype(np.float32)))
            self.head.bias.copy_(torch.from_numpy(bias.astype(np.float32)))

    def _load_top(self, path: Path) -> None:
        import torch

        state = self.encoder.state_dict()
        with np.load(path, allow_pickle=False) as arrays:
            self._load_head(arrays)
            self.top_layers = int(arrays["top_layers"])
            update = {}
            for key in arrays.files:
                if not key.startswith(_LAYER_PREFIX):
                    continue
                if key not in state or tuple(state[key].shape) != arrays[key].shape:
                    raise ModelNotFoundError(f"{path.name}: {key} does not fit the base encoder")
                update[key] = torch.from_numpy(arrays[key].astype(np.float32))
        self.encoder.load_state_dict(update, strict=False)

    def _encode(self, items: Sequence[tuple[str, OptSpan, OptSpan]]):
        """Token ids, attention mask and the source / target token masks of a batch."""
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

    def pooled_logits(self, hidden, att, src, tgt):
        """Head logits from final token vectors and the three pooling masks."""
        import torch

        def pool(weights):
            return (hidden * weights.unsqueeze(-1)).sum(1) / weights.sum(1, keepdim=True).clamp(min=1)

        return self.head(torch.cat([pool(src), pool(tgt), pool(att.float())], -1))

    def logits(self, items: Sequence[tuple[str, OptSpan, OptSpan]]):
        import torch

        ids, att, src, tgt = self._encode(items)
        hidden = self.encoder(input_ids=ids, attention_mask=att,
                              token_type_ids=torch.zeros_like(ids)).last_hidden_state
        return self.pooled_logits(hidden, att, src, tgt)

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
        """Whole encoder in float16 safetensors plus the head and labels."""
        folder.mkdir(parents=True, exist_ok=True)
        self.encoder.half().save_pretrained(str(folder))
        self.encoder.float()
        np.savez(folder / _HEAD, weight=self.head.weight.detach().numpy(),
                 bias=self.head.bias.detach().numpy(), labels=np.array(self.labels, dtype=str))

    def save_top(self, path: Path, top_layers: int) -> None:
        """The top ``top_layers`` transformer layers and the head, float16, one .npz file."""
        n = self.encoder.config.num_hidden_layers
        keep = tuple(f"{_LAYER_PREFIX}{i}." for i in range(n - top_layers, n))
        arrays = {k: v.detach().numpy().astype(np.float16)
                  for k, v in self.encoder.state_dict().items() if k.startswith(keep)}
        np.savez(path, weight=self.head.weight.detach().numpy().astype(np.float16),
                 bias=self.head.bias.detach().numpy().astype(np.float16),
                 labels=np.array(self.labels, dtype=str), top_layers=np.array(top_layers),
                 **arrays)


class _TopTrainer:
    """Runs the frozen lower layers once per sentence and trains the top layers on the cache."""

    def __init__(self, model: FineTunedDyadModel, items, top_layers: int) -> None:
        import torch

        self.model = model
        layers = model.encoder.encoder.layer
        self.split = len(layers) - top_layers
        self.top = layers[self.split:]
        self.cache = []
        with torch.inference_mode():
            for b in range(0, len(items), 32):
                ids, att, src, tgt = model._encode(items[b:b + 32])
                states = model.encoder(input_ids=ids, attention_mask=att,
                                       token_type_ids=torch.zeros_like(ids),
                                       output_hidden_states=True).hidden_states[self.split]
                for j in range(len(ids)):
                    n = int(att[j].sum())
                    self.cache.append((states[j, :n].clone(), src[j, :n], tgt[j, :n]))

    def logits(self, idx: Sequence[int]):
        import torch

        rows = [self.cache[i] for i in idx]
        width = max(len(r[0]) for r in rows)

        def pad(t, w):
            return torch.nn.functional.pad(t, (0, 0, 0, w - len(t)) if t.dim() == 2
                                           else (0, w - len(t)))

        hidden = torch.stack([pad(r[0], width) for r in rows])
        att = torch.stack([pad(torch.ones(len(r[0])), width) for r in rows])
        src = torch.stack([pad(r[1], width) for r in rows])
        tgt = torch.stack([pad(r[2], width) for r in rows])
        # additive mask over keys, as BERT's eager and sdpa attention both take it
        mask = (1.0 - att)[:, None, None, :] * torch.finfo(torch.float32).min
        for layer in self.top:
            hidden = layer(hidden, mask)
        return self.model.pooled_logits(hidden, att, src, tgt)


def finetune(items: Sequence[tuple[str, OptSpan, OptSpan]], labels: Sequence[str],
             weights: Sequence[float], epochs: int = 3, batch_size: int = 16, seed: int = 13,
             top_layers: int = 0, log=print) -> FineTunedDyadModel:
    """Fine-tune from the stock all-MiniLM-L6-v2 weights on ``items`` with gold ``labels``:
    the whole encoder (``top_layers=0``) or only its top ``top_layers`` layers."""
    import torch

    torch.manual_seed(seed)
    classes = sorted(set(labels))
    model = FineTunedDyadModel(labels=classes)
    y = torch.tensor([classes.index(lab) for lab in labels])
    w = torch.tensor(list(weights), dtype=torch.float32)
    # NONE is the largest class and the least informative; damp it.
    class_w = torch.tensor([0.4 if c == "NONE" else 1.0 for c in classes])
    if top_layers:
        start = time.time()
        trainer = _TopTrainer(model, list(items), top_layers)
        log(f"cached layer-{trainer.split} states of {len(items)} sentences "
            f"({time.time() - start:.0f}s)")
        trained = list(trainer.top.parameters())
        forward = trainer.logits
        encoder_lr = 1e-4
        modules = trainer.top
    else:
        trained = list(model.encoder.parameters())
        forward = lambda idx: model.logits([items[i] for i in idx])
        encoder_lr = 4e-5
        modules = model.encoder
    params = trained + list(model.head.parameters())
    opt = torch.optim.AdamW([{"params": trained, "lr": encoder_lr},
                             {"params": model.head.parameters(), "lr": 1e-3}], weight_decay=0.01)
    steps = epochs * ((len(items) + batch_size - 1) // batch_size)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1 - s / steps))
    modules.train()
    for epoch in range(epochs):
        start, total = time.time(), 0.0
        order = list(range(len(items)))
        random.Random(seed + epoch).shuffle(order)
        for b in range(0, len(order), batch_size):
            idx = order[b:b + batch_size]
            loss = torch.nn.functional.cross_entropy(
                forward(idx), y[idx], weight=class_w, reduction="none")
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
    model.top_layers = top_layers
    return model


def save_meta(folder: Path, meta: dict) -> None:
    (folder / "training.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
