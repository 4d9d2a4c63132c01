"""Attribution details: cue coverage, content boundaries, nested reports and speaker repair."""

from __future__ import annotations

import re

import pytest

from dyads.model import Quote, argument_list
from dyads.quotes.finder import find_quote_matches


@pytest.fixture(scope="module")
def quotes_nlp():
    """The English model plus the quotes stage only (the actor layer is optional)."""
    from dyads.nlp.pipeline import build_pipeline

    return build_pipeline(stages=["quotes"])


def _norm(s: str) -> str:
    s = s.replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", s).strip(" .,\"'").lower()


def _fields(q: Quote) -> list[str]:
    return [f.lower() for a in argument_list(q.speaker) for f in (a.text, a.name or "")]


def _with_content(quotes: list[Quote], content: str) -> Quote | None:
    return next((q for q in quotes if _norm(content) in _norm(q.content)), None)


# (text, speaker substring, content that must be inside the quote's content)
CUES = [
    # verbs of judgment, communication and stance beyond "say"
    ("The appeals court ruled that the voting law was unconstitutional.", "court",
     "the voting law was unconstitutional"),
    ("Obama joked that he would miss the long flights on Air Force One.", "obama",
     "he would miss the long flights"),
    ("Most Republican senators back the nominee despite the scandal.", "senators",
     "the nominee"),
    ("The governor refuses to release the police footage.", "governor",
     "to release the police footage"),
    # "hopes" is lemmatised "hop": the silent e is restored for a present-tense cue too
    ("She hopes to win the seat in November.", "she", "to win the seat"),
    # a gerund object of a cue verb
    ("The candidate proposed dropping the tax break on carried interest.", "candidate",
     "dropping the tax break on carried interest"),
    # nouns and adjectives of stance
    ("The minister's contention that the treaty was void surprised the diplomats.",
     "minister", "the treaty was void"),
    ("The chancellor is wary of new sanctions against Moscow.", "chancellor",
     "new sanctions against moscow"),
    # a block quotation: the paragraph after "X added:"
    (("The governor added:\n\nIt is typical of her. She knows nothing about the case.\n\n"
     "The hearing resumed on Monday."), "governor", "She knows nothing about the case"),
]


@pytest.mark.parametrize(("text", "speaker", "content"), CUES)
def test_cues(quotes_nlp, text: str, speaker: str, content: str) -> None:
    quotes = quotes_nlp(text)._.dyads_quotes
    q = _with_content(quotes, content)
    assert q is not None, [(q.speaker, q.content) for q in quotes]
    assert any(speaker in f for f in _fields(q)), q.speaker


# (text, content that must be in the quote, writer's words that must not)
BOUNDARIES = [
    # a parenthetical attribution splits the content in two fragments around it
    ("Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt in 1999.",
     "Lenox was a juggernaut until it went bankrupt in 1999", "Clarke said"),
    (("The middle fifth paid 8.9 percent, the agency said in a June report, and the bottom "
     "fifth paid 0.8 percent."), "the bottom fifth paid 0.8 percent", "June report"),
    # a closing non-restrictive relative clause, concession or apposition is the writer's
    (("Trump demanded that Obama pledge not to pardon Clinton, who has not been charged "
     "with any crime."), "Obama pledge not to pardon Clinton", "has not been charged"),
    (("He claimed that paying no income taxes was smart, although he again refused to "
     "release his returns."), "paying no income taxes was smart", "refused to release"),
    ("Mr. Schultz said he did not support Mr. Trump, the presumed Putin favorite.",
     "he did not support Mr. Trump", "presumed Putin favorite"),
    (("Polls were released on Monday. A new survey found that Clinton leads by three points, "
     "using an average of recent polls."), "Clinton leads by three points", "using an average"),
    # the object's contact relative clause the parser took for a clause of the cue
    (("Clinton cited disparaging remarks Trump had made about Machado as examples of his "
     "disrespect for women."), "remarks Trump had made about Machado", "Clinton cited"),
]


