"""Stage 5: the question model. What the message asks x what it is about, and the reply for that pair.

What is asked (the act) comes from ``reading``; what it is about from the topic
matcher (``topics``), a condition the article does not name (``conditions``),
or the conversation's topic for a follow-up (``dialogue``). A topic's answer is
given only where the article answers that kind of question; anything else about
a topic gets the honest "the article doesn't say" that offers the topic's answer,
with a child, approval, "should I" and cures handled before any answer.

The thresholds here were set against the labelled development questions and
the CLINC150 off-topic queries (see ``python run_chat.py evaluate``).
"""

from __future__ import annotations

from dataclasses import replace

from .. import dialogue
from .. import text as textmod
from ..conditions import OtherCondition
from ..indexes import Indexes
from ..lexicon import Message
from ..matcher import Evidence
from ..models import RuleSet, Session
from ..reading import DESCRIBE, MENTION, OTHER, PREGNANCY, Reading
from ..reports import SYMPTOM
from ..topics import OVERVIEW, Choice, choose, in_named_order, without_explained
from .read import Read
from .values import Decision, Trace

#: Kinds of question about Botox itself, whatever condition the message names.
ABOUT_BOTOX_ITSELF = frozenset({"side_effects", "interactions", "medicines"})
#: The kind of question answered with the clinic's list of warning signs (the one text not from the article).
WARNING_SIGNS = "warning_signs"
#: Acts that ask about Botox for a condition, so "can botox cure alzheimers" is about a condition.
CONDITION_ACTS = frozenset({"approval", "cure", "personal_decision"})
#: Kinds of question that, asked on their own, can only be about the treatment ("side effects?", "does it hurt?").
_TREATMENT_QUESTIONS = frozenset({"side_effects", "injection_pain"})
#: Words that tell a pregnancy or breastfeeding outright.
_PREGNANT = frozenset(
    textmod.stem(w) for w in ("pregnant", "pregnancy", "breastfeeding", "breastfeed", "nursing", "trimester")
)
#: Words that name nothing in particular: "is botox used for ANYTHING other than cosmetics".
_VAGUE = frozenset(textmod.stem(w) for w in ("anything", "something", "everything", "stuff", "thing", "things"))


def decide(ix: Indexes, read: Read, session: Session, flag: RuleSet | None) -> Trace:
    """The question model: what the message asks x what it is about, then the reply for that pair."""
    message, evidence = read.message, dict(read.evidence)
    aside_words = {message.sentences[s][i] for s, i in read.set_aside}
    reading, note = _refine(ix, read, session, flag)

    condition = _condition(ix, message, session, reading)
    if condition is not None:
        evidence = without_explained(evidence, condition, ix.matcher.intent_stems)
    content_words = [w for w in message.words if w not in ix.filler]
    choice = choose(evidence, message, content_words, reading.about_botox, ix.generic)
    choice, reading, follow, early = _subject(ix, message, session, reading, evidence, choice, condition, content_words)

    def traced(decision: Decision) -> Trace:
        also = reading.also if decision.kind == "answer" else ""
        named = in_named_order(message, decision.intents, evidence)
        decision = replace(decision, act=decision.act or reading.act, note=note, also=also, named=named)
        return Trace(decision, "question", reading, tuple(evidence.values()), condition, follow, read.report)

    if early is not None:
        return traced(early)
    if reading.act == WARNING_SIGNS:
        return traced(
            Decision(
                "not_covered",
                (),
                1.0,
                aspect=WARNING_SIGNS,
                aspect_label=reading.label,
                wording=WARNING_SIGNS,
                rule="what to watch for after an injection: the clinic's warning signs",
            )
        )
    if choice.topics and reading.answered and not (choice.named or follow):
        foreign = _not_the_topics(ix, read, choice.topics)
        if foreign:
            # "my eyes are red and itchy, can botox help?": a problem the topic's words do not name is not
            # the topic told in the patient's words; offer the topic rather than answer.
            return traced(
                Decision(
                    "not_covered",
                    choice.topics[:1] if choice.topics[0] != OVERVIEW else (),
                    choice.confidence,
                    related=True,
                    rule=f"a problem the topic does not name ({', '.join(sorted(foreign))}): offered",
                )
            )
    if choice.topics:
        return traced(_about_topics(ix, reading, choice, follow, session.turns > 0))
    if reading.child and (reading.about_botox or reading.act == "approval"):
        return traced(
            Decision(
                "not_covered", confidence=0.8, aspect="children", aspect_label=ix.label("children"), rule="a child"
            )
        )
    if condition is not None:
        return traced(_about_condition(ix, reading, condition))
    if reading.about_botox or _only_asks(reading, content_words) or _pregnant(reading):
        return traced(_about_botox(ix, reading, [w for w in content_words if w not in aside_words]))
    return traced(Decision("fallback", confidence=round(1.0 - choice.confidence, 3), rule="nothing fits"))


