"""Checking an imported draft, sentence by sentence, against the published articles.

Each sentence of a draft gets at most one flag:

- ``boilerplate``: site or marketing text (patterns in ``bot/data/boilerplate.tsv``);
- ``contradicts``: it says what a published article for the draft's city, its province or the
  nation refutes: a known false claim (``bot/data/false_claims.tsv``) or another value for a
  quantity the published articles state (``bot/data/numeric_facts.tsv``);
- ``off_topic``: its subject lies outside the bot's topics (``bot/data/off_topic.tsv`` and the
  uncovered 医保 subjects of ``bot/data/not_covered.tsv``), or it sits in a paragraph that does;
- ``unverified``: it states a number with a unit (74种, 满6个月, 30天内, 50%) that no applicable
  published article states about the same subject (12个月 of a penalty does not support 12个月 of
  printed records), a time under a published upper limit (压缩到3个工作日), or a procedural specific.

Everything is built once in ``DraftChecker.__init__``; ``check`` only reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bot.corpus.article import Article
from bot.corpus.passages import _CLOSERS, LEAD_HEADING, split_passages
from bot.corpus.sentence_model import SentenceModel, closest
from bot.text.geo import gazetteer
from bot.text.segment import tokens
from bot.text.sentences import split_sentences

KINDS = ("boilerplate", "contradicts", "off_topic", "unverified")

# Units a quantity may carry, longest first so that 个工作日 wins over 日. Synonyms map to one name.
UNITS = {
    "个工作日": "个工作日", "工作日": "个工作日", "个自然月": "个月", "个多月": "个月", "个月": "个月",
    "周岁": "岁", "岁": "岁", "种": "种", "天": "天", "日": "天", "年": "年", "万元": "万元", "元": "元",
    "%": "%", "％": "%", "笔": "笔", "次": "次", "位": "位", "名": "名", "人": "人", "项": "项", "类": "类",
    "小时": "小时", "分钟": "分钟", "秒钟": "秒", "秒": "秒", "倍": "倍", "成": "成", "周": "周", "个": "个", "月": "月",
    # counts of households, people and money in the ten thousands (6万户, 2.83亿人次)
    "万户": "万户", "万人次": "万人次", "万人": "万人", "万名": "万人", "人次": "人次", "亿人次": "亿人次", "亿元": "亿元",
    "万个": "万个", "万笔": "万笔",
    # counts of places, machines and papers (600家药店, 46台终端, 4份材料)
    "家": "家", "台": "台", "份": "份", "处": "处",
}
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_POWERS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_NUMBER = r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+"
_QUANTITY = re.compile(
    rf"(百分之)?({_NUMBER})\s*({'|'.join(sorted(map(re.escape, UNITS), key=len, reverse=True))})"
)
_NOT_A_COUNT = set("性起样般直定律站并致旦些切同半") # 「一次性」「一起」「一样」: words, not counts
_ONE_IN_A_WORD = set("同统每唯第再另中")  # 「再办一次」「另一种」「其中一种」 count nothing
# 「据统计，已有2.6万个钱包开通」: a statistic says how many did something, not what the rule allows
_STATISTIC = re.compile(r"据统计|统计显示|累计|已有|已经有|共有|总共有|全市|全省|全国已")
_PER_DAY = re.compile(r"一天(最多|至多|只能|不超过|限)")
_PHONE = re.compile(r"(?<!\d)(\d{5}|\d{3,4}-\d{5,8})(?![\d年月日天种元%个位次笔])")
_CORE = re.compile(r"个人账户|个账|共济|医保钱包|余额|转移接续|医保关系|医保卡里的钱|12393|12333|清退账户|账户清算")
# 余额 alone names the account only when the sentence is about 医保 (not 「公积金账户余额」).
# 转移接续 is as generic: 「住房公积金转移接续」.
_WEAK_CORE = re.compile(r"余额|转移接续")
_MEDICAL = re.compile(r"医保|医疗保险|医保卡|社保卡")
# A sentence that quotes a claim in order to reject it (「“退休能一次取出”的说法与规定不符」).
# A 5-digit number presented as the 医保 line (「这条就是济南的医保专线」).
_HOTLINE_CLAIM = re.compile(r"医保[^。，,]{0,6}(专线|热线|电话|客服)|(专线|热线)[^。，,]{0,6}(查|问|咨询)[^。，,]{0,6}(医保|个人账户|余额)")
_REPORTED = re.compile(r"说法|过时|不符|不相符|误传|子虚乌有|没有这回事|谣言|误区|传言|不实|以为|错误的|是错的|不正确|不准确|不靠谱|误解|"
                       r"没有(查到)?(任何)?(官方)?依据|找不到(官方)?依据|不能当(成|作)(办理)?依据|骗局|别信|不要信|不可信")
# Where a clause ends. A claim's ``unless`` (a negation) is looked for only in the clauses the claim
# spans, so 「A是真的，但B（假的）」 is still caught; its ``lawful`` case may sit anywhere in the
# sentence (「去世的，余额可以打到继承人的银行卡」). 不过 is left out: it is part of 「转不过去」.
_CLAUSE_BREAK = re.compile(r"[，,；;：:]|但是?|其实|可是|然而|而是")
# Clock times (晚上22点, 9:00): the hour is checked like any other quantity, with unit 点.
_CLOCK = re.compile(r"(?<![\d.:：])(\d{1,2})[:：]\d\d|(?<=[天日上午晚夜晨里间到至~—-])(\d{1,2})点|(?<![\d.])(\d{1,2})点(?=到|至|前|后|以|之|整|半|起|开始|左右)")
_AFTERNOON = ("下午", "晚上", "傍晚", "夜里", "夜间")
_DAYTIME = re.compile(r"下午|晚上|傍晚|夜里|夜间|上午|早上|凌晨|中午|次日|第二天|翌日|[，,、；;]")  # 「晚上22点到次日6点」: 6点 is morning
# A lawful case that the sentence denies (「就算没有异地安置」) does not clear a claim.
_DENIED = re.compile(r"(没有?|未|不是|并非)(办理?|办过|申请|进行)?$")
# 「虽然A不行，但B行」: the negation of the conceded part does not clear a claim running into the rest.
_CONCEDED = re.compile(r"虽然|虽|尽管")
_BUT = re.compile(r"但是?|可是|然而")
# Subjects a number is about. A number the published articles state only about another subject (12个月: the
# penalty for lending a card, not how many months a kiosk prints) is still unverified.
_NUMBER_SUBJECTS = {
    "print": re.compile(r"打印|明细|流水|对账单"),
    "penalty": re.compile(r"罚款|暂停|处罚|骗保|冒名|出借|诈骗"),
    "wallet": re.compile(r"钱包|转账"),
    "transfer": re.compile(r"转移|接续|转出|转入|划转"),
    "withdrawal": re.compile(r"支取|提取|取现|提现|清退|清算"),
    "hotline": re.compile(r"12393|12333|热线|人工|语音"),
    "sharing": re.compile(r"共济|绑定|近亲属|刷脸|人脸"),
}
# A share with no unit after it: 百分之五十, 千分之一.
_FRACTION = re.compile(rf"(百分之|千分之|万分之)({_NUMBER})")
_FRACTION_UNITS = {"百分之": "%", "千分之": "‰", "万分之": "‱"}


# The reason an editor reads for a flag of the sentence model: it judged the wording, no rule matched.
MODEL_REASONS = {
    "contradicts": "措辞像已知的错误说法（模型判断），请与所附已发布句子核对",
    "unverified": "像没有出处的具体数字或要求（模型判断），需核实来源",
    "off_topic": "像与本页主题无关的内容（模型判断）",
    "boilerplate": "像网站宣传或声明用语（模型判断）",
}


# A model-flagged sentence whose words (two characters or more) are at least this share of one
# of the applicable published sentences closest in wording, with a negation where that one has
# one, restates it. Leaving out one writer's pages at a time, this clears 38 of the model's 61
# false contradictions and 2 of its 87 right ones (at 0.5: 44 and 11).
RESTATED_SHARE = 0.6
RESTATED_AMONG = 8
_NEGATION = re.compile(r"不(?!过|少|同|论|管|仅|但|久|错)|没|无(?!论)|未|非|别|勿|禁止|严禁")


@dataclass(frozen=True)
class Flag:
    sentence: str  # exactly as it appears in passage.sentences of the draft
    kind: str  # "contradicts" | "unverified" | "off_topic" | "boilerplate"
    rule: str | None  # for contradicts: the id of the published article it contradicts
    evidence: str | None  # for contradicts: the published sentence it contradicts
    why: str  # one short Chinese sentence for the editor
    by_model: bool = False  # the sentence model's second reading, not a rule


@dataclass(frozen=True)
class _Claim:
    name: str
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None  # clears it when found in the clauses the claim spans
    lawful: re.Pattern[str] | None  # clears it when found anywhere in the sentence
    refuted_by: tuple[str, ...]
    evidence: re.Pattern[str]
    why: str


@dataclass(frozen=True)
class _Fact:
    name: str
    subject: re.Pattern[str]
    units: frozenset[str]
    why: str
    topic: str  # articles of this topic give the evidence first
    unless: re.Pattern[str] | None = None  # the sentence states the value of another step
    # The published values are upper limits (「在10个工作日内」「各地还可以进一步压缩」) for the steps this
    # pattern names: a smaller value for the same step is not refuted, only unverified.
    limits: re.Pattern[str] | None = None


# ---------------------------------------------------------------- data files


def _rows(name: str, columns: int) -> list[list[str]]:
    text = resources.files("bot.data").joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            cells = line.rstrip("\n").split("\t")
            rows.append((cells + [""] * columns)[:columns])
    return rows


def _maybe(pattern: str) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern.strip() else None


@lru_cache(maxsize=1)
def _boilerplate() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for _, p in _rows("boilerplate.tsv", 2)))


@lru_cache(maxsize=1)
def _off_topic() -> list[tuple[str, re.Pattern[str], re.Pattern[str] | None]]:
    rules = [(name, re.compile(p), None) for name, p in _rows("off_topic.tsv", 2)]
    # not_covered.tsv: subject, pattern, unless (the part of the subject an article does cover).
    rules += [(name, re.compile(p), _maybe(unless)) for name, p, unless in _rows("not_covered.tsv", 3)]
    return rules


@lru_cache(maxsize=1)
def _claims() -> list[_Claim]:
    return [
        _Claim(name, re.compile(p), _maybe(unless), _maybe(lawful),
               tuple(r.strip() for r in refuted.split(",") if r.strip()), re.compile(evidence), why)
        for name, p, unless, lawful, refuted, evidence, why in _rows("false_claims.tsv", 7)
    ]


@lru_cache(maxsize=1)
def _specifics() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for _, p in _rows("specifics.tsv", 2)))


@lru_cache(maxsize=1)
def _facts() -> list[_Fact]:
    return [_Fact(name, re.compile(subject), frozenset(u.strip() for u in units.split(",")), why, topic.strip(),
                  _maybe(unless), _maybe(limits))
            for name, subject, units, why, topic, unless, limits in _rows("numeric_facts.tsv", 7)]


# ---------------------------------------------------------------- numbers


def chinese_number(text: str) -> float | None:
    """「十五」→15, 「两」→2, 「三千」→3000, 「2000」→2000; None when it is not a number."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_POWERS:
            total += (current or 1) * _CN_POWERS[ch]
            current = 0
        else:
            return None
    return float(total + current)


