"""The FAQ search page (/search) and the article pages (/articles/{id}) in headless Chromium.

Screenshots: search-phone.png, search-desktop.png, article-phone.png and article-desktop.png in
test-artifacts/screenshots/.
"""

import re
import shutil
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from bot.api.app import create_app
from bot.index.build import build_index
from tests.conftest import CORPUS, fast_settings, serve_in_thread
from tests.web.conftest import DESKTOP, PHONE, SHOTS, new_page

INTERNAL_LABELS = ("一句话回答", "直接回答")
NOTHING = "没有找到与医保个人账户相关的内容"
EDITORS_NOTE = "编辑核对备注：只给编辑看"


def open_search(browser, site, viewport=DESKTOP, query=""):
    page = new_page(browser, site, viewport)
    page.goto(f"{site}/search{query}")
    return page


def submit(page, text, city="", topic=""):
    page.fill("#q", text)
    page.fill("#city", city)
    page.select_option("#topic", topic)
    page.click("#search-form button[type=submit]")


def search_params(page) -> dict:
    parsed = urlparse(page.url)
    assert parsed.path == "/search"
    return {k: v[0] for k, v in parse_qs(parsed.query).items()}


def wait_for_results(page):
    expect(page.locator("#status")).to_contain_text("找到")
    page.locator("#results > li").first.wait_for()


def settle(page, ms=900):
    """Long enough for a late suggestion (150 ms keystroke timer plus the request) to come back."""
    page.wait_for_timeout(ms)


# ---- 17: suggestions ------------------------------------------------------------------------

def test_escape_closes_the_suggestions_and_keeps_the_query(browser, site):
    page = open_search(browser, site)
    page.type("#q", "医保卡余额", delay=30)
    page.wait_for_selector("#suggestions:not([hidden]) .suggestion")
    page.keyboard.press("Escape")
    expect(page.locator("#suggestions")).to_be_hidden()
    assert page.input_value("#q") == "医保卡余额"
    assert page.get_attribute("#q", "aria-expanded") == "false"
    settle(page)
    expect(page.locator("#suggestions")).to_be_hidden()
    assert page.input_value("#q") == "医保卡余额"
    assert page.errors == []


def test_suggestions_do_not_reopen_over_the_results_after_searching(browser, site):
    page = open_search(browser, site)
    page.type("#q", "医保卡余额", delay=10)
    page.keyboard.press("Enter")  # before the keystroke timer fires
    wait_for_results(page)
    settle(page)
    expect(page.locator("#suggestions")).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "q"

    page.type("#q", "怎么查", delay=10)  # typing again offers suggestions again …
    page.wait_for_selector("#suggestions:not([hidden]) .suggestion")
    page.click("#search-form button[type=submit]")  # … and searching closes them for good
    wait_for_results(page)
    settle(page)
    expect(page.locator("#suggestions")).to_be_hidden()
    assert page.errors == []


def test_suggestions_stay_closed_while_focus_is_in_another_field(browser, site):
    page = open_search(browser, site)
    page.type("#q", "医保卡余额", delay=10)
    page.click("#city")  # leave the query box before its suggestions arrive
    page.keyboard.type("深圳", delay=30)
    settle(page)
    expect(page.locator("#suggestions")).to_be_hidden()

    page.click("#q")
    page.keyboard.type("查", delay=10)
    page.wait_for_selector("#suggestions:not([hidden]) .suggestion")
    page.locator("#topic").focus()  # a blur closes them, and nothing reopens them afterwards
    expect(page.locator("#suggestions")).to_be_hidden()
    settle(page)
    expect(page.locator("#suggestions")).to_be_hidden()
    assert page.errors == []


def test_a_picked_suggestion_is_searched_with_its_words_marked(browser, site):
    page = open_search(browser, site)
    page.type("#q", "医保卡余额", delay=30)
    page.wait_for_selector("#suggestions:not([hidden]) .suggestion")
    first = page.locator(".suggestion").first
    chosen = first.inner_text()
    first.dispatch_event("mousedown")
    wait_for_results(page)
    assert page.input_value("#q") == chosen and search_params(page)["q"] == chosen
    assert page.locator("#results mark").count() >= 1
    expect(page.locator("#suggestions")).to_be_hidden()
    assert page.errors == []


def test_a_question_gets_a_short_answer_card_with_dated_citations(browser, site):
    page = open_search(browser, site)
    page.fill("#q", "济南医保卡里的钱可以给家人用吗")
    page.keyboard.press("Enter")
    page.wait_for_selector("#direct:not([hidden])")
    direct = page.inner_text("#direct")
    assert "家庭共济" in direct and not any(label in direct for label in INTERNAL_LABELS)
    page.locator("#direct button.cite").first.click()
    meta = page.inner_text("#cite-meta")
    assert "null" not in meta and (re.search(r"\d{4}-\d{2}-\d{2}", meta) or "日期不详" in meta)
    assert page.errors == []


# ---- 18: results lead to article pages --------------------------------------------------------

