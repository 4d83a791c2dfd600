"""Which kind of reply a message gets, and about which topics. Pure: no I/O, no state.

The question model has two halves: what the message asks (its act, from
``reading``) and what it is about (its topics, from the matcher, or the
conversation's topic for a follow-up). A topic's answer is given only when the
act is one the article answers; anything else about a topic gets the honest
"the article doesn't say" that offers the topic's answer. Safety comes first:

1. red flags (a question *about* a risk, with no symptom, is not one);
2. a new problem after an injection, read over the whole message;
3. a message not in English;
4. picks from the choices on offer, "back to the first one", "tell me more";
5. topics and act, with a child, approval, "should I" and cures handled before
   any answer.

The thresholds here were set against the labelled development questions and
the CLINC150 off-topic queries (see ``python run_chat.py evaluate``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Mapping

from .conditions import OtherCondition
from .lexicon import Message
from .matcher import TERM_WEIGHT, Evidence
from .models import RuleSet, Session
from .reading import DESCRIBE, MENTION, OTHER, Reading

if TYPE_CHECKING:
    from .responder import Responder

#: An example alone (no keyword) must be at least this similar (0-100) to pick a topic.
EXAMPLE_ONLY = 86.0
#: Words that ask for a topic itself again ("what about the jaw thing again"), not the last question.
_RETURNING = frozenset({"again", "back"})
#: Words that name nothing in particular: "is botox used for ANYTHING other than cosmetics".
_VAGUE = frozenset({"anyth", "someth", "everyth", "stuf", "thing"})
#: An example this similar (0-100) is the message itself: its topic is not in doubt.
VERBATIM = 95.0
#: A second topic whose score is at least this share of the first's is too close to call.
TOO_CLOSE = 0.85
#: At most this many topics are offered when the bot cannot tell which one is meant.
MAX_CHOICES = 3
#: The general topic, which gives way to any specific one named alongside it.
OVERVIEW = "overview"
#: Follow-ups without a topic of their own may have at most this many content words.
FOLLOW_UP_WORDS = 6
#: Acts that, asked of Botox by name, are about Botox in general even in a conversation about a topic.
GENERAL_BOTOX_ACTS = frozenset({"definition", "other_uses", "side_effects", "cosmetic", OTHER, DESCRIBE})
#: Acts that ask about Botox for a condition, so "can botox cure alzheimers" is about a condition.
CONDITION_ACTS = frozenset({"approval", "cure", "personal_decision"})


@dataclass(frozen=True)
class Decision:
    """The policy's verdict, before any wording is chosen.

    ``aspect`` is what the reply is about besides its topics (a red flag, a kind
    of question, "approval", "children"); ``act`` the kind of question read, kept
    for the next turn; ``related`` marks a topic offered because the message
    used its lay words, not its name; ``condition`` names a condition the article
    does not mention; ``note`` is a red flag asked about as a risk; ``rule`` says
    in words which rule decided, for ``explain``.
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
    rule: str = ""
    general: bool = False
    also: str = ""
    named: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trace:
    """Everything ``decide`` looked at, for ``explain``: the reading, the evidence and the condition found."""

    decision: Decision
    reading: Reading | None = None
    evidence: tuple[Evidence, ...] = ()
    condition: OtherCondition | None = None
    follow_up: bool = False


def decide(bot: "Responder", message: Message, session: Session) -> Decision:
    """Apply the checks in order; the first that fits decides."""
    return trace(bot, message, session).decision


