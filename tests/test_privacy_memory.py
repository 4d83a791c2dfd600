"""Nothing a patient types stays in memory after the reply (issue 19: a timing side channel).

A cache of words typed answers a word typed before faster than a new one, so one
visitor could learn what an earlier one asked by timing probes. The word-level
work (stemming, spelling correction, the rule keys of a sentence) is done afresh
for every message, and what is kept while reading one message is dropped after it.
"""

from __future__ import annotations

from chatbot import Session, safety, text


def test_the_rule_keys_of_a_message_are_dropped_after_its_reply(responder):
    responder.respond("my quackenbushitis hurts since the botox", Session())
    assert safety._KEYED == {}


def test_stems_and_spelling_corrections_are_never_cached(responder):
    # lru_cache gives a function cache_info(): neither the stemmer nor a corrector may have one.
    assert not hasattr(text.stem, "cache_info")
    lexicon = responder.indexes.lexicon
    for corrector in (lexicon._topics, lexicon._safety):
        assert not hasattr(corrector.find, "cache_info")
        assert all(not hasattr(v, "cache_info") for v in vars(corrector).values())


def test_a_message_of_made_up_words_spends_a_bounded_budget_and_a_red_flag_first_still_counts(responder):
    # 1,000 characters of misspelt words took 42-62 ms of the one event loop; the fuzzy lookups one
    # message may cost are bounded (words past the budget are read as typed).
    from chatbot.lexicon import MAX_FUZZY_LOOKUPS, _Lookups

    corrector = responder.indexes.lexicon._topics
    assert corrector.find("megrain") is not None  # a misspelling it corrects...
    assert corrector.find("megrain", _Lookups(0)) is None  # ...is left as typed once the budget is spent
    budget = _Lookups(MAX_FUZZY_LOOKUPS)
    for n in range(MAX_FUZZY_LOOKUPS * 3):
        corrector.find(f"qzvx{n}bwrk", budget)
    assert budget.left == -2 * MAX_FUZZY_LOOKUPS  # every lookup past the budget was refused, not made
    junk = " ".join(f"wfeak{n}nyss trrem{n}or" for n in range(80))[:1000]
    assert responder.respond(f"i cant breethe {junk}").kind == "emergency"
