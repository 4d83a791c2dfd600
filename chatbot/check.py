"""``check``: what a content editor runs before publishing a change to ``intents/`` or ``responses/``.

Loading already refuses broken files. This goes further and asks whether the
bot still behaves as the content means it to, and reports every problem at
once, each with its file, line and a way to fix it:

- routing: every example phrasing of a topic reaches that topic (and a red flag
  written too broadly shows here, as examples that get the urgent message); no
  condition the article does not name gets a topic answer;
- overlaps: a name or example claimed by two topics, or a topic's name or example
  that is also a phrase of a kind of question the article does not answer
  (shared lay terms are listed as notes: a term may fit two topics);
- quotes: every quote word for word in the source article, under the section it
  names, and every ``more`` text copied from it;
- readability: the Flesch-Kincaid grade of every answer and message (a warning
  above grade 8, an error above grade 10); in another language, the reading-ease
  formula its ``language.yaml`` names (Spanish: Fernández-Huerta, 70 or more);
- languages: every example of another language (``intents/<code>/examples.yaml``)
  reaches its topic and is answered in that language; every glossary meaning is
  made of words the rules know;
- evaluations: the accuracy of labelled question files, beside the same files
  answered with the shipped content, with every question the change broke.

Errors make the exit status 1; warnings and notes do not.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import source as source_article
from .content import load_content
from .errors import ContentError
from .evaluate import describe, evaluate, load_cases, require_known_topics
from .models import Session
from .paths import package_content_dir
from .responder import Responder
from .text import stems
from .yamlfile import Mapping, Sequence, read_yaml

#: Flesch-Kincaid grade above which patient text is flagged (a warning), and refused (an error).
GRADE_TARGET, GRADE_LIMIT = 8.0, 10.0
#: Reply kinds that count as reaching a topic: its answer, or the offer of it.
_TOPIC_KINDS = ("answer", "not_covered")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_SPECIAL_INTENTS = (
    "red_flags",
    "questions",
    "smalltalk",
    "vocabulary",
    "after_injection",
    "other_conditions",
    "reports",
    "language",
)
#: Texts shorter than this (in words) are not scored for reading ease: a button's word scores nonsense.
MIN_SCORED_WORDS = 6
_SPECIAL_RESPONSES = ("messages", "clinic")


@dataclass(frozen=True)
class Finding:
    """One problem: where it is, what it is, and how to fix it."""

    severity: str  # "error", "warning" or "note"
    check: str  # "load", "routing", "overlap", "quote", "readability" or "evaluation"
    file: str
    line: int | None
    message: str
    fix: str = ""

    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class Figure:
    """The accuracy of one labelled file, and of the same file with the baseline content."""

    file: str
    right: int
    total: int
    baseline_right: int | None = None

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def baseline_accuracy(self) -> float | None:
        return None if self.baseline_right is None or not self.total else self.baseline_right / self.total


@dataclass
class Report:
    """Everything ``check`` found, and how much it looked at."""

    content: str
    findings: list[Finding] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    counted: dict[str, int] = field(default_factory=dict)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def ok(self) -> bool:
        return self.count("error") == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "content": self.content,
            "ok": self.ok,
            "errors": self.count("error"),
            "warnings": self.count("warning"),
            "notes": self.count("note"),
            "findings": [asdict(f) for f in self.findings],
            "evaluations": [
                {
                    **asdict(f),
                    "accuracy": round(f.accuracy, 4),
                    "baseline_accuracy": None if f.baseline_accuracy is None else round(f.baseline_accuracy, 4),
                }
                for f in self.figures
            ],
            "checked": self.counted,
        }


def run(
    content: Path | str | None = None,
    config: Path | str | None = None,
    evaluations: Iterable[Path | str] = (),
    baseline: Path | str | None = None,
) -> Report:
    """Check a content directory (default: the shipped one). ``baseline``: the content to compare
    evaluations with (default: the shipped content, when checking another directory)."""
    root = Path(content) if content is not None else package_content_dir()
    report = Report(str(root))
    # The response files, parsed once for both checks that read them (None where one does not parse).
    responses = {path: _parsed(path) for path in sorted((root / "responses").glob("*.yaml"))}
    report.findings += _quotes(root, responses, report.counted)
    # Another language's files quote the article too, in its own words; their "more" is a translation.
    translated = {path: _parsed(path) for path in sorted((root / "responses").glob("*/*.yaml"))}
    report.findings += _quotes(root, translated, report.counted, more=False)
    report.findings += _readability(root, responses, Path(config) if config else None, report.counted)
    try:
        # Quotes were checked above, all of them; the rest of the checks run even when some are wrong.
        responder = Responder.from_content(load_content(root, config, quotes=False))
    except ContentError as error:
        found = {(f.file, f.line) for f in report.findings}
        problem = Finding(
            "error",
            "load",
            _relative(error.path, root),
            error.line,
            error.message,
            "the content cannot be loaded until this is fixed; the other checks wait for it",
        )
        if (problem.file, problem.line) not in found:
            report.findings.insert(0, problem)
        return _sorted(report)
    docs = _intent_documents(root)
    report.findings += _examples(responder, docs, report.counted)
    report.findings += _other_conditions(responder, root / "intents" / "other_conditions.yaml", report.counted)
    report.findings += _overlaps(docs, root / "intents" / "questions.yaml", responder)
    report.findings += _languages(root, responder, translated, report.counted)
    files = [Path(f) for f in evaluations]
    if files:
        base = Path(baseline) if baseline is not None else package_content_dir()
        compare = None if _same(base, root) and config is None else _load_baseline(base, report)
        for path in files:
            report.findings += _evaluation(responder, compare, path, report.figures)
    return _sorted(report)


def _sorted(report: Report) -> Report:
    order = {"error": 0, "warning": 1, "note": 2}
    report.findings.sort(key=lambda f: (order[f.severity], f.file, f.line or 0))
    return report


# -- quotes ------------------------------------------------------------------


def _quotes(root: Path, responses: dict[Path, Any], counted: dict[str, int], more: bool = True) -> list[Finding]:
    """Every quote and (with ``more``) every ``more`` of every response file against the source, all at once."""
    folder = root / "responses" / "source"
    texts = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if len(texts) != 1:
        return []  # loading says what is wrong with the source folder
    try:
        article = source_article.read(texts[0])
    except ContentError:
        return []
    findings: list[Finding] = []
    quotes = 0
    for path, doc in responses.items():
        if path.stem in _SPECIAL_RESPONSES or path.stem == "labels" or doc is None:
            continue  # a file that does not parse: loading reports it
        name = _relative(path, root)
        sources = doc.get("sources") if isinstance(doc, Mapping) else None
        for item in sources if isinstance(sources, Sequence) else []:
            if (
                not isinstance(item, Mapping)
                or not isinstance(item.get("quote"), str)
                or not isinstance(item.get("section"), str)
            ):
                continue
            quotes += 1
            problem = article.check_quote(" ".join(item["section"].split()), item["quote"])
            if problem:
                findings.append(
                    Finding(
                        "error",
                        "quote",
                        name,
                        item.line_of("quote"),
                        problem,
                        "copy the sentence exactly from the source article, and name the section it is under",
                    )
                )
        if more and isinstance(doc, Mapping) and isinstance(doc.get("more"), str) and not article.contains(doc["more"]):
            findings.append(
                Finding(
                    "error",
                    "quote",
                    name,
                    doc.line_of("more"),
                    "'more' is not word for word in the source article",
                    "'more' is shown as the article's own words: copy it exactly",
                )
            )
    counted["quotes"] = counted.get("quotes", 0) + quotes
    return findings


# -- routing -----------------------------------------------------------------


def _intent_documents(root: Path) -> dict[str, tuple[str, Mapping]]:
    """Each topic's intents file, parsed with its line numbers: topic id -> (file name, document)."""
    docs = {}
    for path in sorted((root / "intents").glob("*.yaml")):
        if path.stem not in _SPECIAL_INTENTS:
            doc = read_yaml(path)  # already loaded once, so it parses
            docs[path.stem] = (_relative(path, root), doc)
    return docs


