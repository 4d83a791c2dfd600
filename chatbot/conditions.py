"""Conditions the article does not name: "is botox used for scoliosis?", "bladder cancer", "tension headaches".

Three ways to find one, most specific first:

* a condition listed in ``intents/other_conditions.yaml`` (the near neighbours);
* a topic's body word next to a condition word: "bladder" + "cancer", "neck" + "injury";
* in a question about what Botox treats, words the content never uses that look
  like a condition's name (a medical ending such as -itis or -osis, or a word
  that is not everyday English).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from . import text as textmod
from .english import EnglishWords
from .lexicon import Message
from .models import Conditions
from .safety import RuleIndex

#: How many words apart a body word and a condition word may stand ("bladder and kidney stones").
HEAD_WINDOW = 2
#: The longest name given back for a condition found from unknown words.
MAX_NAME_WORDS = 3
#: Words after which a treatment question names what it is about ("botox FOR epilepsy", "can it TREAT asthma").
SLOT_WORDS = frozenset(
    textmod.stem(w) for w in "for with treat treats treating cure cures fix help helps against on".split()
)
#: An unknown word this similar (0-100) to a topic's word is a misspelling of it, not another condition.
RESEMBLES = 70.0
#: Words that may stand between such a word and the name ("for MY epilepsy").
SLOT_FILLERS = frozenset("my a an the his her their your our some".split())


@dataclass(frozen=True)
class OtherCondition:
    """A condition the article does not name: how to call it (empty when it has no clear name),
    the topic near it, and the stems it was found on."""

    name: str
    near: str
    words: frozenset[str]


class ConditionFinder:
    """Finds conditions the article does not name; immutable after building."""

    def __init__(
        self, conditions: Conditions, body_words: Iterable[str], english: EnglishWords, topic_words: Iterable[str]
    ) -> None:
        """``body_words`` are the stems of topic keywords (not filler words); ``english`` tells an
        everyday word; a word close to one of ``topic_words`` is a misspelt topic ("megrain"), no condition."""
        self.named = RuleIndex(conditions.named)
        self._heads = frozenset(textmod.stem(w) for w in conditions.condition_words)
        self._endings = tuple(conditions.endings)
        self._body = frozenset(body_words)
        self._english = english
        self._topic_words = tuple(sorted(w for w in topic_words if len(w) >= 5))
        self.raw_words = self.named.raw_words | set(conditions.condition_words)

    def find(self, message: Message, unknown: Iterable[str], asks_about_treatment: bool) -> OtherCondition | None:
        """The condition the message is about, if the article does not name it.

        ``unknown`` are the stems the content never uses; they are looked at only
        when ``asks_about_treatment`` (a question whether or how Botox treats something).
        """
        unknown = set(unknown)
        # The more words a finding holds, the more specific it is: "bladder cancer" over "cancer".
        found = [f for f in (self._listed(message), self._headed(message, unknown)) if f is not None]
        if found:
            return max(found, key=lambda f: len(f.words))
        return self._unknown(message, unknown) if asks_about_treatment else None

    def _listed(self, message: Message) -> OtherCondition | None:
        hits = self.named.hits(message)
        if not hits:
            return None
        # The longest phrase is the most specific: "tension headache" over "headache".
        best = max(hits, key=lambda h: (len(h.positions), -h.sentence))
        ruleset = self.named.by_id[best.id]
        words = frozenset(message.sentences[best.sentence][i] for i in best.positions)
        return OtherCondition(ruleset.label, ruleset.near, words)

    def _headed(self, message: Message, unknown: set[str]) -> OtherCondition | None:
        """A topic's body word next to a condition word: "bladder cancer", "dislocated jaw", "endometriosis pain"."""
        for sentence, tokens in zip(message.sentences, message.tokens, strict=False):
            for i, word in enumerate(sentence):
                # "brain injury" is itself a topic's keyword: not another condition.
                head = word in self._heads or (
                    word in unknown and self._looks_medical(tokens[i]) and tokens[i].endswith(self._endings)
                )
                if not head or word in self._body:
                    continue
                for j in range(max(0, i - HEAD_WINDOW), min(len(sentence), i + HEAD_WINDOW + 1)):
                    if j != i and sentence[j] in self._body and sentence[j] not in self._heads:
                        first, last = min(i, j), max(i, j)
                        return OtherCondition(
                            " ".join(tokens[first : last + 1]), "", frozenset(sentence[first : last + 1])
                        )
        return None

    def _unknown(self, message: Message, unknown: set[str]) -> OtherCondition | None:
        """Unknown words in a question about what Botox treats: named if they look like a condition.

        "botox for epilepsy" names epilepsy; "botox for my cat" is about something the
        article does not cover too, but is given no name.
        """
        found = None
        for sentence, tokens in zip(message.sentences, message.tokens, strict=False):
            run: list[int] = []
            for i, stem in enumerate((*sentence, "")):
                if stem and stem in unknown:
                    if process.extractOne(tokens[i], self._topic_words, scorer=fuzz.ratio, score_cutoff=RESEMBLES):
                        return None  # a misspelt topic word, not another condition
                    run.append(i)
                    continue
                if run and found is None and _in_slot(sentence, run[0]):
                    kept = run[:MAX_NAME_WORDS]
                    medical = any(self._looks_medical(tokens[k]) for k in kept)
                    name = " ".join(tokens[k] for k in kept) if medical else ""
                    found = OtherCondition(name, "", frozenset(sentence[k] for k in kept))
                run = []
        return found

    def _looks_medical(self, word: str) -> bool:
        if len(word) < 4 or word.isdigit():
            return False
        return word.endswith(self._endings) or not self._english.is_everyday(word)


def _in_slot(sentence: tuple[str, ...], start: int) -> bool:
    """Whether the words from ``start`` are what a treatment question asks about: "botox for (my) X"."""
    i = start - 1
    while i >= 0 and sentence[i] in SLOT_FILLERS:
        i -= 1
    return i >= 0 and sentence[i] in SLOT_WORDS
