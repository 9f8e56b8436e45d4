"""Operator tokens use the Bearer scheme; every response carries security headers; pages answer HEAD."""

import httpx
import pytest

from bot.api.app import create_app
from tests.conftest import serve_in_thread

TOKEN = "header-operator"


@pytest.fixture(scope="module")
def url(built_settings, tmp_path_factory):
    settings = built_settings.model_copy(update={"admin_token": TOKEN,
                                                 "db_path": tmp_path_factory.mktemp("headers") / "bot.sqlite3"})
    with serve_in_thread(create_app(settings)) as base:
        yield base


@pytest.mark.parametrize("authorization", [TOKEN, f"Basic {TOKEN}", f"Token {TOKEN}", "Bearer", "Bearer wrong", ""])
def test_a_token_without_the_bearer_scheme_is_refused_with_a_challenge(url, authorization):
    r = httpx.get(f"{url}/api/unanswered", headers={"authorization": authorization})
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    assert r.json()["detail"]["zh"]


def test_the_bearer_scheme_is_case_insensitive(url):
    assert httpx.get(f"{url}/api/unanswered", headers={"authorization": f"bearer {TOKEN}"}).status_code == 200


def test_pages_have_a_content_security_policy_and_only_the_chat_may_be_framed(url):
    for path in ("/search", "/assist"):
        headers = httpx.get(f"{url}{path}").headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"] and headers["x-frame-options"] == "DENY"
    for path in ("/", "/chat"):  # the widget script frames the chat page on other sites
        headers = httpx.get(f"{url}{path}").headers
        assert "frame-ancestors *" in headers["content-security-policy"] and "x-frame-options" not in headers
        assert "'unsafe-inline'" not in headers["content-security-policy"]


def test_every_response_says_nosniff_and_no_referrer(url):
    for path in ("/chat", "/widget.js", "/static/app.css", "/api/cities", "/healthz", "/api/nothing"):
        headers = httpx.get(f"{url}{path}").headers
        assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer", path


@pytest.mark.parametrize("path", ["/", "/chat", "/search", "/assist", "/widget.js"])
def test_pages_answer_head(url, path):
    r = httpx.head(f"{url}{path}")
    assert r.status_code == 200 and r.content == b"" and int(r.headers["content-length"]) > 100
