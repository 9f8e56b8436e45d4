"""Personal data and other people's text never reach a stranger: suggestions come from the
corpus, echoes are masked, old conversations are deleted."""

import sqlite3
import unicodedata
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


def test_the_chat_and_assist_replies_carry_the_masked_message_for_the_page_to_show(served):
    url, _ = served
    body = chat(url, "我手机13812345678，医保卡的钱能给我妈用吗")
    assert body["message"] == "我手机[手机号]，医保卡的钱能给我妈用吗"
    assert "13812345678" not in str(body)
    r = httpx.post(f"{url}/api/assist", json={"session_id": new_session(url), "message": "来电人身份证370102199001011234，问余额怎么查"})
    assert r.json()["message"] == "来电人身份证[身份证号]，问余额怎么查" and "370102199001011234" not in r.text


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


SPELLINGS = {
    "370102 19900101 1234": "身份证号", "370102-19900101-123X": "身份证号", "３７０１０２１９９００１０１１２３４": "身份证号",
    "138\u30001234\u30005678": "手机号", "１３８１２３４５６７８": "手机号", "0086 138 1234 5678": "手机号",
    "+86-138-1234-5678": "手机号", "0531-87654321": "电话号码", "(0531)8765 4321": "电话号码",
    "6222 0212 3456 7890 123": "银行卡号", "6222-0212-3456-7890": "银行卡号",
}
LABELLED = ["社保卡号码是A12345678", "社保卡B87654321", "参保号 1234567890", "医保编号：ABC12345678"]


def _digits(text: str) -> str:
    """The digits of ``text`` in ASCII, separators dropped: ３７０１ 02 → 370102."""
    return "".join(str(unicodedata.decimal(ch)) for ch in text if ch.isdecimal())


def _leaks(spelling: str, text: str) -> bool:
    """Does any 7-character stretch of the spelling, as typed or as bare digits, occur in text?"""
    windows = {spelling[i:i + 7] for i in range(len(spelling) - 6)}
    digits = _digits(spelling)
    windows |= {digits[i:i + 7] for i in range(len(digits) - 6)}
    return any(w in text or w in _digits(text) for w in windows)


def test_no_spelling_of_a_personal_number_reaches_the_store_or_the_operator_views(served):
    url, app = served
    sessions = []
    for spelling in [*SPELLINGS, *LABELLED]:
        session = new_session(url)
        sessions.append(session)
        body = chat(url, f"我的号码{spelling}，医保卡的钱能取吗", session)
        assert not _leaks(spelling, body["message"]), body["message"]
        chat(url, f"转人工，我是{spelling}", session)  # a hand-over keeps the transcript
    views = [httpx.get(f"{url}/api/handoffs", params={"limit": 500}, headers=OPERATOR).text]
    views += [httpx.get(f"{url}/api/sessions/{s}", headers=OPERATOR).text for s in sessions]
    db_path = app.state.bot.settings.db_path
    files = [db_path, db_path.with_name(db_path.name + "-wal")]
    stored = [f.read_bytes().decode("utf-8", "ignore") for f in files if f.exists()]
    for spelling in [*SPELLINGS, *LABELLED]:
        for text in (*views, *stored):
            assert not _leaks(spelling, text), spelling


def test_each_spelling_is_named_as_its_kind(served):
    url, _ = served
    for spelling, kind in SPELLINGS.items():
        assert chat(url, f"我的号码{spelling}，医保余额怎么查")["message"] == f"我的号码[{kind}]，医保余额怎么查"
