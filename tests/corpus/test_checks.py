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


def _by_rule(flags: dict[str, Flag]) -> dict[str, Flag]:
    """The register's and the other rules' flags: what the sentence model adds is measured apart
    (bench/measure_import_checks.py), and tested in test_sentence_model.py."""
    return {s: f for s, f in flags.items() if not f.by_model}


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
    assert not _by_rule(flags), flags


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


# Claim families added for pages in new wording. Each names the article that refutes it; a provincial
# rule (广东, 江苏, 甘肃) is only tried on a draft for a city of that province.
def _topics_page(city: str, *sentences: str) -> str:
    return _page(f"{city}医保个人账户余额能提取吗？转移接续和家庭共济", f"{city}职工医保参保人的个人账户问题。", *sentences)


@pytest.mark.parametrize(
    "city, planted, rule",
    [
        # hotlines
        ("长沙", "想查个人账户还剩多少钱，可以致电12333人工客服。", "bq-national-offline-phone"),
        ("长沙", "医保个人账户归人社局管，所以余额问题找12333。", "bq-national-offline-phone"),
        ("长沙", "12393是人社部门的热线，主要管社保卡。", "hl-12393-vs-12333"),
        ("长沙", "12393人工坐席24小时在线，随时能接通。", "hl-12393-vs-12333"),
        # withdrawal: a negation in another clause does not clear the claim
        ("长沙", "有人说余额不能提现，但其实绑定微信后就能提现到零钱。", "wd-national-not-allowed"),
        ("长沙", "辞职后可以申请把个人账户的钱退回到本人银行卡。", "wd-national-not-allowed"),
        ("广州", "广州职工失业满6个月后，可以申请提取个人账户余额。", "wd-guangdong"),
        ("广州", "广州参保人入伍的，个人账户余额无法申请支取。", "wd-guangdong"),
        ("广州", "从广州调到深圳工作，原来的个人账户余额可以一次性取出来。", "wd-guangdong"),
        ("南京", "南京参保人出国定居的，可以申请一次性支取个人账户余额。", "wd-jiangsu"),
        ("南京", "南京办理个人账户一次性支取要收取手续费。", "wd-jiangsu"),
        ("南京", "南京个人账户支取只能到医保窗口现场办理。", "wd-jiangsu"),
        ("长沙", "去世的参保人账户里剩下的钱要上缴国家。", "wd-national-principle"),
        ("长沙", "个人账户的利息归医保基金所有，不属于参保人。", "wd-national-principle"),
        ("长沙", "个人账户里的钱到了年底没花完就会清零。", "wd-national-principle"),
        # transfer and retirees
        ("长沙", "在同一个城市换单位，也要办理医保关系转移接续。", "tr-national-time-and-balance"),
        ("长沙", "转移接续完成后要在新地方从零开始攒。", "tr-national-time-and-balance"),
        ("长沙", "退休后个人账户就不再划入钱了。", "wd-national-why-less-money"),
        ("长沙", "改革后单位缴的医保费仍然划入个人账户。", "wd-national-why-less-money"),
        # who counts as family, where they may be, how they confirm
        ("长沙", "外孙不属于近亲属，不能共济。", "fs-national-who-what"),
        ("长沙", "目前家庭共济只允许给配偶和子女用，父母都不行。", "fs-national-who-what"),
        ("长沙", "家里人就算没参保，也能花你个人账户的钱。", "fs-national-who-what"),
        ("长沙", "交居民医保的父母不能接受家庭共济。", "ab-resident-no-account"),
        ("长沙", "共济只能在同一个城市内进行，别的城市的亲属绑不上。", "fs-national-cross-province"),
        ("长沙", "两个城市参保的家人不能共济，哪怕在同一个省。", "fs-national-cross-province"),
        ("成都", "家庭共济仅限同一统筹区内的家人，跨市不行。", "fs-sichuan"),
        ("天水", "绑定父母时共济人刷脸就行，父母不需要本人确认。", "fs-gansu"),
        ("长沙", "家庭共济只能到医保窗口办理，手机上办不了。", "fs-national-how-to-bind"),
        ("长沙", "添加亲情账户以后，家人就可以花你的个人账户。", "fs-national-vs-family-account"),
        # 医保钱包
        ("长沙", "医保钱包转账不限次数，想转几次都行。", "fs-national-cross-province"),
        ("长沙", "医保钱包可以转给朋友，对方不需要参加医保。", "fs-national-cross-province"),
        ("长沙", "家人一直没接收的话，钱要等3天才会退回。", "fs-national-cross-province"),
        # e-voucher
        ("长沙", "医保码就是电子社保卡，是同一个东西。", "ev-evoucher-vs-card"),
        ("长沙", "医保电子凭证是人社部签发的。", "ev-evoucher-vs-card"),
        ("长沙", "刷实体卡和扫医保码扣的是两个账户的钱。", "ev-evoucher-vs-card"),
        # a family member using the insured's own card is 冒名就医, whoever pays
        ("长沙", "父母看病时可以拿你的社保卡去医院结算，没什么问题。", "fraud-impersonation"),
        ("长沙", "用你的医保卡给爸妈买药完全没问题。", "fraud-impersonation"),
        ("长沙", "老人去药店买药时直接刷子女的医保卡就行，反正扣的是子女的钱。", "fraud-impersonation"),
        # the balance paid out in cash when the relationship moves
        ("长沙", "跨省换工作的，原参保地会把个人账户里剩下的钱折成现金发给参保人。", "tr-national-time-and-balance"),
        ("长沙", "转移时余额会以现金形式返还给个人。", "tr-national-time-and-balance"),
        # a fee on a transfer, however it is called
        ("长沙", "转移到外省时，医保部门会扣除5%的管理费。", "tr-national-time-and-balance"),
        ("长沙", "转出时要交200元手续费。", "tr-national-time-and-balance"),
        # arrears / 断缴 are not a 江苏 withdrawal case
        ("南京", "在南京停缴医保满一年的，可以申请把个人账户的钱取走。", "wd-jiangsu"),
        ("南京", "南京职工欠费停保后，能把余额一次性领走。", "wd-jiangsu"),
        # retirement alone, the 异地安置 case denied, is no withdrawal case
        ("广州", "即使没有办异地安置，广州职工退休后也可以把个人账户余额全部取走。", "wd-national-not-allowed"),
        ("长沙", "退休了就能把个人账户里的钱一次性领走。", "wd-national-not-allowed"),
        # advice to cash out before moving
        ("广州", "从广州调去深圳工作前，记得先把医保个人账户的钱取出来。", "wd-guangdong"),
        ("长沙", "办转移之前最好先把余额提出来，省得麻烦。", "wd-national-not-allowed"),
        ("长沙", "离职前赶紧把个人账户的钱取光。", "wd-national-not-allowed"),
        # 共济 raises the family member's reimbursement
        ("长沙", "办了家庭共济以后，父母报销时享受和你一样的报销比例。", "fs-national-rules-and-limits"),
        ("长沙", "绑定共济后，家人的报销待遇会提高到职工医保的标准。", "fs-national-rules-and-limits"),
        # 养生保健/体育健身 conceded as outside 医保, then allowed anyway
        ("长沙", "保健品虽然不属于医保范围，但可以用个人账户的钱买。", "fs-national-who-what"),
        ("长沙", "办健身卡的钱尽管不在报销范围，可是照样能用共济支付。", "fs-national-who-what"),
        # 电子社保卡 said to need no 实体卡 (that is the 医保码)
        ("长沙", "电子社保卡不用先办实体卡，手机上就能直接申领。", "ev-evoucher-vs-card"),
        ("长沙", "没有实体社保卡也可以直接领电子社保卡。", "ev-evoucher-vs-card"),
        # an unclaimed 医保钱包 transfer said to stay
        ("长沙", "转账后对方没有点击接收的，钱会一直挂在对方账户上。", "fs-national-cross-province"),
        ("长沙", "家人没领取的医保钱包转账会永久保留在对方钱包里。", "fs-national-cross-province"),
        # families of the fresh3 round: phrasings the earlier families missed
        ("长沙", "到了法定退休年龄，个账里的钱会一次性转到本人的银行卡上。", "wd-national-not-allowed"),
        ("广州", "跨省异地安置的退休老人，个人账户的钱只能留在原地，不允许申请转到银行卡。", "wd-guangdong"),
        ("长沙", "家人在外省参保的话，现在还没有任何办法把个账的钱转给他们用。", "fs-national-cross-province"),
        ("长沙", "医保钱包转账最好放在晚上11点以后，那时最快。", "fs-national-cross-province"),
        ("长沙", "办了备案以后，在外地住院还是要先垫付，再回老家报销。", "tr-national-retired"),
        ("长沙", "国家已经统一规定，全国所有城市的参军人员都能一次性取走个人账户余额。", "wd-national-principle"),
        ("长沙", "想知道个人账户的钱能不能取，最权威的渠道是拨打人社部门的12333。", "hl-12393-vs-12333"),
        # families of the fresh4 round
        ("长沙", "查余额打12333跟打12393没区别，两条热线都归医保部门管。", "hl-12393-vs-12333"),
        ("天水", "甘肃平台对所有年龄的家人都要求本人刷脸。", "fs-gansu"),
        ("长沙", "退休后把医保关系转到居住地以后，才能在那边直接结算。", "tr-national-retired"),
        ("长沙", "办了异地长期居住备案，参保地就跟着改成了居住地。", "ip-national-change-insured-place"),
        ("成都", "共济的钱不能用来替家人缴纳居民医保的个人缴费。", "fs-sichuan"),
        ("南京", "家庭共济要在浙里办里绑定，江苏医保云只能用来查余额。", "fs-jiangsu"),
        ("长沙", "得了重病的参保人可以申请把个人账户余额全部取走。", "wd-national-principle"),
        ("南京", "一次性支取最长要等30个工作日才能办完。", "wd-jiangsu"),
    ],
)
def test_new_claim_families_name_the_refuting_article(city, planted, rule):
    flag = _only_flagged(_topics_page(city, planted), planted, "contradicts")
    assert flag.rule == rule
    assert flag.evidence in _checker()._sentences[rule]