def test_results_are_one_entry_per_article_and_lead_to_its_page(browser, site):
    page = open_search(browser, site, query="?q=%E5%AE%B6%E5%BA%AD%E5%85%B1%E6%B5%8E")  # 家庭共济
    wait_for_results(page)
    results = page.locator("#results .result")
    links = [results.nth(i).locator(".result-title a") for i in range(results.count())]
    hrefs = [link.get_attribute("href") for link in links]
    assert hrefs and all(re.fullmatch(r"/articles/[a-z0-9][a-z0-9-]{1,80}", h) for h in hrefs)
    assert len(set(hrefs)) == len(hrefs), "one entry per article"
    text = page.inner_text("#results")
    assert "相关度" not in text and not re.search(r"\d\.\d{3}", text), "no raw scores"
    titles = page.locator("#results .result-title, #results .section-name").all_inner_texts()
    assert not any(label in t for t in titles for label in INTERNAL_LABELS)
    assert all(" · " not in t for t in page.locator("#results .result-title").all_inner_texts())
    for meta in page.locator("#results .result-meta").all_inner_texts():
        assert re.search(r"\d{4}-\d{2}-\d{2}|日期不详", meta) and "null" not in meta
    assert page.locator("#results .result-source").first.inner_text()
    page.screenshot(path=str(SHOTS / "search-desktop.png"), full_page=True)

    title = links[0].inner_text()
    links[0].click()
    page.wait_for_url(re.compile(r"/articles/"))
    expect(page.locator("#title")).to_have_text(title)
    article = page.locator("#article")
    assert article.locator(".article-section h2").count() >= 1
    assert article.locator(".article-section p").first.inner_text()
    assert not any(label in article.inner_text() for label in INTERNAL_LABELS)
    assert page.inner_text("#place") and page.inner_text("#source")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}|日期不详", page.inner_text("#date"))
    related = page.locator("#questions a")
    assert related.count() >= 1
    assert all(h.startswith("/search?q=") for h in (related.nth(i).get_attribute("href") for i in range(related.count())))
    page.screenshot(path=str(SHOTS / "article-desktop.png"), full_page=True)

    question = related.first.inner_text()
    related.first.click()  # a related question runs that search
    wait_for_results(page)
    assert page.input_value("#q") == question
    page.go_back()
    expect(page.locator("#title")).to_have_text(title)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SHOTS / "article-phone.png"), full_page=True)
    assert page.errors == []


def test_an_article_page_shows_its_place_and_citation_under_the_policy(browser, site):
    page = new_page(browser, site, PHONE)
    refused = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    response = page.goto(f"{site}/articles/fs-jinan")
    assert response.status == 200 and "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("#title")).to_have_text("济南医保卡里的钱能给家人用吗")
    assert "济南" in page.inner_text("#place")
    assert "社保网" in page.inner_text("#source")
    lead = page.locator("#sections .lead")
    assert lead.count() == 1 and "家庭共济" in lead.inner_text()
    headings = page.locator("#sections .article-section h2").all_inner_texts()
    assert "谁能用" in headings and "一句话回答" not in headings
    page.wait_for_load_state("networkidle")
    assert refused == [] and page.errors == []


def test_an_unknown_article_is_a_404_in_chinese_and_english(browser, site):
    page = new_page(browser, site, DESKTOP)
    for path in ("/articles/no-such-article", "/articles/FS-JINAN", "/articles/..%2F..%2Fetc%2Fpasswd", "/articles/x"):
        response = page.goto(f"{site}{path}")
        assert response.status == 404, path
        if path == "/articles/no-such-article":
            detail = response.json()["detail"]
            assert "文章" in detail["zh"] and "article" in detail["en"]


@pytest.fixture(scope="module")
def undated_site(tmp_path_factory):
    """A few shipped articles, one of them without a date, without a web address and with an
    editors' note: what the page must show as 日期不详 and must never show at all."""
    root = tmp_path_factory.mktemp("undated")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in ("fs-national-who-what.md", "wd-national-principle.md", "bq-national-online.md", "tr-national-how.md"):
        shutil.copy(CORPUS / name, corpus / name)
    text = (CORPUS / "fs-jinan.md").read_text(encoding="utf-8")
    text = re.sub(r"^published: .*$", "published: null", text, count=1, flags=re.M)
    text = re.sub(r"^url: .*$", "url: null", text, count=1, flags=re.M)
    text = re.sub(r"^note: .*\n", "", text, flags=re.M)
    text = text.replace("\nurl: null\n", f"\nnote: {EDITORS_NOTE}\nurl: null\n", 1)
    (corpus / "fs-jinan.md").write_text(text, encoding="utf-8")
    settings = fast_settings(corpus, root / "index", rate_limit_per_minute=0)
    build_index(settings, progress=False)
    with serve_in_thread(create_app(settings)) as url:
        yield url


