"""Safe by default (issue 14): an answer needs positive evidence, and a report of trouble never gets a benefit.

Each group checks one rule of the issue with sentences of several shapes; the
labelled sets in tests/data (trouble_*) check the same rules on wording written
by people who never saw them (test_routing.py).
"""

from __future__ import annotations

import pytest

from chatbot import Session


def benefit_texts(responder) -> list[str]:
    return [responder.content.responses[i].answer for i in responder.content.topic_ids]


def assert_no_benefit(responder, reply) -> None:
    assert reply.kind != "answer", (reply.kind, reply.intents, reply.aspect)
    assert not any(text in reply.text for text in benefit_texts(responder))


def conversation(responder, *messages: str):
    session = Session()
    return [responder.respond(m, session) for m in messages], session


# -- 1. an answer needs positive evidence ---------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "how long does one treatment keep working for migraines",
        "how long do the bladder shots keep working",
        "how often would i need the neck injections",
        "how many injections for sweaty armpits",
        "how much botox for the jaw",
        "when do they inject it for migraines",
        "where do they put it for drooling",
        "who can get botox for crossed eyes",
        "will i need more than one session for my bladder",
        "what would the sweat injections set me back",
    ],
)
def test_a_question_framed_as_how_long_how_many_when_where_who_or_will_i_is_offered_not_answered(responder, message):
    reply = responder.respond(message)
    assert reply.kind == "not_covered" and len(reply.intents) == 1, (reply.kind, reply.intents)
    assert_no_benefit(responder, reply)


@pytest.mark.parametrize(
    "message, topic",
    [
        ("can botox straighten crossed eyes in grown ups", "eye_disorders"),
        ("heard botox can block sweat glands, is it true", "hyperhidrosis"),
        ("my armpits are always soaking, botox?", "hyperhidrosis"),
        ("does it work for tmj", "tmj"),
        ("can botox cut down how many migraines i get", "migraine"),
        ("what is cervical dystonia", "cervical_dystonia"),
        ("i've sweated through my shirts for years", "hyperhidrosis"),
    ],
)
def test_a_question_that_asks_what_the_article_answers_is_still_answered(responder, message, topic):
    reply = responder.respond(message)
    assert reply.kind == "answer" and reply.intents[:1] == (topic,), (reply.kind, reply.intents, reply.aspect)


@pytest.mark.parametrize(
    "message",
    [
        "the bladder botox, do people regret it",
        "migraine botox and men, any difference",
        "botox for migraine and men, is there any difference?",  # a second question after "botox for"
    ],
)
def test_a_question_of_no_known_shape_is_offered(responder, message):
    reply = responder.respond(message)
    assert reply.kind == "not_covered", (reply.kind, reply.intents)


# -- 2. a new problem is never met with a benefit -------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "my neck suddenly started pulling to the left this morning",
        "all of a sudden my hands sweat through everything, never used to",
        "my jaw clicks and hurts when i chew now, it never used to",
        "eyelid started twitching 3 days ago and it wont stop",
        "my dad cant stop dribbling since yesterday",
    ],
)
def test_a_new_or_sudden_problem_gets_who_can_help_not_a_benefit(responder, message):
    reply = responder.respond(message)
    assert reply.aspect in ("new_symptom", "weakness", "stroke") or reply.kind == "emergency", reply.aspect
    assert_no_benefit(responder, reply)
    assert responder.content.settings["clinic"]["emergency_number"] in reply.text


@pytest.mark.parametrize(
    "message",
    ["my card did not work yesterday", "can you double check the meeting today", "i replaced my tires yesterday"],
)
def test_trouble_needs_evidence_that_it_is_about_the_body(responder, message):
    assert responder.respond(message).kind == "fallback"


# -- 3. an injection anywhere in the conversation counts ------------------------------------------


def test_an_injection_told_earlier_makes_a_later_problem_one_for_the_clinic(responder):
    (_, second), session = conversation(
        responder, "I had injections for my neck last week", "my neck still pulls to the side like before"
    )
    assert session.injection == "self"
    assert (second.kind, second.aspect) == ("not_covered", "after_injection")
    assert "today" in second.body


