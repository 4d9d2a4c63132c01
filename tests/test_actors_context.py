"""Document-context countries: dateline, same-role coreference, dominant country, shared
aliases decided by the document (all texts invented)."""

from __future__ import annotations

import pytest

from dyads.actors import resolve_actor
from dyads.actors.context import SOURCES_KEY, DocContext, _focus
from dyads.errors import DataFileError
from dyads.kb import Alias, KBEntry, KnowledgeBase
from dyads.kb.context_roles import load_context_roles, parse_context_roles
from dyads.kb.files import Source
from dyads.kb.knowledge import pick
from dyads.nlp.pipeline import build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(stages=["actors"])


def analyse(nlp, text: str):
    doc = nlp.make_doc(text)
    doc._.dyads_published = "2024-02-24"
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def mention(doc, text: str, nth: int = 0):
    found = [(m, s) for m, s in zip(doc._.dyads_actors, doc.user_data[SOURCES_KEY],
                                    strict=True) if m.text == text]
    assert len(found) > nth, f"no mention {text!r} in {[m.text for m in doc._.dyads_actors]}"
    return found[nth]


# (text, actor as written, which occurrence, expected country, expected source)
CASES = [
    # the dateline names the country the article is about
    (("LILONGWE, Feb 12 — Police fired tear gas at protesters in the city centre on Monday. "
      "Malawi's electoral commission had annulled the vote."), "Police", 0, "MWI", "dateline"),
    (("LILONGWE, Feb 12 — Police fired tear gas at protesters in the city centre on Monday. "
      "Malawi's electoral commission had annulled the vote."), "protesters", 0, "MWI",
     "dateline"),
    (("NAIROBI (Meridian Wire) - The information minister said on Monday that the curfew "
      "would be lifted."), "information minister", 0, "KEN", "dateline"),
    # a country in the actor's own noun phrase comes first
    ("LILONGWE, Feb 12 — Zambian police closed the border on Monday.", "Zambian police", 0,
     "ZMB", "span"),
    # an earlier full mention of the same role: "Ugandan police" ... "the police"
    (("Ugandan police arrested two reporters on Monday. Kenya protested. The police said the "
      "reporters had no accreditation."), "police", 1, "UGA", "coref"),
    (("The Belarusian foreign ministry summoned the envoy on Thursday. The ministry accused "
      "Lithuania of meddling."), "ministry", 0, "BLR", "coref"),
    # a person introduced with a domestic title keeps that country under the surname
    (("LILONGWE, Feb 12 — Opposition leader Yohane Mkandawire was arrested at his home. "
      "Mkandawire denied the charges."), "Yohane Mkandawire", 0, "MWI", "dateline"),
    (("LILONGWE, Feb 12 — Opposition leader Yohane Mkandawire was arrested at his home. "
      "Mkandawire denied the charges."), "Mkandawire", 0, "MWI", "coref"),
    (("Opposition leader Chimwemwe Phiri of Zambia's United Party for National Development "
      "addressed supporters. Phiri said the vote was rigged."), "Phiri", 0, "ZMB", "coref"),
    # no dateline, but one country dominates the article
    (("Zambian authorities closed the border on Monday. Zambia said the measure was "
      "temporary, and the interior minister promised to review it."), "interior minister", 0,
     "ZMB", "topic"),
    # --- must stay unknown
    # two countries mentioned equally: no safe reading
    (("Ethiopia and Eritrea traded accusations on Monday. The government said the border "
      "was calm."), "government", 0, None, None),
    # a dateline that is not what the article is about
    (("LONDON — Britain urged Zambia on Monday to free the activist. Zambia's neighbours and "
      "Zambian churches backed the call. The government did not respond."), "government", 0,
     None, None),
    # a modifier ties the actor to another country or to several
    ("NAIROBI, May 3 — Foreign diplomats urged calm on Friday.", "Foreign diplomats", 0, None,
     None),
    ("BISHKEK, May 3 — Kyrgyzstan and Tajikistan met; both governments hailed the talks.",
     "both governments", 0, None, None),
    ("BAKU, Jan 17 — Azerbaijani negotiators met in Baku. Neither government commented.",
     "Neither government", 0, None, None),
    # the plural of a one-per-country institution names several countries
    (("BISHKEK, May 3 — Kyrgyzstan hosted the talks in Bishkek. The two governments agreed "
      "to meet again."), "governments", 0, None, None),
    (("Azerbaijan and Turkmenistan met in Baku. The governments agreed to fund a study of "
      "Azerbaijan's section."), "governments", 0, None, None),
    # earlier mentions of the role disagree
    (("The Sudanese army shelled the border town. The Chadian army fired back. On Tuesday "
      "the army said the situation was calm."), "army", 0, None, None),
    # where an earlier minister was is not whose minister this one is
    (("Malawi rejected the call. \"We will not act because a minister in London asks us to,\" "
      "the information minister told reporters. Malawi's courts will decide, Malawi said."),
      "information minister", 0, "MWI", "topic"),
    # not a domestic role: a diplomat in Lilongwe is not thereby Malawian
    ("LILONGWE, Feb 12 — Diplomats said the talks would resume next week.", "Diplomats", 0,
     None, None),
]


