"""Stage 4: conversation moves that need no reading of the question: a choice picked from those on
offer, a topic's title, and "tell me more" about the topic being discussed."""

from __future__ import annotations

from .. import dialogue
from ..indexes import Indexes
from ..lexicon import Message
from ..models import Session
from .values import Decision


def decide(ix: Indexes, message: Message, session: Session) -> Decision | None:
    """The reply to a pick or to "tell me more", or None for any other message."""
    topics = ix.content.responses
    picked = dialogue.pick(message, session, topics, ix.titles, ix.affirmations, ix.acknowledgements)
    if picked:
        # "ok go on" in a talk about a child: the answer still comes after the word of caution.
        child = session.child and picked in ix.content.topic_ids
        return Decision(
            "answer",
            (picked,),
            confidence=1.0,
            act="pick",
            aspect="children" if child else None,
            rule="a choice on offer, for a child" if child else "a choice on offer, or a title",
        )
    if not dialogue.asks_for_more(message, ix.more_phrases, ix.more_forms, ix.polite):
        return None
    if session.topics and session.more_shown:
        # The whole passage is already on screen: say so rather than repeat it.
        return Decision(
            "answer", session.topics, confidence=1.0, more=True, aspect="more_done", rule="tell me more, again"
        )
    if session.topics:
        return Decision(
            "answer",
            session.topics,
            confidence=1.0,
            more=True,
            aspect="children" if session.child else None,
            rule="tell me more" + (", for a child" if session.child else ""),
        )
    return Decision("fallback", aspect="more_none", confidence=1.0, rule="tell me more, with no topic yet")