def test_an_injection_told_of_someone_else_is_kept_as_theirs(responder):
    (_, second), session = conversation(
        responder,
        "my husband had his bladder botox on monday, how is it meant to help",
        "he hasnt been able to go since last night",
    )
    assert session.injection == "other"
    assert (second.kind, second.aspect) == ("emergency", "after_injection")


def test_the_injection_travels_in_the_session_dict(responder):
    session = Session()
    responder.respond("i had botox in my armpits on friday", session)
    restored = Session.from_dict(session.to_dict())
    assert restored.injection == "self"
    assert responder.respond("now my eyes look all fuzzy", restored).kind == "emergency"


@pytest.mark.parametrize(
    "message",
    [
        "ever since the shots my voice sounds rough",
        "voice gone all croaky since the neck jabs",
        "got the botox in my bladder tuesday and nothing comes out when I try to go",
        "since my botox im seeing 2 of everything",
        "my eyelid has come right down since the injections",
        "whole body feels like jelly since yesterdays injections",
        "i had botox 2 days ago and now im itchy all over",
        "feel dizzy and faint since my injection this morning",
        "i had botox last week and now im wheezy",
    ],
)
def test_boxed_warning_and_allergic_signs_after_an_injection_are_urgent(responder, message):
    assert responder.respond(message).kind == "emergency"


def test_a_problem_after_an_injection_is_urgent_or_for_the_clinic_but_better_is_no_problem(responder):
    assert responder.respond("had botox yesterday and there's a bruise on my neck").aspect == "after_injection"
    better = responder.respond("since my botox my headaches are much better")
    assert better.kind != "emergency" and better.aspect != "new_symptom"


@pytest.mark.parametrize(
    "message",
    [
        "can botox make you hoarse",
        "could i get double vision from botox",
        "is it normal to get a headache after botox?",
        "could botox for sweating give me an allergic reaction",
        "does botox in the bladder stop you being able to pee",
        "could the botox spread to my throat? scared of choking",
        "i read some people go weak after botox, is that normal or rare",
    ],
)
def test_a_question_about_a_risk_with_nothing_reported_stays_a_question(responder, message):
    reply = responder.respond(message)
    assert (reply.kind, reply.aspect) == ("not_covered", "side_effects"), (reply.kind, reply.aspect)


def test_after_trouble_is_told_can_it_wait_gets_the_same_reply_and_thanks_ends_it(responder):
    replies, session = conversation(
        responder,
        "my husband had his bladder botox on monday",
        "he hasnt been able to pass water since",
        "the clinic is shut, can it wait till the morning",
        "ok ringing them now thank you",
    )
    assert [r.kind for r in replies[1:]] == ["emergency", "emergency", "smalltalk"]
    assert session.trouble == ""


# -- 4. red flags from a clinical checklist --------------------------------------------------------


@pytest.mark.parametrize(
    "message, crisis",
    [
        ("my chest has been really tight and painful since this morning", False),
        ("feels like an elephant is sitting on my chest", False),
        ("my husbands face has dropped on one side and hes talking funny", False),
        ("i think im having a stroke", False),
        ("mum suddenly cant lift her right arm", False),
        ("my wife is having a fit on the floor", False),
        ("my grandson swallowed a handful of my tablets", False),
        ("i took a whole box of paracetamol an hour ago", False),
        ("cut my hand and the bleeding wont stop", False),
        ("cant wake my husband up", False),
        ("i keep blacking out today", False),
        ("i lost the sight in my left eye all of a sudden", False),
        ("my vision went blurry this afternoon", False),
        ("I don't see the point of going on anymore", True),
        ("i want to not be here", True),
        ("they would all be better off without me", True),
    ],
)
def test_the_clinical_red_flag_checklist(responder, message, crisis):
    reply = responder.respond(message)
    assert reply.kind == "emergency", (reply.kind, reply.aspect)
    crisis_line = responder.content.settings["clinic"]["crisis_line"]
    assert (crisis_line in reply.text) is crisis


@pytest.mark.parametrize(
    "message",
    [
        "no chest pain or anything like that, ive just sweated through my shirts for years, can botox help",
        "shes not dizzy or faint, she has had bladder accidents for years",
        "im not short of breath, i just want to know about migraines",
    ],
)
def test_a_red_flag_denied_is_no_emergency(responder, message):
    assert responder.respond(message).kind != "emergency"


