"""The questions the corpus can answer: every article's question variants, embedded once.

They serve three purposes: the nearest ones are offered when the bot is unsure
(「您是不是想问」), they rank articles in the hybrid retriever (an FAQ-style match), and the
similarity to the nearest one is part of the answer's confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

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


class QuestionBank:
    def __init__(self, index: LoadedIndex) -> None:
        self.embedder = index.embedder
        self.items = [
            KnownQuestion(q, p.article_id, p.topics, p.region)
            for p in index.passages
            if p.position == 0
            for q in p.questions
        ]
        texts = [_placeless(q.text) for q in self.items]
        self.vectors = self.embedder.encode(texts) if texts else np.zeros((0, self.embedder.dim), dtype=np.float32)

    def nearest(self, text: str, k: int = 3, national_first: bool = True, vector: np.ndarray | None = None) -> list[KnownQuestion]:
        """The ``k`` closest known questions, each text once; national ones before local ones
        when ``national_first`` (a suggestion should not send 乌鲁木齐 to 济南's article)."""
        if not self.items:
            return []
        query = self.embedder.encode([_placeless(text)])[0] if vector is None else vector
        sims = self.vectors @ query
        out: list[KnownQuestion] = []
        seen: set[str] = set()
        for i in np.argsort(-sims, kind="stable"):
            item = self.items[int(i)]
            if item.text in seen or (national_first and item.region is not None):
                continue
            seen.add(item.text)
            out.append(KnownQuestion(item.text, item.article_id, item.topics, item.region, float(sims[i])))
            if len(out) == k:
                break
        return out

    def best_similarity(self, vector: np.ndarray) -> float:
        return float((self.vectors @ vector).max()) if self.items else 0.0
