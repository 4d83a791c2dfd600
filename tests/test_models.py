import json

from chatbot import Reply, Session, Source


def test_reply_to_dict_is_json_ready():
    reply = Reply("answer", "text", intents=("tmj",), sources=(Source("9. TMJ", "quote"),), confidence=0.123456)
    data = json.loads(json.dumps(reply.to_dict()))
    assert data["intents"] == ["tmj"] and data["sources"] == [{"section": "9. TMJ", "quote": "quote"}]
    assert data["confidence"] == 0.123


def test_session_round_trips_and_ignores_garbage():
    session = Session(topics=("tmj",), options=("tmj", "migraine"), more_shown=True, turns=3)
    assert Session.from_dict(session.to_dict()) == session
    assert Session.from_dict({"topics": "tmj", "options": [1, None, "x"], "turns": -4}) == Session(options=("x",))
