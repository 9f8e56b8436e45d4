"""POST /api/assist: the hotline agent's view of a caller's question."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from bot.answer.compose import TOPIC_NAMES, Answer, templates
from bot.api.chat import resolve_city
from bot.api.deps import BotState, get_state
from bot.api.schemas import ChatRequest, Citation

router = APIRouter(prefix="/api", tags=["assist"])


class Fact(BaseModel):
    text: str
    refs: list[int]


class AssistResponse(BaseModel):
    session_id: str
    message: str = Field(description="the caller's words as stored: personal numbers masked")
    intent: str
    topic: str
    city: str | None
    to_city: str | None = None
    facts: list[Fact]
    script: str
    warnings: list[str]
    citations: list[Citation]
    needs_city: bool
    turn_id: int


def warnings_for(answer: Answer) -> list[str]:
    """Labels for the agent that fit the call, not policy statements (the facts behind them are in
    the citations): 冒名就医 when a card is to be lent or used for someone else, 套现 when the
    balance is to be cashed out or sold, never for a bereaved family or a lawful withdrawal."""
    q = answer.understood
    cues = q.cues if q else frozenset()
    warnings = []
    if "impersonation" in cues or (answer.intent == "fraud" and "cash_out" not in cues):
        warnings.append("冒名就医风险：提醒来电人看病必须用本人医保凭证")
    if "cash_out" in cues:
        warnings.append("套现风险：医保个人账户不能换成现金或物品")
    if answer.pii_kinds:
        warnings.append(f"来电人提供了个人信息（{'、'.join(answer.pii_kinds)}），已隐藏，勿记录")
    if answer.needs_city:
        warnings.append("尚不知道参保城市：请先问清参保地")
    elif answer.city and answer.local_found is False:
        warnings.append(f"未收录{answer.city}的专门规定：以下为全国通行做法，请提醒来电人向当地核实")
    if answer.intent == "transfer" and answer.city and not answer.to_city:
        warnings.append("尚不知道转入地：请问清要转到哪个城市")
    return warnings


def script_for(answer: Answer) -> str:
    """What the agent reads aloud, built from the same lines as the chat answer."""
    if answer.status in ("greeting", "handoff", "out_of_scope"):
        return answer.text
    lines = [line.text for line in answer.lines]
    place = answer.city or answer.province
    text = templates().get_template("assist_script.j2").render(answer=answer, lines=lines, place=place)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


@router.post("/assist", response_model=AssistResponse,
             summary="Key facts, a script to read aloud, warnings and sources for a hotline agent",
             responses={404: {"description": "Unknown session_id"}, 422: {"description": "Same rules as /api/chat"}})
async def assist(body: ChatRequest, request: Request, state: BotState = Depends(get_state)) -> dict:
    resolve_city(body.city)
    result = state.chat.chat(body.session_id, body.message, body.city)
    answer = result.answer
    request.app.state.metrics.record_turn(answer.intent, answer.status)
    return {
        "session_id": body.session_id,
        "message": answer.message or answer.question,
        "intent": answer.intent,
        "topic": TOPIC_NAMES.get(answer.intent, answer.intent),
        "city": answer.city,
        "to_city": answer.to_city,
        "facts": [{"text": line.text, "refs": list(line.refs)} for line in answer.lines],
        "script": script_for(answer),
        "warnings": warnings_for(answer),
        "citations": [c.as_dict() for c in answer.citations],
        "needs_city": answer.needs_city,
        "turn_id": result.turn_id,
    }
