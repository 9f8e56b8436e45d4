"""Normalising what people type: full-width forms, spacing, repeated punctuation, numbers read out
digit by digit."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_REPEATED_PUNCT = re.compile(r"([？?！!。，,~～])\1+")
# A hotline number read out digit by digit (幺二三九三 for 12393): exactly five spoken digits, so
# that a phone or card number read out stays as typed (masking reads digits).
_SPOKEN_DIGITS = re.compile(r"(?<![幺〇零一二三四五六七八九])[幺〇零一二三四五六七八九]{5}(?![幺〇零一二三四五六七八九])")
_DIGIT_OF = dict(zip("幺〇零一二三四五六七八九", "100123456789"))
# 「截了个医保码的图」「截张图」 is a screenshot: one word, as the articles write it
_SPLIT_SCREENSHOT = re.compile(r"截(了|个|张|一张|了个|了张|了一张)([^，。,.?？!！\s]{0,6}?)的?图")

# 「yb码」「yibao卡」: the pinyin shorthand for 医保, written out so that 医保码 reads as one word
_YIBAO = re.compile(r"(?<![a-z])(yibao|yi bao|yb)(?![a-z])")
# 「个帐」「帐户」: the older character for an account, as the articles write it (not 蚊帐, 帐篷)
_ZHANG = re.compile(r"(?<!蚊)帐(?!篷)")
# 「…能给家里人用了!(2025-08-05)」: a web page's publication stamp pasted with its title says nothing asked
_PUBLICATION_STAMP = re.compile(r"\(\d{4}-\d{1,2}-\d{1,2}\)")


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII), lower case, single spaces, no control chars.

    Chinese punctuation such as 。，？ survives NFKC as the ASCII forms ? ! , where they have one;
    that is fine for matching, and display text is never taken from here.
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    text = _REPEATED_PUNCT.sub(r"\1", text)
    text = _SPOKEN_DIGITS.sub(lambda m: "".join(_DIGIT_OF[ch] for ch in m.group(0)), text)
    text = _SPLIT_SCREENSHOT.sub(lambda m: f"{m.group(2)}截图", text)
    text = _ZHANG.sub("账", text)
    text = _PUBLICATION_STAMP.sub(" ", text)
    return _YIBAO.sub("医保", _SPACES.sub(" ", text).strip().lower())
