"""Languages as data: which language a message is in, how another language is read, and its texts.

The rules are written once, in English; Spanish is read through its glossary
(``intents/es/language.yaml``) and answered from ``responses/es/``. These tests hold
the machinery to its promises; the Spanish sets in tests/data/es/ and
tests/test_spanish_safety.py measure how well Spanish is read.
"""

from __future__ import annotations

import re
import shutil

import pytest

from chatbot import Responder, Session
from chatbot.errors import ContentError
from chatbot.languages import Glossary, Language
from chatbot.models import LanguageSpec


def _language(glossary: dict[str, str], base: dict[str, int] | None = None) -> Language:
    spec = LanguageSpec("es", "Español", "spanish", "es", "¿¡ñ", glossary)
    return Language.build(spec, base or {"the": 10**6, "my": 10**5, "for": 10**5}, lambda word: word == "botox")


# -- the glossary --------------------------------------------------------------------------------


def test_the_longest_phrase_wins_and_words_meet_by_their_stem():
    glossary = Glossary(
        {"no": "not", "no puedo": "cant", "no puedo respirar": "cant breathe", "tragar": "swallow"},
        "spanish",
        frozenset(),
    )
    assert glossary.translate("No puedo respirar") == "cant breathe"
    assert glossary.translate("no puedo dormir") == "cant dormir"  # a word nobody listed is kept
    assert glossary.translate("tragando") == "swallow"  # "tragando" and "tragar" share their stem


def test_punctuation_stays_so_sentences_and_clauses_stay_apart():
    glossary = Glossary({"me duele": "it hurts", "el cuello": "neck"}, "spanish", frozenset())
    assert glossary.translate("¿Me duele el cuello, y ahora?") == "it hurts neck , y ahora ?"


def test_a_typo_of_a_glossary_word_is_corrected_and_a_real_word_is_not():
    glossary = Glossary({"respirar": "breathe", "inyeccion": "injection"}, "spanish", frozenset({"respetar"}))
    assert glossary.translate("no puedo respirr") == "no puedo breathe"
    assert glossary.translate("la inyecion") == "la injection"
    assert glossary.translate("respetar") == ""  # a word of the language that no phrase has: dropped


def test_a_short_stem_says_too_little_to_join_two_words():
    # "papa" (dad) and "papada" (double chin) share the stem "pap".
    glossary = Glossary({"papada": "double chin", "papa": "dad"}, "spanish", frozenset())
    assert glossary.translate("mi papa") == "mi dad"
    assert glossary.translate("la papada") == "la double chin"


def test_an_entry_may_drop_a_word():
    glossary = Glossary({"el": "", "sudor": "sweat"}, "spanish", frozenset())
    assert glossary.translate("el sudor") == "sweat"


# -- which language ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("¿el bótox ayuda con la migraña?", "es"),
        ("me pusieron botox y no puedo tragar", "es"),
        ("botox for sweaty armpits?", "en"),
        ("trigeminal neuralgia botox", "en"),  # medical words shared with Spanish are no evidence
        ("cervical distonia", "en"),  # a Spanish spelling of an English word (a cognate) is none either
        ("mia madre ha lo strabismo, si può usare il botox?", ""),  # Italian shares words with Spanish
        ("Le botox aide-t-il contre la migraine chronique ?", ""),
        ("ボトックスは片頭痛に効きますか", ""),
    ],
)
def test_a_message_is_read_in_the_language_it_is_written_in(responder, message, language):
    reply = responder.respond(message, Session())
    assert (reply.language if reply.aspect != "language" else "") == language, reply.text


@pytest.mark.parametrize("message", ["ok", "2", "botox?"])
def test_a_message_with_no_evidence_keeps_the_conversations_language(responder, message):
    for first, language in (("¿el bótox sirve para la migraña?", "es"), ("does botox help migraines?", "en")):
        session = Session()
        responder.respond(first, session)
        assert responder.respond(message, session).language == language


def test_a_conversation_may_switch_language_and_each_reply_follows_its_message(responder):
    session = Session()
    first = responder.respond("¿el bótox ayuda con el sudor de las axilas?", session)
    second = responder.respond("sorry, english please: does it help with migraines?", session)
    third = responder.respond("¿y eso está aprobado?", session)
    assert (first.language, second.language, third.language) == ("es", "en", "es")
    assert first.intents[:1] == ("hyperhidrosis",) and second.intents[:1] == ("migraine",)
    assert third.aspect == "approval"  # "eso" is the topic just discussed, migraine


def test_a_language_the_bot_does_not_read_gets_the_notice_in_every_language_it_does(responder):
    reply = responder.respond("O botox ajuda com a enxaqueca crônica?", Session())
    assert (reply.kind, reply.aspect, reply.intents) == ("fallback", "language", ())
    notices = [
        f"{responder.message('language', t)} {responder.message('safety_net', t)}"  # each with the emergency number
        for t in (responder.texts(code) for code in responder.content.texts)
    ]
    assert reply.body.split("\n\n") == notices


def test_spanish_evidence_counts_its_own_marks_and_words_not_shared_or_cognate_ones():
    language = _language({"hola": "hello", "distonia": "dystonia", "botox": "botox", "sudo": "sweat"})
    assert "hola" in language.only and "sudo" in language.only
    assert "distonia" not in language.only  # spelled like the English it means
    assert "botox" not in language.only  # kept as it is: no evidence
    assert "the" not in language.only and "ñ" in language.marks


# -- the replies ---------------------------------------------------------------------------------


