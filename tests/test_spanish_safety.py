"""Every English safety test, again in Spanish: the same situation as a Spanish-speaking patient writes it.

A Spanish message is read by the same safety rules as an English one, so each
case of the English safety tests (test_rules.py, test_safe_defaults.py,
test_safety_review.py, test_injection_reader.py and the safety parts of
test_responder.py) has a twin here: the same situation, written the way patients
from Mexico, Spain, Argentina, Colombia, Chile... write it (usted, tú or vos;
with accents and without), never word for word. Each twin asserts the outcome
its English test asserts, and that the reply comes in Spanish.

Where an English test checks one rule on its own (a ``RuleIndex`` or the
injection reader on English words), its twin asks the whole bot and checks the
reply. Every table names the English test it mirrors. A red flag or a rule added
to the content without a Spanish twin fails ``test_every_rule_has_a_spanish_twin``.
"""

from __future__ import annotations

import re

import pytest
import test_rules as english_rules

from chatbot import Session

ES = "es"


# -- helpers --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def es(responder):
    """The bot's Spanish texts (messages, answers, settings)."""
    texts = responder.texts(ES)
    assert texts.code == ES, "the content has no Spanish texts"
    return texts


def ask(responder, text: str):
    """The reply to one message, alone in a new conversation."""
    return responder.respond(text, Session())


def talk(responder, *messages: str):
    """The replies to the messages, one conversation; every reply must be in Spanish."""
    session = Session()
    replies = [responder.respond(m, session) for m in messages]
    return replies, session


def in_spanish(reply, said) -> None:
    assert reply.language == ES, (said, reply.language, reply.kind, reply.aspect)


def all_in_spanish(replies, said) -> None:
    assert [r.language for r in replies] == [ES] * len(replies), (said, [(r.language, r.kind) for r in replies])


def benefit_texts(responder, es) -> list[str]:
    """Each topic's benefit answer, in English and in Spanish."""
    topics = responder.content.topic_ids
    return [responder.content.responses[i].answer for i in topics] + [es.responses[i].answer for i in topics]


def assert_no_benefit(responder, es, reply) -> None:
    assert reply.kind != "answer", (reply.kind, reply.intents, reply.aspect)
    assert not any(text in reply.text for text in benefit_texts(responder, es))


def emergency_number(responder) -> str:
    return responder.content.settings["clinic"]["emergency_number"]


def crisis_line(es) -> str:
    return es.settings["clinic"]["crisis_line"]


def symptoms_wording(responder, es) -> str:
    """The Spanish wording of "a new problem after an injection: contact your clinic today"."""
    symptoms = responder.content.injection.symptoms
    return responder.fill(es.kind_messages.get(symptoms.id, symptoms.message), es)


def kind_wording(responder, es, kind: str, topic: str) -> str:
    """The Spanish wording of a kind of question with its own message (cure, personal_decision)."""
    from chatbot.responder import _in_sentence

    named = _in_sentence(es.title(topic)) if topic else responder.message("conditions_covered", es)
    template = es.kind_messages.get(kind, responder.indexes.reader.by_id[kind].message)
    return responder.fill(template, es, topic=named)


def offered(responder, es, reply, wording: str, topic: str) -> bool:
    """Whether the reply is the wording, then an offer of the topic (its Spanish title in a sentence)."""
    offer = responder.message("offer_topic", es, topic="\x00").split("\x00")[0]
    title = es.title(topic)
    rest = reply.body.removeprefix(f"{wording} {offer}")
    return reply.body.startswith(f"{wording} {offer}") and rest[: len(title)].lower() == title.lower()


def rows(table):
    """pytest params from rows (id, *values)."""
    return [pytest.param(*values, id=row_id) for row_id, *values in table]


# =================================================================================================
# test_rules.py
# =================================================================================================

#: Mirrors test_rules.RED_FLAG_RULES: (red flag id, place of the all_of rule) -> (a patient's words
#: the rule is for, a near miss). Checked through the whole bot: emergency, and the near miss not.
RED_FLAG_RULES_ES = {
    ("breathing", 0): ("me está costando muchísimo respirar", "la verdad me cuesta decirlo"),
    ("breathing", 1): ("se le pusieron los labios azules", "ella tiene los ojos azules"),
    ("swallowing", 0): ("me cuesta un monton tragar", "me cuesta un monton dormir"),
    ("swallowing", 1): ("la comida no me baja bien", "la hinchazón no me baja"),
    ("swallowing", 2): ("siento las pastillas atoradas a medio camino", "sigo con mis pastillas de siempre"),
    ("swallowing", 3): ("no me baja la comida", "me cuesta preparar el café por la mañana"),
    ("speaking", 0): ("tiene problemas para hablar", "tiene problemas con la rodilla"),
    ("speaking", 1): ("le salen las palabras todas revueltas", "sus palabras son muy amables"),
    ("swelling", 0): ("siento como que se me cierra la garganta", "tengo la garganta un poco seca"),
    ("swelling", 1): ("tiene la lengua toda hinchada", "tiene el tobillo todo hinchado"),
    ("allergic_reaction", 0): ("creo que estoy teniendo una reacción alérgica", "soy alérgico a la penicilina"),
    ("allergic_reaction", 1): ("le salieron ronchas por todo el cuerpo", "tiene un granito que le pica en el brazo"),
    ("weakness", 0): ("de repente se quedó sin fuerzas", "tiene las muñecas débiles de tanto teclear"),
    ("weakness", 1): ("tengo la ceja caída desde la inyección", "las plantas del jardín están todas caídas"),
    ("weakness", 2): ("de golpe me siento debil", "me siento bien"),
    ("weakness", 3): ("ahora se le está cayendo el párpado", "le tiembla el párpado"),
    ("sudden_headache", 0): (
        "me vino de la nada un dolor de cabeza fortísimo, de repente",
        "tengo dolores de cabeza que van y vienen desde hace años",
    ),
    ("chest_pain", 0): ("el corazón me está latiendo fortísimo, como que se me sale", "mi corazón está contento"),
    ("chest_tightness", 0): ("tengo el pecho muy apretado desde esta mañana", "la radiografía de tórax salió bien"),
    ("chest_tightness", 1): ("como si algo pesado me estuviera aplastando el pecho", "la placa de pecho salió normal"),
    ("chest_tightness", 2): ("se puso color ceniza, sudando frío y todo pegajoso", "tiene canas y le sudan las manos"),
    ("stroke", 0): ("se le cayó la cara de un lado", "tiene la cara redonda"),
    ("stroke", 1): ("de repente se me entumeció el brazo", "tengo el brazo enyesado"),
    ("seizure", 0): (
        "estaba temblando de pies a cabeza y ahora está en el suelo y no responde",
        "me tiemblan las manos desde hace años",
    ),
    ("poisoning", 0): ("el bebé se tragó unas pastillas", "me tomo las pastillas con agua"),
    ("poisoning", 1): ("se tomó demasiadas pastillas", "se tomó sus pastillas esta mañana"),
    ("poisoning", 2): ("mi hijo se tomó un poco de lejía", "mi hijo se tomó un poco de leche"),
    ("bleeding", 0): ("no para de sangrar", "una gotita de sangre en el pañuelo"),
    ("vision_loss", 0): ("esta mañana se me oscureció la vista", "esta mañana veo perfectamente"),
    ("confusion", 0): ("mi papá de repente está muy confundido", "estoy confundida con los formularios"),
    ("self_harm", 0): ("ya no quiero estar vivo", "quiero estar bien"),
    ("self_harm", 1): ("solo quiero no estar aquí", "solo quiero llegar aquí a tiempo"),
    ("self_harm", 2): ("me las tomé a propósito", "vine a propósito a preguntar"),
    ("self_harm", 3): ("no le veo sentido a seguir adelante", "¿qué sentido tiene la inyección?"),
    ("self_harm", 4): ("todos estarían mejor si yo no estuviera", "ya estoy mejor, los espasmos se fueron"),
}

#: Mirrors test_rules.RED_FLAG_PHRASES: every red flag's phrases, in one patient's sentence each.
RED_FLAG_PHRASES_ES = {
    "breathing": "me falta el aire",
    "swallowing": "tengo disfagia",
    "speaking": "arrastra las palabras al hablar",
    "choking": "¡se está atragantando!",
    "swelling": "se me está cerrando la garganta",
    "allergic_reaction": "creo que me está dando una reacción",
    "weakness": "se desplomó de golpe",
    "sudden_headache": "es el peor dolor de cabeza de mi vida",
    "chest_pain": "tengo un dolor en el pecho que me aplasta",
    "stroke": "creo que me está dando un derrame cerebral",
    "seizure": "a mi esposa le está dando una convulsión",
    "poisoning": "los nenes tomaron lavandina",
    "bleeding": "está sangrando muchísimo",
    "unconscious": "está inconsciente",
    "vision_loss": "me quedé ciega de un ojo",
    "confusion": "mi mamá de repente está confundida",
    "self_harm": "quiero quitarme la vida",
}

#: Mirrors test_rules.URGENT_RULES: (place of the boxed-warning all_of rule) -> (a report after an
#: injection it must make urgent, a report of something that is no boxed-warning sign).
URGENT_RULES_ES = {
    0: ("desde el botox veo borroso", "desde el botox tengo la piel reseca"),
    1: (
        "desde que me pusieron el botox se me cae el párpado",
        "desde que me pusieron el botox tengo el párpado morado",
    ),
    2: ("desde el bótox el párpado se me vino abajo", "desde el bótox tengo un moretón en el párpado"),
    3: (
        "desde la aplicación del botox siento las piernas débiles",
        "desde la aplicación del botox tengo moretones en las piernas",
    ),
    4: ("desde el botox no puedo sostener la cabeza, se me va para adelante", "desde el botox me duele la cabeza"),
    5: ("desde el botox toso cada vez que tomo agua", "desde el botox estornudo a cada rato"),
    6: ("desde el botox lo veo todo nublado", "desde el botox me duele todo"),
    7: ("desde el botox no puedo leer el diario", "desde el botox no duermo bien"),
    8: ("desde el botox se hace pis encima todo el tiempo", "desde el botox no para de estornudar"),
    9: ("desde el botox no puedo controlar la vejiga", "desde el botox no puedo dejar de estornudar"),
    10: ("desde el botox no puedo levantar los brazos", "desde el botox no puedo dormir"),
    11: ("desde el botox no puedo orinar", "desde el botox no consigo dormir"),
    12: ("desde el botox cero control de la vejiga", "desde el botox ningún cambio"),
    13: ("desde el botox hablo arrastrando las palabras", "desde el botox me duele la espalda"),
    14: ("desde el botox no ha ido al baño aunque se siente lleno", "desde el botox no ha ido al gimnasio"),
}

