"""Speed figures for the responder, printed rather than asserted (timings are noisy).

    python run_chat.py benchmark

1. The cost of ``respond()`` against one plain ``rapidfuzz.process.extractOne``
   pass with ``WRatio`` over every example phrasing in the content (the budget: a tenth of it).
2. The time until ``run_chat.py --jsonl`` prints its first answer, against the
   time of ``python -c "import rapidfuzz, yaml"`` (the budget is three times that).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from rapidfuzz import fuzz, process

from .models import Session
from .responder import Responder

#: respond() may cost at most this share of one plain WRatio pass over the example phrasings.
RESPOND_BUDGET = 0.10

QUESTIONS = (
    "botox for sweaty armpits?",
    "my jaw clicks and hurts",
    "can botox cure diabetes?",
    "what's the weather like tomorrow",
    "i have had chronic migranes for years and nothing works, my neurologist mentioned botox, would it help?",
    "is botox for migraines safe?",
    "botox for TMJ and neck dystonia",
    "i can't breathe",
    "hi",
    "tell me more",
)


def _per_call(function: Callable[[str], object], questions: tuple[str, ...], rounds: int) -> float:
    """Median seconds per call over several rounds of all questions."""
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        for question in questions:
            function(question)
        timings.append((time.perf_counter() - start) / len(questions))
    return statistics.median(timings)


def _first_answer(command: list[str], stdin: bytes | None) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdin is not None and process.stdout is not None  # both asked for as pipes just above
    if stdin is not None:
        process.stdin.write(stdin)
        process.stdin.flush()
        process.stdout.readline()
    elapsed = time.perf_counter() - start
    process.stdin.close()
    process.wait()
    return elapsed if stdin is not None else time.perf_counter() - start


def run(responder: Responder, out: TextIO, rounds: int = 30, starts: int = 11) -> int:
    """Measure and print both figures."""
    examples = [example for intent in responder.content.intents for example in intent.examples]
    cold_bot = Responder.from_content(responder.content)  # a responder that has answered nothing yet
    cold = _per_call(lambda q: cold_bot.respond(q, Session()), QUESTIONS, 1)
    # The two alternate round by round, and the ratio is taken round by round, so a machine that
    # speeds up or slows down during the measurement moves both alike.
    wratios, responds = [], []
    for _ in range(rounds):
        wratios.append(
            _per_call(lambda q: process.extractOne(q, examples, scorer=fuzz.WRatio, processor=None), QUESTIONS, 1)
        )
        responds.append(_per_call(lambda q: responder.respond(q, Session()), QUESTIONS, 1))
    wratio, respond = statistics.median(wratios), statistics.median(responds)
    ratio = statistics.median(r / w for r, w in zip(responds, wratios, strict=True))
    out.write(f"respond(): {respond * 1e3:.3f} ms per call (median of {rounds} rounds of {len(QUESTIONS)} questions)\n")
    out.write(f"respond(), first time each question is seen: {cold * 1e3:.3f} ms per call\n")
    out.write(f"extractOne(WRatio) over {len(examples)} example phrasings: {wratio * 1e3:.3f} ms per call\n")
    verdict = "within" if ratio <= RESPOND_BUDGET else "OVER"
    out.write(
        f"ratio: {ratio:.2f} (median of {rounds} alternating rounds; "
        f"budget: {RESPOND_BUDGET:.2f}): {verdict} budget\n\n"
    )

    run_chat = str(Path(__file__).resolve().parent.parent / "run_chat.py")
    if not Path(run_chat).exists():  # installed without the checkout: use the module
        command = [sys.executable, "-m", "chatbot", "--jsonl"]
    else:
        command = [sys.executable, run_chat, "--jsonl"]
    _first_answer(command, b"botox for migraines\n")  # a first start may build the cache: not counted
    # The two commands alternate, and the ratio is taken run by run, so a machine that speeds up
    # or slows down during the measurement moves both alike.
    baselines, firsts = [], []
    for _ in range(starts):
        baselines.append(_first_answer([sys.executable, "-c", "import rapidfuzz, yaml"], None))
        firsts.append(_first_answer(command, b"botox for migraines\n"))
    baseline, first = statistics.median(baselines), statistics.median(firsts)
    ratio = statistics.median(f / b for f, b in zip(firsts, baselines, strict=True))
    out.write(f"python -c 'import rapidfuzz, yaml': {baseline * 1e3:.0f} ms (median of {starts})\n")
    out.write(
        f"{' '.join(Path(c).name for c in command)}: first answer after {first * 1e3:.0f} ms (median of {starts})\n"
    )
    verdict = "within" if ratio <= 3 else "OVER"
    out.write(
        f"ratio: {ratio:.2f} (median of {starts} alternating pairs; budget: 3): {verdict} budget; "
        "timings are noisy on a busy machine\n"
    )
    return 0