def _examples(responder: Responder, docs: dict[str, tuple[str, Mapping]], counted: dict[str, int]) -> list[Finding]:
    """Every example phrasing of a topic must reach that topic, and should get its answer."""
    findings = []
    counted["examples"] = 0
    for topic, (name, doc) in docs.items():
        for line, example in _items(doc, "examples"):
            counted["examples"] += 1
            reply = responder.respond(example, Session())
            if reply.kind not in _TOPIC_KINDS or reply.intents[:1] != (topic,):
                findings.append(
                    Finding(
                        "error",
                        "routing",
                        name,
                        line,
                        f'the example "{example}" gets {describe(reply)}, not {topic}',
                        f'see why with: python3 run_chat.py explain "{example}"; make the example say what only '
                        f"{topic} is about, add its telling words to {topic}'s terms, or remove it",
                    )
                )
            elif reply.kind != "answer":
                findings.append(
                    Finding(
                        "warning",
                        "routing",
                        name,
                        line,
                        f'the example "{example}" is read as a question the article does not answer '
                        f"({reply.aspect or 'other'}), so it gets the offer of {topic}'s answer, not the answer",
                        "reword it as a question the article answers (what it is, whether or how Botox helps), "
                        "or remove it",
                    )
                )
    return findings


def _other_conditions(responder: Responder, path: Path, counted: dict[str, int]) -> list[Finding]:
    """No condition the article does not name may get a topic answer, alone or asked about Botox."""
    findings = []
    counted["other_condition_phrases"] = 0
    for entry, line, phrase in _rule_phrases(path, "conditions"):
        counted["other_condition_phrases"] += 1
        for message in (phrase, f"can botox help with {phrase}?"):
            reply = responder.respond(message, Session())
            if reply.kind == "answer":
                findings.append(
                    Finding(
                        "error",
                        "routing",
                        path.parent.name + "/" + path.name,
                        line,
                        f'"{message}" ({entry}, a condition the article does not name) gets {describe(reply)}',
                        f'see why with: python3 run_chat.py explain "{message}"; make the phrase name the condition '
                        "itself, or take the shared word out of the topic's terms",
                    )
                )
                break
    return findings