@pytest.mark.parametrize(
    "message",
    [
        "i don't know, my chest hurts",
        "not sure what's happening, i can't breathe",
        "im scared, i cant breathe",
        "i'm worried, my throat is closing",
    ],
)
def test_a_denial_that_does_not_reach_the_symptom_hides_nothing(responder, message):
    assert responder.respond(message).kind == "emergency"


# -- 5. a safety net on every reply that is not an answer ----------------------------------------


@pytest.mark.parametrize("message", ["", "what's the weather like", "tell me more", "asdf qwerty", "botox for my cat"])
def test_every_fallback_carries_the_emergency_number(responder, message):
    reply = responder.respond(message)
    assert reply.kind == "fallback"
    assert responder.content.settings["clinic"]["emergency_number"] in reply.body


@pytest.mark.parametrize(
    "message",
    [
        "what should i watch out for after my botox injection",
        "when should i call the doctor after botox",
        "which symptoms after botox are serious enough to get help",
    ],
)
def test_what_to_watch_for_gets_the_clinics_warning_signs_marked_as_not_from_the_article(responder, message):
    reply = responder.respond(message)
    assert reply.aspect == "warning_signs"
    signs = responder.content.settings["warning_signs"]
    assert signs["source"] in reply.body and "not from the article" in reply.body
    assert "swallowing" in reply.body and responder.content.settings["clinic"]["emergency_number"] in reply.body
    assert not reply.sources


def test_the_warning_signs_are_the_clinics_to_change(content_copy, tmp_path):
    from chatbot import Responder

    config = tmp_path / "clinic.yaml"
    config.write_text(
        "warning_signs:\n  source: our aftercare leaflet\n  text: Call the ward on 555-0199 for anything new.\n"
    )
    bot = Responder.load(content_copy, config)
    reply = bot.respond("what should i look out for after the injection")
    assert "555-0199" in reply.body and "our aftercare leaflet" in reply.body


# -- 6. who it is about ---------------------------------------------------------------------------


def test_a_child_stays_the_subject_until_the_patient_speaks_of_themselves(responder):
    replies, _ = conversation(
        responder,
        "my daughter is 6 and has cerebral palsy, her legs are really stiff",
        "can she have it?",
        "does it hurt, she hates needles",
        "and for me? i get migraines 15 days a month",
    )
    assert [r.aspect == "children" for r in replies] == [True, True, True, False]


@pytest.mark.parametrize(
    "message",
    [
        "im 20 weeks, can i still have botox for my migraines",
        "im breastfeeding my 3 month old, is the sweat botox ok",
        "my wife is expecting, is botox for her jaw pain safe for the baby",
    ],
)
def test_pregnancy_gets_the_pregnancy_reply_never_the_childrens(responder, message):
    reply = responder.respond(message)
    assert reply.aspect == "pregnancy", (reply.kind, reply.aspect)


@pytest.mark.parametrize(
    "message",
    ["can i have botox if im on warfarin", "im on baclofen for the spasms, can i have botox as well"],
)
def test_other_medicines_are_a_question_the_article_does_not_answer(responder, message):
    reply = responder.respond(message)
    assert reply.kind == "not_covered" and reply.aspect == "medicines"


# -- explain ------------------------------------------------------------------------------------


def test_explain_names_the_stage_and_the_evidence(responder):
    from chatbot.explain import explain

    text = explain(responder, "got my botox on monday and now my voice is croaky")
    assert "stage:      trouble" in text
    assert "croaki" in text and "injection told" in text


# -- 7. each reply about trouble is worded from its own content entry ----------------------------


def _offered(responder, reply, wording: str, topic: str) -> bool:
    """Whether the reply is the wording, then an offer of the topic (its title as it stands in a sentence)."""
    offer = responder.message("offer_topic", topic="\x00").split("\x00")[0]
    title = responder.content.title(topic)
    rest = reply.body.removeprefix(f"{wording} {offer}")
    return reply.body.startswith(f"{wording} {offer}") and rest[: len(title)].lower() == title.lower()