def quantities(sentence: str) -> dict[tuple[float, str], None]:
    """(value, unit) pairs a sentence states. Calendar years become unit 年份; dates (12月11日) and
    clock times are left out, since they say when a page was written rather than a rule."""
    found: dict[tuple[float, str], None] = {}  # an ordered set: the editor is told the first one
    for match in _QUANTITY.finditer(sentence):
        percent, number, unit = match.groups()
        if not number[0].isdigit() and sentence[match.end() : match.end() + 1] in _NOT_A_COUNT:
            continue
        if number == "一" and unit in ("家", "台", "处", "份", "次", "种"):
            continue  # 「一家人」「一份文件」「再办一次」「另一种」: an article, not a count
        if number == "一" and (sentence[max(0, match.start() - 1) : match.start()] in _ONE_IN_A_WORD
                              or _PER_DAY.match(sentence, match.start())):
            continue  # 「同一个账户」「统一」 are words; 「一天最多3笔」 is 每天, a rate and not a count of days
        value = chinese_number(number)
        if value is None:
            continue
        unit = "%" if percent else UNITS[unit]
        before = sentence[max(0, match.start() - 1) : match.start()]
        if before == "第" or _counts_its_list(sentence, match.end(), value):
            continue  # 「第二天」 is a day, not a count; 「这八类亲属：配偶、父母、…」 counts its own list
        if unit in ("个", "人") and re.match(r"人?的", sentence[match.end():]):
            continue  # 「带上两个人的身份证明」: both people's, not a number of people
        if unit == "年" and value >= 1900 and sentence[match.end():match.end() + 1] == "版":
            continue  # 「2022年版的办事指南」 names the edition of a source
        if unit == "天" and re.search(r"月$", sentence[: match.start()]) or before in ":：":
            continue  # 「12月11日」, 「9:00」
        if unit == "个" and not re.match(r"[^，。,]{0,1}(工作日|月|自然月|家人|亲属|近亲属|人|账户|窗口)", sentence[match.end():]):
            continue  # 「一个」 alone counts nothing checkable
        if unit == "年" and value >= 1900:
            unit = "年份"
        if unit == "月" and re.search(r"\d年$", sentence[: match.start()]):
            continue  # 「2024年7月」: a date
        found[(value, unit)] = None
    for match in _FRACTION.finditer(sentence):
        value = chinese_number(match.group(2))
        if value is not None:
            found[(value, _FRACTION_UNITS[match.group(1)])] = None
    for match in _CLOCK.finditer(sentence):
        hour = float(next(g for g in match.groups() if g))
        if hour < 12 and _in_afternoon(sentence[max(0, match.start() - 8) : match.start()]):
            hour += 12  # 晚上10点 is the published 22点, 下午1点到5点 ends at 17点
        found[(hour, "点")] = None
    return found


