"""Frozen data: loaded content, the replies the responder gives, and per-conversation state."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any, Mapping

#: Every kind of reply, in the order the responder considers them.
KINDS = ("emergency", "clarify", "answer", "not_covered", "smalltalk", "fallback")

#: An ``all_of`` rule: word groups that must each have a word near the others, in any order.
Rule = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Source:
    """A verbatim quote from the source article and the section it comes from."""

    section: str
    quote: str

    def to_dict(self) -> dict[str, str]:
        return {"section": self.section, "quote": self.quote}


@dataclass(frozen=True)
class Intent:
    """What a patient might type about one topic: keywords and example questions."""

    id: str
    names: tuple[str, ...]
    terms: tuple[str, ...]
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Response:
    """The scripted answer for one topic, grounded in the source article."""

    intent: str
    title: str
    answer: str
    sources: tuple[Source, ...]
    more: str


@dataclass(frozen=True)
class RuleSet:
    """Named rules of one kind (a red flag, a not-covered aspect, a small-talk act)."""

    id: str
    label: str
    phrases: tuple[tuple[str, ...], ...]
    all_of: tuple[Rule, ...] = ()
    crisis: bool = False
    slack: int = 3
    message: str = ""
    general: bool = False


@dataclass(frozen=True)
class Content:
    """Everything the responder knows, loaded and validated; it never changes after loading."""

    intents: tuple[Intent, ...]
    responses: Mapping[str, Response]
    red_flags: tuple[RuleSet, ...]
    aspects: tuple[RuleSet, ...]
    smalltalk: tuple[RuleSet, ...]
    domain_words: tuple[str, ...]
    filler_words: tuple[str, ...]
    more_phrases: tuple[str, ...]
    affirmations: tuple[str, ...]
    exclusion_phrases: tuple[str, ...]
    messages: Mapping[str, str]
    settings: Mapping[str, Any]
    source_text: str

    @property
    def topic_ids(self) -> tuple[str, ...]:
        """Intent ids in the order the content lists its topics."""
        return tuple(intent.id for intent in self.intents)

    def title(self, intent_id: str) -> str:
        """The patient-facing title of a topic."""
        return self.responses[intent_id].title


def freeze(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only view of a mapping, so shared content cannot be changed by a caller."""
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Reply:
    """What the bot says to one message. Every path through the responder returns one.

    ``text`` is the whole reply as plain text (title, body and reminder);
    ``title``, ``body`` and ``reminder`` are its parts, for interfaces that
    style them differently. ``suggestions`` are follow-up messages a patient can
    send back as they are; for ``clarify`` they are the numbered choices.
    """

    kind: str
    text: str
    body: str = ""
    title: str = ""
    intents: tuple[str, ...] = ()
    confidence: float = 0.0
    reminder: str = ""
    sources: tuple[Source, ...] = ()
    suggestions: tuple[str, ...] = ()
    aspect: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary of every field."""
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "sources":
                value = [source.to_dict() for source in value]
            elif isinstance(value, tuple):
                value = list(value)
            data[f.name] = value
        data["confidence"] = round(self.confidence, 3)
        return data


@dataclass
class Session:
    """Per-conversation state: what was last talked about and which choices are on offer.

    One session belongs to one conversation; it is small and plain so that an
    HTTP adapter can store it or send it back and forth with ``to_dict``.
    """

    topics: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    more_shown: bool = False
    turns: int = field(default=0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "topics": list(self.topics),
            "options": list(self.options),
            "more_shown": self.more_shown,
            "turns": self.turns,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Session":
        """Rebuild a session from ``to_dict`` output, ignoring anything malformed."""

        def ids(value: Any) -> tuple[str, ...]:
            if not isinstance(value, (list, tuple)):
                return ()
            return tuple(str(v) for v in value if isinstance(v, str))[:20]

        turns = data.get("turns", 0)
        return cls(
            topics=ids(data.get("topics")),
            options=ids(data.get("options")),
            more_shown=bool(data.get("more_shown", False)),
            turns=turns if isinstance(turns, int) and turns >= 0 else 0,
        )