#: Mirrors test_rules.URGENT_PHRASES: one report after an injection for each kind of boxed-warning
#: or allergic sign the phrases list.
URGENT_PHRASES_ES = [
    ("double-vision", "desde el botox veo doble"),
    ("croaky-voice", "desde que me pusieron botox tengo la voz ronca"),
    ("out-of-breath", "después del botox me quedo sin aire"),
    ("food-stuck", "desde el botox se me atora la comida"),
    ("nothing-comes-out", "desde el botox voy a hacer pis y no me sale nada"),
    ("itchy-all-over", "tras el bótox me pica todo el cuerpo"),
    ("dizzy", "desde el botox ando mareado"),
    ("faint", "desde el botox siento que me voy a desmayar"),
    ("wheezing", "desde el botox me silba el pecho"),
    ("legs-gave-way", "desde el botox se me doblaron las piernas"),
]


def test_every_rule_has_a_spanish_twin(responder):
    """Mirrors test_rules.test_every_rule_has_a_test: a rule added without a Spanish twin fails."""
    content = responder.content
    red = {(rs.id, k) for rs in content.red_flags for k in range(len(rs.all_of))}
    assert red == set(RED_FLAG_RULES_ES), "add a Spanish twin for each new red-flag rule (and remove a removed one's)"
    assert set(english_rules.RED_FLAG_RULES) == set(RED_FLAG_RULES_ES), "every all_of rule of test_rules.py"
    assert {rs.id for rs in content.red_flags if rs.phrases} == set(RED_FLAG_PHRASES_ES)
    assert set(english_rules.RED_FLAG_PHRASES) == set(RED_FLAG_PHRASES_ES)
    twinned = set(RED_FLAG_PHRASES_ES) | {entry for entry, _ in RED_FLAG_RULES_ES}
    assert {rs.id for rs in content.red_flags} <= twinned, "every red flag of intents/red_flags.yaml"
    assert set(range(len(content.injection.urgent.all_of))) == set(URGENT_RULES_ES)
    assert set(english_rules.URGENT_RULES) == set(URGENT_RULES_ES)
    assert len(english_rules.URGENT_PHRASES) == len(URGENT_PHRASES_ES)


@pytest.mark.parametrize("key", sorted(RED_FLAG_RULES_ES), ids=lambda k: f"{k[0]}-{k[1]}")
def test_each_red_flag_rule_catches_its_spanish_wording_and_not_a_near_miss(responder, key):
    # Mirrors test_rules.test_each_red_flag_rule_catches_its_wording_and_not_a_near_miss.
    said, near_miss = RED_FLAG_RULES_ES[key]
    reply, miss = ask(responder, said), ask(responder, near_miss)
    assert reply.kind == "emergency", (said, reply.kind, reply.aspect)
    assert miss.kind != "emergency", (near_miss, miss.aspect)
    in_spanish(reply, said)
    in_spanish(miss, near_miss)


@pytest.mark.parametrize("entry, said", sorted(RED_FLAG_PHRASES_ES.items()), ids=sorted(RED_FLAG_PHRASES_ES))
def test_each_red_flag_is_reported_in_a_spanish_speakers_words(responder, entry, said):
    # Mirrors test_rules.test_each_red_flag_is_reported_in_a_patients_words.
    reply = ask(responder, said)
    assert (reply.kind, reply.aspect) == ("emergency", entry), (said, reply.kind, reply.aspect)
    in_spanish(reply, said)


@pytest.mark.parametrize("place", sorted(URGENT_RULES_ES), ids=lambda p: f"urgent-{p}")
def test_each_boxed_warning_rule_makes_a_spanish_report_urgent_and_not_a_near_miss(responder, place):
    # Mirrors test_rules.test_each_boxed_warning_rule_makes_a_report_urgent_and_not_a_near_miss.
    said, near_miss = URGENT_RULES_ES[place]
    reply, miss = ask(responder, said), ask(responder, near_miss)
    assert reply.kind == "emergency", (said, reply.kind, reply.aspect)
    assert (miss.kind, miss.aspect) == ("not_covered", "after_injection"), (near_miss, miss.kind, miss.aspect)
    in_spanish(reply, said)
    in_spanish(miss, near_miss)


@pytest.mark.parametrize("said", rows(URGENT_PHRASES_ES))
def test_each_kind_of_boxed_warning_phrase_makes_a_spanish_report_urgent(responder, said):
    # Mirrors test_rules.test_each_kind_of_boxed_warning_phrase_makes_a_report_urgent.
    reply = ask(responder, said)
    assert reply.kind == "emergency", (said, reply.kind, reply.aspect)
    in_spanish(reply, said)


def test_an_injection_reported_with_a_risk_question_is_urgent_in_spanish(responder):
    # Mirrors test_rules.test_an_injection_reported_with_a_risk_question_is_urgent.
    question = "¿El botox puede causar problemas para tragar?"
    alone = ask(responder, question)
    assert alone.kind == "not_covered", (alone.kind, alone.aspect)
    told = ask(responder, "Me pusieron botox hace 2 días. ¿Puede el botox dar problemas para tragar?")
    assert told.kind == "emergency", (told.kind, told.aspect)
    (first, later), _ = talk(
        responder, "el lunes me pusieron las inyecciones en el cuello", "¿será por eso que no puedo tragar bien?"
    )
    assert later.kind == "emergency", (later.kind, later.aspect)
    all_in_spanish([alone, told, first, later], question)


@pytest.mark.parametrize("age, child", [(16, True), (17, True), (18, False), (35, False)], ids=["16", "17", "18", "35"])
def test_an_age_under_18_makes_a_child_the_subject_in_spanish(responder, es, age, child):
    # Mirrors test_rules.test_an_age_under_18_makes_a_child_the_subject.
    said = f"mi hijo de {age} años suda muchísimo, ¿le puede ayudar el botox?"
    reply = ask(responder, said)
    assert (reply.aspect == "children") is child, (age, reply.kind, reply.aspect)
    benefit = es.responses["hyperhidrosis"].answer
    if child and benefit in reply.body:
        assert reply.body.index("niño") < reply.body.index(benefit)
    in_spanish(reply, said)


#: Mirrors the conversations of test_rules.test_a_risk_question_after_an_injection_told_in_the_conversation_is_urgent.
RISK_AFTER_AN_INJECTION_TOLD_ES = [
    # the injection told in an earlier turn: a risk question about a red flag is now a report
    (
        "injection-told-earlier",
        ["el lunes me pusieron botox en el cuello", "¿el botox puede dar problemas para tragar?"],
    ),
    # "me lo pusieron hace 3 semanas" tells an injection only in a conversation about a treatment
    (
        "it-in-treatment-talk",
        ["botox para la distonía cervical", "me lo pusieron hace 3 semanas. ¿puede causar problemas para tragar?"],
    ),
]


@pytest.mark.parametrize("conversation", rows(RISK_AFTER_AN_INJECTION_TOLD_ES))
def test_a_spanish_risk_question_after_an_injection_told_in_the_conversation_is_urgent(responder, conversation):
    replies, _ = talk(responder, *conversation)
    assert (replies[-1].kind, replies[-1].aspect) == ("emergency", "swallowing"), (replies[-1].kind, replies[-1].aspect)
    alone = ask(responder, conversation[-1])
    assert alone.kind != "emergency", (alone.kind, alone.aspect)
    all_in_spanish([*replies, alone], conversation)


# =================================================================================================
# test_safe_defaults.py
# =================================================================================================

# -- 1. an answer needs positive evidence ---------------------------------------------------------

#: Mirrors test_a_question_framed_as_how_long_how_many_when_where_who_or_will_i_is_offered_not_answered.
FRAMED_QUESTIONS_ES = [
    ("how-long-migraine", "¿cuánto tiempo dura el efecto de un tratamiento para la migraña?"),
    ("how-long-bladder", "cuanto duran las inyecciones de la vejiga"),
    ("how-often-neck", "¿cada cuánto me tendría que poner las inyecciones del cuello?"),
    ("how-many-armpits", "¿cuántas inyecciones hacen falta para el sudor de las axilas?"),
    ("how-much-jaw", "¿cuánto botox ponen para la mandíbula?"),
    ("when-migraine", "¿en qué momento lo inyectan para las migrañas?"),
    ("where-drooling", "¿dónde lo ponen para el babeo?"),
    ("who-crossed-eyes", "¿quién se puede poner botox para los ojos bizcos?"),
    ("will-i-bladder", "¿voy a necesitar más de una sesión para la vejiga?"),
    ("cost-sweat", "¿cuánta plata me saldrían las inyecciones para el sudor?"),
]


@pytest.mark.parametrize("message", rows(FRAMED_QUESTIONS_ES))
def test_a_spanish_question_framed_as_how_long_how_many_when_where_who_or_will_i_is_offered(responder, es, message):
    reply = ask(responder, message)
    assert reply.kind == "not_covered" and len(reply.intents) == 1, (reply.kind, reply.intents)
    assert_no_benefit(responder, es, reply)
    in_spanish(reply, message)


#: Mirrors test_a_question_that_asks_what_the_article_answers_is_still_answered.
ANSWERED_QUESTIONS_ES = [
    ("straighten-crossed-eyes", "¿el botox puede enderezar los ojos bizcos en adultos?", "eye_disorders"),
    ("block-sweat-glands", "escuché que el botox bloquea las glándulas del sudor, ¿es verdad?", "hyperhidrosis"),
    ("soaking-armpits", "tengo las axilas siempre empapadas, ¿botox?", "hyperhidrosis"),
    ("tmj", "¿sirve para la ATM?", "tmj"),
    ("fewer-migraines", "¿el botox puede bajar la cantidad de migrañas que tengo?", "migraine"),
    ("what-is-cervical-dystonia", "¿qué es la distonía cervical?", "cervical_dystonia"),
    ("sweated-through-shirts", "llevo años empapando las camisas de sudor", "hyperhidrosis"),
]


@pytest.mark.parametrize("message, topic", rows(ANSWERED_QUESTIONS_ES))
def test_a_spanish_question_that_asks_what_the_article_answers_is_still_answered(responder, message, topic):
    reply = ask(responder, message)
    assert reply.kind == "answer" and reply.intents[:1] == (topic,), (reply.kind, reply.intents, reply.aspect)
    in_spanish(reply, message)


