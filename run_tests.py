#!/usr/bin/env python3
"""Run the whole test suite, or the code checks; on a fresh machine, installs what they need first.

python3 run_tests.py            every test
python3 run_tests.py -k jsonl   extra arguments go to pytest
python3 run_tests.py --lint     ruff: lint rules and formatting (changes nothing)
python3 run_tests.py --types    mypy --strict on chatbot/, a looser mypy on tests/
python3 run_tests.py --mutate   mutation testing of the safety rules (tests/mutation_scope.txt); fails on
                                a surviving mutant without a reason in tests/mutation_survivors.txt
"""

import fnmatch
import os
import re
import subprocess
import sys
import time

from bootstrap import ROOT, ensure_installed

#: Each code check: what it is, and the command (run with this Python) that does it.
CHECKS = {
    "--lint": [
        ("ruff check", ["-m", "ruff", "check", "."]),
        ("ruff format --check", ["-m", "ruff", "format", "--check", "."]),
    ],
    "--types": [
        ("mypy --strict chatbot", ["-m", "mypy"]),
        # Tests: every function body is checked, but fixtures and tests need no annotations,
        # and test-only libraries without type information are taken as they are.
        (
            "mypy tests (looser)",
            [
                "-m",
                "mypy",
                "--config-file=",
                "--python-version=3.11",
                "--check-untyped-defs",
                "--ignore-missing-imports",
                "tests",
            ],
        ),
    ],
}


def run_checks(which: str) -> int:
    """Run one group of checks, all of them even when one fails; 1 if any failed."""
    failed = []
    for name, args in CHECKS[which]:
        print(f"== {name}", flush=True)
        if subprocess.run([sys.executable, *args], cwd=ROOT, check=False).returncode != 0:
            failed.append(name)
    print(f"failed: {', '.join(failed)}" if failed else "all clean", flush=True)
    return 1 if failed else 0


#: The functions mutation testing tries (mutmut's names, with wildcards), and the survivors allowed.
MUTATION_SCOPE = ROOT / "tests" / "mutation_scope.txt"
MUTATION_SURVIVORS = ROOT / "tests" / "mutation_survivors.txt"
_MUTANT_STATUS = re.compile(r"^\s*(\S+): (.+)$")
#: How many surviving mutants' diffs a run prints; see any other with: python3 -m mutmut show NAME
SHOWN_DIFFS = 10


def _listed(path):
    """{entry: note} from a list file: one entry per line, then its note; '#' starts a comment line."""
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, note = line.strip().partition(" ")
            entries[name] = note.strip()
    return entries


def run_mutation() -> int:
    """mutmut over the safety rules; 1 if a mutant survives that the survivors list does not explain.

    mutmut keeps its work in mutants/ and, run again, tries only what changed since; a clean
    checkout (as in CI) tries every mutant in scope.
    """
    scope = list(_listed(MUTATION_SCOPE))
    allowed = _listed(MUTATION_SURVIVORS)
    started = time.monotonic()
    # mutmut runs the type checker by name: this environment's tools come first on the PATH.
    env = dict(os.environ, PATH=os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]))
    run = subprocess.run([sys.executable, "-m", "mutmut", "run", *scope], cwd=ROOT, check=False, env=env)
    minutes = (time.monotonic() - started) / 60
    if run.returncode != 0:
        print(f"mutmut run failed (exit status {run.returncode})")
        return 1
    results = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    status = {
        m.group(1): m.group(2)
        for m in map(_MUTANT_STATUS.match, results.splitlines())
        if m and any(fnmatch.fnmatchcase(m.group(1), pattern) for pattern in scope)
    }
    # A mutant no test fails is a survivor, whatever mutmut calls it ("survived", "no tests", "suspicious").
    caught = {"killed", "timeout", "caught by type check", "segfault"}
    survivors = sorted(name for name, verdict in status.items() if verdict not in caught)
    unexplained = [name for name in survivors if name not in allowed]
    stale = sorted(name for name in allowed if status.get(name) in caught or name not in status)
    killed = sum(verdict in caught for verdict in status.values())
    print(
        f"\nmutation testing: {len(status)} mutants in scope, {killed} caught, {len(survivors)} survived "
        f"({len(survivors) - len(unexplained)} of them explained in {MUTATION_SURVIVORS.name}), "
        f"{minutes:.1f} minutes"
    )
    for name in unexplained:
        print(f"SURVIVED, not explained: {name} ({status[name]})")
    # mutmut show is slow (it reloads every mutant's source): the first few diffs, then the command.
    for name in unexplained[:SHOWN_DIFFS]:
        subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=ROOT, check=False)
    if unexplained:
        print(
            f"\n{len(unexplained)} surviving mutants: add a test that fails on each, or, if the mutant "
            f"cannot change what a patient is told, a line '<name> <why>' to {MUTATION_SURVIVORS}"
        )
    if stale:
        print(f"\nNo longer surviving, so remove from {MUTATION_SURVIVORS.name}: " + ", ".join(stale))
    return 1 if unexplained or stale else 0


if __name__ == "__main__":
    ensure_installed(extras=("dev",))
    if len(sys.argv) == 2 and sys.argv[1] in CHECKS:
        sys.exit(run_checks(sys.argv[1]))
    if sys.argv[1:] == ["--mutate"]:
        sys.exit(run_mutation())
    import pytest

    sys.exit(pytest.main(sys.argv[1:]))
