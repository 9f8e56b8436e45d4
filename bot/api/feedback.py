"""POST /api/feedback, and the operator views of what the bot could not answer."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query

from bot.api.deps import BotState, get_state, require_admin
from bot.api.errors import bilingual, unknown_session
from bot.api.schemas import FeedbackRequest, UnansweredItem
from bot.dialog.service import belongs_to
from bot.store.base import UnknownSession, UnknownTurn
from bot.text.mask import mask_pii

router = APIRouter(prefix="/api", tags=["feedback"])


@router.post(
    "/feedback",
    status_code=201,
    summary="Was this answer helpful?",
    responses={404: {"description": "Unknown session or turn"}, 422: {"description": "Malformed body"}},
)
def feedback(body: FeedbackRequest, state: BotState = Depends(get_state)) -> dict:
    comment = mask_pii(body.comment).text.strip() if body.comment else None
    if not belongs_to(body.session_id, "web"):
        raise HTTPException(404, unknown_session()["detail"])
    try:
        state.store.add_feedback(body.session_id, body.turn_id, body.helpful, comment)
    except UnknownSession:
        raise HTTPException(404, unknown_session()["detail"]) from None
    except UnknownTurn:
        raise HTTPException(404, bilingual("这个会话里没有这一轮对话。", "No such turn_id in this session.")["detail"]) from None
    return {"ok": True}


OPERATOR = {"tags": ["operators"], "dependencies": [Depends(require_admin)],
            "responses": {401: {"description": "Missing or wrong token"},
                          404: {"description": "Operator endpoints are off (no BOT_ADMIN_TOKEN)"}}}


@router.get("/unanswered", response_model=list[UnansweredItem], **OPERATOR,
            summary="Questions the bot could not answer, most asked first (masked), for corpus editors")
def unanswered(limit: int = Query(50, ge=1, le=500), state: BotState = Depends(get_state)) -> list[dict]:
    return state.store.unanswered(limit)


@router.get("/handoffs", **OPERATOR, summary="Conversations handed over to a person, newest first")
def handoffs(limit: int = Query(50, ge=1, le=500), state: BotState = Depends(get_state)) -> list[dict]:
    return state.store.handoffs(limit)


@router.get("/sessions/{session_id}", **OPERATOR, summary="A session's stored turns (masked)")
def session_turns(session_id: str, state: BotState = Depends(get_state)) -> dict:
    try:
        return {"session_id": session_id, "turns": state.store.session_turns(session_id)}
    except UnknownSession:
        raise HTTPException(404, unknown_session()["detail"]) from None
