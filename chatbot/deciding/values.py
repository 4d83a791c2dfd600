"""The plain values the deciding stages hand on: a ``Decision``, and a ``Trace`` of how it was reached."""

from __future__ import annotations

from dataclasses import dataclass

from ..conditions import OtherCondition
from ..matcher import Evidence
from ..reading import Reading
from ..reports import Report


@dataclass(frozen=True)
class Decision:
    """The verdict on one message, before any wording is chosen.

    ``aspect`` is what the reply is about besides its topics (a red flag, a kind
    of question, "approval", "children"); ``act`` the kind of question read, kept
    for the next turn; ``related`` marks a topic offered because the message
    used its lay words, not its name; ``condition`` names a condition the article
    does not mention; ``note`` is a red flag asked about as a risk; ``general``
    marks an approval reply about Botox as a whole; ``also`` labels a question
    about the condition that an answer does not cover ("its symptoms");
    ``named`` lists the topics in the order the patient named them; ``wording``
    names the text a not-covered reply about trouble is worded with (``messages.yaml``,
    or the clinic's warning signs; an emergency has its own text); ``rule`` says in
    words which rule decided, for ``explain`` only; ``confidence`` is 1.0 when a
    rule decided, else how well the message matched.
    """

    kind: str
    intents: tuple[str, ...] = ()
    confidence: float = 0.0
    aspect: str | None = None
    aspect_label: str = ""
    crisis: bool = False
    more: bool = False
    act: str = ""
    related: bool = False
    condition: str = ""
    note: str = ""
    general: bool = False
    also: str = ""
    named: tuple[str, ...] = ()
    wording: str = ""
    rule: str = ""


@dataclass(frozen=True)
class Trace:
    """A decision and what the stage that made it looked at, for ``explain``: ``stage`` names it;
    the reading, the topic evidence and a condition the article does not name are kept when read."""

    decision: Decision
    stage: str = ""
    reading: Reading | None = None
    evidence: tuple[Evidence, ...] = ()
    condition: OtherCondition | None = None
    follow_up: bool = False
    report: Report | None = None
