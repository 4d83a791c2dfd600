"""The command line, run as a real process: batch mode, plain chat, evaluate, content errors."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

RUN_CHAT = str(ROOT / "run_chat.py")


def run(*args: str, data: bytes = b"", timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, RUN_CHAT, *args], input=data, capture_output=True, timeout=timeout, check=False
    )


def test_jsonl_answers_each_line_in_order_with_a_fresh_session():
    lines = ["botox for migraines", "tell me more", "my jaw clicks and hurts", "i can't breathe", "hi", ""]
    result = run("--jsonl", data=("\n".join(lines) + "\n").encode())
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["question"] for r in records] == lines
    assert [r["line"] for r in records] == list(range(1, len(lines) + 1))
    assert [r["kind"] for r in records] == ["answer", "fallback", "answer", "emergency", "smalltalk", "fallback"]
    assert records[0]["intents"] == ["migraine"] and records[0]["sources"][0]["quote"]
    assert set(records[0]) >= {"kind", "intents", "confidence", "text", "reminder", "sources", "suggestions"}


def test_jsonl_survives_bad_lines():
    huge = b"botox " * 50_000
    data = b"\xff\xfe not utf8\n" + b"\x00\x01\x02\x1b[2J\n" + huge + b"\n" + b"botox for tmj\n"
    result = run("--jsonl", data=data)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(records) == 4
    assert "not valid UTF-8" in records[0]["warning"]
    assert records[1]["kind"] == "fallback"
    assert "only its start was read" in records[2]["warning"]
    assert records[3]["intents"] == ["tmj"]


def test_jsonl_output_is_flushed_line_by_line():
    process = subprocess.Popen(
        [sys.executable, RUN_CHAT, "--jsonl"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdin and process.stdout
    try:
        process.stdin.write(b"botox for migraines\n")
        process.stdin.flush()
        first = json.loads(process.stdout.readline())  # arrives before stdin is closed
        assert first["intents"] == ["migraine"]
    finally:
        process.stdin.close()
        process.wait(timeout=30)


def test_piped_chat_is_plain_text_and_keeps_the_conversation():
    result = run(data=b"botox for migraines\ntell me more\n")
    out = result.stdout.decode()
    assert result.returncode == 0 and "\x1b" not in out
    assert "Chronic migraine" in out and "healthcare professional" in out
    assert "Those who suffer from these debilitating headaches" in out


def test_evaluate_prints_accuracy_per_group_and_misses(tmp_path):
    labelled = tmp_path / "few.yaml"
    labelled.write_text(
        "groups:\n  - name: jaw\n    expect: tmj\n    questions:\n"
        "      - my jaw clicks\n      - botox for sweaty feet\n",
        encoding="utf-8",
    )
    result = run("evaluate", str(labelled))
    out = result.stdout.decode()
    assert result.returncode == 0
    assert "jaw" in out and "50.00%" in out
    assert "line 6: expected tmj, got answer:hyperhidrosis: botox for sweaty feet" in out


def test_evaluate_totals_print_the_figures_and_no_message(tmp_path):
    # For the set kept aside (tests/untouched/): how many were right, never which were missed.
    labelled = tmp_path / "aside.yaml"
    labelled.write_text(
        "groups:\n  - name: mixed\n    questions:\n"
        "      - {q: my jaw clicks, expect: tmj}\n"
        "      - {q: botox for sweaty feet, expect: tmj}\n"
        "      - {q: i cant breathe properly, expect: emergency}\n",
        encoding="utf-8",
    )
    result = run("evaluate", "--totals", str(labelled))
    out = result.stdout.decode()
    assert result.returncode == 0
    assert "right: 2/3 = 66.67%" in out and "emergencies escalated: 1/1" in out
    assert "mixed" not in out and "jaw" not in out and "sweaty" not in out


def test_content_error_is_a_clean_message_and_exit_code(content_copy):
    path = content_copy / "intents" / "tmj.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "bogus: 1\n", encoding="utf-8")
    result = run("--jsonl", "--content", str(content_copy), data=b"hi\n")
    assert result.returncode == 2 and result.stdout == b""
    err = result.stderr.decode()
    assert f"{path}:" in err and "unknown key 'bogus'" in err and "Traceback" not in err


def test_version_and_help():
    assert run("--version").stdout.decode().startswith("botox-chat ")
    help_text = run("--help").stdout.decode()
    assert "--jsonl" in help_text and "--content" in help_text and "evaluate" in help_text


def test_batch_mode_does_not_import_prompt_toolkit():
    code = (
        "import sys, io; sys.argv=['x','--jsonl']; sys.stdin=io.TextIOWrapper(io.BytesIO(b'hi\\n'));"
        "from chatbot.cli import main; main(); assert 'prompt_toolkit' not in sys.modules, 'imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60, check=False)
    assert result.returncode == 0, result.stderr.decode()


def test_explain_shows_how_each_message_is_read_in_one_conversation():
    result = run("explain", "what causes tmj?", "yes")
    out = result.stdout.decode()
    assert result.returncode == 0
    first, second = out.split("\n\n")
    assert "act:        causes - not answered by the article" in first
    assert "topic:      tmj" in first and "reply:      not_covered:tmj@causes" in first
    assert "rule:       a choice on offer" in second and "reply:      answer:tmj" in second


def test_evaluate_reads_conversations_and_alternatives(tmp_path):
    labelled = tmp_path / "talk.yaml"
    labelled.write_text(
        "conversations:\n"
        "  - name: offer\n    turns:\n"
        "      - {say: what causes tmj, expect: 'tmj | not_covered:tmj'}\n"
        "      - {say: 'yes', expect: tmj}\n"
        "  - name: wrong\n    turns:\n"
        "      - {say: botox for sweaty armpits, expect: migraine}\n",
        encoding="utf-8",
    )
    out = run("evaluate", str(labelled)).stdout.decode()
    assert "2     3    66.67%" in out and "conversations with every turn right: 1/2" in out
    assert "line 8 [wrong]: expected migraine, got answer:hyperhidrosis" in out


def test_evaluate_rejects_a_label_naming_an_unknown_topic(tmp_path):
    labelled = tmp_path / "typo.yaml"
    labelled.write_text(
        "groups:\n  - name: g\n    expect: migrane\n    questions: [botox for migraine]\n", encoding="utf-8"
    )
    result = run("evaluate", str(labelled))
    assert result.returncode == 2 and "'migrane', which is not a topic id" in result.stderr.decode()
