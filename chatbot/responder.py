"""The responder: a message and a session in, a ``Reply`` out.

This module does no I/O: it reads no file, prints nothing, reads no clock
and draws no random number. Everything it needs is handed to ``Responder``
when it is built, and ``respond`` only reads that shared state, so one
responder can serve many threads at once. The only thing it changes is the
``Session`` passed in, which belongs to one conversation.

``respond`` analyses the message once (``Lexicon``), hands it to the deciding
stages (``chatbot.deciding``: another language, red flags, a report of trouble,
a pick or "tell me more", then the question model), and words the decision as
a ``Reply`` from the content's texts.

The one exception to "reads no file": the language-identification model is
loaded the first time a message looks foreign (``warm_up`` loads it earlier).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from . import cache, safety
from .deciding import Decision, Trace, trace
from .indexes import Indexes
from .lexicon import Message
from .models import Content, Reply, Session, Source
from .paths import content_files, package_content_dir


def _in_sentence(title: str) -> str:
    """A title as it reads inside a sentence: "Chronic migraine" -> "chronic migraine"."""
    return title[0].lower() + title[1:] if title[1:2].islower() else title


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _forget_unknown_topics(session: Session, known: Any) -> None:
    """Drop topic ids the content does not have (a session kept from other content, or forged)."""
    session.topics = tuple(t for t in session.topics if t in known)
    session.options = tuple(t for t in session.options if t in known)
    session.history = tuple(t for t in session.history if t in known)


def _remember(history: tuple[str, ...], topics: tuple[str, ...]) -> tuple[str, ...]:
    """The topics discussed, in the order first discussed, each once, at most ten."""
    return (history + tuple(t for t in topics if t not in history))[:10]


class _Defaults(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Responder:
    """Answers patient messages from one loaded, validated body of content."""

    content: Content
    indexes: Indexes

    @classmethod
    def load(cls, content_dir: Path | str | None = None, config: Path | str | None = None) -> Responder:
        """Load the shipped content (or ``content_dir``) and build a responder.

        ``config`` is a clinic YAML file whose settings override ``responses/clinic.yaml``.
        Raises ``ContentError`` if anything in the content is wrong.

        A responder built from the same files before is taken from the user's cache
        folder instead of being built again (see ``chatbot.cache``).
        """
        root = Path(content_dir) if content_dir is not None else package_content_dir()
        try:
            entry = cache.key(content_files(root), Path(config) if config else None)
        except OSError:
            entry = None  # a file that cannot be read: the loader will say which
        if entry is not None:
            cached = cache.read(entry)
            if isinstance(cached, cls):
                return cached
        from .content import load_content  # the YAML parser is needed only to build

        responder = cls.from_content(load_content(root, config))
        if entry is not None:
            cache.write(entry, responder)
        return responder

    @classmethod
    def from_content(cls, content: Content) -> Responder:
        """Build the indexes for already-loaded content."""
        return cls(content, Indexes.build(content))

    # -- the public call -------------------------------------------------------

    def respond(self, text: Any, session: Session | None = None) -> Reply:
        """Answer one message. ``session`` carries the conversation and is updated in place."""
        return self.explain(text, session)[1]

    def explain(self, text: Any, session: Session | None = None) -> tuple[Trace, Reply, Message]:
        """``respond``, also returning how the message was read and which rule decided."""
        session = session if session is not None else Session()
        _forget_unknown_topics(session, self.content.responses)
        message = self.indexes.lexicon.analyse(text)
        try:
            found = trace(self.indexes, message, session)
        finally:
            safety.forget()  # the sentences' keys kept while reading this message
        decision = found.decision
        reply = self._render(decision, session)
        session.turns += 1
        if found.reading is not None:
            session.child = found.reading.child
        if found.report is not None and found.report.injection:
            session.injection = found.report.injection
        trouble = reply.kind == "emergency" or (decision.wording and decision.wording != "injection_noted")
        session.trouble = f"{reply.kind}:{reply.aspect or ''}" if trouble else ""
        if reply.kind == "answer":
            session.topics, session.options = reply.intents, ()
            session.more_shown = decision.more
            session.act = decision.act
            session.history = _remember(session.history, decision.named or reply.intents)
        elif reply.kind == "clarify":
            session.options = reply.intents
        elif reply.kind == "not_covered" and reply.intents:
            # The reply offers the topic's general answer: "yes" or "1" takes it.
            session.topics, session.options = reply.intents[:1], reply.intents[:1]
            session.act = decision.act
            session.history = _remember(session.history, reply.intents[:1])
        else:
            session.options = ()  # an offer stands only until the next reply
        return found, reply, message

    def warm_up(self) -> None:
        """Load what is otherwise loaded on first need (the language model), so no patient waits for it."""
        self.indexes.language.warm_up()

    def topics(self) -> list[dict[str, str]]:
        """Every topic's id and title, in menu order."""
        return [{"id": i, "title": self.content.title(i)} for i in self.content.topic_ids]

    # -- building replies --------------------------------------------------------

    def message(self, name: str, **values: str) -> str:
        """A message from ``messages.yaml`` with clinic details and ``values`` filled in."""
        return self.fill(self.content.messages[name], **values)

    def fill(self, template: str, **values: str) -> str:
        fields = _Defaults(self._clinic_fields)
        fields.update(values)
        return template.format_map(fields)

    @cached_property
    def _clinic_fields(self) -> dict[str, str]:
        """What every message may name: the clinic's details and the topics (the same for every reply)."""
        clinic = self.content.settings["clinic"]  # every key is there: the settings check sees to it
        phone = clinic["phone"]
        return dict(
            clinic_name=clinic["name"],
            clinic_phone=f", or call {clinic['name'] or 'the clinic'} on {phone}" if phone else "",
            emergency_number=clinic["emergency_number"],
            crisis_line=clinic["crisis_line"],
            topics=", ".join(self.content.title(i) for i in self.content.topic_ids),
        )

    @cached_property
    def reminder(self) -> str:
        return self.fill(self.content.settings["reminder"])

    def _render(self, d: Decision, session: Session) -> Reply:
        content = self.content
        titles = [content.title(i) for i in d.intents]
        in_sentence = [_in_sentence(t) for t in titles]
        if d.kind == "emergency":
            body = self.message("emergency")
            if d.crisis:
                body = f"{body}\n\n{self.message('crisis')}"
            return Reply("emergency", body, body=body, confidence=1.0, aspect=d.aspect)
        if d.kind == "answer":
            return self._answer(d, titles, in_sentence)
        if d.kind == "clarify":
            lines = [self.message("clarify")] + [f"{n}. {t}" for n, t in enumerate(titles, 1)]
            return self._reply("clarify", "", "\n".join(lines), d, suggestions=tuple(titles), with_reminder=False)
        if d.kind == "not_covered":
            body = self._not_covered_body(d, in_sentence[0] if titles else "")
            if d.note:
                body = f"{body}\n\n{self.message('risk_symptom', aspect=_capital(d.note))}"
            return self._reply("not_covered", "", body, d, intents=d.intents[:1], suggestions=tuple(titles[:1]))
        if d.kind == "smalltalk":
            body = self.message(d.aspect or "help")
            return self._reply("smalltalk", "", body, d, with_reminder=False, suggestions=self._topic_titles())
        if d.aspect == "other_condition":
            body = self.message("other_condition", condition=d.condition)
        else:
            body = self.message(d.aspect if d.aspect in ("empty", "more_none", "language") else "fallback")
        # A reply that answers nothing still says where to get help.
        body = f"{body}\n\n{self.message('safety_net')}"
        return self._reply("fallback", "", body, d, suggestions=self._topic_titles())

    def _answer(self, d: Decision, titles: list[str], in_sentence: list[str]) -> Reply:
        responses = [self.content.responses[i] for i in d.intents]
        sources = tuple(s for r in responses for s in r.sources)
        if d.aspect == "approval":
            cite = "; ".join(f'"{s.quote}" ({s.section})' for s in sources)
            if not d.general:
                body = f"{responses[0].approval}\nFrom the article: {cite}"
            else:
                body = f"{self.message('approval_general', approved=self._approved())}\nFrom the article: {cite}"
            return self._reply("answer", " + ".join(titles), body, d, sources=sources, suggestions=("Tell me more",))
        sections = []
        for response in responses:
            cite = "; ".join(f'"{s.quote}" ({s.section})' for s in response.sources)
            text = response.more if d.more else f"{response.answer}\nFrom the article: {cite}"
            # With several topics, each part gets its own heading.
            sections.append(f"{response.title}\n{text}" if len(responses) > 1 else text)
        body = "\n\n".join(sections)
        if d.aspect == "more_done":
            body = self.message("more_done", topic=" and ".join(in_sentence))
        elif d.aspect == "children":
            body = f"{self.message('child_caution', topic=in_sentence[0])}\n\n{body}"
        if d.also and not d.more:
            body = f"{body}\n\n{self.message('not_covered_also', aspect=d.also)}"
        suggestions = () if d.more else ("Tell me more",)
        return self._reply("answer", " + ".join(titles), body, d, sources=sources, suggestions=suggestions)

    def _not_covered_body(self, d: Decision, topic: str) -> str:
        """The wording of a "the article doesn't say" reply; ``topic`` is the one offered, if any."""
        if d.wording:
            if d.wording == "after_injection":
                body = self.fill(self.content.injection.symptoms.message)
            elif d.wording == "warning_signs":
                signs = self.content.settings["warning_signs"]
                body = f"{self.fill(signs['text'])}\nSource: {signs['source']}."
            else:
                body = self.message(d.wording)
            return f"{body} {self.message('offer_topic', topic=topic)}" if topic else body
        if d.aspect == "other_condition":
            return self.message("other_condition_near", condition=d.condition, topic=topic)
        if d.aspect == "approval" and topic and not d.general:
            return self.message("approval_topic", topic=topic, approved=self._approved())
        if d.aspect == "approval":
            return self.message("approval_general", approved=self._approved())
        kinds = self.indexes.reader.by_id
        special = kinds[d.aspect].message if d.aspect in kinds else ""
        if special:
            return self.fill(special, aspect=d.aspect_label, topic=topic or "the conditions it covers")
        if topic and d.related:
            return self.message("not_covered_related", topic=topic)
        if topic and not d.aspect_label:
            return self.message("not_covered_other", topic=topic)
        if topic:
            return self.message("not_covered_topic", aspect=d.aspect_label, topic=topic)
        if not d.aspect_label:
            return self.message("not_covered_botox")
        return self.message("not_covered", aspect=d.aspect_label)

    def _approved(self) -> str:
        """What the article says Botox is approved for, in a sentence ("chronic migraine")."""
        approved = [
            _in_sentence(self.content.title(i)) for i in self.content.topic_ids if self.content.responses[i].approval
        ]
        return " and ".join(approved) or "none of the uses it describes"

    def _topic_titles(self) -> tuple[str, ...]:
        return tuple(self.content.title(i) for i in self.content.topic_ids)

    def _reply(
        self,
        kind: str,
        title: str,
        body: str,
        d: Decision,
        *,
        intents: tuple[str, ...] | None = None,
        sources: tuple[Source, ...] = (),
        suggestions: tuple[str, ...] = (),
        with_reminder: bool = True,
    ) -> Reply:
        reminder = self.reminder if with_reminder else ""
        text = "\n\n".join(part for part in (title, body, reminder) if part)
        return Reply(
            kind=kind,
            text=text,
            body=body,
            title=title,
            intents=d.intents if intents is None else intents,
            confidence=d.confidence,
            reminder=reminder,
            sources=sources,
            suggestions=suggestions,
            aspect=d.aspect,
        )