def trace(bot: "Responder", message: Message, session: Session) -> Trace:
    """``decide``, keeping what each stage found."""
    flag, risk_question = _red_flag(bot, message, bool(session.topics))
    if flag is not None and not risk_question:
        return Trace(Decision(
            "emergency", confidence=1.0, aspect=flag.id, aspect_label=flag.label, crisis=flag.crisis, rule=f"red flag '{flag.id}'"
        ))
    if message.original and bot.language.foreign(message):
        # Before the words are read for topics: a topic is never picked from foreign words.
        return Trace(Decision("fallback", confidence=1.0, aspect="language", rule="not English"))
    if not message.words:
        return Trace(Decision("fallback", aspect="empty" if not message.original else None, confidence=1.0, rule="empty message"))

    in_treatment_talk = bool(session.topics)
    if flag is None:
        report = bot.injection.read(message, in_treatment_talk, bot.reader.asks_what_could_happen)
        if report is not None:
            if report.urgent:
                return Trace(Decision(
                    "emergency", confidence=1.0, aspect="after_injection", aspect_label=report.rule.label,
                    rule=f"new urgent symptom after an injection ({', '.join(sorted(report.words))})",
                ))
            return Trace(Decision(
                "not_covered", confidence=1.0, aspect="after_injection", aspect_label=report.rule.label,
                rule=f"new problem after an injection ({', '.join(sorted(report.words))})",
            ))

    picked = _pick(bot, message, session)
    if picked:
        return Trace(Decision("answer", (picked,), confidence=1.0, act="pick", rule="a choice on offer, or a title"))
    back = _return_to(bot, message, session)
    if message.normal in bot.more_phrases or _content_form(bot, message) in bot.more_forms:
        if session.topics and session.more_shown:
            # The whole passage is already on screen: say so rather than repeat it.
            return Trace(Decision("answer", session.topics, confidence=1.0, more=True, aspect="more_done", rule="tell me more, again"))
        if session.topics:
            return Trace(Decision("answer", session.topics, confidence=1.0, more=True, rule="tell me more"))
        return Trace(Decision("fallback", aspect="more_none", confidence=1.0, rule="tell me more, with no topic yet"))

    set_aside = bot.matcher.set_aside(message)
    evidence = bot.matcher.score(message, set_aside)
    aside_words = {message.sentences[s][i] for s, i in set_aside}
    reading = bot.reader.read(message, set().union(aside_words, *(e.words for e in evidence.values())), session.child)
    note = ""
    topic_words = set().union(aside_words, *(e.words for e in evidence.values()))
    if flag is not None:  # a red flag asked about as a risk: a side-effects question
        reading, note = reading.with_act(bot.reader.by_id["side_effects"]), flag.label
    elif reading.about_botox and bot.injection.mentions_urgent(message, topic_words, bot.reader.asks_what_could_happen):
        # "could botox make me unable to pee?": a boxed-warning symptom asked about, not reported.
        reading, note = reading.with_act(bot.reader.by_id["side_effects"]), bot.content.injection.urgent.label
    elif reading.ellipsis and not reading.cued:
        # "and for sweating?", "what about stiff muscles after a stroke?": the last question again,
        # about what is named now; with no last question, or "again", that topic itself.
        last = bot.reader.by_id.get(session.act) if not message.stems & _RETURNING else None
        reading = reading.with_act(last) if last is not None else reading.as_mention()

    treatment_question = reading.about_botox and reading.act != "other_uses" and (
        reading.answered or reading.act in CONDITION_ACTS
    )
    condition = bot.conditions.find(message, message.unknown, treatment_question)
    if condition is not None and session.topics and (reading.refers_back or reading.ellipsis):
        # "does it help the headaches too?" about TMJ: its headaches are the TMJ's.
        if condition.words <= bot.matcher.intent_stems.get(session.topics[0], frozenset()):
            condition = None
    if condition is not None:
        evidence = {k: e for k, e in evidence.items() if not _explained_by(e, condition, bot.matcher.intent_stems)}
    content_words = [w for w in message.words if w not in bot.lexicon_filler]
    topics, confidence, clarify = _topics(bot, message, evidence, content_words, reading.about_botox)
    strong = any(evidence[t].has_name for t in topics)
    if topics and session.topics and reading.refers_back and not strong and condition is None:
        # "how does it help with the pain?" after TMJ: the pain is the jaw's, not a new topic.
        own = set().union(*(evidence[t].words for t in topics))
        if own <= bot.matcher.intent_stems.get(session.topics[0], frozenset()):
            topics, clarify, strong = [session.topics[0]], False, True

    follow = False
    if back and not strong:
        # "back to the first one, where do they inject it": that topic, and whatever else is asked.
        topics, strong, confidence, clarify, follow = [back], True, 1.0, False, True
        if not reading.cued or reading.answered:
            reading = reading.as_mention()
    if not topics and condition is None:
        if reading.act == "other_uses" and (reading.about_botox or session.topics or (session.turns and reading.refers_back)):
            # "what else is it used for?": all of Botox's uses.
            topics, strong, confidence = [OVERVIEW], True, 1.0
        else:
            talk = _smalltalk(bot, message, reading, content_words)
            if talk:
                return Trace(Decision("smalltalk", confidence=1.0, aspect=talk, rule="small talk"), reading)
            if _follows_up(message, reading, session):
                topics, strong, confidence, follow = [session.topics[0]], True, 0.9, True
            elif session.turns and reading.cued and not reading.answered and (reading.refers_back or reading.ellipsis):
                # "is that a normal side effect?" after a reply about no topic: the same kind of
                # question about Botox in general.
                return done_general(bot, message, reading, note, evidence, condition)

    def done(decision: Decision) -> Trace:
        also = reading.also if decision.kind == "answer" else ""
        named = _in_named_order(message, decision.intents, evidence)
        return Trace(replace(decision, act=reading.act, note=note, also=also, named=named), reading, tuple(evidence.values()), condition, follow)

    if topics:
        return done(_about_topics(bot, reading, topics, confidence, clarify, strong or follow, session.turns > 0))
    if reading.child and (reading.about_botox or reading.act == "approval"):
        return done(Decision("not_covered", confidence=0.8, aspect="children", aspect_label=_label(bot, "children"), rule="a child"))
    if condition is not None and condition.name:
        # The nearby topic is offered to someone asking about Botox or describing their problem,
        # not to every question about the condition ("is ibuprofen good for a toothache").
        near = condition.near if reading.about_botox or (reading.personal and reading.act in (DESCRIBE, MENTION)) else ""
        if reading.act == "approval":
            return done(Decision(
                "not_covered", (near,) if near else (), confidence=0.8, aspect="approval", general=True,
                aspect_label=_label(bot, "approval"), condition=condition.name,
                rule=f"approval for a condition the article does not name: {condition.name}",
            ))
        return done(Decision(
            "not_covered" if near else "fallback", (near,) if near else (), confidence=0.8, aspect="other_condition",
            condition=condition.name, rule=f"a condition the article does not name: {condition.name}",
        ))
    if condition is not None:
        return done(Decision("fallback", confidence=0.8, rule="about Botox and something the article does not cover"))
    if reading.about_botox:
        return done(_about_botox(bot, reading, [w for w in content_words if w not in aside_words]))
    return done(Decision("fallback", confidence=round(1.0 - confidence, 3), rule="nothing fits"))


