"""``serve --workers 2``: two real processes on one port, and a conversation may hop between them."""

from __future__ import annotations

import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

from chatbot.kiosk.server import running_server


def _chat(url: str, message: str, session_id: str | None) -> dict:
    body = json.dumps({"message": message, "session_id": session_id}).encode()
    request = urllib.request.Request(url + "/api/chat", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:  # a new connection every time
        return json.loads(response.read())


def _conversation(url: str) -> list[dict]:
    """A topic, then follow-ups that only make sense with it, each carrying the previous token."""
    first = _chat(url, "botox for chronic migraine?", None)
    replies, session = [first], first["session_id"]
    for follow_up in ["is that approved?", "how does it help?", "is that approved?", "how does it work there?"]:
        replies.append(_chat(url, follow_up, session))
        session = replies[-1]["session_id"]
    return replies


def _workers_of(port: int) -> list[int]:
    """Worker processes (multiprocessing children) of the server listening on ``port``."""
    parent = None
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in words and str(port).encode() in words:
            parent = cmdline.parent.name
    assert parent, "the server process was not found"
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    return [int(c) for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]


def test_two_workers_share_one_port_and_one_secret(tmp_path):
    log = tmp_path / "server.log"
    with running_server(workers=2, log=log) as url:
        port = urlparse(url).port
        assert port is not None and len(_workers_of(port)) == 2
        with ThreadPoolExecutor(8) as pool:  # eight at a time, each on fresh connections: both workers answer
            replies = list(pool.map(lambda _: _conversation(url), range(16)))
        for reply in (r for conversation in replies for r in conversation):
            assert not reply["session_renewed"] and reply["intents"][:1] == ["migraine"], reply
    assert "2 worker processes" in log.read_text() and "Traceback" not in log.read_text()
