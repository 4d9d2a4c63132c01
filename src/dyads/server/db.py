"""Database access while serving: a read-only connection per request, one short writer.

DuckDB allows one writing process per database file, and inside one process it refuses to
open the same file read-only and read-write at the same time. So:

- every request opens its own read-only :class:`~dyads.store.Store` and closes it when done;
- the paste-to-analyse endpoint (the only writer) waits until no request is reading, opens a
  read-write Store, saves one Analysis in one transaction and closes it again;
- while ``dyads serve`` runs, another *process* (``dyads analyze --db same.duckdb``) cannot
  write to the same file: DuckDB's file lock makes it fail with a clear error. Stop the
  server, or analyse into another file, then restart the server.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dyads.errors import StoreError
from dyads.store import Store

log = logging.getLogger(__name__)


class _ReadWriteLock:
    """Many readers or one writer; a waiting writer blocks new readers so it is not starved."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class Database:
    """The served database file: hands out read-only Stores and the occasional writer."""

    def __init__(self, path: str | Path, create: bool = False) -> None:
        self.path = Path(path)
        self._lock = _ReadWriteLock()
        if not self.path.exists():
            if not create:
                raise StoreError(f"{self.path}: no such database; create it with "
                                 f"`dyads analyze FILE --db {self.path}`")
            # An empty database with the schema, so read-only connections can open it.
            log.warning("%s does not exist: starting with an empty database", self.path)
            with Store(str(self.path)):
                pass

    @contextmanager
    def reader(self) -> Iterator[Store]:
        """A read-only Store for the length of one request."""
        with self._lock.reading():
            store = Store(str(self.path), read_only=True)
            try:
                yield store
            finally:
                store.close()

    @contextmanager
    def writer(self) -> Iterator[Store]:
        """A read-write Store; no reader is open meanwhile (DuckDB's one-configuration rule)."""
        with self._lock.writing():
            store = Store(str(self.path), read_only=False)
            try:
                yield store
            finally:
                store.close()
