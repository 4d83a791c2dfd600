"""Which kind of reply a message gets, and about which topics. Pure: no I/O, no state.

The question model has two halves: what the message asks (its act, from
``reading``) and what it is about (its topics, from ``topics``, or the
conversation's topic for a follow-up, from ``dialogue``). A topic's answer is
given only when the act is one the article answers; anything else about a topic
gets the honest "the article doesn't say" that offers the topic's answer.
Safety comes first:

1. a message not in English (its reply gives the emergency number);
2. red flags (a question *about* a risk, with no symptom, is not one);
3. a new problem after an injection, read over the whole message;
4. picks from the choices on offer and "tell me more";
5. what is asked x what it is about, with a child, approval, "should I" and
   cures handled before any answer.

The thresholds here were set against the labelled development questions and
the CLINC150 off-topic queries (see ``python run_chat.py evaluate``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from . import dialogue
from . import text as textmod
from .conditions import OtherCondition
from .lexicon import Message
from .matcher import Evidence
from .models import RuleSet, Session
from .reading import DESCRIBE, MENTION, OTHER, Reading
from .topics import OVERVIEW, Choice, choose, in_named_order, without_explained

if TYPE_CHECKING:
    from .responder import Responder

#: Acts that ask about Botox for a condition, so "can botox cure alzheimers" is about a condition.
CONDITION_ACTS = frozenset({"approval", "cure", "personal_decision"})
#: Words that name nothing in particular: "is botox used for ANYTHING other than cosmetics".
_VAGUE = frozenset(textmod.stem(w) for w in ("anything", "something", "everything", "stuff", "thing", "things"))


@dataclass(frozen=True)
class Decision:
    """The policy's verdict, before any wording is chosen.

    ``aspect`` is what the reply is about besides its topics (a red flag, a kind
    of question, "approval", "children"); ``act`` the kind of question read, kept
    for the next turn; ``related`` marks a topic offered because the message
    used its lay words, not its name; ``condition`` names a condition the article
    does not mention; ``note`` is a red flag asked about as a risk; ``general``
    marks an approval reply about Botox as a whole; ``also`` labels a question
    about the condition that an answer does not cover ("its symptoms");
    ``named`` lists the topics in the order the patient named them; ``rule``
    says in words which rule decided, for ``explain``.
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
    rule: str = ""


@dataclass(frozen=True)
class Trace:
    """Everything ``decide`` looked at, for ``explain``: the reading, the evidence and the condition found."""

    decision: Decision
    reading: Reading | None = None
    evidence: tuple[Evidence, ...] = ()
    condition: OtherCondition | None = None
    follow_up: bool = False


def decide(bot: Responder, message: Message, session: Session) -> Decision:
    """Apply the checks in order; the first that fits decides."""
    return trace(bot, message, session).decision


def trace(bot: Responder, message: Message, session: Session) -> Trace:
    """``decide``, keeping what each stage found."""
    if message.original and bot.language.foreign(message):
        # Before any word is read: neither a red flag nor a topic is picked from foreign words (the
        # reply gives the emergency number all the same).
        return Trace(Decision("fallback", confidence=1.0, aspect="language", rule="not English"))
    flag, risk_question = _red_flag(bot, message, bool(session.topics))
    if flag is not None and not risk_question:
        return Trace(
            Decision(
                "emergency",
                confidence=1.0,
                aspect=flag.id,
                aspect_label=flag.label,
                crisis=flag.crisis,
                rule=f"red flag '{flag.id}'",
            )
        )
    if not message.words:
        return Trace(
            Decision("fallback", aspect="empty" if not message.original else None, confidence=1.0, rule="empty message")
        )
    if flag is None:
        injury = _after_injection(bot, message, session)
        if injury is not None:
            return Trace(injury)
    shortcut = _conversation_shortcut(bot, message, session)
    if shortcut is not None:
        return Trace(shortcut)
    return _read_and_decide(bot, message, session, flag)


def _after_injection(bot: Responder, message: Message, session: Session) -> Decision | None:
    """A new problem after an injection: urgent for the boxed-warning symptoms, the clinic today for others."""
    report = bot.injection.read(message, bool(session.topics), bot.reader.asks_what_could_happen)
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


