"""Conversation moves: picking a choice on offer, going back to a topic, "tell me more",
small talk, and whether a message follows up on the conversation's topic. Pure: no I/O, no state.
"""

from __future__ import annotations

from collections.abc import Mapping

from .lexicon import Message
from .models import Session
from .reading import DESCRIBE, OTHER, Reading
from .safety import RuleIndex

#: Follow-ups without a topic of their own may have at most this many content words.
FOLLOW_UP_WORDS = 6
#: Acts that, asked of Botox by name, are about Botox in general even in a conversation about a topic.
GENERAL_BOTOX_ACTS = frozenset({"definition", "other_uses", "side_effects", "cosmetic", OTHER, DESCRIBE})
#: Words that ask for a topic itself again ("what about the jaw thing again"), not the last question.
RETURNING = frozenset({"again", "back"})
_ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "last": -1}


def pick(
    message: Message,
    session: Session,
    topics: Mapping[str, object],
    titles: Mapping[str, str],
    affirmations: frozenset[str],
    acknowledgements: frozenset[str],
) -> str | None:
    """A topic the patient picked from the choices on offer, or named by its exact title or id.

    Choices are picked by number ("2"), by order ("the last one"), or, when only
    one was offered, by accepting it ("yes", "ok sure"; "ok" alone acknowledges).
    """
    normal = message.normal
    options = [o for o in session.options if o in topics]
    if options:
        index = _ordinal(normal, len(options))
        if index is not None:
            return options[index]
        said = set(normal.split())
        if len(options) == 1 and said & affirmations and said <= affirmations | acknowledgements:
            return options[0]
    return titles.get(normal)


def _ordinal(normal: str, count: int) -> int | None:
    """The choice a short reply like "2", "the second", "last one" points to, if any."""
    words = [w for w in normal.split() if w not in ("the", "one", "number", "option", "no")]
    if len(words) != 1:
        return None
    word = words[0]
    index = int(word) - 1 if word.isdigit() else _ORDINALS.get(word)
    if index is None or not -count <= index < count:
        return None
    return index % count


def return_to(
    message: Message, session: Session, topics: Mapping[str, object], first: tuple[str, ...], previous: tuple[str, ...]
) -> str | None:
    """An earlier topic of the conversation: "back to the first one", "the previous one"."""
    history = [t for t in session.history if t in topics]
    if not history:
        return None
    normal = f" {message.normal} "
    if any(f" {p} " in normal for p in first):
        return history[0]
    earlier = [t for t in history if t not in session.topics[:1]]
    if earlier and any(f" {p} " in normal for p in previous):
        return earlier[-1]
    return None


def asks_for_more(
    message: Message, phrases: frozenset[str], forms: frozenset[tuple[str, ...]], polite: frozenset[str]
) -> bool:
    """Whether the message asks to hear more ("tell me more", "more please"): polite words aside."""
    return message.normal in phrases or tuple(w for w in message.words if w not in polite) in forms


def smalltalk(
    message: Message,
    reading: Reading,
    index: RuleIndex,
    content_words: list[str],
    in_topic: bool = False,
) -> str | None:
    """The small-talk act of a message that is mostly small talk ("hi there", "ok thanks").

    ``in_topic``: a topic is being discussed, so "how does it help?" or "will that help
    me?" asks about it rather than for help with the bot.
    """
    talk = index.matches(message)
    if not talk:
        return None
    act = next(iter(talk))  # the first in content order
    if in_topic and act == "help" and reading.refers_back and reading.cued and len(talk["help"]) == 1:
        return None
    leftover = [w for w in content_words if w not in set().union(*talk.values())]
    if any(w in reading.words for w in leftover) or (reading.cued and reading.question and "help" not in talk):
        return None  # "ok, and the cost?", "ok and what does it do exactly" ask something
    # "hi there bot" is a greeting; "what helps with insomnia" is not a request for help.
    return act if len(leftover) <= (0 if act == "help" else 1) else None


def follows_up(message: Message, reading: Reading, session: Session) -> bool:
    """Whether a message without a topic of its own asks about the conversation's topic.

    "is it approved?", "would botox relax it?", "and for kids?", "approved?",
    "botox?", "how many injections would i need?" do; "what is botox?" is about
    Botox in general, and "what's the weather" is about nothing the bot knows.
    """
    if not session.topics or reading.content_words > FOLLOW_UP_WORDS:
        return False
    if reading.about_botox and not reading.refers_back:
        # "how many injections would i need?" is about this treatment; "what is botox?" and
        # "is botox poison?" are about Botox in general.
        return reading.act not in GENERAL_BOTOX_ACTS
    if reading.refers_back or reading.ellipsis:
        return len(message.unknown) <= 1
    return (reading.cued or reading.question) and not message.unknown
