"""One turn of a conversation: read the message against what the session remembers, decide
which question to answer for which place, answer it, and update the session.

The cases a hotline agent handles without thinking:
* 「我在菏泽」 (only a place): remember the city and answer the waiting question for it;
* 「那青岛呢」: same topic, new city;
* 「那余额怎么查?」: new topic, same city;
* 「需要去哪里办」: a follow-up: same topic, same city, the earlier question as context;
* 「我是城乡居民医保」: remember the insurance type; 居民医保 has no personal account, so
  family-sharing and withdrawal questions are answered from the article that says so.
"""

from __future__ import annotations

import re

from bot.answer.compose import Answer, Answerer
from bot.answer.intent import DOMAIN_WORDS
from bot.text.segment import tokens
from bot.dialog.state import SessionState
from bot.text.geo import Place, find_places, gazetteer
from bot.text.mask import mask_pii
from bot.text.normalise import normalise

# Only what the asker says of their own insurance: 「给娃交居民医保」 is about the child's.
RESIDENT = re.compile(r"(我|本人|自己)[^，。,.!?？]{0,6}(城乡居民|居民医保|新农合|居民医疗保险)|(居民医保|新农合)(卡|账户)")
EMPLOYEE = re.compile(r"(我|本人|自己)[^，。,.!?？]{0,6}(职工医保|职工医疗|职工基本医疗)|单位(给我)?(交|缴)")
FOLLOW_UP = re.compile(
    r"哪里|去哪|哪儿|怎么办|怎么弄|怎么操作|怎么申请|多久|几天|多长时间|材料|要带|带什么|需要什么|流程|手续|步骤|"
    r"入口|网上|线上|手机上|电话|收费|要钱|具体|然后呢|还有呢|能不能|可以吗|行吗|有限制|限额|条件|"
    r"几点|时间|什么时候|有人接|罚多少|会怎样|后果|严重吗|咋整|咋办|怎么整|怎么处理"
)
PLACE_FILLER = re.compile(
    r"[我在是那呢的吗啊呀吧了哦嗯噢额也,，。.!！?？~～\s]|in|参保|工作|上班|生活|现在|住|这边|那边|老家|医保|交的|缴的|"
    r"人|一样|同样|怎么样|如何|的话|换成|改成|换到"
)
# A question form: with a topic in the air, 「原来卡里还有三千多 会清零吗」 asks about it
ASKS = re.compile(r"吗|呢|么|嘛|咋|怎|啥|什么|多少|哪|能不|会不|可以|行不|算不|有没有|是不是|[不没]$|[?？]")
SOMEONE_ELSE = re.compile(r"(他|她|我爸|我妈|爸妈|父母|家人|老人|孩子|儿子|女儿|老公|老婆|爱人|对象|亲戚)[^，。,.?？]{0,3}(在|是)")
ACCOUNT_TOPICS = ("family_sharing", "withdrawal", "balance_query")
HISTORY_TURNS = 10


