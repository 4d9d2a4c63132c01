"""Places: the dyads_places component, the ambiguity rule, place_in_clause, data files."""

from __future__ import annotations

import pytest

from dyads.errors import DataFileError
from dyads.geo import place_in_clause
from dyads.geo.datafiles import parse_aliases, parse_locative, parse_places


@pytest.fixture(scope="module")
def places_nlp():
    from dyads.nlp.pipeline import build_pipeline

    return build_pipeline(stages=["places"])


def places_of(nlp, text: str):
    return nlp(text)._.dyads_places


def place_at(places, text: str, needle: str):
    start = text.index(needle)
    hits = [p for p in places if p.start < start + len(needle) and start < p.end]
    assert len(hits) == 1, f"expected one place over {needle!r}, got {places}"
    return hits[0]


# (sentence, mention, canonical name, ISO3 country)
PLACES = [
    ("Russia and China held drills in Ningxia Hui Autonomous Region.", "Ningxia Hui Autonomous Region", "Ningxia", "CHN"),
    ("The Taliban fought the resistance in the Panjshir Valley.", "Panjshir Valley", "Panjshir", "AFG"),
    ("Uyghurs in Xinjiang face mass detention.", "Xinjiang", "Xinjiang", "CHN"),
    ("Shelling continued in the Donbas on Sunday.", "Donbas", "Donbas", "UKR"),
    ("Russia annexed Crimea in 2014.", "Crimea", "Crimea", "UKR"),
    ("Airstrikes hit Gaza overnight.", "Gaza", "Gaza Strip", "PSE"),
    ("Settlements in the West Bank expanded.", "West Bank", "West Bank", "PSE"),
    ("Fighting erupted in Tigray last year.", "Tigray", "Tigray", "ETH"),
    ("Clashes broke out in Nagorno-Karabakh.", "Nagorno-Karabakh", "Nagorno-Karabakh", "AZE"),
    ("Floods hit Sindh after heavy rains.", "Sindh", "Sindh", "PAK"),
    ("Rebels seized Goma in North Kivu.", "North Kivu", "North Kivu", "COD"),
    ("Talks were held in Moscow.", "Moscow", "Moscow", "RUS"),
    ("The president flew to Kabul.", "Kabul", "Kabul", "AFG"),
    ("The ambassador met officials in New Delhi.", "New Delhi", "New Delhi", "IND"),
    ("Tehran said it would respond.", "Tehran", "Tehran", "IRN"),
    ("Rockets were fired near Kandahar.", "Kandahar", "Kandahār", "AFG"),
    ("Kiev rejected the proposal.", "Kiev", "Kyiv", "UKR"),
    ("Protests spread across the United States.", "United States", "United States", "USA"),
    ("The U.S. imposed sanctions on Iran.", "U.S.", "United States", "USA"),
    ("Britain recalled its ambassador.", "Britain", "United Kingdom", "GBR"),
    ("Delegates gathered in Washington.", "Washington", "Washington", "USA"),
    ("Moscow has cautiously embraced the new government.", "Moscow", "Moscow", "RUS"),
    ("Washington said the step enjoyed support from Moscow.", "Washington", "Washington", "USA"),
    ("Russia sent troops to Kyrgyzstan.", "Kyrgyzstan", "Kyrgyzstan", "KGZ"),
    # places of no single country: a region, a sea, a continent, a disputed territory
    ("Threats to Central Asia emanate from Afghanistan.", "Central Asia", "Central Asia", None),
    ("Military escalations in the Black Sea worried NATO.", "Black Sea", "Black Sea", None),
    ("Tensions rose in the South China Sea.", "South China Sea", "South China Sea", None),
    ("Leaders across Europe condemned the coup.", "Europe", "Europe", None),
    ("Both countries fear a spillover of terrorism to Kashmir.", "Kashmir", "Kashmir", None),
]


@pytest.mark.parametrize("text,needle,name,country", PLACES)
def test_place_table(places_nlp, text, needle, name, country):
    p = place_at(places_of(places_nlp, text), text, needle)
    assert (p.name, p.country) == (name, country)


def test_place_fields(places_nlp):
    text = "Talks were held in Moscow."
    (p,) = places_of(places_nlp, text)
    assert text[p.start:p.end] == p.text == "Moscow"
    assert p.geonameid == 524901
    assert p.lat == pytest.approx(55.75, abs=0.1) and p.lon == pytest.approx(37.62, abs=0.1)


def test_country_has_population_centre(places_nlp):
    (p,) = places_of(places_nlp, "Aid arrived in Afghanistan.")
    assert p.geonameid == 1149361 and p.country == "AFG"
    assert 29 < p.lat < 39 and 60 < p.lon < 75  # inside Afghanistan


