"""The facet of a question (what kind of answer it wants) and the facets an answer unit gives.

A 能不能 question wants yes / no / only in these cases; 多久 wants the time limit; 要带什么 the
materials; 在哪办 the channel. The same names label the sections of the articles, from their
headings (「多久办好」 → how_long), so the composer can lead with the section that answers.
"""

from __future__ import annotations

import re

FACETS = ("which_rules", "how_long", "materials", "cost", "lookup", "whose", "who", "what_pays", "conditions", "why", "consequence", "how",
          "amount", "yes_no")
FACET_NAMES = {
    "yes_no": "能不能", "which_rules": "按哪边的规定", "whose": "扣谁的 / 出示谁的", "who": "谁能用", "what_pays": "能付什么", "how": "怎么办 / 在哪办", "how_long": "多久",
    "materials": "要什么材料", "conditions": "什么情形 / 条件", "cost": "收费吗", "amount": "多少钱",
    "why": "为什么", "lookup": "怎么查", "consequence": "会怎样",
}

# 「app上个人账户一直显示0」 says what the app shows; 「app里咋弄」 asks where to do it
APP_ASKED = r"app(?!(上|里)[^，。,.?？ ]{0,6}(显示|一直|是0|余额))"

# 「去上海办还是得回南昌办」: which of two places, a question of where
CHOOSES_WHERE = r"(去|到|回)[^，。,.?？]{1,6}办还是|还是(得|要)?(回|去|到)[^，。,.?？]{1,6}办"

