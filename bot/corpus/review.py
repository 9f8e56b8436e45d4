"""The review queue of imported drafts.

Each draft carries its flagged sentences in its own front matter (``review.flags``), and an
editor's decision on each (approved: may be quoted; rejected: never). ``bot review`` and the
operator page /admin/review both act through this module. Decisions are remembered by the
sentence with its place names left out, so a re-import of the page, or a city-swapped copy of it,
does not ask again.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bot.corpus.article import Article, Review, ReviewFlag, parse_article, render_article
from bot.corpus.loader import corpus_files
from bot.text.geo import gazetteer


class ReviewError(ValueError):
    """An editor's request that cannot be carried out; the message says why."""


def placeless(sentence: str) -> str:
    """The sentence as the same template reads in every city: 「济南参保人…」 ≈ 「青岛参保人…」."""
    return gazetteer().blank_places(sentence, mark="").replace(" ", "")


def drafts(corpus_dir: Path) -> list[tuple[Path, Article]]:
    """The imported drafts in the corpus folder, oldest file name first."""
    found = []
    for path in corpus_files(corpus_dir):
        article = parse_article(path)
        if article.status == "draft":
            found.append((path, article))
    return found


def decisions(articles: Iterable[Article]) -> dict[str, str]:
    """What editors decided so far on these articles' flags, by place-free sentence."""
    decided: dict[str, str] = {}
    for article in articles:
        for flag in article.review.flags if article.review else []:
            if flag.decision != "pending":
                decided[placeless(flag.sentence)] = flag.decision
    return decided


def numbered(flags: Iterable[ReviewFlag], decided: dict[str, str]) -> Review:
    """Flags numbered from 1 in page order, each with the decision already taken on its sentence."""
    return Review(flags=[
        flag.model_copy(update={"n": n, "decision": decided.get(placeless(flag.sentence), flag.decision)})
        for n, flag in enumerate(flags, 1)
    ])


def find(corpus_dir: Path, article_id: str) -> tuple[Path, Article]:
    for path, article in drafts(corpus_dir):
        if article.id == article_id:
            return path, article
    raise ReviewError(f"没有这篇待审稿件 / no draft with id {article_id!r}")


def decide(corpus_dir: Path, article_id: str, approve: Iterable[int] = (), reject: Iterable[int] = (),
           publish: bool = False) -> Article:
    """Approve or reject flagged sentences by number, then publish the draft if asked. Publishing
    needs every flag decided: a pending flag means nobody has looked at that sentence yet."""
    path, article = find(corpus_dir, article_id)
    approve, reject = set(approve), set(reject)
    if approve & reject:
        raise ReviewError(f"同一条不能既通过又驳回 / flag {min(approve & reject)} is both approved and rejected")
    flags = article.review.flags if article.review else []
    known = {f.n for f in flags}
    unknown = sorted((approve | reject) - known)
    if unknown:
        raise ReviewError(f"没有第 {unknown[0]} 条标记 / {article_id} has no flag {unknown[0]}")
    flags = [f.model_copy(update={"decision": "approved" if f.n in approve else "rejected" if f.n in reject else f.decision})
             for f in flags]
    updated = article.model_copy(update={"review": Review(flags=flags)})
    if publish:
        pending = [f.n for f in flags if f.decision == "pending"]
        if pending:
            raise ReviewError(f"还有未处理的标记，不能发布 / decide flags {pending} before publishing")
        updated = updated.model_copy(update={"status": "published"})
    _write(path, updated)
    return updated


def _write(path: Path, article: Article) -> None:
    Article.model_validate(article.model_dump())  # the file must still load
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(render_article(article), encoding="utf-8")
    tmp.replace(path)
