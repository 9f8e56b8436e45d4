"""/wechat: a WeChat Official Account server endpoint.

GET answers WeChat's server check; POST takes a message in WeChat's XML and replies in XML with
the answer and its sources as short lines, one session per user OpenID.

Before any other work a request must carry a well-formed, valid signature (SHA-1 of the sorted
token, timestamp and nonce), a recent timestamp, and a (timestamp, nonce) pair not used before,
so a captured signed URL cannot be replayed with another body. XML is parsed with defusedxml,
so entity and DTD tricks are refused.

Safe and compatible mode (``encrypt_type=aes``): the body's Encrypt must match ``msg_signature``
and decrypt (see wechat_crypto) to a message for our AppID; the reply is encrypted the same way.

WeChat resends a message whose reply is slow, so replies are remembered for a few minutes by
(OpenID, MsgId), or (OpenID, CreateTime) for events: a resend, even one arriving while the first
copy is still being answered, gets the same reply and makes no second turn. All users arrive
from a few Tencent addresses, so the per-address limiter skips /wechat; messages are limited per
OpenID instead, and one over the limit gets a short text (WeChat shows nothing on an error).
"""

from __future__ import annotations

import asyncio
import hmac
import re
import secrets
import threading
import time
import xml.etree.ElementTree as ET  # building replies only; parsing goes through defusedxml
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from bot.api.deps import BotState, get_state
from bot.api.errors import bilingual
from bot.api.guard import Allowance
from bot.api.wechat_crypto import WeChatCrypto, WeChatCryptoError, WrongAppIdError, signature_of
from bot.settings import Settings

__all__ = ["router", "signature_of"]

router = APIRouter(tags=["wechat"])
MAX_REPLY_CHARS = 600  # WeChat shows a few lines well; the sources follow the answer
NON_TEXT_REPLY = "您好，目前只能回答文字消息。请直接输入您的问题，例如：医保卡里的钱能给家人用吗？"
BUSY_REPLY = "消息太频繁，请稍后再试。"
REPLY_MEMORY_SECONDS = 300.0  # WeChat's three resends all come within about 15 seconds
REPLY_MEMORY_ENTRIES = 4096
NONCE_MEMORY_ENTRIES = 100_000
SAFE_MODE_OFF = ("未启用微信安全模式：请设置 BOT_WECHAT_AES_KEY 和 BOT_WECHAT_APP_ID，或在公众平台改用明文模式。",
                 "WeChat safe mode (encrypt_type=aes) is not configured: set BOT_WECHAT_AES_KEY and "
                 "BOT_WECHAT_APP_ID, or switch the account to plain mode.")
BAD_AES_KEY = ("BOT_WECHAT_AES_KEY 格式不对，应为公众平台给出的43个字符的 EncodingAESKey。",
               "BOT_WECHAT_AES_KEY is not a 43-character EncodingAESKey.")

# Anything else is refused like a wrong signature, before it can reach code that chokes on it:
# hmac.compare_digest raises on non-ASCII text, int() on "²" (which str.isdigit() accepts).
SIGNATURE = re.compile(r"[0-9a-fA-F]{40}")
TIMESTAMP = re.compile(r"[0-9]{1,16}")
NONCE = re.compile(r"[0-9A-Za-z_-]{1,64}")


class RecentMap:
    """A bounded, thread-safe map whose entries are forgotten ``ttl`` seconds after being added."""

    def __init__(self, ttl: float, max_entries: int) -> None:
        self.ttl, self.max_entries = ttl, max_entries
        self._items: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_add(self, key: Hashable, make: Callable[[], object]) -> tuple[object, bool]:
        """(the value already under ``key``, False), or (a new ``make()`` stored there, True)."""
        now = time.monotonic()
        with self._lock:
            while self._items and next(iter(self._items.values()))[0] <= now:
                self._items.popitem(last=False)  # insertion order is expiry order: one ttl for all
            if key in self._items:
                return self._items[key][1], False
            value = make()
            self._items[key] = (now + self.ttl, value)
            if len(self._items) > self.max_entries:
                self._items.popitem(last=False)
            return value, True

    def forget(self, key: Hashable) -> None:
        with self._lock:
            self._items.pop(key, None)


