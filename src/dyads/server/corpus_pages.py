"""Pages of the corpus layer: dyad trends, stories (deduplicated events) and actor briefs."""

from __future__ import annotations

import re
from importlib.resources import files
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from dyads.analysis.aggregate import changes, dyad_totals
from dyads.analysis.brief import build_brief, render_html
from dyads.server.api import StoreDep
from dyads.server.corpus_api import cluster_page
from dyads.server.corpus_models import dyad_rows, frame_page, records
from dyads.server.params import (
    ActorParam,
    CorpusLevelParam,
    EventFilters,
    OffsetParam,
    RecipientParam,
    SinceParam,
    UntilParam,
)

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
#: The brief is a page, but a stand-alone document worth listing in the API reference.
brief_router = APIRouter(tags=["pages"], default_response_class=HTMLResponse)

PAGE_SIZE = 50
_CODE = re.compile(r"^[A-Z][A-Z0-9]{2,}$")


def _error(description: str) -> dict[str, Any]:
    # JSON in the one error shape; a browser asking for HTML gets the error page instead.
    return {"description": description, "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}},
        "text/html": {"schema": {"type": "string"}}}}


def brief_level(key: str) -> str:
    """The brief level of an actor page's key: codes (RUSGOV) at ``code``, else ``name``."""
    return "code" if _CODE.match(key) else "name"


def install_corpus_helpers(templates: object) -> None:
    """Template globals of the corpus pages (the actor page links to its brief)."""
    templates.env.globals["brief_level"] = brief_level  # type: ignore[attr-defined]


def _render(request: Request, name: str, **context: object) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context)


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico on pages without an icon link, such as the brief."""
    icon = files("dyads.server") / "static" / "favicon.svg"
    return Response(icon.read_bytes(), media_type="image/svg+xml",
                    headers={"Cache-Control": "max-age=86400"})


@router.get("/trends")
def trends_page(request: Request, store: StoreDep, level: CorpusLevelParam = "country",
                since: SinceParam = None, until: UntilParam = None,
                actor: ActorParam = None, recipient: RecipientParam = None,
                dedup: Annotated[bool, Query()] = True,
                offset: OffsetParam = 0) -> HTMLResponse:
    """Dyads by events with their index; ``actor`` + ``recipient`` select the charted dyad."""
    EventFilters(since=since, until=until)
    page = frame_page(dyad_totals(store, level, since=since, until=until, dedup=dedup),
                      PAGE_SIZE, offset, dyad_rows)
    found = records(changes(store, "month", level=level, since=since, until=until,
                            dedup=dedup))
    return _render(request, "trends.html", dyads=page["items"], total=page["total"],
                   offset=offset, more=page["next_offset"] is not None, page_size=PAGE_SIZE,
                   level=level, since=since or "", until=until or "", dedup=dedup,
                   actor=actor or "", recipient=recipient or "", changes=found)


@router.get("/stories")
def stories_page(request: Request, store: StoreDep, actor: ActorParam = None,
                 recipient: RecipientParam = None, since: SinceParam = None,
                 until: UntilParam = None,
                 sort: Annotated[Literal["date", "reports"], Query()] = "date",
                 both: Annotated[bool, Query()] = False,
                 offset: OffsetParam = 0) -> HTMLResponse:
    """Deduplicated events with how many articles and outlets reported each."""
    EventFilters(since=since, until=until)
    page = cluster_page(store, actor=actor, recipient=recipient, since=since, until=until,
                        both=both, sort=sort, limit=PAGE_SIZE, offset=offset)
    return _render(request, "stories.html", stories=page["items"], total=page["total"],
                   offset=offset, more=page["next_offset"] is not None, page_size=PAGE_SIZE,
                   actor=actor or "", recipient=recipient or "", since=since or "",
                   until=until or "", sort=sort, both=both)


@brief_router.get("/brief/{actor}",
            summary="A briefing on one actor, as a self-contained HTML page",
            responses={200: {"content": {"text/html": {"schema": {"type": "string"}}},
                             "description": "The brief (HTML)"},
                       404: _error("Unknown actor"), 422: _error("Invalid request"),
                       500: _error("Server error"), 503: _error("Database unavailable")})
def brief_page(store: StoreDep, actor: Annotated[str, Path(min_length=1, max_length=200)],
               level: CorpusLevelParam = "country", since: SinceParam = None,
               until: UntilParam = None,
               interval: Annotated[Literal["month", "year"], Query(
                   description="Period of the timeline and of the changes.")] = "month",
               ) -> HTMLResponse:
    """Key events (deduplicated, most reported first), partners and adversaries, notable
    changes, threats and opportunities, quotes and a timeline of ``actor`` (a key at
    ``level``; at level country a country name works too). 404 when no stored event or
    quote names the actor and it is no known country."""
    EventFilters(since=since, until=until)
    brief = build_brief(store, actor, level=level, since=since, until=until,
                        interval=interval)
    return HTMLResponse(render_html(brief))
