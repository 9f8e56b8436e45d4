"""Shared dependencies of the routers: settings, the loaded index, the answerer, the store.

Built once by ``create_app``; tests swap them through ``app.dependency_overrides``.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from bot.answer.calibration import load_min_confidence
from bot.answer.compose import Answerer
from bot.dialog.manager import Dialog
from bot.dialog.service import ChatService
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

    @classmethod
    def build(cls, settings: Settings, index: LoadedIndex, store: Store | None = None) -> BotState:
        answerer = Answerer(index, settings.answer_passages, load_min_confidence(settings.min_confidence))
        store = store or SqliteStore(settings.db_path)
        return cls(settings, index, answerer, answerer.retriever, store, ChatService(Dialog(answerer), store))


def get_state(request: Request) -> BotState:
    return request.app.state.bot
