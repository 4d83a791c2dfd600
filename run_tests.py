#!/usr/bin/env python3
"""Run the whole test suite; on a fresh machine, installs what the tests need first.

python3 run_tests.py            every test
python3 run_tests.py -k jsonl   extra arguments go to pytest
"""

import sys

from bootstrap import ensure_installed

if __name__ == "__main__":
    ensure_installed(extras=("dev",))
    import pytest

    sys.exit(pytest.main(sys.argv[1:]))
