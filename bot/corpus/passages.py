"""Cutting articles into passages along their ``## `` sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.corpus.article import Article
from bot.text.sentences import split_sentences
from bot.understand.facets import heading_facets

_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.M)


def _without(text: str, sentences: set[str]) -> str:
    kept = [s for s in split_sentences(text) if s not in sentences]
    return "".join(kept)
LEAD_HEADING = "一句话回答"


@dataclass(frozen=True)
class Passage:
    id: str  # "<article id>#<n>"
    article_id: str
    heading: str
    text: str
    position: int  # 0 for the article's first section
    facets: tuple[str, ...] = ()  # what the section answers: from its heading and the front matter
    questions: tuple[str, ...] = ()  # question variants of this section alone (front matter `sections`)

    @property
    def sentences(self) -> list[str]:
        return split_sentences(self.text)


def split_passages(article: Article) -> list[Passage]:
    """The article's sections; flagged sentences that no editor approved are left out."""
    passages = []
    unquotable = article.unquotable()
    for n, (heading, text) in enumerate(_sections(article.body)):
        if unquotable:
            text = _without(text, unquotable)
        if not text:
            continue
        extra = article.sections.get(heading)
        facets = heading_facets(heading, n) + tuple(extra.facets if extra else ())
        questions = tuple(extra.questions) if extra else ()
        passages.append(Passage(f"{article.id}#{n}", article.id, heading, text, n, tuple(dict.fromkeys(facets)), questions))
    return passages


def index_text(article: Article, passage: Passage) -> str:
    """What retrieval matches a passage on: title, heading and text; the lead passage also
    carries the article's question variants and phrasings, since it holds the direct answer to them."""
    parts = [article.title, passage.heading, passage.text, *passage.questions]
    if passage.position == 0:
        parts.extend(article.questions + article.phrasings)
    return "\n".join(parts)


def _sections(body: str) -> list[tuple[str, str]]:
    matches = list(_HEADING.finditer(body))
    if not matches:
        return [(LEAD_HEADING, _flatten(body))]
    sections = []
    preamble = body[: matches[0].start()].strip()
    if preamble:
        sections.append((LEAD_HEADING, _flatten(preamble)))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        sections.append((match.group(1), _flatten(body[match.end() : end])))
    return sections


def _flatten(text: str) -> str:
    """Join a section's lines; a line without closing punctuation becomes a sentence of its own."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return "".join(line if line[-1] in _CLOSERS else line + "。" for line in lines)


_CLOSERS = "。！？!?：:；;，,…"
