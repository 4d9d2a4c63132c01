"""The spaCy component of the quotes stage: writes ``doc._.dyads_quotes``."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from dyads.nlp import extensions  # noqa: F401  (registers Doc._ attributes)
from dyads.quotes.finder import find_quotes
from dyads.quotes.lexicon import QuoteLexicon, default_lexicon, load_lexicon


class QuotesComponent:
    """Finds direct, reported and mixed quotes with their speakers and hedges.

    Reads the parse and, when the actors stage ran before it, ``doc._.dyads_actors``;
    writes ``doc._.dyads_quotes`` (a list of :class:`dyads.model.Quote`).
    """

    def __init__(self, lexicon: QuoteLexicon, keep_unattributed: bool = False) -> None:
        self.lexicon = lexicon
        self.keep_unattributed = keep_unattributed

    def __call__(self, doc: Doc) -> Doc:
        doc._.dyads_quotes = find_quotes(doc, self.lexicon, self.keep_unattributed)
        return doc


@Language.factory(
    "dyads_quotes",
    default_config={"extra_cue_verbs": [], "extra_cue_nouns": [], "extra_hedges": [],
                    "extra_cue_adjectives": [],
                    "keep_unattributed": False},
    assigns=["doc._.dyads_quotes"],
    requires=["token.dep", "token.lemma", "doc.ents"],
)
def make_quotes(nlp: Language, name: str, extra_cue_verbs: list[str],
                extra_cue_nouns: list[str], extra_hedges: list[str],
                extra_cue_adjectives: list[str],
                keep_unattributed: bool) -> QuotesComponent:
    """Factory of the quotes stage.

    ``extra_*`` are paths of user lexicon files (TSV, same schema as the packaged ones);
    ``keep_unattributed`` keeps reported content whose speaker the text does not give.
    """
    if extra_cue_verbs or extra_cue_nouns or extra_hedges or extra_cue_adjectives:
        lex = load_lexicon([Path(p) for p in extra_cue_verbs], [Path(p) for p in extra_cue_nouns],
                           [Path(p) for p in extra_hedges],
                           [Path(p) for p in extra_cue_adjectives])
    else:
        lex = default_lexicon()
    return QuotesComponent(lex, keep_unattributed)
