"""Two API processes sharing sessions through a real redis-server."""

import shutil
import subprocess
import time

import httpx
import pytest
import redis

from tests.conftest import bot_env, free_port, new_session, serve_in_process

OPERATOR = {"authorization": "Bearer redis-token"}


@pytest.fixture
def redis_url(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed; `make test` installs it (Debian package redis-server)")
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def chat(url, session, message):
    r = httpx.post(f"{url}/api/chat", json={"session_id": session, "message": message}, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_conversation_moves_between_two_processes(built_settings, redis_url):
    env = bot_env(built_settings, BOT_REDIS_URL=redis_url, BOT_ADMIN_TOKEN="redis-token")
    with serve_in_process(env) as (a, _), serve_in_process(env) as (b, _):
        roam = new_session(a)
        first = chat(a, roam, "医保的钱能取吗")
        assert first["needs_city"] is True
        second = chat(b, roam, "我在菏泽")  # process B knows the question A was asked
        assert second["intent"] == "withdrawal" and second["city"] == "菏泽"
        third = chat(a, roam, "那余额怎么查?")  # and A knows the city B learnt
        assert third["intent"] == "balance_query" and third["city"] == "菏泽"
        turns = httpx.get(f"{b}/api/sessions/{roam}", headers=OPERATOR).json()["turns"]
        assert [t["message"] for t in turns] == ["医保的钱能取吗", "我在菏泽", "那余额怎么查?"]
        r = httpx.post(f"{a}/api/feedback", json={"session_id": roam, "turn_id": second["turn_id"], "helpful": True})
        assert r.status_code == 201
        other = new_session(b)  # issued by B, known to A
        chat(a, other, "转人工")
        assert any(h["session_id"] == other for h in httpx.get(f"{a}/api/handoffs", headers=OPERATOR).json())


def test_redis_store_deletes_old_conversations_and_counts_popular_articles(redis_url):
    from datetime import datetime, timedelta, timezone

    from bot.dialog.state import SessionState
    from bot.store.base import TurnRecord
    from bot.store.redis import RedisStore

    store = RedisStore(redis_url)
    for session_id in ("s-old", "s-new"):
        state = SessionState(session_id, turns=1)
        store.create_session(state)
        for _ in range(2):
            turn_id = store.save_turn(state, TurnRecord(session_id, "我的电话[手机号]", "handoff", None, "handoff",
                                                        "请拨打12393", [], 1.0, article_id="fs-jinan"))
        store.add_feedback(session_id, turn_id, helpful=True, comment=None)
    store.client.zadd(store._key("active"), {"s-old": time.time() - 40 * 86400})
    gone = store.purge(datetime.now(timezone.utc) - timedelta(days=30))
    assert gone == 1 and store.load_session("s-old") is None and store.load_session("s-new") is not None
    assert {h["session_id"] for h in store.handoffs()} == {"s-new"}
    assert store.feedback_count() == 1
    assert not store.client.keys(store._key("turn", "*")) or all(
        store.client.hget(k, "session_id") == "s-new" for k in store.client.keys(store._key("turn", "*")))
    assert store.popular() == []  # hand-overs are not answers; raw messages are never counted


def test_two_processes_share_one_rate_allowance_through_redis(built_settings, redis_url, tmp_path):
    env = bot_env(built_settings, BOT_REDIS_URL=redis_url, BOT_RATE_LIMIT_PER_MINUTE="4")
    with serve_in_process(env) as (a, _), serve_in_process(env) as (b, _):
        codes = [httpx.get(f"{url}/api/cities").status_code for url in (a, b, a, b, a, b)]
    assert codes[:4] == [200] * 4 and codes[4:] == [429, 429]  # one allowance, not one per process
