"""A small learned intent model: character n-grams of the corpus's own question variants
(labelled with their article's topic), of out-of-scope examples and of the labelled messages in
``bot/data/intent_examples.tsv`` (greetings, hand-over requests, 医保 questions the corpus does not
cover, and others), with logistic regression.

Characters survive typos (家庭共计), dialect (咋整) and words the dictionary lacks, where the
keyword rules cannot; ``classify`` uses the model's probabilities to settle between topics.
"""

from __future__ import annotations

from importlib import resources

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.text.geo import gazetteer
from bot.text.normalise import normalise

OUT_OF_SCOPE = "out_of_scope"
NOT_COVERED = "none"  # about 医保, but nothing the corpus answers


def _prepare(text: str) -> str:
    return gazetteer().blank_places(normalise(text), mark="")


def out_of_scope_examples() -> list[str]:
    text = resources.files("bot.data").joinpath("out_of_scope.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def labelled_examples() -> list[tuple[str, str]]:
    """(message, label) pairs from ``intent_examples.tsv``."""
    text = resources.files("bot.data").joinpath("intent_examples.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [(message.strip(), label.strip()) for message, label in rows]


class IntentModel:
    def __init__(self, examples: list[tuple[str, str]], seed: int = 0) -> None:
        texts = [_prepare(t) for t, _ in examples]
        labels = [label for _, label in examples]
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)
        features = self.vectorizer.fit_transform(texts)
        # newton-cg: the same optimum as lbfgs here, reached in a tenth of the time (startup)
        self.model = LogisticRegression(C=8.0, solver="newton-cg", max_iter=2000, random_state=seed)
        self.model.fit(features, labels)
        self.labels = list(self.model.classes_)
        # the fitted model as plain arrays: one prediction is a few dictionary lookups and a
        # small product, without scikit-learn's per-call input validation (a millisecond)
        self._analyzer = self.vectorizer.build_analyzer()
        self._vocabulary = self.vectorizer.vocabulary_
        self._idf = self.vectorizer.idf_
        self._coef = self.model.coef_.T.copy()
        self._intercept = self.model.intercept_.copy()

    @classmethod
    def from_questions(cls, questions: list[tuple[str, str]]) -> IntentModel:
        """``questions``: (question variant, its article's first topic) pairs."""
        return cls(questions + [(t, OUT_OF_SCOPE) for t in out_of_scope_examples()] + labelled_examples())

    def probabilities(self, text: str) -> dict[str, float]:
        """What ``model.predict_proba(vectorizer.transform([text]))`` gives, computed directly."""
        return self.probabilities_prepared(_prepare(text))

    def probabilities_prepared(self, prepared: str) -> dict[str, float]:
        """``probabilities`` of a text already normalised and without place names."""
        counts: dict[int, int] = {}
        for gram in self._analyzer(prepared):
            column = self._vocabulary.get(gram)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        logits = self._intercept.copy()
        if counts:
            columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
            weights = (1 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * self._idf[columns]
            weights /= np.linalg.norm(weights)
            logits += weights @ self._coef[columns]
        if len(self.labels) == 2:  # a binary model has one row of weights: the second class's logit
            second = 1.0 / (1.0 + np.exp(-logits[0]))
            probs = np.array([1.0 - second, second])
        else:
            probs = np.exp(logits - logits.max())
            probs /= probs.sum()
        return {label: float(p) for label, p in zip(self.labels, probs, strict=True)}

    def probabilities_slow(self, text: str) -> dict[str, float]:
        """scikit-learn's own prediction (kept for the test that the fast one matches it)."""
        row = self.model.predict_proba(self.vectorizer.transform([_prepare(text)]))[0]
        return {label: float(p) for label, p in zip(self.labels, row, strict=True)}

    def best(self, text: str) -> tuple[str, float]:
        probs = self.probabilities(text)
        label = max(probs, key=probs.get)
        return label, probs[label]


