"""Turning a message into the stems the rest of the bot reasons about.

The lexicon knows every word the content uses. A word it does not know, and
that is no English word either (by word frequencies: "paint" and "checking" are
English, "pian" and "drolling" are not), is corrected to the nearest content
word within a small edit distance (``pian`` → ``pain``, ``botx`` → ``botox``,
``megrain`` → ``migraine``, ``distonia`` → ``dystonia``); adjacent
words or letters that spell a content word are joined (``gastro paresis``,
``t m j``). Red flags get a second, more forgiving reading of the same words,
because missing an emergency costs far more than a false alarm.
Everything here is computed once per message; the lexicon itself never changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from . import text as textmod
from .english import EnglishWords

#: Words shorter than this are never corrected: "tmj", "pee" and "eye" are too close to too much.
MIN_CORRECTABLE = 4
#: A correction of more than one typo must keep at least this similarity (0-100) to the word meant.
SIMILAR_ENOUGH = 75.0
#: Red-flag words are corrected from this length on ("breth" → "breath").
MIN_CORRECTABLE_SAFETY = 5
#: Words the matcher considers, so a huge paste costs no more than a long question.
MAX_WORDS = 120
#: Fuzzy spelling lookups one message may cost (up to about 0.3 ms each for long words): a word
#: with a typo takes two to four (topic, red-flag and split-word spellings), so this covers four or
#: five misspelt words, and a message of 150 made-up words costs about 5 ms, not 60. Words past the
#: budget are read as typed. (All 23,049 labelled and CLINC150 messages read exactly as without it.)
MAX_FUZZY_LOOKUPS = 16


class _Lookups:
    """What is left of one message's fuzzy-lookup budget."""

    def __init__(self, left: int) -> None:
        self.left = left

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _max_edits(length: int) -> int:
    # One typo in a short word, two from seven letters ("megrain"), three in a very long one.
    return 1 if length < 7 else 2 if length < 12 else 3


def _max_edits_safety(length: int) -> int:
    return 1 if length < 7 else 2


Sentences = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Message:
    """One message as the bot sees it.

    ``sentences`` holds the stems of each sentence after typo correction;
    ``safety_sentences`` the same with the more forgiving red-flag corrections;
    ``stems`` all stems; ``corrected`` those that came from a correction;
    ``unknown`` the stems the content has never used; ``tokens`` the words
    of each sentence as typed (folded, one per stem), to name them back;
    ``asked`` whether each sentence ended in a question mark; ``clause_starts``
    where a clause starts after a comma inside each sentence. ``tokens``, ``asked`` and
    ``clause_starts`` hold one entry for each sentence.
    """

    original: str
    normal: str
    sentences: Sentences
    safety_sentences: Sentences
    stems: frozenset[str]
    corrected: frozenset[str]
    unknown: tuple[str, ...]
    tokens: Sentences
    asked: tuple[bool, ...]
    clause_starts: tuple[frozenset[int], ...]

    @cached_property  # worked out once per message: every rule set asks for it
    def keys(self) -> frozenset[str]:
        """Every stem, and ``=`` every word as typed: what keywords and rules are matched on."""
        return self.stems | {f"={t}" for sentence in self.tokens for t in sentence}

    def key_at(self, sentence: int, position: int, wanted: frozenset[str]) -> str | None:
        """The key a word is matched on among ``wanted``: its stem, or ``=`` its exact form."""
        stem = self.sentences[sentence][position]
        if stem in wanted:
            return stem
        tokens = self.tokens[sentence]
        exact = f"={tokens[position]}" if position < len(tokens) else ""
        return exact if exact in wanted else None

    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(stem for sentence in self.sentences for stem in sentence)


