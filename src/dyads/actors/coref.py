"""Within-document coreference for actors, by rules the parse makes safe.

- surnames and short forms back to the full name seen earlier ("Ghani" -> Ashraf Ghani);
- acronyms defined in parentheses ("National Resistance Front (NRF)");
- definite descriptions: "the group", "the bloc", "the envoy" -> the latest compatible actor;
- possessive pronouns in a description: "its spokesman" -> the latest organisation or country.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from dyads.actors.core import Resolution

#: definite nouns that refer back to an organisation / an intergovernmental body
GROUP_NOUNS = frozenset({"group", "movement", "militants", "militant", "outfit", "insurgents",
                         "rebels", "organisation", "organization", "party", "faction"})
BLOC_NOUNS = frozenset({"bloc", "alliance", "organisation", "organization", "union", "body",
                        "grouping"})
NON_STATE_COUNTRIES = frozenset({"IGO", "UNO", "EUR"})
LOOKBACK_SENTENCES = 3
#: words of organisation names too generic to link a description to the organisation
GENERIC_NAME_WORDS = frozenset("national international united democratic republic people "
                               "peoples state states front party council organization "
                               "organisation union movement group army force forces "
                               "federation association league committee islamic new "
                               "central general world the of and for".split())


@dataclass
class Antecedent:
    """A resolved mention available for later reference."""

    text: str
    label: str  # PERSON / ORG / GPE / NORP / ROLE
    sentence: int
    res: Resolution
    role_words: frozenset[str] = field(default_factory=frozenset)


@dataclass
class Coref:
    """Running state over one document, fed mentions in reading order."""

    history: list[Antecedent] = field(default_factory=list)
    surnames: dict[str, Antecedent] = field(default_factory=dict)
    acronyms: dict[str, Antecedent] = field(default_factory=dict)
    org_words: dict[str, Antecedent] = field(default_factory=dict)

    def add(self, ante: Antecedent, doc: Doc, end_token: int) -> None:
        self.history.append(ante)
        words = ante.text.split()
        if ante.label == "PERSON" and len(words) >= 2:
            self.surnames[words[-1]] = ante
            if ante.res.name and ante.res.name.split()[-1] != words[-1]:
                self.surnames[ante.res.name.split()[-1]] = ante
        if ante.label == "ORG" and ante.res.country is not None:
            for w in (ante.text + " " + (ante.res.name or "")).split():
                if w[:1].isupper() and w.lower() not in GENERIC_NAME_WORDS and len(w) > 3:
                    self.org_words[w.lower()] = ante
        # "National Resistance Front (NRF)": the acronym names the same actor
        if end_token + 2 < len(doc) and doc[end_token].text == "(" and \
                doc[end_token + 2].text == ")" and doc[end_token + 1].text.isupper():
            self.acronyms[doc[end_token + 1].text] = ante

    def _recent(self, sentence: int) -> list[Antecedent]:
        return [a for a in reversed(self.history)
                if sentence - a.sentence <= LOOKBACK_SENTENCES]

    def name(self, text: str, label: str, res: Resolution) -> Antecedent | None:
        """The antecedent of an unresolved name: a surname, short form or acronym."""
        if res.kb_id is not None and res.country is not None:
            return None
        if text in self.acronyms:
            return self.acronyms[text]
        words = text.split()
        if label in ("PERSON", "ORG", "GPE", "NORP") and words and words[-1] in self.surnames:
            ante = self.surnames[words[-1]]
            full = ante.text.split()
            # the short form must be a part of the full name, not just share its last word
            if all(w in full for w in words) and len(words) < len(full):
                return ante
        return None

    def by_name_word(self, words: list[str]) -> Antecedent | None:
        """An organisation named earlier whose distinctive name word describes this actor
        ("resistance leader" after "National Resistance Front")."""
        for w in words:
            ante = self.org_words.get(w.lower())
            if ante is not None and not w[:1].isupper():
                return ante
        return None

    def definite(self, noun: str, sentence: int) -> Antecedent | None:
        """ "the group", "the bloc", "the envoy" (``noun`` lower-cased) -> the latest
        compatible actor."""
        for a in self._recent(sentence):
            if a.label == "ROLE":
                continue
            entry = a.res.identity
            if noun in BLOC_NOUNS and a.res.country in NON_STATE_COUNTRIES:
                return a
            if noun in GROUP_NOUNS and entry is not None and entry.kind == "org" and \
                    a.res.country not in NON_STATE_COUNTRIES:
                return a
            if a.label == "PERSON" and noun in a.role_words:
                return a
        return None

    def pronoun(self, sentence: int) -> Antecedent | None:
        """The person "he"/"she" refers to, when exactly one person was named in this or the
        previous sentence (otherwise the reference is not safe to resolve)."""
        people = [a for a in self.history if a.label == "PERSON" and
                  0 <= sentence - a.sentence <= 1]
        names = {a.res.name or a.text for a in people}
        return people[-1] if len(names) == 1 else None

    def possessor(self, pronoun: Token, sentence: int) -> Antecedent | None:
        """The actor a possessive pronoun in a description stands for."""
        want_person = pronoun.lower_ in ("his", "her")
        for a in self._recent(sentence):
            if sentence - a.sentence > 1:
                break
            if want_person and a.label == "PERSON":
                return a
            if not want_person and a.label in ("ORG", "GPE") and a.res.country is not None:
                return a
        return None
