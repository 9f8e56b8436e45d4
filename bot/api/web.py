"""The three front ends (chat widget, FAQ search, agent assist), the article pages and the embed script."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from bot.api.articles import require_article
from bot.api.deps import BotState, get_state
from bot.api.errors import bilingual

STATIC = Path(str(resources.files("bot.web").joinpath("static")))
router = APIRouter(include_in_schema=False)
PAGES = {"/": "chat.html", "/chat": "chat.html", "/search": "search.html", "/assist": "assist.html"}


def _page(name: str):
    def serve() -> FileResponse:
        return FileResponse(STATIC / name, media_type="text/html; charset=utf-8")

    return serve


for path, file in PAGES.items():
    router.add_api_route(path, _page(file), methods=["GET", "HEAD"])


@router.api_route("/articles/{article_id}", methods=["GET", "HEAD"])
def article_page(article_id: str, state: BotState = Depends(get_state)) -> FileResponse:
    """One article's page; article.js fetches /api/articles/{id}. An unknown id is a 404 here already."""
    require_article(state, article_id)
    return FileResponse(STATIC / "article.html", media_type="text/html; charset=utf-8")


@router.api_route("/admin/review", methods=["GET", "HEAD"])
def review_page(state: BotState = Depends(get_state)) -> FileResponse:
    """The editors' review queue; review.js asks for the operator token. Off (404) without BOT_ADMIN_TOKEN."""
    if not state.settings.admin_token:
        raise HTTPException(404, bilingual("未启用运营页面。", "The operator pages are off: set BOT_ADMIN_TOKEN.")["detail"])
    return FileResponse(STATIC / "review.html", media_type="text/html; charset=utf-8")


@router.api_route("/widget.js", methods=["GET", "HEAD"])
def widget_script() -> FileResponse:
    return FileResponse(STATIC / "embed.js", media_type="text/javascript; charset=utf-8")


def mount_static(app) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
