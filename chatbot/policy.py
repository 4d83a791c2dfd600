"""Which kind of reply a message gets, and about which topics. Pure: no I/O, no state.

The thresholds here were set against the labelled development questions and
the CLINC150 off-topic queries (see ``python run_chat.py evaluate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .lexicon import Message
from .matcher import TERM_WEIGHT, Evidence
from .models import Session

if TYPE_CHECKING:
    from .responder import Responder

#: An example alone (no keyword) must be at least this similar (0-100) to pick a topic.
EXAMPLE_ONLY = 86.0
#: A second topic whose score is at least this share of the first's is too close to call.
TOO_CLOSE = 0.85
#: At most this many topics are offered when the bot cannot tell which one is meant.
MAX_CHOICES = 3
#: The general topic, which gives way to any specific one named alongside it.
OVERVIEW = "overview"
#: Follow-ups without a topic of their own may have at most this many content words.
FOLLOW_UP_WORDS = 6


@dataclass(frozen=True)
class Decision:
    """The policy's verdict, before any wording is chosen."""

    kind: str
    intents: tuple[str, ...] = ()
    confidence: float = 0.0
    aspect: str | None = None
    aspect_label: str = ""
    crisis: bool = False
    more: bool = False


def decide(bot: "Responder", message: Message, session: Session) -> Decision:
    """Apply the checks in order; the first that fits decides."""
    if not message.words:
        return Decision("fallback", aspect="empty" if not message.original else None, confidence=1.0)

    flag = bot.red_flags.first(message)
    if flag is not None:
        return Decision("emergency", confidence=1.0, aspect=flag.id, aspect_label=flag.label, crisis=flag.crisis)

    picked = _pick(bot, message, session)
    if picked:
        return Decision("answer", (picked,), confidence=1.0)

    content_words = [w for w in message.words if w not in bot.lexicon_filler]
    if _is_more(bot, message):
        if session.topics and session.more_shown:
            # The whole passage is already on screen: say so rather than repeat it.
            return Decision("answer", session.topics, confidence=1.0, more=True, aspect="more_done")
        if session.topics:
            return Decision("answer", session.topics, confidence=1.0, more=True)
        return Decision("fallback", aspect="more_none", confidence=1.0)

    set_aside = bot.matcher.set_aside(message)
    evidence = bot.matcher.score(message, set_aside)
    topics, confidence, clarify = _topics(bot, message, evidence, content_words)

    aspects = bot.aspects.matches(message)
    aspect = _uncovered_aspect(aspects, evidence, {message.sentences[s][i] for s, i in set_aside})
    if aspect is not None:
        ruleset = bot.aspects.by_id[aspect]
        about = topics or _follow_up_topic(bot, message, session, content_words)
        if about or _about_botox(bot, message):
            about = [] if ruleset.general else [t for t in about if t != OVERVIEW][:1]
            return Decision(
                "not_covered", tuple(about), confidence=max(confidence, 0.8), aspect=aspect, aspect_label=ruleset.label
            )

    if topics:
        return Decision("clarify" if clarify else "answer", tuple(topics), confidence=confidence)

    if content_words and _about_botox(bot, message) and all(w in bot.domain_stems for w in content_words):
        # "botox?", "tell me about botox injections": about Botox and nothing narrower.
        return Decision("answer", (OVERVIEW,), confidence=0.7)

    talk = bot.smalltalk.matches(message)
    if talk:
        act = next(iter(talk))  # the first in content order
        leftover = [w for w in content_words if w not in set().union(*talk.values())]
        # "hi there bot" is a greeting; "what helps with insomnia" is not a request for help.
        if len(leftover) <= (0 if act == "help" else 1):
            return Decision("smalltalk", confidence=1.0, aspect=act)

    return Decision("fallback", confidence=round(1.0 - confidence, 3))


