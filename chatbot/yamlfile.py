"""Reading YAML while remembering the line every key and item came from.

PyYAML forgets where things were once it has built Python objects, and it
silently keeps the last of two duplicate keys. Content authors need both: an
error that points at a line, and a duplicate key reported rather than lost.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Mapping(dict[str, Any]):
    """A dict that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Sequence(list[Any]):
    """A list that knows its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    path = Path("<content>")

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Mapping:
        result = Mapping()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise ContentError(self.path, line, f"key {key!r} is not text: write keys as plain words")
            if key in result:
                raise ContentError(
                    self.path,
                    line,
                    f"key '{key}' appears twice (first on line {result.key_lines[key]}): "
                    "keep one and merge their contents",
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = line
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> Sequence:
        result = Sequence(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)


#: Largest content or settings file read (the largest shipped file is well under 100 KB).
MAX_FILE_BYTES = 2 * 1024 * 1024


def read_yaml(path: Path) -> Any:
    """Parse one YAML file into ``Mapping``/``Sequence`` objects that carry line numbers.

    Raises ``ContentError`` naming the file and line for unreadable files,
    invalid UTF-8, YAML syntax errors and duplicate keys.
    """
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # a 200 MB file once took 1.1 GB to load whole
    except OSError as exc:
        raise ContentError(path, None, f"cannot read the file ({exc.strerror})") from None
    if len(data) > MAX_FILE_BYTES:
        raise ContentError(
            path,
            None,
            f"the file is over {MAX_FILE_BYTES // 1024 // 1024} MB: content and settings files are far smaller",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(path, line, "the file is not valid UTF-8 text: save it as UTF-8") from None
    loader = _Loader(text)
    loader.path = path
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        # Point at where the broken construct starts (an unclosed "[" on line 5),
        # and say where the parser noticed (line 19), since both help.
        start, found = exc.context_mark, exc.problem_mark
        mark = start or found
        mark_line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        noticed = f" (noticed at line {found.line + 1})" if start and found and found.line != start.line else ""
        raise ContentError(
            path,
            mark_line,
            f"YAML syntax error: {problem}{noticed}; check indentation and brackets, and quote "
            "text that contains ': ' or starts with a special character",
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(path, None, f"YAML error: {exc}") from None
    finally:
        loader.dispose()


# -- checked access to the documents content is made of ------------------------


def read_document(path: Path, allowed: set[str], required: set[str] | None = None) -> Mapping:
    """Read a YAML file that must be a mapping with only ``allowed`` keys and all ``required`` ones
    (default: all allowed keys)."""
    if not path.is_file():
        raise ContentError(path, None, "file not found: every content directory needs it")
    data = read_yaml(path)
    if not isinstance(data, Mapping):
        raise ContentError(path, getattr(data, "line", 1), "the file must be a mapping of keys to values")
    for key in data:
        if key not in allowed:
            raise ContentError(
                path, data.line_of(key), f"unknown key '{key}': allowed keys are {', '.join(sorted(allowed))}"
            )
    for key in sorted((allowed if required is None else required) - set(data)):
        raise ContentError(path, data.line, f"missing key '{key}': add it")
    return data


def text_value(doc: Mapping, key: str, path: Path) -> str:
    """A non-empty text value; single line breaks are folded, blank lines (paragraphs) kept."""
    value = doc.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(path, doc.line_of(key), f"'{key}' must be non-empty text")
    return " ".join(value.split()) if "\n\n" not in value else value.strip()


def text_list(doc: Mapping, key: str, path: Path, allow_empty: bool = False) -> tuple[str, ...]:
    """A list of non-empty text items."""
    value = doc.get(key)
    if not isinstance(value, Sequence) or (not value and not allow_empty):
        raise ContentError(
            path, doc.line_of(key), f"'{key}' must be a list of text items, one per line starting with '- '"
        )
    items = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise ContentError(
                path,
                value.line_of(index),
                f"item {index + 1} of '{key}' must be non-empty text (quote it if it looks like a number or yes/no)",
            )
        items.append(item.strip())
    return tuple(items)