#: Mirrors test_a_question_of_no_known_shape_is_offered.
NO_KNOWN_SHAPE_ES = [
    ("regret-bladder", "el botox de la vejiga, ¿la gente se arrepiente?"),
    ("men-migraine", "botox para la migraña y los hombres, ¿hay alguna diferencia?"),
]


@pytest.mark.parametrize("message", rows(NO_KNOWN_SHAPE_ES))
def test_a_spanish_question_of_no_known_shape_is_offered(responder, message):
    reply = ask(responder, message)
    assert reply.kind == "not_covered", (reply.kind, reply.intents)
    in_spanish(reply, message)


# -- 2. a new problem is never met with a benefit -------------------------------------------------

#: Mirrors test_a_new_or_sudden_problem_gets_who_can_help_not_a_benefit.
NEW_PROBLEMS_ES = [
    ("neck-pulling-left", "esta mañana de repente el cuello se me empezó a ir para la izquierda"),
    ("hands-sweat-suddenly", "de golpe me sudan las manos y mojo todo, antes no me pasaba"),
    ("jaw-clicks-now", "ahora la mandíbula me truena y me duele al masticar, antes nunca"),
    ("eyelid-twitching", "hace 3 días me empezó a temblar el párpado y no para"),
    ("dad-dribbling", "mi papá no para de babear desde ayer"),
]


@pytest.mark.parametrize("message", rows(NEW_PROBLEMS_ES))
def test_a_new_or_sudden_problem_in_spanish_gets_who_can_help_not_a_benefit(responder, es, message):
    reply = ask(responder, message)
    assert reply.aspect in ("new_symptom", "weakness", "stroke") or reply.kind == "emergency", (
        reply.kind,
        reply.aspect,
    )
    assert_no_benefit(responder, es, reply)
    assert emergency_number(responder) in reply.text
    in_spanish(reply, message)


#: Mirrors test_trouble_needs_evidence_that_it_is_about_the_body.
NOT_THE_BODY_ES = [
    ("card", "ayer no me funcionó la tarjeta"),
    ("meeting", "¿puedes volver a confirmar la reunión de hoy?"),
    ("tires", "ayer le cambié las llantas al carro"),
]


@pytest.mark.parametrize("message", rows(NOT_THE_BODY_ES))
def test_spanish_trouble_needs_evidence_that_it_is_about_the_body(responder, message):
    reply = ask(responder, message)
    assert reply.kind == "fallback", (reply.kind, reply.aspect)
    in_spanish(reply, message)


# -- 3. an injection anywhere in the conversation counts ------------------------------------------


def test_an_injection_told_earlier_in_spanish_makes_a_later_problem_one_for_the_clinic(responder):
    # Mirrors test_an_injection_told_earlier_makes_a_later_problem_one_for_the_clinic.
    said = (
        "la semana pasada me pusieron inyecciones en el cuello",
        "el cuello me sigue tirando para un lado como antes",
    )
    (first, second), session = talk(responder, *said)
    assert session.injection == "self"
    assert (second.kind, second.aspect) == ("not_covered", "after_injection"), (second.kind, second.aspect)
    assert "hoy" in second.body
    all_in_spanish([first, second], said)


def test_an_injection_told_in_spanish_of_someone_else_is_kept_as_theirs(responder):
    # Mirrors test_an_injection_told_of_someone_else_is_kept_as_theirs.
    said = (
        "a mi marido le pusieron el botox en la vejiga el lunes, ¿cómo se supone que le ayuda?",
        "desde anoche no ha podido orinar",
    )
    (first, second), session = talk(responder, *said)
    assert session.injection == "other"
    assert (second.kind, second.aspect) == ("emergency", "after_injection"), (second.kind, second.aspect)
    all_in_spanish([first, second], said)


def test_a_spanish_injection_travels_in_the_session_dict(responder):
    # Mirrors test_the_injection_travels_in_the_session_dict.
    session = Session()
    first = responder.respond("el viernes me pusieron botox en las axilas", session)
    restored = Session.from_dict(session.to_dict())
    assert restored.injection == "self"
    second = responder.respond("ahora veo todo borroso", restored)
    assert second.kind == "emergency", (second.kind, second.aspect)
    all_in_spanish([first, second], "axilas, borroso")


#: Mirrors test_boxed_warning_and_allergic_signs_after_an_injection_are_urgent.
BOXED_WARNING_SIGNS_ES = [
    ("voice-rough", "desde las inyecciones tengo la voz rasposa"),
    ("voice-croaky", "se me ha puesto la voz ronquísima desde los pinchazos en el cuello"),
    ("bladder-nothing-comes", "me pusieron el botox en la vejiga el martes y voy a hacer pipí y no me sale nada"),
    ("seeing-two", "desde mi botox veo todo doble"),
    ("eyelid-come-down", "desde las inyecciones se me bajó del todo el párpado"),
    ("body-like-jelly", "siento el cuerpo entero como gelatina desde las inyecciones de ayer"),
    ("itchy-all-over", "hace 2 días me pusieron botox y ahora me pica todo el cuerpo"),
    ("dizzy-faint", "estoy mareada y siento que me desmayo desde la inyección de esta mañana"),
    ("wheezy", "me pusieron botox la semana pasada y ahora me silba el pecho al respirar"),
]


@pytest.mark.parametrize("message", rows(BOXED_WARNING_SIGNS_ES))
def test_boxed_warning_and_allergic_signs_told_in_spanish_after_an_injection_are_urgent(responder, message):
    reply = ask(responder, message)
    assert reply.kind == "emergency", (reply.kind, reply.aspect)
    in_spanish(reply, message)


def test_a_spanish_problem_after_an_injection_is_for_the_clinic_but_better_is_no_problem(responder):
    # Mirrors test_a_problem_after_an_injection_is_urgent_or_for_the_clinic_but_better_is_no_problem.
    bruise = ask(responder, "ayer me pusieron botox y tengo un moretón en el cuello")
    assert bruise.aspect == "after_injection", (bruise.kind, bruise.aspect)
    better = ask(responder, "desde el botox mis dolores de cabeza están muchísimo mejor")
    assert better.kind != "emergency" and better.aspect != "new_symptom", (better.kind, better.aspect)
    all_in_spanish([bruise, better], "moretón, mejor")


#: Mirrors test_a_question_about_a_risk_with_nothing_reported_stays_a_question.
RISK_QUESTIONS_ES = [
    ("hoarse", "¿el botox te puede dejar ronca?"),
    ("double-vision", "¿me puede dar visión doble el botox?"),
    ("headache-normal", "¿es normal que duela la cabeza después del botox?"),
    ("allergic", "¿el botox para el sudor me puede dar una reacción alérgica?"),
    ("bladder-pee", "¿el botox en la vejiga hace que no puedas orinar?"),
    ("spread-choking", "¿el botox se puede ir a la garganta? me da miedo atragantarme"),
    ("go-weak", "leí que hay gente que queda débil después del botox, ¿es normal o es raro?"),
]


@pytest.mark.parametrize("message", rows(RISK_QUESTIONS_ES))
def test_a_spanish_question_about_a_risk_with_nothing_reported_stays_a_question(responder, message):
    reply = ask(responder, message)
    assert (reply.kind, reply.aspect) == ("not_covered", "side_effects"), (reply.kind, reply.aspect)
    in_spanish(reply, message)


def test_after_trouble_is_told_in_spanish_can_it_wait_gets_the_same_reply_and_thanks_ends_it(responder):
    # Mirrors test_after_trouble_is_told_can_it_wait_gets_the_same_reply_and_thanks_ends_it.
    said = (
        "a mi esposo le pusieron el botox de la vejiga el lunes",
        "desde entonces no puede orinar",
        "la clínica está cerrada, ¿puede esperar hasta mañana?",
        "bueno, ya los llamo, gracias",
    )
    replies, session = talk(responder, *said)
    assert [r.kind for r in replies[1:]] == ["emergency", "emergency", "smalltalk"], [r.kind for r in replies]
    assert session.trouble == ""
    all_in_spanish(replies, said)


# -- 4. red flags from a clinical checklist --------------------------------------------------------

#: Mirrors test_the_clinical_red_flag_checklist: (message, whether the crisis line is given).
CLINICAL_CHECKLIST_ES = [
    ("chest-tight-painful", "tengo el pecho muy apretado y me duele desde esta mañana", False),
    ("elephant-on-chest", "siento como si un elefante se me sentara en el pecho", False),
    ("face-dropped-talking-funny", "a mi marido se le cayó la cara de un lado y habla raro", False),
    ("having-a-stroke", "creo que me está dando un ACV", False),
    ("cant-lift-arm", "de repente mi mamá no puede levantar el brazo derecho", False),
    ("fit-on-floor", "mi esposa está convulsionando en el piso", False),
    ("grandson-tablets", "mi nieto se tragó un puñado de mis pastillas", False),
    ("box-of-paracetamol", "hace una hora me tomé una caja entera de paracetamol", False),
    ("bleeding-wont-stop", "me corté la mano y la sangre no para", False),
    ("cant-wake-husband", "no puedo despertar a mi marido", False),
    ("blacking-out", "hoy me he desmayado varias veces", False),
    ("lost-sight-left-eye", "de repente perdí la vista del ojo izquierdo", False),
    ("vision-blurry", "esta tarde se me puso borrosa la vista", False),
    ("no-point-going-on", "ya no le veo el sentido a seguir", True),
    ("not-be-here", "quiero dejar de existir", True),
    ("better-off-without-me", "todos estarían mejor sin mí", True),
]


@pytest.mark.parametrize("message, crisis", rows(CLINICAL_CHECKLIST_ES))
def test_the_clinical_red_flag_checklist_in_spanish(responder, es, message, crisis):
    reply = ask(responder, message)
    assert reply.kind == "emergency", (reply.kind, reply.aspect)
    assert (crisis_line(es) in reply.text) is crisis
    in_spanish(reply, message)


#: Mirrors test_a_red_flag_denied_is_no_emergency.
DENIED_RED_FLAGS_ES = [
    (
        "no-chest-pain",
        "no tengo dolor de pecho ni nada de eso, solo que llevo años empapando las camisas de sudor, "
        "¿me sirve el botox?",
    ),
    ("not-dizzy-or-faint", "no está mareada ni se desmaya, tiene escapes de orina desde hace años"),
    ("not-short-of-breath", "no me falta el aire, solo quiero saber sobre las migrañas"),
]


