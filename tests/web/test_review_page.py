"""The editors' review page (/admin/review) in headless Chromium, on a temporary corpus folder with
two imported drafts: the token form, a wrong token, the flagged sentences as an editor reads them,
通过 / 驳回 saved to the draft's file, and 发布 held back until every flag is decided.

Screenshots: test-artifacts/screenshots/review-desktop.png and review-phone.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bot.api.app import create_app
from bot.corpus.article import parse_article
from tests.api.test_review_api import (BOILERPLATE, CONTRADICTING, HOTLINE_CLAIM, OFF_TOPIC, RULE_ID, RULE_SENTENCE,
                                       TOKEN, UNVERIFIED, review_settings, write_drafts)
from tests.conftest import serve_in_thread
from tests.web.conftest import DESKTOP, PHONE, SHOTS, new_page

REVIEW_API = "**/api/review*"


@pytest.fixture(scope="module")
def review_site(built_settings, tmp_path_factory):
    settings = review_settings(built_settings, tmp_path_factory.mktemp("review-web"))
    with serve_in_thread(create_app(settings)) as url:
        yield url, settings.corpus_dir


@pytest.fixture
def site_and_corpus(review_site):
    url, corpus = review_site
    write_drafts(corpus)  # every test starts with no decisions taken
    return url, corpus


def open_review(browser, url, viewport=DESKTOP):
    page = new_page(browser, url, viewport)
    page.set_default_timeout(10_000)
    page.refused = []
    page.on("console", lambda m: page.refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{url}/admin/review")
    return page


def sign_in(page, token=TOKEN):
    page.get_by_label("运营令牌").fill(token)
    page.get_by_role("button", name="进入").click()


def draft(page, article_id):
    return page.locator(f"li.draft[data-id='{article_id}']")


def flag(page, article_id, n):
    return draft(page, article_id).locator(f"li.flag[data-n='{n}']")


def decide(page, article_id, n, label):
    """Press 通过 or 驳回 on one flag and wait until the saved state is back on the page."""
    with page.expect_response(lambda r: r.request.method == "POST" and f"/api/review/{article_id}" in r.url) as saved:
        flag(page, article_id, n).get_by_role("button", name=f"{label}第 {n} 条").click()
    assert saved.value.status == 200
    expect(page.locator("#status")).to_contain_text("已保存，重新索引后生效")


def decisions(corpus, name="imp-jinan-sharing.md"):
    return {f.n: f.decision for f in parse_article(corpus / name).review.flags}


def test_the_token_is_asked_for_and_kept_for_the_tab(browser, site_and_corpus):
    url, _ = site_and_corpus
    page = open_review(browser, url)
    token = page.get_by_label("运营令牌")
    expect(token).to_have_attribute("type", "password")
    expect(page.locator("li.draft")).to_have_count(0)
    sign_in(page)
    expect(page.locator("li.draft")).to_have_count(2)
    expect(page.locator("#login")).to_be_hidden()
    assert page.evaluate("() => sessionStorage.getItem('yb-review-token')") == TOKEN
    # a reload in the same tab does not ask again, and the request carries the token
    with page.expect_request(lambda r: r.url.endswith("/api/review")) as listed:
        page.reload()
    assert listed.value.headers["authorization"] == f"Bearer {TOKEN}"
    expect(page.locator("li.draft")).to_have_count(2)
    page.get_by_role("button", name="退出").click()
    expect(page.locator("#login")).to_be_visible()
    expect(page.locator("li.draft")).to_have_count(0)
    assert page.evaluate("() => sessionStorage.getItem('yb-review-token')") is None
    assert page.errors == [] and page.refused == []


def test_a_wrong_token_gets_a_chinese_notice(browser, site_and_corpus):
    url, _ = site_and_corpus
    page = open_review(browser, url)
    sign_in(page, "guessed-wrong")
    expect(page.locator("#notice")).to_be_visible()
    expect(page.locator("#notice")).to_contain_text("令牌不对")
    expect(page.locator("#login")).to_be_visible()
    expect(page.locator("li.draft")).to_have_count(0)
    assert page.evaluate("() => sessionStorage.getItem('yb-review-token')") is None
    sign_in(page)  # the right one then works and clears the notice
    expect(page.locator("li.draft")).to_have_count(2)
    expect(page.locator("#notice")).to_be_hidden()


def test_each_flagged_sentence_is_shown_with_its_kind_and_reason(browser, site_and_corpus):
    url, _ = site_and_corpus
    page = open_review(browser, url)
    sign_in(page)
    jinan = draft(page, "imp-jinan-sharing")
    expect(jinan.get_by_role("heading", name="济南家庭共济怎么用（导入稿）")).to_be_visible()
    expect(jinan.locator(".draft-place")).to_have_text("山东 济南")
    expect(jinan.locator(".draft-date")).to_have_text("2025-03-09")
    expect(jinan.locator(".draft-source")).to_have_text("某生活资讯网《济南医保共济指南》")
    expected = [(1, "与已审规则矛盾", CONTRADICTING), (2, "未经核实的数字", UNVERIFIED), (3, "离题", OFF_TOPIC),
                (4, "网站套话", BOILERPLATE)]
    for n, kind, sentence in expected:
        item = flag(page, "imp-jinan-sharing", n)
        expect(item.locator(".flag-n")).to_have_text(f"第 {n} 条")
        expect(item.locator(".flag-kind")).to_have_text(kind)
        expect(item.locator(".flag-sentence")).to_have_text(sentence)
        expect(item.locator(".flag-decision")).to_have_text("待处理")
        expect(item.locator(".flag-why")).to_contain_text("原因：")
    contradiction = flag(page, "imp-jinan-sharing", 1)
    expect(contradiction.locator(".flag-evidence blockquote")).to_have_text(RULE_SENTENCE)
    expect(contradiction.locator(".flag-rule")).to_have_text(RULE_ID)
    expect(contradiction.locator(".flag-why")).to_have_text("原因：已发布的文章说个人账户余额平时不能取现金。")
    expect(page.locator(".flag-evidence")).to_have_count(1)  # only a contradiction quotes a published sentence
    hotline = draft(page, "imp-hotline-hours")
    expect(hotline.locator(".draft-place")).to_have_text("全国")
    expect(hotline.locator(".draft-date")).to_have_text("日期不详")
    expect(hotline.locator(".flag-sentence")).to_have_text(HOTLINE_CLAIM)
    assert page.errors == [] and page.refused == []


def test_approve_and_reject_are_saved_to_the_file(browser, site_and_corpus):
    url, corpus = site_and_corpus
    page = open_review(browser, url)
    sign_in(page)
    decide(page, "imp-jinan-sharing", 2, "通过")
    approve = flag(page, "imp-jinan-sharing", 2).get_by_role("button", name="通过第 2 条")
    expect(approve).to_have_attribute("aria-pressed", "true")
    expect(approve).to_be_focused()  # the redrawn list gives the focus back to the pressed button
    expect(flag(page, "imp-jinan-sharing", 2).get_by_role("button", name="驳回第 2 条")).to_have_attribute("aria-pressed", "false")
    expect(flag(page, "imp-jinan-sharing", 2).locator(".flag-decision")).to_have_text("已通过")
    assert decisions(corpus)[2] == "approved"

    decide(page, "imp-jinan-sharing", 1, "驳回")
    expect(flag(page, "imp-jinan-sharing", 1).get_by_role("button", name="驳回第 1 条")).to_have_attribute("aria-pressed", "true")
    expect(flag(page, "imp-jinan-sharing", 1).locator(".flag-decision")).to_have_text("已驳回")
    assert decisions(corpus) == {1: "rejected", 2: "approved", 3: "pending", 4: "pending"}

    # changing one's mind: the later decision is the one kept
    decide(page, "imp-jinan-sharing", 1, "通过")
    expect(flag(page, "imp-jinan-sharing", 1).get_by_role("button", name="通过第 1 条")).to_have_attribute("aria-pressed", "true")
    assert decisions(corpus)[1] == "approved"
    # what the page shows is what was saved: a fresh load shows the same
    page.reload()
    expect(flag(page, "imp-jinan-sharing", 1).locator(".flag-decision")).to_have_text("已通过")
    expect(flag(page, "imp-jinan-sharing", 3).locator(".flag-decision")).to_have_text("待处理")
    assert page.errors == [] and page.refused == []


def test_publish_waits_for_every_flag(browser, site_and_corpus):
    url, corpus = site_and_corpus
    page = open_review(browser, url)
    sign_in(page)
    jinan = draft(page, "imp-jinan-sharing")
    publish = jinan.get_by_role("button", name="发布")
    expect(publish).to_be_disabled()
    expect(jinan.locator(".publish-note")).to_contain_text("还有 4 条标记待处理")
    decide(page, "imp-jinan-sharing", 1, "驳回")
    decide(page, "imp-jinan-sharing", 2, "通过")
    decide(page, "imp-jinan-sharing", 3, "驳回")
    expect(publish).to_be_disabled()
    expect(jinan.locator(".publish-note")).to_contain_text("还有 1 条标记待处理")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "review-desktop.png"), full_page=True)
    decide(page, "imp-jinan-sharing", 4, "驳回")
    expect(publish).to_be_enabled()
    expect(jinan.locator(".publish-note")).to_contain_text("可以发布")
    assert parse_article(corpus / "imp-jinan-sharing.md").status == "draft"

    with page.expect_response(lambda r: r.request.method == "POST" and "/api/review/imp-jinan-sharing" in r.url) as sent:
        publish.click()
    assert sent.value.request.post_data_json == {"publish": True}
    expect(page.locator("#status")).to_contain_text("已发布")
    expect(page.locator("#status")).to_contain_text("已保存，重新索引后生效")
    expect(jinan).to_have_count(0)  # out of the queue
    expect(page.locator("li.draft")).to_have_count(1)
    article = parse_article(corpus / "imp-jinan-sharing.md")
    assert article.status == "published"
    assert decisions(corpus) == {1: "rejected", 2: "approved", 3: "rejected", 4: "rejected"}
    assert page.errors == [] and page.refused == []


def test_phone_layout(browser, site_and_corpus):
    url, _ = site_and_corpus
    page = open_review(browser, url, PHONE)
    sign_in(page)
    expect(page.locator("li.draft")).to_have_count(2)
    decide(page, "imp-jinan-sharing", 2, "通过")
    # nothing wider than the screen, and the buttons big enough to tap
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    for button in page.locator("button.decide").all()[:4]:
        box = button.bounding_box()
        assert box["height"] >= 40 and box["width"] >= 44
    page.screenshot(path=str(SHOTS / "review-phone.png"), full_page=True)
    assert page.errors == [] and page.refused == []