# Checked in this order: 「多久能办好」 is about time before it is about how, 「咋转 一次能转多少」
# about the amount; 「能不能查」 is a lookup.
_QUESTION_FACETS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 「看病报销按哪边的」「是按广州的报还是按赣州的报」: whose rules apply, not how much or how
    ("which_rules", re.compile(r"按(哪|谁)|听(哪|谁)的|还是按|按[^，。,.?？ ]{1,6}的?(报|来|算)还是|以(哪|谁)(边|里|个|的)为准|"
                               r"(哪边|哪里|谁)说了算|按(啥|什么)规矩|"
                               # 「能按我的职工医保比例报销吗」「报销比例是不是就跟我一样了」: whose benefits apply
                               r"按(我|他|她|闺女|儿子|女儿|共济人)[^，。,.?？ ]{0,8}(比例|待遇|标准|的)(报|来|算)|"
                               r"(比例|待遇)[^，。,.?？ ]{0,6}(跟|和)(我|他|她)[^，。,.?？ ]{0,2}一样")),
    ("how_long", re.compile(r"多久|多长时间|多少天|(?<![用借住玩待这那前过好头])几天|几个?工作日|多少个?工作日|啥时候(能|到|好)|什么时候(能|到|好|办好)|"
                            r"多快|要等|等多久|多久到账|几号到|几个月|几点|什么时间|啥时间|上班时间|有人接|真人接|找(着|得到|得着)人|有人工")),
    ("materials", re.compile(r"材料|带什么|带啥|带哪些|要带|需要带|证件|证明|资料|手续要|要啥手续|需要哪些手续|准备什么|准备啥|"
                             r"办(啥|什么|哪些)手续")),
    ("cost", re.compile(r"收费|收钱|要钱吗|要钱不|花钱|手续费|交钱吗|收不收|免费|要不要钱|费用多少")),
    ("why", re.compile(r"为什么|为啥|为何|咋回事|怎么回事|凭什么|咋少了|怎么少了|怎么变少|咋变少|原因|对不上|不一致|哪个(是)?对|信哪个|哪个准|"
                       r"(显示|查到|看到|小票)[^，。,.?？]{0,10}(不一样|不同)")),
    # 「借给他我会有啥事不」「罚多少」「会坐牢吗」: what happens to whoever does it
    ("consequence", re.compile(r"会怎样|会怎么样|会咋样|会咋地|啥后果|什么后果|后果|罚款(?!多少)|罚钱|判刑|坐牢|"
                               r"被抓|被查|有事没|有啥事|会有事|有事吗|有没有事|会不会有事|出事|算谁的|担责|责任")),
    ("lookup", re.compile(r"怎么查|咋查|如何查|在哪查|哪里查|哪儿查|去哪查|查询|查余额|查.{0,3}余额|哪个(app|软件|平台|小程序)|查看|查一下|查进度|在哪看|哪里看|"
                          r"怎么看|咋看|能查|查得到|查到|查不到|知道(还)?(有|剩)多少|看余额|多少钱?[^，。,.?？]{0,3}(咋|怎么|如何|哪)(知道|看|查)")),
    # 「扫谁的码」「扣的是谁的钱」: whose code is shown, whose account pays (not which relatives count)
    ("whose", re.compile(r"(扫|出示|亮|用|拿|刷|扣)[^，。,.?？]{0,3}谁的|谁的(码|医保码|卡|医保卡|钱|账户|个账|余额)|扣谁")),
    ("who", re.compile(r"谁能用|谁可以用|谁(发|签发|管|负责)的?|哪些人|哪些家人|哪些亲属|给谁用|能帮谁|谁能|包括谁|包括哪些人|算不算(近亲属|家人|直系)|"
                       r"都能用吗|哪些亲戚")),
    ("what_pays", re.compile(r"能(付|买|交|用|花)(什么|啥|哪些)|可以(付|买|交|用|花)(什么|啥|哪些)|哪些费用|什么费用|"
                             r"能不能买|可以买|能买|能交|能付|用在哪|用到哪|花在哪|能用来|可以用来|买药|代缴|"
                             # 「给我妈交居民医保」 asks what the account pays; 「我是交居民医保的」 says who asks
                             r"(给|帮|替|代|用)[^，。,.?？]{0,8}交居民医保|"
                             r"买保险|惠民保|长护险")),
    ("conditions", re.compile(r"什么情况|哪些情况|啥情况|什么情形|哪些情形|什么条件|哪些条件|啥条件|条件|满足|前提|"
                              r"什么时候(能|可以)(取|提)|啥时候(能|可以)(取|提)|要求|限制|限额|每天|每笔|最多")),
    ("amount", re.compile(r"(啥|什么|哪个)标准|罚多少|罚款多少|罚几倍|多少钱|多少元|多少比例|每个?月(有|打|进|划|返)多少|多少进|划多少|返多少|能转多少|多少额度|一次.{0,3}多少|最多.{0,3}多少|每笔.{0,2}多少|每天.{0,3}多少")),
    ("how", re.compile(r"(先|第一步|头一步)(要|得)?(干|做|办|弄|搞)(啥|什么|哪些)|第一步|头一步|从哪(开始|下手)|怎么办|怎么弄|怎么操作|怎么申请|怎么绑|怎么开通|怎么转|怎么改|怎么变更|怎么更改|怎么用|怎么使用|"
                       r"怎么领|怎么取|怎么提|怎么激活|怎么处理|怎样|如何|咋办|咋弄|咋整|咋操作|咋申请|咋绑|咋转|咋改|咋领|"
                       r"流程|步骤|在哪办|去哪办|哪里办|哪儿办|去哪里|到哪|找谁|哪个部门|哪个窗口|窗口|网上办|线上办|手机上(?![^，。,.?？ ]{0,2}(都有|有|那个|的))|"
                       r"手机办|手机改|手机(申请|变更|操作)|" + APP_ASKED + r"|小程序|入口|办理|去哪|在哪|哪里|" + CHOOSES_WHERE + r"|哪(儿|里)?(找|弄|开|办|申请|打开|点|进)|藏哪|找不(着|到)|没找(着|到)|(网上|线上|在线|手机上)(能)?(申请|办|提交|操作|弄|搞)|怎么(?!样)|咋(?!样)")),
    ("yes_no", re.compile(r"能不能|能否|可不可以|可以吗|可以不|能吗|能不|行吗|行不|中不中|中不|会不会|会吗|是不是|是否|"
                          r"要不要|需不需要|需要吗|算不算|有没有|一样吗|一样不|一样嘛|吗|嘛|么|不[?？]?$|没[?？]?$|行[?？]$|也不行|不行(吧|啊|呀)|"
                          r"咋能|怎么能|咋才能|怎么才能|怎样才能|"  # 「咋能给俺孙子用」: whether, and how
                          # 「能给我妈用不 我在南京」「卡里有钱没 想给孙子拿药」: the question ends before what follows
                          r"(能|可以|会|行|要|用|算)[^，。,.?？!！\s]{1,8}不(?=[\s，。,.?？!！])|有[^，。,.?？!！\s]{0,6}没(?=[\s，。,.?？!！])")),
)

# Headings of answer units → the facets they give. A heading may give several.
_HEADING_FACETS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("how_long", re.compile(r"多久|时限|几天")),
    ("materials", re.compile(r"材料|要带|证件")),
    ("cost", re.compile(r"收费|费用")),
    ("why", re.compile(r"为什么|由来|为何")),
    ("lookup", re.compile(r"查|小票|打电话|网上|支付宝|微信|当地平台|服务平台|终端|窗口")),
    ("who", re.compile(r"谁|近亲属|哪些家人|能帮|家人在外地|居民医保参保人")),
    ("what_pays", re.compile(r"能付|不能付|能用到|能交|能做|用在|合法的用法|合法用法|能用")),
    ("conditions", re.compile(r"情形|条件|限制|什么时候|不能|不转|二档三档|退休|先结清")),
    ("how", re.compile(r"怎么|在哪|去哪|流程|绑定|开通|激活|转账|办理|先开|合法做法|托人|使用|入口|打到")),
    ("amount", re.compile(r"多少|限额|变少|怎么算")),
    ("consequence", re.compile(r"后果|处罚")),
)


