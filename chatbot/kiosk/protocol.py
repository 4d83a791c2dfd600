"""uvicorn's HTTP/1.1 protocol with a deadline for the request line and headers.

uvicorn closes an idle keep-alive connection after ``timeout_keep_alive``, but
waits forever for a request whose headers never finish (or for a connection
that sends nothing at all), so anyone could hold connections open. This
subclass closes a connection that has not sent complete headers within
``BOTOX_KIOSK_HEADER_TIMEOUT`` seconds (default 10), counted from when it
opened or when its last response was sent. The setting is read from the
environment because uvicorn starts worker processes afresh.
"""

from __future__ import annotations

import asyncio
import os

from uvicorn.protocols.http.h11_impl import H11Protocol

#: The environment variable that holds the deadline, in seconds.
HEADER_TIMEOUT_VARIABLE = "BOTOX_KIOSK_HEADER_TIMEOUT"


class TimedH11Protocol(H11Protocol):
    """H11Protocol that closes connections slow to send their headers."""

    # H11Protocol narrows asyncio's BaseTransport to Transport (and ignores [override] for it): so must we.
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_deadline: asyncio.TimerHandle | None = None
        self._header_seconds = float(os.environ.get(HEADER_TIMEOUT_VARIABLE, "10"))  # once per connection
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm()  # the headers are in: the body has its own deadline in the app

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()  # the next request's headers get the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_deadline = self.loop.call_later(self._header_seconds, self._too_slow)

    def _disarm(self) -> None:
        timer = getattr(self, "_header_deadline", None)
        if timer is not None:
            timer.cancel()
            self._header_deadline = None

    def _too_slow(self) -> None:
        self._header_deadline = None
        waiting = self.cycle is None or self.cycle.response_complete
        if waiting and not self.transport.is_closing():
            self.transport.close()
