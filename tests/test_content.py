"""The loader: shipped content is clean, and every kind of content error names file, line and fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chatbot import ContentError, Responder, text
from chatbot.content import load_content

TOPICS = {
    "overview",
    "migraine",
    "spasticity",
    "overactive_bladder",
    "hyperhidrosis",
    "chronic_pain",
    "cervical_dystonia",
    "eye_disorders",
    "salivation",
    "tmj",
    "gastroparesis",
}


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_shipped_content_loads_clean_with_the_public_topic_ids():
    content = load_content()
    assert set(content.topic_ids) == TOPICS
    assert set(content.responses) == TOPICS


def test_every_quote_and_more_text_is_verbatim_from_the_shipped_article():
    content = load_content()
    article = _squash(content.source_text)
    for response in content.responses.values():
        assert response.sources, response.intent
        for source in response.sources:
            assert _squash(source.quote) in article, (response.intent, source.quote)
            assert source.section
        for paragraph in response.more.split("\n\n"):
            assert _squash(paragraph) in article, response.intent


def test_every_quote_is_in_the_section_it_cites():
    content = load_content()
    text = content.source_text
    for response in content.responses.values():
        for source in response.sources:
            if source.section in ("Opening paragraph", "Closing paragraph"):
                continue
            heading = text.index(source.section + ":")
            following = re.search(r"\n\d+\.\s", text[heading + 1 :])
            end = heading + 1 + following.start() if following else len(text)
            assert _squash(source.quote) in _squash(text[heading:end]), (response.intent, source.section)


def test_answers_are_plain_language():
    """Every short answer reads at the grade `check` holds patient text to (the same formula and target)."""
    from chatbot.check import GRADE_TARGET, grade

    content = load_content()
    grades = {r.intent: grade(r.answer) for r in content.responses.values()}
    assert len(grades) == len(content.topic_ids)
    assert all(level <= GRADE_TARGET for level in grades.values()), grades


def test_no_name_is_shared_between_topics():
    """A keyword listed as a topic's name must identify that topic alone."""
    content = load_content()
    for intent in content.intents:
        for other in content.intents:
            if other is not intent:
                shared = set(intent.names) & (set(other.names) | set(other.terms))
                assert not shared, (intent.id, other.id, shared)


# -- errors ----------------------------------------------------------------------


def _error(directory: Path) -> ContentError:
    with pytest.raises(ContentError) as caught:
        Responder.load(directory)
    return caught.value


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_broken_yaml_names_file_and_line(content_copy):
    path = content_copy / "intents" / "tmj.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(4, "    - [unclosed")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    error = _error(content_copy)
    assert error.path == path and error.line == 5
    assert "YAML syntax error" in str(error) and "indentation" in str(error)


def test_unknown_key_is_reported_with_the_allowed_ones(content_copy):
    path = content_copy / "responses" / "migraine.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "anwser: typo\n", encoding="utf-8")
    error = _error(content_copy)
    assert error.path == path and error.line == _line_of(path, "anwser:")
    assert "unknown key 'anwser'" in str(error) and "answer" in str(error)


def test_intent_without_response(content_copy):
    (content_copy / "responses" / "tmj.yaml").unlink()
    error = _error(content_copy)
    assert error.path.name == "tmj.yaml" and error.line == 1
    assert "add responses/tmj.yaml" in str(error)


def test_response_without_intent(content_copy):
    (content_copy / "intents" / "gastroparesis.yaml").unlink()
    error = _error(content_copy)
    assert "response 'gastroparesis' has no intent" in str(error)
    assert "add intents/gastroparesis.yaml" in str(error)


def test_duplicate_key_is_reported_not_silently_overwritten(content_copy):
    path = content_copy / "responses" / "tmj.yaml"
    path.write_text(path.read_text(encoding="utf-8") + 'title: "Again"\n', encoding="utf-8")
    error = _error(content_copy)
    assert error.path == path and "appears twice (first on line" in str(error)
    assert error.line == len(path.read_text(encoding="utf-8").splitlines())


def test_duplicate_rule_id(content_copy):
    path = content_copy / "intents" / "smalltalk.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "  - id: greeting\n    phrases: [howdy partner]\n", encoding="utf-8"
    )
    error = _error(content_copy)
    assert error.path == path and "id 'greeting' is used twice" in str(error)


def test_id_must_match_file_name(content_copy):
    path = content_copy / "intents" / "tmj.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("intent: tmj", "intent: jaw", 1), encoding="utf-8")
    error = _error(content_copy)
    assert error.path == path and error.line == 1 and "rename the file to jaw.yaml" in str(error)