def done_general(
    bot: "Responder", message: Message, reading: Reading, note: str, evidence: dict[str, Evidence],
    condition: OtherCondition | None,
) -> Trace:
    """A question of a kind the article does not answer, about Botox in general."""
    decision = Decision(
        "not_covered", (), 0.8, aspect=reading.act, aspect_label=reading.label, act=reading.act, note=note,
        rule=f"a follow-up question the article does not answer ({reading.act}), about Botox in general",
    )
    return Trace(decision, reading, tuple(evidence.values()), condition, True)


def _in_named_order(message: Message, intents: tuple[str, ...], evidence: dict[str, Evidence]) -> tuple[str, ...]:
    """Topics in the order the patient named them, so "back to the first one" is the first they named."""
    order = {w: i for i, w in reversed(list(enumerate(message.words)))}
    def first(topic: str) -> int:
        e = evidence.get(topic)
        return min((order.get(w, len(order)) for w in e.words), default=len(order)) if e else len(order)
    return tuple(sorted(intents, key=first))


def _explained_by(e: Evidence, condition: OtherCondition, near_stems: Mapping[str, frozenset[str]]) -> bool:
    """Whether a topic's evidence is really about a condition the article does not name.

    "bladder" in "bladder cancer" is not the overactive bladder; lay words that share
    a word with the condition ("the eye" in "one side of my face twitches near the
    eye"), or a single lay word that a neighbouring condition explains ("i keep needing
    to pee, is it a uti"), are about the condition too. A topic's name, or lay words
    of its own ("my dad has parkinsons and drools"), keep the topic.
    """
    if e.words and e.words <= condition.words:
        return True
    if e.has_name:
        return False
    inside, outside = e.words & condition.words, e.words - condition.words
    # Mostly explained: the condition holds at least as many of the topic's words as are left.
    # A neighbour explains one lay word of its own topic ("leak a little when i cough"), and
    # lay words that its topic shares ("headaches ... sick to her stomach": migraine's words too).
    near_words = near_stems.get(condition.near, frozenset())
    return (
        bool(inside) and len(outside) <= len(inside)
        or (e.intent == condition.near and e.keyword_score <= TERM_WEIGHT)
        or (e.intent != condition.near and bool(e.words) and e.words <= near_words)
    )


