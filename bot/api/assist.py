"""POST /api/assist: the hotline agent's view of a caller's question."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from bot.answer.compose import TOPIC_NAMES, Answer, templates
from bot.api.chat import resolve_city
from bot.api.deps import BotState, get_state
from bot.api.schemas import ChatRequest, Citation

router = APIRouter(prefix="/api", tags=["assist"])

# What the agent's screen calls each intent: the topics, and the turns that have none
INTENT_NAMES = {
    **TOPIC_NAMES,
    "greeting": "问候",
    "handoff": "转人工",
    "out_of_scope": "不在服务范围",
    "not_covered": "资料未覆盖",
    "unknown": "未识别主题",
}
OTHER_INTENT = "其他"


class AssistRequest(ChatRequest):
    """A chat turn, plus what the agent corrected on the screen. Every override is optional; one
    that is given wins over what the bot read from the message, and the session keeps it."""

    to_city: str | None = Field(default=None, max_length=20,
                                description="where a move goes (转入城市), as the agent corrected it")
    insurance: Literal["employee", "resident", "unknown"] | None = Field(
        default=None, description="职工医保 (employee), 居民医保 (resident), or unknown to forget what was read")

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"session_id": "demo-1", "message": "我爸在济南，能用我的医保卡开药吗？", "city": "济南",
         "to_city": None, "insurance": "employee"}]})


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
    insurance: str | None = Field(default=None, description="employee (职工医保), resident (居民医保) or null: not known")
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
             responses={404: {"description": "Unknown session_id"},
                        422: {"description": "Same rules as /api/chat; an unknown to_city or insurance too"}})
async def assist(body: AssistRequest, request: Request, state: BotState = Depends(get_state)) -> dict:
    resolve_city(body.city)
    resolve_city(body.to_city)
    result = state.chat.chat(body.session_id, body.message, body.city, to_city=body.to_city, insurance=body.insurance)
    answer = result.answer
    request.app.state.metrics.record_turn(answer.intent, answer.status)
    return {
        "session_id": body.session_id,
        "message": answer.message or answer.question,
        "intent": answer.intent,
        "topic": INTENT_NAMES.get(answer.intent, OTHER_INTENT),
        "city": answer.city,
        "to_city": answer.to_city,
        "insurance": result.state.insurance,
        "facts": [{"text": line.text, "refs": list(line.refs)} for line in answer.lines],
        "script": script_for(answer),
        "warnings": warnings_for(answer),
        "citations": [c.as_dict() for c in answer.citations],
        "needs_city": answer.needs_city,
        "turn_id": result.turn_id,
    }