def test_an_undated_article_says_date_unknown_and_never_shows_editors_notes(browser, undated_site):
    page = new_page(browser, undated_site, DESKTOP)
    page.goto(f"{undated_site}/search?q=%E6%B5%8E%E5%8D%97%E5%AE%B6%E5%BA%AD%E5%85%B1%E6%B5%8E&city=%E6%B5%8E%E5%8D%97")
    wait_for_results(page)
    entry = page.locator("#results .result", has=page.locator("a[href='/articles/fs-jinan']"))
    assert "日期不详" in entry.locator(".result-meta").inner_text()
    assert "社保网" in entry.locator(".result-source").inner_text()

    entry.locator(".result-title a").click()
    expect(page.locator("#title")).to_have_text("济南医保卡里的钱能给家人用吗")
    assert page.inner_text("#date") == "日期不详"
    expect(page.locator("#source-link")).to_be_hidden()  # no address, no link
    assert EDITORS_NOTE not in page.content()
    assert "null" not in page.inner_text("#article")
    assert page.errors == []


# ---- 19: nothing relevant -----------------------------------------------------------------------

@pytest.mark.parametrize("query", ["天气预报", "今天股票怎么样"])
def test_a_query_with_nothing_relevant_says_so(browser, site, query):
    page = open_search(browser, site)
    submit(page, query)
    expect(page.locator("#status")).to_contain_text(NOTHING)
    expect(page.locator("#nothing")).to_be_visible()
    assert page.locator("#results li").count() == 0
    expect(page.locator("#direct")).to_be_hidden()
    expect(page.locator("#topics .topic-link")).to_have_count(4)  # somewhere to go instead
    expect(page.locator("#popular a").first).to_be_visible()
    assert page.errors == []


# ---- 20: phone layout, the address, the empty page ------------------------------------------------

def test_on_a_phone_each_label_sits_with_its_own_field(browser, site):
    page = open_search(browser, site, PHONE)
    astray = {}
    for field in ("city", "topic", "q"):
        label = page.locator(f"label[for={field}]").bounding_box()
        box = page.locator(f"#{field}").bounding_box()
        visible = label["width"] > 1 and label["height"] > 1
        above = 0 <= box["y"] - (label["y"] + label["height"]) <= 12 and abs(box["x"] - label["x"]) <= 4
        beside = (abs((label["y"] + label["height"] / 2) - (box["y"] + box["height"] / 2)) <= 8
                  and 0 <= box["x"] - (label["x"] + label["width"]) <= 16)
        inside = box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        if not (visible and (above or beside) and inside):
            astray[field] = (label, box)
    assert astray == {}, "labels not directly above or beside their own field"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_search_is_in_the_address_and_back_returns_to_the_previous_one(browser, site):
    page = open_search(browser, site, query="?q=%E5%8C%BB%E4%BF%9D+%E6%8F%90%E5%8F%96&city=%E6%B7%B1%E5%9C%B3&topic=withdrawal")
    wait_for_results(page)  # opening a shared address runs its search
    assert (page.input_value("#q"), page.input_value("#city"), page.input_value("#topic")) == ("医保 提取", "深圳", "withdrawal")
    places = page.locator("#results .result-place").all_inner_texts()
    assert places and all(("深圳" in p or "广东" in p or "全国" in p) for p in places)
    first_titles = page.locator("#results .result-title").all_inner_texts()
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SHOTS / "search-phone.png"), full_page=True)

    submit(page, "余额 查询")
    expect(page.locator("#status")).to_contain_text("找到")
    assert search_params(page) == {"q": "余额 查询"}
    expect(page.locator("#results .result-title").first).not_to_have_text(first_titles[0])

    page.go_back()
    assert search_params(page) == {"q": "医保 提取", "city": "深圳", "topic": "withdrawal"}
    expect(page.locator("#q")).to_have_value("医保 提取")
    expect(page.locator("#city")).to_have_value("深圳")
    expect(page.locator("#topic")).to_have_value("withdrawal")
    expect(page.locator("#results .result-title").first).to_have_text(first_titles[0])
    page.go_forward()
    expect(page.locator("#q")).to_have_value("余额 查询")
    expect(page.locator("#results .result-title").first).not_to_have_text(first_titles[0])
    assert page.errors == []


def test_the_empty_page_offers_popular_questions_and_the_four_topics(browser, site):
    page = open_search(browser, site)
    popular = page.locator("#popular a")
    expect(popular.nth(5)).to_be_visible()  # at least six, as the corpus words them
    expect(page.locator("#results li")).to_have_count(0)
    topics = page.locator("#topics .topic-link")
    assert topics.all_inner_texts() == ["家庭共济", "提取", "转移接续", "余额查询"]

    question = popular.first.inner_text()
    popular.first.click()
    wait_for_results(page)
    assert search_params(page)["q"] == question and page.input_value("#q") == question
    expect(page.locator("#start")).to_be_hidden()

    page.go_back()  # back to the empty page
    expect(page.locator("#start")).to_be_visible()
    assert page.input_value("#q") == ""
    page.locator("#topics .topic-link", has_text="提取").click()
    wait_for_results(page)
    assert search_params(page)["topic"] == "withdrawal" and page.input_value("#topic") == "withdrawal"
    assert page.errors == []


def test_every_topic_link_finds_something(browser, site):
    page = open_search(browser, site, PHONE)
    for i in range(4):
        page.locator("#topics .topic-link").nth(i).click()
        wait_for_results(page)
        page.go_back()
        expect(page.locator("#start")).to_be_visible()
    assert page.errors == []
