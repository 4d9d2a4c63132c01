"""The learned dyad coder on sentences held out of its training data (written for this test)."""

from __future__ import annotations

from collections import Counter

import pytest

from dyads.events.dyad import QUAD, DyadCoder, code_dyad, get_coder, locate
from dyads.events.dyad_encoder import mark
from dyads.events.train_data import LABELS, _cuts_word, iter_training

# (sentence, source, target, expected PLOVER type) — none of these is in data/training.
HELD_OUT = [
    ("Vietnam and the Philippines agreed to set up a hotline to manage incidents at sea.",
     "Vietnam", "the Philippines", "AGREE"),
    ("Rome promised Tunis new funding to curb departures of migrant boats.",
     "Rome", "Tunis", "AGREE"),
    ("The Chilean president met his Peruvian counterpart in Lima on Friday.",
     "The Chilean president", "his Peruvian counterpart", "CONSULT"),
    ("Erdogan held a telephone conversation with the Swedish prime minister on Saturday.",
     "Erdogan", "the Swedish prime minister", "CONSULT"),
    ("The Indian prime minister arrived in Washington for a three-day state visit.",
     "The Indian prime minister", "Washington", "CONSULT"),
    ("Canada praised Ghana for the peaceful conduct of its presidential election.",
     "Canada", "Ghana", "SUPPORT"),
    ("The African Union welcomed the peace accord signed by the two Sudanese generals.",
     "The African Union", "the peace accord", "SUPPORT"),
    ("The Dutch king apologised to Indonesia for the violence of the colonial war.",
     "The Dutch king", "Indonesia", "CONCEDE"),
    ("The government lifted the curfew imposed on the northern province last month.",
     "The government", "the northern province", "CONCEDE"),
    ("Armed men released the seven aid workers they had abducted in March.",
     "Armed men", "the seven aid workers", "RETREAT"),
    ("Ukrainian troops pulled back from the ruined town to avoid encirclement by Russian forces.",
     "Ukrainian troops", "Russian forces", "RETREAT"),
    ("Italian and French warships carried out joint exercises off Sardinia.",
     "Italian", "French warships", "COOPERATE"),
    ("Sweden extradited a suspected arms smuggler to Turkey on Wednesday.",
     "Sweden", "Turkey", "COOPERATE"),
    ("Japan sent 2,000 tonnes of rice to famine-hit Madagascar.",
     "Japan", "famine-hit Madagascar", "AID"),
    ("The Asian Development Bank approved a 500 million dollar loan to Bangladesh.",
     "The Asian Development Bank", "Bangladesh", "AID"),
    ("The opposition called on the prime minister to resign over the scandal.",
     "The opposition", "the prime minister", "REQUEST"),
    ("Kyiv asked its European partners for more artillery ammunition.",
     "Kyiv", "its European partners", "REQUEST"),
    ("Washington condemned Pyongyang's latest missile launch as a violation of UN resolutions.",
     "Washington", "Pyongyang", "ACCUSE"),
    ("Prosecutors in Paris charged the former minister with embezzlement.",
     "Prosecutors in Paris", "the former minister", "ACCUSE"),
    ("The president rejected the opposition's demand for early elections.",
     "The president", "the opposition", "REJECT"),
    ("Belgrade refused to recognise the independence of Kosovo.",
     "Belgrade", "Kosovo", "REJECT"),
    ("Iran warned Israel of a crushing response if it attacked its nuclear facilities.",
     "Iran", "Israel", "THREATEN"),
    ("Nurses marched on the health ministry to protest against staff shortages.",
     "Nurses", "the health ministry", "PROTEST"),
    ("The European Union imposed an asset freeze on twelve Belarusian officials.",
     "The European Union", "twelve Belarusian officials", "SANCTION"),
    ("Lithuania expelled three Russian diplomats for activities incompatible with their status.",
     "Lithuania", "three Russian diplomats", "SANCTION"),
    ("Beijing deployed warships and bombers around Taiwan in a show of force.",
     "Beijing", "Taiwan", "MOBILIZE"),
    ("Police in Dhaka detained more than 200 opposition activists overnight.",
     "Police in Dhaka", "more than 200 opposition activists", "COERCE"),
    ("The junta shut down the last independent radio station in the country.",
     "The junta", "the last independent radio station", "COERCE"),
    ("Rebel fighters shelled government positions outside the city of Goma.",
     "Rebel fighters", "government positions", "ASSAULT"),
    ("Saudi-led aircraft bombed a Houthi-held airport in northern Yemen.",
     "Saudi-led aircraft", "a Houthi-held airport", "ASSAULT"),
    ("Mexico and Peru both recorded their highest inflation in two decades.",
     "Mexico", "Peru", "NONE"),
    ("The French foreign minister said Germany would host the next donor conference for Syria.",
     "The French foreign minister", "Germany", "NONE"),
]

