"""HTML pages: the main text, title, date, url and site name, by trafilatura."""

from __future__ import annotations

import codecs
import logging
import re

from dyads.errors import InputError
from dyads.ingest.decode import decode_bytes, looks_like_text
from dyads.ingest.text import EMPTY, clean_text, pick_published
from dyads.model import Document, Rejection

NO_MAIN_TEXT = "HTML has no main text"

#: A line of at least this many words counts as prose (a menu item is shorter).
MIN_PROSE_WORDS = 4

#: A charset declared in the first bytes (``<meta charset>`` or http-equiv content type).
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HTML_START = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>])",
                         re.I | re.S)


def looks_like_html(text: str) -> bool:
    """True if text starts as an HTML page does (doctype, ``<html>`` or ``<head>``)."""
    return bool(_HTML_START.match(text[:4096]))


def decode_html(data: bytes, origin: str) -> str:
    """Decode an HTML page, trusting its declared charset when that decodes cleanly."""
    m = _META_CHARSET.search(data[:4096])
    if m:
        try:
            encoding = codecs.lookup(m[1].decode("ascii")).name
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall back to detection
        else:
            if b"\x00" not in data and looks_like_text(text):
                return text.lstrip("\ufeff")
    return decode_bytes(data, origin)


def html_document(data: bytes, origin: str, published: str | None = None) -> Document | Rejection:
    """One document from an HTML page's bytes (boilerplate, menus and comments dropped)."""
    try:
        markup = decode_html(data, origin)
    except InputError as exc:
        return Rejection(exc.origin, exc.reason)
    if not markup.strip():
        return Rejection(origin, EMPTY)
    return html_text_document(markup, origin, published)


def html_text_document(markup: str, origin: str,
                       published: str | None = None) -> Document | Rejection:
    """One document from decoded HTML markup."""
    import trafilatura  # heavy import, needed only for HTML inputs

    # trafilatura logs an error for every page without content; the Rejection says it.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        result = trafilatura.bare_extraction(markup, with_metadata=True,
                                             include_comments=False, include_tables=False)
    except Exception as exc:  # noqa: BLE001 - a parser crash on one page must not stop a batch
        return Rejection(origin, f"HTML could not be parsed: {type(exc).__name__}: {exc}")
    text = clean_text(getattr(result, "text", None) or "") if result is not None else ""
    if not _has_prose(text):
        return Rejection(origin, NO_MAIN_TEXT)
    try:
        date = pick_published(published, getattr(result, "date", None))
    except ValueError:
        date = None  # a page's own date metadata is a guess; a bad one is no reason to reject
    return Document(text=text, title=_clean(getattr(result, "title", None)), published=date,
                    source=_clean(getattr(result, "sitename", None)),
                    url=_clean(getattr(result, "url", None)), origin=origin)


def _has_prose(text: str) -> bool:
    """True if some line reads as prose; on pages without an article the extractor
    falls back to menus and link lists, whose lines are a word or two each."""
    return any(len(line.split()) >= MIN_PROSE_WORDS for line in text.splitlines())


def _clean(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()
