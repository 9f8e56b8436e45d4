"""DraftChecker on small pages written here, checked against the real published corpus."""

from __future__ import annotations

from functools import lru_cache

import pytest

from bot.corpus.checks import DraftChecker, Flag
from bot.corpus.importer import parse_plain_article
from bot.corpus.loader import load_corpus
from bot.corpus.passages import split_passages
from bot.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"
SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"


@lru_cache(maxsize=1)
def _published():
    return load_corpus(CORPUS)


@lru_cache(maxsize=1)
def _checker() -> DraftChecker:
    return DraftChecker(_published())


def _page(title: str, *paragraphs: str) -> str:
    return "\n\n".join([title, "2025-09-01 10:00:00某某资讯网", *paragraphs]) + "\n"


def _flags(text: str) -> tuple[list[str], dict[str, Flag]]:
    draft = parse_plain_article(text, "test")
    sentences = [s for p in split_passages(draft) for s in p.sentences]
    return sentences, {f.sentence: f for f in _checker().check(draft)}


def _only_flagged(text: str, planted: str, kind: str) -> Flag:
    sentences, flags = _flags(text)
    hits = [s for s in sentences if planted in s]
    assert hits, f"planted sentence not in the draft: {planted}"
    flag = flags.get(hits[0])
    assert flag is not None and flag.kind == kind, (hits[0], flag)
    wrongly = {s: f.kind for s, f in flags.items() if s != hits[0]}
    assert not wrongly, wrongly
    return flag


def test_contradiction_names_a_national_or_local_rule_and_its_sentence():
    planted = "转移医保关系时余额不能带走，只能留在原来的城市。"
    text = _page(
        "杭州医保转到外省，账户里的钱怎么办？",
        "杭州职工医保参保人换到外省工作，需要办理医保关系转移接续。",
        planted,
        "办理转移接续不收取费用。",
    )
    flag = _only_flagged(text, planted, "contradicts")
    published = {a.id: a for a in _published()}
    article = published[flag.rule]
    assert article.city in (None, "杭州") and article.province in (None, "浙江")
    assert flag.evidence in [s for p in split_passages(article) for s in p.sentences]
    assert flag.why


def test_hotline_given_as_12333_contradicts_the_hotline_article():
    planted = "医保问题请拨打医保服务热线12333。"
    text = _page("武汉医保余额怎么查？", "武汉参保人可以在国家医保服务平台APP查询个人账户余额。", planted)
    flag = _only_flagged(text, planted, "contradicts")
    assert flag.rule == "hl-12393-vs-12333" and "12393" in flag.evidence


def test_a_number_no_published_article_states_is_unverified():
    planted = "每人每年最多只能申请查询余额20次。"
    text = _page(
        "青岛医保余额怎么查？",
        "青岛参保人可以用支付宝城市服务查询医保个人账户余额。",
        planted,
    )
    flag = _only_flagged(text, planted, "unverified")
    assert flag.rule is None and flag.evidence is None and "20" in flag.why


def test_another_subject_inside_a_section_is_off_topic():
    planted = "住房公积金提取需要先到公积金中心办理销户手续。"
    text = _page(
        "菏泽医保卡的钱能给家人用吗？",
        "菏泽职工医保参保人办理家庭共济后，个人账户的钱可以给近亲属使用。",
        planted,
    )
    flag = _only_flagged(text, planted, "off_topic")
    assert flag.rule is None


def test_site_fluff_is_boilerplate():
    planted = "今天小编带大家一起来看看，记得点赞收藏哦！"
    text = _page(
        "深圳医保个人账户能取现吗？",
        planted,
        "深圳职工医保个人账户的钱平时不能取现，只能用于看病买药。",
    )
    _only_flagged(text, planted, "boilerplate")


def _seed_flags() -> list[Flag]:
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not present")
    flags = []
    for path in sorted(SEEDS.glob("*.txt")):
        flags += _checker().check(parse_plain_article(path.read_text(encoding="utf-8"), str(path)))
    return flags


