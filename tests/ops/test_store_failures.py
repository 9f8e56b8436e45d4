"""When the store cannot keep a turn, requests fail loudly (a bilingual 503) and /readyz says so;
nothing is answered and then lost."""

import shutil
import sqlite3

import httpx
import pytest

from bot.api.app import create_app
from bot.dialog.state import SessionState
from bot.store.base import StoreUnavailable, TurnRecord
from bot.store.sqlite import SqliteStore
from tests.conftest import new_session, serve_in_thread


def _turn(session_id: str, message: str = "医保余额怎么查") -> TurnRecord:
    return TurnRecord(session_id, message, "balance_query", None, "answered", "答案[1]", [], 0.9)


def test_a_deleted_var_folder_gives_503s_and_an_unready_service(built_settings, tmp_path):
    var = tmp_path / "var"
    app = create_app(built_settings.model_copy(update={"db_path": var / "bot.sqlite3"}))
    with serve_in_thread(app) as url:
        session = new_session(url)
        assert httpx.post(f"{url}/api/chat", json={"session_id": session, "message": "医保余额怎么查"}).status_code == 200
        assert httpx.get(f"{url}/readyz").json()["store"] == "ok"
        shutil.rmtree(var)
        for r in (httpx.post(f"{url}/api/chat", json={"session_id": session, "message": "那济南呢"}),
                  httpx.post(f"{url}/api/sessions")):
            assert r.status_code == 503 and r.headers["retry-after"] == "30"
            detail = r.json()["detail"]
            assert "12393" in detail["zh"] and detail["en"]
        ready = httpx.get(f"{url}/readyz")
        assert ready.status_code == 503 and ready.json()["detail"]["zh"]
        assert httpx.get(f"{url}/healthz").status_code == 200  # the process itself is alive


def test_a_full_disk_is_reported_not_swallowed(tmp_path):
    store = SqliteStore(tmp_path / "bot.sqlite3")
    store.save_turn(SessionState("s-1", turns=1), _turn("s-1"))
    db = store._connect()  # the connection this thread writes with
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite answers as on a full disk from here on
    with pytest.raises(StoreUnavailable, match="full"):
        for i in range(200):
            store.save_turn(SessionState("s-1", turns=2 + i), _turn("s-1", "很长的问题" * 90))
    assert store.health() is None  # reading still works; only growth fails
    with sqlite3.connect(tmp_path / "bot.sqlite3") as check:
        stored = check.execute("SELECT COUNT(*) FROM turns").fetchone()[0]
    assert stored == len(store.session_turns("s-1"))  # what was refused left no half-written turn
