"""The HTTP API, over a real socket."""

import socket
import threading
import time

import httpx
import pytest
import uvicorn

from bot.api.app import create_app


@pytest.fixture(scope="module")
def base_url(built_settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(built_settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_chat_answers_with_citations(base_url):
    r = httpx.post(f"{base_url}/api/chat", json={"session_id": "t1", "message": "济南医保卡里的钱可以给家人用吗", "city": None})
    assert r.status_code == 200
    body = r.json()
    assert body["intent"] == "family_sharing" and body["city"] == "济南" and body["citations"]
    assert body["citations"][0]["n"] == 1 and "[1]" in body["answer"]


def test_chat_city_field_steers_the_answer(base_url):
    r = httpx.post(f"{base_url}/api/chat", json={"session_id": "t2", "message": "医保卡的钱能取出来吗", "city": "菏泽"})
    assert r.json()["city"] == "菏泽" and any("菏泽" in c["title"] for c in r.json()["citations"])


@pytest.mark.parametrize(
    "payload, phrase",
    [
        ({"session_id": "t", "message": "   "}, "不能为空"),
        ({"session_id": "t", "message": "医" * 501}, "太长"),
        ({"session_id": "t", "message": 123}, "类型"),
        ({"session_id": "t", "message": "你好", "extra": 1}, "不认识的字段"),
        ({"message": "你好"}, "缺少字段"),
        ({"session_id": "t", "message": "你好", "city": "火星"}, "不认识的城市"),
    ],
)
def test_bad_chat_input_gets_a_clear_4xx(base_url, payload, phrase):
    r = httpx.post(f"{base_url}/api/chat", json=payload)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert phrase in detail["zh"] and detail["en"]


def test_broken_json_is_a_4xx(base_url):
    r = httpx.post(f"{base_url}/api/chat", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "JSON" in r.json()["detail"]["zh"]


def test_search_ranks_and_highlights(base_url):
    r = httpx.get(f"{base_url}/api/search", params={"q": "医保余额查询", "city": "济南", "k": 3})
    hits = r.json()["hits"]
    assert r.status_code == 200 and len(hits) == 3
    assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"]
    assert "<mark>" in hits[0]["highlighted"]


def test_search_escapes_what_it_highlights(base_url):
    r = httpx.get(f"{base_url}/api/search", params={"q": "<script>医保</script>"})
    assert all("<script>" not in h["highlighted"] for h in r.json()["hits"])


def test_health(base_url):
    assert httpx.get(f"{base_url}/healthz").json()["status"] == "ok"
