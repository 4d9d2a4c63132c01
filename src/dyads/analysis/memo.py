"""Results of expensive read-only computations, kept per database and data version.

A brief, a GDELT export or a page of stories asks for the same clustering of the same events
several times; it is computed once while the database does not change.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_CACHE: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_CACHE_LOCK = threading.Lock()
#: Results kept (least recently used dropped first).
CACHE_SIZE = 8


def data_version(con: Any) -> tuple[Any, ...]:
    """Which database and which state of it: dyads stores only ever insert documents (each
    with its analysis, in one transaction), so the number of documents and the latest
    ``stored_at`` change whenever the events do."""
    path = con.execute("SELECT path FROM duckdb_databases() "
                       "WHERE database_name = current_database()").fetchall()[0][0]
    count, latest = con.execute("SELECT count(*), max(stored_at) FROM documents").fetchall()[0]
    return (path or id(con), count, latest)


def memo(con: Any, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or its result for the same key on the same data version."""
    full = (data_version(con), *key)
    with _CACHE_LOCK:
        if full in _CACHE:
            _CACHE.move_to_end(full)
            return _CACHE[full]
    value = compute()
    with _CACHE_LOCK:
        _CACHE[full] = value
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value
