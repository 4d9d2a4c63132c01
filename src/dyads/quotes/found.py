"""The quote finder's working record: a quote with its token-level evidence.

``QuoteMatch`` keeps what the contract's :class:`dyads.model.Quote` drops (the speaker's
offsets in the text, the cue token, the fragments of a split quotation), so that benchmarks
and later stages (events) can use them. ``to_quote`` gives the contract object.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from dyads.model import Argument, Quote


@dataclass
class QuoteMatch:
    """A found quote: content fragments, cue and speaker evidence.

    ``fragments`` are (start, end) character offsets of the content pieces (one, or several
    for a quotation split by its attribution); ``speaker_tokens`` are the head tokens of the
    speaker as written at this quote (a pronoun stays a pronoun here); ``speaker`` is the
    resolved speaker (after pronoun and surname resolution and the actor layer).
    """

    fragments: list[tuple[int, int]]
    kind: str
    cue: Token | None = None
    cue_text: str | None = None
    speaker_tokens: list[Token] = field(default_factory=list)
    speaker_span: tuple[int, int] | None = None
    speaker: Argument = None
    hedged: bool = False
    #: how the quote was found: marks / continued / byline (quotation marks); clause / colon /
    #: np / inf / pred / noun / according / headline (reported speech)
    via: str = ""

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]

    def content_text(self, doc: Doc, text: str | None = None) -> str:
        """The content fragments joined by a space (``text``: ``doc.text``, if already read)."""
        text = doc.text if text is None else text
        return " ".join(text[s:e] for s, e in self.fragments)

    def to_quote(self, doc: Doc, text: str | None = None) -> Quote:
        """The contract object: content is the fragments joined by a space."""
        return Quote(speaker=self.speaker, cue=self.cue_text, content=self.content_text(doc, text),
                     kind=self.kind, start=self.start, end=self.end, hedged=self.hedged)