def _about_topics(
    bot: "Responder", reading: Reading, topics: list[str], confidence: float, clarify: bool, strong: bool,
    in_conversation: bool = False,
) -> Decision:
    """The reply for a message about known topics: an answer only where the article answers what is asked.

    ``in_conversation``: Botox is being discussed, so "does it help the stiff leg too?"
    and "what about stiff muscles after a stroke?" ask about the treatment as if they
    named Botox.
    """
    topic = topics[0]
    offered = (topic,) if topic != OVERVIEW else ()
    about_botox = reading.about_botox or (in_conversation and (reading.refers_back or reading.ellipsis))
    # "what types of chronic pain can botox treat": the article names them.
    also_answered = about_botox and reading.act in bot.answers.get(topic, ())
    # A name, Botox, or a problem told as it is ("my jaw clicks", "excess saliva treatment")
    # makes a topic answerable; a general question on lay words ("how do you fix a stiff neck?") does not.
    answerable = strong or about_botox or not reading.question or reading.act in (DESCRIBE, MENTION) or (
        reading.personal and reading.act in ("treatment", "mechanism")
    ) or also_answered
    if reading.child:
        if reading.answered and answerable and not clarify and topic != OVERVIEW:
            return Decision("answer", tuple(topics), confidence, aspect="children", rule="a child: caution, then the answer")
        return Decision("not_covered", offered, confidence, aspect="children", aspect_label=_label(bot, "children"), rule="a child")
    if reading.act == "approval":
        if topic == OVERVIEW:
            return _general_approval(bot)
        if bot.content.responses[topic].approval:
            return Decision("answer", (topic,), confidence, aspect="approval", rule="approval: what the article says")
        return Decision("not_covered", offered, confidence, aspect="approval", aspect_label=_label(bot, "approval"),
                        rule="approval: the article does not say")
    if reading.act == "other_uses":
        # "what eye problems can botox treat" is about eye problems; "what else is it used for" about all.
        return Decision("answer", (topic,), 1.0, rule="what Botox is used for")
    if not reading.answered and not also_answered:
        ruleset = bot.reader.by_id.get(reading.act)
        about = () if ruleset is not None and ruleset.general else offered
        return Decision(
            "not_covered", about, max(confidence, 0.8), aspect=reading.act if reading.act != OTHER else None,
            aspect_label=reading.label, related=not strong, rule=f"a question the article does not answer ({reading.act})",
        )
    if answerable:
        kind = "clarify" if clarify else "answer"
        return Decision(kind, tuple(topics), confidence, rule=f"the article answers this ({reading.act})")
    # A general question on lay words ("how do you fix a stiff neck?"): offer rather than answer.
    return Decision("not_covered", offered, confidence, aspect=None, related=True,
                    rule=f"a general question on lay words only ({reading.act}): offered")


