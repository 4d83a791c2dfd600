"""The question model (issue 8): what a message asks x which topic, follow-ups, unnamed conditions, other languages."""

from __future__ import annotations

import pytest

from chatbot import Session
from chatbot.evaluate import describe, is_correct


@pytest.mark.parametrize(
    "message, expect",
    [
        # What the article answers: a topic answer.
        ("does botox help with chronic migraine", "migraine"),
        ("what is cervical dystonia", "cervical_dystonia"),
        ("how does botox work for an overactive bladder", "overactive_bladder"),
        ("my jaw clicks and hurts", "tmj"),
        ("sweat drips off my hands, anything for that?", "hyperhidrosis"),
        # Anything else about a topic: the offer, never the answer.
        ("What causes migraines?", "not_covered:migraine"),
        ("What is the outlook for Torticollis?", "not_covered:cervical_dystonia"),
        ("is gastroparesis a serious disease", "not_covered:gastroparesis"),
        ("how is blepharospasm diagnosed", "not_covered:eye_disorders"),
        ("does hyperhidrosis run in families", "not_covered:hyperhidrosis"),
        ("support groups for spasticity", "not_covered:spasticity"),
        # A body part or lay word in a question about something else: no topic answer.
        ("Is blood in the urine serious?", "fallback | not_covered"),
        ("Does bladder cancer spread quickly?", "fallback | not_covered"),
        ("How do you get rid of bladder stones?", "fallback | not_covered"),
        ("Are head and neck cancers curable?", "fallback | not_covered"),
        ("When should I worry about a stiff neck?", "fallback | not_covered"),
        ("What are the 4 types of strokes?", "fallback | not_covered"),
        ("How does a person get botulism?", "fallback | not_covered"),
    ],
)
def test_an_answer_only_for_what_the_article_answers(responder, message, expect):
    reply = responder.respond(message)
    assert is_correct(expect, reply), describe(reply)


def test_the_offer_is_accepted_with_yes(responder):
    session = Session()
    offer = responder.respond("what causes TMJ?", session)
    assert offer.kind == "not_covered" and offer.suggestions == (responder.content.title("tmj"),)
    assert responder.respond("yes ok", session).intents == ("tmj",)


def test_a_question_about_botox_with_a_question_about_the_condition_answers_and_says_what_is_missing(responder):
    reply = responder.respond("can botox help with the symptoms of gastroparesis")
    assert reply.kind == "answer" and reply.intents == ("gastroparesis",)
    assert "does not cover its signs and symptoms" in reply.body


@pytest.mark.parametrize(
    "message, name",
    [
        ("is botox used for scoliosis", "scoliosis"),
        ("is botox used for tinnitus", "tinnitus"),
        ("botox for psoriasis?", "psoriasis"),
        ("is botox used for hemifacial spasm", "hemifacial spasm"),
        ("can botox treat tendonitis", "tendonitis"),
        ("does botox help plantar fasciitis", "plantar fasciitis"),
    ],
)
def test_conditions_the_article_does_not_name_are_named_and_never_get_the_overview(responder, message, name):
    reply = responder.respond(message)
    assert reply.kind in ("fallback", "not_covered") and reply.aspect == "other_condition"
    assert name in reply.body.lower()
    assert responder.content.responses["overview"].answer not in reply.text


def test_a_neighbouring_condition_offers_its_topic(responder):
    reply = responder.respond("does botox work for tension headaches")
    assert reply.kind == "not_covered" and reply.intents == ("migraine",) and "tension headaches" in reply.body


