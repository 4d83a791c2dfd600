"""The dialogue policy through the public API: every kind of reply, follow-ups, safety, robustness."""

from __future__ import annotations

import json
import random
import threading

import pytest

from chatbot import Responder, Session


def the_reminder(responder) -> str:
    """The consult reminder as the clinic settings write it (placeholders filled, no clinic phone set)."""
    return " ".join(responder.content.settings["reminder"].replace("{clinic_phone}", "").split())


def reply_carries_the_reminder(responder, reply) -> bool:
    """Whether a reply ends with the settings' reminder: in its own part and at the end of its text."""
    reminder = the_reminder(responder)
    return bool(reminder) and reply.reminder == reminder and reply.text.endswith(reminder)


@pytest.mark.parametrize(
    "message, kind",
    [
        ("botox for migraines", "answer"),
        ("is botox approved for migraines", "answer"),
        ("how much does botox for migraines cost", "not_covered"),
        ("my neck suddenly started twisting this morning", "not_covered"),
        ("i had botox yesterday and now i have a bruise", "not_covered"),
        ("what should i watch out for after my injection", "not_covered"),
        ("what is the capital of france", "fallback"),
        ("", "fallback"),
        ("ciao, il botox aiuta con l'emicrania cronica?", "fallback"),
    ],
)
def test_every_reply_kind_that_carries_the_reminder_carries_it(responder, message, kind):
    reply = responder.respond(message)
    assert reply.kind == kind, (reply.kind, reply.aspect)
    assert reply_carries_the_reminder(responder, reply)


@pytest.mark.parametrize("message", ["i can't breathe", "botox for spasms", "hello", "thank you"])
def test_emergencies_clarifications_and_small_talk_carry_no_reminder(responder, message):
    reply = responder.respond(message)
    assert reply.kind in ("emergency", "clarify", "smalltalk") and reply.reminder == ""
    assert the_reminder(responder) not in reply.text


def test_answer_quotes_the_source_and_carries_the_reminder(responder):
    reply = responder.respond("botox for sweaty armpits?")
    assert reply.kind == "answer" and reply.intents == ("hyperhidrosis",)
    assert reply.sources and reply.sources[0].section == "4. Hyperhidrosis Treatment"
    assert reply.sources[0].quote in reply.text
    assert reply.reminder and reply.text.endswith(reply.reminder)
    assert reply.title == responder.content.title("hyperhidrosis") and reply.title in reply.text
    assert 0.0 < reply.confidence <= 1.0


@pytest.mark.parametrize(
    "question, topic",
    [
        ("my jaw clicks and hurts", "tmj"),
        ("crossed eyes", "eye_disorders"),
        ("my dad drools all the time", "salivation"),
        ("stiff arm after a stroke", "spasticity"),
        ("my stomach empties slowly", "gastroparesis"),
        ("bladder leaks", "overactive_bladder"),
        ("what is botox", "overview"),
    ],
)
def test_lay_terms_from_the_brief(responder, question, topic):
    reply = responder.respond(question)
    assert (reply.kind, reply.intents[:1]) == ("answer", (topic,))


def test_two_conditions_get_both_answers(responder):
    reply = responder.respond("botox for TMJ and neck dystonia")
    assert reply.kind == "answer" and set(reply.intents) == {"tmj", "cervical_dystonia"}
    assert {s.section for s in reply.sources} == {
        "6. Cervical Dystonia",
        "9. Addressing Temporomandibular Joint (TMJ) Disorder",
    }


def test_clarify_offers_numbered_choices_and_a_number_picks_one(responder):
    session = Session()
    reply = responder.respond("botox for spasms", session)
    assert reply.kind == "clarify" and len(reply.intents) >= 2 and reply.title == ""
    assert reply.suggestions == tuple(responder.content.title(i) for i in reply.intents)
    # the content's question, then each choice numbered from 1 on a line of its own
    numbered = [f"{n}. {title}" for n, title in enumerate(reply.suggestions, 1)]
    assert reply.body.split("\n") == [responder.message("clarify"), *numbered]
    picked = responder.respond("2", session)
    assert picked.kind == "answer" and picked.intents == (reply.intents[1],)


def test_clarify_choice_by_topic_name(responder):
    session = Session()
    reply = responder.respond("spasms", session)
    title = responder.content.title(reply.intents[0])
    assert responder.respond(title, session).intents == (reply.intents[0],)


def test_a_number_with_nothing_on_offer_is_not_a_topic(responder):
    assert responder.respond("2", Session()).kind == "fallback"


