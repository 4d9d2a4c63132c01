"""The shipped partially fine-tuned dyad coder (``data/models/dyad_top.npz``): its format, and
that saving the top layers and loading them onto the stock encoder reproduces the model."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from dyads.events.dyad_finetune import TOP_FILE, FineTunedDyadModel
from dyads.events.train_data import LABELS

ITEMS = [
    ("Russia attacked Ukraine on Monday.", (0, 6), (16, 23)),
    ("The envoy of Chile met Peru's foreign minister in Lima.", (4, 18), (23, 27)),
    ("Norway mobilised its reserves.", (0, 6), None),
]


def shipped() -> Path:
    return Path(str(resources.files("dyads.data.models").joinpath(TOP_FILE)))


def test_shipped_file_is_small_and_complete() -> None:
    path = shipped()
    assert path.is_file(), "build it with `python -m dyads.events.train --finetune`"
    # top 4 of 6 layers in float16 (about 14 MB); the whole encoder would be 45 MB
    assert path.stat().st_size <= 16_000_000
    with np.load(path, allow_pickle=False) as arrays:
        assert sorted(str(x) for x in arrays["labels"]) == sorted(LABELS)
        top = int(arrays["top_layers"])
        layers = {k.split(".")[2] for k in arrays.files if k.startswith("encoder.layer.")}
        assert layers == {str(i) for i in range(6 - top, 6)}
        assert all(arrays[k].dtype == np.float16 for k in arrays.files
                   if k.startswith("encoder.layer."))


def test_save_top_round_trip(tmp_path: Path) -> None:
    import torch

    model = FineTunedDyadModel(labels=["A", "B", "C"])
    torch.manual_seed(0)
    with torch.no_grad():  # stand-in for training: perturb the top layer
        for p in model.encoder.encoder.layer[5].parameters():
            p.add_(0.05 * torch.randn_like(p))
    out = tmp_path / "top.npz"
    model.save_top(out, top_layers=1)
    loaded = FineTunedDyadModel(top_file=out)
    assert loaded.labels == ["A", "B", "C"] and loaded.top_layers == 1
    np.testing.assert_allclose(loaded.probabilities(ITEMS), model.probabilities(ITEMS),
                               atol=2e-3)
    # the layers below were not saved: they are the stock weights
    stock = FineTunedDyadModel(labels=["A"])
    for a, b in zip(loaded.encoder.encoder.layer[4].parameters(),
                    stock.encoder.encoder.layer[4].parameters()):
        assert torch.equal(a, b)


@pytest.mark.parametrize("choice,variant", [("top", "top"), ("frozen", "frozen")])
def test_model_choice(monkeypatch, choice: str, variant: str) -> None:
    from dyads.events.dyad import DyadCoder

    monkeypatch.setenv("DYADS_DYAD_MODEL", choice)
    coder = DyadCoder()
    assert coder.variant.startswith(variant)
    label, conf = coder.code_batch([("Russia attacked Ukraine.", "Russia", "Ukraine")])[0]
    assert label == "ASSAULT" and 0 < conf <= 1


def test_bad_model_choice(monkeypatch) -> None:
    from dyads.events.dyad import DyadCoder

    monkeypatch.setenv("DYADS_DYAD_MODEL", "huge")
    with pytest.raises(ValueError, match="DYADS_DYAD_MODEL"):
        DyadCoder()