@pytest.mark.parametrize("text, actor, nth, country, source", CASES)
def test_context_country(nlp, text, actor, nth, country, source):
    m, how = mention(analyse(nlp, text), actor, nth)
    assert (m.country, how) == (country, source)


@pytest.mark.parametrize("text, absent", [
    ("MANILA, May 7 — The Philippines protested to China on Tuesday.", "MANILA"),
    ("LILONGWE — The government imposed a curfew.", "LILONGWE"),
])
def test_dateline_is_no_actor(nlp, text, absent):
    assert absent not in [m.text for m in analyse(nlp, text)._.dyads_actors]


# ---------------------------------------------------------------- shared aliases
@pytest.mark.parametrize("text, kb_id, country", [
    ("The RSF, which has been fighting Sudan's army since April, attacked the town.",
     "org:rsf-sudan", "SDN"),
    ("KHARTOUM — The RSF shelled the market, residents said.", "org:rsf-sudan", "SDN"),
    ("The RSF said that press freedom declined worldwide in 2023.", "org:rsf", "NGO"),
])
def test_ambiguous_acronym_in_document(nlp, text, kb_id, country):
    m, _ = mention(analyse(nlp, text), "RSF")
    assert (m.kb_id, m.country) == (kb_id, country)


@pytest.mark.parametrize("context, country", [
    (None, "NGO"),
    ("fighting in Sudan", "SDN"),
    ("journalists in France", "NGO"),
])
def test_ambiguous_acronym_resolve_actor(context, country):
    assert resolve_actor("RSF", context=context).country == country


def _shared_alias_kb() -> KnowledgeBase:
    kb = KnowledgeBase()
    kb.add_entry(KBEntry("country:KEN", "country", "Kenya", "KEN"))
    kb.add_entry(KBEntry("country:TZA", "country", "Tanzania", "TZA"))
    kb.add_entry(KBEntry("org:a", "org", "Alpha Front", "KEN", "REB", aliases=("AF",)))
    kb.add_entry(KBEntry("org:b", "org", "Amani Foundation", "NGO", "SOC", aliases=("AF",)))
    kb.add_entry(KBEntry("org:c", "org", "Arusha Forum", "TZA", "SOC", aliases=("AF",)))
    return kb


@pytest.mark.parametrize("evidence, entry", [
    (None, "org:b"),  # no evidence: the transnational entry
    ({}, "org:b"),
    ({"KEN": 2}, "org:a"),
    ({"KEN": 1, "TZA": 3}, "org:c"),  # the most mentioned country wins
    ({"UGA": 4}, "org:b"),  # evidence for no candidate's country
])
def test_pick_by_document_evidence(evidence, entry):
    kb = _shared_alias_kb()
    chosen = pick(kb.candidates("AF"), kb, evidence)
    assert chosen is not None and chosen.entry_id == entry


