"""The real program in a real terminal: run_chat.py inside tmux, driven by keys, read off the screen.

Each test gets a private tmux server (its own socket, no user config), so
nothing here touches a tmux the developer is using. Waits poll the screen
against a deadline instead of sleeping.

Run as a script to measure how long the chat takes to be ready for typing:

    python3 tests/test_terminal_e2e.py [RUNS]
"""

from __future__ import annotations

import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
READY = "Type a question, a topic number, or /help"  # the placeholder of an empty prompt
REMINDER_START = "This is general information"
DEADLINE = 15.0

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    """One program in a private tmux server: send keys, read the screen, wait for text."""

    def __init__(self, command: str, width: int = 100, height: int = 40) -> None:
        # A socket of our own in a folder of our own: a private server, removed without a trace.
        self.folder = tempfile.mkdtemp(prefix="botox-e2e-")
        self.socket = os.path.join(self.folder, "tmux")
        self.command, self.width, self.height = command, width, height
        self.ready = READY  # the empty prompt's hint, in the chat's language

    def tmux(self, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run(
            ["tmux", "-S", self.socket, "-f", os.devnull, *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return result.stdout

    def start(self) -> None:
        self.tmux(
            "new-session", "-d", "-s", "chat", "-x", str(self.width), "-y", str(self.height), "sh", "-c", self.command
        )

    def close(self) -> None:
        try:
            self.tmux("kill-server")
        except (subprocess.SubprocessError, OSError):
            pass  # already gone
        shutil.rmtree(self.folder, ignore_errors=True)

    def keys(self, *keys: str) -> None:
        """Press tmux-named keys, e.g. ``"Up"``, ``"Enter"``, ``"C-d"``."""
        self.tmux("send-keys", "-t", "chat", *keys)

    def type(self, text: str, enter: bool = True) -> None:
        """Type ``text`` literally, then Enter."""
        self.tmux("send-keys", "-t", "chat", "-l", text)
        if enter:
            self.keys("Enter")

    def paste(self, text: str) -> None:
        """Paste ``text`` as a terminal does (bracketed, when the program asked for it)."""
        self.tmux("load-buffer", "-b", "paste", "-", stdin=text)  # too long for a command line
        self.tmux("paste-buffer", "-p", "-d", "-b", "paste", "-t", "chat")

    def screen(self) -> str:
        """Everything the program has printed, scrollback included."""
        return self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "chat")

    def visible(self) -> list[str]:
        """The lines now on screen, without trailing blank ones."""
        lines = self.tmux("capture-pane", "-p", "-t", "chat").rstrip("\n").splitlines()
        while lines and not lines[-1].strip():
            lines.pop()
        return lines

    def wait_for(self, text: str, count: int = 1, timeout: float = DEADLINE) -> str:
        """Wait until ``text`` is on the screen ``count`` times; returns the screen."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if screen.count(text) >= count:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not seen {count} time(s) within {timeout}s; screen:\n{screen}")
            time.sleep(0.02)

    def wait_for_prompt(self, timeout: float = DEADLINE) -> None:
        """Wait until the chat shows an empty prompt, ready for typing."""
        deadline = time.monotonic() + timeout
        while not (self.visible() and self.visible()[-1].rstrip().endswith(self.ready)):
            if time.monotonic() > deadline:
                raise AssertionError("the prompt did not come back; screen:\n" + "\n".join(self.visible()))
            time.sleep(0.02)


def chat_command() -> str:
    """The chat as the README runs it, then its exit code, then a pause so the pane stays readable."""
    program = f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} run_chat.py"
    return f"{program}; echo EXIT=$?; sleep 30"


@pytest.fixture
def chat():
    pane = Tmux(chat_command())
    try:
        pane.start()
        pane.wait_for_prompt()
        yield pane
    finally:
        pane.close()


@pytest.fixture(scope="module")
def responder():
    from chatbot import Responder

    return Responder.load()


def first_line_of(text: str) -> str:
    """The start of ``text`` short enough to sit on one screen line."""
    return text.split("\n")[0][:60]


def answer_start(responder, topic: str) -> str:
    """The start of a topic's answer as the content file writes it."""
    return first_line_of(responder.content.responses[topic].answer)


def test_a_question_is_answered_with_the_reminder(chat, responder):
    chat.type("botox for migraines")
    chat.wait_for(answer_start(responder, "migraine"))
    chat.wait_for_prompt()
    screen = chat.screen()
    assert responder.content.title("migraine") in screen.split("botox for migraines", 1)[1]
    assert REMINDER_START in screen.split(answer_start(responder, "migraine"), 1)[1]


def test_up_arrow_recalls_the_previous_question(chat, responder):
    body = answer_start(responder, "migraine")
    chat.type("botox for migraines")
    chat.wait_for(body)
    chat.wait_for_prompt()
    chat.keys("Up")
    deadline = time.monotonic() + DEADLINE
    while chat.visible()[-1].rstrip() != "> botox for migraines":
        assert time.monotonic() < deadline, "Up did not recall the question:\n" + "\n".join(chat.visible())
        time.sleep(0.02)
    chat.keys("Enter")
    chat.wait_for(body, count=2)


def test_topics_then_a_number_opens_the_topic(chat, responder):
    fifth = responder.content.topic_ids[4]
    title, body = responder.content.title(fifth), answer_start(responder, fifth)
    chat.type("/topics")
    chat.wait_for(f" 5. {title}", count=2)  # once in the welcome, once now
    chat.wait_for_prompt()
    chat.type("5")
    chat.wait_for(body)


def test_a_clarify_choice_is_picked_by_number(chat, responder):
    # "spasms" is a lay term of several topics (the content says which): the choices are numbered.
    shared = [i.id for i in responder.content.intents if "spasms" in i.terms]
    chat.type("botox for spasms")
    asked = first_line_of(responder.message("clarify"))
    chat.wait_for(asked)
    chat.wait_for_prompt()
    choices = chat.screen().split(asked, 1)[1]
    second = next(t for t in shared if f"2. {responder.content.title(t)}" in choices)
    chat.type("2")
    chat.wait_for(answer_start(responder, second))


def test_an_emergency_is_flagged(chat):
    chat.type("i can't breathe")
    chat.wait_for("!! URGENT: GET HELP NOW !!", count=2)


def test_quit_exits_with_code_0(chat, responder):
    chat.type("/quit")
    screen = chat.wait_for("EXIT=")
    assert "EXIT=0" in screen
    assert responder.message("goodbye") in screen


def test_ctrl_d_exits_with_code_0(chat):
    chat.keys("C-d")
    assert "EXIT=0" in chat.wait_for("EXIT=")


def test_a_long_paste_is_answered_promptly_and_shown_clean(chat, responder):
    body = answer_start(responder, "migraine")
    chat.paste("botox for migraines \x1b[31mplease\x1b[0m\n" * 5000)
    chat.keys("Enter")
    chat.wait_for(body, timeout=10)
    chat.wait_for_prompt()
    assert "^[" not in chat.screen()  # no escape character reached the input line


def test_answers_are_wrapped_to_a_resized_window(chat, responder):
    chat.tmux("resize-window", "-t", "chat", "-x", "60", "-y", "40")
    chat.type("botox for sweaty armpits")
    chat.wait_for(responder.content.title("hyperhidrosis"), count=2)  # the welcome lists it too
    chat.wait_for_prompt()
    answer = chat.screen().split("> botox for sweaty armpits", 1)[1]
    assert max(len(line) for line in answer.splitlines()) <= 60
    assert REMINDER_START in answer


# -- launch time --------------------------------------------------------------------


def measure_launch(runs: int = 5) -> list[float]:
    """Seconds from starting run_chat.py in tmux until its prompt is on screen, for each run.

    The tmux server is started first, so its own start-up is not counted.
    """
    server = Tmux("sleep 600")
    server.start()
    times = []
    try:
        for run in range(runs):
            name = f"launch{run}"
            started = time.perf_counter()
            server.tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "40", "sh", "-c", chat_command())
            while not server.tmux("capture-pane", "-p", "-t", name).rstrip().endswith(READY):
                if time.perf_counter() - started > DEADLINE:
                    raise RuntimeError("the chat did not start")
                time.sleep(0.005)
            times.append(time.perf_counter() - started)
            server.tmux("kill-session", "-t", name)
    finally:
        server.close()
    return times


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    figures = measure_launch(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
    print("launch to prompt (s):", " ".join(f"{t:.3f}" for t in figures))
    print(f"median {statistics.median(figures):.3f}  min {min(figures):.3f}  max {max(figures):.3f}")


def test_a_spanish_conversation_with_lang_es(responder):
    """The terminal in Spanish: its welcome and own words, a Spanish answer, an emergency, the way out."""
    from chatbot.terminal import terminal_words

    spanish = responder.texts("es")
    words = terminal_words(responder, "es")
    pane = Tmux(chat_command().replace("run_chat.py", "run_chat.py --lang es", 1))
    pane.ready = words["term_prompt"]
    try:
        pane.start()
        pane.wait_for_prompt()
        welcome = pane.screen()
        assert words["term_intro"] in welcome and spanish.title("migraine") in welcome
        pane.type("me babeo mucho, el botox me puede ayudar?")
        pane.wait_for(first_line_of(spanish.title("salivation")))
        pane.wait_for_prompt()
        pane.type("no puedo respirar bien")
        pane.wait_for(words["term_urgent"], count=2)
        pane.wait_for_prompt()
        pane.type("/quit")
        pane.wait_for("EXIT=0")
        assert first_line_of(responder.message("goodbye", spanish)) in pane.screen()
    finally:
        pane.close()
