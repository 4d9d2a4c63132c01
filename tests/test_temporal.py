"""Dates: the dyads_dates component, the expression resolver and date_in_clause."""

from __future__ import annotations

import pytest

from dyads.errors import DataFileError
from dyads.temporal import date_in_clause, resolve_expression
from dyads.temporal.lexicon import parse_lexicon

PUB = "2021-09-07"  # a Tuesday: the example article's publication date


@pytest.fixture(scope="module")
def dates_nlp():
    from dyads.nlp.pipeline import build_pipeline

    return build_pipeline(stages=["dates"])


def run(nlp, text: str, published: str | None):
    doc = nlp.make_doc(text)
    doc._.dyads_published = published
    return nlp(doc)


def mention_at(doc, needle: str):
    start = doc.text.index(needle)
    end = start + len(needle)
    hits = [m for m in doc._.dyads_dates if m.start < end and start < m.end]
    assert len(hits) == 1, f"expected one date over {needle!r}, got {doc._.dyads_dates}"
    return hits[0]


# (sentence, publication date, text the date covers, value, value_end, precision)
CASES = [
    # "would" reports a future of a past statement: the nearest instance
    ("The minister said the talks would take place on May 20.", "2024-05-14", "May 20", "2024-05-20", None, "day"),
    ("Officials said in June that the summit would be held in April.", "2024-07-01", "April", "2024-04", None, "month"),
    # absolute days, with and without year
    ("On August 25, Zhirnov declared Russia's willingness to invest.", PUB, "August 25", "2021-08-25", None, "day"),
    ("The agreement was signed on 7 September 2020.", PUB, "7 September 2020", "2020-09-07", None, "day"),
    ("The accord was reached on Sept. 12, 2019, in Doha.", PUB, "Sept. 12, 2019", "2019-09-12", None, "day"),
    ("The report, published on Friday, August 27, 2021, said so.", PUB, "August 27, 2021", "2021-08-27", None, "day"),
    ("The 2021-08-30 statement denied it.", PUB, "2021-08-30", "2021-08-30", None, "day"),
    ("Khan's August 26 phone call with Putin was a defining moment.", PUB, "August 26", "2021-08-26", None, "day"),
    ("An August 27 article described the call.", PUB, "August 27", "2021-08-27", None, "day"),
    ("The attack happened on the 5th of May.", PUB, "5th of May", "2021-05-05", None, "day"),
    ("The talks took place on December 30.", "2022-01-03", "December 30", "2021-12-30", None, "day"),
    ("The talks will take place on January 5.", "2021-12-28", "January 5", "2022-01-05", None, "day"),
    # day ranges
    ("Russia will hold drills in Kyrgyzstan from September 7 to 9.", PUB, "September 7 to 9", "2021-09-07", "2021-09-09", "day"),
    ("Talks were held between May 3 and 5.", PUB, "May 3 and 5", "2021-05-03", "2021-05-05", "day"),
    ("The summit is scheduled for September 20-22.", PUB, "September 20-22", "2021-09-20", "2021-09-22", "day"),
    ("Tehran hosted the talks from 7 to 9 September.", PUB, "7 to 9 September", "2021-09-07", "2021-09-09", "day"),
    ("The drills will run September 7-9.", PUB, "September 7-9", "2021-09-07", "2021-09-09", "day"),
    ("The offensive lasted from August 30 to September 2.", PUB, "August 30 to September 2", "2021-08-30", "2021-09-02", "day"),
    ("Delegates met from December 28, 2020 to January 3, 2021.", PUB, "December 28, 2020", "2020-12-28", "2021-01-03", "day"),
    # weekdays and day words
    ("The ministers met on Friday.", PUB, "Friday", "2021-09-03", None, "day"),
    ("The ministers will meet on Friday.", PUB, "Friday", "2021-09-10", None, "day"),
    ("The minister will travel to Beijing next Tuesday.", PUB, "next Tuesday", "2021-09-14", None, "day"),
    ("The ceasefire collapsed last Friday.", PUB, "last Friday", "2021-09-03", None, "day"),
    ("The talks ended on Monday.", PUB, "Monday", "2021-09-06", None, "day"),
    ("Ceasefire talks will start on Monday morning.", PUB, "Monday morning", "2021-09-13", None, "day"),
    ("The leaders spoke yesterday.", PUB, "yesterday", "2021-09-06", None, "day"),
    ("The talks resume tomorrow.", PUB, "tomorrow", "2021-09-08", None, "day"),
    ("Shipments resumed two weeks ago.", PUB, "two weeks ago", "2021-08-24", None, "day"),
    ("Aides said these are the voters Democrats are counting on on Nov. 8.", "2016-09-19", "Nov. 8", "2016-11-08", None, "day"),
    ("The program should be allowed to expire on September 30th.", "2016-09-12", "September 30th", "2016-09-30", None, "day"),
    # weeks and weekends
    ("The two leaders spoke last week.", PUB, "last week", "2021-08-30", "2021-09-05", "day"),
    ("Prices have doubled in the last week.", PUB, "the last week", "2021-08-31", "2021-09-07", "day"),
    ("Leaders will meet this weekend.", "2021-06-15", "this weekend", "2021-06-19", "2021-06-20", "day"),
    ("Protesters gathered last weekend.", "2021-06-15", "last weekend", "2021-06-12", "2021-06-13", "day"),
    ("The president told voters this weekend he would fight.", "2016-09-19", "this weekend", "2016-09-17", "2016-09-18", "day"),
    # months
    ("Exports fell sharply last month.", PUB, "last month", "2021-08", None, "month"),
    ("The deal was signed in August.", PUB, "August", "2021-08", None, "month"),
    ("The parliament will vote in October.", PUB, "October", "2021-10", None, "month"),
    ("The parliament will vote in August.", PUB, "August", "2022-08", None, "month"),
    ("The deal was signed in December.", "2022-01-10", "December", "2021-12", None, "month"),
    ("The summit will be held in January.", "2021-12-20", "January", "2022-01", None, "month"),
    ("The rebels took the city in March 2020.", PUB, "March 2020", "2020-03", None, "month"),
    ("Fighting intensified in mid-August.", PUB, "mid-August", "2021-08", None, "month"),
    ("Refugees crossed the border in early August.", PUB, "early August", "2021-08", None, "month"),
    ("The tribunal ruled six months ago.", PUB, "six months ago", "2021-03", None, "month"),
    ("Exports recovered from May to July.", PUB, "from May to July", "2021-05", "2021-07", "month"),
    ("Tensions have been rising since August.", PUB, "since August", "2021-08", None, "month"),
    ("The troops will stay until December.", PUB, "until December", None, "2021-12", "month"),
    ("The city has been besieged since March 2020.", PUB, "since March 2020", "2020-03", None, "month"),
    # seasons, quarters, parts of years
    ("Elections will be held this fall.", PUB, "this fall", "2021-09", "2021-11", "month"),
    ("Sanctions were imposed in the summer of 2019.", PUB, "summer of 2019", "2019-06", "2019-08", "month"),
    ("Protests erupted last winter.", PUB, "last winter", "2020-12", "2021-02", "month"),
    ("Fuel shortages are expected this winter.", PUB, "this winter", "2021-12", "2022-02", "month"),
    ("The company posted losses in the third quarter of 2020.", PUB, "third quarter of 2020", "2020-07", "2020-09", "month"),
    ("In Q3 2021 the economy grew.", PUB, "Q3 2021", "2021-07", "2021-09", "month"),
    ("The first half of 2020 saw a recession.", PUB, "first half of 2020", "2020-01", "2020-06", "month"),
    ("The economy contracted in mid-2020.", PUB, "mid-2020", "2020-05", "2020-08", "month"),
    ("The plant will open early next year.", PUB, "early next year", "2022-01", "2022-04", "month"),
    ("The government fell late last year.", PUB, "late last year", "2020-09", "2020-12", "month"),
    ("Violence increased earlier this year.", PUB, "earlier this year", "2021-01", "2021-09", "month"),
    ("The army will withdraw later this year.", PUB, "later this year", "2021-09", "2021-12", "month"),
    ("The vote is due at the end of the year.", PUB, "end of the year", "2021-10", "2021-12", "month"),
    # years, decades, centuries
    ("The designation has been in place since 2003.", PUB, "since 2003", "2003", None, "year"),
    ("The route operated until 2015.", PUB, "until 2015", None, "2015", "year"),
    ("By 2030, the country aims to cut emissions.", PUB, "By 2030", None, "2030", "year"),
    ("Russia annexed Crimea in 2014.", PUB, "2014", "2014", None, "year"),
    ("The border was closed from 2010 to 2015.", PUB, "from 2010 to 2015", "2010", "2015", "year"),
    ("Trade grew steadily in 2010-15.", PUB, "2010-15", "2010", "2015", "year"),
    ("Between 2015 and 2018, the army expanded.", PUB, "2015 and 2018", "2015", "2018", "year"),
    ("The mission ran from 2001 until 2021.", PUB, "from 2001 until 2021", "2001", "2021", "year"),
    ("The agreement was reached last year.", PUB, "last year", "2020", None, "year"),
    ("Elections are planned for next year.", PUB, "next year", "2022", None, "year"),
    ("The economy grew this year.", PUB, "this year", "2021", None, "year"),
    ("He served as envoy three years ago.", PUB, "three years ago", "2018", None, "year"),
    ("Seventy-four years ago, a naval battle changed the war.", "2016-09-08", "Seventy-four years ago", "1942", None, "year"),
    ("Inflation has risen over the past two years.", PUB, "past two years", "2019", "2021", "year"),
    ("The conflict began in the 1990s.", PUB, "the 1990s", "1990", "1999", "year"),
    ("The war ended in the '90s.", PUB, "'90s", "1990", "1999", "year"),
    ("The treaty was signed in the early 2000s.", PUB, "early 2000s", "2000", "2003", "year"),
    ("The empire collapsed in the 20th century.", PUB, "20th century", "1900", "1999", "year"),
    # no publication date: absolute dates resolve, relative ones keep value None
    ("The ministers met on Friday.", None, "Friday", None, None, "day"),
    ("The accord was signed on 12 March 2019.", None, "12 March 2019", "2019-03-12", None, "day"),
    ("Prices rose last month.", None, "last month", None, None, "month"),
    ("The designation has been in place since 2003.", None, "since 2003", "2003", None, "year"),
]


