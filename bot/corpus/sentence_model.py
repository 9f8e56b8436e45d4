"""A learned second reading of each imported sentence, for what the rules in checks.py let through.

The rules catch the claims, numbers and phrases they were written for. Content sites word the
same false claim in ways no pattern foresees (「卡里的钱会清零」, 「建议走之前先提出来」, a rumour
told as a neighbour's story), and the register's recall on pages by a new writer stays near 0.6.
This model reads character n-grams, which carry such wordings from one writer to the next, and
what the sentence says that the published sentence closest in wording does not
(「每月」 where the rule says 每天): a claim worded like a true rule with one thing changed differs
from it in just those characters. It learns from examples: the labelled sentences in
``bot/data/check_examples.tsv`` (exported from eval/import_pages by
scripts/export_check_examples.py, never from the held-back pages) and the published articles' own
sentences, which are all true. Logistic regression over the five labels (``true`` and the four
kinds).

A flag from the model says so in its reason; for ``contradicts`` it names the applicable
published sentence closest in wording, so the editor sees the two side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

EXAMPLES = "check_examples.tsv"
TRUE = "true"
# Chosen by leaving out one writer's pages at a time (the splits of eval/import_pages, the others
# and the published sentences to learn from). With twelve splits, at these the model alone finds
# 0.84 of the contradictions, 0.94 of the off-topic, 0.93 of the unverified and 0.98 of the
# boilerplate sentences of the pages left out, and flags 5 % of their true sentences (without the
# differences from the closest published sentence, 0.81 of the contradictions at 0.3 and 5 %).
THRESHOLDS = {"contradicts": 0.25, "off_topic": 0.3, "unverified": 0.4, "boilerplate": 0.4}
REGULARISATION = 8.0  # C; 4 and 16 about the same


@dataclass(frozen=True)
class Reading:
    kind: str
    probability: float


def check_examples() -> list[tuple[str, str]]:
    """(sentence, label) pairs from ``check_examples.tsv``."""
    text = resources.files("bot.data").joinpath(EXAMPLES).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [(sentence, label.strip()) for sentence, label in rows]


class SentenceModel:
    """>>> model = SentenceModel(published_sentences)  # doctest: +SKIP
    >>> model.read(["换城市以后卡里的钱会清零。"])  # doctest: +SKIP
    [Reading(kind='contradicts', probability=0.8)]"""

    def __init__(self, published_sentences: list[str], examples: list[tuple[str, str]] | None = None) -> None:
        examples = check_examples() if examples is None else examples
        published = list(dict.fromkeys(published_sentences))
        texts = [s for s, _ in examples] + published
        labels = [label for _, label in examples] + [TRUE] * len(published)
        self._vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)
        wording = self._vectorizer.fit_transform(texts)
        # what a sentence says that the closest published sentence does not (「每月」 for 每天, 「18周岁」
        # for 16): character pairs and triples of its own, and how close that sentence is
        self._published = published
        self._published_vectors = self._vectorizer.transform(published) if published else None  # an empty corpus
        self._published_grams = [_grams(p) for p in published]
        features = wording
        self._difference = None
        if published:  # with nothing published (an empty corpus) there is nothing to differ from
            self._difference = TfidfVectorizer(analyzer=_as_is, sublinear_tf=True, min_df=2)
            difference = self._difference.fit_transform(
                self._differences([s for s, _ in examples], wording[: len(examples)])
                + self._differences(published, wording[len(examples):], itself=True))
            features = hstack([wording, difference]).tocsr()
        self._model = LogisticRegression(C=REGULARISATION, max_iter=3000, class_weight="balanced")
        self._model.fit(features, labels)
        self._labels = list(self._model.classes_)

    def vectors(self, sentences: list[str]) -> csr_matrix:
        """Unit-length rows of their wording: their products are cosines."""
        return self._vectorizer.transform(sentences)

    def read(self, sentences: list[str], wording: csr_matrix | None = None) -> list[Reading | None]:
        """For each sentence the kind it most likely is, where that passes its threshold; else None.
        ``wording``: their ``vectors``, when the caller has them already."""
        if not sentences:
            return []
        features = wording = self.vectors(sentences) if wording is None else wording
        if self._difference is not None:
            features = hstack([wording, self._difference.transform(self._differences(sentences, wording))]).tocsr()
        readings: list[Reading | None] = []
        for row in self._model.predict_proba(features):
            margins = {kind: row[self._labels.index(kind)] - t for kind, t in THRESHOLDS.items() if kind in self._labels}
            kind = max(margins, key=margins.get) if margins else None
            readings.append(Reading(kind, float(row[self._labels.index(kind)])) if kind and margins[kind] >= 0 else None)
        return readings

    def _differences(self, sentences: list[str], wording: csr_matrix, itself: bool = False) -> list[list[str]]:
        """For each sentence, the character pairs and triples the closest published sentence lacks,
        and a word for how close that sentence is. ``itself``: the sentences are published ones,
        compared with the closest other one."""
        similarity = (wording @ self._published_vectors.T).toarray()
        if itself:
            np.fill_diagonal(similarity, -1.0)
        result = []
        for sentence, row in zip(sentences, similarity, strict=True):
            nearest = int(row.argmax())
            result.append(sorted(_grams(sentence) - self._published_grams[nearest]) + [f"相似{int(max(row[nearest], 0) * 10)}"])
        return result


def _grams(sentence: str) -> set[str]:
    return {sentence[i : i + n] for n in (2, 3) for i in range(len(sentence) - n + 1)}


def _as_is(tokens: list[str]) -> list[str]:
    return tokens


def closest(vector: csr_matrix, candidates: csr_matrix, count: int = 1) -> list[int]:
    """Indices of the ``count`` candidate rows closest to ``vector`` (a single row), closest first."""
    scores = np.asarray((candidates @ vector.T).todense()).ravel()
    return [int(i) for i in np.argsort(-scores, kind="stable")[:count]]
