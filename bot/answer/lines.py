"""Choosing what an answer says: a lead that answers the facet asked, then only the lines that
answer the same question.

Every candidate is a sentence of an answer unit (an article section), described by
``LINE_FEATURES``: how much of the question it holds (idf-weighted words, the rarest one, the
embedder's cosine), whether its section answers the facet asked or was asked for by its own
question variants, whether the sentence holds what the facet wants (a number of working days),
whether it speaks to the situation described (a death, no smartphone), and how close it sits to
the best unit. Its relevance is a weighted sum; the weights and the threshold a line after the
lead must pass are fitted on the tuning part of eval/ (``bot eval --calibrate``).

The lead follows rules a reader would: the section whose own question variants match best; for
a yes/no question a section that answers yes or no, its first statement, or the sentence naming
the particular case asked about; for 多久, 要带什么, 收费吗, 多少 a sentence that holds one. A lead
that says 「只有特定情形下才能」 is followed by the cases.

Some sentences are never quoted where they do not belong: 套现 and 冒名就医 warnings unless the
question is about lending a card or cashing out, another place's own rule unless the question
is about that place, and the local caveat (the template says it once, last).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from bot.index.store import LoadedIndex, PassageRecord
from bot.retrieve.hybrid import Hit
from bot.text.geo import gazetteer
from bot.text.segment import tokens
from bot.text.sentences import split_sentences
from bot.understand.facets import APP_ASKED, CHOOSES_WHERE, cue_count, sentence_answers
from bot.understand.question import Question

# 「据烟台晚报报道」: a place in the name of a newspaper is the source, not whose rule it is
MEDIUM = re.compile(r"晚报|日报|都市报|新闻网|新闻|电视台|广播")
CAVEAT = re.compile(r"为准|拨打12393咨询|12393咨询|要看参保地")
# A rule stated before the caveat clause (「城乡居民医保一般不设…个人账户，具体以参保地规定为准」) is
# quoted, caveat and all; a sentence that only says "it depends" (「…能否办理，以…为准」) is not.
STATES_A_RULE = re.compile(r"一般|可以|不设|需要|由|只在|只有|不能|属于")
OPEN_QUESTION = re.compile(r"能否|是否|能不能|问题")
SAME_AREA = re.compile(r"同一个统筹地区内|同一统筹地区内|同一统筹区内")  # a rule for staying in one place
RETIRED = re.compile(r"退休|退了休|退的休|养老金|退下来")
# 「办好异地就医备案后，退休人员…」: the subject after a first clause counts too
FOR_RETIREES = re.compile(r"^(据[^，]*，)?([^，。]{0,12}，)?(已经退休|已退休|退休人员|办完医保退休手续|退休后|退休的|退休职工)")
RESETTLED_RETIREES = re.compile(r"异地安置的[^，。]{0,8}退休人员")  # 「部分地区允许跨省异地安置的退休人员…」
MONEY_ASKED = re.compile(r"钱|余额|个账|个人账户|账户|资金|卡里还?剩|卡上还?剩|还剩")
BALANCE = re.compile(r"个人账户(资金|余额)|余额")
ACROSS = re.compile(r"跨省|跨市|异地|外省|外地|换城市|另一个城市")
WARNING = re.compile(r"冒名就医|套现|骗保|违法|违规|处罚|罚款|刑事|诈骗|追回|暂停")
GENERIC = frozenset({"医保", "医保卡", "个人账户", "职工医保", "能", "可以", "怎么", "办", "吗", "医疗保险", "社保卡",
                     # a headline's filler (「这些方法让你秒懂」) says nothing about which sentence answers
                     "这些", "那些", "这种", "那种", "这样", "那样", "方法", "秒", "懂", "以", "为", "例", "搞定", "大全"})
# Who a family member is, as the articles name them (婆婆 → 公婆): which relatives count is asked often
KIN = frozenset({"配偶", "父母", "子女", "兄弟姐妹", "祖父母", "外祖父母", "公婆", "孙子女", "外孙子女"})
# 「卡里的钱」 is the balance: a sentence about 余额 speaks to it
ASKED_AS = {"钱": "余额"}
MAX_LINES = 5  # at most: on the tuning part 5 kept more key facts than 4 (0.79 → 0.80), line precision about the same
# A sentence that says again this share of another's words repeats it (「报销规定是同一套」 twice):
# it neither joins the lead nor follows it.
REPEAT_OVERLAP = 0.6
# A follow-up that asks something new does not lead with the last answer's lead when another
# sentence scores within this of it (tuning part: lead_ok the same, 0.738 → 0.737, at 1.0 and 2.0)
REPEAT_MARGIN = 1.0
# 「谁发的」: 发 inside 签发 counts for this share of the word (tuning part: lead_ok 0.726 → 0.738;
# 0.3 and 0.8 about the same)
PART_OF_A_WORD = 0.5
UNKNOWN_WORD_IDF = 0.5  # a word no sentence holds (咳嗽, 天天) says little about which sentence answers
DIRECT_LEAD = 0.4  # a yes/no question opens with a section that answers yes or no (an article's first, or one named so)
# Another article's sentence leads only when it is clearly better than the best article's own:
# of two disagreeing articles, the one ranked first (newer, local) speaks first.
LEAD_MARGIN = 0.5
SPECIFIC_LEAD = 1.0  # 「孙子能用吗」: the sentence naming the particular case beats the general yes
FIRST_STATEMENT = 0.3  # a yes/no section says so first and explains after
OTHER_ARTICLE_EXTRA = 1.0  # chosen on the tuning part: line precision up, key facts unchanged
TOTAL = re.compile(r"合计|一共|总共|全程")
STEPS = re.compile(r"第一步|第二步|接着|然后|最后一步")  # a section that gives a procedure step by step
WHOLE_TIME = 0.6  # 「多久」: each further time limit the sentence gives (both ends and the total)
OPENING_LEAD = 0.5  # the section asked for says its point first
# A second sentence joins the lead when it scores this close to the first (chosen on the tuning
# part: lead_ok 0.55 → 0.64 at line precision 0.93), does not repeat it and the line stays
# readable on a phone.
SECOND_SENTENCE_MARGIN = 1.0
LEAD_LENGTH = 100
SITUATION_LEAD = 1.0  # 「我爸走了」: the sentence about 继承 answers before the general rule
LOCAL_LEAD = 0.5  # where and how to do it: the asked place's own channels
LOCAL_FACETS = ("how", "lookup", "materials")
# 「江苏参保人可以用“江苏医保云”查询」 in a national article: the asked province's own channel comes first
PLACE_SENTENCE_LEAD = 1.0
RARE_IDF = 4.5  # log(1 + sentences / count): a word found in about a dozen of the corpus's sentences or fewer
WHERE = re.compile(r"在哪|去哪|哪里|哪儿|找谁|哪个部门|网上|线上|手机(?!号)|" + APP_ASKED + r"|藏哪|哪(点|进|找)|找不(着|到)|没找(着|到)|" + CHOOSES_WHERE)  # 在哪办: the channel
# 「找谁挂失」: a 去哪办 section leads unless another sentence speaks to the question far better
WHERE_MARGIN = 1.0  # tuning part: lead_ok the same at 0.5–2.0
SPECIFIC_ELSEWHERE_MARGIN = 1.0  # a third article's sentence holding what the facet asks (不收费) leads when this close
NARROW_FACETS = ("how_long", "materials", "cost")  # asked, they are all the answer's further lines give
APPS = ("微信", "支付宝")
PAYING = frozenset({"交", "缴", "缴纳", "交了"})
LEAVING = re.compile(r"外地|外省|另一个统筹|跨省|跨市|转移|清算|新参保地|转出|转入")
ONLY_IN_CASES = re.compile(r"只有|特定情形|才能|部分地区|除外|一般不")
SPECIFIC_FACETS = ("which_rules", "how_long", "materials", "cost", "amount", "conditions", "consequence", "why", "whose")  # answered by a particular kind of sentence
# A situation the question describes, and what a sentence that speaks to it says: a bereaved
# family wants 继承, an elderly caller without a smartphone the counter.
SITUATIONS: dict[str, re.Pattern[str]] = {
    # what the family does, not a list that names death nor 「本金和利息可以结转使用和继承」
    "bereavement": re.compile(r"继承人|依法继承|按规定继承|死亡的|死亡后|去世的|身故的"),
    "army": re.compile(r"入伍|参军"),
    "emigration": re.compile(r"定居|出国|出境"),
    "retired": re.compile(r"退休(人员|后|手续)|已经?退休|退休的"),  # not 「退休时要求的最低缴费年限」
    "to_wallet_app": re.compile(r"微信|支付宝|银行卡"),  # the app or card named, not any word of cash
    "to_family": re.compile(r"医保钱包|转账|家人|近亲属"),
    "other_province": re.compile(r"^(?!.*(家人|近亲属)).*(跨省|外省|不同省)"),  # one's own move, not family elsewhere
    "same_province": re.compile(r"省内|同一个省|不在同一(个)?城市"),
    "same_area": SAME_AREA,
    "asks_us_to_check": re.compile(r"不能替用户查询|不会索要"),
    "no_smartphone": re.compile(r"窗口|自助终端|服务大厅|电话|小票|线下|子女"),
    "lends_card": re.compile(r"出借人"),
    "errand": re.compile(r"代为买药|代买药"),
    "check_fails": re.compile(r"无法自动核验|不能自动核验"),
    "resident_only": re.compile(r"居民医保转居民医保"),
    "time_of_day": re.compile(r"\d{1,2}点到次日|\d{1,2}:\d\d|24小时|全天"),  # the hours, not 「次日6点退回」
    "not_received": re.compile(r"退回"),
    "years_paid": re.compile(r"缴费年限"),
    "transfer_fails": re.compile(r"无法(跨省)?划转|无法转移"),  # not the list that names it among others
    "money_moves": re.compile(r"随(医保)?关系|一并划转|划到新参保地|划转到新"),
    "no_card": re.compile(r"不需要先(有|办)实体卡|不用先(有|办)实体卡"),
    "not_insured": re.compile(r"本人必须参加|(必须|要|须)(自己)?参加(了)?(当地的)?基本医保|已参保"),
    "arrears": re.compile(r"欠费"),
    "ownership": re.compile(r"属于参保人|归参保人"),
    "over_limit": re.compile(r"每笔不超过|最多转账"),
    "pays_premium": re.compile(r"个人缴费|个人应缴"),
    "resells_drugs": re.compile(r"倒卖"),
    "hearsay": re.compile(r"(?<!权威)说法|官方依据|不符|并不准确|过时"),  # the sentence that judges the claim
    "hr_hotline": re.compile(r"12393"),
    "pays_care": re.compile(r"自付|个人负担|自己要出的钱"),
    "daily_goods": re.compile(r"医疗相关支出|看病买药等医疗支出"),  # not 洗衣液: only medical costs
    "calls_elsewhere": re.compile(r"区号"),
    "pension_matter": re.compile(r"养老金方面|养老保险|社保卡挂失"),
    "added_in_app": re.compile(r"只加亲情账户不行|扣的是家人本人|两回事"),
    "reports_fraud": re.compile(r"举报"),
    "by_phone": re.compile(r"12393"),
    "receiving_end": re.compile(r"转入地(?!、)[^，。]*(办|核对|记入)|转入手续"),  # not 「到转入地、转出地或线上申请」
    "sending_end": re.compile(r"转出地(?!、)[^，。]*(办|开具|发给|生成)|转出手续"),
    "criminal": re.compile(r"刑事责任|诈骗罪|犯罪"),
    "not_kin": re.compile(r"近亲属以外|《民法典》规定的近亲属有"),  # who does not count, and who does
    "health_goods": re.compile(r"体育健身|养生保健"),
    "resettled": re.compile(r"异地安置"),
    "cash_out": re.compile(r"套现"),  # 「七五折收 转微信 靠谱吗」: the verdict on cashing out, not on a claim about transfers
    "to_resident": re.compile(r"职工医保(改参|转)居民医保"),
}
# A situation that speaks differently on one subject: family in another province are reached by
# the 医保钱包, but a move to another province is no question about the wallet.
ON_TOPIC: dict[tuple[str, str], re.Pattern[str]] = {
    ("other_province", "family_sharing"): re.compile(r"跨省|外省|不同省|医保钱包"),
}
HEARSAY = SITUATIONS["hearsay"]
SOME_PLACES = re.compile(r"部分地区|有的地方|一些地方|不少地方")
LENDER = re.compile(r"出借人|交给别人")  # what befalls whoever lends a card
# 「平时不能取现金」 read to a bereaved family, a recruit or an emigrant whose lead says how they
# may take the money contradicts it
NO_CASH = re.compile(r"不能[^，。]{0,10}(取|提)[^，。]{0,3}现金|不能取现|不能提现|不能转到[^，。]{0,16}银行卡")
# How things were before (「以前无法办理」「2024年底…提出」) answers whoever asks why or since when
HISTORY = re.compile(r"以前|此前|\d{4}年底，")
ASKS_HISTORY = re.compile(r"以前|之前|原来|过去|现在|最新|新政|新规|什么时候|啥时候|哪年|几时|开始")
CLAIM_WORDS = frozenset({"说法", "听说", "真的", "靠谱", "有人", "网上", "提现", "取出来", "提出来", "提取"})
# A situation that matters on one subject only: 「哥们没交医保 借他卡用一回」 is about lending a card,
# and the rule that a family member must be insured is no answer to it.
CUE_TOPICS = {"to_wallet_app": ("withdrawal", "transfer", "account_basics", "e_voucher", "balance_query"),  # 「七五折收 转微信」: the 套现 verdict first
              "not_insured": ("family_sharing",), "pays_care": ("family_sharing",), "over_limit": ("family_sharing",), "pays_premium": ("family_sharing", "account_basics"),
              "arrears": ("transfer",), "resident_only": ("transfer",), "years_paid": ("transfer",),
              "money_moves": ("transfer", "withdrawal"), "transfer_fails": ("transfer", "withdrawal"),
              "calls_elsewhere": ("hotline", "balance_query"),
              "pension_matter": ("hotline",), "added_in_app": ("family_sharing",), "reports_fraud": ("hotline", "fraud"),
              "criminal": ("fraud",), "not_kin": ("family_sharing",), "resettled": ("withdrawal",), "receiving_end": ("transfer",), "sending_end": ("transfer",),
              "by_phone": ("balance_query", "transfer", "family_sharing", "withdrawal", "insured_place", "e_voucher")}
OVERRIDING_SITUATIONS = ("bereavement", "army", "emigration")
CASE_NAMES = (re.compile(r"死亡|去世|身故|继承"), SITUATIONS["army"], SITUATIONS["emigration"])  # as a list names them
# The cases an answer about one of them leaves out (``_another_case``)
OTHER_CASES = dict(zip(OVERRIDING_SITUATIONS, CASE_NAMES)) | {
    case: SITUATIONS[case] for case in ("resettled", "same_province", "money_moves")} | {
    "transfer_fails": re.compile(r"无法(跨省)?划转|无法转移|转不过去|转不走")}
# The small print of a wallet transfer (an unaccepted one is returned, no transfers at night, a cap
# per transfer) answers whoever is in that case, or asks how much or when; it does not lead otherwise.
DETAILS = ("not_received", "time_of_day", "over_limit")
# A particular circumstance (a transfer nobody accepted, a time of day) says more than the general
# ones around it (a transfer to family): the sentence about it is the one that speaks to the question.
PARTICULAR_SITUATIONS = ("check_fails", "not_received", "time_of_day", "lends_card", "no_card", "money_moves", "years_paid", "transfer_fails",
                         "not_insured", "arrears", "pays_premium", "ownership", "over_limit", "resells_drugs", "daily_goods", "resident_only",
                         "calls_elsewhere", "pension_matter", "added_in_app", "reports_fraud", "by_phone", "receiving_end", "sending_end", "criminal",
                         "not_kin", "health_goods", "cash_out", "resettled")
_FIRST_SITUATIONS = OVERRIDING_SITUATIONS + PARTICULAR_SITUATIONS
LINE_FEATURES = ("overlap", "rare_match", "semantic", "asked_unit", "unit_facet", "other_facet", "sentence_cue",
                 "direct", "situation", "same_unit", "same_article", "rank", "first_sentence")
# Hand-set starting points; `bot eval --calibrate` fits them on the tuning part of eval/ (a
# sentence holding one of the turn's key facts should outrank one that does not) and sets the
# threshold a line after the lead must pass.
DEFAULT_LINE_WEIGHTS = {
    "overlap": 2.0,  # share of the question's (idf-weighted) words the sentence holds
    "rare_match": 1.0,  # it holds the question's rarest word it could hold (孙子女, 养生保健)
    "semantic": 1.0,  # cosine of the question's and the sentence's vectors (the index's embedder)
    "asked_unit": 0.5,  # its section's question variants are close to the question (1 / that channel's rank)
    "unit_facet": 1.0,  # its section answers the facet asked
    "other_facet": 0.5,  # its section answers another facet the question asks
    "sentence_cue": 0.7,  # the sentence holds what the facet asks for (a time limit, a fee)
    "direct": 0.8,  # the article's first section, for a yes/no or a plain question
    "situation": 1.0,  # it speaks to the situation the question describes (a death, no smartphone)
    "same_unit": 0.6,
    "same_article": 0.3,
    "rank": 0.6,  # an article further down the ranking: 1 / its rank
    "first_sentence": 0.1,
}


@dataclass(frozen=True)
class Chosen:
    passage: PassageRecord
    sentence: str
    lead: bool
    relevance: float
    may_lead: bool = True  # it may lead (a line after the lead all the same)


@dataclass(frozen=True)
class _Sentence:
    text: str
    words: frozenset[str]
    places: tuple[tuple[str, str | None], ...]  # (province, city) the sentence names


class LineChooser:
    """Picks the lead and the further lines of an answer from ranked answer units.

    >>> chooser = LineChooser(index)  # doctest: +SKIP
    >>> [c.sentence for c in chooser.choose(question, hits, city="济南", province="山东")]  # doctest: +SKIP
    """

    def __init__(self, index: LoadedIndex, threshold: float = 1.6, weights: dict[str, float] | None = None) -> None:
        self.threshold = threshold
        self.set_weights(weights or DEFAULT_LINE_WEIGHTS)
        self._units: dict[str, list[PassageRecord]] = {}
        for p in index.passages:
            self._units.setdefault(p.article_id, []).append(p)
        self._sentences: dict[str, list[_Sentence]] = {p.id: _split(p.text) for p in index.passages}
        self._idf = _idf([s.words for sentences in self._sentences.values() for s in sentences])
        self._embedder = index.embedder
        texts = sorted({s.text for sentences in self._sentences.values() for s in sentences})
        self._row_of = {text: i for i, text in enumerate(texts)}
        self._vectors = index.embedder.encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        self._places = {s.text: s.places for sentences in self._sentences.values() for s in sentences if s.places}
        self._words = {s.text: s.words for sentences in self._sentences.values() for s in sentences}

    def set_weights(self, weights: dict[str, float]) -> None:
        self.weights = np.array([weights.get(name, 0.0) for name in LINE_FEATURES], dtype=float)

    def choose(self, question: Question, hits: list[Hit], city: str | None, province: str | None,
               query_vector: np.ndarray | None = None, moving: bool = False, context: str = "",
               said: str | None = None) -> list[Chosen]:
        """``moving``: the conversation knows the asker moves to another place (a 转入地);
        ``context``: the earlier question a follow-up leans on, and ``said`` the lead of its answer."""
        top, scored = self.candidates(question, hits, city, province, query_vector, moving)
        if top is None:
            return []
        if not RETIRED.search(question.text + context):
            # 「已经退休的…一般不办理转移」 is a rule for retirees: no line for someone who is not one
            scored = [item for item in scored
                      if not (FOR_RETIREES.search(item[1]) or RESETTLED_RETIREES.search(item[1]))] or scored
        chosen = [Chosen(unit, sentence, False, float(vector @ self.weights)) for unit, sentence, vector in scored]
        chosen = _who_may_lead(chosen, question, context, said)
        return self._pick(chosen, top, question, _article_ranks(hits), _asked_section(hits), (city, province))

    def candidates(self, question: Question, hits: list[Hit], city: str | None, province: str | None,
                   query_vector: np.ndarray | None = None, moving: bool = False
                   ) -> tuple[PassageRecord | None, list[tuple[PassageRecord, str, np.ndarray]]]:
        """The best unit, and every sentence the answer may quote with its features (``LINE_FEATURES``)."""
        if not hits:  # the answerer has already dropped articles that do not answer (``quotable``)
            return None, []
        asked = self._weights(question)
        if query_vector is None:
            query_vector = self._embedder.encode([question.masked])[0]
        self_vectors, row_of = self._vectors, self._row_of
        top = hits[0].passage
        rank_of = _article_ranks(hits)
        asked_rank = {h.passage.id: h.question_rank for h in hits if h.question_rank}
        total = sum(asked.values())
        best_known = max((w for word, w in asked.items() if word in self._idf), default=0.0)
        candidates: list[tuple[PassageRecord, str, np.ndarray]] = []
        for article_id, rank in rank_of.items():
            hit_units = {h.passage.id for h in hits if h.passage.article_id == article_id}
            units = self._units_of(article_id, hits)
            for unit in units:
                if unit.article_id != top.article_id and (unit.id not in hit_units or not _same_subject(unit, top, question)):
                    continue  # from other articles only the retrieved sections on the subject asked
                for i, sentence in enumerate(self._sentences.get(unit.id, [])):
                    if not self._allowed(sentence, question, city, province, moving):
                        continue
                    semantic = float(self_vectors[row_of[sentence.text]] @ query_vector)
                    vector = self._features(sentence, i, unit, top, rank, question, asked, semantic,
                                            1.0 / asked_rank[unit.id] if unit.id in asked_rank else 0.0,
                                            total, best_known)
                    candidates.append((unit, sentence.text, vector))
        return top, candidates

    def _pick(self, candidates: list[Chosen], top: PassageRecord, question: Question,
              ranks: dict[str, int], asked_section: str | None = None,
              place: tuple[str | None, str | None] = (None, None)) -> list[Chosen]:
        """The lead, the cases a 「只有…才能」 lead promises, then the most relevant lines that
        pass the threshold and say something new."""
        if not candidates:
            return []
        direct = question.facet in (None, "yes_no")
        lead = self._lead(candidates, top, question, ranks, direct, asked_section, place)
        case_answered = (any(c in question.cues for c in OVERRIDING_SITUATIONS + ("resettled",))
                         and _speaks_to(lead.sentence, question))
        # 「部分地区允许…入伍的人…」 answers the recruit: no list of the other cases follows
        chosen = [lead] + ([] if case_answered else self._the_cases(lead, candidates, top, direct))
        seen = [self._words_of(c) for c in chosen]
        seen += [frozenset(tokens(s.text)) for s in self._sentences.get(lead.passage.id, []) if s.text in lead.sentence]
        for c in sorted(candidates, key=lambda c: -c.relevance):
            if len(chosen) >= MAX_LINES or c.relevance < self.threshold:
                break
            if c.passage.article_id != top.article_id and c.relevance < self.threshold + OTHER_ARTICLE_EXTRA:
                continue  # another article adds a line only when it clearly speaks to the question
            words = self._words_of(c)
            if any(c.sentence in done.sentence for done in chosen) or any(_overlap(words, w) > REPEAT_OVERLAP for w in seen):
                continue
            if top.region is not None and c.passage.region is None and SOME_PLACES.search(c.sentence):
                continue  # 「部分地区允许…」 says nothing to someone whose own place's rule is given
            if HEARSAY.search(c.sentence) and not _claim_raised(c.sentence, question):
                continue  # 「“大病可提现”的说法没有依据」 answers whoever heard that, not a question about transfers
            if case_answered and (NO_CASH.search(c.sentence) or _another_case(c.sentence, question)):
                continue  # a resettled retiree's answer has no 「不能取现」 and no line on what heirs may do
            if _other_app(c.sentence, question):
                continue
            if question.facet in NARROW_FACETS and not any(f in c.passage.facets or sentence_answers(c.sentence, f)
                                                           for f in question.facets):
                continue  # 「要多少个工作日」: further lines give time limits too, not where the balance goes
            if "other_province" in question.cues and SITUATIONS["same_province"].search(c.sentence):
                continue  # 「广东省内跨市…」 says nothing to someone going to another province
            if "same_area" in question.cues and (LEAVING.search(c.sentence) or c.passage.article_id != top.article_id):
                continue  # a new employer in the same city: the rules for leaving it say nothing
            if HISTORY.search(c.sentence) and not (question.facet == "why" or ASKS_HISTORY.search(question.text)):
                continue
            chosen.append(c)
            seen.append(words)
        return chosen[:1] + self._in_reading_order(chosen[1:])

    def _in_reading_order(self, lines: list[Chosen]) -> list[Chosen]:
        """Lines of one section in the order the section gives them (「第一步…」 before 「…即生效」);
        sections in the order their best line came."""
        first_of: dict[str, int] = {}
        for i, c in enumerate(lines):
            first_of.setdefault(c.passage.id, i)

        def place_in_text(c: Chosen) -> int:
            texts = [s.text for s in self._sentences.get(c.passage.id, [])]
            return texts.index(c.sentence) if c.sentence in texts else len(texts)

        return sorted(lines, key=lambda c: (first_of[c.passage.id], place_in_text(c)))

    def _lead(self, candidates: list[Chosen], top: PassageRecord, question: Question, ranks: dict[str, int],
              direct: bool, asked_section: str | None = None,
              place: tuple[str | None, str | None] = (None, None)) -> Chosen:
        city, province = place
        # a section of the best article whose own question variants are the closest to the question answers it
        asked = [c for c in candidates if c.passage.id == asked_section and c.passage.article_id == top.article_id]
        if asked and max(c.relevance for c in asked) < max(c.relevance for c in candidates
                                                           if c.passage.article_id == top.article_id):
            asked = []  # its questions match, but another section of the article speaks to this one more
        if question.facet in SPECIFIC_FACETS and not any(sentence_answers(c.sentence, question.facet) for c in asked):
            asked = []  # 「哪个是对的」: a section that gives no reason is no answer to why
        candidates = [c for c in candidates if c.may_lead] or candidates
        asked = [c for c in asked if c.may_lead] or asked
        pool = asked or self._lead_candidates(candidates, question.facet, ranks, question.text)
        about_the_case: list[Chosen] = []
        if any(c in question.cues for c in OVERRIDING_SITUATIONS):
            # 「俺娘走了 她卡里的钱能取不」: what the family does after a death comes first, even
            # from another article than the city's general rule
            speaking = [c for c in candidates if _speaks_to(c.sentence, question)]
            pool = [c for c in speaking if not _lists_cases(c.sentence)] or speaking or pool
            # the asked place's own rule for it (深圳's 出境定居) before the national overview
            pool = [c for c in pool if c.passage.region is not None] or pool
            if direct:  # 「能领不」: whether the family may (or in which cases), before what they must bring
                pool = [c for c in pool if set(question.facets) & set(c.passage.facets)] or pool
        if "resettled" in question.cues and top.region is not None:
            # 「退休了去湖南跟女儿住」 in 广东: its own rule for resettled retirees, not its list of cases
            own = [c for c in candidates if c.passage.article_id == top.article_id
                   and SITUATIONS["resettled"].search(c.sentence) and not _lists_cases(c.sentence)]
            pool = own or pool
        if question.facet in SPECIFIC_FACETS and _particular_situation(question):
            # 「药房能刷洗衣液 俺跟着刷会不会有事」: the best article's sentence about that case answers too
            about_the_case = [c for c in candidates if c not in pool and c.passage.article_id == top.article_id
                              and _speaks_to(c.sentence, question)]
            pool = pool + about_the_case
        specific = self._specific(pool, top, question, ranks)
        kin = self._specific(candidates, top, question, ranks, among=KIN)
        if kin:  # 「婆婆能绑进来吗」: the sentence that names 公婆, wherever it stands, answers whether she counts
            specific, pool = kin, [c for c in candidates if c.sentence in kin]

        overriding = any(c in question.cues for c in OVERRIDING_SITUATIONS)
        # when the balance may be taken out is each place's own rule (the national articles say so)
        own_rule_decides = top.region is not None and question.topic == "withdrawal" and not overriding

        def score(c: Chosen) -> tuple[float, int]:
            value = c.relevance + LEAD_MARGIN * (c.passage.article_id == top.article_id)
            if specific:  # 「孙子能用吗」: the sentence naming 孙子女 answers better than the general yes
                value += SPECIFIC_LEAD * (c.sentence in specific)
            elif direct and "yes_no" in c.passage.facets:
                value += DIRECT_LEAD + FIRST_STATEMENT * self._opens(c)
            # so the asked place's article answers the case described before a national sentence
            # about it (「部分地区允许…退休人员…」 for a 苏州 retiree); a death, joining the army or
            # settling abroad is answered wherever it is said
            own_rule_first = own_rule_decides and c.passage.article_id != top.article_id
            value += SITUATION_LEAD * (_speaks_to(c.sentence, question) and not own_rule_first)
            value += OPENING_LEAD * (c.passage.id == asked_section and self._opens(c))
            if question.facet == "how_long":
                value += WHOLE_TIME * (min(cue_count(c.sentence, "how_long") - 1, 2) + bool(TOTAL.search(c.sentence)))
            if question.facet in LOCAL_FACETS:
                value += LOCAL_LEAD * (c.passage.region is not None)
                value += PLACE_SENTENCE_LEAD * self._names_the_place(c.sentence, city, province)
            return value, -c.passage.position

        best = max(pool, key=score)
        lead = self._whole_direct_answer(best, candidates, question)
        owed = question.facet if best in about_the_case else None
        return self._with_second(lead, pool, lambda c: score(c)[0], score(best)[0], question, owed)

    def _with_second(self, lead: Chosen, pool: list[Chosen], score, lead_score: float, question: Question,
                     owed: str | None = None) -> Chosen:
        """The lead says the direct answer and, when the same article has a sentence that answers
        the question almost as well and says something else (the particular case, the other end
        of a transfer), that sentence too, as long as the line stays short. A lead about the case
        asked (「只能用于医疗相关支出」 for 「刷洗衣液会不会有事」) that does not say what the facet
        asks is followed by the sentence that does (违规…会被追回)."""
        said = frozenset(tokens(lead.sentence))
        others = [c for c in pool if c.passage.article_id == lead.passage.article_id and c.sentence not in lead.sentence
                  and _overlap(self._words_of(c), said) <= REPEAT_OVERLAP
                  and not (STEPS.search(c.passage.text) and not self._opens(c))  # no last step before the first
                  and not _other_app(c.sentence, question)]
        if owed:  # the facet the lead still owes an answer to
            others = [c for c in others if sentence_answers(c.sentence, owed)]
        if not others:
            return lead
        second = max(others, key=score)
        # whether it answers almost as well is the lines' relevance, not the bonuses that chose the lead
        far = second.relevance < lead.relevance - SECOND_SENTENCE_MARGIN and score(second) < lead_score - SECOND_SENTENCE_MARGIN
        if (far and not owed) or len(lead.sentence) + len(second.sentence) > LEAD_LENGTH:
            return lead
        return Chosen(lead.passage, lead.sentence + second.sentence, True, lead.relevance)

    def _names_the_place(self, sentence: str, city: str | None, province: str | None) -> bool:
        """「江苏参保人可以用“江苏医保云”查询」 in a national article, for a 南京 asker."""
        return any(place[0] == province and place[1] in (None, city) for place in self._places.get(sentence, ()))

    def _opens(self, c: Chosen) -> bool:
        """Whether ``c`` is the first sentence of its section: a section that answers yes or no
        says so first, and explains after."""
        sentences = self._sentences.get(c.passage.id, [])
        return bool(sentences) and sentences[0].text == c.sentence

    def _specific(self, pool: list[Chosen], top: PassageRecord, question: Question,
                  ranks: dict[str, int], among: frozenset[str] | None = None) -> set[str]:
        """Sentences of the best article holding a rare word of the question (孙子女, 养生保健,
        定居) that its yes/no sections do not hold: the question asks about that particular case."""
        direct_words: set[str] = set()
        # ``among`` (a relative, 岳父): named where it is said, even if the direct answer's list names it too
        for unit in self._units.get(top.article_id, []) if among is None else ():
            if "yes_no" in unit.facets:
                for sentence in self._sentences.get(unit.id, []):
                    direct_words |= sentence.words
        rare = {w for w in question.tokens
                if w not in GENERIC and (among is None or w in among) and self._idf.get(w, 0.0) >= RARE_IDF}
        if "pays_premium" not in question.cues:
            rare.discard("交")  # 「他交的居民」 says how he is insured; 「给闺女交居民医保」 asks about the premium
        if among is not None and _only_whom_asked(question) and not any(
                w not in GENERIC and w not in among and self._idf.get(w, 0.0) >= RARE_IDF for w in question.tokens):
            rare |= set(question.relatives) & among  # 「我姐」: named outright, however often the lists name 兄弟姐妹
        rare -= direct_words
        if not rare:
            return set()
        found = {c.sentence for c in pool if c.passage.article_id == top.article_id and rare & self._words_of(c)}
        # 「能给我姐用吗」 where the city's article does not list 兄弟姐妹: the national one that does
        return found or {c.sentence for c in pool if ranks.get(c.passage.article_id, 99) <= 2 and rare & self._words_of(c)}

    @staticmethod
    def _the_cases(lead: Chosen, candidates: list[Chosen], top: PassageRecord, direct: bool) -> list[Chosen]:
        """A lead that says 「只有特定情形下才能」 is followed by the cases, from the same article."""
        if not (direct and ONLY_IN_CASES.search(lead.sentence)):
            return []
        cases = [c for c in candidates if c.passage.article_id == top.article_id and "conditions" in c.passage.facets
                 and c.passage.id != lead.passage.id and sentence_answers(c.sentence, "conditions")]
        # the article's own list of cases comes first, a sentence that names cases (死亡, 定居) before one
        # that only says there is no single list; regional variations after it
        return [min(cases, key=lambda c: (c.passage.position, not _names_cases(c.sentence), -c.relevance))] if cases else []

    @staticmethod
    def _lead_candidates(candidates: list[Chosen], facet: str | None, ranks: dict[str, int],
                         question_text: str) -> list[Chosen]:
        """The lead answers the facet asked: it comes from a section of the two best articles
        that gives that facet (「去哪办」 for 在哪办), and for 多久, 要带什么, 收费吗, 多少 or 什么情况
        it must hold a time limit, materials, a fee, an amount or the cases, when any sentence does."""
        if facet in (None, "yes_no"):
            return candidates
        near = [c for c in candidates if ranks.get(c.passage.article_id, 99) <= 2]
        specific = facet in SPECIFIC_FACETS
        where = bool(WHERE.search(question_text))
        best = max(c.relevance for c in candidates)
        for pool, fits, margin in (
                (near, lambda c: specific and facet in c.passage.facets and sentence_answers(c.sentence, facet), None),
                (near, lambda c: specific and sentence_answers(c.sentence, facet), None),
                (near, lambda c: where and facet == "how" and facet in c.passage.facets, WHERE_MARGIN),
                # 「要钱不」 where the two best articles give no fee: the third that says 不收费
                (candidates, lambda c: specific and sentence_answers(c.sentence, facet), SPECIFIC_ELSEWHERE_MARGIN)):
            fitting = [c for c in pool if fits(c)]
            if fitting and (margin is None or max(c.relevance for c in fitting) >= best - margin):
                return fitting
        return candidates

    def _whole_direct_answer(self, lead: Chosen, candidates: list[Chosen], question: Question) -> Chosen:
        """An article's first section is written as the direct answer in one or two sentences
        (「不能取现金。只有特定情形下才能一次性支取。」): the lead says all of it, in the article's
        order, its second sentence first only when only it speaks to the case described (家人在外省 for a
        mother insured in another province) or says how or where (「…到转入地、转出地或线上申请」
        before 「…需要办理，已退休人员除外」)."""
        sentences = [s.text for s in self._sentences.get(lead.passage.id, [])]
        relevance = {c.sentence: c.relevance for c in candidates if c.passage.id == lead.passage.id}
        if lead.passage.position != 0 or len(sentences) != 2 or sum(map(len, sentences)) > 110:
            return Chosen(lead.passage, lead.sentence, True, lead.relevance)
        if not set(sentences) <= set(relevance):  # a caveat, a warning or another place's rule stays out
            return Chosen(lead.passage, lead.sentence, True, lead.relevance)
        first, second = sentences
        only_second_says_how = (question.facet == "how" and sentence_answers(second, "how")
                                and not sentence_answers(first, "how"))
        only_second_speaks_to_it = _speaks_to(second, question) and not _speaks_to(first, question)
        if only_second_says_how or only_second_speaks_to_it:
            first, second = second, first
        return Chosen(lead.passage, first + second, True, lead.relevance)

    def _units_of(self, article_id: str, hits: list[Hit]) -> list[PassageRecord]:
        """The article's sections, as the member written for the asked place (folded copies)."""
        by_position = {h.passage.position: h.passage for h in hits if h.passage.article_id == article_id}
        return [by_position.get(u.position, u) for u in self._units.get(article_id, [])]

    def _features(self, sentence: _Sentence, i: int, unit: PassageRecord, top: PassageRecord, rank: int,
                  question: Question, asked: dict[str, float], semantic: float, asked_unit: float,
                  total: float, best_known: float) -> np.ndarray:
        """``total``: the asked words' weight; ``best_known``: the weight of the rarest that some sentence holds."""
        facet = question.facet
        words, text = sentence.words, sentence.text
        matched = [w if word in words else PART_OF_A_WORD * w for word, w in asked.items() if word in words or word in text]
        values = {
            "overlap": sum(matched) / total if total else 0.0,
            "rare_match": max(matched) / best_known if matched and best_known else 0.0,
            "semantic": semantic,
            "asked_unit": asked_unit,
            "unit_facet": float(facet is not None and facet in unit.facets),
            "other_facet": float(bool(set(question.facets[1:]) & set(unit.facets))),
            "sentence_cue": float(facet is not None and sentence_answers(sentence.text, facet)),
            "direct": float(unit.position == 0 and facet in (None, "yes_no")),
            "situation": float(_speaks_to(sentence.text, question)),
            "same_unit": float(unit.id == top.id),
            "same_article": float(unit.article_id == top.article_id),
            "rank": 1.0 / rank,
            "first_sentence": float(i == 0),
        }
        return np.array([values[name] for name in LINE_FEATURES], dtype=float)

    def _allowed(self, sentence: _Sentence, question: Question, city: str | None, province: str | None,
                 moving: bool = False) -> bool:
        if SAME_AREA.search(sentence.text) and (moving or _between_places(question)):
            return False  # 「同一个统筹地区内换单位」 is no answer for a move to another city
        if _only_a_caveat(sentence.text) and question.topic != "hotline":
            return False
        if WARNING.search(sentence.text) and not question.about_fraud:
            return False
        named = {(p.province, p.city) for p in question.places}
        for place in sentence.places:
            if place in named or place[0] == province and (place[1] is None or place[1] == city):
                continue
            return False  # another place's own rule
        return True

    def _weights(self, question: Question) -> dict[str, float]:
        words = [ASKED_AS.get(w, w) for w in question.tokens if w not in GENERIC]
        if "pays_premium" not in question.cues:  # 「他交了居民医保」 says how he is insured, not what is paid
            words = [w for w in words if w not in PAYING]
        return {w: self._idf.get(w, UNKNOWN_WORD_IDF) for w in set(words)}

    def _words_of(self, chosen: Chosen) -> frozenset[str]:
        words = self._words.get(chosen.sentence)
        return words if words is not None else frozenset(tokens(chosen.sentence))


