"""Regression tests for the clinical safety review (issue 7): how a reply is chosen must not mislead
a patient about symptoms after an injection, approval, children, personal decisions or cures."""

from __future__ import annotations

import re

import pytest

from chatbot import Session


def _benefit_texts(responder):
    return {i: responder.content.responses[i].answer for i in responder.content.topic_ids}


# -- 1. symptoms after an injection ------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "i had botox 2 days ago and now i have double vision",
        "since my botox injection i have double vision",
        "i had botox last week and my vision is blurry",
        "i had botox for my bladder and now i cant pee",
        "i got botox yesterday, now i see double",
        "Had my injections on Monday. This morning my eyelid is drooping and I feel weak all over.",
        "my neck was injected a week ago. Since then food keeps going down the wrong way",
        # The Medication Guide's allergic-reaction signs need help right away too.
        "i had botox 3 days ago and now i have a rash on my arms",
        "feeling dizzy and faint since my injection this morning",
        # Hoarseness, a change or loss of voice, in the patient's words.
        "ever since the shots my voice sounds rough",
        "voice gone all croaky since the neck jabs",
    ],
)
def test_boxed_warning_symptoms_after_an_injection_are_urgent(responder, message):
    reply = responder.respond(message)
    assert reply.kind == "emergency", (reply.kind, reply.intents, reply.aspect)


@pytest.mark.parametrize(
    "message",
    [
        "i had botox 3 days ago and now i have a bruise on my arm",
        "got my botox shots last week, the spots are still red and sore",
        "since my injection on friday i have had a headache that won't go away",
    ],
)
def test_other_new_problems_after_an_injection_go_to_the_clinic_today(responder, message):
    reply = responder.respond(message)
    assert (reply.kind, reply.aspect) == ("not_covered", "after_injection")
    assert "today" in reply.body
    assert not any(text in reply.text for text in _benefit_texts(responder).values())


# -- 2 and 3. approval ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message, topic",
    [
        ("is botox approved for tmj", "tmj"),
        ("is botox approved for overactive bladder", "overactive_bladder"),
        ("is botox fda approved for sweating", "hyperhidrosis"),
        ("is botox approved for neuropathic pain", "chronic_pain"),
        ("is botox approved for cerebral palsy", "spasticity"),
    ],
)
def test_approval_for_other_topics_says_the_article_does_not_say(responder, message, topic):
    reply = responder.respond(message)
    assert reply.kind == "not_covered" and reply.aspect == "approval" and reply.intents == (topic,)
    assert "chronic migraine" in reply.body and "does not say" in reply.body
    assert responder.content.responses[topic].answer not in reply.text


@pytest.mark.parametrize("message", ["what is botox approved for", "is botox fda approved"])
def test_approval_in_general_names_chronic_migraine_only(responder, message):
    reply = responder.respond(message)
    assert reply.aspect == "approval" and reply.kind != "fallback"
    assert "chronic migraine" in reply.body and "does not say" in reply.body


def test_migraine_answer_does_not_widen_chronic_to_long_term(responder):
    answer = responder.content.responses["migraine"].answer
    assert "long-term" not in answer and "long term" not in answer


def test_approval_for_my_long_history_of_migraines_leaves_chronic_to_the_doctor(responder):
    reply = responder.respond("I've had migraines for 10 years, is botox approved for me")
    assert reply.aspect == "approval" and reply.intents[:1] == ("migraine",)
    assert "chronic migraine" in reply.body and "doctor" in reply.body
    assert "long-term" not in reply.text


# -- 4. children ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message, topic",
    [
        ("my baby drools a lot can botox help", "salivation"),
        ("can my 10 year old get botox for crossed eyes", "eye_disorders"),
        ("can botox help my child with cerebral palsy", "spasticity"),
    ],
)
def test_a_child_as_the_subject_gets_a_caution_first(responder, message, topic):
    reply = responder.respond(message)
    assert reply.aspect == "children" and reply.intents[:1] == (topic,)
    assert "child" in reply.body and "doctor" in reply.body
    benefit = responder.content.responses[topic].answer
    if benefit in reply.body:
        assert reply.body.index("child") < reply.body.index(benefit)


# -- 5. other headaches ----------------------------------------------------------------------------


@pytest.mark.parametrize("message", ["does botox work for tension headaches", "botox for cluster headaches"])
def test_other_headaches_are_not_answered_as_migraine(responder, message):
    reply = responder.respond(message)
    assert reply.kind in ("not_covered", "fallback")
    assert responder.content.responses["migraine"].answer not in reply.text


