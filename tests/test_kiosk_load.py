"""The real kiosk server under a burst, a slow attacker and a trickled body (issue 15).

Each test drives ``python -m chatbot serve`` over loopback sockets. The checks are
counts and outcomes, never timings of the machine: a burst is answered in full, a
patient is answered while 200 slow sockets hold connections open, and a body
trickled byte by byte is cut off by one deadline for the whole body.
"""

from __future__ import annotations

import asyncio
import json
import re
import resource
import socket
import subprocess
import sys
import time

import pytest

from chatbot.kiosk.server import running_server
from conftest import ROOT

BODY_SECONDS = 2


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    config = tmp_path_factory.mktemp("load") / "clinic.yaml"
    # The bursts come from one address here, standing for many patients: no per-address cap.
    config.write_text(
        f"kiosk:\n  body_timeout_seconds: {BODY_SECONDS}\n  max_connections_per_client: 5000\n", encoding="utf-8"
    )
    with running_server(config=config) as url:
        yield "127.0.0.1", int(url.rsplit(":", 1)[1])


def _request(message: str, connection: str = "close") -> bytes:
    body = json.dumps({"message": message}).encode()
    head = (
        f"POST /api/chat HTTP/1.1\r\nHost: kiosk\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: {connection}\r\n\r\n"
    )
    return head.encode() + body


