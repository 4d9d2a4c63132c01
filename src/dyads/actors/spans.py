"""Find actor candidates in a parsed ``Doc``: named entities, KB names the NER missed, and
role nominals ("Russian officials"), each with the words that describe it.

Titles before a name are read from a left window of title-like tokens ("US President Joe
Biden") rather than from the parse alone, because the small model often attaches them
wrongly; appositions ("its envoy, Zamir Kabulov"; "Andrei Kortunov, the director of ...")
come from the parse.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import spacy.symbols
from spacy.tokens import Doc, Span, Token

from dyads.actors.index import AliasIndex
from dyads.kb import Alias
from dyads.kb.knowledge import pick

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
KB_ONLY_LABELS = frozenset({"FAC", "LOC"})  # actors only when the KB knows them
WINDOW = 10
WINDOW_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "PART", "NUM", "PRON"})
HYPHENS = frozenset({"-", "–"})
POSS_PRON = frozenset({"its", "his", "her", "their"})
ARTICLES = frozenset({"the", "a", "an"})


@dataclass
class Candidate:
    """One actor candidate: tokens [start, end) of the doc and its description."""

    start: int
    end: int
    kind: str  # "name", "role" (a role nominal) or "pronoun"
    label: str  # NER label, or KB-derived for KB-only names, "ROLE" for nominals
    alias: Alias | None = None  # the KB form the whole span matches
    before: list[Token] = field(default_factory=list)
    after: list[Token] = field(default_factory=list)
    display: str | None = None  # distributed name of a split co-actor ("Russian soldiers")
    appos_head: int | None = None  # the title noun a name is in apposition to
    split: bool = False  # cut off a country the NER glued on ("to India Nikolay Kudashev")


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    for k in range(start + 1, end):
        if doc[k].text == "(":  # "Shanghai Cooperation Organization (SCO"
            end = k
            break
    while start < end and (doc[start].lower_ in ARTICLES or doc[start].lower_ in POSS_PRON
                           or doc[start].text in ("'s", "’s")):
        start += 1
    while end > start and (doc[end - 1].text in ("'s", "’s", "'", "’")
                           or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _kb_spans(doc: Doc, matches: list[tuple[str, int, int]], index: AliasIndex,
              evidence: Mapping[str, int] | None = None) -> list[tuple[int, int, Alias]]:
    """Longest non-overlapping KB matches, resolved to one entry each."""
    found = []
    for text, s, e in sorted(matches, key=lambda m: (m[1], -(m[2] - m[1]))):
        alias = pick(index.kb.candidates(text), index.kb, evidence)
        if alias is not None:
            found.append((s, e, alias))
    out: list[tuple[int, int, Alias]] = []
    for s, e, a in sorted(found, key=lambda x: -(x[1] - x[0])):
        if all(e <= s2 or s >= e2 for s2, e2, _ in out):
            out.append((s, e, a))
    return sorted(out, key=lambda x: x[0])


KBSpan = tuple[int, int, Alias]


def _split_prefix(doc: Doc, ent: Span, by_token: dict[int, KBSpan],
                  index: AliasIndex) -> list[tuple[int, int, str, Alias | None]]:
    """Split an entity that glued a country onto a name ("[to] India Nikolay Kudashev"),
    and hyphenated compounds of countries ("Sino-Russian", "Russia-Pakistan") into each."""
    whole = (ent.start, ent.end, ent.label_, None)
    inside = sorted({by_token[k] for k in range(ent.start, ent.end) if k in by_token},
                    key=lambda x: x[0])
    parts = [(s, e, a) for s, e, a in inside if ent.start <= s and e <= ent.end
             and index.kb.entries[a.entry_id].kind == "country"]
    others = set(range(ent.start, ent.end)) - {k for s, e, _ in parts for k in range(s, e)}
    if len(parts) >= 2 and all(doc[k].text in HYPHENS for k in others):
        return [(s, e, "NORP" if a.kind == "demonym" else "GPE", a) for s, e, a in parts]
    for s, e, alias in inside:
        if s != ent.start or e >= ent.end:
            continue
        entry = index.kb.entries[alias.entry_id]
        rest = doc[e:ent.end]
        prefix_root = doc[s:e].root
        detached = prefix_root.head.i not in range(e, ent.end) or ent.label_ == "PERSON"
        if entry.kind == "country" and alias.kind in ("name", "capital") and detached and \
                all(t.pos_ == "PROPN" for t in rest) and len(rest) >= 2:
            return [(s, e, "GPE", alias), (e, ent.end, "PERSON-SPLIT", None)]
    return [whole]


def _name_word(tok: Token, index: AliasIndex) -> bool:
    """A capitalised proper noun that is not a title ("President") or a sentence start."""
    return (tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.is_sent_start
            and index.kb.roles.match_at([tok.text], 0) is None)


def _inside_longer_name(doc: Doc, s: int, e: int, index: AliasIndex) -> bool:
    """True when a KB match is only part of a longer proper name the NER did not tag."""
    if s > 0 and _name_word(doc[s - 1], index):
        return True
    if e < len(doc) and _name_word(doc[e], index):
        return True
    return s > 1 and doc[s - 1].lower_ in ("of", "and", "for") and _name_word(doc[s - 2], index)


def _window(doc: Doc, start: int) -> list[Token]:
    """Title-like tokens just left of ``start`` ("Russia's Ambassador", "US President")."""
    i = start - 1
    while i >= max(0, start - WINDOW):
        t = doc[i]
        if t.is_sent_end and i < start - 1:
            break
        if t.pos_ in WINDOW_POS and not (t.pos_ == "PRON" and t.lower_ not in POSS_PRON):
            if t.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"):
                break
            i -= 1
            continue
        if t.text in HYPHENS:
            i -= 1
            continue
        break
    return list(doc[i + 1:start])


def title_window(doc: Doc, start: int) -> list[Token]:
    """Title-like tokens just left of token ``start`` (public view of the title window)."""
    return _window(doc, start)


def _right_pps(head: Token, end: int) -> list[Token]:
    """The prepositional phrases right of a role head ("of the league", "to India")."""
    toks: list[Token] = []
    for child in head.rights:
        if child.dep_ == "prep" and child.i >= end:
            toks.extend(child.subtree)
    return toks


def name_candidates(doc: Doc, matches: list[tuple[str, int, int]], index: AliasIndex,
                    evidence: Mapping[str, int] | None = None,
                    skip: frozenset[int] = frozenset()) -> list[Candidate]:
    """Named actors: NER entities merged with KB matches, trimmed and described.

    ``evidence`` (country -> mentions in the document) chooses among KB entries sharing a
    name; tokens in ``skip`` (the dateline) are never actors."""
    kb_spans = _kb_spans(doc, matches, index, evidence)
    by_token = {k: span for span in kb_spans for k in range(span[0], span[1])}
    spans: list[tuple[int, int, str, Alias | None]] = []
    for ent in doc.ents:
        if ent.label_ in NAME_LABELS:
            spans.extend(_split_prefix(doc, ent, by_token, index))
        elif ent.label_ in KB_ONLY_LABELS:
            s, e = _trim(doc, ent.start, ent.end)
            if s < e and by_token.get(s, (0, 0))[:2] == (s, e):
                spans.append((s, e, ent.label_, None))
    out: list[Candidate] = []
    covered: set[int] = set()
    for s, e, label, alias in spans:
        s, e = _trim(doc, s, e)
        if s >= e:
            continue
        split = label == "PERSON-SPLIT"
        label = "PERSON" if split else label
        cover = by_token.get(s)
        if cover is not None and not (cover[0] <= s and e <= cover[1]):
            cover = None
        if cover is not None and (label != "PERSON" or
                                  index.kb.entries[cover[2].entry_id].kind == "person"):
            s, e, alias = cover  # the KB form covers the entity: take its extent
            # the KB knows better than the NER what kind of actor this is
            label = {"person": "PERSON", "org": "ORG"}.get(
                index.kb.entries[alias.entry_id].kind, label)
        if any(k in covered or k in skip for k in range(s, e)):
            continue
        covered.update(range(s, e))
        if alias is not None and alias.kind in ("city", "region"):
            continue  # a place: a clue for the actors around it, not an actor
        if alias is not None and alias.kind == "capital" and _locative(doc[s:e].root):
            continue  # "protesters in Nairobi": the city as a place, not its government
        out.append(Candidate(s, e, "name", label, alias, split=split))
    ents_by_tok = {k: ent.label_ for ent in doc.ents for k in range(ent.start, ent.end)}
    for s, e, alias in kb_spans:
        if any(k in covered or k in skip for k in range(s, e)):
            continue
        if any(ents_by_tok.get(k) in ("PERSON", "DATE", "WORK_OF_ART") for k in range(s, e)):
            continue
        if alias.kind in ("city", "region"):
            continue
        # a capital with no entity label is too often a common word or a person (Victoria)
        if alias.kind == "capital" and e - s == 1 and doc[s].i not in ents_by_tok:
            continue
        if not doc[s].text[:1].isupper() and not doc[s].text[:1].isdigit():
            continue
        if _inside_longer_name(doc, s, e, index):
            continue  # "Social Democratic and Labour Party", "University of Tehran"
        covered.update(range(s, e))
        kind = index.kb.entries[alias.entry_id].kind
        out.append(Candidate(s, e, "name", {"person": "PERSON", "org": "ORG"}.get(kind, "GPE"),
                             alias))
    for c in out:
        _describe_name(doc, c)
    return sorted(out, key=lambda c: c.start)


LOCATIVE_PREPS = frozenset("in at near from to into across around inside outside through "
                           "throughout within via".split())


def _locative(tok: Token) -> bool:
    return tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS


def _describe_name(doc: Doc, c: Candidate) -> None:
    root = doc[c.start:c.end].root
    # "Ambassador to [India] Nikolay Kudashev": once the country is cut off, the name is in
    # apposition to the title the preposition hangs on
    split_title = c.split and root.dep_ == "pobj" and root.head.dep_ == "prep"
    if (root.dep_ == "appos" or split_title) and root.head.i < c.start:
        gov = root.head.head if split_title else root.head
        # "envoy to Afghanistan, Zamir Kabulov": the parser often hangs the name on the
        # object of the preposition; the title is the noun the preposition modifies
        while gov.dep_ == "pobj" and gov.head.dep_ == "prep" and gov.head.head.i < gov.i:
            gov = gov.head.head
        c.appos_head = gov.i
        left = min(t.i for t in gov.subtree)
        c.before = [t for t in doc[left:c.start] if t.i not in range(c.start, c.end)]
    else:
        c.before = _window(doc, c.start)
    for child in root.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i >= c.end:
            c.after = list(child.subtree)  # "Spokesman X of the Kremlin"
            break
        if child.dep_ == "appos" and child.i >= c.end and child.ent_type_ not in NAME_LABELS:
            c.after = [doc[c.end]] if doc[c.end].text == "," else []
            c.after += [t for t in child.subtree if t.i >= c.end and t.text != ","]
            break


NOUN_POS = frozenset({spacy.symbols.NOUN, spacy.symbols.PROPN})


class _Lowers(Sequence[str]):
    """Lower-cased token texts of a Doc, made on demand (most tokens are never looked at)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    def __len__(self) -> int:
        return len(self.doc)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [t.lower_ for t in self.doc[i]]
        return self.doc[i].lower_


