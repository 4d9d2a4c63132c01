"""Plain-text inputs, and what every reader shares: empty checks, the published date."""

from __future__ import annotations

from dyads.errors import InputError
from dyads.ingest.dates import normalize_date
from dyads.ingest.decode import decode_bytes
from dyads.model import Document, Rejection

EMPTY = "empty file"


def clean_text(text: str) -> str:
    """Normalise line ends to ``\\n`` so offsets do not depend on the writer's platform."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def pick_published(override: str | None, found: str | None) -> str | None:
    """The publication date to keep: an explicit override wins over the document's own.

    Raises:
        ValueError: the document's own date is not a date (an override is checked once,
            up front, by :func:`dyads.ingest.read_inputs`).
    """
    if override is not None:
        return override
    if found is None or not found.strip():
        return None
    return normalize_date(found)


def text_document(data: bytes, origin: str, published: str | None = None) -> Document | Rejection:
    """One document from a plain-text file's bytes; title is left unknown (never guessed)."""
    try:
        text = clean_text(decode_bytes(data, origin))
    except InputError as exc:
        return Rejection(exc.origin, exc.reason)
    if not text.strip():
        return Rejection(origin, EMPTY)
    return Document(text=text, published=published, origin=origin)
