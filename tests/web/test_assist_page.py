"""The hotline agent's screen (/assist) in headless Chromium: a clean screen for each call, the
keyboard, correcting places and insurance, errors that replace the results, and the layout.

Screenshots after an analysis: test-artifacts/screenshots/assist-desktop.png and assist-phone.png.
"""

from playwright.sync_api import expect

from bot.api.app import create_app
from tests.conftest import serve_in_thread
from tests.web.conftest import DESKTOP, PHONE, SHOTS, new_page

ASSIST = "**/api/assist"
CLIPBOARD = ["clipboard-read", "clipboard-write"]


def open_assist(browser, site, viewport=DESKTOP, **options):
    """The page, with the bodies it posts to /api/assist and the CSP refusals it logs."""
    page = new_page(browser, site, viewport, **options)
    page.set_default_timeout(10_000)
    page.sent = []
    page.refused = []
    page.on("request", lambda r: page.sent.append(r.post_data_json) if r.url.endswith("/api/assist") else None)
    page.on("console", lambda m: page.refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{site}/assist")
    return page


def analyse(page, text, key="Enter"):
    """Type what the caller says, press ``key`` in the text box; returns the server's answer."""
    page.fill("#caller", text)
    with page.expect_response(ASSIST) as response:
        page.press("#caller", key)
    expect(page.locator("#status")).to_contain_text("已分析")
    return response.value.json()


def correct(page, action):
    """Do ``action`` on the place fields and wait for the re-analysis; returns the server's answer."""
    with page.expect_response(ASSIST) as response:
        action()
    expect(page.locator("#status")).to_contain_text("已分析")
    return response.value.json()


def expect_clean(page):
    for hidden in ("#panel", "#notice", "#to-city-box"):
        expect(page.locator(hidden)).to_be_hidden()
    for items in ("#facts li", "#script p", "#warnings li", "#sources li", "#turns li"):
        expect(page.locator(items)).to_have_count(0)
    for empty in ("#topic", "#copied"):
        expect(page.locator(empty)).to_have_text("")
    expect(page.locator("#f-city")).to_have_value("")
    expect(page.locator("#f-to-city")).to_have_value("")
    expect(page.locator("#f-insurance")).to_have_value("unknown")
    expect(page.locator("#caller")).to_have_value("")


# 1. a new call starts from a clean screen

def test_a_new_call_starts_from_a_clean_screen(browser, site):
    page = open_assist(browser, site, permissions=CLIPBOARD)
    expect(page.locator("#panel")).to_be_hidden()  # no empty panel before the first call
    analyse(page, "从郑州调到杭州工作 医保怎么转 电话13812345678")
    expect(page.locator("#f-to-city")).to_have_value("杭州")
    page.click("#copy")
    expect(page.locator("#copied")).to_have_text("已复制")

    page.click("#new-call")
    expect(page.locator("#status")).to_have_text("已开始新来电")
    expect(page.locator("#caller")).to_be_focused()
    expect_clean(page)
    expect(page.locator("#reanalyse")).to_be_disabled()

    second = analyse(page, "医保卡余额怎么查")
    assert page.sent[1]["session_id"] != page.sent[0]["session_id"]  # a fresh conversation
    assert second["city"] is None and "city" not in page.sent[1]  # nothing of the last caller's places
    expect(page.locator("#turns li")).to_have_count(1)
    assert page.errors == [] and page.refused == []


def test_an_answer_for_the_last_caller_never_lands_on_the_new_call(browser, site):
    page = open_assist(browser, site)
    held = []
    page.route(ASSIST, lambda route: held.append(route))  # the answer is held back until the agent has moved on
    page.fill("#caller", "济南医保卡里的钱能给家人用吗")
    page.press("#caller", "Enter")
    for _ in range(250):
        if held:
            break
        page.wait_for_timeout(20)
    assert held, "Enter sent nothing"
    page.click("#new-call")
    with page.expect_response(ASSIST):
        held[0].continue_()
    page.wait_for_timeout(300)
    expect_clean(page)
    expect(page.locator("#status")).to_have_text("已开始新来电")


# 2. the keyboard: Enter analyses, Shift+Enter is a new line; results are focused and announced

def test_enter_analyses_and_the_results_are_focused_and_announced(browser, site):
    page = open_assist(browser, site)
    page.click("#caller")
    page.keyboard.type("医保卡里的钱")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("济南能给家人用吗")
    expect(page.locator("#caller")).to_have_value("医保卡里的钱\n济南能给家人用吗")
    assert page.sent == []
    expect(page.locator("#panel")).to_be_hidden()

    with page.expect_response(ASSIST):
        page.keyboard.press("Enter")
    status = page.get_by_role("status").filter(has_text="已分析")
    expect(status).to_have_text("已分析：家庭共济，参保城市 济南")
    expect(status).to_have_id("status")
    expect(page.locator("#h-result")).to_be_focused()
    expect(page.locator("#h-result")).to_have_attribute("tabindex", "-1")

    page.fill("#caller", "那青岛呢")
    page.locator("#caller").focus()
    with page.expect_response(ASSIST):
        page.keyboard.press("Control+Enter")
    expect(page.locator("#status")).to_have_text("已分析：家庭共济，参保城市 青岛")
    expect(page.locator("#h-result")).to_be_focused()
    assert page.errors == []


# 3. places and insurance shown as fields the agent corrects; the call's turns

def test_the_agent_corrects_the_city_and_insurance_and_sees_the_call_so_far(browser, site):
    page = open_assist(browser, site)
    asked = "我爸在济南，能用我的医保卡开药吗？电话13812345678"
    first = analyse(page, asked)
    assert first["city"] is None  # 济南 is where the father is, not necessarily the caller
    expect(page.locator("#f-city")).to_have_value("")
    expect(page.locator("#f-insurance")).to_have_value("unknown")
    expect(page.locator("#to-city-box")).to_be_hidden()

    page.fill("#f-city", "济南")
    fixed = correct(page, lambda: page.press("#f-city", "Enter"))
    assert page.sent[-1]["message"] == asked and page.sent[-1]["city"] == "济南"
    assert fixed["city"] == "济南"
    expect(page.locator("#status")).to_have_text("已分析：家庭共济，参保城市 济南")
    expect(page.locator("#f-city")).to_have_value("济南")
    expect(page.locator("#turns li")).to_have_count(1)  # a correction is the same turn, not a new one

    resident = correct(page, lambda: page.select_option("#f-insurance", "resident"))
    assert page.sent[-1]["insurance"] == "resident" and resident["insurance"] == "resident"
    expect(page.locator("#status")).to_contain_text("居民医保")
    expect(page.locator("#f-insurance")).to_have_value("resident")

    move = analyse(page, "从郑州调到杭州工作 医保怎么转")
    assert set(page.sent[-1]) == {"session_id", "message"}  # a new sentence: the caller's words decide
    assert move["insurance"] == "resident"  # the session remembers the correction
    expect(page.locator("#f-city")).to_have_value("郑州")
    expect(page.locator("#to-city-box")).to_be_visible()
    expect(page.get_by_label("转入城市")).to_have_value("杭州")
    page.get_by_label("转入城市").fill("上海")
    moved = correct(page, lambda: page.click("#reanalyse"))
    assert page.sent[-1]["to_city"] == "上海" and moved["to_city"] == "上海"
    expect(page.locator("#status")).to_contain_text("转入城市 上海")
    expect(page.locator("#script")).to_contain_text("上海是转入地")
    expect(page.locator("#f-to-city")).to_have_value("上海")

    turns = page.locator("#turns li")
    expect(turns).to_have_count(2)  # newest last, each with its topic, personal numbers masked
    expect(turns.nth(0)).to_contain_text("家庭共济")
    expect(turns.nth(0)).to_contain_text("[手机号]")
    expect(turns.nth(1)).to_contain_text("医保关系转移接续")
    expect(turns.nth(1)).to_contain_text("从郑州调到杭州工作")
    expect(turns.nth(1)).to_have_attribute("aria-current", "true")
    assert "13812345678" not in page.inner_text("#panel")
    assert page.errors == []


# 4. errors replace the results; every label is Chinese

def refuse(page, status, headers=None):
    page.route(ASSIST, lambda route: route.fulfill(status=status, headers=headers or {},
                                                   json={"detail": {"zh": "出错了。", "en": "Failed."}}))


def expect_notice(page, text):
    expect(page.locator("#notice")).to_have_text(text)
    expect(page.locator("#notice")).to_be_visible()
    expect(page.locator("#panel")).to_be_hidden()
    expect(page.locator("#facts li")).to_have_count(0)
    expect(page.locator("#sources li")).to_have_count(0)
    expect(page.locator("#script p")).to_have_count(0)


def fail_once(page, setup, text):
    """A good analysis on screen, then a refused one: the notice replaces the results."""
    analyse(page, "济南医保卡余额怎么查")
    setup()
    page.fill("#caller", "那青岛呢")
    page.press("#caller", "Enter")
    expect_notice(page, text)
    page.unroute(ASSIST)


def test_errors_replace_the_results_with_a_notice(browser, site):
    page = open_assist(browser, site)
    fail_once(page, lambda: refuse(page, 429, {"Retry-After": "7"}), "请求太频繁，结果已清空，请 7 秒后重试")
    fail_once(page, lambda: refuse(page, 500), "服务暂时不可用，结果已清空，请稍后重试")
    fail_once(page, lambda: refuse(page, 503, {"Retry-After": "30"}), "服务暂时不可用，结果已清空，请 30 秒后重试")
    fail_once(page, lambda: refuse(page, 404), "找不到服务（404），结果已清空，请稍后重试或联系管理员")
    fail_once(page, lambda: page.route(ASSIST, lambda route: route.abort("connectionrefused")),
              "连不上服务，结果已清空，请检查网络后重试")
    analyse(page, "济南医保卡余额怎么查")
    expect(page.locator("#notice")).to_be_hidden()  # a good answer puts the results back

    page.fill("#f-city", "火星")
    page.click("#reanalyse")
    expect_notice(page, "不认识的城市：火星。结果已清空，请改正后重试")
    assert page.errors == []


def test_a_stopped_server_clears_the_results(browser, built_settings, tmp_path):
    settings = built_settings.model_copy(update={"db_path": tmp_path / "stopping.sqlite3"})
    with serve_in_thread(create_app(settings)) as url:
        page = open_assist(browser, url)
        analyse(page, "济南医保卡余额怎么查")
    page.fill("#caller", "那青岛呢")
    page.press("#caller", "Enter")
    expect_notice(page, "连不上服务，结果已清空，请检查网络后重试")


def test_topics_without_an_article_have_chinese_names(browser, site):
    page = open_assist(browser, site)
    for message, name in (("你好", "问候"), ("转人工", "转人工"), ("今天杭州下雨吗", "不在服务范围"),
                          ("办理退休了医保还要缴费吗", "资料未覆盖")):
        analyse(page, message)
        expect(page.locator("#topic")).to_have_text(f"主题：{name}")
        expect(page.locator("#status")).to_contain_text(f"已分析：{name}")
    expect(page.locator("#turns .tag")).to_have_text(["问候", "转人工", "不在服务范围", "资料未覆盖"])
    expect(page.locator("#no-sources")).to_be_visible()  # 资料未覆盖: nothing to cite, and it says so
    expect(page.locator("#facts-card")).to_be_hidden()
    expect(page.locator("#script")).to_contain_text("12393")


# 5. the layout: facts once, warnings as large as they are, sources in view; the copy button

def test_analysis_shows_facts_once_warnings_and_sources_in_view_and_copies(browser, site):
    page = open_assist(browser, site, permissions=CLIPBOARD)
    page.fill("#caller", "我爸在济南，能用我的医保卡开药吗？我身份证370102199001011234")
    with page.expect_response(ASSIST) as response:
        page.click("#assist-form button[type=submit]")
    data = response.value.json()
    expect(page.locator("#panel")).to_be_visible()
    assert page.locator("#facts li").count() == len(data["facts"]) >= 1
    warnings = page.inner_text("#warnings")
    assert "冒名就医" in warnings and "个人信息" in warnings
    assert "370102199001011234" not in page.content()

    script = page.inner_text("#script")
    assert script and "[1]" not in script
    for fact in data["facts"]:
        assert fact["text"] not in script  # read from 要点, not twice
    n = len(data["facts"])
    expect(page.locator("#script .read-facts")).to_have_text("→ 读「要点」第 1 条" if n == 1 else f"→ 逐条读「要点」第 1–{n} 条")
    page.click("#copy")
    expect(page.locator("#copied")).to_have_text("已复制")
    assert page.evaluate("navigator.clipboard.readText()") == data["script"]  # the whole script, facts included
    expect(page.locator("#caller")).to_have_value(data["message"])  # the ID number is masked in the box too
    assert "[身份证号]" in data["message"]

    expect(page.locator("#sources li").first).to_be_in_viewport(ratio=1)  # 1280×820, no scrolling
    card = page.locator("#warn-card").bounding_box()
    items = page.locator("#warnings").bounding_box()
    assert card["y"] + card["height"] - (items["y"] + items["height"]) < 32  # no empty space below the warnings
    page.screenshot(path=str(SHOTS / "assist-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    expect(page.locator("#panel")).to_be_visible()
    warn, facts = page.locator("#warn-card").bounding_box(), page.locator("#facts-card").bounding_box()
    assert warn["y"] < facts["y"]  # one column on a phone, the warnings first
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SHOTS / "assist-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)

    analyse(page, "济南医保卡里的钱能给家人用吗")  # nothing to warn about: no warning card at all
    expect(page.locator("#warn-card")).to_be_hidden()
    expect(page.locator("#sources li").first).to_be_in_viewport(ratio=1)
    assert page.errors == [] and page.refused == []


def test_a_source_without_a_date_says_so(browser, site):
    page = open_assist(browser, site)

    def undated(route):
        response = route.fetch()
        body = response.json()
        for citation in body["citations"]:
            citation["date"] = None
        route.fulfill(response=response, json=body)

    page.route(ASSIST, undated)
    data = analyse(page, "济南医保卡余额怎么查")
    assert data["citations"] and all(c["date"] is None for c in data["citations"])
    source = page.locator("#sources li button").first
    expect(source).to_contain_text("（日期不详）")
    source.click()
    expect(page.locator("#cite-meta")).to_contain_text("日期不详")
    expect(page.locator("#cite-meta")).not_to_contain_text("null")
    page.click("#cite-close")
    page.unroute(ASSIST)
    dated = analyse(page, "济南医保卡余额怎么查")
    expect(page.locator("#sources li button").first).to_contain_text(f"（{dated['citations'][0]['date'] or '日期不详'}）")
