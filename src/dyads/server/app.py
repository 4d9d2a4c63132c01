"""The FastAPI application of the web workspace."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import dyads
from dyads.server.db import Database
from dyads.server.errors import install_error_handlers
from dyads.server.params import DropBlankQueryParams
from dyads.server.security import (
    DEFAULT_TOKEN_COOKIE,
    DEFAULT_TOKEN_HEADER,
    BodyLimitMiddleware,
    HostCheckMiddleware,
    RateLimiter,
    TokenMiddleware,
)

#: Largest text the paste-to-analyse endpoint accepts, in bytes of the request body.
MAX_ANALYZE_BYTES = 100_000
#: Analyses per client per window: parsing is CPU-heavy, one client must not hog it.
ANALYZE_RATE = (6, 60.0)

API_DESCRIPTION = """\
Political event data read from news text by dyads: documents, PLOVER events, actors,
dyads, time series and the actor network, from one DuckDB database.

Every error has the body `{"error": {"status": int, "message": str, "detail": any}}`.
Lists are paginated with `limit` and `offset` and return `{"items": [...], "limit",
"offset", "next_offset"}` (`next_offset` is null on the last page).
Only `POST /api/analyze` writes to the database.

The corpus endpoints (`/api/clusters`, `/api/dyads`, `/api/dyads/series`,
`/api/actors/{key}/partners`, `/api/changes`, `/api/near-duplicates`) count each real-world event once however
many articles report it (cross-article deduplication; `dedup=false` counts every report)
and key actors by country unless `level` says otherwise. `GET /api/export/events`
downloads events as a file; `GET /brief/{actor}` is a briefing on one actor as HTML.
"""


def create_app(db_path: str | Path, token: str | None = None, allow_analyze: bool = True,
               token_header: str = DEFAULT_TOKEN_HEADER,
               token_cookie: str = DEFAULT_TOKEN_COOKIE,
               max_analyze_bytes: int = MAX_ANALYZE_BYTES,
               analyze_rate: tuple[int, float] = ANALYZE_RATE,
               allowed_hosts: tuple[str, ...] | None = None) -> FastAPI:
    """Build the web workspace over the database at ``db_path``.

    Args:
        db_path: the DuckDB file. It must exist unless ``allow_analyze`` (then an empty one
            is created so pasted articles have somewhere to go).
        token: if given, every request must carry it in the ``token_header`` header or the
            ``token_cookie`` cookie (``?token=...`` on a page sets the cookie).
        allow_analyze: offer ``POST /api/analyze`` and the paste page (the only writer).
        max_analyze_bytes: largest accepted analyse request body.
        analyze_rate: (requests, seconds) allowed per client address for analyses.
        allowed_hosts: if given, answer only requests whose Host header is one of these
            names (:func:`~dyads.server.serve` sets the loopback names when it binds to
            loopback, against DNS rebinding).

    Returns:
        The ASGI application; run it with :func:`dyads.server.serve` or any ASGI server.
    """
    from dyads.server.api import router as api_router
    from dyads.server.corpus_api import router as corpus_router
    from dyads.server.corpus_pages import brief_router, install_corpus_helpers
    from dyads.server.corpus_pages import router as corpus_pages_router
    from dyads.server.pages import install_template_helpers
    from dyads.server.pages import router as pages_router

    app = FastAPI(title="dyads", version=dyads.__version__, description=API_DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.db = Database(db_path, create=allow_analyze)
    app.state.allow_analyze = allow_analyze
    app.state.max_analyze_bytes = max_analyze_bytes
    app.state.analyze_limiter = RateLimiter(*analyze_rate)
    app.state.templates = Jinja2Templates(directory=str(files("dyads.server") / "templates"))
    install_template_helpers(app.state.templates)
    install_corpus_helpers(app.state.templates)
    app.state.templates.env.globals["allow_analyze"] = allow_analyze
    app.state.templates.env.globals["version"] = dyads.__version__
    install_error_handlers(app)
    app.include_router(api_router)
    app.include_router(corpus_router)
    app.include_router(pages_router)
    app.include_router(corpus_pages_router)
    app.include_router(brief_router)
    app.mount("/static", StaticFiles(directory=str(files("dyads.server") / "static")),
              name="static")
    app.add_middleware(DropBlankQueryParams)
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_analyze_bytes, paths=("/api/analyze",))
    # Added last so they run first: nothing is read or parsed for a client without the token.
    if allowed_hosts:
        app.add_middleware(HostCheckMiddleware, allowed_hosts=allowed_hosts)
    if token:
        app.add_middleware(TokenMiddleware, token=token, header=token_header, cookie=token_cookie)
    return app