@pytest.mark.parametrize(
    "city, sentence",
    [
        ("长沙", "医保问题应优先拨打12393，12333是人社部门的热线。"),
        ("长沙", "少数地方的医保业务仍由人社部门经办，在这些地方拨打12333也可能查到医保信息。"),
        ("长沙", "医保卡丢了，打12333挂失或者找发卡银行。"),
        ("长沙", "医保的问题打12393，养老金的问题打12333。"),
        ("长沙", "激活医保码以后可以扫码花个人账户的钱，但钱并没有转进微信。"),
        # a lawful case in an earlier clause clears the claim of a later one
        ("长沙", "参保人去世后，继承人可以申请把余额打到自己的银行卡。"),
        ("广州", "在广东参保期间参军入伍的，本人申请后可以把个人账户资金打到本人银行账户。"),
        ("广州", "因特殊情况无法跨省划转的，个人账户资金可以打到本人银行账户。"),
        ("广州", "在广东省内跨市转移的，个人账户资金不划转，也不能提现，在新城市继续使用。"),
        ("南京", "本人主动放弃基本医保关系的，可以申请一次性支取个人账户余额。"),
        ("南京", "江苏个人账户一次性支取可以到窗口办理，也可以在网上办理。"),
        ("苏州", "苏州参保人出国定居的，能否支取余额以当地规定为准。"),
        ("杭州", "非杭州户籍、离职后没有在其他统筹地区参保的人员，可以申请清算个人账户。"),
        ("长沙", "出国定居的，可以按当地规定申请支取余额。"),  # a 江苏 rule does not bind 长沙
        ("长沙", "调到外地工作后，余额随医保关系转到新城市的账户。"),
        ("长沙", "同一个统筹地区内换单位，医保关系一般不用转移。"),
        ("长沙", "退休人员的个人账户由统筹基金按定额划入。"),
        ("长沙", "改革后单位缴纳的医保费全部进入统筹基金，不再划入个人账户。"),
        ("长沙", "医保个人账户的钱包括利息都归参保人本人所有。"),
        ("长沙", "兄弟姐妹也在近亲属范围内，可以共济。"),
        ("长沙", "孙子女没有参保的，不能接受共济。"),
        ("长沙", "2021年起个人账户只能给配偶、父母、子女使用，2024年扩大到近亲属。"),
        ("长沙", "参加城乡居民医保的父母，也可以接受子女的家庭共济。"),
        ("长沙", "共济人和家人在同一个省参保，不在同一个城市也能共济。"),
        ("长沙", "家人在外省参保的，不能直接绑定共济，可以用医保钱包转账。"),
        ("天水", "在甘肃平台绑定16岁以下的孩子时，不需要做人脸识别。"),
        ("天水", "绑定16岁以下的孩子不用刷脸，16岁以上的家人要本人刷脸确认。"),
        ("长沙", "家庭共济可以在国家医保服务平台APP办，也可以到医保经办窗口办。"),
        ("长沙", "亲情账户和家庭共济是两回事，亲情账户扣的是家人自己的钱。"),
        ("长沙", "收款人须是近亲属，并且参加了当地的基本医保。"),
        ("长沙", "转账后家人没点接收的，钱会在次日6点自动退回。"),
        ("长沙", "医保钱包晚上10点以后到第二天早上6点之前不能转账。"),  # 晚上10点 is the published 22点
        ("长沙", "医保码和电子社保卡不是一回事，医保码由国家医保局签发。"),
        ("长沙", "刷实体卡和扫医保码扣的是同一个医保个人账户。"),
        ("长沙", "网上说退休能一次性取出余额，这是错误的。"),
        ("长沙", "家人看病时要出示自己的医保卡，不能拿你的卡。"),
        ("长沙", "父母去药店要拿自己的医保码结算，费用从你的个人账户扣。"),
        ("长沙", "带孩子去医院看病，要用孩子自己的医保码。"),
        ("长沙", "我去医院看病时用我的医保卡结算。"),
        ("长沙", "转移时余额随医保关系划到新参保地，不会退还给本人。"),
        ("长沙", "参保人去世的，余额可以退给继承人。"),
        ("长沙", "办理转移接续不收费，余额全额划到新参保地。"),
        ("南京", "参保人死亡的，继承人可以申请一次性支取余额。"),
        ("南京", "在江苏一次性领取养老金的人员，申请清退个人账户时要提供养老金核定表。"),
        ("广州", "跨省异地安置的退休人员，本人申请后可以把个人账户资金打到本人银行账户。"),
        ("广州", "从广州去深圳上班后，原来的个人账户资金可以在新城市继续使用。"),
        ("长沙", "换城市前不用先把余额取出来，余额会随关系划转。"),
        ("长沙", "办理家庭共济后，家人的报销比例和以前一样，不会变。"),
        ("长沙", "个人账户不能用于体育健身、养生保健，但可以给家人买药。"),
        ("长沙", "虽然不能提现，但个人账户的钱可以给家人看病用。"),
        ("长沙", "电子社保卡需要先办实体卡才能申领，医保码不需要实体卡。"),
        ("长沙", "没有实体卡也能激活医保码。"),
        ("长沙", "对方没及时接收的，钱会在次日6点退回。"),
        ("长沙", "未满16周岁的孩子绑定时不用刷脸。"),
        ("长沙", "网上传的“转移时可以提现”跟实际规定不相符。"),  # reported as false
        ("长沙", "出借医保凭证的，联网结算会被暂停3到12个月。"),
        ("长沙", "转出地在10个工作日内办完，转入地在5个工作日内办完。"),
        ("长沙", "12393人工服务一般在工作日上午9点到12点、下午1点到5点。"),  # 下午…到5点 is 17点
        ("长沙", "一次性领取养老金的人员，可以申请清退医保个人账户。"),
        ("长沙", "到了退休年龄，并不等于可以把个人账户余额一次性转到银行卡。"),
        ("长沙", "家人在外省参保的，以前没有办法共济，现在可以用医保钱包转账。"),
        ("长沙", "每天22点到次日6点不能进行医保钱包转账。"),
        ("长沙", "办好异地就医备案后，在居住地住院可以直接结算，不用先垫付再回去报销。"),
        ("长沙", "想问个人账户的钱能不能取，应该拨打医保服务热线12393，而不是12333。"),
        ("长沙", "办完转移接续，交费的记录和医保关系一起接到新参保地。"),
        ("长沙", "换了参保地以后，共济绑定可能要在新参保地再办一次。"),
        ("长沙", "各地常见的可支取情形里，参保人死亡是其中一种。"),
        ("长沙", "12393和12333不一样，12393是医保热线，12333是人社热线。"),
        ("长沙", "办了异地长期居住备案，参保地也不会改变。"),
        ("长沙", "余额不能随时提取现金，也不能转进微信零钱。"),
        ("长沙", "把账户里的钱换成现金是违法的，查实后会被追回。"),
        ("长沙", "网上说得了大病就能把余额取出来，这种说法没有官方依据。"),
        ("南京", "江苏一次性支取的办结时限为10个工作日。"),
    ],
)
def test_the_true_version_of_a_new_claim_family_is_not_flagged(city, sentence):
    _, flags = _flags(_topics_page(city, sentence))
    assert not _by_rule(flags), flags