@pytest.mark.parametrize("message", rows(DENIED_RED_FLAGS_ES))
def test_a_red_flag_denied_in_spanish_is_no_emergency(responder, message):
    reply = ask(responder, message)
    assert reply.kind != "emergency", reply.aspect
    in_spanish(reply, message)


#: Mirrors test_a_denial_that_does_not_reach_the_symptom_hides_nothing.
DENIAL_NOT_REACHING_ES = [
    ("dont-know-chest-hurts", "no sé, me duele el pecho"),
    ("not-sure-cant-breathe", "no sé qué me pasa, no puedo respirar"),
    ("scared-cant-breathe", "tengo miedo, no puedo respirar"),
    ("worried-throat-closing", "estoy preocupada, se me cierra la garganta"),
]


@pytest.mark.parametrize("message", rows(DENIAL_NOT_REACHING_ES))
def test_a_spanish_denial_that_does_not_reach_the_symptom_hides_nothing(responder, message):
    reply = ask(responder, message)
    assert reply.kind == "emergency", (reply.kind, reply.aspect)
    in_spanish(reply, message)


# -- 5. a safety net on every reply that is not an answer ----------------------------------------

#: Mirrors test_every_fallback_carries_the_emergency_number. Nothing typed and a keyboard mash are in
#: no language: their twins come in a conversation a Spanish-speaking patient has begun.
FALLBACKS_ES = [
    ("nothing-typed", ["hola, buenas tardes", ""]),
    ("weather", ["¿qué tiempo va a hacer hoy?"]),
    ("tell-me-more", ["cuéntame más"]),
    ("keyboard-mash", ["hola, buenas tardes", "asdf qwerty"]),
    ("cat", ["botox para mi gato"]),
]


@pytest.mark.parametrize("messages", rows(FALLBACKS_ES))
def test_every_spanish_fallback_carries_the_emergency_number(responder, messages):
    replies, _ = talk(responder, *messages)
    assert replies[-1].kind == "fallback", (replies[-1].kind, replies[-1].aspect)
    assert emergency_number(responder) in replies[-1].body
    in_spanish(replies[-1], messages)


#: Mirrors test_what_to_watch_for_gets_the_clinics_warning_signs_marked_as_not_from_the_article.
WHAT_TO_WATCH_FOR_ES = [
    ("watch-out-for", "¿qué tengo que vigilar después de la inyección de botox?"),
    ("when-call-doctor", "¿cuándo debo llamar al médico después del botox?"),
    ("which-symptoms-serious", "¿qué síntomas después del botox son lo bastante graves como para pedir ayuda?"),
]


@pytest.mark.parametrize("message", rows(WHAT_TO_WATCH_FOR_ES))
def test_what_to_watch_for_in_spanish_gets_the_clinics_warning_signs(responder, es, message):
    reply = ask(responder, message)
    assert reply.aspect == "warning_signs", (reply.kind, reply.aspect)
    signs = es.settings["warning_signs"]
    assert signs["source"] in reply.body and responder.fill(signs["text"], es) in reply.body
    assert "tragar" in reply.body and emergency_number(responder) in reply.body
    assert not reply.sources
    in_spanish(reply, message)


def test_the_warning_signs_asked_in_spanish_with_the_clinics_own_settings(content_copy, tmp_path):
    # Mirrors test_the_warning_signs_are_the_clinics_to_change: with the clinic's own (English)
    # warning signs set, a Spanish question about what to watch for still gets the warning signs.
    from chatbot import Responder

    config = tmp_path / "clinic.yaml"
    config.write_text(
        "warning_signs:\n  source: our aftercare leaflet\n  text: Call the ward on 555-0199 for anything new.\n"
    )
    bot = Responder.load(content_copy, config)
    message = "¿qué tengo que vigilar después de la inyección?"
    reply = bot.respond(message, Session())
    assert reply.aspect == "warning_signs", (reply.kind, reply.aspect)
    in_spanish(reply, message)


# -- 6. who it is about ---------------------------------------------------------------------------


def test_a_child_stays_the_subject_in_spanish_until_the_patient_speaks_of_themselves(responder):
    # Mirrors test_a_child_stays_the_subject_until_the_patient_speaks_of_themselves.
    said = (
        "mi hija tiene 6 años y parálisis cerebral, tiene las piernas muy rígidas",
        "¿se lo pueden poner a ella?",
        "¿duele? le tiene pánico a las agujas",
        "¿y para mí? tengo migrañas 15 días al mes",
    )
    replies, _ = talk(responder, *said)
    assert [r.aspect == "children" for r in replies] == [True, True, True, False], [r.aspect for r in replies]
    all_in_spanish(replies, said)


#: Mirrors test_pregnancy_gets_the_pregnancy_reply_never_the_childrens.
PREGNANCY_ES = [
    ("20-weeks", "estoy de 20 semanas, ¿todavía me puedo poner botox para las migrañas?"),
    ("breastfeeding", "le doy el pecho a mi bebé de 3 meses, ¿el botox para el sudor está bien?"),
    ("wife-expecting", "mi mujer está embarazada, ¿el botox para el dolor de mandíbula es seguro para el bebé?"),
]


@pytest.mark.parametrize("message", rows(PREGNANCY_ES))
def test_pregnancy_in_spanish_gets_the_pregnancy_reply_never_the_childrens(responder, message):
    reply = ask(responder, message)
    assert reply.aspect == "pregnancy", (reply.kind, reply.aspect)
    in_spanish(reply, message)


#: Mirrors test_other_medicines_are_a_question_the_article_does_not_answer.
OTHER_MEDICINES_ES = [
    ("warfarin", "¿me puedo poner botox si tomo warfarina?"),
    ("baclofen", "tomo baclofeno para los espasmos, ¿me puedo poner botox también?"),
]


@pytest.mark.parametrize("message", rows(OTHER_MEDICINES_ES))
def test_other_medicines_asked_in_spanish_are_a_question_the_article_does_not_answer(responder, message):
    reply = ask(responder, message)
    assert (reply.kind, reply.aspect) == ("not_covered", "medicines"), (reply.kind, reply.aspect)
    in_spanish(reply, message)


# -- explain ------------------------------------------------------------------------------------


def test_explain_names_the_stage_and_the_evidence_for_a_spanish_report(responder):
    # Mirrors test_explain_names_the_stage_and_the_evidence (the English stem of "croaky" aside).
    # "La voz ronca" is a hoarse voice, which the red flag "speaking" may take before the trouble
    # stage (as it takes "my voice is hoarse"): an emergency either way, and explain names the stage.
    from chatbot.explain import explain

    text = explain(responder, "el lunes me pusieron el botox y ahora tengo la voz ronca")
    assert "\nreply:      emergency" in text, text
    assert "\nstage:      red flags\n" in text or ("\nstage:      trouble\n" in text and "injection told" in text), text


# -- 7. each reply about trouble is worded from its own content entry ----------------------------


def test_a_spanish_problem_after_an_injection_is_worded_as_the_after_injection_message(responder, es):
    # Mirrors test_a_problem_after_an_injection_is_worded_as_the_after_injection_message.
    message = "ayer me pusieron botox en el cuello y tengo un moretón donde me pincharon"
    reply = ask(responder, message)
    assert (reply.kind, reply.aspect, reply.confidence) == ("not_covered", "after_injection", 1.0), (
        reply.kind,
        reply.aspect,
    )
    assert reply.body.startswith(symptoms_wording(responder, es)), reply.body
    in_spanish(reply, message)


def test_a_boxed_warning_sign_in_spanish_gets_the_emergency_message(responder, es):
    # Mirrors test_a_boxed_warning_sign_after_an_injection_gets_the_emergency_message.
    message = "desde el bótox estoy viendo doble"
    reply = ask(responder, message)
    assert (reply.kind, reply.aspect, reply.confidence) == ("emergency", "after_injection", 1.0), (
        reply.kind,
        reply.aspect,
    )
    assert reply.body == responder.message("emergency", es)
    in_spanish(reply, message)


JAW_LOCKING_ES = "ayer de repente se me empezó a trabar la mandíbula"
BRUISE_WHERE_INJECTED_ES = "me pusieron botox en el cuello ayer y me quedó un moretón donde pincharon"


def test_a_new_problem_in_spanish_is_worded_as_the_new_symptom_message_and_offers_its_topic(responder, es):
    # Mirrors test_a_new_problem_is_worded_as_the_new_symptom_message_and_offers_its_topic.
    reply = ask(responder, JAW_LOCKING_ES)
    assert (reply.kind, reply.aspect, reply.confidence) == ("not_covered", "new_symptom", 1.0), (
        reply.kind,
        reply.aspect,
    )
    assert offered(responder, es, reply, responder.message("new_symptom", es), "tmj"), reply.body
    assert reply.intents == ("tmj",)
    in_spanish(reply, JAW_LOCKING_ES)


def test_an_injection_told_in_spanish_with_nothing_wrong_gets_what_to_do_if_anything_starts(responder, es):
    # Mirrors test_an_injection_told_with_nothing_wrong_gets_what_to_do_if_anything_starts.
    message = "el miércoles pasado me pusieron el botox del cuello"
    reply = ask(responder, message)
    assert (reply.kind, reply.aspect, reply.confidence) == ("not_covered", "after_injection", 1.0), (
        reply.kind,
        reply.aspect,
    )
    assert offered(responder, es, reply, responder.message("injection_noted", es), "cervical_dystonia"), reply.body
    assert reply.intents == ("cervical_dystonia",)
    in_spanish(reply, message)


def test_an_injection_told_in_spanish_with_a_question_whether_all_is_well_is_for_the_clinic(responder):
    # Mirrors test_an_injection_told_with_a_question_whether_all_is_well_is_for_the_clinic.
    message = "me pusieron botox en el cuello hace 3 días. ¿debería preocuparme?"
    reply = ask(responder, message)
    assert (reply.kind, reply.aspect) == ("not_covered", "after_injection"), (reply.kind, reply.aspect)
    in_spanish(reply, message)


def test_an_injection_told_in_spanish_with_another_question_is_that_question(responder):
    # Mirrors test_an_injection_told_with_another_question_is_that_question.
    message = "la semana pasada me pusieron botox para las migrañas, ¿cuánto me va a durar?"
    reply = ask(responder, message)
    assert reply.aspect != "after_injection", (reply.kind, reply.aspect)
    assert reply.intents[:1] == ("migraine",), reply.intents
    in_spanish(reply, message)


