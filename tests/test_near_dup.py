"""Near-duplicate articles: shingling, exact Jaccard, MinHash LSH candidates, groups."""

from __future__ import annotations

import pytest
from corpus_oracle import corpus_articles

from dyads.analysis.near_dup import (
    groups_from_pairs,
    jaccard,
    near_duplicate_groups,
    near_duplicate_pairs,
    shingles,
)
from dyads.model import Analysis, Document
from dyads.store import Store


@pytest.mark.parametrize(("text", "size", "expected"), [
    ("Troops moved in.", 3, {"troops moved in"}),
    ("Troops MOVED, in; again!", 3, {"troops moved in", "moved in again"}),
    ("a b c a b c", 3, {"a b c", "b c a", "c a b"}),
    ("Two words", 3, {"two words"}),
    ("", 3, set()),
    ("Kyiv's talks", 2, {"kyiv s", "s talks"}),
    ("one two three", 1, {"one", "two", "three"}),
])
def test_shingles(text: str, size: int, expected: set[str]) -> None:
    assert shingles(text, size) == expected


@pytest.mark.parametrize(("a", "b", "expected"), [
    ({"x", "y"}, {"x", "y"}, 1.0),
    ({"x", "y"}, {"y", "z"}, 1 / 3),
    ({"x"}, {"z"}, 0.0),
    (set(), set(), 0.0),
])
def test_jaccard(a: set[str], b: set[str], expected: float) -> None:
    assert jaccard(a, b) == pytest.approx(expected)


#: 20 distinct words: 18 three-word shingles
BASE = [f"word{k}" for k in range(1, 21)]
ORIGINAL = " ".join(BASE) + "."
#: the last word changed: 17 shingles shared of 19 -> 17/19
EDITED = " ".join(BASE[:-1] + ["changed"]) + "."
#: the same words upper-cased with punctuation: identical after normalisation
SHOUTED = ", ".join(w.upper() for w in BASE) + "!"
OTHER = " ".join(f"other{k}" for k in range(1, 21))


def _save(path, docs) -> None:
    with Store(path) as store:
        for doc_id, published, text in docs:
            store.save(Analysis(doc=Document(text=text, id=doc_id, published=published,
                                             source="S")))


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("neardup") / "small.duckdb"
    _save(path, [("a", "2024-03-02", ORIGINAL), ("b", "2024-03-05", EDITED),
                 ("e", "2024-03-01", SHOUTED), ("d", "2024-03-01", OTHER),
                 ("n", None, EDITED + " extra")])
    return path


def test_pairs_hand_computed(small_store) -> None:
    with Store(small_store, read_only=True) as store:
        pairs = near_duplicate_pairs(store, 0.8)
    got = {(r.doc_id, r.duplicate_of): round(r.similarity, 6) for r in pairs.itertuples()}
    # "n" (EDITED plus one word: 19 shingles, all 18 of EDITED's) has no publication date,
    # so it is the later copy of every other
    assert got == {
        ("a", "e"): 1.0,
        ("b", "e"): round(17 / 19, 6),
        ("b", "a"): round(17 / 19, 6),
        ("n", "b"): round(18 / 19, 6),
        ("n", "a"): round(17 / 20, 6),
        ("n", "e"): round(17 / 20, 6),
    }


@pytest.mark.parametrize(("threshold", "expected"), [
    (0.8, [["e", "a", "b", "n"]]),
    (0.85, [["e", "a", "b", "n"]]),
    (0.9, [["e", "a"], ["b", "n"]]),
    (0.99, [["e", "a"]]),
])
def test_groups_original_first(small_store, threshold: float, expected) -> None:
    with Store(small_store, read_only=True) as store:
        assert near_duplicate_groups(store, threshold) == expected


def test_restricted_to_documents(small_store) -> None:
    with Store(small_store, read_only=True) as store:
        assert near_duplicate_groups(store, 0.8, doc_ids=["a", "b", "d"]) == [["a", "b"]]
        assert near_duplicate_pairs(store, 0.8, doc_ids=["d"]).empty


@pytest.mark.parametrize("threshold", [0, -0.1, 1.5])
def test_bad_threshold(small_store, threshold: float) -> None:
    with Store(small_store, read_only=True) as store, pytest.raises(ValueError):
        near_duplicate_pairs(store, threshold)


def test_groups_from_pairs_without_rank() -> None:
    import pandas as pd
    pairs = pd.DataFrame({"doc_id": ["b", "c", "y"], "duplicate_of": ["a", "a", "x"],
                          "similarity": [0.9, 0.9, 0.95]})
    assert groups_from_pairs(pairs) == [["a", "b", "c"], ["x", "y"]]


@pytest.fixture(scope="module")
def corpus_text_store(tmp_path_factory):
    """Only the corpus texts and metadata (near-duplicates need no events)."""
    path = tmp_path_factory.mktemp("neardup") / "corpus.duckdb"
    with Store(path) as store:
        for a in corpus_articles():
            store.save(Analysis(doc=Document(text=a["text"], id=a["id"], title=a["title"],
                                             published=a["published"], source=a["source"])))
    return path


@pytest.mark.parametrize("threshold", [0.5, 0.8])
def test_corpus_groups_exactly_expected(corpus_text_store, corpus_expected, threshold) -> None:
    """The 8 declared groups of republished wire copy (Jaccard 0.87-0.97), nothing else."""
    with Store(corpus_text_store, read_only=True) as store:
        got = near_duplicate_groups(store, threshold)
    assert sorted(got) == sorted(corpus_expected["near_duplicates"])


def test_corpus_pairs_are_copies_of_the_original(corpus_text_store, corpus_expected) -> None:
    with Store(corpus_text_store, read_only=True) as store:
        pairs = near_duplicate_pairs(store, 0.8)
    originals = {g[0] for g in corpus_expected["near_duplicates"]}
    copies = {d for g in corpus_expected["near_duplicates"] for d in g[1:]}
    assert set(pairs["doc_id"]) == copies
    assert originals <= set(pairs["duplicate_of"])
    assert pairs["similarity"].between(0.87, 0.98).all()
