"""The final order of answer units: a small learned model over what each channel and the
question say about a unit.

Features of a (question, unit) pair: the reciprocal ranks from BM25, the dense vectors and the
question-variant channel, the fused score and the retriever's steered score (place, topic,
freshness) relative to the best, whether the unit answers the
facet asked, whether it is the article's direct answer, place and topic match, and whether the
unit is for a group of people the question does not name (退休人员) or about fraud when the
question is not. ``bot eval --calibrate`` fits a logistic regression on these features over the
tuning part of eval/ (right articles are positives) and writes ``bot/data/reranker.json``;
answering is a dot product, with no scikit-learn at answer time. The fitted model is switched on
only when it beats the retriever's own order on the tuning part (hit@1 and lead_ok); the file
records both figures either way.
"""

from __future__ import annotations

import json
from dataclasses import replace
from importlib import resources
from pathlib import Path

import numpy as np

from bot.retrieve.hybrid import Hit
from bot.text.segment import tokens
from bot.understand.question import Question

FEATURES = ("bm25", "dense", "question", "fused", "steered", "facet", "direct", "city", "province", "national", "topic",
            "not_for_asker", "fraud_unasked")
RERANKER_FILE = "reranker.json"


def reranker_path() -> Path:
    return Path(str(resources.files("bot.data").joinpath(RERANKER_FILE)))


def features(question: Question, hit: Hit, best_fused: float, city: str | None, province: str | None,
             best_steered: float = 0.0) -> np.ndarray:
    p = hit.passage
    facet = question.facet
    values = {
        "bm25": 1.0 / hit.bm25_rank if hit.bm25_rank else 0.0,
        "dense": 1.0 / hit.dense_rank if hit.dense_rank else 0.0,
        "question": 1.0 / hit.question_rank if hit.question_rank else 0.0,
        "fused": hit.fused / best_fused if best_fused else 0.0,
        # the retriever's own score, steered by place, topic and freshness (newer first among equals)
        "steered": hit.steered / best_steered if best_steered else 0.0,
        "facet": float(facet is not None and facet in p.facets),
        "direct": float(p.position == 0 and facet in (None, "yes_no")),
        "city": float(city is not None and p.city == city),
        "province": float(province is not None and p.city is None and p.province == province),
        "national": float(p.region is None),
        "topic": float(question.topic in p.topics),
        "not_for_asker": float(bool(p.applies_when) and not any(w in question.text for w in p.applies_when)),
        "fraud_unasked": float(set(p.topics) == {"fraud"} and not question.about_fraud),
    }
    return np.array([values[name] for name in FEATURES], dtype=float)


class Reranker:
    """Orders retrieved units by a linear model over ``FEATURES``.

    >>> reranker = Reranker.load()  # doctest: +SKIP
    >>> hits = reranker.run(question, retriever.run(question.masked, city="济南"), city="济南")  # doctest: +SKIP
    """

    def __init__(self, weights: dict[str, float] | None, bias: float = 0.0) -> None:
        """``weights`` None: keep the retriever's order (only the two place and freshness rules
        apply), which is what ``bot eval --calibrate`` chooses when the fitted model does not
        beat it on the tuning part."""
        unknown = set(weights or {}) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown reranker features: {sorted(unknown)}")
        self.enabled = weights is not None
        self.weights = np.array([(weights or {}).get(name, 0.0) for name in FEATURES], dtype=float)
        self.bias = bias

    @classmethod
    def load(cls, path: Path | None = None) -> Reranker:
        path = path or reranker_path()
        if not path.is_file():
            return cls(None)
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"] if data.get("enabled", True) else None, data.get("bias", 0.0))

    def run(self, question: Question, hits: list[Hit], city: str | None = None,
            province: str | None = None) -> list[Hit]:
        if not hits:
            return hits
        if not self.enabled:
            return _local_first(_newer_first(hits), question, city, province)
        best, steered = max(h.fused for h in hits), max(h.steered for h in hits)
        scored = [(float(features(question, h, best, city, province, steered) @ self.weights + self.bias), h)
                  for h in hits]
        scored.sort(key=lambda pair: (-pair[0], pair[1].passage.id))
        ranked = _newer_first([replace(h, score=s) for s, h in scored])
        return _local_first(ranked, question, city, province)


SAME_SUBJECT = 0.3  # token overlap (Jaccard) of two passages that state the same rule
ALIKE = 0.15  # channel evidence (fused score) within 15 %: two units match the question equally well


def _newer_first(hits: list[Hit], window: int = 6) -> list[Hit]:
    """Of two units for the same place, topic and facets that score nearly alike, the newer
    article's comes first: an updated rule must not be outranked by the one it replaces."""
    hits = list(hits)
    for i in range(min(window, len(hits))):
        for j in range(i + 1, min(window, len(hits))):
            a, b = hits[i].passage, hits[j].passage
            if (b.published > a.published and b.region == a.region and set(a.topics) & set(b.topics)
                    and a.facets == b.facets and a.article_id != b.article_id
                    and abs(hits[i].fused - hits[j].fused) <= ALIKE * max(hits[i].fused, hits[j].fused)
                    and _same_subject(a.text, b.text)):
                hits[i], hits[j] = hits[j], hits[i]
    return hits


def _same_subject(a: str, b: str) -> bool:
    """Two passages about the same thing: most of their words are shared."""
    wa, wb = set(tokens(a)), set(tokens(b))
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= SAME_SUBJECT


def _local_first(hits: list[Hit], question: Question, city: str | None, province: str | None,
                 window: int = 6) -> list[Hit]:
    """The asked place's own rule speaks first: the best unit of a local article on the asked
    topic, if one ranks near the top, opens the answer (the national rule follows it)."""
    if city is None and province is None:
        return hits
    for i, hit in enumerate(hits[:window]):
        p = hit.passage
        if p.region is not None and question.topic in p.topics and not _not_for_asker(question, hit):
            return [hit] + hits[:i] + hits[i + 1:]
    return hits


def _not_for_asker(question: Question, hit: Hit) -> bool:
    words = hit.passage.applies_when
    return bool(words) and not any(w in question.text for w in words)


def save(weights: dict[str, float], bias: float, details: dict, enabled: bool = True) -> Path:
    path = reranker_path()
    data = {"enabled": enabled, "features": list(FEATURES), "weights": {k: round(v, 4) for k, v in weights.items()},
            "bias": round(bias, 4), **details}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
