#!/usr/bin/env python3
"""Run the whole test suite, or the code checks; on a fresh machine, installs what they need first.

python3 run_tests.py            every test
python3 run_tests.py -k jsonl   extra arguments go to pytest
python3 run_tests.py --lint     ruff: lint rules and formatting (changes nothing)
python3 run_tests.py --types    mypy --strict on chatbot/, a looser mypy on tests/
"""

import subprocess
import sys

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


if __name__ == "__main__":
    ensure_installed(extras=("dev",))
    if len(sys.argv) == 2 and sys.argv[1] in CHECKS:
        sys.exit(run_checks(sys.argv[1]))
    import pytest

    sys.exit(pytest.main(sys.argv[1:]))
