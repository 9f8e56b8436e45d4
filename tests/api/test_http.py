"""The HTTP API, over a real socket."""

import httpx
import pytest

from bot.api.app import create_app
from tests.conftest import serve_in_thread

TOKEN = "operator-secret"
OPERATOR = {"authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def base_url(built_settings):
    with serve_in_thread(create_app(built_settings.model_copy(update={"admin_token": TOKEN}))) as url:
        yield url


def new_session(base_url) -> str:
    r = httpx.post(f"{base_url}/api/sessions")
    assert r.status_code == 201
    return r.json()["session_id"]


def test_chat_answers_with_citations(base_url):
    r = httpx.post(f"{base_url}/api/chat", json={"session_id": new_session(base_url), "message": "济南医保卡里的钱可以给家人用吗", "city": None})
    assert r.status_code == 200
    body = r.json()
    assert body["intent"] == "family_sharing" and body["city"] == "济南" and body["citations"]
    assert body["citations"][0]["n"] == 1 and "[1]" in body["answer"] and body["turn_id"] >= 1


def test_chat_city_field_steers_the_answer(base_url):
    r = httpx.post(f"{base_url}/api/chat", json={"session_id": new_session(base_url), "message": "医保卡的钱能取出来吗",
                                                 "city": "菏泽"})
    assert r.json()["city"] == "菏泽" and any("菏泽" in c["title"] for c in r.json()["citations"])


@pytest.mark.parametrize(
    "payload, phrase",
    [
        ({"session_id": "t", "message": "   "}, "不能为空"),
        ({"session_id": "t", "message": "医" * 501}, "太长"),
        ({"session_id": "t", "message": 123}, "类型"),
        ({"session_id": "t", "message": "你好", "extra": 1}, "不认识的字段"),
        ({"message": "你好"}, "缺少字段"),
        ({"session_id": "t", "message": "你好", "city": "火星"}, "不认识的城市"),
    ],
)
def test_bad_chat_input_gets_a_clear_4xx(base_url, payload, phrase):
    r = httpx.post(f"{base_url}/api/chat", json=payload)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert phrase in detail["zh"] and detail["en"]


def test_broken_json_is_a_4xx(base_url):
    r = httpx.post(f"{base_url}/api/chat", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "JSON" in r.json()["detail"]["zh"]


def test_search_ranks_and_highlights(base_url):
    r = httpx.get(f"{base_url}/api/search", params={"q": "医保余额查询", "city": "济南", "k": 3})
    hits = r.json()["hits"]
    assert r.status_code == 200 and len(hits) == 3
    assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"]
    assert "<mark>" in hits[0]["highlighted"]


def test_search_escapes_what_it_highlights(base_url):
    r = httpx.get(f"{base_url}/api/search", params={"q": "<script>医保</script>"})
    assert all("<script>" not in h["highlighted"] for h in r.json()["hits"])


def test_unknown_session_id_is_refused_and_stores_nothing(base_url):
    for path in ("/api/chat", "/api/assist"):
        r = httpx.post(f"{base_url}{path}", json={"session_id": "made-up-id", "message": "医保余额怎么查"})
        assert r.status_code == 404 and "POST /api/sessions" in r.json()["detail"]["en"]
        assert "会话" in r.json()["detail"]["zh"]
    assert httpx.get(f"{base_url}/api/sessions/made-up-id", headers=OPERATOR).status_code == 404


def test_issued_session_ids_are_distinct_and_unguessable(base_url):
    ids = {new_session(base_url) for _ in range(20)}
    assert len(ids) == 20 and all(len(i) >= 24 for i in ids)


def chat(base_url, session, message, city=None):
    r = httpx.post(f"{base_url}/api/chat", json={"session_id": session, "message": message, "city": city})
    assert r.status_code == 200, r.text
    return r.json()


def test_a_conversation_over_http(base_url):
    conv = new_session(base_url)
    first = chat(base_url, conv, "医保的钱能取吗")
    assert first["needs_city"] is True and first["intent"] == "withdrawal"
    second = chat(base_url, conv, "我在菏泽")
    assert second["city"] == "菏泽" and second["intent"] == "withdrawal" and second["needs_city"] is False
    third = chat(base_url, conv, "那青岛呢")
    assert third["city"] == "青岛" and third["intent"] == "withdrawal"
    fourth = chat(base_url, conv, "那余额怎么查?")
    assert fourth["city"] == "青岛" and fourth["intent"] == "balance_query"
    fifth = chat(base_url, conv, "需要去哪里办")
    assert fifth["city"] == "青岛" and fifth["intent"] == "balance_query" and fifth["citations"]
    turns = httpx.get(f"{base_url}/api/sessions/{conv}", headers=OPERATOR).json()["turns"]
    assert [t["message"] for t in turns] == ["医保的钱能取吗", "我在菏泽", "那青岛呢", "那余额怎么查?", "需要去哪里办"]


def test_sessions_do_not_mix(base_url):
    a, b = new_session(base_url), new_session(base_url)
    chat(base_url, a, "济南医保余额怎么查")
    chat(base_url, b, "菏泽医保能给家人用吗")
    assert chat(base_url, a, "需要去哪里办")["city"] == "济南"
    assert chat(base_url, b, "需要带什么材料")["city"] == "菏泽"


def test_personal_data_is_masked_in_answer_and_storage(base_url):
    session = new_session(base_url)
    body = chat(base_url, session, "我手机13812345678，身份证370102199001011234，医保余额怎么查")
    assert "13812345678" not in str(body) and "已隐藏" in body["answer"]
    stored = httpx.get(f"{base_url}/api/sessions/{session}", headers=OPERATOR).text
    assert "13812345678" not in stored and "370102199001011234" not in stored and "[手机号]" in stored


def test_feedback_is_stored_against_the_answer(base_url):
    session = new_session(base_url)
    body = chat(base_url, session, "医保卡余额怎么查")
    r = httpx.post(f"{base_url}/api/feedback",
                   json={"session_id": session, "turn_id": body["turn_id"], "helpful": True, "comment": "清楚"})
    assert r.status_code == 201
    r = httpx.post(f"{base_url}/api/feedback", json={"session_id": "nobody", "turn_id": 1, "helpful": True})
    assert r.status_code == 404 and r.json()["detail"]["en"].startswith("Unknown session_id")
    r = httpx.post(f"{base_url}/api/feedback", json={"session_id": session, "turn_id": 10**6, "helpful": True})
    assert r.status_code == 404
    r = httpx.post(f"{base_url}/api/feedback", json={"session_id": session, "turn_id": 1, "helpful": "yes"})
    assert r.status_code == 422


def test_unknown_session_is_a_404(base_url):
    r = httpx.get(f"{base_url}/api/sessions/never-seen", headers=OPERATOR)
    assert r.status_code == 404 and "会话" in r.json()["detail"]["zh"]


def test_unanswerable_questions_are_listed_for_editors(base_url):
    body = chat(base_url, new_session(base_url), "医保门诊特殊病怎么申请")
    assert body["answer"].startswith("这个问题我还没有可靠的资料") and body["citations"] == [], body["answer"]
    listed = httpx.get(f"{base_url}/api/unanswered", headers=OPERATOR).json()
    assert any(item["question"] == "医保门诊特殊病怎么申请" for item in listed)


def test_handover_is_recorded(base_url):
    session = new_session(base_url)
    chat(base_url, session, "济南医保余额怎么查")
    body = chat(base_url, session, "转人工")
    assert body["intent"] == "handoff" and "12393" in body["answer"]
    assert any(h["session_id"] == session for h in httpx.get(f"{base_url}/api/handoffs", headers=OPERATOR).json())


@pytest.mark.parametrize("path", ["/api/unanswered", "/api/handoffs", "/api/sessions/anything"])
def test_operator_views_need_the_token(base_url, path):
    assert httpx.get(f"{base_url}{path}").status_code == 401
    assert httpx.get(f"{base_url}{path}", headers={"authorization": "Bearer wrong"}).status_code == 401


def test_operator_views_are_off_without_a_configured_token(built_settings):
    with serve_in_thread(create_app(built_settings)) as url:
        r = httpx.get(f"{url}/api/unanswered", headers={"authorization": "Bearer anything"})
        assert r.status_code == 404 and "BOT_ADMIN_TOKEN" in r.json()["detail"]["en"]


def test_openapi_documents_every_endpoint(base_url):
    paths = httpx.get(f"{base_url}/openapi.json").json()["paths"]
    for path in ("/api/sessions", "/api/chat", "/api/search", "/api/feedback", "/api/unanswered",
                 "/api/sessions/{session_id}"):
        assert path in paths


def test_health(base_url):
    assert httpx.get(f"{base_url}/healthz").json()["status"] == "ok"


def test_assist_gives_facts_script_warnings_and_sources(base_url):
    r = httpx.post(f"{base_url}/api/assist", json={"session_id": new_session(base_url),
                                                     "message": "有人收医保卡余额打八折，能卖吗", "city": None})
    body = r.json()
    assert r.status_code == 200 and body["intent"] == "fraud" and body["facts"] and body["citations"]
    assert "[1]" not in body["script"] and body["script"]
    assert any("套现" in w for w in body["warnings"])
    assert all(set(f) == {"text", "refs"} for f in body["facts"])


def test_suggest_completes_what_is_typed(base_url):
    items = httpx.get(f"{base_url}/api/suggest", params={"q": "医保卡余额"}).json()
    assert items and all("余额" in i for i in items[:3])
    assert httpx.get(f"{base_url}/api/suggest", params={"q": ""}).json() == []


def test_search_filters_by_topic(base_url):
    hits = httpx.get(f"{base_url}/api/search", params={"q": "医保", "topic": "transfer", "k": 5}).json()["hits"]
    assert hits and all("转" in h["title"] or "参保" in h["title"] or "退休" in h["title"] for h in hits)
    assert httpx.get(f"{base_url}/api/search", params={"q": "医保", "topic": "pension"}).status_code == 422


def test_chat_gives_both_ends_of_a_move_and_the_masked_message(base_url):
    sid = new_session(base_url)
    r = httpx.post(f"{base_url}/api/chat", json={"session_id": sid, "message": "从郑州调到杭州工作 医保怎么转 电话13812345678",
                                                   "city": None})
    body = r.json()
    assert r.status_code == 200 and body["intent"] == "transfer"
    assert (body["city"], body["to_city"]) == ("郑州", "杭州")
    assert "13812345678" not in body["message"] and "[手机号]" in body["message"]
    follow = httpx.post(f"{base_url}/api/chat", json={"session_id": sid, "message": "多久能办好", "city": None}).json()
    assert follow["to_city"] == "杭州" and "工作日" in follow["answer"].splitlines()[0]


def test_chat_without_a_to_city_says_null(base_url):
    body = httpx.post(f"{base_url}/api/chat", json={"session_id": new_session(base_url), "message": "济南医保卡余额怎么查",
                                                      "city": None}).json()
    assert body["to_city"] is None and body["city"] == "济南"


def test_assist_script_is_for_the_phone_and_warnings_fit_the_call(base_url):
    def assist(message):
        return httpx.post(f"{base_url}/api/assist", json={"session_id": new_session(base_url), "message": message,
                                                            "city": None}).json()

    bereaved = assist("婆婆前阵子过世了 她医保卡里还剩些钱")
    assert not any("冒名" in w or "套现" in w for w in bereaved["warnings"])
    assert "继承" in bereaved["script"] and "处罚" not in bereaved["script"]
    assert "告诉我" not in bereaved["script"] and "[" not in bereaved["script"]
    lending = assist("我能把医保卡借给我朋友去药店买药吗")
    assert any("冒名就医" in w for w in lending["warnings"])
    move = assist("从郑州调到杭州工作 医保怎么转")
    assert (move["city"], move["to_city"]) == ("郑州", "杭州") and "杭州是转入地" in move["script"]
    uncovered = assist("办理退休了医保还要缴费吗")
    assert not uncovered["citations"] and "12393" in uncovered["script"]


def test_assist_takes_the_agents_corrections_and_the_session_keeps_them(base_url):
    sid = new_session(base_url)

    def assist(message, **fields):
        r = httpx.post(f"{base_url}/api/assist", json={"session_id": sid, "message": message, **fields})
        assert r.status_code == 200, r.text
        return r.json()

    asked = "我爸在济南，能用我的医保卡开药吗？"
    first = assist(asked)
    assert first["city"] is None and first["insurance"] is None
    fixed = assist(asked, city="济南", insurance="resident")
    assert (fixed["city"], fixed["insurance"], fixed["intent"]) == ("济南", "resident", "family_sharing")
    later = assist("需要去哪里办")  # no fields: what the agent corrected still holds
    assert (later["city"], later["insurance"]) == ("济南", "resident")
    move = assist("从郑州调到杭州工作 医保怎么转", to_city="上海市")
    assert (move["city"], move["to_city"]) == ("郑州", "上海") and "上海是转入地" in move["script"]
    assert assist("那要多久", insurance="unknown")["insurance"] is None
    employee = assist("我是城乡居民医保 余额能取吗", insurance="employee")  # the agent's word wins over the message
    assert employee["insurance"] == "employee"


@pytest.mark.parametrize("fields, zh, en", [
    ({"to_city": "火星"}, "不认识的城市：火星", "Unknown city"),
    ({"to_city": "13812345678"}, "不认识的城市", "Unknown city"),
    ({"insurance": "职工"}, "insurance", "insurance"),
    ({"insurance": 1}, "insurance", "insurance"),
    ({"to_city": "济" * 21}, "to_city", "to_city"),
])
def test_assist_refuses_an_unknown_correction_in_both_languages(base_url, fields, zh, en):
    r = httpx.post(f"{base_url}/api/assist", json={"session_id": new_session(base_url), "message": "医保怎么转", **fields})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert zh in detail["zh"] and en in detail["en"] and "13812345678" not in r.text


@pytest.mark.parametrize("message, topic", [("你好", "问候"), ("转人工", "转人工"), ("今天杭州下雨吗", "不在服务范围"),
                                            ("办理退休了医保还要缴费吗", "资料未覆盖"), ("有人收医保卡余额打八折，能卖吗", "冒名就医和套现")])
def test_assist_names_every_topic_in_chinese(base_url, message, topic):
    body = httpx.post(f"{base_url}/api/assist", json={"session_id": new_session(base_url), "message": message}).json()
    assert body["topic"] == topic


def test_search_hits_carry_their_article_and_a_reader_facing_heading(base_url):
    hits = httpx.get(f"{base_url}/api/search", params={"q": "家庭共济", "k": 8}).json()["hits"]
    assert hits and all(h["passage_id"].startswith(h["article_id"] + "#") for h in hits)
    for hit in hits:
        assert hit["section_heading"] == (None if hit["heading"] == "一句话回答" else hit["heading"])


@pytest.mark.parametrize("query", ["天气预报", "今天股票怎么样"])
def test_search_says_when_nothing_is_relevant(base_url, query):
    body = httpx.get(f"{base_url}/api/search", params={"q": query}).json()
    assert body["hits"] == [] and body["no_match"] is True and body["no_match_reason"]
    assert body["direct_answer"] is None


@pytest.mark.parametrize("params", [{"q": "医保 提取"}, {"q": "余额 查询"}, {"q": "家庭共济"},
                                    {"q": "深圳 医保 提取"}, {"q": "医保 提取", "city": "深圳", "topic": "withdrawal"}])
def test_ordinary_searches_still_find_passages(base_url, params):
    body = httpx.get(f"{base_url}/api/search", params=params).json()
    assert body["hits"] and body["no_match"] is False and body["no_match_reason"] is None


def test_popular_offers_corpus_questions_never_what_people_typed(base_url, built_settings):
    from bot.corpus.loader import load_corpus

    typed = "济南医保卡里的钱可以给家人用吗 我叫张小明"
    for _ in range(3):  # the same article answers often enough to be popular
        httpx.post(f"{base_url}/api/chat", json={"session_id": new_session(base_url), "message": typed, "city": None})
    questions = httpx.get(f"{base_url}/api/popular").json()
    assert len(questions) >= 6 and len(set(questions)) == len(questions)
    corpus_questions = {q for a in load_corpus(built_settings.corpus_dir) for q in a.questions}
    assert all(q in corpus_questions for q in questions) and not any("张小明" in q for q in questions)
    assert "济南医保卡的钱能给家里人用吗" in questions  # the popular article's own first question
    assert httpx.get(f"{base_url}/api/popular", params={"limit": 3}).json() == questions[:3]


def test_an_article_as_json(base_url):
    r = httpx.get(f"{base_url}/api/articles/fs-jinan")
    assert r.status_code == 200
    article = r.json()
    assert article["id"] == "fs-jinan" and article["title"] == "济南医保卡里的钱能给家人用吗"
    assert (article["city"], article["province"], article["place"]) == ("济南", "山东", "济南")
    assert article["source"].startswith("社保网") and "note" not in article
    assert article["date"] is None or len(article["date"]) == 10
    assert article["url"] is None or article["url"].startswith(("http://", "https://"))
    sections = article["sections"]
    assert sections[0]["heading"] is None and "家庭共济" in sections[0]["text"]
    assert [s["heading"] for s in sections[1:3]] == ["谁能用", "能付什么"]
    assert "济南医保卡的钱能给家里人用吗" in article["questions"]
    national = httpx.get(f"{base_url}/api/articles/fs-national-who-what").json()
    assert national["place"] == "全国" and national["city"] is None


@pytest.mark.parametrize("article_id", ["no-such-article", "FS-JINAN", "x", "fs-jinan%0A", "..%2Fmanifest.json",
                                        "fs_jinan", "a" * 82])
def test_an_unknown_or_malformed_article_id_is_a_404(base_url, article_id):
    for path in (f"/api/articles/{article_id}", f"/articles/{article_id}"):
        r = httpx.get(f"{base_url}{path}")
        assert r.status_code == 404, path
        detail = r.json()["detail"]
        assert detail["zh"] and detail["en"]


def test_an_article_page_is_served_for_a_known_id(base_url):
    r = httpx.get(f"{base_url}/articles/fs-jinan")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<script src="/static/article.js"></script>' in r.text
    paths = httpx.get(f"{base_url}/openapi.json").json()["paths"]
    assert "/api/articles/{article_id}" in paths and "/api/popular" in paths
