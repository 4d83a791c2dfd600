"""A direct test for every red-flag rule and every boxed-warning rule: its own wording, and a near miss.

Each ``all_of`` rule of ``intents/red_flags.yaml`` and of ``urgent`` in
``intents/after_injection.yaml`` is looked up by its entry and its place, tried
on its own (so a sentence another rule happens to catch cannot hide its loss),
and the whole bot is asked too. A rule added to the content without a line here,
or one removed, fails ``test_every_rule_has_a_test``: a new rule needs its test.
"""

from __future__ import annotations

import pytest

from chatbot import Session
from chatbot.models import RuleSet
from chatbot.safety import RuleIndex

#: (red flag id, place of the all_of rule): a message it must catch, and a near miss it must not.
RED_FLAG_RULES = {
    ("breathing", 0): ("its getting really hard to breathe", "its hard to say really"),
    ("breathing", 1): ("his lips have gone blue", "her eyes are blue"),
    ("swallowing", 0): ("i am struggling to swallow", "i am struggling to sleep"),
    ("swallowing", 1): ("food wont go down properly", "the swelling wont go down"),
    ("swallowing", 2): ("my tablets feel stuck halfway", "i stick with my tablets"),
    ("swallowing", 3): ("its hard to get my tea down", "its hard to get my tea ready in the morning"),
    ("speaking", 0): ("she has trouble with her speech", "she has trouble with her knee"),
    ("speaking", 1): ("his words are coming out all jumbled", "his words are kind"),
    ("swelling", 0): ("my throat feels like its closing", "my throat is a bit dry"),
    ("swelling", 1): ("her tongue is all swollen", "her ankle is all swollen"),
    ("allergic_reaction", 0): ("i think im having an allergic reaction", "i have an allergy to penicillin"),
    ("allergic_reaction", 1): ("hives all over her body", "a small itchy spot on her arm"),
    ("weakness", 0): ("he went suddenly weak", "he has weak wrists from typing"),
    ("weakness", 1): ("droopy since the injection", "droopy plants in the garden"),
    ("weakness", 2): ("suddenly i feel weak", "i feel fine"),
    ("weakness", 3): ("her eyelid is drooping now", "her eyelid twitches"),
    ("sudden_headache", 0): ("a sudden severe headache out of nowhere", "a headache on and off for years"),
    ("chest_pain", 0): ("my heart is pounding", "my heart is happy"),
    ("chest_tightness", 0): ("my chest has been really tight since this morning", "my chest x ray was fine"),
    ("chest_tightness", 1): ("like something heavy crushing my chest", "my chest x ray came back clear"),
    ("chest_tightness", 2): ("he went grey and clammy and sweaty", "grey hair and sweaty palms"),
    ("stroke", 0): ("her face dropped on one side", "her face is round"),
    ("stroke", 1): ("my arm suddenly went numb", "my arm is in a cast"),
    ("seizure", 0): ("shaking all over and now unresponsive on the floor", "shaking hands for years"),
    ("poisoning", 0): ("the baby swallowed some pills", "i take my pills with water"),
    ("poisoning", 1): ("he took way too many tablets", "he took his tablets this morning"),
    ("poisoning", 2): ("the baby took some bleach", "the baby took some milk"),
    ("bleeding", 0): ("the bleeding wont stop", "a spot of blood on the tissue"),
    ("vision_loss", 0): ("my sight went dark this morning", "my sight is fine this morning"),
    ("confusion", 0): ("dad is suddenly confused", "i am confused about the forms"),
    ("self_harm", 0): ("i dont want to be alive", "i want to be well"),
    ("self_harm", 1): ("i just want to not be here", "i just want to be here on time"),
    ("self_harm", 2): ("i took them on purpose", "i came on purpose to ask"),
    ("self_harm", 3): ("i cant see the point in going on", "whats the point of the injection"),
    ("self_harm", 4): ("everyone would be better off if i just wasnt around", "im better off now the spasms are gone"),
}
#: Every red flag's phrases, tried through one patient sentence each.
RED_FLAG_PHRASES = {
    "breathing": "im short of breath",
    "swallowing": "i have dysphagia",
    "speaking": "his speech is slurred",
    "choking": "she is choking",
    "swelling": "my throat is closing",
    "allergic_reaction": "i think im having a reaction",
    "weakness": "she has collapsed",
    "sudden_headache": "the worst headache of my life",
    "chest_pain": "crushing chest pain",
    "stroke": "i think im having a stroke",
    "seizure": "my wife is having a seizure",
    "poisoning": "the kids drank bleach",
    "bleeding": "its bleeding heavily",
    "unconscious": "he is unconscious",
    "vision_loss": "i went blind in one eye",
    "confusion": "mum is suddenly confused",
    "self_harm": "i want to end my life",
}
#: (place of the all_of rule of the boxed-warning list): a report after an injection it must make urgent,
#: and one of something that is no boxed-warning sign.
URGENT_RULES = {
    0: ("since the botox my vision is blurry", "since the botox my skin is dry"),
    1: ("since the botox my eyelid is drooping", "since the botox my eyelid is bruised"),
    2: ("since the botox my lid has come down", "since the botox my lid is bruised"),
    3: ("since the botox my legs feel weak", "since the botox my legs feel bruised"),
    4: ("since the botox my head keeps flopping", "since the botox my head aches"),
    5: ("since the botox i keep coughing when i drink", "since the botox i keep sneezing"),
    6: ("since the botox everything has gone fuzzy", "since the botox everything aches"),
    7: ("since the botox i cant read the paper", "since the botox i cant sleep well"),
    8: ("since the botox he keeps wetting himself", "since the botox he keeps sneezing"),
    9: ("since the botox i cant control my bladder", "since the botox i cant stop sneezing"),
    10: ("since the botox i cant lift my arms", "since the botox i cant sleep"),
    11: ("since the botox i cant pee", "since the botox i cant sleep"),
    12: ("since the botox no control of my bladder", "since the botox no change at all"),
    13: ("since the botox my speech is slurred", "since the botox my back aches"),
    14: ("since the botox he cant go even though he feels full", "since the botox he cant go to the gym"),
}
#: One report after an injection for each kind of boxed-warning or allergic sign the phrases list.
URGENT_PHRASES = [
    "since the botox i have double vision",
    "since the botox my voice is croaky",
    "since the botox i am out of breath",
    "since the botox food gets stuck",
    "since the botox nothing comes out when i try to pee",
    "since the botox i am itchy all over",
    "since the botox i feel dizzy",
    "since the botox i feel faint",
    "since the botox i am wheezing",
    "since the botox my legs gave way",
]


