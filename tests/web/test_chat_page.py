"""The chat page as its users meet it: an elderly citizen on a phone, someone on a bad network,
a screen-reader user, a host site embedding the widget. Headless Chromium through Playwright."""

import json

import pytest
from playwright.sync_api import expect

from tests.web.conftest import DESKTOP, PHONE, SHOTS, new_page

SHORT_PHONE = {"width": 360, "height": 560}


def open_chat(browser, site, viewport=PHONE):
    page = new_page(browser, site, viewport)
    page.goto(f"{site}/chat")
    page.locator(".chip").first.wait_for()
    return page


def ask(page, text):
    answers = page.locator(".row.bot")
    before = answers.count()
    page.fill("#msg", text)
    page.keyboard.press("Enter")
    answers.nth(before).wait_for()
    return answers.nth(before)


def saved_history(page) -> str:
    return page.evaluate("localStorage.getItem('yb-history') || ''")


def test_point6_an_unreachable_server_gets_a_chinese_notice_a_retry_and_nothing_saved(browser, site):
    page = open_chat(browser, site)
    page.route("**/api/chat", lambda route: route.abort())
    page.fill("#msg", "医保余额怎么查")
    page.keyboard.press("Enter")
    error = page.locator(".row.error")
    expect(error).to_contain_text("连接不上服务器")
    assert "Failed to fetch" not in page.locator("#log").inner_text()
    assert "连接不上" not in saved_history(page) and "医保余额怎么查" not in saved_history(page)
    page.unroute("**/api/chat")
    error.locator("button.retry").click()  # the same message, sent again
    answers = page.locator(".row.bot")
    expect(answers).to_have_count(2)  # hello + the answer (the hello also says 余额, so count first)
    expect(answers.last).to_contain_text("余额")
    assert page.locator(".row.error").count() == 0
    page.reload()
    assert "连接不上" not in page.locator("#log").inner_text()
    assert page.locator(".row.user").count() == 1  # the retried message once, not twice


def test_point6_a_request_that_hangs_times_out_with_a_notice(browser, site):
    page = open_chat(browser, site)
    page.evaluate("YB.timeoutMs = 800")
    page.route("**/api/chat", lambda route: None)  # never answered
    page.fill("#msg", "医保余额怎么查")
    page.keyboard.press("Enter")
    expect(page.locator(".row.error")).to_contain_text("等了太久", timeout=5000)


def test_point7_messages_sent_while_an_answer_is_pending_are_queued_not_lost(browser, site):
    page = open_chat(browser, site)
    held = []
    page.route("**/api/chat", lambda route: route.continue_() if held else held.append(route))  # hold the first
    page.fill("#msg", "医保余额怎么查")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    page.locator(".chip").nth(1).click()  # tapped while the first answer is pending
    page.fill("#msg", "换城市工作，医保怎么转？")
    page.keyboard.press("Enter")
    assert page.locator(".row.user").count() == 3 and page.locator(".row.user.pending").count() == 3
    held[0].continue_()
    expect(page.locator(".row.bot")).to_have_count(4, timeout=15000)  # hello + three answers
    rows = page.locator(".row.user, .row.bot").all_inner_texts()
    assert "余额" in rows[2] and "转" in rows[-1]  # each answer follows its own question


def test_point8_the_answer_is_scrolled_to_its_first_line(browser, site):
    page = open_chat(browser, site, SHORT_PHONE)
    page.click("#elder")  # bigger text: the answer is taller than the log
    for question in ("济南医保卡里的钱可以给家人用吗", "医保个人账户的钱能取出来吗"):
        reply = ask(page, question)
    log_box, reply_box = page.locator("#log").bounding_box(), reply.bounding_box()
    assert reply_box["height"] > log_box["height"] * 0.6
    assert log_box["y"] <= reply_box["y"] <= log_box["y"] + 40  # its first line is at the top of the view


def test_point9_the_users_own_bubble_and_storage_hold_only_the_masked_number(browser, site):
    page = open_chat(browser, site)
    ask(page, "我手机13812345678，医保余额怎么查")
    mine = page.locator(".row.user .said").last
    assert mine.inner_text() == "我手机[手机号]，医保余额怎么查"
    assert "13812345678" not in saved_history(page) and "[手机号]" in saved_history(page)
    page.reload()
    assert "13812345678" not in page.locator("#log").inner_text()


