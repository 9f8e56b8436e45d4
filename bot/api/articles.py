"""GET /api/articles/{article_id}: one corpus article as its page shows it.

The article is put back together from its indexed passages (one per ``## `` section). What a
reader sees is the title, the sections, the place, the date and the public citation; the
editors' remarks kept in the front matter (``note``) never reach the index, so never this page.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, HTTPException

from bot.api.deps import BotState, get_state
from bot.api.errors import bilingual
from bot.api.schemas import ArticleResponse
from bot.corpus.passages import LEAD_HEADING
from bot.index.store import PassageRecord

router = APIRouter(prefix="/api", tags=["articles"])

ARTICLE_ID = re.compile(r"[a-z0-9][a-z0-9-]{1,80}")  # the corpus's own rule for an article id
INTERNAL_HEADINGS = frozenset({LEAD_HEADING, "直接回答"})  # labels the corpus uses for itself, not for readers
WEB_ADDRESS = re.compile(r"https?://\S+", re.I)


def reader_heading(heading: str) -> str | None:
    """The section's heading as a reader should see it: None for the internal lead label."""
    return None if heading in INTERNAL_HEADINGS else heading


def public_url(url: str | None) -> str | None:
    """Only an http(s) address may become a link."""
    return url if url and WEB_ADDRESS.fullmatch(url) else None


def article_passages(state: BotState, article_id: str) -> list[PassageRecord]:
    """The article's sections in order; empty for an unknown or malformed id."""
    if not ARTICLE_ID.fullmatch(article_id):
        return []
    return sorted((p for p in state.index.passages if p.article_id == article_id), key=lambda p: p.position)


def require_article(state: BotState, article_id: str) -> list[PassageRecord]:
    passages = article_passages(state, article_id)
    if not passages:
        raise HTTPException(404, bilingual("找不到这篇文章，可能已经下线。可以回到搜索页重新查找。",
                                           f"No article with the id {article_id[:100]!r}.")["detail"])
    return passages


def article_view(passages: list[PassageRecord]) -> dict:
    first = passages[0]
    return {
        "id": first.article_id,
        "title": first.title,
        "city": first.city,
        "province": first.province,
        "place": first.region or "全国",
        "topics": list(first.topics),
        "date": first.published or None,
        "source": first.source,
        "url": public_url(first.url),
        "sections": [{"heading": reader_heading(p.heading), "text": p.text} for p in passages],
        "questions": list(dict.fromkeys(q for p in passages if p.position == 0 for q in p.questions)),
    }


@router.get("/articles/{article_id}", response_model=ArticleResponse,
            summary="One article: title, sections, place, date, public citation and question variants",
            responses={404: {"description": "no article with this id"}})
def article(article_id: str, state: BotState = Depends(get_state)) -> dict:
    return article_view(require_article(state, article_id))
