"""Frozen data: loaded content, the replies the responder gives, and per-conversation state."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

#: Every kind of reply, in the order the responder considers them.
KINDS = ("emergency", "clarify", "answer", "not_covered", "smalltalk", "fallback")

#: An ``all_of`` rule: word groups that must each have a word near the others, in any order.
Rule = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Source:
    """A verbatim quote from the source article and the section it comes from."""

    section: str
    quote: str
    translation: str = ""  # the quote in the reply's language, when that is not the article's

    def to_dict(self) -> dict[str, str]:
        data = {"section": self.section, "quote": self.quote}
        if self.translation:
            data["translation"] = self.translation
        return data


@dataclass(frozen=True)
class Intent:
    """What a patient might type about one topic: keywords and example questions.

    ``answers`` lists kinds of question, beyond those the article answers for
    every topic, that it answers for this one (the types of chronic pain).
    """

    id: str
    names: tuple[str, ...]
    terms: tuple[str, ...]
    examples: tuple[str, ...]
    answers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Response:
    """The scripted answer for one topic, grounded in the source article.

    ``approval`` is what the article says about the treatment's approval for this
    topic; empty where the article says nothing.
    """

    intent: str
    title: str
    answer: str
    sources: tuple[Source, ...]
    more: str
    approval: str = ""


@dataclass(frozen=True)
class RuleSet:
    """Named rules of one kind: a red flag, a kind of question, a small-talk act, a condition.

    ``answered`` marks a kind of question the article answers; ``condition`` a
    kind that asks about a condition itself (its causes, its outlook); ``near``
    is the topic offered for a condition the article does not name.
    """

    id: str
    label: str
    phrases: tuple[tuple[str, ...], ...]
    all_of: tuple[Rule, ...] = ()
    crisis: bool = False
    slack: int = 3
    message: str = ""
    general: bool = False
    answered: bool = False
    near: str = ""
    condition: bool = False


@dataclass(frozen=True)
class Frame:
    """An opening that settles what a question asks ("how long", "will i", a first "when"):
    ``kind`` is a kind of question's id, or ``other`` for one the article does not answer."""

    kind: str
    phrases: tuple[tuple[str, ...], ...]
    first: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """Word lists that shape how a message is read, from ``intents/vocabulary.yaml``."""

    domain: tuple[str, ...]
    filler: tuple[str, ...]
    more: tuple[str, ...]
    affirmations: tuple[str, ...]
    acknowledgements: tuple[str, ...]
    exclusions: tuple[str, ...]
    generic: tuple[str, ...]
    refer_back: tuple[str, ...]
    personal: tuple[str, ...]
    children: tuple[str, ...]
    adults: tuple[str, ...]
    risk: tuple[str, ...]
    now: tuple[str, ...]
    first_topic: tuple[str, ...]
    previous_topic: tuple[str, ...]
    helps_verbs: tuple[str, ...]
    helps_after: tuple[str, ...]
    subject_words: tuple[str, ...]
    subject_verbs: tuple[str, ...]
    about_verbs: tuple[str, ...]
    fear_words: tuple[str, ...]
    fear_of: tuple[str, ...]
    explaining: tuple[str, ...]
    pleas: tuple[str, ...]


@dataclass(frozen=True)
class InjectionRules:
    """How a message reports an injection and a new problem since, from ``intents/after_injection.yaml``."""

    injection_words: tuple[str, ...]
    procedure_words: tuple[str, ...]
    object_words: tuple[str, ...]
    past_verbs: tuple[str, ...]
    usual_verbs: tuple[str, ...]
    since_words: tuple[str, ...]
    time_words: tuple[str, ...]
    caused_words: tuple[str, ...]
    future_words: tuple[str, ...]
    small_words: tuple[str, ...]
    purpose_words: tuple[str, ...]
    better_words: tuple[str, ...]
    urgent: RuleSet
    symptoms: RuleSet


@dataclass(frozen=True)
class ReportRules:
    """How a message reports trouble (what is new, whose it is, what is denied), from ``intents/reports.yaml``."""

    sudden: tuple[str, ...]
    changing: tuple[str, ...]
    long_standing: tuple[str, ...]
    amounts: tuple[str, ...]
    recent_units: tuple[str, ...]
    long_units: tuple[str, ...]
    not_durations: tuple[str, ...]
    negations: tuple[str, ...]
    negation_ends: tuple[str, ...]
    negation_window: int
    self_words: tuple[str, ...]
    others: tuple[str, ...]
    hearsay: tuple[str, ...]
    body_words: tuple[str, ...]
    persisting: tuple[str, ...]
    complaints: RuleSet


@dataclass(frozen=True)
class Conditions:
    """Conditions the article does not name, from ``intents/other_conditions.yaml``."""

    named: tuple[RuleSet, ...]
    condition_words: tuple[str, ...]
    endings: tuple[str, ...]


