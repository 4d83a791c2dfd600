"""The kiosk's throughput against a bare Starlette JSON endpoint on uvicorn, side by side.

    python run_chat.py benchmark --server

Two servers run on this machine: the kiosk as ``serve`` runs it, and the least
a JSON API on uvicorn can be (Starlette, one route that reads a JSON body and
answers a JSON object, on uvicorn's pure-Python h11 parser and asyncio's loop).
A lean load generator (raw keep-alive HTTP/1.1 on a few connections) drives each
in turn for a few seconds, several times, alternating, and the figure is the
median ratio of the kiosk's requests per second to the bare endpoint's, pair by
pair, so a machine that speeds up or slows down moves both alike.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO
from urllib.parse import urlparse

from .server import free_port, running_server

MESSAGE = {"message": "botox for sweaty armpits?"}


def bare_app() -> object:
    """The baseline: one Starlette route that reads a JSON body and answers a JSON object."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def chat(request: Request) -> JSONResponse:
        data = await request.json()
        return JSONResponse({"kind": "answer", "text": str(data.get("message", ""))})

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[Route("/api/chat", chat, methods=["POST"]), Route("/healthz", healthz)])


@contextmanager
def bare_server() -> Iterator[str]:
    """The baseline on uvicorn with h11 and asyncio's loop, on a free loopback port; yields its URL."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "chatbot.kiosk.throughput:bare_app", "--factory"]
    command += ["--http", "h11", "--loop", "asyncio", "--port", str(port), "--log-level", "warning", "--no-access-log"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the bare Starlette server did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


async def _drive(url: str, connections: int, seconds: float) -> tuple[int, int]:
    """(answered with 200, anything else) from ``connections`` keep-alive clients for ``seconds``."""
    address = urlparse(url)
    body = json.dumps(MESSAGE).encode()
    request = (
        f"POST /api/chat HTTP/1.1\r\nHost: {address.netloc}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    ok = other = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal ok, other
        reader, writer = await asyncio.open_connection(address.hostname, address.port)
        try:
            while time.perf_counter() < deadline:
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                await reader.readexactly(length)
                if head.startswith(b"HTTP/1.1 200"):
                    ok += 1
                else:
                    other += 1
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(connections)))
    return ok, other


def _rate(url: str, connections: int, seconds: float) -> tuple[float, int]:
    started = time.perf_counter()
    ok, other = asyncio.run(_drive(url, connections, seconds))
    return ok / (time.perf_counter() - started), other


def run(
    out: TextIO,
    content: str | None = None,
    config: str | None = None,
    rounds: int = 5,
    seconds: float = 3.0,
    connections: int = 16,
) -> int:
    """Measure and print requests per second of both servers and their ratio (budget: at least 0.30)."""
    with running_server(config=config, content=content) as kiosk, bare_server() as bare:
        _rate(kiosk, connections, 1.0)  # warm both up: not counted
        _rate(bare, connections, 1.0)
        pairs = []
        refused = 0
        for _ in range(rounds):
            ours, other_ours = _rate(kiosk, connections, seconds)
            theirs, other_theirs = _rate(bare, connections, seconds)
            refused += other_ours + other_theirs
            pairs.append((ours, theirs))
    ratio = statistics.median(ours / theirs for ours, theirs in pairs)
    out.write(
        f"kiosk /api/chat: {statistics.median(p[0] for p in pairs):.0f} requests per second; "
        f"bare Starlette JSON endpoint (uvicorn, h11): {statistics.median(p[1] for p in pairs):.0f} "
        f"(medians of {rounds} alternating runs of {seconds:g} s, {connections} keep-alive connections)\n"
    )
    out.write(f"not 200: {refused}\n")
    verdict = "within" if ratio >= 0.30 else "UNDER"
    out.write(f"ratio: {ratio:.2f} (budget: at least 0.30): {verdict} budget; timings are noisy on a busy machine\n")
    return 0 if refused == 0 else 1
