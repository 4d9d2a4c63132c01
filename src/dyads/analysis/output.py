"""Checking where an output file (export, graph) goes before anything is written, and the
error when it cannot.

It lives in the analysis layer so both :mod:`dyads.analysis.graph` and :mod:`dyads.export`
use it without an upward import.
"""

from __future__ import annotations

import os
from pathlib import Path

from dyads.errors import ExportError


def output_file(path: str | Path) -> Path:
    """``path`` as a Path, once its folder is known to exist and be writable.

    Raises:
        ExportError: the folder is missing or not writable, or ``path`` is a folder.
    """
    p = Path(path)
    folder = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        raise ExportError(f"cannot write {p}: it is a folder; give a file name inside it")
    if not folder.is_dir():
        raise ExportError(f"cannot write {p}: the folder {folder} does not exist; create it "
                          "first or choose another path")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"cannot write {p}: the folder {folder} is not writable; choose "
                          "another path")
    return p


def output_dir(path: str | Path) -> Path:
    """``path`` as a Path, once it is known to be an existing, writable folder.

    Raises:
        ExportError: it is missing, a file, or not writable.
    """
    p = Path(path)
    if not p.exists():
        raise ExportError(f"cannot write into {p}: the folder does not exist; create it "
                          "first or choose another folder")
    if not p.is_dir():
        raise ExportError(f"cannot write into {p}: it is a file, not a folder")
    if not os.access(p, os.W_OK):
        raise ExportError(f"cannot write into {p}: the folder is not writable; choose "
                          "another folder")
    return p


def write_failed(path: Path, exc: BaseException) -> ExportError:
    """The error for a write that failed after the checks (disk full, permissions)."""
    return ExportError(f"could not write {path}: {exc}")