def _pick(bot: "Responder", message: Message, session: Session) -> str | None:
    """A topic the patient picked from the choices on offer, or named by its exact title or id.

    Choices are picked by number ("2"), by order ("the last one"), or, when
    only one was offered, by accepting it ("yes").
    """
    normal = message.normal
    options = [o for o in session.options if o in bot.content.responses]
    if options:
        index = _ordinal(normal, len(options))
        if index is not None:
            return options[index]
        if len(options) == 1 and normal in bot.affirmations:
            return options[0]
    return bot.titles.get(normal)


_ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "last": -1}


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


def _is_more(bot: "Responder", message: Message) -> bool:
    return message.normal in bot.more_phrases


def _topics(bot: "Responder", message: Message, evidence: dict[str, Evidence], content_words: list[str]) -> tuple[list[str], float, bool]:
    """The topics a message is about, its confidence, and whether to ask which one."""
    # A topic with words of its own beats one whose words all point elsewhere too.
    ranked = sorted(evidence.values(), key=lambda e: (not (e.has_name or e.own_words), -e.score, e.intent))
    unknown = set(message.unknown)
    unseen = sum(1 for w in content_words if w in unknown)
    about_botox = _about_botox(bot, message)
    plausible = [e for e in ranked if _plausible(e, unseen, len(content_words), about_botox)]
    if not plausible:
        return [], max((e.score for e in ranked), default=0.0) / 2, False
    top = plausible[0]
    confidence = min(1.0, top.score / 1.5)
    others = plausible[1:]
    chosen = [top.intent]
    for other in others:
        # A second topic needs words of its own; symptoms two topics share ("nausea") add none.
        if other.own_words and (other.has_name or other.keyword_score >= TERM_WEIGHT):
            chosen.append(other.intent)
    if len(chosen) > 1 and OVERVIEW in chosen:
        # "migraines and botulinum toxin" is about migraine; the overview adds nothing.
        chosen.remove(OVERVIEW)
    if len(chosen) == 1 and others and not top.own_words and not top.has_name:
        close = [e.intent for e in others[:MAX_CHOICES - 1] if e.keyword_score >= top.keyword_score * TOO_CLOSE]
        if close:
            return [top.intent, *close], confidence / 2, True
    return chosen, confidence, False


def _about_botox(bot: "Responder", message: Message) -> bool:
    # A word only corrected into "injection" (from "infection") says nothing about Botox.
    return bool((message.stems - message.corrected) & bot.domain_stems)


def _plausible(e: Evidence, unseen: int, content_words: int, about_botox: bool) -> bool:
    """Whether evidence is strong enough to talk about the topic at all.

    ``unseen`` counts the message's words the content never uses, out of its
    ``content_words`` (words that are not filler).
    """
    if e.has_name:
        return True
    if e.keyword_score >= TERM_WEIGHT * 0.8:
        # Lay words appear in everyday talk too ("toilet", "full"): with several words
        # the bot has never seen, the message is probably about something else -
        # unless it says it is about Botox.
        return about_botox or unseen <= max(2, (content_words + 1) // 2)
    return e.example_score >= EXAMPLE_ONLY and unseen == 0


def _uncovered_aspect(aspects: dict[str, set[str]], evidence: dict[str, Evidence], set_aside: set[str]) -> str | None:
    """The first matched aspect whose words are not simply part of a topic keyword or set aside.

    "long lasting pain" is chronic pain, not a question about how long Botox
    lasts; "we thought it was only for wrinkles" is not a cosmetic question.
    """
    topic_words = set().union(set_aside, *(e.words for e in evidence.values()))
    for aspect, words in aspects.items():
        if not words <= topic_words:
            return aspect
    return None


def _follow_up_topic(bot: "Responder", message: Message, session: Session, content_words: list[str]) -> list[str]:
    """The current topic, for a short follow-up like "and for kids?" that names none itself.

    A question that names Botox itself ("is botox poison?") is about Botox in general.
    """
    if not session.topics or message.unknown or len(content_words) > FOLLOW_UP_WORDS or _about_botox(bot, message):
        return []
    return list(session.topics[:1])
