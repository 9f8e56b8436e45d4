"""The access log: one line per request with its method, masked path, status and time.

It replaces uvicorn's own access log, which writes the query string: the search box sends what
is typed there on every keystroke, and WeChat's signed query strings are credentials. Neither a
query string nor an unmasked number ever reaches the log.
"""

from __future__ import annotations

import logging
import sys
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.text.mask import mask_pii

log = logging.getLogger("bot.access")


def configure() -> None:
    """Send the access log to standard output, where uvicorn's used to go."""
    if not log.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not log.isEnabledFor(logging.INFO):
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            path = mask_pii(scope.get("path", "")).text[:200]
            log.info("%s %s %d %.1fms", scope.get("method"), path, status, (time.perf_counter() - started) * 1000)