@pytest.mark.parametrize(
    "planted",
    [
        "12393人工服务时间是早上8:00到晚上8:00。",  # a clock time no article gives
        "医保钱包转账按转账金额收取千分之五的服务费。",  # a share written 千分之
    ],
)
def test_invented_times_and_shares_are_unverified(planted):
    _only_flagged(_topics_page("天水", planted), planted, "unverified")


def test_an_invented_number_that_breaks_a_published_rule_is_shown_with_that_rule():
    # 65岁 is a number no article gives, and 16岁以上 must 刷脸: the editor sees the rule it breaks
    planted = "年满65周岁的老人免刷脸，上传户口本即可。"
    flag = _only_flagged(_topics_page("天水", planted), planted, "contradicts")
    assert "16岁以上" in flag.evidence and flag.rule is not None


@pytest.mark.parametrize(
    "planted",
    [
        "想了解更多医保资讯，欢迎订阅本站频道。",
        "关注我们的公众号，回复“共济”领取政策汇编。",
        "本文内容未经授权禁止转载。",
        "以上内容如有出入，请以官方发布为准。",
        "本站长期招募兼职撰稿人。",
    ],
)
def test_site_subscription_copyright_and_recruiting_text_is_boilerplate(planted):
    # a true sentence after it, so the importer does not drop it as the closing disclaimer
    text = _topics_page("长沙", planted, "长沙参保人可以在国家医保服务平台APP查询个人账户余额。")
    _only_flagged(text, planted, "boilerplate")


