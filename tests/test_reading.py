"""The stages of reading a message, each on its own: the act, injection reports, other conditions, language."""

from __future__ import annotations

import pytest


def _reading(responder, text):
    message = responder.indexes.lexicon.analyse(text)
    evidence = responder.indexes.matcher.score(message)
    return responder.indexes.reader.read(message, set().union(*(e.words for e in evidence.values())))


@pytest.mark.parametrize(
    "text, act, answered",
    [
        ("what causes tmj", "causes", False),
        ("how long does botox last", "duration", False),
        ("does botox help sweating", "treatment", True),
        ("how does botox work for migraines", "mechanism", True),
        ("what is spasticity", "definition", True),
        ("my jaw clicks and hurts", "describe", True),
        ("migraines?", "mention", True),
        ("do you still poop with gastroparesis?", "other", False),
        ("how much does it cost", "cost", False),
    ],
)
def test_the_act_of_a_message(responder, text, act, answered):
    reading = _reading(responder, text)
    assert (reading.act, reading.answered) == (act, answered)


def test_a_kind_listed_inside_a_topic_keyword_is_not_asked(responder):
    # "long lasting pain" is a keyword of chronic pain, not a question about how long Botox lasts.
    assert _reading(responder, "botox for long lasting pain").act == "treatment"


@pytest.mark.parametrize(
    "text, child",
    [
        ("my 10 year old has crossed eyes", True),
        ("my baby drools", True),
        ("she is 14 and sweats a lot", True),
        ("my son, 35, has cervical dystonia", False),
        ("my 80 year old mother drools", False),
        ("i have had migraines since i was a girl", False),
        ("i have migraines", False),
        # An age written as one word, before anything else is said.
        ("our 7yo drools all day", True),
        ("i am 40yo and my 7 year old drools", True),
        ("my 25yo son drools", False),
        # Ages with a unit but no "old", and months or weeks old.
        ("our 9 yo drools constantly", True),
        ("a 12 yr with cp, would botox help his legs", True),
        ("their 16 yrs has really bad sweating", True),
        ("he is 18 months old and drools all the time", True),
        ("she is six weeks old", True),
        # School years and grades; a date is not one.
        ("she is in 5th grade and sweats a lot", True),
        ("my appointment is on the 5th, can botox help my sweating", False),
        ("she is in year 9 and sweats loads", True),
        ("she is in year 13 at school and sweats a lot", True),
        ("he is in grade 7 and drools", True),
        ("migraines for 20 years now, year 14 was the worst, can botox help", False),
        # A number opening a message is no age, whatever ends it.
        ("3 rounds of botox for my neck and its still stiff, what do i do now", False),
        # Childhood in the past; a child now.
        ("i have had migraines since i was an infant", False),
        ("was a kid when my migraines started, can botox help", False),
        ("she is a teenager with bad sweating", True),
        # Whose age: a child's age counts whatever else is said; an adult's only for the child word it is told of.
        ("my daughter is 8 and i am 38, we both sweat a lot", True),
        ("im 40 and my son drools", True),
        ("my son, who is now 35, drools", False),
        ("my 35 year old son and his 6 year old both drool", True),
    ],
)
def test_a_child_as_the_subject(responder, text, child):
    assert _reading(responder, text).child is child


@pytest.mark.parametrize(
    "text, risk",
    [
        ("can botox cause trouble swallowing", True),
        ("is it possible to stop breathing from botox", True),
        ("i cant swallow", False),
        ("could my trouble swallowing be from botox", False),
        ("trouble swallowing since monday, could botox cause that?", False),
    ],
)
def test_a_question_about_a_risk_is_told_from_a_report(responder, text, risk):
    message = responder.indexes.lexicon.analyse(text)
    assert responder.indexes.reader.asks_about_risk(message, 0) is risk


@pytest.mark.parametrize(
    "text, reported",
    [
        ("i had botox last week", True),
        ("had my second round of botox for sweaty palms", True),
        ("since my injection", True),
        ("the botox for my bladder was the friday before", True),
        ("the botox made me dizzy", True),
        ("stiff arm after a stroke, can botox help", False),
        ("my next botox is on monday", False),
        ("i had a stroke last year, can botox help my arm", False),
        ("can botox cause double vision", False),
    ],
)
def test_an_injection_placed_in_the_past(responder, text, reported):
    assert responder.indexes.injection.reports_injection(responder.indexes.lexicon.analyse(text)) is reported