async def _ask(host: str, port: int, message: str) -> tuple[int, dict]:
    """One request on its own connection: (status, JSON body)."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(_request(message))
        response = await reader.read()  # Connection: close, so the reply ends with the connection
    finally:
        writer.close()
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), json.loads(body)


def _enough_files(count: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < count + 100:
        if hard != resource.RLIM_INFINITY and hard < count + 100:
            pytest.fail(f"this test opens {count} sockets; the open-file limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (count + 100, hard))


@pytest.mark.parametrize("count", [1000, 2000])
def test_a_burst_is_answered_in_full(server, count):
    """Every socket connects at once, then every request is sent: all of them get their answer."""
    host, port = server
    _enough_files(count)

    async def burst() -> list[tuple[int, dict]]:
        return await asyncio.gather(*(_ask(host, port, "botox for sweaty armpits?") for _ in range(count)))

    replies = asyncio.run(burst())
    statuses = [status for status, _ in replies]
    assert statuses.count(200) == count, {s: statuses.count(s) for s in set(statuses)}
    assert all(body["kind"] == "answer" and body["intents"] == ["hyperhidrosis"] for _, body in replies)


def test_slow_sockets_never_keep_a_patient_from_an_answer(server):
    """200 sockets trickle header lines (a slowloris); a patient asks five times meanwhile."""
    host, port = server
    _enough_files(250)

    async def attack_and_ask() -> list[tuple[int, dict]]:
        stop = asyncio.Event()

        async def slow() -> None:
            _, writer = await asyncio.open_connection(host, port)
            writer.write(b"POST /api/chat HTTP/1.1\r\nHost: kiosk\r\n")
            try:
                while not stop.is_set():
                    writer.write(b"X-Slow: 1\r\n")
                    await asyncio.sleep(0.2)
            except ConnectionError:
                pass
            finally:
                writer.close()

        attackers = [asyncio.create_task(slow()) for _ in range(200)]
        await asyncio.sleep(1)  # every slow socket is open and trickling
        answers = []
        for _ in range(5):
            answers.append(await asyncio.wait_for(_ask(host, port, "my jaw clicks and hurts"), timeout=5))
        stop.set()
        await asyncio.gather(*attackers)
        return answers

    answers = asyncio.run(attack_and_ask())
    assert [status for status, _ in answers] == [200] * 5
    assert all(body["intents"] == ["tmj"] for _, body in answers)


def test_a_trickled_body_is_cut_off_by_one_deadline_for_the_whole_body(server):
    """A byte every half second keeps each part on time, but the whole body is not: 408, and closed."""
    host, port = server
    request = _request("botox for migraines")
    head, _, body = request.partition(b"\r\n\r\n")
    with socket.create_connection((host, port), timeout=30) as sock:
        sock.sendall(head + b"\r\n\r\n")
        started = time.monotonic()
        reply = b""
        sock.setblocking(False)
        for byte in body:
            try:
                sock.sendall(bytes([byte]))
            except (BlockingIOError, ConnectionError):
                break
            try:
                reply += sock.recv(4096)
            except BlockingIOError:
                pass
            if reply:
                break
            time.sleep(0.5)
        sock.setblocking(True)
        while b"body_timeout" not in reply:
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
        waited = time.monotonic() - started
    assert len(body) * 0.5 > BODY_SECONDS * 2, "the body must take longer to trickle than the deadline"
    assert reply.startswith(b"HTTP/1.1 408") and b'"body_timeout"' in reply, reply[:200]
    assert waited < len(body) * 0.5, "cut off before the whole body had trickled in"


def _loadtest(*arguments: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "run_chat.py", "loadtest", "--seconds", "2", *arguments]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180, check=False)


def test_the_load_test_checks_every_answer_and_passes_on_the_kiosk():
    result = _loadtest("--clients", "32")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "wrong answers: 0  refused as busy (503): 0  failed requests: 0" in result.stdout


def test_the_load_test_counts_refused_requests_apart_from_wrong_answers(tmp_path):
    """A kiosk set to hold only 4 sockets refuses most of 64 clients: counted as refused, and the run fails."""
    config = tmp_path / "clinic.yaml"
    config.write_text("kiosk:\n  max_connections: 4\n", encoding="utf-8")
    result = _loadtest("--clients", "64", "--config", str(config))
    assert result.returncode == 1
    refused = re.search(r"refused as busy \(503\): (\d+)", result.stdout)
    assert refused and int(refused.group(1)) > 0, result.stdout
    assert "wrong answers: 0 " in result.stdout


def test_refused_sockets_do_not_flood_the_log(tmp_path):
    """With room for 4 sockets, a burst of 300 is mostly refused by uvicorn: a line now and then, not 300."""
    config = tmp_path / "clinic.yaml"
    config.write_text("kiosk:\n  max_connections: 4\n", encoding="utf-8")
    log = tmp_path / "server.log"
    with running_server(config=config, log=log) as url:
        host, port = "127.0.0.1", int(url.rsplit(":", 1)[1])

        async def burst() -> list[int]:
            async def one() -> int:
                reader, writer = await asyncio.open_connection(host, port)
                writer.write(_request("botox for tmj"))
                response = await reader.read()
                writer.close()
                return int(response.split(b" ", 2)[1])

            return await asyncio.gather(*(one() for _ in range(300)))

        statuses = asyncio.run(burst())
    lines = log.read_text(encoding="utf-8").count("Exceeded concurrency limit")
    assert statuses.count(503) > 50, "the burst should have been mostly refused"
    assert 1 <= lines <= 3, lines


def test_one_address_cannot_hold_more_than_its_share_of_connections(tmp_path):
    config = tmp_path / "clinic.yaml"
    config.write_text("kiosk:\n  max_connections_per_client: 8\n", encoding="utf-8")
    with running_server(config=config) as url:
        port = int(url.rsplit(":", 1)[1])
        held = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(8)]
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as extra:
                refused = extra.recv(4096)
            assert refused.startswith(b"HTTP/1.1 429") and b"too_many_connections" in refused
        finally:
            for sock in held:
                sock.close()
        # once the server has seen the closes, the address is answered again
        deadline = time.monotonic() + 10
        status = 0
        while status != 200 and time.monotonic() < deadline:
            try:
                status = asyncio.run(_ask("127.0.0.1", port, "botox for tmj"))[0]
            except (ValueError, ConnectionError):  # refused (429) before the server saw the closes
                status = 429
        assert status == 200
