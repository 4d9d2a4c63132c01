"""RSS and Atom feeds (feedparser): one document per entry.

An entry's text is its full content when the feed carries it, else its summary, with the
markup removed; title, link and publication date come from the entry, the source from the
feed's title. An entry without text is rejected as ``FILE#N`` with the reason; a file that is
no feed at all is rejected once.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from typing import Any

from dyads.ingest.text import clean_text, pick_published
from dyads.model import Document, Rejection

FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})

_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(p|div|br|li|h[1-6]|blockquote)[^>]*>", re.I)


def _plain(markup: str) -> str:
    """Text of an entry's HTML fragment, paragraphs kept as blank-line breaks."""
    text = _BLOCK.sub("\n\n", markup)
    text = html.unescape(_TAG.sub("", text))
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def _entry_date(entry: dict) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


def feed_documents(data: bytes, origin: str, published: str | None = None
                   ) -> Iterator[Document | Rejection]:
    """Documents from the bytes of an RSS/Atom file; never raises."""
    import feedparser  # only needed for feed inputs

    feed = feedparser.parse(data)
    items = list(_entries(feed, origin, published))
    if not any(isinstance(i, Document) for i in items) and (feed.bozo or not feed.entries):
        # broken XML yields empty pseudo-entries: one rejection for the file says it better
        reason = "not an RSS/Atom feed, or a feed with no entries"
        if feed.bozo and getattr(feed, "bozo_exception", None) is not None:
            reason += f" ({feed.bozo_exception})"
        yield Rejection(origin, reason)
        return
    yield from items


def _entries(feed: Any, origin: str, published: str | None) -> Iterator[Document | Rejection]:
    source = feed.feed.get("title")
    for n, entry in enumerate(feed.entries, start=1):
        where = f"{origin}#{n}"
        content = entry.get("content") or []
        markup = content[0].get("value", "") if content else entry.get("summary", "")
        text = clean_text(_plain(markup or ""))
        if not text.strip():
            yield Rejection(where, "feed entry has no text (neither content nor summary)")
            continue
        try:
            date = pick_published(published, _entry_date(entry))
        except ValueError as exc:
            yield Rejection(where, f"bad publication date: {exc}")
            continue
        yield Document(text=text, title=entry.get("title"), published=date, source=source,
                       url=entry.get("link"), id=None, origin=where)
