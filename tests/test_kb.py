"""The actor knowledge base: shipped data, dated sectors, validation errors, user dictionaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyads.errors import DataFileError
from dyads.kb import load_kb, load_user_actors
from dyads.kb.countries import load_countries
from dyads.kb.files import Source
from dyads.kb.knowledge import parse_entities
from dyads.kb.roles import parse_roles, singular

HEADER = "# provenance: test\n# schema: test\n"


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize("text, country, kind, sector", [
    ("Russia", "RUS", "name", None),
    ("Russian Federation", "RUS", "name", None),
    ("Kremlin", "RUS", "seat", "GOV"),
    ("Moscow", "RUS", "capital", "GOV"),
    ("White House", "USA", "seat", "GOV"),
    ("Capitol Hill", "USA", "seat", "LEG"),
    ("Washington", "USA", "capital", "GOV"),
    ("Whitehall", "GBR", "seat", "GOV"),
    ("Downing Street", "GBR", "seat", "GOV"),
    ("Zhongnanhai", "CHN", "seat", "GOV"),
    ("Beijing", "CHN", "capital", "GOV"),
    ("Tehran", "IRN", "capital", "GOV"),
    ("Islamabad", "PAK", "capital", "GOV"),
    ("New Delhi", "IND", "capital", "GOV"),
    ("Kabul", "AFG", "capital", "GOV"),
    ("Bishkek", "KGZ", "capital", "GOV"),
    ("Afghan", "AFG", "demonym", None),
    ("Afghans", "AFG", "demonym", None),
    ("Pakistanis", "PAK", "demonym", None),
    ("Kyrgyz", "KGZ", "demonym", None),
    ("Sino", "CHN", "demonym", None),
    ("Puerto Rico", "USA", "name", None),  # dependencies fold into their state (PLOVER)
    ("Kosovo", "KOS", "name", None),
    ("Shanghai", "CHN", "city", None),
])
def test_country_forms(kb, text, country, kind, sector):
    alias = kb.best(text)
    assert alias is not None
    assert kb.entry(alias.entry_id).country == country
    assert (alias.kind, alias.sector) == (kind, sector)


@pytest.mark.parametrize("text, entry_id, country, sector", [
    ("NATO", "org:nato", "IGO", "MIL"),
    ("CSTO", "org:csto", "IGO", "MIL"),
    ("Shanghai Cooperation Organization", "org:sco", "IGO", None),
    ("UNHCR", "org:unhcr", "UNO", "REF"),
    ("European Commission", "org:eu-commission", "EUR", "GOV"),
    ("ISIS-K", "org:isis-k", "AFG", "REB"),
    ("Daesh", "org:isis", "IMG", "REB"),
    ("Hezbollah", "org:hezbollah", "LBN", "REB"),
    ("NRF", "org:nrf", "AFG", "REB"),
    ("Abkhazia", "org:abkhazia", "GEO", "PRE"),
    ("Xinhua", "org:media-xinhua", "CHN", "JRN"),
])
def test_named_entries(kb, text, entry_id, country, sector):
    entry = kb.entry(kb.best(text).entry_id)
    assert (entry.id, entry.country, entry.sector_on(None)) == (entry_id, country, sector)


@pytest.mark.parametrize("entry_id, date, sector", [
    ("person:ashraf-ghani", "2021-08-01", "GOV"),
    ("person:ashraf-ghani", "2021-09-07", "ELI"),  # after the fall of Kabul
    ("person:ashraf-ghani", "2010-01-01", None),  # before any office: nothing known
    ("org:taliban", "2020-02-29", "REB"),
    ("org:taliban", "2021-09-07", "GOV"),
    ("person:imran-khan", "2020-01-01", "GOV"),
    ("person:imran-khan", "2022-06-01", "OPP"),
    ("person:donald-trump", "2019-01-01", "GOV"),
    ("person:donald-trump", "2022-01-01", "ELI"),
    ("person:alexei-navalny", "2021-01-01", "OPP"),
])
def test_dated_sectors(kb, entry_id, date, sector):
    assert kb.entry(entry_id).sector_on(date) == sector


@pytest.mark.parametrize("word, expected", [
    ("officials", "official"), ("militias", "militia"), ("policemen", "policeman"),
    ("thieves", "thief"), ("police", "police"), ("authorities", "authorities"),
    ("buses", "buse"),
])
def test_singular(word, expected):
    assert singular(word) == expected


BAD_ENTITIES = [
    ("- {id: x, name: X, country: XYZ}\n", 3, "unknown country code"),
    ("- {id: x, name: X, country: RUS, sector: BAD}\n", 3, "unknown sector code"),
    ("- {name: X, country: RUS}\n", 3, "required field 'id'"),
    ("- {id: Bad Id, name: X, country: RUS}\n", 3, "lower-case"),
    ("- {id: x, name: X, country: RUS, colour: red}\n", 3, "unknown field"),
    ("- {id: a, name: A, country: RUS}\n- id: b\n  name: B\n  country: RUS\n  periods:\n"
     "    - {sector: GOV, start: 2020-13-45x}\n", 4, "ISO date"),
    ("- {id: a, name: A, country: RUS}\n- id: b\n  name: B\n  country: RUS\n  periods:\n"
     "    - {sector: GOV, start: '2021-01-01', end: '2020-01-01'}\n", 4, "before it starts"),
    ("- {id: x, name: X, country: RUS\n", None, "invalid YAML"),
    ("just: a mapping\n", 1, "expected a YAML list"),
]


@pytest.mark.parametrize("body, line, reason", BAD_ENTITIES)
def test_entity_file_errors(body, line, reason):
    with pytest.raises(DataFileError) as err:
        parse_entities(Source("actors/test.yaml", HEADER + body), "org")
    assert err.value.path == "actors/test.yaml"
    if line is not None:
        assert err.value.line == line
    assert reason in err.value.reason


@pytest.mark.parametrize("body, line, reason", [
    ("envoy\tGOV\town\nambassador\tXXX\town\n", 4, "unknown sector code"),
    ("envoy\tGOV\tsometimes\n", 3, "unknown role kind"),
    ("Envoy\tGOV\town\n", 3, "lower case"),
    ("envoy\tGOV\town\nenvoy\tMIL\town\n", 4, "already defined on line 3"),
    ("envoy\tGOV\town\textra\n", 3, "at most 3"),
    ("spokesman\t\tinherit\nminister\t\town\n", 4, "sector code is required"),
])
def test_roles_file_errors(body, line, reason):
    with pytest.raises(DataFileError) as err:
        parse_roles(Source("actors/roles.tsv", HEADER + body))
    assert (err.value.path, err.value.line) == ("actors/roles.tsv", line)
    assert reason in err.value.reason
    assert str(err.value).startswith(f"actors/roles.tsv:{line}: ")


def test_missing_header_is_an_error():
    with pytest.raises(DataFileError) as err:
        parse_roles(Source("roles.tsv", "envoy\tGOV\town\n"))
    assert err.value.line == 1 and "provenance" in err.value.reason


def test_countries_file_errors():
    bad = Source("countries.tsv", HEADER + "RUS\tRussia\tRussian\t\nXQZ\tNowhere\t\t\n")
    with pytest.raises(DataFileError) as err:
        load_countries(bad)
    assert (err.value.path, err.value.line) == ("countries.tsv", 4)


@pytest.mark.parametrize("suffix, body", [
    (".yaml", "- {id: acme-militia, name: Acme Militia, aliases: [AM], country: NGA, "
              "sector: PRM}\n"),
    (".yaml", "actors:\n  - {id: acme-militia, name: Acme Militia, aliases: [AM], "
              "country: NGA, sector: PRM}\nroles:\n  - {phrase: vigilante leader, sector: PRM, "
              "kind: own}\n"),
    (".csv", "id,name,aliases,country,sector\nacme-militia,Acme Militia,AM|Acme,NGA,PRM\n"),
])
def test_user_dictionary(tmp_path: Path, suffix, body):
    path = tmp_path / f"mine{suffix}"
    path.write_text(body, encoding="utf-8")
    extra = load_user_actors(path)
    assert [e.id for e in extra.entries] == ["org:acme-militia"]
    kb = load_kb([path])
    entry = kb.entry(kb.best("AM").entry_id)
    assert (entry.name, entry.country, entry.sector) == ("Acme Militia", "NGA", "PRM")
    assert kb.best("Russia") is not None  # the shipped KB is still there


@pytest.mark.parametrize("suffix, body, line", [
    (".yaml", "- {id: ok, name: OK, country: NGA}\n- {id: bad, name: Bad, country: ZZZ}\n", 2),
    (".yaml", "actors: []\nroles:\n  - {phrase: x, sector: NOPE, kind: own}\n", 3),
    (".csv", "id,name,country\nok,OK,NGA\nbad,Bad,ZZZ\n", 3),
])
def test_user_dictionary_errors(tmp_path: Path, suffix, body, line):
    path = tmp_path / f"bad{suffix}"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_user_actors(path)
    assert (err.value.path, err.value.line) == (str(path), line)


def test_missing_user_file(tmp_path: Path):
    with pytest.raises(DataFileError):
        load_user_actors(tmp_path / "nope.yaml")
