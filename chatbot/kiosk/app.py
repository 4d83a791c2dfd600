"""The kiosk's HTTP app: a JSON API over ``Responder.respond`` and the page that uses it.

The request and reply shapes are the pydantic models in ``api``; FastAPI checks
requests against them and publishes them at ``/openapi.json``. Every bad request
gets a 4xx JSON body ``{"error": "...", "detail": "..."}`` that says what was
wrong; nothing a patient types is logged or stored.
"""

from __future__ import annotations

import hmac
import html
import json
import os
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Body, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from ..models import Session
from ..responder import Responder
from ..source import title_of
from .admission import Admission
from .api import (
    ERRORS,
    MAX_MESSAGE_CHARS,
    STATS_ERRORS,
    ChatReply,
    ChatRequest,
    FeedbackReply,
    FeedbackRequest,
    Health,
    ResetReply,
    ResetRequest,
    StatsReply,
    TopicsReply,
)
from .guard import (
    JSON_BODY,
    ASGIApp,
    Guard,
    Message,
    Receive,
    Scope,
    Send,
    is_loopback_host,
    json_bytes_reply,
    json_reply,
    kind_of,
)
from .tokens import SessionTokens

if TYPE_CHECKING:
    from .stats import Usage

STATIC = Path(__file__).resolve().parent / "static"
#: Largest request body accepted, in bytes.
MAX_BODY_BYTES = 16 * 1024

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

__all__ = ["MAX_BODY_BYTES", "MAX_MESSAGE_CHARS", "create_app"]


class KioskApp:
    """The ASGI app ``create_app`` builds: ``app`` with the security headers added to every response,
    including errors and static files. ``usage`` holds the usage figures, when they are kept."""

    def __init__(self, app: ASGIApp, usage: Usage | None = None) -> None:
        self.app = app
        self.usage = usage
        self._headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self._headers]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(responder: Responder, *, secret: str | None = None, clock: Callable[[], float] = time.time) -> KioskApp:
    """Build the ASGI app. ``secret`` signs session tokens (default: ``BOTOX_KIOSK_SECRET`` or random).

    The handlers are coroutines that answer at once: ``respond`` is pure and takes
    well under a millisecond, less than handing it to a thread would cost.
    """
    kiosk = responder.content.settings["kiosk"]
    tokens = SessionTokens(secret or os.environ.get("BOTOX_KIOSK_SECRET"), kiosk["session_ttl_seconds"], clock)
    usage = None
    if responder.content.settings["stats"]["enabled"]:
        from .stats import Usage

        usage = Usage()
    pages = {code: _render_page(responder, code, feedback=usage is not None) for code in responder.codes}
    first_page = next(iter(pages.values()))
    app = FastAPI(
        title="Botox patient-information kiosk API",
        version="1.0.0",
        description="Answers patient questions from one cited article. Conversation state travels in "
        "'session_id', a signed token: send back the one from the previous reply.",
        docs_url=None,
        redoc_url=None,  # the docs pages load scripts from CDNs, which the kiosk never does
        # No redirect from "/api/stats/" to "/api/stats": its Location would be built from the Host
        # header, which anyone can set.
        redirect_slashes=False,
    )

    @app.get("/", include_in_schema=False)
    async def index(lang: str = "") -> HTMLResponse:
        # "/?lang=es": the page in Spanish (the language button); any other value, the base language.
        return HTMLResponse(pages.get(lang, first_page))

    def answer(request: ChatRequest) -> dict[str, Any]:
        started = time.perf_counter()
        session = tokens.read(request.session_id) if request.session_id else None
        renewed = request.session_id is not None and session is None
        session = session or Session()
        first = session.turns == 0
        if first and request.language and request.language in responder.content.texts:
            session.language = request.language  # the page's language, until a message says otherwise
        reply = responder.respond(request.message, session)
        answer = {**reply.to_dict(), "session_id": tokens.issue(session), "session_renewed": renewed}
        if usage is not None:
            usage.record(reply, time.perf_counter() - started, first)
        return answer

    # FastAPI publishes /api/chat in the OpenAPI document from these models; the requests
    # themselves take the short way in ChatRoute, which uses the same models and the same answer.
    @app.post("/api/chat", response_model=ChatReply, responses=ERRORS, summary="Answer one patient message")
    async def chat(request: ChatRequest) -> dict[str, Any]:
        return answer(request)

    @app.post(
        "/api/reset", response_model=ResetReply, responses=ERRORS, summary="End a conversation and start a new one"
    )
    async def reset(request: Annotated[ResetRequest | None, Body()] = None) -> dict[str, Any]:
        # State lives only in the token: the page forgets it, and this process stops accepting it
        # (with several processes, the others accept it until it expires). A new one starts.
        if request is not None and request.session_id:
            tokens.revoke(request.session_id)
        return {"ok": True, "session_id": tokens.issue(Session())}

    @app.get("/api/topics", response_model=TopicsReply, responses=ERRORS, summary="The topics, in menu order")
    async def topics(lang: str = "") -> dict[str, Any]:
        return {"topics": responder.topics(lang)}

    @app.get("/healthz", response_model=Health, summary="Whether the service is up")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return Response(status_code=204)  # browsers ask for one; an empty answer keeps the log quiet

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    if usage is not None:
        staff_token = responder.content.settings["stats"]["token"]
        known_topics = frozenset(responder.content.topic_ids)

        @app.post(
            "/api/feedback",
            response_model=FeedbackReply,
            responses=ERRORS,
            summary="Count a 'Was this helpful?' tap (only while usage figures are kept)",
        )
        async def feedback(request: FeedbackRequest) -> Any:
            if request.topic and request.topic not in known_topics:
                return JSONResponse(
                    {"error": "unknown_topic", "detail": "'topic' must be one of the topic ids, or absent."},
                    status_code=422,
                )
            usage.record_feedback(request.topic or "", request.kind, request.helpful)
            return {"ok": True}

        @app.get("/metrics", include_in_schema=False)
        async def metrics(request: Request) -> Response:
            if not _may_read_stats(request, staff_token):
                return _stats_refused()
            body, media_type = usage.exposition()
            return Response(body, media_type=media_type)

        @app.get(
            "/api/stats",
            response_model=StatsReply,
            responses=STATS_ERRORS,
            summary="Usage figures (staff only)",
            include_in_schema=False,  # the public API document does not advertise staff-only addresses
        )
        async def stats(request: Request) -> Any:
            if not _may_read_stats(request, staff_token):
                return _stats_refused()
            from .stats import summary

            return summary(usage.registry())

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        status, error, detail = _explain(exc.errors())
        return JSONResponse({"error": error, "detail": detail}, status_code=status)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse(
            {"error": _ERROR_CODES.get(exc.status_code, "http_error"), "detail": exc.detail},
            status_code=exc.status_code,
            headers=exc.headers,
        )

    admitted = Admission(
        ChatRoute(app, answer),
        paths=frozenset({"/api/chat"}),
        in_flight=kiosk["max_in_flight"],
        queue=kiosk["queue_limit"],
        wait_seconds=float(kiosk["queue_wait_seconds"]),
    )
    guarded = Guard(
        admitted,
        json_paths=frozenset({"/api/chat", "/api/reset", "/api/feedback"}),
        max_bytes=MAX_BODY_BYTES,
        body_timeout=float(kiosk["body_timeout_seconds"]),
        empty_ok=frozenset({"/api/reset"}),
    )
    return KioskApp(guarded, usage)  # serve() prints a summary of the usage on shutdown


