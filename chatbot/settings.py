"""Clinic settings (``responses/clinic.yaml`` plus an optional override file) and message templates.

The defaults file must define every setting; an override (``--config FILE``)
may hold any subset. Unknown keys and wrong types are ``ContentError``s that
name the file and line.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

from .errors import ContentError
from .yamlfile import Mapping, read_document, text_value

#: Placeholders every message template may use.
PLACEHOLDERS = frozenset(
    {
        "clinic_name",
        "clinic_phone",
        "emergency_number",
        "crisis_line",
        "topic",
        "topics",
        "aspect",
        "condition",
        "approved",
        "clinic",
        "phone",
        "cite",
        "translation",
        "more",
        "original",
        "source",
        "number",
        "count",
        "command",
        "commands",
    }
)


def check_template(text: str, path: Path, line: int) -> None:
    """Raise ``ContentError`` for a broken or unknown placeholder in ``text``."""
    try:
        parsed = [(f, spec, conversion) for _, f, spec, conversion in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        raise ContentError(
            path, line, f"broken placeholder ({exc}): write {{name}}, or {{{{ and }}}} for literal braces"
        ) from None
    fields = [f for f, _, _ in parsed]
    for field, spec, conversion in parsed:
        # "{clinic_phone:%}" crashes when filled and "{clinic_phone:>99999999}" makes every reply huge:
        # a placeholder is a bare name.
        if spec or conversion:
            raise ContentError(
                path,
                line,
                f"placeholder '{{{field}}}' has a format ('{spec or '!' + str(conversion)}'): write just {{{field}}}",
            )
    for field in fields:
        if field not in PLACEHOLDERS:
            raise ContentError(
                path, line, f"unknown placeholder '{{{field}}}': use one of {', '.join(sorted(PLACEHOLDERS))}"
            )


CLINIC_KEYS = {
    "clinic": {"name", "phone", "emergency_number", "crisis_line"},
    "reminder": None,
    "warning_signs": {"source", "text"},
    "kiosk": {
        "idle_timeout_seconds",
        "page_title",
        "welcome",
        "session_ttl_seconds",
        "header_timeout_seconds",
        "body_timeout_seconds",
        "keep_alive_seconds",
        "max_connections",
        "max_in_flight",
        "queue_limit",
        "queue_wait_seconds",
        "max_connections_per_client",
        "print_questions",
    },
    "stats": {"enabled", "token"},
}
#: Sections whose texts are message templates, checked like ``messages.yaml``.
TEMPLATES = {"warning_signs"}
#: Settings that are whole numbers above 0 rather than text.
WHOLE_NUMBERS = {"max_connections", "max_in_flight", "queue_limit", "max_connections_per_client"}
#: Shortest staff token accepted for the usage figures (anyone who guesses it reads them).
MIN_STAFF_TOKEN_CHARS = 24
#: Settings that are true or false.
SWITCHES = {"enabled", "print_questions"}


def load_settings(defaults_path: Path, override_path: Path | None) -> dict[str, Any]:
    """The defaults file, with any settings in the override file taking their place."""
    settings = _clinic_file(defaults_path, require_all=True)
    if override_path is not None:
        if not override_path.is_file():
            raise ContentError(override_path, None, "settings file not found: check the --config path")
        for section, values in _clinic_file(override_path, require_all=False).items():
            settings[section] = {**settings[section], **values} if isinstance(values, dict) else values
    return settings


def _clinic_file(path: Path, require_all: bool) -> dict[str, Any]:
    doc = read_document(path, {*CLINIC_KEYS, "languages"}, set(CLINIC_KEYS) if require_all else set())
    return _sections(doc, path, require_all)


def language_overrides(path: Path, code: str) -> dict[str, Any]:
    """A clinic file's texts for language ``code`` (its ``languages.<code>`` mapping), checked alike."""
    doc = read_document(path, {*CLINIC_KEYS, "languages"}, set())
    languages = doc.get("languages")
    if languages is None:
        return {}
    if not isinstance(languages, Mapping):
        raise ContentError(path, doc.line_of("languages"), "'languages' must map a language code to its texts")
    texts = languages.get(code)
    if texts is None:
        return {}
    if not isinstance(texts, Mapping):
        raise ContentError(path, languages.line_of(code), f"'languages.{code}' must be a mapping of texts")
    return _sections(texts, path, require_all=False)


def _sections(doc: Mapping, path: Path, require_all: bool) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for section, keys in CLINIC_KEYS.items():
        if section not in doc:
            continue
        if keys is None:
            text = text_value(doc, section, path)
            check_template(text, path, doc.line_of(section))
            result[section] = text
            continue
        values = doc[section]
        if not isinstance(values, Mapping):
            raise ContentError(path, doc.line_of(section), f"'{section}' must be a mapping of settings")
        checked: dict[str, Any] = {}
        for key, value in values.items():
            line = values.line_of(key)
            if key not in keys:
                raise ContentError(
                    path, line, f"unknown setting '{section}.{key}': allowed are {', '.join(sorted(keys))}"
                )
            if key in SWITCHES:
                if not isinstance(value, bool):
                    raise ContentError(path, line, f"'{section}.{key}' must be true or false")
                checked[key] = value
            elif key.endswith("_seconds") or key in WHOLE_NUMBERS:
                if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                    raise ContentError(path, line, f"'{section}.{key}' must be a whole number above 0")
                checked[key] = value
            elif isinstance(value, str):
                if section in TEMPLATES:
                    check_template(value, path, line)
                if (section, key) == ("stats", "token") and value and len(value.strip()) < MIN_STAFF_TOKEN_CHARS:
                    raise ContentError(
                        path,
                        line,
                        f"'stats.token' is too short to keep the usage figures private: use at least "
                        f"{MIN_STAFF_TOKEN_CHARS} random characters, for example from "
                        "python3 -c 'import secrets; print(secrets.token_urlsafe(24))'",
                    )
                checked[key] = " ".join(value.split())
            else:
                # YAML reads 000 as 0 and 0161... as an octal number: a phone number must stay text.
                raise ContentError(
                    path, line, f"'{section}.{key}' must be text: put it in quotes, for example {key}: \"000\""
                )
        missing = sorted(keys - set(checked)) if require_all else []
        if missing:
            raise ContentError(path, values.line, f"missing setting '{section}.{missing[0]}': add it")
        result[section] = checked
    return result
