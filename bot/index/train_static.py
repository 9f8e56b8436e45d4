"""Training the default embedder from the corpus itself.

sentence-transformers' StaticEmbedding over a word-level vocabulary of jieba tokens, trained
with MultipleNegativesRankingLoss on pairs the corpus yields:

* each question variant ↔ the passage of its article that answers it best, and the lead passage;
* the article title ↔ each of its passages;
* each sentence ↔ the rest of its passage.

Everything is seeded and ordered, so one corpus gives one set of vectors.
"""

from __future__ import annotations

import json
import logging
import random
import tempfile
from pathlib import Path

import numpy as np

from bot.corpus.article import Article
from bot.corpus.passages import Passage
from bot.index.embedders import STATIC_PARTS, STATIC_WEIGHTS, prepare_static

UNK = "[UNK]"
log = logging.getLogger(__name__)


def training_pairs(articles: list[Article], passages: list[Passage], words: _Memo | None = None) -> list[tuple[str, str]]:
    """(anchor, positive) texts, not yet tokenised."""
    by_article: dict[str, list[Passage]] = {}
    for passage in passages:
        by_article.setdefault(passage.article_id, []).append(passage)
    words = words or _Memo()
    pairs: list[tuple[str, str]] = []
    for article in articles:
        own = by_article.get(article.id, [])
        if not own:
            continue
        texts = [f"{p.heading} {p.text}" for p in own]
        for question in article.questions + article.phrasings:
            pairs.append((question, texts[0]))
            best = max(range(len(own)), key=lambda i: _overlap(words(question), words(texts[i])))
            if best != 0:
                pairs.append((question, texts[best]))
        for text in texts:
            pairs.append((article.title, text))
        for passage in own:
            sentences = passage.sentences
            if len(sentences) < 2:
                continue
            for i, sentence in enumerate(sentences):
                rest = "".join(sentences[:i] + sentences[i + 1 :])
                pairs.append((sentence, f"{passage.heading} {rest}"))
    return pairs


class _Memo:
    """Tokenised text, each text once (a passage is the positive of many pairs)."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        if text not in self.seen:
            self.seen[text] = prepare_static(text)
        return self.seen[text]


def _overlap(left_text: str, right_text: str) -> float:
    left, right = set(left_text.split()), set(right_text.split())
    return len(left & right) / (len(left) or 1)


def build_vocabulary(texts: list[str], memo: _Memo | None = None) -> dict[str, int]:
    memo = memo or _Memo()
    words = sorted({w for text in texts for w in memo(text).split()})
    return {UNK: 0, **{w: i + 1 for i, w in enumerate(words)}}


def train_static_embedder(
    articles: list[Article],
    passages: list[Passage],
    index_texts: list[str],
    out_dir: Path,
    dim: int,
    epochs: int,
    seed: int,
    max_pairs: int = 20_000,
    members: int = 1,
) -> Path:
    """Train, save the sentence-transformers model to ``out_dir`` and the lookup table beside it.

    ``members`` models are trained with seeds ``seed``, ``seed + 1``, …; the table holds their
    rows side by side (``STATIC_PARTS`` says how many), and the lookup embedder averages their
    cosines. One small model's vectors depend much on the order its pairs were drawn in: an
    edit to one article moved lead_ok on the tuning part by two points, three members by less."""
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import WhitespaceSplit

    words = _Memo()
    vocabulary = build_vocabulary(index_texts + [q for a in articles for q in a.questions + a.phrasings], words)
    pairs = training_pairs(articles, passages, words)
    tables = []
    for i in range(members):
        tokenizer = Tokenizer(WordLevel(vocabulary, unk_token=UNK))
        tokenizer.pre_tokenizer = WhitespaceSplit()
        tables.append(_train_one(tokenizer, pairs, words, out_dir, dim, epochs, seed + i, max_pairs, save=i == 0))
    np.save(out_dir / STATIC_WEIGHTS, np.concatenate(tables, axis=1))
    (out_dir / STATIC_PARTS).write_text(json.dumps({"parts": members}), encoding="utf-8")
    return out_dir


def _train_one(tokenizer, pairs: list[tuple[str, str]], words: _Memo, out_dir: Path,
               dim: int, epochs: int, seed: int, max_pairs: int, save: bool) -> np.ndarray:
    """One member's table, from the shared vocabulary and pairs; the first member is also saved
    as a sentence-transformers model."""
    import torch
    from datasets import Dataset
    from sentence_transformers import SentenceTransformer, SentenceTransformerTrainer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from sentence_transformers.sentence_transformer.modules import Normalize, StaticEmbedding
    from sentence_transformers.sentence_transformer.training_args import (
        BatchSamplers,
        SentenceTransformerTrainingArguments,
    )

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    model = SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_dim=dim), Normalize()], device="cpu")
    if len(pairs) > max_pairs:  # a large corpus: a seeded sample keeps training time bounded
        pairs = random.Random(seed).sample(pairs, max_pairs)
    pairs = [(words(a), words(b)) for a, b in pairs]
    dataset = Dataset.from_dict({"anchor": [a for a, _ in pairs], "positive": [b for _, b in pairs]})
    with tempfile.TemporaryDirectory() as scratch:
        args = SentenceTransformerTrainingArguments(
            output_dir=scratch,
            num_train_epochs=epochs,
            per_device_train_batch_size=64,
            learning_rate=0.1,
            seed=seed,
            data_seed=seed,
            batch_sampler=BatchSamplers.NO_DUPLICATES,
            save_strategy="no",
            report_to="none",
            logging_strategy="no",
            use_cpu=True,
            disable_tqdm=True,
        )
        trainer = SentenceTransformerTrainer(
            model=model, args=args, train_dataset=dataset, loss=MultipleNegativesRankingLoss(model)
        )
        trainer.train()
    out_dir.mkdir(parents=True, exist_ok=True)
    if save:
        model.save(str(out_dir))
    weights = model[0].embedding.weight.detach().cpu().numpy().astype(np.float32)
    log.info("trained static embedder (seed %d): %d pairs, vocabulary %d, dim %d", seed, len(pairs), len(weights), dim)
    return weights
