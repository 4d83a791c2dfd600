"""Stage 1: a message in a language the bot does not read gets a short reply with the emergency number.

This runs before any word is read, so neither a red flag nor a topic is ever
picked from foreign words.
"""

from __future__ import annotations

from ..indexes import Indexes
from ..lexicon import Message
from .values import Decision


def decide(ix: Indexes, message: Message) -> Decision | None:
    """The reply for a message in another language, or None to read it."""
    if message.original and ix.language.foreign(message):
        return Decision(
            "fallback",
            confidence=1.0,
            aspect="language",
            rule="not English",
        )
    return None
