"""The cited source article: its sections, and checks that quotes really come from it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError

_HEADING = re.compile(r"^\s*(\d+\.\s+.+?):\s*$")
#: The article has no headings for its first and last paragraphs; these names say where to look.
INTRODUCTION, CONCLUSION = "Opening paragraph", "Closing paragraph"


def _squash(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Article:
    """The source text and its sections by name (whitespace collapsed for comparison)."""

    text: str
    sections: dict[str, str]

    def contains(self, passage: str) -> bool:
        """Whether every paragraph of ``passage`` appears word for word in the article."""
        whole = _squash(self.text)
        return all(_squash(p) in whole for p in passage.split("\n\n") if p.strip())

    def check_quote(self, section: str, quote: str) -> str | None:
        """Why ``quote`` is not a verbatim extract of ``section``, or None if it is."""
        if section not in self.sections:
            names = ", ".join(f'"{name}"' for name in self.sections)
            return f"unknown section '{section}': use one of {names}"
        if _squash(quote) not in self.sections[section]:
            if self.contains(quote):
                return f"the quote is in the article but not in section '{section}': cite the right section"
            return "the quote is not word for word in the source article: copy it exactly"
        return None


def _is_prose(paragraph: str) -> bool:
    # Page furniture and titles ("top of page") have no sentence break.
    return ". " in paragraph


def title_of(text: str) -> str:
    """The article's title: its first line of four words or more that is neither a heading nor prose
    ("top of page", left over from the web page it was saved from, is not)."""
    for line in (line.strip() for line in text.splitlines()):
        if len(line.split()) >= 4 and not _HEADING.match(line) and not _is_prose(line):
            return line
    return ""


def read(path: Path) -> Article:
    """Read the article and split it into its opening paragraph, numbered sections and closing paragraph.

    The opening paragraph is the prose (paragraphs of more than one sentence) before the
    first numbered heading; each numbered section is the paragraph
    after its heading; anything after the last section's paragraph is the closing paragraph.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(path, None, f"cannot read the source article as UTF-8 text ({exc})") from None
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    sections: dict[str, str] = {}
    current, intro, tail = None, [], []
    for paragraph in paragraphs:
        heading = _HEADING.match(paragraph)
        if heading:
            current = heading.group(1)
            sections[current] = ""
        elif current is None:
            if _is_prose(paragraph):
                intro.append(paragraph)
        elif not sections[current]:
            sections[current] = _squash(paragraph)
        elif _is_prose(paragraph):
            tail.append(paragraph)
    if not sections:
        raise ContentError(path, None, "the article has no numbered headings like '1. Migraine Relief:'")
    ordered = {INTRODUCTION: _squash(" ".join(intro))} if intro else {}
    ordered.update(sections)
    if tail:
        ordered[CONCLUSION] = _squash(" ".join(tail))
    return Article(text, ordered)