def _counts_its_list(sentence: str, end: int, value: float) -> bool:
    """「八类亲属：配偶、父母、子女…」: the count is of the list that follows it in the sentence."""
    listed = re.match(r"[^。：:]{0,8}[：:]([^。；;]+)", sentence[end:])
    return bool(listed) and len(re.split(r"[、，,]", listed.group(1).strip("。"))) == value


def _in_afternoon(before: str) -> bool:
    """Whether the last time-of-day word before a clock time (in its clause) is an afternoon one."""
    marks = [m.group(0) for m in _DAYTIME.finditer(before)]
    return bool(marks) and marks[-1] in _AFTERNOON


def number_subjects(sentence: str) -> frozenset[str]:
    return frozenset(name for name, pattern in _NUMBER_SUBJECTS.items() if pattern.search(sentence))


def phone_numbers(sentence: str) -> set[str]:
    return {m.group(1) for m in _PHONE.finditer(sentence) if not re.match(r"(19|20)\d\d$", m.group(1))}


# ---------------------------------------------------------------- the checker


@dataclass(frozen=True)
class _Scope:
    """What the published articles applicable to one place state."""

    articles: tuple[Article, ...]  # most specific first: city, province, nation
    quantities: frozenset[tuple[float, str]]
    subjects: dict[tuple[float, str], set[frozenset[str]]]  # what the sentences stating each quantity are about
    phones: frozenset[str]
    text: str  # all their sentences, for the words a specific (材料、时间、渠道) must share
    ids: frozenset[str]  # the articles' ids


