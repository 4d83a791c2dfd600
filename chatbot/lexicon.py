"""Turning a message into the stems the rest of the bot reasons about.

The lexicon knows every word the content uses. Words it does not know, if
long enough, are corrected to the nearest content word within a small edit
distance (``migrane`` → ``migraine``, ``distonia`` → ``dystonia``), and two
adjacent words that form a content word are joined (``gastro paresis``).
Everything here is computed once per message; the lexicon itself never changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import text as textmod

#: Words shorter than this are never corrected: too many real words lie one edit apart.
MIN_CORRECTABLE = 6
#: Sentences and words the matcher considers, so a huge paste costs no more than a long question.
MAX_WORDS = 120


def _max_edits(length: int) -> int:
    return 1 if length < 8 else 2


@dataclass(frozen=True)
class Message:
    """One message as the bot sees it.

    ``sentences`` holds the stems of each sentence after typo correction;
    ``stems`` all of them; ``corrected`` those that came from a correction;
    ``unknown`` the stems the content has never used (after correction).
    """

    original: str
    normal: str
    sentences: tuple[tuple[str, ...], ...]
    stems: frozenset[str]
    corrected: frozenset[str]
    unknown: tuple[str, ...]

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(stem for sentence in self.sentences for stem in sentence)


class Lexicon:
    """The vocabulary of the content, and the one place messages are analysed."""

    def __init__(self, protected: Iterable[str], targets: Iterable[str], examples: Iterable[str] = ()) -> None:
        """``protected`` words are never corrected; ``targets`` are what others are corrected to.

        Words from example questions are known too, except those that look like
        a misspelling of a target: authors write typos into examples on purpose.
        """
        # Correction targets are the meaningful content words, longest first so ties favour them.
        self.targets = tuple(sorted({t for t in targets if len(t) >= MIN_CORRECTABLE}, key=lambda t: (-len(t), t)))
        self._target_set = frozenset(self.targets)
        self._correct = lru_cache(maxsize=8192)(self._correct_uncached)
        protected = frozenset(protected) | self._target_set
        self.known = protected | {w for w in examples if w in protected or not self._correct(w)}

    def analyse(self, text: str) -> Message:
        """Clean, split, stem and correct a message."""
        cleaned = textmod.clean(text)
        limited = cleaned[: textmod.MAX_MATCH_CHARS * 8]
        sentences: list[tuple[str, ...]] = []
        corrected: set[str] = set()
        budget = MAX_WORDS
        for words in textmod.sentences(limited):
            if budget <= 0:
                break
            words = words[:budget]
            budget -= len(words)
            sentences.append(self._sentence(words, corrected))
        all_stems = frozenset(s for sentence in sentences for s in sentence)
        unknown = tuple(s for sentence in sentences for s in sentence if s not in self.known)
        return Message(
            original=cleaned,
            normal=textmod.normalise(limited),
            sentences=tuple(sentences),
            stems=all_stems,
            corrected=frozenset(corrected & all_stems),
            unknown=unknown,
        )

    def _sentence(self, words: list[str], corrected: set[str]) -> tuple[str, ...]:
        stems = [textmod.stem(w) for w in words]
        out: list[str] = []
        i = 0
        while i < len(stems):
            if i + 1 < len(stems):
                joined = self._join(words[i], words[i + 1], stems[i], stems[i + 1])
                if joined:
                    corrected.add(joined)
                    out.append(joined)
                    i += 2
                    continue
            stem = stems[i]
            if stem not in self.known:
                fixed = self._correct(stem)
                if fixed:
                    corrected.add(fixed)
                    stem = fixed
            out.append(stem)
            i += 1
        return tuple(out)

    def _join(self, first: str, second: str, first_stem: str, second_stem: str) -> str | None:
        """The content word two adjacent words make together (``hyper hidrosis``), if any."""
        joined = textmod.stem(first + second)
        if joined in self._target_set:
            return joined
        if first_stem in self.known and second_stem in self.known:
            return None
        return self._correct(joined)

    def _correct_uncached(self, stem: str) -> str | None:
        if len(stem) < MIN_CORRECTABLE or stem.isdigit():
            return None
        best = process.extractOne(
            stem, self.targets, scorer=OSA.distance, score_cutoff=_max_edits(len(stem))
        )
        # People rarely mistype the first letter; requiring it keeps "paint" from becoming "faint".
        return best[0] if best and best[0][0] == stem[0] else None
