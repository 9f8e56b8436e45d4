"""Understanding a message once: the typed question every later stage reads.

One call turns what a person typed into a ``Question``: the masked text and the kinds of
personal data found, the normalised text, its tokens, the places with their roles, the insurance
type, the topic with its evidence, the facet asked, a 医保 subject the corpus does not cover, and
the situation cues that change what a right answer says (a bereavement, lending a card). The
dialog, the retriever and the composer read it; none of them masks, normalises or looks for
places again.

>>> understander = Understander(intent_model)  # doctest: +SKIP
>>> q = understander.understand("从郑州调到杭州 医保卡里的钱能带过去吗")  # doctest: +SKIP
>>> q.origin.city, q.destination.city, q.topic, q.facet  # doctest: +SKIP
('郑州', '杭州', 'transfer', 'yes_no')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from bot.text.geo import Place, gazetteer
from bot.text.mask import mask_pii
from bot.text.normalise import normalise
from bot.text.typos import TypoFixer
from bot.text.segment import tokens as segment_tokens
from bot.understand.facets import question_facets
from bot.understand.intent import (CASH_OUT, ERRAND, IMPERSONATION, NOT_RECEIVED, REPORTS, TO_FAMILY, TO_RESIDENT, TO_WALLET_APP,
                                   Intent, classify_words)
from bot.understand.intent_model import IntentModel

# Only what the asker says of their own insurance: 「给娃交居民医保」 is about the child's.
# 「给我爸交居民医保」「我爸是居民医保」: someone else's insurance, not the asker's
_NOT_MINE = r"给|帮|替|爸|妈|爹|娘|父|母|闺女|女儿|儿子|孩子|娃|老公|老婆|媳妇|爱人|外婆|外公|奶奶|爷爷|姥|婆|公|哥|姐|弟|妹|家人|老人|老伴"
_MY = rf"(我|本人|自己|俺)(?:(?!{_NOT_MINE})[^，。,.!?？]){{0,6}}"
RESIDENT = re.compile(_MY + r"(城乡居民|居民医保|新农合|居民医疗保险|合作医疗)|(居民医保|新农合)(卡|账户)")
EMPLOYEE = re.compile(_MY + r"(职工医保|职工医疗|职工基本医疗)|单位(给我)?(交|缴)")
# A content site's headline (「这些方法让你秒懂!(以青岛为例)」「一文搞定」) says nothing of what is asked
HEADLINE_FILLER = re.compile(r"这些方法让你秒懂|让你秒懂|一文(搞定|看懂|读懂|了解)|(详细)?步骤来了|新规来了|方法大全|两步搞定|"
                             r"[(（]以[^)）]{0,8}为例[)）]|[!！]+")
# A place that is a family member's, not the asker's: 「我妈在河南老家」「他在大连参保的」
_THIRD_PERSON = re.compile(
    r"(他|她|老汉|老爷子|老头|老太|丈人|丈母娘|爸|妈|爹|娘|父母|爸妈|老人|家人|家里人|孩子|儿子|女儿|闺女|老公|老婆|爱人|媳妇|对象|哥|姐|弟|妹|亲戚|公婆|岳父|岳母|"
    r"爷爷|奶奶|姥姥|姥爷|外公|外婆|孙子|孙女|小子|儿媳|女婿|老伴|婆婆|公公|媳妇儿|娃)[^，。,.?？我俺]{0,3}$"
)
# 「户口在河南周口」「老家在河北 现在在北京上班」: where one comes from, not where one is insured
_HOME_BEFORE = re.compile(r"(户口|户籍)本?上?(在|是|落在|还在)?[^，。,.?？\s]{0,4}$|老家(在|是)$")
_HOME_AFTER = re.compile(r"的?(户口|户籍)")
_ASKER_AT = re.compile(r"(我|俺|咱)(在|是)$")
_EACH_IN = re.compile(r"一个在.{1,8}一个在")
_TOGETHER = re.compile(r"(我|俺|咱)(和|跟|们|俩)")  # 「我和老公都在青岛」: the asker's place too
# 「看病用的码」「用手机上的医保码」 are nobody's
SOMEONES_CARD = re.compile(r"(用|拿|刷)(?!手机|微信|支付宝|自己|自个|本人)[^，。,.?？]{1,4}的(医保|社保)?(卡|码)")
# Another province said outright; 老家 and 外地 only hint at one
SAYS_OTHER_PROVINCE = re.compile(r"外省|跨省|不同省|两个省|别的省|省外")
CUES: dict[str, re.Pattern[str]] = {
    "bereavement": re.compile(r"去世|过世|走了|身故|死亡|离世|人没了|不在了|病故|遗产|继承|后事|"
                             r"(老头子?|老伴|老爷子|老太太|爸|妈|爹|娘|父亲|母亲|丈夫|老公|爷爷|奶奶)[^，。,.?？卡钱账]{0,6}没了"),
    "army": re.compile(r"当兵|参军|入伍|服兵役|部队"),
    "emigration": re.compile(r"定居|移民|出国|出境|国外|海外|外国|澳洲|澳大利亚|加拿大|美国|英国|日本|新西兰|新加坡|"
                             r"户口[^，。,.?？]{0,4}迁(走|出)"),
    "retired": re.compile(r"退休|退了休|退的休|退下来|领养老金|养老金.{0,4}领"),
    "to_wallet_app": TO_WALLET_APP,  # 「转到微信」: money out of the account, not a move of the insurance
    "to_family": TO_FAMILY,  # 「转给我妈」: family sharing
    "impersonation": re.compile(IMPERSONATION.pattern + "|" + SOMEONES_CARD.pattern),
    "cash_out": CASH_OUT,
    "errand": ERRAND,  # 「我替她去药店拿药」: medicine fetched for someone, with both people's papers
    # where the family lives or one moves to, relative to one's own province
    "other_province": re.compile(SAYS_OTHER_PROVINCE.pattern + "|老家|外地"),
    "same_province": re.compile(r"省内|省里|本省|同一个省|同省"),
    # 「在天津换了个单位」: a new employer in the same city
    "same_area": re.compile(r"(换|跳)了?(个|一个|家)?(新)?(单位|工作|公司|厂子?)(?![^，。,.?？]{0,3}(到|去))|(跳|换)到另一家|从一家(公司|单位|厂)|同城|本市"),
    # 「你帮我查下余额」: the bot cannot look anything up, and says so first
    "asks_us_to_check": re.compile(r"(帮|给|替)(我|俺|咱)?(查|看)|你(帮|给)?(我|俺)?查|身份证号?(我)?发(给)?你"),
    "no_smartphone": re.compile(r"不会(用|耍|玩|使|弄)(手机|智能|支付宝|微信|app)|上不了网|不会上网|老年机|老人机|没有?智能手机|不会弄那|手机.{0,4}不会"),
    # 「医保卡借给朋友用了 出事了算谁的」: the asker is the one who lends
    "lends_card": re.compile(r"借给|借了|借过|借出去|出借|借卡|借(他|她|人|别人|朋友|同事|哥们|兄弟|亲戚)(用)?(卡|码)|(卡|码)[^，。,.?？]{0,3}借(他|她|人|别人|朋友|同事)"),
    # 「能转给别人吗」「给表哥用行不」: someone who is no near relative
    "not_kin": re.compile(r"别人|朋友|同事|同学|邻居|外人|(表|堂)(哥|姐|弟|妹)|干(爹|妈|儿子|女儿)|没领证|未领证|未婚(妻|夫)"),
    # 「跨省异地安置的退休人员 账户钱能打到银行卡吗」: a case some places allow
    "resettled": re.compile(r"异地安置|跨省安置|安置到外省|外省安置"),
    "to_resident": TO_RESIDENT,
    # 「给我妈买点蛋白粉鱼油能刷吗」「能用来健身办卡吗」: what the account may not pay for
    "health_goods": re.compile(r"保健品|营养品|补品|蛋白粉|鱼油|虫草|燕窝|阿胶|钙片|维生素|健身|按摩|美容|养生"),
    # 「晚上十一点下班了转行不」「12393晚上有人接不」: a time of day
    "time_of_day": re.compile(r"晚上|夜里|半夜|深夜|凌晨|大清早|礼拜[六天日]|星期[六天日]|周[六日末]|节假日|\d{1,2}点|[一二三四五六七八九十]{1,3}点(?!儿)"),
    # 「转了两千 她一直没点收」: a transfer nobody accepted
    "not_received": NOT_RECEIVED,
    # 「我没参保的老公也能用吗」: a family member with no insurance of their own
    "not_insured": re.compile(r"没(有)?参保|没(有)?参加[^，。,.?？]{0,4}(医保|保险)|没(有)?(交|缴|上)(过)?(医保|社保)|没有医保|未参保|不参保|(医保|社保)[^，。,.?？]{0,3}都?没(交|缴|参|上|有)"),
    # 「老单位还欠着两个月医保没交 能办转移吗」
    "arrears": re.compile(r"欠(着|了)?[^，。,.?？]{0,6}(费|医保|钱)|欠费|(医保|费)[^，。,.?？]{0,3}没(交|缴)|欠了?[^，。,.?？]{0,6}没(交|缴)"),
    # 「能给她交明年的居民医保吗」: paying a family member's premium
    "pays_premium": re.compile(r"(给|帮|替)[^，。,.?？]{0,6}(交|缴|续)[^，。,.?？]{0,4}(居民医保|新农合|合作医疗|医保费)|"
                               r"(交|缴)(明年|下一?年|今年)的?(居民医保|新农合|医保)|(交|缴)上|代缴|"
                               r"(保费|医保费|居民医保费)[^，。,.?？]{0,8}(扣|交|缴|付|用|刷)"),
    # 「医保钱包给俺娘转了五千 咋就过去两千」「想一次转5000 提示超额」: more than a transfer may carry
    "over_limit": re.compile(r"转了?[^，。,.?？]{0,3}[0-9一二三四五六七八九十百千万两几]+[千万块元][^，。,.?？]{0,6}(只|就|才)[^，。,.?？]{0,2}(过去|到|收到|转)|"
                             r"超额|超限|超过限额|转不了那么多|一次[^，。,.?？]{0,5}(转|打)[^，。,.?？]{0,3}[0-9一二三四五六七八九十两几]+[千万]"),
    # 「个人账户里的钱到底归谁 是公家的还是我自个的」: whose money it is
    "ownership": re.compile(r"归谁|是谁的|属于谁|算(我|俺)?(自己|自个|个人)的|是(我|俺)(自己|自个)?的(吗|不|么)|公家的|归(我|个人)"),
    # 「万一转不过去呢」: a transfer that cannot be made
    "transfer_fails": re.compile(r"转不过去|转不了|转不成|转不走|没法转|无法转|不能转过去|办不了转移|接收不了|不接收"),
    # 「以前交的年头还算不算」: the years paid, not the money or the paperwork
    "years_paid": re.compile(r"(年限|年头|年数|几年|[0-9一二三四五六七八九十几]+年)[^，。,.?？]{0,6}(算|认|累计|接续|带|清零|作废|白交|没了)|"
                             r"(累计|接续)[^，。,.?？]{0,4}(年限|年头)"),
    # 「用医保开的药吃不完 挂闲鱼上卖掉」: selling medicine bought with the account
    "resells_drugs": re.compile(r"药[^，。,.?？]{0,20}(卖|转手|回收|上门收|有人收)|(卖|转手|回收)[^，。,.?？]{0,6}药"),
    # 「她住院自己掏的那部分能用俺的个账付不」: the family's own share of a medical bill
    "pays_care": re.compile(r"自己掏|自付|自费|自己出的|自己花的|个人负担"),
    # 「打12333能查吗」: the 人社 line named for a 医保 question; the answer names 12393
    "hr_hotline": re.compile(r"12333|幺二三三三|一二三三三"),
    # 「药店说医保卡能刷洗衣液卫生纸」: goods that are no medical expense
    "daily_goods": re.compile(r"洗衣液|洗洁精|卫生纸|纸巾|洗发水|牙膏|日用品|生活用品|米面油|粮油|烟酒|化妆品|超市"),
    # 「家里人得了癌症 卡里的钱能先取出来救急吗」: a serious illness, which is no case for a withdrawal
    "serious_illness": re.compile(r"大病|重病|癌|肿瘤|重大疾病|白血病|尿毒症|绝症"),
    # 「村里人都传 得了重病卡里的钱就能领出来 有这回事不」: a claim heard elsewhere, to be checked
    "hearsay": re.compile(r"听说|听人说|听别人说|(都|有人|网上|别人|人家|村里人|单位的人|朋友|同事|亲戚)[^，。,.?？]{0,3}(说|传)|传言|"
                          r"真的假的|是真的吗|真的吗|真的不|有这回事|有这事|靠谱吗|靠不靠谱|说法"),
    # 「俺和娃交的都是居民医保 搬到苏州了 能转过去不」: only the resident insurance is in play
    "resident_only": re.compile(r"^(?!.*职工).*(城乡居民|居民医保|新农合|合作医疗)"),
    # 「绑共济一直提示亲属关系核验不通过」: the check of who is family failed
    "check_fails": re.compile(r"(核验|验证|认证|核实|审核)[^，。,.?？]{0,3}(不通过|不过|不了|失败|没通过|通不过)|"
                              r"(核验|验证|认证)不(了|过)|关系[^，。,.?？]{0,4}(验|核)不"),
    # 「转入地那边要几天」「转出这边呢」: one end of a transfer (the synonym table reads both as 转移)
    "receiving_end": re.compile(r"转入|转进来|接收地"),
    "sending_end": re.compile(r"转出|原参保地那边"),
    # 「真弄了被抓会判刑吗」: whether it is a crime, not only a fine
    "criminal": re.compile(r"判刑|坐牢|蹲监狱|犯罪|刑事|吃官司"),
    # 「打电话查拨几号」: asked by phone, which the hotline answers
    "by_phone": re.compile(r"打电话|拨几号|打几号|电话(是)?多少|(哪个|什么|啥)(电话|号码)|热线"),
    # 「在国家医保app里把我妈加成家庭成员了」: a family member added to one's app (亲情账户), which shares nothing
    "added_in_app": re.compile(r"(添|加)(了|进|到|成|上)?[^，。,.?？]{0,12}(家庭成员|亲情账户|亲情)|app里[^，。,.?？]{0,4}(添|加)(了|上)"),
    # 「养老金的事也打这个号?」: a pension matter, which the 人社 line handles
    "pension_matter": re.compile(r"养老金|退休金|养老保险|社保卡[^，。,.?？]{0,3}(丢|挂失|补办)"),
    # 「想举报村里诊所拿别人的卡刷药 打哪个」: reporting fraud
    "reports_fraud": REPORTS,
    # 「人在外地 想打到老家医保局问问」: calling the bureau of a place other than where one is
    "calls_elsewhere": re.compile(r"(打|拨)(到|回|去|通)[^，。,.?？]{0,6}(老家|那边|那儿|那里|参保地|当地|医保局|医保部门)|区号"),
    # 「没办过实体社保卡 能用医保码吗」: no physical card (yet)
    "no_card": re.compile(r"(没|没有|未)(办|领|发|拿到)?(过)?(实体)?(社保|医保)?卡|卡[^，。,.?？]{0,2}(丢|掉|没了|不见)|卡还没(发|下来|办)|没(发|下来)卡|补办(这|期间|中|的时候)|还在补"),
}
# Relatives said in a way the synonym table leaves as one character (「我姐」「给我弟」) or a
# word it reads otherwise (老公公 is the husband's father), as the articles name them; 表哥 and 堂妹
# are cousins, 大姐 and 小妹 often a form of address, 姐夫 an in-law: none is a 近亲属 by these words.
RELATIVES: dict[str, re.Pattern[str]] = {
    "兄弟姐妹": re.compile(r"(?<![表堂大小])[哥姐弟妹](?![们夫媳])"),
    "公婆": re.compile(r"老公公"),
}
# What the articles call a situation, said to the retriever with the question so that the section
# about it is found in the asker's own words (「洛阳那八年还算数不」 → 缴费年限); topic: where it applies.
SITUATION_TERMS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "years_paid": ("缴费年限 累计计算", None),
    "not_received": ("没有及时接收 退回转出人", None),
    "money_moves": ("个人账户余额 随医保关系划转", None),
    "transfer_fails": ("无法跨省划转 本人银行账户", None),
    "no_card": ("不需要先有实体卡", None),
    "resells_drugs": ("倒卖药品", None),
    "arrears": ("欠费", None),
    "other_province": ("跨省 医保钱包", ("family_sharing",)),
    "same_province": ("同一个省 不在同一城市", ("family_sharing",)),
    "same_area": ("同一个统筹地区内换单位 不用转移", ("transfer", "insured_place")),  # 「从一家厂换到另一家」
    "to_resident": ("职工医保改参居民医保 个人账户余额", None),
}
# 「要回长沙了 医保余额能转过去吗」「调到宁波 卡里剩的钱咋整」: whether the balance goes along in a move
MONEY_IN_A_MOVE = re.compile(r"(钱|余额|个账|个人账户|账户|卡里|卡上)[^，。,.?？]{0,8}(带走|带过去|带回|转过去|转到|转回|转移|跟着|跟过去|随着|"
                             r"一起转|能转|咋整|咋办|怎么办|怎么处理|咋处理|清零|作废|没了|还在)")
A_MOVE = re.compile(r"回老家|回.{1,3}老家|去外地|调到|调去|换到|跨省|转移|离开|不在.{1,3}干|去.{2,3}(工作|上班)")


@dataclass(frozen=True)
class Question:
    """A message, understood. ``typed`` is what may be stored and echoed (personal numbers
    masked); ``masked`` is the same as the bot reads it, keyboard slips fixed (余颚 → 余额)."""

    masked: str
    pii: tuple[str, ...]
    text: str  # normalised masked text
    tokens: tuple[str, ...]
    places: tuple[Place, ...]  # role: "from", "to", "other" (a family member's) or None
    insurance: str | None  # "employee", "resident" or None
    intent: Intent
    facets: tuple[str, ...]  # every facet asked, the one the lead answers first
    not_covered: str | None = None  # a 医保 subject no article answers
    cues: frozenset[str] = field(default_factory=frozenset)
    placeless: str = ""  # the masked text without its place names: what it asks, not where
    typed: str = ""
    relatives: tuple[str, ...] = ()  # relatives named, in the articles' words (兄弟姐妹 for 我姐)

    @property
    def facet(self) -> str | None:
        return self.facets[0] if self.facets else None

    @property
    def topic(self) -> str:
        return self.intent.label

    @property
    def origin(self) -> Place | None:
        """Where the asker is insured or leaves from: a place said with 从, else one said plainly."""
        for role in ("from", None):
            for place in self.places:
                if place.role == role:
                    return place
        return None

    @property
    def destination(self) -> Place | None:
        """Where a move goes (「调到杭州」)."""
        return next((p for p in self.places if p.role == "to"), None)

    @property
    def about_fraud(self) -> bool:
        """Lending a card, cashing out or selling the balance: the only questions that get
        冒名就医 and 套现 warnings."""
        return self.topic == "fraud" or bool({"impersonation", "cash_out"} & self.cues)

    @property
    def situation_terms(self) -> str:
        """The articles' words for the situations this question describes, on its topic."""
        cues = set(self.cues)
        if not (SAYS_OTHER_PROVINCE.search(self.text) or any(p.role in ("other", "to") for p in self.places)):
            cues.discard("other_province")  # 「他在老家交的」 may well be the same province
        return " ".join(terms for cue, (terms, topics) in SITUATION_TERMS.items()
                        if cue in cues and (topics is None or self.topic in topics))

    def with_topic(self, topic: str) -> Question:
        """The same question with the topic a conversation carries."""
        return replace(self, intent=Intent(topic, self.intent.scores, certain=True))


