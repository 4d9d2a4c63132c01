"""Events: PLOVER event coding.

- :mod:`dyads.events.component` — the ``dyads_events`` spaCy component (whole articles);
- :mod:`dyads.events.lexicon` — trigger lexicon and word lists (``dyads/data/events``);
- :mod:`dyads.events.typer` — the pluggable typing step (rules, or a learned dyad coder);
- the PLOVER ontology tables are in :mod:`dyads.kb.plover`.

Importing this package does not load spaCy models.
"""