#: Mirrors test_carrying_on_about_trouble_keeps_its_wording.
CARRYING_ON_ES = [
    ("new-symptom", JAW_LOCKING_ES, "new_symptom"),
    ("after-injection", BRUISE_WHERE_INJECTED_ES, "after_injection"),
]


@pytest.mark.parametrize("first, wording", rows(CARRYING_ON_ES))
def test_carrying_on_about_trouble_in_spanish_keeps_its_wording(responder, es, first, wording):
    (told, again), _ = talk(responder, first, "¿eso es normal?")
    assert (again.kind, again.aspect) == (told.kind, told.aspect), (told.aspect, again.kind, again.aspect)
    expected = responder.message("new_symptom", es) if wording == "new_symptom" else symptoms_wording(responder, es)
    assert again.body.startswith(expected), again.body
    all_in_spanish([told, again], first)


def test_carrying_on_after_a_crisis_in_spanish_keeps_the_crisis_line(responder, es):
    # Mirrors test_carrying_on_after_a_crisis_keeps_the_crisis_line.
    (told, again), _ = talk(responder, "quiero terminar con mi vida", "¿eso es normal?")
    crisis = responder.message("crisis", es)
    assert told.kind == again.kind == "emergency", (told.kind, again.kind)
    assert crisis in told.body and crisis in again.body
    all_in_spanish([told, again], "quiero terminar con mi vida")


def test_thanks_in_spanish_after_trouble_is_thanks_but_not_with_more_trouble_told(responder, es):
    # Mirrors test_thanks_after_trouble_is_thanks_but_not_with_more_trouble_told.
    (told, thanks), _ = talk(responder, JAW_LOCKING_ES, "vale, gracias")
    assert (thanks.kind, thanks.aspect, thanks.body) == ("smalltalk", "thanks", responder.message("thanks", es)), (
        thanks.kind,
        thanks.aspect,
    )
    (_, more), _ = talk(responder, JAW_LOCKING_ES, "gracias, ahora también se me está hinchando la cara")
    assert more.kind != "smalltalk"
    all_in_spanish([told, thanks, more], JAW_LOCKING_ES)


#: Mirrors test_asking_whether_the_injections_explain_a_problem_tells_the_problem.
DO_THE_INJECTIONS_EXPLAIN_IT_ES = [
    ("drooling-dry-mouth", "a ella le ponen botox para el babeo, ¿por eso tiene la boca tan seca?"),
    ("bladder-fever", "a mi marido le ponen botox en la vejiga, ¿puede ser por eso que ahora tiene fiebre?"),
    (
        "migraine-rash-forehead",
        "me pongo botox para las migrañas cada 12 semanas, ¿eso explicaría el sarpullido de la frente?",
    ),
    ("neck-rash", "me ponen botox cada 3 meses en el cuello, ¿será por eso que tengo una erupción?"),
    ("arm-tired", "a mi mamá le ponen el botox en el brazo, ¿será por eso que anda tan cansada todo el tiempo?"),
]


@pytest.mark.parametrize("message", rows(DO_THE_INJECTIONS_EXPLAIN_IT_ES))
def test_asking_in_spanish_whether_the_injections_explain_a_problem_tells_the_problem(responder, es, message):
    reply = ask(responder, message)
    assert reply.aspect == "after_injection", (reply.kind, reply.aspect)
    assert_no_benefit(responder, es, reply)
    in_spanish(reply, message)


#: Mirrors test_asking_why_a_risk_happens_is_still_a_question.
WHY_A_RISK_ES = [
    ("why-rash", "¿por qué el botox da sarpullido?"),
    ("why-some-people-rash", "¿por qué a algunas personas les sale sarpullido con el botox?"),
]


@pytest.mark.parametrize("message", rows(WHY_A_RISK_ES))
def test_asking_in_spanish_why_a_risk_happens_is_still_a_question(responder, message):
    reply = ask(responder, message)
    assert (reply.kind, reply.aspect) == ("not_covered", "side_effects"), (reply.kind, reply.aspect)
    in_spanish(reply, message)


def test_an_adults_age_far_from_the_child_in_a_spanish_sentence_leaves_the_child_a_child(responder):
    # Mirrors test_an_adults_age_far_from_the_child_in_the_sentence_leaves_the_child_a_child.
    message = "mi niña tiene unas migrañas horribles y su papá, que tiene 45, preguntó por el botox"
    reply = ask(responder, message)
    assert reply.aspect == "children", (reply.kind, reply.aspect)
    in_spanish(reply, message)


#: Mirrors test_explain_names_the_stage_that_decided (its Spanish and empty rows have no twin).
STAGES_ES = [
    ("red-flags", "no puedo respirar", "red flags"),
    ("trouble", "ayer me pusieron botox y tengo un moretón en el cuello", "trouble"),
    ("question", "botox para los espasmos", "question"),
    ("conversation", "cuéntame más", "conversation"),
]


@pytest.mark.parametrize("message, stage", rows(STAGES_ES))
def test_explain_names_the_stage_that_decided_a_spanish_message(responder, message, stage):
    from chatbot.explain import explain

    text = explain(responder, message)
    assert f"\nstage:      {stage}\n" in text, text


def test_explain_shows_what_the_trouble_stage_looked_at_in_spanish_and_carrying_it_on(responder):
    # Mirrors test_explain_shows_what_the_trouble_stage_looked_at_and_carrying_it_on
    # (its lines that show the English words read aside).
    from chatbot.explain import explain

    session = Session()
    first = explain(responder, JAW_LOCKING_ES, session)
    for line in ("act:        describe", "topic:      tmj", "report:     new (", "stage:      trouble"):
        assert f"\n{line}" in first, (line, first)
    second = explain(responder, "¿eso es normal?", session)
    assert "\nact:        seriousness" in second and "\nstage:      trouble\n" in second, second


#: Mirrors test_nothing_typed_and_no_words_typed_get_their_own_messages (in a Spanish conversation).
NOTHING_TYPED_ES = [
    ("empty", ["hola, buenas tardes", "   "], "empty"),
    ("no-words", ["hola, buenas tardes", "?!?! ..."], "fallback"),
    ("more-none", ["cuénteme más"], "more_none"),
]


@pytest.mark.parametrize("messages, wording", rows(NOTHING_TYPED_ES))
def test_nothing_typed_in_a_spanish_conversation_gets_its_own_message(responder, es, messages, wording):
    replies, _ = talk(responder, *messages)
    reply = replies[-1]
    assert reply.kind == "fallback" and reply.body.startswith(responder.message(wording, es)), (reply.kind, reply.body)
    in_spanish(reply, messages)


# =================================================================================================
# test_safety_review.py
# =================================================================================================

# -- 1. symptoms after an injection ------------------------------------------------------------

#: Mirrors test_boxed_warning_symptoms_after_an_injection_are_urgent.
BOXED_WARNING_SYMPTOMS_ES = [
    ("double-vision-2-days", "hace 2 días me pusieron botox y ahora veo doble"),
    ("since-injection-double", "desde la inyección de botox tengo visión doble"),
    ("blurry-last-week", "me puse botox la semana pasada y veo borroso"),
    ("bladder-cant-pee", "me pusieron botox para la vejiga y ahora no puedo hacer pipí"),
    ("yesterday-see-double", "ayer me aplicaron botox, ahora veo las cosas dobles"),
    (
        "eyelid-and-weak-all-over",
        "Me pusieron las inyecciones el lunes. Esta mañana tengo el párpado caído y me siento débil en todo el cuerpo.",
    ),
    ("food-wrong-way", "me inyectaron el cuello hace una semana. Desde entonces la comida se me va por otro lado"),
    ("rash-on-arms", "me pusieron botox hace 3 días y ahora tengo un sarpullido en los brazos"),
    ("dizzy-faint", "me siento mareado y como que me voy a desmayar desde la inyección de esta mañana"),
    ("voice-rough", "desde los pinchazos tengo la voz áspera"),
    ("voice-gone", "se me fue la voz desde las inyecciones en el cuello"),
]


@pytest.mark.parametrize("message", rows(BOXED_WARNING_SYMPTOMS_ES))
def test_boxed_warning_symptoms_told_in_spanish_after_an_injection_are_urgent(responder, message):
    reply = ask(responder, message)
    assert reply.kind == "emergency", (reply.kind, reply.intents, reply.aspect)
    in_spanish(reply, message)


#: Mirrors test_other_new_problems_after_an_injection_go_to_the_clinic_today.
OTHER_PROBLEMS_AFTER_AN_INJECTION_ES = [
    ("bruise-on-arm", "me pusieron botox hace 3 días y ahora tengo un moretón en el brazo"),
    ("spots-red-sore", "me pusieron las inyecciones de botox la semana pasada y los puntitos siguen rojos y me duelen"),
    ("headache-wont-go", "desde la inyección del viernes tengo un dolor de cabeza que no se me quita"),
]


@pytest.mark.parametrize("message", rows(OTHER_PROBLEMS_AFTER_AN_INJECTION_ES))
def test_other_new_problems_told_in_spanish_after_an_injection_go_to_the_clinic_today(responder, es, message):
    reply = ask(responder, message)
    assert (reply.kind, reply.aspect) == ("not_covered", "after_injection"), (reply.kind, reply.aspect)
    assert "hoy" in reply.body
    assert_no_benefit(responder, es, reply)
    in_spanish(reply, message)


# -- 2 and 3. approval ---------------------------------------------------------------------------

#: Mirrors test_approval_for_other_topics_says_the_article_does_not_say.
APPROVAL_FOR_A_TOPIC_ES = [
    ("tmj", "¿el botox está aprobado para la ATM?", "tmj"),
    ("overactive-bladder", "¿está aprobado el botox para la vejiga hiperactiva?", "overactive_bladder"),
    ("fda-sweating", "¿el botox está aprobado por la FDA para el sudor?", "hyperhidrosis"),
    ("neuropathic-pain", "¿está aprobado el botox para el dolor neuropático?", "chronic_pain"),
    ("cerebral-palsy", "el botox esta aprobado para la paralisis cerebral?", "spasticity"),
]


@pytest.mark.parametrize("message, topic", rows(APPROVAL_FOR_A_TOPIC_ES))
def test_approval_asked_in_spanish_for_other_topics_says_the_article_does_not_say(responder, es, message, topic):
    reply = ask(responder, message)
    assert (reply.kind, reply.aspect, reply.intents) == ("not_covered", "approval", (topic,)), (
        reply.kind,
        reply.aspect,
        reply.intents,
    )
    assert "migraña crónica" in reply.body.lower() and "no dice" in reply.body.lower(), reply.body
    assert responder.content.responses[topic].answer not in reply.text
    assert es.responses[topic].answer not in reply.text
    in_spanish(reply, message)