class Understander:
    """Builds ``Question`` objects; holds the learned intent model."""

    def __init__(self, intent_model: IntentModel, typos: TypoFixer | None = None) -> None:
        self.intent_model = intent_model
        self.typos = typos

    def understand(self, message: str) -> Question:
        masking = mask_pii(message)
        masked = self.typos.fix(masking.text) if self.typos else masking.text
        text = normalise(masked)
        words = segment_tokens(text)
        spans = gazetteer().spans(masked)
        placeless = HEADLINE_FILLER.sub("", _without_spans(masked, spans))
        places = places_with_roles(masked, spans)
        cues = _cues(text, places)
        moving = any(p.role == "to" for p in places) and any(p.role in ("from", None) for p in places)
        intent = classify_words(text, words, self.intent_model.probabilities_prepared(normalise(placeless)), moving)
        return Question(
            masked=masked, pii=masking.kinds, text=text, tokens=tuple(words), places=tuple(places),
            insurance=_insurance(text), intent=intent, facets=question_facets(text), not_covered=not_covered_subject(text),
            cues=cues, placeless=placeless, typed=masking.text,
            relatives=tuple(kin for kin, pattern in RELATIVES.items() if pattern.search(text)),
        )


def places_with_roles(masked: str, spans: list[tuple[int, int, Place]] | None = None) -> list[Place]:
    """The places named, each once, with where one leaves (from), goes (to), a family member's (other)
    or one's household registration (home)."""
    found: list[Place] = []
    for start, end, place in gazetteer().spans(masked) if spans is None else spans:
        before = masked[max(0, start - 8): start]
        if place.role is None and _THIRD_PERSON.search(before.rstrip("在是的去到")) and not _TOGETHER.search(before):
            place = replace(place, role="other")
        elif place.role is None and (_HOME_BEFORE.search(before) or _HOME_AFTER.match(masked, end)):
            place = replace(place, role="home")  # 「户口在周口 在厦门上班」: where one comes from, not where one is insured
        same = [i for i, p in enumerate(found) if (p.province, p.city) == (place.province, place.city)]
        if not same:
            found.append(place)
        elif place.role is None and _ASKER_AT.search(before) and found[same[0]].role in ("to", "other", "home"):
            found[same[0]] = place  # 「我妈来广州帮我带娃 我在广州交的职工医保」: the asker's place after all
    if not any(p.role in ("from", None) for p in found):
        found = [replace(p, role=None) if p.role == "home" else p for p in found]  # the only place said
    with_city = {p.province for p in found if p.city}  # 「江西宜春」: the city says more than its province
    return [p for p in found if p.city or p.province not in with_city]


