"""Every core topic answers with a citation, for a city with local articles and one without."""

import pytest

LOCAL = {
    "family_sharing": ("济南", "医保卡里的钱能给家人用吗"),
    "withdrawal": ("菏泽", "医保卡里的钱能取出来吗"),
    "transfer": ("广州", "医保关系转到外省，个人账户余额怎么办"),
    "balance_query": ("济南", "医保余额怎么查"),
}


@pytest.mark.parametrize("topic", sorted(LOCAL))
def test_city_with_local_articles_gets_a_local_citation(answerer, topic):
    city, question = LOCAL[topic]
    answer = answerer.answer(f"{city}{question}")
    assert answer.intent == topic
    assert answer.local_found is True and not answer.text.startswith("暂未收录")
    province = {"济南": "山东", "菏泽": "山东", "广州": "广东"}[city]
    assert any(c.region in (city, province) for c in answer.citations)
    assert "为准" in answer.text.splitlines()[-1]


@pytest.mark.parametrize("topic", sorted(LOCAL))
def test_city_without_local_articles_gets_the_national_rule_and_the_caveat(answerer, topic):
    _, question = LOCAL[topic]
    answer = answerer.answer(f"乌鲁木齐{question}")
    assert answer.intent == topic and answer.citations
    first, *rest = answer.text.splitlines()
    assert first.startswith(answer.lines[0].text)  # the national answer first, then that no local rule was found
    assert any(line.startswith("暂未收录乌鲁木齐") for line in rest)
    assert all(c.region is None for c in answer.citations)
    assert "以当地医保部门规定为准" in answer.text or "为准" in answer.text.splitlines()[-1]
