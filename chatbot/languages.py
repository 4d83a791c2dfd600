"""The languages the bot reads, and which one a message is written in.

The bot's rules, keywords and examples are written once, in the base language
(English: ``intents/*.yaml``). Another language is data: ``intents/<code>/language.yaml``
holds its word resources (a Snowball stemmer, a spelling list, the characters only it
uses, and a glossary of its words and phrases with the base-language words they
mean), and ``responses/<code>/`` holds every text the bot says in it. A message in
another language is rewritten word by word into the base language's words through
the glossary (``Glossary.translate``), then read by the very same rules, so every
safety rule reads every language alike. Its reply is worded from that language's texts.

Which language a message is in (``Languages.identify``) is settled by evidence:
words only that language has (``gracias``, ``tengo``), or its own characters (``¿``,
``ñ``). A message with no evidence either way ("ok", "2", "botox?") keeps the
conversation's language; the base language's own check (``LanguageGuard``) then tells
a message in a language the bot does not read, naming the language when its model can.

Glossary lookups are never cached, for the same reason as stems (``text.stem``): a cache
would keep the words patients typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from . import text as textmod

if TYPE_CHECKING:
    from .language import LanguageGuard
    from .lexicon import Message
    from .models import LanguageSpec

#: The model is asked to confirm a language only from this many words, and must be this sure of a
#: third language to overrule the words; below ``MODEL_LONG_WORDS`` words it is less reliable and must
#: be surer. Catalan's "el bòtox serveix per a la migranya?" (7 words) comes out at 0.69; the
#: Spanish "botox para distonia cervical" (4 words) is Portuguese to it at 0.69.
MODEL_MIN_WORDS = 4
MODEL_LONG_WORDS = 6
MODEL_CONFIDENCE = 0.6
MODEL_CONFIDENCE_SHORT = 0.9
#: Evidence a language's own characters count for (one word only that language has counts 1).
MARK_WEIGHT = 2
#: Words are compared by their stem ("sudando" meets "sudan") when the stem has at least this many letters.
MIN_STEMMED = 4
#: A word spelled this much like the English word it means (0-100) is a cognate ("hiperhidrosis",
#: "distonia"): read through the glossary, but no evidence of the language.
COGNATE_SIMILARITY = 75
#: Words shorter than this are never corrected, and at most this many are looked up per message.
MIN_CORRECTED = 5
MAX_CORRECTIONS = 16
#: How close a typo must be to a glossary word to be read as it (rapidfuzz ratio, 0-100).
CORRECTION_CUTOFF = 84

_TOKEN = re.compile(r"[a-z0-9]+|[^\sa-z0-9']")


class _Stemmer:
    """A Snowball stemmer by name, picklable (the responder cache keeps it).

    A stem shorter than ``MIN_STEMMED`` letters says too little ("papa" and "papada" are both
    "pap"): such a word is compared as it is typed."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._stem = _stemmer(name)

    def __getstate__(self) -> str:
        return self.name

    def __setstate__(self, name: str) -> None:
        self.__init__(name)  # type: ignore[misc]

    def __call__(self, word: str) -> str:
        stem = self._stem(word)
        return stem if len(stem) >= MIN_STEMMED else word


@lru_cache(maxsize=8)
def _stemmer(name: str) -> Callable[[str], str]:
    import snowballstemmer  # PyStemmer's C implementation when installed

    stemmer = snowballstemmer.stemmer(name)
    return stemmer.stemWord  # type: ignore[no-any-return]


#: A word must be seen at least this often in a language's word list to count as one of its words.
MIN_COUNT = 100
#: A word is evidence of one language over another when it is this many times as common in it
#: (by share of each list's words): "gracias" is in English subtitles too, but far more in Spanish.
EVIDENCE_RATIO = 20


def dictionary(code: str) -> dict[str, int]:
    """The folded words of pyspellchecker's list for ``code`` seen often enough to trust, with their counts."""
    from spellchecker import SpellChecker

    counts: dict[str, int] = {}
    for word, count in SpellChecker(language=code, distance=1).word_frequency.dictionary.items():
        folded = textmod.fold(word)
        if count >= MIN_COUNT and len(folded) > 1 and folded.isalpha():
            counts[folded] = counts.get(folded, 0) + count
    return counts