class DraftChecker:
    def __init__(self, published: list[Article]) -> None:
        self._published = list(published)
        self._sentences = {a.id: [s for p in split_passages(a) for s in p.sentences] for a in published}
        self._quantities = {a.id: {q for s in [a.title] + self._sentences[a.id] for q in quantities(s)} for a in published}
        self._subjects: dict[str, dict[tuple[float, str], set[frozenset[str]]]] = {}
        for a in published:
            about = self._subjects[a.id] = {}
            for s in [a.title] + self._sentences[a.id]:
                for q in quantities(s):
                    about.setdefault(q, set()).add(number_subjects(s))
        self._phones = {a.id: set().union(*map(phone_numbers, [a.title] + self._sentences[a.id])) for a in published}
        self._scopes: dict[tuple[str | None, str | None], _Scope] = {}
        for key in {(a.city, a.province_name) for a in published} | {(None, None)}:
            self._scope(*key)
        # what the rules let through, the sentence model reads (sentence_model.py)
        self._rows = [(a.id, s) for a in published for s in self._sentences[a.id]]
        self._model = SentenceModel([s for _, s in self._rows])
        self._row_vectors = self._model.vectors([s for _, s in self._rows]) if self._rows else None
        self._rows_of_scope: dict[frozenset[str], list[int]] = {}

    def check(self, draft: Article) -> list[Flag]:
        scope = self._scope(draft.city, draft.province_name or draft.province)
        checked: list[tuple[str, Flag | None]] = []
        lines = _section_lines(draft.body)
        for passage in split_passages(draft):
            sentences = passage.sentences
            off = _off_topic_in_paragraphs(lines.get(passage.heading, []), sentences)
            for i, sentence in enumerate(sentences):
                # a sentence about another subject (公积金) is off topic before anything it says is checked
                digression = _off_topic_flag(sentence, off[i]) if _outside_insurance(off[i]) and not _is_core(sentence) else None
                flag = (self._boilerplate(sentence) or digression or self._contradicts(sentence, scope)
                        or _off_topic_flag(sentence, off[i]) or self._unverified(sentence, scope))
                checked.append((sentence, flag))
        return self._second_reading(checked, scope)

    def _second_reading(self, checked: list[tuple[str, Flag | None]], scope: _Scope) -> list[Flag]:
        """The rules' flags, and the model's for the sentences the rules let through. A number no
        published article states (「余额超过5000元的要等满一年才转」) may also break a published rule:
        where the model reads such a sentence as a contradiction, the editor is shown the rule."""
        read = [sentence for sentence, flag in checked if flag is None or flag.kind == "unverified"]
        vectors = self._model.vectors(read) if read else None
        readings = dict(zip(read, self._model.read(read, vectors), strict=True))
        row_of = {sentence: i for i, sentence in enumerate(read)}
        flags = []
        for sentence, flag in checked:
            reading = readings.get(sentence) if flag is None or flag.kind == "unverified" else None
            if reading is not None and (flag is None or reading.kind == "contradicts"):
                flag = self._model_flag(sentence, reading.kind, vectors[row_of[sentence]], scope) or flag
            if flag is not None:
                flags.append(flag)
        return flags

    def _model_flag(self, sentence: str, kind: str, vector, scope: _Scope) -> Flag | None:
        if kind != "contradicts":
            return Flag(sentence, kind, None, None, MODEL_REASONS[kind], by_model=True)
        if _REPORTED.search(sentence):
            return None  # it reports a claim as false (「这种说法没有依据」)
        applicable = self._applicable_rows(scope)
        if not applicable:
            return None
        nearest = [applicable[i] for i in closest(vector, self._row_vectors[applicable], RESTATED_AMONG)]
        if any(_restates(sentence, self._rows[i][1]) for i in nearest):
            return None  # most of its words and its negation are a published sentence's: it says that again
        article_id, evidence = self._rows[nearest[0]]
        return Flag(sentence, "contradicts", article_id, evidence, MODEL_REASONS[kind], by_model=True)

    def _applicable_rows(self, scope: _Scope) -> list[int]:
        """The published sentences (rows of ``_row_vectors``) that apply to the scope's place."""
        if scope.ids not in self._rows_of_scope:
            self._rows_of_scope[scope.ids] = [i for i, (article_id, _) in enumerate(self._rows) if article_id in scope.ids]
        return self._rows_of_scope[scope.ids]

    # -- scope

    def _scope(self, city: str | None, province: str | None) -> _Scope:
        key = (city, province)
        if key not in self._scopes:
            chosen = sorted((a for a in self._published if _applies(a, city, province)), key=_specificity)
            subjects: dict[tuple[float, str], set[frozenset[str]]] = {}
            for a in chosen:
                for q, about in self._subjects[a.id].items():
                    subjects.setdefault(q, set()).update(about)
            self._scopes[key] = _Scope(
                tuple(chosen),
                frozenset().union(*(self._quantities[a.id] for a in chosen)),
                subjects,
                frozenset().union(*(self._phones[a.id] for a in chosen)),
                "\n".join(s for a in chosen for s in [a.title] + self._sentences[a.id]),
                frozenset(a.id for a in chosen),
            )
        return self._scopes[key]

    # -- kinds

    @staticmethod
    def _boilerplate(sentence: str) -> Flag | None:
        match = _boilerplate().search(sentence)
        if match is None:
            return None
        return Flag(sentence, "boilerplate", None, None, f"网站宣传或声明用语（「{match.group(0)}」），不是政策内容")

    def _contradicts(self, sentence: str, scope: _Scope) -> Flag | None:
        if _REPORTED.search(sentence):
            return None
        for claim in _claims():
            if _states(claim, sentence):
                found = self._evidence(claim.refuted_by, claim.evidence, scope)
                if found is not None:
                    return Flag(sentence, "contradicts", found[0], found[1], claim.why)
        return self._hotline_contradiction(sentence, scope) or self._numeric_contradiction(sentence, scope)

    def _hotline_contradiction(self, sentence: str, scope: _Scope) -> Flag | None:
        """Any other 5-digit number called the 医保 hotline (12345, 12333 already in the register)."""
        if not _HOTLINE_CLAIM.search(sentence):
            return None
        others = sorted(n for n in phone_numbers(sentence) if len(n) == 5 and n != "12393")
        if not others or "12393" in sentence:
            return None
        found = self._evidence(("hl-12393-vs-12333", "@balance_query"), re.compile(r"12393[^。]*医保|医保[^。]*12393"), scope)
        if found is None:
            return None
        return Flag(sentence, "contradicts", found[0], found[1], f"「{others[0]}」不是医保服务热线，医保问题应拨打 12393")

    def _numeric_contradiction(self, sentence: str, scope: _Scope) -> Flag | None:
        for fact in _facts():
            if not fact.subject.search(sentence) or (fact.unless and fact.unless.search(sentence)):
                continue
            if _STATISTIC.search(sentence):
                continue  # how many did it is left to the unverified check
            stated = {q for q in quantities(sentence) if q[1] in fact.units}
            if not stated:
                continue
            known, first, limit = set(), None, {}
            steps = _steps(fact, sentence)
            for article in sorted(scope.articles, key=lambda a: fact.topic not in a.topics):
                for published in self._sentences[article.id]:
                    values = {q for q in quantities(published) if q[1] in fact.units} if fact.subject.search(published) else set()
                    if values and first is None:
                        first = (article.id, published)
                    known |= values
                    if fact.limits and _steps(fact, published) == steps:
                        for value, unit in values:
                            limit[unit] = max(value, limit.get(unit, value))
            wrong = {(value, unit) for value, unit in stated - known if value > limit.get(unit, -1)}
            if first is not None and wrong:
                return Flag(sentence, "contradicts", first[0], first[1], fact.why)
        return None

    def _evidence(self, refuted_by: tuple[str, ...], pattern: re.Pattern[str],
                  scope: _Scope) -> tuple[str, str] | None:
        """The first applicable article named (or of the topic named) with a sentence matching ``pattern``.
        A topic (``@family_sharing``) stands for the local articles first: the national articles of a topic
        are tried only after the articles named by id, which say the rule itself."""
        for national_topics in (False, True):
            for ref in refuted_by:
                if ref.startswith("@"):
                    candidates = [a for a in scope.articles if ref[1:] in a.topics
                                  and (_specificity(a) == 2) == national_topics]
                elif national_topics:
                    continue
                else:
                    candidates = [a for a in scope.articles if a.id == ref]
                for article in candidates:
                    for sentence in self._sentences[article.id]:
                        if pattern.search(sentence):
                            return article.id, sentence
        return None

    @staticmethod
    def _unverified(sentence: str, scope: _Scope) -> Flag | None:
        about = number_subjects(sentence)
        unknown = [q for q in quantities(sentence) if not _supported(q, about, scope)]
        if unknown:
            value, unit = unknown[0]
            shown = f"{value:g}{'年' if unit == '年份' else unit}"
            return Flag(sentence, "unverified", None, None, f"已发布的资料里没有「{shown}」这个说法，需核实来源")
        phones = sorted(phone_numbers(sentence) - scope.phones)
        if phones:
            return Flag(sentence, "unverified", None, None, f"已发布的资料里没有电话「{phones[0]}」，需核实")
        for match in _specifics().finditer(sentence):
            if match.group(0) not in scope.text:
                return Flag(sentence, "unverified", None, None, f"已发布的资料里没有「{match.group(0)}」这个要求或安排，需核实来源")
        return None


