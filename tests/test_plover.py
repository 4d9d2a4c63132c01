"""The PLOVER ontology tables (dyads.kb.plover) and the event lexicon (dyads.events.lexicon)."""

from __future__ import annotations

import pytest

from dyads.errors import DataFileError
from dyads.events.lexicon import load_lexicon, parse_triggers
from dyads.kb.plover import event_types, load_ontology, parse_ontology

TYPES_HEADER = "type\tquad\tscore\tcameo\trequires_recipient\tsymmetric\tdescription\n"
MODES_HEADER = "type\tmode\tscore\tcameo\tdescription\n"
CONTEXTS_HEADER = "context\tkind\tdescription\nmilitary\tgeneral\tArmed forces\n"
GOOD_TYPE = "AGREE\t1\t2.5\t03\tno\tno\tAgree\n"


def test_sixteen_types_in_manual_order():
    assert event_types() == ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID",
                             "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST",
                             "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]


@pytest.mark.parametrize("etype,quad", [
    ("AGREE", 1), ("CONSULT", 1), ("SUPPORT", 1), ("CONCEDE", 1),
    ("COOPERATE", 2), ("AID", 2), ("RETREAT", 2),
    ("REQUEST", 3), ("ACCUSE", 3), ("REJECT", 3), ("THREATEN", 3),
    ("PROTEST", 4), ("SANCTION", 4), ("MOBILIZE", 4), ("COERCE", 4), ("ASSAULT", 4),
])
def test_quad_classes(etype, quad):
    assert load_ontology().quad(etype) == quad


@pytest.mark.parametrize("etype,mode,score,cameo", [
    ("AGREE", None, 2.5, "03"),
    ("CONSULT", "phone", 1.5, "04"),
    ("CONSULT", "visit", 4.0, "04"),
    ("SUPPORT", None, 5.0, "05"),
    ("COOPERATE", None, 9.5, "06"),
    ("AID", None, 10.0, "07"),
    ("RETREAT", "ceasefire", 7.5, "08"),
    ("CONCEDE", None, 4.5, "08"),
    ("REQUEST", "meet", 0.0, "10"),
    ("ACCUSE", "investigate", -3.5, "09"),
    ("ACCUSE", "disapprove", -2.0, "11"),
    ("REJECT", "assist", -1.5, "12"),
    ("THREATEN", "territory", -4.0, "13"),
    ("PROTEST", "riot", -7.0, "14"),
    ("MOBILIZE", "troops", -6.5, "15"),
    ("SANCTION", "expel", -5.5, "16"),
    ("COERCE", "martial-law", -7.5, "17"),
    ("ASSAULT", "targeted", -9.5, "18"),
    ("ASSAULT", "aerial", -9.5, "19"),
    ("ASSAULT", "unconventional", -10.0, "20"),
    ("ASSAULT", "no-such-mode", -9.0, "18"),  # unknown mode: the type's defaults
])
def test_scores_and_cameo_roots(etype, mode, score, cameo):
    onto = load_ontology()
    assert onto.score(etype, mode) == score
    assert onto.cameo(etype, mode) == cameo


@pytest.mark.parametrize("legacy,current", [
    ("DEMAND", "REQUEST"), ("DISAPPROVE", "ACCUSE"), ("INVESTIGATE", "ACCUSE"),
    ("FIGHT", "ASSAULT"), ("consult", "CONSULT"),
])
def test_legacy_labels(legacy, current):
    assert load_ontology().event_type(legacy).name == current


def test_unknown_type_names_the_known_ones():
    with pytest.raises(KeyError, match="AGREE"):
        load_ontology().event_type("HUG")


def test_contexts_and_auxiliary_modes():
    onto = load_ontology()
    assert {"military", "economic", "diplomatic", "terrorism", "cyber"} <= set(onto.contexts)
    assert set(onto.auxiliary) == {"historical", "future", "hypothetical", "negation"}