def _province_cues(places: list[Place], text: str) -> frozenset[str]:
    """A family member insured, or a move to a place, in the asker's province (烟台 for a 济南
    asker) or in another one."""
    own = [p for p in places if p.role in ("from", None)]
    theirs = [p for p in places if p.role in ("other", "to")]
    if not theirs and len(own) >= 2 and _EACH_IN.search(text):
        own, theirs = own[:1], own[1:2]  # 「一个在广州一个在佛山」
    if not own:
        return frozenset()
    return relative_province(own[0].province, theirs, own[0].city)


def relative_province(own_province: str | None, places: tuple[Place, ...] | list[Place],
                      own_city: str | None = None) -> frozenset[str]:
    """Whether the first of ``places`` (a family member's, or where one moves) is in the asker's
    province: 「她在重庆参保」 said to a conversation that knows the asker is insured in 成都 is
    another province. The same city says nothing about provinces."""
    theirs = [p for p in places if p.province]
    if not own_province or not theirs or (own_city and theirs[0].city == own_city):
        return frozenset()
    return frozenset({"same_province" if theirs[0].province == own_province else "other_province"})


def placed_against_the_asker(q: Question, city: str | None, province: str | None) -> Question:
    """「我妈在湖南交的居民医保」 asked by someone known to be insured in 南宁: the family is in
    another province, though the message names no place of the asker's own."""
    if any(p.role in ("from", None) for p in q.places):
        return q  # the message says where the asker is: its own cues stand
    by_place = relative_province(province, [p for p in q.places if p.role in ("other", "to")], city)
    if not by_place:
        return q
    return replace(q, cues=_resettled((q.cues - {"same_province", "other_province"}) | by_place))