def _rule_phrases(path: Path, key: str) -> Iterator[tuple[str, int, str]]:
    """(entry name, line, phrase as a patient would type it) for each phrase of a rules file."""
    doc = read_yaml(path)
    entries = doc.get(key) if isinstance(doc, Mapping) else None
    for entry in entries if isinstance(entries, Sequence) else []:
        if not isinstance(entry, Mapping):
            continue
        label = str(entry.get("id") or entry.get("name") or "")
        for line, phrase in _items(entry, "phrases"):
            yield label, line, phrase.replace("=", "")


# -- overlaps ----------------------------------------------------------------


def _overlaps(docs: dict[str, tuple[str, Mapping]], questions_path: Path, responder: Responder) -> list[Finding]:
    """Names and examples claimed twice, and topic words that also mark an unanswered kind of question."""
    claims: dict[str, list[tuple[str, str, str, int, str]]] = defaultdict(list)
    for topic, (name, doc) in docs.items():
        keywords = doc.get("keywords")
        for kind, source in (("name", keywords), ("term", keywords), ("example", doc)):
            key = {"name": "names", "term": "terms", "example": "examples"}[kind]
            for line, text in _items(source, key) if isinstance(source, Mapping) else []:
                claims[_key(text)].append((topic, kind, name, line, text))
    findings = []
    for holders in claims.values():
        topics = {h[0] for h in holders}
        if len(topics) < 2:
            continue
        strong = [h for h in holders if h[1] != "term"]
        # The first holder (a name or example before a term) keeps it; each other one is reported.
        rest = sorted(holders, key=lambda h: (h[1] == "term", h[2], h[3]))[1:]
        for topic, kind, name, line, text in rest:
            others = ", ".join(sorted(f"{h[1]} of {h[0]} ({h[2]}:{h[3]})" for h in holders if h[0] != topic))
            if strong:
                findings.append(
                    Finding(
                        "error",
                        "overlap",
                        name,
                        line,
                        f'"{text}" ({kind} of {topic}) is also the {others}',
                        "a name or example must belong to one topic: keep it where it fits best and remove the other",
                    )
                )
            else:
                findings.append(
                    Finding(
                        "note",
                        "overlap",
                        name,
                        line,
                        f'the term "{text}" of {topic} is also the {others}',
                        "fine when it fits both: a message with only this word gets a choice between the topics",
                    )
                )
    unanswered = {q.id for q in responder.content.questions if not q.answered}
    seen: set[tuple[str, str]] = set()
    for kind_id, line, phrase in _rule_phrases(questions_path, "questions"):
        key = _key(phrase)
        if kind_id not in unanswered or (kind_id, key) in seen:
            continue
        seen.add((kind_id, key))
        for topic, kind, name, tline, text in claims.get(key, []):
            severity = "note" if kind == "term" else "error"
            findings.append(
                Finding(
                    severity,
                    "overlap",
                    name,
                    tline,
                    f'"{text}" ({kind} of {topic}) is also a phrase of the question kind "{kind_id}" '
                    f"(intents/questions.yaml:{line}), which the article does not answer",
                    "a message with it is read as that kind of question and gets the offer, not the answer"
                    + ("" if severity == "note" else ": remove it from one of the two"),
                )
            )
    return findings


