"""The terminal chat, driven through prompt-toolkit's pipe input with the real responder.

Keys go in through ``create_pipe_input()``; the prompt draws to ``DummyOutput()``;
what the chat prints is caught by a ``Recorder`` screen, so the tests read it
as plain text. The pipe is closed after the keys are sent, which ends the chat
like Ctrl-D would if a test never gets to its own /quit.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from chatbot import Reply, Responder
from chatbot.terminal import TerminalChat, TerminalScreen, colour_wanted, run_terminal, terminal_words
from chatbot.terminal_input import ChatCompleter, build_prompt, choose_history
from chatbot.terminal_render import (
    COMMANDS,
    line_width,
    plain,
    render_reply,
    render_urgent,
    sanitise,
    wrap,
)

ROOT = Path(__file__).resolve().parent.parent
UP = "\x1b[A"
CTRL_C, CTRL_D = "\x03", "\x04"
# Anything a terminal would act on: C0 controls except newline, DEL, C1 controls (ESC is C0).
UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


class Recorder:
    """A screen that keeps what the chat shows, as plain text blocks, and counts clears."""

    def __init__(self) -> None:
        self.fragments: list[tuple[str, str]] = []
        self.blocks: list[str] = []
        self.clears = 0

    def show(self, fragments) -> None:
        self.fragments += fragments
        self.blocks.append(plain(fragments))

    def clear(self) -> None:
        self.clears += 1
        self.blocks.append("<cleared>")

    @property
    def text(self) -> str:
        return "".join(self.blocks)

    @property
    def flat(self) -> str:
        """The output with all whitespace runs made single spaces, to find wrapped sentences."""
        return flat(self.text)


class SizedOutput(DummyOutput):
    """A dummy output that reports a terminal of a given width."""

    def __init__(self, columns: int) -> None:
        self.columns = columns

    def get_size(self) -> Size:
        return Size(rows=24, columns=self.columns)


def flat(text: str) -> str:
    return " ".join(text.split())


def chat(responder: Responder, keys: str, **options) -> tuple[int, Recorder]:
    """Type ``keys`` into a fresh chat and return its exit code and what it showed."""
    screen = options.pop("screen", None) or Recorder()
    options.setdefault("output", DummyOutput())
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()
        code = run_terminal(responder, input=inp, screen=screen, **options)
    return code, screen


@pytest.fixture(scope="module")
def responder() -> Responder:
    return Responder.load()


def topic_text(responder: Responder, topic: str) -> tuple[str, str]:
    """A topic's title and short answer, as the content files write them (not as a reply says them)."""
    response = responder.content.responses[topic]
    return response.title, response.answer


# -- the opening screen and answers ---------------------------------------------------


def test_welcome_lists_numbered_topics_how_to_ask_the_disclaimer_and_how_to_quit(responder):
    code, screen = chat(responder, "/quit\n")
    welcome = screen.blocks[0]
    for number, topic in enumerate(responder.topics(), 1):
        assert re.search(rf"^\s*{number}\. {re.escape(topic['title'])}$", welcome, re.M)
    assert "Ask in your own words" in welcome
    assert flat(responder.reminder) in flat(welcome)
    assert "/quit" in welcome and "Ctrl-D" in welcome
    assert code == 0


def test_an_answer_shows_its_title_body_and_the_reminder_set_apart(responder):
    title, answer_text = topic_text(responder, "migraine")
    code, screen = chat(responder, "botox for migraines\n/quit\n")
    answer = screen.blocks[1]
    lines = answer.splitlines()
    assert lines[0] == title
    assert flat(answer_text) in flat(answer)
    rule = next(i for i, line in enumerate(lines) if set(line) == {"-"})
    assert responder.reminder and flat(responder.reminder) in flat("\n".join(lines[rule + 1 :]))
    assert ("class:title", title) in screen.fragments
    assert any(style == "class:reminder" for style, _ in screen.fragments)
    assert code == 0


def test_output_is_wrapped_to_the_terminal_width(responder):
    for columns in (40, 72):
        _, screen = chat(responder, "botox for migraines\n/help\n/topics\n", output=SizedOutput(columns))
        assert max(len(line) for line in screen.text.splitlines()) <= columns - 1


def test_the_width_is_read_again_for_every_reply_so_resizing_works(responder):
    output = SizedOutput(80)
    chat_ = TerminalChat(responder, build_prompt([], InMemoryHistory(), color=False, output=output), Recorder())
    assert chat_.width == 79
    output.columns = 50
    assert chat_.width == 49


# -- commands ---------------------------------------------------------------------------