class ChatRoute:
    """``POST /api/chat`` without the framework's request path: the body the Guard read and parsed,
    checked against ``ChatRequest``, answered and shaped by ``ChatReply``, as the FastAPI route
    would (the tests hold the two to the same bytes). Everything else goes on to ``app``."""

    def __init__(self, app: ASGIApp, answer: Callable[[ChatRequest], dict[str, Any]]) -> None:
        self.app = app
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        data = scope.get(JSON_BODY)
        if scope["type"] != "http" or scope["path"] != "/api/chat" or scope["method"] != "POST" or data is None:
            await self.app(scope, receive, send)
            return
        try:
            request = ChatRequest.model_validate(data)
        except ValidationError as invalid:
            # Located in the body, as FastAPI locates them: ("body", "message").
            status, error, detail = _explain([{**e, "loc": ("body", *e["loc"])} for e in invalid.errors()])
            await json_reply(send, status, {"error": error, "detail": detail})
            return
        await json_bytes_reply(send, 200, ChatReply.model_validate(self.answer(request)).model_dump_json().encode())


def _may_read_stats(request: Request, token: str) -> bool:
    """From this machine, or with the staff token (compared in constant time).

    "From this machine" needs both a loopback client and a loopback Host header: a page on
    another site that rebinds its own name to 127.0.0.1 (DNS rebinding) sends its own name."""
    host = request.headers.get("host", "")
    name = host.rsplit(":", 1)[0] if not host.startswith("[") else host[1 : host.find("]")]
    if is_loopback_host(request.client.host if request.client else "") and is_loopback_host(name):
        return True
    sent = request.headers.get("authorization", "")
    return bool(token) and hmac.compare_digest(sent.encode("utf-8", "replace"), f"Bearer {token}".encode())


def _stats_refused() -> JSONResponse:
    return JSONResponse(
        {
            "error": "forbidden",
            "detail": "Usage figures are served to this machine, or with the staff token "
            "from the clinic settings in an 'Authorization: Bearer <token>' header.",
        },
        status_code=403,
    )


