"""Masking personal data people type (身份证号, phone and card numbers) before anything is
logged, stored or echoed."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Order matters: an 18-digit ID number must be recognised before the bank-card rule sees it.
_DIGIT_RUN = r"(?<![0-9A-Za-z])"
_END = r"(?![0-9A-Za-z])"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("社保卡号", re.compile(r"(?:(?<=社保卡号)|(?<=医保卡号)|(?<=社保号)|(?<=医保号)|(?<=卡号))[:： 是为]*([0-9A-Za-z]{6,20})")),
    ("身份证号", re.compile(_DIGIT_RUN + r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]" + _END)),
    ("身份证号", re.compile(_DIGIT_RUN + r"[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}" + _END)),
    ("银行卡号", re.compile(_DIGIT_RUN + r"\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?" + _END)),
    ("手机号", re.compile(r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)")),
    ("电话号码", re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)")),
]


@dataclass(frozen=True)
class MaskResult:
    text: str
    kinds: tuple[str, ...]  # what was masked, e.g. ("身份证号",)

    @property
    def masked(self) -> bool:
        return bool(self.kinds)


def mask_pii(text: str) -> MaskResult:
    """Replace personal numbers with a label such as 「[身份证号]」 and say which kinds were found."""
    kinds: list[str] = []
    for kind, pattern in _PATTERNS:
        text, count = _sub(pattern, kind, text)
        if count and kind not in kinds:
            kinds.append(kind)
    return MaskResult(text, tuple(kinds))


def _sub(pattern: re.Pattern[str], kind: str, text: str) -> tuple[str, int]:
    def replace(match: re.Match[str]) -> str:
        if match.groups():  # keep the keyword, mask only the number after it
            start, end = match.span(1)
            return match.group(0)[: start - match.start()] + f"[{kind}]" + match.group(0)[end - match.start() :]
        return f"[{kind}]"

    return pattern.subn(replace, text)
