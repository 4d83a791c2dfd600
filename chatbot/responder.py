"""The dialogue policy: a message and a session in, a ``Reply`` out.

This module does no I/O: it reads no file, prints nothing, reads no clock
and draws no random number. Everything it needs is handed to ``Responder``
when it is built, and ``respond`` only reads that shared state, so one
responder can serve many threads at once. The only thing it changes is the
``Session`` passed in, which belongs to one conversation.

Checks run in a fixed order: empty input; red flags (before anything else);
a pick from the choices just offered; "tell me more"; then topic matching,
not-covered aspects, small talk and, when nothing fits, the fallback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import english
from . import text as textmod
from .content import load_content
from .lexicon import Lexicon
from .matcher import Matcher
from .models import Content, Reply, Session, Source
from .policy import Decision, decide
from .safety import RuleIndex


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Responder:
    """Answers patient messages from one loaded, validated body of content."""

    content: Content
    lexicon: Lexicon
    matcher: Matcher
    red_flags: RuleIndex
    aspects: RuleIndex
    smalltalk: RuleIndex
    lexicon_filler: frozenset[str]
    domain_stems: frozenset[str]
    more_phrases: frozenset[str]
    affirmations: frozenset[str]
    titles: dict[str, str]

    @classmethod
    def load(cls, content_dir: Path | str | None = None, config: Path | str | None = None) -> "Responder":
        """Load the shipped content (or ``content_dir``) and build a responder.

        ``config`` is a clinic YAML file whose settings override ``responses/clinic.yaml``.
        Raises ``ContentError`` if anything in the content is wrong.
        """
        return cls.from_content(load_content(content_dir, config))

    @classmethod
    def from_content(cls, content: Content) -> "Responder":
        """Build the indexes for already-loaded content."""
        matcher = Matcher(content.intents, content.filler_words, content.domain_words, content.exclusion_phrases)
        red_flags = RuleIndex(content.red_flags, safety=True)
        aspects = RuleIndex(content.aspects)
        smalltalk = RuleIndex(content.smalltalk)
        more = {w for phrase in content.more_phrases for w in textmod.words(phrase)}
        filler = {w for phrase in content.filler_words for w in textmod.words(phrase)}
        domain = {w for phrase in content.domain_words for w in textmod.words(phrase)}
        protected = (
            matcher.keyword_words | red_flags.raw_words | aspects.raw_words | smalltalk.raw_words | more | filler | domain
        )
        # Typos are corrected only into meaningful words: "battery" must not become "better".
        targets = (matcher.keyword_words | red_flags.raw_words | aspects.raw_words | domain) - filler
        lexicon = Lexicon(protected, targets, red_flags.raw_words - filler, matcher.example_words, english.dictionary())
        titles = {textmod.normalise(content.title(i)): i for i in content.topic_ids}
        titles.update({textmod.normalise(i.replace("_", " ")): i for i in content.topic_ids})
        return cls(
            content, lexicon, matcher, red_flags, aspects, smalltalk,
            lexicon_filler=frozenset(textmod.stem(w) for w in filler),
            domain_stems=frozenset(textmod.stem(w) for w in domain),
            more_phrases=frozenset(textmod.normalise(p) for p in content.more_phrases),
            affirmations=frozenset(textmod.normalise(p) for p in content.affirmations), titles=titles,
        )

    # -- the public call -------------------------------------------------------

    def respond(self, text: Any, session: Session | None = None) -> Reply:
        """Answer one message. ``session`` carries the conversation and is updated in place."""
        session = session if session is not None else Session()
        message = self.lexicon.analyse(text)
        decision = decide(self, message, session)
        reply = self._render(decision, session)
        session.turns += 1
        if reply.kind == "answer":
            session.topics, session.options = reply.intents, ()
            session.more_shown = decision.more
        elif reply.kind == "clarify":
            session.options = reply.intents
        elif reply.kind == "not_covered" and reply.intents:
            # The reply offers the topic's general answer: "yes" or "1" takes it.
            session.topics, session.options = reply.intents[:1], reply.intents[:1]
        elif reply.kind == "emergency":
            session.options = ()
        return reply

    def topics(self) -> list[dict[str, str]]:
        """Every topic's id and title, in menu order."""
        return [{"id": i, "title": self.content.title(i)} for i in self.content.topic_ids]

    # -- building replies --------------------------------------------------------

    def message(self, name: str, **values: str) -> str:
        """A message from ``messages.yaml`` with clinic details and ``values`` filled in."""
        return self.fill(self.content.messages[name], **values)

    def fill(self, template: str, **values: str) -> str:
        clinic = self.content.settings["clinic"]
        phone = clinic.get("phone", "")
        fields = _Defaults(
            clinic_name=clinic.get("name", ""),
            clinic_phone=f", or call {clinic.get('name') or 'the clinic'} on {phone}" if phone else "",
            emergency_number=clinic.get("emergency_number", ""),
            crisis_line=clinic.get("crisis_line", ""),
            topics=", ".join(self.content.title(i) for i in self.content.topic_ids),
        )
        fields.update(values)
        return template.format_map(fields)

    @property
    def reminder(self) -> str:
        return self.fill(self.content.settings["reminder"])

    def _render(self, d: Decision, session: Session) -> Reply:
        content = self.content
        titles = [content.title(i) for i in d.intents]
        in_sentence = [t[0].lower() + t[1:] if t[1:2].islower() else t for t in titles]
        if d.kind == "emergency":
            body = self.message("emergency")
            if d.crisis:
                body = f"{body}\n\n{self.message('crisis')}"
            return Reply("emergency", body, body=body, confidence=1.0, aspect=d.aspect)
        if d.kind == "answer":
            responses = [content.responses[i] for i in d.intents]
            sections = []
            for response in responses:
                cite = "; ".join(f'"{s.quote}" ({s.section})' for s in response.sources)
                text = response.more if d.more else f"{response.answer}\nFrom the article: {cite}"
                # With several topics, each part gets its own heading.
                sections.append(f"{response.title}\n{text}" if len(responses) > 1 else text)
            body = "\n\n".join(sections)
            if d.aspect == "more_done":
                body = self.message("more_done", topic=" and ".join(in_sentence))
            sources = tuple(s for r in responses for s in r.sources)
            suggestions = () if d.more else ("Tell me more",)
            return self._reply("answer", " + ".join(titles), body, d, sources=sources, suggestions=suggestions)
        if d.kind == "clarify":
            lines = [self.message("clarify")] + [f"{n}. {t}" for n, t in enumerate(titles, 1)]
            return self._reply("clarify", "", "\n".join(lines), d, suggestions=tuple(titles), with_reminder=False)
        if d.kind == "not_covered":
            special = self.aspects.by_id[d.aspect].message if d.aspect in self.aspects.by_id else ""
            if special:
                body = self.fill(special, aspect=d.aspect_label, topic=in_sentence[0] if titles else "Botox")
                suggestions = ()
            elif d.intents and d.intents[0] != "overview":
                body = self.message("not_covered_topic", aspect=d.aspect_label, topic=in_sentence[0])
                suggestions = (titles[0],)
            else:
                body = self.message("not_covered", aspect=d.aspect_label)
                suggestions = ()
            intents = d.intents[:1]
            return self._reply("not_covered", "", body, d, intents=intents, suggestions=suggestions)
        if d.kind == "smalltalk":
            body = self.message(d.aspect or "help")
            return self._reply("smalltalk", "", body, d, with_reminder=False, suggestions=self._topic_titles())
        name = d.aspect if d.aspect in ("empty", "more_none") else "fallback"
        return self._reply("fallback", "", self.message(name), d, suggestions=self._topic_titles())

    def _topic_titles(self) -> tuple[str, ...]:
        return tuple(self.content.title(i) for i in self.content.topic_ids)

    def _reply(
        self, kind: str, title: str, body: str, d: Decision, *, intents: tuple[str, ...] | None = None,
        sources: tuple[Source, ...] = (), suggestions: tuple[str, ...] = (), with_reminder: bool = True,
    ) -> Reply:
        reminder = self.reminder if with_reminder else ""
        text = "\n\n".join(part for part in (title, body, reminder) if part)
        return Reply(
            kind=kind, text=text, body=body, title=title,
            intents=d.intents if intents is None else intents, confidence=d.confidence,
            reminder=reminder, sources=sources, suggestions=suggestions, aspect=d.aspect,
        )
