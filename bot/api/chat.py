"""POST /api/chat: one turn of a conversation."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request

from bot.api.deps import BotState, get_state
from bot.api.errors import bilingual
from bot.api.schemas import ChatRequest, ChatResponse, SessionCreated
from bot.text.geo import find_places
from bot.text.mask import mask_pii

router = APIRouter(prefix="/api", tags=["chat"])


def resolve_city(value: str | None) -> tuple[str | None, str | None]:
    """The city the client picked (济南 or 济南市); an unknown name is a 422."""
    if value is None or not value.strip():
        return None, None
    places = find_places(value)
    if not places:
        shown = mask_pii(value).text[:20]  # never echo a number somebody typed into the city box
        raise HTTPException(422, bilingual(f"不认识的城市：{shown}。", f"Unknown city: {shown}.")["detail"])
    return places[0].city, places[0].province


@router.get("/about", summary="Who runs the service, for the pages' first screen")
def about(state: BotState = Depends(get_state)) -> dict:
    return {"operator": state.settings.service_operator, "hotline": "12393",
            "notice": "回答仅供参考，不是医保部门的官方答复；具体以参保地医保部门的规定为准。"}


@router.post(
    "/sessions",
    status_code=201,
    response_model=SessionCreated,
    summary="Start a conversation",
    description="Returns a new `session_id` for POST /api/chat and /api/assist. The server issues ids; "
                "a turn sent with an id it never issued (or one that has expired) gets a 404.",
)
def start_session(state: BotState = Depends(get_state)) -> dict:
    return {"session_id": state.chat.start()}


@router.post(
    "/chat",
    response_model=ChatResponse,
    summary="One turn of a conversation: a cited answer",
    description=(
        "The session remembers the city, the insurance type and the topic across turns: 「我在菏泽」 answers "
        "the waiting question for 菏泽, 「那青岛呢」 switches city, 「那余额怎么查」 switches topic. Start with "
        "POST /api/sessions; an unknown `session_id` gets a 404. Personal numbers in the message are masked before anything is "
        "stored or echoed."
    ),
    responses={404: {"description": "Unknown session_id"},
               422: {"description": "Empty, over-long or malformed message, wrong types, unknown field or city"}},
)
async def chat(body: ChatRequest, request: Request, state: BotState = Depends(get_state)) -> dict:
    # answered on the event loop: the work is ~2 ms of CPU, and a thread hop per request costs
    # more under load than it saves (the GIL lets one thread run at a time anyway)
    resolve_city(body.city)
    result = state.chat.chat(body.session_id, body.message, body.city)
    request.app.state.metrics.record_turn(result.answer.intent, result.answer.status)
    return {**result.answer.as_chat_dict(body.session_id), "turn_id": result.turn_id}
