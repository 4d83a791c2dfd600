"""The kiosk API's request and reply shapes, defined once.

FastAPI derives both the request validation and the published OpenAPI document
(``/openapi.json``) from these models, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

#: Longest message accepted, in characters (the page's text box enforces it too).
MAX_MESSAGE_CHARS = 1000

ReplyKind = Literal["emergency", "clarify", "answer", "not_covered", "smalltalk", "fallback"]

_SESSION = (
    "The signed token from the previous reply, which carries the conversation; omit it, or send null, "
    "to start one. An expired or invalid token starts a new conversation."
)


def _well_formed(value: Any) -> Any:
    """A lone surrogate ("\\ud800", which JSON allows) becomes U+FFFD: a broken character is answered, not refused."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


class ChatRequest(BaseModel):
    """One patient message."""

    model_config = ConfigDict(
        extra="ignore", json_schema_extra={"examples": [{"message": "botox for sweaty armpits?"}]}
    )

    message: Annotated[str, BeforeValidator(_well_formed)] = Field(
        max_length=MAX_MESSAGE_CHARS, description="What the patient typed."
    )
    session_id: str | None = Field(default=None, description=_SESSION)
    language: str | None = Field(
        default=None,
        max_length=20,
        description="The language the page is shown in ('en', 'es'): the conversation's language until a "
        "message is written in another. Each message is answered in the language it is written in.",
    )


class Source(BaseModel):
    """A verbatim quote from the source article and the section it comes from."""

    section: str
    quote: str = Field(description="The article's own words, in the article's language.")
    translation: str | None = Field(
        default=None, description="The quote in the reply's language, when not the article's."
    )


class ChatReply(BaseModel):
    """The bot's reply to one message, and the token to send with the next."""

    kind: ReplyKind
    text: str = Field(description="Everything to show, the reminder included.")
    body: str
    title: str
    intents: list[str] = Field(description="Topic ids, best first.")
    confidence: float
    reminder: str
    sources: list[Source]
    suggestions: list[str] = Field(description="Follow-ups to offer as buttons; for 'clarify', the numbered choices.")
    aspect: str | None = Field(
        description="What the reply is about besides its topics: a red flag, a kind of question, ..."
    )
    language: str = Field(description="The language the reply is in ('en', 'es').")
    session_id: str = Field(description="Send this back with the next message.")
    session_renewed: bool = Field(
        description="True when the token sent was expired or invalid and a new conversation began."
    )


class ResetRequest(BaseModel):
    """Ending a conversation; the body is optional."""

    model_config = ConfigDict(extra="ignore")

    session_id: str | None = Field(default=None, description="The token of the conversation to end.")


class ResetReply(BaseModel):
    """A fresh conversation."""

    ok: bool
    session_id: str


class Topic(BaseModel):
    """One topic of the menu."""

    id: str
    title: str


class TopicsReply(BaseModel):
    """The topics, in menu order."""

    topics: list[Topic]


class Health(BaseModel):
    """The service is up."""

    status: Literal["ok"]


class StatsRow(BaseModel):
    """Replies of one kind, about one topic, with one aspect."""

    kind: ReplyKind
    topic: str = Field(description="A topic id, or 'none'.")
    aspect: str = Field(description="An aspect id, or 'none'.")
    count: int


class Latency(BaseModel):
    """How long chat requests took, in milliseconds (bucket bounds, not exact percentiles)."""

    count: int
    mean: float | None
    p50_at_most: float | None
    p95_at_most: float | None


class FeedbackRequest(BaseModel):
    """A patient's "Was this helpful?" tap on one reply: its topic and kind, never its text."""

    topic: str | None = Field(default=None, max_length=60, description="The reply's first topic id, if any.")
    kind: ReplyKind
    helpful: bool


class FeedbackReply(BaseModel):
    """The tap was counted."""

    ok: bool


class FeedbackRow(BaseModel):
    """How patients rated the replies of one kind about one topic."""

    topic: str = Field(description="A topic id, or 'none'.")
    kind: ReplyKind
    helpful: int
    unhelpful: int


class StatsReply(BaseModel):
    """Usage figures since the server started, summed over its processes. Never any text a patient typed."""

    replies: int
    conversations: int
    by_kind: dict[str, int]
    by_topic: dict[str, int]
    not_covered_by_aspect: dict[str, int]
    emergencies: int
    fallbacks: int
    rows: list[StatsRow]
    feedback: list[FeedbackRow] = Field(description="'Was this helpful?' taps, the most unhelpful first.")
    latency_ms: Latency


class ErrorReply(BaseModel):
    """Why a request could not be answered as sent."""

    error: str = Field(description="A short code, such as 'invalid_json' or 'message_too_long'.")
    detail: str = Field(description="What was wrong, in words.")


#: Error replies each JSON route may give, for the OpenAPI document.
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorReply, "description": description}
    for status, description in (
        (400, "The body is empty or not valid JSON."),
        (408, "The body did not arrive in time."),
        (413, "The body is too large."),
        (415, "The body is not JSON."),
        (422, "The JSON does not have the fields this request needs."),
    )
}
#: Why a request for the usage figures may be refused.
STATS_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorReply, "description": "Not from this machine, and without the staff token."}
}
