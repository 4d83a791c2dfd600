"""Routing accuracy on a labelled question file (the format of ``tests/data/questions.yaml``).

A file holds ``groups``; each has a ``name``, an optional default ``expect``
and ``questions`` (plain text, or ``{q: ..., expect: ...}``). An expectation is
one of: an intent id (an answer led by that topic); ``id + id`` (an answer
covering both); ``not_covered`` or ``not_covered:<id>``; ``fallback``;
``emergency``; ``smalltalk``; ``clarify``; ``offtopic`` (fallback or small talk).

A CLINC150-style JSON file (``{"split": [[query, label], ...]}``) is read as
everyday queries that should all be ``offtopic``, one group per split.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError
from .models import KINDS, Reply
from .responder import Responder
from .yamlfile import Mapping, Sequence, read_yaml


@dataclass(frozen=True)
class Case:
    """One labelled question."""

    group: str
    question: str
    expect: str
    line: int


@dataclass(frozen=True)
class Outcome:
    """A labelled question and what the bot did with it."""

    case: Case
    reply: Reply
    correct: bool


def load_cases(path: Path | str) -> list[Case]:
    """Read a labelled question file; raises ``ContentError`` naming file and line when malformed."""
    path = Path(path)
    if path.suffix == ".json":
        return _clinc_cases(path)
    doc = read_yaml(path)
    groups = doc.get("groups") if isinstance(doc, Mapping) else None
    if not isinstance(groups, Sequence):
        raise ContentError(path, getattr(doc, "line", 1), "expected a top-level 'groups' list")
    cases = []
    for index, group in enumerate(groups):
        if not isinstance(group, Mapping) or not isinstance(group.get("name"), str):
            raise ContentError(path, groups.line_of(index), "each group needs a 'name' and 'questions'")
        questions = group.get("questions")
        if not isinstance(questions, Sequence):
            raise ContentError(path, group.line_of("questions"), f"group '{group['name']}' needs a 'questions' list")
        for qi, item in enumerate(questions):
            line = questions.line_of(qi)
            if isinstance(item, Mapping):
                question, expect = item.get("q"), item.get("expect", group.get("expect"))
            else:
                question, expect = item, group.get("expect")
            if not isinstance(question, str) or not isinstance(expect, str):
                raise ContentError(path, line, "a question needs text and an 'expect' (its own or its group's)")
            cases.append(Case(group["name"], question, expect.strip(), line))
    return cases


def _clinc_cases(path: Path) -> list[Case]:
    try:
        splits = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ContentError(path, None, f"cannot read this JSON file ({exc})") from None
    if not isinstance(splits, dict):
        raise ContentError(path, 1, 'expected {"split": [[query, label], ...]}')
    return [
        Case(name, item[0], "offtopic", number)
        for name, items in splits.items() if isinstance(items, list)
        for number, item in enumerate(items, start=1) if isinstance(item, list) and item and isinstance(item[0], str)
    ]


def is_correct(expect: str, reply: Reply) -> bool:
    """Whether a reply meets a labelled expectation."""
    if expect == "offtopic":
        return reply.kind in ("fallback", "smalltalk")
    if expect in KINDS:
        return reply.kind == expect
    kind, _, topic = expect.partition(":")
    if kind == "not_covered":
        return reply.kind == "not_covered" and (not topic or topic.strip() in reply.intents)
    wanted = [part.strip() for part in expect.split("+")]
    if reply.kind != "answer":
        return False
    if len(wanted) == 1:
        return reply.intents[:1] == (wanted[0],)
    return set(wanted) <= set(reply.intents)


def evaluate(responder: Responder, cases: list[Case]) -> list[Outcome]:
    """Answer every case in a fresh session."""
    outcomes = []
    for case in cases:
        reply = responder.respond(case.question)
        outcomes.append(Outcome(case, reply, is_correct(case.expect, reply)))
    return outcomes


def report(outcomes: list[Outcome]) -> str:
    """Accuracy per group and overall, then every miss with what was expected and got."""
    groups: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome.case.group, []).append(outcome)
    lines = [f"{'group':<22} {'right':>5} {'total':>5} {'accuracy':>9}"]
    for name, items in groups.items():
        right = sum(o.correct for o in items)
        lines.append(f"{name:<22} {right:>5} {len(items):>5} {right / len(items):>9.2%}")
    right = sum(o.correct for o in outcomes)
    total = len(outcomes)
    lines.append(f"{'ALL':<22} {right:>5} {total:>5} {(right / total if total else 0):>9.2%}")
    misses = [o for o in outcomes if not o.correct]
    if misses:
        lines.append("")
        lines.append(f"misses ({len(misses)}):")
        for o in misses:
            got = o.reply.kind + (":" + "+".join(o.reply.intents) if o.reply.intents else "")
            lines.append(f"  line {o.case.line}: expected {o.case.expect}, got {got}: {o.case.question}")
    return "\n".join(lines)
