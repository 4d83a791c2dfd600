"""The responder for mutation testing, built once per process from the code as written.

mutmut forks a test process for each mutant. Building the indexes takes longer
than most mutants' tests, so the responder is built once, before the forks, and
with no mutant switched on; mutants in code that only builds the indexes are
therefore not tried (see tests/mutation_survivors.txt), while every mutant in
code that reads a message or decides a reply is.
"""

from __future__ import annotations

import os
from functools import lru_cache

from chatbot import Responder
from chatbot.content import load_content


@lru_cache(maxsize=1)
def responder() -> Responder:
    """The shipped content's responder, built with no mutant switched on."""
    saved = os.environ.get("MUTANT_UNDER_TEST")
    os.environ["MUTANT_UNDER_TEST"] = ""
    try:
        return Responder.from_content(load_content())
    finally:
        if saved is None:
            del os.environ["MUTANT_UNDER_TEST"]
        else:
            os.environ["MUTANT_UNDER_TEST"] = saved
