"""``resolve_actor``: resolve an actor description that a caller already has as a string."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import spacy
from spacy.tokenizer import Tokenizer

from dyads.actors.context import text_evidence
from dyads.actors.core import Resolution, resolve_words
from dyads.actors.index import alias_index
from dyads.model import ActorRef

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    return spacy.blank("en").tokenizer


@lru_cache(maxsize=256)
def normalize_date(date: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from an ISO prefix or a written date ("10 May 2015").

    Relative words ("today") count as unknown: the knowledge base then answers with its
    latest knowledge, which does not change with the day the code runs.
    """
    if not date or not date.strip():
        return None
    m = _ISO.match(date.strip())
    if m:
        return m.group(0)
    if not any(ch.isdigit() for ch in date):
        return None
    import dateparser  # slow to import; only free-form dates need it

    parsed = dateparser.parse(date, languages=["en"],
                              settings={"PREFER_DAY_OF_MONTH": "first",
                                        "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date().isoformat() if parsed else None


def resolve_text(
    text: str, context: str | None = None, date: str | None = None,
    user_actors: Sequence[str] = (),
) -> Resolution:
    """The full :class:`Resolution` of ``text`` (see :func:`resolve_actor`)."""
    index = alias_index(tuple(user_actors))
    words = [t.text for t in _tokenizer()(" ".join(text.split()))]
    ctx_words = [t.text for t in _tokenizer()(context)] if context else []
    # the context also decides between KB entries sharing a name ("RSF" near "Sudan")
    evidence = text_evidence(ctx_words, index) if ctx_words else None
    res = resolve_words(words, index, normalize_date(date), evidence=evidence)
    if res.country is None and context:
        ctx = resolve_words(ctx_words, index, normalize_date(date))
        if ctx.country is not None:
            res = Resolution(ctx.country, res.sector, res.name, res.kb_id, res.identity,
                             res.role, res.org)
    return res


def resolve_actor(
    text: str, context: str | None = None, date: str | None = None,
    user_actors: Sequence[str] = (),
) -> ActorRef:
    """Resolve an actor description to an :class:`~dyads.model.ActorRef`.

    Args:
        text: the actor as written ("Russia's Ambassador to India Nikolay Kudashev",
            "Taliban spokesman", "Mexican authorities").
        context: optional surrounding text or a country name; used for the country when
            ``text`` itself gives none, and to choose between knowledge-base entries that
            share a name ("RSF" with "Sudan" in the context: the Rapid Support Forces).
        date: ISO publication/event date; picks the office a person held then (Ghani is
            AFG GOV until 2021-08-15, a former official after). Non-ISO values are ignored.
        user_actors: paths of user dictionaries merged into the knowledge base.

    Returns:
        ActorRef with ``name`` (the KB name, or the proper name in the text), ``country``
        (ISO alpha-3 or IGO/UNO/EUR/...; None when nothing tells, never a guess), ``sector``.
    """
    res = resolve_text(text, context, date, user_actors)
    return ActorRef(text=text, name=res.name, country=res.country, sector=res.sector)
