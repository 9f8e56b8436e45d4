"""Masking personal data people type (身份证号, phone and card numbers) before anything is
logged, stored or echoed.

People write the same number in many ways: 370102 19900101 1234, ３７０１０２…, +86 138-1234-5678,
（0531）12345678. Masking therefore works in two steps. A loose pattern finds a *span*: runs of
digits (any script, full-width included) joined by short runs of spaces, dashes or dots. The span
is cut into its digit groups, and the groups are put back together into the numbers they spell
(an ID number, a mobile number, …); each number is replaced as a whole, separators included, and
the rest of the span is left as it was. Numbers written after a label such as 社保卡号 or 参保号
are masked first, whatever their shape.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

ID_CARD, MOBILE, BANK_CARD, SOCIAL_SECURITY, LANDLINE = "身份证号", "手机号", "银行卡号", "社保卡号", "电话号码"

_SPACES = " \t\u00a0\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff"  # includes zero-width ones
_DASHES = "\\-\u2010-\u2015\u2212\ufe63\uff0d"  # - ‐ ‑ ‒ – — ― − ﹣ －
_DOTS = ".\u00b7\uff0e"
_SEP = f"[{_SPACES}{_DASHES}{_DOTS}]"
_X = "XxＸｘ"  # the check character of an ID number
_ALNUM = "0-9A-Za-z０-９Ａ-Ｚａ-ｚ"

# A span: an optional "+" or "(" (for +86, (0531)), then digit groups joined by separators, a ")"
# or an extension marker, then maybe a final X. Each separator run is bounded and no character is
# both a digit and a separator, so matching stays linear.
_NUMBER_SPAN = re.compile(
    rf"(?:[(（][+＋]?(?=\d{{1,4}}[)）])|[+＋])?"
    rf"\d+(?:(?:[)）]{_SEP}{{0,3}}|{_SEP}{{1,3}}|{_SEP}?(?:转|分机|(?i:ext)\.?){_SEP}?)\d+)*"
    rf"(?:{_SEP}?[{_X}](?![A-Za-z]))?"
)
_DIGIT_RUN = re.compile(r"\d+")
_EXTENSION_GAP = re.compile(rf"{_SEP}*(?:[{_DASHES}]|转|分机|(?i:ext)\.?){_SEP}*")

_LABELS = ("社会保障卡号|社会保障号码|社会保障号|社保卡号|社保卡|社保号|医保卡号|医保卡|医保编号|医保号"
           "|参保编号|参保号|个人编号|卡号")
_GENERIC_LABEL = "卡号"  # could be any card: a bank card after it is still a bank card
_LABELLED = re.compile(
    rf"(?P<label>{_LABELS})(?:号码|码|号)?[是为:：={_SPACES}]{{0,4}}"
    rf"(?P<number>[{_ALNUM}]+(?:{_SEP}{{1,3}}[{_ALNUM}]+)*)"
)
_ALNUM_RUN = re.compile(rf"[{_ALNUM}]+")
_LABELLED_MIN, _LABELLED_MAX = 6, 20  # letters and digits in a labelled number
# a date (a real month and day: 「2000 0 00」 is a number) or an amount
_NOT_A_NUMBER = re.compile(r"(?:19|20)\d\d\W(?:0?[1-9]|1[0-2])\W(?:0?[1-9]|[12]\d|3[01])|\d+\.\d{1,2}")
_UNITS = "元块万千百%％"

_DAY = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"  # MMDD
_SHAPES: list[tuple[str, re.Pattern[str]]] = [
    (ID_CARD, re.compile(rf"[1-9]\d{{5}}(?:19|20)\d\d{_DAY}\d{{3}}[\dX]")),
    (ID_CARD, re.compile(rf"[1-9]\d{{7}}{_DAY}\d{{3}}")),  # the old 15-digit form
    (MOBILE, re.compile(r"(?:0086|86)?1[3-9]\d{9}")),
    # 0, a 2-3 digit area code, 7-8 digits: 11-12 in all (a 2-digit area code has 8-digit numbers)
    (LANDLINE, re.compile(r"0[1-9]\d{9,10}")),
    # Card numbers never start with 19/20, so sixteen digits that read as two dates are a date range.
    (BANK_CARD, re.compile(rf"(?!(?:(?:19|20)\d\d{_DAY}){{2}}$)[1-9]\d{{15,18}}")),
]
_LENGTHS = {11, 12, 13, 15, 16, 17, 18, 19}  # digit counts any shape above can have


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
    text = _LABELLED.sub(lambda match: _mask_labelled(match, kinds), text)
    text = _mask_numbers(text, kinds)
    return MaskResult(text, tuple(kinds))


def _note(kinds: list[str], kind: str) -> None:
    if kind not in kinds:
        kinds.append(kind)


def _plain(text: str) -> str:
    """Digits as ASCII (from any script), letters upper case, everything else dropped."""
    chars = (str(unicodedata.decimal(ch)) if ch.isdecimal() else unicodedata.normalize("NFKC", ch).upper()
             for ch in text)
    return "".join(ch for ch in chars if ch.isascii() and ch.isalnum())


def _kind_of(digits: str) -> str | None:
    if len(digits) not in _LENGTHS:
        return None
    return next((kind for kind, shape in _SHAPES if shape.fullmatch(digits)), None)


# --- numbers written on their own -------------------------------------------------------------


class _Group(NamedTuple):
    start: int  # offsets inside the span
    end: int
    digits: str  # ASCII digits, or "X"
    gap: str  # what separates it from the group before


def _mask_numbers(text: str, kinds: list[str]) -> str:
    return _NUMBER_SPAN.sub(lambda match: _mask_span(match.group(), kinds), text)


def _mask_span(span: str, kinds: list[str]) -> str:
    groups = _groups(span)
    out, pos = [], 0
    for first, last, kind in _numbers_in(groups):
        start = 0 if first == 0 else groups[first].start  # a leading "+" or "(" goes with the number
        out += [span[pos:start], f"[{kind}]"]
        pos = groups[last].end
        _note(kinds, kind)
    return "".join(out) + span[pos:]


def _groups(span: str) -> list[_Group]:
    groups, pos = [], 0
    for run in _DIGIT_RUN.finditer(span):
        groups.append(_Group(run.start(), run.end(), _plain(run.group()), span[pos:run.start()]))
        pos = run.end()
    if pos < len(span):  # the span ends with an X
        groups.append(_Group(len(span) - 1, len(span), "X", span[pos:-1]))
    return groups


def _numbers_in(groups: list[_Group]) -> list[tuple[int, int, str]]:
    """The numbers the groups spell, as (first group, last group, kind), left to right.

    Several numbers may share a span ("370102199001011234 13812345678"), so this picks the reading
    that covers the most digits (then the one with the fewest numbers), by dynamic programming
    over where each number starts.
    """
    count = len(groups)
    # best[i]: (digits covered, -numbers, the number starting at i or None, where the rest starts)
    best: list[tuple[int, int, tuple[int, int, str] | None, int]] = [(0, 0, None, count)] * (count + 1)
    for first in range(count - 1, -1, -1):
        covered, numbers = best[first + 1][:2]
        choice = (covered, numbers, None, first + 1)
        for last, kind, size in _readings(groups, first):
            rest_covered, rest_numbers = best[last + 1][:2]
            candidate = (rest_covered + size, rest_numbers - 1, (first, last, kind), last + 1)
            if candidate[:2] > choice[:2]:
                choice = candidate
        best[first] = choice
    found, at = [], 0
    while at < count:
        _, _, number, at = best[at]
        if number:
            found.append(number)
    return found


def _readings(groups: list[_Group], first: int) -> Iterator[tuple[int, str, int]]:
    """Each number that starts at groups[first], as (last group, kind, digit count)."""
    digits = ""
    for last in range(first, len(groups)):
        digits += groups[last].digits
        if len(digits) > max(_LENGTHS):
            return
        kind = _kind_of(digits)
        if last > first and not _fits_grouping(kind, digits, groups[first]):
            kind = None
        if kind:
            yield last, kind, len(digits)
            if kind == LANDLINE and _is_extension(groups, last + 1):
                yield last + 1, kind, len(digits) + len(groups[last + 1].digits)


def _fits_grouping(kind: str | None, digits: str, first: _Group) -> bool:
    """Extra checks for a number put together from several groups, where separate short numbers
    ("20250101 2025 12333") could otherwise join into a long one."""
    if kind == LANDLINE:  # the area code is a group of its own
        return len(first.digits) in (3, 4)
    if kind == BANK_CARD:  # card numbers start with 2-9, and never with 20
        return digits[0] not in "01" and not digits.startswith("20")
    return kind is not None


def _is_extension(groups: list[_Group], index: int) -> bool:
    if index >= len(groups) or not groups[index].digits.isdigit() or len(groups[index].digits) > 6:
        return False
    return bool(_EXTENSION_GAP.fullmatch(groups[index].gap))


# --- numbers after a label --------------------------------------------------------------------


def _mask_labelled(match: re.Match[str], kinds: list[str]) -> str:
    whole, number = match.group(), match.group("number")
    taken = number[: _labelled_end(number)]
    unit_follows = taken == number and match.string[match.end():match.end() + 1] in tuple(_UNITS)
    if unit_follows or not _is_labelled_number(taken):
        return whole
    if match.group("label") == _GENERIC_LABEL and _spells_a_number(number):
        return whole  # the number rules name it (a bank card, a mobile number, …)
    _note(kinds, SOCIAL_SECURITY)
    head = whole[: match.start("number") - match.start()]
    return f"{head}[{SOCIAL_SECURITY}]{number[len(taken):]}"


def _is_labelled_number(taken: str) -> bool:
    value = _plain(taken)
    return (len(value) >= _LABELLED_MIN and any(ch.isdigit() for ch in value)
            and not _NOT_A_NUMBER.fullmatch(unicodedata.normalize("NFKC", taken)))


def _labelled_end(number: str) -> int:
    """Where the labelled number ends: at most 20 letters and digits, and not into a separate
    number that follows it ("社保卡号 A1234567 13812345678")."""
    end = size = 0
    for index, run in enumerate(_ALNUM_RUN.finditer(number)):
        run_size = len(run.group())
        too_long = size + run_size > _LABELLED_MAX
        if index and (too_long or (size >= _LABELLED_MIN and _kind_of(_plain(run.group())))):
            break
        end, size = run.end(), size + run_size
    return end


def _spells_a_number(text: str) -> bool:
    found: list[str] = []
    _mask_numbers(text, found)
    return bool(found)
