"""Stage 3: a report of trouble. It is never met with a benefit text.

From the ``Report`` of the message (``chatbot.reports``), in this order:

1. After an injection (told in this message, or earlier in the conversation, for
   the patient or for someone else), any problem that is not said to be better:
   a boxed-warning or allergic sign gets the urgent message, anything else
   "contact your clinic today".
2. A new or sudden problem with no injection in sight: the article cannot help
   with a new symptom; the reply says who can, and offers the topic it is near.
3. An injection told with nothing said to be wrong ("I had botox last Wednesday")
   and no question: what to do if anything new starts.
4. In a conversation about trouble, a message that carries it on ("is that
   normal?", "can it wait till tomorrow?", "he doesn't want a fuss") gets the
   same reply again.

A red flag comes before all of these (stage 2).
"""

from __future__ import annotations

from .. import dialogue
from ..indexes import Indexes
from ..models import Session
from ..reading import MENTION
from ..reports import NEW, SYMPTOM, TOPIC, Report
from ..topics import OVERVIEW
from .read import Read
from .values import Decision

#: Kinds of question that ask something new rather than carry on about the trouble just told.
FRESH_QUESTIONS = frozenset(
    {
        "approval",
        "cost",
        "cosmetic",
        "pregnancy",
        "children",
        "other_uses",
        "definition",
        "mechanism",
        "treatment",
        "warning_signs",
        "providers",
        "dosing",
        "frequency",
        "aftercare",
        "research",
        "genetics",
        "support",
        "prevalence",
        "injection_pain",
        MENTION,
    }
)
AFTER_INJECTION, NEW_SYMPTOM = "after_injection", "new_symptom"
#: Small talk that ends a conversation about trouble.
CLOSING = frozenset({"thanks", "goodbye"})
#: Kinds of question that ask, of an injection just told, whether all is well.
CONCERNS = frozenset({"seriousness", "when_to_worry"})


def decide(ix: Indexes, read: Read, session: Session) -> Decision | None:
    """The reply to a report of trouble, or None when the message reports none."""
    report = read.report
    # A topic's own words count as a problem only after an injection told in an earlier turn ("i had my
    # neck done last week" ... "my neck still pulls"): in the same message they tell what it was for ("my
    # neck pulls to the right, last week i had my first botox"). With only a habit of injections ("she
    # gets botox, will it cure her stiffness?"), only a listed symptom told, or a boxed-warning sign.
    told = [c for c in report.complaints if c.kind != TOPIC]
    usual = [c for c in told if c.urgent or (c.kind == SYMPTOM and not c.asked)]
    # A topic not talked about before is a new subject, not a problem since the injection ("my grandson
    # says i should ask about my drooling too" after talk of the stomach injections).
    talked = {e.intent for e in read.evidence.values() if e.keyword_score} <= set(session.history)
    before = session.injection and (report.bodily or report.urgent) and (told or talked)
    if (
        (before and report.complaints)
        or ((report.injection or report.injection_here) and told)
        or (report.habit and usual)
    ):
        return _after_injection(report)
    if report.injection and set(ix.reader.kinds.matches(read.message)) & CONCERNS:
        # "my mum had botox for her drooling and now she coughs every time she drinks, is that normal":
        # whatever is asked about after an injection told is for the clinic, not a benefit answer.
        return _after_injection(report)
    if report.complaints and report.onset == NEW and report.bodily and not (report.habit or report.given):
        # (With an injection in the message, "on thursday" tells when it was given, not when a problem began.)
        return _new_problem(read, report)
    if report.given and not read.reading.question:
        return Decision(
            "not_covered",
            _offered(read),
            confidence=1.0,
            aspect=AFTER_INJECTION,
            wording="injection_noted",
            rule=f"an injection told ({report.injection}'s), nothing said to be wrong",
        )
    return None


def carry_on(ix: Indexes, read: Read, session: Session) -> Decision | None:
    """The trouble reply again, for a message that carries on about the trouble just told; thanks or
    goodbye with nothing more wrong told and nothing asked ("ok ringing 111 now thank you") end it:
    "ok what do we do now" asks for help."""
    if not session.trouble:
        return None
    talk = next((act for act in ix.smalltalk.matches(read.message) if act in CLOSING), None)
    if talk is not None and not read.report.complaints and not read.reading.question:
        return Decision(
            "smalltalk",
            confidence=1.0,
            aspect=talk,
            rule="thanks after trouble told",
        )
    if not _carries_on(ix, read, session):
        return None
    kind, _, aspect = session.trouble.partition(":")
    flag = ix.red_flags.by_id.get(aspect)
    return Decision(
        kind,
        (),
        confidence=1.0,
        aspect=aspect or None,
        crisis=flag is not None and flag.crisis,
        wording=_wording(aspect),
        rule=f"carries on about the trouble just told ({session.trouble})",
    )


def _after_injection(report: Report) -> Decision:
    kind = "emergency" if report.urgent else "not_covered"
    return Decision(
        kind,
        confidence=1.0,
        aspect=AFTER_INJECTION,
        wording=AFTER_INJECTION,
        rule=_rule(f"a {'boxed-warning sign' if report.urgent else 'problem'} after an injection", report),
    )


def _new_problem(read: Read, report: Report) -> Decision:
    return Decision(
        "not_covered",
        _offered(read),
        confidence=1.0,
        aspect=NEW_SYMPTOM,
        wording="new_symptom",
        rule=_rule("a new problem", report, f"; new from: {', '.join(report.onset_words)}"),
    )


def _rule(what: str, report: Report, more: str = "") -> str:
    """The rule that decided, in words, for ``explain``: what was found, and in which words."""
    words = ", ".join(sorted({w for c in report.complaints for w in c.words}))
    return f"{what} ({words}{more})"


def _wording(aspect: str) -> str:
    """The text a reply about trouble is worded with, when it is not the emergency message (which has its own)."""
    return "new_symptom" if aspect == NEW_SYMPTOM else AFTER_INJECTION


def _offered(read: Read) -> tuple[str, ...]:
    """The topic a message about trouble is nearest to, to offer instead of answering (none for the overview)."""
    named = [e for e in read.evidence.values() if e.keyword_score and e.intent != OVERVIEW]
    best = max(named, key=lambda e: (e.has_name, e.score, e.intent), default=None)
    return (best.intent,) if best is not None else ()


def _carries_on(ix: Indexes, read: Read, session: Session) -> bool:
    """Whether a message goes on about the trouble just told: no topic or new question of its own, no small talk."""
    reading = read.reading
    if reading.act in FRESH_QUESTIONS or any(e.keyword_score for e in read.evidence.values()):
        return False
    content_words = [w for w in read.message.words if w not in ix.filler]
    talk = dialogue.smalltalk(read.message, reading, ix.smalltalk, content_words, in_topic=bool(session.topics))
    # "ok what do we do now": an acknowledgement before a question asks for help with the trouble.
    return talk is None or (talk in CLOSING and reading.question)
