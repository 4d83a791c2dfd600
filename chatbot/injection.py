"""Does a message tell of a Botox injection given, and which symptoms does it name? Read over the whole message.

An injection is placed in the past ("i had botox", "my shots 2 days ago",
"since my injection", "the botox made me..."), or told as a habit ("i get botox
for my neck"), or planned ("my next botox": no injection given). What it was
for is no problem ("botox for my neck pain"). The symptoms are those of
``after_injection.yaml``: its ``urgent`` list (the boxed warning and allergic
signs) and the rest. ``chatbot.reports`` puts these together into a report of
trouble.
"""

from __future__ import annotations

from collections.abc import Callable

from . import text as textmod
from .lexicon import Message
from .models import InjectionRules
from .safety import Hit, Phrases, RuleIndex

#: How many small words may stand between a past verb and the injection ("had my second round of botox").
VERB_GAP = 4
#: How many words after the injection a time may come ("the botox for my bladder was the friday before").
TIME_WINDOW = 10
#: How many words before the injection a future word makes it a plan ("i will get botox").
FUTURE_WINDOW = 3
#: How many words after an injection word its purpose may start ("botox injections for").
PURPOSE_GAP = 3
#: How many words after a purpose word ("for") still name what the injection was for.
PURPOSE_WORDS = 4


#: Injection words that say by themselves it was done: with a time anywhere in the sentence, or
#: someone who did it ("they injected"), a report.
_DONE = frozenset({"injected", "jabbed"})
_DOERS = frozenset(
    {"they", "he", "she", "i", "we", "you", "doctor", "nurse", "was", "were", "been", "got", "had", "just"}
)
#: Where an injection went: with a time or a "my", the injection was given.
_PLACES = frozenset({"site", "sites", "spot", "spots", "area", "areas", "point", "points"})
_MINE = frozenset({"my", "i", "im", "ive"})
#: Words that turn "better" round: "hasn't gone", "still not better", "never stopped".
_NEGATIONS = frozenset(
    {"not", "non", "no", "never", "hasnt", "havent", "isnt", "wont", "didnt", "doesnt", "cant", "still"}
)
#: Words that deny the verb or injection word just after them ("i haven't had botox", "he never did").
_DENIALS = _NEGATIONS - {"still"}
#: Words that stand for the treatment in a conversation about it ("i had IT done last tuesday").
_PRONOUNS = frozenset({"it", "them", "one"})


