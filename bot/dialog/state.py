"""What a conversation remembers between turns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class SessionState:
    """The slots a hotline agent would keep in mind: where the person is insured, which
    insurance they have, what they asked about, and a question still waiting for its city."""

    session_id: str
    city: str | None = None
    province: str | None = None
    to_city: str | None = None  # where a move goes (转入地), when the person said so
    topic: str | None = None
    insurance: str | None = None  # "employee" (职工医保) or "resident" (城乡居民医保)
    retired: bool = False  # the person asked about has retired: rules for retirees answer them
    situation: str | None = None  # a death, joining the army, settling abroad: what the follow-ups are about
    last_question: str | None = None  # masked
    pending_question: str | None = None  # asked before the city was known
    last_lead: str | None = None  # the first line of the last answer: a follow-up does not say it again
    last_uncovered: str | None = None  # the last question no article covers (masked), for its follow-ups
    turns: int = 0
    history: list[dict] = field(default_factory=list)  # the last few masked turns, for hand-over

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> SessionState:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)
