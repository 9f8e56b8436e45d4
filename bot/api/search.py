"""GET /api/search: ranked passages for the FAQ search box."""

from __future__ import annotations

import html

from fastapi import APIRouter, Depends, Query

from bot.api.chat import resolve_city
from bot.api.deps import BotState, get_state
from bot.api.schemas import SearchResponse
from bot.corpus.article import Topic
from bot.answer.suggest import suggest as rank_suggestions
from bot.text.geo import gazetteer
from bot.text.mask import mask_pii
from bot.text.segment import segmenter

router = APIRouter(prefix="/api", tags=["search"])


def marks(text: str, query: str) -> list[tuple[int, int]]:
    """[start, end) ranges of the query's words in ``text``, longest word first at each point."""
    words = sorted({w for w in segmenter().words(query) if len(w) > 1 and w in text}, key=len, reverse=True)
    ranges, i = [], 0
    while i < len(text):
        word = next((w for w in words if text.startswith(w, i)), None)
        if word is None:
            i += 1
        else:
            ranges.append((i, i + len(word)))
            i += len(word)
    return ranges


def highlight(text: str, query: str) -> str:
    """HTML-escaped ``text`` with the query's words wrapped in <mark>."""
    out, at = [], 0
    for start, end in marks(text, query):
        out.append(html.escape(text[at:start]) + f"<mark>{html.escape(text[start:end])}</mark>")
        at = end
    return "".join(out) + html.escape(text[at:])


DIRECT_ANSWER_CONFIDENCE = 0.75  # a typed question this close to a known one gets an answer card


@router.get("/search", response_model=SearchResponse, summary="Ranked passages with highlighted snippets")
def search(
    q: str = Query(min_length=1, max_length=200, description="the words typed, e.g. 医保 提取"),
    city: str | None = Query(None, max_length=20, description="rank this city's passages first"),
    topic: Topic | None = Query(None, description="only passages of this topic"),
    k: int = Query(5, ge=1, le=50),
    state: BotState = Depends(get_state),
) -> dict:
    city_name, province = resolve_city(city)
    q = mask_pii(q).text  # searched, echoed and highlighted only masked
    topics = (topic,) if topic else ()
    hits = state.retriever.run(q, city=city_name, province=province, topics=topics, top_k=k * 3 if topic else k)
    if topic:
        hits = [h for h in hits if topic in h.passage.topics][:k]
    return {
        "query": q,
        "city": city_name,
        "direct_answer": _direct_answer(state, q, city_name, province),
        "hits": [
            {
                "rank": rank,
                "score": round(hit.score, 6),
                "passage_id": hit.passage.id,
                "title": hit.passage.title,
                "heading": hit.passage.heading,
                "snippet": hit.passage.text,
                "highlighted": highlight(hit.passage.text, q),
                "marks": marks(hit.passage.text, q),
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


def _direct_answer(state: BotState, q: str, city: str | None, province: str | None) -> dict | None:
    answer = state.answerer.answer(q, city, province)
    if answer.status != "answered" or answer.guessed_topic or answer.confidence < DIRECT_ANSWER_CONFIDENCE:
        return None
    return {"answer": answer.text, "intent": answer.intent, "citations": [c.as_dict() for c in answer.citations]}


@router.get("/suggest", response_model=list[str], summary="Question completions for the search box")
def suggest(q: str = Query("", max_length=100, description="what has been typed so far"),
            limit: int = Query(8, ge=1, le=20), state: BotState = Depends(get_state)) -> list[str]:
    return rank_suggestions(q, popular_questions(state) + state.answerer.questions.shown(), limit)


def popular_questions(state: BotState, limit: int = 20) -> list[str]:
    """The corpus questions of the articles that answered most questions: popularity without
    ever showing what somebody typed."""
    bank = state.answerer.questions
    return [q for q in (bank.question_of(a) for a in state.store.popular(limit)) if q]


@router.get("/cities", response_model=list[str], summary="City names for the city picker, those with local articles first")
def cities(state: BotState = Depends(get_state)) -> list[str]:
    local = sorted({p.city for p in state.index.passages if p.city})
    return local + sorted(set(gazetteer().cities) - set(local))
