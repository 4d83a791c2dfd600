"""``check``: the shipped content passes, and each check fires, with file and line, on a broken copy.

Everything runs the real command in a child process, as an editor would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

RUN_CHAT = str(ROOT / "run_chat.py")


def check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, RUN_CHAT, "check", *args], capture_output=True, text=True, timeout=300, check=False
    )


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of ``path`` that holds ``text``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def findings(result: subprocess.CompletedProcess) -> list[dict]:
    return json.loads(result.stdout)["findings"]


def test_the_shipped_content_has_no_errors_or_warnings():
    result = check("--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] and report["errors"] == 0 and report["warnings"] == 0
    assert report["checked"]["examples"] > 500 and report["checked"]["quotes"] >= 11
    assert all(f["severity"] == "note" for f in report["findings"])


def test_each_check_fires_on_a_broken_copy(content_copy):
    tmj_responses = content_copy / "responses" / "tmj.yaml"
    tmj_intents = content_copy / "intents" / "tmj.yaml"
    dystonia = content_copy / "intents" / "cervical_dystonia.yaml"
    conditions = content_copy / "intents" / "other_conditions.yaml"
    # A quote moved under another section's name.
    edit(
        tmj_responses,
        'section: "9. Addressing Temporomandibular Joint (TMJ) Disorder"',
        'section: "1. Migraine Relief"',
    )
    # An example that is really about sweating, filed under TMJ.
    edit(tmj_intents, "examples:\n", "examples:\n  - can botox stop my armpits from sweating so much\n")
    # A name claimed by two topics.
    edit(dystonia, "  names:\n", "  names:\n    - jaw clenching\n")
    # A grade-12 answer.
    edit(
        tmj_responses,
        "answer: >-\n",
        "answer: >-\n  Temporomandibular dysfunction encompasses heterogeneous musculoskeletal pathologies affecting "
        "masticatory musculature, necessitating multidisciplinary therapeutic interventions incorporating "
        "pharmacological neuromodulation.\n",
    )
    # A phrase for a condition the article does not name that is really a topic's own name.
    edit(conditions, "phrases: [tension headache,", "phrases: [chronic migraine, tension headache,")

    result = check("--content", str(content_copy), "--json")
    assert result.returncode == 1
    found = {(f["check"], f["file"], f["line"]) for f in findings(result) if f["severity"] == "error"}
    expected = {
        ("quote", "responses/tmj.yaml", line_of(tmj_responses, "quote:")),
        ("routing", "intents/tmj.yaml", line_of(tmj_intents, "armpits from sweating")),
        ("readability", "responses/tmj.yaml", line_of(tmj_responses, "answer:")),
        ("routing", "intents/other_conditions.yaml", line_of(conditions, "phrases: [chronic migraine")),
    }
    assert expected <= found, found
    overlap = [f for f in findings(result) if f["check"] == "overlap" and f["severity"] == "error"]
    assert {f["file"] for f in overlap} & {"intents/tmj.yaml", "intents/cervical_dystonia.yaml"}
    assert any("jaw clenching" in f["message"] for f in overlap)

    text = check("--content", str(content_copy))
    assert text.returncode == 1
    assert f"responses/tmj.yaml:{line_of(tmj_responses, 'quote:')}: error [quote]" in text.stdout
    assert "fix:" in text.stdout and "Traceback" not in text.stderr


def test_an_example_that_gets_an_offer_is_a_warning_not_an_error(content_copy):
    spasticity = content_copy / "intents" / "spasticity.yaml"
    edit(spasticity, "examples:\n", "examples:\n  - how much does botox for spasticity cost\n")
    result = check("--content", str(content_copy), "--json")
    assert result.returncode == 0
    warnings = [f for f in findings(result) if f["severity"] == "warning"]
    assert [(f["check"], f["line"]) for f in warnings] == [("routing", line_of(spasticity, "how much does botox"))]


def test_a_file_that_does_not_load_is_reported_with_its_line(content_copy):
    path = content_copy / "intents" / "tmj.yaml"
    edit(path, "examples:\n", "examples:\n  - [unclosed\n")
    result = check("--content", str(content_copy))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "intents/tmj.yaml:" in result.stdout and "error [load]" in result.stdout


def test_a_change_that_breaks_a_labelled_question_shows_in_the_evaluation(content_copy, tmp_path):
    labelled = tmp_path / "labelled.yaml"
    labelled.write_text(
        "groups:\n"
        "  - name: patients\n"
        "    questions:\n"
        '      - {q: "does botox help with sweaty armpits", expect: hyperhidrosis}\n'
        '      - {q: "botox for my jaw pain", expect: tmj}\n'
        '      - {q: "i cant breathe", expect: emergency}\n',
        encoding="utf-8",
    )
    # "armpits" now also named for TMJ: the sweating question is no longer answered as sweating.
    edit(content_copy / "intents" / "tmj.yaml", "  names:\n", "  names:\n    - armpits\n    - sweaty armpits\n")
    result = check("--content", str(content_copy), "--evaluate", str(labelled), "--json")
    report = json.loads(result.stdout)
    [figure] = report["evaluations"]
    assert figure["total"] == 3 and figure["baseline_right"] == 3 and figure["right"] < 3
    broke = [f for f in report["findings"] if f["check"] == "evaluation"]
    assert [f["line"] for f in broke] == [line_of(labelled, "sweaty armpits")]

    shipped = check("--evaluate", str(labelled), "--json")
    assert json.loads(shipped.stdout)["evaluations"][0]["right"] == 3


@pytest.mark.parametrize(
    "text, low",
    [
        ("Botox can ease a tight jaw. It can help the pain too.", True),
        ("Temporomandibular dysfunction encompasses heterogeneous musculoskeletal pathologies.", False),
    ],
)
def test_grades_come_from_the_library(text, low):
    from chatbot.check import GRADE_TARGET, grade

    assert (grade(text) <= GRADE_TARGET) is low
