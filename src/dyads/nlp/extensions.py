"""The ``Doc._`` attributes the dyads stages read and write.

Each stage writes plain ``dyads.model`` objects, so ``extract`` only collects them.
"""

from __future__ import annotations

from spacy.tokens import Doc

#: attribute name -> default value
DOC_ATTRS: dict[str, object] = {
    "dyads_published": None,  # ISO date string of publication, set before the pipeline runs
    "dyads_actors": None,  # list[ActorMention]  (actors stage)
    "dyads_dates": None,  # list[DateMention]    (temporal stage)
    "dyads_places": None,  # list[Place]          (geo stage)
    "dyads_quotes": None,  # list[Quote]          (quotes stage)
    "dyads_events": None,  # list[Event]          (events stage)
}


def register_extensions() -> None:
    """Register the dyads ``Doc`` extensions (idempotent)."""
    for name, default in DOC_ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()