@pytest.mark.parametrize(
    "question, aspect",
    [
        ("what are the side effects of botox", "side_effects"),
        ("how much does botox cost", "cost"),
        ("how many units of botox do they use", "dosing"),
        ("how long does botox last", "duration"),
        ("can i get botox while pregnant", "pregnancy"),
        ("do botox injections hurt", "injection_pain"),
        ("botox for wrinkles", "cosmetic"),
    ],
)
def test_questions_the_article_does_not_answer(responder, question, aspect):
    reply = responder.respond(question)
    assert reply.kind == "not_covered" and reply.aspect == aspect
    assert not reply.sources and reply_carries_the_reminder(responder, reply)


def test_not_covered_names_the_topic_and_never_gives_its_answer(responder):
    reply = responder.respond("is botox for migraines safe?")
    assert reply.kind == "not_covered" and reply.intents == ("migraine",)
    assert "migraine" in reply.body
    assert responder.content.responses["migraine"].answer not in reply.text


def test_what_causes_a_condition_is_not_covered(responder):
    reply = responder.respond("what causes cervical dystonia?")
    assert reply.kind == "not_covered" and reply.intents == ("cervical_dystonia",)


@pytest.mark.parametrize(
    "question",
    [
        "can botox cure diabetes?",
        "what's the weather",
        "botox for depression",
        "asdf qwer zxcv",
        "book me a flight to paris",
    ],
)
def test_off_topic_gets_the_fallback_not_the_nearest_topic(responder, question):
    reply = responder.respond(question)
    assert reply.kind == "fallback" and reply.intents == ()
    assert reply_carries_the_reminder(responder, reply)
    assert responder.content.title("migraine") in reply.suggestions


@pytest.mark.parametrize(
    "question, crisis",
    [
        ("i can't breathe after my botox", False),
        ("my throat is swelling up", False),
        ("trouble swallowing since the injection", False),
        ("chest pain", False),
        ("i want to kill myself", True),
        ("botox for migraines? also my tongue is swollen", False),
        ("my lips are turning blue", False),
        ("his face has gone a greyish colour", False),
    ],
)
def test_red_flags_get_only_the_urgent_message(responder, question, crisis):
    reply = responder.respond(question)
    assert reply.kind == "emergency" and reply.intents == () and not reply.sources
    number = responder.content.settings["clinic"]["emergency_number"]
    assert number in reply.text
    crisis_line = responder.content.settings["clinic"]["crisis_line"]
    assert (crisis_line in reply.text) is crisis
    assert responder.content.responses["migraine"].answer not in reply.text


def test_configured_clinic_details_appear(content_copy, tmp_path):
    config = tmp_path / "clinic.yaml"
    config.write_text(
        'clinic:\n  name: Riverside Clinic\n  phone: "555-0100"\n  emergency_number: "112"\n', encoding="utf-8"
    )
    bot = Responder.load(content_copy, config)
    assert "112" in bot.respond("i cannot breathe").text
    reply = bot.respond("botox for migraines")
    assert "Riverside Clinic" in reply.reminder and "555-0100" in reply.reminder


@pytest.mark.parametrize(
    "question, act", [("hi", "greeting"), ("thanks!", "thanks"), ("bye", "goodbye"), ("help", "help")]
)
def test_small_talk(responder, question, act):
    reply = responder.respond(question)
    assert reply.kind == "smalltalk" and reply.aspect == act


@pytest.mark.parametrize("follow_up", ["how does it help?", "does that help?", "can this help?"])
def test_help_in_a_question_about_the_topic_is_not_a_request_for_help(responder, follow_up):
    session = Session()
    responder.respond("my neck keeps twisting to one side", session)
    reply = responder.respond(follow_up, session)
    assert reply.kind == "answer" and reply.intents[:1] == ("cervical_dystonia",)
    assert responder.respond(follow_up).kind == "smalltalk"  # with no topic yet, it is a request for help


@pytest.mark.parametrize(
    "question", ["one side of my face twitches", "can botox help with medication overuse headache?"]
)
def test_a_condition_named_outright_beats_a_likeness_or_the_overview(responder, question):
    reply = responder.respond(question)
    assert reply.kind != "answer" and reply.aspect == "other_condition"


def test_greeting_with_a_question_answers_the_question(responder):
    assert responder.respond("hi, does botox help migraines?").intents == ("migraine",)


def test_follow_ups_use_the_session(responder):
    session = Session()
    first = responder.respond("botox for migraines", session)
    more = responder.respond("tell me more", session)
    assert more.kind == "answer" and more.intents == ("migraine",)
    assert responder.content.responses["migraine"].more in more.text and more.text != first.text
    kids = responder.respond("and for kids?", session)
    assert kids.kind == "not_covered" and kids.intents == ("migraine",) and kids.aspect == "children"
    switch = responder.respond("what about sweating?", session)
    assert switch.intents == ("hyperhidrosis",)
    assert responder.respond("is it safe?", session).intents == ("hyperhidrosis",)


