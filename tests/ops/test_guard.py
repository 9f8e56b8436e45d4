"""Rate limiting, the request size limit and CORS, over HTTP."""

import httpx
import pytest

from bot.api.app import create_app
from bot.api.guard import Allowance
from tests.conftest import serve_in_thread


@pytest.fixture
def guarded_url(built_settings):
    settings = built_settings.model_copy(update={
        "rate_limit_per_minute": 5, "max_body_bytes": 2048, "cors_origins": ["https://widget.example.org"]})
    with serve_in_thread(create_app(settings)) as url:
        yield url


def test_a_client_over_its_rate_gets_a_clear_429(guarded_url):
    codes = [httpx.get(f"{guarded_url}/api/search", params={"q": "医保"}).status_code for _ in range(7)]
    assert codes[:5] == [200] * 5 and codes[5] == 429
    r = httpx.get(f"{guarded_url}/api/search", params={"q": "医保"})
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert "频繁" in r.json()["detail"]["zh"] and r.json()["detail"]["en"]
    assert httpx.get(f"{guarded_url}/healthz").status_code == 200  # probes are never limited


def test_refusals_carry_cors_headers_so_the_widget_can_read_them(guarded_url):
    headers = {"origin": "https://widget.example.org"}
    for _ in range(6):
        r = httpx.get(f"{guarded_url}/api/search", params={"q": "医保"}, headers=headers)
    assert r.status_code == 429 and r.headers["access-control-allow-origin"] == "https://widget.example.org"


def test_cors_allows_only_the_configured_origin(guarded_url):
    allowed = httpx.options(f"{guarded_url}/api/chat", headers={
        "origin": "https://widget.example.org", "access-control-request-method": "POST"})
    assert allowed.headers.get("access-control-allow-origin") == "https://widget.example.org"
    refused = httpx.options(f"{guarded_url}/api/chat", headers={
        "origin": "https://evil.example.com", "access-control-request-method": "POST"})
    assert "access-control-allow-origin" not in refused.headers


def test_each_client_has_its_own_allowance():
    allowance = Allowance(per_minute=60)
    assert all(allowance.take("a") == 0 for _ in range(60))
    assert 0 < allowance.take("a") <= 60
    assert allowance.take("b") == 0  # clients are independent


def test_pages_and_static_files_are_not_rate_limited_like_the_api(guarded_url):
    for _ in range(6):
        httpx.get(f"{guarded_url}/api/cities")
    assert httpx.get(f"{guarded_url}/api/cities").status_code == 429
    for path in ("/chat", "/search", "/assist", "/static/app.css", "/static/chat.js", "/widget.js") * 2:
        r = httpx.get(f"{guarded_url}{path}")
        assert r.status_code == 200 and "json" not in r.headers["content-type"], path  # a reload shows the page