def _key(text: str) -> str:
    return " ".join(stems(text.replace("=", "")))


def _items(doc: Mapping, key: str) -> Iterator[tuple[int, str]]:
    items = doc.get(key)
    if not isinstance(items, Sequence):
        return
    for index, item in enumerate(items):
        if isinstance(item, str):
            yield items.line_of(index), item


# -- readability -------------------------------------------------------------


# -- other languages ------------------------------------------------------------


def _languages(root: Path, responder: Responder, translated: dict[Path, Any], counted: dict[str, int]) -> list[Finding]:
    """Each other language: its examples routed, its texts scored, its glossary's meanings known.
    ``translated`` holds every language's response files, parsed once (for the quotes too)."""
    findings: list[Finding] = []
    for spec in responder.content.languages[1:]:
        own = {path: doc for path, doc in translated.items() if path.parent.name == spec.code}
        findings += _language_examples(root, responder, spec.code, counted)
        findings += _language_readability(root, spec.code, spec.readability, own, counted)
        findings += _glossary_meanings(root, responder, spec.code, spec.glossary)
    return findings


def _language_examples(root: Path, responder: Responder, code: str, counted: dict[str, int]) -> list[Finding]:
    path = root / "intents" / code / "examples.yaml"
    doc = _parsed(path)
    if not isinstance(doc, Mapping) or not isinstance(doc.get("examples"), Mapping):
        return []
    findings = []
    name = _relative(path, root)
    for topic, examples in doc["examples"].items():
        if not isinstance(examples, Sequence):
            continue
        for index, example in enumerate(examples):
            counted[f"{code}_examples"] = counted.get(f"{code}_examples", 0) + 1
            reply = responder.respond(example, Session())
            if reply.kind in _TOPIC_KINDS and reply.intents[:1] == (topic,) and reply.language == code:
                continue
            said = describe(reply) + ("" if reply.language == code else f" in '{reply.language}'")
            findings.append(
                Finding(
                    "error",
                    "routing",
                    name,
                    examples.line_of(index),
                    f"the example \"{example}\" gets {said}, not {topic} in '{code}'",
                    f'see how it is read with: python3 run_chat.py explain "{example}"; add its words or phrase, '
                    f"with the English words they mean, to intents/{code}/language.yaml's glossary",
                )
            )
    return findings


