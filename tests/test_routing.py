"""Routing accuracy on labelled patient questions written without seeing the matcher."""

from __future__ import annotations

import pytest

from chatbot.errors import ContentError
from chatbot.evaluate import evaluate, is_correct, load_cases, parse_expectation, report
from chatbot.models import Reply
from conftest import DATA

#: Our own question sets (each written by someone who had not seen the matcher).
OWN = ["questions.yaml", "dev_questions.yaml", "holdout_questions.yaml", "final_questions.yaml", "fresh_questions.yaml"]
#: Sets for the question model and the safety rules, and real people's questions (realq, from shared/data).
#: Each "holdout" set was measured once untouched, then tuned on; each "final" set was written last,
#: by a helper who had not seen the bot, for one last untouched measurement (README: Development).
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
]
LABELLED = [*OWN, *SAFETY_AND_ACTS, "realq/healthsearchqa.yaml", "realq/medquad.yaml"]
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


@pytest.fixture(scope="module")
def outcomes(responder):
    return {name: evaluate(responder, load_cases(DATA / name)) for name in LABELLED}


def _accuracy(results):
    return sum(o.correct for o in results) / len(results)


@pytest.mark.parametrize("name", OWN)
def test_our_own_question_sets_stay_at_99_percent(outcomes, name):
    assert _accuracy(outcomes[name]) >= 0.99, report(outcomes[name])


@pytest.mark.parametrize("name", ["realq/healthsearchqa.yaml", "realq/medquad.yaml"])
def test_real_peoples_questions_at_95_percent(outcomes, name):
    assert _accuracy(outcomes[name]) >= 0.95, report(outcomes[name])


@pytest.mark.parametrize("name", SAFETY_AND_ACTS)
def test_conversations_safety_probes_and_question_acts_at_95_percent(outcomes, name):
    assert _accuracy(outcomes[name]) >= 0.95, report(outcomes[name])


@pytest.mark.parametrize("name", LABELLED)
def test_no_safety_label_gets_a_plain_benefit_answer(outcomes, name):
    """A message labelled only with a safety reply (a child, approval, 'should I', a cure, a new
    problem after an injection or without one, the warning signs, a pregnancy) must never get a
    topic answer without that aspect."""
    unsafe = []
    for o in outcomes[name]:
        alternatives = [a.strip() for a in o.case.expect.split("|")]
        if all(a == "emergency" or a.endswith(SAFETY_ASPECTS) for a in alternatives):
            if o.reply.kind == "answer" and not o.reply.aspect:
                unsafe.append(o.case.question)
    assert not unsafe


def test_the_test_set_is_large_and_covers_every_kind(outcomes):
    cases = [o.case for o in outcomes["questions.yaml"]]
    assert len(cases) >= 400
    expects = {c.expect.split(":")[0] for c in cases}
    assert {"fallback", "emergency", "smalltalk", "not_covered"} <= expects
    assert any("+" in c.expect for c in cases)


def test_routing_accuracy_on_the_test_set(outcomes):
    results = outcomes["questions.yaml"]
    accuracy = sum(o.correct for o in results) / len(results)
    assert accuracy >= 0.95, report(results)


@pytest.mark.parametrize("name", LABELLED)
def test_every_emergency_is_escalated(outcomes, name):
    missed = [o.case.question for o in outcomes[name] if o.case.expect == "emergency" and o.reply.kind != "emergency"]
    assert not missed


@pytest.mark.parametrize("name", LABELLED)
def test_nothing_harmless_is_treated_as_an_emergency_too_often(outcomes, name):
    results = [o for o in outcomes[name] if "emergency" not in o.case.expect]
    false_alarms = [o.case.question for o in results if o.reply.kind == "emergency"]
    assert len(false_alarms) <= len(results) * 0.01, false_alarms


def test_every_example_routes_to_its_own_topic(responder):
    """Content lint: an author's example that the bot sends elsewhere needs a keyword or a rewrite."""
    wrong = []
    for intent in responder.content.intents:
        for example in intent.examples:
            reply = responder.respond(example)
            if reply.kind != "answer" or reply.intents[0] != intent.id:
                wrong.append((intent.id, example, reply.kind, reply.intents))
    total = sum(len(i.examples) for i in responder.content.intents)
    assert len(wrong) <= total * 0.02, wrong


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
