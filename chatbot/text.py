"""Text normalisation shared by content patterns and patient queries.

Patterns are normalised once, when the index is built; queries once per call.
Both go through the same functions so that they meet on equal terms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol

#: Longest input a reply considers; the rest of a huge paste is ignored.
MAX_INPUT_CHARS = 4000

#: Longest input the topic matcher looks at; safety checks see ``MAX_INPUT_CHARS``.
MAX_MATCH_CHARS = 600

_WORD = re.compile(r"[a-z0-9]+")
_SENTENCE_BREAK = re.compile(r"[.!?;\n]+")
_CLAUSE_BREAK = re.compile(r"[,:]+|\s[-\u2013\u2014]+\s")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})

_REPEATED = re.compile(r"([a-z])\1\1+")
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}(?![a-z])|\b(?:[a-z]\.)+[a-z]\b")


class _Stemmer(Protocol):
    """What ``snowballstemmer.stemmer`` returns (the library has no type information)."""

    def stemWord(self, word: str) -> str: ...


def clean(text: object) -> str:
    """Make any input safe to look at: a string without control characters.

    Bytes are decoded leniently, other objects are converted with ``str``,
    the result is NFKC-normalised, control and format characters become spaces,
    and anything past ``MAX_INPUT_CHARS`` is dropped.
    """
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", errors="replace")
    elif not isinstance(text, str):
        text = "" if text is None else str(text)
    text = unicodedata.normalize("NFKC", text[: MAX_INPUT_CHARS * 2])[:MAX_INPUT_CHARS]
    if text.isprintable():  # no control or format character (nor a line break) to replace
        return text.strip()
    return "".join(" " if (unicodedata.category(ch)[0] == "C" and ch != "\n") else ch for ch in text).strip()


def fold(text: str) -> str:
    """Lower-case, strip accents and unify apostrophes, keeping only ASCII."""
    text = text.translate(_APOSTROPHES).lower()
    text = unicodedata.normalize("NFKD", text)
    return text.encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    """Split folded text into words, joining contractions (``can't`` → ``cant``)."""
    return _WORD.findall(_squeeze(_undot(fold(text)).replace("'", "")))


def sentences(text: str) -> list[list[str]]:
    """Split text into sentences of words; empty sentences are dropped."""
    return [words for words, _ in marked_sentences(text)]


def marked_sentences(text: str) -> list[tuple[list[str], bool]]:
    """Sentences of words, each with whether it ended in a question mark."""
    return [(words, asked) for words, asked, _ in clauses(text)]


def clauses(text: str) -> list[tuple[list[str], bool, frozenset[int]]]:
    """Sentences of words, each with whether it ended in a question mark and where a clause starts
    after a comma or a dash inside it ("my mum had her botox on thursday, how long ...": at "how")."""
    folded = _squeeze(_undot(fold(text)))
    result = []
    start = 0
    for match in [*_SENTENCE_BREAK.finditer(folded), None]:
        end = match.start() if match else len(folded)
        words: list[str] = []
        starts = set()
        for part in _CLAUSE_BREAK.split(folded[start:end].replace("'", "")):
            found = _WORD.findall(part)
            if found and words:
                starts.add(len(words))
            words += found
        if words:
            result.append((words, bool(match and "?" in match.group(0)), frozenset(starts)))
        start = match.end() if match else end
    return result


def _squeeze(folded: str) -> str:
    # "heyyy", "pleeease", "sooo": no English word has a letter three times in a row.
    return _REPEATED.sub(r"\1", folded)


def _undot(folded: str) -> str:
    # "t.m.j." is one word, not three sentences.
    return _DOTTED.sub(lambda m: m.group(0).replace(".", ""), folded)


def stem(word: str) -> str:
    """The Snowball (Porter2) English stem of a word, so that inflections meet.

    ``sweat``, ``sweating`` and ``sweats`` give ``sweat``; ``migraine`` and
    ``migraines`` give ``migrain``. Patterns and queries are stemmed alike, so the
    stem only needs to be consistent, not a dictionary word.

    Never cached: a cache would keep the words patients typed, and answer a word
    typed before faster than a new one, telling a later visitor what an earlier one
    asked. PyStemmer's C code takes about 0.3 microseconds a word.
    """
    return _english_stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _english_stemmer() -> _Stemmer:
    import snowballstemmer  # uses PyStemmer's C implementation when it is installed

    stemmer: _Stemmer = snowballstemmer.stemmer("english")  # untyped library: its result, declared
    return stemmer


def stems(text: str) -> list[str]:
    """The stems of every word in ``text``, in order."""
    return [stem(w) for w in words(text)]


def stem_set(phrases: Iterable[str]) -> frozenset[str]:
    """The stems of every word of every phrase, as a set (word lists from the content)."""
    return frozenset(s for phrase in phrases for s in stems(phrase))


def normalise(text: str) -> str:
    """The canonical form used for whole-phrase fuzzy comparison."""
    return " ".join(words(text))
