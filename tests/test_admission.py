"""Admission: a bounded number of chat requests in flight, a FIFO queue behind them, 503 only beyond.

The app behind it here is a real ASGI app that holds each request until the test
lets it go, so "in flight" can be more than one (the kiosk's own answers never wait).
"""

from __future__ import annotations

import asyncio
import json

from chatbot.kiosk.admission import Admission

CHAT = {"type": "http", "path": "/api/chat", "method": "POST"}


class Held:
    """An ASGI app that answers each request only when released, and records the order it started them."""

    def __init__(self) -> None:
        self.started: list[int] = []
        self.release: dict[int, asyncio.Event] = {}

    async def __call__(self, scope, receive, send) -> None:
        number = scope["number"]
        self.started.append(number)
        await self.release.setdefault(number, asyncio.Event()).wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    def let_go(self, number: int) -> None:
        self.release.setdefault(number, asyncio.Event()).set()


async def _request(admission: Admission, number: int, path: str = "/api/chat") -> tuple[int, dict, bytes]:
    sent: list[dict] = []

    async def send(message) -> None:
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b"{}", "more_body": False}

    await admission({**CHAT, "path": path, "number": number}, receive, send)
    start = sent[0]
    return start["status"], dict(start["headers"]), sent[1]["body"]


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def test_requests_beyond_those_in_flight_wait_and_start_in_arrival_order():
    async def scenario():
        app = Held()
        admission = Admission(app, paths=frozenset({"/api/chat"}), in_flight=2, queue=10, wait_seconds=10)
        tasks = [asyncio.create_task(_request(admission, n)) for n in range(6)]
        await _settle()
        assert app.started == [0, 1] and admission.waiting == 4
        for n in (1, 0, 2, 3, 4, 5):  # the ones in flight end out of order: the queue still goes in order
            app.let_go(n)
            await _settle()
        results = await asyncio.gather(*tasks)
        return app.started, results, admission

    started, results, admission = asyncio.run(scenario())
    assert started == [0, 1, 2, 3, 4, 5]
    assert [status for status, _, _ in results] == [200] * 6
    assert admission.busy == 0 and admission.waiting == 0


def test_a_full_queue_gets_503_with_retry_after_and_the_rest_are_answered():
    async def scenario():
        app = Held()
        admission = Admission(app, paths=frozenset({"/api/chat"}), in_flight=1, queue=2, wait_seconds=10)
        tasks = [asyncio.create_task(_request(admission, n)) for n in range(5)]
        await _settle()
        refused = [task for task in tasks if task.done()]
        for n in range(5):
            app.let_go(n)
            await _settle()
        return refused, await asyncio.gather(*tasks)

    refused, results = asyncio.run(scenario())
    statuses = [status for status, _, _ in results]
    assert statuses == [200, 200, 200, 503, 503] and len(refused) == 2
    _, headers, body = results[3]
    assert int(headers[b"retry-after"]) >= 1
    assert json.loads(body)["error"] == "busy"


def test_a_request_that_waits_past_the_limit_gets_503_and_frees_its_place():
    async def scenario():
        app = Held()
        admission = Admission(app, paths=frozenset({"/api/chat"}), in_flight=1, queue=5, wait_seconds=0.05)
        first = asyncio.create_task(_request(admission, 0))
        await _settle()
        late = await _request(admission, 1)  # waits 0.05 s behind a request that is never let go
        assert admission.waiting == 0
        app.let_go(0)
        await first
        app.let_go(2)
        after = await asyncio.wait_for(_request(admission, 2), 1)
        return late, after, admission

    late, after, admission = asyncio.run(scenario())
    assert late[0] == 503 and json.loads(late[2])["error"] == "busy"
    assert after[0] == 200
    assert admission.busy == 0


def test_a_client_that_leaves_while_waiting_or_in_flight_passes_its_place_on():
    async def scenario():
        app = Held()
        admission = Admission(app, paths=frozenset({"/api/chat"}), in_flight=1, queue=5, wait_seconds=10)
        tasks = [asyncio.create_task(_request(admission, n)) for n in range(3)]
        await _settle()
        tasks[1].cancel()  # gone while waiting
        tasks[0].cancel()  # gone while in flight
        await _settle()
        assert app.started == [0, 2]
        app.let_go(2)
        return await tasks[2], admission

    (status, _, _), admission = asyncio.run(scenario())
    assert status == 200 and admission.busy == 0 and admission.waiting == 0


def test_other_paths_are_never_held():
    async def scenario():
        app = Held()
        admission = Admission(app, paths=frozenset({"/api/chat"}), in_flight=1, queue=0, wait_seconds=10)
        first = asyncio.create_task(_request(admission, 0))
        await _settle()
        other = asyncio.create_task(_request(admission, 1, path="/api/topics"))
        await _settle()
        started = list(app.started)
        app.let_go(0)
        app.let_go(1)
        return started, await first, await other

    started, first, other = asyncio.run(scenario())
    assert started == [0, 1] and first[0] == 200 and other[0] == 200
