"""POST /api/chat: one turn of a conversation."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException

from bot.api.deps import BotState, get_state
from bot.api.errors import bilingual
from bot.api.schemas import ChatRequest, ChatResponse
from bot.text.geo import find_places

router = APIRouter(prefix="/api", tags=["chat"])


def resolve_city(value: str | None) -> tuple[str | None, str | None]:
    """The city the client picked (济南 or 济南市); an unknown name is a 422."""
    if value is None or not value.strip():
        return None, None
    places = find_places(value)
    if not places:
        raise HTTPException(422, bilingual(f"不认识的城市：{value[:20]}。", f"Unknown city: {value[:20]}.")["detail"])
    return places[0].city, places[0].province


@router.post(
    "/chat",
    response_model=ChatResponse,
    summary="Ask a question, get a cited answer",
    responses={422: {"description": "Empty, over-long or malformed message, unknown field or city"}},
)
def chat(body: ChatRequest, state: BotState = Depends(get_state)) -> dict:
    city, province = resolve_city(body.city)
    answer = state.answerer.answer(body.message, city=city, province=province)
    return answer.as_chat_dict(body.session_id)