# ---------------------------------------------------------------- helpers


def _states(claim: _Claim, sentence: str) -> bool:
    """Whether the sentence makes the claim: a match whose own clauses hold no negation, in a
    sentence that names no lawful case."""
    if claim.pattern.search(sentence) is None:
        return False  # most claims are about something else: nothing more to look at
    if claim.lawful is not None and any(not _DENIED.search(sentence[max(0, m.start() - 5) : m.start()])
                                        for m in claim.lawful.finditer(sentence)):
        return False
    breaks = list(_CLAUSE_BREAK.finditer(sentence))
    # A match may run from a negated clause into the claim (「余额不能提现，但其实…就能提现到零钱」),
    # so each clause is also tried on its own.
    bounds = list(zip([0] + [b.end() for b in breaks], [b.start() for b in breaks] + [len(sentence)]))
    matches = list(claim.pattern.finditer(sentence))
    matches += [m for start, end in bounds if (m := claim.pattern.search(sentence, start, end))]
    return any(claim.unless is None or not claim.unless.search(_clauses_of(sentence, match, breaks))
               for match in matches)


def _supported(quantity: tuple[float, str], about: frozenset[str], scope: _Scope) -> bool:
    """Whether an applicable published sentence states the quantity about the same subject (or either
    sentence names none of the subjects in _NUMBER_SUBJECTS)."""
    return quantity in scope.quantities and any(not about or not stated or about & stated
                                                for stated in scope.subjects[quantity])