#: definite nouns that may refer back to an actor ("the group", "the bloc")
ANAPHORIC_NOUNS = frozenset({"group", "movement", "outfit", "organisation", "organization",
                             "bloc", "alliance", "body", "grouping"})


def role_candidates(doc: Doc, index: AliasIndex, names: list[Candidate]) -> list[Candidate]:
    """Role nominals not attached to a name ("Russian officials", "the Afghan capital"),
    and definite descriptions that may refer back to one ("the group")."""
    in_name = {k for c in names for k in range(c.start, c.end)}
    in_desc = {t.i for c in names for t in c.before + c.after}
    titles = {c.appos_head for c in names if c.appos_head is not None}
    name_starts = {c.start: c for c in names}
    lowers = _Lowers(doc)
    out: list[Candidate] = []
    pos = doc.to_array("POS")
    for i in (k for k, p in enumerate(pos) if p in NOUN_POS and k not in in_name):
        t = doc[i]
        if t.lower_ in ANAPHORIC_NOUNS and t.i > 0 and doc[t.i - 1].lower_ == "the":
            out.append(Candidate(t.i, t.i + 1, "role", "ROLE"))
            continue
        found = index.kb.roles.ending_at(lowers, t.i)
        if found is None or found[0].kind not in ("own", "inherit"):
            continue
        if t.dep_ in ("compound", "amod") and t.head.pos_ in ("NOUN", "PROPN"):
            continue  # "army accountant", "President Putin": not the head
        if t.i in in_desc and (t.dep_ == "appos" or any(
                ch.dep_ == "appos" and ch.i in in_name for ch in t.children)):
            continue  # the title of a named actor, described with the name
        if any(ch.dep_ == "appos" and ch.i in in_name for ch in t.children) or t.i in titles:
            continue
        nxt = name_starts.get(t.i + 1)
        if nxt is not None and nxt.label == "PERSON":
            continue  # a title right before a name ("US President Joe Biden")
        left = _window(doc, t.i)
        # the span starts after any name before it ("Al-Shabaab fighters" -> "fighters"),
        # but nationality words belong to it ("Russian officials"); the description keeps all
        named = [x.i for x in left if x.i in in_name and x.ent_type_ != "NORP"]
        start = max(named) + 1 if named else (left[0].i if left else t.i)
        start, end = _trim(doc, start, t.i + 1)
        if start >= end:
            continue
        out.extend(_split_coordination(doc, t, start, end, left))
    return out