# (sentence, mention, canonical name or None, country or None, has a geonameid)
AMBIGUOUS = [
    # no evidence, no dominant candidate: unresolved, not guessed
    ("Fighting in Punjab displaced thousands.", "Punjab", None, None, False),
    ("Clashes in Valencia left two dead.", "Valencia", None, None, False),
    # evidence elsewhere in the document decides
    ("Pakistan said fighting in Punjab displaced thousands.", "Punjab", "Punjab", "PAK", True),
    ("India said fighting in Punjab displaced thousands.", "Punjab", "Punjab", "IND", True),
    ("Venezuela deployed troops to Valencia.", "Valencia", "Valencia", "VEN", True),
    # an appositive country or state decides
    ("Lebanese troops moved into Tripoli, Lebanon.", "Tripoli", "Tripoli", "LBN", True),
    ("Protests erupted in Atlanta, Georgia.", "Georgia", "Georgia", "USA", True),
    # a clearly dominant candidate wins without evidence
    ("He flew to Tripoli.", "Tripoli", "Tripoli", "LBY", True),
    ("Georgia and Russia fought a war in 2008.", "Georgia", "Georgia", "GEO", True),
    # evidence does not turn a world city into a small town of the same name
    ("Senators from the United States visited Moscow.", "Moscow", "Moscow", "RUS", True),
    # same-named places all in one country: the country, no specific place
    ("Officials met in Springfield.", "Springfield", "Springfield", "USA", False),
    # ... unless a US state abbreviation in apposition narrows them down
    ("They sold their house in Bridgeport, Conn., last year.", "Bridgeport", "Bridgeport", "USA", True),
    # a US state outranks foreign towns of its name
    ("Recent polls in Pennsylvania and Virginia tightened.", "Virginia", "Virginia", "USA", True),
    # a country name stays a country when its sentence names a foreign country too
    ("Trump campaigned in Ohio. Putin used his invasions of Georgia and Ukraine.", "Georgia", "Georgia", "GEO", True),
    # an alternate spelling of a far bigger city beats a same-named town
    ("Russia hosted the talks in St. Petersburg.", "St. Petersburg", "Saint Petersburg", "RUS", True),
]


@pytest.mark.parametrize("text,needle,name,country,has_id", AMBIGUOUS)
def test_ambiguity(places_nlp, text, needle, name, country, has_id):
    p = place_at(places_of(places_nlp, text), text, needle)
    assert (p.name, p.country, p.geonameid is not None) == (name, country, has_id)


# (sentence, words that must not be reported as places)
NOT_PLACES = [
    ("Afghan officials met Russian diplomats.", ["Afghan", "Russian"]),
    ("Afghans fled the country.", ["Afghans"]),
    ("The Moscow-led alliance met.", ["Moscow"]),
    ("The US-backed government collapsed.", ["US"]),
    ("Sino-Russian coordination deepened.", ["Sino", "Russian"]),
    ("Iranian President Ebrahim Raisi spoke.", ["Iranian"]),
    ("Shanghai Cooperation Organization members met.", ["Shanghai"]),
    ("Central Asian countries fear a spillover.", ["Central Asian", "Asia"]),
    ("The White House said the talks failed.", ["White House"]),
    ("The Green Party nominee spoke in the debate.", ["Green"]),
    ("Veterans wait weeks for VA care.", ["VA"]),
]


@pytest.mark.parametrize("text,words", NOT_PLACES)
def test_not_places(places_nlp, text, words):
    found = " ".join(p.text for p in places_of(places_nlp, text))
    for word in words:
        assert word not in found


# (sentence, event word, place name or None)
CLAUSES = [
    ("Russia will hold military drills in Kyrgyzstan from September 7 to 9.", "hold", "Kyrgyzstan"),
    ("Russia and China held drills in Ningxia Hui Autonomous Region.", "drills", "Ningxia"),
    ("Talks in Moscow ended without a deal.", "Talks", "Moscow"),
    ("The foreign minister visited Kabul on Monday.", "visited", "Kabul"),
    ("Russia agreed to hold talks in Doha.", "hold", "Doha"),
    ("The Kabul airport attack killed 13 soldiers.", "attack", "Kabul"),
    ("Moscow condemned the attack.", "condemned", None),
    ("Russia criticised Pakistan.", "criticised", None),
]


@pytest.mark.parametrize("text,word,name", CLAUSES)
def test_place_in_clause(places_nlp, text, word, name):
    doc = places_nlp(text)
    token = next(t for t in doc if t.text == word)
    found = place_in_clause(doc, token)
    assert (found.name if found else None) == name


KNOWN = {"AFG", "USA"}


@pytest.mark.parametrize("text,error", [
    ("name\taliases\tkind\tcountry\tgeonameid\tlat\tlon\nX\t\tplanet\tAFG\t\t1\t1\n", ":2: unknown kind 'planet'"),
    ("name\taliases\tkind\tcountry\tgeonameid\tlat\tlon\nX\t\tregion\tZZZ\t\t1\t1\n", ":2: country 'ZZZ'"),
    ("name\taliases\tkind\tcountry\tgeonameid\tlat\tlon\n# c\nX\t\tregion\t\t\t91\t1\n", ":3: lat 91.0 out of range"),
    ("name\taliases\tkind\tcountry\tgeonameid\tlat\tlon\nX\t\tregion\t\tabc\t1\t1\n", ":2: geonameid 'abc'"),
    ("name\tkind\nX\tregion\n", ":1: header must be"),
])
def test_places_file_errors(text, error):
    with pytest.raises(DataFileError, match=error):
        parse_places(text, "places.tsv", KNOWN)


def test_alias_and_locative_file_errors():
    with pytest.raises(DataFileError, match=":2: iso3 'XXX'"):
        parse_aliases("alias\tiso3\nFoo\tXXX\n", "aliases.tsv", KNOWN)
    with pytest.raises(DataFileError, match=":2: unknown kind 'noun'"):
        parse_locative("kind\tword\nnoun\tplace\n", "locative.tsv")


def test_packaged_gazetteer_has_curated_and_geonames_entries():
    from dyads.geo.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    assert {e.country for e in gaz.lookup("Punjab")} == {"IND", "PAK"}
    assert gaz.lookup("Panjshir Valley")[0].geonameid == 6957555
    assert any(e.kind == "country" and e.country == "GEO" for e in gaz.lookup("Georgia"))
