"""Shared dependencies of the routers: settings, the loaded index, the answerer, the store.

Built once by ``create_app``; tests swap them through ``app.dependency_overrides``.
"""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass, field

from fastapi import Depends, Header, HTTPException, Request

from bot.answer.calibration import load_min_confidence
from bot.answer.compose import Answerer
from bot.api.errors import bilingual
from bot.dialog.manager import Dialog
from bot.dialog.service import ChatService
from bot.index.build import current_build
from bot.index.store import LoadedIndex
from bot.retrieve.hybrid import HybridRetriever
from bot.settings import Settings
from bot.store.base import Store
from bot.store.sqlite import SqliteStore


@dataclass
class BotState:
    settings: Settings
    index: LoadedIndex
    answerer: Answerer
    retriever: HybridRetriever
    store: Store
    chat: ChatService
    _reload_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def build(cls, settings: Settings, index: LoadedIndex, store: Store | None = None) -> BotState:
        answerer = _answerer(settings, index)
        store = store or open_store(settings)
        chat = ChatService(Dialog(answerer), store, settings.retention_days)
        return cls(settings, index, answerer, answerer.retriever, store, chat)

    def reload(self) -> bool:
        """Swap in the build ``current`` points at. Requests already running finish on the old
        index; a corrupt or partial build raises CorruptIndexError and changes nothing."""
        with self._reload_lock:
            build = current_build(self.settings.index_dir)
            if build is None or build == self.index.path:
                return False
            index = LoadedIndex.load(build)
            answerer = _answerer(self.settings, index)
            self.chat.dialog = Dialog(answerer)
            self.index, self.answerer, self.retriever = index, answerer, answerer.retriever
            return True


def _answerer(settings: Settings, index: LoadedIndex) -> Answerer:
    return Answerer(index, settings.answer_passages, load_min_confidence(settings.min_confidence))


def open_store(settings: Settings) -> Store:
    """Redis when ``BOT_REDIS_URL`` is set (several API processes share sessions), else SQLite."""
    if settings.redis_url:
        from bot.store.redis import RedisStore

        return RedisStore(settings.redis_url)
    return SqliteStore(settings.db_path)


def get_state(request: Request) -> BotState:
    return request.app.state.bot


def require_admin(authorization: str | None = Header(None, description="Bearer BOT_ADMIN_TOKEN"),
                  state: BotState = Depends(get_state)) -> None:
    """The operator endpoints (reload, transcripts, unanswered questions, hand-overs) need
    ``Authorization: Bearer <BOT_ADMIN_TOKEN>``; with no token configured they are switched off."""
    expected = state.settings.admin_token
    if not expected:
        raise HTTPException(404, bilingual("未启用运营接口。", "Operator endpoints are off: set BOT_ADMIN_TOKEN.")["detail"])
    scheme, _, given = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(401, bilingual("令牌不正确。", "Missing or wrong token: send Authorization: Bearer <token>.")
                            ["detail"], headers={"WWW-Authenticate": 'Bearer realm="operators"'})