class _Corrector:
    """Nearest target word within an edit budget, sharing the first letter."""

    def __init__(
        self,
        targets: Iterable[str],
        min_length: int,
        budget: Callable[[int], int],
        english: EnglishWords,
        plurals: bool = False,
    ) -> None:
        # Each spelling maps to the word it stands for. Plurals too (when asked), so
        # "headakes" is two edits from "headaches", not three from "headache".
        self._base = {t: t for t in targets}
        if plurals:
            for t in list(self._base):
                self._base.setdefault(t + ("es" if t.endswith(("s", "x", "ch", "sh")) else "s"), t)
        self.targets = tuple(sorted(self._base, key=lambda t: (-len(t), t)))
        # The same order, by length and by first letter and length, and by all but the first
        # letter: a word is compared only with the targets it could be within the budget of.
        self._rank = {t: rank for rank, t in enumerate(self.targets)}
        self._by_length: dict[int, list[str]] = {}
        self._by_start: dict[tuple[str, int], list[str]] = {}
        self._by_tail: dict[str, list[str]] = {}
        for t in self.targets:
            self._by_length.setdefault(len(t), []).append(t)
            self._by_start.setdefault((t[0], len(t)), []).append(t)
            self._by_tail.setdefault(t[1:], []).append(t)
        self.min_length = min_length
        self.budget = budget
        self.english = english

    def find(self, word: str, lookups: _Lookups | None = None) -> str | None:
        """The word ``word`` stands for, if it is a misspelling of one; else None.

        Worked out afresh every time, never cached: a cache would keep the words patients
        typed, and a word typed before would be answered faster than a new one (a timing
        side channel that told one visitor what an earlier one had asked)."""
        if len(word) < self.min_length or word.isdigit() or self.english.is_word(word):
            return None
        if lookups is not None and not lookups.take():
            return None
        # People rarely mistype the first letter: the nearest target must share it, which keeps
        # "paint" from becoming "faint" (and "servical" from becoming "survival").
        best = self._nearest(word, self.budget(len(word)), word[0])
        if best is None or self._nearer_elsewhere(word, *best):
            return None
        target, edits = best
        # A short word becomes only a real word, not an abbreviation ("tods" is not "tmds").
        if len(self._base[target]) < MIN_CORRECTABLE:
            return None
        # Two or more typos must still leave most of the word ("megrain" is "migraine", "panisse" no "pains").
        if edits > 1 and fuzz.ratio(word, target) < SIMILAR_ENOUGH:
            return None
        return self._base[target]

    def _nearest(self, word: str, budget: int, start: str = "") -> tuple[str, int] | None:
        """The target nearest ``word`` within ``budget`` edits (the first in ``targets`` on a tie),
        among those starting with ``start`` (all when empty)."""
        lengths = range(len(word) + budget, len(word) - budget - 1, -1)  # longest first, as in targets
        if start:
            candidates = [t for n in lengths for t in self._by_start.get((start, n), ())]
        else:
            candidates = [t for n in lengths for t in self._by_length.get(n, ())]
        best = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=budget)
        return (best[0], int(best[1])) if best else None

    def _nearer_elsewhere(self, word: str, target: str, edits: int) -> bool:
        """Whether a target with another first letter is as near as ``target`` and before it in order:
        then ``word`` is that one with its first letter mistyped, not a misspelling of ``target``."""
        if edits == 0:
            return False
        if edits > 1:
            nearest = self._nearest(word, edits)
            return nearest is not None and nearest[0][0] != word[0]
        # One edit that changes the first letter changes it in place, adds one before it, drops it,
        # or swaps it with the second.
        rank = self._rank[target]
        one_edit = [*self._by_tail.get(word[1:], ()), *self._by_tail.get(word, ()), word[1:], word[1::-1] + word[2:]]
        return any(t[:1] != word[0] and self._rank.get(t, rank) < rank and OSA.distance(word, t) == 1 for t in one_edit)