def test_a_spanish_answer_is_worded_from_the_spanish_texts_and_quotes_the_article_as_it_is(responder):
    reply = responder.respond("¿el botox sirve para el sudor de las axilas?", Session())
    spanish = responder.texts("es").responses["hyperhidrosis"]
    assert reply.kind == "answer" and reply.language == "es" and reply.title == spanish.title
    assert reply.body.startswith(spanish.answer)
    for source in spanish.sources:
        assert f'"{source.quote}"' in reply.body  # the article's own words...
        assert f'"{source.translation}"' in reply.body  # ... and their translation, marked as such
        assert source.quote in responder.content.source_text
    assert reply.reminder == responder.reminder_in(responder.texts("es"))
    assert reply.to_dict()["sources"][0]["translation"] == spanish.sources[0].translation


def test_tell_me_more_in_spanish_gives_the_translation_and_the_article_in_english(responder):
    session = Session()
    responder.respond("¿qué es la gastroparesia?", session)
    more = responder.respond("cuénteme más", session)
    assert more.language == "es"
    assert responder.texts("es").responses["gastroparesis"].more in more.body
    assert responder.content.responses["gastroparesis"].more in more.body


def test_spanish_red_flags_get_the_spanish_emergency_message(responder):
    reply = responder.respond("no puedo respirar", Session())
    assert (reply.kind, reply.language) == ("emergency", "es")
    assert reply.body.startswith(responder.message("emergency", responder.texts("es")))


def test_every_placeholder_is_filled_in_spanish(responder):
    for message in ("hola", "¿cuánto cuesta el botox para la migraña?", "botox para la fibromialgia", "xyz qwerty"):
        reply = responder.respond(message, Session(language="es"))
        assert not re.search(r"\{[a-z_]+\}", reply.text), reply.text


# -- the content -----------------------------------------------------------------------------------


def test_every_language_has_every_topic_message_and_label(responder):
    base = responder.texts("")
    for code, texts in responder.content.texts.items():
        assert set(texts.responses) == set(base.responses), code
        assert set(texts.messages) == set(base.messages), code


@pytest.mark.parametrize(
    ("edit", "where", "says"),
    [
        (lambda root: (root / "responses/es/tmj.yaml").unlink(), "responses/es/tmj.yaml", "missing"),
        (
            lambda root: _replace(root / "responses/es/messages.yaml", "  greeting:", "  greetin:"),
            "responses/es/messages.yaml",
            "greeting",
        ),
        (
            lambda root: _replace(root / "responses/es/tmj.yaml", "By relieving jaw tension", "By easing jaw tension"),
            "responses/es/tmj.yaml",
            "quote",
        ),
        (lambda root: _replace(root / "intents/es/language.yaml", "glossary:", "glossary:\n  no: not"), "", "not text"),
        (
            lambda root: _replace(
                root / "responses/es/labels.yaml", "\nlabels:\n", "\nlabels:\n  made up label: algo\n"
            ),
            "responses/es/labels.yaml",
            "made up label",
        ),
    ],
    ids=["topic-missing", "message-renamed", "quote-changed", "yaml-no-is-not-text", "label-unknown"],
)
def test_a_broken_language_file_is_refused_with_its_file_line_and_fix(content_copy, edit, where, says):
    edit(content_copy)
    with pytest.raises(ContentError) as caught:
        Responder.load(content_copy)
    message = str(caught.value)
    assert where in message and says in message, message


def test_a_language_is_data_adding_one_needs_no_code(content_copy, tmp_path):
    """A made-up third language, copied from Spanish under another code, is read and answered."""
    for folder in ("intents", "responses"):
        shutil.copytree(content_copy / folder / "es", content_copy / folder / "xx")
    _replace(content_copy / "intents/xx/language.yaml", "code: es", "code: xx")
    _replace(content_copy / "intents/xx/language.yaml", "name: Español", "name: Prueba\nmodel_code: es")
    shutil.rmtree(content_copy / "intents/es")
    shutil.rmtree(content_copy / "responses/es")
    bot = Responder.load(content_copy)
    assert list(bot.content.texts) == ["en", "xx"]
    reply = bot.respond("¿el bótox ayuda con la migraña?", Session())
    assert (reply.language, reply.intents[:1]) == ("xx", ("migraine",))


def _replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_clinic_sets_the_spanish_crisis_line_and_welcome_in_its_own_file(tmp_path):
    config = tmp_path / "clinic.yaml"
    config.write_text(
        'clinic:\n  phone: "555-0100"\nlanguages:\n  es:\n    clinic:\n      crisis_line: "llame al 988 y marque 2"\n'
        "    kiosk:\n      welcome: Bienvenido a la clínica Riverside.\n",
        encoding="utf-8",
    )
    bot = Responder.load(config=config)
    spanish = bot.texts("es")
    assert spanish.settings["kiosk"]["welcome"] == "Bienvenido a la clínica Riverside."
    assert spanish.settings["clinic"]["phone"] == "555-0100"  # the clinic's details are shared
    reply = bot.respond("ya no quiero vivir", Session(language="es"))
    assert reply.kind == "emergency" and "llame al 988 y marque 2" in reply.body
    english = bot.respond("i dont want to be alive anymore", Session())
    assert "988" in english.body and "marque" not in english.body


def test_a_clinic_file_cannot_word_a_setting_per_language_that_is_not_a_text(tmp_path):
    config = tmp_path / "clinic.yaml"
    config.write_text("languages:\n  es:\n    kiosk:\n      idle_timeout_seconds: 5\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        Responder.load(config=config)
    assert "not worded per language" in str(caught.value)
