"""The REST API: read endpoints over the store, and the one writer, ``POST /api/analyze``."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field, StrictBool, StrictStr, field_validator

import dyads
from dyads.analysis import queries
from dyads.model import Analysis
from dyads.server.errors import ApiError
from dyads.server.params import (
    ActorParam,
    EventFilters,
    LevelParam,
    LimitParam,
    OffsetParam,
    RecipientParam,
    SinceParam,
    UntilParam,
    event_filters,
    paginate,
)
from dyads.store import Store


class ErrorInfo(BaseModel):
    status: int
    message: str
    detail: Any = None


class ErrorBody(BaseModel):
    """The one error shape of every error answer."""

    error: ErrorInfo


class Page(BaseModel):
    items: list[dict[str, Any]]
    limit: int
    offset: int
    next_offset: int | None
    total: int | None = None


class AnalyzeRequest(BaseModel):
    # Strict types: a client sending "store": 0 or "text": 5 has a bug worth reporting.
    text: StrictStr = Field(min_length=1, description="The article text (plain text).")
    title: StrictStr | None = Field(default=None, max_length=500)
    published: date | None = Field(default=None, description=(
        "Publication date, YYYY-MM-DD: anchors relative dates such as 'on Friday'."))
    store: StrictBool = Field(default=True, description="Save the result in the database.")

    @field_validator("published", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        # JSON has no date type: only "YYYY-MM-DD" text, never a number of days since 1970.
        if value is not None and not isinstance(value, str):
            raise ValueError("give the date as text, YYYY-MM-DD")
        return value


_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text} for code, text in
    ((401, "Access token missing or wrong"), (404, "Not found"),
     (422, "Invalid request"), (500, "Server error"), (503, "Database unavailable"))}

router = APIRouter(prefix="/api", tags=["api"], responses=_ERRORS)


def get_store(request: Request) -> Iterator[Store]:
    """A read-only Store for one request."""
    with request.app.state.db.reader() as store:
        yield store


StoreDep = Annotated[Store, Depends(get_store)]
DocId = Annotated[str, Path(min_length=1, max_length=200, description="Document id.")]


@router.get("/documents", response_model=Page, summary="Stored documents, newest first")
def list_documents(store: StoreDep, limit: LimitParam = 50, offset: OffsetParam = 0) -> dict:
    rows = store.documents(limit=limit + 1, offset=offset)
    return paginate(rows, limit, offset, total=store.counts().get("documents"))


@router.get("/documents/{doc_id}", summary="One document: its text and full analysis")
def get_document(store: StoreDep, doc_id: DocId) -> dict:
    return document_payload(store, doc_id)


def document_payload(store: Store, doc_id: str) -> dict[str, Any]:
    """The document's metadata and text plus its Analysis as JSON; 404 if unknown."""
    return load_document(store, doc_id)[0]


def load_document(store: Store, doc_id: str) -> tuple[dict[str, Any], Analysis]:
    """(JSON payload, Analysis) of a stored document; ApiError 404 if unknown."""
    meta = store.document(doc_id)
    if meta is None:
        raise ApiError(404, "not found", f"no document with id {doc_id!r}")
    analysis = store.load_analysis(doc_id)
    payload = analysis.to_dict()
    payload["doc"] = {**{k: v for k, v in meta.items() if k != "text"}, **payload["doc"],
                      "text": analysis.doc.text or meta.get("text") or ""}
    return payload, analysis


@router.get("/events", response_model=Page, summary="Search events")
def list_events(store: StoreDep, filters: Annotated[EventFilters, Depends(event_filters)],
                limit: LimitParam = 50, offset: OffsetParam = 0) -> dict:
    rows = store.query_events(**filters.store_kwargs(), limit=limit + 1, offset=offset)
    return paginate(rows, limit, offset)


@router.get("/actors", response_model=Page, summary="Actors taking part in events")
def list_actors(store: StoreDep,
                q: Annotated[str | None, Query(max_length=200,
                                               description="Substring of code or name.")] = None,
                level: LevelParam = "code", limit: LimitParam = 50,
                offset: OffsetParam = 0) -> dict:
    rows = queries.actor_keys(store, q=q, level=level, limit=limit + 1, offset=offset)
    return paginate(rows, limit, offset)


@router.get("/actors/{key}", summary="One actor: partners, adversaries, timeline, quotes")
def get_actor(store: StoreDep, key: Annotated[str, Path(min_length=1, max_length=200)],
              level: LevelParam = "code", since: SinceParam = None,
              until: UntilParam = None) -> dict:
    EventFilters(since=since, until=until)  # validates the range
    return actor_payload(store, key, level, since, until)