def _resettled(cues: frozenset[str]) -> frozenset[str]:
    """「退休了去湖南跟女儿住」: a retiree going to live in another province is resettled (异地安置)."""
    return cues | {"resettled"} if {"retired", "other_province"} <= cues else cues


def _cues(text: str, places: list[Place]) -> frozenset[str]:
    """The situation cues; where the places say whether the family is in the asker's province,
    they decide, not a word such as 老家 or 外地 (临沂老家 is in 济南's province)."""
    cues = {name for name, pattern in CUES.items() if pattern.search(text)}
    if "same_area" in cues and (len(places) > 1 or any(p.role == "to" for p in places)):
        cues.discard("same_area")  # 「换工作到杭州」 is a move
    moving = any(p.role == "to" for p in places) or len(places) > 1 or A_MOVE.search(text)
    if moving and MONEY_IN_A_MOVE.search(text) and not {"to_wallet_app", "to_family"} & cues:
        cues.add("money_moves")
    by_place = _province_cues(places, text)
    if by_place:
        cues -= {"same_province", "other_province"}
    if "same_province" in cues | by_place or "to_resident" in cues:
        cues.discard("money_moves")  # within a province the balance stays put (广东省内跨市); into 居民医保 no rule says
    return _resettled(frozenset(cues | by_place))


def _without_spans(text: str, spans: list[tuple[int, int, Place]]) -> str:
    out, last = [], 0
    for start, end, _ in spans:
        out.append(text[last:start])
        last = end
    return "".join(out) + text[last:]


def _insurance(text: str) -> str | None:
    if RESIDENT.search(text):
        return "resident"
    if EMPLOYEE.search(text):
        return "employee"
    return None


@lru_cache(maxsize=1)
def _not_covered_rules() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...]:
    text = resources.files("bot.data").joinpath("not_covered.tsv").read_text(encoding="utf-8")
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        subject, pattern, *rest = line.split("\t")
        unless = rest[0].strip() if rest else ""
        rules.append((subject, re.compile(pattern), re.compile(unless) if unless else None))
    return tuple(rules)


def not_covered_subject(text: str) -> str | None:
    """The 医保 subject of ``text`` that no article covers (``bot/data/not_covered.tsv``), if any."""
    for subject, pattern, unless in _not_covered_rules():
        if pattern.search(text) and not (unless and unless.search(text)):
            return subject
    return None
