"""How a rule's words are found in a sentence: in order or anywhere, and how far apart.

The content's rules (red flags, the boxed warning, kinds of question, small talk)
are matched by ``chatbot.safety.RuleIndex``: a phrase's words in order, each within
the phrase's length plus ``slack`` words of its first; an ``all_of`` rule's groups
in any order, all inside a window of that many words. These tests pin those
reaches with small rules of their own.
"""

from __future__ import annotations

import pytest

from chatbot.models import RuleSet
from chatbot.safety import Phrases, RuleIndex


def hits(responder, index: RuleIndex, text: str):
    return index.hits(responder.indexes.lexicon.analyse(text))


def anywhere(slack: int) -> RuleIndex:
    return RuleIndex([RuleSet("weak", "", (), ((("sudden", "suddenly"), ("weak",)),), slack=slack)])


def in_order(slack: int) -> RuleIndex:
    return RuleIndex([RuleSet("breath", "", (("short", "of", "breath"),), slack=slack)])


@pytest.mark.parametrize("slack", [0, 1, 3])
def test_all_of_groups_stand_within_their_window_in_any_order(responder, slack):
    index = anywhere(slack)
    between = " ".join(["very"] * slack)
    assert [h.positions for h in hits(responder, index, f"sudden {between} weak")] == [(0, slack + 1)]
    assert hits(responder, index, f"weak {between} suddenly")
    assert not hits(responder, index, f"sudden {between} very weak")
    assert not hits(responder, index, "sudden")


def test_an_all_of_rule_is_found_in_the_sentence_that_holds_it(responder):
    index = anywhere(0)
    found = hits(responder, index, "my arm hurts. then i went sudden weak")
    assert [(h.id, h.sentence, h.positions) for h in found] == [("weak", 1, (3, 4))]
    assert not hits(responder, index, "it was sudden. i am weak")


@pytest.mark.parametrize("slack", [0, 2])
def test_a_phrase_stands_in_order_within_its_length_and_slack(responder, slack):
    index = in_order(slack)
    between = " ".join(["very"] * slack)
    assert [h.positions for h in hits(responder, index, f"i am short of {between} breath")] == [(2, 3, 4 + slack)]
    assert not hits(responder, index, f"i am short of {between} very breath")
    assert not hits(responder, index, "breath short of")


def test_the_second_occurrence_of_a_first_word_is_tried_too(responder):
    assert hits(responder, in_order(0), "short on time and short of breath")
    assert hits(responder, anywhere(0), "sudden change, i am weak and sudden weak")


def test_a_red_flag_is_read_with_the_forgiving_spelling_only_for_safety_rules(responder):
    # "drooing" is corrected to "drool" for the topics, to "droop" where red flags are read.
    words = (("droop",),)
    safety = RuleIndex([RuleSet("weakness", "", words)], safety=True)
    plain = RuleIndex([RuleSet("weakness", "", words)])
    message = responder.indexes.lexicon.analyse("her eyelid is drooing")
    assert safety.hits(message) and not plain.hits(message)


def test_an_unless_drops_one_match_only(responder):
    index = anywhere(0)
    message = responder.indexes.lexicon.analyse("sudden weak")
    assert not index.hits(message, unless=lambda sentence, places: True)
    assert index.hits(message, unless=lambda sentence, places: False)


@pytest.mark.parametrize(
    "text, found",
    [
        ("i have lately been dizzy", [(2, 3)]),
        ("i am late", []),  # "=lately" is the exact word, not the stem of "late"
        ("all of a sudden", [(1, 4)]),
        ("a sudden change", []),  # part of a phrase is not the phrase
    ],
)
def test_phrases_are_found_word_after_word(responder, text, found):
    phrases = Phrases(["=lately", "of a sudden"])
    message = responder.indexes.lexicon.analyse(text)
    assert phrases.find(message.sentences[0], message.tokens[0]) == found