def _who_may_lead(chosen: list[Chosen], question: Question, context: str, said: str | None) -> list[Chosen]:
    """Marks the sentences that may not lead (they may still follow it)."""
    unasked = [SITUATIONS[c] for c in DETAILS if c not in question.cues]
    specific = question.facet in SPECIFIC_FACETS
    chosen = [replace(c, may_lead=False) if any(p.search(c.sentence) for p in unasked)
              and not (specific and sentence_answers(c.sentence, question.facet)) else c for c in chosen]
    if "lends_card" not in question.cues:
        # what befalls a lender (「出借人…暂停」) answers whoever lends: 「拿我爸的卡开药会被查吗」 is
        # asked by the one who uses the card
        chosen = [replace(c, may_lead=c.may_lead and not LENDER.search(c.sentence)) for c in chosen]
    if "hearsay" not in question.cues:
        # 「在三亚看病还得回哈尔滨报销不」 asks the rule, which answers first; the verdict on the old
        # claim that says the same (「…是过时的说法」) answers whoever reports having heard it
        chosen = [replace(c, may_lead=c.may_lead and not HEARSAY.search(c.sentence)) for c in chosen]
    if question.topic == "transfer" and not MONEY_ASKED.search(question.text + context):
        # 「医保咋转过去」 asks for the procedure: what becomes of the balance is no lead for it
        chosen = [replace(c, may_lead=c.may_lead and not BALANCE.search(c.sentence)) for c in chosen]
    if not said or not chosen:
        return chosen

    # 「能用来健身办卡吗」 after 「能买保健品吗」: the sentence said before names what is asked now
    earlier = context.replace(question.masked, "", 1)  # the retrieval context holds this message too
    asked_now = {w for w in question.tokens if len(w) > 1 and w not in GENERIC and w not in earlier}

    def new(c: Chosen) -> bool:  # not said, or said and the answer to this facet too (「收钱吗」: 不收费)
        return (c.sentence not in said or (question.facet != "yes_no" and sentence_answers(c.sentence, question.facet))
                or any(w in c.sentence for w in asked_now))

    # 「电子社保卡是谁发的」 after 「是一个东西吗」: the new question, not the last answer again
    best = max(c.relevance for c in chosen)
    fresh = [c for c in chosen if c.may_lead and new(c)]
    if fresh and max(c.relevance for c in fresh) >= best - REPEAT_MARGIN:
        chosen = [replace(c, may_lead=c.may_lead and new(c)) for c in chosen]
    return chosen


