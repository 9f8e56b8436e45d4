"""Property-based tests: the text functions never raise and never leak a masked number."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.text.geo import Place, find_places
from bot.text.mask import mask_pii
from bot.text.normalise import normalise
from bot.text.segment import tokens

ANY_TEXT = st.text(max_size=200)
CHINESE = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=40)
FILLER = st.one_of(CHINESE, st.sampled_from(["", "，", "：", " ", "我的号码是", "卡号", "身份证"]))


@st.composite
def id_numbers(draw):
    region = draw(st.integers(110000, 659999))
    year = draw(st.integers(1930, 2024))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    seq = draw(st.integers(0, 999))
    check = draw(st.sampled_from("0123456789X"))
    return f"{region}{year}{month:02d}{day:02d}{seq:03d}{check}"


PHONES = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
BANK_CARDS = st.from_regex(r"62[0-9]{14,17}", fullmatch=True)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_text_functions_never_raise(text):
    assert isinstance(normalise(text), str)
    assert all(isinstance(t, str) and t for t in tokens(text))
    assert all(isinstance(p, Place) for p in find_places(text))
    assert isinstance(mask_pii(text).text, str)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(FILLER, st.one_of(id_numbers(), PHONES, BANK_CARDS), FILLER)
def test_a_personal_number_never_survives_masking(before, number, after):
    masked = mask_pii(before + number + after)
    assert number not in masked.text
    assert masked.kinds


@settings(max_examples=200)
@given(ANY_TEXT)
def test_masking_is_idempotent(text):
    once = mask_pii(text).text
    assert mask_pii(once).text == once


@settings(max_examples=200)
@given(CHINESE)
def test_found_cities_belong_to_their_province(text):
    from bot.text.geo import gazetteer

    for place in find_places(text):
        if place.city is not None:
            assert gazetteer().province_of(place.city) == place.province
