"""Request and response shapes of the HTTP API (the contracts in DESIGN.md)."""

from __future__ import annotations

import unicodedata

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_MESSAGE_CHARS = 500
MAX_ID = 2**63 - 1  # what SQLite's INTEGER holds


def has_visible_text(value: str) -> bool:
    """False for text of spaces, zero-width and other invisible format characters only."""
    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Zs", "Zl", "Zp") for ch in value)


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    session_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    message: str = Field(max_length=MAX_MESSAGE_CHARS)
    city: str | None = Field(default=None, max_length=20)

    @field_validator("message")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not has_visible_text(value):
            raise ValueError("message is empty")
        return value

    model_config["json_schema_extra"] = {
        "examples": [{"session_id": "demo-1", "message": "济南医保卡里的钱可以给家人用吗？", "city": None}]
    }


class SessionCreated(BaseModel):
    session_id: str

    model_config = ConfigDict(json_schema_extra={"examples": [{"session_id": "s-3f9c2a7d1e0b4c5a6d7e8f90"}]})


class Citation(BaseModel):
    n: int
    title: str
    source: str
    date: str | None = Field(description="the source's date; null when the source gave none")
    url: str | None
    snippet: str
    reviewed: bool = Field(True, description="false for an imported draft no editor has published (「未经人工审核」)")


class ChatResponse(BaseModel):
    session_id: str
    message: str = Field(description="the user's message as stored: personal numbers masked")
    answer: str
    intent: str
    city: str | None = Field(description="where the person is insured, or where a move leaves from")
    to_city: str | None = Field(default=None, description="where a move goes (转入地); null when none")
    citations: list[Citation]
    suggestions: list[str]
    needs_city: bool
    turn_id: int = Field(description="the stored turn; send it back with POST /api/feedback")

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "session_id": "demo-1",
        "message": "济南医保卡里的钱可以给家人用吗",
        "answer": "济南参保人要先办理家庭共济绑定，家人才能使用个人账户里的钱。[1]\n…",
        "intent": "family_sharing",
        "city": "济南",
        "to_city": None,
        "citations": [{"n": 1, "title": "济南医保卡里的钱能给家人用吗", "source": "社保网《济南医保卡里的钱可以给家人用吗?》",
                       "date": "2025-12-11", "url": None, "snippet": "济南参保人要先办理家庭共济绑定，家人才能使用个人账户里的钱。"}],
        "suggestions": ["医保个人账户能跨省给家人用吗"],
        "needs_city": False,
        "turn_id": 1,
    }]})


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={
        "examples": [{"session_id": "demo-1", "turn_id": 1, "helpful": False, "comment": "没说济南在哪里办"}]
    })

    session_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    turn_id: int = Field(ge=1, le=MAX_ID)
    helpful: bool
    comment: str | None = Field(default=None, max_length=MAX_MESSAGE_CHARS)


class UnansweredItem(BaseModel):
    question: str
    city: str | None
    intent: str
    times: int
    last_asked: str


class SearchHit(BaseModel):
    rank: int
    score: float
    passage_id: str
    article_id: str = Field(description="the article the passage belongs to: its page is /articles/{article_id}")
    title: str
    heading: str
    section_heading: str | None = Field(
        default=None, description="the heading a reader sees; null for the article's lead answer, whose heading is internal")
    snippet: str
    highlighted: str
    marks: list[tuple[int, int]] = Field(default_factory=list, description="[start, end) of the query's words in snippet")
    city: str | None
    province: str | None
    also_for: list[str] = Field(default_factory=list, description="other places the same text was published for")
    date: str | None = Field(description="the source's date; null when the source gave none")
    source: str
    url: str | None


class DirectAnswer(BaseModel):
    answer: str
    intent: str
    citations: list[Citation]


class SearchResponse(BaseModel):
    query: str
    city: str | None
    direct_answer: DirectAnswer | None = None
    hits: list[SearchHit]
    no_match: bool = Field(default=False, description="true when nothing in the corpus is about the query; hits is then empty")
    no_match_reason: str | None = Field(
        default=None, description="why: out_of_scope (not about 医保), not_covered (a 医保 subject no article answers), "
                                  "no_overlap (no article shares its words) or filtered (the city and topic chosen leave none); "
                                  "null when there are hits")


class ArticleSection(BaseModel):
    heading: str | None = Field(description="null for the lead answer, whose heading is internal")
    text: str


class ArticleResponse(BaseModel):
    id: str
    title: str
    city: str | None
    province: str | None
    place: str = Field(description="the city, else the province, else 全国")
    topics: list[str]
    date: str | None = Field(description="the source's date; null when the source gave none")
    source: str = Field(description="the public citation: publisher and title")
    url: str | None = Field(description="the source's http(s) address; null when there is none")
    sections: list[ArticleSection]
    questions: list[str] = Field(description="the article's question variants")

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "fs-jinan", "title": "济南医保卡里的钱能给家人用吗", "city": "济南", "province": "山东", "place": "济南",
        "topics": ["family_sharing"], "date": "2025-12-11", "source": "社保网《济南医保卡里的钱可以给家人用吗?》",
        "url": None, "sections": [{"heading": None, "text": "济南职工医保参保人个人账户里的钱可以给近亲属用。"},
                                  {"heading": "谁能用", "text": "家庭共济的近亲属包括配偶、父母、子女……"}],
        "questions": ["济南医保卡的钱能给家里人用吗"],
    }]})
