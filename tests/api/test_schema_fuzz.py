"""Schemathesis against the OpenAPI schema: no generated request gets a 500."""

import schemathesis
from hypothesis import HealthCheck, given, settings

from bot.api.app import create_app


def test_no_generated_request_gets_a_server_error(built_settings, tmp_path):
    app = create_app(built_settings.model_copy(update={"db_path": tmp_path / "fuzz.sqlite3",
                                                       "admin_token": "fuzz-token"}))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    failures, calls = [], []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call()
            calls.append(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:200]}")

        check()
    assert failures == []
    assert len(calls) > 10 * len(operations) and any(code >= 400 for code in calls)
