"""Security headers on every response; a Content-Security-Policy on the pages.

The pages load only their own scripts, styles and API, so the policy allows 'self' and nothing
inline. The chat page is the one page other sites may frame (the widget script puts it in an
iframe); the others refuse to be framed.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

EMBEDDABLE = ("/", "/chat")
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
               "object-src 'none'; base-uri 'none'; form-action 'self'")
ALWAYS = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer"}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in ALWAYS.items():
                    headers.setdefault(name, value)
                if headers.get("content-type", "").startswith("text/html"):
                    _page_headers(headers, embeddable=path in EMBEDDABLE)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _page_headers(headers: MutableHeaders, embeddable: bool) -> None:
    if embeddable:
        headers["content-security-policy"] = PAGE_POLICY + "; frame-ancestors *"
    else:
        headers["content-security-policy"] = PAGE_POLICY + "; frame-ancestors 'none'"
        headers["x-frame-options"] = "DENY"