def _about_botox(bot: "Responder", reading: Reading, content_words: list[str]) -> Decision:
    """A question about Botox that names no topic: the overview, or what the article does not say."""
    if reading.act == "approval":
        return _general_approval(bot)
    if reading.answered or reading.act in bot.answers.get(OVERVIEW, ()):
        substance = [w for w in content_words if w not in bot.domain_stems and w not in reading.words and w not in _VAGUE]
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
        "not_covered", (), 0.8, aspect=ruleset.id if ruleset else None, aspect_label=reading.label,
        rule=f"about Botox, a question the article does not answer ({reading.act})",
    )


def _general_approval(bot: "Responder") -> Decision:
    approved = tuple(i for i in bot.content.topic_ids if bot.content.responses[i].approval)
    return Decision("answer", approved, 1.0, aspect="approval", general=True, rule="approval in general")


def _label(bot: "Responder", act: str) -> str:
    return bot.reader.by_id[act].label


def _red_flag(bot: "Responder", message: Message, in_treatment_talk: bool) -> tuple[RuleSet | None, bool]:
    """The first red flag, and whether it only comes up in a question about a risk.

    "can botox cause trouble swallowing?" asks about a risk; "botox made me unable
    to swallow", "could my trouble swallowing be from botox?" and "what happens if
    i overdose" report something and stay emergencies, as does any message that
    reports an injection.
    """
    # "spasmodic dysphonia" names a condition; its "dysphonia" is no report of a symptom.
    named = [(h.sentence, set(h.positions)) for h in bot.conditions.named.hits(message)]
    hits = [h for h in bot.red_flags.hits(message) if not any(s == h.sentence and set(h.positions) <= p for s, p in named)]
    if not hits:
        return None, False
    flag = bot.red_flags.by_id[hits[0].id]
    asked = all(bot.reader.asks_about_risk(message, s) for s in {hit.sentence for hit in hits})
    if flag.crisis and not bot.domain_stems & message.stems:
        asked = False  # "what happens if you overdose" is only a risk question when it is about Botox
    return flag, asked and not bot.injection.reports_injection(message, in_treatment_talk, bot.reader.asks_what_could_happen)


def _pick(bot: "Responder", message: Message, session: Session) -> str | None:
    """A topic the patient picked from the choices on offer, or named by its exact title or id.

    Choices are picked by number ("2"), by order ("the last one"), or, when
    only one was offered, by accepting it ("yes").
    """
    normal = message.normal
    options = [o for o in session.options if o in bot.content.responses]
    if options:
        index = _ordinal(normal, len(options))
        if index is not None:
            return options[index]
        said = set(normal.split())
        if len(options) == 1 and said & bot.affirmations and said <= bot.affirmations | bot.acknowledgements:
            return options[0]
    return bot.titles.get(normal)


def _return_to(bot: "Responder", message: Message, session: Session) -> str | None:
    """An earlier topic of the conversation: "back to the first one", "the previous one"."""
    history = [t for t in session.history if t in bot.content.responses]
    if not history:
        return None
    normal = f" {message.normal} "
    if any(f" {p} " in normal for p in bot.first_topic):
        return history[0]
    earlier = [t for t in history if t not in session.topics[:1]]
    if earlier and any(f" {p} " in normal for p in bot.previous_topic):
        return earlier[-1]
    return None


_ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "last": -1}


def _ordinal(normal: str, count: int) -> int | None:
    """The choice a short reply like "2", "the second", "last one" points to, if any."""
    words = [w for w in normal.split() if w not in ("the", "one", "number", "option", "no")]
    if len(words) != 1:
        return None
    word = words[0]
    index = int(word) - 1 if word.isdigit() else _ORDINALS.get(word)
    if index is None or not -count <= index < count:
        return None
    return index % count


def _content_form(bot: "Responder", message: Message) -> tuple[str, ...]:
    """The message's words without polite ones, to compare with the "tell me more" phrases."""
    return tuple(w for w in message.words if w not in bot.polite)