def _explain(errors: Sequence[Any]) -> tuple[int, str, str]:
    """The first validation error in the kiosk's own words."""
    first: Mapping[str, Any] = errors[0] if errors else {}
    location = tuple(first.get("loc", ()))
    field = location[1] if len(location) > 1 else None
    kind = first.get("type", "")
    value: Any = first.get("input")  # the JSON value sent: any type, null included
    if field is None:
        return 422, "not_an_object", f"The body must be a JSON object, not {kind_of(value)}."
    if field == "message":
        if kind == "missing":
            return 422, "missing_message", "The JSON object needs a 'message' field with the patient's text."
        if kind == "string_too_long":
            return 422, "message_too_long", f"'message' is {len(value)} characters; the limit is {MAX_MESSAGE_CHARS}."
        return 422, "invalid_message", f"'message' must be a string, not {kind_of(value)}."
    if field == "session_id":
        return 422, "invalid_session_id", f"'session_id' must be a string or absent, not {kind_of(value)}."
    return 422, "invalid_request", f"'{field}' is not valid: {first.get('msg', 'check its type')}."


#: The short code of an error FastAPI raises itself, in the shape of every other error body.
_ERROR_CODES = {404: "not_found", 405: "method_not_allowed"}


def _render_page(responder: Responder, language: str, *, feedback: bool) -> str:
    """The page in one language, with the clinic's settings filled in (escaped), and the topics as buttons."""
    texts = responder.texts(language)
    kiosk, clinic = texts.settings["kiosk"], texts.settings["clinic"]

    def say(name: str) -> str:
        return html.escape(responder.message(name, texts))

    titles = [html.escape(t["title"]) for t in responder.topics(texts.code)]
    buttons = "\n".join(
        f'        <li><button type="button" class="topic" data-message="{title}">{title}</button></li>'
        for title in titles
    )
    # The other languages, each offered in its own name and language ("Español" to an English page).
    switches = "\n".join(
        f'      <a class="language" href="/?lang={html.escape(other.code)}" lang="{html.escape(other.code)}" '
        f'hreflang="{html.escape(other.code)}">{html.escape(other.name)}</a>'
        for other in responder.content.texts.values()
        if other.code != texts.code
    )
    number = html.escape(clinic["emergency_number"])
    cite_prefixes = [line.split("{", 1)[0].strip() for line in texts.messages["from_article"].split("\n")]
    phone = f" · {html.escape(clinic['phone'])}" if clinic["phone"] else ""
    print_clinic = (
        f'    <p class="print-clinic">{html.escape(clinic["name"])}{phone}</p>' if clinic["name"] or phone else ""
    )
    config = {
        "feedback": feedback,
        "printQuestions": bool(kiosk["print_questions"]),
        "idleSeconds": kiosk["idle_timeout_seconds"],
        "emergencyNumber": clinic["emergency_number"],
        "maxChars": MAX_MESSAGE_CHARS,
        "language": texts.code,
        "baseLanguage": responder.content.languages[0].code if responder.content.languages else "",
        "citePrefixes": [p for p in cite_prefixes if p],
        "words": {
            name: responder.message(f"page_{name}", texts)
            for name in (
                "you_asked",
                "get_help",
                "tell_staff",
                "source",
                "error",
                "offline",
                "read_aloud",
                "stop_reading",
                "helpful",
                "yes",
                "no",
                "thanks",
            )
        },
    }
    template = Template((Path(__file__).resolve().parent / "page.html").read_text(encoding="utf-8"))
    return template.substitute(
        lang=html.escape(texts.code or "en"),
        title=html.escape(kiosk["page_title"]),
        clinic=f'    <p class="clinic">{html.escape(clinic["name"])}</p>' if clinic["name"] else "",
        languages=switches,
        welcome_heading=say("page_welcome"),
        conversation=say("page_conversation"),
        text_size=say("page_text_size"),
        size_normal=say("page_size_normal"),
        size_larger=say("page_size_larger"),
        size_largest=say("page_size_largest"),
        auto_read=say("page_auto_read"),
        language_label=html.escape(" / ".join(t.name for t in responder.content.texts.values())),
        print_title=html.escape(
            responder.message("page_print_title", texts, source=title_of(responder.content.source_text))
        ),
        print_clinic=print_clinic,
        print=say("page_print"),
        urgent_plain=say("page_urgent"),
        welcome=html.escape(kiosk["welcome"]),
        disclaimer=html.escape(responder.reminder_in(texts)),
        urgent=say("page_urgent").replace(number, f"<strong>{number}</strong>", 1),
        topics_heading=say("page_topics"),
        topics=buttons,
        question_label=say("page_question"),
        placeholder=say("page_placeholder"),
        ask=say("page_ask"),
        start_over=say("page_start_over"),
        config=html.escape(json.dumps(config), quote=True),
        max_chars=MAX_MESSAGE_CHARS,
    )
