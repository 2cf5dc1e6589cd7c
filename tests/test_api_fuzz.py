"""Schemathesis against the dashboard's own OpenAPI schema: no request gives a 500."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from hypothesis import HealthCheck, settings  # noqa: E402

from talkwatch.web.app import create_app  # noqa: E402

from webfixtures import PROFILE, build_store  # noqa: E402

_DB = Path(tempfile.mkdtemp(prefix="talkwatch-fuzz-")) / "fuzz.db"
build_store(_DB).close()
APP = create_app(str(_DB), PROFILE)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_fuzz_never_answers_500(case: object) -> None:
    response = case.call()  # type: ignore[attr-defined]
    assert response.status_code < 500, (case, response.text[:300])  # type: ignore[attr-defined]
