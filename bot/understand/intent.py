"""What a message is about: one of the topics, a greeting, or out of scope.

Keyword evidence on the segmented, synonym-mapped tokens decides first; when a 医保 question
names no topic word, the caller may fall back on the topics of the best retrieved passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.normalise import normalise
from bot.text.segment import tokens

# Token → (topic, weight). Tokens are after synonym mapping (取出来 → 提取, 家人 → 家庭成员).
TOPIC_WORDS: dict[str, dict[str, float]] = {
    "family_sharing": {
        "家庭共济": 3, "家庭成员": 1.5, "配偶": 1.5, "父母": 1.5, "子女": 1.5, "兄弟姐妹": 1.5,
        "祖父母": 1.5, "孙子女": 1.5, "公婆": 1.5, "绑定": 1, "医保钱包": 2, "亲情账户": 2, "跨省共济": 3,
        "共济人": 2, "近亲属": 2, "被共济人": 2, "代缴": 1.5, "长期护理保险": 1.5,
        # 「能转给别人吗」「能给朋友用吗」: who else may use the account is the sharing rule's question
        "别人": 1.5, "朋友": 1.5, "同事": 1.5,
    },
    "withdrawal": {"提取": 3, "去世": 2.5, "出国定居": 1.5, "继承": 1.5, "清退": 1.5, "入伍": 1.5, "退": 0.5, "一次性": 1.5,
                   "停保": 1, "银行卡": 1, "离职": 1},
    "transfer": {
        "转移": 2.5, "转移接续": 3, "职工转居民": 3, "工作变动": 2.5, "离职": 1, "入职": 1.5, "参保凭证": 2, "缴费年限": 1.5, "转出地": 2,
        "转入地": 2, "跨省": 0.5, "异地": 0.5,
    },
    "balance_query": {"余额": 2.5, "查询": 2, "明细": 1.5, "流水": 1.5, "划入": 1, "划账": 1, "消费记录": 1.5, "插卡": 2},
    "fraud": {"冒名就医": 3, "套现": 3, "骗保": 3, "违法": 1, "处罚": 1, "罚款": 1, "稽查": 2, "罚": 1.5, "犯法": 1.5},
    "e_voucher": {"医保电子凭证": 3, "电子社保卡": 3, "实体卡": 2, "激活": 1.5, "截图": 4.5},
    "insured_place": {"参保地": 2.5, "参保地变更": 3, "结算": 2, "异地就医备案": 3, "异地安置": 2, "备案": 1.5, "异地就医": 2},
    "hotline": {"12393": 3, "12333": 3, "人工": 1, "电话": 2, "举报": 1.5, "挂失": 2},
    "account_basics": {"城乡居民医保": 1.5, "居民医保": 1, "划入": 1.5, "变少": 2, "少": 0.5, "归属": 2,
                       "二档": 2, "三档": 2},  # 深圳's 二档 and 三档 have no personal account
}
DOMAIN_WORDS = {  # 医保 words; plain health words (医院, 看病) do not make a question a 医保 one
    "医保", "医保卡", "社保", "社保卡", "医疗保险", "个人账户", "统筹", "参保", "报销", "就医", "余额", "职工医保", "居民医保", "城乡居民医保", "基本医保", "医保局",
    "缴费", "医保电子凭证", "家庭共济", "12393", "参保地", "住院", "门诊", "起付线", "医药费", "药费", "挂号",
    "医疗费", "特殊病", "慢性病", "慢特病", "断缴", "补缴", "医保码", "异地就医", "生育", "大病",
}
GREETING = re.compile(
    r"^((你好|您好|hi|hello|hey|嗨|哈喽|哈啰|在吗|在不在|在不|在么|在嘛|在没|有人吗|有人没|有人在吗|早上好|上午好|下午好|"
    r"晚上好|早安|晚安|早|谢谢|多谢|感谢|谢啦|谢了|thx|thanks|好的|ok|再见|拜拜|拜|bye|88)"
    r"[啊呀呢吗哈啦么!！。.~～,，\s]*)+$"
)
# A thank-you or a goodbye, which gets a short 不客气 rather than the introduction
THANKS = re.compile(r"谢|感谢|thx|thank|再见|拜拜|^拜|bye|88", re.I)
# Asking for a person: 「转人工」「给俺转个真人」「找个真人跟我讲」「别让机器人回我」
HANDOFF = re.compile(
    r"(转|接|找|要|换|叫|给我|给俺)(个|一个|一下|下)?(人工|真人|活人|客服)|人工客服|真人客服|人工服务|人工坐席|"
    r"(不要|别让?|不想跟)机器人|^人工$|(跟|和|找)(个)?(真人|活人)(说|聊|讲)"
)
# 「12393晚上有人工没」「打电话怎么转人工」 ask about the hotline, not for a person here
ABOUT_HOTLINE = re.compile(
    r"(12393|12333|热线|打电话|拨)[^，。,.]{0,12}人工|人工[^，。,.]{0,6}(几点|时间|上班|下班)|客服电话|电话号码|电话是多少|电话多少"
)
_PEOPLE = (r"(我|俺|咱|他|她)?(爸|妈|爹|娘|父亲|母亲|老公|老婆|爱人|媳妇|老伴|家人|家里人|别人|他人|朋友|哥们|同事|亲戚|"
           r"孩子|儿子|女儿|闺女|儿|邻居|老乡|哥哥|姐姐|弟弟|妹妹|哥|姐|弟|妹|爷爷|奶奶|姥姥|姥爷|外公|外婆|他|她)")
# Using or lending someone else's card or code: 冒名就医, whatever family words the message holds.
IMPERSONATION = re.compile(
    r"冒名|冒用|顶替|借卡|借医保卡|别人的卡"
    r"|(用|拿|借|刷)着?" + _PEOPLE + r"的?(医保卡|社保卡|医保码|卡|码)[^，。,.?？]{0,10}"
    r"(给我|给俺|我自己|俺自己|自己|开药|看病|拿药|药店|药房|医院|去刷)"
    # 「把我的医保码截图发她 去药店扫一下」: one's own code, sent for someone else to use
    r"|(卡|码)[^，。,.?？]{0,4}(发|给)给?(她|他|朋友|别人|人家|同事)[^，。,.?？]{0,10}(扫|刷|看病|买药|药店|开药)"
    r"|借给?" + _PEOPLE + r"[^，。,.?？]{0,4}(卡|码)|(卡|码)[^，。,.?？]{0,4}借给"
    r"|直接(拿|用)(我|俺)的?(医保卡|社保卡|卡)"
)
# Fetching medicine on someone's behalf (「我替她去药店拿药」): 代买药, whose rule sits with 冒名就医;
# with money words it is paying for the family instead (「用我卡里的钱帮我妈买药」)
ERRAND = re.compile(r"(帮|替|代)[^，。,.?？]{0,6}(拿|买|取|开|配)[^，。,.?？]{0,6}药|跑腿")
# Turning the account into cash or goods: 套现.
CASH_OUT = re.compile(
    r"套现|抽[^，。,.?？]{0,2}成|(帮|代)[^，。,.?？]{0,3}(你|您|我|俺)?[^，。,.?？]{0,8}(取出来|提出来|提现|套出)|代办提现|回收|换成?现金|换钱|[0-9一二三四五六七八九两几]+折|收(?!到)[^，。,.?？]{0,6}(医保卡|余额|个账)|卖(医保卡|卡里|余额|掉)|能卖"
    r"|(刷|买|换)[^，。,.?？]{0,8}(洗衣液|卫生纸|纸巾|洗发水|日用品|米面油|烟酒|超市)"
)
# Other insurance and other subjects: a question about them is out of scope even if it says 取 or 查.
OTHER_SUBJECTS = re.compile(
    r"公积金|gjj|养老金|养老保险|失业金|失业保险|车险|寿险|重疾险|意外险|百万医疗|商业保险|商业险|个税|社保补贴|股票|彩票|天气|热不热|冷不冷|下雨|下雪|气温|带伞"
)
# 「养老金的事也打这个号?」: which line serves another 社保 subject is a hotline question (12333)
HR_SUBJECTS = re.compile(r"养老金|养老保险|失业金|失业保险|工伤|社保卡")
ASKS_A_NUMBER = re.compile(r"打(这个|哪个|什么|啥)?(号|电话)|打(这个|哪个)(吗|不|么|呢|[?？]|$)|(哪个|什么|啥)(电话|号码|热线)|这个号|热线|拨")
# 「想举报有人冒用医保卡 打哪个」: where to report is a question for the hotline
REPORTS = re.compile(r"举报|投诉|揭发")
OTHER_TASKS = re.compile(r"翻译|写诗|写一首|写首|首诗|作诗|作文|写代码|编程|讲个?笑话|唱歌|请假条|帮我写|写个(请假|申请|检讨|总结)")  # not questions about policy at all
MEDICAL_INSURANCE = re.compile(r"医保|医疗保险|个人账户|个账|yb|共济|惠民保|12393")
CORE_TOPICS = ("family_sharing", "withdrawal", "transfer", "balance_query")
# Phrases whose words mislead when read one by one: 「转到微信」 has 转 but is not 转移接续.
TO_WALLET_APP = re.compile(r"(转|提|打|弄|存|充|放|移)[^，。,.?？]{0,3}(到|进|入|去)?[^，。,.?？]{0,2}"
                           r"(微信|支付宝|零钱|余额宝|银行卡|工资卡|储蓄卡|信用卡)")
TO_FAMILY = re.compile(r"(转|打)(给|到)[^，。,.?？]{0,4}(家人|家里人|爸|妈|父母|爸妈|孩子|儿子|女儿|老公|老婆|爱人|亲属|老人)"
                       r"|医保钱包|钱包转")
# 「转了两千 她一直没点收」: a wallet transfer nobody accepted (「钱会不会丢了」 is no lost card)
NOT_RECEIVED = re.compile(r"没(及时|按时)?(点)?(收|接收|领(?!证)|点收|确认)|没有(及时)?(接收|收到|点)|不点|忘了(收|点)")
# 「我卡上攒了一万多 能拿来给他结账不」: paying a family member's bill from one's own account
_KIN = (r"(他|她|老爷子|老太太|老头|老伴|爸|妈|爹|娘|父母|爸妈|孩子|儿子|女儿|闺女|老公|老婆|爱人|家人|家里人|老人|婆婆|公公|"
        r"奶奶|爷爷|外婆|外公|姥姥|姥爷|哥|姐|弟|妹|娃|孙子|孙女)")
PAYS_FOR_FAMILY = re.compile(
    r"(?<![发借])(给|帮|替)(我|俺)?" + _KIN + r"[^，。,.?？]{0,3}(结账|付钱|付费|付|交费|出钱|花|用|交居民|交医保|缴居民|交明年|交今年)"
    # 「拿我的个账给我弟把居民医保交上」
    r"|(给|帮|替)(我|俺)?" + _KIN + r"把[^，。,.?？]{0,6}(交|缴|续)"
    # 「俺俩能互相用卡上的钱不」「我妹那个居民医保能用我的yb交不」
    r"|(互相|相互)(用|花|使)|(用|花)(我|俺|咱)的(yb|医保|个账|卡|钱|职工医保|个人账户)[^，。,.?？]{0,4}(交|付|买|看病)"
    # 「我哥在陇南交的农合 能用我卡上的钱不」: a relative named, then one's own money
    r"|" + _KIN + r"[^，。,.?？]{0,24}(用|花|刷)(我|俺|咱)的?(yb|医保卡?|个账|卡|个人账户)(上|里)?的?钱"
    # 「他卡里的钱能给俺买药不」: the relative's account, for the asker
    r"|" + _KIN + r"的?[^，。,.?？]{0,3}(卡|个账|账户|医保)[^，。,.?？]{0,6}(给|帮|替)(我|俺)(买药|看病|拿药|开药|付|交|花|用)"
    # 「想把卡里的钱给俺老伴拿药」: one's money, for a relative's medicine (without 钱 it is an errand)
    r"|钱[^，。,.?？]{0,3}(给|帮|替)(我|俺)?" + _KIN + r"[^，。,.?？]{0,3}(拿药|买药|看病|开药|配药)"
    # 「她明年那份医保费能从我账户里扣吗」
    r"|(医保费|居民医保|保费)[^，。,.?？]{0,8}(从|用)(我|俺)的?(账户|个账|卡|医保)")
# 「有个自称医保局的打电话说我医保卡异常 让我报验证码」: a call or text pretending to be the bureau
SCAM_CALL = re.compile(r"(自称|冒充|假冒|说是)[^，。,.?？]{0,6}(医保局|医保部门|医保中心|医保的|工作人员)|验证码|"
                       r"(医保卡|医保|账户|卡)[^，。,.?？]{0,4}(异常|停用|冻结|被封|注销)")
# 「辞职后回老家交居民医保 原来职工卡里的钱咋办」: from the employees' insurance to the residents'
TO_RESIDENT = re.compile(r"(辞职|离职|没单位|没了单位|不上班|失业|没工作)[^。?？]{0,14}(交|改|转|参加|换|续)[^，。,.?？]{0,3}"
                         r"(居民医保|居民的|新农合|农合|城乡)|职工转居民|(改|转|换)成?居民医保")
# 「医保里的钱会一起带过去吗」 after a move: the balance moving with the insurance relation
MONEY_MOVES = re.compile(r"(钱|余额|余颜|个账|账户)[^，。,.?？]{0,8}(带过去|带走|带过来|跟着|转到|转过去|转过来|一起|一块|划过去)")
# 「今年一个月才到账六十多块」「个人账户里的钱是哪来的」: what goes into the account each month
ACCOUNT_INCOME = re.compile(r"(每个?月|一个月|这个月|今年|每年)[^，。,.?？]{0,6}(到账|进账|进了|进钱|打钱|打了|打进|划了|划进|进多少|打多少|给多少)|"
                            r"(钱|账户)[^，。,.?？]{0,3}(是)?(哪来|从哪来|怎么来)")
# 「换了参保地 给俺娘绑的共济还管用吗」: whether a binding outlives a change of insured place
BINDING_LASTS = re.compile(r"(共济|绑定|绑的)[^，。,.?？]{0,8}(还有效|有效吗|还管用|管用|还算数|算数|还能用|还在|要重新|得重新|"
                           r"重新绑|重新办|重新弄|失效|作废|还用吗|自动)")
# Kin words say whose account a question is about (「我老公在深圳交的」); only these say it is shared
SHARING_WORDS = frozenset(w for w, weight in TOPIC_WORDS["family_sharing"].items() if weight >= 2) | {"绑定", "代缴"}
MONEY = re.compile(r"余额|个账|个人账户|钱")
TAKING_OUT = re.compile(r"取|提|退")
LOOKS_UP = re.compile(r"查|在哪看|哪里看|哪儿看|咋看|怎么看|在哪能看")
# 「老人是曲靖参保的 想打回曲靖医保局问 怎么拨」「看病用的码在微信哪开」: the hotline, the 医保码, in other words
CALLS = re.compile(r"怎么拨|咋拨|拨哪个|拨什么|打哪个(电话|号)|(打|拨)(回|到)[^，。,.?？]{0,6}(医保局|医保部门|医保中心|老家)")
THE_CODE = re.compile(r"(看病|就医|买药|拿药)(用)?的(码|二维码)|扫码(看病|就医|买药|拿药)")
NEW_JOB = re.compile(r"入职|新单位|新公司|新的单位")  # 「上海那边已经入职了 南昌这边医保要办啥手续」
MOVE_WORDS = re.compile(r"(?<!有)(?<!没)关系|接续|换城市|调到|调去|工作|参保地|转移")  # 「跟这个有关系没」 is no 医保关系


@dataclass(frozen=True)
class Intent:
    label: str  # a topic, "greeting", "handoff", "out_of_scope" or "unknown" (医保, but no topic word)
    scores: dict[str, float]
    certain: bool = True

    @property
    def is_topic(self) -> bool:
        return self.label in TOPIC_WORDS


def topic_scores(words: list[str]) -> dict[str, float]:
    scores = {topic: 0.0 for topic in TOPIC_WORDS}
    for word in words:
        for topic, table in TOPIC_WORDS.items():
            scores[topic] += table.get(word, 0.0)
    return scores


MODEL_WEIGHT = 5  # how much the learned model's probability counts against keyword evidence
MODEL_SURE = 0.6  # a topic the model is this sure of stands even without a topic word


def classify(message: str, probs: dict[str, float] | None = None) -> Intent:
    """``classify_words`` on a raw message (normalised and segmented here)."""
    text = normalise(message)
    return classify_words(text, tokens(text), probs)


def _phrase_evidence(text: str, words: list[str], scores: dict[str, float]) -> None:
    """Words read in context: money sent to 微信 or a bank card is taken out, not moved with the
    insurance; money sent to a family member is family sharing."""
    if NOT_RECEIVED.search(text):
        scores["family_sharing"] += 3
    if SCAM_CALL.search(text) and not CASH_OUT.search(text):
        scores["hotline"] += 3  # how to tell the bureau's own channels from a fake one
    if BINDING_LASTS.search(text) and MOVE_WORDS.search(text):
        scores["insured_place"] += 3
    elif TO_FAMILY.search(text) or PAYS_FOR_FAMILY.search(text):
        scores["family_sharing"] += 3
        scores["transfer"] = min(scores["transfer"], 1.0)
    elif TO_WALLET_APP.search(text) and not MOVE_WORDS.search(text) and not CASH_OUT.search(text):
        scores["withdrawal"] += 3
        scores["transfer"] = 0.0
    elif TO_RESIDENT.search(text) and not TAKING_OUT.search(text):
        scores["transfer"] += 2  # what becomes of the employees' account is the transfer articles' subject
    elif ACCOUNT_INCOME.search(text) and not LOOKS_UP.search(text):
        scores["account_basics"] += 2
    elif MONEY_MOVES.search(text) or ("工作变动" in words and {"余额", "个人账户"} & set(words)):
        scores["transfer"] += 2
    elif CALLS.search(text):
        scores["hotline"] += 3
    elif THE_CODE.search(text):
        scores["e_voucher"] += 3
    elif NEW_JOB.search(text) and not MONEY.search(text):
        scores["transfer"] += 2


def classify_words(text: str, words: list[str], probs: dict[str, float] | None = None, moving: bool = False) -> Intent:
    """Keyword evidence first (``moving``: the message names where a move goes); ``probs`` (the learned model's topic probabilities) settle which
    topic when words disagree (「医保余额能取吗」 names both 余额 and 取), and name the topic when
    no topic word is there. A topic found without topic words is not ``certain``: the answerer
    checks its confidence before answering."""
    if HANDOFF.search(text) and not ABOUT_HOTLINE.search(text):
        return Intent("handoff", {})
    if GREETING.match(text):
        return Intent("greeting", {})
    if (HR_SUBJECTS.search(text) or REPORTS.search(text)) and ASKS_A_NUMBER.search(text):
        return Intent("hotline", {"hotline": 3.0})
    if OTHER_TASKS.search(text) or (OTHER_SUBJECTS.search(text) and not MEDICAL_INSURANCE.search(text)):
        return Intent("out_of_scope", {})
    scores = topic_scores(words)
    _phrase_evidence(text, words, scores)
    if moving and not (TO_WALLET_APP.search(text) or TO_FAMILY.search(text)):
        scores["transfer"] += 2  # 「从广州跳槽到东莞 个人账户的钱会不会清零」: a move names where it goes
        if not LOOKS_UP.search(text):
            scores["balance_query"] = min(scores["balance_query"], 1.0)  # 「济南调青岛了 个账余额咋处理」 is no lookup
            if MONEY.search(text) and not TAKING_OUT.search(text):
                scores["transfer"] += 2  # the balance, on a move, moves with the insurance
    if IMPERSONATION.search(text):
        scores["fraud"] += 4.5  # lending a card outweighs the family words around it (「拿着俺爹的卡给俺娘开药」)
    elif CASH_OUT.search(text):
        scores["fraud"] += 3
    elif ERRAND.search(text) and not MONEY.search(text) and not SHARING_WORDS & set(words):
        scores["fraud"] += 3
    probs = probs or {}
    best = max(scores, key=lambda t: (scores[t], t in CORE_TOPICS))
    if scores[best] >= 1.5:
        combined = {t: s + MODEL_WEIGHT * probs.get(t, 0.0) for t, s in scores.items()}
        best = max(combined, key=lambda t: (combined[t], t in CORE_TOPICS))
        return Intent(best, combined)
    guess = max(probs, key=probs.get) if probs else None
    domain = bool(DOMAIN_WORDS & set(words)) or scores[best] > 0
    if guess in ("greeting", "handoff") and probs[guess] >= MODEL_SURE and not domain:
        return Intent(guess, {})
    if guess in TOPIC_WORDS and (domain or probs[guess] >= MODEL_SURE):
        return Intent(guess, scores, certain=False)
    if domain:  # a 医保 question the model cannot place: the answerer decides whether it can answer
        return Intent("unknown", scores, certain=False)
    return Intent("out_of_scope", scores, certain=False)  # no rule said so: a follow-up may still lean on context