def _first_quote(response_yaml: str) -> str:
    found = re.search(r'quote: "([^"]+)"', response_yaml)
    assert found, "the response file has no quote"
    return found.group(1)


def test_quote_not_in_source(content_copy):
    path = content_copy / "responses" / "hyperhidrosis.yaml"
    original = path.read_text(encoding="utf-8")
    quote = _first_quote(original)
    path.write_text(original.replace(quote, "Botox cures all sweating forever."), encoding="utf-8")
    error = _error(content_copy)
    assert error.path == path and error.line == _line_of(path, "cures all sweating")
    assert "not word for word in the source article" in str(error)


def test_quote_from_the_wrong_section(content_copy):
    path = content_copy / "responses" / "tmj.yaml"
    original = path.read_text(encoding="utf-8")
    quote = _first_quote(original)
    path.write_text(
        original.replace(quote, "Botox has received approval for its effectiveness in treating chronic migraines."),
        encoding="utf-8",
    )
    error = _error(content_copy)
    assert "not in section" in str(error) and "cite the right section" in str(error)


def test_unknown_section(content_copy):
    path = content_copy / "responses" / "tmj.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'section: "[^"]+"', 'section: "9. Jaw Stuff"', original, count=1), encoding="utf-8")
    error = _error(content_copy)
    assert "unknown section '9. Jaw Stuff'" in str(error) and "1. Migraine Relief" in str(error)


def test_more_text_must_be_copied_from_the_article(content_copy):
    path = content_copy / "responses" / "salivation.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("more: >-\n", "more: >-\n  Invented sentence.\n", 1), encoding="utf-8")
    error = _error(content_copy)
    assert error.path == path and "'more' must be copied word for word" in str(error)


def test_unknown_placeholder_in_a_message(content_copy):
    path = content_copy / "responses" / "messages.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("Goodbye, and take care.", "Goodbye {name}.", 1), encoding="utf-8")
    error = _error(content_copy)
    assert error.path == path and error.line == _line_of(path, "goodbye:")
    assert "unknown placeholder '{name}'" in str(error)


def test_missing_required_file(content_copy):
    (content_copy / "intents" / "red_flags.yaml").unlink()
    error = _error(content_copy)
    assert error.path.name == "red_flags.yaml" and "file not found" in str(error)


def test_text_that_yaml_reads_as_a_boolean(content_copy):
    path = content_copy / "intents" / "vocabulary.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("more_phrases:\n", "more_phrases:\n  - yes\n", 1), encoding="utf-8"
    )
    error = _error(content_copy)
    assert error.path == path and error.line == _line_of(path, "  - yes") and "quote it" in str(error)


def test_file_that_is_not_utf8(content_copy):
    path = content_copy / "intents" / "tmj.yaml"
    path.write_bytes(path.read_bytes() + b"\n# caf\xe9\n")
    error = _error(content_copy)
    assert error.path == path and "not valid UTF-8" in str(error)
    assert error.line == len(path.read_bytes().splitlines())


def test_a_yml_file_is_not_silently_ignored(content_copy):
    (content_copy / "intents" / "extra.yml").write_text("intent: extra\n", encoding="utf-8")
    error = _error(content_copy)
    assert "rename the file to end in .yaml" in str(error)


def test_topic_order_must_list_every_topic(content_copy):
    path = content_copy / "responses" / "messages.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - gastroparesis\n", ""), encoding="utf-8")
    error = _error(content_copy)
    assert error.path == path and "add: gastroparesis" in str(error)