@dataclass
class PendingReply:
    """A reply being written; copies of the same message wait for ``ready``."""

    ready: asyncio.Event = field(default_factory=asyncio.Event)
    content: str | None = None


@dataclass
class WeChatGuards:
    used_nonces: RecentMap
    replies: RecentMap
    per_user: Allowance | None

    @classmethod
    def build(cls, settings: Settings) -> WeChatGuards:
        # a timestamp is accepted from max_age before it to max_age after it
        nonces = RecentMap(2.0 * settings.wechat_max_age_seconds, NONCE_MEMORY_ENTRIES)
        per_user = (Allowance(settings.wechat_per_minute, settings.redis_url, namespace="wechat")
                    if settings.wechat_per_minute > 0 else None)
        return cls(nonces, RecentMap(REPLY_MEMORY_SECONDS, REPLY_MEMORY_ENTRIES), per_user)


_guards_lock = threading.Lock()


def get_guards(request: Request, state: BotState = Depends(get_state)) -> WeChatGuards:
    """One set per app, made on first use (create_app knows nothing about WeChat)."""
    with _guards_lock:
        guards = getattr(request.app.state, "wechat_guards", None)
        if guards is None:
            guards = request.app.state.wechat_guards = WeChatGuards.build(state.settings)
        return guards


def _signed(expected: str, given: str | None) -> bool:
    return bool(given and SIGNATURE.fullmatch(given)) and hmac.compare_digest(expected, given.lower())


def _check(state: BotState, guards: WeChatGuards, signature: str, timestamp: str, nonce: str) -> None:
    token = state.settings.wechat_token
    if not token:
        raise HTTPException(404, "wechat endpoint not configured")
    if not (TIMESTAMP.fullmatch(timestamp) and NONCE.fullmatch(nonce)):
        raise HTTPException(403, "bad signature")
    if not _signed(signature_of(token, timestamp, nonce), signature):
        raise HTTPException(403, "bad signature")
    if abs(time.time() - int(timestamp)) > state.settings.wechat_max_age_seconds:
        raise HTTPException(403, "stale timestamp")
    _, first_use = guards.used_nonces.get_or_add((timestamp, nonce), lambda: True)
    if not first_use:
        raise HTTPException(403, "signed query already used")


@router.get("/wechat", response_class=PlainTextResponse, summary="WeChat server check")
def wechat_check(signature: str = Query(..., max_length=64), timestamp: str = Query(..., max_length=16),
                 nonce: str = Query(..., max_length=64), echostr: str = Query(..., max_length=256),
                 state: BotState = Depends(get_state), guards: WeChatGuards = Depends(get_guards)) -> str:
    _check(state, guards, signature, timestamp, nonce)
    return echostr


@router.post("/wechat", summary="A WeChat message in, the answer out (XML, plain or encrypted)",
             responses={400: {"description": "Malformed XML or ciphertext, or safe mode not configured"},
                        403: {"description": "Bad, stale or reused signature, or another AppID"}})
async def wechat_message(request: Request, signature: str = Query(..., max_length=64),
                         timestamp: str = Query(..., max_length=16), nonce: str = Query(..., max_length=64),
                         encrypt_type: str | None = Query(None, max_length=16),
                         msg_signature: str | None = Query(None, max_length=64),
                         state: BotState = Depends(get_state),
                         guards: WeChatGuards = Depends(get_guards)) -> Response:
    _check(state, guards, signature, timestamp, nonce)
    crypto = _crypto(state.settings) if encrypt_type == "aes" else None
    root = _parse(await request.body())
    if crypto is not None:
        root = _parse(_open(crypto, root, [state.settings.wechat_token, timestamp, nonce], msg_signature))
    user, account = root.findtext("FromUserName"), root.findtext("ToUserName")
    if not user or not account:
        raise HTTPException(400, "missing FromUserName or ToUserName")
    content = await _once(guards.replies, _message_key(root), lambda: _content(request, state, guards, root))
    xml = _reply_xml(account, user, content)
    if crypto is not None:
        xml = _seal(crypto, state.settings.wechat_token, xml)
    return Response(xml, media_type="application/xml; charset=utf-8")