def _smalltalk(bot: "Responder", message: Message, reading: Reading, content_words: list[str]) -> str | None:
    """The small-talk act of a message that is mostly small talk ("hi there", "ok thanks")."""
    talk = bot.smalltalk.matches(message)
    if not talk:
        return None
    act = next(iter(talk))  # the first in content order
    leftover = [w for w in content_words if w not in set().union(*talk.values())]
    if any(w in reading.words for w in leftover) or (reading.cued and reading.question and "help" not in talk):
        return None  # "ok, and the cost?", "ok and what does it do exactly" ask something
    # "hi there bot" is a greeting; "what helps with insomnia" is not a request for help.
    return act if len(leftover) <= (0 if act == "help" else 1) else None


def _follows_up(message: Message, reading: Reading, session: Session) -> bool:
    """Whether a message without a topic of its own asks about the conversation's topic.

    "is it approved?", "would botox relax it?", "and for kids?", "approved?",
    "botox?", "how many injections would i need?" do; "what is botox?" is about
    Botox in general, and "what's the weather" is about nothing the bot knows.
    """
    if not session.topics or reading.content_words > FOLLOW_UP_WORDS:
        return False
    if reading.about_botox and not reading.refers_back:
        # "how many injections would i need?" is about this treatment; "what is botox?" and
        # "is botox poison?" are about Botox in general.
        return reading.act not in GENERAL_BOTOX_ACTS
    if reading.refers_back or reading.ellipsis:
        return len(message.unknown) <= 1
    return (reading.cued or reading.question) and not message.unknown


def _topics(
    bot: "Responder", message: Message, evidence: dict[str, Evidence], content_words: list[str], about_botox: bool
) -> tuple[list[str], float, bool]:
    """The topics a message is about, its confidence, and whether to ask which one."""
    # A topic with words of its own (beyond "pain") beats one whose words all point elsewhere too.
    ranked = sorted(evidence.values(), key=lambda e: (not (e.has_name or e.own_words - bot.generic), -e.score, e.intent))
    unknown = set(message.unknown)
    unseen = sum(1 for w in content_words if w in unknown)
    plausible = [e for e in ranked if _plausible(e, unseen, len(content_words), about_botox)]
    if not plausible:
        return [], max((e.score for e in ranked), default=0.0) / 2, False
    top = plausible[0]
    confidence = min(1.0, top.score / 1.5)
    others = plausible[1:]
    chosen = [top.intent]
    for other in others:
        # A second topic needs words of its own; symptoms two topics share ("nausea") add none,
        # nor does a symptom as common as pain.
        if other.own_words - bot.generic and (other.has_name or other.keyword_score >= TERM_WEIGHT):
            chosen.append(other.intent)
    if len(chosen) > 1 and OVERVIEW in chosen:
        # "migraines and botulinum toxin" is about migraine; the overview adds nothing.
        chosen.remove(OVERVIEW)
    if len(chosen) == 1 and others and not top.own_words and not top.has_name and top.example_score < VERBATIM:
        close = [e.intent for e in others[:MAX_CHOICES - 1] if e.keyword_score >= top.keyword_score * TOO_CLOSE]
        if close:
            return [top.intent, *close], confidence / 2, True
    return chosen, confidence, False


def _plausible(e: Evidence, unseen: int, content_words: int, about_botox: bool) -> bool:
    """Whether evidence is strong enough to talk about the topic at all.

    ``unseen`` counts the message's words the content never uses, out of its
    ``content_words`` (words that are not filler).
    """
    if e.has_name:
        return True
    if e.keyword_score >= TERM_WEIGHT * 0.8:
        # Lay words appear in everyday talk too ("toilet", "full"): with several words
        # the bot has never seen, the message is probably about something else -
        # unless it says it is about Botox.
        return about_botox or unseen <= max(2, (content_words + 1) // 2)
    return e.example_score >= EXAMPLE_ONLY and unseen == 0
