"""The FastAPI application: assembles the routers around one loaded index."""

from __future__ import annotations

from fastapi import FastAPI

from bot import __version__
from bot.api import chat, feedback, search
from bot.api.deps import BotState
from bot.api.errors import install_error_handlers
from bot.index.store import ensure_index
from bot.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="医保个人账户政策问答 API",
        version=__version__,
        description="Cited answers about 医保 personal accounts: 家庭共济, 提取, 转移接续, 余额查询.",
    )
    app.state.bot = BotState.build(settings, ensure_index(settings))
    install_error_handlers(app)
    app.include_router(chat.router)
    app.include_router(search.router)
    app.include_router(feedback.router)

    @app.get("/healthz", tags=["ops"], summary="The process is up")
    def healthz() -> dict:
        return {"status": "ok", "articles": app.state.bot.index.article_count}

    return app