class InjectionReader:
    """Finds injections told and symptoms named; immutable after building."""

    def __init__(self, rules: InjectionRules, topic_words: frozenset[str] = frozenset()) -> None:
        """``topic_words`` (stems of topic keywords) may stand between a past verb and the injection
        ("since my TMJ botox") as small words do."""
        self.rules = rules
        self.named = textmod.stem_set(rules.injection_words)
        self._injection = self.named | textmod.stem_set(rules.procedure_words)
        self._objects = textmod.stem_set(rules.object_words)
        self._verbs = Phrases(rules.past_verbs)
        self._usual = self._verbs + Phrases(rules.usual_verbs)
        self._since = Phrases(rules.since_words)
        self._times = Phrases(rules.time_words)
        # Matched on the words as typed: "caused" reports, "cause" asks.
        self._caused = frozenset(w for phrase in rules.caused_words for w in textmod.words(phrase))
        self._future = Phrases(rules.future_words)
        times = {s for phrase in rules.time_words for s in textmod.stems(phrase)}
        self._strictly_small = textmod.stem_set(rules.small_words) | (self._injection - self._objects) | times
        self._small = self._strictly_small | topic_words
        self._purpose = textmod.stem_set(rules.purpose_words)
        self._better = Phrases(rules.better_words)
        self._urgent = RuleIndex([rules.urgent])
        self._symptoms = RuleIndex([rules.symptoms])
        self.raw_words = (
            self._urgent.raw_words
            | self._symptoms.raw_words
            | {
                w
                for words in (
                    rules.injection_words,
                    rules.procedure_words,
                    rules.past_verbs,
                    rules.usual_verbs,
                    rules.since_words,
                    rules.time_words,
                    rules.caused_words,
                )
                for phrase in words
                for w in textmod.words(phrase)
            }
        )

    def reports_injection(
        self,
        message: Message,
        in_treatment_talk: bool = False,
        hypothetical: Callable[[Message, int], bool] | None = None,
    ) -> bool:
        """Whether the message places an injection in the past or tells a habit of them ("i get
        botox for my neck"), in any sentence (see ``events``)."""
        return bool(self.events(message, in_treatment_talk, hypothetical, usual=True))

    def events(
        self,
        message: Message,
        in_treatment_talk: bool = False,
        hypothetical: Callable[[Message, int], bool] | None = None,
        usual: bool = False,
        strict: bool = False,
        context: bool | None = None,
    ) -> tuple[int, ...]:
        """The sentences that place an injection in the past (with ``usual``, or tell a habit of them).

        ``in_treatment_talk``: the conversation is about a treatment, so "i had it 4
        days ago" reports one too ("it" with a time; "i've had it for years" does not).
        ``hypothetical(message, sentence)`` marks a sentence that asks what could happen:
        there, "after botox" is no report ("how common is a droopy eyelid after botox?").
        ``strict``: only small words may stand between "since" or "after" and the injection, not a
        topic's words ("spasticity after stroke botox" tells no injection given; "had his bladder
        botox" does). ``context``: Botox, an injection or a topic is in sight, so "appointment", "done"
        and "treatment" tell an injection too (by default: Botox or an injection is named, or
        ``in_treatment_talk``).
        """
        if context is None:
            context = in_treatment_talk or bool(self.named & message.stems)
        return tuple(
            s
            for s, (sentence, tokens) in enumerate(zip(message.sentences, message.tokens, strict=False))
            if self._event(sentence, tokens, not (hypothetical and hypothetical(message, s)), usual, strict, context)
            # "i had it 3 weeks ago" in a conversation about a treatment, or beside "botox" in the message
            or ((in_treatment_talk or bool(self.named & message.stems)) and self._pronoun_event(sentence))
        )

    def purpose(self, message: Message) -> frozenset[tuple[int, int]]:
        """(sentence, position) of the words naming what an injection was for ("botox for MY NECK PAIN")."""
        return frozenset((s, i) for s, sentence in enumerate(message.sentences) for i in self._purpose_span(sentence))

    def symptom_hits(self, message: Message) -> list[tuple[Hit, bool]]:
        """Every place a symptom is named, each with whether it is urgent (the boxed warning)."""
        return [
            (hit, urgent)
            for index, urgent in ((self._urgent, True), (self._symptoms, False))
            for hit in index.hits(message)
        ]

    def mentions_urgent(
        self, message: Message, topic_words: set[str], hypothetical: Callable[[Message, int], bool]
    ) -> bool:
        """Whether a question about what could happen names a boxed-warning symptom beyond a topic's
        own words ("will i have trouble peeing after botox?", not "botox for eyelids that squeeze shut?")."""
        return any(
            hypothetical(message, hit.sentence)
            and not {message.sentences[hit.sentence][i] for i in hit.positions} <= topic_words
            for hit in self._urgent.hits(message)
        )

    def got_better(self, sentence: tuple[str, ...]) -> bool:
        """Whether the sentence says things got better ("much better"), not "hasn't gone", "still not better"."""
        return any(not set(sentence[max(0, i - 2) : i]) & _NEGATIONS for i, _ in self._better.find(sentence))

    def _event(
        self,
        sentence: tuple[str, ...],
        tokens: tuple[str, ...],
        after_counts: bool = True,
        usual: bool = False,
        strict: bool = False,
        in_context: bool = False,
    ) -> bool:
        injections = [i for i, word in enumerate(sentence) if word in self._injection]
        if not injections:
            return False
        if not in_context:
            injections = [i for i in injections if sentence[i] in self.named]
        future = self._future.find(sentence)
        times = self._times.find(sentence)
        # "i haven't had any botox yet", "he never did before": denied, no injection.
        denied = {i for i in range(1, len(tokens)) if tokens[i - 1] in _DENIALS}
        found = (self._usual if usual or times else self._verbs).find(sentence)
        injections = [
            i
            for i in injections
            if i not in denied and not any(a in denied and self._leads_to(sentence, b, i) for a, b in found)
        ]
        # "last week wednesday i get my first botox": a habit verb with a time tells one given.
        verbs = [(a, b) for a, b in found if a not in denied]
        since = self._since.find(sentence) if after_counts else []
        for i in injections:
            if any(0 <= i - end < FUTURE_WINDOW or 0 < start - i <= FUTURE_WINDOW for start, end in future):
                continue  # "my next botox", "i will get botox", "the injections tomorrow": a plan
            if any(self._leads_to(sentence, end, i) for _, end in verbs):
                return True
            if any(self._leads_to(sentence, end, i, strict) for _, end in since):
                return True
            if sentence[i] in self._objects:
                # "done" or "did" tells an injection only after a verb ("had her bladder done") or
                # someone who did it, with what they did ("they did my armpits a week ago").
                if i and tokens[i - 1] in _DOERS and i + 1 < len(sentence):
                    return True
                continue
            if any(0 < start - i <= TIME_WINDOW for start, _ in times):
                return True
            if any(tokens[j] in self._caused for j in range(i + 1, min(len(tokens), i + 3))):
                return True
            # "the spot where they injected my calf since last week", "where they injected": done.
            if tokens[i] in _DONE and (times or (i and tokens[i - 1] in _DOERS)):
                return True
            # "my injection site is swollen", "the injection site ... 3 days later": it was given.
            if tokens[i + 1 : i + 2] and tokens[i + 1] in _PLACES and (times or set(tokens) & _MINE):
                return True
        return False

    def _pronoun_event(self, sentence: tuple[str, ...]) -> bool:
        pronouns = [i for i, word in enumerate(sentence) if word in _PRONOUNS]
        if not pronouns:
            return False
        times, verbs = self._times.find(sentence), self._verbs.find(sentence)
        return any(
            any(0 < start - i <= TIME_WINDOW for start, _ in times)
            and any(0 <= i - end <= VERB_GAP for _, end in verbs)
            for i in pronouns
        )

    def _leads_to(self, sentence: tuple[str, ...], end: int, injection: int, strict: bool = False) -> bool:
        """Whether only small words (with ``strict``, no topic words) stand between a past verb (ending
        before ``end``) and the injection."""
        if end > injection:
            return False
        between = sentence[end:injection]
        if sentence[injection] in self._objects and not between:
            return False  # "i have done for years": no injection without what was done
        small = self._strictly_small if strict else self._small
        return len(between) <= VERB_GAP and all(w in small for w in between)

    def _purpose_span(self, sentence: tuple[str, ...]) -> range:
        """Positions naming what an injection was for: the words after "for" that follows an injection word."""
        for i, word in enumerate(sentence):
            if word in self._injection:
                for j in range(i + 1, min(len(sentence), i + 1 + PURPOSE_GAP)):
                    if sentence[j] in self._purpose:
                        return range(j + 1, min(len(sentence), j + 1 + PURPOSE_WORDS))
        return range(0)
