"""A scripted patient-education chatbot about the medical uses of Botox.

Embed it with::

    from chatbot import Responder, Session
    bot = Responder.load()
    session = Session()
    reply = bot.respond("botox for sweaty armpits?", session)
    print(reply.kind, reply.intents, reply.text)
"""

from .errors import ChatbotError, ContentError
from .models import KINDS, Reply, Session, Source
from .responder import Responder

__version__ = "0.1.0"

__all__ = ["KINDS", "ChatbotError", "ContentError", "Reply", "Responder", "Session", "Source", "__version__"]
