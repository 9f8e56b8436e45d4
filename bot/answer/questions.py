"""The questions the corpus can answer: every article's question variants and phrasings,
embedded once.

They serve three purposes: the nearest question variants are offered when the bot is unsure
(「您是不是想问」; phrasings, with their typos and dialect, are never shown), all of them rank
articles in the hybrid retriever (an FAQ-style match), and the similarity to the nearest one is
part of the answer's confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from bot.index.store import LoadedIndex
from bot.text.geo import gazetteer


def _placeless(text: str) -> str:
    """Questions are compared on what they ask, not where: 「深圳医保能取吗」 ≈ 「济南医保能取吗」."""
    return gazetteer().blank_places(text, mark="")


@dataclass(frozen=True)
class KnownQuestion:
    text: str
    article_id: str
    topics: tuple[str, ...]
    region: str | None
    similarity: float = 0.0
    shown: bool = True  # a question variant; False for a phrasing, which is never offered to users
    passage_id: str = ""  # the answer unit it asks for: the article's first section, or a section's own


class QuestionBank:
    def __init__(self, index: LoadedIndex) -> None:
        self.embedder = index.embedder
        self.items = [
            KnownQuestion(q, p.article_id, p.topics, p.region, shown=shown, passage_id=p.id)
            for p in index.passages
            for texts, shown in ((p.questions, True), (p.phrasings, False))
            for q in texts
        ]
        self._shown = [item.text for item in self.items if item.shown]
        self._first_of_article: dict[str, str] = {}
        for item in self.items:
            if item.shown:
                self._first_of_article.setdefault(item.article_id, item.text)
        self.passage_ids = list(dict.fromkeys(item.passage_id for item in self.items))
        unit = {pid: i for i, pid in enumerate(self.passage_ids)}
        self._firsts = {p.id for p in index.passages if p.position == 0}
        self._unit_of = np.array([unit[item.passage_id] for item in self.items], dtype=np.int64)
        # the items come passage by passage, so each unit's questions are one run of rows
        self._unit_starts = np.flatnonzero(np.r_[True, self._unit_of[1:] != self._unit_of[:-1]]) if self.items else \
            np.zeros(0, dtype=np.int64)
        assert len(self._unit_starts) == len(self.passage_ids), "question variants must come unit by unit"
        texts = [_placeless(q.text) for q in self.items]
        self.vectors = self.embedder.encode(texts) if texts else np.zeros((0, self.embedder.dim), dtype=np.float32)

    def nearest(self, text: str, k: int = 3, national_first: bool = True, vector: np.ndarray | None = None,
                shown_only: bool = True) -> list[KnownQuestion]:
        """The ``k`` closest known questions, each text once; national ones before local ones
        when ``national_first`` (a suggestion should not send 乌鲁木齐 to 济南's article), and
        only question variants when ``shown_only``."""
        if not self.items:
            return []
        query = self.embedder.encode([_placeless(text)])[0] if vector is None else vector
        sims = self.vectors @ query
        out: list[KnownQuestion] = []
        seen: set[str] = set()
        for i in np.argsort(-sims, kind="stable"):
            item = self.items[int(i)]
            if item.text in seen or (national_first and item.region is not None) or (shown_only and not item.shown):
                continue
            seen.add(item.text)
            out.append(replace(item, similarity=float(sims[i])))
            if len(out) == k:
                break
        return out

    def nearest_articles(self, text: str, k: int = 3) -> list[KnownQuestion]:
        """The ``k`` national articles whose questions are closest to ``text``, each offered as its
        own first question variant: 「您是不是想问」 names what an article is about in its plainest
        words, not the closest colloquial variant."""
        if not self.items:
            return []
        query = self.embedder.encode([_placeless(text)])[0]
        sims = self.vectors @ query
        out: list[KnownQuestion] = []
        seen: set[str] = set()
        for i in np.argsort(-sims, kind="stable"):
            item = self.items[int(i)]
            if item.article_id in seen or item.region is not None or item.passage_id not in self._firsts:
                continue  # matched on what the article itself answers, not on one of its sections
            seen.add(item.article_id)
            out.append(KnownQuestion(self._first_of_article.get(item.article_id, item.text), item.article_id,
                                     item.topics, None, similarity=float(sims[i])))
            if len(out) == k:
                break
        return out

    def passage_order(self, vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The answer units (indices into ``passage_ids``) ordered by their closest question
        variant, and those similarities; for the retriever's question channel, without building
        objects. Each unit's best variant is taken first, so only the units are sorted."""
        if not self.items:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        best = np.maximum.reduceat(self.vectors @ vector, self._unit_starts)
        order = np.argsort(-best, kind="stable")
        return self._unit_of[self._unit_starts[order]], best[order]

    def own_questions(self) -> list[KnownQuestion]:
        """The articles' own questions and phrasings (those of their first sections), without
        the questions of later sections."""
        return [item for item in self.items if item.passage_id in self._firsts]

    def shown(self) -> list[str]:
        """The question variants, the ones that may be offered to users."""
        return self._shown

    def question_of(self, article_id: str) -> str | None:
        """The article's own first question variant (its title, usually)."""
        return self._first_of_article.get(article_id)

    def best_similarity(self, vector: np.ndarray) -> float:
        return float((self.vectors @ vector).max()) if self.items else 0.0
