"""Is this an ordinary English word? Used to keep real words from being "corrected".

Without it, "checking" is one typo from "choking" and "paint" from "pain".
The word list is GCIDE's headwords from the ``english-words`` package; an
inflected form counts when a simple de-inflection of it is listed.
"""

from __future__ import annotations

import pickle
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

#: The package's own file for ``get_english_words_set(["gcide"], alpha=True, lower=True)``.
_WORD_LIST = Path("data") / "gcide_alpha_lower.pickle"


@lru_cache(maxsize=1)
def dictionary() -> set[str]:
    """Lower-case English headwords (about 110,000), loaded once per process. Do not modify."""
    spec = find_spec("english_words")
    folder = Path(next(iter(spec.submodule_search_locations))) if spec and spec.submodule_search_locations else None
    if folder is not None and (folder / _WORD_LIST).is_file():
        # Reading the file directly skips the package's set copy: a third of start-up time.
        with open(folder / _WORD_LIST, "rb") as handle:
            return pickle.load(handle)
    from english_words import get_english_words_set

    return get_english_words_set(["gcide"], alpha=True, lower=True)


def is_word(word: str, words: set[str] | frozenset[str]) -> bool:
    """Whether ``word`` or a plain de-inflection of it is in ``words``."""
    if word in words:
        return True
    for suffix, replacements in _ENDINGS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if any(base + r in words for r in replacements):
                return True
            if suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2] and base[:-1] in words:
                return True
    return False


_ENDINGS = (
    ("ies", ("y",)),
    ("ied", ("y",)),
    ("es", ("", "e")),
    ("s", ("",)),
    ("ing", ("", "e")),
    ("ed", ("", "e")),
    ("ly", ("", "le")),
    ("'s", ("",)),
)
