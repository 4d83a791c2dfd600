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

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from . import cache, safety
from .deciding import Decision, Trace, trace
from .indexes import Indexes
from .lexicon import Message
from .models import Content, Reply, Session, Source, Texts
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
        ix = self.indexes
        message = ix.lexicon.analyse(text)
        language = ix.languages.identify(message, session.language, ix.language)
        if language and language != ix.languages.base:
            # Read in the base language's words; a message none of whose words mean anything to
            # the rules is still a message (not "nothing typed"): it keeps what was typed.
            translated = ix.lexicon.analyse(ix.languages.translate(language, message.original))
            message = translated if translated.words else replace(translated, original=message.original)
        try:
            found = trace(ix, message, session, bool(language))
        finally:
            safety.forget()  # the sentences' keys kept while reading this message
        decision = found.decision
        texts = self.content.texts.get(language or session.language) or self._base
        reply = self._render(decision, session, texts)
        session.language = texts.code
        session.turns += 1
        if found.reading is not None:
            session.child = found.reading.child
        if found.report is not None and found.report.injection:
            session.injection = found.report.injection
        # Trouble told is carried on to the next message; an injection noted or the warning signs asked
        # for are no trouble ("what should i watch out for" ... "how long till it starts working").
        trouble = reply.kind == "emergency" or decision.wording not in ("", "injection_noted", "warning_signs")
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

    def topics(self, language: str = "") -> list[dict[str, str]]:
        """Every topic's id and title, in menu order (in ``language``, or the base language)."""
        texts = self.texts(language)
        return [{"id": i, "title": texts.title(i)} for i in self.content.topic_ids]

    def texts(self, language: str = "") -> Texts:
        """The texts of ``language`` (a code); the base language's for "" or a language the content lacks."""
        return self.content.texts.get(language) or self._base

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the languages the bot reads, the base language first ("" for content without any)."""
        return tuple(self.content.texts) or ("",)

    @cached_property
    def _base(self) -> Texts:  # asked for by every message() call without texts: worked out once
        base = self.content.texts.get(self.content.languages[0].code) if self.content.languages else None
        return base or _texts_of(self.content)

    # -- building replies --------------------------------------------------------

    def message(self, name: str, texts: Texts | None = None, **values: str) -> str:
        """A message from ``messages.yaml`` with clinic details and ``values`` filled in."""
        texts = texts or self._base
        return self.fill(texts.messages[name], texts, **values)

    def fill(self, template: str, texts: Texts | None = None, **values: str) -> str:
        fields = _Defaults(self._clinic_fields[(texts or self._base).code])
        fields.update(values)
        return template.format_map(fields)

    @cached_property
    def _clinic_fields(self) -> dict[str, dict[str, str]]:
        """What every message may name, in each language: the clinic's details and the topics."""
        return {code: self._fields(texts) for code, texts in (self.content.texts or {"": self._base}).items()}

    def _fields(self, texts: Texts) -> dict[str, str]:
        clinic = texts.settings["clinic"]  # every key is there: the settings check sees to it
        phone = clinic["phone"]
        named = clinic["name"] or texts.messages["the_clinic"]
        return dict(
            clinic_name=clinic["name"],
            clinic_phone=texts.messages["call_clinic"].format(clinic=named, phone=phone) if phone else "",
            emergency_number=clinic["emergency_number"],
            crisis_line=clinic["crisis_line"],
            # A numbered list, one topic a line, as the terminal's /topics shows it.
            topics="\n".join(f"{n}. {texts.title(i)}" for n, i in enumerate(self.content.topic_ids, 1)),
        )

    @cached_property
    def _reminders(self) -> dict[str, str]:
        return {
            code: self.fill(t.settings["reminder"], t) for code, t in (self.content.texts or {"": self._base}).items()
        }

    def reminder_in(self, texts: Texts) -> str:
        return self._reminders.get(texts.code) or self.fill(texts.settings["reminder"], texts)

    @property
    def reminder(self) -> str:
        return self.reminder_in(self._base)

    def _render(self, d: Decision, session: Session, texts: Texts | None = None) -> Reply:
        t = texts or self._base
        titles = [t.title(i) for i in d.intents]
        in_sentence = [_in_sentence(title) for title in titles]
        if d.kind == "emergency":
            body = self.message("emergency", t)
            if d.crisis:
                body = f"{body}\n\n{self.message('crisis', t)}"
            return Reply("emergency", body, body=body, confidence=1.0, aspect=d.aspect, language=t.code)
        if d.kind == "answer":
            return self._answer(d, t, titles, in_sentence)
        if d.kind == "clarify":
            lines = [self.message("clarify", t)] + [f"{n}. {title}" for n, title in enumerate(titles, 1)]
            return self._reply("clarify", "", "\n".join(lines), d, t, suggestions=tuple(titles), with_reminder=False)
        if d.kind == "not_covered":
            body = self._not_covered_body(d, t, in_sentence[0] if titles else "")
            if d.note:
                body = f"{body}\n\n{self.message('risk_symptom', t, aspect=_capital(_label(t, d.note)))}"
            return self._reply("not_covered", "", body, d, t, intents=d.intents[:1], suggestions=tuple(titles[:1]))
        if d.kind == "smalltalk":
            body = self.message(d.aspect or "help", t)
            return self._reply("smalltalk", "", body, d, t, with_reminder=False, suggestions=self._topic_titles(t))
        if d.aspect == "language":
            # Not a language the bot reads: the notice in every language it does, each with the emergency number.
            every = self.content.texts.values() or (t,)
            body = "\n\n".join(f"{self.message('language', x)} {self.message('safety_net', x)}" for x in every)
            return self._reply("fallback", "", body, d, t, suggestions=self._topic_titles(t))
        if d.aspect == "other_condition":
            body = self.message("other_condition", t, condition=t.conditions.get(d.condition, d.condition))
        else:
            body = self.message(d.aspect if d.aspect in ("empty", "more_none") else "fallback", t)
        # A reply that answers nothing still says where to get help.
        body = f"{body}\n\n{self.message('safety_net', t)}"
        return self._reply("fallback", "", body, d, t, suggestions=self._topic_titles(t))

    def _cited(self, t: Texts, sources: tuple[Source, ...]) -> str:
        """The article's own words for ``sources``, and their translation in a language not the article's."""
        cite = "; ".join(f'"{s.quote}" ({s.section})' for s in sources)
        translation = "; ".join(f'"{s.translation}"' for s in sources if s.translation)
        return self.message("from_article", t, cite=cite, translation=translation)

    def _answer(self, d: Decision, t: Texts, titles: list[str], in_sentence: list[str]) -> Reply:
        responses = [t.responses[i] for i in d.intents]
        sources = tuple(s for r in responses for s in r.sources)
        more = (self.message("tell_me_more", t),)
        if d.aspect == "approval":
            if not d.general:
                body = f"{responses[0].approval}\n{self._cited(t, sources)}"
            else:
                approved = self.message("approval_general", t, approved=self._approved(t))
                body = f"{approved}\n{self._cited(t, sources)}"
            return self._reply("answer", " + ".join(titles), body, d, t, sources=sources, suggestions=more)
        sections = []
        for response in responses:
            if d.more:
                original = self.content.responses[response.intent].more
                text = self.message("more_text", t, more=response.more, original=original)
            else:
                text = f"{response.answer}\n{self._cited(t, response.sources)}"
            # With several topics, each part gets its own heading.
            sections.append(f"{response.title}\n{text}" if len(responses) > 1 else text)
        body = "\n\n".join(sections)
        if d.aspect == "more_done":
            body = self.message("more_done", t, topic=_joined(t, in_sentence))
        elif d.aspect == "children":
            body = f"{self.message('child_caution', t, topic=in_sentence[0])}\n\n{body}"
        if d.also and not d.more:
            body = f"{body}\n\n{self.message('not_covered_also', t, aspect=_label(t, d.also))}"
        suggestions = () if d.more else more
        return self._reply("answer", " + ".join(titles), body, d, t, sources=sources, suggestions=suggestions)

    def _not_covered_body(self, d: Decision, t: Texts, topic: str) -> str:
        """The wording of a "the article doesn't say" reply; ``topic`` is the one offered, if any."""
        if d.wording:
            if d.wording == "after_injection":
                symptoms = self.content.injection.symptoms
                body = self.fill(t.kind_messages.get(symptoms.id, symptoms.message), t)
            elif d.wording == "warning_signs":
                signs = t.settings["warning_signs"]
                body = f"{self.fill(signs['text'], t)}\n{self.message('source_named', t, source=signs['source'])}"
            else:
                body = self.message(d.wording, t)
            return f"{body} {self.message('offer_topic', t, topic=topic)}" if topic else body
        condition = t.conditions.get(d.condition, d.condition)
        if d.aspect == "other_condition":
            return self.message("other_condition_near", t, condition=condition, topic=topic)
        if d.aspect == "approval" and topic and not d.general:
            return self.message("approval_topic", t, topic=topic, approved=self._approved(t))
        if d.aspect == "approval":
            return self.message("approval_general", t, approved=self._approved(t))
        kinds = self.indexes.reader.by_id
        special = t.kind_messages.get(d.aspect, kinds[d.aspect].message) if d.aspect in kinds else ""
        aspect = _label(t, d.aspect_label)
        if special:
            return self.fill(special, t, aspect=aspect, topic=topic or self.message("conditions_covered", t))
        if topic and d.related:
            return self.message("not_covered_related", t, topic=topic)
        if topic and not d.aspect_label:
            return self.message("not_covered_other", t, topic=topic)
        if topic:
            return self.message("not_covered_topic", t, aspect=aspect, topic=topic)
        if not d.aspect_label:
            return self.message("not_covered_botox", t)
        return self.message("not_covered", t, aspect=aspect)

    def _approved(self, t: Texts) -> str:
        """What the article says Botox is approved for, in a sentence ("chronic migraine")."""
        approved = [_in_sentence(t.title(i)) for i in self.content.topic_ids if t.responses[i].approval]
        return _joined(t, approved) or self.message("none_approved", t)

    def _topic_titles(self, t: Texts) -> tuple[str, ...]:
        known = self._titles.get(t.code)
        return known if known is not None and t is self.content.texts[t.code] else self._titles_in(t)

    @cached_property
    def _titles(self) -> dict[str, tuple[str, ...]]:  # offered after every small talk: listed once
        return {code: self._titles_in(t) for code, t in self.content.texts.items()}

    def _titles_in(self, t: Texts) -> tuple[str, ...]:
        return tuple(t.title(i) for i in self.content.topic_ids)

    def _reply(
        self,
        kind: str,
        title: str,
        body: str,
        d: Decision,
        t: Texts,
        *,
        intents: tuple[str, ...] | None = None,
        sources: tuple[Source, ...] = (),
        suggestions: tuple[str, ...] = (),
        with_reminder: bool = True,
    ) -> Reply:
        reminder = self.reminder_in(t) if with_reminder else ""
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
            language=t.code,
        )


def _label(t: Texts, label: str) -> str:
    """A rule's label in the reply's language."""
    return t.labels.get(label, label)


def _joined(t: Texts, items: list[str]) -> str:
    """ "a and b" in the reply's language."""
    return f" {t.messages['and']} ".join(items)


def _texts_of(content: Content) -> Texts:
    """The base language's texts of content loaded without languages (built by hand, as tests do)."""
    return Texts("", "", content.responses, content.messages, content.settings)