def test_a_problem_after_an_injection_is_worded_as_the_after_injection_message(responder):
    reply = responder.respond("had botox for my neck yesterday and there's a bruise where they injected")
    symptoms = responder.fill(responder.content.injection.symptoms.message)
    assert (reply.kind, reply.aspect, reply.confidence) == ("not_covered", "after_injection", 1.0)
    assert reply.body.startswith(symptoms)


def test_a_boxed_warning_sign_after_an_injection_gets_the_emergency_message(responder):
    reply = responder.respond("since the botox i have double vision")
    assert (reply.kind, reply.aspect, reply.confidence) == ("emergency", "after_injection", 1.0)
    assert reply.body == responder.message("emergency")


def test_a_new_problem_is_worded_as_the_new_symptom_message_and_offers_its_topic(responder):
    reply = responder.respond("my jaw suddenly started locking yesterday")
    assert (reply.kind, reply.aspect, reply.confidence) == ("not_covered", "new_symptom", 1.0)
    assert _offered(responder, reply, responder.message("new_symptom"), "tmj")
    assert reply.intents == ("tmj",)


def test_an_injection_told_with_nothing_wrong_gets_what_to_do_if_anything_starts(responder):
    reply = responder.respond("i had my neck botox last wednesday")
    assert (reply.kind, reply.aspect, reply.confidence) == ("not_covered", "after_injection", 1.0)
    assert _offered(responder, reply, responder.message("injection_noted"), "cervical_dystonia")
    assert reply.intents == ("cervical_dystonia",)


def test_an_injection_told_with_a_question_whether_all_is_well_is_for_the_clinic(responder):
    reply = responder.respond("i had botox in my neck 3 days ago. should i be worried?")
    assert (reply.kind, reply.aspect) == ("not_covered", "after_injection")


def test_an_injection_told_with_another_question_is_that_question(responder):
    reply = responder.respond("i had botox for my migraines last week, how long will it last")
    assert reply.aspect != "after_injection"
    assert reply.intents[:1] == ("migraine",)


@pytest.mark.parametrize(
    "first, wording",
    [
        ("my jaw suddenly started locking yesterday", "new_symptom"),
        ("had botox for my neck yesterday and there's a bruise where they injected", "after_injection"),
    ],
)
def test_carrying_on_about_trouble_keeps_its_wording(responder, first, wording):
    (told, again), _ = conversation(responder, first, "is that normal?")
    assert (again.kind, again.aspect) == (told.kind, told.aspect)
    expected = (
        responder.message("new_symptom")
        if wording == "new_symptom"
        else responder.fill(responder.content.injection.symptoms.message)
    )
    assert again.body.startswith(expected)


def test_carrying_on_after_a_crisis_keeps_the_crisis_line(responder):
    (told, again), _ = conversation(responder, "i want to end my life", "is that normal?")
    crisis = responder.message("crisis")
    assert told.kind == again.kind == "emergency"
    assert crisis in told.body and crisis in again.body


def test_thanks_after_trouble_is_thanks_but_not_with_more_trouble_told(responder):
    (_, thanks), _ = conversation(responder, "my jaw suddenly started locking yesterday", "ok thank you")
    assert (thanks.kind, thanks.aspect, thanks.body) == ("smalltalk", "thanks", responder.message("thanks"))
    (_, more), _ = conversation(
        responder, "my jaw suddenly started locking yesterday", "thanks, now my face is swelling up too"
    )
    assert more.kind != "smalltalk"


@pytest.mark.parametrize(
    "message",
    [
        "she gets botox for her drooling, is that why her mouth is so dry?",
        "my husband gets botox in his bladder, could it be why he has a fever now?",
        "i have botox for migraines every 12 weeks, would that explain the rash on my forehead?",
        "i get botox every 3 months for my neck, could that be why i have a rash?",
        "mum has the botox for her arm, is it the reason she feels so tired all the time?",
    ],
)
def test_asking_whether_the_injections_explain_a_problem_tells_the_problem(responder, message):
    # Found by mutation testing (issue 20): with a habit of injections, a symptom told inside a
    # "why" question was taken for one only wondered about, and some got a benefit answer.
    reply = responder.respond(message)
    assert reply.aspect == "after_injection", (reply.kind, reply.aspect)
    assert_no_benefit(responder, reply)


