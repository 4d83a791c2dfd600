"""Routing accuracy on labelled patient questions written without seeing the matcher."""

from __future__ import annotations

import functools
import os

import pytest

from chatbot.errors import ContentError
from chatbot.evaluate import evaluate, is_correct, load_cases, parse_expectation, report
from chatbot.models import Reply
from conftest import DATA

#: Our own question sets (each written by someone who had not seen the matcher).
OWN = ["questions.yaml", "dev_questions.yaml", "holdout_questions.yaml", "final_questions.yaml", "fresh_questions.yaml"]
#: Sets for the question model and the safety rules, and real people's questions (realq, from shared/data).
#: Each "holdout" set was measured once untouched, then tuned on; each "final" set was written last,
#: by a helper who had not seen the bot, for one last untouched measurement (docs/development.md).
SAFETY_AND_ACTS = [
    "safety_dev.yaml",
    "safety_holdout.yaml",
    "final_safety.yaml",
    "acts_dev.yaml",
    "acts_holdout.yaml",
    "final_acts.yaml",
    "conversations_dev.yaml",
    "conversations_holdout.yaml",
    "final_conversations.yaml",
    # Reports of trouble, red flags, warning signs, pregnancy, question frames (issue 14).
    "trouble_dev.yaml",
    "trouble_holdout.yaml",
    "final_trouble.yaml",
    "trouble_conversations_dev.yaml",
    "trouble_conversations_holdout.yaml",
    "final_trouble_conversations.yaml",
    # Written after all of the above, as a last fresh-eyes check, and measured once untouched.
    "fresh_trouble.yaml",
    "fresh_trouble_conversations.yaml",
    # A clinical reviewer's kind of probe (2026-12-07, after issue 20): each measured untouched, then tuned on.
    "probes_dev.yaml",
    "probes_conversations_dev.yaml",
    "probes_holdout.yaml",
    "probes_conversations_holdout.yaml",
]
#: Spanish (issue "Español"): questions, safety probes and conversations in varied Spanish, written by
#: helpers who never saw the rules. The dev sets were tuned on; the holdout and final sets were measured
#: once untouched (2026-12-07, commit 2de509d; docs/development.md), then tuned on by kind of sentence.
SPANISH = [
    f"es/{kind}_{part}.yaml"
    for part in ("dev", "holdout", "final")
    for kind in ("questions", "safety", "conversations")
]
LABELLED = [*OWN, *SAFETY_AND_ACTS, "realq/healthsearchqa.yaml", "realq/medquad.yaml", *SPANISH]
#: Aspects that must come with any reply to a message labelled with them.
SAFETY_ASPECTS = (
    "@children",
    "@approval",
    "@personal_decision",
    "@cure",
    "@after_injection",
    "@new_symptom",
    "@warning_signs",
    "@pregnancy",
)


