"""Routing accuracy on labelled questions and conversations.

A question file holds ``groups``; each has a ``name``, an optional default
``expect`` and ``questions`` (plain text, or ``{q: ..., expect: ...}``). Every
question is answered in a fresh session.

A conversation file holds ``conversations``; each has a ``name`` and ``turns``
(``{say: ..., expect: ...}``), answered in order in one session, so a turn is
judged with what came before it.

An expectation is one or more alternatives separated by ``|``, any of which is
right. An alternative is one of:

``migraine``                an answer led by that topic
``tmj + cervical_dystonia`` an answer covering both topics
``not_covered``             the honest "the article does not cover this" reply
``not_covered:tmj``         ... offering that topic
``fallback``, ``emergency``, ``smalltalk``, ``clarify``
``offtopic``                fallback or small talk
``X@aspect``                X, and the reply's aspect is ``aspect``
``@aspect``                 any reply whose aspect is ``aspect``

A file may say which language its messages are in (``lang: es`` at the top, or
``lang`` on one question or turn): a reply is right only in that language too
(the notice to a message in a language the bot does not read excepted).

A CLINC150-style JSON file (``{"split": [[query, label], ...]}``) is read as
everyday queries that should all be ``offtopic``, one group per split.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import ContentError
from .models import KINDS, Reply, Session
from .responder import Responder
from .yamlfile import Mapping, Sequence, read_yaml

OFFTOPIC = "offtopic"


@dataclass(frozen=True)
class Expectation:
    """One acceptable reply: a kind (or topics to answer), and optionally the aspect it must carry."""

    kind: str | None = None
    topics: tuple[str, ...] = ()
    aspect: str | None = None

    def met_by(self, reply: Reply) -> bool:
        if self.aspect is not None and reply.aspect != self.aspect:
            return False
        if self.kind is None:
            return True
        if self.kind == OFFTOPIC:
            return reply.kind in ("fallback", "smalltalk")
        if self.kind != reply.kind:
            return False
        if not self.topics:
            return True
        if self.kind == "answer" and len(self.topics) == 1:
            return reply.intents[:1] == self.topics
        return set(self.topics) <= set(reply.intents)


def parse_expectation(text: str) -> tuple[Expectation, ...]:
    """The alternatives of a label such as ``migraine | not_covered:migraine@approval``.

    Raises ``ValueError`` saying what is wrong with a malformed label.
    """
    alternatives = []
    for alternative in text.split("|"):
        part, _, aspect_text = alternative.strip().partition("@")
        aspect = aspect_text.strip() or None
        kind, _, topic = part.strip().partition(":")
        kind, topic = kind.strip(), topic.strip()
        if not kind and not aspect:
            raise ValueError(f"empty alternative in '{text}'")
        if not kind:
            alternatives.append(Expectation(aspect=aspect))
        elif kind in KINDS or kind == OFFTOPIC:
            if topic and kind not in ("not_covered", "answer", "clarify"):
                raise ValueError(f"'{kind}' takes no topic (in '{text}')")
            topics = tuple(t.strip() for t in topic.split("+")) if topic else ()
            alternatives.append(Expectation(kind, topics, aspect))
        else:
            if topic:
                raise ValueError(f"unknown reply kind '{kind}' (in '{text}')")
            alternatives.append(Expectation("answer", tuple(t.strip() for t in kind.split("+")), aspect))
    return tuple(alternatives)


@dataclass(frozen=True)
class Case:
    """One labelled message; ``conversation`` names the session it belongs to, if any."""

    group: str
    question: str
    expect: str
    line: int
    conversation: str | None = None
    language: str = ""


@dataclass(frozen=True)
class Outcome:
    """A labelled message and what the bot did with it."""

    case: Case
    reply: Reply
    correct: bool


def load_cases(path: Path | str) -> list[Case]:
    """Read a labelled question or conversation file; raises ``ContentError`` naming file and line when malformed."""
    path = Path(path)
    if path.suffix == ".json":
        return _clinc_cases(path)
    doc = read_yaml(path)
    if isinstance(doc, Mapping) and "conversations" in doc:
        cases = _conversation_cases(path, doc)
    else:
        cases = _question_cases(path, doc)
    default = doc.get("lang", "") if isinstance(doc, Mapping) else ""
    if not isinstance(default, str):
        raise ContentError(path, doc.line_of("lang"), "'lang' must be a language code, such as es")
    cases = [c if c.language else replace(c, language=default) for c in cases]
    for case in cases:
        try:
            parse_expectation(case.expect)
        except ValueError as exc:
            raise ContentError(
                path, case.line, f"{exc}: see 'botox-chat evaluate --help' for the label forms"
            ) from None
    return cases


def _question_cases(path: Path, doc: object) -> list[Case]:
    groups = doc.get("groups") if isinstance(doc, Mapping) else None
    if not isinstance(groups, Sequence):
        raise ContentError(path, getattr(doc, "line", 1), "expected a top-level 'groups' or 'conversations' list")
    cases = []
    for index, group in enumerate(groups):
        if not isinstance(group, Mapping) or not isinstance(group.get("name"), str):
            raise ContentError(path, groups.line_of(index), "each group needs a 'name' and 'questions'")
        questions = group.get("questions")
        if not isinstance(questions, Sequence):
            raise ContentError(path, group.line_of("questions"), f"group '{group['name']}' needs a 'questions' list")
        for qi, item in enumerate(questions):
            line = questions.line_of(qi)
            language = ""
            if isinstance(item, Mapping):
                question, expect = item.get("q"), item.get("expect", group.get("expect"))
                language = item.get("lang", "")
            else:
                question, expect = item, group.get("expect")
            if not isinstance(question, str) or not isinstance(expect, str) or not isinstance(language, str):
                raise ContentError(path, line, "a question needs text and an 'expect' (its own or its group's)")
            cases.append(Case(group["name"], question, expect.strip(), line, language=language))
    return cases


def _conversation_cases(path: Path, doc: Mapping) -> list[Case]:
    conversations = doc["conversations"]
    if not isinstance(conversations, Sequence):
        raise ContentError(path, doc.line_of("conversations"), "'conversations' must be a list of {name, turns}")
    cases, names = [], set()
    for index, conversation in enumerate(conversations):
        line = conversations.line_of(index)
        if not isinstance(conversation, Mapping) or not isinstance(conversation.get("name"), str):
            raise ContentError(path, line, "each conversation needs a 'name' and 'turns'")
        name = conversation["name"]
        if name in names:
            raise ContentError(path, line, f"conversation '{name}' is named twice: give each its own name")
        names.add(name)
        turns = conversation.get("turns")
        if not isinstance(turns, Sequence) or not turns:
            raise ContentError(path, conversation.line_of("turns"), f"conversation '{name}' needs a 'turns' list")
        for ti, turn in enumerate(turns):
            tline = turns.line_of(ti)
            if (
                not isinstance(turn, Mapping)
                or not isinstance(turn.get("say"), str)
                or not isinstance(turn.get("expect"), str)
            ):
                raise ContentError(path, tline, "each turn needs 'say' (what the patient types) and 'expect'")
            language = turn.get("lang", "")
            if not isinstance(language, str):
                raise ContentError(path, tline, "'lang' must be a language code, such as en")
            cases.append(
                Case("conversations", turn["say"], turn["expect"].strip(), tline, conversation=name, language=language)
            )
    return cases


def _clinc_cases(path: Path) -> list[Case]:
    try:
        splits = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ContentError(path, None, f"cannot read this JSON file ({exc})") from None
    if not isinstance(splits, dict):
        raise ContentError(path, 1, 'expected {"split": [[query, label], ...]}')
    return [
        Case(name, item[0], OFFTOPIC, number)
        for name, items in splits.items()
        if isinstance(items, list)
        for number, item in enumerate(items, start=1)
        if isinstance(item, list) and item and isinstance(item[0], str)
    ]


def is_correct(expect: str, reply: Reply) -> bool:
    """Whether a reply meets a labelled expectation (any of its alternatives)."""
    return any(e.met_by(reply) for e in parse_expectation(expect))


def require_known_topics(cases: Iterable[Case], topic_ids: Iterable[str], path: Path | str) -> None:
    """Raise ``ContentError`` at the first label naming a topic the content does not have (a typo in a label)."""
    known = set(topic_ids)
    for case in cases:
        for topic in (t for e in parse_expectation(case.expect) for t in e.topics if t not in known):
            raise ContentError(
                path, case.line, f"the label names '{topic}', which is not a topic id: use a topic id from intents/"
            )


def evaluate(responder: Responder, cases: list[Case]) -> list[Outcome]:
    """Answer every case: questions each in a fresh session, conversation turns in their conversation's."""
    sessions: dict[str, Session] = {}
    outcomes = []
    for case in cases:
        session = sessions.setdefault(case.conversation, Session()) if case.conversation else Session()
        reply = responder.respond(case.question, session)
        outcomes.append(Outcome(case, reply, is_correct(case.expect, reply) and _in_language(case, reply)))
    return outcomes