@pytest.mark.parametrize("message", ["why does botox cause a rash?", "why do some people get rashes from botox?"])
def test_asking_why_a_risk_happens_is_still_a_question(responder, message):
    reply = responder.respond(message)
    assert (reply.kind, reply.aspect) == ("not_covered", "side_effects"), (reply.kind, reply.aspect)


def test_an_adults_age_far_from_the_child_in_the_sentence_leaves_the_child_a_child(responder):
    # "her dad who is 45" is the father's age, seven words from "girl": the child is still a child.
    reply = responder.respond("my little girl has awful migraines and her dad who is 45 asked about botox")
    assert reply.aspect == "children", (reply.kind, reply.aspect)


@pytest.mark.parametrize(
    ("message", "stage"),
    [
        ("i cant breathe", "red flags"),
        ("had botox yesterday and there's a bruise on my neck", "trouble"),
        ("Le botox aide-t-il contre la migraine chronique ?", "language"),
        ("   ", "empty"),
        ("botox for spasms", "question"),
        ("tell me more", "conversation"),
    ],
)
def test_explain_names_the_stage_that_decided(responder, message, stage):
    from chatbot.explain import explain

    assert f"\nstage:      {stage}\n" in explain(responder, message)


def test_explain_shows_what_the_trouble_stage_looked_at_and_carrying_it_on(responder):
    from chatbot.explain import explain

    session = Session()
    first = explain(responder, "my jaw suddenly started locking yesterday", session)
    # how the sentence was read, the topic's evidence, the trouble and the report, then the stage
    for line in ("act:        describe", "topic:      tmj", "trouble:    topic (jaw)", "report:     new ("):
        assert f"\n{line}" in first, line
    second = explain(responder, "is that normal?", session)
    assert "\nact:        seriousness" in second and "\nstage:      trouble\n" in second


@pytest.mark.parametrize(
    ("typed", "wording"), [("   ", "empty"), ("?!?! ...", "fallback"), ("tell me more", "more_none")]
)
def test_nothing_typed_and_no_words_typed_get_their_own_messages(responder, typed, wording):
    reply = responder.respond(typed)
    assert reply.kind == "fallback" and reply.body.startswith(responder.message(wording))


@pytest.mark.parametrize(
    "message",
    [
        "my chest hurts, can i see someone?",
        "sorry, my chest is hurting a lot, can i talk to someone?",
        "i cant breathe properly, is there someone here?",
        "she cant swallow, can somebody help?",
    ],
)
def test_a_red_flag_told_before_asking_for_someone_is_reported(responder, message):
    # "someone" here is the help asked for, not someone only heard of ("some people go weak").
    assert responder.respond(message).kind == "emergency"


@pytest.mark.parametrize(
    "message",
    [
        "my dads nose has been bleeding for an hour and it wont stop",  # bleeding, and "won't stop" apart
        "took more muscle relaxants than i should and feel very sleepy",  # a drug class, "than i should"
        "the baby took some bleach",  # a household poison, whatever the amount
    ],
)
def test_red_flags_told_in_looser_words_are_reported(responder, message):
    assert responder.respond(message).kind == "emergency"


# -- kinds of sentence found on a fresh development set (2026-12-07) --------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "i cant breathe, what happens if it gets worse?",
        "my chest is tight, could it get worse if i wait?",
        "shes having trouble swallowing, what could happen if we wait till morning?",
        "cant breathe, what happens if it gets worse?",  # no "i": the symptom is still told first
    ],
)
def test_a_red_flag_told_before_a_question_about_what_could_happen_is_reported(responder, message):
    assert responder.respond(message).kind == "emergency"


def test_a_red_flag_inside_the_question_about_what_could_happen_is_still_a_question(responder):
    reply = responder.respond("what happens if i cant breathe after botox?")
    assert (reply.kind, reply.aspect) == ("not_covered", "side_effects")


@pytest.mark.parametrize(
    "message",
    [
        "my friend is having a fit on the floor shaking all over what do i do",
        "a friend of mine cant breathe properly, please help",
        "someone here is having a seizure, what do we do?",
    ],
)
def test_a_plea_for_help_makes_a_red_flag_a_report(responder, message):
    assert responder.respond(message).kind == "emergency"


