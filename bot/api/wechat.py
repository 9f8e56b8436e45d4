"""/wechat: a WeChat Official Account server endpoint.

GET answers WeChat's server check; POST takes a text message in WeChat's XML and replies in
XML with the answer and its sources as short lines, one session per user OpenID. Requests must
carry a valid signature (SHA-1 of the sorted token, timestamp and nonce) and a recent timestamp;
XML is parsed with defusedxml, so entity and DTD tricks are refused.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
import xml.etree.ElementTree as ET  # building replies only; parsing goes through defusedxml

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse, Response

from bot.api.deps import BotState, get_state

router = APIRouter(tags=["wechat"])
MAX_REPLY_CHARS = 600  # WeChat shows a few lines well; the sources follow the answer
NON_TEXT_REPLY = "您好，目前只能回答文字消息。请直接输入您的问题，例如：医保卡里的钱能给家人用吗？"


def signature_of(token: str, timestamp: str, nonce: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()


def _check(state: BotState, signature: str, timestamp: str, nonce: str) -> None:
    token = state.settings.wechat_token
    if not token:
        raise HTTPException(404, "wechat endpoint not configured")
    if not hmac.compare_digest(signature_of(token, timestamp, nonce), signature.lower()):
        raise HTTPException(403, "bad signature")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > state.settings.wechat_max_age_seconds:
        raise HTTPException(403, "stale timestamp")


@router.get("/wechat", response_class=PlainTextResponse, summary="WeChat server check")
def wechat_check(signature: str = Query(..., max_length=64), timestamp: str = Query(..., max_length=16),
                 nonce: str = Query(..., max_length=64), echostr: str = Query(..., max_length=256),
                 state: BotState = Depends(get_state)) -> str:
    _check(state, signature, timestamp, nonce)
    return echostr


@router.post("/wechat", summary="A WeChat text message in, the answer out (XML)",
             responses={400: {"description": "Malformed XML"}, 403: {"description": "Bad signature or stale"}})
async def wechat_message(request: Request, signature: str = Query(..., max_length=64),
                         timestamp: str = Query(..., max_length=16), nonce: str = Query(..., max_length=64),
                         state: BotState = Depends(get_state)) -> Response:
    _check(state, signature, timestamp, nonce)
    try:
        root = fromstring(await request.body(), forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError):
        raise HTTPException(400, "malformed XML") from None
    user, account = root.findtext("FromUserName"), root.findtext("ToUserName")
    if not user or not account:
        raise HTTPException(400, "missing FromUserName or ToUserName")
    if root.findtext("MsgType") != "text" or not (root.findtext("Content") or "").strip():
        return _reply(account, user, NON_TEXT_REPLY)
    session = "wx-" + re.sub(r"[^A-Za-z0-9_.:-]", "_", user)[:60]
    result = state.chat.chat(session, (root.findtext("Content") or "")[:500], create=True)
    request.app.state.metrics.record_turn(result.answer.intent, result.answer.status)
    return _reply(account, user, _text(result.answer))


def _text(answer) -> str:
    body = answer.text if len(answer.text) <= MAX_REPLY_CHARS else answer.text[:MAX_REPLY_CHARS] + "…"
    sources = [f"[{c.n}] {c.title}（{c.date}）" for c in answer.citations]
    return "\n".join([body, *(["来源："] + sources if sources else [])])


def _reply(account: str, user: str, content: str) -> Response:
    xml = ET.Element("xml")
    for tag, value in (("ToUserName", user), ("FromUserName", account), ("CreateTime", str(int(time.time()))),
                       ("MsgType", "text"), ("Content", content)):
        ET.SubElement(xml, tag).text = value
    return Response(ET.tostring(xml, encoding="unicode"), media_type="application/xml; charset=utf-8")
