"""Cited answers, as a person asking would read them."""

import re

from bot.answer.compose import Answerer
from bot.text.sentences import split_sentences


def cited_numbers(text):
    return {int(n) for n in re.findall(r"\[(\d+)\]", text)}


def test_jinan_family_sharing_answer_cites_the_jinan_article(answerer: Answerer):
    answer = answerer.answer("济南医保卡里的钱可以给家人用吗")
    assert answer.intent == "family_sharing" and answer.city == "济南"
    assert "家庭共济" in answer.text
    assert any(c.region == "济南" for c in answer.citations)
    assert cited_numbers(answer.text) == {c.n for c in answer.citations}
    assert "济南" in answer.text.splitlines()[-1] and "12393" in answer.text


def test_every_line_holds_a_sentence_of_the_article_it_cites(answerer, index):
    answer = answerer.answer("医保个人账户的钱能取出来吗")
    texts = {}
    for p in index.passages:
        texts.setdefault(p.title, []).append(p.text)
    for line in answer.lines:
        for n in line.refs:
            title = next(c.title for c in answer.citations if c.n == n)
            # a lead may join two sentences of the article (the direct answer and the case asked)
            article = "\n".join(texts[title])
            assert all(sentence in article for sentence in split_sentences(line.text)), line.text


def test_city_without_local_article_says_so_after_the_national_rule(answerer):
    answer = answerer.answer("医保的钱能取出来吗", city="乌鲁木齐", province="新疆")
    lines = answer.text.splitlines()
    assert lines[0].startswith(answer.lines[0].text)  # the answer leads, not the notice
    assert [line for line in lines if line.startswith("暂未收录乌鲁木齐")] == [lines[-2]]
    assert "全国通行做法" in answer.text and "乌鲁木齐" in answer.text.splitlines()[-1]
    assert answer.citations and all(c.region is None for c in answer.citations)


def test_question_without_city_asks_for_it(answerer):
    answer = answerer.answer("换城市工作医保怎么转")
    assert answer.intent == "transfer" and answer.needs_city
    assert "哪个城市" in answer.text


def test_out_of_scope_gets_a_polite_refusal_without_citations(answerer):
    for question in ("今天天气怎么样", "帮我写一首诗", "养老金什么时候涨"):
        answer = answerer.answer(question)
        assert answer.intent == "out_of_scope" and answer.citations == []
        assert "12393" in answer.text


def test_greeting(answerer):
    answer = answerer.answer("你好")
    assert answer.intent == "greeting" and answer.citations == [] and answer.suggestions


def test_personal_numbers_are_masked_and_the_user_is_warned(answerer):
    answer = answerer.answer("我身份证370102199001011234，手机13812345678，医保余额怎么查")
    blob = answer.render_full() + str(answer.as_chat_dict("s"))
    assert "370102199001011234" not in blob and "13812345678" not in blob
    assert "已隐藏" in answer.text


def test_json_follows_the_chat_contract(answerer):
    data = answerer.answer("医保卡余额怎么查", city="济南", province="山东").as_chat_dict("abc")
    assert set(data) == {"session_id", "message", "answer", "intent", "city", "to_city", "citations", "suggestions",
                         "needs_city"}
    assert set(data["citations"][0]) == {"n", "title", "source", "date", "url", "snippet", "reviewed"}
    assert data["citations"][0]["reviewed"] is True  # the shipped corpus is vetted
    assert data["session_id"] == "abc" and data["city"] == "济南" and data["needs_city"] is False
    assert 1 <= len(data["suggestions"]) <= 3


def test_full_text_lists_numbered_sources(answerer):
    full = answerer.answer("菏泽医保卡的钱能给家人用吗").render_full()
    assert "来源：[1]" in full and "菏泽" in full and "您还可以问" in full


def test_the_intent_models_fast_prediction_equals_scikit_learns(answerer):
    model = answerer.intent_model
    for text in ("医保卡的钱能给我妈用吗", "asdf", "今天天气", "我从济南调到深圳医保咋弄", ""):
        fast, slow = model.probabilities(text), model.probabilities_slow(text)
        assert fast.keys() == slow.keys()
        assert all(abs(fast[k] - slow[k]) < 1e-9 for k in fast)


def test_a_two_class_intent_model_predicts_like_scikit_learn_too():
    from bot.understand.intent_model import IntentModel

    model = IntentModel([("医保怎么转移", "transfer"), ("换城市医保怎么转", "transfer"), ("今天天气", "out_of_scope")])
    assert len(model.labels) == 2
    for text in ("医保转移要多久", "今天天气"):
        fast, slow = model.probabilities(text), model.probabilities_slow(text)
        assert all(abs(fast[k] - slow[k]) < 1e-9 for k in fast)


def test_phrasings_teach_retrieval_but_are_never_offered(answerer):
    bank = answerer.questions
    phrasings = [q for q in bank.items if not q.shown]
    assert len(phrasings) > 500
    found = 0
    for item in phrasings[::25]:
        hits = answerer.retriever.run(item.text, top_k=3)
        found += item.article_id in {h.passage.article_id for h in hits}
        assert all(n.shown for n in bank.nearest(item.text, k=3))
    assert found >= 0.8 * len(phrasings[::25])
    assert not {q.text for q in phrasings} & set(bank.shown())
