"""Validated query parameters shared by the API and the pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl, urlencode

from fastapi import Query

from dyads.server.errors import ApiError

ActorParam = Annotated[str | None, Query(
    max_length=200, description="Actor code (RUSGOV), country (RUS) or name, case-insensitive.")]
RecipientParam = Annotated[str | None, Query(max_length=200, description="Recipient, as actor.")]
#: A date as precise as known: YYYY, YYYY-MM or YYYY-MM-DD (as the store compares them).
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
SinceParam = Annotated[str | None, Query(pattern=DATE_PATTERN, description=(
    "Earliest event date: YYYY, YYYY-MM or YYYY-MM-DD (an event's own date, else its "
    "article's publication date)."))]
UntilParam = Annotated[str | None, Query(pattern=DATE_PATTERN, description=(
    "Latest event date: YYYY, YYYY-MM or YYYY-MM-DD; 2021-09 includes all of September. "
    "Must not be before since (422 otherwise)."))]
LimitParam = Annotated[int, Query(ge=1, le=500, description="Items per page (1-500).")]
OffsetParam = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
LevelParam = Annotated[Literal["code", "country", "name"], Query(
    description="Actor level: PLOVER code (RUSGOV), country (RUS) or resolved name.")]
#: The corpus layer aggregates at country level by default (the dyads of expected results).
CorpusLevelParam = Annotated[Literal["country", "code", "name"], Query(
    description="Actor level of the keys: country (RUS), PLOVER code (RUSGOV) or name.")]
DedupParam = Annotated[bool, Query(description=(
    "Count each real-world event once however many articles report it (cross-article "
    "deduplication); false counts every stored report."))]
DirectedParam = Annotated[bool, Query(description=(
    "Keep actor -> recipient order; by default a dyad is the sorted pair (KGZ-TJK is "
    "TJK-KGZ)."))]

#: PLOVER event types are upper-case words joined by underscores (CONSULT, MOBILIZE_FORCES).
EVENT_TYPE_PATTERN = r"^[A-Za-z][A-Za-z_]{1,39}$"


@dataclass(frozen=True)
class EventFilters:
    """What an event search asks for; empty strings from HTML forms count as not given."""

    actor: str | None = None
    recipient: str | None = None
    event_type: str | None = None
    quad: int | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None

    def __post_init__(self) -> None:
        # Compare on the shorter precision: since=2021-09-10, until=2021-09 is a valid range.
        n = min(len(self.since or ""), len(self.until or ""))
        if self.since and self.until and self.since[:n] > self.until[:n]:
            raise ApiError(422, "invalid request: since is after until",
                           [{"loc": ["query", "since"], "msg": "since must not be after until",
                             "type": "value_error"}])

    def store_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of ``Store.query_events``."""
        return {"actor": self.actor or None, "recipient": self.recipient or None,
                "event_type": self.event_type.upper() if self.event_type else None,
                "quad": self.quad, "since": self.since or None, "until": self.until or None,
                "text": self.text or None}

    def query_string(self) -> dict[str, str]:
        """The filters as URL parameters (for links that keep the current search)."""
        out = {"actor": self.actor, "recipient": self.recipient, "type": self.event_type,
               "quad": str(self.quad) if self.quad else None,
               "since": self.since, "until": self.until, "q": self.text}
        return {k: v for k, v in out.items() if v}


def event_filters(
    actor: ActorParam = None,
    recipient: RecipientParam = None,
    type: Annotated[str | None, Query(pattern=EVENT_TYPE_PATTERN,
                                      description="PLOVER event type, e.g. CONSULT.")] = None,
    quad: Annotated[int | None, Query(ge=1, le=4, description=(
        "Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
        "4 material conflict."))] = None,
    since: SinceParam = None,
    until: UntilParam = None,
    q: Annotated[str | None, Query(max_length=200,
                                   description="Text search in the evidence sentence.")] = None,
) -> EventFilters:
    """FastAPI dependency: the event filters of a request."""
    return EventFilters(actor=actor, recipient=recipient, event_type=type, quad=quad,
                        since=since, until=until, text=q)


class DropBlankQueryParams:
    """ASGI middleware: on pages, an empty form field (``?quad=``) means "no filter".

    HTML forms submit every field, empty or not; the API stays strict and rejects them.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/api"):
            qs = scope.get("query_string", b"")
            if qs:
                kept = [(k, v) for k, v in parse_qsl(qs.decode("latin-1"),
                                                     keep_blank_values=True) if v.strip()]
                scope = dict(scope, query_string=urlencode(kept).encode("latin-1"))
        await self.app(scope, receive, send)


def paginate(rows: list[Any], limit: int, offset: int, total: int | None = None) -> dict[str, Any]:
    """A page of results; ``rows`` was fetched with ``limit + 1`` to know if more follow."""
    more = len(rows) > limit
    page = {"items": rows[:limit], "limit": limit, "offset": offset,
            "next_offset": offset + limit if more else None}
    if total is not None:
        page["total"] = total
    return page
