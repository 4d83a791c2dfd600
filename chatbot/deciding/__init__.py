"""Deciding what to say to one message: a message and a session in, a ``Decision`` out. Pure: no I/O.

The stages run in this order, and the first that decides ends the reading
(each is a module to read top to bottom):

1. ``language``      a message in a language the bot does not read: a short reply with the emergency number;
2. ``red_flags``     a symptom that may be an emergency (a question about a risk is no report);
   then the message is read once (``read``): its topics, what it asks, what trouble it reports;
3. ``trouble``       a problem after an injection (this turn or before), a new problem, an injection told;
4. ``conversation``  a choice picked from those on offer, "tell me more";
   then a message that carries on about trouble just told gets that reply again (``trouble``);
5. ``question``      what is asked x what it is about.

Each stage takes the ``Indexes`` it reads, never the responder that renders the reply.
"""

from __future__ import annotations

from ..indexes import Indexes
from ..lexicon import Message
from ..models import Session
from . import conversation, language, question, red_flags, trouble
from .read import read
from .values import Decision, Trace

__all__ = ["Decision", "Trace", "decide", "trace"]


def decide(ix: Indexes, message: Message, session: Session, readable: bool = True) -> Decision:
    """The decision for ``message`` in ``session``; ``readable`` whether its language is one the bot reads
    (the message then in the base language's words: ``Languages.translate``)."""
    return trace(ix, message, session, readable).decision


def trace(ix: Indexes, message: Message, session: Session, readable: bool = True) -> Trace:
    """``decide``, naming the stage that decided and keeping what it looked at."""
    decided = language.decide(message, readable)
    if decided is not None:
        return Trace(decided, "language")
    flag = red_flags.find(ix, message, bool(session.topics), bool(session.injection))
    if flag is not None and not flag.asked:
        return Trace(flag.decision(), "red flags")
    if not message.words:
        empty = Decision(
            "fallback",
            aspect=None if message.original else "empty",
            confidence=1.0,
            rule="empty message",
        )
        return Trace(empty, "empty")
    found = read(ix, message, session)
    if flag is None:
        decided = trouble.decide(ix, found, session)
        if decided is not None:
            return Trace(decided, "trouble", found.reading, tuple(found.evidence.values()), report=found.report)
    decided = conversation.decide(ix, message, session)
    if decided is not None:
        return Trace(decided, "conversation")
    decided = trouble.carry_on(ix, found, session)
    if decided is not None:
        return Trace(decided, "trouble", found.reading, report=found.report)
    return question.decide(ix, found, session, flag.rule if flag else None)
