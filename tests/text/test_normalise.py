"""Normalising what people type, before anything matches on it."""

from bot.text.normalise import normalise


def test_a_hotline_number_read_out_digit_by_digit_becomes_the_number():
    assert normalise("医保上的事该打幺二三三三还是幺二三九三") == "医保上的事该打12333还是12393"


def test_a_longer_run_of_spoken_digits_is_left_as_typed_for_masking():
    assert normalise("幺三九三七一五六六二零") == "幺三九三七一五六六二零"  # a phone number read out


def test_counts_written_in_chinese_numerals_stay_words():
    assert normalise("三十五个工作日") == "三十五个工作日"


def test_full_width_forms_and_spaces_are_folded():
    assert normalise("ＡＰＰ　里  查１２３９３！！") == "app 里 查12393!"


def test_the_pinyin_shorthand_for_yibao_is_written_out_but_english_words_are_left_alone():
    assert normalise("yb码出差去外省能扫不") == "医保码出差去外省能扫不"
    assert normalise("YiBao卡的钱") == "医保卡的钱"
    assert normalise("maybe") == "maybe"


def test_the_older_character_for_an_account_reads_as_the_articles_write_it():
    assert normalise("深圳个帐那几千块 帐户里") == "深圳个账那几千块 账户里"
    assert normalise("蚊帐") == "蚊帐"


def test_a_pasted_title_loses_its_publication_stamp_but_keeps_its_words():
    assert normalise("甘肃天水医保卡里的钱也能给家里人用了!（2025-08-05）") == "甘肃天水医保卡里的钱也能给家里人用了!"
    assert normalise("2024年12月起能给家人用吗") == "2024年12月起能给家人用吗"