def test_tell_me_more_twice_says_that_is_all(responder):
    session = Session()
    responder.respond("botox for tmj", session)
    responder.respond("tell me more", session)
    again = responder.respond("tell me more", session)
    assert again.kind == "answer" and again.intents == ("tmj",)
    assert "That is everything the article says" in again.body and again.reminder


def test_tell_me_more_without_a_topic(responder):
    reply = responder.respond("tell me more", Session())
    assert reply.kind == "fallback" and reply.aspect == "more_none"


def test_follow_up_context_does_not_leak_into_unrelated_questions(responder):
    session = Session()
    responder.respond("botox for migraines", session)
    assert responder.respond("how much is a flight to paris", session).kind == "fallback"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "\x00\x01\x02",
        "\x1b[31mred\x1b[0m",
        "a" * 1_000_000,
        "🙂" * 5000,
        "\ud800",
        None,
        12345,
        b"\xff\xfe\x00binary",
        "?!?!?!",
        "\n\n\n",
        "botox " * 100_000,
    ],
)
def test_bad_input_never_raises_and_gets_a_reply(responder, bad):
    reply = responder.respond(bad)
    assert reply.kind in ("fallback", "answer", "smalltalk", "not_covered", "clarify", "emergency")
    json.dumps(reply.to_dict())
    assert "\x1b" not in reply.text and "\x00" not in reply.text


def test_random_bytes_never_raise(responder):
    rng = random.Random(20261124)
    for _ in range(300):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
        assert responder.respond(data).kind


def test_one_responder_serves_many_threads(responder):
    questions = [
        "botox for migraines",
        "my jaw clicks",
        "i can't breathe",
        "hi",
        "what's the weather",
        "botox for spasms",
    ] * 20
    expected = [responder.respond(q).to_dict() for q in questions]
    results: list = [None] * len(questions)

    def work(start: int) -> None:
        for index in range(start, len(questions), 8):
            results[index] = responder.respond(questions[index]).to_dict()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == expected


def test_respond_does_no_file_io(responder, monkeypatch):
    import builtins
    import io

    def refuse(*args, **kwargs):
        raise AssertionError("respond() opened a file")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(io, "open", refuse)
    responder.respond("botox for overactive bladder")
    responder.respond("what is a zygomaticus")  # unknown words go through typo correction


@pytest.mark.parametrize("question", ["i got a bruise since the botox", "i feel sick after my botox injection"])
def test_a_new_problem_after_an_injection_is_sent_to_the_clinic_not_answered(responder, question):
    # Boxed-warning symptoms ("double vision after botox") are emergencies: see test_safety_review.py.
    reply = responder.respond(question)
    assert reply.kind == "not_covered" and reply.aspect == "after_injection"
    assert "contact your clinic or doctor today" in reply.text and not reply.sources


def test_a_question_about_the_topic_after_botox_is_still_answered(responder):
    assert responder.respond("will my sweating stop after botox").intents == ("hyperhidrosis",)


def test_an_offered_topic_is_taken_with_yes(responder):
    session = Session()
    offer = responder.respond("is botox for migraines safe?", session)
    assert offer.suggestions == (responder.content.title("migraine"),)
    assert responder.respond("yes", session).intents == ("migraine",)


def test_clarify_choice_by_order(responder):
    session = Session()
    choices = responder.respond("botox for spasms", session).intents
    assert responder.respond("the last one", session).intents == (choices[-1],)


def test_background_mentions_are_not_the_question(responder):
    reply = responder.respond("We thought it was only for wrinkles. How does it help with ongoing nerve pain?")
    assert reply.kind == "answer" and reply.intents == ("chronic_pain",)
    assert responder.respond("is botox only for wrinkles?").intents == ("overview",)


def test_cosmetic_questions_are_never_tied_to_a_topic(responder):
    session = Session()
    responder.respond("botox for crossed eyes", session)
    reply = responder.respond("can i get botox for my wrinkles", session)
    assert reply.kind == "not_covered" and reply.aspect == "cosmetic" and reply.intents == ()


def test_a_question_naming_botox_is_not_a_follow_up(responder):
    session = Session()
    responder.respond("botox for chronic nerve pain", session)
    reply = responder.respond("is botox poison?", session)
    assert reply.kind == "not_covered" and reply.intents == ()


