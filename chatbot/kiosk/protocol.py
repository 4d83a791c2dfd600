"""uvicorn's HTTP/1.1 protocols with a deadline for the request line and headers.

uvicorn closes an idle keep-alive connection after ``timeout_keep_alive``, but
waits forever for a request whose headers never finish (or for a connection
that sends nothing at all), so anyone could hold connections open. These
subclasses close a connection that has not sent complete headers within
``BOTOX_KIOSK_HEADER_TIMEOUT`` seconds (default 10), counted from when it
opened or when its last response was sent. The setting is read from the
environment because uvicorn starts worker processes afresh.

``TimedHttpToolsProtocol`` uses httptools' C parser (the kiosk's);
``TimedH11Protocol`` the pure-Python h11 parser (for comparison).
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any, ClassVar

from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

#: The environment variable that holds the deadline, in seconds.
HEADER_TIMEOUT_VARIABLE = "BOTOX_KIOSK_HEADER_TIMEOUT"
#: The environment variable that holds how many connections one client address may hold open.
CLIENT_LIMIT_VARIABLE = "BOTOX_KIOSK_CLIENT_CONNECTIONS"
#: Most bytes a request line and headers may take (browsers send well under 8 KiB).
MAX_HEAD_BYTES = 16 * 1024


def _refusal(status: str, error: str, detail: str, extra: bytes = b"") -> bytes:
    """A whole HTTP response that refuses a connection before uvicorn reads a request from it."""
    body = json.dumps({"error": error, "detail": detail}, separators=(",", ":")).encode()
    head = f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
    return head.encode() + extra + b"connection: close\r\n\r\n" + body


_TOO_MANY = _refusal(
    "429 Too Many Requests",
    "too_many_connections",
    "Too many open connections from this address.",
    b"retry-after: 5\r\n",
)
_TOO_LARGE = _refusal(
    "431 Request Header Fields Too Large", "headers_too_large", "The request line and headers are over 16 KiB."
)


class HeaderDeadline:
    """The deadline, for a uvicorn protocol class: mixed in before it."""

    # uvicorn's protocols set these.
    cycle: Any
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport

    # uvicorn's protocols narrow asyncio's BaseTransport to Transport, which mypy calls incompatible
    # with asyncio.BaseProtocol: hence the [misc] on the classes below.
    #: Open connections per client address, in this process.
    _per_client: ClassVar[dict[str, int]] = {}

    def connection_made(self, transport: asyncio.Transport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self._header_deadline: asyncio.TimerHandle | None = None
        self._header_seconds = float(os.environ.get(HEADER_TIMEOUT_VARIABLE, "10"))  # once per connection
        self._head_bytes = 0
        peer = transport.get_extra_info("peername")
        self._client = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        counts = HeaderDeadline._per_client
        counts[self._client] = counts.get(self._client, 0) + 1
        if counts[self._client] > int(os.environ.get(CLIENT_LIMIT_VARIABLE, "64")):
            # One address holding many connections (slow bodies, idle sockets) is refused at once,
            # so it cannot take the places of everyone else.
            transport.write(_TOO_MANY)
            transport.close()
            return
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._header_deadline is not None:  # still waiting for a request line and headers
            end = data.find(b"\r\n\r\n")  # a body may come in the same piece: it is not counted
            self._head_bytes += len(data) if end < 0 else end
            if self._head_bytes > MAX_HEAD_BYTES:
                # A 124 KB request line took a second to resolve; no browser sends a tenth of this.
                self._disarm()
                self.transport.write(_TOO_LARGE)
                self.transport.close()
                return
        super().data_received(data)  # type: ignore[misc]
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm()  # the headers are in: the body has its own deadline in the app

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        self._arm()  # the next request's headers get the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        counts = HeaderDeadline._per_client
        left = counts.get(self._client, 1) - 1
        if left > 0:
            counts[self._client] = left
        else:
            counts.pop(self._client, None)
        super().connection_lost(exc)  # type: ignore[misc]

    def _arm(self) -> None:
        self._disarm()
        self._head_bytes = 0
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


class TimedH11Protocol(HeaderDeadline, H11Protocol):  # type: ignore[misc]
    """h11's protocol, closing connections slow to send their headers."""


class TimedHttpToolsProtocol(HeaderDeadline, HttpToolsProtocol):  # type: ignore[misc]
    """httptools' protocol (a C parser, the kiosk's), closing connections slow to send their headers."""
