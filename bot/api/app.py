"""The FastAPI application: assembles the routers around one loaded index."""

from __future__ import annotations

import logging
import signal
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from bot import __version__
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from bot.api import access_log, articles, assist, chat, feedback, ops, review, search, web, wechat
from bot.api.security_headers import SecurityHeaders
from bot.api.deps import BotState
from bot.api.errors import install_error_handlers
from bot.api.guard import BodySizeLimit, RateLimit
from bot.api.metrics import Metrics, MetricsMiddleware
from bot.index.store import CorruptIndexError, ensure_index
from bot.settings import Settings, get_settings

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="医保个人账户政策问答 API",
        version=__version__,
        description="Cited answers about 医保 personal accounts: 家庭共济, 提取, 转移接续, 余额查询.",
        lifespan=_lifespan,
    )
    app.state.metrics = Metrics()
    app.state.bot = BotState.build(settings, ensure_index(settings))
    install_error_handlers(app)
    for router in (chat.router, assist.router, search.router, articles.router, feedback.router, ops.router, review.router, wechat.router, web.router):
        app.include_router(router)
    web.mount_static(app)
    # the last added runs first: the proxy's client address (only from a trusted proxy), metrics
    # and the access log (so refusals are counted and logged too), security headers, CORS (so
    # refusals carry its headers), then the size and rate limits, which refuse before anything
    # else runs
    app.add_middleware(RateLimit, per_minute=settings.rate_limit_per_minute, storage_url=settings.redis_url)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["content-type"])
    app.add_middleware(SecurityHeaders)
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    if settings.trusted_proxies:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    return app


def create_served_app() -> FastAPI:
    """The app as `bot serve --workers N` starts it in each worker process: with the access log."""
    access_log.configure()
    return create_app()


@asynccontextmanager
async def _lifespan(app: FastAPI):
    """SIGHUP reloads the index, as the admin endpoint does (one signal per worker process)."""
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGHUP, lambda *_: threading.Thread(target=_reload, args=(app,)).start())
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGHUP, previous)
        app.state.bot.store.close()


def _reload(app: FastAPI) -> None:
    try:
        changed = app.state.bot.reload()
        log.warning("SIGHUP: index %s", f"swapped to {app.state.bot.index.path.name}" if changed else "unchanged")
    except CorruptIndexError as exc:
        log.warning("SIGHUP: new index refused, keeping the old one: %s", exc)
