"""Quotes and claims: who said what, directly, in reported speech or in mixed form."""

from dyads.quotes.finder import find_quote_matches, find_quotes
from dyads.quotes.found import QuoteMatch
from dyads.quotes.lexicon import QuoteLexicon, default_lexicon, load_lexicon

__all__ = ["QuoteLexicon", "QuoteMatch", "default_lexicon", "find_quote_matches", "find_quotes",
           "load_lexicon"]
