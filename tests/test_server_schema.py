"""Property-based API tests: schemathesis generates requests from the OpenAPI spec.

Every generated request (valid or not) must get an answer that is not a server error and
that matches the spec; every error answer must have the one error shape.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from test_server_api import build_db  # noqa: E402  (tests/ is on sys.path)

import dyads  # noqa: E402
from dyads.model import Analysis, Document  # noqa: E402
from dyads.server import create_app  # noqa: E402


def _fake_analyze(text: str, published: str | None = None, title: str | None = None,
                  **kw: Any) -> Analysis:
    # The endpoint is under test, not the NLP: an empty reading of the text.
    return Analysis(doc=Document(text=text, title=title, published=published))


def _app() -> Any:
    # Built at import: schemathesis generates one test per operation from a concrete schema
    # (its lazy fixture loader does not work with this pytest).
    path = Path(tempfile.mkdtemp(prefix="dyads-schema-")) / "news.duckdb"
    build_db(path)
    return create_app(path, analyze_rate=(1_000_000, 1.0))


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@pytest.fixture(autouse=True)
def no_nlp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dyads, "analyze", _fake_analyze)


def check_error_shape(ctx: Any, response: Any, case: Any) -> None:
    """Every 4xx/5xx answer has the body {"error": {"status", "message", "detail"}}."""
    if response.status_code < 400:
        return None
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"status", "message", "detail"}, body
    assert body["error"]["status"] == response.status_code, body
    return None


@schema.parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_api_conforms_to_its_schema(case: Any) -> None:
    query = case.query or {}
    since, until = str(query.get("since") or ""), str(query.get("until") or "")
    n = min(len(since), len(until))
    if since and until and since[:n] > until[:n]:
        # A reversed range is a rule between two parameters, which OpenAPI cannot state:
        # the API rejects it (422, the one error shape) instead of silently finding nothing.
        response = case.call()
        assert response.status_code == 422
        check_error_shape(None, response, case)
        return
    case.call_and_validate(additional_checks=[check_error_shape])
