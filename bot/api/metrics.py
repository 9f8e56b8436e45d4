"""Prometheus metrics: requests, latency, intents and unanswered turns.

Each app gets its own registry, so several apps in one process (tests) never collide.
"""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.api import access_log

LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("bot_http_requests_total", "HTTP requests", ["method", "route", "status"],
                                registry=self.registry)
        self.latency = Histogram("bot_http_request_seconds", "HTTP request latency", ["route"],
                                 buckets=LATENCY_BUCKETS, registry=self.registry)
        self.intents = Counter("bot_chat_intents_total", "Chat turns by intent", ["intent"], registry=self.registry)
        self.turns = Counter("bot_chat_turns_total", "Chat turns by outcome", ["status"], registry=self.registry)
        self.reloads = Counter("bot_index_reloads_total", "Index reloads", ["result"], registry=self.registry)

    def record_turn(self, intent: str, status: str) -> None:
        self.intents.labels(intent).inc()
        self.turns.labels(status).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)


class MetricsMiddleware:
    """Counts every HTTP request by its route template (not the raw path, which would explode),
    refusals included, and writes its access-log line."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
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
            seconds = time.perf_counter() - started
            route = scope.get("route")
            name = getattr(route, "path", "other")
            self.metrics.requests.labels(scope["method"], name, str(status)).inc()
            self.metrics.latency.labels(name).observe(seconds)
            access_log.record(scope["method"], scope.get("path", ""), status, seconds)