@pytest.mark.parametrize(
    "planted",
    [
        "灵活就业人员的养老保险可以按月或按季度缴纳。",
        "职工因工受伤的，可以申请工伤认定。",
        "低保对象可以申请临时救助。",
    ],
)
def test_other_social_insurance_subjects_are_off_topic(planted):
    _only_flagged(_topics_page("长沙", planted), planted, "off_topic")


@pytest.mark.parametrize(
    "planted",
    [
        "办理转移不收费，但余额会被清零。",
        "个人账户余额不能随意使用，但退休后可以一次性全部取出。",
        "共济确实不能给朋友用，不过兄弟姐妹不属于近亲属。",
    ],
)
def test_a_negation_in_another_clause_does_not_clear_the_claim(planted):
    _only_flagged(_topics_page("西宁", planted), planted, "contradicts")


@pytest.mark.parametrize(
    "sentence",
    [
        "不管是退休还是换城市，都不能把余额取出来。",  # the negation governs the clause of the claim
        "有人问退休后能不能一次性取出余额，答案是不能。",
        "很多人以为12333能查医保余额，其实医保问题应拨打12393。",  # a belief reported as mistaken
        "把医保卡借给家人用，哪怕是至亲，也属于违规。",  # a warning anywhere in the sentence
        "南京参保人出国定居的，能否支取余额以当地规定为准。",  # a hedge, not a claim
    ],
)
def test_a_negation_hedge_or_warning_over_the_claim_still_clears_it(sentence):
    city = "南京" if sentence.startswith("南京") else "西宁"
    _, flags = _flags(_topics_page(city, sentence))
    assert not _by_rule(flags), flags


