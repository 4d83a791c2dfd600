"""A bounded load run against the kiosk on this machine, checking every answer.

    python run_chat.py loadtest                      # starts its own server on a free loopback port
    python run_chat.py loadtest --url http://127.0.0.1:8000 --clients 32 --seconds 10

Each client repeats a fixed mix of conversations (single questions, and a
clarify followed by a numbered choice) for the given time. Every reply is
compared with what the responder gives in-process for the same conversation.
Only loopback addresses are accepted as targets.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO, TypeAlias
from urllib.parse import urlparse

from ..models import Session
from ..responder import Responder
from .guard import is_loopback_host

if TYPE_CHECKING:
    import httpx2

CONVERSATIONS: tuple[tuple[str, ...], ...] = (
    ("botox for sweaty armpits?",),
    ("my jaw clicks and hurts",),
    ("is botox for migraines safe?",),
    ("what's the weather tomorrow",),
    ("i can't breathe",),
    ("botox for spasms", "2"),
    ("botox for migraines", "tell me more"),
)

#: What each conversation should get, turn by turn: the reply's kind and intents.
Expected: TypeAlias = dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]]


def is_loopback(url: str) -> bool:
    return is_loopback_host(urlparse(url).hostname or "")


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: Requests the kiosk turned away as too busy (503): not wrong answers, but not answered either.
    refused: int = 0


def expected_replies(responder: Responder) -> Expected:
    """What each conversation should get, turn by turn, computed in-process."""
    expected: Expected = {}
    for conversation in CONVERSATIONS:
        session = Session()
        expected[conversation] = [
            (reply.kind, reply.intents) for reply in (responder.respond(m, session) for m in conversation)
        ]
    return expected


async def _client(
    client: httpx2.AsyncClient, url: str, deadline: float, offset: int, expected: Expected, tally: Tally
) -> None:
    import httpx2

    turn = offset
    while time.perf_counter() < deadline:
        conversation = CONVERSATIONS[turn % len(CONVERSATIONS)]
        turn += 1
        session_id = None
        for message, (kind, intents) in zip(conversation, expected[conversation], strict=True):
            start = time.perf_counter()
            try:
                response = await client.post(url + "/api/chat", json={"message": message, "session_id": session_id})
                if response.status_code == 503:  # too busy (uvicorn's own 503 is plain text)
                    tally.refused += 1
                    break
                data = response.json()
            except (httpx2.HTTPError, ValueError) as exc:  # a failed request (or a reply not JSON) is counted
                tally.errors.append(f"{type(exc).__name__}: {exc}")
                break
            tally.latencies.append(time.perf_counter() - start)
            if response.status_code != 200 or (data["kind"], tuple(data["intents"])) != (kind, intents):
                tally.wrong.append(f"{message!r}: got {response.status_code} {data.get('kind')} {data.get('intents')}")
                break
            session_id = data["session_id"]


async def _run(url: str, clients: int, seconds: float, expected: Expected) -> tuple[Tally, float]:
    import httpx2

    tally = Tally()
    limits = httpx2.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx2.AsyncClient(limits=limits, timeout=30) as client:
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*(_client(client, url, deadline, n, expected, tally) for n in range(clients)))
        elapsed = time.perf_counter() - started
    return tally, elapsed


def run(
    responder: Responder,
    out: TextIO,
    url: str | None,
    clients: int,
    seconds: float,
    workers: int = 1,
    content: str | None = None,
    config: str | None = None,
) -> int:
    """Run the load and print requests per second, latency percentiles and any wrong answers.

    Without ``url``, a server with ``workers`` processes is started on the same content and settings.
    """
    if url is not None and not is_loopback(url):
        out.write(f"refusing to load {url}: only loopback addresses (127.0.0.0/8, ::1, localhost) are allowed\n")
        return 2
    seconds = min(max(seconds, 1.0), 120.0)
    clients = min(max(clients, 1), 256)
    expected = expected_replies(responder)
    note = ""
    if url is None:
        note = f"  workers: {max(1, workers)}"
        from .server import running_server

        with running_server(config=config, content=content, workers=max(1, workers)) as started_url:
            tally, elapsed = asyncio.run(_run(started_url, clients, seconds, expected))
            url = started_url
    else:
        tally, elapsed = asyncio.run(_run(url.rstrip("/"), clients, seconds, expected))
    count = len(tally.latencies)
    ordered = sorted(tally.latencies)
    p50 = statistics.median(ordered) if ordered else 0.0
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0
    out.write(f"target: {url}{note}  clients: {clients}  duration: {elapsed:.1f} s\n")
    out.write(f"requests: {count}  ({count / elapsed:.0f} per second)\n")
    out.write(f"latency: p50 {p50 * 1e3:.1f} ms  p99 {p99 * 1e3:.1f} ms\n")
    out.write(
        f"wrong answers: {len(tally.wrong)}  refused as busy (503): {tally.refused}  "
        f"failed requests: {len(tally.errors)}\n"
    )
    for problem in (tally.wrong + tally.errors)[:10]:
        out.write(f"  {problem}\n")
    return 0 if count and not tally.wrong and not tally.errors and not tally.refused else 1
