"""Stage 3: a report of trouble. A new problem after an injection is never met with a benefit.

An injection placed in the past and a symptom outside what the injection was
for, anywhere in the message: the boxed-warning symptoms get the urgent
message, any other new problem "contact your clinic today".
"""

from __future__ import annotations

from ..indexes import Indexes
from ..lexicon import Message
from ..models import Session
from .values import Decision


def decide(ix: Indexes, message: Message, session: Session) -> Decision | None:
    """The reply to a new problem after an injection, or None when the message reports none."""
    report = ix.injection.read(message, bool(session.topics), ix.reader.asks_what_could_happen)
    if report is None:
        return None
    words = ", ".join(sorted(report.words))
    return Decision(
        "emergency" if report.urgent else "not_covered",
        confidence=1.0,
        aspect="after_injection",
        aspect_label=report.rule.label,
        rule=f"new {'urgent symptom' if report.urgent else 'problem'} after an injection ({words})",
    )