def _report(responder, text):
    from chatbot import Session
    from chatbot.deciding.read import read

    return read(responder.indexes, responder.indexes.lexicon.analyse(text), Session()).report


def test_what_the_injection_was_for_is_not_a_new_problem(responder):
    assert not _report(responder, "i had botox for my neck pain last year").complaints
    report = _report(responder, "i had botox for my neck last year and now i have a bruise")
    assert report.injection and report.complaints and not report.urgent


def test_things_getting_better_is_not_a_new_problem_but_an_urgent_symptom_always_is(responder):
    assert not _report(responder, "since my botox my headaches are much better").complaints
    report = _report(responder, "since my botox my headaches are better but now i see double")
    assert report.urgent


@pytest.mark.parametrize(
    "text, onset",
    [
        ("my neck suddenly started pulling this morning", "new"),
        ("my eye has been twitching for 3 days", "new"),
        ("my jaw has clicked for years", "long"),
        ("my son is 14 years old and sweats a lot", ""),
        ("i get migraines 15 days a month", ""),
        ("im 20 weeks pregnant", ""),
    ],
)
def test_when_a_problem_started(responder, text, onset):
    assert _report(responder, text).onset == onset


@pytest.mark.parametrize(
    "text, word, denied",
    [
        ("no rash, just a bruise", "rash", True),
        ("no rash, just a bruise", "bruise", False),
        ("shes not dizzy or faint", "faint", True),
        ("i dont know, my chest hurts", "chest", False),
        ("i dont have trouble breathing but my voice has gone quiet", "voice", False),
        ("i dont have any chest pain", "chest", True),
    ],
)
def test_a_denial_reaches_only_what_it_denies(responder, text, word, denied):
    from chatbot import text as textmod

    sentence = responder.indexes.lexicon.analyse(text).sentences[0]
    assert responder.indexes.reports.denied(sentence, [sentence.index(textmod.stem(word))]) is denied


@pytest.mark.parametrize(
    "text, name",
    [
        ("does botox help tension headaches", "tension headaches"),
        ("my bladder cancer", "bladder cancer"),
        ("can botox fix a dislocated jaw", "dislocated jaw"),
        ("botox for scoliosis", "scoliosis"),
        ("can botox treat tendonitis", "tendonitis"),
    ],
)
def test_conditions_the_article_does_not_name(responder, text, name):
    message = responder.indexes.lexicon.analyse(text)
    found = responder.indexes.conditions.find(message, message.unknown, True)
    assert found is not None and found.name == name


def test_a_misspelt_topic_is_no_other_condition(responder):
    message = responder.indexes.lexicon.analyse("botox for mygrain")
    found = responder.indexes.conditions.find(message, message.unknown, True)
    assert found is None or found.name == ""


@pytest.mark.parametrize(
    "text, foreign",
    [
        ("¿El botox ayuda con la migraña?", True),
        ("kya botox migraine me madad karta hai", True),
        ("botox pour la transpiration, c'est efficace ?", True),
        ("does botox help with tmj", False),
        ("nueropathic pain botox", False),
        ("hola", False),
        ("", False),
    ],
)
def test_language(responder, text, foreign):
    assert responder.indexes.language.foreign(responder.indexes.lexicon.analyse(text)) is foreign


def test_a_word_marked_exact_is_not_matched_on_its_stem(responder):
    """Stemmers join words a rule must keep apart: '=mobility' is not 'mobile', '=painful' not 'pain'."""
    assert responder.respond("i need help finding my mobile phone").kind == "fallback"
    assert responder.respond("will botox improve my mobility after a stroke").intents[:1] == ("spasticity",)
    assert _reading(responder, "can injections help my nerve pain").act == "treatment"
    assert _reading(responder, "are the injections painful").act == "injection_pain"


def _at(responder, text: str, word: str):
    message = responder.indexes.lexicon.analyse(text)
    return message, message.tokens[0].index(word)


