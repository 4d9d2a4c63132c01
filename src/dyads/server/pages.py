"""Server-rendered pages: the same data as the API, as HTML for analysts."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from dyads.analysis import queries
from dyads.model import argument_from_json, argument_list
from dyads.server.api import StoreDep, actor_payload, load_document, timeline_payload
from dyads.server.apidocs import operations
from dyads.server.errors import ApiError
from dyads.server.highlight import argument_label, segments
from dyads.server.params import (
    ActorParam,
    EventFilters,
    LevelParam,
    OffsetParam,
    RecipientParam,
    SinceParam,
    UntilParam,
    event_filters,
)

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

QUAD_LABELS = queries.QUAD_NAMES
PAGE_SIZE = 50


def actor_key(ref: dict[str, Any] | None) -> str | None:
    """The key of an actor (as JSON) on the actor pages: code, else name, else text."""
    if not ref:
        return None
    return ref.get("code") or ref.get("name") or ref.get("text")


def actor_refs(arg: Any) -> list[dict[str, Any]]:
    """An event argument (JSON) as a list of actor dicts."""
    return [a.to_dict() for a in argument_list(argument_from_json(arg))]


def _render(request: Request, name: str, **context: Any) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context)


def install_template_helpers(templates: Any) -> None:
    """Filters and globals every template may use."""
    env = templates.env
    env.globals.update(QUAD_LABELS=QUAD_LABELS, actor_key=actor_key, actor_refs=actor_refs)
    env.filters["argument"] = argument_label
    env.filters["urlpart"] = lambda s: quote(str(s), safe="")
    env.filters["qs"] = lambda d: urlencode({k: v for k, v in d.items() if v not in (None, "")})


@router.get("/")
def events_page(request: Request, store: StoreDep,
                filters: Annotated[EventFilters, Depends(event_filters)],
                offset: OffsetParam = 0) -> HTMLResponse:
    rows = store.query_events(**filters.store_kwargs(), limit=PAGE_SIZE + 1, offset=offset)
    more = len(rows) > PAGE_SIZE
    return _render(request, "events.html", filters=filters, events=rows[:PAGE_SIZE],
                   offset=offset, more=more, page_size=PAGE_SIZE, counts=store.counts(),
                   query=filters.query_string())


@router.get("/documents")
def documents_page(request: Request, store: StoreDep, offset: OffsetParam = 0) -> HTMLResponse:
    rows = store.documents(limit=PAGE_SIZE + 1, offset=offset)
    return _render(request, "documents.html", documents=rows[:PAGE_SIZE], offset=offset,
                   more=len(rows) > PAGE_SIZE, page_size=PAGE_SIZE)


@router.get("/documents/{doc_id}")
def article_page(request: Request, store: StoreDep, doc_id: str) -> HTMLResponse:
    payload, analysis = load_document(store, doc_id)
    return _render(request, "article.html", doc=payload["doc"], analysis=payload,
                   segments=segments(payload["doc"]["text"], analysis))


@router.get("/actors")
def actors_page(request: Request, store: StoreDep,
                q: Annotated[str | None, Query(max_length=200)] = None,
                level: LevelParam = "code", offset: OffsetParam = 0) -> HTMLResponse:
    rows = queries.actor_keys(store, q=q, level=level, limit=PAGE_SIZE + 1, offset=offset)
    return _render(request, "actors.html", actors=rows[:PAGE_SIZE], q=q or "", level=level,
                   offset=offset, more=len(rows) > PAGE_SIZE, page_size=PAGE_SIZE)


@router.get("/actors/{key}")
def actor_page(request: Request, store: StoreDep, key: str, since: SinceParam = None,
               until: UntilParam = None) -> HTMLResponse:
    EventFilters(since=since, until=until)
    data = actor_payload(store, key, since=since, until=until)
    return _render(request, "actor.html", key=key, data=data, since=since or "",
                   until=until or "")


@router.get("/dyads")
def dyads_page(request: Request, store: StoreDep, actor: ActorParam = None,
               recipient: RecipientParam = None, since: SinceParam = None,
               until: UntilParam = None, offset: OffsetParam = 0,
               both: Annotated[bool, Query()] = False) -> HTMLResponse:
    EventFilters(since=since, until=until)
    rows = queries.dyad_counts(store, actor=actor, recipient=recipient, since=since,
                               until=until, limit=PAGE_SIZE + 1, offset=offset)
    chart = None
    events: list[dict[str, Any]] = []
    if actor and recipient:
        chart = timeline_payload(queries.timeline(store, "month", actor=actor,
                                                  recipient=recipient, since=since,
                                                  until=until, either=both), "month")
        events = store.query_events(actor=actor, recipient=recipient, since=since,
                                    until=until, limit=100)
        if both:
            events += store.query_events(actor=recipient, recipient=actor, since=since,
                                         until=until, limit=100)
            events.sort(key=lambda e: e.get("date") or e.get("published") or "")
    return _render(request, "dyads.html", dyads=rows[:PAGE_SIZE], actor=actor or "",
                   recipient=recipient or "", since=since or "", until=until or "",
                   offset=offset, more=len(rows) > PAGE_SIZE, page_size=PAGE_SIZE,
                   chart=chart, events=events, both=both)


@router.get("/network")
def network_page(request: Request, store: StoreDep, since: SinceParam = None,
                 until: UntilParam = None, level: LevelParam = "code",
                 min_count: Annotated[int, Query(ge=1, le=100_000)] = 1) -> HTMLResponse:
    EventFilters(since=since, until=until)
    graph = queries.network(store, since=since, until=until, level=level, min_count=min_count,
                            limit=300)
    return _render(request, "network.html", graph=graph, since=since or "", until=until or "",
                   level=level, min_count=min_count)


@router.get("/api/docs")
def api_docs_page(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    return _render(request, "apidocs.html", info=spec["info"], operations=operations(spec))


@router.get("/analyze")
def analyze_page(request: Request) -> HTMLResponse:
    if not request.app.state.allow_analyze:
        raise ApiError(403, "analysis is disabled on this server",
                       "the server was started with analysis turned off")
    return _render(request, "analyze.html", max_bytes=request.app.state.max_analyze_bytes)
