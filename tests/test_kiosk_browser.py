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
        f'  phone: "555-0100"\n'
        f"kiosk:\n  idle_timeout_seconds: {IDLE_SECONDS}\nstats:\n  enabled: true\n",
        encoding="utf-8",
    )
    with running_server(config) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    # A runtime folder of this run's own, so Chromium starts a fresh speech-dispatcher (its voices)
    # rather than reaching for one a browser from an earlier run left behind.
    runtime = tmp_path_factory.mktemp("runtime")
    runtime.chmod(0o700)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
            args=[
                "--no-sandbox",
                # Chromium's voices on Linux come from speech-dispatcher (with espeak-ng: .ci/run).
                "--enable-speech-dispatcher",
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
    page.keyboard.press("Tab")  # past the text-size buttons and the language link to the first topic
    for _ in range(10):
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
    # The Spanish reminder, with the clinic's phone this server was given.
    assert reply.locator(".reminder").inner_text().startswith(spanish.settings["reminder"].split(".")[0])
    assert "555-0100" in reply.locator(".reminder").inner_text()
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


# -- every patient in the waiting room (issue 17): large text, read aloud, take home, tell us -----

VIEWPORTS = {"portrait": {"width": 1080, "height": 1920}, "landscape": {"width": 1920, "height": 1080}}

#: Records what the page asks the browser's own speech synthesis to do, and still does it.
SPEECH_SPY = """
(() => {
  window.__spoken = []; window.__cancelled = 0;
  if (!("speechSynthesis" in window)) return;
  const synth = window.speechSynthesis, speak = synth.speak.bind(synth), cancel = synth.cancel.bind(synth);
  synth.speak = (u) => {
    window.__spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.lang});
    speak(u);
  };
  synth.cancel = () => { window.__cancelled += 1; cancel(); };
})();
"""

#: Every visible piece of text: its element, font size, and box.
VISIBLE_TEXT = """() => {
  const out = [];
  for (const el of document.querySelectorAll("h1, h2, p, li, button, input, label, cite, a, blockquote")) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || el.closest(".visually-hidden, [hidden]")) continue;
    if (!(el.innerText || el.placeholder || "").trim()) continue;
    out.push([el.tagName + "." + el.className, parseFloat(getComputedStyle(el).fontSize), box.width, box.height]);
  }
  return out;
}"""

TARGETS = """() => [...document.querySelectorAll("button, a, input")]
  .filter((el) => el.getBoundingClientRect().width && !el.closest("[hidden]"))
  .map((el) => [el.tagName + "." + el.className + ":" + (el.innerText || el.placeholder || "").slice(0, 20),
                el.getBoundingClientRect().width, el.getBoundingClientRect().height])"""


@pytest.fixture(params=list(VIEWPORTS))
def screen(request, browser, server):
    context = browser.new_context(viewport=VIEWPORTS[request.param], has_touch=True)
    page = context.new_page()
    page.add_init_script(SPEECH_SPY)
    page.screen_name = request.param
    page.goto(server + "/")
    yield page
    context.close()


def test_text_is_28_pixels_or_more_and_targets_48(screen):
    ask(screen, "botox for sweaty armpits?")
    ask(screen, "i can't breathe")
    sizes = screen.evaluate(VISIBLE_TEXT)
    assert len(sizes) > 20 and not [s for s in sizes if s[1] < 28]
    targets = screen.evaluate(TARGETS)
    assert targets and not [t for t in targets if t[1] < 48 or t[2] < 48]
    # The emergency line is as prominent as the reminder: as large, and bold.
    note, reminder = screen.locator(".urgent-note"), screen.locator("#welcome .reminder")
    screen.locator("#start-over").click()
    size = "el => parseFloat(getComputedStyle(el).fontSize)"
    assert note.evaluate(size) >= reminder.evaluate(size)
    assert int(note.evaluate("el => getComputedStyle(el).fontWeight")) >= 700
    shot(screen, f"{screen.screen_name}-welcome")


@pytest.mark.parametrize("size", [1, 2])
def test_the_larger_text_sizes_keep_the_layout_intact(screen, size):
    ask(screen, "how does botox help cervical dystonia")
    ask(screen, "how much does it cost")
    screen.locator(f"button.size[data-size='{size}']").click()
    root = screen.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert root == {1: 34, 2: 40}[size]
    assert screen.locator(f"button.size[data-size='{size}']").get_attribute("aria-pressed") == "true"
    # Nothing wider than the screen, and every control still inside it.
    assert screen.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    outside = screen.evaluate(
        """() => [...document.querySelectorAll("button, a, input")].filter((el) => {
             const box = el.getBoundingClientRect();
             return box.width && !el.closest("[hidden]") && (box.left < 0 || box.right > window.innerWidth + 0.5);
           }).map((el) => el.innerText)"""
    )
    assert not outside
    shot(screen, f"{screen.screen_name}-text-size-{size}")


def test_on_a_portrait_screen_the_topics_sit_above_the_input_not_a_gap_away(browser, server):
    context = browser.new_context(viewport=VIEWPORTS["portrait"], has_touch=True)
    page = context.new_page()
    page.goto(server + "/")
    ask(page, "botox for migraines")
    topics = page.locator("nav.topics").bounding_box()
    composer = page.locator("footer.composer").bounding_box()
    assert composer["y"] - (topics["y"] + topics["height"]) < 120  # the height is used, not left blank
    shot(page, "portrait-answer")
    context.close()


def _until(page, script: str, timeout: float = 10.0) -> None:
    """Wait until ``script`` is true in the page (polled from here: the page's CSP forbids eval)."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"not true within {timeout}s: {script}"
        page.wait_for_timeout(50)


def _voices_ready(page) -> None:
    _until(page, "speechSynthesis.getVoices().length > 0")


def test_read_aloud_speaks_the_reply_with_the_pages_own_voice_and_stops_on_start_over(screen):
    _voices_ready(screen)
    reply = ask(screen, "botox for sweaty armpits?")
    button = reply.locator("button.read")
    button.wait_for()
    button.click()
    spoken = screen.evaluate("window.__spoken")
    assert (
        len(spoken) == 1 and spoken[0]["text"].startswith("Excessive sweating") and spoken[0]["voice"].startswith("en")
    )
    assert "healthcare professional" in spoken[0]["text"]  # the reminder is read too
    assert screen.evaluate("speechSynthesis.speaking || speechSynthesis.pending")
    assert button.get_attribute("aria-pressed") == "true"
    shot(screen, f"{screen.screen_name}-read-aloud")
    cancelled = screen.evaluate("window.__cancelled")
    ask(screen, "what is tmj")  # a new message silences the last answer
    assert screen.evaluate("window.__cancelled") > cancelled
    screen.locator("button.read").last.click()
    cancelled = screen.evaluate("window.__cancelled")
    screen.locator("#start-over").click()
    assert screen.evaluate("window.__cancelled") > cancelled
    _until(screen, "!speechSynthesis.speaking && !speechSynthesis.pending")


def test_every_reply_read_aloud_when_asked_and_spanish_in_a_spanish_voice(page, server):
    page.add_init_script(SPEECH_SPY)
    page.goto(server + "/?lang=es")
    _voices_ready(page)
    toggle = page.locator("#auto-read")
    toggle.wait_for()
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    ask(page, "¿el botox sirve para el sudor de las axilas?")
    _until(page, "window.__spoken.length > 0")
    spoken = page.evaluate("window.__spoken")
    assert spoken[0]["voice"].startswith("es") and "Sudor excesivo" in spoken[0]["text"]
    page.locator("#start-over").click()


def test_with_no_voice_installed_the_read_aloud_controls_are_hidden_not_broken(browser, server):
    # The same Chromium without speech-dispatcher: no voice at all.
    bare = browser.browser_type.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
    try:
        page = bare.new_page()
        page.goto(server + "/")
        assert page.evaluate("speechSynthesis.getVoices().length") == 0
        reply = ask(page, "botox for migraines")
        assert reply.locator("button.read").is_hidden() and page.locator("#auto-read").is_hidden()
        assert reply.locator("h2").inner_text() == "Chronic migraine"  # and the page works as ever
    finally:
        bare.close()


def test_print_these_answers_prints_each_answer_quote_and_the_clinic_on_two_pages_at_most(page, responder):
    ask(page, "botox for sweaty armpits?")
    ask(page, "what is tmj")
    ask(page, "how much does it cost")
    page.locator("#print").wait_for()
    page.emulate_media(media="print")
    printed = page.locator("body").inner_text()
    for topic in ("hyperhidrosis", "tmj"):
        assert responder.content.title(topic) in printed
        for source in responder.content.responses[topic].sources:
            assert source.quote in printed
    assert "Unraveling the Medical Benefits of Botox Injections" in printed  # the source's title
    assert "Riverside Clinic" in printed and "555-0100" in printed
    assert "This is general information" in printed  # the reminder
    assert "botox for sweaty armpits?" not in printed  # no patient text unless the clinic allows it
    assert "Start over" not in printed and "Was this helpful" not in printed
    pdf = page.pdf(format="Letter")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "kiosk-print.pdf").write_bytes(pdf)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 2, pages
    shot(page, "print-view")
    page.emulate_media(media="screen")
    page.locator("#start-over").click()
    page.emulate_media(media="print")
    assert responder.content.title("tmj") not in page.locator("body").inner_text()  # cleared with the conversation


def test_was_this_helpful_reaches_the_counts_by_topic_and_kind(page, server):
    import json
    import urllib.request

    reply = ask(page, "how much does botox for tmj cost")
    reply.locator("button.vote").nth(1).click()  # not helpful
    reply.locator(".feedback .thanks").wait_for()
    shot(page, "feedback")

    def figures():
        with urllib.request.urlopen(server + "/api/stats") as response:
            return json.load(response)["feedback"]

    import time

    deadline = time.monotonic() + 10
    while not any(r["topic"] == "tmj" and r["kind"] == "not_covered" and r["unhelpful"] >= 1 for r in figures()):
        assert time.monotonic() < deadline, figures()
        time.sleep(0.05)
    with urllib.request.urlopen(server + "/metrics") as response:
        metrics = response.read().decode()
    assert 'botox_kiosk_feedback_total{kind="not_covered",topic="tmj",verdict="unhelpful"}' in metrics


def _large_text(page) -> None:
    page.locator("button.size[data-size='2']").click()
    ask(page, "botox for sweaty armpits?")


def _reading_aloud(page) -> None:
    _voices_ready(page)
    ask(page, "botox for migraines").locator("button.read").click()


def _print_view(page) -> None:
    ask(page, "botox for migraines")
    page.emulate_media(media="print")


@pytest.mark.parametrize("state", [_large_text, _reading_aloud, _print_view], ids=lambda f: f.__name__[1:])
def test_no_accessibility_violations_with_large_text_read_aloud_and_print(page, state):
    from axe_playwright_python.sync_playwright import Axe

    state(page)
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
