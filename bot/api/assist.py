"""POST /api/assist: the hotline agent's view of a caller's question."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from bot.answer.compose import TOPIC_NAMES, Answer
from bot.understand.intent import CASH_OUT, IMPERSONATION
from bot.api.chat import resolve_city
from bot.api.deps import BotState, get_state
from bot.api.schemas import ChatRequest, Citation
from bot.text.normalise import normalise

router = APIRouter(prefix="/api", tags=["assist"])
REFS = re.compile(r"\[\d+\]")
# Worth a reminder even when the question is a fair family-sharing one: 「我爸能用我的医保卡开药吗」
SOMEONES_CARD = re.compile(r"(用|拿|刷)[^，。,.?？]{0,4}的(医保|社保)?(卡|码)")


class Fact(BaseModel):
    text: str
    refs: list[int]


class AssistResponse(BaseModel):
    session_id: str
    intent: str
    topic: str
    city: str | None
    facts: list[Fact]
    script: str
    warnings: list[str]
    citations: list[Citation]
    needs_city: bool
    turn_id: int


def warnings_for(message: str, answer: Answer) -> list[str]:
    """Labels for the agent, not policy statements: the facts behind them are in the citations."""
    warnings = []
    text = normalise(message)
    if IMPERSONATION.search(text) or SOMEONES_CARD.search(text) or (answer.intent == "fraud" and not CASH_OUT.search(text)):
        warnings.append("冒名就医风险：提醒来电人看病必须用本人医保凭证")
    if CASH_OUT.search(text):
        warnings.append("套现风险：医保个人账户不能换成现金或物品")
    if answer.pii_kinds:
        warnings.append(f"来电人提供了个人信息（{'、'.join(answer.pii_kinds)}），已隐藏，勿记录")
    if answer.needs_city:
        warnings.append("尚不知道参保城市：请先问清参保地")
    return warnings


def script_for(answer: Answer) -> str:
    """What the agent reads aloud: the answer without citation marks."""
    lines = [REFS.sub("", line).lstrip("· ").strip() for line in answer.text.splitlines() if line.strip()]
    return "\n".join(lines)


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
        "intent": answer.intent,
        "topic": TOPIC_NAMES.get(answer.intent, answer.intent),
        "city": answer.city,
        "facts": [{"text": line.text, "refs": list(line.refs)} for line in answer.lines],
        "script": script_for(answer),
        "warnings": warnings_for(body.message, answer),
        "citations": [c.as_dict() for c in answer.citations],
        "needs_city": answer.needs_city,
        "turn_id": result.turn_id,
    }
