"""A small hand-made dyads database for the export, graph and frame tests.

Three articles report one meeting (Russia's government visiting Turkey in Ankara); the first
also has an accusation by Turkey against a compound recipient (Russia and Ukraine), a negated
attack and a quote by a compound speaker. Every value is chosen so the tests can state the
exact expected rows.
"""

from __future__ import annotations

from pathlib import Path

from dyads.model import ActorRef, Analysis, Document, Event, Place, Quote
from dyads.store import Store

RUS = ActorRef("Russian government", "Russia", "RUS", "GOV")  # code RUSGOV
TUR = ActorRef("Turkey", "Turkey", "TUR", None)  # code TUR
UKR = ActorRef("Ukraine", "Ukraine", "UKR", None)
NATO = ActorRef("NATO", "NATO", "IGO", None)
ANKARA = Place("Ankara", "Ankara", "TUR", 323786, 39.91987, 32.85427, 40, 46)


def meeting(doc_text: str, evidence_at: int, eid: str) -> Event:
    return Event("CONSULT", RUS, TUR, sentence=doc_text.split("\n")[0], evidence="visited",
                 start=evidence_at, end=evidence_at + 7, id=eid, mode="visit",
                 contexts=["diplomatic"], date="2024-03-01", location=ANKARA.to_dict(),
                 tense="past", cameo="04", quad=1, score=4.0, confidence=0.9,
                 date_source="clause")


TEXT_A = ("The Russian government visited Turkey in Ankara on Friday.\n"
          "Turkey accused Russia and Ukraine of stalling the talks. "
          "Russia did not attack Ukraine, officials said.")
TEXT_B = "Russian officials visited Turkey on Friday for talks in the capital Ankara."
TEXT_C = "A Russian government delegation visited Turkey on Friday, meeting hosts in Ankara."


def analyses() -> list[Analysis]:
    """The three analysed articles, oldest first."""
    doc_a = Document(TEXT_A, id="a", title="Russia visits Turkey", published="2024-03-01",
                     source="Wire A", url="https://a.example/1")
    doc_b = Document(TEXT_B, id="b", title="Talks in Ankara", published="2024-03-02",
                     source="Wire B", url="https://b.example/1")
    doc_c = Document(TEXT_C, id="c", title="Delegation in Ankara", published="2024-03-02",
                     source="Wire A", url=None)
    accuse = Event("ACCUSE", TUR, [RUS, UKR], sentence=TEXT_A.split("\n")[1][:55],
                   evidence="accused", start=66, end=73, id="a-accuse", mode="allege",
                   contexts=["diplomatic", "legal"], date="2024-03", tense="past",
                   cameo="11", quad=3, score=-3.5, confidence=0.7, date_source="clause")
    attack = Event("ASSAULT", RUS, UKR, sentence="Russia did not attack Ukraine, officials said.",
                   evidence="attack", start=131, end=137, id="a-attack", negated=True,
                   cameo="18", quad=4, score=-9.0, date="2024-03-01", date_source="published")
    quote = Quote([NATO, TUR], "said", "the talks must go on", "indirect", 10, 30,
                  event_ids=["a-accuse"])
    return [
        Analysis(doc=doc_a, events=[meeting(TEXT_A, 23, "a-meet"), accuse, attack],
                 quotes=[quote], places=[ANKARA]),
        Analysis(doc=doc_b, events=[meeting(TEXT_B, 18, "b-meet")]),
        Analysis(doc=doc_c, events=[meeting(TEXT_C, 38, "c-meet")]),
    ]


def build_store(path: Path) -> Path:
    """Write the three analyses to a new DuckDB file at ``path``."""
    with Store(path) as store:
        for a in analyses():
            assert store.save(a)
    return path