class Lexicon:
    """The vocabulary of the content, and the one place messages are analysed."""

    def __init__(
        self,
        protected: Iterable[str],
        targets: Iterable[str],
        safety_targets: Iterable[str],
        examples: Iterable[str] = (),
        english: EnglishWords | None = None,
    ) -> None:
        """Words (not stems) in ``protected`` are never corrected; ``targets`` are what others become.

        Words in ``english`` are never corrected either: a real word is what the
        patient meant.

        Words from example questions are known too, except those that look like
        a misspelling of a target: authors write typos into examples on purpose.
        """
        targets = {t for t in targets if len(t) >= 3}
        english = english if english is not None else EnglishWords({})
        self._topics = _Corrector(targets, MIN_CORRECTABLE, _max_edits, english, plurals=True)
        self._safety = _Corrector(safety_targets, MIN_CORRECTABLE_SAFETY, _max_edits_safety, english)
        self._joinable = frozenset(textmod.stem(t) for t in targets)
        protected_words = set(protected) | targets
        self._protected = frozenset(textmod.stem(w) for w in protected_words)
        example_words = set(examples)
        self.known = self._protected | {
            textmod.stem(w) for w in example_words if textmod.stem(w) in self._protected or not self._topics.find(w)
        }

    def analyse(self, text: object) -> Message:
        """Clean, split, stem and correct a message."""
        cleaned = textmod.clean(text)
        sentences: list[tuple[str, ...]] = []
        safety: list[tuple[str, ...]] = []
        tokens: list[tuple[str, ...]] = []
        asked: list[bool] = []
        clause_starts: list[frozenset[int]] = []
        corrected: set[str] = set()
        budget = MAX_WORDS
        lookups = _Lookups(MAX_FUZZY_LOOKUPS)
        for sentence_words, question, starts in textmod.clauses(cleaned):
            if budget <= 0:
                break
            words = sentence_words[:budget]
            budget -= len(words)
            topic_stems, safety_stems, typed, kept = self._sentence(words, corrected, lookups, starts)
            sentences.append(topic_stems)
            safety.append(safety_stems)
            tokens.append(typed)
            asked.append(question)
            clause_starts.append(kept)
        all_stems = frozenset(s for sentence in sentences for s in sentence)
        return Message(
            original=cleaned,
            normal=textmod.normalise(cleaned[: textmod.MAX_MATCH_CHARS]),
            sentences=tuple(sentences),
            safety_sentences=tuple(safety),
            stems=all_stems,
            corrected=frozenset(corrected & all_stems),
            unknown=tuple(s for s in (x for sentence in sentences for x in sentence) if s not in self.known),
            tokens=tuple(tokens),
            asked=tuple(asked),
            clause_starts=tuple(clause_starts),
        )

    def _sentence(
        self, words: list[str], corrected: set[str], lookups: _Lookups, starts: frozenset[int] = frozenset()
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], frozenset[int]]:
        topic: list[str] = []
        safety: list[str] = []
        typed: list[str] = []
        kept: set[int] = set()
        stems = [textmod.stem(word) for word in words]
        i = 0
        while i < len(words):
            if i in starts:
                kept.add(len(topic))
            joined, used = self._join(words, stems, i, lookups)
            if joined:
                corrected.add(joined)
                topic.append(joined)
                safety.append(joined)
                typed.append(" ".join(words[i : i + used]))
                i += used
                continue
            word, stem = words[i], stems[i]
            topic_stem = safety_stem = stem
            if stem not in self.known:
                fixed = self._topics.find(word, lookups)
                if fixed:
                    topic_stem = textmod.stem(fixed)
                    corrected.add(topic_stem)
                safe = self._safety.find(word, lookups)
                safety_stem = textmod.stem(safe) if safe else topic_stem
            topic.append(topic_stem)
            safety.append(safety_stem)
            typed.append(word)
            i += 1
        return tuple(topic), tuple(safety), tuple(typed), frozenset(kept)

    def _join(self, words: list[str], stems: list[str], i: int, lookups: _Lookups) -> tuple[str | None, int]:
        """A content word spelt across words (``hyper hidrosis``) or letters (``t m j``); ``stems`` are the
        words' stems."""
        if i + 1 >= len(words):
            return None, 0
        if len(words[i]) == 1 and i + 2 < len(words) and all(len(w) == 1 for w in words[i + 1 : i + 3]):
            letters = "".join(words[i : i + 3])
            if letters in self._joinable:
                return letters, 3
        english = self._topics.english
        if i + 2 < len(words) and all(len(w) >= 2 for w in words[i : i + 3]):
            three = words[i] + words[i + 1] + words[i + 2]
            if len(three) >= 6 and sum(p not in self.known for p in stems[i : i + 3]) >= 2:
                fixed = self._topics.find(three, lookups)
                if fixed:
                    return textmod.stem(fixed), 3
        first, second = words[i], words[i + 1]
        joined = textmod.stem(first + second)
        parts = (stems[i], stems[i + 1])
        if joined in self._joinable and joined not in parts and not (parts[0] in self.known and parts[1] in self.known):
            return joined, 2
        if parts[0] in self.known or parts[1] in self.known or (english.is_word(first) and english.is_word(second)):
            return None, 0  # "a la king" is not "leaking"
        fixed = self._topics.find(first + second, lookups)
        return (textmod.stem(fixed), 2) if fixed else (None, 0)