def _conversation_shortcut(bot: Responder, message: Message, session: Session) -> Decision | None:
    """A choice picked from those on offer, or "tell me more" about the topic being discussed."""
    topics = bot.content.responses
    picked = dialogue.pick(message, session, topics, bot.titles, bot.affirmations, bot.acknowledgements)
    if picked:
        return Decision("answer", (picked,), confidence=1.0, act="pick", rule="a choice on offer, or a title")
    if not dialogue.asks_for_more(message, bot.more_phrases, bot.more_forms, bot.polite):
        return None
    if session.topics and session.more_shown:
        # The whole passage is already on screen: say so rather than repeat it.
        return Decision(
            "answer", session.topics, confidence=1.0, more=True, aspect="more_done", rule="tell me more, again"
        )
    if session.topics:
        return Decision("answer", session.topics, confidence=1.0, more=True, rule="tell me more")
    return Decision("fallback", aspect="more_none", confidence=1.0, rule="tell me more, with no topic yet")


def _read_and_decide(bot: Responder, message: Message, session: Session, flag: RuleSet | None) -> Trace:
    """The question model: what the message asks x what it is about, then the reply for that pair."""
    set_aside = bot.matcher.set_aside(message)
    evidence = bot.matcher.score(message, set_aside)
    aside_words = {message.sentences[s][i] for s, i in set_aside}
    topic_words = set().union(aside_words, *(e.words for e in evidence.values()))
    reading = bot.reader.read(message, topic_words, session.child)
    reading, note = _refine(bot, message, session, reading, flag, topic_words)

    condition = _condition(bot, message, session, reading)
    if condition is not None:
        evidence = without_explained(evidence, condition, bot.matcher.intent_stems)
    content_words = [w for w in message.words if w not in bot.lexicon_filler]
    choice = choose(evidence, message, content_words, reading.about_botox, bot.generic)
    choice, reading, follow, early = _subject(
        bot, message, session, reading, evidence, choice, condition, content_words
    )

    def traced(decision: Decision) -> Trace:
        also = reading.also if decision.kind == "answer" else ""
        named = in_named_order(message, decision.intents, evidence)
        decision = replace(decision, act=decision.act or reading.act, note=note, also=also, named=named)
        return Trace(decision, reading, tuple(evidence.values()), condition, follow)

    if early is not None:
        return traced(early)
    if choice.topics:
        return traced(_about_topics(bot, reading, choice, follow, session.turns > 0))
    if reading.child and (reading.about_botox or reading.act == "approval"):
        return traced(
            Decision(
                "not_covered", confidence=0.8, aspect="children", aspect_label=_label(bot, "children"), rule="a child"
            )
        )
    if condition is not None:
        return traced(_about_condition(bot, reading, condition))
    if reading.about_botox:
        return traced(_about_botox(bot, reading, [w for w in content_words if w not in aside_words]))
    return traced(Decision("fallback", confidence=round(1.0 - choice.confidence, 3), rule="nothing fits"))


def _refine(
    bot: Responder, message: Message, session: Session, reading: Reading, flag: RuleSet | None, topic_words: set[str]
) -> tuple[Reading, str]:
    """The act, corrected for what only the whole message or the conversation shows; and a red flag to note."""
    side_effects = bot.reader.by_id["side_effects"]
    if flag is not None:  # a red flag asked about as a risk: a side-effects question
        return reading.with_act(side_effects), flag.label
    if reading.about_botox and bot.injection.mentions_urgent(message, topic_words, bot.reader.asks_what_could_happen):
        # "could botox make me unable to pee?": a boxed-warning symptom asked about, not reported.
        return reading.with_act(side_effects), bot.content.injection.urgent.label
    if reading.ellipsis and not reading.cued:
        # "and for sweating?", "what about stiff muscles after a stroke?": the last question again,
        # about what is named now; with no last question, or "again", that topic itself.
        last = bot.reader.by_id.get(session.act) if not message.stems & dialogue.RETURNING else None
        return (reading.with_act(last) if last is not None else reading.as_mention()), ""
    return reading, ""


def _condition(bot: Responder, message: Message, session: Session, reading: Reading) -> OtherCondition | None:
    """A condition the article does not name that the message is about, if any."""
    treatment_question = (
        reading.about_botox and reading.act != "other_uses" and (reading.answered or reading.act in CONDITION_ACTS)
    )
    condition = bot.conditions.find(message, message.unknown, treatment_question)
    if condition is not None and session.topics and (reading.refers_back or reading.ellipsis):
        # "does it help the headaches too?" about TMJ: its headaches are the TMJ's.
        if condition.words <= bot.matcher.intent_stems.get(session.topics[0], frozenset()):
            return None
    return condition


