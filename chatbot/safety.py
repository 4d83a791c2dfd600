"""Phrase rules: red flags, kinds of question, small talk and conditions, matched on stems.

Two kinds of rule, both matched within one sentence:

* a phrase matches when its words appear in order, with at most a few other
  words in between ("how often should" matches "how often should i");
  a rule set's ``slack`` (default 3) is how many other words may be in between;
* an ``all_of`` rule matches when each of its word groups has a word within a
  short window of the others, in any order ("hard ... to breathe").

Words are compared as stems ("painful" and "pain" are one word to a stemmer);
a word written with a leading ``=`` is compared exactly as typed instead
(``=painful`` matches "painful" only).

Rules are indexed by one of their words, so a message only pays for the rules
it could possibly match.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from . import text as textmod
from .lexicon import Message
from .models import RuleSet

_Groups = tuple[frozenset[str], ...]


def _stems(words: Iterable[str]) -> list[str]:
    """The keys a rule's words are matched on: stems, or ``=word`` for a word compared exactly."""
    keys = []
    for word in words:
        if word.startswith("="):
            keys += [f"={w}" for w in textmod.words(word[1:])]
        else:
            keys += textmod.stems(word)
    return keys


_Keyed = tuple[tuple[frozenset[str], ...], frozenset[str]]
#: The keys of the sentences of the message being read: a message is read by a dozen rule sets,
#: so its sentences' keys are built once. Emptied after every reply (``forget``), so nothing a
#: patient typed stays in memory, nor makes the next patient's reply any faster.
_KEYED: dict[tuple[tuple[str, ...], tuple[str, ...]], _Keyed] = {}


def forget() -> None:
    """Drop the keys kept while reading a message."""
    _KEYED.clear()


def _keyed(sentence: tuple[str, ...], tokens: tuple[str, ...]) -> _Keyed:
    """Each word of a sentence as the keys a rule may match it on (its stem, and ``=`` its exact
    form), and all of them together."""
    found = _KEYED.get((sentence, tokens))
    if found is None:
        if len(tokens) != len(sentence):
            keys = tuple(frozenset([stem]) for stem in sentence)
        else:
            keys = tuple(frozenset([stem, f"={token}"]) for stem, token in zip(sentence, tokens, strict=True))
        found = _KEYED[(sentence, tokens)] = (keys, frozenset().union(*keys))
    return found