class Dialog:
    """Turns messages into answers for a session.

    >>> dialog = Dialog(answerer)  # doctest: +SKIP
    >>> state = SessionState("s1")  # doctest: +SKIP
    >>> dialog.handle(state, "医保的钱能取吗").needs_city  # doctest: +SKIP
    True
    >>> dialog.handle(state, "我在菏泽").city  # doctest: +SKIP
    '菏泽'
    """

    def __init__(self, answerer: Answerer) -> None:
        self.answerer = answerer

    def handle(self, state: SessionState, message: str, city_field: str | None = None) -> Answer:
        masking = mask_pii(message)
        masked = masking.text
        text = normalise(masked)
        places = find_places(masked)
        self._update_place(state, places, city_field, text)
        self._update_insurance(state, text)
        answer, subject = self._respond(state, masked, text, places, masking.kinds)
        self._remember(state, masked, answer, subject)
        return answer

    def _respond(
        self, state: SessionState, masked: str, text: str, places: list[Place], pii: tuple[str, ...]
    ) -> tuple[Answer, str]:
        """The answer, and the question it answers (what a later follow-up refers to)."""
        intent = self.answerer.classify(masked)
        if intent.label in ("handoff", "greeting") or (intent.label == "out_of_scope" and intent.certain):
            return self.answerer.canned(intent.label, masked, state.city, state.province, pii), ""
        if intent.is_topic and intent.certain:
            return self._answer(state, masked, intent.label, masked, pii), masked
        waiting = state.pending_question or state.last_question
        if places and waiting and (_only_a_place(masked) or len(text) <= 25):
            # 「我在菏泽」「那青岛呢」「在苏州交的，要回老家了」: a place for the question already asked
            return self._answer(state, waiting, state.topic, waiting, pii), waiting
        if state.topic and state.last_question and _is_follow_up(text):
            query = f"{masked} {state.last_question}"  # 「需要去哪里办」 about what was asked before
            return self._answer(state, masked, state.topic, query, pii), state.last_question
        if intent.label == "out_of_scope":
            return self.answerer.canned("out_of_scope", masked, state.city, state.province, pii), ""
        return self._answer(state, masked, None, masked, pii), masked

    def _answer(self, state: SessionState, question: str, topic: str | None, query: str,
                pii: tuple[str, ...]) -> Answer:
        if state.insurance == "resident" and topic in ACCOUNT_TOPICS:
            answer = self.answerer.answer(question, state.city, state.province, topic="account_basics",
                                          query=f"城乡居民医保 个人账户 {query}", pii=pii)
            # a sharing or withdrawal question keeps its topic (the answer says why not); a balance
            # question from someone without a personal account is about the account itself
            answer.intent = "account_basics" if topic == "balance_query" else topic
            return answer
        answer = self.answerer.answer(question, state.city, state.province, topic=topic, query=query, pii=pii)
        if answer.needs_city:
            answer.suggestions = self.answerer.city_quick_replies(answer.intent) or answer.suggestions
        return answer

    @staticmethod
    def _update_place(state: SessionState, places: list[Place], city_field: str | None, text: str = "") -> None:
        if city_field:
            chosen = find_places(city_field)
        elif state.city is not None and SOMEONE_ELSE.search(text):
            return  # 「他在大连参保的」: the family member's place, not the asker's
        else:
            # where one leaves from, else a place named plainly; where one is going to is not
            # where one is insured, unless nothing else is known
            leaving = [p for p in places if p.role == "from"]
            plain = [p for p in places if p.role is None]
            going = [p for p in places if p.role == "to"] if state.city is None and state.province is None else []
            chosen = leaving or plain or going
        if chosen:
            state.city, state.province = chosen[0].city, chosen[0].province

    @staticmethod
    def _update_insurance(state: SessionState, text: str) -> None:
        if RESIDENT.search(text):
            state.insurance = "resident"
        elif EMPLOYEE.search(text):
            state.insurance = "employee"

    @staticmethod
    def _remember(state: SessionState, masked: str, answer: Answer, subject: str) -> None:
        state.turns += 1
        if answer.status == "answered":
            state.topic = answer.intent
            state.last_question = subject
        if answer.needs_city:
            state.pending_question = subject or answer.question
        elif state.city is not None or state.province is not None:
            state.pending_question = None
        turn = {"user": masked, "bot": answer.text, "intent": answer.intent}
        state.history = (state.history + [turn])[-HISTORY_TURNS:]


def _is_follow_up(text: str) -> bool:
    return bool(FOLLOW_UP.search(text) or ASKS.search(text)) and _leans_on_context(text)


def _leans_on_context(text: str) -> bool:
    """「需要去哪里办」 leans on the earlier question; 「医保门诊特殊病怎么申请」 is a new one."""
    return len(text) <= 8 or (len(text) <= 30 and not DOMAIN_WORDS & set(tokens(text)))


def _only_a_place(masked: str) -> bool:
    """「我在菏泽」「那青岛呢」「菏泽市」: nothing is left once the place and filler words are gone."""
    spans = gazetteer().spans(masked)
    rest = masked
    for start, end, _ in reversed(spans):
        rest = rest[:start] + rest[end:]
    return len(PLACE_FILLER.sub("", rest)) <= 1

