"""Stage 2: red flags. A symptom that may be an emergency gets the urgent message before anything else.

A red flag that only comes up in a question about a risk ("can botox cause
trouble swallowing?") is no report: it is handed on, to be named in the
side-effects reply. "botox made me unable to swallow", "could my trouble
swallowing be from botox?" and "what happens if i overdose" report something,
as does any message that reports an injection. One denied just before it ("no
chest pain or anything like that", "she's not dizzy or faint") is no report
either; "i don't know, my chest hurts" is (only small words may stand between
the denial and the symptom). Nor is one feared ("scared of choking") or heard of
and asked about ("i read some people go weak after botox, is that normal?"; the people heard of come
before the symptom, in its clause: "my chest hurts, can i see someone?" is a report). A symptom told
before the question begins is told ("i can't breathe, what happens if it gets worse?"), and a plea
for help ("what do i do", "please help") makes any red flag a report.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..indexes import Indexes
from ..lexicon import Message
from ..models import RuleSet
from ..safety import Hit
from .values import Decision


@dataclass(frozen=True)
class RedFlag:
    """The first red flag in a message, and whether it only comes up in a question about a risk."""

    rule: RuleSet
    asked: bool

    def decision(self) -> Decision:
        """The urgent reply for a red flag that is reported."""
        return Decision(
            "emergency",  # rendered with confidence 1.0, as every emergency is
            aspect=self.rule.id,
            crisis=self.rule.crisis,
            rule=f"red flag '{self.rule.id}'",
        )


def find(ix: Indexes, message: Message, in_treatment_talk: bool, injected: bool = False) -> RedFlag | None:
    """The first red flag in ``message``, if any; ``in_treatment_talk``: a treatment is being discussed;
    ``injected``: an injection was told earlier in the conversation, so even a question about a red flag
    ("could that be why i can't swallow?") reports it."""
    # "spasmodic dysphonia" names a condition; its "dysphonia" is no report of a symptom.
    named = [(h.sentence, set(h.positions)) for h in ix.conditions.named.hits(message)]
    hits = [
        h
        for h in ix.red_flags.hits(message, unless=ix.reports.denied)
        if not any(s == h.sentence and set(h.positions) <= p for s, p in named)
    ]
    if not hits:
        return None
    flag = ix.red_flags.by_id[hits[0].id]
    # "my friend is having a fit on the floor, what do i do": a plea for help reports what it names.
    asked = not ix.reader.pleads(message) and all(_only_asked(ix, message, h) for h in hits)
    if flag.crisis and not ix.domain_stems & message.stems:
        asked = False  # "what happens if you overdose" is only a risk question when it is about Botox
    reported = ix.injection.reports_injection(
        message,
        in_treatment_talk,
        lambda m, s: ix.reader.asks_what_could_happen(m, s) or ix.reports.heard_of(m.sentences[s]),
    )
    return RedFlag(flag, asked and not reported and not injected)


def _only_asked(ix: Indexes, message: Message, hit: Hit) -> bool:
    """Whether a red flag comes up only in a question about a risk, is feared, or is heard of and asked about."""
    first, last = min(hit.positions), max(hit.positions)
    wondered = ix.reader.asks_about_risk(message, hit.sentence, at=(first, last)) or ix.reader.asks_what_could_happen(
        message, hit.sentence
    )
    # "what happens if i can't breathe?" wonders; "(i) can't breathe, what happens if it gets worse?"
    # tells first, then asks: only a symptom where the question has begun is wondered about.
    opens = ix.reader.opening(message, hit.sentence)
    if wondered and (opens is None or opens <= first):
        return True
    return ix.reader.fears(message, hit.sentence, first) or (
        ix.reports.heard_of(_lead_in(message, hit.sentence, first)) and ix.reader.asks(message, hit.sentence)
    )


def _lead_in(message: Message, sentence: int, position: int) -> tuple[str, ...]:
    """The words of the clause before a symptom: where someone only heard of is its subject ("i read
    some PEOPLE go weak"). "my chest hurts, can i see SOMEONE?" asks for help, it heard of nothing."""
    start = max(s for s in {0} | message.clause_starts[sentence] if s <= position)
    return message.sentences[sentence][start:position]