@dataclass(frozen=True)
class LanguageSpec:
    """A language's word resources (``intents/language.yaml``, ``intents/<code>/language.yaml``)."""

    code: str
    name: str
    stemmer: str
    spelling: str
    marks: str = ""
    glossary: Mapping[str, str] = field(default_factory=dict)
    examples: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: How ``check`` scores its texts: a ``textstat`` reading-ease formula and the least score wanted.
    readability: tuple[str, float] = ("", 0.0)
    #: What the language-identification model calls it, when not ``code``.
    model_code: str = ""


@dataclass(frozen=True)
class Texts:
    """Everything the bot says in one language: what ``responses/`` (or ``responses/<code>/``) holds.

    ``labels`` maps a rule's English label ("approval") to its wording in this language,
    ``conditions`` a condition's English name, ``kind_messages`` a kind of question's id to
    its own message; each is empty for the base language, whose rules hold them already.
    """

    code: str
    name: str
    responses: Mapping[str, Response]
    messages: Mapping[str, str]
    settings: Mapping[str, Any]
    labels: Mapping[str, str] = field(default_factory=dict)
    conditions: Mapping[str, str] = field(default_factory=dict)
    kind_messages: Mapping[str, str] = field(default_factory=dict)

    def title(self, intent_id: str) -> str:
        return self.responses[intent_id].title


@dataclass(frozen=True)
class Content:
    """Everything the responder knows, loaded and validated; it never changes after loading."""

    intents: tuple[Intent, ...]
    responses: Mapping[str, Response]
    red_flags: tuple[RuleSet, ...]
    questions: tuple[RuleSet, ...]
    frames: tuple[Frame, ...]
    smalltalk: tuple[RuleSet, ...]
    words: Vocabulary
    injection: InjectionRules
    reports: ReportRules
    conditions: Conditions
    messages: Mapping[str, str]
    settings: Mapping[str, Any]
    source_text: str
    #: The base language (the rules' own) first, then every other language the bot reads.
    languages: tuple[LanguageSpec, ...] = ()
    #: Every language's texts by code; the base language's are ``responses``, ``messages``, ``settings``.
    texts: Mapping[str, Texts] = field(default_factory=dict)

    @property
    def topic_ids(self) -> tuple[str, ...]:
        """Intent ids in the order the content lists its topics."""
        return tuple(intent.id for intent in self.intents)

    def title(self, intent_id: str) -> str:
        """The patient-facing title of a topic."""
        return self.responses[intent_id].title


class FrozenMap(Mapping[str, Any]):
    """A read-only mapping, so shared content cannot be changed by a caller; unlike a mapping
    proxy it can be pickled (a built responder is cached between runs)."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = dict(data)

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[type, tuple[dict[str, Any]]]:
        return FrozenMap, (self._data,)


def freeze(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only copy of a mapping, so shared content cannot be changed by a caller."""
    return FrozenMap(mapping)


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
    language: str = "en"

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
    ``history`` lists the topics discussed, first to last ("back to the first
    one"); ``act`` is the kind of question last asked ("and for sweating?");
    ``child`` whether the conversation is about a child ("can she have it?");
    ``injection`` whose injection was reported ("self" or "other"), so a problem
    told in any later turn is read as following it; ``trouble`` the last reply to
    trouble (``kind:aspect``), so "is that normal?" or "can it wait?" gets it again.
    """

    topics: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    more_shown: bool = False
    turns: int = field(default=0)
    history: tuple[str, ...] = ()
    act: str = ""
    child: bool = False
    injection: str = ""
    trouble: str = ""
    language: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "topics": list(self.topics),
            "options": list(self.options),
            "more_shown": self.more_shown,
            "turns": self.turns,
            "history": list(self.history),
            "act": self.act,
            "child": self.child,
            "injection": self.injection,
            "trouble": self.trouble,
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Session:
        """Rebuild a session from ``to_dict`` output, ignoring anything malformed."""

        def ids(value: Any) -> tuple[str, ...]:
            if not isinstance(value, (list, tuple)):
                return ()
            return tuple(str(v) for v in value if isinstance(v, str))[:20]

        turns = data.get("turns", 0)

        def short(value: Any) -> str:
            return value if isinstance(value, str) and len(value) <= 40 else ""

        return cls(
            topics=ids(data.get("topics")),
            options=ids(data.get("options")),
            more_shown=bool(data.get("more_shown", False)),
            turns=turns if isinstance(turns, int) and turns >= 0 else 0,
            history=ids(data.get("history")),
            act=short(data.get("act", "")),
            child=data.get("child") is True,
            injection=short(data.get("injection", "")),
            trouble=short(data.get("trouble", "")),
            language=short(data.get("language", "")),
        )