#: Clear-cut cases that must be exact.
CLEAR = [
    ("Russian troops attacked Ukrainian positions near Bakhmut.", "Russian troops",
     "Ukrainian positions", "ASSAULT"),
    ("The police arrested the opposition leader at his home.", "The police",
     "the opposition leader", "COERCE"),
    ("The United States imposed sanctions on Iran.", "The United States", "Iran", "SANCTION"),
    ("Thousands of protesters demonstrated against the government in the capital.",
     "Thousands of protesters", "the government", "PROTEST"),
]


@pytest.fixture(scope="module")
def coder() -> DyadCoder:
    return get_coder()


def test_held_out_accuracy(coder: DyadCoder) -> None:
    got = coder.code_batch([(s, a, b) for s, a, b, _ in HELD_OUT])
    hits = [label == exp for (label, _), (*_, exp) in zip(got, HELD_OUT)]
    misses = [(s, exp, label) for (label, _), (s, *_, exp) in zip(got, HELD_OUT) if label != exp]
    assert sum(hits) / len(hits) >= 0.75, misses
    quad_hits = [QUAD.get(label, 0) == QUAD.get(exp, 0)
                 for (label, _), (*_, exp) in zip(got, HELD_OUT)]
    assert sum(quad_hits) / len(quad_hits) >= 0.8, misses


@pytest.mark.parametrize("sentence,source,target,expected", CLEAR)
def test_clear_cases(sentence: str, source: str, target: str, expected: str) -> None:
    assert code_dyad(sentence, source, target) == expected


def test_batch_gives_labels_and_confidences(coder: DyadCoder) -> None:
    out = coder.code_batch([(s, a, b) for s, a, b, _ in HELD_OUT[:5]])
    assert len(out) == 5
    for label, conf in out:
        assert label in LABELS
        assert 0.0 < conf <= 1.0


def test_allow_none_false_never_returns_none(coder: DyadCoder) -> None:
    out = coder.code_batch([(s, a, b) for s, a, b, exp in HELD_OUT if exp == "NONE"],
                           allow_none=False)
    assert all(label != "NONE" for label, _ in out)


@pytest.mark.parametrize("source,target", [("Spain", "Iran"), ("Russia", "Norway")])
def test_missing_actor_raises(source: str, target: str) -> None:
    with pytest.raises(ValueError, match="does not occur"):
        code_dyad("Russia condemned Iran's nuclear tests.", source, target)


@pytest.mark.parametrize("sentence,mention,avoid,expected", [
    ("Russian officials met Russia's envoy.", "Russia", None, (22, 28)),
    ("Iran and Iraq met.", "Iraq", None, (9, 13)),
    ("Iran, Iran and Iraq.", "Iran", (0, 4), (6, 10)),
])
def test_locate(sentence: str, mention: str, avoid, expected) -> None:
    assert locate(sentence, mention, avoid) == expected


@pytest.mark.parametrize("text,src,tgt,marked", [
    ("Russia attacked Ukraine.", (0, 6), (16, 23), "@ Russia @ attacked # Ukraine #."),
    ("Ukraine was attacked by Russia.", (24, 30), (0, 7), "# Ukraine # was attacked by @ Russia @."),
    ("Russia mobilised.", (0, 6), None, "@ Russia @ mobilised."),
])
def test_mark(text: str, src, tgt, marked: str) -> None:
    new, s, t = mark(text, src, tgt)
    assert new == marked
    assert new[s[0]:s[1]].strip("@ ") == text[src[0]:src[1]]
    if tgt is not None:
        assert new[t[0]:t[1]].strip("# ") == text[tgt[0]:tgt[1]]


def test_training_data_covers_every_type() -> None:
    examples = list(iter_training())
    counts = Counter(e.label for e in examples)
    assert set(counts) == set(LABELS)
    assert all(counts[label] >= 80 for label in LABELS if label != "NONE"), counts
    assert counts["NONE"] >= 300
    held = {s for s, *_ in HELD_OUT + CLEAR}
    assert not held & {e.text for e in examples}
    for e in examples[:500]:
        assert e.text[e.s_start:e.s_end] == e.source and e.source
        assert e.text[e.t_start:e.t_end] == e.target and e.target
    handwritten = [e for e in examples if e.origin.startswith("handwritten_")]
    assert len(handwritten) > 12000
    assert not [e.origin for e in handwritten
                if _cuts_word(e.text, e.s_start, e.s_end) or _cuts_word(e.text, e.t_start, e.t_end)]


