"""The actors stage: resolution in context, coordination, coreference, lookups, user files."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyads.actors import coordinated, mention_for_token, mentions_in_span, resolve_actor
from dyads.model import ActorMention
from dyads.nlp.pipeline import build_pipeline, load_english


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(stages=["actors"])


def analyse(nlp, text: str, published: str | None = "2023-06-01"):
    doc = nlp.make_doc(text)
    doc._.dyads_published = published
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def by_text(doc, text: str) -> ActorMention:
    found = [m for m in doc._.dyads_actors if m.text == text]
    assert found, f"no mention {text!r} in {[m.text for m in doc._.dyads_actors]}"
    return found[0]


# ------------------------------------------------------------------ resolve_actor (strings)
@pytest.mark.parametrize("text, date, country, sector", [
    ("Russia's Ambassador to India Nikolay Kudashev", None, "RUS", "GOV"),
    ("Canadian Ambassador to the United Nations", None, "CAN", "GOV"),
    ("Taliban spokesman Zabiullah Mujahid", "2021-09-07", "AFG", "GOV"),
    ("Taliban spokesman Zabiullah Mujahid", "2020-01-01", "AFG", "REB"),
    ("Pakistan's Express Tribune", None, "PAK", "JRN"),
    ("the Moscow-led Collective Security Treaty Organization", None, "IGO", "MIL"),
    ("the Afghan capital", None, "AFG", "GOV"),
    ("Russian officials", None, "RUS", "GOV"),
    ("Mexican authorities", None, "MEX", "GOV"),
    ("President of the Chadian Human Rights League", None, "TCD", "SOC"),
    ("chairman of the company's board", None, None, "BUS"),
    ("Boko Haram gunmen", None, "NGA", "REB"),
    ("a former CIA official", None, "USA", "ELI"),
    ("FSB, Russia's security service", None, "RUS", "SPY"),
    ("Muslim leaders in France", None, "FRA", "REL"),
    ("Shanghai police", None, "CHN", "COP"),
    ("Kyiv police", None, "UKR", "COP"),
    ("Pakistani Army", None, "PAK", "MIL"),
    ("Russia's Baltic Fleet", None, "RUS", "MIL"),
    ("ousted President Ashraf Ghani", "2021-09-07", "AFG", "GOV"),
    ("Ashraf Ghani", "2021-09-07", "AFG", "ELI"),
    ("Ashraf Ghani", "2020-05-01", "AFG", "GOV"),
    ("Tony Blair", "1 January 2003", "GBR", "GOV"),
    ("Moscow", None, "RUS", "GOV"),
    ("TEHRAN", None, "IRN", "GOV"),
    ("Russia", None, "RUS", None),
    ("Two Russians", None, "RUS", None),
    ("jihadis", None, None, "REB"),
    ("Defense Minister", None, None, "GOV"),
    ("Jan Kowalski", None, None, None),  # an unknown name with no clue: never a guess
    ("a cat", None, None, None),
])
def test_resolve_actor(text, date, country, sector):
    ref = resolve_actor(text, date=date)
    assert (ref.country, ref.sector) == (country, sector)
    assert ref.text == text


def test_resolve_actor_context_gives_only_the_country():
    assert resolve_actor("Defense Minister", context="German").country == "DEU"
    assert resolve_actor("Jan Kowalski", context="a statement").country is None


def test_resolve_actor_names():
    assert resolve_actor("President Kassym-Jomart Tokayev").name == "Kassym-Jomart Tokayev"
    assert resolve_actor("Defense Minister Diego Molano").name == "Diego Molano"


# ------------------------------------------------------------------ the component in context
@pytest.mark.parametrize("text, mention, country, sector", [
    ("Russia's ambassador to Kenya Ivan Petrov met the press on Monday.",
     "Ivan Petrov", "RUS", "GOV"),
    ("China's Ambassador to Nepal Chen Song praised the deal.", "Chen Song", "CHN", "GOV"),
    ("Hamas spokesman Abu Obeida rejected the proposal.", "Abu Obeida", "PSE", "REB"),
    ("The report appeared in Pakistan's Daily Times on Sunday.", "Daily Times", "PAK", "JRN"),
    ("Turkish officials said the talks would resume.", "Turkish officials", "TUR", "GOV"),
    ("Troops entered the Ukrainian capital on Friday.", "Ukrainian capital", "UKR", "GOV"),
    ("The Moscow-led Collective Security Treaty Organization sent troops.",
     "Collective Security Treaty Organization", "IGO", "MIL"),
    ("French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin.",
     "Olaf Scholz", "DEU", "GOV"),
    ("Kenyan police arrested dozens of protesters.", "Kenyan police", "KEN", "COP"),
    ("Former Prime Minister Nawaz Sharif returned to Lahore.", "Nawaz Sharif", "PAK", "ELI"),
    ("The Kremlin said it would respond.", "Kremlin", "RUS", "GOV"),
    ("Al-Shabaab fighters attacked a base near Mogadishu.", "fighters", "SOM", "REB"),
    ("Jan Kowalski said nothing.", "Jan Kowalski", None, None),
    ("Jordan Peterson spoke in Amman.", "Jordan Peterson", None, None),  # a name, no clue
])
def test_component_resolution(nlp, text, mention, country, sector):
    m = by_text(analyse(nlp, text), mention)
    assert (m.country, m.sector) == (country, sector)
    assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("text, mention", [
    ("The Taliban’s takeover surprised many.", "Taliban"),
    ("Officials met the Taliban yesterday.", "Taliban"),
    ("Moscow welcomed the European Union's decision.", "European Union"),
])
def test_spans_are_trimmed(nlp, text, mention):
    m = by_text(analyse(nlp, text), mention)
    assert text[m.start:m.end] == mention


def test_role_nominal_is_its_own_actor(nlp):
    m = by_text(analyse(nlp, "Officials of the Taliban met Chinese diplomats."), "Officials")
    assert (m.name, m.kb_id, m.country) == (None, None, "AFG")


def test_kb_name_inside_a_longer_name_is_not_that_actor(nlp):
    doc = analyse(nlp, "He joined the Progressive Conservative Party of Manitoba in 1990.")
    assert all(m.kb_id != "org:gbr-conservatives" for m in doc._.dyads_actors)


def test_mentions_sorted_with_sentence_index(nlp):
    doc = analyse(nlp, "Russia protested. China agreed. India said nothing.")
    ms = doc._.dyads_actors
    assert [m.start for m in ms] == sorted(m.start for m in ms)
    assert [(m.text, m.sentence) for m in ms] == [("Russia", 0), ("China", 1), ("India", 2)]
    assert [m.kb_id for m in ms] == ["country:RUS", "country:CHN", "country:IND"]


# ------------------------------------------------------------------ coordination
@pytest.mark.parametrize("text, phrase, countries", [
    ("Russian, Chinese and Pakistani envoys met in Doha.", "Pakistani envoys",
     ["RUS", "CHN", "PAK"]),
    ("Russia and China signed an agreement.", "Russia", ["RUS", "CHN"]),
    ("Ukrainian forces carried out airstrikes against Russian and Belarusian soldiers.",
     "Belarusian soldiers", ["RUS", "BLR"]),
    ("Japan, the United States, Australia and India met in New York.", "Japan",
     ["JPN", "USA", "AUS", "IND"]),
])
def test_coordination_split(nlp, text, phrase, countries):
    doc = analyse(nlp, text)
    group = coordinated(doc, by_text(doc, phrase))
    assert [m.country for m in group] == countries


def test_split_co_actors_keep_the_shared_head(nlp):
    doc = analyse(nlp, "Russian, Chinese and Pakistani envoys met in Doha.")
    group = coordinated(doc, by_text(doc, "Russian"))
    assert [m.name for m in group] == ["Russian envoys", "Chinese envoys", "Pakistani envoys"]
    assert {m.sector for m in group} == {"GOV"}


# ------------------------------------------------------------------ coreference
@pytest.mark.parametrize("text, published, mention, sentence, name, country", [
    ("Afghan President Ashraf Ghani fled the country. Ghani later apologised.", "2021-09-07",
     "Ghani", 1, "Ashraf Ghani", "AFG"),
    ("Spokesman Ivan Sokolov of the Kremlin spoke. Sokolov said talks would go on.", None,
     "Sokolov", 1, "Ivan Sokolov", "RUS"),
    ("The Sudanese Liberation Movement (SLM) rejected the deal. The SLM said it would fight.",
     None, "SLM", 1, "Sudanese Liberation Movement", "SDN"),
    ("Al-Shabaab fighters attacked a base. The group later claimed the attack.", None,
     "group", 1, "al-Shabaab", "SOM"),
    ("NATO and the European Union condemned the coup. The bloc imposed sanctions.", None,
     "bloc", 1, "European Union", "EUR"),
    ("China's special envoy Liu Wei met Afghan officials. The envoy said talks went well.",
     None, "envoy", 1, "Liu Wei", "CHN"),
    ("The Taliban rejected the claims. Its spokesman Zabiullah Mujahid said so.", "2021-09-07",
     "Zabiullah Mujahid", 1, "Zabiullah Mujahid", "AFG"),
    ("Iranian President Ebrahim Raisi arrived in Moscow. He said the talks were useful.",
     "2023-01-10", "He", 1, "Ebrahim Raisi", "IRN"),
])
def test_coreference(nlp, text, published, mention, sentence, name, country):
    doc = analyse(nlp, text, published)
    found = [m for m in doc._.dyads_actors if m.text == mention and m.sentence == sentence]
    assert found, [(m.text, m.sentence) for m in doc._.dyads_actors]
    assert (found[0].name, found[0].country) == (name, country)


# ------------------------------------------------------------------ lookups
def test_pronoun_left_alone_when_two_people_are_in_sight(nlp):
    doc = analyse(nlp, "Ebrahim Raisi met Vladimir Putin. He said the talks were useful.")
    assert all(m.text != "He" for m in doc._.dyads_actors)


def test_mention_for_token_and_span(nlp):
    text = "China's Ambassador to Nepal Chen Song praised the deal."
    doc = analyse(nlp, text)
    ambassador = next(t for t in doc if t.text == "Ambassador")
    m = mention_for_token(doc, ambassador)
    assert m is not None and m.text == "Chen Song" and m.country == "CHN"
    song = next(t for t in doc if t.text == "Song")
    assert mention_for_token(doc, song) is m
    assert mention_for_token(doc, next(t for t in doc if t.text == "deal")) is None
    assert [x.text for x in mentions_in_span(doc, 0, len(text))] == ["China", "Nepal",
                                                                    "Chen Song"]
    assert mentions_in_span(doc, 0, 5) == [doc._.dyads_actors[0]]


# ------------------------------------------------------------------ user dictionaries
def test_component_user_actors(tmp_path: Path):
    path = tmp_path / "mine.yaml"
    path.write_text("- {id: zorgan-front, name: Zorgan Liberation Front, aliases: [ZLF], "
                    "country: MLI, sector: REB}\n", encoding="utf-8")
    import dyads.actors.component  # noqa: F401  (registers the factory)

    nlp = load_english()
    nlp.add_pipe("dyads_actors", config={"user_actors": [str(path)]})
    doc = nlp("Fighters of the ZLF attacked a convoy.")
    m = by_text(doc, "ZLF")
    assert (m.name, m.country, m.sector, m.kb_id) == ("Zorgan Liberation Front", "MLI", "REB",
                                                      "org:zorgan-front")
    assert resolve_actor("ZLF", user_actors=[str(path)]).country == "MLI"
    assert resolve_actor("ZLF").country is None


# ------------------------------------------------------------------ the example article
@pytest.mark.slow
def test_example_article_actor_mentions(nlp, example_text, example_gold):
    doc = analyse(nlp, example_text, "2021-09-07")
    scored = correct = s_scored = s_correct = 0
    for g in example_gold["actor_mentions"]:
        ours = [m for m in doc._.dyads_actors if g["text"] in (m.text, m.name)]
        assert ours, f"gold actor {g['text']!r} not found"
        scored += len(ours)
        correct += sum(m.country == g["country"] for m in ours)
        if g.get("sector"):
            s_scored += len(ours)
            s_correct += sum(m.sector == g["sector"] for m in ours)
    assert correct / scored >= 0.95
    assert s_correct / s_scored >= 0.85