def test_topics_then_a_number_opens_that_topic(responder):
    fifth = responder.content.topic_ids[4]
    title, answer_text = topic_text(responder, fifth)
    _, screen = chat(responder, "botox for migraines\n/topics\n5\n")
    assert re.search(rf"^\s*5\. {re.escape(title)}$", screen.blocks[2], re.M)
    assert screen.blocks[3].splitlines()[0] == title
    assert flat(answer_text) in flat(screen.blocks[3])


def test_a_number_right_after_the_welcome_opens_that_topic(responder):
    _, screen = chat(responder, "2\n")
    assert screen.blocks[1].splitlines()[0] == responder.topics()[1]["title"]


def test_a_number_after_an_answer_opens_that_topic(responder):
    _, screen = chat(responder, "botox for migraines\n3\n")
    assert screen.blocks[2].splitlines()[0] == responder.topics()[2]["title"]


def test_a_number_after_an_offer_goes_to_the_responder(responder):
    _, screen = chat(responder, "is botox for migraines safe?\n1\n")
    assert screen.blocks[2].splitlines()[0] == responder.content.title("migraine")


def test_a_number_outside_the_list_says_so_and_keeps_the_list_on_offer(responder):
    _, screen = chat(responder, "/topics\n42\n2\n")
    assert "There is no topic 42" in screen.blocks[2]
    assert screen.blocks[3].splitlines()[0] == responder.topics()[1]["title"]


def test_clarify_shows_numbered_choices_and_a_number_picks_one(responder):
    # "spasms" is a lay term of several topics: the content says which.
    shared = {responder.content.title(i.id) for i in responder.content.intents if "spasms" in i.terms}
    assert len(shared) > 1
    _, screen = chat(responder, "botox for spasms\n2\n")
    listed = re.findall(r"^\s*(\d)\. (.+)$", screen.blocks[1], re.M)
    assert [n for n, _ in listed] == [str(k) for k in range(1, len(listed) + 1)] and len(listed) > 1
    assert {t for _, t in listed} <= shared
    assert screen.blocks[2].splitlines()[0] == listed[1][1]


def test_more_tells_more_about_the_current_topic(responder):
    _, screen = chat(responder, "botox for migraines\n/more\n")
    assert flat(responder.content.responses["migraine"].more) in flat(screen.blocks[2])


def test_more_before_any_topic_asks_for_a_topic_first(responder):
    _, screen = chat(responder, "/more\n")
    assert flat(responder.message("more_none")) in flat(screen.blocks[1])


def test_restart_starts_a_new_session_and_clears_the_screen(responder):
    no_topic = responder.message("more_none")
    _, screen = chat(responder, "botox for migraines\n/restart\n/more\n")
    assert screen.clears == 1
    after = screen.text.split("<cleared>")[1]
    assert "Ask in your own words" in after  # the welcome again
    assert flat(no_topic) in flat(after)  # the old topic is forgotten


def test_help_lists_every_command(responder):
    _, screen = chat(responder, "/help\n")
    words = terminal_words(responder, "")
    for name, what in COMMANDS:
        assert flat(f"{name} {words[what]}") in flat(screen.blocks[1])


def test_an_unknown_command_is_not_sent_to_the_responder(responder):
    _, screen = chat(responder, "/dance\n")
    assert "Unknown command /dance" in screen.blocks[1]
    assert "/help" in screen.blocks[1]


def test_ctrl_d_says_goodbye_and_returns_0(responder):
    code, screen = chat(responder, CTRL_D + "botox for migraines\n")
    assert code == 0
    assert screen.blocks[-1].strip() == responder.message("goodbye")
    assert "Chronic migraine" not in "".join(screen.blocks[1:])


def test_quit_says_goodbye_and_returns_0(responder):
    code, screen = chat(responder, "/quit\nbotox for migraines\n")
    assert code == 0
    assert len(screen.blocks) == 2 and screen.blocks[1].strip() == responder.message("goodbye")


def test_ctrl_c_cancels_the_line_and_the_chat_goes_on(responder):
    code, screen = chat(responder, "botox for migr" + CTRL_C + "botox for sweaty armpits\n/quit\n")
    assert "Line cleared" in screen.blocks[1]
    assert screen.blocks[2].splitlines()[0] == responder.content.title("hyperhidrosis")
    assert "Chronic migraine" not in screen.text.split("Line cleared")[1]
    assert code == 0


def test_an_emergency_is_shown_between_urgent_banners(responder):
    _, screen = chat(responder, "i can't breathe\n")
    lines = screen.blocks[1].strip().splitlines()
    banner = terminal_words(responder, "")["term_urgent"]
    assert lines[0].strip() == banner and lines[-1].strip() == banner
    assert flat(responder.message("emergency")) in flat(screen.blocks[1])
    assert any(style == "class:urgent" for style, _ in screen.fragments)


