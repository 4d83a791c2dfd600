"""The terminal chat: a prompt-toolkit conversation around ``Responder.respond``.

This is a thin adapter. It reads a line, runs it as a slash command or sends
it to the responder with the conversation's ``Session``, and prints the
reply. It does no matching of its own; the only thing it maps is a bare
number typed right after the topic list, which it turns into that topic's
title (the responder recognises exact titles).

Everything printed goes through a ``Screen``: ``TerminalScreen`` prints with
prompt-toolkit (plain text when colour is off), and tests pass their own.
Only ``chatbot/terminal*.py`` import prompt-toolkit, so batch mode never
pays for it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from typing import Protocol

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style

from .models import Session
from .responder import Responder
from .terminal_input import build_prompt, choose_history
from .terminal_render import (
    COMMANDS,
    STYLE,
    Fragment,
    clean_input,
    line_width,
    plain,
    render_help,
    render_notice,
    render_reply,
    render_topics,
    render_welcome,
    sanitise,
)

#: What "/more" sends: the responder's own "tell me more" follow-up.


class Screen(Protocol):
    """Where the chat's output goes."""

    def show(self, fragments: Sequence[Fragment]) -> None:
        """Print styled fragments (already sanitised and wrapped)."""

    def clear(self) -> None:
        """Clear the screen, e.g. between two patients."""


def colour_wanted(color: bool, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether to style output: not if asked not to, if NO_COLOR is set, or on a dumb terminal."""
    return color and not environ.get("NO_COLOR") and environ.get("TERM") != "dumb"


class TerminalScreen:
    """Prints to a prompt-toolkit ``Output``: styled, or with no escape codes at all when colour is off."""

    def __init__(self, output: Output, color: bool = True) -> None:
        self.output = output
        self.color = colour_wanted(color)
        self.style = Style.from_dict(dict(STYLE))

    def show(self, fragments: Sequence[Fragment]) -> None:
        if self.color:
            print_formatted_text(
                FormattedText(list(fragments)),
                end="",
                style=self.style,
                output=self.output,
                include_default_pygments_style=False,
            )
        else:
            # print_formatted_text always emits attribute resets; plain means plain.
            self.output.write(plain(fragments).replace("\n", "\r\n"))
            self.output.flush()

    def clear(self) -> None:
        self.output.erase_screen()
        self.output.cursor_goto(0, 0)
        self.output.flush()


class TerminalChat:
    """One conversation at the terminal: the read-answer loop and the slash commands."""

    def __init__(self, responder: Responder, prompt: PromptSession[str], screen: Screen, language: str = "") -> None:
        self.responder = responder
        self.prompt = prompt
        self.screen = screen
        self.texts = responder.texts(language)
        self.session = Session(language=self.texts.code)
        self.titles = tuple(topic["title"] for topic in responder.topics(self.texts.code))
        self.words = terminal_words(responder, self.texts.code)
        # Topic titles a bare number picks from; only right after the list is shown.
        self.menu: tuple[str, ...] = ()

    @property
    def width(self) -> int:
        """Columns to wrap to, read each time so a resized window is honoured."""
        try:
            columns = self.prompt.app.output.get_size().columns
        except (OSError, ValueError):  # an output that cannot tell its size (not a terminal, or closed)
            columns = shutil.get_terminal_size().columns
        return line_width(columns)

    def say(self, fragments: Sequence[Fragment]) -> None:
        """Show a block of output and a blank line after it.

        This is the one place output leaves, so the one place it is sanitised
        (again: content is sanitised before wrapping, too).
        """
        block = [*fragments, ("", "\n")]
        self.screen.show([(style, sanitise(text)) for style, text in block])

    def run(self) -> int:
        """Chat until /quit or Ctrl-D; returns the exit code (0)."""
        self.welcome()
        while True:
            try:
                line = self.prompt.prompt()
            except KeyboardInterrupt:  # Ctrl-C drops the line, like a shell
                self.say(render_notice(self.words["term_cleared"], self.width))
                continue
            except EOFError:
                break
            if not self.handle(line):
                break
        self.say(render_notice(self.responder.message("goodbye", self.texts), self.width))
        return 0

    def welcome(self) -> None:
        """The opening screen; its numbered topics can be picked straight away."""
        heading = self.texts.settings["kiosk"]["page_title"]
        self.say(render_welcome(heading, self.titles, self.responder.reminder_in(self.texts), self.width, self.words))
        self.menu = self.titles

    def handle(self, line: str) -> bool:
        """Act on one input line; False means the chat should end."""
        text = clean_input(line)
        if not text:
            return True  # an empty Enter keeps any menu on offer
        menu, self.menu = self.menu, ()
        if text.startswith("/"):
            return self.command(text)
        choice = text.rstrip(".")
        # A number picks from the list shown last: the topic menu, or else the choices the
        # responder offered (a clarify); with neither on screen it opens that topic.
        if choice.isdigit() and (menu or not self.session.options):
            if 1 <= int(choice) <= len(self.titles):
                self.ask(self.titles[int(choice) - 1])
            else:
                notice = self.words["term_no_topic"].format(number=choice, count=len(self.titles))
                self.say(render_notice(notice, self.width))
                self.menu = menu
            return True
        self.ask(text)
        return True

    def ask(self, text: str) -> None:
        """Send ``text`` to the responder within this conversation and show the reply."""
        reply = self.responder.respond(text, self.session)
        self.say(render_reply(reply, self.width, terminal_words(self.responder, reply.language)))

    def command(self, text: str) -> bool:
        """Run a slash command; False for /quit."""
        name = text.split()[0].lower()
        if name in ("/quit", "/exit"):
            return False
        if name == "/help":
            self.say(render_help(self.width, self.words))
        elif name == "/topics":
            self.say(render_topics(self.titles, self.width, self.words))
            self.menu = self.titles
        elif name == "/more":
            self.ask(self.responder.message("tell_me_more", self.responder.texts(self.session.language)))
        elif name == "/restart":
            self.session = Session(language=self.texts.code)
            self.screen.clear()
            self.welcome()
        else:
            names = " ".join(command for command, _ in COMMANDS)
            self.say(render_notice(self.words["term_unknown"].format(command=name, commands=names), self.width))
        return True


def terminal_words(responder: Responder, language: str) -> dict[str, str]:
    """The terminal's own words in ``language``: ``messages.yaml``'s ``term_*`` texts, filled in."""
    texts = responder.texts(language)
    return {
        name: responder.message(name, texts)
        for name in texts.messages
        if name.startswith("term_") or name == "tell_me_more"
    }


def run_terminal(
    responder: Responder,
    history: str | None = None,
    color: bool = True,
    *,
    input: Input | None = None,
    output: Output | None = None,
    screen: Screen | None = None,
    language: str = "",
) -> int:
    """Chat at the terminal until the patient leaves; returns the exit code.

    ``history`` is a file to keep input history in; by default it stays in
    memory. ``input``, ``output`` and ``screen`` let tests drive the chat
    without a terminal.
    """
    store, warning = choose_history(history)
    # Tab completes the topics in every language the bot reads.
    titles = [topic["title"] for code in responder.codes for topic in responder.topics(code)]
    hint = terminal_words(responder, language)["term_prompt"]
    prompt = build_prompt(
        list(dict.fromkeys(titles)), store, color=colour_wanted(color), hint=hint, input=input, output=output
    )
    chat = TerminalChat(responder, prompt, screen or TerminalScreen(prompt.app.output, color), language)
    if warning:
        chat.say(render_notice(warning, chat.width))
    return chat.run()
