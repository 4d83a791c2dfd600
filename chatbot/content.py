"""The only file I/O for content: a content directory of YAML → a validated ``Content``.

A content directory holds::

    intents/<topic>.yaml       keywords and example questions, one topic a file
    intents/red_flags.yaml         emergency symptoms, checked before anything else
    intents/after_injection.yaml   how a message reports a new problem after an injection
    intents/questions.yaml         the kinds of question, and which ones the article answers
    intents/other_conditions.yaml  conditions the article does not name
    intents/smalltalk.yaml         greetings, thanks, goodbye, help
    intents/vocabulary.yaml        words that say "about Botox", filler words, "tell me more"
    responses/<topic>.yaml     the scripted answer, its source section and quotes
    responses/messages.yaml    wording of every non-topic reply
    responses/clinic.yaml      clinic details, the consult reminder, kiosk settings
    responses/source/*.txt     the cited source article (exactly one file)

Everything is read and checked before anything is returned, so content is
either loaded whole or not at all. Every problem is a ``ContentError`` that
names the file and line and says how to fix it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from . import source as source_article
from . import translations
from .errors import ContentError
from .models import (
    Conditions,
    Content,
    Frame,
    InjectionRules,
    Intent,
    ReportRules,
    Response,
    Rule,
    RuleSet,
    Source,
    Texts,
    Vocabulary,
    freeze,
)
from .paths import package_content_dir
from .settings import check_template, load_settings
from .yamlfile import Mapping, Sequence, read_document, text_list, text_value

INTENT_ID = re.compile(r"^[a-z][a-z0-9_]*$")
SPECIAL_INTENT_FILES = (
    "red_flags",
    "questions",
    "smalltalk",
    "vocabulary",
    "after_injection",
    "reports",
    "other_conditions",
    "language",
)

#: Kinds of question the responder gives special replies to; ``questions.yaml`` must define each one.
REQUIRED_QUESTIONS = (
    "approval",
    "personal_decision",
    "cure",
    "children",
    "pregnancy",
    "warning_signs",
    "side_effects",
    "symptoms",
    "seriousness",
    "when_to_worry",
    "other_uses",
    "definition",
    "mechanism",
    "treatment",
)
#: Word lists in ``vocabulary.yaml``, by their key there.
VOCABULARY_KEYS = {
    "domain_words": "domain",
    "filler_words": "filler",
    "more_phrases": "more",
    "affirmations": "affirmations",
    "acknowledgements": "acknowledgements",
    "exclusion_phrases": "exclusions",
    "generic_words": "generic",
    "refer_back_words": "refer_back",
    "personal_words": "personal",
    "child_words": "children",
    "adult_words": "adults",
    "risk_words": "risk",
    "now_words": "now",
    "first_topic_phrases": "first_topic",
    "previous_topic_phrases": "previous_topic",
    "helps_verbs": "helps_verbs",
    "helps_after": "helps_after",
    "subject_words": "subject_words",
    "subject_verbs": "subject_verbs",
    "about_verbs": "about_verbs",
    "fear_words": "fear_words",
    "fear_of": "fear_of",
    "explaining_words": "explaining",
    "plea_phrases": "pleas",
}
SPECIAL_RESPONSE_FILES = ("messages", "clinic")

#: Messages the responder needs; ``messages.yaml`` must define each one.
REQUIRED_MESSAGES = (
    "emergency",
    "crisis",
    "fallback",
    "empty",
    "not_covered",
    "not_covered_topic",
    "not_covered_other",
    "not_covered_botox",
    "not_covered_related",
    "not_covered_also",
    "other_condition",
    "other_condition_near",
    "approval_topic",
    "approval_general",
    "child_caution",
    "risk_symptom",
    "new_symptom",
    "injection_noted",
    "offer_topic",
    "language",
    "safety_net",
    "clarify",
    "more_none",
    "more_done",
    "greeting",
    "thanks",
    "goodbye",
    "help",
    "from_article",
    "more_text",
    "source_named",
    "tell_me_more",
    "and",
    "the_clinic",
    "call_clinic",
    "conditions_covered",
    "none_approved",
    "page_welcome",
    "page_conversation",
    "page_urgent",
    "page_topics",
    "page_question",
    "page_placeholder",
    "page_ask",
    "page_start_over",
    "page_you_asked",
    "page_get_help",
    "page_tell_staff",
    "page_source",
    "page_error",
    "page_offline",
    "page_text_size",
    "page_size_normal",
    "page_size_larger",
    "page_size_largest",
    "page_read_aloud",
    "page_stop_reading",
    "page_auto_read",
    "page_print",
    "page_print_title",
    "page_helpful",
    "page_yes",
    "page_no",
    "page_thanks",
    "term_prompt",
    "term_intro",
    "term_how",
    "term_emergency",
    "term_topics",
    "term_pick",
    "term_help",
    "term_keys",
    "term_command_help",
    "term_command_topics",
    "term_command_more",
    "term_command_restart",
    "term_command_quit",
    "term_urgent",
    "term_leave",
    "term_see_topics",
    "term_or_more",
    "term_you_can_say",
    "term_cleared",
    "term_no_topic",
    "term_unknown",
)


def load_content(
    directory: Path | str | None = None, config: Path | str | None = None, *, quotes: bool = True
) -> Content:
    """Load and validate a content directory; ``config`` overrides ``responses/clinic.yaml``.

    ``quotes=False`` skips checking quotes against the article, for ``check``, which
    reports every bad quote itself and goes on to check everything else.
    """
    root = Path(directory) if directory is not None else package_content_dir()
    intents_dir, responses_dir = root / "intents", root / "responses"
    for folder in (intents_dir, responses_dir):
        if not folder.is_dir():
            raise ContentError(folder, None, "folder not found: a content directory needs intents/ and responses/")

    source_path = _single_source(responses_dir / "source")
    article = source_article.read(source_path)

    intents = [_intent(p) for p in _topic_files(intents_dir, SPECIAL_INTENT_FILES)]
    responses = [_response(p, article if quotes else None) for p in _topic_files(responses_dir, SPECIAL_RESPONSE_FILES)]
    _check_pairs(intents, responses)

    vocabulary_path = intents_dir / "vocabulary.yaml"
    vocabulary = read_document(vocabulary_path, set(VOCABULARY_KEYS))
    words = Vocabulary(**{field: text_list(vocabulary, key, vocabulary_path) for key, field in VOCABULARY_KEYS.items()})
    messages_doc = read_document(responses_dir / "messages.yaml", {"messages", "topic_order"})
    settings = load_settings(responses_dir / "clinic.yaml", Path(config) if config else None)

    order = text_list(messages_doc, "topic_order", responses_dir / "messages.yaml")
    intents = _ordered(intents, order, responses_dir / "messages.yaml", messages_doc)
    topic_ids = {intent.id for intent, _ in intents}

    questions = _rulesets(intents_dir / "questions.yaml", "questions", {"frames"})
    _require(intents_dir / "questions.yaml", questions, REQUIRED_QUESTIONS)
    kinds = {q.id for q in questions}
    frames = _frames(intents_dir / "questions.yaml", kinds)
    for intent, doc in intents:
        for index, act in enumerate(intent.answers):
            if act not in kinds:
                raise ContentError(
                    f"intents/{intent.id}.yaml",
                    doc["answers"].line_of(index),
                    f"'{act}' under answers is not a kind of question in intents/questions.yaml",
                )
    red_flags = _rulesets(intents_dir / "red_flags.yaml", "red_flags")
    injection = _injection(intents_dir / "after_injection.yaml")
    reports = _reports(intents_dir / "reports.yaml")
    conditions = _conditions(intents_dir / "other_conditions.yaml", topic_ids)
    messages = freeze(_messages(messages_doc, responses_dir / "messages.yaml"))
    by_topic = freeze({r.intent: r for r, _ in responses})
    base = translations.base_spec(intents_dir)
    base_texts = Texts(base.code, base.name, by_topic, messages, freeze(settings))
    specs = translations.other_specs(intents_dir, base.code)
    labelled = (*red_flags, *questions, injection.urgent, injection.symptoms, reports.complaints)
    texts = {base.code: base_texts}
    for spec in specs:
        for topic in spec.examples:
            if topic not in topic_ids:
                raise ContentError(
                    intents_dir / spec.code / "examples.yaml",
                    None,
                    f"'{topic}' is no topic: use one of {sorted(topic_ids)}",
                )
        texts[spec.code] = translations.load_texts(
            root,
            spec,
            base_texts,
            labelled,
            (c.label for c in conditions.named),
            Path(config) if config else None,
            article if quotes else None,
        )
    return Content(
        intents=tuple(intent for intent, _ in intents),
        responses=by_topic,
        red_flags=red_flags,
        questions=questions,
        frames=frames,
        smalltalk=_rulesets(intents_dir / "smalltalk.yaml", "smalltalk"),
        words=words,
        injection=injection,
        reports=reports,
        conditions=conditions,
        messages=messages,
        settings=freeze(settings),
        source_text=article.text,
        languages=(base, *specs),
        texts=freeze(texts),
    )


# -- files -------------------------------------------------------------------


def _single_source(folder: Path) -> Path:
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if len(files) != 1:
        raise ContentError(folder, None, f"expected exactly one source article (*.txt) here, found {len(files)}")
    return files[0]


def _topic_files(folder: Path, special: Iterable[str]) -> list[Path]:
    stray = sorted(p for p in folder.iterdir() if p.suffix == ".yml")
    if stray:
        raise ContentError(stray[0], None, "rename the file to end in .yaml so it is loaded")
    return sorted(p for p in folder.glob("*.yaml") if p.stem not in special)


def _intent(path: Path) -> tuple[Intent, Mapping]:
    doc = read_document(path, {"intent", "keywords", "examples", "answers"}, {"intent", "keywords", "examples"})
    intent_id = _id(doc, "intent", path)
    keywords = doc["keywords"]
    if not isinstance(keywords, Mapping):
        raise ContentError(path, doc.line_of("keywords"), "'keywords' must hold 'names' and 'terms' lists")
    for key in keywords:
        if key not in ("names", "terms"):
            raise ContentError(
                path, keywords.line_of(key), f"unknown key '{key}' under keywords: use 'names' or 'terms'"
            )
    names = text_list(keywords, "names", path)
    terms = text_list(keywords, "terms", path, allow_empty=True) if "terms" in keywords else ()
    examples = text_list(doc, "examples", path)
    _no_repeats(path, [(keywords, "names"), (keywords, "terms")], "keyword")
    _no_repeats(path, [(doc, "examples")], "example")
    answers = text_list(doc, "answers", path) if "answers" in doc else ()
    return Intent(intent_id, names, terms, examples, answers), doc


def _no_repeats(path: Path, lists: list[tuple[Mapping, str]], what: str) -> None:
    """A keyword or example listed twice is a slip that hides which copy an author edits."""
    seen: dict[str, int] = {}
    for doc, key in lists:
        items = doc.get(key)
        if not isinstance(items, Sequence):
            continue
        for index, item in enumerate(items):
            normal = " ".join(item.lower().split())
            line = items.line_of(index)
            if normal in seen:
                raise ContentError(
                    path, line, f"{what} '{item}' is listed twice (also on line {seen[normal]}): remove one"
                )
            seen[normal] = line


def _response(path: Path, article: source_article.Article | None) -> tuple[Response, Mapping]:
    doc = read_document(
        path,
        {"intent", "title", "answer", "sources", "more", "approval"},
        {"intent", "title", "answer", "sources", "more"},
    )
    intent_id = _id(doc, "intent", path)
    raw_sources = doc["sources"]
    if not isinstance(raw_sources, Sequence) or not raw_sources:
        raise ContentError(path, doc.line_of("sources"), "'sources' must list at least one 'section' and 'quote'")
    sources = []
    for index, item in enumerate(raw_sources):
        line = raw_sources.line_of(index)
        if not isinstance(item, Mapping) or set(item) != {"section", "quote"}:
            raise ContentError(path, line, "each source needs exactly 'section' and 'quote'")
        section, quote = text_value(item, "section", path), text_value(item, "quote", path)
        problem = article.check_quote(section, quote) if article else None
        if problem:
            raise ContentError(path, item.line_of("quote"), problem)
        sources.append(Source(section, quote))
    more = text_value(doc, "more", path)
    if article and not article.contains(more):
        raise ContentError(path, doc.line_of("more"), "'more' must be copied word for word from the source article")
    approval = text_value(doc, "approval", path) if "approval" in doc else ""
    response = Response(
        intent_id, text_value(doc, "title", path), text_value(doc, "answer", path), tuple(sources), more, approval
    )
    return response, doc


def _id(doc: Mapping, key: str, path: Path) -> str:
    value = text_value(doc, key, path)
    if not INTENT_ID.match(value):
        raise ContentError(path, doc.line_of(key), f"'{value}' is not a valid id: use lower-case letters, digits and _")
    if value != path.stem:
        raise ContentError(
            path, doc.line_of(key), f"'{key}: {value}' does not match the file name: rename the file to {value}.yaml"
        )
    return value


def _check_pairs(intents: list[tuple[Intent, Mapping]], responses: list[tuple[Response, Mapping]]) -> None:
    intent_ids = {i.id for i, _ in intents}
    response_ids = {r.intent for r, _ in responses}
    for intent, doc in intents:
        if intent.id not in response_ids:
            raise ContentError(
                f"intents/{intent.id}.yaml",
                doc.line_of("intent"),
                f"intent '{intent.id}' has no response: add responses/{intent.id}.yaml",
            )
    for response, doc in responses:
        if response.intent not in intent_ids:
            raise ContentError(
                f"responses/{response.intent}.yaml",
                doc.line_of("intent"),
                f"response '{response.intent}' has no intent: add intents/{response.intent}.yaml or remove this file",
            )


def _ordered(
    intents: list[tuple[Intent, Mapping]], order: tuple[str, ...], path: Path, doc: Mapping
) -> list[tuple[Intent, Mapping]]:
    by_id = {i.id: (i, d) for i, d in intents}
    line = doc.line_of("topic_order")
    seen: set[str] = set()
    for intent_id in order:
        if intent_id not in by_id:
            raise ContentError(path, line, f"topic_order names '{intent_id}', which has no intents/{intent_id}.yaml")
        if intent_id in seen:
            raise ContentError(path, line, f"topic_order lists '{intent_id}' twice: keep one")
        seen.add(intent_id)
    missing = sorted(set(by_id) - seen)
    if missing:
        raise ContentError(path, line, f"topic_order must list every topic; add: {', '.join(missing)}")
    return [by_id[i] for i in order]


def _rulesets(path: Path, key: str, optional: set[str] | None = None) -> tuple[RuleSet, ...]:
    doc = read_document(path, {key, *(optional or ())}, {key})
    items = doc[key]
    if not isinstance(items, Sequence) or not items:
        raise ContentError(path, doc.line_of(key), f"'{key}' must be a list of entries with 'id' and 'phrases'")
    result, seen = [], set()
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise ContentError(path, items.line_of(index), "each entry must be a mapping with 'id' and 'phrases'")
        ruleset = _ruleset(item, path, text_value(item, "id", path), items.line_of(index))
        if ruleset.id in seen:
            raise ContentError(path, item.line_of("id"), f"id '{ruleset.id}' is used twice: give each entry its own id")
        seen.add(ruleset.id)
        result.append(ruleset)
    return tuple(result)


_RULE_KEYS = {"id", "label", "phrases", "all_of", "crisis", "slack", "message", "general", "answered", "condition"}


def _ruleset(
    item: Mapping, path: Path, rule_id: str, line: int, allowed: set[str] = _RULE_KEYS, slack: int = 3
) -> RuleSet:
    """One entry of phrase rules: ``phrases`` and ``all_of`` word groups, with its options."""
    for field in item:
        if field not in allowed:
            raise ContentError(
                path, item.line_of(field), f"unknown key '{field}': allowed keys are {', '.join(sorted(allowed))}"
            )
    phrases = tuple(tuple(p.split()) for p in text_list(item, "phrases", path)) if "phrases" in item else ()
    rules: list[Rule] = []
    for group_index, group in enumerate(item.get("all_of") or []):
        if (
            not isinstance(group, Sequence)
            or len(group) < 2
            or not all(
                isinstance(alt, Sequence) and alt and all(isinstance(w, str) and w.strip() for w in alt)
                for alt in group
            )
        ):
            glines = item["all_of"]
            raise ContentError(
                path,
                glines.line_of(group_index) if isinstance(glines, Sequence) else item.line_of("all_of"),
                "each 'all_of' entry is a list of two or more word lists, e.g. [[trouble, hard], [breathing]]; "
                'quote words YAML reads as true/false or numbers, like "no", "yes", "on"',
            )
        rules.append(tuple(tuple(w.strip() for w in alt) for alt in group))
    if not rules and not phrases:
        raise ContentError(path, line, f"entry '{rule_id}' needs 'phrases' or 'all_of'")
    flags: dict[str, bool] = {}
    for name in ("crisis", "general", "answered", "condition"):
        value = item.get(name, False)
        if not isinstance(value, bool):
            raise ContentError(path, item.line_of(name), f"'{name}' must be true or false")
        flags[name] = value
    message = text_value(item, "message", path) if "message" in item else ""
    if message:
        check_template(message, path, item.line_of("message"))
    slack = item.get("slack", slack)
    if isinstance(slack, bool) or not isinstance(slack, int) or not 0 <= slack <= 20:
        raise ContentError(path, item.line_of("slack"), "'slack' must be a whole number from 0 to 20")
    label = text_value(item, "label", path) if "label" in item else rule_id.replace("_", " ")
    return RuleSet(
        rule_id,
        label,
        phrases,
        tuple(rules),
        slack=slack,
        message=message,
        crisis=flags["crisis"],
        general=flags["general"],
        answered=flags["answered"],
        condition=flags["condition"],
    )


def _frames(path: Path, kinds: set[str]) -> tuple[Frame, ...]:
    """The ``frames`` of ``questions.yaml``: openings that settle what a question asks."""
    doc = read_document(path, {"questions", "frames"}, {"questions"})
    items = doc.get("frames") or []
    if not isinstance(items, Sequence):
        raise ContentError(path, doc.line_of("frames"), "'frames' must be a list of entries with 'kind' and 'phrases'")
    frames = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise ContentError(path, items.line_of(index), "each frame must be a mapping with 'kind' and 'phrases'")
        for key in item:
            if key not in ("kind", "phrases", "first"):
                raise ContentError(
                    path, item.line_of(key), f"unknown key '{key}': allowed keys are first, kind, phrases"
                )
        kind = text_value(item, "kind", path)
        if kind != "other" and kind not in kinds:
            raise ContentError(
                path, item.line_of("kind"), f"'kind: {kind}' is not a kind of question here: use an id or 'other'"
            )
        phrases = tuple(tuple(p.split()) for p in text_list(item, "phrases", path)) if "phrases" in item else ()
        first = text_list(item, "first", path) if "first" in item else ()
        if not phrases and not first:
            raise ContentError(path, items.line_of(index), f"frame '{kind}' needs 'phrases' or 'first'")
        frames.append(Frame(kind, phrases, first))
    return tuple(frames)


def _require(path: Path, rulesets: tuple[RuleSet, ...], ids: Iterable[str]) -> None:
    present = {r.id for r in rulesets}
    for rule_id in ids:
        if rule_id not in present:
            raise ContentError(path, None, f"the entry with id '{rule_id}' is missing: the bot needs it, add it back")


#: Word lists in ``after_injection.yaml``, in the order ``InjectionRules`` takes them.
INJECTION_LISTS = (
    "injection_words",
    "procedure_words",
    "object_words",
    "past_verbs",
    "usual_verbs",
    "since_words",
    "time_words",
    "caused_words",
    "future_words",
    "small_words",
    "purpose_words",
    "better_words",
)


def _injection(path: Path) -> InjectionRules:
    doc = read_document(path, {*INJECTION_LISTS, "urgent", "symptoms"})
    parts: dict[str, RuleSet] = {}
    for name in ("urgent", "symptoms"):
        item = doc[name]
        if not isinstance(item, Mapping):
            raise ContentError(path, doc.line_of(name), f"'{name}' must hold 'label' and 'phrases' or 'all_of'")
        parts[name] = _ruleset(item, path, name, doc.line_of(name), {"label", "phrases", "all_of", "slack", "message"})
    lists = {key: text_list(doc, key, path) for key in INJECTION_LISTS}
    for index, word in enumerate(lists["injection_words"]):
        if " " in word:
            raise ContentError(
                path,
                doc["injection_words"].line_of(index),
                f"'{word}' in 'injection_words' is more than one word: list single words",
            )
    if not parts["symptoms"].message:
        raise ContentError(
            path, doc.line_of("symptoms"), "'symptoms' needs a 'message': what to tell a patient with a new problem"
        )
    return InjectionRules(
        injection_words=lists["injection_words"],
        procedure_words=lists["procedure_words"],
        object_words=lists["object_words"],
        past_verbs=lists["past_verbs"],
        usual_verbs=lists["usual_verbs"],
        since_words=lists["since_words"],
        time_words=lists["time_words"],
        caused_words=lists["caused_words"],
        future_words=lists["future_words"],
        small_words=lists["small_words"],
        purpose_words=lists["purpose_words"],
        better_words=lists["better_words"],
        urgent=parts["urgent"],
        symptoms=parts["symptoms"],
    )


#: Word lists in ``reports.yaml``, in the order ``ReportRules`` takes them.
REPORT_LISTS = (
    "sudden",
    "changing",
    "long_standing",
    "amounts",
    "recent_units",
    "long_units",
    "not_durations",
    "negations",
    "negation_ends",
)


def _reports(path: Path) -> ReportRules:
    doc = read_document(
        path,
        {*REPORT_LISTS, "negation_window", "self", "others", "hearsay", "body_words", "persisting", "complaints"},
    )
    lists = {key: text_list(doc, key, path) for key in (*REPORT_LISTS, "others", "hearsay", "body_words", "persisting")}
    window = doc["negation_window"]
    if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= 10:
        raise ContentError(
            path, doc.line_of("negation_window"), "'negation_window' must be a whole number from 1 to 10"
        )
    item = doc["complaints"]
    if not isinstance(item, Mapping):
        raise ContentError(path, doc.line_of("complaints"), "'complaints' must hold 'label' and 'phrases' or 'all_of'")
    complaints = _ruleset(item, path, "complaints", doc.line_of("complaints"), {"label", "phrases", "all_of", "slack"})
    self_words = text_list(doc, "self", path)
    return ReportRules(**lists, negation_window=window, self_words=self_words, complaints=complaints)


def _conditions(path: Path, topic_ids: set[str]) -> Conditions:
    doc = read_document(path, {"conditions", "condition_words", "condition_endings"})
    items = doc["conditions"]
    if not isinstance(items, Sequence) or not items:
        raise ContentError(
            path, doc.line_of("conditions"), "'conditions' must be a list of entries with 'name' and 'phrases'"
        )
    named = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise ContentError(path, items.line_of(index), "each condition must be a mapping with 'name' and 'phrases'")
        name = text_value(item, "name", path)
        # A condition's name is a set phrase: its words stand together ("eye migraine", not "eyes and migraines").
        rules = _ruleset(
            item, path, name, items.line_of(index), {"name", "near", "phrases", "all_of", "slack"}, slack=0
        )
        near = text_value(item, "near", path) if "near" in item else ""
        if near and near not in topic_ids:
            raise ContentError(
                path,
                item.line_of("near"),
                f"'near: {near}' is not a topic id: use one of {', '.join(sorted(topic_ids))}",
            )
        named.append(RuleSet(f"condition_{index + 1}", name, rules.phrases, rules.all_of, slack=rules.slack, near=near))
    return Conditions(tuple(named), text_list(doc, "condition_words", path), text_list(doc, "condition_endings", path))


def _messages(doc: Mapping, path: Path) -> dict[str, str]:
    messages = doc["messages"]
    if not isinstance(messages, Mapping):
        raise ContentError(path, doc.line_of("messages"), "'messages' must map message names to text")
    for name in REQUIRED_MESSAGES:
        if name not in messages:
            raise ContentError(path, messages.line, f"missing message '{name}': add it under 'messages'")
    result = {}
    for name in messages:
        if name not in REQUIRED_MESSAGES:
            raise ContentError(
                path,
                messages.line_of(name),
                f"unknown message '{name}': known messages are {', '.join(REQUIRED_MESSAGES)}",
            )
        text = text_value(messages, name, path)
        check_template(text, path, messages.line_of(name))
        result[name] = text
    return result
