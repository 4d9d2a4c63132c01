"""Token-level views of the knowledge base: alias keys as token tuples, and a PhraseMatcher.

Aliases are tokenised with the same spaCy tokenizer as the text, so "Daesh-K" or "Sino-Russian"
split the same way on both sides.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.vocab import Vocab

from dyads.kb import Alias, KnowledgeBase, load_kb


class AliasIndex:
    """KB surface forms keyed by their token tuples (exact case, plus an upper-case view)."""

    def __init__(self, kb: KnowledgeBase, tokenizer: Tokenizer) -> None:
        self.kb = kb
        self.exact: dict[tuple[str, ...], list[Alias]] = {}
        self.upper: dict[tuple[str, ...], list[Alias]] = {}
        self.max_len = 1
        for text, forms in kb.aliases.items():
            key = tuple(t.text for t in tokenizer(text))
            if not key:
                continue
            self.exact.setdefault(key, []).extend(forms)
            self.upper.setdefault(tuple(w.upper() for w in key), []).extend(forms)
            self.max_len = max(self.max_len, len(key))

    def match_at(self, words: Sequence[str], i: int) -> tuple[list[Alias], int] | None:
        """Longest alias starting at word ``i``: (its forms, number of words).

        Words in capitals (datelines: "TEHRAN") also match case-insensitively.
        """
        for n in range(min(self.max_len, len(words) - i), 0, -1):
            key = tuple(words[i:i + n])
            forms = self.exact.get(key)
            if forms is None and all(w.isupper() for w in key if w.isalpha()) and \
                    any(len(w) > 3 for w in key):
                forms = self.upper.get(key)
            if forms:
                return forms, n
        return None

    def scan(self, words: Sequence[str]) -> Iterator[tuple[int, int, list[Alias]]]:
        """Every longest alias in the words, left to right: (start, end, its forms)."""
        i = 0
        while i < len(words):
            found = self.match_at(words, i)
            if found is None:
                i += 1
                continue
            forms, n = found
            yield i, i + n, forms
            i += n


@lru_cache(maxsize=8)
def alias_index(user_files: tuple[str, ...] = ()) -> AliasIndex:
    """The alias index of ``load_kb(user_files)`` built with a blank English tokenizer."""
    return AliasIndex(load_kb(user_files), spacy.blank("en").tokenizer)


def phrase_matcher(kb: KnowledgeBase, vocab: Vocab, tokenizer: Tokenizer
                   ) -> tuple[PhraseMatcher, dict[int, str]]:
    """A case-sensitive PhraseMatcher over all aliases, and match id -> alias text."""
    matcher = PhraseMatcher(vocab, attr="ORTH")
    keys: dict[int, str] = {}
    texts = sorted(kb.aliases)
    for text, doc in zip(texts, tokenizer.pipe(texts), strict=True):
        if len(doc):
            matcher.add(text, [doc])
            keys[vocab.strings[text]] = text
    return matcher, keys
