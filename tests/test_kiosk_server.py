"""The real kiosk server process: it answers over loopback and writes nothing the patient typed."""

from __future__ import annotations

import json
import urllib.request

from chatbot.kiosk.server import running_server


def post(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_the_server_answers_and_logs_nothing_the_patient_typed(tmp_path):
    secret = "Quackenbush here: can botox help my sweaty armpits?"
    log = tmp_path / "server.log"
    with running_server(log=log) as url:
        reply = post(url + "/api/chat", {"message": secret})
        assert reply["kind"] == "answer" and reply["intents"] == ["hyperhidrosis"]
        post(url + "/api/chat", {"message": secret, "session_id": reply["session_id"]})
    output = log.read_text(encoding="utf-8", errors="replace")
    assert "Kiosk running at http://127.0.0.1:" in output  # the log was captured at all
    assert "Quackenbush" not in output and "armpits" not in output
