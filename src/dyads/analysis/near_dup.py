"""Near-duplicate articles: republished wire copy, found by MinHash LSH over word shingles.

Two articles are near-duplicates when the exact Jaccard similarity of their sets of word
``shingle``-grams (case and punctuation removed) reaches ``threshold``. Comparing every pair
is quadratic, so candidates come from a datasketch ``MinHashLSH`` index and only those are
checked exactly. Two streaming passes over ``documents`` keep memory flat on 100k+ articles:
the first builds MinHash signatures batch by batch and queries the index (signatures are not
kept), the second re-reads only the few candidate articles to compute their exact Jaccard.

Of two near-duplicates the *original* is the one published first (then the one stored first,
then the smaller id): wire copy is republished after it appears, not before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

import pandas as pd
from datasketch import MinHash, MinHashLSH

from dyads.analysis.queries import connection

#: Rows fetched from DuckDB at a time; bounds memory whatever the corpus size.
BATCH_ROWS = 2000
#: The LSH index is tuned this far below the requested threshold: LSH is probabilistic,
#: and a lower index threshold trades a few more exact checks for fewer missed pairs.
LSH_SLACK = 0.15
_WORD = re.compile(r"\w+")
_PAIR_COLUMNS = ["doc_id", "duplicate_of", "similarity"]


def shingles(text: str, size: int = 3) -> set[str]:
    """The set of word ``size``-grams of ``text``, lower-cased, punctuation removed.

    A text shorter than ``size`` words gives one shingle of all its words (none if empty),
    so very short texts still compare.
    """
    if size < 1:
        raise ValueError(f"shingle size must be at least 1, got {size}")
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """Exact Jaccard similarity of two shingle sets (0.0 when both are empty)."""
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def _stream(con: Any, sql: str, params: list[Any]) -> Iterator[tuple[str, str]]:
    # A cursor of its own, so the caller's connection stays usable while we stream.
    cur = con.cursor()
    try:
        cur.execute(sql, params)
        while rows := cur.fetchmany(BATCH_ROWS):
            yield from rows
    finally:
        cur.close()


def _where(doc_ids: Iterable[str] | None) -> tuple[str, list[Any]]:
    if doc_ids is None:
        return "", []
    return " WHERE id IN (SELECT unnest(CAST(? AS VARCHAR[])))", [sorted(set(doc_ids))]


def _candidates(con: Any, threshold: float, num_perm: int, shingle: int,
                doc_ids: Iterable[str] | None) -> set[tuple[str, str]]:
    """Pass 1: unordered candidate pairs (a < b) whose MinHash signatures collide in the LSH."""
    lsh = MinHashLSH(threshold=max(0.05, threshold - LSH_SLACK), num_perm=num_perm)
    where, params = _where(doc_ids)
    pairs: set[tuple[str, str]] = set()
    batch: list[tuple[str, set[str]]] = []

    def flush() -> None:
        hashes = MinHash.bulk([[s.encode("utf-8") for s in sh] for _, sh in batch],
                              num_perm=num_perm)
        for (doc_id, _), mh in zip(batch, hashes, strict=True):
            for other in lsh.query(mh):
                pairs.add((min(doc_id, other), max(doc_id, other)))
            lsh.insert(doc_id, mh, check_duplication=False)
        batch.clear()

    for doc_id, text in _stream(con, f"SELECT id, text FROM documents{where} ORDER BY id",
                                params):
        sh = shingles(text or "", shingle)
        if sh:
            batch.append((doc_id, sh))
        if len(batch) >= BATCH_ROWS:
            flush()
    if batch:
        flush()
    return pairs


def _order(con: Any, ids: list[str]) -> dict[str, int]:
    """Rank of each document: publication date, then storage time, then id."""
    rows = con.execute(
        "SELECT id FROM documents WHERE id IN (SELECT unnest(CAST(? AS VARCHAR[]))) "
        "ORDER BY TRY_CAST(published AS DATE) NULLS LAST, published NULLS LAST, stored_at, id",
        [ids]).fetchall()
    return {r[0]: i for i, r in enumerate(rows)}


def near_duplicate_pairs(store_or_con: Any, threshold: float = 0.8, *, num_perm: int = 128,
                         shingle: int = 3, doc_ids: Iterable[str] | None = None
                         ) -> pd.DataFrame:
    """Pairs of stored articles whose word-shingle Jaccard similarity reaches ``threshold``.

    Args:
        store_or_con: a :class:`~dyads.store.Store` or a DuckDB connection (read only).
        threshold: minimum exact Jaccard similarity, in (0, 1].
        num_perm: MinHash permutations (more: fewer missed pairs, slower).
        shingle: words per shingle.
        doc_ids: only compare these documents (default: all stored ones).

    Returns:
        One row per confirmed pair: ``doc_id`` (the later copy), ``duplicate_of`` (the
        earlier-published, or first-stored, article) and ``similarity`` (exact Jaccard),
        sorted by ``duplicate_of`` order then ``doc_id`` order.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    con = connection(store_or_con)
    cands = _candidates(con, threshold, num_perm, shingle, doc_ids)
    if not cands:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c == "similarity" else "object")
                             for c in _PAIR_COLUMNS})
    # Pass 2: exact Jaccard, re-reading only the documents that have a candidate.
    involved = sorted({d for pair in cands for d in pair})
    sets = {doc_id: shingles(text or "", shingle) for doc_id, text in _stream(
        con, "SELECT id, text FROM documents WHERE id IN (SELECT unnest(CAST(? AS VARCHAR[])))",
        [involved])}
    rank = _order(con, involved)
    rows = []
    for a, b in cands:
        sim = jaccard(sets[a], sets[b])
        if sim >= threshold:
            first, later = (a, b) if rank[a] < rank[b] else (b, a)
            rows.append((later, first, sim))
    rows.sort(key=lambda r: (rank[r[1]], rank[r[0]]))
    return pd.DataFrame(rows, columns=_PAIR_COLUMNS)


def groups_from_pairs(pairs: pd.DataFrame, rank: dict[str, int] | None = None
                      ) -> list[list[str]]:
    """Connected groups of a pairs frame (``doc_id``, ``duplicate_of``), original first.

    ``rank`` orders documents (lower first: the original); without it, the order in which
    documents first appear in ``pairs`` (``duplicate_of`` before ``doc_id``) stands in.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    order: dict[str, int] = {}
    for later, first in zip(pairs["doc_id"], pairs["duplicate_of"], strict=True):
        for d in (first, later):
            order.setdefault(d, len(order))
        ra, rb = find(first), find(later)
        if ra != rb:
            parent[rb] = ra
    key = rank or order
    groups: dict[str, list[str]] = {}
    for d in order:
        groups.setdefault(find(d), []).append(d)
    out = [sorted(members, key=key.__getitem__) for members in groups.values()]
    out.sort(key=lambda g: key[g[0]])
    return out


def near_duplicate_groups(store_or_con: Any, threshold: float = 0.8, *, num_perm: int = 128,
                          shingle: int = 3, doc_ids: Iterable[str] | None = None
                          ) -> list[list[str]]:
    """Groups of near-duplicate articles (connected by :func:`near_duplicate_pairs`).

    Each group lists its original first (the earliest published, then first stored), then
    the copies in publication order; groups are ordered by their original.
    """
    pairs = near_duplicate_pairs(store_or_con, threshold, num_perm=num_perm, shingle=shingle,
                                 doc_ids=doc_ids)
    if pairs.empty:
        return []
    ids = sorted(set(pairs["doc_id"]) | set(pairs["duplicate_of"]))
    return groups_from_pairs(pairs, _order(connection(store_or_con), ids))
