"""``explain``: how one message was read, step by step, for whoever maintains the content.

Prints the words as the bot saw them (with corrections), the kind of question
it asks and whether the article answers that kind, the topics and their
scores, any condition the article does not name, the trouble the message
reports (what, whether new, whose, what was denied or only asked about), the
stage that decided and the rule it applied.
"""

from __future__ import annotations

from .deciding import Trace
from .evaluate import describe
from .lexicon import Message
from .models import Reply, Session
from .responder import Responder


def explain(responder: Responder, text: str, session: Session | None = None) -> str:
    """A plain-text account of how ``text`` is read and answered (in ``session``, if given)."""
    found, reply, message = responder.explain(text, session)
    return "\n".join(_lines(found, reply, message))


def _lines(found: Trace, reply: Reply, message: Message) -> list[str]:
    lines = [f"message:    {message.original!r}"]
    words = []
    for stems, tokens in zip(message.sentences, message.tokens, strict=False):
        words.append(" ".join(t if t == s or not s else f"{t}->{s}" for t, s in zip(tokens, stems, strict=False)))
    lines.append(f"words:      {' | '.join(words) or '(none)'}")
    fixed = sorted(message.corrected)
    if fixed:
        lines.append(f"corrected:  {', '.join(fixed)}")
    if message.unknown:
        lines.append(f"unknown:    {', '.join(sorted(set(message.unknown)))}")
    reading = found.reading
    if reading is not None:
        how = f"listed phrase ({', '.join(sorted(reading.words))})" if reading.cued else "the sentence's shape"
        lines.append(
            f"act:        {reading.act} - {'answered' if reading.answered else 'not answered'} "
            f"by the article; from {how}"
        )
        features = [
            name
            for name, on in (
                ("question", reading.question),
                ("about Botox", reading.about_botox),
                ("personal", reading.personal),
                ("a child", reading.child),
                ("points back", reading.refers_back),
                ("ellipsis", reading.ellipsis),
            )
            if on
        ]
        lines.append(f"features:   {', '.join(features) or '(none)'}")
    for e in sorted(found.evidence, key=lambda e: -e.score):
        kind = "name" if e.has_name else "lay words" if e.keyword_score else "example only"
        lines.append(
            f"topic:      {e.intent:<20} score {e.score:.2f} ({kind}; keywords {e.keyword_score:.2f}, "
            f"closest example {e.example_score:.0f}) on {', '.join(sorted(e.words)) or '-'}"
        )
    if found.condition is not None:
        near = f", near {found.condition.near}" if found.condition.near else ""
        lines.append(f"condition:  {found.condition.name} (not in the article{near})")
    report = found.report
    if report is not None:
        said = [f"{c.kind} ({', '.join(sorted(c.words))})" for c in report.complaints]
        if said:
            lines.append(f"trouble:    {'; '.join(said)}")
        facts = [
            f"injection told ({report.injection})" if report.injection else "",
            "an injection spoken of" if (report.injection_here or report.habit) and not report.injection else "",
            f"{report.onset} ({', '.join(report.onset_words)})" if report.onset else "",
            f"whose: {report.whose}" if report.whose else "",
            f"denied: {', '.join(report.denied)}" if report.denied else "",
            f"asked about as a risk: {', '.join(report.asked)}" if report.asked else "",
        ]
        if any(facts):
            lines.append(f"report:     {', '.join(f for f in facts if f)}")
    if found.follow_up:
        lines.append("follow-up:  about the conversation's topic")
    lines.append(f"stage:      {found.stage}")
    lines.append(f"rule:       {found.decision.rule}")
    lines.append(f"reply:      {describe(reply)} (confidence {reply.confidence:.2f})")
    return lines
