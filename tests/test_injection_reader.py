"""How an injection is told, rule by rule, and where each rule's reach ends.

``intents/after_injection.yaml`` lists the words; ``chatbot/injection.py`` says how
far apart they may stand. Each test puts the words at the edge of a rule's reach
and one word beyond it, so a rule that reaches a word further or shorter fails here.
"""

from __future__ import annotations

import pytest

from chatbot import Session
from chatbot.deciding.read import read
from chatbot.injection import FUTURE_WINDOW, PURPOSE_GAP, PURPOSE_WORDS, TIME_WINDOW, VERB_GAP

#: Words that neither tell nor deny an injection, a time or a plan: they only stand between.
FILLER = ["really", "quite", "very", "so", "pretty", "honestly", "truly", "totally", "fully", "terribly", "awfully"]


def fill(n: int) -> str:
    assert n <= len(FILLER)
    return " ".join(FILLER[:n])


def told(responder, text: str, in_treatment_talk: bool = False) -> bool:
    message = responder.indexes.lexicon.analyse(text)
    return responder.indexes.injection.reports_injection(message, in_treatment_talk)


def report(responder, text: str, session: Session | None = None):
    return read(responder.indexes, responder.indexes.lexicon.analyse(text), session or Session()).report


def test_the_filler_is_neutral(responder):
    # (If a filler word ever told an injection, a time or a plan, the window tests below would mean nothing.)
    assert not told(responder, f"the botox {fill(len(FILLER))}")
    assert told(responder, f"the botox {fill(len(FILLER))} and i had it yesterday", in_treatment_talk=True)


def test_a_time_after_the_injection_tells_it_was_given_within_its_reach(responder):
    assert told(responder, "the botox yesterday")
    assert told(responder, f"the botox {fill(TIME_WINDOW - 1)} yesterday")
    assert not told(responder, f"the botox {fill(TIME_WINDOW)} yesterday")


def test_a_past_verb_tells_it_within_a_few_small_words(responder):
    assert told(responder, "i had botox")
    assert told(responder, "i had my second round of botox")  # four small words between
    assert VERB_GAP == 4
    assert not told(responder, "i had my very second round of botox")  # a word that is not small
    assert not told(responder, "i had the first second third last botox")  # five small words


def test_a_plan_is_no_injection_given(responder):
    assert not told(responder, "my next botox is on friday")
    assert not told(responder, "the botox tomorrow")
    assert not told(responder, f"the botox {fill(FUTURE_WINDOW - 1)} tomorrow")
    # Beyond the plan's reach, the time tells it was given.
    assert told(responder, f"botox {fill(FUTURE_WINDOW)} tomorrow and yesterday")
    assert not told(responder, f"botox {fill(FUTURE_WINDOW - 1)} tomorrow and yesterday")
    # A plan before the injection reaches FUTURE_WINDOW - 1 words.
    assert not told(responder, f"booked {fill(FUTURE_WINDOW - 1)} botox yesterday")
    assert told(responder, f"booked {fill(FUTURE_WINDOW)} botox yesterday")


def test_a_plan_for_one_injection_does_not_hide_one_given(responder):
    assert told(responder, "my next botox is friday but i had botox last week")


def test_a_denied_injection_is_none(responder):
    assert not told(responder, "no injections last week")
    assert not told(responder, "i havent had botox")
    assert told(responder, "botox yesterday and my eye still wont open properly")


def test_done_or_did_tells_an_injection_only_with_what_was_done(responder):
    assert told(responder, "they did my armpits a week ago, the botox")
    assert told(responder, "had her bladder done on monday", in_treatment_talk=True)
    assert not told(responder, "i have done botox research for years")


def test_a_doer_before_done_tells_it_only_with_more_after(responder):
    assert told(responder, "with the botox the nurse did my neck")
    assert not told(responder, "with the botox the nurse did")


def test_a_verb_of_what_it_did_right_after_the_injection_tells_it(responder):
    assert told(responder, "the botox made me dizzy")
    assert told(responder, "the injection really made me dizzy")  # one word between
    assert not told(responder, "the injection really quite made me dizzy")  # two words between


def test_injected_tells_it_with_a_time_or_someone_who_injected(responder):
    assert told(responder, "they injected my calf")
    assert told(responder, "the spot where it was injected is sore since friday")
    assert not told(responder, "it can be injected into the calf")


def test_an_injection_site_tells_it_with_a_time_or_my(responder):
    assert told(responder, "my injection site is swollen")
    assert told(responder, "the injection site is swollen 3 days later")
    assert not told(responder, "where is the injection site usually")
    assert not told(responder, "is the injection painful for my neck")


def test_it_with_a_time_tells_the_treatment_under_discussion(responder):
    assert told(responder, "i had it 3 weeks ago", in_treatment_talk=True)
    assert not told(responder, "i had it 3 weeks ago")
    assert told(responder, f"i had it {fill(TIME_WINDOW - 1)} yesterday", in_treatment_talk=True)
    assert not told(responder, f"i had it {fill(TIME_WINDOW)} yesterday", in_treatment_talk=True)
    assert told(responder, f"i had {fill(VERB_GAP)} it yesterday", in_treatment_talk=True)
    assert not told(responder, f"i had {fill(VERB_GAP + 1)} it yesterday", in_treatment_talk=True)
    assert told(responder, "had it yesterday with the botox")


def test_what_the_injection_was_for_reaches_a_few_words(responder):
    purpose = responder.indexes.injection.purpose
    message = responder.indexes.lexicon.analyse(f"botox {fill(PURPOSE_GAP - 1)} for {fill(PURPOSE_WORDS)} pain")
    spans = purpose(message)
    start = 1 + (PURPOSE_GAP - 1) + 1
    assert spans == {(0, i) for i in range(start, start + PURPOSE_WORDS)}
    assert not purpose(responder.indexes.lexicon.analyse(f"botox {fill(PURPOSE_GAP)} for my neck"))
    assert not purpose(responder.indexes.lexicon.analyse("for my neck pain, not botox"))


def test_a_habit_is_no_injection_given_but_counts_for_a_problem_told_with_it(responder):
    habit = report(responder, "she gets botox for her neck")
    assert habit.habit and not habit.given
    given = report(responder, "she got botox for her neck")
    assert given.given


@pytest.mark.parametrize(
    "text, better",
    [
        ("my headaches are much better", True),
        ("better than before", True),
        ("it is not better", False),
        ("still not any better", False),
        ("not really any better", True),  # (the turn-round reaches two words back)
    ],
)
def test_better_is_no_problem_unless_turned_round(responder, text, better):
    sentence = responder.indexes.lexicon.analyse(text).sentences[0]
    assert responder.indexes.injection.got_better(sentence) is better
