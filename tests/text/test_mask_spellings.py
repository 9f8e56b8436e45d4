"""Property-based tests: a valid number of each kind, written in a random way a person might write
it, inside random Chinese text, is always masked and named by its kind."""

import re
import unicodedata
from datetime import date

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.text.mask import mask_pii
from tests.text.test_mask import POLICY_TEXT
from tests.text.test_properties import CHINESE, FILLER

SEPARATORS = [" ", "\u3000", "\u00a0", "\t", "-", "－", "—", "."]
LABEL_SEPARATORS = [" ", "\u3000", "-", "－"]  # inside a labelled number: spaces or dashes
FULL_WIDTH = {str(d): chr(0xFF10 + d) for d in range(10)} | {"X": "Ｘ"}
MOBILE_PREFIXES = ["", "+86", "+86 ", "+86-", "86", "86 ", "0086", "0086 ", "0086-", "(+86)", "(+86) ", "（+86）",
                   "＋８６", "+86\u3000"]
SOCIAL_LABELS = ["社保卡号", "社保卡", "社保号", "医保号", "医保卡号", "医保编号", "参保号", "个人编号", "社会保障号码"]
CONNECTORS = ["", "是", "为", "：", ":", " ", "\u3000", "号码是", "号码：", " 是 ", "为："]
AMOUNT_UNITS = "元块万千百"  # a unit straight after a labelled number makes it an amount
ID_SHAPE = re.compile(r"[1-9]\d{5}(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]")

# --- valid numbers ------------------------------------------------------------------------


@st.composite
def id_numbers(draw):
    region = draw(st.integers(110000, 659999))
    born = draw(st.dates(date(1930, 1, 1), date(2024, 12, 31)))
    seq = draw(st.integers(0, 999))
    if draw(st.booleans()):
        return f"{region}{born:%Y%m%d}{seq:03d}{draw(st.sampled_from('0123456789X'))}"
    return f"{region}{born:%y%m%d}{seq:03d}"  # the old 15-digit form


MOBILES = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@st.composite
def bank_cards(draw):
    prefix = draw(st.sampled_from(["62", "60", "4", "5", "35", "9"]))
    length = draw(st.integers(16, 19))
    rest = draw(st.text(alphabet="0123456789", min_size=length - len(prefix), max_size=length - len(prefix)))
    card = prefix + rest
    assume(not ID_SHAPE.fullmatch(card))  # 18 digits that read as an ID number are an ID number
    return card


@st.composite
def landlines(draw):
    """(area code, local number, extension)."""
    area = draw(st.one_of(st.just("010"), st.from_regex(r"02[0-9]", fullmatch=True),
                          st.from_regex(r"0[3-9][0-9]{2}", fullmatch=True)))
    local_size = 8 if len(area) == 3 else draw(st.sampled_from([7, 8]))
    local = draw(st.from_regex(rf"[2-9][0-9]{{{local_size - 1}}}", fullmatch=True))
    extension = draw(st.one_of(st.just(""), st.from_regex(r"[0-9]{1,5}", fullmatch=True)))
    return area, local, extension


@st.composite
def social_numbers(draw):
    letters = draw(st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ", max_size=3))
    digits = draw(st.text(alphabet="0123456789", min_size=max(1, 6 - len(letters)), max_size=20 - len(letters)))
    return letters + digits


# --- ways of writing them ------------------------------------------------------------------


@st.composite
def spelled(draw, number, separators=SEPARATORS):
    """The number cut into random groups, with a random separator between groups, and each
    character maybe written full-width. No separators: not cut at all."""
    out = []
    for index, char in enumerate(number):
        if index and separators and draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(separators)))
        if char.isdigit() or char == "X":
            if draw(st.booleans()):
                char = FULL_WIDTH[char]
            elif char == "X":
                char = draw(st.sampled_from("Xx"))
        out.append(char)
    return "".join(out)


@st.composite
def conventional_grouping(draw, number):
    """How cards and ID numbers are usually printed: 6-8-4, 3-3-4-4-4, 4-4-4-4(-3), 6-13."""
    sizes = draw(st.sampled_from([(6, 8), (3, 3, 4, 4), (4, 4, 4, 4), (6,)]))
    sep = draw(st.sampled_from(SEPARATORS))
    groups, at = [], 0
    for size in sizes:
        if at < len(number):
            groups.append(number[at:at + size])
            at += size
    groups.append(number[at:])
    return sep.join(group for group in groups if group)


def written(number):
    return st.one_of(spelled(number), conventional_grouping(number))


@st.composite
def spelled_mobile(draw):
    return draw(st.sampled_from(MOBILE_PREFIXES)) + draw(written(draw(MOBILES)))


