"""The clinic kiosk: an HTTP service and a touch-friendly page, a thin adapter over ``Responder``.

Conversation state travels with each request as a signed, expiring token (see
``tokens``), so any number of server processes behind any load balancer can
answer any request, and nothing about a conversation is kept on the server.
"""

from .app import create_app

__all__ = ["create_app"]