@pytest.mark.parametrize(("text", "start", "end", "cuts"), [
    ("Iranian oil", 0, 4, True),      # "Iran" inside "Iranian"
    ("Iranian oil", 0, 7, False),
    ("aid to Iran.", 7, 11, False),
    ("the Israeli army", 5, 11, True),  # "sraeli"
])
def test_cuts_word(text: str, start: int, end: int, cuts: bool) -> None:
    assert _cuts_word(text, start, end) is cuts


# ---------------------------------------------------------------- hybrid (rules + learned)
#: (sentence, source, target, type the article coder's rules give the dyad, or None)
RULE_CASES = [
    ("Russian troops attacked Ukrainian positions near Bakhmut.", "Russian troops",
     "Ukrainian positions", "ASSAULT"),
    ("Ukrainian positions were shelled by Russian troops.", "Russian troops",
     "Ukrainian positions", "ASSAULT"),
    # symmetric types match either way round, also as a reciprocal "X and Y" actor
    ("Vietnam met the Philippines in Hanoi.", "the Philippines", "Vietnam", "CONSULT"),
    ("Vietnam and the Philippines held talks in Hanoi.", "the Philippines", "Vietnam",
     "CONSULT"),
    # marked common nouns the actor layer does not know still count as the dyad's ends
    ("The villagers accused the soldiers of looting.", "The villagers", "the soldiers",
     "ACCUSE"),
    ("The union called on the employers to raise wages.", "The union", "the employers",
     "REQUEST"),
    # directed types do not match reversed
    ("The villagers accused the soldiers of looting.", "the soldiers", "The villagers", None),
    ("Mexico and Peru both recorded their highest inflation in two decades.", "Mexico", "Peru",
     None),
    # a negated act is no evidence for its type; a refusal is REJECT
    ("Vietnam did not meet the Philippines.", "Vietnam", "the Philippines", None),
    ("Iran did not agree to resume talks with the United States.", "Iran", "the United States",
     "REJECT"),
    ("Iran refused to meet the United States.", "Iran", "the United States", "REJECT"),
]


@pytest.mark.parametrize("sentence,source,target,expected", RULE_CASES)
def test_rule_dyad_coder(sentence: str, source: str, target: str, expected) -> None:
    from dyads.events.hybrid import get_rule_coder

    s = locate(sentence, source)
    t = locate(sentence, target, avoid=s)
    (decision,) = get_rule_coder().code_spans([(sentence, s, t)])
    assert decision.event_type == expected


def test_rule_dyad_coder_leaves_article_pipeline_alone() -> None:
    from dyads.events.hybrid import get_rule_coder

    coder = get_rule_coder()
    assert coder.nlp.pipe_names[-1] == "dyads_events"
    doc = coder.nlp("The villagers accused the soldiers of looting.")
    assert all(m.text != "The villagers" for m in doc._.dyads_actors)


@pytest.mark.parametrize("rule,expected", [(None, "AGREE"), ("SUPPORT", "SUPPORT"),
                                           ("CONSULT", "AGREE")])
def test_reweight(rule, expected: str) -> None:
    import numpy as np

    from dyads.events.hybrid import RuleDecision, reweight

    labels = ["AGREE", "SUPPORT", "CONSULT", "NONE"]
    probs = np.array([[0.55, 0.35, 0.0, 0.1]], dtype=np.float32)
    out = reweight(probs, labels, [RuleDecision(rule, 0.8)], weight=0.5)
    assert labels[int(out.argmax())] == expected
    assert probs[0, 0] == pytest.approx(0.55)  # input untouched


def test_hybrid_held_out_accuracy() -> None:
    from dyads.events.hybrid import get_hybrid_coder

    got = get_hybrid_coder().code_batch([(s, a, b) for s, a, b, _ in HELD_OUT])
    misses = [(s, exp, label) for (label, _), (s, *_, exp) in zip(got, HELD_OUT) if label != exp]
    assert 1 - len(misses) / len(HELD_OUT) >= 0.75, misses
    assert all(0.0 < conf <= 1.0 for _, conf in got)