def actor_payload(store: Store, key: str, level: queries.Level = "code", since: str | None = None,
                  until: str | None = None) -> dict[str, Any]:
    """Everything the actor page shows; 404 if the actor takes part in no event."""
    found = [r for r in queries.actor_keys(store, q=key, level=level, limit=200)
             if r["key"].lower() == key.lower()]
    if not found:
        # Mentioned but in no event (yet): still show its quotes rather than a dead link.
        mentioned = store.query_actors(name=key, limit=1)
        if not mentioned and not store.query_quotes(speaker=key, limit=1):
            raise ApiError(404, "not found", f"no actor {key!r} in events, quotes or mentions")
        m = mentioned[0] if mentioned else {}
        found = [{"key": key, "name": m.get("name"), "country": m.get("country"),
                  "sector": m.get("sector"), "as_actor": 0, "as_recipient": 0}]
    partners = queries.actor_partners(store, key, since=since, until=until, level=level)
    return {
        "actor": found[0],
        **partners,
        "timeline": timeline_payload(
            queries.timeline(store, "month", actor=key, since=since, until=until, either=True),
            "month"),
        "quotes": store.query_quotes(speaker=key, limit=50),
        "events": store.query_events(actor=key, since=since, until=until, limit=50),
    }


def timeline_payload(rows: list[dict[str, Any]], interval: str) -> dict[str, Any]:
    """Pivot (period, quad, count) rows into aligned series per quad class."""
    periods = sorted({r["period"] for r in rows})
    index = {p: i for i, p in enumerate(periods)}
    series = {str(q): [0] * len(periods) for q in (1, 2, 3, 4)}
    for r in rows:
        if str(r["quad"]) in series:
            series[str(r["quad"])][index[r["period"]]] += r["count"]
    net = [series["1"][i] + series["2"][i] - series["3"][i] - series["4"][i]
           for i in range(len(periods))]
    return {"interval": interval, "periods": periods, "series": series,
            "quad_names": {str(k): v for k, v in queries.QUAD_NAMES.items()},
            "net": net, "total": sum(r["count"] for r in rows)}


@router.get("/timeline", summary="Event counts per period and quad class")
def get_timeline(store: StoreDep,
                 interval: Annotated[Literal["day", "week", "month", "year"],
                                     Query(description="Period length.")] = "month",
                 actor: ActorParam = None, recipient: RecipientParam = None,
                 either: Annotated[bool, Query(description=(
                     "Count the actor on either side (as actor or recipient); with a "
                     "recipient, events in both directions between the two."))] = False,
                 since: SinceParam = None, until: UntilParam = None) -> dict:
    EventFilters(since=since, until=until)  # validates the range
    rows = queries.timeline(store, interval, actor=actor, recipient=recipient, since=since,
                            until=until, either=either)
    return timeline_payload(rows, interval)


@router.get("/network", summary="Actor network: nodes and signed, weighted edges")
def get_network(store: StoreDep, since: SinceParam = None, until: UntilParam = None,
                level: LevelParam = "code",
                min_count: Annotated[int, Query(ge=1, le=100_000)] = 1,
                limit: Annotated[int, Query(ge=1, le=2000, description="Most edges.")] = 300,
                ) -> dict:
    EventFilters(since=since, until=until)
    return queries.network(store, since=since, until=until, level=level, min_count=min_count,
                           limit=limit)


@router.get("/stats", summary="Row counts of the database")
def get_stats(store: StoreDep) -> dict:
    return dict(store.counts())


_ANALYZE_LOCK = threading.Lock()


def analysis_allowed(request: Request) -> None:
    """Dependency: analysis is on, and this client has not analysed too often (parsing is
    CPU-heavy). Runs before the body is validated, so refusals do not depend on it."""
    if not request.app.state.allow_analyze:
        raise ApiError(403, "analysis is disabled on this server",
                       "the server was started with analysis turned off")
    # Only JSON: a page on another site can make a browser POST a form (text/plain,
    # urlencoded) here without asking, but not a JSON request (CORS preflight refuses it).
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        raise ApiError(415, "send the text as JSON",
                       'Content-Type must be application/json: {"text": "..."}')
    client = request.client.host if request.client else "unknown"
    wait = request.app.state.analyze_limiter.check(client)
    if wait is not None:
        raise ApiError(429, "too many analyses", f"try again in {wait:.0f} s",
                       headers={"Retry-After": str(max(1, round(wait)))})


@router.post("/analyze", summary="Analyse pasted text (and store the result)",
             dependencies=[Depends(analysis_allowed)],
             responses={400: {"model": ErrorBody, "description": "Body is not JSON"},
                        403: {"model": ErrorBody, "description": "Analysis turned off"},
                        413: {"model": ErrorBody, "description": "Text too long"},
                        415: {"model": ErrorBody, "description": "Body is not JSON"},
                        429: {"model": ErrorBody, "description": "Rate limit reached"}})
def analyze(request: Request, body: AnalyzeRequest) -> dict:
    # The spaCy pipeline is shared; one analysis at a time keeps memory bounded too.
    with _ANALYZE_LOCK:
        analysis = dyads.analyze(body.text, title=body.title,
                                 published=body.published.isoformat() if body.published else None)
    stored = False
    if body.store:
        with request.app.state.db.writer() as store:
            store.save(analysis)
        stored = True
    payload = analysis.to_dict()
    payload["doc"]["text"] = analysis.doc.text
    return {"stored": stored, "doc_id": analysis.doc.id,
            "url": f"/documents/{analysis.doc.id}" if stored else None, "analysis": payload}
