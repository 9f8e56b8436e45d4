"""A conversation turn end to end: load the session, answer, store the turn (all masked)."""

from __future__ import annotations

import logging
import secrets
import threading
import time
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from bot.answer.compose import Answer
from bot.dialog.manager import Dialog
from bot.dialog.state import SessionState
from bot.store.base import Store, TurnRecord, UnknownSession

log = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 3600
# Each channel's session ids start with its own prefix, and a client of one channel never reaches
# another's conversations: a web client that knows a WeChat OpenID cannot read that chat.
CHANNEL_PREFIX = {"web": "s-", "wechat": "wx-"}
CREATED_ON_FIRST_MESSAGE = {"wechat"}  # channels whose user ids the server trusts; web ids are issued


def belongs_to(session_id: str, channel: str) -> bool:
    return session_id.startswith(CHANNEL_PREFIX[channel])


@dataclass(frozen=True)
class TurnResult:
    answer: Answer
    turn_id: int
    state: SessionState


class ChatService:
    """Serialises the turns of one session (a double-click never interleaves two turns), lets
    different sessions run side by side. The store's lock does the same across processes."""

    def __init__(self, dialog: Dialog, store: Store, retention_days: int = 30) -> None:
        self.dialog = dialog
        self.store = store
        self.retention = timedelta(days=retention_days)
        self._locks: weakref.WeakValueDictionary[str, threading.Lock] = weakref.WeakValueDictionary()
        self._guard = threading.Lock()
        self._next_purge = 0.0
        self.purge_expired()

    def purge_expired(self) -> int:
        """Delete conversations older than the retention period (at most once an hour when
        called from a turn)."""
        self._next_purge = time.monotonic() + PURGE_EVERY_SECONDS
        gone = self.store.purge(datetime.now(timezone.utc) - self.retention)
        if gone:
            log.info("deleted %d conversations older than %d days", gone, self.retention.days)
        return gone

    def _lock_for(self, session_id: str) -> threading.Lock:
        with self._guard:
            lock = self._locks.get(session_id)
            if lock is None:
                lock = threading.Lock()
                self._locks[session_id] = lock
            return lock

    def start(self) -> str:
        """A new web conversation with an id nobody can guess; returns the id."""
        self._purge_when_due()
        session_id = CHANNEL_PREFIX["web"] + secrets.token_hex(12)
        self.store.create_session(SessionState(session_id))
        return session_id

    def chat(self, session_id: str, message: str, city: str | None = None, channel: str = "web", *,
             to_city: str | None = None, insurance: str | None = None) -> TurnResult:
        """One turn. An id of another channel, or a web id the service never issued, raises
        ``UnknownSession``; a WeChat conversation starts with its user's first message. ``to_city``
        and ``insurance`` are corrections from an agent's screen (see ``Dialog.handle``)."""
        if not belongs_to(session_id, channel):
            raise UnknownSession(session_id)
        lock = self._lock_for(session_id)
        with lock, self.store.session_lock(session_id):
            state = self.store.load_session(session_id)
            if state is None:
                if channel not in CREATED_ON_FIRST_MESSAGE:
                    raise UnknownSession(session_id)
                state = SessionState(session_id)
            answer = self.dialog.handle(state, message, city, to_city_field=to_city, insurance_field=insurance)
            record = TurnRecord(
                session_id=session_id, message=answer.message, intent=answer.intent, city=state.city,
                status=answer.status, answer=answer.text, citations=[c.as_dict() for c in answer.citations],
                confidence=round(answer.confidence, 4),
                article_id=answer.citations[0].article_id if answer.citations else None,
            )
            turn_id = self.store.save_turn(state, record)
        self._purge_when_due()
        return TurnResult(answer, turn_id, state)

    def _purge_when_due(self) -> None:
        if time.monotonic() >= self._next_purge:
            self.purge_expired()