class Glossary:
    """A language's words and phrases, each with the base-language words it means; picklable."""

    def __init__(self, entries: Mapping[str, str], stemmer: str, words: frozenset[str]) -> None:
        """``entries`` maps a phrase (any case and accents) to base-language words ("" drops it);
        ``words`` are the language's own words: never corrected, and dropped when no phrase has them."""
        self.stem = _Stemmer(stemmer)
        self.words = words
        by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        vocabulary: set[str] = set()
        for phrase, meaning in entries.items():
            typed = textmod.words(phrase)
            if not typed:
                continue
            vocabulary.update(typed)
            forms = tuple(self.stem(w) for w in typed)
            by_first.setdefault(forms[0], []).append((forms, meaning))
        # Longest phrase first: "no puedo respirar" before "no puedo" before "no".
        self._by_first = {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in by_first.items()}
        self._vocabulary = tuple(sorted(w for w in vocabulary if len(w) >= MIN_CORRECTED))
        self.known = frozenset(vocabulary) | words

    def translate(self, text: str) -> str:
        """``text`` in the base language's words: each glossary phrase replaced by its meaning,
        typos of glossary words corrected first, other words of the language dropped, and
        anything else (names, numbers, English words) kept as typed. Punctuation is kept, so
        sentences and clauses stay where they were."""
        # Apostrophes join, as the rules' own reading joins them: "can't" is "cant".
        tokens = _TOKEN.findall(textmod.fold(textmod.clean(text)).replace("'", ""))
        out: list[str] = []
        budget = [MAX_CORRECTIONS]
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if not token[0].isalnum():
                out.append(token)
                i += 1
                continue
            end = i
            while end < len(tokens) and tokens[end][0].isalnum():
                end += 1
            out.extend(self._run(tokens[i:end], budget))
            i = end
        return " ".join(out)

    def _run(self, typed: list[str], budget: list[int]) -> list[str]:
        words = [self._correct(w, budget) for w in typed]
        forms = [self.stem(w) for w in words]
        out: list[str] = []
        i = 0
        while i < len(words):
            for phrase, meaning in self._by_first.get(forms[i], ()):
                if tuple(forms[i : i + len(phrase)]) == phrase:
                    if meaning:
                        out.append(meaning)
                    i += len(phrase)
                    break
            else:
                if words[i] not in self.words:  # a word of the language the glossary leaves out says nothing
                    out.append(words[i])
                i += 1
        return out

    def _correct(self, word: str, budget: list[int]) -> str:
        if len(word) < MIN_CORRECTED or word in self.known or word.isdigit() or budget[0] <= 0:
            return word
        budget[0] -= 1
        found = process.extractOne(word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=CORRECTION_CUTOFF)
        return found[0] if found else word