def test_symmetric_and_recipient_requirements():
    onto = load_ontology()
    assert {t for t, v in onto.types.items() if v.symmetric} == {"CONSULT", "COOPERATE"}
    assert onto.types["SANCTION"].requires_recipient and not onto.types["ACCUSE"].requires_recipient


@pytest.mark.parametrize("types_rows,modes_rows,line,message", [
    ("AGREE\t5\t2.5\t03\tno\tno\tx\n", "", 2, "quad must be 1..4"),
    ("AGREE\t1\tlots\t03\tno\tno\tx\n", "", 2, "not a number"),
    ("AGREE\t1\t-4\t03\tno\tno\tx\n", "", 2, "wrong sign"),
    ("AGREE\t1\t2.5\t3\tno\tno\tx\n", "", 2, "two-digit CAMEO root"),
    ("AGREE\t1\t2.5\t03\tmaybe\tno\tx\n", "", 2, "'yes' or 'no'"),
    (GOOD_TYPE + GOOD_TYPE, "", 3, "duplicate type"),
    ("AGREE\t1\t2.5\n", "", 2, "tab-separated fields"),
    (GOOD_TYPE, "HUG\tsoft\t1\t03\tx\n", 2, "unknown type"),
    (GOOD_TYPE, "AGREE\tSoft\t1\t03\tx\n", 2, "lower-case identifier"),
])
def test_bad_ontology_rows_name_file_and_line(types_rows, modes_rows, line, message):
    types_text = TYPES_HEADER + types_rows
    modes_text = MODES_HEADER + modes_rows
    with pytest.raises(DataFileError, match=message) as err:
        parse_ontology(types_text, modes_text, CONTEXTS_HEADER)
    assert err.value.line == line
    assert err.value.path in ("event_types.tsv", "modes.tsv")


def test_missing_header_is_reported():
    with pytest.raises(DataFileError, match="header"):
        parse_ontology("AGREE\t1\n", MODES_HEADER, CONTEXTS_HEADER)


TRIGGERS_HEADER = "lemma\tpos\ttype\tmode\tcontexts\trequires\tpreps\tflags\n"


@pytest.mark.parametrize("row,message", [
    ("meet\tVERB\tHUG\n", "unknown PLOVER type"),
    ("meet\tADJ\tCONSULT\n", "pos must be"),
    ("meet\tVERB\tCONSULT\tbriefly\n", "has no mode"),
    ("meet\tVERB\tCONSULT\t\tgossip\n", "unknown PLOVER context"),
    ("meet\tVERB\tCONSULT\t\t\t\t\tloudly\n", "unknown flag"),
    ("Meet up\tVERB\tCONSULT\n", "one lower-case word"),
    ("meet\tVERB\n", "tab-separated fields"),
    ("meet\tVERB\tCONSULT\nmeet\tVERB\tAGREE\n", "already defined"),
])
def test_bad_trigger_rows_name_file_and_line(row, message):
    with pytest.raises(DataFileError, match=message) as err:
        parse_triggers(TRIGGERS_HEADER + row, "my_triggers.tsv", load_ontology())
    assert err.value.path == "my_triggers.tsv" and err.value.line and err.value.line >= 2


def test_lexicon_covers_every_type_generously():
    lex = load_lexicon()
    counts: dict[str, int] = {}
    for entry in lex.entries():
        counts[entry.event_type] = counts.get(entry.event_type, 0) + 1
    assert set(counts) == set(event_types())
    assert all(n >= 5 for n in counts.values()), counts
    assert len(lex.entries()) >= 400
    assert set(lex.recipient_preps) == set(event_types())


def test_user_trigger_file_overrides(tmp_path):
    from dyads.events.lexicon import build_lexicon

    user = tmp_path / "mine.tsv"
    user.write_text(TRIGGERS_HEADER + "parley\tVERB\tCONSULT\t\tdiplomatic\n", encoding="utf-8")
    lex = build_lexicon(load_ontology(), extra=[user])
    assert lex.triggers[("parley", "VERB")][0].event_type == "CONSULT"
    assert lex.triggers[("parley", "VERB")][0].source.startswith(str(user))
