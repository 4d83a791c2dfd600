"""How common an English word is. Used to keep real words from being "corrected", and to tell names of
conditions and other languages from everyday English.

The counts are pyspellchecker's English word frequencies (MIT licence; counted
from a large corpus of film and TV subtitles), read through its public API.
Only words seen often enough to trust are kept: a typo that happens to appear
a handful of times in subtitles ("pian") is not a word here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

#: Words seen fewer times than this are not counted as English words at all.
MIN_COUNT = 100
#: Words seen at least this often are everyday English ("cat"), not the name of a condition ("epilepsy").
EVERYDAY_COUNT = 3000


@dataclass(frozen=True)
class EnglishWords:
    """English words and how often each is seen; immutable, picklable."""

    counts: Mapping[str, int]

    def is_word(self, word: str) -> bool:
        """Whether ``word`` (folded, lower case) is an English word seen often enough to trust."""
        return word in self.counts

    def is_everyday(self, word: str) -> bool:
        """Whether ``word`` is common enough that it names no medical condition."""
        return self.counts.get(word, 0) >= EVERYDAY_COUNT


@lru_cache(maxsize=1)
def load() -> EnglishWords:
    """The English word list, loaded once per process (about 44,000 words)."""
    from spellchecker import SpellChecker

    counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
    return EnglishWords({w: c for w, c in counts.items() if c >= MIN_COUNT and w.isascii() and w.isalpha()})
