"""Hybrid retrieval: BM25 over jieba tokens and dense vectors in FAISS, fused by reciprocal
rank, then steered by the asked place and the question's topic.

Near-duplicate passages (one template published for many cities) are one row in the index;
a hit shows the member written for the asked place, so 昌吉 is answered from the 昌吉 article.
Among passages that match equally, the newer article ranks first.

Place rules (for answering a person about their city):
* a passage of the asked city ranks above its province's, which rank above national ones;
* passages of other cities or provinces are left out, so 深圳's rule never answers 济南;
* national passages always stay, so a city with no article of its own still gets an answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from bot.index.store import LoadedIndex, PassageRecord
from bot.text.geo import gazetteer
from bot.text.segment import tokens

Mode = Literal["hybrid", "bm25", "dense"]


@dataclass(frozen=True)
class Hit:
    passage: PassageRecord
    score: float
    bm25_rank: int | None = None
    dense_rank: int | None = None
    question_rank: int | None = None
    fused: float = 0.0  # the channels' fused score before place, topic and freshness steer it
    steered: float = 0.0  # the retriever's final score (``score`` may be a reranker's later)


# A question variant this close asks the same thing (「医保卡余额怎么查」): its unit's
# question-channel vote counts again, so that the article written for it is not outvoted by one
# that merely shares its words.
KNOWN_QUESTION = 0.8
KNOWN_QUESTION_WEIGHT = 1.0
# An article whose first topic is another one gets this share of the topic boost (tuning part:
# lead_ok 0.713 → 0.717 at 0.5, hit@1 the same; 0.25 and 0 gave about the same)
SECONDARY_TOPIC_SHARE = 0.5


@dataclass
class HybridRetriever:
    """Ranks passages for a question.

    >>> retriever = HybridRetriever(index)  # doctest: +SKIP
    >>> hits = retriever.run("医保卡里的钱能给家人用吗", city="济南", province="山东", top_k=3)  # doctest: +SKIP
    >>> hits[0].passage.title  # doctest: +SKIP
    '济南：职工医保个人账户家庭共济怎么用'
    """

    index: LoadedIndex
    rrf_k: int = 20
    pool: int = 100
    city_boost: float = 1.6
    province_boost: float = 1.5  # a province's rule is local law for its cities
    topic_boost: float = 1.5
    unlocal_penalty: float = 0.7  # local passages when the question names no place
    off_topic_penalty: float = 0.5
    freshness_weight: float = 0.15  # the newest article gets up to this much more score
    # 「要多久」「要带啥」「收费吗」: the section with the time limits, the materials or the fee
    # (tuning part: hit@1 0.922 → 0.925; 1.15–2.0 about the same; the other facets gain nothing;
    # with the three-member embedder 1.4 ranks 「调到福州 要多久」's time-limit section first, 1.3 just misses)
    facet_boost: float = 1.4
    steered_facets: tuple[str, ...] = ("how_long", "materials", "cost")
    mode: Mode = "hybrid"
    questions: object | None = None  # a QuestionBank: the hybrid also ranks articles by their question variants
    steer_pool: int = 60  # rows, best fused first, that place, topic and freshness steering re-score
    _vocab: dict = field(init=False, repr=False)
    _recency: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.rrf_k < 1 or self.pool < 1:
            raise ValueError("rrf_k and pool must be positive")
        self._vocab = self.index.bm25.vocab_dict
        self._recency = _recency([p.published for p in self.index.rows])
        self._row_of = {m.id: i for i, row in enumerate(self.index.rows) for m in self.members(row)}
        ids = self.questions.passage_ids if self.questions is not None else []
        self._unit_rows = np.array([self._row_of.get(pid, -1) for pid in ids], dtype=np.int64)
        self._masks: dict[tuple[str | None, str | None], np.ndarray] = {}

    def run(
        self,
        query: str,
        city: str | None = None,
        province: str | None = None,
        topics: tuple[str, ...] = (),
        top_k: int = 5,
        mode: Mode | None = None,
        vector: np.ndarray | None = None,
        placeless_vector: np.ndarray | None = None,
        facet: str | None = None,
    ) -> list[Hit]:
        """``vector``: the query's embedding, and ``placeless_vector`` that of the query without
        its place names, when the caller has them already; ``facet``: the facet asked (``steered_facets``)."""
        mode = mode or self.mode
        allowed = self._allowed(city, province)
        bm25_ranks = self._bm25_ranks(query, allowed) if mode != "dense" else {}
        dense_ranks = self._dense_ranks(query, allowed, vector) if mode != "bm25" else {}
        question_ranks, known = self._question_ranks(query, allowed, placeless_vector) if mode == "hybrid" else ({}, set())
        scores: dict[int, float] = {}
        for ranks in (bm25_ranks, dense_ranks, question_ranks):
            for i, rank in ranks.items():
                scores[i] = scores.get(i, 0.0) + 1.0 / (self.rrf_k + rank)
        for i in known:  # the question is one the corpus already asks: the unit it was written for
            scores[i] += KNOWN_QUESTION_WEIGHT / (self.rrf_k + question_ranks[i])
        # steering multiplies a score by at most a few times: the best fused rows are enough
        best = sorted(scores.items(), key=lambda item: -item[1])[: max(self.steer_pool, top_k)]
        hits = []
        for i, score in best:
            passage = self._member_for(self.index.rows[i], city, province)
            factor = self._boost(passage, city, province, topics) * (1 + self.freshness_weight * self._recency[i])
            if facet in self.steered_facets and facet in passage.facets:
                factor *= self.facet_boost
            hits.append(Hit(passage, score * factor, bm25_ranks.get(i), dense_ranks.get(i), question_ranks.get(i), score,
                            score * factor))
        hits.sort(key=lambda h: (-h.score, h.passage.id))
        return hits[:top_k]

    def lexical_score(self, query: str) -> float:
        """The best raw BM25 score for the question: how much of it the corpus talks about."""
        query_tokens = [t for t in tokens(query) if t in self._vocab]
        if not query_tokens:
            return 0.0
        return float(self.index.bm25.get_scores(query_tokens).max())

    def question_ranks_of(self, query: str, city: str | None, province: str | None,
                          vector: np.ndarray | None = None) -> dict[str, int]:
        """passage id → rank of its unit by the question-variant channel alone."""
        ranks, _ = self._question_ranks(query, self._allowed(city, province), vector)
        return {m.id: rank for row, rank in ranks.items() for m in self.members(self.index.rows[row])}

    def members(self, passage: PassageRecord) -> list[PassageRecord]:
        """Every passage folded together with ``passage`` (itself included)."""
        return self.index.members.get(passage.group or passage.id, [passage])

    def _allowed(self, city: str | None, province: str | None) -> np.ndarray:
        key = (city, province)
        mask = self._masks.get(key)
        if mask is None:  # a few hundred places are ever asked about: compute each once
            rows = self.index.rows
            if city is None and province is None:  # no place known: only national rules answer
                mask = np.array([any(m.region is None for m in self.members(p)) for p in rows], dtype=bool)
            else:
                mask = np.array([any(_fits_place(m, city, province) for m in self.members(p)) for p in rows], dtype=bool)
            if len(self._masks) < 4096:
                self._masks[key] = mask
        return mask

    def _member_for(self, row: PassageRecord, city: str | None, province: str | None) -> PassageRecord:
        """The member of a folded group written for the asked place: the city's own, else the
        province's, else a national one, newest first."""
        members = self.members(row)
        if len(members) == 1:
            return row

        def fit(p: PassageRecord) -> int:
            if city is not None and p.city == city:
                return 3
            if province is not None and p.city is None and p.province == province:
                return 2
            return 1 if p.region is None else 0

        return max(members, key=lambda p: (fit(p), p.published, p is row))

    def _bm25_ranks(self, query: str, allowed: np.ndarray) -> dict[int, int]:
        query_tokens = [t for t in tokens(query) if t in self._vocab]
        if not query_tokens:
            return {}
        scores = self.index.bm25.get_scores(query_tokens)
        scores = np.where(allowed, scores, 0.0)
        order = np.argsort(-scores, kind="stable")[: self.pool]
        return {int(i): rank for rank, i in enumerate(order, 1) if scores[i] > 0}

    def _dense_ranks(self, query: str, allowed: np.ndarray, vector: np.ndarray | None = None) -> dict[int, int]:
        vector = self.index.embedder.encode([query]) if vector is None else vector[None, :]
        if not np.any(vector):
            return {}
        k = min(self.index.dense.ntotal, self.pool * 3)
        _, ids = self.index.dense.search(vector, k)
        kept = [int(i) for i in ids[0] if i >= 0 and allowed[i]][: self.pool]
        return {i: rank for rank, i in enumerate(kept, 1)}

    def _question_ranks(self, query: str, allowed: np.ndarray, vector: np.ndarray | None = None
                        ) -> tuple[dict[int, int], set[int]]:
        """Answer units ranked by how close their question variants are to the query (an
        article's variants rank its first section): the FAQ-style match of a question to the
        questions an article answers. Also the closest unit, when its variant asks the same thing
        (similarity at least ``KNOWN_QUESTION``)."""
        if self.questions is None:
            return {}, set()
        if vector is None:
            vector = self.index.embedder.encode([gazetteer().blank_places(query, mark="")])[0]
        units, sims = self.questions.passage_order(vector)
        rows = self._unit_rows[units]
        keep = rows >= 0
        rows, sims = rows[keep], sims[keep]
        keep = allowed[rows]
        rows, sims = rows[keep], sims[keep]
        _, first = np.unique(rows, return_index=True)
        first = np.sort(first)[: self.pool]
        ranks = {int(row): rank for rank, row in enumerate(rows[first], 1)}
        known = {int(rows[first[0]])} if len(first) and sims[first[0]] >= KNOWN_QUESTION else set()
        return ranks, known

    def _boost(self, passage: PassageRecord, city: str | None, province: str | None, topics: tuple[str, ...]) -> float:
        on_topic = not topics or bool(set(topics) & set(passage.topics))
        if not on_topic:
            return self.off_topic_penalty  # a local article on another topic must not outrank the rule asked for
        if not topics:
            factor = 1.0
        elif passage.topics[:1] and passage.topics[0] in topics:
            factor = self.topic_boost
        else:  # 「广东个账什么情况能取」 also speaks of transfers, but a transfer is not its subject
            factor = 1.0 + (self.topic_boost - 1.0) * SECONDARY_TOPIC_SHARE
        if city is not None and passage.city == city:
            factor *= self.city_boost
        elif province is not None and passage.city is None and passage.province == province:
            factor *= self.province_boost
        elif city is None and province is None and passage.region is not None:
            factor *= self.unlocal_penalty
        return factor


def _recency(dates: list[str]) -> np.ndarray:
    """0 for the oldest article's date, 1 for the newest (ISO dates compare as text)."""
    if not dates:
        return np.zeros(0)
    known = [np.datetime64(d, "D").astype(int) for d in dates if d]
    if not known:
        return np.zeros(len(dates))
    oldest = min(known)  # an undated text counts as the oldest
    days = np.array([np.datetime64(d, "D").astype(int) if d else oldest for d in dates], dtype=float)
    span = days.max() - days.min()
    return (days - days.min()) / span if span else np.zeros(len(days))


def _fits_place(passage: PassageRecord, city: str | None, province: str | None) -> bool:
    if passage.region is None:
        return True
    if passage.city is not None:
        return passage.city == city
    return passage.province == province