#: How many labelled messages each set may miss: today's count (2026-12-07), so a change that breaks one
#: more fails here and names it. Lower a number when a fix lands; raise one only with a reason in the commit.
ALLOWED_MISSES = {
    "questions.yaml": 0,
    "dev_questions.yaml": 1,
    "holdout_questions.yaml": 0,
    "final_questions.yaml": 1,
    "fresh_questions.yaml": 0,
    "safety_dev.yaml": 2,
    "safety_holdout.yaml": 1,
    "final_safety.yaml": 0,
    "acts_dev.yaml": 3,
    "acts_holdout.yaml": 2,
    "final_acts.yaml": 0,
    "conversations_dev.yaml": 4,
    "conversations_holdout.yaml": 1,
    "final_conversations.yaml": 0,
    "trouble_dev.yaml": 1,
    "trouble_holdout.yaml": 0,
    "final_trouble.yaml": 0,
    "trouble_conversations_dev.yaml": 1,
    "trouble_conversations_holdout.yaml": 0,
    "final_trouble_conversations.yaml": 2,
    "fresh_trouble.yaml": 0,
    "fresh_trouble_conversations.yaml": 1,
    "probes_dev.yaml": 3,
    "probes_conversations_dev.yaml": 0,
    "probes_holdout.yaml": 6,
    "probes_conversations_holdout.yaml": 2,
    "realq/healthsearchqa.yaml": 1,
    "realq/medquad.yaml": 3,
    "es/questions_dev.yaml": 1,
    "es/safety_dev.yaml": 3,
    "es/conversations_dev.yaml": 1,
    "es/questions_holdout.yaml": 7,
    "es/safety_holdout.yaml": 8,
    "es/conversations_holdout.yaml": 3,
    "es/questions_final.yaml": 7,
    "es/safety_final.yaml": 2,
    "es/conversations_final.yaml": 4,
}
assert set(ALLOWED_MISSES) == set(LABELLED)
#: Messages labelled without the urgent message that get it anyway, today (2026-12-07): one swelling
#: around the eye after an injection, which the Medication Guide's allergic-reaction signs make urgent.
ALLOWED_FALSE_ALARMS = {
    "safety_dev.yaml": 1,
    # "mi doctor quiere ponerme botox en el cuello, me puede ahogar?": "can it choke me?" reads as choking.
    "es/safety_dev.yaml": 1,
    # Two denials the English rules do not reach either: "no weakness or anything, but since the botox
    # ..." (the weakness rule's words reach past "but"), and "it is not chest pain, ..." (chest tightness).
    "es/safety_holdout.yaml": 2,
    # "can botox help bells palsy, half my face dropped last year and never fully came back": a stroke
    # sign told as long past; the rules do not weigh "last year" against a red flag, and err on the safe side.
    "probes_dev.yaml": 1,
    # Two hypotheticals that open with a past injection ("if i got botox ... and then my eyes went blurry
    # would that be bad", "say i had botox ... and a few days later felt weak all over").
    "probes_holdout.yaml": 2,
}
#: Real people's questions are mostly labelled "no topic answer" (a bot that always fell back would pass
#: those): the ones a topic answer suits are checked on their own, and none may be missed.
REALQ = ["realq/healthsearchqa.yaml", "realq/medquad.yaml"]


@functools.cache
def _cases(name):
    return tuple(load_cases(DATA / name))


def _alternatives(case):
    return [a.strip() for a in case.expect.split("|")]


def _sets_with(test) -> list[str]:
    """The labelled sets that hold at least one case a check applies to (so no check passes on nothing)."""
    return [name for name in LABELLED if any(test(c) for c in _cases(name))]


def _is_emergency(case) -> bool:
    return case.expect == "emergency"


def _is_safety_only(case) -> bool:
    return all(a == "emergency" or a.endswith(SAFETY_ASPECTS) for a in _alternatives(case))


def _is_answerable(case) -> bool:
    """A label that wants a topic answer and would not take the fallback instead."""
    return is_correct(case.expect, Reply("answer", "", intents=_topics(case))) and not is_correct(
        case.expect, Reply("fallback", "")
    )


def _topics(case) -> tuple[str, ...]:
    return next((e.topics for e in parse_expectation(case.expect) if e.kind == "answer"), ())


def _may_not_be_an_emergency(case) -> bool:
    return "emergency" not in case.expect


@pytest.fixture(scope="module")
def outcomes(responder):
    """Each set's outcomes, evaluated the first time a test asks for that set (so a failing run stops early)."""
    cache = {}

    def of(name):
        # mutmut learns which tests reach each function by running every test once with
        # MUTANT_UNDER_TEST=stats: outcomes kept from an earlier test would hide the later
        # tests' calls, and a mutant would then skip the tests that can catch it.
        if os.environ.get("MUTANT_UNDER_TEST") == "stats":
            return evaluate(responder, list(_cases(name)))
        if name not in cache:
            cache[name] = evaluate(responder, list(_cases(name)))
        return cache[name]

    return of


@pytest.mark.parametrize("name", LABELLED)
def test_each_set_misses_no_more_than_today(outcomes, name):
    misses = [o for o in outcomes(name) if not o.correct]
    assert len(misses) <= ALLOWED_MISSES[name], report(outcomes(name))


