"""Faults found by fault injection, each against the real server or the real CLI with real pipes (issue 9)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from chatbot.kiosk.server import running_server
from chatbot.kiosk.tokens import SessionTokens
from chatbot.models import Session
from conftest import ROOT

SECRET = "fault-injection-secret-0123456789abcdef"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("server")
    log = folder / "server.log"
    config = folder / "clinic.yaml"
    config.write_text(
        "kiosk:\n  header_timeout_seconds: 2\n  body_timeout_seconds: 2\n  keep_alive_seconds: 2\n", encoding="utf-8"
    )
    os.environ["BOTOX_KIOSK_SECRET"] = SECRET
    try:
        with running_server(config=config, log=log) as url:
            yield url, log
    finally:
        os.environ.pop("BOTOX_KIOSK_SECRET", None)


def send(url: str, path: str, body: bytes, content_type: str = "application/json") -> tuple[int, dict]:
    request = urllib.request.Request(url + path, data=body, headers={"Content-Type": content_type}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _log(log) -> str:
    return log.read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("path", ["/api/chat", "/api/reset"])
def test_deeply_nested_json_is_a_clear_400_not_a_500(server, path):
    url, log = server
    status, body = send(url, path, b"[" * 8000)
    assert status == 400 and body["error"] == "invalid_json"
    assert "Traceback" not in _log(log)


@pytest.mark.parametrize("token", ["\u00e9.x", "x.\u00e9", "\U0001f600", "a.b.c"])
def test_a_session_id_that_is_no_token_of_ours_starts_a_new_conversation(server, token):
    url, log = server
    status, body = send(url, "/api/chat", json.dumps({"message": "hi", "session_id": token}).encode())
    assert status == 200 and body["session_renewed"] is True
    assert "Traceback" not in _log(log)


def test_a_signed_token_naming_an_unknown_topic_is_repaired(server):
    url, log = server
    token = SessionTokens(SECRET, 900, time.time).issue(Session(topics=("no_such_topic",), options=("no_such_topic",)))
    status, body = send(url, "/api/chat", json.dumps({"message": "yes", "session_id": token}).encode())
    assert status == 200 and body["kind"] in ("smalltalk", "fallback")
    assert "Traceback" not in _log(log)


@pytest.mark.parametrize(
    "content_type, body",
    [("text/plain", b'{"message": "hi"}'), ("application/x-www-form-urlencoded", b"message=hi")],
)
def test_only_json_is_accepted(server, content_type, body):
    url, _ = server
    status, reply = send(url, "/api/chat", body, content_type)
    assert status == 415 and reply["error"] == "unsupported_media_type"


def test_a_client_that_disconnects_mid_request_leaves_no_traceback(server):
    url, log = server
    port = int(url.rsplit(":", 1)[1])
    for _ in range(3):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(
                b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b'Content-Length: 100\r\n\r\n{"mess'
            )
        # A whole request answered after each hang-up: the server's one event loop has read the
        # hang-up by then, so anything it would log about it is in the log (no guessed sleep).
        assert send(url, "/api/chat", b'{"message": "hello"}')[0] == 200
    assert "Traceback" not in _log(log) and "ClientDisconnect" not in _log(log)


def _closed_within(port: int, first: bytes, seconds: float) -> bool:
    """Whether the server closes a connection that sent ``first`` and then nothing, within ``seconds``."""
    with socket.create_connection(("127.0.0.1", port), timeout=seconds) as sock:
        sock.sendall(first)
        try:
            while sock.recv(4096):
                pass
            return True
        except TimeoutError:
            return False


@pytest.mark.parametrize(
    "first",
    [
        b"",  # connects and says nothing
        b"POST /api/chat HTTP/1.1\r\nHost: x\r\n",  # headers never finished
        # body trickled
        b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{",
    ],
)
def test_slow_or_idle_connections_are_closed(server, first):
    url, _ = server
    assert _closed_within(int(url.rsplit(":", 1)[1]), first, 8.0)


# -- the CLI with real pipes ----------------------------------------------------------------------------


def _run(shell: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", shell],
        capture_output=True,
        timeout=120,
        cwd=ROOT,
        env=dict(os.environ, PY=sys.executable),
        check=False,
    )


@pytest.mark.parametrize(
    "shell",
    [
        'yes "botox for migraines" | head -200 | "$PY" run_chat.py --jsonl | head -1',
        'yes "botox for migraines" | head -200 | "$PY" run_chat.py | head -1',
    ],
)
def test_a_reader_that_stops_early_ends_the_run_quietly(shell):
    result = _run(f'{shell}; echo "status=${{PIPESTATUS[2]}}"')
    err, out = result.stderr.decode(), result.stdout.decode()
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    # The chat's own exit status (the third command of the pipe): a reader that stops early is no failure.
    assert out.splitlines()[-1] == "status=0", out
    assert out.count("\n") >= 2


def test_closed_standard_streams_end_without_a_traceback():
    closed_out = _run('echo hi | "$PY" run_chat.py --jsonl >&-')
    closed_in = _run('"$PY" run_chat.py --jsonl <&-')
    for result in (closed_out, closed_in):
        assert "Traceback" not in result.stderr.decode(), result.stderr.decode()
    assert closed_in.returncode == 0


def test_a_full_disk_gets_one_clear_line_and_a_failure_code():
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    result = _run('echo "botox for migraines" | "$PY" run_chat.py --jsonl > /dev/full')
    err = result.stderr.decode().strip()
    assert result.returncode != 0 and "Traceback" not in err
    assert len(err.splitlines()) == 1 and "could not write" in err


def test_a_line_with_a_real_replacement_character_and_bad_bytes_is_still_flagged():
    result = subprocess.run(
        [sys.executable, "run_chat.py", "--jsonl"],
        input=b"\xef\xbf\xbd real \xff\n",
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    record = json.loads(result.stdout)
    assert "not valid UTF-8" in record.get("warning", "")


def test_a_huge_request_line_is_refused_with_431_not_resolved(server):
    url, log = server
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /static/" + b"a/" * 62_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        reply = b""
        while chunk := sock.recv(4096):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 431") and b'"headers_too_large"' in reply
    # a normal request with a full 16 KiB body in the same piece as its headers is still read
    body = json.dumps({"message": "botox for migraines", "padding": "x" * 15_000}).encode()
    assert send(url, "/api/chat", body)[0] == 200
    assert "Traceback" not in _log(log)