#: Mirrors test_approval_in_general_names_chronic_migraine_only.
APPROVAL_IN_GENERAL_ES = [
    ("what-for", "¿para qué está aprobado el botox?"),
    ("fda", "¿el botox está aprobado por la FDA?"),
]


@pytest.mark.parametrize("message", rows(APPROVAL_IN_GENERAL_ES))
def test_approval_in_general_asked_in_spanish_names_chronic_migraine_only(responder, message):
    reply = ask(responder, message)
    assert reply.aspect == "approval" and reply.kind != "fallback", (reply.kind, reply.aspect)
    assert "migraña crónica" in reply.body.lower() and "no dice" in reply.body.lower(), reply.body
    in_spanish(reply, message)


def test_approval_asked_in_spanish_for_a_long_history_of_migraines_leaves_chronic_to_the_doctor(responder):
    # Mirrors test_approval_for_my_long_history_of_migraines_leaves_chronic_to_the_doctor.
    message = "Tengo migrañas desde hace 10 años, ¿el botox está aprobado para mí?"
    reply = ask(responder, message)
    assert reply.aspect == "approval" and reply.intents[:1] == ("migraine",), (reply.kind, reply.aspect, reply.intents)
    assert "migraña crónica" in reply.body.lower() and "médico" in reply.body, reply.body
    assert "largo plazo" not in reply.text
    in_spanish(reply, message)


# -- 4. children ---------------------------------------------------------------------------------

#: Mirrors test_a_child_as_the_subject_gets_a_caution_first (and the children row of test_responder's
#: test_follow_ups_use_the_session, below).
CHILD_AS_THE_SUBJECT_ES = [
    ("baby-drools", "mi bebé babea mucho, ¿le puede ayudar el botox?", "salivation"),
    ("10-year-old-crossed-eyes", "¿a mi hijo de 10 años le pueden poner botox para el estrabismo?", "eye_disorders"),
    ("child-cerebral-palsy", "¿el botox le puede servir a mi nene que tiene parálisis cerebral?", "spasticity"),
]


@pytest.mark.parametrize("message, topic", rows(CHILD_AS_THE_SUBJECT_ES))
def test_a_child_as_the_subject_in_spanish_gets_a_caution_first(responder, es, message, topic):
    reply = ask(responder, message)
    assert reply.aspect == "children" and reply.intents[:1] == (topic,), (reply.kind, reply.aspect, reply.intents)
    assert "niño" in reply.body and "médico" in reply.body
    benefit = es.responses[topic].answer
    if benefit in reply.body:
        assert reply.body.index("niño") < reply.body.index(benefit)
    in_spanish(reply, message)


# -- 5. other headaches ----------------------------------------------------------------------------

#: Mirrors test_other_headaches_are_not_answered_as_migraine.
OTHER_HEADACHES_ES = [
    ("tension", "¿el botox funciona para la cefalea tensional?"),
    ("cluster", "botox para las cefaleas en racimos"),
]


@pytest.mark.parametrize("message", rows(OTHER_HEADACHES_ES))
def test_other_headaches_asked_in_spanish_are_not_answered_as_migraine(responder, es, message):
    reply = ask(responder, message)
    assert reply.kind in ("not_covered", "fallback"), (reply.kind, reply.aspect)
    assert responder.content.responses["migraine"].answer not in reply.text
    assert es.responses["migraine"].answer not in reply.text
    in_spanish(reply, message)


# -- 6. should I ---------------------------------------------------------------------------------

#: Mirrors test_should_i_gets_the_articles_own_conclusion.
SHOULD_I_ES = [
    ("should-i-migraines", "¿debería ponerme botox para mis migrañas?", "migraine"),
    ("doctor-wants-bladder", "mi médico me quiere poner botox para la vejiga, ¿es buena idea?", "overactive_bladder"),
]


@pytest.mark.parametrize("message, topic", rows(SHOULD_I_ES))
def test_should_i_in_spanish_gets_the_articles_own_conclusion(responder, es, message, topic):
    reply = ask(responder, message)
    assert reply.aspect == "personal_decision" and reply.intents[:1] == (topic,), (
        reply.kind,
        reply.aspect,
        reply.intents,
    )
    assert reply.body.startswith(kind_wording(responder, es, "personal_decision", topic)), reply.body
    assert responder.content.responses[topic].answer not in reply.text
    assert es.responses[topic].answer not in reply.text
    in_spanish(reply, message)


# -- 7. cures and permanence ----------------------------------------------------------------------

#: Mirrors test_cure_and_permanence_are_not_answered_with_a_benefit.
CURE_ES = [
    ("crossed-eyes-forever", "¿el botox me va a quitar el estrabismo para siempre?", "eye_disorders"),
    ("cure-migraines", "¿el botox me cura las migrañas?", "migraine"),
    ("sweating-forever", "¿el botox puede acabar con mi sudoración para siempre?", "hyperhidrosis"),
    ("dystonia-forever", "¿con el botox se me puede ir la distonía para siempre?", "cervical_dystonia"),
]


@pytest.mark.parametrize("message, topic", rows(CURE_ES))
def test_cure_and_permanence_asked_in_spanish_are_not_answered_with_a_benefit(responder, es, message, topic):
    reply = ask(responder, message)
    assert (reply.kind, reply.aspect, reply.intents[:1]) == ("not_covered", "cure", (topic,)), (
        reply.kind,
        reply.aspect,
        reply.intents,
    )
    assert reply.body.startswith(kind_wording(responder, es, "cure", topic)), reply.body
    in_spanish(reply, message)


# -- minor findings -------------------------------------------------------------------------------

#: Mirrors test_conditions_the_article_does_not_name_get_no_topic_answer.
UNNAMED_CONDITIONS_ES = [
    ("back-pain", "botox para el dolor de espalda"),
    ("fibromyalgia", "¿el botox ayuda con la fibromialgia?"),
    ("stiff-neck", "botox para una contractura en el cuello"),
]


@pytest.mark.parametrize("message", rows(UNNAMED_CONDITIONS_ES))
def test_conditions_the_article_does_not_name_get_no_topic_answer_in_spanish(responder, message):
    reply = ask(responder, message)
    assert reply.kind != "answer", (reply.kind, reply.intents)
    in_spanish(reply, message)


#: Mirrors test_a_question_about_a_risk_is_not_an_emergency.
RISK_NOT_AN_EMERGENCY_ES = [
    ("trouble-swallowing", "¿el botox puede causar dificultad para tragar?"),
    ("overdose-on-botox", "¿qué pasa si hay una sobredosis de botox?"),
    ("stop-breathing", "¿es posible dejar de respirar por el botox?"),
]


@pytest.mark.parametrize("message", rows(RISK_NOT_AN_EMERGENCY_ES))
def test_a_spanish_question_about_a_risk_is_not_an_emergency(responder, message):
    reply = ask(responder, message)
    assert reply.kind == "not_covered" and reply.aspect in ("side_effects", "dosing"), (reply.kind, reply.aspect)
    in_spanish(reply, message)


#: Mirrors test_a_risk_question_with_a_symptom_or_self_harm_words_stays_urgent.
RISK_WITH_A_SYMPTOM_ES = [
    ("made-me-unable", "el botox me dejó sin poder tragar"),
    ("question-and-symptom", "¿el botox puede dar problemas para tragar? ahorita no puedo tragar"),
    ("if-i-overdose", "¿qué pasa si me tomo una sobredosis?"),
]


@pytest.mark.parametrize("message", rows(RISK_WITH_A_SYMPTOM_ES))
def test_a_spanish_risk_question_with_a_symptom_or_self_harm_words_stays_urgent(responder, message):
    reply = ask(responder, message)
    assert reply.kind == "emergency", (reply.kind, reply.aspect)
    in_spanish(reply, message)


def test_the_crisis_line_is_given_to_a_spanish_speaker(responder, es):
    # Mirrors test_the_crisis_line_setting_carries_its_own_verb (its reply part).
    message = "me quiero matar"
    reply = ask(responder, message)
    assert crisis_line(es) in reply.body, (reply.kind, reply.body)
    in_spanish(reply, message)


def test_sources_of_a_spanish_answer_use_section_names_a_patient_can_find(responder):
    # Mirrors test_sources_use_section_names_a_patient_can_find (its reply part).
    message = "¿qué es el bótox?"
    overview = ask(responder, message)
    assert any("opening" in s.section.lower() for s in overview.sources), (overview.kind, overview.sources)
    in_spanish(overview, message)


#: Mirrors test_answers_to_safe_questions_still_come.
SAFE_QUESTIONS_ES = [
    ("migraines", "¿el botox ayuda con las migrañas?", "migraine"),
    ("tmj-for-years", "Tengo ATM desde hace años, ¿me puede ayudar el botox?", "tmj"),
    ("husband-dystonia", "mi esposo tiene distonía cervical, ¿le puede ayudar el botox?", "cervical_dystonia"),
    ("stiff-arm-stroke", "tengo el brazo rígido después de un ictus, ¿me sirve el botox?", "spasticity"),
    ("approved-chronic-migraine", "¿el botox está aprobado para la migraña crónica?", "migraine"),
]


@pytest.mark.parametrize("message, topic", rows(SAFE_QUESTIONS_ES))
def test_answers_to_safe_spanish_questions_still_come(responder, message, topic):
    reply = ask(responder, message)
    assert reply.kind == "answer" and reply.intents[:1] == (topic,), (reply.kind, reply.intents)
    in_spanish(reply, message)


# =================================================================================================
# test_injection_reader.py
# =================================================================================================

