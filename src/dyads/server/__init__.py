"""The web workspace: a REST API and server-rendered pages over a dyads database.

>>> from dyads.server import create_app, serve
>>> serve("news.duckdb")                      # http://127.0.0.1:8000
"""

from __future__ import annotations

from dyads.server.app import create_app
from dyads.server.run import serve

__all__ = ["create_app", "serve"]
