"""Loading the whole corpus: every article valid, ids unique, or nothing at all."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.corpus.article import Article, CorpusError, parse_article


def corpus_files(corpus_dir: Path) -> list[Path]:
    return sorted(p for p in corpus_dir.glob("*.md") if not p.name.startswith(("_", ".")) and p.name != "README.md")


def load_corpus(corpus_dir: Path) -> list[Article]:
    if not corpus_dir.is_dir():
        raise CorpusError(f"{corpus_dir}: corpus folder not found")
    articles: list[Article] = []
    seen: dict[str, Path] = {}
    for path in corpus_files(corpus_dir):
        article = parse_article(path)
        if article.id in seen:
            raise CorpusError(f"{path}: field 'id': '{article.id}' is already used by {seen[article.id].name}")
        seen[article.id] = path
        articles.append(article)
    if not articles:
        raise CorpusError(f"{corpus_dir}: no articles (*.md) found")
    return articles


def corpus_hash(corpus_dir: Path) -> str:
    """Content hash of the corpus files (names and bytes): the index is rebuilt when it changes."""
    digest = hashlib.sha256()
    for path in corpus_files(corpus_dir):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()
