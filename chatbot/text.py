"""Text normalisation shared by content patterns and patient queries.

Patterns are normalised once, when the index is built; queries once per call.
Both go through the same functions so that they meet on equal terms.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Longest input a reply considers; the rest of a huge paste is ignored.
MAX_INPUT_CHARS = 4000

#: Longest input the topic matcher looks at; safety checks see ``MAX_INPUT_CHARS``.
MAX_MATCH_CHARS = 600

_WORD = re.compile(r"[a-z0-9]+")
_SENTENCE_BREAK = re.compile(r"[.!?;\n]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})

# Suffixes are stripped in two passes: plural and third-person endings first,
# then one derivational or tense ending. The result only needs to be
# consistent between patterns and queries, not a dictionary word.
_PLURALS = (("ies", "y"), ("es", ""), ("s", ""))
_ENDINGS = (
    ("iness", "y"),
    ("ness", ""),
    ("ing", ""),
    ("edly", ""),
    ("ied", "y"),
    ("ed", ""),
    ("ly", ""),
    ("y", ""),
)
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}(?![a-z])|\b(?:[a-z]\.)+[a-z]\b")


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
    return "".join(
        " " if (unicodedata.category(ch)[0] == "C" and ch != "\n") else ch for ch in text
    ).strip()


def fold(text: str) -> str:
    """Lower-case, strip accents and unify apostrophes, keeping only ASCII."""
    text = text.translate(_APOSTROPHES).lower()
    text = unicodedata.normalize("NFKD", text)
    return text.encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    """Split folded text into words, joining contractions (``can't`` → ``cant``)."""
    return _WORD.findall(_undot(fold(text)).replace("'", ""))


def sentences(text: str) -> list[list[str]]:
    """Split text into sentences of words; empty sentences are dropped."""
    return [words for words, _ in marked_sentences(text)]


def marked_sentences(text: str) -> list[tuple[list[str], bool]]:
    """Sentences of words, each with whether it ended in a question mark."""
    folded = _undot(fold(text))
    result = []
    start = 0
    for match in [*_SENTENCE_BREAK.finditer(folded), None]:
        end = match.start() if match else len(folded)
        found = _WORD.findall(folded[start:end].replace("'", ""))
        if found:
            result.append((found, bool(match and "?" in match.group(0))))
        start = match.end() if match else end
    return result


def _undot(folded: str) -> str:
    # "t.m.j." is one word, not three sentences.
    return _DOTTED.sub(lambda m: m.group(0).replace(".", ""), folded)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Reduce a word to a crude stem so that inflections meet.

    ``sweat``, ``sweaty``, ``sweating`` and ``sweats`` all give ``sweat``;
    ``migraine`` and ``migraines`` give ``migrain``. Short words are kept whole.
    """
    if len(word) <= 3 or word.isdigit():
        return word
    word = _strip(word, _PLURALS)
    word = _strip(word, _ENDINGS)
    if len(word) > 3 and word.endswith("y"):
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def _strip(word: str, suffixes: tuple[tuple[str, str], ...]) -> str:
    for suffix, replacement in suffixes:
        if not word.endswith(suffix):
            continue
        base = word[: -len(suffix)] + replacement
        if len(base) < 3:
            continue
        if suffix == "s" and word.endswith(("ss", "us")):
            return word
        if suffix == "es" and not base.endswith(("s", "x", "z", "ch", "sh")):
            base = word[:-1]
        return base
    return word


def stems(text: str) -> list[str]:
    """The stems of every word in ``text``, in order."""
    return [stem(w) for w in words(text)]


def normalise(text: str) -> str:
    """The canonical form used for whole-phrase fuzzy comparison."""
    return " ".join(words(text))