def _language_readability(
    root: Path, code: str, readability: tuple[str, float], responses: dict[Path, Any], counted: dict[str, int]
) -> list[Finding]:
    formula, least = readability
    if not formula:
        return []
    import textstat

    score = getattr(textstat, formula, None)
    if score is None:
        return [
            Finding(
                "error",
                "readability",
                f"intents/{code}/language.yaml",
                None,
                f"'{formula}' is not a textstat formula",
                "use one textstat has, such as fernandez_huerta",
            )
        ]
    # A translated "more" is the language's own text, so it is scored too.
    texts = _patient_texts(root, responses, ("answer", "approval", "more"))
    findings = []
    textstat.set_lang(code)
    try:
        for name, line, what, text in texts:
            plain = _PLACEHOLDER.sub("esto", " ".join(text.split()))
            if len(plain.split()) < MIN_SCORED_WORDS:
                continue
            counted[f"{code}_texts_scored"] = counted.get(f"{code}_texts_scored", 0) + 1
            value = float(score(plain))
            if value < least:
                findings.append(
                    Finding(
                        "error" if value < least - 10 else "warning",
                        "readability",
                        name,
                        line,
                        f"{what} scores {value:.1f} on {formula}; patient text should score {least:g} or more",
                        "use shorter sentences and everyday words",
                    )
                )
    finally:
        textstat.set_lang("en_US")
    return findings


def _glossary_meanings(root: Path, responder: Responder, code: str, glossary: Any) -> list[Finding]:
    """A meaning made of words no rule knows and no English word list has is a typo in the glossary."""
    known = responder.indexes.lexicon.known
    from .english import load

    english = load()
    path = root / "intents" / code / "language.yaml"
    doc = _parsed(path)
    lines = doc["glossary"] if isinstance(doc, Mapping) and isinstance(doc.get("glossary"), Mapping) else Mapping()
    findings = []
    for phrase, meaning in glossary.items():
        unknown = [
            w for w in _words(meaning) if stems(w)[0] not in known and not w.isdigit() and not english.is_word(w)
        ]
        if unknown:
            findings.append(
                Finding(
                    "warning",
                    "glossary",
                    _relative(path, root),
                    lines.line_of(phrase) if phrase in lines else None,
                    f"'{phrase}' means '{meaning}', and no rule or English word list knows '{unknown[0]}'",
                    "write the English words the rules use (see intents/*.yaml)",
                )
            )
    return findings


