"""GET /api/search: ranked passages for the FAQ search box."""

from __future__ import annotations

import html

from fastapi import APIRouter, Depends, Query

from bot.api.chat import resolve_city
from bot.api.deps import BotState, get_state
from bot.api.schemas import SearchResponse
from bot.text.segment import segmenter

router = APIRouter(prefix="/api", tags=["search"])


def highlight(text: str, query: str) -> str:
    """HTML-escaped ``text`` with the query's words wrapped in <mark>."""
    words = sorted({w for w in segmenter().words(query) if len(w) > 1 and w in text}, key=len, reverse=True)
    out, i = [], 0
    while i < len(text):
        word = next((w for w in words if text.startswith(w, i)), None)
        if word is None:
            out.append(html.escape(text[i]))
            i += 1
        else:
            out.append(f"<mark>{html.escape(word)}</mark>")
            i += len(word)
    return "".join(out)


@router.get("/search", response_model=SearchResponse, summary="Ranked passages with highlighted snippets")
def search(
    q: str = Query(min_length=1, max_length=200, description="the words typed, e.g. 医保 提取"),
    city: str | None = Query(None, max_length=20, description="rank this city's passages first"),
    k: int = Query(5, ge=1, le=50),
    state: BotState = Depends(get_state),
) -> dict:
    city_name, province = resolve_city(city)
    hits = state.retriever.run(q, city=city_name, province=province, top_k=k)
    return {
        "query": q,
        "city": city_name,
        "hits": [
            {
                "rank": rank,
                "score": round(hit.score, 6),
                "passage_id": hit.passage.id,
                "title": hit.passage.title,
                "heading": hit.passage.heading,
                "snippet": hit.passage.text,
                "highlighted": highlight(hit.passage.text, q),
                "city": hit.passage.city,
                "province": hit.passage.province,
                "also_for": sorted({m.region or "全国" for m in state.retriever.members(hit.passage)}
                                   - {hit.passage.region or "全国"}),
                "date": hit.passage.published,
                "source": hit.passage.source,
                "url": hit.passage.url,
            }
            for rank, hit in enumerate(hits, 1)
        ],
    }
