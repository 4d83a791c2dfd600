"""What the terminal chat shows, as styled fragments: pure functions, no I/O.

Every function here returns a list of ``(style, text)`` fragments, the shape
prompt-toolkit's ``FormattedText`` takes, so the same output can be printed
in colour or, by dropping the styles, as plain text. Nothing here imports
prompt-toolkit or knows the terminal: the caller passes the width.

Every string that comes from content or from the patient goes through
``sanitise`` before it is measured or shown, so a stray escape sequence can
neither break the wrapping nor reach the terminal.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence

from .models import Reply

#: One styled piece of text; a list of them is what the screen prints.
Fragment = tuple[str, str]

#: The chat's slash commands, in the order help lists them, each with the message that says what it does.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("/help", "term_command_help"),
    ("/topics", "term_command_topics"),
    ("/more", "term_command_more"),
    ("/restart", "term_command_restart"),
    ("/quit", "term_command_quit"),
)

#: The terminal's own words: ``messages.yaml``'s ``term_*`` texts in the chat's language, filled in.
Words = Mapping[str, str]

#: Style classes used below; the screen turns them into colours (or ignores them).
STYLE: Mapping[str, str] = {
    "heading": "bold",
    "title": "bold ansicyan",
    "number": "bold",
    "command": "bold",
    "hint": "ansibrightblack",
    "rule": "ansibrightblack",
    "reminder": "italic ansibrightblack",
    "notice": "ansiyellow",
    "urgent": "bold ansiwhite bg:ansired",
    "urgent-text": "bold ansired",
    "prompt": "bold",
    "placeholder": "ansibrightblack",
}

# Lines are wrapped to the terminal, but never wider than this: long lines are hard to read.
MAX_WIDTH = 100
MIN_WIDTH = 20

# ESC-introduced sequences (CSI, OSC/DCS/APC strings with their terminator, and
# two-byte escapes) and their 8-bit C1 forms: removed whole, not just the ESC,
# so no "[31m" debris is left behind.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
)
# Other C0/C1 controls and DEL, plus the bidirectional overrides that can make
# text display in a different order from how it reads ("Trojan Source").
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def sanitise(text: str) -> str:
    """``text`` without escape sequences or control characters; newlines are kept, tabs become spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def clean_input(line: str) -> str:
    """A typed or pasted line made safe and tidy: one line, single spaces, no controls."""
    return " ".join(sanitise(line).split())


def line_width(columns: int) -> int:
    """How wide to wrap for a terminal ``columns`` wide (one column spare avoids auto-wrap glitches)."""
    return max(MIN_WIDTH, min(columns - 1, MAX_WIDTH))


def plain(fragments: Iterable[Fragment]) -> str:
    """The text of ``fragments`` with the styles dropped."""
    return "".join(text for _, text in fragments)


def wrap(text: str, width: int, indent: str = "", hang: str = "") -> list[str]:
    """Wrap each line of ``text`` to ``width``; blank lines are kept as paragraph breaks.

    ``indent`` starts each paragraph, ``hang`` starts its continuation lines.
    """
    out: list[str] = []
    for paragraph in sanitise(text).split("\n"):
        if not paragraph.strip():
            out.append("")
            continue
        out += textwrap.wrap(
            paragraph,
            width,
            initial_indent=indent,
            subsequent_indent=hang,
            break_on_hyphens=False,
            drop_whitespace=True,
        ) or [""]
    return out


def _lines(text: str, width: int, style: str = "", indent: str = "", hang: str = "") -> list[Fragment]:
    # Newlines go out unstyled: a terminal that scrolls while a background
    # colour is set paints the whole new line with it.
    out: list[Fragment] = []
    for line in wrap(text, width, indent, hang):
        out += [(style, line), ("", "\n")]
    return out


def _numbered(items: Sequence[str], width: int) -> list[Fragment]:
    """``items`` as a numbered list, numbers right-aligned, continuation lines hanging."""
    pad = len(str(len(items)))
    out: list[Fragment] = []
    for n, item in enumerate(items, 1):
        number = f"  {n:>{pad}}. "
        first, *rest = wrap(item, width - len(number)) or [""]
        out += [("class:number", number), ("", first + "\n")]
        out += [("", " " * len(number) + line + "\n") for line in rest]
    return out


