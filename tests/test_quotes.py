"""Quotes and claims: direct, reported and mixed quotes, speakers, hedges, quotation marks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dyads.errors import DataFileError
from dyads.model import Quote, argument_list
from dyads.quotes.lexicon import load_lexicon
from dyads.quotes.marks import find_marked_spans


@pytest.fixture(scope="module")
def quotes_nlp():
    """The English model plus the quotes stage only (the actor layer is optional)."""
    from dyads.nlp.pipeline import build_pipeline

    return build_pipeline(stages=["quotes"])


def _norm(s: str) -> str:
    s = s.replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", s).strip(" .,\"'").lower()


def _speaker_fields(q: Quote) -> list[str]:
    return [f.lower() for a in argument_list(q.speaker) for f in (a.text, a.name or "")]


def _find(quotes: list[Quote], speaker: str, content: str) -> Quote | None:
    for q in quotes:
        if _norm(content) in _norm(q.content) and any(speaker.lower() in f
                                                      for f in _speaker_fields(q)):
            return q
    return None


# (text, expected speaker substring, expected content substring, kind)
FORMS = [
    # direct quotes in every mark style
    ('The minister said: "We will not negotiate with terrorists."',
     "minister", "We will not negotiate with terrorists", "direct"),
    ("“We will respond firmly,” Foreign Minister Sergei Lavrov said on Monday.",
     "Lavrov", "We will respond firmly", "direct"),
    ("«We will not retreat,» President Emmanuel Macron told reporters in Paris.",
     "Macron", "We will not retreat", "direct"),
    ("‘The sanctions are illegal,’ Kremlin spokesman Dmitry Peskov said.",
     "Peskov", "The sanctions are illegal", "direct"),
    ("''Of course we pay our taxes,'' the company chairman said.",
     "chairman", "Of course we pay our taxes", "direct"),
    ("“This is a dark day for democracy,” said opposition leader Maria Kolesnikova.",
     "Kolesnikova", "This is a dark day for democracy", "direct"),
    ('Protesters marching through the capital chanted "Down with the junta!"',
     "Protesters", "Down with the junta", "direct"),
    ("The president told reporters that “the ceasefire will hold.”",
     "president", "the ceasefire will hold", "direct"),
    # multi-sentence and split quotations
    ("“We are ready. Our troops are in position,” the general said.",
     "general", "We are ready. Our troops are in position", "direct"),
    ("“The talks were useful,” Blinken said, “but much work remains.”",
     "Blinken", "much work remains", "direct"),
    ("“The talks were useful,” Blinken said, “but much work remains.”",
     "Blinken", "The talks were useful", "direct"),
    # reported speech
    (("German Chancellor Olaf Scholz said that Berlin would send more air defence systems "
      "to Ukraine."), "Scholz", "Berlin would send more air defence systems to Ukraine",
     "indirect"),
    ("The United Nations warned the famine could spread to three more provinces.",
     "United Nations", "the famine could spread to three more provinces", "indirect"),
    ("Prime Minister Narendra Modi declared his support for a ceasefire.",
     "Modi", "his support for a ceasefire", "indirect"),
    ("The European Union urged Serbia to recognise Kosovo.",
     "European Union", "to recognise Kosovo", "indirect"),
    ("Beijing described the naval drills as a necessary warning.",
     "Beijing", "the naval drills as a necessary warning", "indirect"),
    ("According to the Pentagon, two destroyers were sent to the region.",
     "Pentagon", "two destroyers were sent to the region", "indirect"),
    ("The two destroyers were sent to the region, according to Pentagon officials.",
     "Pentagon", "two destroyers were sent to the region", "indirect"),
    ("The foreign minister’s claim that the border was secure was quickly contradicted.",
     "minister", "the border was secure", "indirect"),
    ("The mayor’s pleas for international assistance went unanswered.",
     "mayor", "international assistance", "indirect"),
    ("The New York Times reported that the negotiations had collapsed.",
     "New York Times", "the negotiations had collapsed", "indirect"),
    ("The missile test, North Korea said, was a complete success.",
     "North Korea", "was a complete success", "indirect"),
    ("The port was busy, the harbour master said, until the blockade began in May.",
     "harbour master", "until the blockade began in May", "indirect"),
    ("Pentagon: Russian troops moved to the border overnight\n\nThe statement came on Sunday.",
     "Pentagon", "Russian troops moved to the border overnight", "indirect"),
    ("The prime minister said: the blockade will end on Friday.",
     "prime minister", "the blockade will end on Friday", "indirect"),
    ("The opposition accused the government of rigging the vote.",
     "opposition", "the government of rigging the vote", "indirect"),
    # stance: adjectives, stance verbs, passives with an agent, a lemmatizer slip (hop/hope)
    ("Several senators were sure that the treaty would pass.",
     "senators", "the treaty would pass", "indirect"),
    ("The defence minister was critical of the new arms deal with Iran.",
     "minister", "the new arms deal with Iran", "indirect"),
    ("Ankara was determined to keep the border closed.",
     "Ankara", "to keep the border closed", "indirect"),
    ("The opposition blamed the government for the blackout.",
     "opposition", "the government for the blackout", "indirect"),
    ("The ceasefire proposal was welcomed by the Arab League.",
     "Arab League", "The ceasefire proposal", "indirect"),
    ("Officials were hoping the talks would resume next week.",
     "Officials", "the talks would resume next week", "indirect"),
    ("Zhirnov declared Russia’s willingness to invest in mining.",
     "Zhirnov", "Russia’s willingness to invest in mining", "indirect"),
    # mixed quotes
    ("Tehran called the new sanctions a “crime against humanity” on Sunday.",
     "Tehran", "crime against humanity", "mixed"),
    ("The spokesman described Moscow as a “reliable partner,” and the delegation left.",
     "spokesman", "reliable partner", "mixed"),
    # any verb whose object is characterised by quoted words (“...”) after "as"
    ("The senator has gone after the general as a “reckless adventurer.”",
     "senator", "the general as a “reckless adventurer", "mixed"),
    # headlines: a present-tense cue after a short speaker phrase, or at the end
    ("Bill Clinton Calls Obamacare ‘Crazy System’ During Campaign Stop.\n\nBody text.",
     "Clinton", "Obamacare", "mixed"),
    ("Trump Could Address Clean Energy, Lindsey Graham Says.\n\nBody text.",
     "Graham", "Trump Could Address Clean Energy", "indirect"),
    # a comma-enclosed attribution the parser did not hang on its clause
    ("These employees, Stumpf explained earlier in the hearing, were well paid and happy.",
     "Stumpf", "These employees", "indirect"),
]


@pytest.mark.parametrize(("text", "speaker", "content", "kind"), FORMS)
def test_quote_forms(quotes_nlp, text: str, speaker: str, content: str, kind: str) -> None:
    quotes = quotes_nlp(text)._.dyads_quotes
    q = _find(quotes, speaker, content)
    assert q is not None, [(q.speaker, q.content) for q in quotes]
    assert q.kind == kind
    assert text[q.start:q.end] and _norm(content) in _norm(text[q.start:q.end]) or \
        q.kind == "direct" and "," in q.content  # a split quotation joins its fragments


# (text, expected resolved speaker name, content substring)
SPEAKERS = [
    (("Jens Stoltenberg met the defence ministers in Brussels. He said the alliance would "
      "expand its presence in the east."), "Jens Stoltenberg", "the alliance would expand"),
    (("Ukrainian President Volodymyr Zelensky visited Washington on Tuesday. Zelensky said "
      "the aid was vital."), "Volodymyr Zelensky", "the aid was vital"),
    ("Angela Merkel arrived in Athens. “Europe must stand together,” she said.",
     "Angela Merkel", "Europe must stand together"),
    ("The Kremlin, which rarely comments on such matters, said the report was false.",
     "Kremlin", "the report was false"),
    ("“The policy is a failure.” \u2015 Anna Petrova", "Anna Petrova",
     "The policy is a failure"),
]


@pytest.mark.parametrize(("text", "name", "content"), SPEAKERS)
def test_speaker_resolution(quotes_nlp, text: str, name: str, content: str) -> None:
    quotes = quotes_nlp(text)._.dyads_quotes
    q = next((q for q in quotes if _norm(content) in _norm(q.content)), None)
    assert q is not None, [(q.speaker, q.content) for q in quotes]
    assert any(name.lower() in f for f in _speaker_fields(q)), q.speaker


def test_compound_speaker_is_a_list(quotes_nlp) -> None:
    quotes = quotes_nlp("Russia and China said the resolution was unacceptable.")._.dyads_quotes
    assert len(quotes) == 1
    assert isinstance(quotes[0].speaker, list)
    assert [a.text for a in quotes[0].speaker] == ["Russia", "China"]


# (text, content substring, hedged)
HEDGES = [
    ("Officials repeated the unverified theory that the virus escaped from a laboratory.",
     "the virus escaped from a laboratory", True),
    ("The senator claimed without evidence that the election had been rigged.",
     "the election had been rigged", True),
    ("The company allegedly told investors that profits would double.",
     "profits would double", True),
    ("Opposition groups alleged that the vote count had been manipulated.",
     "the vote count had been manipulated", True),
    ("The minister said that exports rose by four percent.", "exports rose by four percent", False),
    ("“Exports rose by four percent,” the minister said.",
     "Exports rose by four percent", False),
]


@pytest.mark.parametrize(("text", "content", "hedged"), HEDGES)
def test_hedges(quotes_nlp, text: str, content: str, hedged: bool) -> None:
    quotes = quotes_nlp(text)._.dyads_quotes
    q = next((q for q in quotes if _norm(content) in _norm(q.content)), None)
    assert q is not None, [(q.speaker, q.content) for q in quotes]
    assert q.hedged is hedged


def test_unattributed_content_is_optional(quotes_nlp) -> None:
    from dyads.quotes.finder import find_quotes

    doc = quotes_nlp("It was reported that the talks had collapsed.")
    assert doc._.dyads_quotes == []
    (q,) = find_quotes(doc, keep_unattributed=True)
    assert q.speaker is None and q.content == "the talks had collapsed"


def test_never_closed_quote_stops_at_paragraph_end(quotes_nlp) -> None:
    text = ("The ambassador said “the embassy will stay open for now.\n\n"
            "In other news, the parliament approved the budget on Tuesday. "
            "The finance minister said the deficit would shrink.")
    quotes = quotes_nlp(text)._.dyads_quotes
    assert all("parliament approved" not in q.content for q in quotes)
    assert _find(quotes, "minister", "the deficit would shrink") is not None


def test_multi_paragraph_quote(quotes_nlp) -> None:
    text = ("President Recep Tayyip Erdogan spoke for an hour.\n\n"
            "“Turkey will not accept this.\n\n"
            "“We will defend our borders,” he said.")
    quotes = quotes_nlp(text)._.dyads_quotes
    q = _find(quotes, "erdogan", "We will defend our borders")
    assert q is not None, [(q.speaker, q.content) for q in quotes]
    assert "Turkey will not accept this" in q.content
    assert q.kind == "direct"


def test_scare_quotes_are_not_quotes(quotes_nlp) -> None:
    quotes = quotes_nlp("The so-called “peace plan” was published on Monday.")._.dyads_quotes
    assert quotes == []


TRANSCRIPT = ("Partial transcript:\n\nWALLACE: Will the senator attend the debate?\n\n"
              "PENCE: She will not be attending the debate tomorrow night.\n\n"
              "WALLACE: Thank you, governor.")


@pytest.mark.parametrize(("speaker", "content"), [
    ("WALLACE", "Will the senator attend the debate?"),
    ("PENCE", "She will not be attending the debate tomorrow night."),
    ("WALLACE", "Thank you, governor."),
])
def test_transcript_turns(quotes_nlp, speaker: str, content: str) -> None:
    quotes = quotes_nlp(TRANSCRIPT)._.dyads_quotes
    q = _find(quotes, speaker, content)
    assert q is not None and q.kind == "direct"
    assert TRANSCRIPT[q.start:q.end] == content


def test_single_label_is_no_transcript(quotes_nlp) -> None:
    text = "UPDATE: The talks resumed on Monday.\n\nNOTE: This story has been corrected."
    assert quotes_nlp(text)._.dyads_quotes == []


@pytest.mark.parametrize(("text", "speaker"), [
    ("The minister said he believed that the talks would fail within a week.", "minister"),
    ("Kremlin spokesman Dmitry Peskov said Moscow hoped the sanctions would be lifted soon.",
     "Peskov"),
])
def test_nested_attribution_is_one_quote(quotes_nlp, text: str, speaker: str) -> None:
    quotes = quotes_nlp(text)._.dyads_quotes
    assert len(quotes) == 1
    assert any(speaker.lower() in f for f in _speaker_fields(quotes[0]))


def test_quote_offsets_point_at_content(quotes_nlp) -> None:
    text = "Officials met in Geneva. “We made progress,” the envoy said."
    (q,) = quotes_nlp(text)._.dyads_quotes
    assert text[q.start:q.end] == q.content == "We made progress"
    assert q.cue == "said"
    assert Quote.from_dict(q.to_dict()) == q


# (text, [contents of the marked spans])
MARKS = [
    ('He said "we will win," and left.', ["we will win,"]),
    ("“A,” he said, “B.”", ["A,", "B."]),
    ("Russia’s view was ‘we are fine’ in the end.", ["we are fine"]),
    ("«Bonjour» dit-il.", ["Bonjour"]),
    ("He said “never closed here.\n\nNext paragraph stays out.", ["never closed here."]),
    ("“Para one.\n\n“Para two.”\n\nAfter.", ["Para one.\n\n“Para two."]),
    ("The students’ union and the teachers’ union met.", []),
    ("She said ``this is fine'' twice.", ["this is fine"]),
    # a stray opening mark does not swallow the complete quotations after it
    ('"He came late. She called it a “rant,” then left.', ["rant,"]),
]


@pytest.mark.parametrize(("text", "expected"), MARKS)
def test_marked_spans(text: str, expected: list[str]) -> None:
    assert [text[m.start:m.end] for m in find_marked_spans(text)] == expected


def test_bad_lexicon_line_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "verbs.tsv"
    bad.write_text("# my verbs\nlemma\tframes\thedge\nmumble\tclause\tno\nmutter\twhisper\tno\n",
                   encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_lexicon(extra_verbs=[bad])
    assert err.value.line == 4
    assert "whisper" in str(err.value)


def test_user_lexicon_extends_cues(tmp_path: Path) -> None:
    extra = tmp_path / "verbs.tsv"
    extra.write_text("lemma\tframes\thedge\nmumble\tclause\tno\n", encoding="utf-8")
    lex = load_lexicon(extra_verbs=[extra])
    assert lex.verb("mumble") is not None and lex.verb("say") is not None


@pytest.fixture(scope="module")
def actors_quotes_nlp():
    """The actors stage then the quotes stage: speakers resolved through the actor layer."""
    from dyads.nlp.pipeline import build_pipeline

    pytest.importorskip("dyads.actors.component")
    return build_pipeline(stages=["actors", "quotes"])


@pytest.mark.slow
@pytest.mark.parametrize("pipeline", ["quotes_nlp", "actors_quotes_nlp"])
def test_example_article_reference_quotes(request, pipeline: str, example_text: str,
                                          example_gold: dict) -> None:
    quotes = request.getfixturevalue(pipeline)(example_text)._.dyads_quotes
    found = 0
    for ref in example_gold["quotes"]:
        alts = [a[1:].lower() for a in ref["speaker"] if a.startswith("~")]
        hit = any(_norm(ref["content"]) in _norm(q.content) and
                  any(a in f for a in alts for f in _speaker_fields(q)) for q in quotes)
        found += hit
    assert found >= 8, f"{found}/8 reference quotes found with the right speaker"


@pytest.mark.slow
def test_speakers_carry_actor_codes(actors_quotes_nlp, example_text: str) -> None:
    quotes = actors_quotes_nlp(example_text)._.dyads_quotes
    q = next(q for q in quotes if "trustworthy partner" in q.content)
    assert not isinstance(q.speaker, list) and q.speaker is not None
    assert q.speaker.country == "RUS"
    assert "Kabulov" in (q.speaker.name or q.speaker.text)