def _steps(fact: _Fact, sentence: str) -> frozenset[str]:
    return frozenset(m.group(0) for m in fact.limits.finditer(sentence)) if fact.limits else frozenset()


def _clauses_of(sentence: str, match: re.Match[str], breaks: list[re.Match[str]]) -> str:
    """The clauses a match spans, from the break before its start to the break after its end."""
    start = max((b.end() for b in breaks if b.end() <= match.start()), default=0)
    end = min((b.start() for b in breaks if b.start() >= match.end()), default=len(sentence))
    buts = list(_BUT.finditer(sentence, start, match.end()))
    if buts and _CONCEDED.search(sentence, start, buts[-1].start()):
        # 「虽然不在医保范围内，但允许用共济的钱付」: only what follows the 但 is asserted.
        start = buts[-1].end()
    return sentence[start:end]


def _negated(sentence: str) -> bool:
    return _NEGATION.search(sentence) is not None


def _restates(sentence: str, published: str) -> bool:
    words = _content_words(sentence)
    shared = len(words & _content_words(published)) / max(len(words), 1)
    return shared >= RESTATED_SHARE and _negated(sentence) == _negated(published)


@lru_cache(maxsize=8192)
def _content_words(sentence: str) -> frozenset[str]:
    return frozenset(w for w in tokens(sentence) if len(w) > 1)