def test_wondering_what_to_do_if_something_happens_is_no_plea(responder):
    reply = responder.respond("what do i do if my eyelid droops after botox?")
    assert reply.kind != "emergency" and reply.aspect == "side_effects"


@pytest.mark.parametrize(
    "message",
    [
        "all of a sudden my armpits are sweating like crazy, never used to, whats going on",
        "my eye keeps twitching non stop since monday is that something botox fixes",
    ],
)
def test_a_new_problem_told_before_the_question_is_a_new_problem(responder, message):
    reply = responder.respond(message)
    assert (reply.kind, reply.aspect) == ("not_covered", "new_symptom")


def test_a_long_standing_problem_told_before_the_question_is_answered(responder):
    reply = responder.respond("my armpits have sweated for years, can botox help?")
    assert (reply.kind, reply.intents) == ("answer", ("hyperhidrosis",))


@pytest.mark.parametrize(
    ("message", "aspect"),
    [("side effects?", "side_effects"), ("is it safe?", "side_effects"), ("does it hurt?", "injection_pain")],
)
def test_a_bare_question_about_the_treatment_is_about_botox(responder, message, aspect):
    reply = responder.respond(message)
    assert (reply.kind, reply.aspect) == ("not_covered", aspect)


@pytest.mark.parametrize(
    "message",
    [
        "had botox tuesday and now my words come out mushy",
        "my words are all garbled since the botox yesterday",
    ],
)
def test_speech_trouble_in_lay_words_after_an_injection_is_urgent(responder, message):
    assert responder.respond(message).kind == "emergency"


def test_asking_what_to_do_after_an_emergency_gets_the_emergency_again(responder):
    session = Session()
    responder.respond("my dad had bladder botox last week", session)
    told = responder.respond("he hasnt been to the loo since last night even though he feels full", session)
    asked = responder.respond("ok what do we do now", session)
    ended = responder.respond("ok calling them now thanks", session)
    assert (told.kind, asked.kind, ended.kind) == ("emergency", "emergency", "smalltalk")


@pytest.mark.parametrize(
    "message",
    ["since the botox my eye twitches non stop", "since the botox he cant go to work"],
)
def test_non_stop_is_not_stopped_and_go_to_is_not_going_to(responder, message):
    reply = responder.respond(message)
    assert (reply.kind, reply.aspect) == ("not_covered", "after_injection")


def test_a_patient_who_tells_their_own_problem_after_and_for_me_gets_its_answer(responder):
    session = Session()
    responder.respond("hi, my son is 9 and has cerebral palsy, his legs are really tight", session)
    responder.respond("how long does it last", session)
    reply = responder.respond("and for me? i get bad migraines", session)
    assert (reply.kind, reply.intents, reply.aspect) == ("answer", ("migraine",), None)


def test_other_uses_asked_in_a_conversation_about_a_topic_get_the_overview(responder):
    session = Session()
    responder.respond("what is cervical dystonia", session)
    reply = responder.respond("is botox used for anything else", session)
    assert (reply.kind, reply.intents) == ("answer", ("overview",))


@pytest.mark.parametrize(
    "message",
    [
        "is this a stroke risk with botox?",  # the red flag's words open the question itself
        "a friend told me people cant breathe after botox, is that true?",  # heard of, no word of a risk
    ],
)
def test_a_red_flag_only_wondered_about_or_heard_of_is_no_emergency(responder, message):
    reply = responder.respond(message)
    assert (reply.kind, reply.aspect) == ("not_covered", "side_effects")


def test_small_talk_that_asks_after_trouble_is_small_talk_not_the_trouble_again(responder):
    session = Session()
    assert responder.respond("since my botox yesterday i have a rash on my arm", session).kind == "emergency"
    reply = responder.respond("who are you?", session)
    assert (reply.kind, reply.aspect) == ("smalltalk", "help")


def test_a_new_problem_told_in_a_middle_clause_is_told_even_after_an_opening_clause(responder):
    reply = responder.respond("out of nowhere, my jaw started locking yesterday, can botox fix that?")
    assert (reply.kind, reply.aspect) == ("not_covered", "new_symptom")


def test_asking_whether_it_is_an_emergency_is_a_plea_that_makes_hearsay_a_report(responder):
    assert responder.respond("my friend says her chest hurts really bad, is this an emergency?").kind == "emergency"
