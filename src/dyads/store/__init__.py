"""Store: analysed documents in DuckDB, one transaction per document.

The store knows only :mod:`dyads.model` and :mod:`dyads.errors`: nothing of spaCy or
the CLI. Open it with :class:`Store`; the schema is in :mod:`dyads.store.schema`.
"""

from __future__ import annotations

from dyads.store.db import DEFAULT_PATH, Store
from dyads.store.queries import actor_match
from dyads.store.schema import DATA_TABLES, TABLES

__all__ = ["DATA_TABLES", "DEFAULT_PATH", "TABLES", "Store", "actor_match"]
