"""Everything a message is read with, built once from loaded content: the readers the deciding stages use.

``Indexes.build`` turns ``Content`` into the lexicon, the topic matcher and the
rule indexes; nothing here changes afterwards, so one ``Indexes`` serves many
threads, and it can be pickled (the responder cache keeps it between runs).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import english
from . import text as textmod
from .conditions import ConditionFinder
from .injection import InjectionReader
from .language import LanguageGuard
from .languages import Language, Languages
from .lexicon import Lexicon
from .matcher import Matcher
from .models import Content
from .reading import QuestionReader
from .reports import ReportReader
from .safety import RuleIndex

#: Words that do not change what a short request means: "more please" is "more".
POLITE_WORDS = (
    "please",
    "pls",
    "plz",
    "thanks",
    "thank",
    "you",
    "ok",
    "okay",
    "now",
    "then",
    "a",
    "bit",
    "little",
    "some",
    "just",
    "again",
    "about",
    "it",
    "that",
    "this",
    "on",
    "of",
)


@dataclass(frozen=True)
class Indexes:
    """The content and every index built from it; what the deciding stages read, and nothing more.

    ``told`` holds, for each topic, every word its keywords and examples use: how the
    topic is told ("my eyelids keep squeezing shut"), so a problem told in other words
    ("my eyes are red and itchy") is not taken for it.
    """

    content: Content
    lexicon: Lexicon
    matcher: Matcher
    red_flags: RuleIndex
    reader: QuestionReader
    injection: InjectionReader
    reports: ReportReader
    conditions: ConditionFinder
    language: LanguageGuard
    languages: Languages
    smalltalk: RuleIndex
    filler: frozenset[str]
    domain_stems: frozenset[str]
    more_phrases: frozenset[str]
    more_forms: frozenset[tuple[str, ...]]
    polite: frozenset[str]
    affirmations: frozenset[str]
    acknowledgements: frozenset[str]
    first_topic: tuple[str, ...]
    previous_topic: tuple[str, ...]
    titles: dict[str, str]
    answers: dict[str, frozenset[str]]
    generic: frozenset[str]
    told: dict[str, frozenset[str]]

    @classmethod
    def build(cls, content: Content) -> Indexes:
        """Build every index for already-loaded content."""
        words = content.words
        matcher = Matcher(content.intents, words.filler, words.domain, words.exclusions)
        red_flags = RuleIndex(content.red_flags, safety=True)
        reader = QuestionReader(content)
        smalltalk = RuleIndex(content.smalltalk)
        dictionary = english.load()
        more = {w for phrase in words.more for w in textmod.words(phrase)}
        filler = {w for phrase in words.filler for w in textmod.words(phrase)}
        filler_stems = frozenset(textmod.stem(w) for w in filler)
        injection = InjectionReader(content.injection, matcher.keyword_stems - filler_stems)
        domain = {w for phrase in words.domain for w in textmod.words(phrase)}
        # Body words: what a topic's keywords name, not the words of Botox or of a question.
        asking = {s for q in content.questions if q.answered for p in q.phrases for w in p for s in textmod.stems(w)}
        body = matcher.keyword_stems - filler_stems - {textmod.stem(w) for w in domain} - asking
        conditions = ConditionFinder(content.conditions, body, dictionary, matcher.keyword_words)
        reports = ReportReader(content.reports, injection)
        protected = (
            matcher.keyword_words
            | red_flags.raw_words
            | reader.raw_words
            | smalltalk.raw_words
            | injection.raw_words
            | reports.raw_words
            | conditions.raw_words
            | more
            | filler
            | domain
        )
        # Typos are corrected only into meaningful words: "battery" must not become "better".
        # (Not into the names of other conditions: "postmates" is no "prostate".)
        targets = (matcher.keyword_words | red_flags.raw_words | reader.kinds.raw_words | domain) - filler
        # Long everyday words are targets too, so "medicaly" is "medically", not "medicaid".
        targets |= {w for w in filler if len(w) >= 8}
        lexicon = Lexicon(protected, targets, red_flags.raw_words - filler, matcher.example_words, dictionary)
        known = lexicon.known
        others = [
            Language.build(spec, dictionary.counts, lambda w: textmod.stem(w) in known)
            for spec in content.languages[1:]
        ]
        languages = Languages(content.languages[0].code if content.languages else "", others, dictionary.is_word)
        titles = {textmod.normalise(content.title(i)): i for i in content.topic_ids}
        for other in others:  # a title tapped in another language is read in the base language's words
            texts = content.texts[other.code]
            titles.update({textmod.normalise(other.glossary.translate(texts.title(i))): i for i in content.topic_ids})
        titles.update({textmod.normalise(i.replace("_", " ")): i for i in content.topic_ids})
        polite = frozenset(textmod.stem(w) for w in POLITE_WORDS)
        more_forms = {tuple(s for s in textmod.stems(p) if s not in polite) for p in words.more}
        return cls(
            content,
            lexicon,
            matcher,
            red_flags,
            reader,
            injection,
            reports,
            conditions,
            LanguageGuard(lexicon.known, dictionary),
            languages,
            smalltalk,
            filler=filler_stems,
            domain_stems=frozenset(textmod.stem(w) for w in domain),
            more_phrases=frozenset(textmod.normalise(p) for p in words.more),
            more_forms=frozenset(f for f in more_forms if f),
            polite=polite,
            affirmations=frozenset(w for p in words.affirmations for w in textmod.words(p)),
            acknowledgements=frozenset(w for p in words.acknowledgements for w in textmod.words(p)),
            first_topic=tuple(textmod.normalise(p) for p in words.first_topic),
            previous_topic=tuple(textmod.normalise(p) for p in words.previous_topic),
            titles=titles,
            answers={i.id: frozenset(i.answers) for i in content.intents},
            generic=frozenset(textmod.stem(w) for w in words.generic),
            told={
                i.id: matcher.intent_stems.get(i.id, frozenset()) | textmod.stem_set(i.examples)
                for i in content.intents
            },
        )

    def label(self, act: str) -> str:
        """How a kind of question is named in replies ("approval", "children and age limits")."""
        return self.reader.by_id[act].label
