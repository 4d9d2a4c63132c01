"""Actors stage: find political actors in text and resolve them to country, sector and KB id.

Public API:
- :func:`resolve_actor` — resolve a description string (for tools that already have spans);
- :func:`mentions_in_span`, :func:`mention_for_token`, :func:`coordinated` — look up the
  mentions the ``dyads_actors`` component wrote on a ``Doc``.
The spaCy factory ``dyads_actors`` is registered by importing ``dyads.actors.component``.
Actors named only by their function ("the police") take the country of the document context
(earlier mentions, dateline, dominant country) by the documented rules of
:mod:`dyads.actors.context`.
"""

from dyads.actors.lookup import coordinated, mention_for_token, mentions_in_span
from dyads.actors.resolve import resolve_actor

__all__ = ["coordinated", "mention_for_token", "mentions_in_span", "resolve_actor"]
