"""Typed exceptions. The library raises these; only the CLI turns them into exit codes."""

from __future__ import annotations


class DyadsError(Exception):
    """Base class of every error dyads raises on purpose."""


class InputError(DyadsError):
    """An input document cannot be read or is not usable text.

    ``origin`` names the input (a path, ``path:line`` or ``-``) and ``reason`` says why.
    """

    def __init__(self, origin: str, reason: str) -> None:
        self.origin = origin
        self.reason = reason
        super().__init__(f"{origin}: {reason}")


class DataFileError(DyadsError):
    """A dictionary / lexicon / ontology data file has a bad entry."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class ModelNotFoundError(DyadsError):
    """A model package the pipeline needs is not installed."""


class StoreError(DyadsError):
    """The database cannot be opened, is of another schema version, or a write failed."""


class ExportError(DyadsError):
    """An export cannot be written: its folder is missing or not writable, or the format
    is unknown."""


class UnknownActorError(DyadsError, LookupError):
    """An actor key names nothing in the store and no country the knowledge base knows."""
