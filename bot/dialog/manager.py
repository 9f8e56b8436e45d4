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
from dataclasses import replace

from bot.answer.compose import Answer, Answerer
from bot.dialog.state import SessionState
from bot.text.geo import find_places, gazetteer
from bot.text.normalise import normalise
from bot.understand.facets import question_facets
from bot.understand.intent import (BINDING_LASTS, DOMAIN_WORDS, MOVE_WORDS, PAYS_FOR_FAMILY, SHARING_WORDS,
                                   TO_FAMILY)
from bot.understand.question import MONEY_IN_A_MOVE, Question, not_covered_subject, relative_province

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
ASKS = re.compile(r"吗|呢|么|嘛|咋|怎|啥|什么|多少|哪|谁|能不|会不|可以|行不|算不|有没有|是不是|还是|[不没]$|[?？]")
SOMEONE_ELSE = re.compile(r"(他|她|我爸|我妈|爸妈|父母|家人|老人|孩子|儿子|女儿|老公|老婆|爱人|对象|亲戚)[^，。,.?？]{0,3}(在|是)")
ACCOUNT_TOPICS = ("family_sharing", "withdrawal", "balance_query")
HISTORY_TURNS = 10
# what the person described that decides every later answer on withdrawing the balance
CARRIED_SITUATIONS = ("bereavement", "army", "emigration")
UNKNOWN_INSURANCE = "unknown"  # an insurance_field that clears what the session remembered


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

    def handle(self, state: SessionState, message: str, city_field: str | None = None, *,
               to_city_field: str | None = None, insurance_field: str | None = None) -> Answer:
        """``city_field``, ``to_city_field`` and ``insurance_field`` are what a person picked or
        corrected on screen; each one given wins over the message, for this turn and the next.
        ``insurance_field`` is "employee", "resident" or "unknown" (forget what was read)."""
        question = self.answerer.understand(message)
        if not (question.intent.label == "out_of_scope" and question.intent.certain) or city_field:
            self._update_place(state, question, city_field)  # 「今天杭州下雨吗」 says nothing of where one is insured
        if to_city_field:
            chosen = find_places(to_city_field)
            if chosen:
                state.to_city = chosen[0].city or chosen[0].province
        if question.insurance:
            state.insurance = question.insurance
        if "retired" in question.cues:
            state.retired = True
        described = [c for c in CARRIED_SITUATIONS if c in question.cues]
        if described:
            state.situation = described[0]
        elif question.intent.certain and question.topic != state.topic:
            state.situation = None  # a new subject: the death or the move abroad was the old one's
        if insurance_field:
            state.insurance = None if insurance_field == UNKNOWN_INSURANCE else insurance_field
        answer, subject = self._respond(state, question)
        answer.message = question.typed or question.masked
        self._remember(state, question.typed or question.masked, answer, subject)
        return answer

    def _respond(self, state: SessionState, q: Question) -> tuple[Answer, str]:
        """The answer, and the question it answers (what a later follow-up refers to)."""
        if q.not_covered and state.last_question and _leans_on_context(q) \
                and not not_covered_subject(f"{state.last_question} {q.text}"):
            # 「我是灵活就业交的 谁去办」 after a withdrawal question: who claims it, not how to pay
            q = replace(q, not_covered=None)
        intent = q.intent
        if intent.label in ("handoff", "greeting") or (intent.label == "out_of_scope" and intent.certain):
            return self.answerer.canned(intent.label, q, state.city, state.province), ""
        if state.last_uncovered and not q.not_covered and not intent.certain and _leans_on_context(q):
            # 「在哪交」 after 「灵活就业怎么交职工医保」: still the subject no article covers
            joined = self.answerer.understand(f"{state.last_uncovered} {q.masked}")
            if joined.not_covered:
                return self._answer(state, joined, None, joined.masked), ""
        if _wallet_follow_up(state, q):
            # 「每天啥时候不能转」 after a 医保钱包 answer: the wallet transfer, not 转移接续
            return (self._answer(state, q, "family_sharing", f"{q.masked} {state.last_question}", state.last_lead),
                    state.last_question)
        if _names_whose_account(state, q) and (waiting := state.pending_question or state.last_question):
            # 「那深圳呢 我老公在深圳交的」 after 「菏泽的yb卡能取钱吗」: the same question, for the husband's place
            return self._answer(state, self._with_place(waiting, q, state), state.topic, waiting), waiting
        if _binding_after_a_move(state, q):
            # 「之前给我妈绑的共济还有效吗」 after 「参保地咋改」: what a change of insured place does to it
            return self._answer(state, q, "insured_place", f"{q.masked} {state.last_question}"), state.last_question
        same_subject = intent.label == state.topic and bool(state.last_question) and _leans_on_context(q)
        if q.not_covered or (intent.is_topic and intent.certain and not same_subject):
            # 「那余额怎么查」: a new subject; 「万一转不过去呢」 after a transfer answer leans on it
            return self._answer(state, q, None, q.masked), q.masked
        waiting = state.pending_question or state.last_question
        only_a_place = bool(q.places) and _only_a_place(q.masked)
        if q.places and waiting and (only_a_place or len(q.text) <= 25):
            if only_a_place or not _asks_its_own(q):
                # 「我在菏泽」「那青岛呢」「在苏州交的，要回老家了」: a place for the question already asked
                return self._answer(state, self._with_place(waiting, q, state), state.topic, waiting), waiting
            if state.topic and state.last_question:
                # 「是去上海办还是回南昌办」「是去东莞医保局办吗 要带啥」: places, and a facet of its own
                q = self._with_place(q.masked, q, state)
                return (self._answer(state, q, state.topic, f"{q.masked} {state.last_question}", state.last_lead),
                        state.last_question)
        if state.to_city and state.last_question and not intent.certain and MONEY_IN_A_MOVE.search(q.text):
            # 「个人账户里还有三千多块钱咋整」 in a conversation about a move: the balance goes along
            q = replace(q, cues=q.cues | {"money_moves"})
            return self._answer(state, q, "transfer", f"{q.masked} {state.last_question}"), state.last_question
        if state.topic and state.last_question and _is_follow_up(q):
            # 「要带什么材料」: this message's facet, for the topic and places the conversation carries;
            # 「那转入这边呢」 asks the earlier question's facet again, for the other end
            query = f"{q.masked} {state.last_question}"
            said = state.last_lead if q.facets else None  # 「那我爸呢」 asks the same again: the same lead may answer
            if state.situation and state.topic == "withdrawal" and q.facet == "yes_no":
                # 「能转到他银行卡上吗」 after 「儿子要去当兵了」: whether a recruit's balance may go
                # there; a follow-up asking how long or what to bring gets that answer, not the case again
                q = replace(q, cues=q.cues | {state.situation})
            if not q.facets:
                q = replace(q, facets=question_facets(normalise(state.last_question)))
            return self._answer(state, q, state.topic, query, said), state.last_question
        if state.topic and state.last_question and intent.label == state.topic and _leans_on_context(q):
            # 「我妈七十多了不会用智能手机」 after 「家庭共济怎么绑定」: a circumstance of the question asked
            q = replace(q, facets=q.facets or question_facets(normalise(state.last_question)))
            joined = f"{q.masked} {state.last_question}"
            return self._answer(state, q, state.topic, joined, state.last_lead), joined
        if intent.label == "out_of_scope":
            return self.answerer.canned("out_of_scope", q, state.city, state.province), ""
        return self._answer(state, q, None, q.masked), q.masked

    def _with_place(self, waiting: str, q: Question, state: SessionState) -> Question:
        """The waiting question, with what this message says of where a family member is
        insured or where one moves (「她在重庆参保」 after 「我在成都 个账能给家里人用不」)."""
        asked = self.answerer.understand(waiting)
        by_place = relative_province(state.province, [p for p in q.places if p.role in ("other", "to")], state.city)
        if not by_place:
            return asked
        places = asked.places + tuple(p for p in q.places if p not in asked.places)
        return replace(asked, places=places, cues=(asked.cues - {"same_province", "other_province"}) | by_place)

    def _answer(self, state: SessionState, q: Question, topic: str | None, query: str, said: str | None = None) -> Answer:
        """``said``: the lead of the answer a follow-up leans on, which it does not repeat."""
        topic = topic or (q.topic if q.intent.certain else None)
        if state.retired and "retired" not in q.cues:
            # 「那他到三亚看病怎么结算」 after 「他在哈尔滨办的退休」: still about a retiree
            q = replace(q, text=f"{q.text}（退休）", cues=q.cues | {"retired"})
        if state.insurance == "resident" and topic in ACCOUNT_TOPICS and not q.not_covered:
            q = replace(q, text=f"城乡居民医保 {q.text}")  # the session is about the resident insurance
            answer = self.answerer.answer(q, state.city, state.province, topic="account_basics",
                                          query=f"城乡居民医保 个人账户 {query}")
            # a sharing or withdrawal question keeps its topic (the answer says why not); a balance
            # question from someone without a personal account is about the account itself
            answer.intent = "account_basics" if topic == "balance_query" else topic
            return answer
        city, province = _whose_rules(state, q)
        answer = self.answerer.answer(q, city, province, topic=topic, query=query, to_city=state.to_city, said=said)
        if answer.needs_city:
            answer.suggestions = self.answerer.city_quick_replies(answer.intent) or answer.suggestions
        return answer

    @staticmethod
    def _update_place(state: SessionState, q: Question, city_field: str | None) -> None:
        if city_field:
            chosen = find_places(city_field)
            if chosen:
                state.city, state.province = chosen[0].city, chosen[0].province
            return
        own = [p for p in q.places if p.role in ("from", None)]
        leaving = [p for p in own if p.role == "from"]
        going = [p for p in q.places if p.role == "to"]
        theirs = [p for p in q.places if p.role == "other"]
        if _names_whose_account(state, q):
            place = next(p for p in q.places if p.role in ("other", None))  # the husband's card: his place
            state.city, state.province = place.city, place.province
            return
        sharing = (q.topic if q.intent.certain else state.topic) == "family_sharing"
        if not sharing and theirs and not own:
            # 「俺娘在菏泽交的医保 人走了 她卡里的钱能取不」: the account asked about is the mother's,
            # so her place is the one whose rules apply
            state.city, state.province = theirs[0].city, theirs[0].province
            state.to_city = (going[0].city or going[0].province) if going else None
            return
        if state.city is not None and SOMEONE_ELSE.search(q.text) and not leaving:
            return  # 「他在大连参保的」: the family member's place, not the asker's
        # where one leaves from, else a place named plainly; where one goes to is not where one
        # is insured
        chosen = leaving or own
        if chosen and not leaving and state.city is not None and state.to_city in (chosen[0].city, chosen[0].province):
            return  # 「那他在厦门看病咋结账」: the place the conversation already knows as where one goes
        if chosen:
            state.city, state.province = chosen[0].city, chosen[0].province
        if going and going[0].city != state.city:
            state.to_city = going[0].city or going[0].province
        elif chosen and state.to_city in (state.city, state.province):
            state.to_city = None  # 「我是哈尔滨的」 keeps where the move goes; one cannot move to where one is

    @staticmethod
    def _remember(state: SessionState, masked: str, answer: Answer, subject: str) -> None:
        state.turns += 1
        state.last_uncovered = answer.question if answer.intent == "not_covered" else None
        if answer.status == "answered":
            state.topic = answer.intent
            state.last_lead = answer.lines[0].text if answer.lines else None
            state.last_question = subject
        if answer.needs_city:
            state.pending_question = subject or answer.question
        elif state.city is not None or state.province is not None:
            state.pending_question = None
        turn = {"user": masked, "bot": answer.text, "intent": answer.intent}
        state.history = (state.history + [turn])[-HISTORY_TURNS:]


