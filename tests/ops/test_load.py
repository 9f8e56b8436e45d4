"""Many conversations at once, and a server killed mid-load."""

import os
import signal
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx

from bot.store.sqlite import SqliteStore
from tests.conftest import bot_env, new_session, serve_in_process

TOKEN = "load-token"

SCRIPT = ["医保的钱能取吗", "我在{city}", "那余额怎么查?", "需要去哪里办"]
CITIES = ["菏泽", "济南", "青岛", "深圳", "乌鲁木齐", "杭州", "武汉", "南京"]


def converse(url: str, session: str, city: str, rounds: int) -> list[str]:
    sent = []
    with httpx.Client(timeout=30) as client:
        for _ in range(rounds):
            for line in SCRIPT:
                message = line.format(city=city)
                r = client.post(f"{url}/api/chat", json={"session_id": session, "message": message})
                assert r.status_code == 200, r.text
                body = r.json()
                assert body["session_id"] == session
                if line.startswith("我在"):
                    assert body["city"] == city  # never another conversation's city
                sent.append(message)
    return sent


def test_64_concurrent_conversations_lose_and_mix_nothing(built_settings, tmp_path):
    settings = built_settings.model_copy(update={"db_path": tmp_path / "load.sqlite3"})
    with serve_in_process(bot_env(settings, BOT_ADMIN_TOKEN=TOKEN)) as (url, _):
        sessions = {new_session(url): CITIES[i % len(CITIES)] for i in range(64)}
        with ThreadPoolExecutor(max_workers=64) as pool:
            futures = {s: pool.submit(converse, url, s, c, 2) for s, c in sessions.items()}
            sent = {s: f.result() for s, f in futures.items()}
        for session, messages in sent.items():
            turns = httpx.get(f"{url}/api/sessions/{session}",
                              headers={"authorization": f"Bearer {TOKEN}"}).json()["turns"]
            assert [t["message"] for t in turns] == messages
            assert [t["turn_no"] for t in turns] == list(range(1, len(messages) + 1))


def test_killing_the_server_mid_load_loses_no_acknowledged_turn_or_feedback(built_settings, tmp_path):
    settings = built_settings.model_copy(update={"db_path": tmp_path / "kill.sqlite3"})
    acknowledged: dict[str, list[str]] = {}
    feedback_ok: list[str] = []
    stop = threading.Event()

    def talk(url, session):
        done = acknowledged.setdefault(session, [])
        with httpx.Client(timeout=10) as client:
            for i in range(1000):
                if stop.is_set():
                    return
                message = f"医保余额怎么查 第{i}次"
                try:
                    r = client.post(f"{url}/api/chat", json={"session_id": session, "message": message})
                except httpx.HTTPError:
                    return
                if r.status_code == 200:
                    done.append(message)
                    if i == 0:
                        f = client.post(f"{url}/api/feedback", json={
                            "session_id": session, "turn_id": r.json()["turn_id"], "helpful": True})
                        if f.status_code == 201:
                            feedback_ok.append(session)

    with serve_in_process(bot_env(settings)) as (url, proc):
        threads = [threading.Thread(target=talk, args=(url, new_session(url))) for i in range(8)]
        for t in threads:
            t.start()
        while sum(len(v) for v in acknowledged.values()) < 40:
            threading.Event().wait(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        stop.set()
        for t in threads:
            t.join()
    store = SqliteStore(settings.db_path)
    assert store.feedback_count() == len(feedback_ok) > 0
    for session, messages in acknowledged.items():
        if messages:
            stored = [t["message"] for t in store.session_turns(session)]
            assert stored[: len(messages)] == messages
