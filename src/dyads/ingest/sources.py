"""Where documents come from: paths, directories and standard input."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from dyads.errors import InputError
from dyads.ingest.dates import normalize_date
from dyads.ingest.feeds import FEED_SUFFIXES, feed_documents
from dyads.ingest.html import html_document, looks_like_html
from dyads.ingest.jsonl import jsonl_documents, parse_json_object
from dyads.ingest.text import text_document
from dyads.limits import MAX_BYTES
from dyads.model import Document, Rejection

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES

STDIN = "-"

Item = Document | Rejection


def read_inputs(paths: Iterable[str], *, published: str | None = None,
                stdin: TextIO | BinaryIO | None = None,
                max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """Read documents from files, directories and standard input, in the order given.

    Args:
        paths: file or directory paths; ``-`` reads standard input. A file is read by its
            suffix: ``.html``/``.htm``/``.xhtml`` as a web page (main text, title, date,
            url and site name), ``.jsonl``/``.ndjson`` as one article per line,
            ``.rss``/``.atom``/``.xml`` as a feed (one article per entry), anything else
            as plain text. Directories are walked recursively in sorted order,
            skipping hidden entries and reading only files of the suffixes above
            (``.txt``, ``.text``, ``.md`` or none for text); any other file in a
            directory is rejected with the reason, never read as text by accident.
            Standard input is JSON Lines if its first non-blank line is a JSON object,
            a web page if it starts like one, else one text document.
        published: a publication date for every document, overriding the documents'
            own (the caller knows better than page metadata); normalised to YYYY-MM-DD.
        stdin: the stream ``-`` reads (default ``sys.stdin``).
        max_bytes: larger files, and larger JSON lines, are rejected unread.

    Returns:
        A lazy iterator of a Document or a Rejection per input (per line for JSON Lines).
        A bad input never raises: it becomes a Rejection naming it and saying why.

    Raises:
        InputError: ``published`` is not a date (checked before anything is read).
    """
    override = None
    if published is not None:
        try:
            override = normalize_date(published)
        except ValueError as exc:
            raise InputError("--published", str(exc)) from None
    return _read_all(list(paths), override, stdin, max_bytes)


def _read_all(paths: list[str], published: str | None, stdin: TextIO | BinaryIO | None,
              max_bytes: int) -> Iterator[Item]:
    for path in paths:
        if path == STDIN:
            yield from read_stdin(stdin if stdin is not None else sys.stdin,
                                  published=published, max_bytes=max_bytes)
        else:
            yield from read_path(path, published=published, max_bytes=max_bytes)


def read_path(path: str | Path, *, published: str | None = None,
              max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """Documents from one file or directory (see :func:`read_inputs`); never raises.

    ``published`` here must already be ``YYYY-MM-DD`` (read_inputs normalises it).
    """
    p = Path(path)
    if p.is_dir():
        yield from _read_directory(p, published, max_bytes)
    else:
        yield from read_file(p, str(path), published=published, max_bytes=max_bytes)


def _read_directory(root: Path, published: str | None, max_bytes: int) -> Iterator[Item]:
    errors: list[OSError] = []
    files: list[Path] = []
    for folder, dirs, names in os.walk(root, onerror=errors.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files.extend(Path(folder) / n for n in names if not n.startswith("."))
    for exc in errors:
        yield Rejection(str(exc.filename or root), _os_reason(exc))
    # os.walk lists in directory order; sort whole paths so every run reads the same order.
    for file in sorted(files, key=lambda f: f.relative_to(root).parts):
        if file.suffix.lower() in KNOWN_SUFFIXES:
            yield from read_file(file, str(file), published=published, max_bytes=max_bytes)
        else:
            yield Rejection(str(file), f"{file.suffix} files are not read from a directory; "
                                       "name the file itself to read it as text")


def read_file(path: Path, origin: str, *, published: str | None = None,
              max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """Documents from one file, read by its suffix; never raises."""
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as f:
                yield from jsonl_documents(f, origin, max_bytes, published)
            return
        size = path.stat().st_size
        if size > max_bytes:
            yield _too_big(origin, size, max_bytes)
            return
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)  # the file may have grown since stat()
    except OSError as exc:
        yield Rejection(origin, _os_reason(exc))
        return
    if len(data) > max_bytes:
        yield _too_big(origin, len(data), max_bytes)
    elif suffix in HTML_SUFFIXES:
        yield html_document(data, origin, published)
    elif suffix in FEED_SUFFIXES:
        yield from feed_documents(data, origin, published)
    else:
        yield text_document(data, origin, published)


def read_stdin(stream: TextIO | BinaryIO, *, published: str | None = None,
               max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """Documents from a stream: JSON Lines, a web page, or one text document; never raises.

    The first non-blank line decides JSON Lines, so a long stream is read line by line
    and a bad line later on is rejected alone, as in a ``.jsonl`` file.
    """
    lines = _byte_lines(stream)
    head: list[bytes] = []
    size = 0
    try:
        for line in lines:
            head.append(line)
            size += len(line)
            if line.strip() or size > max_bytes:
                break
        first = head[-1] if head else b""
        if first.strip() and len(first) <= max_bytes and parse_json_object(first) is not None:
            yield from jsonl_documents(_chain(head, lines), STDIN, max_bytes, published)
            return
        for line in lines:
            head.append(line)
            size += len(line)
            if size > max_bytes:
                yield _too_big(STDIN, size, max_bytes, exact=False)
                return
    except OSError as exc:
        yield Rejection(STDIN, _os_reason(exc))
        return
    except UnicodeError as exc:  # a text stream whose own decoding failed
        yield Rejection(STDIN, f"standard input could not be decoded: {exc}")
        return
    data = b"".join(head)
    if looks_like_html(data[:4096].decode("utf-8", "replace")):
        yield html_document(data, STDIN, published)
    else:
        yield text_document(data, STDIN, published)


def _byte_lines(stream: TextIO | BinaryIO) -> Iterator[bytes]:
    """Lines of a stream as bytes, so text and binary streams share one decoder."""
    binary = getattr(stream, "buffer", None)
    source = binary if binary is not None else stream
    for line in source:
        yield line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass")


def _chain(head: list[bytes], rest: Iterator[bytes]) -> Iterator[bytes]:
    yield from head
    yield from rest


def _too_big(origin: str, size: int, max_bytes: int, exact: bool = True) -> Rejection:
    amount = f"{size:,} bytes" if exact else f"more than {max_bytes:,} bytes"
    return Rejection(origin, f"input is {amount}, above the limit of {max_bytes:,}; "
                             "split it or raise the size limit")


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or str(exc)
