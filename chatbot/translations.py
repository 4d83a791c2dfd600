"""Languages as data: each language's word resources and texts, loaded and checked.

A content directory names its base language in ``intents/language.yaml`` (the
language its rules are written in). Every other language is a pair of folders::

    intents/<code>/language.yaml   its stemmer, spelling list, own characters and glossary
    intents/<code>/examples.yaml   example questions for each topic (``check`` routes each one)
    responses/<code>/<topic>.yaml  each topic's title, answer and "tell me more", with the
                                   article's quotes as they are and their translation
    responses/<code>/messages.yaml every other reply, under the same names as the base
    responses/<code>/labels.yaml   the short texts put into replies: the rules' labels,
                                   the kinds' own messages, conditions' names
    responses/<code>/clinic.yaml   the reminder, warning signs, crisis line, kiosk welcome

A language with a topic or message the base language lacks (or the other way round)
is refused with the file and line, like any other content error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .errors import ContentError
from .models import LanguageSpec, Response, RuleSet, Source, Texts, freeze
from .settings import _clinic_file, check_template
from .source import Article
from .yamlfile import Mapping, Sequence, read_document, text_list, text_value

#: Settings a language's ``clinic.yaml`` may word in its own language.
TEXT_SETTINGS = {
    "clinic": {"crisis_line"},
    "reminder": None,
    "warning_signs": {"source", "text"},
    "kiosk": {"page_title", "welcome"},
}


def base_spec(intents_dir: Path) -> LanguageSpec:
    """The base language, from ``intents/language.yaml``."""
    return _spec(intents_dir / "language.yaml", glossary=False)


def other_specs(intents_dir: Path, base: str) -> list[LanguageSpec]:
    """Every other language: each folder in ``intents/`` holding a ``language.yaml``, by code."""
    specs = []
    for folder in sorted(p for p in intents_dir.iterdir() if p.is_dir() and (p / "language.yaml").is_file()):
        spec = _spec(folder / "language.yaml", glossary=True)
        if spec.code != folder.name or spec.code == base:
            raise ContentError(
                folder / "language.yaml", None, f"'code' must be the folder's name ('{folder.name}'), not the base's"
            )
        examples_path = folder / "examples.yaml"
        examples = _examples(examples_path) if examples_path.is_file() else {}
        specs.append(replace(spec, examples=examples))
    return specs


def _spec(path: Path, glossary: bool) -> LanguageSpec:
    keys = {"code", "name", "stemmer", "spelling"}
    doc = read_document(
        path,
        keys | ({"marks", "glossary", "readability", "model_code"} if glossary else set()),
        keys | ({"glossary"} if glossary else set()),
    )
    readability: tuple[str, float] = ("", 0.0)
    if "readability" in doc:
        raw = doc["readability"]
        if (
            not isinstance(raw, Mapping)
            or set(raw) != {"formula", "at_least"}
            or not isinstance(raw["at_least"], (int, float))
        ):
            raise ContentError(
                path,
                doc.line_of("readability"),
                "'readability' needs 'formula' (a textstat reading-ease formula) and 'at_least' (a number)",
            )
        readability = (text_value(raw, "formula", path), float(raw["at_least"]))
    entries: dict[str, str] = {}
    if glossary:
        raw = doc["glossary"]
        if not isinstance(raw, Mapping) or not raw:
            raise ContentError(path, doc.line_of("glossary"), "'glossary' must map words or phrases to English words")
        for phrase, given in raw.items():
            meaning = "" if given is None else given
            if not isinstance(meaning, str):
                raise ContentError(
                    path, raw.line_of(phrase), f"'{phrase}' must map to words in quotes, not {meaning!r}"
                )
            entries[phrase] = meaning
    marks = str(doc.get("marks", "")) if glossary else ""
    return LanguageSpec(
        text_value(doc, "code", path),
        text_value(doc, "name", path),
        text_value(doc, "stemmer", path),
        text_value(doc, "spelling", path),
        marks,
        freeze(entries),
        readability=readability,
        model_code=text_value(doc, "model_code", path) if "model_code" in doc else "",
    )


def _examples(path: Path) -> dict[str, tuple[str, ...]]:
    doc = read_document(path, {"examples"}, {"examples"})
    raw = doc["examples"]
    if not isinstance(raw, Mapping):
        raise ContentError(path, doc.line_of("examples"), "'examples' must map each topic id to example questions")
    return {topic: text_list(raw, topic, path) for topic in raw}


def load_texts(
    root: Path,
    spec: LanguageSpec,
    base: Texts,
    rules: Iterable[RuleSet],
    conditions: Iterable[str],
    config: Path | None,
    article: Article | None,
) -> Texts:
    """One language's texts from ``responses/<code>/``, checked against the base language's."""
    folder = root / "responses" / spec.code
    if not folder.is_dir():
        raise ContentError(
            folder, None, f"folder not found: language '{spec.code}' needs its texts in responses/{spec.code}/"
        )
    responses = {}
    for topic, english in base.responses.items():
        path = folder / f"{topic}.yaml"
        if not path.is_file():
            raise ContentError(path, None, f"missing: topic '{topic}' needs its {spec.name} text here")
        responses[topic] = _response(path, english, article)
    for path in sorted(folder.glob("*.yaml")):
        if path.stem not in base.responses and path.stem not in {"messages", "labels", "clinic"}:
            raise ContentError(
                path, None, f"'{path.stem}' is no topic of the base language: remove it or add the topic"
            )
    messages_path = folder / "messages.yaml"
    doc = read_document(messages_path, {"messages"}, {"messages"})
    raw = doc["messages"]
    if not isinstance(raw, Mapping):
        raise ContentError(messages_path, doc.line_of("messages"), "'messages' must map message names to text")
    messages = {}
    for name in base.messages:
        if name not in raw:
            raise ContentError(messages_path, raw.line, f"missing message '{name}': add its {spec.name} text")
    for name in raw:
        if name not in base.messages:
            raise ContentError(
                messages_path, raw.line_of(name), f"unknown message '{name}': the base language has no such message"
            )
        text = text_value(raw, name, messages_path)
        check_template(text, messages_path, raw.line_of(name))
        messages[name] = text
    labels, conditions_named, kind_messages = _labels(folder / "labels.yaml", rules, conditions, spec)
    settings = _settings(folder / "clinic.yaml", base.settings, config, spec.code)
    return Texts(
        spec.code,
        spec.name,
        freeze(responses),
        freeze(messages),
        freeze(settings),
        freeze(labels),
        freeze(conditions_named),
        freeze(kind_messages),
    )


def _response(path: Path, english: Response, article: Article | None) -> Response:
    doc = read_document(
        path,
        {"intent", "title", "answer", "sources", "more", "approval"},
        {"intent", "title", "answer", "sources", "more"},
    )
    if text_value(doc, "intent", path) != english.intent:
        raise ContentError(path, doc.line_of("intent"), f"'intent' must be '{english.intent}', the file's name")
    if bool(english.approval) != ("approval" in doc):
        raise ContentError(path, doc.line, "'approval' must be given exactly where the base language gives it")
    raw = doc["sources"]
    if not isinstance(raw, Sequence) or len(raw) != len(english.sources):
        raise ContentError(
            path,
            doc.line_of("sources"),
            f"'sources' must list the same {len(english.sources)} quotes as the base language",
        )
    sources = []
    for index, item in enumerate(raw):
        line = raw.line_of(index)
        if not isinstance(item, Mapping) or set(item) != {"section", "quote", "translation"}:
            raise ContentError(path, line, "each source needs exactly 'section', 'quote' and 'translation'")
        section, quote = text_value(item, "section", path), text_value(item, "quote", path)
        problem = article.check_quote(section, quote) if article else None
        if problem:
            raise ContentError(path, item.line_of("quote"), f"{problem} (the quote stays in the article's words)")
        sources.append(Source(section, quote, text_value(item, "translation", path)))
    approval = text_value(doc, "approval", path) if "approval" in doc else ""
    return Response(
        english.intent,
        text_value(doc, "title", path),
        text_value(doc, "answer", path),
        tuple(sources),
        text_value(doc, "more", path),
        approval,
    )


def _labels(
    path: Path, rules: Iterable[RuleSet], conditions: Iterable[str], spec: LanguageSpec
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    doc = read_document(path, {"labels", "messages", "conditions"}, {"labels", "conditions"})
    rules = list(rules)

    def mapping(key: str, wanted: Iterable[str]) -> dict[str, str]:
        raw = doc.get(key, Mapping())
        if not isinstance(raw, Mapping):
            raise ContentError(
                path, doc.line_of(key), f"'{key}' must map each base-language text to its {spec.name} one"
            )
        wanted = list(dict.fromkeys(wanted))
        for item in wanted:
            if item not in raw:
                raise ContentError(path, raw.line or doc.line_of(key), f"missing under '{key}': '{item}'")
        for item in raw:
            if item not in wanted:
                raise ContentError(
                    path, raw.line_of(item), f"'{item}' under '{key}' is not in the base language's rules"
                )
        result = {item: text_value(raw, item, path) for item in wanted}
        for item in wanted:
            check_template(result[item], path, raw.line_of(item))
        return result

    labels = mapping("labels", (r.label for r in rules if r.label))
    kinds = mapping("messages", (r.id for r in rules if r.message))
    named = mapping("conditions", conditions)
    return labels, named, kinds


def _settings(path: Path, base: Any, config: Path | None, code: str) -> dict[str, Any]:
    settings = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    for source in (path, config):
        if source is None or not source.is_file():
            continue
        values = _clinic_file(path, require_all=False) if source == path else _config_texts(source, code)
        for section, value in values.items():
            allowed = TEXT_SETTINGS.get(section, ())
            if section not in TEXT_SETTINGS:
                raise ContentError(
                    source, None, f"'{section}' is not worded per language: set it in responses/clinic.yaml"
                )
            if isinstance(value, dict):
                for key in value:
                    if allowed is None or key not in allowed:
                        raise ContentError(source, None, f"'{section}.{key}' is not worded per language")
                settings[section] = {**settings[section], **value}
            else:
                settings[section] = value
    return settings


def _config_texts(config: Path, code: str) -> dict[str, Any]:
    """A clinic's own texts for language ``code``: its ``--config`` file's ``languages.<code>``."""
    from .settings import language_overrides

    return language_overrides(config, code)
