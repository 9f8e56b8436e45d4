"""The review queue over HTTP, for the operator page /admin/review.

GET /api/review lists the imported drafts in the corpus folder with their flagged sentences;
POST /api/review/{article_id} records editors' decisions (and may publish the draft) through
``bot.corpus.review.decide``, which rewrites the draft's front matter. The running index is not
touched: a decision shows in answers only after ``bot index`` and a reload.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from bot.api.deps import BotState, get_state, require_admin
from bot.api.errors import bilingual
from bot.corpus import review
from bot.corpus.article import Article, CorpusError

router = APIRouter(prefix="/api/review", tags=["operators"], dependencies=[Depends(require_admin)],
                   responses={401: {"description": "Missing or wrong token"},
                              404: {"description": "Operator endpoints are off, or no such draft"}})


class ReviewDecision(BaseModel):
    """Flag numbers to approve or reject, and whether to publish the draft afterwards."""

    model_config = ConfigDict(extra="forbid")

    approve: list[int] = Field(default=[], max_length=500)
    reject: list[int] = Field(default=[], max_length=500)
    publish: bool = False


def _split(message: str) -> tuple[str, str]:
    """ReviewError messages read "中文 / english"; a message without the separator serves both."""
    zh, sep, en = message.partition(" / ")
    return (zh.strip(), en.strip()) if sep else (message, message)


def _refuse(status: int, error: Exception) -> HTTPException:
    return HTTPException(status, bilingual(*_split(str(error)))["detail"])


def _draft(path, article: Article) -> dict:
    flags = article.review.flags if article.review else []
    return {
        "id": article.id,
        "title": article.title,
        "city": article.city,
        "province": article.province_name,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source,
        "file": path.name,
        "flags": [
            {"n": f.n, "sentence": f.sentence, "kind": f.kind, "rule": f.rule, "evidence": f.evidence,
             "why": f.why, "decision": f.decision}
            for f in flags
        ],
    }


def _drafts(state: BotState) -> list[tuple]:
    try:
        return review.drafts(state.settings.corpus_dir)
    except CorpusError as exc:
        raise HTTPException(500, bilingual("语料文件有误，无法读取待审稿件。", str(exc))["detail"]) from None


@router.get("", summary="Imported drafts and their flagged sentences, for editors")
def list_drafts(state: BotState = Depends(get_state)) -> list[dict]:
    return [_draft(path, article) for path, article in _drafts(state)]


@router.post("/{article_id}", summary="Approve or reject a draft's flagged sentences; publish it when all are decided",
             responses={409: {"description": "The decision cannot be carried out (unknown flag, flags pending)"},
                        422: {"description": "Malformed body"}})
def decide(article_id: str, body: ReviewDecision, state: BotState = Depends(get_state)) -> dict:
    corpus = state.settings.corpus_dir
    try:
        path, _ = review.find(corpus, article_id)
    except review.ReviewError as exc:
        raise _refuse(404, exc) from None
    except CorpusError as exc:
        raise HTTPException(500, bilingual("语料文件有误，无法读取待审稿件。", str(exc))["detail"]) from None
    try:
        article = review.decide(corpus, article_id, approve=body.approve, reject=body.reject, publish=body.publish)
    except review.ReviewError as exc:
        raise _refuse(409, exc) from None
    return {**_draft(path, article), "status": article.status, "reindex_needed": True,
            "note": bilingual("已保存，重新索引后生效（bot index，然后重新加载）。",
                              "Saved to the corpus file; answers change after `bot index` and a reload.")["detail"]}