def test_pick_single_entry_ignores_evidence():
    kb = _shared_alias_kb()
    chosen = pick(kb.candidates("Alpha Front"), kb, {"TZA": 5})
    assert chosen == Alias("Alpha Front", "org:a", "name")


# ---------------------------------------------------------------- focus rule
@pytest.mark.parametrize("evidence, dateline, focus", [
    # evidence counts the dateline itself
    ({"MWI": 4, "GBR": 2}, "MWI", ("MWI", "dateline")),
    ({"MWI": 3, "GBR": 2}, "MWI", None),
    ({"GBR": 4, "MWI": 3}, "GBR", None),  # a London story about aid to Malawi
    ({"MWI": 1}, "MWI", ("MWI", "dateline")),
    ({"ZMB": 2}, None, ("ZMB", "topic")),
    ({"ZMB": 1}, None, None),  # one mention is no topic
    ({"ZMB": 3, "KEN": 1}, None, ("ZMB", "topic")),
    ({"ZMB": 5, "KEN": 2}, None, None),
    ({"ETH": 2, "ERI": 2}, None, None),
])
def test_focus(evidence, dateline, focus):
    got = _focus(evidence, dateline)
    assert (got if got[0] else None) == focus
    assert DocContext(evidence, dateline).focus is None  # focus is computed, not defaulted


# ---------------------------------------------------------------- data file
def test_context_roles_shipped():
    roles = load_context_roles()
    assert roles.is_domestic(["the", "Police"]) and roles.is_domestic(["protesters"])
    assert roles.is_domestic(["information", "ministers"])
    assert not roles.is_domestic(["diplomats"])
    assert roles.is_foreign(["Foreign", "diplomats"]) and not roles.is_foreign(["police"])
    assert roles.several_states(["the", "two", "governments"])
    assert roles.several_states(["armies"]) and not roles.several_states(["government"])
    assert not roles.several_states(["armed", "forces"])
    assert not roles.several_states(["protesters"])


HEADER = "# provenance: test\n# schema: phrase<TAB>kind\n"


@pytest.mark.parametrize("body, line, reason", [
    ("police\tdomestic\npolice\tdomestic\n", 4, "already listed"),
    ("Police\tdomestic\n", 3, "lower case"),
    ("police\tlocal\n", 3, "unknown kind"),
    ("far away\tforeign\n", 3, "one word"),
    ("police\tdomestic\textra\n", 3, "at most 2"),
])
def test_context_roles_errors(body, line, reason):
    with pytest.raises(DataFileError) as err:
        parse_context_roles(Source("ctx.tsv", HEADER + body))
    assert err.value.line == line and reason in str(err.value)


# ---------------------------------------------------------------- named actors not in the KB
@pytest.mark.parametrize("text, actor, nth, country, source", [
    # an organisation introduced with a domestic title, then its acronym and its full name
    (("LILONGWE, Feb 12 — Supporters of the opposition Alliance for Democratic Renewal (ADR) "
      "marched on Monday. The ADR said the vote was rigged."), "ADR", 1, "MWI", "coref"),
    (("LILONGWE, Feb 12 — Supporters of the opposition Alliance for Democratic Renewal "
      "marched on Monday. Police dispersed them. The Alliance for Democratic Renewal said the "
      "vote was rigged."), "Alliance for Democratic Renewal", 1, "MWI", "coref"),
    # a full name repeated without its title keeps the country of its first mention
    (("LILONGWE, Feb 12 — Police arrested opposition leader Yohane Mkandawire on Monday. "
      "Supporters of Yohane Mkandawire gathered outside."), "Yohane Mkandawire", 1, "MWI",
     "coref"),
    # a person with no domestic title stays unknown
    ("LILONGWE, Feb 12 — Chikondi Banda, a farmer, said prices had doubled.",
     "Chikondi Banda", 0, None, None),
])
def test_named_actor_context(nlp, text, actor, nth, country, source):
    m, how = mention(analyse(nlp, text), actor, nth)
    assert (m.country, how) == (country, source)
