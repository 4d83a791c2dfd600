"""The kiosk's HTTP app: a JSON API over ``Responder.respond`` and the page that uses it.

Every bad request gets a 4xx JSON body ``{"error": "...", "detail": "..."}``
that says what was wrong; nothing a patient types is logged or stored.
"""

from __future__ import annotations

import html
import json
import os
import time
from pathlib import Path
from string import Template
from typing import Any, Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..models import Session
from ..responder import Responder
from .openapi import schema
from .tokens import SessionTokens

STATIC = Path(__file__).resolve().parent / "static"
#: Largest request body accepted, in bytes.
MAX_BODY_BYTES = 16 * 1024
#: Longest message accepted, in characters (the page's text box enforces it too).
MAX_MESSAGE_CHARS = 1000

SECURITY_HEADERS = {
    # Everything the page needs comes from this server: no CDNs, fonts or inline code.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class BadRequest(Exception):
    """Raised when a request cannot be answered as sent; becomes a 4xx JSON reply."""

    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.error, self.detail = status, error, detail


def create_app(
    responder: Responder, *, secret: str | None = None, clock: Callable[[], float] = time.time
) -> Starlette:
    """Build the ASGI app. ``secret`` signs session tokens (default: ``BOTOX_KIOSK_SECRET`` or random)."""
    kiosk = responder.content.settings["kiosk"]
    clinic = responder.content.settings["clinic"]
    tokens = SessionTokens(secret or os.environ.get("BOTOX_KIOSK_SECRET"), kiosk["session_ttl_seconds"], clock)
    page = _render_page(responder, kiosk, clinic)

    async def index(request: Request) -> Response:
        return HTMLResponse(page)

    async def chat(request: Request) -> Response:
        data = await _json_object(request)
        message = data.get("message")
        if "message" not in data:
            raise BadRequest(422, "missing_message", "The JSON object needs a 'message' field with the patient's text.")
        if not isinstance(message, str):
            raise BadRequest(422, "invalid_message", f"'message' must be a string, not {_kind(message)}.")
        if len(message) > MAX_MESSAGE_CHARS:
            raise BadRequest(422, "message_too_long", f"'message' is {len(message)} characters; the limit is {MAX_MESSAGE_CHARS}.")
        token = data.get("session_id")
        if token is not None and not isinstance(token, str):
            raise BadRequest(422, "invalid_session_id", f"'session_id' must be a string or absent, not {_kind(token)}.")
        session = tokens.read(token) if token else None
        renewed = token is not None and session is None
        session = session or Session()
        reply = responder.respond(message, session)
        body = {**reply.to_dict(), "session_id": tokens.issue(session), "session_renewed": renewed}
        return JSONResponse(body)

    async def reset(request: Request) -> Response:
        data = await _json_object(request, allow_empty=True)
        token = data.get("session_id")
        if token is not None and not isinstance(token, str):
            raise BadRequest(422, "invalid_session_id", f"'session_id' must be a string, not {_kind(token)}.")
        # State lives only in the token, so ending a session means forgetting it: a new one starts.
        return JSONResponse({"ok": True, "session_id": tokens.issue(Session())})

    async def topics(request: Request) -> Response:
        return JSONResponse({"topics": responder.topics()})

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)  # browsers ask for one; an empty answer keeps the log quiet

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def openapi(request: Request) -> Response:
        return JSONResponse(schema(MAX_MESSAGE_CHARS))

    async def bad_request(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BadRequest)
        return JSONResponse({"error": exc.error, "detail": exc.detail}, status_code=exc.status)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return JSONResponse({"error": "http_error", "detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    app = Starlette(
        routes=[
            Route("/", index, methods=["GET"]),
            Route("/api/chat", chat, methods=["POST"]),
            Route("/api/reset", reset, methods=["POST"]),
            Route("/api/topics", topics, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/favicon.ico", favicon, methods=["GET"]),
            Route("/openapi.json", openapi, methods=["GET"]),
            Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
        ],
        exception_handlers={BadRequest: bad_request, HTTPException: http_error},
    )
    return _with_headers(app)


def _with_headers(app: Starlette):
    """Add the security headers to every response, including errors and static files."""
    encoded = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]

    async def wrapped(scope, receive, send):
        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *encoded]}
            await send(message)

        await app(scope, receive, send_with_headers)

    wrapped.app = app  # type: ignore[attr-defined]
    return wrapped


async def _json_object(request: Request, allow_empty: bool = False) -> dict[str, Any]:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise BadRequest(413, "body_too_large", f"The request body is over {MAX_BODY_BYTES} bytes.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise BadRequest(413, "body_too_large", f"The request body is over {MAX_BODY_BYTES} bytes.")
    if not body.strip():
        if allow_empty:
            return {}
        raise BadRequest(400, "empty_body", 'Send a JSON object, for example {"message": "botox for migraines"}.')
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(400, "invalid_json", f"The body is not valid JSON ({exc}).") from None
    if not isinstance(data, dict):
        raise BadRequest(422, "not_an_object", f"The body must be a JSON object, not {_kind(data)}.")
    return data


def _kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__
    )


def _render_page(responder: Responder, kiosk: dict[str, Any], clinic: dict[str, Any]) -> str:
    """The page with the clinic's settings filled in (escaped), and the topics as buttons."""
    buttons = "\n".join(
        f'        <li><button type="button" class="topic" data-message="{html.escape(t["title"])}">{html.escape(t["title"])}</button></li>'
        for t in responder.topics()
    )
    config = {
        "idleSeconds": kiosk["idle_timeout_seconds"],
        "emergencyNumber": clinic["emergency_number"],
        "maxChars": MAX_MESSAGE_CHARS,
    }
    template = Template((Path(__file__).resolve().parent / "page.html").read_text(encoding="utf-8"))
    return template.substitute(
        title=html.escape(kiosk["page_title"]),
        clinic=f'    <p class="clinic">{html.escape(clinic["name"])}</p>' if clinic["name"] else "",
        welcome=html.escape(kiosk["welcome"]),
        disclaimer=html.escape(responder.reminder),
        emergency_number=html.escape(clinic["emergency_number"]),
        topics=buttons,
        config=html.escape(json.dumps(config), quote=True),
        max_chars=MAX_MESSAGE_CHARS,
    )
