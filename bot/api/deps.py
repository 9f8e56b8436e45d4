"""Shared dependencies of the routers: the settings, the loaded index and the answerer.

Loaded once at start-up by ``create_app``; tests swap them through ``app.dependency_overrides``.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from bot.answer.compose import Answerer
from bot.index.store import LoadedIndex
from bot.retrieve.hybrid import HybridRetriever
from bot.settings import Settings


@dataclass
class BotState:
    settings: Settings
    index: LoadedIndex
    answerer: Answerer
    retriever: HybridRetriever

    @classmethod
    def from_index(cls, settings: Settings, index: LoadedIndex) -> BotState:
        return cls(settings, index, Answerer(index, settings.answer_passages), HybridRetriever(index))


def get_state(request: Request) -> BotState:
    return request.app.state.bot