@pytest.mark.parametrize(("text", "content", "not_content"), BOUNDARIES)
def test_content_boundaries(quotes_nlp, text: str, content: str, not_content: str) -> None:
    quotes = quotes_nlp(text)._.dyads_quotes
    q = _with_content(quotes, content)
    assert q is not None, [(q.speaker, q.content) for q in quotes]
    assert _norm(not_content) not in _norm(q.content)


# (text, the one speaker expected)
NESTED = [
    # the later, outer attribution holds the earlier cue's report: one quote, the outer one
    (("Clinton had told police officials that she did not want the escort at all, the source "
     "added."), "source"),
    ("Trump said Clinton lied when she claimed that the server was secure.", "trump"),
]


@pytest.mark.parametrize(("text", "speaker"), NESTED)
def test_one_speaker_per_stretch(quotes_nlp, text: str, speaker: str) -> None:
    quotes = quotes_nlp(text)._.dyads_quotes
    assert len(quotes) == 1, [(q.speaker, q.content) for q in quotes]
    assert any(speaker in f for f in _fields(quotes[0])), quotes[0].speaker


# (text, content substring, expected speaker name or phrase)
SPEAKERS = [
    # a series label before a headline is not its subject
    ("The Latest: Trump urges supporters to monitor polling places.\n\nBody text follows.",
     "supporters to monitor polling places", "trump"),
    # nor is a phrase on an earlier line the parser joined to the sentence
    (("The Latest on the race (all times EDT):\n\n7 p.m.\n\nDonald Trump is once again "
     "questioning the integrity of the voting system."), "the integrity of the voting system",
     "trump"),
    # a possessive pronoun on a cue noun is resolved like a subject pronoun
    (("Donald Trump spoke in Ohio on Monday. His claim that the election was rigged drew "
     "criticism."), "the election was rigged", "donald trump"),
]


@pytest.mark.parametrize(("text", "content", "speaker"), SPEAKERS)
def test_speaker_repair(quotes_nlp, text: str, content: str, speaker: str) -> None:
    quotes = quotes_nlp(text)._.dyads_quotes
    q = _with_content(quotes, content)
    assert q is not None, [(q.speaker, q.content) for q in quotes]
    assert any(speaker in f for f in _fields(q)), q.speaker


def test_relative_pronoun_speaker_span_covers_antecedent(quotes_nlp) -> None:
    text = "The report was criticised by another mining company, which said the figures were false."
    doc = quotes_nlp(text)
    q = next(q for q in find_quote_matches(doc) if "figures were false" in q.content_text(doc))
    assert q.speaker_span is not None
    span = text[q.speaker_span[0]:q.speaker_span[1]]
    assert span.startswith("another mining company") and span.endswith("which")


def test_long_attribution_between_quotations_joins_them(quotes_nlp) -> None:
    text = ("“It has the important virtue of being fiscally responsible,” Leonard E. Burman, "
            "director of the centrist Tax Policy Center and a professor at the Maxwell School "
            "of Syracuse University, said of the plan. “It doesn't make our long-term fiscal "
            "problems worse.”")
    quotes = quotes_nlp(text)._.dyads_quotes
    assert len(quotes) == 1, [(q.speaker, q.content) for q in quotes]
    assert "fiscally responsible" in quotes[0].content
    assert "long-term fiscal problems worse" in quotes[0].content
    assert any("burman" in f for f in _fields(quotes[0]))


def test_right_mark_opening_a_paragraph_opens_a_quotation(quotes_nlp) -> None:
    text = ("Readers answered our call.\n\n”Mr. Trump embodies the legacy of racism. He has "
            "empowered racists.” \u2015 Sonya Herridge\n")
    quotes = quotes_nlp(text)._.dyads_quotes
    q = _with_content(quotes, "He has empowered racists")
    assert q is not None, [(q.speaker, q.content) for q in quotes]
    assert "embodies the legacy" in q.content
    assert any("herridge" in f for f in _fields(q))