def _subject(
    bot: Responder,
    message: Message,
    session: Session,
    reading: Reading,
    evidence: dict[str, Evidence],
    choice: Choice,
    condition: OtherCondition | None,
    content_words: list[str],
) -> tuple[Choice, Reading, bool, Decision | None]:
    """What the message is about, once the conversation is taken into account.

    Returns the topic choice, the reading (a return to a topic reads as naming it),
    whether it follows up on the conversation, and a decision when no topic is
    needed (small talk, a follow-up about Botox in general).
    """
    topics = choice.topics
    if topics and session.topics and reading.refers_back and not choice.named and condition is None:
        # "how does it help with the pain?" after TMJ: the pain is the jaw's, not a new topic.
        own = set().union(*(evidence[t].words for t in topics))
        if own <= bot.matcher.intent_stems.get(session.topics[0], frozenset()):
            return replace(choice, topics=session.topics[:1], clarify=False, named=True), reading, True, None
    back = dialogue.return_to(message, session, bot.content.responses, bot.first_topic, bot.previous_topic)
    if back and not choice.named:
        # "back to the first one, where do they inject it": that topic, and whatever else is asked.
        if not reading.cued or reading.answered:
            reading = reading.as_mention()
        return replace(choice, topics=(back,), confidence=1.0, clarify=False, named=True), reading, True, None
    if topics or condition is not None:
        return choice, reading, False, None
    if reading.act == "other_uses" and (
        reading.about_botox or session.topics or (session.turns and reading.refers_back)
    ):
        # "what else is it used for?": all of Botox's uses.
        return replace(choice, topics=(OVERVIEW,), confidence=1.0, named=True), reading, False, None
    talk = dialogue.smalltalk(message, reading, bot.smalltalk, content_words, in_topic=bool(session.topics))
    if talk:
        return choice, reading, False, Decision("smalltalk", confidence=1.0, aspect=talk, rule="small talk")
    if dialogue.follows_up(message, reading, session):
        return replace(choice, topics=session.topics[:1], confidence=0.9, named=True), reading, True, None
    if session.turns and reading.cued and not reading.answered and (reading.refers_back or reading.ellipsis):
        # "is that a normal side effect?" after a reply about no topic: the same kind of
        # question about Botox in general.
        return (
            choice,
            reading,
            True,
            Decision(
                "not_covered",
                (),
                0.8,
                aspect=reading.act,
                aspect_label=reading.label,
                rule=f"a follow-up question the article does not answer ({reading.act}), about Botox in general",
            ),
        )
    return choice, reading, False, None


def _about_topics(bot: Responder, reading: Reading, choice: Choice, follow: bool, in_conversation: bool) -> Decision:
    """The reply for a message about known topics: an answer only where the article answers what is asked.

    ``in_conversation``: Botox is being discussed, so "does it help the stiff leg too?"
    and "what about stiff muscles after a stroke?" ask about the treatment as if they
    named Botox.
    """
    topics, confidence, clarify = choice.topics, choice.confidence, choice.clarify
    strong = choice.named or follow
    topic = topics[0]
    offered = (topic,) if topic != OVERVIEW else ()
    about_botox = reading.about_botox or (in_conversation and (reading.refers_back or reading.ellipsis))
    # "what types of chronic pain can botox treat": the article names them.
    also_answered = about_botox and reading.act in bot.answers.get(topic, ())
    # A name, Botox, or a problem told as it is ("my jaw clicks", "excess saliva treatment")
    # makes a topic answerable; a general question on lay words ("how do you fix a stiff neck?") does not.
    answerable = (
        strong
        or about_botox
        or not reading.question
        or reading.act in (DESCRIBE, MENTION)
        or (reading.personal and reading.act in ("treatment", "mechanism"))
        or also_answered
    )
    if reading.child:
        if reading.answered and answerable and not clarify and topic != OVERVIEW:
            return Decision("answer", topics, confidence, aspect="children", rule="a child: caution, then the answer")
        return Decision(
            "not_covered", offered, confidence, aspect="children", aspect_label=_label(bot, "children"), rule="a child"
        )
    if reading.act == "approval":
        if topic == OVERVIEW:
            return _general_approval(bot)
        if bot.content.responses[topic].approval:
            return Decision("answer", (topic,), confidence, aspect="approval", rule="approval: what the article says")
        return Decision(
            "not_covered",
            offered,
            confidence,
            aspect="approval",
            aspect_label=_label(bot, "approval"),
            rule="approval: the article does not say",
        )
    if reading.act == "other_uses":
        # "what eye problems can botox treat" is about eye problems; "what else is it used for" about all.
        return Decision("answer", (topic,), 1.0, rule="what Botox is used for")
    if not reading.answered and not also_answered:
        ruleset = bot.reader.by_id.get(reading.act)
        about = () if ruleset is not None and ruleset.general else offered
        return Decision(
            "not_covered",
            about,
            max(confidence, 0.8),
            aspect=reading.act if reading.act != OTHER else None,
            aspect_label=reading.label,
            related=not strong,
            rule=f"a question the article does not answer ({reading.act})",
        )
    if answerable:
        kind = "clarify" if clarify else "answer"
        return Decision(kind, topics, confidence, rule=f"the article answers this ({reading.act})")
    # A general question on lay words ("how do you fix a stiff neck?"): offer rather than answer.
    return Decision(
        "not_covered",
        offered,
        confidence,
        aspect=None,
        related=True,
        rule=f"a general question on lay words only ({reading.act}): offered",
    )


