"""Sessions, turns, feedback and hand-overs in a real SQLite file."""

import pytest

from bot.dialog.state import SessionState
from bot.store.base import TurnRecord, UnknownSession, UnknownTurn
from bot.store.sqlite import SqliteStore


def record(session, status="answered", message="医保怎么转"):
    return TurnRecord(session, message, "transfer", "济南", status, "答案[1]", [{"n": 1}], 0.8)


def test_state_and_turn_survive_reopening(tmp_path):
    store = SqliteStore(tmp_path / "bot.sqlite3")
    state = SessionState("s1", city="济南", topic="transfer", turns=1)
    turn_id = store.save_turn(state, record("s1"))
    store.close()
    again = SqliteStore(tmp_path / "bot.sqlite3")
    assert again.load_session("s1").city == "济南"
    assert again.session_turns("s1")[0]["id"] == turn_id


def test_feedback_needs_a_known_session_and_turn(tmp_path):
    store = SqliteStore(tmp_path / "bot.sqlite3")
    turn_id = store.save_turn(SessionState("s1", turns=1), record("s1"))
    store.add_feedback("s1", turn_id, helpful=False, comment="没说清楚")
    assert store.feedback_count() == 1
    with pytest.raises(UnknownSession):
        store.add_feedback("nope", turn_id, True, None)
    with pytest.raises(UnknownTurn):
        store.add_feedback("s1", turn_id + 99, True, None)


def test_unanswered_groups_repeated_questions(tmp_path):
    store = SqliteStore(tmp_path / "bot.sqlite3")
    for i in range(3):
        store.save_turn(SessionState(f"s{i}", turns=1), record(f"s{i}", "unanswerable", "住院起付线多少"))
    store.save_turn(SessionState("s9", turns=1), record("s9"))
    rows = store.unanswered()
    assert rows == [{"question": "住院起付线多少", "city": "济南", "intent": "transfer", "times": 3,
                     "last_asked": rows[0]["last_asked"]}]


def test_handoff_keeps_the_transcript(tmp_path):
    store = SqliteStore(tmp_path / "bot.sqlite3")
    state = SessionState("s1", turns=2, history=[{"user": "医保怎么转", "bot": "…", "intent": "transfer"}])
    store.save_turn(state, record("s1", "handoff", "转人工"))
    assert store.handoffs()[0]["transcript"][0]["user"] == "医保怎么转"
