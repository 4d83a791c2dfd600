"""Admission for the chat API: a few requests in flight, a queue behind them, 503 only beyond that.

A burst of patients' requests (or of anyone's) should be answered in turn, the
way nginx or gunicorn let the kernel's backlog and their own queue hold it, not
refused: uvicorn's ``limit_concurrency`` counts open sockets, so a burst of
sockets alone would get every request a 503. Here at most ``in_flight``
requests are answered at once; the next ``queue`` wait in arrival order (first
in, first out), each for at most ``wait_seconds``. Only a request that finds the
queue full, or waits past its limit, gets ``503 Service Unavailable`` with a
``Retry-After`` header and a JSON body that says so.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque

from .guard import ASGIApp, Receive, Scope, Send, json_reply


class Admission:
    """ASGI layer that admits requests to ``paths`` in arrival order, a bounded number at a time."""

    def __init__(self, app: ASGIApp, *, paths: frozenset[str], in_flight: int, queue: int, wait_seconds: float) -> None:
        self.app = app
        self.paths = paths
        self.in_flight = max(1, in_flight)
        self.queue = max(0, queue)
        self.wait_seconds = wait_seconds
        self.busy = 0
        self._waiting: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        if self.busy >= self.in_flight or self._waiting:
            if len(self._waiting) >= self.queue:
                await self._refuse(send, "The kiosk is answering as many people as it can; try again in a moment.")
                return
            turn = asyncio.get_running_loop().create_future()
            self._waiting.append(turn)
            try:
                async with asyncio.timeout(self.wait_seconds):
                    await turn  # set by the request that leaves, which hands its place straight to this one
            except TimeoutError:
                # The place may have been handed over just as the limit struck: then it is taken.
                if not (turn.done() and not turn.cancelled()):
                    await self._refuse(send, f"No answer could start within {self.wait_seconds:g} seconds; try again.")
                    return
            except BaseException:  # the client went away, or the server is stopping
                if turn.done() and not turn.cancelled():
                    self._leave()  # the place was handed over just as this one left: pass it on
                raise
            finally:
                if turn in self._waiting:
                    self._waiting.remove(turn)
        else:
            self.busy += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self._leave()

    def _leave(self) -> None:
        """A request is done: its place goes to the longest waiting request, or is freed."""
        while self._waiting:
            turn = self._waiting.popleft()
            if not turn.done():
                turn.set_result(None)  # ``busy`` stays the same: the place changes hands
                return
        self.busy -= 1

    async def _refuse(self, send: Send, detail: str) -> None:
        retry = max(1, math.ceil(self.wait_seconds / 2))
        await json_reply(send, 503, {"error": "busy", "detail": detail}, headers={"retry-after": str(retry)})
