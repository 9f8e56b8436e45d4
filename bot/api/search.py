"""GET /api/search: ranked passages for the FAQ search box; GET /api/popular: what its empty page offers."""

from __future__ import annotations

import html

from fastapi import APIRouter, Depends, Query

from bot.api.articles import reader_heading
from bot.api.chat import resolve_city
from bot.api.deps import BotState, get_state
from bot.api.schemas import SearchResponse
from bot.corpus.article import CORE_TOPICS, Topic
from bot.answer.compose import TOPIC_NAMES
from bot.answer.suggest import suggest as rank_suggestions
from bot.store.base import StoreUnavailable
from bot.text.geo import gazetteer
from bot.understand.question import Question
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
    question = state.answerer.understand(q)  # once, for the relevance check and the answer card
    reason = _no_match(state, question)
    if reason:
        return {"query": q, "city": city_name, "direct_answer": None, "hits": [], "no_match": True,
                "no_match_reason": reason}
    topics = (topic,) if topic else ()
    hits = state.retriever.run(q, city=city_name, province=province, topics=topics, top_k=k * 3 if topic else k)
    if topic:
        hits = [h for h in hits if topic in h.passage.topics][:k]
    return {
        "query": q,
        "city": city_name,
        "direct_answer": _direct_answer(state, question, city_name, province),
        "no_match": not hits,
        "no_match_reason": None if hits else "filtered",
        "hits": [
            {
                "rank": rank,
                "score": round(hit.score, 6),
                "passage_id": hit.passage.id,
                "article_id": hit.passage.article_id,
                "title": hit.passage.title,
                "heading": hit.passage.heading,
                "section_heading": reader_heading(hit.passage.heading),
                "snippet": hit.passage.text,
                "highlighted": highlight(hit.passage.text, q),
                "marks": marks(hit.passage.text, q),
                "city": hit.passage.city,
                "province": hit.passage.province,
                "also_for": sorted({m.region or "全国" for m in state.retriever.members(hit.passage)}
                                   - {hit.passage.region or "全国"}),
                "date": hit.passage.published or None,
                "source": hit.passage.source,
                "url": hit.passage.url,
            }
            for rank, hit in enumerate(hits, 1)
        ],
    }


def _no_match(state: BotState, question: Question) -> str | None:
    """Why nothing in the corpus is about the query, or None when something may be. Retrieval
    always ranks some passage first; this decides whether listing it would help anyone."""
    if question.intent.label == "out_of_scope" and question.intent.certain:  # 天气预报, 股票
        return "out_of_scope"
    if question.not_covered:  # 医保, but a subject no article answers (生育保险, 报销比例)
        return "not_covered"
    if question.intent.label not in TOPIC_NAMES and state.retriever.lexical_score(question.masked) <= 0:
        return "no_overlap"  # no topic word and not one word the corpus uses
    return None


def _direct_answer(state: BotState, question: Question, city: str | None, province: str | None) -> dict | None:
    answer = state.answerer.answer(question, city, province)
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


POPULAR_AT_LEAST = 6  # the empty search page offers this many questions, popular or not


@router.get("/popular", response_model=list[str], summary="The most asked questions, in the corpus's words")
def popular(limit: int = Query(8, ge=1, le=20), state: BotState = Depends(get_state)) -> list[str]:
    """Questions of the articles that answered most, topped up with each topic's first
    question while there are fewer than six; never anything a user typed."""
    try:
        questions = list(dict.fromkeys(popular_questions(state, limit)))
    except StoreUnavailable:
        questions = []
    for question in topic_questions(state):
        if len(questions) >= min(limit, POPULAR_AT_LEAST):
            break
        if question not in questions:
            questions.append(question)
    return questions[:limit]


def topic_questions(state: BotState) -> list[str]:
    """The national articles' first questions, taking one topic at a time in turn
    (家庭共济, 提取, 转移接续, 余额查询, then again)."""
    bank = state.answerer.questions
    by_topic: dict[str, list[str]] = {topic: [] for topic in CORE_TOPICS}
    for item in bank.items:
        first = bank.question_of(item.article_id)
        if item.shown and item.region is None and item.topics[0] in by_topic and first not in by_topic[item.topics[0]]:
            by_topic[item.topics[0]].append(first)
    rounds = max((len(v) for v in by_topic.values()), default=0)
    return [qs[i] for i in range(rounds) for qs in by_topic.values() if i < len(qs)]


@router.get("/cities", response_model=list[str], summary="City names for the city picker, those with local articles first")
def cities(state: BotState = Depends(get_state)) -> list[str]:
    local = sorted({p.city for p in state.index.passages if p.city})
    return local + sorted(set(gazetteer().cities) - set(local))