@pytest.mark.parametrize("text,published,needle,value,value_end,precision", CASES)
def test_date_table(dates_nlp, text, published, needle, value, value_end, precision):
    m = mention_at(run(dates_nlp, text, published), needle)
    assert (m.value, m.value_end, m.precision) == (value, value_end, precision)
    assert needle in m.text or m.text in needle


NOT_DATES = [
    "We welcome all pitches and submissions to TRT World Opinion.",
    "Theresa May met Angela Merkel in Berlin.",
    "The fall of Kabul shocked the world.",
    "Russia sent 2000 troops to the border.",
    "Prices fall when supply rises.",
    "The commander is in his 40s.",
    "The army may march south.",
    "August Strindberg wrote plays.",
    "He often appeared on Russia Today.",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(dates_nlp, text):
    assert run(dates_nlp, text, PUB)._.dyads_dates == []


def test_mention_offsets_index_the_text(dates_nlp):
    doc = run(dates_nlp, "Russia will hold drills from September 7 to 9.", PUB)
    (m,) = doc._.dyads_dates
    assert doc.text[m.start:m.end] == m.text == "from September 7 to 9"


@pytest.mark.parametrize("expression,direction,value,value_end", [
    ("on Friday", "past", "2021-09-03", None),
    ("on Friday", "future", "2021-09-10", None),
    ("in August", None, "2021-08", None),
    ("in August", "future", "2022-08", None),
    ("from September 7 to 9", None, "2021-09-07", "2021-09-09"),
    ("2021", None, "2021", None),
])
def test_resolve_expression(expression, direction, value, value_end):
    found = resolve_expression(expression, PUB, direction)
    assert found is not None
    assert (found.value, found.value_end) == (value, value_end)


def test_resolve_expression_rejects_non_dates():
    assert resolve_expression("We", PUB) is None


def test_bad_publication_date_is_a_typed_error(dates_nlp):
    from dyads.errors import InputError

    with pytest.raises(InputError, match="not an ISO date"):
        run(dates_nlp, "They met on Friday.", "last Tuesday")


@pytest.mark.parametrize("text,error", [
    ("kind\tword\tvalue\nmonth\tjanuary\t13\n", ":2: month value '13' out of range"),
    ("kind\tword\tvalue\nseason\tspring\tMarch\n", ":2: season value 'March' must be 'first-last'"),
    ("kind\tword\tvalue\nplanet\tmars\t4\n", ":2: unknown kind 'planet'"),
    ("kind\tword\n", ":1: header must be"),
    ("# only a comment\n", "no header line"),
])
def test_lexicon_errors_name_file_and_line(text, error):
    with pytest.raises(DataFileError, match=error.replace("(", r"\(")):
        parse_lexicon(text, "lexicon.tsv")


def test_packaged_lexicon_loads():
    from dyads.temporal.lexicon import load_lexicon

    lex = load_lexicon()
    assert lex.months["sept"] == 9 and lex.seasons["winter"] == (12, 2)


# (sentence, word of the event, value of its date or None)
CLAUSE_CASES = [
    ("Prime Minister Imran Khan's August 26 phone call with Vladimir Putin was praised.", "call", "2021-08-26"),
    ("On August 25, Zhirnov declared Russia's willingness to invest in Afghanistan.", "declared", "2021-08-25"),
    ("Russia will hold military drills in Kyrgyzstan from September 7 to 9.", "hold", "2021-09-07"),
    ("Russia agreed on Friday to send aid.", "send", "2021-09-03"),
    ("Russia condemned the attack, which killed 13 people on Thursday.", "condemned", None),
    ("After the August 26 Kabul airport attack, Russia pledged to send arms.", "attack", "2021-08-26"),
    ("Russia praised the Taliban.", "praised", None),
]


@pytest.mark.parametrize("text,word,value", CLAUSE_CASES)
def test_date_in_clause(dates_nlp, text, word, value):
    doc = run(dates_nlp, text, PUB)
    token = next(t for t in doc if t.text == word)
    found = date_in_clause(doc, token)
    assert (found.value if found else None) == value