def _whose_rules(state: SessionState, q: Question) -> tuple[str | None, str | None]:
    """Where the rules that answer come from: the asker's place, except that the balance of a
    family member who died is claimed under the rules of where that person was insured
    (「俺在北京打工 俺爹在菏泽老家过世了 他卡里的钱咋弄出来」)."""
    theirs = [p for p in q.places if p.role == "other"]
    if "bereavement" in q.cues and theirs:
        return theirs[0].city, theirs[0].province
    return state.city, state.province


def _wallet_follow_up(state: SessionState, q: Question) -> bool:
    return (state.topic == "family_sharing" and bool(state.last_question) and q.topic == "transfer"
            and not MOVE_WORDS.search(q.text) and not q.places and _leans_on_context(q))


def _names_whose_account(state: SessionState, q: Question) -> bool:
    """A short message whose only family words are kin, naming where that person is insured, in a
    conversation about an account question other than sharing: it says whose account, not that
    the money is shared."""
    if state.topic in (None, "family_sharing") or not state.last_question or q.topic != "family_sharing":
        return False
    if SHARING_WORDS & set(q.tokens) or TO_FAMILY.search(q.text) or PAYS_FOR_FAMILY.search(q.text):
        return False
    return len(q.text) <= 25 and any(p.role in ("other", None) for p in q.places)


def _binding_after_a_move(state: SessionState, q: Question) -> bool:
    return (state.topic in ("insured_place", "transfer") and bool(state.last_question) and q.topic == "family_sharing"
            and BINDING_LASTS.search(q.text) is not None)


def _asks_its_own(q: Question) -> bool:
    return bool(set(q.facets) - {"yes_no"})


def _is_follow_up(q: Question) -> bool:
    return bool(FOLLOW_UP.search(q.text) or ASKS.search(q.text) or q.facet) and _leans_on_context(q)


def _leans_on_context(q: Question) -> bool:
    """「需要去哪里办」 leans on the earlier question; 「医保门诊特殊病怎么申请」 is a new one."""
    return len(q.text) <= 8 or (len(q.text) <= 30 and not DOMAIN_WORDS & set(q.tokens))


def _only_a_place(masked: str) -> bool:
    """「我在菏泽」「那青岛呢」「菏泽市」: nothing is left once the place and filler words are gone."""
    spans = gazetteer().spans(masked)
    rest = masked
    for start, end, _ in reversed(spans):
        rest = rest[:start] + rest[end:]
    return len(PLACE_FILLER.sub("", rest)) <= 1

