"""Topic scoring: keyword evidence plus one fuzzy pass over the example questions.

No dialogue logic lives here: the matcher says how strongly a message points
to each topic and which words it rests on; the responder decides what to say.

Two kinds of evidence are combined:

* keywords: an intent's ``names`` (a name alone identifies the topic) and
  ``terms`` (lay words and body parts, weaker, possibly shared); a keyword
  hits when all of its stems are in the message (a word written ``=word`` must
  appear exactly as typed: ``=mobility`` is not "mobile", though both stem alike);
* examples: one ``rapidfuzz.process.extract`` pass of the message's content
  words against every example question's content words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from . import text as textmod
from .lexicon import Message
from .models import Intent

#: Weight of a name hit and of a term hit.
NAME_WEIGHT, TERM_WEIGHT = 1.0, 0.5
#: How many of the best example matches are looked at per message.
EXAMPLE_CANDIDATES = 12
#: Below this similarity (0-100), an example says nothing.
EXAMPLE_FLOOR = 60.0
#: At most this many other words may stand inside a name ("migraine headache" is not "headaches
#: every morning, not migraine"; "chronic pain" is not "head pain nearly every other day, doc says
#: chronic"). Lay terms may stand further apart ("the head of my mother is always tilting").
NAME_GAP = 2


@dataclass(frozen=True)
class Keyword:
    """One keyword of one intent, as stems."""

    intent: str
    stems: frozenset[str]
    name: bool


@dataclass
class Evidence:
    """How one message points to one intent."""

    intent: str
    keyword_score: float = 0.0
    example_score: float = 0.0
    has_name: bool = False
    words: set[str] = field(default_factory=set)
    shared_words: set[str] = field(default_factory=set)

    @property
    def score(self) -> float:
        """Keyword evidence plus up to 0.6 from the closest example."""
        bonus = max(0.0, self.example_score - EXAMPLE_FLOOR) / (100.0 - EXAMPLE_FLOOR) * 0.6
        return self.keyword_score + bonus

    @property
    def own_words(self) -> set[str]:
        """Matched words that point to this intent alone."""
        return self.words - self.shared_words


class Matcher:
    """Scores messages against the intents it was built from; immutable after building."""

    def __init__(
        self,
        intents: Iterable[Intent],
        ignored: Iterable[str],
        generic: Iterable[str] = (),
        exclusions: Iterable[str] = (),
    ) -> None:
        """``ignored`` words carry no meaning; ``generic`` ones (botox, injection) are left out of
        example comparison; ``exclusions`` ("besides", "other than") mark what a patient is *not* asking about."""
        self.intents = tuple(intents)
        self._exclusions = tuple(tuple(textmod.stems(phrase)) for phrase in exclusions if textmod.stems(phrase))
        self._exclusion_starts = frozenset(cue[0] for cue in self._exclusions)
        self._ignored = frozenset(s for word in ignored for s in textmod.stems(word))
        self._generic = self._ignored | frozenset(s for word in generic for s in textmod.stems(word))
        self._by_anchor: dict[str, list[Keyword]] = defaultdict(list)
        owners: dict[frozenset[str], set[str]] = defaultdict(set)
        for intent in self.intents:
            for phrases, is_name in ((intent.names, True), (intent.terms, False)):
                for phrase in phrases:
                    stems = frozenset(_keys(phrase))
                    if stems <= self._ignored and not is_name:
                        # Everyday words alone ("other uses") say little; a name ("medical uses") is deliberate.
                        continue
                    keyword = Keyword(intent.id, stems, is_name)
                    owners[stems].add(intent.id)
                    self._by_anchor[min(stems)].append(keyword)
        self.keyword_stems = frozenset(_stem_of(s) for stems in owners for s in stems)
        own: dict[str, set[str]] = defaultdict(set)
        for stems, ids in owners.items():
            for intent_id in ids:
                own[intent_id] |= stems
        #: Every keyword stem of each intent.
        self.intent_stems = {intent_id: frozenset(_stem_of(k) for k in stems) for intent_id, stems in own.items()}
        # Words that belong to other topics only: "jaw" between "tight" and "muscles" breaks the phrase.
        self._foreign = {
            intent.id: frozenset(self.keyword_stems - own[intent.id] - self._ignored) for intent in self.intents
        }
        self.keyword_words = frozenset(
            w for intent in self.intents for phrase in (*intent.names, *intent.terms) for w in textmod.words(phrase)
        )
        self.example_words = frozenset(w for intent in self.intents for e in intent.examples for w in textmod.words(e))
        self._examples: list[str] = []
        self._example_intents: list[str] = []
        for intent in self.intents:
            for example in intent.examples:
                form = self.content_form(textmod.stems(example))
                # A one-word example ("list", "look") would match any message sharing that word.
                if " " in form:
                    # Kept with its words sorted: token_sort_ratio is ratio on sorted words, so sorting
                    # the examples once here (and the message once per call) gives the same scores at
                    # about a quarter of the cost.
                    self._examples.append(_sorted_words(form))
                    self._example_intents.append(intent.id)

    def content_form(self, stems: Iterable[str]) -> str:
        """The words that matter for comparing phrasings, as one string."""
        return " ".join(s for s in stems if s not in self._generic)

    def set_aside(self, message: Message) -> set[tuple[int, int]]:
        """(sentence, word) positions the patient set aside: just after "besides", "only for" and the like."""
        positions: set[tuple[int, int]] = set()
        for s, sentence in enumerate(message.sentences):
            if self._exclusion_starts.isdisjoint(sentence):  # most sentences hold no cue's first word
                continue
            for cue in self._exclusions:
                for i in range(len(sentence) - len(cue) + 1):
                    if sentence[i : i + len(cue)] == cue:
                        positions.update((s, j) for j in range(i + len(cue), min(len(sentence), i + len(cue) + 3)))
        return positions

    def _occurs(self, keyword: Keyword, message: Message, excluded: set[tuple[int, int]]) -> bool:
        """Whether the keyword's words stand together in one sentence, not after an exclusion.

        Words of the phrase may be in any order with other words between them
        (a few only, for a name), but not words that belong only to other topics.
        """
        foreign = self._foreign[keyword.intent]
        exact = any(k.startswith("=") for k in keyword.stems)
        for s, sentence in enumerate(message.sentences):
            if exact:
                found = {i: message.key_at(s, i, keyword.stems) for i in range(len(sentence))}
            else:
                found = {i: word if word in keyword.stems else None for i, word in enumerate(sentence)}
            places = [i for i, key in found.items() if key is not None]
            if {found[i] for i in places} != keyword.stems:
                continue
            if all((s, i) in excluded for i in places):
                continue
            if len(keyword.stems) == 1:
                return True
            first, last = _tightest(places, tuple(found[i] or "" for i in range(len(sentence))), len(keyword.stems))
            if keyword.name and last - first + 1 - len(keyword.stems) > NAME_GAP:
                continue
            if not any(word in foreign for word in sentence[first + 1 : last]):
                return True
        return False

    def score(self, message: Message, excluded: set[tuple[int, int]] | None = None) -> dict[str, Evidence]:
        """Evidence for every intent the message points to at all, keyed by intent id.

        ``excluded`` is ``set_aside(message)``, when the caller has it already.
        """
        evidence: dict[str, Evidence] = {}
        hits: list[Keyword] = []
        if excluded is None:
            excluded = self.set_aside(message)
        keys = message.keys
        for key in sorted(keys):  # sorted: scores must not depend on hash order
            for keyword in self._by_anchor.get(key, ()):
                if keyword.stems <= keys and self._occurs(keyword, message, excluded):
                    hits.append(keyword)
        # A keyword inside a longer hit of the same intent adds nothing ("sweat" in "sweaty palms").
        for keyword in hits:
            if any(
                other is not keyword and other.intent == keyword.intent and keyword.stems < other.stems
                for other in hits
            ):
                continue
            ev = evidence.setdefault(keyword.intent, Evidence(keyword.intent))
            weight = NAME_WEIGHT if keyword.name else TERM_WEIGHT
            if keyword.stems & message.corrected:
                weight *= 0.8
            ev.keyword_score += weight
            ev.has_name = ev.has_name or keyword.name
            ev.words |= {_stem_of(k) for k in keyword.stems}
        # Words that point to several topics in this message cannot tell them apart.
        owners: dict[str, int] = defaultdict(int)
        for ev in evidence.values():
            for word in ev.words:
                owners[word] += 1
        for ev in evidence.values():
            ev.shared_words = {w for w in ev.words if owners[w] > 1}
        query = self.content_form(message.words)
        if query:
            for _, similarity, index in process.extract(
                _sorted_words(query),
                self._examples,
                scorer=fuzz.ratio,  # on sorted words: token_sort_ratio
                processor=None,
                limit=EXAMPLE_CANDIDATES,
                score_cutoff=EXAMPLE_FLOOR,
            ):
                ev = evidence.setdefault(self._example_intents[index], Evidence(self._example_intents[index]))
                ev.example_score = max(ev.example_score, similarity)
        return evidence


def _sorted_words(text: str) -> str:
    """The words of ``text`` in sorted order, one space apart, as rapidfuzz's token_sort_ratio sorts them."""
    return " ".join(sorted(text.split()))


def _stem_of(key: str) -> str:
    """The stem behind a key: "=incontinence" stands for "incontin" where words are compared as stems."""
    return textmod.stem(key[1:]) if key.startswith("=") else key


def _keys(phrase: str) -> list[str]:
    """The keys a keyword's words are matched on: stems, or ``=word`` for a word compared exactly."""
    keys = []
    for word in phrase.split():
        keys += [f"={w}" for w in textmod.words(word[1:])] if word.startswith("=") else textmod.stems(word)
    return keys


def _tightest(places: list[int], sentence: tuple[str, ...], needed: int) -> tuple[int, int]:
    """The shortest span of ``places`` that holds ``needed`` different words ("for" may occur twice)."""
    best = (places[0], places[-1])
    counts: dict[str, int] = defaultdict(int)
    start = 0
    for position in places:
        counts[sentence[position]] += 1
        while len(counts) == needed:
            if position - places[start] < best[1] - best[0]:
                best = (places[start], position)
            word = sentence[places[start]]
            counts[word] -= 1
            if not counts[word]:
                del counts[word]
            start += 1
    return best