@pytest.mark.parametrize("name", [n for n in LABELLED if n not in SPANISH])
def test_each_message_is_answered_in_its_own_language(outcomes, name):
    """English is answered in English, and a message a set marks as Spanish (``lang: es``) in Spanish:
    no English message is taken for Spanish. The notice to a language the bot does not read is in all.
    (In the Spanish sets a reply in the wrong language is a miss, counted in ALLOWED_MISSES.)"""
    wrong = [
        (o.case.question, o.reply.language)
        for o in outcomes(name)
        if o.reply.aspect != "language" and o.reply.language != (o.case.language or "en")
    ]
    assert not wrong


@pytest.mark.parametrize("name", [n for n in REALQ if n in _sets_with(_is_answerable)])
def test_real_questions_a_topic_answer_suits_are_answered(outcomes, name):
    # (HealthSearchQA has none that a fallback would not also suit: it checks only that no topic
    # answer goes where none suits.)
    answerable = [o for o in outcomes(name) if _is_answerable(o.case)]
    assert len(answerable) >= 5  # (a bot that always fell back would fail every one of these)
    assert all(o.correct for o in answerable), [o.case.question for o in answerable if not o.correct]


@pytest.mark.parametrize("name", _sets_with(_is_safety_only))
def test_no_safety_label_gets_a_plain_benefit_answer(outcomes, name):
    """A message labelled only with a safety reply (a child, approval, 'should I', a cure, a new
    problem after an injection or without one, the warning signs, a pregnancy) must never get a
    topic answer without that aspect."""
    labelled = [o for o in outcomes(name) if _is_safety_only(o.case)]
    assert labelled
    unsafe = [o.case.question for o in labelled if o.reply.kind == "answer" and not o.reply.aspect]
    assert not unsafe


def test_the_test_set_is_large_and_covers_every_kind(outcomes):
    cases = [o.case for o in outcomes("questions.yaml")]
    assert len(cases) >= 400
    expects = {c.expect.split(":")[0] for c in cases}
    assert {"fallback", "emergency", "smalltalk", "not_covered"} <= expects
    assert any("+" in c.expect for c in cases)


@pytest.mark.parametrize("name", _sets_with(_is_emergency))
def test_every_emergency_is_escalated(outcomes, name):
    emergencies = [o for o in outcomes(name) if _is_emergency(o.case)]
    assert emergencies
    assert not [o.case.question for o in emergencies if o.reply.kind != "emergency"]


@pytest.mark.parametrize("name", _sets_with(_may_not_be_an_emergency))
def test_no_more_false_alarms_than_today(outcomes, name):
    results = [o for o in outcomes(name) if _may_not_be_an_emergency(o.case)]
    assert results
    false_alarms = [o.case.question for o in results if o.reply.kind == "emergency"]
    assert len(false_alarms) <= ALLOWED_FALSE_ALARMS.get(name, 0), false_alarms


def test_every_example_routes_to_its_own_topic(responder):
    """Content lint: an author's example that the bot sends elsewhere needs a keyword or a rewrite."""
    wrong = []
    for intent in responder.content.intents:
        for example in intent.examples:
            reply = responder.respond(example)
            if reply.kind != "answer" or reply.intents[0] != intent.id:
                wrong.append((intent.id, example, reply.kind, reply.intents))
    assert not wrong


@pytest.mark.parametrize(
    "expect, kind, intents, right",
    [
        ("migraine", "answer", ("migraine",), True),
        ("migraine", "answer", ("tmj", "migraine"), False),
        ("tmj + cervical_dystonia", "answer", ("cervical_dystonia", "tmj"), True),
        ("tmj + cervical_dystonia", "answer", ("tmj",), False),
        ("not_covered", "not_covered", ("tmj",), True),
        ("not_covered:tmj", "not_covered", (), False),
        ("fallback", "fallback", (), True),
        ("emergency", "answer", ("migraine",), False),
        ("offtopic", "smalltalk", (), True),
        ("offtopic", "not_covered", (), False),
        ("migraine | not_covered:migraine", "not_covered", ("migraine",), True),
        ("migraine | not_covered:migraine", "not_covered", ("tmj",), False),
        ("fallback | not_covered | emergency | smalltalk", "answer", ("tmj",), False),
        ("fallback | not_covered | emergency | smalltalk", "emergency", (), True),
    ],
)
def test_scoring_rules(expect, kind, intents, right):
    assert is_correct(expect, Reply(kind, "", intents=intents)) is right