# -- input line: history, completion ---------------------------------------------------------


def test_up_arrow_recalls_the_previous_question(responder):
    title = responder.content.title("migraine")
    with create_pipe_input() as inp:
        watchdog = threading.Timer(20, inp.close)  # a stuck chat ends instead of hanging the suite
        watchdog.start()

        class TypingAfterAnswers(Recorder):
            def show(self, fragments) -> None:
                super().show(fragments)
                # Typed only once the answer is out, as a person would: history is
                # loaded when the next prompt starts.
                if self.blocks[-1].startswith(title):
                    inp.send_text(UP + "\n" if len(self.blocks) == 2 else CTRL_D)

        screen = TypingAfterAnswers()
        inp.send_text("botox for migraines\n")
        try:
            run_terminal(responder, input=inp, output=DummyOutput(), screen=screen)
        finally:
            watchdog.cancel()
    assert [block.splitlines()[0] for block in screen.blocks[1:3]] == [title, title]


def test_history_stays_in_memory_unless_a_file_is_given(responder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    chat(responder, "botox for migraines\n")
    assert list(tmp_path.iterdir()) == []
    assert isinstance(choose_history(None)[0], InMemoryHistory)

    path = tmp_path / "history"
    chat(responder, "botox for migraines\n", history=str(path))
    assert isinstance(choose_history(str(path))[0], FileHistory)
    assert "+botox for migraines" in path.read_text()


def test_an_unusable_history_file_falls_back_to_memory_with_a_warning(responder, tmp_path):
    history, warning = choose_history(str(tmp_path))  # a directory cannot be appended to
    assert isinstance(history, InMemoryHistory)
    assert warning and "will not be saved" in warning
    code, screen = chat(responder, "botox for migraines\n", history=str(tmp_path))
    assert "will not be saved" in screen.blocks[0] and code == 0


def test_completion_offers_commands_and_topic_titles():
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    completer = ChatCompleter(["Excessive sweating (hyperhidrosis)", "Chronic migraine"])

    def complete(text):
        return [c.text for c in completer.get_completions(Document(text), CompleteEvent(completion_requested=True))]

    assert complete("/he") == ["/help"]
    assert complete("/") == [name for name, _ in COMMANDS]
    assert complete("sweat") == ["Excessive sweating (hyperhidrosis)"]
    assert complete("HYPER") == ["Excessive sweating (hyperhidrosis)"]
    assert complete("chr") == ["Chronic migraine"]
    assert complete("") == [] and complete("xyz") == []


def test_tab_completes_the_word_the_cursor_is_in_to_a_topic(responder):
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    completer = ChatCompleter(["Excessive sweating (hyperhidrosis)", "Chronic migraine"])
    text = "botox for mig"
    [completion] = completer.get_completions(Document(text), CompleteEvent(completion_requested=True))
    assert (completion.text, completion.start_position) == ("Chronic migraine", -3)
    assert text[: len(text) + completion.start_position] + completion.text == "botox for Chronic migraine"
    # The cursor inside the line: the word before it.
    middle = Document("botox for swe and more", cursor_position=len("botox for swe"))
    assert [c.text for c in completer.get_completions(middle, CompleteEvent(completion_requested=True))] == [
        "Excessive sweating (hyperhidrosis)"
    ]
    # The chat's own completer has every topic in every language.
    chat_completer = ChatCompleter([t["title"] for code in responder.codes for t in responder.topics(code)])
    offered = [c.text for c in chat_completer.get_completions(Document("botox para la migr"), CompleteEvent())]
    assert responder.texts("es").title("migraine") in offered


def test_tab_completes_a_command(responder):
    _, screen = chat(responder, "/he\t\n")
    assert "/restart" in screen.blocks[1]  # the help text


# -- safety of what is printed ---------------------------------------------------------------


def test_control_characters_and_escapes_typed_or_pasted_never_reach_the_output(responder, tmp_path):
    typed = "botox \x1b[31mfor\x1b[0m migraines\x07\x1b]0;pwned\x07\x9b2J\x00\n"
    pasted = "\x1b[200~\x1b[2Jsweaty\x1b]0;x\x07 armpits\r\nand more\x1b[201~\n"
    history = tmp_path / "history"
    code, screen = chat(responder, typed + pasted + "/topics\n\x1b[31m\n", history=str(history))
    assert code == 0
    for _, text in screen.fragments:
        assert not UNSAFE.search(text), repr(text)
    assert "Excessive sweating" in screen.text  # the paste was still answered
    entries = [line[1:] for line in history.read_text().splitlines() if line.startswith("+")]
    assert entries[1] == "sweaty armpits and more"  # the paste reached the input line cleaned, as one line


def test_everything_shown_is_sanitised_even_text_the_chat_did_not_clean(responder):
    screen = Recorder()
    chat_ = TerminalChat(responder, build_prompt([], InMemoryHistory(), color=False, output=DummyOutput()), screen)
    chat_.say([("", "\x1b[2J\x1b]52;c;aGk=\x07boom\x9b1m\x07\r\n"), ("class:title", "ok\x1bc\n")])
    assert screen.text == "boom\nok\n\n"


def test_content_with_escapes_renders_clean(responder):
    reply = Reply(
        kind="answer",
        text="",
        title="Title\x1b[2J",
        body="Line one\x1b[31m red\x1b[0m\nLine\x00 two\x9b5n",
        reminder="Ask a doctor.\x1b]8;;http://x\x07link\x1b]8;;\x07",
    )
    text = plain(render_reply(reply, 60, terminal_words(responder, "")))
    assert not UNSAFE.search(text)
    assert text.startswith("Title\nLine one red\nLine two\n")
    assert "Ask a doctor.link" in text


def test_sanitise():
    assert sanitise("a\x1b[1;31mb\x1b[0mc") == "abc"
    assert sanitise("a\x1b]0;title\x07b\x1b]8;;u\x1b\\c") == "abc"
    assert sanitise("tab\there\r\nnext\rline") == "tab here\nnext\nline"
    assert sanitise("bidi\u202eevil\u2066") == "bidievil"
    assert sanitise("caf\u00e9 \u2014 ok") == "caf\u00e9 \u2014 ok"
    assert sanitise("\x1b[200~" + "x" * 100_000) == "x" * 100_000


def test_wrapping_keeps_paragraphs_and_fits_the_width(responder):
    text = "A short line.\n\n" + "word " * 40
    lines = wrap(text, 30)
    assert lines[0] == "A short line." and lines[1] == ""
    assert all(len(line) <= 30 for line in lines)
    assert all(
        len(line) <= 30 for line in plain(render_urgent("x " * 50, 30, terminal_words(responder, ""))).splitlines()
    )
    assert line_width(200) == 100 and line_width(80) == 79 and line_width(5) == 20


# -- colour ----------------------------------------------------------------------------------


def vt100() -> tuple[Vt100_Output, io.StringIO]:
    stream = io.StringIO()
    return Vt100_Output(stream, lambda: Size(rows=24, columns=80), term="xterm-256color"), stream


@pytest.mark.parametrize(
    ("color", "environ", "styled"),
    [
        (True, {"TERM": "xterm-256color"}, True),
        (False, {"TERM": "xterm-256color"}, False),
        (True, {"TERM": "xterm-256color", "NO_COLOR": "1"}, False),
        (True, {"TERM": "dumb"}, False),
    ],
)
def test_colour_is_used_only_when_wanted_and_plain_means_no_escape_codes(
    responder, monkeypatch, color, environ, styled
):
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    output, stream = vt100()
    code, _ = chat(
        responder, "botox for migraines\ni can't breathe\n/topics\n", color=color, screen=TerminalScreen(output, color)
    )
    printed = stream.getvalue()
    assert code == 0
    assert terminal_words(responder, "")["term_urgent"] in printed and "Chronic migraine" in printed
    assert ("\x1b" in printed) is styled


def test_colour_wanted():
    assert colour_wanted(True, {})
    assert not colour_wanted(False, {})
    assert not colour_wanted(True, {"NO_COLOR": "1"})
    assert colour_wanted(True, {"NO_COLOR": ""})  # NO_COLOR counts only when non-empty
    assert not colour_wanted(True, {"TERM": "dumb"})


# -- boundaries ------------------------------------------------------------------------------


def test_only_the_terminal_modules_import_prompt_toolkit():
    for path in sorted((ROOT / "chatbot").rglob("*.py")):
        if not path.name.startswith("terminal"):
            assert "prompt_toolkit" not in path.read_text(encoding="utf-8"), path


def test_plain_line_mode_never_loads_prompt_toolkit():
    script = (
        "import io, sys\n"
        "from chatbot.cli import main\n"
        "out = io.StringIO()\n"
        "main([], stdin=io.StringIO('botox for migraines\\n'), stdout=out)\n"
        "assert 'Chronic migraine' in out.getvalue()\n"
        "print('prompt_toolkit' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stdout.strip() == "False", result.stderr
