"""Normalising what people type: full-width forms, spacing, repeated punctuation."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_REPEATED_PUNCT = re.compile(r"([？?！!。，,~～])\1+")


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII), lower case, single spaces, no control chars.

    Chinese punctuation such as 。，？ survives NFKC as the ASCII forms ? ! , where they have one;
    that is fine for matching, and display text is never taken from here.
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    text = _REPEATED_PUNCT.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip().lower()