def _words(text: str) -> list[str]:
    from .text import words

    return words(text)


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of ``text``, placeholders read as one short word."""
    import textstat  # only the check needs it

    return float(textstat.flesch_kincaid_grade(_PLACEHOLDER.sub("it", " ".join(text.split()))))


def _readability(root: Path, responses: dict[Path, Any], config: Path | None, counted: dict[str, int]) -> list[Finding]:
    """Patient text (answers, approval notes, messages, the reminder, the welcome) at grade 8 or below."""
    texts = _patient_texts(root, responses, ("answer", "approval"))
    if config is not None:
        doc = _parsed(config)
        texts += _settings_texts(doc, str(config)) if isinstance(doc, Mapping) else []
    texts = [t for t in texts if len(t[3].split()) >= MIN_SCORED_WORDS]
    counted["texts_graded"] = len(texts)
    findings = []
    for name, line, what, text in texts:
        level = grade(text)
        if level > GRADE_TARGET:
            severity = "error" if level > GRADE_LIMIT else "warning"
            findings.append(
                Finding(
                    severity,
                    "readability",
                    name,
                    line,
                    f"{what} reads at grade {level:.1f}; patient text should be at grade {GRADE_TARGET:g} or below",
                    "use shorter sentences and everyday words (say 'sweating a lot', not 'excessive perspiration')",
                )
            )
    return findings


def _patient_texts(
    root: Path, responses: dict[Path, Any], topic_keys: tuple[str, ...]
) -> list[tuple[str, int, str, str]]:
    """Every patient text of parsed response files, as (file, line, what, text): each message (of
    ``messages.yaml``, and of a language's ``labels.yaml``), the clinic texts, and each topic's
    ``topic_keys``."""
    texts: list[tuple[str, int, str, str]] = []
    for path, doc in responses.items():
        if not isinstance(doc, Mapping):
            continue
        name = _relative(path, root)
        if path.stem in ("messages", "labels"):
            block = doc.get("messages")
            if isinstance(block, Mapping):
                texts += [(name, block.line_of(k), f"message '{k}'", v) for k, v in block.items() if isinstance(v, str)]
        elif path.stem == "clinic":
            texts += _settings_texts(doc, name)
        else:
            texts += [(name, doc.line_of(k), f"'{k}'", doc[k]) for k in topic_keys if isinstance(doc.get(k), str)]
    return texts


def _settings_texts(doc: Mapping, name: str) -> list[tuple[str, int, str, str]]:
    texts = []
    if isinstance(doc.get("reminder"), str):
        texts.append((name, doc.line_of("reminder"), "the reminder", doc["reminder"]))
    signs = doc.get("warning_signs")
    if isinstance(signs, Mapping) and isinstance(signs.get("text"), str):
        texts.append((name, signs.line_of("text"), "the warning signs", signs["text"]))
    kiosk = doc.get("kiosk")
    if isinstance(kiosk, Mapping) and isinstance(kiosk.get("welcome"), str):
        texts.append((name, kiosk.line_of("welcome"), "the kiosk's welcome", kiosk["welcome"]))
    return texts


def _parsed(path: Path) -> Any:
    """A YAML file's contents, or None when it cannot be read (loading reports why)."""
    try:
        return read_yaml(path)
    except ContentError:
        return None


# -- evaluations -------------------------------------------------------------


def _load_baseline(base: Path, report: Report) -> Responder | None:
    try:
        return Responder.load(base)
    except ContentError as error:
        report.findings.append(
            Finding(
                "warning",
                "evaluation",
                str(error.path),
                error.line,
                f"the baseline content cannot be loaded ({error.message})",
                "pass --baseline DIR",
            )
        )
        return None


def _evaluation(responder: Responder, baseline: Responder | None, path: Path, figures: list[Figure]) -> list[Finding]:
    """Accuracy on one labelled file; the questions this content gets wrong that the baseline got right."""
    try:
        cases = load_cases(path)
        require_known_topics(cases, responder.content.topic_ids, path)
    except ContentError as error:
        return [Finding("error", "evaluation", str(error.path), error.line, error.message, "fix the labelled file")]
    outcomes = evaluate(responder, cases)
    before = evaluate(baseline, cases) if baseline is not None else None
    figures.append(
        Figure(
            str(path),
            sum(o.correct for o in outcomes),
            len(outcomes),
            None if before is None else sum(o.correct for o in before),
        )
    )
    findings = []
    for index, outcome in enumerate(outcomes):
        if outcome.correct or (before is not None and not before[index].correct):
            continue
        case = outcome.case
        emergency = "emergency" in case.expect and outcome.reply.kind != "emergency"
        broke = before is not None
        if not (emergency or broke):
            continue
        findings.append(
            Finding(
                "error" if emergency else "warning",
                "evaluation",
                str(path),
                case.line,
                f'"{case.question}" expects {case.expect}, gets {describe(outcome.reply)}'
                + (" (the baseline content got it right)" if broke else ""),
                f'compare: python3 run_chat.py explain "{case.question}", with --content for this content '
                "and without it",
            )
        )
    return findings


# -- output ------------------------------------------------------------------


def render(report: Report) -> str:
    """The report for a person: findings by severity, then the evaluations and a summary line."""
    lines = [f"Checking the content in {report.content}", ""]
    for finding in report.findings:
        lines.append(f"{finding.where()}: {finding.severity} [{finding.check}] {finding.message}")
        if finding.fix:
            lines.append(f"    fix: {finding.fix}")
    if report.findings:
        lines.append("")
    for figure in report.figures:
        line = f"{figure.file}: {figure.right}/{figure.total} = {figure.accuracy:.2%}"
        if figure.baseline_accuracy is not None:
            change = figure.accuracy - figure.baseline_accuracy
            line += f" (baseline {figure.baseline_accuracy:.2%}, {change:+.2%})"
        lines.append(line)
    if report.figures:
        lines.append("")
    looked = ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in report.counted.items())
    counts = ", ".join(_plural(report.count(s), s) for s in ("error", "warning", "note"))
    lines.append(counts + (f" (checked {looked})" if looked else ""))
    return "\n".join(lines) + "\n"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _relative(path: Path | str, root: Path) -> str:
    path = Path(path)
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except (ValueError, OSError):
        return str(path)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