def test_a_fee_no_article_names_is_flagged():
    planted = "医保钱包每次转账都要支付手续费。"
    sentences, flags = _flags(_topics_page("西宁", planted))
    flag = flags.get(planted)
    # the rules find no article naming the fee; the model may also read it as breaking the wallet's rules
    assert flag is not None and (flag.kind == "unverified" or flag.kind == "contradicts" and flag.by_model), flag
    assert not {s for s in flags if s != planted}, flags


# Claims given as advice, a false claim after a true clause, a lawful case the sentence denies.
@pytest.mark.parametrize(
    "city, planted",
    [
        ("长沙", "据统计，长沙已有超过20万人开通了医保钱包。"),  # 万人, 万户: counts the parser now reads
        ("长沙", "全市已有3万户家庭办理了共济绑定。"),
        ("长沙", "自助终端可以打印最近12个月的明细。"),  # 12个月 is published only as a penalty
        ("长沙", "长沙已把转入环节压缩到2个工作日。"),  # under the published limit: not refuted, not supported
        ("南京", "一次性领养老金的人清退个账时，还得交半年的银行流水。"),
    ],
)
def test_counts_numbers_of_another_subject_and_times_under_a_limit_are_unverified(city, planted):
    _only_flagged(_topics_page(city, planted), planted, "unverified")