def _applies(article: Article, city: str | None, province: str | None) -> bool:
    if article.city is None and article.province is None:
        return True
    if article.city is not None:
        return article.city == city
    return article.province == province


def _specificity(article: Article) -> int:
    return 0 if article.city else 1 if article.province else 2


def _is_core(sentence: str) -> bool:
    # Topic-word scores proved too loose here (离职, 换城市 score for withdrawal and transfer in a
    # sentence about 失业金 or 公积金); naming the account itself is what ties a sentence to the bot.
    cores = {m.group(0) for m in _CORE.finditer(sentence)}
    if cores and all(_WEAK_CORE.fullmatch(c) for c in cores) and not _MEDICAL.search(sentence):
        # 「把原账户余额并入新城市的公积金账户」: the 余额 of another fund.
        return not any(p.search(sentence) for _, p, _ in _off_topic())
    return bool(cores)


def _outside_insurance(subject: str | None) -> bool:
    """Whether an off-topic subject is outside 医保 altogether (公积金, 牙科), not a 医保 subject the
    corpus does not cover (断缴): a claim about 断缴 and the account is still checked."""
    return subject is not None and any(pattern.search(subject) for pattern in _outside_subjects())


@lru_cache(maxsize=1)
def _outside_subjects() -> list[re.Pattern[str]]:
    return [re.compile(p) for _, p in _rows("off_topic.tsv", 2)]