def quotable(passage: PassageRecord, question: Question, context: str = "") -> bool:
    """An article for one group of people (退休人员) answers only a question that names them, or
    a follow-up in a ``context`` that does (「那他到三亚看病怎么结算」 after 「他在哈尔滨办的退休」);
    a fraud article only a question about lending a card or cashing out."""
    asked = question.text + context
    if passage.applies_when and not any(word in asked for word in passage.applies_when):
        return False
    if set(passage.topics) == {"fraud"} and not question.about_fraud:
        return False
    return True


def _only_whom_asked(question: Question) -> bool:
    """「能给我姐用吗」 asks whether she counts; 「我姐没参保 能用吗」「我弟在聊城交的」 ask about her
    case (and 「想给我弟办张健身卡」, with a rarer word than 弟, about the card)."""
    return not question.cues and len(question.places) <= 1 and question.facet in (None, "yes_no", "who")


def _between_places(question: Question) -> bool:
    """The question is about a move between two places or provinces, not within one city."""
    return question.destination is not None or "other_province" in question.cues or bool(ACROSS.search(question.text))


def _only_a_caveat(sentence: str) -> bool:
    """Whether the sentence only says that the local rules decide, with no rule of its own."""
    clauses = re.split(r"[，,；;]", sentence)
    first_caveat = next((i for i, clause in enumerate(clauses) if CAVEAT.search(clause)), None)
    if first_caveat is None:
        return False
    head = "，".join(clauses[:first_caveat])
    return not head or bool(OPEN_QUESTION.search(head)) or not STATES_A_RULE.search(head)


