"""Does a message report trouble? What is wrong, whether it is new, whose it is, and what is denied.

A message is read the way medspaCy's ConText reads a clinical note (Harkema et
al. 2009, after NegEx): every problem found in it is asked whether it is denied
("no rash, just a bruise"), asked about as a risk ("can botox cause ..."), or
better now ("my headaches are much better"), and whose it is (the patient's or a
relative's). What is left is a ``Complaint``. A problem is found three ways: a
symptom listed in ``after_injection.yaml`` (urgent or not), a sentence that says
something is wrong (``complaints`` in ``reports.yaml``: "he hasn't been able to
go"), and a topic's own words told as a statement ("my armpits still sweat").

The message as a whole is then placed in time: ``new`` (sudden, since
yesterday, 3 days, "never used to"; or started, getting worse, won't stop, unless
it is also long-standing or its condition is named outright), ``long`` (for
years, since childhood) or neither. The reader decides nothing: the deciding
stages do, from the ``Report``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from . import text as textmod
from .injection import InjectionReader
from .lexicon import Message
from .models import ReportRules
from .safety import Hit, Phrases, RuleIndex

NEW, LONG = "new", "long"
TOPIC, SYMPTOM, COMPLAINT = "topic", "symptom", "complaint"
#: A problem told within this many words of a topic's words tells the topic itself.
NEAR = 3
SELF, OTHER = "self", "other"
#: Words that may stand between a denial and what it denies ("no REAL pain", "don't HAVE ANY rash").
_BETWEEN = frozenset(
    textmod.stem(w)
    for w in "have has had got any a an the feel feeling felt in really much having experiencing get getting been "
    "with my his her of any".split()
)
#: Words that join two things denied together ("no fever or rash"); "and" does not ("not dizzy and my chest hurts").
_OR = frozenset({"or", "nor"})


@dataclass(frozen=True)
class Complaint:
    """Something the message says is wrong: where, on which words, and whether it is urgent (the boxed warning).

    ``kind`` says how it was found: ``symptom`` (a listed symptom, urgent or not),
    ``complaint`` (a sentence saying something is wrong), ``topic`` (a topic's words told as a statement);
    ``asked`` says it is told inside a question ("is it normal my eyes feel heavy?").
    """

    sentence: int
    words: frozenset[str]
    urgent: bool
    kind: str
    asked: bool = False


@dataclass(frozen=True)
class Report:
    """What a message reports. ``injection`` is whose injection it tells, to be kept for the
    conversation ("self", "other" or ""), ``given`` whether one was given (not only a habit of
    them: "i get botox every 3 months"); ``injection_here`` says it speaks of one given ("since
    my tmj botox"), ``habit`` of one given or a habit of them ("i get botox for my neck"), counted
    only for a problem told in the same message; ``onset`` is ``new``, ``long`` or ""; ``whose``
    is whose the complaints are;
    ``onset_words`` and ``denied`` say what the reading rests on, for ``explain``; ``asked``
    holds symptoms only asked about ("is it normal to get a headache after botox?"); ``bodily``
    that the message speaks of the body, a topic, an injection or a boxed-warning sign told in
    several words at all ("my card didn't work yesterday", "can you double check" do not)."""

    complaints: tuple[Complaint, ...] = ()
    injection: str = ""
    given: bool = False
    injection_here: bool = False
    habit: bool = False
    onset: str = ""
    whose: str = ""
    onset_words: tuple[str, ...] = ()
    denied: tuple[str, ...] = ()
    asked: tuple[str, ...] = ()
    bodily: bool = False

    @property
    def urgent(self) -> bool:
        """Whether anything reported is a boxed-warning symptom."""
        return any(c.urgent for c in self.complaints)


class ReportReader:
    """Reads reports of trouble; immutable after building."""

    def __init__(self, rules: ReportRules, injection: InjectionReader) -> None:
        self.rules = rules
        self.injection = injection
        self._sudden = Phrases(rules.sudden)
        self._changing = Phrases(rules.changing)
        self._long = Phrases(rules.long_standing)
        self._amounts = textmod.stem_set(rules.amounts)
        self._recent = textmod.stem_set(rules.recent_units)
        self._long_units = textmod.stem_set(rules.long_units)
        self._rates = textmod.stem_set(rules.not_durations)
        self._negations = textmod.stem_set(rules.negations)
        self._ends = textmod.stem_set(rules.negation_ends)
        self._others = textmod.stem_set(rules.others)
        self._hearsay = textmod.stem_set(rules.hearsay)
        self._body = textmod.stem_set(rules.body_words)
        self._persisting = Phrases(rules.persisting)
        self._self = textmod.stem_set(rules.self_words) - self._others
        self._complaints = RuleIndex([rules.complaints])
        self.raw_words = self._complaints.raw_words | {
            w
            for words in (rules.sudden, rules.changing, rules.long_standing, rules.negations, rules.others)
            for phrase in words
            for w in textmod.words(phrase)
        }

    def read(
        self,
        message: Message,
        topic_places: Collection[tuple[int, int]],
        hypothetical: Callable[[Message, int], bool],
        asks: Callable[[Message, int], bool],
        wonders_at: Callable[[Message, int, int], bool],
        in_treatment_talk: bool = False,
        named: bool = False,
        asks_at: Callable[[Message, int, int], bool] | None = None,
    ) -> Report:
        """The report in ``message``.

        ``topic_places`` are the (sentence, position) of a topic's keywords ("sudden" in "sudden
        urges to pee" names the condition, not when it started); ``hypothetical`` tells a
        sentence that asks what could happen, ``asks`` one that asks anything, ``wonders_at`` a
        clause that asks what could happen ("..., what if he can't pass water"); ``named``: a
        topic is named outright, or the message asks whether Botox helps with it, so "started"
        or "won't stop" describe a known condition rather than a new problem; ``asks_at(message,
        sentence, position)`` tells whether the part of a sentence holding a topic's word asks (by
        default, whether the sentence does): "all of a sudden my armpits sweat like crazy, whats
        going on" tells of the sweating before it asks.
        """
        sentences = message.sentences
        wonders = [hypothetical(message, s) for s in range(len(sentences))]
        questions = [asks(message, s) for s in range(len(sentences))]
        hearsay = [self.heard_of(sentence) for sentence in sentences]
        hits: list[tuple[Hit, bool, str]] = [(h, urgent, SYMPTOM) for h, urgent in self.injection.symptom_hits(message)]
        hits += [(hit, False, COMPLAINT) for hit in self._complaints.hits(message)]
        # "appointment" or "done" tell an injection only with Botox, an injection, a topic or a symptom
        # in sight: "my forehead feels heavy after my appointment", not "add an appointment for friday".
        context = in_treatment_talk or bool(topic_places) or bool(message.stems & self.injection.named) or bool(hits)
        asked_or_wondered = [w or q for w, q in zip(wonders, questions, strict=True)]
        # Kept for the conversation: an injection given ("i had my neck done last week"), or a habit of
        # them told in a statement ("she has botox injections round her eyes"); not one asked about ("can
        # i get botox?", "can i eat after botox?") or heard of. Those count only for a problem told in the
        # same message (``seen``, ``spoken``).
        given = self.injection.events(
            message, in_treatment_talk, lambda m, s: asked_or_wondered[s], strict=True, context=context
        )
        usual = self.injection.events(
            message, in_treatment_talk, lambda m, s: asked_or_wondered[s], usual=True, strict=True, context=context
        )
        events = [s for s in sorted({*given, *(s for s in usual if not questions[s])}) if not hearsay[s]]
        seen = self.injection.events(message, in_treatment_talk, hypothetical, context=context)
        spoken = self.injection.events(message, in_treatment_talk, hypothetical, usual=True, context=context)
        purpose = self.injection.purpose(message)
        found: list[Complaint] = []
        denied: list[str] = []
        asked: list[str] = []
        taken = {(h.sentence, i) for h, _, _ in hits for i in h.positions}
        near_topic = {(s, j) for s, i in topic_places for j in range(i - NEAR, i + NEAR + 1)}
        for hit, urgent, listed in hits:
            s, places = hit.sentence, {(hit.sentence, i) for i in hit.positions}
            # "the blinking she can't control" tells the topic, not a new problem.
            kind = TOPIC if listed == COMPLAINT and places & near_topic else listed
            if places <= purpose:
                continue
            if wonders[s] or wonders_at(message, s, min(hit.positions)):
                asked.append(" ".join(sentences[s][i] for i in hit.positions))
                continue
            if self._denied(sentences[s], hit.positions, taken, s):
                denied.append(" ".join(sentences[s][i] for i in hit.positions))
                continue
            if not urgent and self.injection.got_better(sentences[s]):
                continue
            found.append(Complaint(s, frozenset(sentences[s][i] for i in hit.positions), urgent, kind, questions[s]))
        for s, i in sorted(set(topic_places) - purpose - taken):
            if self._denied(sentences[s], (i,), taken, s) or self.injection.got_better(sentences[s]) or wonders[s]:
                continue
            tokens = message.tokens[s]
            if self._persisting.find(sentences[s], tokens) and not questions[s]:
                # "my armpits are still sweaty 2 weeks after the injections": it has not gone.
                found.append(Complaint(s, frozenset([sentences[s][i]]), False, SYMPTOM))
            elif not (asks_at(message, s, i) if asks_at is not None else questions[s]):
                found.append(Complaint(s, frozenset([sentences[s][i]]), False, TOPIC))
        onset, onset_words = self._onset(message, purpose | set(topic_places), wonders, named)
        return Report(
            complaints=tuple(found),
            injection=self._whose(message, events) or (SELF if events else ""),
            given=any(not hearsay[s] for s in given),
            # Someone only heard of ("a friend had botox") is no injection in sight, unless the trouble
            # is told of them in the same sentence.
            injection_here=any(not hearsay[s] or s in {c.sentence for c in found} for s in seen),
            habit=any(not hearsay[s] or s in {c.sentence for c in found} for s in spoken),
            onset=onset,
            whose=self._whose(message, sorted({c.sentence for c in found})),
            onset_words=onset_words,
            denied=tuple(denied),
            asked=tuple(asked),
            bodily=bool(message.stems & self._body)
            or bool(topic_places)
            or bool(spoken)
            or any(c.urgent and len(c.words) > 1 for c in found),
        )

    def heard_of(self, sentence: tuple[str, ...]) -> bool:
        """Whether a sentence speaks of people the patient has only heard of ("some people", "a friend")."""
        return bool(set(sentence) & self._hearsay)

    def denied(self, sentence: tuple[str, ...], positions: Collection[int]) -> bool:
        """Whether a denial comes just before the words at ``positions`` ("no rash", "not dizzy or
        faint", "don't have any chest pain") and reaches all of them: "i don't know, my chest hurts"
        and "i don't have trouble breathing but my voice has gone quiet" deny nothing of concern."""
        return self._denied(sentence, positions, set(), -1)

    def _denied(
        self, sentence: tuple[str, ...], positions: Collection[int], taken: set[tuple[int, int]], s: int
    ) -> bool:
        """``denied``, where words of other symptoms (``taken``) may stand between too."""
        start, last = min(positions), max(positions)
        i = start - 1
        while i >= 0 and start - i <= self.rules.negation_window + 1:
            word = sentence[i]
            if word in self._negations:
                scope = sentence[i + 1 : last + 1]
                return len(scope) <= self.rules.negation_window + 2 and not set(scope) & self._ends
            if word in self._ends:
                return False
            if word in _BETWEEN or word in _OR or (s, i) in taken:
                i -= 1
            elif i + 1 < len(sentence) and sentence[i + 1] in _OR:
                i -= 1  # "not dizzy OR faint": the symptom before "or" is denied alike
            else:
                return False
        return False

    def _onset(
        self, message: Message, purpose: Collection[tuple[int, int]], asks: list[bool], named: bool
    ) -> tuple[str, tuple[str, ...]]:
        """When the trouble started: ``new``, ``long`` or "", and the words that say so."""
        sudden: list[str] = []
        changing: list[str] = []
        long: list[str] = []
        for s, sentence in enumerate(message.sentences):
            if asks[s]:
                continue
            for phrases, into in ((self._sudden, sudden), (self._changing, changing), (self._long, long)):
                for start, end in phrases.find(sentence, message.tokens[s]):
                    if not all((s, i) in purpose for i in range(start, end)):
                        into.append(" ".join(sentence[start:end]))
            for words, recent in self._durations(sentence):
                (sudden if recent else long).append(words)
        if sudden:
            return NEW, tuple(sudden)
        if changing and not long and not named:
            return NEW, tuple(changing)
        if long:
            return LONG, tuple(long)
        return "", tuple(changing)

    def _durations(self, sentence: tuple[str, ...]) -> Iterable[tuple[str, bool]]:
        """Durations in a sentence: "3 days", "a couple of weeks" (recent), "10 years" (long); not an
        age ("81 years old") or a rate ("15 days a month")."""
        for i, word in enumerate(sentence):
            recent = word in self._recent
            if not recent and word not in self._long_units:
                continue
            j = i - 1
            if j > 0 and sentence[j] == "of":
                j -= 1  # "a couple of weeks"
            if j < 0 or not (sentence[j].isdigit() or sentence[j] in self._amounts):
                continue
            after = sentence[i + 1 : i + 2]
            if after and after[0] in self._rates:
                continue
            yield " ".join(sentence[j : i + 1]), recent

    def _whose(self, message: Message, sentences: Iterable[int]) -> str:
        """Whose the sentences speak of: someone else's when they name another person and not the
        patient ("my husband", "she"); the patient's own when they say "i" or "me"; "" otherwise."""
        words = {w for s in sentences for w in message.sentences[s]}
        if words & self._others and not words & self._self:
            return OTHER
        return SELF if words & self._self else ""
