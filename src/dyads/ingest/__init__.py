"""Ingest: read articles from text, HTML, JSON Lines and RSS/Atom files, directories, stdin.

Every input becomes a :class:`dyads.model.Document` (text plus metadata, ``origin``
naming where it was read) or a :class:`dyads.model.Rejection` saying why not: a bad
input never raises, so one broken file cannot stop a batch.
"""

from __future__ import annotations

from dyads.ingest.dates import normalize_date
from dyads.ingest.decode import decode_bytes
from dyads.ingest.feeds import feed_documents
from dyads.ingest.html import html_document, html_text_document
from dyads.ingest.jsonl import jsonl_documents, record_document
from dyads.ingest.sources import (
    MAX_BYTES,
    read_file,
    read_inputs,
    read_path,
    read_stdin,
)
from dyads.ingest.text import text_document

__all__ = [
    "MAX_BYTES",
    "decode_bytes",
    "feed_documents",
    "html_document",
    "html_text_document",
    "jsonl_documents",
    "normalize_date",
    "read_file",
    "read_inputs",
    "read_path",
    "read_stdin",
    "record_document",
    "text_document",
]