# 「卡里的钱咋办」「余额怎么处理」 asks what becomes of the money, not for a procedure
_WHAT_BECOMES = re.compile(r"(钱|余额|个账|个人账户|账户)[^，。,.?？]{0,4}(咋办|怎么办|咋处理|怎么处理|咋整|怎么整|咋弄|怎么弄)")


# 「那俺算哪里参保的」 asks which place counts, not how to do anything
_WHICH_PLACE = re.compile(r"算(是)?(哪|哪里|哪儿|哪边|哪个地方)")


def question_facets(text: str) -> tuple[str, ...]:
    """Every facet a (normalised, masked) message asks, the one that decides the lead first:
    「能不能领 咋领」 asks how, and whether."""
    found = tuple(facet for facet, pattern in _QUESTION_FACETS if pattern.search(text))
    if found[:1] == ("how",) and (_WHAT_BECOMES.search(text) or _WHICH_PLACE.search(text)):
        found = found[1:]
    if found[:1] == ("yes_no",) and "conditions" not in found:
        found += ("conditions",)  # 能不能 is answered by yes, no, or only in these cases
    return found


def question_facet(text: str) -> str | None:
    """The facet the lead must answer; None for a statement or a bare topic."""
    found = question_facets(text)
    return found[0] if found else None


def heading_facets(heading: str, position: int) -> tuple[str, ...]:
    """What a section answers, read from its heading. The first section of an article is its
    direct answer, so it answers the yes/no question the article is about."""
    found = [facet for facet, pattern in _HEADING_FACETS if pattern.search(heading)]
    if position == 0:
        found.append("yes_no")
    return tuple(dict.fromkeys(found))


# What a sentence must hold to answer a facet: the time limit for 多久, the fee for 收费吗.
_SENTENCE_CUES: dict[str, re.Pattern[str]] = {
    "which_rules": re.compile(r"规定执行|仍看[^，。]{0,16}规定|按(转入地|参保地|本人|自己)|不会让[^，。]{0,6}获得[^，。]{0,16}(待遇|比例)|"
                              r"不改变[^，。]{0,8}(险种|待遇)"),
    "how_long": re.compile(r"[\d一二两三四五六七八九十]+个工作日|工作日内|[\d一二两三四五六七八九十]+天|即时办结|当场|次日|"
                          r"[\d一二两三四五六七八九十]+个月|\d+:\d+|\d+点|24小时|全天"),
    "materials": re.compile(r"身份证|户口|证明|材料|银行卡|社保卡|医保电子凭证|承诺书|核定表|情况说明|参保凭证|信息表|结婚证|"
                            r"出生医学证明|证件"),
    "cost": re.compile(r"收费|收取费用|免费|不收"),
    "lookup": re.compile(r"查询|查看|查|APP|公众号|支付宝|微信|终端|窗口|小票|12393"),
    "how": re.compile(r"APP|登录|进入|窗口|平台|绑定|开通|提交|先.+再|到.+医保|向.+申请|经办机构|"
                      r"由[^，。]{0,10}(开具|办理|受理)"),
    "whose": re.compile(r"(自己|本人|共济人|家人)的?[^，。]{0,6}(医保码|医保电子凭证|医保凭证|医保卡|个人账户|余额|钱)|扣的是|出示的是"),
    "who": re.compile(r"近亲属|配偶|父母|子女|兄弟姐妹|祖父母|家人|本人|参加了基本医保|参保"),
    "what_pays": re.compile(r"支付|缴纳|自付|个人缴费|购药|看病|费用"),
    "conditions": re.compile(r"情形|条件|只有|才能|死亡|出国|定居|入伍|放弃|清退|不超过|每天|每笔|晚上"),
    "why": re.compile(r"因为|是因为|原因|所以|改革|调整|不是|比实际晚|延迟|滞后"),
    "amount": re.compile(r"\d+元|\d+%|\d+笔|定额|比例|\d+倍"),
    "consequence": re.compile(r"追回|罚款|处罚|刑事责任|诈骗罪|暂停|退回损失|倍以上"),
    "yes_no": re.compile(r"可以|不能|不可以|能|不会|一般不|只有|才能|属于|是|不是|没有|不用|不需要|一样|同一"),
}


def sentence_answers(sentence: str, facet: str | None) -> bool:
    """Whether ``sentence`` holds the kind of thing ``facet`` asks for."""
    if facet is None:
        return True
    cue = _SENTENCE_CUES.get(facet)
    return bool(cue and cue.search(sentence))


def cue_count(sentence: str, facet: str | None) -> int:
    """How many of the things ``facet`` asks for ``sentence`` holds: a sentence with both ends'
    time limits and their total answers 多久 more fully than one with one end's."""
    cue = _SENTENCE_CUES.get(facet or "")
    return len(cue.findall(sentence)) if cue else 0