def _pregnant(reading: Reading) -> bool:
    """Whether a patient tells of a pregnancy ("im 12 weeks pregnant though"): on a kiosk about Botox, that
    is about Botox (a bill's "due date" is not)."""
    return reading.act == PREGNANCY and reading.personal and not reading.words.isdisjoint(_PREGNANT)


def _only_asks(reading: Reading, content_words: list[str]) -> bool:
    """Whether a message is nothing but a question about the treatment itself ("side effects?", "is it
    safe?", "does it hurt?"): on a kiosk about Botox, it asks about Botox. (Cost and duration stay out:
    "what insurance do i have" and "how long have you been here" are everyday questions.)"""
    return (
        reading.act in _TREATMENT_QUESTIONS
        and reading.question
        and bool(content_words)
        and all(w in reading.words for w in content_words)
    )


def _not_the_topics(ix: Indexes, read: Read, topics: tuple[str, ...]) -> set[str]:
    """Symptoms named in one word ("itchy", "rash", "dizzy") that the chosen topics' keywords and examples
    never use (pain aside); a problem told in a construction ("can't hold my head straight") is not counted."""
    named = {w for c in read.report.complaints if c.kind == SYMPTOM and len(c.words) == 1 for w in c.words}
    if not named:  # the usual case: no need to gather the topics' words
        return set()
    return named - ix.generic - ix.filler - set().union(*(ix.told.get(t, frozenset()) for t in topics))


def _refine(ix: Indexes, read: Read, session: Session, flag: RuleSet | None) -> tuple[Reading, str]:
    """The act, corrected for what only the whole message or the conversation shows; and a red flag to note."""
    message, reading = read.message, read.reading
    side_effects = ix.reader.by_id["side_effects"]
    if flag is not None:  # a red flag asked about as a risk: a side-effects question
        return reading.with_act(side_effects), flag.label
    topic_words = set(read.topic_words)
    if reading.about_botox and ix.injection.mentions_urgent(message, topic_words, ix.reader.asks_what_could_happen):
        # "could botox make me unable to pee?": a boxed-warning symptom asked about, not reported.
        return reading.with_act(side_effects), ix.content.injection.urgent.label
    kind = ix.reader.by_id.get(reading.act)
    botox = reading.about_botox or bool(message.stems & ix.injection.named) or bool(session.injection)
    worry = reading.also in (ix.label("seriousness"), ix.label("when_to_worry"))
    if botox and read.report.asked and (((kind is None or kind.condition) and not reading.answered) or worry):
        # "is it normal to get a headache after botox (for migraines)?": a symptom asked about as a risk,
        # even where "botox for" made a question about normal or serious read as whether Botox helps.
        return reading.with_act(side_effects), ""
    if reading.act == WARNING_SIGNS and not (
        reading.about_botox or session.injection or session.trouble or session.topics
    ):
        if any(e.keyword_score for e in read.evidence.values()):
            # "what warning signs of a migraine should i watch for": the condition's signs, not Botox's.
            return reading.with_act(ix.reader.by_id["symptoms"]), ""
        if not read.report.bodily:
            # "what signs should i look for to know if i should change my tires": not about health at all.
            return replace(reading, act=OTHER, label="", answered=False, cued=False), ""
    if reading.ellipsis and not reading.cued and reading.personal and _tells_a_problem(ix, read):
        # "and for me? i get bad migraines": the patient tells their own problem, as a first message would.
        return replace(reading, act=DESCRIBE, label="", answered=True, cued=False), ""
    if reading.ellipsis and not reading.cued:
        # "and for sweating?", "what about stiff muscles after a stroke?": the last question again,
        # about what is named now; with no last question, or "again", that topic itself.
        last = ix.reader.by_id.get(session.act) if not message.stems & dialogue.RETURNING else None
        return (reading.with_act(last) if last is not None else reading.as_mention()), ""
    return reading, ""