# -- 6. should I ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message, topic",
    [
        ("should i get botox for my migraines", "migraine"),
        ("my doctor wants to give me botox for my bladder, is it a good idea", "overactive_bladder"),
    ],
)
def test_should_i_gets_the_articles_own_conclusion(responder, message, topic):
    reply = responder.respond(message)
    assert reply.aspect == "personal_decision" and reply.intents[:1] == (topic,)
    assert "suitable treatment option" in reply.body
    assert responder.content.responses[topic].answer not in reply.text


def test_answers_speak_of_people_not_to_the_reader(responder):
    for topic, answer in _benefit_texts(responder).items():
        assert not re.search(r"\byou(r|rs|rself)?\b", answer, re.I), (topic, answer)


# -- 7. cures and permanence ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "message, topic",
    [
        ("will botox fix my crossed eyes forever", "eye_disorders"),
        ("will botox cure my migraines", "migraine"),
        ("can botox stop my sweating forever", "hyperhidrosis"),
        ("can botox make my dystonia go away forever", "cervical_dystonia"),
    ],
)
def test_cure_and_permanence_are_not_answered_with_a_benefit(responder, message, topic):
    reply = responder.respond(message)
    assert (reply.kind, reply.aspect, reply.intents[:1]) == ("not_covered", "cure", (topic,))
    assert "cure" in reply.body and "permanent" in reply.body


# -- 8. the overview keeps the article's hedges ------------------------------------------------------


def test_overview_keeps_the_hedges_and_names_what_the_article_names(responder):
    answer = responder.content.responses["overview"].answer
    assert "cerebral palsy" in answer and "stroke" in answer
    pain = next(s for s in re.split(r"(?<=\.)\s+", answer) if "pain" in s)
    assert "may" in pain or "potential" in pain or "shown promise" in pain, pain
    assert "long-lasting pain" not in answer


# -- minor findings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "topic, names",
    [
        ("chronic_pain", ("nerve", "neuropathic")),
        ("cervical_dystonia", ("cervical dystonia",)),
        ("spasticity", ("spasticity",)),
    ],
)
def test_titles_name_what_the_article_names(responder, topic, names):
    title = responder.content.title(topic)
    assert any(name in title.lower() for name in names), title
    assert not title.lower().startswith(("long-lasting pain", "neck muscle spasms", "stiff, tight muscles"))


@pytest.mark.parametrize("message", ["botox for back pain", "can botox help fibromyalgia", "botox for a stiff neck"])
def test_conditions_the_article_does_not_name_get_no_topic_answer(responder, message):
    reply = responder.respond(message)
    assert reply.kind != "answer", (reply.kind, reply.intents)


@pytest.mark.parametrize(
    "message",
    [
        "can botox cause trouble swallowing",
        "what happens if you overdose on botox",
        "is it possible to stop breathing from botox",
    ],
)
def test_a_question_about_a_risk_is_not_an_emergency(responder, message):
    reply = responder.respond(message)
    assert reply.kind == "not_covered" and reply.aspect in ("side_effects", "dosing"), (reply.kind, reply.aspect)


@pytest.mark.parametrize(
    "message",
    [
        "botox made me unable to swallow",
        "can botox cause trouble swallowing? i cant swallow right now",
        "what happens if i overdose",
    ],
)
def test_a_risk_question_with_a_symptom_or_self_harm_words_stays_urgent(responder, message):
    assert responder.respond(message).kind == "emergency"


def test_the_crisis_line_setting_carries_its_own_verb(responder):
    template = responder.content.messages["crisis"]
    assert "text" not in template.replace("{crisis_line}", "")
    reply = responder.respond("i want to kill myself")
    assert responder.content.settings["clinic"]["crisis_line"] in reply.body


def test_sources_use_section_names_a_patient_can_find(responder):
    sections = {s.section for r in responder.content.responses.values() for s in r.sources}
    assert not sections & {"Introduction", "Conclusion"}
    overview = responder.respond("what is botox")
    assert any("opening" in s.section.lower() for s in overview.sources)


def test_answers_to_safe_questions_still_come(responder):
    """The fixes above must not block ordinary questions, including ones with time words and adults."""
    for message, topic in [
        ("does botox help migraines", "migraine"),
        ("I've had TMJ for years, can botox help?", "tmj"),
        ("my husband has cervical dystonia, can botox help him", "cervical_dystonia"),
        ("stiff arm after a stroke, can botox help?", "spasticity"),
        ("is botox approved for chronic migraine", "migraine"),
    ]:
        reply = responder.respond(message, Session())
        assert reply.kind == "answer" and reply.intents[:1] == (topic,), (message, reply.kind, reply.intents)
