"""Start the web workspace with uvicorn."""

from __future__ import annotations

import logging
from pathlib import Path

from dyads.server.app import create_app
from dyads.server.security import LOOPBACK_HOSTS, check_bind, is_loopback

log = logging.getLogger(__name__)


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          allow_analyze: bool = True, log_level: str = "info") -> None:
    """Serve the workspace over ``db`` until interrupted.

    Args:
        db: the DuckDB database file.
        host: address to bind; anything but loopback requires ``token``.
        port: TCP port.
        token: access token every request must carry (header ``X-Dyads-Token`` or cookie
            ``dyads_token``; open ``/?token=...`` once in a browser to set the cookie).
        allow_analyze: offer the paste-to-analyse page and endpoint (the only writer).
        log_level: uvicorn's log level.

    Raises:
        InsecureBindError: ``host`` is not loopback and no token was given.
        StoreError: ``db`` does not exist (and ``allow_analyze`` is off) or is not a dyads
            database.
    """
    import uvicorn

    check_bind(host, token)
    # On loopback without a token, the Host check is what keeps other web sites out.
    allowed = (*LOOPBACK_HOSTS, host) if is_loopback(host) else None
    app = create_app(db, token=token, allow_analyze=allow_analyze, allowed_hosts=allowed)
    log.info("dyads workspace on http://%s:%d/ over %s", host, port, db)
    # One process: DuckDB allows one writer per file, and the rate limiter is in memory.
    uvicorn.run(app, host=host, port=port, log_level=log_level, workers=1,
                proxy_headers=False, server_header=False)
