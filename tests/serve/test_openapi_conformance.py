"""The OpenAPI document is what the server does: Schemathesis generates requests from
/openapi.json (valid ones and invalid ones, with a fixed seed) for every operation and sends them
to the running app over HTTP, writes included (with the token); no answer may be a server error,
use an undocumented status or content type, or break its documented schema or headers.
On SQLite and (when configured) PostgreSQL."""
from __future__ import annotations

import httpx
import pytest

from live_server import TOKEN

schemathesis = pytest.importorskip("schemathesis")
hypothesis = pytest.importorskip("hypothesis")

AUTH = {"Authorization": f"Bearer {TOKEN}"}
EXAMPLES = 100       # per operation and mode: about 30 s a backend on a 2-core host
SHOWN = 3            # failures reported per operation


def checks():
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
            response_schema_conformance]


def exercise(base: str, operation, mode, inputs: bool) -> list[str]:
    """Send EXAMPLES generated requests of `mode` for `operation`; the failures, described."""
    from hypothesis import HealthCheck, given, settings

    found: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate])
    def run(case):
        try:
            case.call_and_validate(base_url=base, headers=AUTH, checks=checks(), timeout=120)
        except Exception as exc:   # noqa: BLE001 - every kind of failure is reported, not raised
            if len(found) < SHOWN:
                found.append(f"{operation.label} [{mode.value}]: {type(exc).__name__}: {str(exc)[:600]}")

    try:
        run()
    except hypothesis.errors.Unsatisfiable:   # nothing to make invalid: an operation without parameters
        assert mode.value == "negative" and not inputs, operation.label
    return found


def test_every_operation_answers_as_documented(founding_server):
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_url(f"{founding_server}/openapi.json")
    paths = httpx.get(f"{founding_server}/openapi.json").json()["paths"]
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        spec = paths[operation.path][operation.method.lower()]
        inputs = bool(spec.get("parameters") or spec.get("requestBody"))
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failures += exercise(founding_server, operation, mode, inputs)
    assert operations >= 15, "every route is in the document"
    assert not failures, "\n\n".join(failures)
    assert httpx.get(f"{founding_server}/api/config").status_code == 200, "the server is still up"


def test_the_document_describes_bodies_and_errors(founding_server):
    doc = httpx.get(f"{founding_server}/openapi.json").json()
    post = doc["paths"]["/api/documents"]["post"]
    assert {"application/json", "multipart/form-data"} <= set(post["requestBody"]["content"])
    assert {"400", "401", "413", "415", "422"} <= set(post["responses"])
    problem = doc["components"]["schemas"]["Problem"]
    assert problem["properties"]["detail"]["type"] == "string"
    claims = doc["paths"]["/api/claims"]["get"]
    since = next(p for p in claims["parameters"] if p["name"] == "since")
    assert any(s.get("format") == "date" for s in since["schema"].get("anyOf", [since["schema"]]))
    pages = doc["paths"]["/api/propositions"]["get"]["responses"]["200"]["headers"]
    assert {"X-Total-Count", "X-Next-Offset"} <= set(pages)
    assert "HTTPValidationError" not in doc["components"]["schemas"]
