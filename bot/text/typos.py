"""Slips of a pinyin keyboard: the wrong character of the right sound (余颚 for 余额, 前包 for 钱包,
取线 for 取现), and a whole message typed in pinyin with the characters never picked
(「yibao li de qian neng zhuan dao weixin lingqian ma」).

Both are read by sound against the words the articles and the synonym table use, so that the
rest of the bot sees 余额 and 钱包. A window of characters is replaced only when it is no word of
the dictionary, sounds exactly like one of the articles' words and shares a character with it
(or half of them, in a longer word): 「共计」 is a word and stays, 「卡里」 sounds like nothing the
articles say. What the person typed is still what is echoed and stored.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from functools import cached_property, lru_cache

import jieba
from pypinyin import lazy_pinyin

from bot.text.segment import load_synonyms, segmenter

HANZI = re.compile(r"[\u4e00-\u9fff]+")
_LATIN = re.compile(r"[a-z]")
_LATIN_RUN = re.compile(r"[a-zA-Z]+(?: +[a-zA-Z]+)*")
# A question word, a particle or a pronoun carries what is asked and who: never a slip (哪种 is not 那种)
NEVER_SLIPS = frozenset("哪啥谁吗呢么几吧啊呀嘛我你他她它")
# jieba counts a few thousand rare words (推给 3 times): a word it has seen this often is meant
KNOWN_WORD_FREQ = 10
# How much likelier (log) the article's word must be than the likeliest reading of what was typed:
# 取线 → 取现 is 10, 共挤 → 共济 7; 能替 → 能提 (4.6) and 里开 → 离开 (5.4) are words as typed
SLIP_EVIDENCE = 6.0
# The decoder's lexicon for whole pinyin messages: the articles' words and jieba's common words
COMMON_WORD_FREQ = 300
ARTICLE_WORD_BOOST = 50.0  # the articles' own words are what a 医保 question is made of
PINYIN_SHARE = 0.8  # of a message's letters and characters, this share latin: typed in pinyin


@lru_cache(maxsize=65536)
def _sound(window: str) -> tuple[str, ...]:
    """The pinyin of ``window`` (read as a phrase, so 银行 is yin hang): the same few thousand
    windows come up in message after message, and reading them is the fixer's costliest step."""
    return tuple(lazy_pinyin(window))