class Phrases:
    """Short phrases found in a sentence in one pass, word after word (indexed by their first word).

    Words are compared as stems, or exactly as typed when written ``=word`` ("=lately" is
    not "late"); ``find`` is given the sentence's stems and, for exact words, its tokens.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            keys = tuple(_stems(phrase.split()))
            if keys:
                self._by_first.setdefault(keys[0], []).append(keys)

    def __add__(self, other: Phrases) -> Phrases:
        joined = Phrases(())
        for source in (self, other):
            for first, phrases in source._by_first.items():
                joined._by_first.setdefault(first, []).extend(phrases)
        return joined

    def find(self, sentence: tuple[str, ...], tokens: tuple[str, ...] = ()) -> list[tuple[int, int]]:
        """(start, end) of every occurrence, end exclusive."""
        keys, present = _keyed(sentence, tokens)
        if present.isdisjoint(self._by_first):  # most sentences hold no phrase's first word
            return []
        return [
            (i, i + len(p))
            for i, here in enumerate(keys)
            for first in here
            for p in self._by_first.get(first, ())
            if len(p) <= len(keys) - i and all(p[k] in keys[i + k] for k in range(len(p)))
        ]


@dataclass(frozen=True)
class Hit:
    """Where one rule set matched: the sentence and the word positions its words were found at."""

    id: str
    sentence: int
    positions: tuple[int, ...]


class RuleIndex:
    """Rule sets of one kind (red flags, kinds of question, small talk), ready to match messages."""

    def __init__(self, rulesets: Sequence[RuleSet], safety: bool = False) -> None:
        """``safety`` rules (red flags) read the message with forgiving typo correction."""
        self.rulesets = tuple(rulesets)
        self.by_id = {ruleset.id: ruleset for ruleset in self.rulesets}
        self.safety = safety
        self._anchors: dict[str, list[tuple[int, _Groups, bool, int]]] = defaultdict(list)
        words: set[str] = set()
        self.raw_words = frozenset(
            w
            for rs in self.rulesets
            for phrase in (*rs.phrases, *(w for g in rs.all_of for w in g))
            for item in phrase
            for w in textmod.words(item)
        )
        rules: list[tuple[int, _Groups, bool, int]] = []
        for position, ruleset in enumerate(self.rulesets):
            compiled = [(tuple(frozenset([s]) for s in _stems(p)), True) for p in ruleset.phrases]
            compiled += [(tuple(frozenset(_stems(g)) for g in rule), False) for rule in ruleset.all_of]
            rules += [
                (position, groups, ordered, ruleset.slack) for groups, ordered in compiled if groups and all(groups)
            ]
        # A rule is filed under its rarest group of words (every group must be in a sentence for the
        # rule to match), so a common word ("i", "my") does not make every message try every rule.
        uses = Counter(w for _, groups, _, _ in rules for g in groups for w in g)
        for rule in rules:
            groups = rule[1]
            words.update(w for g in groups for w in g)
            for anchor in min(groups, key=lambda g: sum(uses[w] for w in g)):
                self._anchors[anchor].append(rule)
        self.words = frozenset(words)
        self._anchor_words = frozenset(self._anchors)

    def hits(self, message: Message, unless: Callable[[tuple[str, ...], list[int]], bool] | None = None) -> list[Hit]:
        """Every place a rule set matches, in content order, then sentence order.

        ``unless(sentence, places)`` drops one match of one rule (a denied symptom: "i'm not
        short of breath") before the matches of a rule set are put together.
        """
        found: dict[tuple[int, int], set[int]] = {}
        sentences = message.safety_sentences if self.safety else message.sentences
        for s, sentence in enumerate(sentences):
            keys, present = _keyed(sentence, message.tokens[s])
            for word in present & self._anchor_words:  # only the words some rule starts from
                for position, groups, ordered, slack in self._anchors[word]:
                    if any(g.isdisjoint(present) for g in groups):  # a group with no word in the sentence
                        continue
                    match = _in_order if ordered else _anywhere
                    places = match(groups, keys, len(groups) + slack)
                    if places and unless is not None and unless(sentence, places):
                        continue
                    if places:
                        found.setdefault((position, s), set()).update(places)
        return [Hit(self.rulesets[p].id, s, tuple(sorted(places))) for (p, s), places in sorted(found.items())]

    def matches(self, message: Message) -> dict[str, set[str]]:
        """The ids of the rule sets the message matches, in content order, each with the words it matched on."""
        sentences = message.safety_sentences if self.safety else message.sentences
        result: dict[str, set[str]] = {}
        for hit in self.hits(message):
            result.setdefault(hit.id, set()).update(sentences[hit.sentence][i] for i in hit.positions)
        return result


def _in_order(groups: _Groups, sentence: tuple[frozenset[str], ...], limit: int) -> list[int] | None:
    """Positions of the groups' words in order, each within ``limit`` words of the first."""
    for start, word in enumerate(sentence):
        if word.isdisjoint(groups[0]):
            continue
        found, position = [start], start
        for group in groups[1:]:
            position = next(
                (
                    i
                    for i in range(position + 1, min(len(sentence), start + limit))
                    if not sentence[i].isdisjoint(group)
                ),
                -1,
            )
            if position < 0:
                break
            found.append(position)
        else:
            return found
    return None


def _anywhere(groups: _Groups, sentence: tuple[frozenset[str], ...], window: int) -> list[int] | None:
    """Positions of one word from each group, in any order, within a window of ``window`` words."""
    for start, word in enumerate(sentence):
        if all(word.isdisjoint(group) for group in groups):
            continue
        span = range(start, min(len(sentence), start + window))
        found = [next((i for i in span if not sentence[i].isdisjoint(group)), None) for group in groups]
        if all(i is not None for i in found):
            return [i for i in found if i is not None]
    return None