def test_a_time_over_the_published_limit_of_its_step_still_contradicts():
    planted = "长沙转入地要20个工作日才能办完。"
    flag = _only_flagged(_topics_page("长沙", planted), planted, "contradicts")
    assert flag.rule == "tr-national-time-and-balance"


@pytest.mark.parametrize(
    "planted, kind",
    [
        ("顺便说一句，住房公积金转移接续也可以在网上申请。", "off_topic"),
        ("城乡居民每年可以免费洗牙一次。", "off_topic"),
        ("医保新政又迎来重大调整，大家一定要看！", "boilerplate"),
    ],
)
def test_other_funds_dental_care_and_hype_are_not_policy(planted, kind):
    _only_flagged(_topics_page("长沙", planted), planted, kind)


@pytest.mark.parametrize("planted, kind", [
    # another subject is off topic, whatever it claims about its own 余额
    ("离职后满半年没有续缴住房公积金的，可以申请销户提取公积金账户余额。", "off_topic"),
    # a 医保 subject the corpus does not cover still has its claim about the account checked
    ("连续断缴满半年的职工，也能申请把余额一次性取走。", "contradicts"),  # 江苏 names its three cases
])
def test_a_digression_is_off_topic_but_an_uncovered_insurance_subject_is_still_checked(planted, kind):
    _only_flagged(_topics_page("南京", planted), planted, kind)
