"""What the service stores: sessions, an audit of every turn, feedback, hand-overs.

Everything stored is already masked. ``SqliteStore`` is the default (one file, no server); the
protocol lets a shared store serve several API processes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from contextlib import AbstractContextManager
from typing import Protocol

from bot.dialog.state import SessionState


@dataclass(frozen=True)
class TurnRecord:
    session_id: str
    message: str  # masked
    intent: str
    city: str | None
    status: str  # answered, unanswerable, out_of_scope, greeting, handoff
    answer: str
    citations: list[dict]
    confidence: float
    article_id: str | None = None  # the article the answer led with, for popular questions


class UnknownSession(LookupError):
    pass


class UnknownTurn(LookupError):
    pass


class StoreUnavailable(RuntimeError):
    """The store cannot keep what it is given (disk full, file deleted, server down): the
    request must fail loudly rather than answer and lose the turn."""


def store_errors(*kinds: type[BaseException]):
    """Decorator: the store library's own errors become StoreUnavailable."""

    def wrap(method):
        @functools.wraps(method)
        def guarded(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except kinds as exc:
                raise StoreUnavailable(f"{type(exc).__name__}: {exc}") from exc

        return guarded

    return wrap


class Store(Protocol):
    def session_lock(self, session_id: str) -> AbstractContextManager:
        """Held while one turn of the session is answered and saved."""
        ...

    def create_session(self, state: SessionState) -> None:
        """Store a new, empty session (its id was issued by the service)."""
        ...

    def load_session(self, session_id: str) -> SessionState | None: ...

    def save_turn(self, state: SessionState, turn: TurnRecord) -> int:
        """Save the session's new state and the turn together; return the turn's id."""
        ...

    def add_feedback(self, session_id: str, turn_id: int, helpful: bool, comment: str | None) -> None: ...

    def session_turns(self, session_id: str) -> list[dict]: ...

    def unanswered(self, limit: int = 50) -> list[dict]: ...

    def handoffs(self, limit: int = 50) -> list[dict]: ...

    def popular(self, limit: int = 20) -> list[str]:
        """Ids of the articles that answered at least two questions, most often first. Never
        the messages themselves: what one user typed is not shown to another."""
        ...

    def purge(self, before: datetime) -> int:
        """Delete the conversations last active before ``before`` with their turns, feedback
        and hand-overs; return how many conversations went."""
        ...

    def health(self) -> str | None:
        """None when the store can read and write, else what is wrong."""
        ...

    def close(self) -> None: ...
