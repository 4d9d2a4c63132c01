"""The example article bundled with the package (invented news we wrote)."""

from __future__ import annotations

import json
from importlib import resources

from dyads.model import Document


def demo_document() -> Document:
    """The bundled demo article as a Document, with its metadata."""
    folder = resources.files("dyads") / "data" / "examples"
    meta = json.loads((folder / "demo_article.json").read_text(encoding="utf-8"))
    text = (folder / meta["text_file"]).read_text(encoding="utf-8")
    return Document(text=text, title=meta["title"], published=meta["published"],
                    source=meta["source"], url=meta["url"], origin="dyads:demo_article.txt")