def _split_coordination(doc: Doc, head: Token, start: int, end: int,
                        left: list[Token]) -> list[Candidate]:
    """ "Russian, Chinese and Pakistani envoys" -> one candidate per nationality."""
    # nationality modifiers and their conjuncts ("Russian, Chinese and Pakistani"), however
    # the parser attached them
    group_set: set[int] = set()
    for ch in head.lefts:
        if ch.dep_ in ("amod", "compound", "nmod") and ch.ent_type_ in ("NORP", "GPE"):
            group_set.add(ch.i)
            group_set.update(x.i for x in ch.conjuncts if x.i < head.i)
    right = _right_pps(head, end)
    if len(group_set) < 2:
        return [Candidate(start, end, "role", "ROLE", before=[x for x in left if x.i < start],
                          after=right)]
    group = [doc[i] for i in sorted(group_set)]
    shared = [x for x in doc[group[-1].i + 1:end]]
    out = []
    for i, m in enumerate(group):
        last = i == len(group) - 1
        s, e = (m.i, end) if last else (m.i, m.i + 1)
        display = " ".join([m.text] + [x.text for x in shared])
        out.append(Candidate(s, e, "role", "ROLE", display=display,
                             after=right))
    return out


def surname_candidates(doc: Doc, names: list[Candidate]) -> list[Candidate]:
    """Surnames of people named earlier that the NER did not tag ("Ghani later said")."""
    covered = {k for c in names for k in range(c.start, c.end)}
    first_seen: dict[str, int] = {}
    for c in names:
        if c.label == "PERSON" and c.end - c.start >= 2:
            first_seen.setdefault(doc[c.end - 1].text, c.end)
    out: list[Candidate] = []
    if not first_seen:
        return out
    wanted = {doc.vocab.strings[w] for w in first_seen}
    orths = doc.to_array("ORTH")
    for i in (k for k, o in enumerate(orths) if o in wanted and k not in covered):
        t = doc[i]
        if t.pos_ != "PROPN" or first_seen[t.text] > t.i:
            continue
        # only a bare surname: a neighbouring proper noun would make it another name
        if (t.i > 0 and doc[t.i - 1].pos_ == "PROPN") or \
                (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN"):
            continue
        c = Candidate(t.i, t.i + 1, "name", "PERSON")
        _describe_name(doc, c)
        out.append(c)
    return out


def pronoun_candidates(doc: Doc) -> list[Candidate]:
    """Subject "he"/"she": resolved later only when one person is in sight."""
    return [Candidate(t.i, t.i + 1, "pronoun", "PRON") for t in doc
            if t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass")]