def _about_condition(bot: Responder, reading: Reading, condition: OtherCondition) -> Decision:
    """A message about a condition the article does not name: say so, offering the topic near it."""
    if not condition.name:
        return Decision("fallback", confidence=0.8, rule="about Botox and something the article does not cover")
    # The nearby topic is offered to someone asking about Botox or describing their problem,
    # not to every question about the condition ("is ibuprofen good for a toothache").
    near = condition.near if reading.about_botox or (reading.personal and reading.act in (DESCRIBE, MENTION)) else ""
    offered = (near,) if near else ()
    if reading.act == "approval":
        return Decision(
            "not_covered",
            offered,
            confidence=0.8,
            aspect="approval",
            general=True,
            aspect_label=_label(bot, "approval"),
            condition=condition.name,
            rule=f"approval for a condition the article does not name: {condition.name}",
        )
    return Decision(
        "not_covered" if near else "fallback",
        offered,
        confidence=0.8,
        aspect="other_condition",
        condition=condition.name,
        rule=f"a condition the article does not name: {condition.name}",
    )


def _about_botox(bot: Responder, reading: Reading, content_words: list[str]) -> Decision:
    """A question about Botox that names no topic: the overview, or what the article does not say."""
    if reading.act == "approval":
        return _general_approval(bot)
    if reading.answered or reading.act in bot.answers.get(OVERVIEW, ()):
        substance = [
            w for w in content_words if w not in bot.domain_stems and w not in reading.words and w not in _VAGUE
        ]
        # "what is this botox everybody talks about": one unfamiliar word does not make it another subject.
        general = (
            reading.act in ("definition", "mechanism", "other_uses", MENTION, DESCRIBE, *bot.answers.get(OVERVIEW, ()))
            and sum(w not in bot.lexicon.known for w in substance) <= 1
        )
        if not substance or general:
            return Decision("answer", (OVERVIEW,), 0.7, rule=f"about Botox in general ({reading.act})")
        # "botox for hay fever", "does botox help you lose weight": something the article does not cover.
        return Decision("fallback", (), 0.6, rule="about Botox and something the article does not cover")
    ruleset = bot.reader.by_id.get(reading.act)
    return Decision(
        "not_covered",
        (),
        0.8,
        aspect=ruleset.id if ruleset else None,
        aspect_label=reading.label,
        rule=f"about Botox, a question the article does not answer ({reading.act})",
    )


def _general_approval(bot: Responder) -> Decision:
    approved = tuple(i for i in bot.content.topic_ids if bot.content.responses[i].approval)
    return Decision("answer", approved, 1.0, aspect="approval", general=True, rule="approval in general")


def _label(bot: Responder, act: str) -> str:
    return bot.reader.by_id[act].label


def _red_flag(bot: Responder, message: Message, in_treatment_talk: bool) -> tuple[RuleSet | None, bool]:
    """The first red flag, and whether it only comes up in a question about a risk.

    "can botox cause trouble swallowing?" asks about a risk; "botox made me unable
    to swallow", "could my trouble swallowing be from botox?" and "what happens if
    i overdose" report something and stay emergencies, as does any message that
    reports an injection.
    """
    # "spasmodic dysphonia" names a condition; its "dysphonia" is no report of a symptom.
    named = [(h.sentence, set(h.positions)) for h in bot.conditions.named.hits(message)]
    hits = [
        h for h in bot.red_flags.hits(message) if not any(s == h.sentence and set(h.positions) <= p for s, p in named)
    ]
    if not hits:
        return None, False
    flag = bot.red_flags.by_id[hits[0].id]
    asked = all(bot.reader.asks_about_risk(message, s) for s in {hit.sentence for hit in hits})
    if flag.crisis and not bot.domain_stems & message.stems:
        asked = False  # "what happens if you overdose" is only a risk question when it is about Botox
    return flag, asked and not bot.injection.reports_injection(
        message, in_treatment_talk, bot.reader.asks_what_could_happen
    )