@pytest.mark.parametrize(
    ("fragment", "kinds"),
    [
        ("12333", {"contradicts"}),
        ("ATM", {"contradicts"}),
        ("74种", {"contradicts", "unverified"}),
        ("满6个月", {"contradicts", "unverified"}),
        ("自2025年起", {"contradicts"}),
        ("下面随新社通小编一起了解", {"boilerplate"}),
        ("重大利好", {"boilerplate"}),
    ],
)
def test_the_seed_pages_known_problems_are_flagged(fragment, kinds):
    hits = [f for f in _seed_flags() if fragment in f.sentence]
    assert hits and all(f.kind in kinds for f in hits), (fragment, hits)


def test_every_sentence_of_the_seed_dental_paragraph_is_off_topic():
    flags = {f.sentence: f.kind for f in _seed_flags()}
    dental = [s for s in flags if "牙" in s]
    assert len(dental) >= 4
    assert all(flags[s] == "off_topic" for s in dental)
    assert flags.get(next(s for s in flags if "社会保险法" in s)) == "off_topic"


# Claim families: the same false claim in other words than the register was written on.
@pytest.mark.parametrize(
    "planted, rule",
    [
        ("参保人死亡后，家属不能领取账户余额。", "wd-national-principle"),
        ("网上有中介可以帮你把医保卡里的钱取出来。", "fraud-cash-out"),
        ("换了城市，原来账户里剩余的钱会清零。", "tr-national-time-and-balance"),
        ("医保关系转移一般要两三个月才能办完。", "tr-national-time-and-balance"),
        ("退休以后还可以把医保关系转到子女所在的城市。", "tr-national-retired"),
        ("医保码截图以后也可以用来结算。", "ev-evoucher-vs-card"),
        ("12393只负责投诉举报，不解答政策问题。", "hl-12393-vs-12333"),
        ("拨打12315也能咨询医保个人账户问题，它就是医保热线。", "hl-12393-vs-12333"),
        ("家庭共济可以给表哥表姐使用。", "fs-national-who-what"),
        ("跨省换工作，原来的个人账户余额就没了。", "tr-national-time-and-balance"),
    ],
)
def test_claim_families_catch_reworded_false_claims(planted, rule):
    text = _page("长沙医保个人账户余额能提取吗？转移接续和家庭共济", "长沙职工医保参保人的个人账户问题。", planted)
    flag = _only_flagged(text, planted, "contradicts")
    assert flag.rule == rule
    assert flag.evidence in _checker()._sentences[rule]


@pytest.mark.parametrize(
    "sentence",
    [
        "家人去世后，账户里剩下的钱不会被收回，由继承人申请领取。",
        "12333是人社热线，查医保余额建议打12393。",
        "截图的医保码不能用，要现场打开。",
        "转移申请可以向转入地或转出地提出。",
        "共济不改变家人自己的报销比例。",
    ],
)
def test_the_true_version_of_a_claim_family_is_not_flagged(sentence):
    _, flags = _flags(_page("长沙医保个人账户余额能提取吗？转移接续和家庭共济", "长沙职工医保参保人的个人账户问题。", sentence))
    assert not flags, flags


@pytest.mark.parametrize(
    "sentence",
    [
        "医保钱包一天最多转3笔，每笔不超过2000元。",  # 一天最多 is the published 每天最多
        "看病时刷卡还是扫码，扣的都是同一个医保个人账户。",  # 同一个 counts nothing
    ],
)
def test_a_one_inside_a_word_or_a_per_day_limit_is_not_an_invented_number(sentence):
    _, flags = _flags(_page("长沙医保钱包怎么给家人转钱？", "长沙职工医保参保人可以开通医保钱包。", sentence))
    assert not flags, flags


def test_an_invented_procedural_specific_is_unverified():
    planted = "办理转移需要提供户口本原件和复印件。"
    text = _page("长沙医保关系转移接续怎么办？", "长沙职工医保参保人换城市工作，需要办理转移接续。", planted)
    _only_flagged(text, planted, "unverified")


def test_a_time_for_another_step_is_unverified_not_a_contradiction():
    planted = "提交转移申请后，一般2个工作日内就能收到受理回执。"
    text = _page("长沙医保关系转移接续怎么办？", "长沙职工医保参保人换城市工作，需要办理转移接续。", planted)
    _only_flagged(text, planted, "unverified")


def test_the_published_articles_do_not_contradict_themselves():
    checker = _checker()
    flagged = [(a.id, f.sentence) for a in _published() for f in checker.check(a) if f.kind == "contradicts"]
    assert not flagged, flagged