def _tells_a_problem(ix: Indexes, read: Read) -> bool:
    """Whether a clause after the opening one tells, in a topic's words, of a problem rather than asking:
    "and for me? I GET BAD MIGRAINES", "what about for me, IVE BLINKED UNCONTROLLABLY FOR YEARS"."""
    message = read.message
    topic = {w for e in read.evidence.values() if e.keyword_score for w in e.words}
    opening = min(message.clause_starts[0], default=len(message.sentences[0])) if message.sentences else 0
    return any(
        (s > 0 or i >= opening) and ix.reader.tells_at(message, s, i)
        for s, sentence in enumerate(message.sentences)
        for i, word in enumerate(sentence)
        if word in topic
    )


def _condition(ix: Indexes, message: Message, session: Session, reading: Reading) -> OtherCondition | None:
    """A condition the article does not name that the message is about, if any."""
    treatment_question = (
        reading.about_botox and reading.act != "other_uses" and (reading.answered or reading.act in CONDITION_ACTS)
    )
    if reading.act in ABOUT_BOTOX_ITSELF and reading.about_botox:
        # "is it normal to get a headache after botox?", "does botox interfere with antibiotics? got a
        # chest infection": a question about Botox itself, not about a condition.
        return None
    condition = ix.conditions.find(message, message.unknown, treatment_question)
    if condition is not None and session.topics and (reading.refers_back or reading.ellipsis):
        # "does it help the headaches too?" about TMJ: its headaches are the TMJ's.
        if condition.words <= ix.matcher.intent_stems.get(session.topics[0], frozenset()):
            return None
    return condition


def _subject(
    ix: Indexes,
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
        if own <= ix.matcher.intent_stems.get(session.topics[0], frozenset()):
            return replace(choice, topics=session.topics[:1], clarify=False, named=True), reading, True, None
    back = dialogue.return_to(message, session, ix.content.responses, ix.first_topic, ix.previous_topic)
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
    talk = dialogue.smalltalk(message, reading, ix.smalltalk, content_words, in_topic=bool(session.topics))
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


def _about_topics(ix: Indexes, reading: Reading, choice: Choice, follow: bool, in_conversation: bool) -> Decision:
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
    also_answered = about_botox and reading.act in ix.answers.get(topic, ())
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
            "not_covered", offered, confidence, aspect="children", aspect_label=ix.label("children"), rule="a child"
        )
    if reading.act == "approval":
        if topic == OVERVIEW:
            return _general_approval(ix)
        if ix.content.responses[topic].approval:
            return Decision("answer", (topic,), confidence, aspect="approval", rule="approval: what the article says")
        return Decision(
            "not_covered",
            offered,
            confidence,
            aspect="approval",
            aspect_label=ix.label("approval"),
            rule="approval: the article does not say",
        )
    if reading.act == "other_uses":
        # "what eye problems can botox treat" is about eye problems; "what else is it used for" about all.
        return Decision("answer", (topic,), 1.0, rule="what Botox is used for")
    if not reading.answered and not also_answered:
        ruleset = ix.reader.by_id.get(reading.act)
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


def _about_condition(ix: Indexes, reading: Reading, condition: OtherCondition) -> Decision:
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
            aspect_label=ix.label("approval"),
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


def _about_botox(ix: Indexes, reading: Reading, content_words: list[str]) -> Decision:
    """A question about Botox that names no topic: the overview, or what the article does not say."""
    if reading.act == "approval":
        return _general_approval(ix)
    if reading.answered or reading.act in ix.answers.get(OVERVIEW, ()):
        substance = [
            w for w in content_words if w not in ix.domain_stems and w not in reading.words and w not in _VAGUE
        ]
        # "what is this botox everybody talks about": one unfamiliar word does not make it another subject.
        general = (
            reading.act in ("definition", "mechanism", "other_uses", MENTION, DESCRIBE, *ix.answers.get(OVERVIEW, ()))
            and sum(w not in ix.lexicon.known for w in substance) <= 1
        )
        if not substance or general:
            return Decision("answer", (OVERVIEW,), 0.7, rule=f"about Botox in general ({reading.act})")
        # "botox for hay fever", "does botox help you lose weight": something the article does not cover.
        return Decision("fallback", (), 0.6, rule="about Botox and something the article does not cover")
    ruleset = ix.reader.by_id.get(reading.act)
    return Decision(
        "not_covered",
        (),
        0.8,
        aspect=ruleset.id if ruleset else None,
        aspect_label=reading.label,
        rule=f"about Botox, a question the article does not answer ({reading.act})",
    )


def _general_approval(ix: Indexes) -> Decision:
    approved = tuple(i for i in ix.content.topic_ids if ix.content.responses[i].approval)
    return Decision(
        "answer",
        approved,
        1.0,
        aspect="approval",
        general=True,
        rule="approval in general",
    )