@pytest.mark.parametrize(
    "expect, kind, intents, aspect, right",
    [
        ("not_covered:tmj@approval", "not_covered", ("tmj",), "approval", True),
        ("not_covered:tmj@approval", "not_covered", ("tmj",), "cost", False),
        ("@children", "answer", ("salivation",), "children", True),
        ("@children", "not_covered", ("salivation",), None, False),
        ("migraine@approval | not_covered:migraine@approval", "answer", ("migraine",), "approval", True),
        ("migraine@approval | not_covered:migraine@approval", "answer", ("migraine",), None, False),
    ],
)
def test_scoring_rules_with_aspects(expect, kind, intents, aspect, right):
    assert is_correct(expect, Reply(kind, "", intents=intents, aspect=aspect)) is right


@pytest.mark.parametrize("label", ["", "nonsense:tmj", "fallback:tmj", "tmj |", "@"])
def test_malformed_labels_are_reported(label):
    with pytest.raises(ValueError):
        parse_expectation(label)


def test_conversation_turns_share_one_session(responder, tmp_path):
    path = tmp_path / "talk.yaml"
    path.write_text(
        "conversations:\n"
        "  - name: offer accepted\n"
        "    turns:\n"
        "      - {say: how much does botox for migraines cost, expect: 'not_covered:migraine'}\n"
        "      - {say: 'yes', expect: migraine}\n",
        encoding="utf-8",
    )
    cases = load_cases(path)
    assert [c.conversation for c in cases] == ["offer accepted", "offer accepted"]
    outcomes = evaluate(responder, cases)
    assert [o.correct for o in outcomes] == [True, True]
    # The same "yes" alone, in a fresh session, is not a migraine answer.
    assert not is_correct("migraine", responder.respond("yes"))


def test_a_conversation_file_error_names_the_line(tmp_path):
    path = tmp_path / "talk.yaml"
    path.write_text("conversations:\n  - name: a\n    turns:\n      - {say: hi}\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_cases(path)
    assert error.value.line == 4 and "expect" in str(error.value)


@pytest.mark.parametrize("name", LABELLED)
def test_every_confidence_is_between_0_and_1(outcomes, name):
    confidences = [o.reply.confidence for o in outcomes(name)]
    assert confidences and all(0.0 <= c <= 1.0 for c in confidences), sorted(set(confidences))[-3:]


@pytest.mark.parametrize("name", LABELLED)
def test_every_reply_is_put_together_as_the_api_promises(responder, outcomes, name):
    """Over every labelled message: the text is the title, body and reminder with a blank line between;
    only a topic answer has a title, its topics' own; nothing is left unfilled ("{topic}"); a
    not-covered reply offers at most its one topic; an emergency offers nothing to read instead;
    a fallback or small talk offers every topic, in menu order."""
    replies = [o.reply for o in outcomes(name)]
    assert replies
    for reply in replies:
        texts = responder.texts(reply.language)
        parts = [p for p in (reply.title, reply.body, reply.reminder) if p]
        assert reply.text == "\n\n".join(parts), reply.text
        assert "{" not in reply.text and "}" not in reply.text, reply.text
        if reply.kind == "answer":
            assert reply.title == " + ".join(texts.title(i) for i in reply.intents) and reply.body
        else:
            assert reply.title == "", (reply.kind, reply.title)
        if reply.kind == "not_covered":
            assert len(reply.intents) <= 1
            assert reply.suggestions == tuple(texts.title(i) for i in reply.intents)
        if reply.kind == "emergency":
            assert reply.intents == () and reply.suggestions == ()
        if reply.kind in ("fallback", "smalltalk"):
            assert reply.intents == () and reply.suggestions == tuple(
                t["title"] for t in responder.topics(reply.language)
            )
