"""JSON Lines: one article per line, each bad line rejected on its own.

A line is an object with a string ``text`` and optional ``title``, ``published``,
``url``, ``source`` (strings or null) and ``id`` (a non-empty string or an integer).
Other keys are ignored: news dumps carry many fields dyads does not use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from dyads.ingest.text import clean_text, pick_published
from dyads.model import Document, Rejection

_OPTIONAL_STRINGS = ("title", "published", "url", "source")

#: JSON may escape lone surrogates (``"\\ud800"``); Python keeps them, UTF-8 cannot.
_SURROGATE = re.compile("[\ud800-\udfff]")

_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
               int: "a number", float: "a number", type(None): "null"}


def json_type(value: Any) -> str:
    """How JSON would name a decoded value's type."""
    return _JSON_TYPES.get(type(value), type(value).__name__)


def parse_json_object(line: bytes) -> dict[str, Any] | None:
    """The line as a JSON object, or None if it is not one (used to sniff stdin)."""
    try:
        obj = json.loads(line)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError alike
        return None
    return obj if isinstance(obj, dict) else None


def jsonl_documents(lines: Iterable[bytes], origin: str, max_bytes: int,
                    published: str | None = None) -> Iterator[Document | Rejection]:
    """Documents from JSON Lines, one per non-blank line, origin ``ORIGIN:LINE``.

    Args:
        lines: raw lines (with or without their line ends).
        origin: the path or ``-``; each document's origin adds its 1-based line number.
        max_bytes: a longer line is rejected without being parsed.
        published: overrides every line's own ``published``.
    """
    empty = True
    for number, raw in enumerate(lines, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        empty = False
        where = f"{origin}:{number}"
        if len(raw) > max_bytes:
            yield Rejection(where, f"line is {len(raw):,} bytes, above the limit of "
                                   f"{max_bytes:,}")
            continue
        yield _line_document(raw, where, published)
    if empty:
        yield Rejection(origin, "empty file")


def _line_document(raw: bytes, where: str, published: str | None) -> Document | Rejection:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejection(where, f"line is not valid UTF-8 ({exc.reason} at byte {exc.start}); "
                                "JSON Lines must be UTF-8")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Rejection(where, f"invalid JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(obj, dict):
        return Rejection(where, f"not a JSON object (got {json_type(obj)})")
    return record_document(obj, where, published)


def record_document(obj: dict[str, Any], where: str,
                    published: str | None = None) -> Document | Rejection:
    """One document from a decoded JSON object, or the Rejection saying what is wrong."""
    if "text" not in obj:
        return Rejection(where, 'no "text" field')
    text = obj["text"]
    if not isinstance(text, str):
        return Rejection(where, f'"text" must be a string, got {json_type(text)}')
    for key in _OPTIONAL_STRINGS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            return Rejection(where, f'"{key}" must be a string or null, got {json_type(value)}')
    doc_id = obj.get("id")
    if doc_id is not None:
        if isinstance(doc_id, int) and not isinstance(doc_id, bool):
            doc_id = str(doc_id)
        elif not isinstance(doc_id, str) or not doc_id.strip():
            got = "an empty string" if doc_id == "" else json_type(doc_id)
            return Rejection(where, f'"id" must be a non-empty string or an integer, got {got}')
    for key in ("text", "id", *_OPTIONAL_STRINGS):
        value = doc_id if key == "id" else obj.get(key)
        if isinstance(value, str) and _SURROGATE.search(value):
            return Rejection(where, f'"{key}" holds an unpaired surrogate escape; '
                                    "it cannot be stored as UTF-8")
    text = clean_text(text)
    if not text.strip():
        return Rejection(where, "empty text")
    try:
        date = pick_published(published, obj.get("published"))
    except ValueError as exc:
        return Rejection(where, str(exc))
    return Document(text=text, id=doc_id, title=_blank_to_none(obj.get("title")),
                    published=date, source=_blank_to_none(obj.get("source")),
                    url=_blank_to_none(obj.get("url")), origin=where)


def _blank_to_none(value: str | None) -> str | None:
    return value if value and value.strip() else None
