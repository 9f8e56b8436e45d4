"""Personal data and other people's text never reach a stranger: suggestions come from the
corpus, echoes are masked, old conversations are deleted."""

import sqlite3
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from bot.api.app import create_app
from bot.api.search import popular_questions
from bot.dialog.state import SessionState
from bot.store.base import TurnRecord
from bot.store.sqlite import SqliteStore
from tests.conftest import new_session, serve_in_thread

TOKEN = "privacy-operator"
OPERATOR = {"authorization": f"Bearer {TOKEN}"}
SCAM = "医保卡的钱能取吗 代办提现加微信yb8888 电话13812345678"


@pytest.fixture(scope="module")
def served(built_settings, tmp_path_factory):
    settings = built_settings.model_copy(update={"admin_token": TOKEN,
                                                 "db_path": tmp_path_factory.mktemp("privacy") / "bot.sqlite3"})
    app = create_app(settings)
    with serve_in_thread(app) as url:
        yield url, app


def chat(url, message, session=None, city=None):
    r = httpx.post(f"{url}/api/chat", json={"session_id": session or new_session(url), "message": message, "city": city})
    assert r.status_code == 200, r.text
    return r.json()


def test_suggestions_are_corpus_questions_never_what_someone_typed(served):
    url, app = served
    for _ in range(4):  # a planted message asked often enough to have been "popular" before
        assert chat(url, SCAM)["intent"] == "withdrawal"
    shown = set(app.state.bot.answerer.questions.shown())
    for typed in ("医保卡的钱能取", "代办提现", "医保", "138"):
        items = httpx.get(f"{url}/api/suggest", params={"q": typed}).json()
        assert all(item in shown for item in items), items
        assert not any("微信yb" in i or "代办" in i or "[手机号]" in i for i in items)


def test_popular_articles_lead_with_their_own_corpus_question(served):
    url, app = served
    for _ in range(3):
        chat(url, "济南医保卡里的钱可以给家人用吗")
    state = app.state.bot
    popular = popular_questions(state)
    article = state.store.popular()[0]
    assert popular and popular[0] == state.answerer.questions.question_of(article)
    assert popular[0] in state.answerer.questions.shown()


def test_search_echoes_only_the_masked_query(served):
    url, _ = served
    body = httpx.get(f"{url}/api/search", params={"q": "身份证370102199001011234 医保余额怎么查"}).json()
    assert "370102199001011234" not in str(body) and body["query"].startswith("身份证[身份证号]")


def test_an_unknown_city_is_echoed_masked(served):
    url, _ = served
    for path, kwargs in (("/api/search", {"params": {"q": "医保", "city": "13812345678"}}),
                         ("/api/chat", {"json": {"session_id": new_session(url), "message": "医保能取吗",
                                                 "city": "13812345678"}})):
        r = httpx.request("GET" if "params" in kwargs else "POST", f"{url}{path}", **kwargs)
        assert r.status_code == 422 and "13812345678" not in r.text and "[手机号]" in r.text


def test_the_chat_reply_carries_the_masked_message_for_the_page_to_show(served):
    url, _ = served
    body = chat(url, "我手机13812345678，医保卡的钱能给我妈用吗")
    assert body["message"] == "我手机[手机号]，医保卡的钱能给我妈用吗"
    assert "13812345678" not in str(body)


def _turn(session_id: str) -> TurnRecord:
    return TurnRecord(session_id, "转人工", "handoff", "济南", "handoff", "请拨打12393", [], 1.0)


def _age(path, session_id: str, days: int) -> None:
    when = (datetime.now(timezone.utc) - timedelta(days=days)).isoformat(timespec="seconds")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE sessions SET updated_at = ?, created_at = ? WHERE id = ?", (when, when, session_id))


def test_conversations_older_than_the_retention_period_are_deleted(built_settings, tmp_path):
    db_path = tmp_path / "bot.sqlite3"
    store = SqliteStore(db_path)
    for session_id in ("s-old", "s-recent"):
        turn_id = store.save_turn(SessionState(session_id, turns=1), _turn(session_id))
        store.add_feedback(session_id, turn_id, helpful=False, comment="没用")
    _age(db_path, "s-old", days=31)
    _age(db_path, "s-recent", days=29)
    store.close()

    app = create_app(built_settings.model_copy(update={"db_path": db_path, "retention_days": 30}))  # purges at start
    store = app.state.bot.store
    assert store.load_session("s-old") is None and store.load_session("s-recent") is not None
    assert [h["session_id"] for h in store.handoffs()] == ["s-recent"]
    with sqlite3.connect(db_path) as db:
        for table in ("turns", "feedback", "handoffs"):
            assert db.execute(f"SELECT DISTINCT session_id FROM {table}").fetchall() == [("s-recent",)]
    store.close()


def test_the_retention_period_is_a_setting(built_settings, tmp_path):
    db_path = tmp_path / "bot.sqlite3"
    store = SqliteStore(db_path)
    store.save_turn(SessionState("s-week", turns=1), _turn("s-week"))
    _age(db_path, "s-week", days=8)
    store.close()
    kept = create_app(built_settings.model_copy(update={"db_path": db_path}))  # default 30 days
    assert kept.state.bot.store.load_session("s-week") is not None
    kept.state.bot.store.close()
    purged = create_app(built_settings.model_copy(update={"db_path": db_path, "retention_days": 7}))
    assert purged.state.bot.store.load_session("s-week") is None
    purged.state.bot.store.close()
