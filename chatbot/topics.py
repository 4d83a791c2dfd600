"""Which topics a message is about, from the matcher's evidence. Pure: no I/O, no state.

The matcher scores every topic a message points to at all; this module decides
which of them the message is really about: topics with a name or words of
their own first, a second topic only when it has words of its own, the
overview only when nothing narrower is named, and a choice to offer when two
topics are too close to call. Conditions the article does not name take the
place of topics whose words they explain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .conditions import OtherCondition
from .lexicon import Message
from .matcher import TERM_WEIGHT, Evidence

#: An example alone (no keyword) must be at least this similar (0-100) to pick a topic.
EXAMPLE_ONLY = 86.0
#: An example this similar (0-100) is the message itself: its topic is not in doubt.
VERBATIM = 95.0
#: A second topic whose score is at least this share of the first's is too close to call.
TOO_CLOSE = 0.85
#: At most this many topics are offered when the bot cannot tell which one is meant.
MAX_CHOICES = 3
#: The general topic, which gives way to any specific one named alongside it.
OVERVIEW = "overview"


@dataclass(frozen=True)
class Choice:
    """The topics a message is about, best first; how sure; whether to ask which one; whether one is named."""

    topics: tuple[str, ...] = ()
    confidence: float = 0.0
    clarify: bool = False
    named: bool = False


def choose(
    evidence: Mapping[str, Evidence],
    message: Message,
    content_words: list[str],
    about_botox: bool,
    generic: frozenset[str],
) -> Choice:
    """The topics a message is about. ``generic`` words ("pain") give a topic no words of its own."""
    # A topic with words of its own (beyond "pain") beats one whose words all point elsewhere too.
    ranked = sorted(evidence.values(), key=lambda e: (not (e.has_name or e.own_words - generic), -e.score, e.intent))
    unknown = set(message.unknown)
    unseen = sum(1 for w in content_words if w in unknown)
    plausible = [e for e in ranked if _plausible(e, unseen, len(content_words), about_botox)]
    if not plausible:
        return Choice(confidence=max((e.score for e in ranked), default=0.0) / 2)
    top = plausible[0]
    confidence = min(1.0, top.score / 1.5)
    others = plausible[1:]
    chosen = [top.intent]
    for other in others:
        # A second topic needs words of its own; symptoms two topics share ("nausea") add none,
        # nor does a symptom as common as pain.
        if other.own_words - generic and (other.has_name or other.keyword_score >= TERM_WEIGHT):
            chosen.append(other.intent)
    if len(chosen) > 1 and OVERVIEW in chosen:
        # "migraines and botulinum toxin" is about migraine; the overview adds nothing.
        chosen.remove(OVERVIEW)
    named = any(evidence[t].has_name for t in chosen)
    if len(chosen) == 1 and others and not top.own_words and not top.has_name and top.example_score < VERBATIM:
        close = [e.intent for e in others[: MAX_CHOICES - 1] if e.keyword_score >= top.keyword_score * TOO_CLOSE]
        if close:
            return Choice((top.intent, *close), confidence / 2, True, named)
    return Choice(tuple(chosen), confidence, False, named)


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


def without_explained(
    evidence: Mapping[str, Evidence], condition: OtherCondition, intent_stems: Mapping[str, frozenset[str]]
) -> dict[str, Evidence]:
    """The evidence left once a condition the article does not name has taken the words it explains.

    "bladder" in "bladder cancer" is not the overactive bladder; lay words that share
    a word with the condition ("the eye" in "one side of my face twitches near the
    eye"), a single lay word that a neighbouring condition explains ("i keep needing
    to pee, is it a uti"), or lay words of the neighbour's own topic ("headaches ...
    sick to her stomach": migraine's words too) are about the condition, and so is
    a likeness to a topic's examples alone, or the overview. A topic's name, or lay
    words of its own ("my dad has parkinsons and drools"), keep the topic.
    """
    near_words = intent_stems.get(condition.near, frozenset())

    def explained(e: Evidence) -> bool:
        if not e.words or e.intent == OVERVIEW:
            # A topic found only through a similar example ("one side of my face twitches"
            # is like an eye example) is weaker than a condition named outright; and a
            # question about a condition is about it, not about Botox in general.
            return True
        if e.words <= condition.words:
            return True
        if e.has_name:
            return False
        inside, outside = e.words & condition.words, e.words - condition.words
        return (
            (bool(inside) and len(outside) <= len(inside))
            or (e.intent == condition.near and e.keyword_score <= TERM_WEIGHT)
            or (e.intent != condition.near and bool(e.words) and e.words <= near_words)
        )

    return {k: e for k, e in evidence.items() if not explained(e)}


def in_named_order(message: Message, intents: Iterable[str], evidence: Mapping[str, Evidence]) -> tuple[str, ...]:
    """Topics in the order the patient named them, so "back to the first one" is the first they named."""
    order = {w: i for i, w in reversed(list(enumerate(message.words)))}

    def first(topic: str) -> int:
        e = evidence.get(topic)
        return min((order.get(w, len(order)) for w in e.words), default=len(order)) if e else len(order)

    return tuple(sorted(intents, key=first))
