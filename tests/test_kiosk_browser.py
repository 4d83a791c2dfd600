"""The kiosk page in a real browser (Debian's Chromium driven by Playwright) against the real server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from chatbot.kiosk.server import running_server
from conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
IDLE_SECONDS = 3

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("Chromium is missing: .ci/run should have installed it with apt-get")
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    config = tmp_path_factory.mktemp("kiosk") / "clinic.yaml"
    config.write_text(
        f'clinic:\n  name: Riverside Clinic\n  emergency_number: "112"\n'
        f"kiosk:\n  idle_timeout_seconds: {IDLE_SECONDS}\n",
        encoding="utf-8",
    )
    with running_server(config) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1080, "height": 1600}, has_touch=True)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(server + "/")
    yield page
    hosts = {urlparse(url).hostname for url in page.requests}
    assert hosts <= {"127.0.0.1"}, f"requests left the machine: {sorted(hosts)}"
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"kiosk-{name}.png"))


def ask(page, text: str):
    count = page.locator("article.bot").count()
    page.fill("#question", text)
    page.press("#question", "Enter")
    page.locator("article.bot").nth(count).wait_for()
    return page.locator("article.bot").nth(count)


def test_typing_a_question_shows_the_answer_quote_and_reminder(page):
    shot(page, "welcome")
    reply = ask(page, "botox for sweaty armpits?")
    assert "Excessive sweating" in reply.locator("h2").inner_text()
    assert reply.locator("blockquote.source").count() == 1
    assert "healthcare professional" in reply.locator(".reminder").inner_text()
    assert page.locator("#welcome").is_hidden()
    shot(page, "answer")


def test_tapping_a_topic_button_asks_about_it(page):
    page.locator("button.topic", has_text="Jaw joint").tap()
    reply = page.locator("article.answer").first
    reply.wait_for()
    assert "TMJ" in reply.locator("h2").inner_text() and reply.locator(".reminder").is_visible()


def test_clarify_choices_are_buttons_that_pick_a_topic(page):
    reply = ask(page, "botox for spasms")
    choices = reply.locator("button.choice")
    assert choices.count() >= 2 and choices.nth(1).inner_text().startswith("2. ")
    label = choices.nth(1).inner_text()[3:]
    shot(page, "clarify")
    choices.nth(1).click()
    answer = page.locator("article.answer").last
    answer.wait_for()
    assert answer.locator("h2").inner_text() == label


def test_emergency_is_an_alert_with_the_configured_number(page):
    reply = ask(page, "my throat is swelling and i cant breathe")
    alert = reply.locator("[role=alert]")
    assert alert.count() == 1 and "Get help now" in alert.inner_text()
    assert "112" in alert.locator(".call").inner_text() and "staff" in alert.inner_text()
    shot(page, "emergency")


def test_idle_timeout_clears_the_conversation_and_shows_the_welcome(page):
    ask(page, "botox for migraines")
    assert page.locator("#welcome").is_hidden()
    page.locator("#welcome").wait_for(state="visible", timeout=(IDLE_SECONDS + 5) * 1000)
    assert page.locator("#conversation > *").count() == 0
    reset_calls = [url for url in page.requests if url.endswith("/api/reset")]
    assert reset_calls, "the server was not told to end the session"
    # After the reset a number no longer picks from old choices: the session really is new.
    assert "Sorry" in ask(page, "1").inner_text()


def test_the_idle_reset_comes_at_the_setting_not_before_and_a_touch_restarts_it(browser, server):
    """The page's clock is Playwright's, so the idle timeout is measured exactly, not waited for."""
    context = browser.new_context(viewport={"width": 1080, "height": 1600}, has_touch=True)
    page = context.new_page()
    try:
        page.clock.install(time=1_800_000_000_000)
        page.clock.pause_at(1_800_000_060_000)  # time on the page moves only when the test says so
        page.goto(server + "/")
        ask(page, "botox for migraines")  # the timer starts again once the answer is shown
        page.clock.run_for(IDLE_SECONDS * 1000 - 1000)  # (a second to spare for the answer to settle)
        assert page.locator("#welcome").is_hidden(), "reset before the idle timeout"
        page.touchscreen.tap(5, 5)  # a touch anywhere starts the timer again
        page.clock.run_for(1500)  # past the timeout counted from the answer, not from the touch
        assert page.locator("#welcome").is_hidden(), "a touch did not start the idle timer again"
        page.clock.run_for(IDLE_SECONDS * 1000 - 1500 + 100)  # just past the timeout since the touch
        page.locator("#welcome").wait_for(state="visible", timeout=5000)
        assert page.locator("#conversation > *").count() == 0
    finally:
        context.close()


def test_start_over_button(page):
    ask(page, "botox for overactive bladder")
    page.click("#start-over")
    assert page.locator("#conversation > *").count() == 0 and page.locator("#welcome").is_visible()


def test_fully_keyboard_operable(page):
    page.keyboard.press("Tab")  # first focusable: the first topic button
    for _ in range(3):
        if page.evaluate("document.activeElement.classList.contains('topic')"):
            break
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.locator("article.answer").first.wait_for()
    assert page.locator("article.answer h2").first.inner_text() == focused
    page.focus("#question")
    page.keyboard.type("what is tmj")
    page.keyboard.press("Enter")
    page.locator("article.answer").nth(1).wait_for()


def test_touch_targets_are_at_least_44_pixels(page):
    ask(page, "botox for spasms")
    sizes = page.evaluate(
        "[...document.querySelectorAll('button, input, a')].filter(e => e.offsetParent)"
        ".map(e => [e.textContent.trim() || e.id, e.getBoundingClientRect().width, e.getBoundingClientRect().height])"
    )
    small = [s for s in sizes if s[1] < 44 or s[2] < 44]
    assert sizes and not small


CONTRAST = """
() => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => {
    const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
                            if (!c.startsWith('rgba(0, 0, 0, 0)')) return rgb(c); } return [255, 255, 255]; };
  return [...document.querySelectorAll('h1, h2, p, button, label, cite, a, strong')]
    .filter(e => e.offsetParent && e.textContent.trim())
    .map(e => { const a = lum(rgb(getComputedStyle(e).color)), b = lum(background(e));
                return [e.textContent.trim().slice(0, 30), (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]; });
}
"""


def test_text_meets_wcag_aa_contrast(page):
    ask(page, "botox for migraines")
    ask(page, "i can't breathe")
    ratios = page.evaluate(CONTRAST)
    low = [r for r in ratios if r[1] < 4.5]
    assert ratios and not low


#: WCAG 2.0 and 2.1, levels A and AA, and axe's best practices.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}


def _start(page) -> None:
    page.locator("#welcome").wait_for()


def _answer(page) -> None:
    ask(page, "botox for sweaty armpits?")


def _clarify(page) -> None:
    assert ask(page, "botox for spasms").locator("button.choice").count() >= 2


def _not_covered(page) -> None:
    reply = ask(page, "how much does botox for tmj cost")
    assert "not_covered" in reply.get_attribute("class") and reply.locator("button").count() >= 1


def _emergency(page) -> None:
    ask(page, "my throat is swelling and i cant breathe")


def _after_idle_reset(page) -> None:
    ask(page, "botox for migraines")
    page.locator("#welcome").wait_for(state="visible", timeout=(IDLE_SECONDS + 5) * 1000)


@pytest.mark.parametrize(
    "state", [_start, _answer, _clarify, _not_covered, _emergency, _after_idle_reset], ids=lambda f: f.__name__[1:]
)
def test_no_accessibility_violations(page, state):
    from axe_playwright_python.sync_playwright import Axe

    state(page)
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


# -- Spanish (issue "Español") ---------------------------------------------------------------------


def test_the_language_button_shows_the_page_in_spanish_and_a_spanish_conversation_runs(page, responder):
    spanish = responder.texts("es")
    page.locator("a.language", has_text=spanish.name).click()
    page.wait_for_url("**/?lang=es")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("#welcome-heading").inner_text() == responder.message("page_welcome", spanish)
    assert spanish.settings["kiosk"]["welcome"] in page.locator("#welcome").inner_text()
    assert page.locator("button.topic").first.inner_text() == spanish.title(responder.content.topic_ids[0])
    assert page.locator("a.language").inner_text() == responder.texts("en").name  # the way back
    shot(page, "es-welcome")

    reply = ask(page, "¿el botox sirve para el sudor de las axilas?")
    assert reply.locator("h2").inner_text() == spanish.title("hyperhidrosis")
    quote = reply.locator("blockquote.source")
    source = spanish.responses["hyperhidrosis"].sources[0]
    assert source.quote in quote.inner_text() and source.translation in quote.inner_text()
    assert quote.locator("p").first.get_attribute("lang") == "en"  # the article's own words, marked English
    assert reply.locator(".reminder").inner_text() == responder.reminder_in(spanish)
    shot(page, "es-answer")

    alert = ask(page, "ayuda no puedo respirar").locator("[role=alert]")
    assert responder.message("page_get_help", spanish) in alert.inner_text()
    assert "112" in alert.locator(".call").inner_text()
    shot(page, "es-emergency")


def test_a_reply_comes_in_the_language_of_the_message_whatever_the_page(page, responder):
    reply = ask(page, "¿la toxina botulínica ayuda con la migraña?")
    assert reply.locator("h2").inner_text() == responder.texts("es").title("migraine")
    assert reply.get_attribute("lang") == "es"  # read aloud in Spanish on an English page
    reply = ask(page, "and is it approved?")
    assert reply.get_attribute("lang") == "en" and "approval" in reply.inner_text()


@pytest.mark.parametrize("state", [_start, _answer, _emergency], ids=lambda f: f.__name__[1:])
def test_no_accessibility_violations_with_the_page_in_spanish(page, server, state):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(server + "/?lang=es")
    assert page.locator("html").get_attribute("lang") == "es"
    state(page)
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