def _other_app(sentence: str, question: Question) -> bool:
    """「微信里那个医保码藏哪了」 is not answered by the way in on 支付宝: a sentence that names only
    another app than the one asked."""
    asked = {app for app in APPS if app in question.text}
    named = {app for app in APPS if app in sentence}
    return bool(asked and named and not asked & named)


def _speaks_to(sentence: str, question: Question) -> bool:
    """Whether ``sentence`` speaks to a situation the question describes (a death, a request
    that the bot look something up). A death, joining the army or settling abroad is what the
    family needs answered first: 「我爸走了 钱能打我卡上吗」 is about 继承, not about cash."""
    return any(pattern.search(sentence) and (pattern is not HEARSAY or _claim_raised(sentence, question))
               for pattern in _situation_patterns(question.cues, question.topic))


def _claim_raised(sentence: str, question: Question) -> bool:
    """Whether the question raises the claim a sentence judges: 「听说退休能一次取出来」 names a word
    of it, a question that reports nothing names two (「转移能提现吗」), and a serious illness is the
    大病 claim though nobody is quoted. 「八折回收靠谱吗」 is not answered by the verdict on the
    retirement rumour, nor a question about transfers by the one on 大病."""
    claim = _claim_in(sentence)
    if "serious_illness" in question.cues and "大病" in claim:
        return True
    shared = sum(1 for w in set(question.tokens) if len(w) > 1 and w not in GENERIC and w not in CLAIM_WORDS and w in claim)
    return shared >= (1 if "hearsay" in question.cues else 2)


