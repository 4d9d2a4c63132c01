"""spaCy pipeline: the English model plus the dyads stage components."""

from dyads.nlp.pipeline import STAGES, load_pipeline

__all__ = ["STAGES", "load_pipeline"]
