"""Reading a message once, before any stage decides: its topics, what it asks, and what trouble it reports.

Each part is a plain value: the topic evidence (``matcher``), the reading of the
question (``reading``) and the report of trouble (``reports``). The trouble and
question stages both decide from this one ``Read``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..indexes import Indexes
from ..lexicon import Message
from ..matcher import Evidence
from ..models import Session
from ..reading import PREGNANCY, Reading
from ..reports import Report
from ..topics import OVERVIEW


@dataclass(frozen=True)
class Read:
    """One message, read: ``set_aside`` holds the (sentence, position) of words the patient set
    aside ("besides migraines"); ``topic_words`` every stem a topic was found on."""

    message: Message
    set_aside: frozenset[tuple[int, int]]
    evidence: dict[str, Evidence]
    topic_words: frozenset[str]
    reading: Reading
    report: Report

    @property
    def named(self) -> bool:
        """Whether a topic is named outright ("blepharospasm"), not only in lay words."""
        return any(e.has_name for e in self.evidence.values())


def read(ix: Indexes, message: Message, session: Session) -> Read:
    """Read ``message`` in ``session``: topics, the question, and any report of trouble."""
    set_aside = frozenset(ix.matcher.set_aside(message))
    evidence = ix.matcher.score(message, set(set_aside))
    aside_words = {message.sentences[s][i] for s, i in set_aside}
    topic_words = frozenset(set().union(aside_words, *(e.words for e in evidence.values())))
    general = all(e.intent == OVERVIEW for e in evidence.values())
    reading = ix.reader.read(message, set(topic_words), session.child, general, session.act == PREGNANCY)
    keyword_words = set().union(*(e.words for e in evidence.values() if e.keyword_score))
    places = [
        (s, i) for s, sentence in enumerate(message.sentences) for i, w in enumerate(sentence) if w in keyword_words
    ]
    # A condition named outright, or asked about ("eyelids that won't stop blinking, botox?"), is known:
    # "started" or "won't stop" describe it, where "suddenly" or "since yesterday" still make it new.
    known = any(e.has_name for e in evidence.values()) or (reading.about_botox and reading.answered)
    report = ix.reports.read(
        message,
        places,
        ix.reader.hypothetical,
        lambda m, s: ix.reader.asks(m, s) and not ix.reader.tells(m, s),
        ix.reader.wonders_at,
        in_treatment_talk=bool(session.topics),
        named=known,
        asks_at=lambda m, s, i: ix.reader.asks_at(m, s, i) and not ix.reader.tells(m, s),
    )
    return Read(message, set_aside, evidence, topic_words, reading, report)
