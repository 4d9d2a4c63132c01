"""The one error shape of the HTTP API.

Every error answer, whatever raised it (a 404, a validation error, the rate limiter, a
failing analysis, a bug), has the body::

    {"error": {"status": 422, "message": "one line for humans", "detail": ...}}

``detail`` is null, a string, or (for validation errors) a list of
``{"loc": [...], "msg": "...", "type": "..."}``. Pages (non-``/api`` paths requested by a
browser) show the same fields as an HTML page instead.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from dyads.errors import DyadsError, InputError, StoreError, UnknownActorError

log = logging.getLogger(__name__)


class ApiError(Exception):
    """Raised by endpoints to answer with the error shape."""

    def __init__(self, status: int, message: str, detail: Any = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail
        self.headers = headers


def error_body(status: int, message: str, detail: Any = None) -> dict[str, Any]:
    """The JSON body of every error answer."""
    return {"error": {"status": status, "message": message, "detail": detail}}


def error_response(status: int, message: str, detail: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, detail), status_code=status, headers=headers)


def _wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
        return False
    return "text/html" in request.headers.get("accept", "")


def _answer(request: Request, status: int, message: str, detail: Any = None,
            headers: dict[str, str] | None = None) -> Response:
    if _wants_html(request):
        templates = request.app.state.templates
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message, "detail": detail},
            status_code=status, headers=headers)
    return error_response(status, message, detail, headers)


def _clean_validation(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # pydantic's raw errors carry the rejected input and a docs URL; keep what a client needs.
    return [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")),
             "type": str(e.get("type", ""))} for e in errors]


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception through the one error shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return _answer(request, exc.status, exc.message, exc.detail, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        try:
            phrase = HTTPStatus(exc.status_code).phrase
        except ValueError:
            phrase = "Error"
        detail = None if exc.detail == phrase else exc.detail
        return _answer(request, exc.status_code, phrase.lower(), detail,
                       getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        detail = _clean_validation(list(exc.errors()))
        where = ", ".join(".".join(str(x) for x in d["loc"]) for d in detail)
        return _answer(request, 422, f"invalid request: {where}" if where else
                       "invalid request", detail)

    @app.exception_handler(InputError)
    async def _input_error(request: Request, exc: InputError) -> Response:
        return _answer(request, 422, "text cannot be analysed", exc.reason)

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError) -> Response:
        log.error("database error: %s", exc)
        return _answer(request, 503, "database unavailable", str(exc))

    @app.exception_handler(UnknownActorError)
    async def _unknown_actor(request: Request, exc: UnknownActorError) -> Response:
        return _answer(request, 404, "not found", str(exc))

    @app.exception_handler(DyadsError)
    async def _dyads_error(request: Request, exc: DyadsError) -> Response:
        return _answer(request, 500, "analysis failed", str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _answer(request, 500, "internal server error",
                       f"{type(exc).__name__}; see the server log")