def _parse(body: bytes | str) -> ET.Element:
    try:
        return fromstring(body, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError):
        raise HTTPException(400, "malformed XML") from None


def _crypto(settings: Settings) -> WeChatCrypto:
    if not settings.wechat_aes_key or not settings.wechat_app_id:
        raise HTTPException(400, bilingual(*SAFE_MODE_OFF)["detail"])
    try:
        return WeChatCrypto(settings.wechat_aes_key, settings.wechat_app_id)
    except WeChatCryptoError:  # a server misconfiguration, not the caller's fault
        raise HTTPException(500, bilingual(*BAD_AES_KEY)["detail"]) from None


def _open(crypto: WeChatCrypto, envelope: ET.Element, signed_parts: list[str], msg_signature: str | None) -> str:
    """The message inside a safe-mode body, once its msg_signature and AppID check out."""
    encrypted = envelope.findtext("Encrypt")
    if not encrypted:
        raise HTTPException(400, "missing Encrypt")
    if not _signed(signature_of(*signed_parts, encrypted), msg_signature):
        raise HTTPException(403, "bad msg_signature")
    try:
        return crypto.decrypt(encrypted)
    except WrongAppIdError:
        raise HTTPException(403, "message for another AppID") from None
    except WeChatCryptoError:
        raise HTTPException(400, "malformed Encrypt") from None


def _message_key(root: ET.Element) -> tuple | None:
    """What WeChat keeps the same when it resends: MsgId for messages, CreateTime for events."""
    user, msg_id, created = root.findtext("FromUserName"), root.findtext("MsgId"), root.findtext("CreateTime")
    if msg_id:
        return user, "msg", msg_id
    return (user, "event", created) if created else None


async def _once(replies: RecentMap, key: tuple | None, produce: Callable[[], Awaitable[str]]) -> str:
    """``produce()`` once per key; copies arriving meanwhile wait for its reply and share it."""
    if key is None:
        return await produce()
    while True:
        pending, mine = replies.get_or_add(key, PendingReply)
        if not mine:
            await pending.ready.wait()
            if pending.content is not None:
                return pending.content
            continue  # the first copy failed: this one takes its turn
        try:
            pending.content = await produce()
            return pending.content
        except BaseException:
            replies.forget(key)
            raise
        finally:
            pending.ready.set()


async def _content(request: Request, state: BotState, guards: WeChatGuards, root: ET.Element) -> str:
    user, message = root.findtext("FromUserName") or "", root.findtext("Content") or ""
    if guards.per_user is not None and guards.per_user.take(user) > 0:
        return BUSY_REPLY
    if root.findtext("MsgType") != "text" or not message.strip():
        return NON_TEXT_REPLY
    session = "wx-" + re.sub(r"[^A-Za-z0-9_.:-]", "_", user)[:60]
    # in a worker thread, so a slow answer does not hold up the resends waiting in _once
    result = await run_in_threadpool(state.chat.chat, session, message[:500], channel="wechat")
    request.app.state.metrics.record_turn(result.answer.intent, result.answer.status)
    return _text(result.answer)


def _text(answer) -> str:
    body = answer.text if len(answer.text) <= MAX_REPLY_CHARS else answer.text[:MAX_REPLY_CHARS] + "…"
    sources = [f"[{c.n}] {c.title}（{c.date or '日期不详'}）" for c in answer.citations]
    return "\n".join([body, *(["来源："] + sources if sources else [])])


def _xml(fields: list[tuple[str, str]]) -> str:
    root = ET.Element("xml")
    for tag, value in fields:
        ET.SubElement(root, tag).text = value
    return ET.tostring(root, encoding="unicode")


def _reply_xml(account: str, user: str, content: str) -> str:
    return _xml([("ToUserName", user), ("FromUserName", account), ("CreateTime", str(int(time.time()))),
                 ("MsgType", "text"), ("Content", content)])


def _seal(crypto: WeChatCrypto, token: str, xml: str) -> str:
    encrypted, timestamp, nonce = crypto.encrypt(xml), str(int(time.time())), str(secrets.randbelow(10**10))
    return _xml([("Encrypt", encrypted), ("MsgSignature", signature_of(token, timestamp, nonce, encrypted)),
                 ("TimeStamp", timestamp), ("Nonce", nonce)])
