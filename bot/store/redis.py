"""A store in Redis, so that several API processes (or machines) share sessions.

Keys (under a prefix, ``bot:`` by default)::

    session:<id>        JSON of the session state
    session-turns:<id>  list of the session's turn ids, in order
    turn:<n>            hash of one turn (masked)
    turn-id             counter for turn ids
    feedback-by-turn    hash: turn id → JSON of its feedback (the last one given)
    unanswered          hash: JSON [question, city, intent] → times asked
    unanswered-last     hash: same field → last time asked
    popular-articles    sorted set: article id → questions it answered
    handoffs            list of JSON hand-overs, newest first
    lock:<id>           the per-session lock held while a turn is answered
    active              sorted set: session id → when it was last active (for the retention purge)
"""

from __future__ import annotations

import contextlib
import json
import time
from datetime import datetime, timezone

import redis

from bot.dialog.state import SessionState
from bot.store.base import StoreUnavailable, TurnRecord, UnknownSession, UnknownTurn, store_errors

guarded = store_errors(redis.RedisError)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class RedisStore:
    def __init__(self, url: str, prefix: str = "bot:", lock_timeout: float = 30.0) -> None:
        self.client = redis.Redis.from_url(url, decode_responses=True)
        self.prefix = prefix
        self.lock_timeout = lock_timeout
        self.client.ping()  # fail at start-up, not on the first question

    def _key(self, *parts: object) -> str:
        return self.prefix + ":".join(str(p) for p in parts)

    @contextlib.contextmanager
    def session_lock(self, session_id: str):
        lock = self.client.lock(self._key("lock", session_id), timeout=self.lock_timeout,
                                blocking_timeout=self.lock_timeout)
        try:
            lock.acquire()
        except redis.RedisError as exc:
            raise StoreUnavailable(f"{type(exc).__name__}: {exc}") from exc
        try:
            yield
        finally:
            try:
                lock.release()
            except redis.RedisError:
                pass  # it expires by itself after lock_timeout

    @guarded
    def create_session(self, state: SessionState) -> None:
        pipe = self.client.pipeline(transaction=True)
        pipe.set(self._key("session", state.session_id), json.dumps(state.to_dict(), ensure_ascii=False), nx=True)
        pipe.zadd(self._key("active"), {state.session_id: time.time()})
        pipe.execute()

    @guarded
    def load_session(self, session_id: str) -> SessionState | None:
        raw = self.client.get(self._key("session", session_id))
        return SessionState.from_dict(json.loads(raw)) if raw else None

    @guarded
    def save_turn(self, state: SessionState, turn: TurnRecord) -> int:
        turn_id = int(self.client.incr(self._key("turn-id")))
        now = _now()
        pipe = self.client.pipeline(transaction=True)
        pipe.set(self._key("session", state.session_id), json.dumps(state.to_dict(), ensure_ascii=False))
        pipe.hset(self._key("turn", turn_id), mapping={
            "id": turn_id, "session_id": turn.session_id, "turn_no": state.turns, "message": turn.message,
            "intent": turn.intent, "city": turn.city or "", "status": turn.status, "answer": turn.answer,
            "citations": json.dumps(turn.citations, ensure_ascii=False), "confidence": turn.confidence,
            "created_at": now,
        })
        pipe.rpush(self._key("session-turns", state.session_id), turn_id)
        pipe.zadd(self._key("active"), {state.session_id: time.time()})
        if turn.status == "answered" and turn.article_id:
            pipe.zincrby(self._key("popular-articles"), 1, turn.article_id)
        if turn.status == "unanswerable":
            field = json.dumps([turn.message, turn.city, turn.intent], ensure_ascii=False)
            pipe.hincrby(self._key("unanswered"), field, 1)
            pipe.hset(self._key("unanswered-last"), field, now)
        if turn.status == "handoff":
            pipe.lpush(self._key("handoffs"), json.dumps({
                "session_id": state.session_id, "turn_id": turn_id, "city": state.city,
                "transcript": state.history, "created_at": now}, ensure_ascii=False))
        pipe.execute()
        return turn_id

    @guarded
    def add_feedback(self, session_id: str, turn_id: int, helpful: bool, comment: str | None) -> None:
        if not self.client.exists(self._key("session", session_id)):
            raise UnknownSession(session_id)
        if self.client.hget(self._key("turn", turn_id), "session_id") != session_id:
            raise UnknownTurn(turn_id)
        self.client.hset(self._key("feedback-by-turn"), str(turn_id), json.dumps({
            "session_id": session_id, "turn_id": turn_id, "helpful": helpful, "comment": comment,
            "created_at": _now()}, ensure_ascii=False))

    @guarded
    def session_turns(self, session_id: str) -> list[dict]:
        if not self.client.exists(self._key("session", session_id)):
            raise UnknownSession(session_id)
        ids = self.client.lrange(self._key("session-turns", session_id), 0, -1)
        pipe = self.client.pipeline()
        for turn_id in ids:
            pipe.hgetall(self._key("turn", turn_id))
        fields = ("id", "turn_no", "message", "intent", "city", "status", "answer", "created_at")
        turns = []
        for raw in pipe.execute():
            row = {k: raw.get(k) for k in fields}
            row["id"], row["turn_no"], row["city"] = int(row["id"]), int(row["turn_no"]), row["city"] or None
            turns.append(row)
        return turns

    @guarded
    def unanswered(self, limit: int = 50) -> list[dict]:
        counts = self.client.hgetall(self._key("unanswered"))
        last = self.client.hgetall(self._key("unanswered-last"))
        rows = []
        for field, times in counts.items():
            question, city, intent = json.loads(field)
            rows.append({"question": question, "city": city, "intent": intent, "times": int(times),
                         "last_asked": last.get(field, "")})
        rows.sort(key=lambda r: r["last_asked"], reverse=True)
        rows.sort(key=lambda r: r["times"], reverse=True)  # most asked first, then most recent
        return rows[:limit]

    @guarded
    def popular(self, limit: int = 20) -> list[str]:
        rows = self.client.zrevrange(self._key("popular-articles"), 0, limit - 1, withscores=True)
        return [article_id for article_id, times in rows if times >= 2]

    @guarded
    def handoffs(self, limit: int = 50) -> list[dict]:
        return [json.loads(raw) for raw in self.client.lrange(self._key("handoffs"), 0, limit - 1)]

    @guarded
    def purge(self, before: datetime) -> int:
        gone = self.client.zrangebyscore(self._key("active"), "-inf", before.timestamp())
        if not gone:
            return 0
        pipe = self.client.pipeline(transaction=True)
        for session_id in gone:
            turn_ids = self.client.lrange(self._key("session-turns", session_id), 0, -1)
            pipe.delete(self._key("session", session_id), self._key("session-turns", session_id),
                        *(self._key("turn", t) for t in turn_ids))
            pipe.zrem(self._key("active"), session_id)
        pipe.execute()
        verdicts = self.client.hgetall(self._key("feedback-by-turn"))
        old = [t for t, raw in verdicts.items() if json.loads(raw).get("session_id") in set(gone)]
        if old:
            self.client.hdel(self._key("feedback-by-turn"), *old)
        self._drop_records("handoffs", set(gone))
        cutoff = before.astimezone(timezone.utc).isoformat(timespec="seconds")
        stale = [f for f, last in self.client.hgetall(self._key("unanswered-last")).items() if last < cutoff]
        if stale:
            self.client.hdel(self._key("unanswered"), *stale)
            self.client.hdel(self._key("unanswered-last"), *stale)
        return len(gone)

    def _drop_records(self, name: str, sessions: set[str]) -> None:
        """Remove from a list of JSON records those of the given sessions."""
        key = self._key(name)
        for raw in self.client.lrange(key, 0, -1):
            if json.loads(raw).get("session_id") in sessions:
                self.client.lrem(key, 0, raw)

    @guarded
    def feedback_count(self) -> int:
        return int(self.client.hlen(self._key("feedback-by-turn")))

    def health(self) -> str | None:
        try:
            self.client.ping()
        except redis.RedisError as exc:
            return f"{type(exc).__name__}: {exc}"
        return None

    def close(self) -> None:
        self.client.close()