def _claim_in(sentence: str) -> str:
    """The claim a sentence judges: what it quotes, or what it says before 说法."""
    quoted = re.findall(r"“([^”]+)”", sentence)
    return "".join(quoted) if quoted else sentence.split("说法")[0]


@lru_cache(maxsize=512)
def _situation_patterns(cues: frozenset[str], topic: str) -> tuple[re.Pattern[str], ...]:
    """The patterns of the situations that decide: the first particular one, else all of them."""
    asked = [c for c in cues if topic in CUE_TOPICS.get(c, (topic,))]
    first = [c for c in _FIRST_SITUATIONS if c in asked]
    return tuple(ON_TOPIC.get((c, topic), SITUATIONS[c]) for c in (first[:1] or [c for c in sorted(asked) if c in SITUATIONS]))


def _particular_situation(question: Question) -> bool:
    """Whether the question describes a particular case on its subject (洗衣液, 倒卖)."""
    return any(c in question.cues and question.topic in CUE_TOPICS.get(c, (question.topic,)) for c in PARTICULAR_SITUATIONS)


def _another_case(sentence: str, question: Question) -> bool:
    """A sentence about a case in which the money may be taken out (a death, the army, settling
    abroad, resettlement) or moves (within the province, a transfer that fails) other than the
    one the question describes."""
    return any(pattern.search(sentence) for case, pattern in OTHER_CASES.items() if case not in question.cues)


