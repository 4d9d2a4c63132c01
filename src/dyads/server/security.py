"""Access control for the web workspace: loopback-only by default, token otherwise, rate limits."""

from __future__ import annotations

import hmac
import ipaddress
import threading
import time
from collections import deque
from typing import Any
from urllib.parse import parse_qs, urlencode

from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from dyads.errors import DyadsError

DEFAULT_TOKEN_HEADER = "X-Dyads-Token"
DEFAULT_TOKEN_COOKIE = "dyads_token"


class InsecureBindError(DyadsError):
    """Serving on a non-loopback address was requested without an access token."""


def is_loopback(host: str) -> bool:
    """True if ``host`` only accepts connections from this machine."""
    if host in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to expose the workspace beyond this machine without an access token."""
    if not is_loopback(host) and not token:
        raise InsecureBindError(
            f"serving on {host} would expose the database to the network; pass an access "
            f"token (--token or DYADS_TOKEN) or bind to 127.0.0.1")


class TokenMiddleware:
    """Require the access token on every request, as a header or a cookie.

    Browsers cannot set headers on plain navigation, so ``?token=...`` on any page sets the
    cookie once and redirects to the same URL without the token (keeping it out of history
    and server logs further on).
    """

    def __init__(self, app: ASGIApp, token: str, header: str = DEFAULT_TOKEN_HEADER,
                 cookie: str = DEFAULT_TOKEN_COOKIE) -> None:
        self.app = app
        self.token = token.encode("utf-8")
        self.header = header.lower().encode("latin-1")
        self.cookie = cookie

    def _matches(self, candidate: str | None) -> bool:
        if candidate is None:
            return False
        # Constant-time comparison: response timing must not reveal how much of a guess matched.
        return hmac.compare_digest(candidate.encode("utf-8"), self.token)

    def _cookie_value(self, scope: Scope) -> str | None:
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                for part in value.decode("latin-1").split(";"):
                    key, _, val = part.strip().partition("=")
                    if key == self.cookie:
                        return val
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        given = headers.get(self.header)
        if self._matches(given.decode("latin-1") if given is not None else None) or \
                self._matches(self._cookie_value(scope)):
            await self.app(scope, receive, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if self._matches((query.get("token") or [None])[0]):
            qs = urlencode([(k, x) for k, vals in query.items() if k != "token" for x in vals])
            redirect = RedirectResponse(scope["path"] + (f"?{qs}" if qs else ""), status_code=303)
            redirect.set_cookie(self.cookie, self.token.decode("utf-8"), httponly=True,
                                samesite="lax")
            await redirect(scope, receive, send)
            return
        from dyads.server.errors import error_response

        response = error_response(
            401, "access token required",
            f"send the token in the {self.header.decode()} header or the {self.cookie} "
            f"cookie, or open any page once with ?token=...")
        await response(scope, receive, send)


class RateLimiter:
    """Sliding-window request limit per client (by address), thread-safe."""

    def __init__(self, max_requests: int, window_seconds: float) -> None:
        self.max_requests = max_requests
        self.window = window_seconds
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> float | None:
        """Record a request; return None if allowed, else seconds until the next is allowed."""
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(client, deque())
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) >= self.max_requests:
                return max(0.0, self.window - (now - hits[0]))
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle clients so memory stays bounded
                for key in [k for k, v in self._hits.items() if not v]:
                    del self._hits[key]
            return None


class BodyLimitMiddleware:
    """Refuse request bodies above ``max_bytes`` on the given paths, before anything parses them.

    Checks Content-Length first, then counts what actually arrives (a client may send a
    chunked body, or lie), buffering at most ``max_bytes`` and replaying it downstream.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, paths: tuple[str, ...]) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.paths = paths

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        from dyads.server.errors import error_response

        response = error_response(413, "request body too large",
                                  f"at most {self.max_bytes:,} bytes; split the text")
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Any:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


#: Host names a browser uses to reach a loopback server.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _host_name(value: str) -> str:
    """The name in a Host header, without port (``[::1]:8000`` -> ``::1``)."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class HostCheckMiddleware:
    """Answer only requests whose Host header names this server.

    Without a token, a loopback server trusts whoever can reach it; a web page elsewhere
    could still reach it through DNS rebinding (its own name re-pointed at 127.0.0.1),
    and such requests carry that foreign name in Host.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...]) -> None:
        self.app = app
        self.allowed = {h.lower().strip("[]") for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in {"http", "websocket"}:
            host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1")
            if _host_name(host) not in self.allowed:
                from dyads.server.errors import error_response

                response = error_response(
                    400, "unexpected Host header",
                    f"this server answers to {', '.join(sorted(self.allowed))}; open it by "
                    "one of those names")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