@dataclass(frozen=True)
class Language:
    """A language the bot reads besides the base one: its words and its glossary.

    ``words`` are its words (its spelling list's and its glossary's) bar those far more common in
    the base language; ``only`` those that are evidence of it: words the glossary reads as other
    words, far more common in this language than in the base one, neither cognates ("distonia")
    nor the rules' own words ("botox") unless the glossary turns that word alone ("hola").
    """

    code: str
    name: str
    marks: str
    words: frozenset[str]
    only: frozenset[str]
    glossary: Glossary
    model_code: str

    @classmethod
    def build(cls, spec: LanguageSpec, base_counts: Mapping[str, int], content_word: Callable[[str], bool]) -> Language:
        """``base_counts``: the base language's words and how often each is seen; ``content_word``
        tells a word the rules know (a typo of "botox" in the glossary is no evidence of the language)."""
        listed = dictionary(spec.spelling)
        glossary_words = {w for phrase in spec.glossary for w in textmod.words(phrase)}
        ours, theirs = sum(listed.values()) or 1, sum(base_counts.values()) or 1

        def share(counts: Mapping[str, int], word: str, total: int) -> float:
            return counts.get(word, 0) / total

        only: set[str] = set()
        shared: set[str] = set()
        for w in listed.keys() | glossary_words:
            if len(w) < 2 or w.isdigit():
                continue
            mine, base = share(listed, w, ours), share(base_counts, w, theirs)
            if w not in listed:  # a glossary word the list lacks ("sudo", "truena")
                (shared if w in base_counts else only).add(w)
            elif mine > EVIDENCE_RATIO * base:
                only.add(w)
            elif base <= EVIDENCE_RATIO * mine:
                shared.add(w)  # as common in both ("me", "no", "a"): evidence of neither
        # Evidence is a word the glossary reads as other words ("hola" -> "hello", "me duele" -> "it
        # hurts"): a word of the spelling list alone may be a medical word both languages share
        # ("gastro", "paresis"), and one spelled like its meaning is a cognate ("distonia").
        turned: set[str] = set()
        alone: set[str] = set()  # single words the glossary turns into others
        cognates: set[str] = set()  # single words spelled like their meaning
        for phrase, meaning in spec.glossary.items():
            typed = textmod.words(phrase)
            if typed != textmod.words(meaning):
                turned.update(typed)
            if len(typed) == 1:
                close = fuzz.ratio(typed[0], textmod.normalise(meaning)) >= COGNATE_SIMILARITY
                if close:
                    cognates.add(typed[0])
                elif typed != textmod.words(meaning):
                    alone.add(typed[0])
        # A word the rules know ("botox", "neuralgia") is evidence only when the glossary turns it alone.
        evidence = {w for w in only & turned if w in alone or not content_word(w)} - cognates
        # A word the rules know ("neuralgia", "botx") is never dropped, unless the glossary turns it.
        dropped = {w for w in only if not content_word(w) or w in turned}
        words = frozenset(only | shared)
        glossary = Glossary(spec.glossary, spec.stemmer, frozenset(dropped))
        return cls(
            spec.code, spec.name, spec.marks.lower(), words, frozenset(evidence), glossary, spec.model_code or spec.code
        )


class Languages:
    """Which language a message is in, and its words in the base language's words."""

    def __init__(self, base: str, others: Iterable[Language], english: Callable[[str], bool]) -> None:
        """``english`` tells a word of the base language (a name kept for what it is: the base's word list)."""
        self.base = base
        self.others = tuple(others)
        self._by_code = {language.code: language for language in self.others}
        self._base_word = english
        self._model_codes = {base, *(language.model_code for language in self.others)}

    @property
    def codes(self) -> tuple[str, ...]:
        return (self.base, *(language.code for language in self.others))

    def identify(self, message: Message, previous: str, guard: LanguageGuard) -> str:
        """The code of the language ``message`` is in, or "" for a language the bot does not read.

        ``previous`` is the conversation's language, kept when the message gives no evidence.
        """
        # The words as typed, before the base language's typo correction joins or changes them
        # ("me falta el aire": "falta el" is no "fatal").
        words = textmod.words(message.original)
        best, best_score = "", 0
        typed = message.original.lower()
        for language in self.others:
            score = sum(1 for w in words if w in language.only)
            if not frozenset(language.marks).isdisjoint(typed):
                score += MARK_WEIGHT
            if score > best_score:
                best, best_score = language.code, score
        others = {lang.code for lang in self.others}
        # A one-letter word ("a", "i") is evidence of no language.
        base_score = sum(
            1 for w in words if len(w) > 1 and self._base_word(w) and not any(w in lang.words for lang in self.others)
        )
        if best and best_score > base_score:
            if len(words) < MODEL_MIN_WORDS:
                return best
            # Words shared with a third language ("madre", "si" in Italian): the model has the last word.
            named, confidence = guard.language_of(message.original)
            needed = MODEL_CONFIDENCE if len(words) >= MODEL_LONG_WORDS else MODEL_CONFIDENCE_SHORT
            return "" if named and named not in self._model_codes and confidence >= needed else best
        if not best_score and not base_score and previous in others:
            return previous  # "ok", "2", "botox?" after a message in that language
        if not message.original or not guard.foreign(message):
            return self.base
        named, _ = guard.language_of(message.original)
        return next((lang.code for lang in self.others if lang.model_code == named), "")

    def translate(self, code: str, text: str) -> str:
        """``text`` (in language ``code``) in the base language's words; the base language as it is."""
        language = self._by_code.get(code)
        return text if language is None else language.glossary.translate(text)