#: Mirrors the tests of test_injection_reader.py that say whether a message tells an injection
#: (the ones that count English words between the rule's words have no twin: a translation moves
#: the words). The reader is asked through the whole bot: whose injection the conversation keeps,
#: and whether the reply is the after-injection one (an injection told, with nothing else asked).
#: (id, conversation, whose injection ("" for none told), whether the last reply is after_injection)
INJECTIONS_TOLD_ES = [
    # test_a_past_verb_tells_it_within_a_few_small_words
    ("past-verb", ["me pusieron botox"], "self", True),
    ("past-verb-second-round", ["ya me pusieron la segunda tanda de bótox"], "self", True),
    # test_a_plan_is_no_injection_given
    ("plan-next-friday", ["mi próximo botox es el viernes"], "", False),
    ("plan-tomorrow", ["lo del botox es mañana"], "", False),
    # test_a_plan_for_one_injection_does_not_hide_one_given
    ("plan-and-given", ["el próximo botox me toca el viernes, pero ya me pusieron uno la semana pasada"], "self", True),
    # test_a_denied_injection_is_none
    ("denied-last-week", ["la semana pasada no me pusieron ninguna inyección"], "", False),
    ("denied-never", ["todavía no me he puesto botox"], "", False),
    ("given-eye-wont-open", ["botox ayer y el ojo todavía no se me abre bien"], "self", True),
    # test_done_or_did_tells_an_injection_only_with_what_was_done
    ("did-my-armpits", ["me hicieron las axilas hace una semana, con el botox"], "self", True),
    (
        "had-her-bladder-done",
        ["botox para la vejiga hiperactiva", "el lunes le hicieron lo de la vejiga"],
        "other",
        True,
    ),
    ("done-research", ["hace años que investigo sobre el botox"], "", False),
    # test_a_doer_before_done_tells_it_only_with_more_after
    ("the-nurse-did-my-neck", ["con el botox, la enfermera me hizo el cuello"], "self", True),
    # test_a_verb_of_what_it_did_right_after_the_injection_tells_it
    ("made-me-dizzy", ["el botox me dejó mareada"], "self", True),
    # test_injected_tells_it_with_a_time_or_someone_who_injected
    ("they-injected-my-calf", ["me inyectaron en la pantorrilla"], "self", True),
    ("sore-where-injected", ["desde el viernes me duele donde me inyectaron"], "self", True),
    ("can-be-injected", ["se puede inyectar en la pantorrilla"], "", False),
    # test_an_injection_site_tells_it_with_a_time_or_my
    ("my-site-swollen", ["tengo hinchada la zona de la inyección"], "self", True),
    ("site-swollen-3-days-later", ["la zona del pinchazo sigue hinchada 3 días después"], "self", True),
    ("where-is-the-site", ["¿dónde se suele poner la inyección?"], "", False),
    ("is-it-painful-neck", ["¿la inyección en el cuello duele?"], "", False),
    # test_it_with_a_time_tells_the_treatment_under_discussion
    ("it-in-treatment-talk", ["botox para la distonía cervical", "me lo pusieron hace 3 semanas"], "self", True),
    ("it-alone", ["me lo pusieron hace 3 semanas"], "", False),
    ("it-with-the-botox", ["me lo pusieron ayer, el botox"], "self", True),
    # test_a_habit_is_no_injection_given_but_counts_for_a_problem_told_with_it
    ("habit", ["a ella le ponen botox en el cuello"], "other", False),
    ("given-to-her", ["a ella le pusieron botox en el cuello"], "other", True),
]


@pytest.mark.parametrize("conversation, whose, after_injection", rows(INJECTIONS_TOLD_ES))
def test_an_injection_told_in_spanish_is_read_as_english_reads_it(responder, conversation, whose, after_injection):
    replies, session = talk(responder, *conversation)
    last = replies[-1]
    assert session.injection == whose, (conversation, session.injection, last.kind, last.aspect)
    assert (last.aspect == "after_injection") is after_injection, (last.kind, last.aspect)
    all_in_spanish(replies, conversation)


#: Mirrors test_better_is_no_problem_unless_turned_round (its rows where it is better): after an
#: injection, better is no new problem and no emergency.
BETTER_ES = [
    ("much-better", "desde el botox mis dolores de cabeza están mucho mejor"),
    ("better-than-before", "desde que me pusieron el botox estoy mejor que antes"),
]


@pytest.mark.parametrize("message", rows(BETTER_ES))
def test_better_told_in_spanish_after_an_injection_is_no_problem(responder, message):
    reply = ask(responder, message)
    assert reply.kind != "emergency" and reply.aspect != "new_symptom", (reply.kind, reply.aspect)
    in_spanish(reply, message)


# =================================================================================================
# test_responder.py (its safety parts)
# =================================================================================================

#: Mirrors the trouble rows of test_every_reply_kind_that_carries_the_reminder_carries_it.
REMINDER_ON_TROUBLE_ES = [
    ("neck-twisting", "esta mañana de repente el cuello se me empezó a torcer", "not_covered"),
    ("bruise", "ayer me pusieron botox y ahora tengo un moretón", "not_covered"),
    ("watch-out-for", "¿qué debo vigilar después de mi inyección?", "not_covered"),
]


@pytest.mark.parametrize("message, kind", rows(REMINDER_ON_TROUBLE_ES))
def test_every_spanish_reply_about_trouble_carries_the_spanish_reminder(responder, es, message, kind):
    reply = ask(responder, message)
    assert reply.kind == kind, (reply.kind, reply.aspect)
    reminder = responder.reminder_in(es)
    assert reminder and reply.reminder == reminder and reply.text.endswith(reminder), reply.reminder
    in_spanish(reply, message)


def test_a_spanish_emergency_carries_no_reminder(responder, es):
    # Mirrors the emergency row of test_emergencies_clarifications_and_small_talk_carry_no_reminder.
    message = "¡no puedo respirar!"
    reply = ask(responder, message)
    assert reply.kind == "emergency" and reply.reminder == "", (reply.kind, reply.reminder)
    assert responder.reminder_in(es) not in reply.text
    in_spanish(reply, message)


#: Mirrors test_red_flags_get_only_the_urgent_message: (message, whether the crisis line is given).
ONLY_THE_URGENT_MESSAGE_ES = [
    ("cant-breathe-after-botox", "no puedo respirar después del botox", False),
    ("throat-swelling", "se me está hinchando la garganta", False),
    ("swallowing-since-injection", "me cuesta tragar desde la inyección", False),
    ("chest-pain", "dolor en el pecho", False),
    ("kill-myself", "me quiero suicidar", True),
    ("question-and-tongue", "¿botox para las migrañas? ah, y tengo la lengua hinchada", False),
    ("lips-blue", "se me están poniendo los labios morados", False),
    ("face-greyish", "se le puso la cara de un color grisáceo", False),
]


@pytest.mark.parametrize("question, crisis", rows(ONLY_THE_URGENT_MESSAGE_ES))
def test_spanish_red_flags_get_only_the_urgent_message(responder, es, question, crisis):
    reply = ask(responder, question)
    assert reply.kind == "emergency" and reply.intents == () and not reply.sources, (reply.kind, reply.intents)
    assert emergency_number(responder) in reply.text
    assert (crisis_line(es) in reply.text) is crisis
    assert responder.content.responses["migraine"].answer not in reply.text
    assert es.responses["migraine"].answer not in reply.text
    in_spanish(reply, question)


#: Mirrors test_off_topic_gets_the_fallback_not_the_nearest_topic (its conditions the article lacks).
OFF_TOPIC_ES = [
    ("cure-diabetes", "¿el botox cura la diabetes?"),
    ("depression", "botox para la depresión"),
]


@pytest.mark.parametrize("question", rows(OFF_TOPIC_ES))
def test_a_spanish_off_topic_question_gets_the_fallback_not_the_nearest_topic(responder, es, question):
    reply = ask(responder, question)
    assert reply.kind == "fallback" and reply.intents == (), (reply.kind, reply.intents)
    assert es.title("migraine") in reply.suggestions
    in_spanish(reply, question)


#: Mirrors test_a_condition_named_outright_beats_a_likeness_or_the_overview.
CONDITION_NAMED_OUTRIGHT_ES = [
    ("face-twitches", "me tiembla un lado de la cara"),
    ("medication-overuse-headache", "¿el botox sirve para la cefalea por abuso de medicamentos?"),
]


@pytest.mark.parametrize("question", rows(CONDITION_NAMED_OUTRIGHT_ES))
def test_a_condition_named_outright_in_spanish_beats_a_likeness_or_the_overview(responder, question):
    reply = ask(responder, question)
    assert reply.kind != "answer" and reply.aspect == "other_condition", (reply.kind, reply.aspect)
    in_spanish(reply, question)


def test_children_asked_about_in_a_spanish_follow_up_get_the_childrens_reply(responder):
    # Mirrors the children step of test_follow_ups_use_the_session.
    replies, _ = talk(responder, "botox para la migraña", "¿y en niños?")
    kids = replies[-1]
    assert (kids.kind, kids.intents, kids.aspect) == ("not_covered", ("migraine",), "children"), (
        kids.kind,
        kids.intents,
        kids.aspect,
    )
    all_in_spanish(replies, "¿y en niños?")


def test_not_covered_in_spanish_names_the_topic_and_never_gives_its_answer(responder, es):
    # Mirrors test_not_covered_names_the_topic_and_never_gives_its_answer.
    message = "¿es seguro el botox para las migrañas?"
    reply = ask(responder, message)
    assert reply.kind == "not_covered" and reply.intents == ("migraine",), (reply.kind, reply.intents)
    assert "migraña" in reply.body.lower()
    assert responder.content.responses["migraine"].answer not in reply.text
    assert es.responses["migraine"].answer not in reply.text
    in_spanish(reply, message)


#: Mirrors test_a_new_problem_after_an_injection_is_sent_to_the_clinic_not_answered.
NEW_PROBLEM_AFTER_AN_INJECTION_ES = [
    ("bruise-since-botox", "me salió un moretón desde el botox"),
    ("sick-after-injection", "tengo náuseas después de la inyección de botox"),
]


@pytest.mark.parametrize("question", rows(NEW_PROBLEM_AFTER_AN_INJECTION_ES))
def test_a_new_problem_told_in_spanish_after_an_injection_is_sent_to_the_clinic(responder, es, question):
    reply = ask(responder, question)
    assert reply.kind == "not_covered" and reply.aspect == "after_injection", (reply.kind, reply.aspect)
    assert reply.body.startswith(symptoms_wording(responder, es)) and not reply.sources, reply.body
    in_spanish(reply, question)


def test_a_spanish_question_about_the_topic_after_botox_is_still_answered(responder):
    # Mirrors test_a_question_about_the_topic_after_botox_is_still_answered.
    message = "¿se me va a quitar el sudor después del botox?"
    reply = ask(responder, message)
    assert reply.intents == ("hyperhidrosis",), (reply.kind, reply.aspect, reply.intents)
    in_spanish(reply, message)


