"""dyads: political event data from news text.

>>> import dyads
>>> result = dyads.analyze(text, published="2021-09-07")
>>> result.events[0].event_type
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from dyads.model import ActorRef, Analysis


def analyze(text: str, published: str | None = None, title: str | None = None,
            source: str | None = None, url: str | None = None, id: str | None = None) -> Analysis:
    """Analyse one article's text; return its :class:`~dyads.model.Analysis`.

    ``published`` (YYYY-MM-DD) anchors relative dates ("on Friday", "last month").
    """
    from dyads.model import Document
    from dyads.process import analyze_document

    return analyze_document(Document(text=text, published=published, title=title,
                                     source=source, url=url, id=id))


def code_dyad(sentence: str, source: str, target: str) -> str:
    """The PLOVER event type by which ``source`` acts on ``target`` in ``sentence``, or "NONE"."""
    from dyads.events.dyad import code_dyad as _code_dyad

    return _code_dyad(sentence, source, target)


def resolve_actor(text: str, context: str | None = None, date: str | None = None,
                  user_actors: tuple[str, ...] = ()) -> ActorRef:
    """Resolve an actor string (optionally in its sentence, at a date) to an ActorRef.

    ``user_actors``: paths of extra actor dictionaries (YAML/CSV) to consult too.
    """
    from dyads.actors.resolve import resolve_actor as _resolve

    return _resolve(text, context=context, date=date, user_actors=user_actors)


def __getattr__(name: str) -> Any:  # lazy re-exports keep `import dyads` light
    if name in {"Analysis", "Document", "Event", "ActorRef", "Quote", "ActorMention",
                "DateMention", "Place"}:
        from dyads import model

        return getattr(model, name)
    raise AttributeError(name)


__all__ = ["analyze", "code_dyad", "resolve_actor", "__version__"]