class TypoFixer:
    """Reads ``text`` as meant.

    >>> fixer = TypoFixer.from_texts(["医保个人账户余额可以在医保钱包里查询。"])
    >>> fixer.fix("yb余颚在哪看")  # doctest: +SKIP
    'yb余额在哪看'
    """

    def __init__(self, vocabulary: Counter[str], tokenizer: jieba.Tokenizer) -> None:
        """``vocabulary``: the articles' words with their counts; ``tokenizer``: jieba with the
        domain dictionary (its word counts say how likely a reading is)."""
        tokenizer.initialize()
        self._vocabulary = vocabulary
        self._tokenizer = tokenizer
        self._by_sound: dict[tuple[str, ...], str] = {}
        for word, _ in vocabulary.most_common():
            if 2 <= len(word) <= 4 and HANZI.fullmatch(word):
                self._by_sound.setdefault(tuple(lazy_pinyin(word)), word)

    @classmethod
    def from_texts(cls, texts) -> TypoFixer:
        """A fixer for the words of ``texts`` (the articles, their questions) and of the synonym
        table's canonical words."""
        seg = segmenter()
        vocabulary: Counter[str] = Counter()
        for text in texts:
            vocabulary.update(seg.words(text))
        vocabulary.update(set(load_synonyms().values()))
        return cls(vocabulary, seg.tokenizer)

    def fix(self, text: str) -> str:
        if _typed_in_pinyin(text):
            text = self.decode_pinyin(text)
        return HANZI.sub(lambda m: self._fix_run(m.group(0)), text)

    def _fix_run(self, run: str) -> str:
        words = self._tokenizer.lcut(run, HMM=False)
        loose = _loose_characters(words)
        bounds = set(itertools.accumulate(map(len, words), initial=0))
        out, i = [], 0
        while i < len(run):
            for size in (4, 3, 2):
                window = run[i:i + size]
                if len(window) == size and {i, i + size} <= bounds and (meant := self._meant(window, loose[i:i + size])):
                    out.append(meant)
                    i += size
                    break
            else:
                out.append(run[i])
                i += 1
        return "".join(out)

    def _meant(self, window: str, loose: list[bool]) -> str | None:
        """The article word ``window`` (whole words of the message: 「钱提出来」 holds no 前提) was
        meant to be. Only characters the dictionary left standing alone may be slips, at most
        half of them, and the word must be far likelier than what was typed: 「那点钱」 is no
        slip for 垫钱, nor 「能去」 for 能取."""
        if not any(loose) or window in self._vocabulary or self._count(window) >= KNOWN_WORD_FREQ \
                or NEVER_SLIPS & set(window):
            return None  # no character stands alone: nothing can be a slip, and the sound need not be read
        word = self._by_sound.get(_sound(window))
        if word is None:
            return None
        slipped = [i for i, (a, b) in enumerate(zip(window, word)) if a != b]
        if not 1 <= len(slipped) <= max(1, len(word) // 2) or not all(loose[i] for i in slipped):
            return None
        return word if self._log_p(word) - self._best_reading(window) >= SLIP_EVIDENCE else None

    def _count(self, word: str) -> int:
        return self._tokenizer.FREQ.get(word) or 0

    def _log_p(self, word: str) -> float:
        return math.log(max(self._count(word), 1) / self._tokenizer.total)

    def _best_reading(self, window: str) -> float:
        """The log probability of the likeliest split of ``window`` into dictionary words."""
        best = [0.0] + [-math.inf] * len(window)
        for end in range(1, len(window) + 1):
            for start in range(end):
                piece = window[start:end]
                if len(piece) == 1 or self._count(piece):
                    best[end] = max(best[end], best[start] + self._log_p(piece))
        return best[-1]

    def decode_pinyin(self, text: str) -> str:
        """Each stretch of pinyin in ``text`` as the likeliest characters, word by word; the rest
        as typed (「canbaodi 是啥」). Spaces inside a stretch are ignored: people split syllables
        and words alike. A stretch that is no pinyin (「app」) stays."""
        return _LATIN_RUN.sub(lambda m: self._decode(m.group(0)), text)

    def _decode(self, run: str) -> str:
        letters = run.lower().replace(" ", "")
        lexicon = self._lexicon
        longest = max(map(len, lexicon))
        best: list[tuple[float, list[str]] | None] = [(0.0, [])] + [None] * len(letters)
        for end in range(1, len(letters) + 1):
            for start in range(max(0, end - longest), end):
                if best[start] is None or (entry := lexicon.get(letters[start:end])) is None:
                    continue
                score = best[start][0] + entry[1]
                if best[end] is None or score > best[end][0]:
                    best[end] = (score, best[start][1] + [entry[0]])
        return "".join(best[-1][1]) if best[-1] else run

    @cached_property
    def _lexicon(self) -> dict[str, tuple[str, float]]:
        """toneless pinyin without spaces → (the likeliest word, its log probability)."""
        counts: Counter[str] = Counter()
        for word, freq in self._tokenizer.FREQ.items():
            if freq >= COMMON_WORD_FREQ and HANZI.fullmatch(word):
                counts[word] += freq
        for word, count in self._vocabulary.items():
            if HANZI.fullmatch(word):
                counts[word] += count * ARTICLE_WORD_BOOST * COMMON_WORD_FREQ
        total = sum(counts.values()) or 1
        lexicon: dict[str, tuple[str, float]] = {}
        for word, count in counts.items():
            key = "".join(lazy_pinyin(word))
            score = math.log(count / total)
            if key not in lexicon or score > lexicon[key][1]:
                lexicon[key] = (word, score)
        return lexicon


def _loose_characters(words: list[str]) -> list[bool]:
    """For each character, whether the dictionary left it standing alone."""
    return [len(word) == 1 for word in words for _ in word]


def _typed_in_pinyin(text: str) -> bool:
    """「gongji de qian neng gei wo nainai yong ma」: letters, not characters, and several words."""
    lowered = text.lower()
    letters = len(_LATIN.findall(lowered))
    hanzi = sum(len(run) for run in HANZI.findall(lowered))
    return letters >= 8 and letters >= PINYIN_SHARE * (letters + hanzi) and len(lowered.split()) >= 2