def _off_topic_subject(sentence: str) -> str | None:
    if _is_core(sentence):
        return None
    for _, pattern, unless in _off_topic():
        match = pattern.search(sentence)
        if match and not (unless and unless.search(sentence)):
            return match.group(0)
    return None


def _off_topic_flag(sentence: str, subject: str | None) -> Flag | None:
    if subject is None:
        return None
    return Flag(sentence, "off_topic", None, None, f"讲的是「{subject}」，不属于医保个人账户的内容")


def _line_of_each(section_lines: list[str], sentences: list[str]) -> list[int]:
    """The source line (paragraph) each sentence starts on. passage.text joins a section's lines,
    adding 。 to a line without closing punctuation (passages._flatten); the same walk finds them."""
    flat, starts = "", []
    for line in section_lines:
        starts.append(len(flat))
        flat += line if line[-1] in _CLOSERS else line + "。"
    result, cursor = [], 0
    for sentence in sentences:
        at = flat.find(sentence, cursor)
        at = cursor if at < 0 else at
        cursor = at + len(sentence)
        result.append(max(i for i, s in enumerate(starts) if s <= at) if starts else 0)
    return result


def _section_lines(body: str) -> dict[str, list[str]]:
    """Heading → the section's non-empty source lines (the lead section under LEAD_HEADING)."""
    sections: dict[str, list[str]] = {LEAD_HEADING: []}
    current = LEAD_HEADING
    for line in body.splitlines():
        heading = re.match(r"^##\s+(.+?)\s*$", line)
        if heading:
            current = heading.group(1)
            sections.setdefault(current, [])
        elif line.strip():
            sections[current].append(line.strip())
    return sections


def _off_topic_in_paragraphs(lines: list[str], sentences: list[str]) -> list[str | None]:
    """The off-topic subject of each sentence. A sentence that names no core subject and states no
    number, in a paragraph whose other sentences are off topic, belongs to that digression
    (「根据社会保险法…可以从基金中支付」 opening a paragraph about 补牙)."""
    subjects = [_off_topic_subject(s) for s in sentences]
    line_of = _line_of_each(lines, sentences)
    for i, sentence in enumerate(sentences):
        if subjects[i] is not None or _is_core(sentence) or quantities(sentence):
            continue
        mates = [j for j in range(len(sentences)) if j != i and line_of[j] == line_of[i]]
        if mates and all(subjects[j] is not None for j in mates):
            subjects[i] = subjects[mates[0]]
    return subjects
