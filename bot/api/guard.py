"""Protecting the service: per-client rate limiting and a request size limit.

Pure ASGI middleware, so a refused request costs almost nothing and never reaches a router.
"""

from __future__ import annotations

import json
import math
import time

from limits import RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Only the API costs work; pages and static files are cheap, and a reload after a 429 must still
# show a page, not raw JSON. /wechat is limited per OpenID there.
LIMITED_PREFIXES = ("/api/", "/admin/")


class Allowance:
    """At most ``per_minute`` requests per key in any sliding minute (the ``limits`` library).

    Counts live in memory, or in Redis when a ``redis://`` URL is given, so that several API
    processes share one allowance per client instead of each granting its own.
    """

    def __init__(self, per_minute: int, storage_url: str | None = None, namespace: str = "http") -> None:
        self.item = RateLimitItemPerMinute(per_minute)
        self.namespace = namespace
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_url or "memory://"))

    def take(self, key: str) -> float:
        """0 when the request may go ahead, else the seconds to wait."""
        if self.limiter.hit(self.item, self.namespace, key):
            return 0.0
        reset_at, _ = self.limiter.get_window_stats(self.item, self.namespace, key)
        return max(1.0, reset_at - time.time())


async def _refuse(send: Send, status: int, zh: str, en: str, headers: list[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps({"detail": {"zh": zh, "en": en}}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": body})


class RateLimit:
    def __init__(self, app: ASGIApp, per_minute: int, storage_url: str | None = None) -> None:
        self.app = app
        self.buckets = Allowance(per_minute, storage_url) if per_minute > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.buckets is None or scope["type"] != "http" or not scope["path"].startswith(LIMITED_PREFIXES):
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.buckets.take(client)
        if wait > 0:
            retry = str(max(1, math.ceil(wait))).encode()
            return await _refuse(send, 429, "请求太频繁，请稍后再试。", "Too many requests; please retry later.",
                                 [(b"retry-after", retry)])
        return await self.app(scope, receive, send)


class BodySizeLimit:
    """413 for a body over ``max_bytes``, whether announced by Content-Length or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await _refuse(send, 413, "请求内容太大。", f"The request body is larger than {self.max_bytes} bytes.")
        received = 0
        refused = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:  # a streamed body: answer now, tell the app the client left
                    refused = True
                    await _refuse(send, 413, "请求内容太大。", f"The request body is larger than {self.max_bytes} bytes.")
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not refused:
                await send(message)

        await self.app(scope, limited_receive, guarded_send)


