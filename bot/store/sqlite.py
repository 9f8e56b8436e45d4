"""The default store: one SQLite file in WAL mode, each turn committed in one transaction."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path

from bot.dialog.state import SessionState
from bot.store.base import StoreUnavailable, TurnRecord, UnknownSession, UnknownTurn, store_errors

guarded = store_errors(sqlite3.OperationalError, sqlite3.DatabaseError)

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    turn_no INTEGER NOT NULL,
    message TEXT NOT NULL,
    intent TEXT NOT NULL,
    city TEXT,
    status TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    confidence REAL NOT NULL,
    created_at TEXT NOT NULL,
    article_id TEXT,
    UNIQUE (session_id, turn_no)
);
CREATE INDEX IF NOT EXISTS turns_status ON turns(status);
CREATE INDEX IF NOT EXISTS turns_session ON turns(session_id);
CREATE INDEX IF NOT EXISTS sessions_updated ON sessions(updated_at);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    turn_id INTEGER NOT NULL REFERENCES turns(id),
    helpful INTEGER NOT NULL,
    comment TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS handoffs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    turn_id INTEGER NOT NULL,
    city TEXT,
    transcript TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_turn ON feedback(turn_id);
"""


def _add_missing_columns(db: sqlite3.Connection) -> None:
    """Files written by an older version lack columns added since."""
    columns = {row["name"] for row in db.execute("PRAGMA table_info(turns)")}
    if "article_id" not in columns:
        db.execute("ALTER TABLE turns ADD COLUMN article_id TEXT")


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


