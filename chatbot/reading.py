"""What a message asks: the question half of the question model (the matcher gives the topic half).

A message is read once into a ``Reading``: the kind of question it asks (its
act, from ``intents/questions.yaml``), whether that is a kind the article
answers, and the features the policy needs to choose a reply safely: is it a
question or a statement, does it speak of Botox, of the patient's own life,
of a child, does it point back to the conversation ("is it approved?"), does
it start as an ellipsis ("and for sweating?").

When no kind matches, the sentence's shape decides: a statement describes a
problem ("my jaw clicks and hurts"), a question that names nothing but a topic
and Botox asks about that topic ("migraines?", "botox and migraines?"), and any
other question is one the article does not answer ("do you still poop with
gastroparesis?", "does botox make the attacks shorter?"): the bot offers rather
than answers what it cannot place. A question's opening outweighs its other
words ("how long does one treatment keep working" asks how long).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import pairwise

from . import text as textmod
from .lexicon import Message
from .models import Content, RuleSet
from .safety import Phrases, RuleIndex

#: Acts that come from a message's shape rather than from a listed kind of question.
DESCRIBE, MENTION, OTHER = "describe", "mention", "other"
#: The kind of question a pregnancy makes of any message.
PREGNANCY = "pregnancy"
#: The kind of question that asks whether Botox helps.
HELPS = "treatment"
#: Words that open a question about what could happen to someone: "will i", "could it", "might my".
_MODALS = frozenset(textmod.stem(w) for w in "will would could might".split())
_FUTURE_SUBJECTS = frozenset(textmod.stem(w) for w in "i it this that you my me botox the".split())
#: Answered kinds that ask whether, how or for what Botox helps.
_BOTOX_HELPS = ("treatment", "mechanism", "other_uses")
#: Words that, with a topic, still only name it: "what about migraines?", "tmj botox?", "info on drooling?".
_BARE = frozenset(
    textmod.stem(w)
    for w in (
        "what about how and or so then the a an for with is it any info information tell me please on re regarding"
    ).split()
)
#: Acts (listed or not) that the article answers.
SHAPE_ANSWERED = frozenset({DESCRIBE, MENTION})
#: A sentence starting with one of these asks something.
QUESTION_WORDS = frozenset(
    "what whats how why when where who whom whose which can could does do did is are was were will would should "
    "shall may might has have am any anything".split()
)
#: Openings that carry a previous question over to a new topic ("and for sweating?").
ELLIPSIS_OPENERS = (("and",), ("what", "about"), ("how", "about"), ("also",), ("or",), ("same", "for"), ("so",))
#: Ages below this are children's.
ADULT_AGE = 18
#: The age a school year or grade stands for: any child's age would do ("year 9", "5th grade").
SCHOOL_AGE = 10
#: How many words away an age may stand from the child word it tells the age of ("my son, who is 35").
AGE_REACH = 5
_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}
_AGE_UNITS = frozenset({"year", "years", "yr", "yrs", "yo", "month", "months", "week", "weeks", "day", "days"})


@dataclass(frozen=True)
class Reading:
    """How one message reads, apart from its topic.

    ``act`` is a kind of question from ``questions.yaml`` or one of the shapes
    ``describe``, ``mention`` and ``other``; ``cued`` says it came from a listed
    phrase; ``answered`` whether the article answers that kind; ``also`` labels
    a question about the condition asked alongside one about Botox ("can botox
    help the symptoms of ...": the symptoms), which the reply says it cannot answer.
    """

    act: str
    label: str
    answered: bool
    cued: bool
    words: frozenset[str]
    also: str
    question: bool
    about_botox: bool
    personal: bool
    child: bool
    refers_back: bool
    ellipsis: bool
    content_words: int

    def as_mention(self) -> Reading:
        """The same reading as a message that only names its topic ("what about migraines?")."""
        return replace(self, act=MENTION, label="", answered=True, cued=False, also="")

    def with_act(self, ruleset: RuleSet) -> Reading:
        """The same reading with another act (a red flag asked about as a risk is a side-effects question)."""
        return replace(self, act=ruleset.id, label=ruleset.label, answered=ruleset.answered, cued=True, also="")


class QuestionReader:
    """Reads the act of a message; immutable after building."""

    def __init__(self, content: Content) -> None:
        words = content.words
        self.kinds = RuleIndex(content.questions)
        self.by_id = self.kinds.by_id
        self._frames = [
            (frame.kind, Phrases(" ".join(p) for p in frame.phrases), frozenset(frame.first))
            for frame in content.frames
        ]
        self._domain = textmod.stem_set(words.domain)
        self._filler = textmod.stem_set(words.filler)
        self._refer_back = textmod.stem_set(words.refer_back)
        self._personal = textmod.stem_set(words.personal)
        self._children = textmod.stem_set(words.children)
        self._adults = textmod.stem_set(words.adults)
        self._now = textmod.stem_set(words.now)
        self._pleas = Phrases(words.pleas)
        self._risk = textmod.stem_set(words.risk)
        self._question_words = textmod.stem_set(QUESTION_WORDS)
        self._helps_verbs = textmod.stem_set(words.helps_verbs)
        self._helps_after = textmod.stem_set(words.helps_after)
        self._subjects = textmod.stem_set(words.subject_words)
        self._subject_verbs = textmod.stem_set(words.subject_verbs)
        self._about_verbs = textmod.stem_set(words.about_verbs)
        self._fear = textmod.stem_set(words.fear_words)
        self._fear_of = textmod.stem_set(words.fear_of)
        self._explaining = textmod.stem_set(words.explaining)
        self.raw_words = self.kinds.raw_words | {
            w
            for phrases in (words.refer_back, words.personal, words.children)
            for p in phrases
            for w in textmod.words(p)
        }

    def read(
        self,
        message: Message,
        topic_words: set[str],
        child_before: bool = False,
        general: bool | None = None,
        pregnancy_before: bool = False,
    ) -> Reading:
        """The reading of ``message``; ``topic_words`` are the stems the matcher found topics on;
        ``child_before`` says the conversation so far is about a child, ``pregnancy_before`` that the
        last question was about a pregnancy; ``general`` that no topic but Botox's uses in general is
        named (by default: no topic words at all)."""
        general = not topic_words if general is None else general
        stems = message.stems
        content = [w for w in message.words if w not in self._filler]
        question = any(self.asks(message, s) for s in range(len(message.sentences)))
        about_botox = bool(stems & self._domain)
        act, words, also, pregnant = self._act(message, topic_words, about_botox, general)
        cued = act is not None
        if act is None:
            substance = [w for w in message.words if w not in topic_words and w not in self._domain and w not in _BARE]
            # A question that holds more than its topic and Botox, in words no kind of question
            # lists, is not taken to ask whether Botox helps: it gets the offer, not the answer.
            if not question:
                act = DESCRIBE
            elif not substance:
                act = MENTION
            elif about_botox and (
                self._asks_if_it_helps(message, general) or self._bare_botox_question(message, topic_words)
            ):
                act = HELPS
            else:
                act = OTHER
        ruleset = self.by_id.get(act)
        answered = ruleset.answered if ruleset else act in SHAPE_ANSWERED
        first = message.sentences[0] if message.sentences else ()
        return Reading(
            act=act,
            label=ruleset.label if ruleset else "",
            answered=answered,
            cued=cued,
            words=frozenset(words),
            also=also,
            question=question,
            about_botox=about_botox,
            personal=bool(stems & self._personal),
            # "i'm 20 weeks", "breastfeeding my 3 month old", "after the baby" in a talk about a
            # pregnancy: a pregnancy, never a child.
            child=not (pregnant or pregnancy_before)
            and (self._child(message) or (child_before and not stems & self._adults)),
            refers_back=bool(stems & self._refer_back),
            ellipsis=any(first[: len(opener)] == opener for opener in ELLIPSIS_OPENERS),
            content_words=len(content),
        )

    def asks_about_risk(self, message: Message, sentence: int, at: tuple[int, int] | None = None) -> bool:
        """Whether a sentence asks about a risk rather than reporting a symptom.

        "can botox cause trouble swallowing?" asks; "i cant swallow", "could my
        trouble swallowing be from botox?" and "trouble swallowing since monday" report.
        ``at`` is where the symptom is (first and last word): then only the question that leads to
        it counts ("i'm fine, just want to know can botox cause swallowing problems", "can it make
        your voice go hoarse, my friend said hers did").
        """
        words = message.sentences[sentence]
        asked = message.asked[sentence] or bool(words and words[0] in self._question_words)
        if at is not None:
            # The question that leads to the symptom: from the first question word after anything the
            # patient says of themselves before it.
            told = max((i for i, w in enumerate(words[: at[0]]) if w in self._personal | self._now), default=-1)
            opener = next((i for i in range(told + 1, at[0] + 1) if words[i] in self._question_words), None)
            if opener is not None:
                asked, words = True, words[opener : at[1] + 1]
        present = set(words)
        return asked and bool(present & self._risk) and not present & (self._personal | self._now)

    def asks_what_could_happen(self, message: Message, sentence: int) -> bool:
        """Whether a sentence asks what could happen rather than telling what did: a question that
        names a risk ("how common is ...") or asks about the future ("will i have trouble peeing
        after botox?", "could it make my eyelid droop?"), with nothing that says it is happening now.
        "can botox treat a stomach that won't empty?" asks about a treatment, not a risk."""
        words = message.sentences[sentence]
        asked = message.asked[sentence] or bool(words and words[0] in self._question_words)
        present = set(words)
        future = len(words) > 1 and words[0] in _MODALS and words[1] in _FUTURE_SUBJECTS
        return (
            asked
            and (future or bool(present & self._risk))
            and not present & self._now
            and not self.tells(message, sentence)
        )

    def wonders_at(self, message: Message, sentence: int, position: int) -> bool:
        """Whether the clause holding ``position`` asks what could happen: "hes booked in for the bladder
        one next month, WHAT IF HE CANT PASS WATER after it" (a clause after a comma, opened by a question
        word, with a risk or the future in it and nothing that says it is happening now)."""
        words = message.sentences[sentence]
        tokens = message.tokens[sentence]
        starts = sorted({0} | message.clause_starts[sentence])
        start = max(s for s in starts if s <= position)
        end = min([s for s in starts if s > position] + [len(words)])
        clause = words[start:end]
        if start == 0 or tokens[start] not in QUESTION_WORDS:
            return False
        future = len(clause) > 1 and clause[0] in _MODALS and clause[1] in _FUTURE_SUBJECTS
        return (
            (future or bool(set(clause) & self._risk))
            and not set(clause) & self._now
            and not self.tells(message, sentence)
        )

    def fears(self, message: Message, sentence: int, position: int) -> bool:
        """Whether a symptom at ``position`` is feared rather than felt: "scared of choking", "worried
        about losing my voice" (a fear word and "of" or "about" just before it), with nothing that says
        it is happening now. "i'm scared, i can't breathe" is no fear of a risk: it is a report."""
        words = message.sentences[sentence]
        return not set(words) & self._now and any(
            words[j] in self._fear and words[j + 1] in self._fear_of for j in range(max(0, position - 4), position - 1)
        )

    def asks(self, message: Message, sentence: int) -> bool:
        """Whether a sentence asks something: a question mark, a question word first or after a comma
        ("my mum is having her injections tomorrow, what signs mean we go to a and e"), or a question clause."""
        asked = message.asked[sentence]
        words = message.sentences[sentence]
        starts = message.clause_starts[sentence]
        return (
            asked
            or _asks(words, self._question_words)
            or any(_opens(words, i, self._question_words) for i in starts if i < len(words))
        )

    def asks_at(self, message: Message, sentence: int, position: int) -> bool:
        """Whether the part of a sentence holding ``position`` asks: the sentence asks (``asks``) and its
        question opens at or before ``position``. "my eye keeps twitching since monday IS THAT something
        botox fixes" tells of the twitching, then asks; "my armpits sweat a lot, botox?" asks throughout."""
        opens = self.opening(message, sentence)
        return opens is not None and opens <= position

    def opening(self, message: Message, sentence: int) -> int | None:
        """Where a sentence's question opens (0 for one that asks throughout), or None if it asks nothing."""
        if not self.asks(message, sentence):
            return None
        words = message.sentences[sentence]
        if words and words[0] in self._question_words:
            return 0
        openers = [
            i for i in message.clause_starts[sentence] if i < len(words) and _opens(words, i, self._question_words)
        ]
        openers += [
            i for i, pair in enumerate(pairwise(words)) if (i and pair in _CLAUSE_PAIRS) or pair in _HELP_REQUESTS
        ]
        return min(openers, default=0)

    def hypothetical(self, message: Message, sentence: int) -> bool:
        """Whether a sentence asks what could happen rather than tells what is happening: a question
        about a risk or the future (``asks_what_could_happen``), or a question that speaks of nobody
        in particular ("is it normal to get a headache after botox?", "can it make your voice hoarse?";
        not "bit itchy where they injected, is that normal?", which tells something first)."""
        if self.asks_what_could_happen(message, sentence):
            return True
        words = message.sentences[sentence]
        tokens = message.tokens[sentence]
        opens = bool(tokens) and tokens[0] in QUESTION_WORDS  # as typed: "having chest pain" asks nothing
        return opens and not set(words) & (self._personal | self._now)

    def tells_at(self, message: Message, sentence: int, position: int) -> bool:
        """Whether the clause holding ``position`` tells rather than asks: "what about for me, IVE BLINKED
        UNCONTROLLABLY FOR YEARS" (no question word opening it, no question in it, no question mark after it)."""
        words = message.sentences[sentence]
        starts = sorted({0} | message.clause_starts[sentence])
        start = max(s for s in starts if s <= position)
        end = min([s for s in starts if s > position] + [len(words)])
        if end == len(words) and message.asked[sentence]:
            return False
        return not _asks(words[start:end], self._question_words)

    def pleads(self, message: Message) -> bool:
        """Whether the message pleads for help ("what do i do", "please help", "is this an emergency"),
        not wondering what to do if something happened ("what do i do if my eyelid droops?")."""
        return any(
            sentence[end : end + 1] not in _WONDERING
            for s, sentence in enumerate(message.sentences)
            for _, end in self._pleas.find(sentence, message.tokens[s])
        )

    def tells(self, message: Message, sentence: int) -> bool:
        """Whether a sentence tells of something someone has now by asking what is behind it: "is that
        why HER mouth is so dry?", "could the botox explain MY rash?" (not "why do some people get rashes?")."""
        words = set(message.sentences[sentence])
        return bool(words & self._explaining) and bool(words & self._personal)

    def _act(
        self, message: Message, topic_words: set[str], about_botox: bool, general: bool = False
    ) -> tuple[str | None, set[str], str, bool]:
        """The first listed kind whose words are not simply part of a topic's keyword, the words it
        rests on, the label of a question about the condition that gave way to one about Botox, and
        whether the message speaks of a pregnancy.

        "long lasting pain" is chronic pain, not a question about how long Botox
        lasts; "bladder control" is a topic, not a request to control something;
        "can botox prevent migraines" asks whether Botox helps, not how to prevent them.
        A pregnancy settles the question ("i'm 20 weeks, can i have it for my jaw?"), and a
        question's frame outweighs a kind the article answers ("how long does one treatment last").
        """
        found = [(act, words) for act, words in self.kinds.matches(message).items() if not words <= topic_words]
        pregnant = any(act == PREGNANCY for act, _ in found)
        if pregnant:
            return PREGNANCY, dict(found)[PREGNANCY], "", True
        if not found or self.by_id[found[0][0]].answered:
            framed = self._frame(message)
            if framed is not None:
                return framed[0], framed[1], "", False
        if not found:
            return None, set(), "", False
        act, words = found[0]
        ruleset = self.by_id[act]
        if ruleset.condition and about_botox:
            helps = next(((a, w) for a, w in found if a in _BOTOX_HELPS), None)
            if helps is not None:
                return helps[0], helps[1], ruleset.label, False
            if self._asks_if_it_helps(message, general):
                return HELPS, set(), ruleset.label, False
        return act, words, "", False

    def _bare_botox_question(self, message: Message, topic_words: set[str]) -> bool:
        """Whether a question sentence holds Botox, its topic and at most one other word ("botox good?",
        "botox para migraine?"): it can only be asking whether Botox helps."""
        for s, sentence in enumerate(message.sentences):
            if not message.asked[s] or not set(sentence) & self._domain:
                continue
            rest = {w for w in sentence if w not in topic_words and w not in self._domain and w not in _BARE}
            if len(rest) <= 1:
                return True
        return False

    def _asks_if_it_helps(self, message: Message, general: bool = False) -> bool:
        """Whether a sentence asks if Botox helps: Botox next to a verb such as "can" or "works" ("can
        botox straighten crossed eyes?", "heard botox can block sweat", "botox is good?"), "it" or "they"
        after one opening a question ("does it work on tmj"), or a question that ends on Botox ("my
        armpits are always wet, botox?"). ``general``: no topic is named, so "is botox a medicine?"
        asks what Botox is."""
        before = self._helps_verbs | self._about_verbs if general else self._helps_verbs
        for s, sentence in enumerate(message.sentences):
            asked = message.asked[s]
            if asked and len(sentence) > 1 and sentence[-1] in self._domain and sentence[0] not in self._question_words:
                return True  # "my armpits are always wet, botox?" (not "is it normal to ... after botox?")
            starts = message.clause_starts[s]
            for i, word in enumerate(sentence[:-1]):
                after = sentence[i + 1]
                if word in self._domain:
                    if after in self._filler and i + 2 < len(sentence) and sentence[i + 2] in self._helps_after:
                        return True  # "botox is good?", "botox really works"
                    if after in self._helps_after or (general and after in self._about_verbs):
                        return True  # "botox can open it?", "heard botox can block sweat", "botox is only for beauty?"
                if (i == 0 or i in starts) and word in self._subject_verbs and after in self._subjects:
                    return True  # "does it work on tmj", "those injections my friend gets, do they work"
                if after in self._filler and i + 2 < len(sentence):
                    after = sentence[i + 2]  # "do the injections help", "can that botox be put in the palms"
                if word in before and after in self._domain:
                    return True  # "can botox straighten crossed eyes", "respond to botox"
        return False

    def _frame(self, message: Message) -> tuple[str, set[str]] | None:
        """The kind a question's opening settles, and its words: "how long ...", "will i ...", "where do ..."."""
        for kind, phrases, first in self._frames:
            for s, sentence in enumerate(message.sentences):
                tokens = message.tokens[s]
                starts = {0} | (message.clause_starts[s])
                # Where a sentence or a clause opens: "how long does it last", "had it thursday, how long
                # till it works" (not "can botox cut down how many migraines i get").
                hits = [(a, b) for a, b in phrases.find(sentence, tokens) if a in starts]
                if hits:
                    start, end = hits[0]
                    return (OTHER if kind == OTHER else kind), set(sentence[start:end])
                # A "when", "where" or "who" opening a sentence or a clause asks only with a verb close after
                # it ("when do they ...", "..., when i will feel it working"; not "when i chew my jaw clicks").
                for start in sorted(starts):
                    if start < len(tokens) and tokens[start] in first:
                        after = sentence[start + 1 : start + 3]
                        if any(w in self._question_words for w in after):
                            return (OTHER if kind == OTHER else kind), {sentence[start], *after}
        return None

    def _child(self, message: Message) -> bool:
        """Whether a child is the subject: an age under 18, or a child word no adult age is given for.

        An age belongs to a child word close to it ("my son, 35", "my 35 year old daughter"), never
        to the patient's own ("i am 40 and my son drools" is about a child). "since i was a girl"
        speaks of the past, not of a child now.
        """
        ages = list(_ages(message.tokens, self._children))
        if any(age < ADULT_AGE for _, _, age, _ in ages):
            return True
        adults = [(s, i) for s, i, _, own in ages if not own]
        return any(
            w in self._children
            and not (i >= 2 and sentence[i - 2] in _PAST_BE and sentence[i - 1] in ("a", "an"))
            and not any(s == t and abs(i - j) <= AGE_REACH for t, j in adults)
            for s, sentence in enumerate(message.sentences)
            for i, w in enumerate(sentence)
        )


#: Words that, just after "have", "is" or "was", make it tell rather than ask: "have DONE for years".
_TELLING = frozenset(
    (textmod.stem(w),) for w in ("done", "been", "had", "gone", "always", "never", "since", "still", "being")
)
#: What turns a plea into wondering: "what do i do IF ...", "... WHEN ...", "... IN case ...".
_WONDERING = frozenset((textmod.stem(w),) for w in ("if", "when", "in", "once", "after"))
#: Words that, right after a question word, make a clause a question wherever it stands
#: ("my neck hurts, IS IT serious", "drooling since my stroke, WHAT CAN help").
_CLAUSE_PAIRS = frozenset(
    (textmod.stem(a), textmod.stem(b))
    for a in "is are can could does do should would will".split()
    for b in "i it this that you botox there he she we".split()
) | frozenset(
    (textmod.stem(a), textmod.stem(b)) for a in ("what", "how") for b in "can should do does is are would could".split()
)
#: Words that ask for help wherever they stand ("eye strain from screens, ANYTHING FOR that").
_HELP_REQUESTS = frozenset(
    tuple(textmod.stems(p))
    for p in ("anything for", "something for", "what help", "what helps", "any help", "any treatment")
)


def _opens(sentence: tuple[str, ...], position: int, question_words: frozenset[str]) -> bool:
    """Whether a question opens at ``position``: a question word, not one that tells with the word after it
    ("..., HAVE DONE since i was a teenager", "..., IS STILL bad")."""
    return sentence[position] in question_words and sentence[position + 1 : position + 2] not in _TELLING


def _asks(sentence: tuple[str, ...], question_words: frozenset[str]) -> bool:
    """Whether a sentence asks something: a question word first, or a question clause or request for help inside it."""
    if sentence and _opens(sentence, 0, question_words):
        return True
    pairs = list(pairwise(sentence))
    return any(p in _CLAUSE_PAIRS for p in pairs[1:]) or any(p in _HELP_REQUESTS for p in pairs)


def _ages(sentences: tuple[tuple[str, ...], ...], children: frozenset[str]) -> Iterator[tuple[int, int, int, bool]]:
    """Ages given in a message ("10 year old", "aged 14", "she is 9", "my son, 35", "6 months old"), each
    as (sentence, position, age in years, whether it is the patient's own: "im 40", "i am 40")."""
    for s, sentence in enumerate(sentences):
        for i, word in enumerate(sentence):
            before = sentence[i - 1] if i else ""
            own = before in _OWN_AGE_CUES
            joined = _JOINED_AGE.match(word)  # "7yo", "10yrs", "14y"
            if joined:
                yield s, i, int(joined.group(1)), own
                continue
            school = _SCHOOL_GRADE.match(word)  # "5th grade"
            if school and sentence[i + 1 : i + 2] == ("grade",):
                yield s, i, SCHOOL_AGE, False
                continue
            number = int(word) if word.isdigit() and len(word) <= 3 else _NUMBER_WORDS.get(word)
            if number is None:
                continue
            after = sentence[i + 1 : i + 3]
            unit = after[0] if after else ""
            if unit in _AGE_UNITS and "old" in after:
                yield s, i, number if unit.startswith("y") else 0, own
            elif unit in ("yo", "yr", "yrs"):
                yield s, i, number, own
            elif (before in _AGE_CUES or textmod.stem(before) in children) and unit not in _NOT_AGES:
                yield s, i, number, own
            elif before in ("year", "grade") and number <= 13:
                yield s, i, SCHOOL_AGE, False  # a school year: "year 9 student", "grade 7"


#: A school grade written as one word: "5th" (with "grade" after it).
_SCHOOL_GRADE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
#: An age written as one word: "7yo", "10yrs", "14y".
_JOINED_AGE = re.compile(r"^(\d{1,3})(?:yo|yr|yrs|y|yro|yearold|years?old)$")
#: Words just before a number that make it the patient's own age ("im 40", "i am 40").
_OWN_AGE_CUES = frozenset({"im", "am"})
#: "i was a girl", "we were kids": childhood, not a child now.
_PAST_BE = frozenset({"was", "were"})
#: Words just before a number that make it an age ("my son is 35", "aged 9").
_AGE_CUES = frozenset({"is", "hes", "shes", "im", "am", "aged", "age", "turned", "turning", "now"})
#: Words just after a number that make it something else ("is 3 times a day").
_NOT_AGES = _AGE_UNITS - {"year", "years", "yr", "yrs", "yo"} | {"times", "percent", "hours", "minutes", "am", "pm"}