@pytest.mark.parametrize(
    "text, word, wonders",
    [
        ("hes booked in for the bladder one next month, what if he cant pass water after it", "pass", True),
        ("hes booked in for the bladder one next month, what if he cant pass water after it", "booked", False),
        ("ok, what if he cant pass water", "pass", True),  # a clause from the second word on
        ("my eye is droopy, what if it gets worse", "droopy", False),  # told before the question
        ("she had botox, will it droop", "droop", True),  # the future: a modal and who it happens to
        ("she had botox, will her eyelid droop", "droop", False),  # a modal without who
        ("she had botox, what does a droopy eyelid mean", "droopy", False),  # no risk, no future
        ("she had botox, what if her eyelid droops now", "droops", False),  # happening now
        ("what if he cant pass water", "pass", False),  # a whole sentence: hypothetical() reads it
    ],
)
def test_a_clause_that_wonders_what_could_happen(responder, text, word, wonders):
    message, position = _at(responder, text, word)
    assert responder.indexes.reader.wonders_at(message, 0, position) is wonders


@pytest.mark.parametrize(
    "text, word, feared",
    [
        ("scared of choking after the botox", "choking", True),
        ("i am really very scared of choking", "choking", True),
        ("scared of the bad choking", "choking", True),  # the fear three words before
        ("scared of the very bad choking", "choking", False),  # four: too far
        ("worried about losing my voice", "losing", True),
        ("scared of choking now", "choking", False),  # happening now
        ("choking and scared", "choking", False),
    ],
)
def test_a_symptom_feared_is_not_felt(responder, text, word, feared):
    message, position = _at(responder, text, word)
    assert responder.indexes.reader.fears(message, 0, position) is feared


@pytest.mark.parametrize(
    "text, could",
    [
        ("will it?", True),
        ("will?", False),
        ("will i have trouble peeing after botox?", True),
        ("how common is a droopy eyelid after botox?", True),
        ("can botox treat a stomach that wont empty?", False),
        ("will i have trouble peeing now?", False),
    ],
)
def test_a_sentence_that_asks_what_could_happen(responder, text, could):
    message = responder.indexes.lexicon.analyse(text)
    assert responder.indexes.reader.asks_what_could_happen(message, 0) is could


@pytest.mark.parametrize(
    "text, durations",
    [
        ("couple of weeks since it started", [True]),  # "a couple OF weeks", from the first word
        ("3 days ago my eye started twitching", [True]),  # a number as the first word
        ("my jaw has clicked for 10 years", [False]),
        ("she is 81 years old", []),  # an age
        ("15 days a month", []),  # a rate
        ("the days are long", []),  # no number
        ("of weeks", []),
    ],
)
def test_durations_recent_or_long(responder, text, durations):
    sentence = responder.indexes.lexicon.analyse(text).sentences[0]
    assert [recent for _, recent in responder.indexes.reports._durations(sentence)] == durations


def test_a_denial_reaches_over_a_few_small_words_and_no_further(responder):
    window = responder.indexes.reports.rules.negation_window
    small = ["really", "much", "feeling", "any", "of", "the", "with"]
    assert len(small) > window

    def denied(n: int) -> bool:
        sentence = responder.indexes.lexicon.analyse(f"no {' '.join(small[:n])} rash").sentences[0]
        return responder.indexes.reports.denied(sentence, [len(sentence) - 1])

    assert denied(0) and denied(window)
    assert not denied(window + 1)


def test_a_denial_covers_a_symptom_of_a_few_words_and_no_longer(responder):
    window = responder.indexes.reports.rules.negation_window
    sentence = ("no",) + ("itch",) * (window + 4)
    assert responder.indexes.reports.denied(sentence, [1, window + 2])
    assert not responder.indexes.reports.denied(sentence, [1, window + 3])


@pytest.mark.parametrize(
    "text, word, denied",
    [
        ("not dizzy or faint", "faint", True),  # "or" carries the denial on
        ("not dizzy and faint", "faint", False),
        ("no rash but my throat is tight", "tight", False),
    ],
)
def test_what_a_denial_reaches(responder, text, word, denied):
    message, position = _at(responder, text, word)
    assert responder.indexes.reports.denied(message.sentences[0], [position]) is denied
