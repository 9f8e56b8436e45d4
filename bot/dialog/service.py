"""A conversation turn end to end: load the session, answer, store the turn (all masked)."""

from __future__ import annotations

import secrets
import threading
import weakref
from dataclasses import dataclass

from bot.answer.compose import Answer
from bot.dialog.manager import Dialog
from bot.dialog.state import SessionState
from bot.store.base import Store, TurnRecord, UnknownSession


@dataclass(frozen=True)
class TurnResult:
    answer: Answer
    turn_id: int
    state: SessionState


class ChatService:
    """Serialises the turns of one session (a double-click never interleaves two turns), lets
    different sessions run side by side. The store's lock does the same across processes."""

    def __init__(self, dialog: Dialog, store: Store) -> None:
        self.dialog = dialog
        self.store = store
        self._locks: weakref.WeakValueDictionary[str, threading.Lock] = weakref.WeakValueDictionary()
        self._guard = threading.Lock()

    def _lock_for(self, session_id: str) -> threading.Lock:
        with self._guard:
            lock = self._locks.get(session_id)
            if lock is None:
                lock = threading.Lock()
                self._locks[session_id] = lock
            return lock

    def start(self, prefix: str = "s") -> str:
        """A new conversation with an id nobody can guess; returns the id."""
        session_id = f"{prefix}-{secrets.token_hex(12)}"
        self.store.create_session(SessionState(session_id))
        return session_id

    def chat(self, session_id: str, message: str, city: str | None = None, create: bool = False) -> TurnResult:
        """One turn. An id the service never issued raises ``UnknownSession``, unless ``create``
        (for channels such as WeChat whose user ids the server itself trusts)."""
        lock = self._lock_for(session_id)
        with lock, self.store.session_lock(session_id):
            state = self.store.load_session(session_id)
            if state is None:
                if not create:
                    raise UnknownSession(session_id)
                state = SessionState(session_id)
            answer = self.dialog.handle(state, message, city)
            record = TurnRecord(
                session_id=session_id, message=answer.message, intent=answer.intent, city=state.city,
                status=answer.status, answer=answer.text, citations=[c.as_dict() for c in answer.citations],
                confidence=round(answer.confidence, 4),
            )
            turn_id = self.store.save_turn(state, record)
        return TurnResult(answer, turn_id, state)
