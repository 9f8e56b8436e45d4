"""A small learned intent model: character n-grams of the corpus's own question variants
(labelled with their article's topic) and of out-of-scope examples, with logistic regression.

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


def _prepare(text: str) -> str:
    return gazetteer().blank_places(normalise(text), mark="")


def out_of_scope_examples() -> list[str]:
    text = resources.files("bot.data").joinpath("out_of_scope.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


class IntentModel:
    def __init__(self, examples: list[tuple[str, str]], seed: int = 0) -> None:
        texts = [_prepare(t) for t, _ in examples]
        labels = [label for _, label in examples]
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)
        features = self.vectorizer.fit_transform(texts)
        self.model = LogisticRegression(C=8.0, max_iter=2000, random_state=seed)
        self.model.fit(features, labels)
        self.labels = list(self.model.classes_)

    @classmethod
    def from_questions(cls, questions: list[tuple[str, str]]) -> IntentModel:
        """``questions``: (question variant, its article's first topic) pairs."""
        return cls(questions + [(t, OUT_OF_SCOPE) for t in out_of_scope_examples()])

    def probabilities(self, text: str) -> dict[str, float]:
        row = self.model.predict_proba(self.vectorizer.transform([_prepare(text)]))[0]
        return {label: float(p) for label, p in zip(self.labels, row, strict=True)}

    def best(self, text: str) -> tuple[str, float]:
        probs = self.probabilities(text)
        label = max(probs, key=probs.get)
        return label, probs[label]


__all__ = ["IntentModel", "np"]