@pytest.mark.parametrize(
    "messages",
    [
        ["i cant breathe"],  # a red flag
        ["since the botox i have double vision"],  # a boxed-warning sign after an injection
        ["had botox yesterday and there's a bruise on my neck"],  # a problem after an injection
        ["my jaw suddenly started locking yesterday"],  # a new problem
        ["my jaw suddenly started locking yesterday", "is that normal?"],  # carrying it on
        ["my jaw suddenly started locking yesterday", "ok thank you"],  # thanks after trouble
        ["Czy botoks pomaga na migrenę?"],  # a language the bot does not read
        ["   "],  # nothing typed
        ["what is botox approved for"],  # approval in general
    ],
)
def test_a_reply_a_rule_decided_is_certain(responder, messages):
    # The API's confidence is 1.0 when a rule decided, not how well words matched (README: the API).
    session = Session()
    replies = [responder.respond(m, session) for m in messages]
    assert replies[-1].confidence == 1.0, (replies[-1].kind, replies[-1].aspect, replies[-1].confidence)


def test_approval_in_general_names_every_use_the_content_marks_approved(content_copy):
    # An editor who adds an approval text to a topic adds it to "what is Botox approved for?";
    # one who removes the last has the reply say so rather than name nothing.
    import re

    migraine = content_copy / "responses" / "migraine.yaml"
    spasticity = content_copy / "responses" / "spasticity.yaml"
    approval = re.search(r"^approval: >-\n(?:  .*\n)+", migraine.read_text(encoding="utf-8"), re.MULTILINE)
    assert approval is not None
    spasticity.write_text(spasticity.read_text(encoding="utf-8") + approval.group(0), encoding="utf-8")
    # Every language gives the approval text where the base language does (loading sees to it).
    translated = content_copy / "responses" / "es" / "spasticity.yaml"
    spanish = re.search(r"^approval: >-\n(?:  .*\n)+", (translated.parent / "migraine.yaml").read_text("utf-8"), re.M)
    assert spanish is not None
    translated.write_text(translated.read_text(encoding="utf-8") + spanish.group(0), encoding="utf-8")
    both = Responder.load(content_copy).respond("what is botox approved for")
    assert "approved for chronic migraine and muscle spasticity (" in both.body, both.body

    for path, text in (
        (migraine, approval),
        (spasticity, approval),
        (translated.parent / "migraine.yaml", spanish),
        (translated, spanish),
    ):
        path.write_text(path.read_text(encoding="utf-8").replace(text.group(0), ""), encoding="utf-8")
    none = Responder.load(content_copy).respond("what is botox approved for")
    assert "approved for none of the uses it describes." in none.body, none.body


def _worded(responder, body: str, name: str, **given: str) -> bool:
    """Whether ``body`` is the content's message ``name`` with ``given`` filled in (any other field: any text)."""
    import re
    import string

    pattern = ""
    for literal, field, _, _ in string.Formatter().parse(responder.content.messages[name]):
        pattern += re.escape(literal)
        if field is not None:
            pattern += re.escape(given[field]) if field in given else ".+?"
    return re.fullmatch(pattern, body, re.DOTALL) is not None


@pytest.mark.parametrize(
    ("message", "wording", "topic"),
    [
        ("is botox approved for tmj?", "approval_topic", "tmj"),
        ("how long does botox for sweating last", "not_covered_related", "hyperhidrosis"),
        ("where do they inject botox for migraines", "not_covered_topic", "migraine"),
        ("how much does botox cost", "not_covered", ""),
        ("who invented botox", "not_covered_botox", ""),
    ],
)
def test_each_not_covered_reply_is_worded_from_its_own_message(responder, message, wording, topic):
    from chatbot.responder import _in_sentence

    reply = responder.respond(message)
    assert reply.kind == "not_covered"
    given = {"topic": _in_sentence(responder.content.title(topic))} if topic else {}
    assert _worded(responder, reply.body, wording, **given), reply.body


@pytest.mark.parametrize(
    ("message", "topic"),
    [("will botox cure it forever?", ""), ("can botox permanently cure my migraines", "migraine")],
)
def test_a_kind_of_question_with_its_own_message_names_the_topic_or_all_of_them(responder, message, topic):
    from chatbot.responder import _in_sentence

    reply = responder.respond(message)
    cure = responder.indexes.reader.by_id["cure"].message  # the content's own wording for "does it cure"
    named = _in_sentence(responder.content.title(topic)) if topic else "the conditions it covers"
    assert reply.kind == "not_covered" and reply.body == responder.fill(cure, topic=named)


def test_a_not_covered_question_about_two_topics_offers_the_first(responder):
    reply = responder.respond("how much does botox for tmj and migraines cost")
    assert reply.kind == "not_covered" and len(reply.intents) == 1
    assert reply.suggestions == (responder.content.title(reply.intents[0]),)
