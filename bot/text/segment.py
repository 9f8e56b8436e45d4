"""Segmentation: jieba with the domain dictionary, the synonym table and a stop-word list.

The same ``tokens`` feed BM25, the trained embedder and the intent rules, so a colloquial
「医保的钱能取出来吗」 and an article's 「个人账户余额提取」 meet on the same words.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import jieba

from bot.text.normalise import normalise

jieba.setLogLevel(logging.WARNING)


def _data_lines(name: str) -> list[str]:
    text = resources.files("bot.data").joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def load_synonyms() -> dict[str, str]:
    """variant → canonical word, from ``bot/data/synonyms.tsv``."""
    table: dict[str, str] = {}
    for line in _data_lines("synonyms.tsv"):
        canonical, variants = line.split("\t", 1)
        for variant in variants.split("|"):
            table[variant.strip()] = canonical
    return table


@dataclass
class Segmenter:
    """Turns text into the tokens retrieval matches on.

    >>> seg = segmenter()
    >>> seg.tokens("医保卡的钱能取出来吗")
    ['医保卡', '钱', '提取']
    """

    tokenizer: jieba.Tokenizer
    synonyms: dict[str, str]
    stopwords: frozenset[str]

    @classmethod
    def build(cls) -> Segmenter:
        tokenizer = jieba.Tokenizer()
        synonyms = load_synonyms()
        for line in _data_lines("userdict.txt"):
            word, freq, *_ = line.split()
            tokenizer.add_word(word, int(freq))
        for word in list(synonyms) + list(set(synonyms.values())):
            tokenizer.add_word(word, 800 if len(word) > 1 else 300)  # single characters: 「给娃交」 → 给/娃/交
        return cls(tokenizer, synonyms, frozenset(_data_lines("stopwords.txt")))

    def words(self, text: str) -> list[str]:
        """jieba words of the normalised text, before synonyms and stop words."""
        return [w for w in self.tokenizer.lcut(normalise(text), HMM=False) if w.strip()]

    def tokens(self, text: str) -> list[str]:
        out = []
        for word in self.words(text):
            word = self.synonyms.get(word, word)
            if word not in self.stopwords and not _is_punctuation(word):
                out.append(word)
        return out


def _is_punctuation(word: str) -> bool:
    return all(not ch.isalnum() for ch in word)


@lru_cache(maxsize=1)
def segmenter() -> Segmenter:
    return Segmenter.build()


@lru_cache(maxsize=50_000)
def _cached_tokens(text: str) -> tuple[str, ...]:
    return tuple(segmenter().tokens(text))


def tokens(text: str) -> list[str]:
    """``Segmenter.tokens`` of the shared segmenter. Answers tokenise the same article sentences
    and question variants again and again, so results are kept (a bounded cache)."""
    return list(_cached_tokens(text))
