"""What reaches the JSON API: a bounded body of JSON, read in time, or a clear 4xx JSON reply.

A pure ASGI layer in front of the app. For the API's POST routes it reads the
whole body before the app sees it: only ``application/json`` (415 otherwise, so
a cross-site form cannot post without a preflight), at most ``max_bytes`` (413),
the whole of it within ``body_timeout`` seconds (408), valid JSON however deeply
nested (400, never a crash) and a JSON object (422). A client that goes away
mid-request is simply let go. Any error the app did not expect is logged as one
line - never with what the patient typed - and answered with a 500 JSON reply.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, TypeAlias

# The ASGI shapes, as Starlette (and so FastAPI) spell them.
Scope: TypeAlias = MutableMapping[str, Any]
Message: TypeAlias = MutableMapping[str, Any]
Receive: TypeAlias = Callable[[], Awaitable[Message]]
Send: TypeAlias = Callable[[Message], Awaitable[None]]
ASGIApp: TypeAlias = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("chatbot.kiosk")

#: Where the Guard leaves the JSON object it read, in the request's scope, for the layers below.
JSON_BODY = "botox.json_body"


class Rejected(Exception):
    """Raised when a request body cannot be accepted; carries the 4xx reply."""

    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.error, self.detail = status, error, detail


class _Gone(Exception):
    """Raised when the client disconnected before its body arrived."""


class Guard:
    """Checks and reads the body of JSON API requests before the app sees them."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        json_paths: frozenset[str],
        max_bytes: int,
        body_timeout: float,
        empty_ok: frozenset[str] = frozenset(),
    ) -> None:
        self.app = app
        self.json_paths = json_paths
        self.max_bytes = max_bytes
        self.body_timeout = body_timeout
        self.empty_ok = empty_ok

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            if scope["method"] == "POST" and scope["path"] in self.json_paths:
                body, data = await self._body(scope, receive)
                scope = {**scope, JSON_BODY: data}
                receive = _replay(body)
            await self.app(scope, receive, tracked)
        except Rejected as rejected:
            if not started:
                await json_reply(send, rejected.status, {"error": rejected.error, "detail": rejected.detail})
        except _Gone:
            return
        # The outermost layer: whatever went wrong below, one line in the log (no traceback,
        # nothing the patient typed) and a JSON 500, never a dropped connection.
        except Exception as error:  # noqa: BLE001
            log.error("request to %s failed: %s", scope.get("path", "?"), type(error).__name__)
            if not started:
                await json_reply(send, 500, {"error": "internal_error", "detail": "The request could not be answered."})

    async def _body(self, scope: Scope, receive: Receive) -> tuple[bytes, dict[str, Any] | None]:
        """The body, and the JSON object it holds (None for an empty body where that is allowed)."""
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise Rejected(413, "body_too_large", f"The request body is over {self.max_bytes} bytes.")
        body = bytearray()
        # One deadline for the whole body, not one per part: a body trickled a byte at a time
        # is cut off when the deadline strikes, however steadily the bytes come.
        try:
            async with asyncio.timeout(self.body_timeout):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        raise _Gone()
                    body += message.get("body", b"")
                    if len(body) > self.max_bytes:
                        raise Rejected(413, "body_too_large", f"The request body is over {self.max_bytes} bytes.")
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            raise Rejected(
                408, "body_timeout", f"The request body did not arrive within {self.body_timeout:g} seconds."
            ) from None
        if not body.strip():
            if scope["path"] in self.empty_ok:
                return b"", None
            raise Rejected(400, "empty_body", 'Send a JSON object, for example {"message": "botox for migraines"}.')
        media = headers.get("content-type", "").split(";")[0].strip().lower()
        if media != "application/json" and not media.endswith("+json"):
            raise Rejected(415, "unsupported_media_type", "Send the body as JSON, with Content-Type: application/json.")
        try:
            data = json.loads(body)
        except (ValueError, RecursionError) as error:  # RecursionError: "[[[[..." nested thousands deep
            raise Rejected(400, "invalid_json", f"The body is not valid JSON ({type(error).__name__}).") from None
        if data is None and scope["path"] in self.empty_ok:
            return b"", None  # "null" where the body is optional means no body
        if not isinstance(data, dict):
            raise Rejected(422, "not_an_object", f"The body must be a JSON object, not {kind_of(data)}.")
        return bytes(body), data


def _replay(body: bytes) -> Receive:
    """A ``receive`` that gives the app the body already read, then waits like the real one."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # nothing more will come; the server cancels this on disconnect
        return {"type": "http.disconnect"}

    return receive


async def json_reply(send: Send, status: int, data: dict[str, Any], headers: dict[str, str] | None = None) -> None:
    """Send a complete JSON response, with any extra ``headers``."""
    # Compact, as FastAPI writes its own: every error body looks alike, byte for byte.
    await json_bytes_reply(send, status, json.dumps(data, separators=(",", ":")).encode(), headers)


async def json_bytes_reply(send: Send, status: int, payload: bytes, headers: dict[str, str] | None = None) -> None:
    """Send a complete response whose body is ``payload``, JSON already encoded."""
    extra = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def kind_of(value: Any) -> str:
    """How a JSON value is called in an error message: "an array", "a number", ..."""
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__
    )


def is_loopback_host(host: str) -> bool:
    """Whether ``host`` (an address, or "localhost") is this machine: 127.0.0.0/8, ::1, or ::ffff:127.x."""
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return bool((mapped or address).is_loopback)
