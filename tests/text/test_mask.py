"""Personal numbers never survive masking."""

from hypothesis import given
from hypothesis import strategies as st

from bot.text.mask import mask_pii


def test_id_card_phone_and_bank_card_are_masked():
    result = mask_pii("身份证370102199001011234，手机13812345678，卡号6222 0212 3456 7890 123")
    assert "370102199001011234" not in result.text
    assert "13812345678" not in result.text
    assert "7890" not in result.text
    assert set(result.kinds) == {"身份证号", "手机号", "银行卡号"}


def test_social_security_card_number_after_its_keyword():
    result = mask_pii("我的社保卡号是A12345678，余额多少")
    assert "A12345678" not in result.text and "社保卡号" in result.kinds


def test_policy_numbers_are_left_alone():
    text = "拨打12393，每笔不超过2000元，2024-12-09前完成，15个工作日"
    assert mask_pii(text).text == text


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.text(alphabet="医保卡余额怎么查", max_size=10))
def test_any_mobile_number_is_masked(phone, words):
    assert phone not in mask_pii(words + phone + words).text
