"""Stage 1: a message in a language the bot does not read gets a short reply with the emergency number.

Which language a message is in is settled before it is read (``Languages.identify``);
this stage runs before any word is read, so neither a red flag nor a topic is ever
picked from words the bot cannot read.
"""

from __future__ import annotations

from ..lexicon import Message
from .values import Decision


def decide(message: Message, readable: bool) -> Decision | None:
    """The reply for a message in a language the bot does not read, or None to read it."""
    if message.original and not readable:
        return Decision(
            "fallback",
            confidence=1.0,
            aspect="language",
            rule="a language the bot does not read",
        )
    return None