@pytest.mark.parametrize(
    "turns",
    [
        [
            ("botox for excessive sweating", "hyperhidrosis"),
            ("is it approved for that?", "not_covered:hyperhidrosis@approval"),
        ],
        [("my jaw aches when I chew", "tmj"), ("would botox relax it?", "tmj")],
        [("botox for bladder leaks", "overactive_bladder"), ("how does it work?", "overactive_bladder")],
        [
            ("my eyelids twitch and close on their own", "eye_disorders"),
            ("can an injection fix that?", "eye_disorders"),
        ],
        [("tell me about drooling", "salivation"), ("more please", "salivation")],
        [("botox for chronic migraine", "migraine"), ("what other conditions is it used for?", "overview")],
        [("botox for tmj", "tmj"), ("and for sweating?", "hyperhidrosis"), ("back to the first one", "tmj")],
        [("botox for gastroparesis", "gastroparesis"), ("is it proven?", "gastroparesis | not_covered:gastroparesis")],
        [
            ("is botox approved for migraine?", "migraine@approval"),
            ("and for sweating?", "not_covered:hyperhidrosis@approval"),
        ],
        [
            ("my 8 year old drools a lot", "@children"),
            ("could botox stop it", "@children"),
            ("what about adults?", "salivation"),
        ],
        [
            ("botox for my neck dystonia", "cervical_dystonia"),
            ("i had it 4 days ago and now i cant swallow properly", "emergency"),
        ],
    ],
)
def test_follow_ups_are_read_against_the_conversation(responder, turns):
    session = Session()
    for message, expect in turns:
        reply = responder.respond(message, session)
        assert is_correct(expect, reply), (message, describe(reply))


def test_approval_for_gastroparesis_keeps_the_research_hedge(responder):
    session = Session()
    responder.respond("botox for gastroparesis", session)
    reply = responder.respond("is it approved?", session)
    assert reply.aspect == "approval" and "does not say whether Botox is approved" in reply.body


@pytest.mark.parametrize(
    "message",
    [
        "O botox ajuda com a enxaqueca crônica?",  # Portuguese: not a language the bot reads
        "Est-ce que le botox soulage les migraines chroniques ?",
        "Hilft Botox bei Migräne?",
        "肉毒杆菌能治偏头痛吗",
        "Помогает ли ботокс при спастичности?",
    ],
)
def test_messages_not_in_english_get_the_language_reply_and_no_topic(responder, message):
    reply = responder.respond(message)
    assert (reply.kind, reply.aspect, reply.intents) == ("fallback", "language", ())
    assert "English" in reply.body and responder.content.settings["clinic"]["emergency_number"] in reply.body


@pytest.mark.parametrize(
    "message, topic",
    [
        ("botox para migraine? my abuela asks", "migraine"),
        ("my tía has blepharospasm, does botox help?", "eye_disorders"),
    ],
)
def test_english_with_a_foreign_word_is_still_english(responder, message, topic):
    reply = responder.respond(message)
    assert reply.aspect != "language" and topic in reply.intents


def test_a_session_naming_unknown_topics_is_repaired_not_a_crash(responder):
    session = Session.from_dict(
        {"topics": ["no_such_topic"], "options": ["no_such_topic"], "history": ["x"], "act": "zzz"}
    )
    reply = responder.respond("yes", session)
    assert reply.kind in ("smalltalk", "fallback") and session.topics == ()


@pytest.mark.parametrize(
    "message, topic",
    [
        ("pian", "chronic_pain"),
        ("botx for migraines", "migraine"),
        ("megrain", "migraine"),
        ("swet", "hyperhidrosis"),
        ("drolling", "salivation"),
    ],
)
def test_short_and_real_word_typos_route(responder, message, topic):
    reply = responder.respond(message)
    assert reply.kind == "answer" and reply.intents[:1] == (topic,), describe(reply)


@pytest.mark.parametrize("message", ["i keep checking my bladder diary", "i paint houses for a living"])
def test_real_words_are_not_corrected_into_topic_words(responder, message):
    stems = responder.indexes.lexicon.analyse(message).stems
    assert "choke" not in stems and "pain" not in stems


def test_an_ellipsis_then_a_question_carries_the_last_question_over(responder):
    # "what about me? my migraines would last as long?" asks again (its question mark), unlike "and for me?
    # i get bad migraines", which tells a problem and gets its answer.
    session = Session()
    responder.respond("botox for sweating?", session)
    responder.respond("how long does it last", session)
    reply = responder.respond("what about me? my migraines would last as long?", session)
    assert (reply.kind, reply.intents, reply.aspect) == ("not_covered", ("migraine",), "duration")