@st.composite
def spelled_landline(draw):
    area, local, extension = draw(landlines())
    area = draw(spelled(area, separators=()))  # the area code is written as one group
    wrapped = draw(st.sampled_from(["({})", "（{}）", "({}) ", "{}-", "{} ", "{}－", "{}—", "{}\u3000"]))
    text = wrapped.format(area) + draw(spelled(local))
    if extension:
        text += draw(st.sampled_from(["-", "转", " 转 ", "分机", " ext.", "－"])) + extension
    return text


# 「社保卡 2024-12-09 到期」: a real date after the label is a date, by design
A_DATE = re.compile(r"(19|20)\d\d\W(0?[1-9]|1[0-2])\W(0?[1-9]|[12]\d|3[01])")


@st.composite
def labelled_social_number(draw):
    number = draw(social_numbers())
    label, connector = draw(st.sampled_from(SOCIAL_LABELS)), draw(st.sampled_from(CONNECTORS))
    spelling = draw(spelled(number, LABEL_SEPARATORS))
    assume(not A_DATE.fullmatch(unicodedata.normalize("NFKC", spelling)))
    return number, label + connector + spelling


def plain(text):
    """Letters and digits only, in ASCII: what is left of a number once its spelling is undone."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).upper() if ch.isascii() and ch.isalnum())


def assert_nothing_of(number, masked):
    left = plain(masked)
    for start in range(len(number) - 6):
        assert number[start:start + 7] not in left, (number, masked)


def assert_idempotent(masked):
    again = mask_pii(masked)
    assert again.text == masked and not again.kinds


SPELLINGS = settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
# Random Chinese text can, rarely, end in a label: a number after it is then a 社保卡号 by rule.
BEFORE = FILLER.filter(lambda text: not any(word in text for word in ("社保", "医保", "参保", "社会保障", "个人编号")))
AFTER_LABELLED = FILLER.filter(lambda text: not text.startswith(tuple(AMOUNT_UNITS)))

# --- properties ----------------------------------------------------------------------------


@SPELLINGS
@given(BEFORE, id_numbers().flatmap(lambda number: st.tuples(st.just(number), written(number))), FILLER)
def test_a_spelled_id_number_is_masked_as_one(before, case, after):
    number, spelling = case
    result = mask_pii(before + spelling + after)
    assert_nothing_of(number, result.text)
    assert result.kinds == ("身份证号",)
    assert result.text == before + "[身份证号]" + after
    assert_idempotent(result.text)


@SPELLINGS
@given(BEFORE, spelled_mobile(), FILLER)
def test_a_spelled_mobile_number_is_masked_as_one(before, spelling, after):
    result = mask_pii(before + spelling + after)
    assert_nothing_of(plain(spelling)[-11:], result.text)
    assert result.kinds == ("手机号",)
    assert result.text == before + "[手机号]" + after
    assert_idempotent(result.text)


@SPELLINGS
@given(BEFORE, spelled_landline(), CHINESE)
def test_a_spelled_landline_is_masked_as_one(before, spelling, after):
    result = mask_pii(before + spelling + after)
    assert_nothing_of(plain(spelling), result.text)
    assert result.kinds == ("电话号码",)
    assert_idempotent(result.text)


@SPELLINGS
@given(BEFORE, bank_cards().flatmap(lambda number: st.tuples(st.just(number), written(number))), FILLER)
def test_a_spelled_bank_card_is_masked_as_one(before, case, after):
    number, spelling = case
    result = mask_pii(before + spelling + after)
    assert_nothing_of(number, result.text)
    assert result.kinds == ("银行卡号",)
    assert result.text == before + "[银行卡号]" + after
    assert_idempotent(result.text)


@SPELLINGS
@given(CHINESE, labelled_social_number(), AFTER_LABELLED)
def test_a_labelled_social_security_number_is_masked(before, case, after):
    number, spelling = case
    result = mask_pii(before + spelling + after)
    assert_nothing_of(number, result.text)
    # a long run of digits inside it may read as a number of its own kind as well
    assert "社保卡号" in result.kinds
    assert_idempotent(result.text)


@settings(max_examples=200)
@given(st.lists(st.sampled_from(POLICY_TEXT), min_size=1, max_size=4), st.sampled_from(["，", "。", "；", "\n"]))
def test_policy_text_survives_in_any_combination(parts, joiner):
    text = joiner.join(parts)
    assert mask_pii(text).text == text


@settings(max_examples=300)
@given(st.text(alphabet="0123456789０１２３４５６７８９Xx +-－—.\u3000()（）转社保卡号是医元", max_size=120))
def test_digit_soup_never_raises_and_masks_idempotently(text):
    masked = mask_pii(text).text
    assert mask_pii(masked).text == masked