def _rule(content, rulesets, key):
    entry_id, place = key
    entry = next((rs for rs in rulesets if rs.id == entry_id), None)
    assert entry is not None, f"no entry '{entry_id}' any more"
    assert place < len(entry.all_of), f"entry '{entry_id}' has no rule number {place} any more"
    return RuleIndex([RuleSet(entry_id, "", (), (entry.all_of[place],), slack=entry.slack)], safety=True)


def _matches(responder, index, text) -> bool:
    return bool(index.hits(responder.indexes.lexicon.analyse(text)))


def test_every_rule_has_a_test(responder):
    content = responder.content
    red = {(rs.id, k) for rs in content.red_flags for k in range(len(rs.all_of))}
    assert red == set(RED_FLAG_RULES), "add a line for each new red-flag rule (and remove a removed one's)"
    assert {rs.id for rs in content.red_flags if rs.phrases} == set(RED_FLAG_PHRASES)
    assert set(range(len(content.injection.urgent.all_of))) == set(URGENT_RULES)


@pytest.mark.parametrize("key", sorted(RED_FLAG_RULES), ids=lambda k: f"{k[0]}-{k[1]}")
def test_each_red_flag_rule_catches_its_wording_and_not_a_near_miss(responder, key):
    said, near_miss = RED_FLAG_RULES[key]
    index = _rule(responder.content, responder.content.red_flags, key)
    assert _matches(responder, index, said), said
    assert not _matches(responder, index, near_miss), near_miss
    assert responder.respond(said).kind == "emergency", said
    assert responder.respond(near_miss).kind != "emergency", near_miss


@pytest.mark.parametrize("entry, said", sorted(RED_FLAG_PHRASES.items()))
def test_each_red_flag_is_reported_in_a_patients_words(responder, entry, said):
    reply = responder.respond(said)
    assert (reply.kind, reply.aspect) == ("emergency", entry), (reply.kind, reply.aspect)


@pytest.mark.parametrize("place", sorted(URGENT_RULES))
def test_each_boxed_warning_rule_makes_a_report_urgent_and_not_a_near_miss(responder, place):
    said, near_miss = URGENT_RULES[place]
    urgent = responder.content.injection.urgent
    assert place < len(urgent.all_of), f"the boxed-warning rule number {place} is gone"
    index = RuleIndex([RuleSet("urgent", "", (), (urgent.all_of[place],), slack=urgent.slack)])
    assert _matches(responder, index, said) and not _matches(responder, index, near_miss)
    reply, miss = responder.respond(said), responder.respond(near_miss)
    assert reply.kind == "emergency", said  # (a red flag as well, for some: "my speech is slurred")
    assert (miss.kind, miss.aspect) == ("not_covered", "after_injection"), near_miss


@pytest.mark.parametrize("said", URGENT_PHRASES)
def test_each_kind_of_boxed_warning_phrase_makes_a_report_urgent(responder, said):
    assert responder.respond(said).kind == "emergency", said


def test_an_injection_reported_with_a_risk_question_is_urgent(responder):
    # A question about a risk alone is a side-effects question; with an injection told, it is a report.
    assert responder.respond("Can botox cause trouble swallowing?").kind == "not_covered"
    assert responder.respond("I had botox 2 days ago. Can botox cause trouble swallowing?").kind == "emergency"
    session = Session()
    responder.respond("i had my neck injections on monday", session)
    assert responder.respond("could that be why i cant swallow properly", session).kind == "emergency"


@pytest.mark.parametrize("age, child", [(16, True), (17, True), (18, False), (35, False)])
def test_an_age_under_18_makes_a_child_the_subject(responder, age, child):
    reply = responder.respond(f"my {age} year old sweats so much, can botox help")
    assert (reply.aspect == "children") is child, (age, reply.aspect)
    benefit = responder.content.responses["hyperhidrosis"].answer
    if child and benefit in reply.body:
        assert reply.body.index("child") < reply.body.index(benefit)


@pytest.mark.parametrize(
    "conversation",
    [
        # the injection told in an earlier turn: a risk question about a red flag is now a report
        ["i had botox in my neck on monday", "can botox cause trouble swallowing?"],
        # "i had it 3 weeks ago" tells an injection only in a conversation about a treatment
        ["botox for cervical dystonia", "i had it 3 weeks ago. can it cause trouble swallowing?"],
    ],
)
def test_a_risk_question_after_an_injection_told_in_the_conversation_is_urgent(responder, conversation):
    session = Session()
    replies = [responder.respond(message, session) for message in conversation]
    assert (replies[-1].kind, replies[-1].aspect) == ("emergency", "swallowing")
    # the same question on its own, with no injection told, is a question about a risk
    alone = responder.respond(conversation[-1])
    assert alone.kind != "emergency", (alone.kind, alone.aspect)