def test_point9_clearing_the_conversation_forgets_it_here(browser, site):
    page = open_chat(browser, site)
    ask(page, "济南医保余额怎么查")
    session = page.evaluate("localStorage.getItem('yb-session')")
    page.click("#clear")
    assert page.locator(".row.user").count() == 0 and page.locator(".row.bot").count() == 1
    assert "济南" not in saved_history(page) and page.input_value("#city") == ""
    page.reload()
    assert page.locator(".row.user").count() == 0
    ask(page, "医保余额怎么查")
    assert page.evaluate("localStorage.getItem('yb-session')") != session  # a new conversation


def _small_targets(page, selector):
    sizes = [page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())]
    return [s for s in sizes if s["height"] < 44 or s["width"] < 44]


def test_point10_elder_mode_has_large_text_and_targets_and_is_remembered(browser, site):
    page = open_chat(browser, site)
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.click("#elder")
    assert page.get_attribute("#elder", "aria-pressed") == "true"
    reply = ask(page, "济南医保卡里的钱可以给家人用吗")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= normal + 3
    for selector in (".row.bot button.cite", ".row.bot button.fb", "#city-apply", "#send"):
        assert page.locator(selector).count() and _small_targets(page, selector) == [], selector
    page.screenshot(path=str(SHOTS / "chat-phone-elder.png"), full_page=True)
    assert reply.is_visible()
    page.reload()
    assert page.evaluate("document.body.classList.contains('elder')")


def test_point10_hotline_numbers_are_tap_to_call_links(browser, site):
    page = open_chat(browser, site)
    reply = ask(page, "12393和12333有什么区别")
    link = reply.locator("a.tel[href='tel:12393']").first
    expect(link).to_be_visible()


def test_point11_each_bubble_says_who_is_speaking(browser, site):
    page = open_chat(browser, site)
    ask(page, "医保余额怎么查")
    assert page.locator(".row.user .bubble").last.locator(".sr-only").inner_text() == "我说："
    assert page.locator(".row.bot .bubble").last.locator(".sr-only").inner_text() == "小助手说："
    snapshot = page.locator("#log").aria_snapshot()
    assert "我说：" in snapshot and "小助手说：" in snapshot


def test_point12_a_visible_human_service_entry_answers_honestly_without_feedback(browser, site):
    page = open_chat(browser, site)
    human = page.locator("#human")
    expect(human).to_be_visible()
    before = page.locator(".row.bot").count()
    human.click()
    reply = page.locator(".row.bot").nth(before)
    expect(reply).to_contain_text("12393")
    text = reply.inner_text()
    assert "跟进" not in text and "不会有人回电" in text
    assert reply.locator("button.fb").count() == 0
    assert reply.locator("a.tel").count() >= 1


def test_point13_not_helpful_offers_a_next_step_and_keeps_its_state(browser, site):
    page = open_chat(browser, site)
    reply = ask(page, "医保个人账户的钱能取出来吗")
    reply.locator("button.fb", has_text="没帮助").click()
    expect(reply.locator(".next-step")).to_contain_text("哪里不好")
    assert reply.locator(".next-step button", has_text="转人工").count() == 1
    reply.locator("button.reason", has_text="看不懂").click()
    expect(reply.locator("button.reason[aria-pressed='true']")).to_have_text("看不懂")
    page.reload()
    again = page.locator(".row.bot").last
    assert again.locator(".feedback button.fb[aria-pressed='true']").inner_text() == "没帮助"
    assert again.locator("button.reason[aria-pressed='true']").inner_text() == "看不懂"
    assert again.locator("button.fb[aria-pressed='false']", has_text="有帮助").count() == 1


def test_point14_citation_cards_show_the_public_citation_and_no_editors_notes(browser, site):
    page = open_chat(browser, site)
    reply = ask(page, "杭州医保个人账户的钱能一次性取出来吗")  # its source (wd-hangzhou) gave no date
    reply.locator("button.cite").first.click()
    meta = page.locator("#cite-meta").inner_text()
    for note in ("内容农场", "整理日", "单一来源", "待核实", "转录", "null"):
        assert note not in meta
    assert "杭州医保账户余额" in meta and meta.endswith("日期不详")  # publisher and title, then the date
    assert "日期不详" in reply.locator(".sources").inner_text()


def test_point15_the_card_has_a_visible_close_control_and_closes_on_a_tap_outside(browser, site):
    page = open_chat(browser, site)
    reply = ask(page, "济南医保余额怎么查")
    reply.locator("button.cite").first.click()
    card = page.locator("#cite-card")
    expect(page.locator("#cite-close")).to_be_visible()
    page.locator("#cite-close").click()
    expect(card).to_be_hidden()
    reply.locator("button.cite").first.click()
    expect(card).to_be_visible()
    page.mouse.click(5, 5)  # the backdrop, outside the card
    expect(card).to_be_hidden()