#: Mirrors test_a_reply_a_rule_decided_is_certain (its rows in English and its empty row: in a
#: Spanish conversation; its row in Spanish already is Spanish).
RULE_DECIDED_ES = [
    ("red-flag", ["no puedo respirar"]),
    ("boxed-warning", ["desde el botox veo doble"]),
    ("after-injection", ["ayer me pusieron botox y hay un moretón en el cuello"]),
    ("new-problem", [JAW_LOCKING_ES]),
    ("carrying-on", [JAW_LOCKING_ES, "¿es normal?"]),
    ("thanks-after-trouble", [JAW_LOCKING_ES, "ok gracias"]),
    ("nothing-typed", ["hola, buenas tardes", "   "]),
    ("approval-in-general", ["¿para qué está aprobado el botox?"]),
]


@pytest.mark.parametrize("messages", rows(RULE_DECIDED_ES))
def test_a_reply_a_rule_decided_in_spanish_is_certain(responder, messages):
    replies, _ = talk(responder, *messages)
    last = replies[-1]
    assert last.confidence == 1.0, (last.kind, last.aspect, last.confidence)
    in_spanish(last, messages)


#: Mirrors test_a_kind_of_question_with_its_own_message_names_the_topic_or_all_of_them.
CURE_WORDING_ES = [
    ("cure-it-forever", "¿el botox lo cura para siempre?", ""),
    ("cure-migraines-permanently", "¿el botox puede curar mis migrañas de forma permanente?", "migraine"),
]


@pytest.mark.parametrize("message, topic", rows(CURE_WORDING_ES))
def test_a_spanish_cure_question_gets_its_own_message_naming_the_topic_or_all_of_them(responder, es, message, topic):
    reply = ask(responder, message)
    assert reply.kind == "not_covered", (reply.kind, reply.aspect)
    assert reply.body == kind_wording(responder, es, "cure", topic), reply.body
    in_spanish(reply, message)


#: Mirrors test_a_red_flag_told_before_asking_for_someone_is_reported (test_safe_defaults.py).
ASKING_FOR_SOMEONE_ES = [
    ("chest-see-someone", "me duele el pecho, ¿puedo ver a alguien?"),
    ("chest-talk-someone", "perdón, me está doliendo mucho el pecho, ¿puedo hablar con alguien?"),
    ("breathe-someone-here", "no puedo respirar bien, ¿hay alguien aquí?"),
    ("swallow-somebody-help", "ella no puede tragar, ¿alguien puede ayudar?"),
]


@pytest.mark.parametrize("message", [m for _, m in ASKING_FOR_SOMEONE_ES], ids=[i for i, _ in ASKING_FOR_SOMEONE_ES])
def test_a_spanish_red_flag_told_before_asking_for_someone_is_reported(responder, message):
    reply = responder.respond(message, Session())
    assert (reply.kind, reply.language) == ("emergency", "es")


#: Mirrors test_red_flags_told_in_looser_words_are_reported (test_safe_defaults.py).
LOOSER_WORDS_ES = [
    ("nosebleed-hour", "a mi papá le sangra la nariz desde hace una hora y no para"),
    ("relaxants-too-many", "me tomé más relajantes musculares de la cuenta y tengo mucho sueño"),
    ("baby-bleach", "el bebé se tomó un poco de cloro"),
]


@pytest.mark.parametrize("message", [m for _, m in LOOSER_WORDS_ES], ids=[i for i, _ in LOOSER_WORDS_ES])
def test_spanish_red_flags_told_in_looser_words_are_reported(responder, message):
    reply = responder.respond(message, Session())
    assert (reply.kind, reply.language) == ("emergency", "es")


def _english_pieces(responder) -> set[str]:
    """Stretches of fixed English text from every English message (between placeholders)."""
    english = responder.texts("en")
    texts = [*english.messages.values(), english.settings["reminder"], english.settings["warning_signs"]["text"]]
    texts += [rule.message for rule in responder.content.questions if rule.message]
    texts.append(responder.content.injection.symptoms.message)
    pieces = set()
    for text in texts:
        for part in re.split(r"\{[a-z_]+\}", text):
            piece = " ".join(part.split())
            if len(piece) >= 24:
                pieces.add(piece[:24])
    return pieces


def test_every_spanish_reply_is_worded_in_spanish_from_start_to_end(responder):
    """Over every Spanish set: a reply in Spanish holds no stretch of an English message (a message
    worded from the base language's texts by mistake would), and is in Spanish throughout."""
    from chatbot.evaluate import evaluate, load_cases
    from conftest import DATA

    pieces = _english_pieces(responder)
    replies = [
        o.reply
        for path in sorted((DATA / "es").glob("*.yaml"))
        for o in evaluate(responder, load_cases(path))
        if o.reply.language == "es"
    ]
    kinds = {(r.kind, r.aspect) for r in replies}
    assert len(replies) > 600 and len(kinds) > 25  # every kind of reply, many aspects
    english = [(r.kind, r.aspect, p) for r in replies for p in pieces if p in r.text]
    assert not english


# -- Mirrors test_safe_defaults: kinds of sentence found on a fresh development set (2026-12-07) -----


@pytest.mark.parametrize(
    "message",
    [
        "no puedo respirar, ¿qué pasa si empeora?",
        "siento el pecho apretado, ¿puede empeorar si espero?",
        "a mi mamá le cuesta tragar, ¿qué puede pasar si esperamos a mañana?",
    ],
)
def test_es_a_red_flag_told_before_a_question_about_what_could_happen_is_reported(responder, message):
    reply = ask(responder, message)
    assert reply.kind == "emergency"
    in_spanish(reply, message)


def test_es_a_red_flag_inside_the_question_about_what_could_happen_is_still_a_question(responder):
    reply = ask(responder, "¿qué pasa si no puedo respirar después del botox?")
    assert (reply.kind, reply.aspect) == ("not_covered", "side_effects")


@pytest.mark.parametrize(
    "message",
    [
        "mi amigo está convulsionando en el piso, ¿qué hago?",
        "una amiga no puede respirar bien, ayúdenme por favor",
    ],
)
def test_es_a_plea_for_help_makes_a_red_flag_a_report(responder, message):
    reply = ask(responder, message)
    assert reply.kind == "emergency"
    in_spanish(reply, message)


def test_es_wondering_what_to_do_if_something_happens_is_no_plea(responder):
    reply = ask(responder, "¿qué hago si se me cae el párpado después del botox?")
    assert reply.kind != "emergency" and reply.aspect == "side_effects"


@pytest.mark.parametrize(
    "message",
    [
        "de repente me sudan las axilas como nunca, ¿qué me pasa?",
        "el ojo me tiembla sin parar desde el lunes, ¿eso lo arregla el botox?",
    ],
)
def test_es_a_new_problem_told_before_the_question_is_a_new_problem(responder, message):
    reply = ask(responder, message)
    assert (reply.kind, reply.aspect) == ("not_covered", "new_symptom")
    in_spanish(reply, message)


def test_es_a_long_standing_problem_told_before_the_question_is_answered(responder):
    reply = ask(responder, "me sudan las axilas desde hace años, ¿me ayuda el botox?")
    assert (reply.kind, reply.intents) == ("answer", ("hyperhidrosis",))


@pytest.mark.parametrize(
    ("message", "aspect"), [("¿efectos secundarios?", "side_effects"), ("¿es seguro?", "side_effects")]
)
def test_es_a_bare_question_about_the_treatment_is_about_botox(responder, message, aspect):
    reply = ask(responder, message)
    assert (reply.kind, reply.aspect) == ("not_covered", aspect)
    in_spanish(reply, message)


def test_es_speech_trouble_in_lay_words_after_an_injection_is_urgent(responder):
    reply = ask(responder, "me pusieron botox el martes y ahora las palabras me salen enredadas")
    assert reply.kind == "emergency"


def test_es_asking_what_to_do_after_an_emergency_gets_the_emergency_again(responder):
    replies, _ = talk(
        responder,
        "a mi papá le pusieron botox en la vejiga la semana pasada",
        "no ha ido al baño desde anoche aunque se siente lleno",
        "ok ¿y ahora qué hacemos?",
    )
    assert [r.kind for r in replies[1:]] == ["emergency", "emergency"]
    all_in_spanish(replies, "vejiga")


@pytest.mark.parametrize(
    "message", ["desde el botox el ojo me tiembla sin parar", "desde el botox él no puede ir a trabajar"]
)
def test_es_non_stop_is_not_stopped_and_go_to_is_not_going_to(responder, message):
    reply = ask(responder, message)
    assert (reply.kind, reply.aspect) == ("not_covered", "after_injection")


def test_es_a_patient_who_tells_their_own_problem_after_and_for_me_gets_its_answer(responder):
    replies, _ = talk(
        responder,
        "mi hijo de 9 años tiene parálisis cerebral y las piernas muy tiesas",
        "¿cuánto dura?",
        "¿y para mí? tengo migrañas fuertes",
    )
    assert (replies[-1].kind, replies[-1].intents, replies[-1].aspect) == ("answer", ("migraine",), None)


def test_es_other_uses_asked_in_a_conversation_about_a_topic_get_the_overview(responder):
    replies, _ = talk(responder, "¿qué es la distonía cervical?", "¿el botox se usa para algo más?")
    assert (replies[-1].kind, replies[-1].intents) == ("answer", ("overview",))


@pytest.mark.parametrize(
    "message",
    [
        "¿esto es un riesgo de derrame con el botox?",
        "una amiga me dijo que a la gente le cuesta respirar después del botox, ¿es cierto?",
    ],
)
def test_es_a_red_flag_only_wondered_about_or_heard_of_is_no_emergency(responder, message):
    reply = ask(responder, message)
    assert (reply.kind, reply.aspect) == ("not_covered", "side_effects")
    in_spanish(reply, message)


def test_es_small_talk_that_asks_after_trouble_is_small_talk_not_the_trouble_again(responder):
    replies, _ = talk(responder, "desde el botox de ayer tengo un sarpullido en el brazo", "¿quién eres?")
    assert [(r.kind, r.aspect) for r in replies] == [("emergency", "after_injection"), ("smalltalk", "help")]


def test_es_a_new_problem_told_in_a_middle_clause_is_told_even_after_an_opening_clause(responder):
    reply = ask(responder, "de la nada, se me empezó a trabar la mandíbula ayer, ¿el botox lo arregla?")
    assert (reply.kind, reply.aspect) == ("not_covered", "new_symptom")


def test_es_asking_whether_it_is_an_emergency_is_a_plea_that_makes_hearsay_a_report(responder):
    assert ask(responder, "mi amiga dice que le duele mucho el pecho, ¿esto es una emergencia?").kind == "emergency"
