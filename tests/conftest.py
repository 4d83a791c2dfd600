"""Shared fixtures: the real responder on the shipped content, and copies of it to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chatbot import Responder
from chatbot.content import package_content_dir

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


#: Under mutation testing mutmut runs the tests in a copy of the project in ``mutants/``.
MUTATING = ROOT.name == "mutants"
if MUTATING:
    import prebuilt

    prebuilt.responder()  # once, before the test processes are forked for each mutant


@pytest.fixture(scope="session")
def responder() -> Responder:
    if MUTATING:
        import prebuilt

        return prebuilt.responder()
    return Responder.load()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped content directory."""
    source = package_content_dir()
    target = tmp_path / "content"
    for folder in ("intents", "responses"):
        shutil.copytree(source / folder, target / folder)
    return target


def pytest_configure(config) -> None:
    """Keep built responders cached in a folder of this test run, not in the user's cache."""
    import os
    import tempfile

    os.environ.setdefault("BOTOX_CHAT_CACHE", tempfile.mkdtemp(prefix="botox-chat-cache-"))


#: Under mutation testing, the order the test files run in: the quick, exact tests first, so that
#: a mutant they catch is caught in a second; the labelled sets, which read thousands of messages, last.
MUTATION_ORDER = (
    "test_tokens.py",
    "test_rules.py",
    "test_rule_matching.py",
    "test_injection_reader.py",
    "test_reading.py",
    "test_safe_defaults.py",
    "test_safety_review.py",
    "test_question_model.py",
    "test_responder.py",
    "test_models.py",
    "test_kiosk_api.py",
    "test_languages.py",
    "test_spanish_safety.py",
    "test_routing.py",
)


#: Tests left out under mutation testing: the sets that measure topic routing (thousands of ordinary
#: questions, a third of a surviving mutant's time), and robustness checks the other tests repeat.
#: The safety, trouble, act and conversation sets stay, and so do their ordinary questions.
MUTATION_SKIP = (
    "[questions.yaml]",
    "[dev_questions.yaml]",
    "[holdout_questions.yaml]",
    "[final_questions.yaml]",
    "[fresh_questions.yaml]",
    "[realq/healthsearchqa.yaml]",
    "[realq/medquad.yaml]",
    "[es/questions_dev.yaml]",
    "[es/questions_holdout.yaml]",
    "[es/questions_final.yaml]",
    # Content built afresh from an edited copy (seconds each, for every mutant): loading, not replies.
    "test_a_broken_language_file_is_refused",
    "test_a_language_is_data_adding_one_needs_no_code",
    "test_a_clinic_sets_the_spanish_crisis_line",
    "test_a_clinic_file_cannot_word_a_setting",
    "test_the_test_set_is_large_and_covers_every_kind",
    "test_every_example_routes_to_its_own_topic",
    "test_random_bytes_never_raise",
)


def pytest_collection_modifyitems(config, items) -> None:
    if MUTATING:
        skipped = [item for item in items if any(part in item.nodeid for part in MUTATION_SKIP)]
        if skipped:
            config.hook.pytest_deselected(items=skipped)
            gone = {id(item) for item in skipped}
            items[:] = [item for item in items if id(item) not in gone]
        rank = {name: n for n, name in enumerate(MUTATION_ORDER)}
        items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
