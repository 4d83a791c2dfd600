"""The input line of the terminal chat: history, completion, suggestions and keys.

``build_prompt`` makes the prompt-toolkit ``PromptSession`` the chat reads
from. History stays in memory unless a file is asked for, because the chat
may run on a shared clinic machine where questions must not be left on disk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.output import ColorDepth, Output
from prompt_toolkit.styles import Style

from .terminal_render import COMMANDS, STYLE, sanitise

PROMPT: StyleAndTextTuples = [("class:prompt", "> ")]

#: The input line takes no more than this: nobody types a question this long,
#: and a megabyte pasted into the line would make every redraw slow.
MAX_LINE_CHARS = 4000


def _placeholder(hint: str) -> Callable[[], StyleAndTextTuples]:
    def shown() -> StyleAndTextTuples:
        # Hidden in the final render, so Ctrl-C or Ctrl-D on an empty line does not
        # leave the hint behind in the scrollback.
        return [] if get_app().is_done else [("class:placeholder", hint)]

    return shown


class ChatCompleter(Completer):
    """Completes slash commands, and topic titles from any word the patient has started."""

    def __init__(self, titles: Sequence[str], commands: Sequence[tuple[str, str]] = COMMANDS) -> None:
        self.titles = tuple(titles)
        self.commands = tuple(commands)

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        typed = document.text_before_cursor
        query = typed.strip().lower()
        if not query:
            return
        # Each completion replaces the whole line: a topic title is a whole question.
        start = -len(typed)
        if query.startswith("/"):
            for name, what in self.commands:
                if name.startswith(query):
                    yield Completion(name, start, display_meta=what)
            return
        # The whole line started as a title replaces the line ("mig" -> "Chronic migraine"); otherwise the
        # word the cursor is in is completed to a title ("botox for mig" -> "botox for Chronic migraine").
        word = document.get_word_before_cursor(WORD=True).lower().lstrip("(")
        for title in self.titles:
            words = title.lower().replace("(", " ").split()
            if title.lower().startswith(query) or any(w.startswith(query) for w in words):
                yield Completion(title, start)
            elif len(word) >= 2 and word != query and any(w.startswith(word) for w in words):
                yield Completion(title, -len(word))


def choose_history(path: str | None) -> tuple[History, str | None]:
    """The history to use and, if the file cannot be used, a warning to show instead."""
    if not path:
        return InMemoryHistory(), None
    try:
        open(path, "a", encoding="utf-8").close()  # fail now, not on the first Enter
    except OSError as exc:
        reason = sanitise(exc.strerror or str(exc))
        return InMemoryHistory(), f"Cannot keep history in {sanitise(path)} ({reason}); it will not be saved."
    return FileHistory(path), None


def _key_bindings() -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add(Keys.BracketedPaste)
    def _paste(event: KeyPressEvent) -> None:
        # Replaces the stock paste handler to keep the input line sane: escape
        # codes removed, line breaks made spaces (one paste is one question),
        # and the length capped.
        data = sanitise(event.data).replace("\n", " ")
        buffer = event.current_buffer
        room = max(0, MAX_LINE_CHARS - len(buffer.text))
        buffer.insert_text(data[:room])

    line_full = Condition(lambda: len(get_app().current_buffer.text) >= MAX_LINE_CHARS)

    @bindings.add(Keys.Any, filter=line_full)
    def _full(event: KeyPressEvent) -> None:
        # A terminal without bracketed paste "types" a paste key by key; past
        # the cap, further characters are dropped so it cannot grind to a halt.
        pass

    @bindings.add(Keys.Vt100MouseEvent)
    def _stray_escape(event: KeyPressEvent) -> None:
        # Mouse reporting is never switched on, so this is a pasted colour code
        # such as ESC[31m, which the stock mouse handler would crash on.
        pass

    return bindings


def build_prompt(
    titles: Sequence[str],
    history: History,
    *,
    color: bool,
    hint: str = "",
    input: Input | None = None,
    output: Output | None = None,
) -> PromptSession[str]:
    """The prompt session for the chat: one line, history, completion and suggestions; ``hint`` is
    shown in the empty line."""
    typed_command = Condition(lambda: session.default_buffer.text.lstrip().startswith("/"))
    session: PromptSession[str] = PromptSession(
        PROMPT,
        history=history,
        auto_suggest=AutoSuggestFromHistory(),
        completer=ChatCompleter(titles),
        # Commands pop up as soon as "/" is typed; topics wait for Tab, so a
        # menu does not jump about while someone types a question.
        complete_while_typing=typed_command,
        key_bindings=_key_bindings(),
        placeholder=_placeholder(hint),
        style=Style.from_dict(dict(STYLE)),
        include_default_pygments_style=False,
        color_depth=None if color else ColorDepth.MONOCHROME,
        input=input,
        output=output,
    )
    return session
