"""Lexicon, phrase rules and topic scoring, on small hand-built content."""

from __future__ import annotations

from chatbot.english import EnglishWords
from chatbot.lexicon import Lexicon
from chatbot.matcher import Matcher
from chatbot.models import Intent, RuleSet
from chatbot.safety import RuleIndex

ENGLISH = EnglishWords(
    {w: 5000 for w in ("checking", "check", "paint", "cooking", "cook", "blank", "battery", "droll")}
)


def lexicon(targets=("migraine", "dystonia", "hyperhidrosis", "tmj", "choking", "breathe"), **kw) -> Lexicon:
    return Lexicon(
        protected={"my", "for", "botox", "i", "cant"},
        targets=targets,
        safety_targets={"breath", "choking"},
        english=ENGLISH,
        **kw,
    )


def test_typos_are_corrected_to_content_words():
    message = lexicon().analyse("botox for migrane and distonia")
    assert {"migrain", "dystonia"} <= message.stems
    assert {"migrain", "dystonia"} <= message.corrected


def test_real_english_words_are_never_corrected():
    message = lexicon(targets=("choking", "pain")).analyse("checking my paint")
    assert "choke" not in message.stems and "pain" not in message.stems


def test_short_and_twice_mistyped_words_are_corrected_but_not_into_abbreviations():
    message = lexicon(targets=("pain", "botox", "migraine", "tmd")).analyse("pian botx megrain tods")
    assert {"pain", "botox", "migrain"} <= message.stems and "tmd" not in message.stems


def test_split_words_and_spelt_out_letters_are_joined():
    assert "hyperhidrosi" in lexicon().analyse("hyper hidrosis").stems
    assert "tmj" in lexicon().analyse("t m j botox").stems


def test_red_flags_get_a_more_forgiving_reading():
    message = lexicon().analyse("i cant breth")
    assert "breth" in message.sentences[0]
    assert "breath" in message.safety_sentences[0]


def test_unknown_words_are_reported():
    assert lexicon().analyse("botox zygomaticus").unknown == ("zygomaticus",)


def test_phrases_match_in_order_and_all_of_in_any_order():
    rules = RuleIndex(
        [
            RuleSet("often", "how often", phrases=(("how", "often", "should"),)),
            RuleSet("breathing", "breathing", phrases=(), all_of=((("hard", "difficult"), ("breathe",)),)),
        ]
    )
    lex = lexicon(targets=("breathe",))
    assert "often" in rules.matches(lex.analyse("how often should i go"))
    assert "often" not in rules.matches(lex.analyse("should i go how often"))
    assert "breathing" in rules.matches(lex.analyse("it is hard to breathe"))
    assert "breathing" in rules.matches(lex.analyse("breathing is hard"))
    assert "breathing" not in rules.matches(lex.analyse("breathing fine. the test was hard"))  # other sentence


def test_slack_limits_how_far_apart_words_may_be():
    tight = RuleIndex([RuleSet("r", "r", phrases=(("end", "life"),), slack=0)])
    loose = RuleIndex([RuleSet("r", "r", phrases=(("end", "life"),), slack=3)])
    message = lexicon(targets=()).analyse("end my life")
    assert not tight.matches(message) and loose.matches(message)


INTENTS = (
    Intent("eyes", names=("blepharospasm",), terms=("blink", "spasms"), examples=("botox for eyelid blinking spasms",)),
    Intent(
        "neck", names=("cervical dystonia",), terms=("neck", "spasms"), examples=("botox for twisted neck muscles",)
    ),
)


def test_names_outweigh_terms_and_shared_words_are_marked():
    matcher = Matcher(INTENTS, ignored={"for", "my"})
    lex = lexicon(targets=("blepharospasm", "dystonia", "cervical", "spasms", "neck", "blink"))
    evidence = matcher.score(lex.analyse("blepharospasm spasms"))
    assert evidence["eyes"].has_name and evidence["eyes"].score > evidence["neck"].score
    assert evidence["neck"].own_words == set()
    assert evidence["eyes"].own_words == {"blepharospasm"}


def test_examples_add_evidence_without_keywords():
    matcher = Matcher(INTENTS, ignored={"for", "my"}, generic={"botox"})
    evidence = matcher.score(lexicon(targets=()).analyse("twisted neck muscles"))
    assert evidence["neck"].example_score == 100.0


def test_a_phrase_is_broken_by_a_word_of_another_topic():
    intents = (
        Intent("spasticity", names=("spasticity",), terms=("tight muscles",), examples=("a b",)),
        Intent("tmj", names=("tmj",), terms=("jaw",), examples=("c d",)),
    )
    matcher = Matcher(intents, ignored={"my", "are", "botox"})
    lex = lexicon(targets=())
    assert "spasticity" in matcher.score(lex.analyse("my muscles are tight"))
    scores = matcher.score(lex.analyse("tight jaw muscles"))
    assert "spasticity" not in scores and "tmj" in scores


def test_words_after_besides_are_not_what_is_asked_about():
    intents = (
        Intent("pain", names=("pain",), terms=(), examples=("a b",)),
        Intent("migraine", names=("migraine",), terms=(), examples=("c d",)),
    )
    matcher = Matcher(intents, ignored={"for", "other"}, exclusions=("besides", "other than"))
    lex = lexicon(targets=())
    assert set(matcher.score(lex.analyse("pain besides migraines"))) == {"pain"}
    assert set(matcher.score(lex.analyse("pain other than migraines"))) == {"pain"}
    assert set(matcher.score(lex.analyse("migraines and pain"))) == {"pain", "migraine"}