def _in_language(case: Case, reply: Reply) -> bool:
    """Whether the reply is in the case's language (the notice to an unread language is in every one)."""
    return not case.language or reply.aspect == "language" or reply.language == case.language


def describe(reply: Reply) -> str:
    """A reply in label form, e.g. ``not_covered:tmj@approval``."""
    got = reply.kind + (":" + "+".join(reply.intents) if reply.intents else "")
    return got + (f"@{reply.aspect}" if reply.aspect else "")


def report(outcomes: list[Outcome], *, totals_only: bool = False) -> str:
    """Accuracy per group and overall, then every miss with what was expected and got.

    With ``totals_only``, only the overall figures: for a set kept aside, whose misses
    must not be read (tests/untouched/README.md)."""
    if totals_only:
        return _totals(outcomes)
    groups: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome.case.group, []).append(outcome)
    width = max([22, *(len(name) for name in groups)])
    lines = [f"{'group':<{width}} {'right':>5} {'total':>5} {'accuracy':>9}"]
    for name, items in groups.items():
        right = sum(o.correct for o in items)
        lines.append(f"{name:<{width}} {right:>5} {len(items):>5} {right / len(items):>9.2%}")
    right = sum(o.correct for o in outcomes)
    total = len(outcomes)
    lines.append(f"{'ALL':<{width}} {right:>5} {total:>5} {(right / total if total else 0):>9.2%}")
    conversations: dict[str, bool] = {}
    for o in outcomes:
        if o.case.conversation:
            conversations[o.case.conversation] = conversations.get(o.case.conversation, True) and o.correct
    if conversations:
        whole = sum(conversations.values())
        lines.append(
            f"conversations with every turn right: {whole}/{len(conversations)} = {whole / len(conversations):.2%}"
        )
    misses = [o for o in outcomes if not o.correct]
    if misses:
        lines.append("")
        lines.append(f"misses ({len(misses)}):")
        for o in misses:
            where = f"line {o.case.line}" + (f" [{o.case.conversation}]" if o.case.conversation else "")
            said = f" in '{o.reply.language}'" if not _in_language(o.case, o.reply) else ""
            lines.append(f"  {where}: expected {o.case.expect}, got {describe(o.reply)}{said}: {o.case.question}")
    return "\n".join(lines)


def _totals(outcomes: list[Outcome]) -> str:
    right = sum(o.correct for o in outcomes)
    total = len(outcomes)
    emergencies = [o for o in outcomes if o.case.expect == "emergency"]
    escalated = sum(o.reply.kind == "emergency" for o in emergencies)
    return "\n".join(
        [
            f"right: {right}/{total} = {(right / total if total else 0):.2%}",
            f"emergencies escalated: {escalated}/{len(emergencies)}",
        ]
    )