def test_point15_the_input_grows_and_its_placeholder_fits(browser, site):
    page = open_chat(browser, site)
    box = page.locator("#msg")
    start = box.bounding_box()["height"]
    placeholder_fits = page.evaluate("""() => {
        const m = document.getElementById('msg'); const c = document.createElement('canvas').getContext('2d');
        c.font = getComputedStyle(m).font; return c.measureText(m.placeholder).width <= m.clientWidth - 16; }""")
    assert placeholder_fits
    box.fill("第一行\n第二行\n第三行\n第四行")
    box.dispatch_event("input")
    assert box.bounding_box()["height"] > start * 1.8


def test_point15_the_chip_row_shows_that_it_scrolls(browser, site):
    page = open_chat(browser, site)
    assert page.evaluate("document.getElementById('chips').scrollWidth > document.getElementById('chips').clientWidth")
    assert page.evaluate("document.getElementById('chips-wrap').classList.contains('more')")
    arrow = page.evaluate("getComputedStyle(document.getElementById('chips-wrap'), '::after').content")
    assert arrow not in ("none", "normal", "")


def test_point15_the_typing_indicator_does_not_cover_the_last_bubble(browser, site):
    page = open_chat(browser, site)
    held = []
    page.route("**/api/chat", lambda route: route.continue_() if held else held.append(route))
    page.fill("#msg", "医保余额怎么查")
    page.keyboard.press("Enter")
    typing = page.locator(".row.typing")
    typing.wait_for()
    mine, dots = page.locator(".row.user").last.bounding_box(), typing.bounding_box()
    assert dots["y"] >= mine["y"] + mine["height"] - 1  # below the question, not over it
    for _ in range(100):  # the indicator shows before the held request reaches the route handler
        if held:
            break
        page.wait_for_timeout(50)
    held[0].continue_()
    expect(typing).to_have_count(0)


def test_point15_thanks_gets_a_short_reply_and_the_first_screen_says_who_runs_it(browser, site):
    page = open_chat(browser, site)
    about = page.locator("#about")
    expect(about).to_contain_text("本服务由")
    assert "仅供参考" in about.inner_text()
    reply = ask(page, "谢谢")
    assert "不客气" in reply.inner_text() and "我可以回答" not in reply.inner_text()


def test_point16_the_embedded_widget_takes_focus_closes_on_escape_and_fits_a_phone(browser, site):
    page = new_page(browser, site, PHONE)
    page.goto(f"{site}/healthz")  # same origin as the bot, any page of the host site would do
    page.set_content(f'<html><body><h1>某市医保局</h1><script src="{site}/widget.js"></script></body></html>')
    opener = page.locator("button", has_text="医保咨询")
    opener.click()
    frame = page.frame_locator("iframe[title='医保政策小助手']")
    frame.locator("#msg").wait_for()
    expect(page.locator("button", has_text="关闭")).to_have_attribute("aria-expanded", "true")
    expect(frame.locator("#msg")).to_be_focused()
    box = page.locator("iframe").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    frame.locator("#msg").press("Escape")
    expect(page.locator("iframe")).to_be_hidden()
    expect(page.locator("button", has_text="医保咨询")).to_be_focused()
    opener.click()
    expect(page.locator("iframe")).to_be_visible()
    page.keyboard.press("Escape")  # focus is in the frame: the chat asks the host to close
    expect(page.locator("iframe")).to_be_hidden()


def test_a_429_shows_how_long_to_wait(browser, site):
    page = open_chat(browser, site)
    page.route("**/api/chat", lambda route: route.fulfill(
        status=429, headers={"retry-after": "17", "content-type": "application/json"},
        body=json.dumps({"detail": {"zh": "请求太频繁，请稍后再试。", "en": "Too many requests"}})))
    page.fill("#msg", "医保余额怎么查")
    page.keyboard.press("Enter")
    expect(page.locator(".row.error")).to_contain_text("17 秒")


@pytest.mark.parametrize("viewport, name", [(PHONE, "chat-phone.png"), (DESKTOP, "chat-desktop.png")])
def test_screenshots_of_an_answer(browser, site, viewport, name):
    page = open_chat(browser, site, viewport)
    ask(page, "济南医保卡里的钱可以给家人用吗")
    page.screenshot(path=str(SHOTS / name), full_page=True)