def _roll_back(db: sqlite3.Connection) -> None:
    """SQLite has already rolled back after some errors (a full disk): keep the first error."""
    if db.in_transaction:
        db.execute("ROLLBACK")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SqliteStore:
    """Thread-safe: one connection per thread, writes serialised by SQLite's own lock."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        # one writer at a time inside this process: threads queue on a lock instead of in
        # SQLite's busy handler, which sleeps in whole milliseconds
        self._write_lock = threading.Lock()
        with self._connect() as db:
            db.executescript(SCHEMA)
            _add_missing_columns(db)
        self._identity = _identity(self.path)

    def _connect(self) -> sqlite3.Connection:
        if getattr(self, "_identity", None) is not None and _identity(self.path) != self._identity:
            # a connection to a deleted or replaced file would "succeed" and lose every write
            raise StoreUnavailable(f"{self.path} was deleted or replaced while in use")
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            self._local.db = db
        return db

    def session_lock(self, session_id: str) -> contextlib.AbstractContextManager:
        return contextlib.nullcontext()  # one process: the chat service's own lock is enough

    @guarded
    def create_session(self, state: SessionState) -> None:
        now = _now()
        with self._write_lock:
            self._connect().execute(
                "INSERT INTO sessions (id, state, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (state.session_id, json.dumps(state.to_dict(), ensure_ascii=False), now, now),
            )

    @guarded
    def load_session(self, session_id: str) -> SessionState | None:
        row = self._connect().execute("SELECT state FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return SessionState.from_dict(json.loads(row["state"])) if row else None

    @guarded
    def save_turn(self, state: SessionState, turn: TurnRecord) -> int:
        db = self._connect()
        now = _now()
        with self._write_lock:
            return self._insert_turn(db, state, turn, now)

    def _insert_turn(self, db: sqlite3.Connection, state: SessionState, turn: TurnRecord, now: str) -> int:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute(
                "INSERT INTO sessions (id, state, created_at, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                (state.session_id, json.dumps(state.to_dict(), ensure_ascii=False), now, now),
            )
            cursor = db.execute(
                "INSERT INTO turns (session_id, turn_no, message, intent, city, status, answer, citations, "
                "confidence, created_at, article_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (turn.session_id, state.turns, turn.message, turn.intent, turn.city, turn.status, turn.answer,
                 json.dumps(turn.citations, ensure_ascii=False), turn.confidence, now, turn.article_id),
            )
            turn_id = int(cursor.lastrowid)
            if turn.status == "handoff":
                db.execute(
                    "INSERT INTO handoffs (session_id, turn_id, city, transcript, created_at) VALUES (?, ?, ?, ?, ?)",
                    (state.session_id, turn_id, state.city, json.dumps(state.history, ensure_ascii=False), now),
                )
            db.execute("COMMIT")
        except BaseException:
            _roll_back(db)
            raise
        return turn_id

    def _require_session(self, db: sqlite3.Connection, session_id: str) -> None:
        if db.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
            raise UnknownSession(session_id)

    @guarded
    def add_feedback(self, session_id: str, turn_id: int, helpful: bool, comment: str | None) -> None:
        db = self._connect()
        self._require_session(db, session_id)
        if db.execute("SELECT 1 FROM turns WHERE id = ? AND session_id = ?", (turn_id, session_id)).fetchone() is None:
            raise UnknownTurn(turn_id)
        with self._write_lock:  # one verdict per turn: the last one counts
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("DELETE FROM feedback WHERE turn_id = ?", (turn_id,))
                db.execute(
                    "INSERT INTO feedback (session_id, turn_id, helpful, comment, created_at) VALUES (?, ?, ?, ?, ?)",
                    (session_id, turn_id, int(helpful), comment, _now()),
                )
                db.execute("COMMIT")
            except BaseException:
                _roll_back(db)
                raise

    @guarded
    def session_turns(self, session_id: str) -> list[dict]:
        db = self._connect()
        self._require_session(db, session_id)
        rows = db.execute(
            "SELECT id, turn_no, message, intent, city, status, answer, created_at FROM turns "
            "WHERE session_id = ? ORDER BY turn_no", (session_id,)
        ).fetchall()
        return [dict(r) for r in rows]

    @guarded
    def unanswered(self, limit: int = 50) -> list[dict]:
        rows = self._connect().execute(
            "SELECT message AS question, city, intent, COUNT(*) AS times, MAX(created_at) AS last_asked "
            "FROM turns WHERE status = 'unanswerable' GROUP BY message, city ORDER BY times DESC, last_asked DESC "
            "LIMIT ?", (limit,)
        ).fetchall()
        return [dict(r) for r in rows]

    @guarded
    def popular(self, limit: int = 20) -> list[str]:
        rows = self._connect().execute(
            "SELECT article_id, COUNT(*) AS times FROM turns WHERE status = 'answered' AND article_id IS NOT NULL "
            "GROUP BY article_id HAVING times >= 2 ORDER BY times DESC, article_id LIMIT ?", (limit,)
        ).fetchall()
        return [r["article_id"] for r in rows]

    @guarded
    def handoffs(self, limit: int = 50) -> list[dict]:
        rows = self._connect().execute(
            "SELECT session_id, turn_id, city, transcript, created_at FROM handoffs ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [{**dict(r), "transcript": json.loads(r["transcript"])} for r in rows]

    @guarded
    def purge(self, before: datetime) -> int:
        cutoff = before.astimezone(timezone.utc).isoformat(timespec="seconds")
        old = "SELECT id FROM sessions WHERE updated_at < ?"
        db = self._connect()
        with self._write_lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                for table in ("feedback", "handoffs", "turns"):
                    db.execute(f"DELETE FROM {table} WHERE session_id IN ({old})", (cutoff,))
                gone = db.execute("DELETE FROM sessions WHERE updated_at < ?", (cutoff,)).rowcount
                db.execute("COMMIT")
            except BaseException:
                _roll_back(db)
                raise
        return gone

    @guarded
    def feedback_count(self) -> int:
        return int(self._connect().execute("SELECT COUNT(*) FROM feedback").fetchone()[0])

    def health(self) -> str | None:
        try:
            self._connect().execute("SELECT 1 FROM sessions LIMIT 1").fetchall()
        except (StoreUnavailable, sqlite3.Error) as exc:
            return str(exc)
        return None

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