def test_clinic_override_changes_settings_and_rejects_unknown_keys(content_copy, tmp_path):
    config = tmp_path / "clinic.yaml"
    config.write_text('clinic:\n  name: Riverside Clinic\n  emergency_number: "112"\n', encoding="utf-8")
    content = load_content(content_copy, config)
    assert content.settings["clinic"]["emergency_number"] == "112"
    assert content.settings["clinic"]["crisis_line"]  # defaults kept
    config.write_text("clinic:\n  nmae: typo\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(content_copy, config)
    assert (
        caught.value.path == config and caught.value.line == 2 and "unknown setting 'clinic.nmae'" in str(caught.value)
    )


def test_fixing_the_error_loads_cleanly_again(content_copy):
    path = content_copy / "responses" / "tmj.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "oops: 1\n", encoding="utf-8")
    _error(content_copy)
    path.write_text(original, encoding="utf-8")
    assert Responder.load(content_copy).respond("tmj").intents == ("tmj",)


def test_numbers_in_clinic_settings_must_be_quoted(content_copy, tmp_path):
    config = tmp_path / "clinic.yaml"
    config.write_text("clinic:\n  emergency_number: 000\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(content_copy, config)
    assert caught.value.line == 2 and 'put it in quotes, for example emergency_number: "000"' in str(caught.value)
    config.write_text('clinic:\n  emergency_number: "000"\n', encoding="utf-8")
    assert load_content(content_copy, config).settings["clinic"]["emergency_number"] == "000"


def test_a_missing_settings_file_says_so(content_copy, tmp_path):
    with pytest.raises(ContentError) as caught:
        load_content(content_copy, tmp_path / "nope.yaml")
    assert "settings file not found: check the --config path" in str(caught.value)


def test_a_keyword_listed_twice_is_reported(content_copy):
    path = content_copy / "intents" / "tmj.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  terms:\n", "  terms:\n    - TMJ\n", 1), encoding="utf-8")
    error = _error(content_copy)
    assert error.path == path and error.line == _line_of(path, "    - TMJ") and "listed twice" in str(error)


def test_no_condition_the_article_does_not_name_is_also_a_topic_keyword():
    """A phrase in other_conditions.yaml that is also a topic's keyword would take the topic away."""
    content = load_content()
    keywords = {tuple(text.stems(p)): i.id for i in content.intents for p in (*i.names, *i.terms)}
    clashes = [
        (condition.label, " ".join(phrase), keywords[tuple(text.stems(" ".join(phrase)))])
        for condition in content.conditions.named
        for phrase in condition.phrases
        if tuple(text.stems(" ".join(phrase))) in keywords
    ]
    assert not clashes


def test_a_kind_of_question_the_bot_needs_cannot_be_removed(content_copy):
    path = content_copy / "intents" / "questions.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("  - id: approval\n", "  - id: approvals\n", 1), encoding="utf-8")
    error = _error(content_copy)
    assert error.path == path and "'approval' is missing" in str(error)


def test_a_topic_answers_only_kinds_of_question_that_exist(content_copy):
    path = content_copy / "intents" / "chronic_pain.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("answers: [types]", "answers: [typse]"), encoding="utf-8")
    error = _error(content_copy)
    assert error.path.name == "chronic_pain.yaml" and error.line == _line_of(path, "answers:")
    assert "'typse' under answers is not a kind of question" in str(error)


def test_a_condition_near_an_unknown_topic(content_copy):
    path = content_copy / "intents" / "other_conditions.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("near: migraine", "near: migrane", 1), encoding="utf-8")
    error = _error(content_copy)
    assert error.path == path and error.line == _line_of(path, "near: migrane")
    assert "'near: migrane' is not a topic id" in str(error)


def test_an_injection_word_must_be_one_word(content_copy):
    path = content_copy / "intents" / "after_injection.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("injection_words: [botox,", "injection_words: [botox shot,", 1),
        encoding="utf-8",
    )
    error = _error(content_copy)
    assert (
        error.path == path and error.line == _line_of(path, "injection_words:") and "more than one word" in str(error)
    )


@pytest.mark.parametrize("placeholder", ["{clinic_phone:%}", "{clinic_phone:>99999999}", "{clinic_phone!r}"])
def test_a_placeholder_with_a_format_is_refused_before_it_can_crash_or_balloon_a_reply(
    content_copy, tmp_path, placeholder
):
    config = tmp_path / "clinic.yaml"
    config.write_text(f'reminder: "Talk to a doctor{placeholder}."\n', encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(content_copy, config)
    assert caught.value.path == config and caught.value.line == 1
    assert "write just {clinic_phone}" in str(caught.value)


def test_a_short_staff_token_is_refused(content_copy, tmp_path):
    config = tmp_path / "clinic.yaml"
    config.write_text('stats:\n  enabled: true\n  token: "a"\n', encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(content_copy, config)
    assert caught.value.line == 3 and "'stats.token' is too short" in str(caught.value)


def test_a_huge_settings_file_is_refused_without_loading_it(content_copy, tmp_path):
    config = tmp_path / "clinic.yaml"
    with open(config, "w", encoding="utf-8") as out:
        out.write("clinic:\n  name: Riverside\n")
        out.write("# padding\n" * 300_000)  # about 3 MB
    with pytest.raises(ContentError) as caught:
        load_content(content_copy, config)
    assert caught.value.path == config and "the file is over 2 MB" in str(caught.value)
