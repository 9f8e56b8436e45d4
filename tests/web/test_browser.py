"""The three pages driven in headless Chromium (Debian's package) through Playwright.

Screenshots at phone and desktop width are written to test-artifacts/screenshots/ (not committed).
"""

from playwright.sync_api import expect

from tests.web.conftest import DESKTOP, PHONE, SHOTS, new_page


def ask(page, text):
    bots = page.locator(".row.bot")
    before = bots.count()
    page.fill("#msg", text)
    page.keyboard.press("Enter")
    bots.nth(before).wait_for()  # locator waits: the pages' CSP forbids the eval that wait_for_function uses
    return bots.nth(before)


def test_chat_widget_asks_cites_changes_city_and_remembers(browser, site):
    page = new_page(browser, site, PHONE)
    page.goto(f"{site}/chat")
    assert page.evaluate("document.characterSet") == "UTF-8"
    assert page.get_attribute("#log", "role") == "log"
    assert page.locator(".chip").count() == 4

    reply = ask(page, "济南医保卡里的钱可以给家人用吗")
    assert "家庭共济" in reply.inner_text()
    assert page.input_value("#city") == "济南"

    reply.locator("button.cite").first.click()  # follow a citation
    card = page.locator("#cite-card")
    assert card.is_visible() and card.locator("#cite-title").inner_text().startswith("[1]")
    assert card.locator("#cite-snippet").inner_text()
    page.screenshot(path=str(SHOTS / "chat-phone-citation.png"))
    page.keyboard.press("Escape")
    assert not card.is_visible()

    page.fill("#city", "菏泽")  # change the city: the question is answered again for 菏泽
    before = page.locator(".row.bot").count()
    page.click("#city-apply")
    page.locator(".row.bot").nth(before).wait_for()
    assert "菏泽" in page.locator(".row.bot").last.inner_text()
    assert page.input_value("#city") == "菏泽"

    page.locator(".row.bot").last.locator("button.fb").first.click()
    expect(page.locator(".row.bot:last-child .thanks")).to_contain_text("谢谢")
    page.screenshot(path=str(SHOTS / "chat-phone.png"), full_page=True)

    count = page.locator(".row").count()
    page.reload()  # the conversation survives a reload
    page.wait_for_selector(".row.bot")
    assert page.locator(".row").count() == count and page.input_value("#city") == "菏泽"
    assert page.errors == []


def test_chat_shows_what_people_type_as_text_not_html(browser, site):
    page = new_page(browser, site, DESKTOP)
    page.goto(f"{site}/chat")
    ask(page, "<img src=x onerror=alert(1)><b>粗体</b>医保余额怎么查")
    bubble = page.locator(".row.user .bubble").last
    assert "<b>粗体</b>" in bubble.inner_text()
    assert bubble.locator("b, img").count() == 0
    page.screenshot(path=str(SHOTS / "chat-desktop.png"))
    assert page.errors == []


def test_chat_starts_a_new_conversation_when_the_server_no_longer_knows_its_session(browser, site):
    page = new_page(browser, site, DESKTOP)
    page.goto(f"{site}/chat")
    page.evaluate("localStorage.setItem('yb-session', 'gone-from-the-store')")
    page.reload()
    reply = ask(page, "济南医保余额怎么查")
    assert "济南" in reply.inner_text() and reply.locator("button.cite").count() >= 1
    renewed = page.evaluate("localStorage.getItem('yb-session')")
    assert renewed != "gone-from-the-store" and renewed.startswith("s-")
    assert page.errors == []


def test_chat_works_with_the_keyboard_alone(browser, site):
    page = new_page(browser, site, PHONE)
    page.goto(f"{site}/chat")
    page.focus("#msg")
    page.keyboard.type("医保余额怎么查")
    page.keyboard.press("Enter")
    page.locator(".row.bot").nth(1).wait_for()
    # Tab reaches the quick replies, Enter sends one
    page.focus(".chip >> nth=0")
    label = page.locator(".chip").first.inner_text()
    page.keyboard.press("Enter")
    page.locator(".row.bot").nth(2).wait_for()
    assert page.locator(".row.user .said").last.inner_text() == label


def test_the_widget_embeds_with_one_script_tag(browser, site, tmp_path):
    page = new_page(browser, site, DESKTOP)
    page.goto(f"{site}/healthz")  # same origin as the bot, any page of the host site would do
    page.set_content(f'<html><body><h1>某市医保局</h1><script src="{site}/widget.js"></script></body></html>')
    page.click("text=医保咨询")
    frame = page.frame_locator("iframe[title='医保政策小助手']")
    frame.locator("#msg").fill("医保余额怎么查")
    frame.locator("#msg").press("Enter")
    frame.locator(".row.bot >> nth=1").wait_for()
    assert "余额" in frame.locator(".row.bot >> nth=1").inner_text()


def test_the_pages_work_under_their_content_security_policy(browser, site):
    for path in ("/chat", "/search", "/assist"):
        page = new_page(browser, site, DESKTOP)
        refused = []
        page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
        response = page.goto(f"{site}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        if path == "/chat":
            assert "余额" in ask(page, "医保余额怎么查").inner_text()
        page.wait_for_load_state("networkidle")
        assert refused == [] and page.errors == [], (path, refused, page.errors)