def _names_cases(sentence: str) -> bool:
    return any(pattern.search(sentence) for pattern in CASE_NAMES)


def _lists_cases(sentence: str) -> bool:
    """「…入伍、死亡、出境定居等情形可以申请」 names the case among others: the sentence about that
    case alone says more to someone joining the army."""
    return sum(bool(pattern.search(sentence)) for pattern in CASE_NAMES) >= 2


def _asked_section(hits: list[Hit]) -> str | None:
    """The section (not an article's first) whose own question variants rank first, if any."""
    for hit in hits:
        p = hit.passage
        if hit.question_rank == 1 and p.position != 0 and p.questions:
            return p.id
    return None


def _same_subject(unit: PassageRecord, top: PassageRecord, question: Question) -> bool:
    """Another article may add a line only on the question's topic (or the best article's)."""
    return question.topic in unit.topics or bool(set(unit.topics) & set(top.topics))


def _article_ranks(hits: list[Hit]) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for hit in hits:
        ranks.setdefault(hit.passage.article_id, len(ranks) + 1)
    return ranks


def _split(text: str) -> list[_Sentence]:
    out = []
    geo = gazetteer()
    for sentence in split_sentences(text):
        places = tuple(dict.fromkeys((p.province, p.city) for _, end, p in geo.spans(sentence)
                                     if not MEDIUM.match(sentence, end)))
        out.append(_Sentence(sentence, frozenset(tokens(sentence)), places))
    return out


def _idf(documents: list[frozenset[str]]) -> dict[str, float]:
    counts = Counter(word for words in documents for word in words)
    n = len(documents) or 1
    return {word: math.log(1 + n / count) for word, count in counts.items()}


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """How much of the shorter sentence the other one already says."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0
