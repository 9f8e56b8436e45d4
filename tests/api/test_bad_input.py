"""Odd input gets a clear 4xx in Chinese and English and changes nothing."""

import sqlite3

import httpx
import pytest

from bot.api.app import create_app
from tests.conftest import new_session, serve_in_thread

TOKEN = "bad-input-operator"
OPERATOR = {"authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def served(built_settings, tmp_path_factory):
    db_path = tmp_path_factory.mktemp("bad-input") / "bot.sqlite3"
    with serve_in_thread(create_app(built_settings.model_copy(update={"admin_token": TOKEN, "db_path": db_path}))) as url:
        yield url, db_path


def _bilingual(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    detail = r.json()["detail"]
    assert detail["zh"] and detail["en"], detail
    return detail


def _post_raw(url: str, path: str, body: bytes) -> httpx.Response:
    return httpx.post(f"{url}{path}", content=body, headers={"content-type": "application/json"})


def test_a_turn_id_too_large_for_the_store_is_a_422(served):
    url, _ = served
    session = new_session(url)
    for turn_id in (2**63, 2**64, 10**30):
        r = httpx.post(f"{url}/api/feedback", json={"session_id": session, "turn_id": turn_id, "helpful": True})
        _bilingual(r, 422)


@pytest.mark.parametrize("body", [
    b'{"session_id": "s-x", "message": "\xff\xfe\xfa"}',  # not UTF-8
    b'[' * 7_000 + b']' * 7_000,  # nested deeper than any parser should follow (and within the size limit)
    b'{"session_id": "s-x", "turn_id": ' + b"9" * 5000 + b', "helpful": true}',  # a number too long to read
])
def test_unparsable_bodies_get_a_bilingual_400(served, body):
    url, _ = served
    for path in ("/api/chat", "/api/feedback"):
        detail = _bilingual(_post_raw(url, path, body), 400)
        assert "JSON" in detail["zh"]


def test_a_message_of_invisible_characters_is_refused_and_not_stored(served):
    url, _ = served
    session = new_session(url)
    for invisible in ("\u200b\u200c\u200d", "\ufeff\u2060", "\u3000\u00a0\u200b", "\u202e\u200e"):
        r = httpx.post(f"{url}/api/chat", json={"session_id": session, "message": invisible})
        assert _bilingual(r, 422)["zh"] == "消息不能为空。"
    turns = httpx.get(f"{url}/api/sessions/{session}", headers=OPERATOR).json()["turns"]
    assert turns == []


def test_feedback_on_one_turn_keeps_only_the_last_verdict(served):
    url, db_path = served
    session = new_session(url)
    turn_id = httpx.post(f"{url}/api/chat", json={"session_id": session, "message": "医保余额怎么查"}).json()["turn_id"]
    for helpful in (True, False, True, False):
        r = httpx.post(f"{url}/api/feedback", json={"session_id": session, "turn_id": turn_id, "helpful": helpful})
        assert r.status_code == 201
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT helpful FROM feedback WHERE turn_id = ?", (turn_id,)).fetchall()
    assert rows == [(0,)]


def test_unknown_paths_and_methods_are_refused_in_both_languages(served):
    url, _ = served
    _bilingual(httpx.get(f"{url}/api/nothing-here"), 404)
    _bilingual(httpx.delete(f"{url}/api/chat"), 405)