def _rule(width: int) -> list[Fragment]:
    return [("class:rule", "-" * min(width, 40)), ("", "\n")]


def render_reply(reply: Reply, width: int, words: Words) -> list[Fragment]:
    """One reply: urgent banner, or title and wrapped body, then the reminder set apart and a next step.

    ``words`` are the terminal's words in the reply's language."""
    if reply.kind == "emergency":
        return render_urgent(reply.body or reply.text, width, words)
    out: list[Fragment] = []
    if reply.title:
        out += _lines(reply.title, width, "class:title")
    body = reply.body or reply.text
    if reply.kind == "clarify" and reply.suggestions:
        # The body lists the choices as plain lines; show them once, as a styled numbered list.
        listed = {f"{n}. {s}" for n, s in enumerate(reply.suggestions, 1)}
        question = "\n".join(line for line in body.split("\n") if line.strip() not in listed)
        return out + _lines(question, width) + _numbered(reply.suggestions, width)
    out += _lines(body, width)
    if reply.reminder:
        out += _rule(width) + _lines(reply.reminder, width, "class:reminder")
    return out + _next_step(reply, width, words)


def _next_step(reply: Reply, width: int, words: Words) -> list[Fragment]:
    """A hint line for what the patient can do next, from the reply's suggestions."""
    if reply.kind == "smalltalk" and reply.aspect == "goodbye":
        return _lines(words["term_leave"], width, "class:hint")
    if not reply.suggestions:
        return []
    if len(reply.suggestions) > 3:
        # Long lists are the topic menu, already named in the body: point at the numbered one.
        return _lines(words["term_see_topics"], width, "class:hint")
    tries = ", ".join(f'"{s}"' for s in reply.suggestions)
    more = f" {words['term_or_more']}" if words["tell_me_more"] in reply.suggestions else ""
    return _lines(f"{words['term_you_can_say']} {tries}{more}.", width, "class:hint")


def render_urgent(text: str, width: int, words: Words) -> list[Fragment]:
    """An emergency message between two banner lines that cannot be missed."""
    banner = words["term_urgent"].center(width)
    line = [("class:urgent", banner), ("", "\n")]
    return line + _lines(text, width, "class:urgent-text") + line


def render_topics(titles: Sequence[str], width: int, words: Words) -> list[Fragment]:
    """The numbered topic menu and how to use it."""
    return (
        _lines(words["term_topics"], width, "class:heading")
        + _numbered(titles, width)
        + _lines(words["term_pick"], width, "class:hint")
    )


def render_help(width: int, words: Words) -> list[Fragment]:
    """How to ask, and every command."""
    out = _lines(words["term_help"], width)
    name_width = max(len(name) for name, _ in COMMANDS) + 2
    for name, what in COMMANDS:
        first, *rest = wrap(words[what], width - name_width - 2) or [""]
        out += [("class:command", f"  {name:<{name_width}}"), ("", first + "\n")]
        out += [("", " " * (name_width + 2) + line + "\n") for line in rest]
    out += _lines(words["term_keys"], width, "class:hint")
    return out


def render_welcome(heading: str, titles: Sequence[str], reminder: str, width: int, words: Words) -> list[Fragment]:
    """The opening screen: what the bot does, the topics, how to ask and leave, the disclaimer."""
    out = _lines(heading, width, "class:heading")
    out += _lines(words["term_intro"], width)
    out += _numbered(titles, width)
    out += _lines(words["term_how"], width, "class:hint")
    out += _rule(width) + _lines(reminder, width, "class:reminder")
    out += _lines(words["term_emergency"], width, "class:urgent-text")
    return out


def render_notice(text: str, width: int) -> list[Fragment]:
    """A short message from the chat itself (not the bot), such as an unknown command."""
    return _lines(text, width, "class:notice")
