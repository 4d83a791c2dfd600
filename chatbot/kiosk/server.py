"""Running the kiosk app on uvicorn, in one process or several.

Access logs are off: request lines hold no patient text, but a kiosk that
writes nothing about its visitors is easier to trust. Connections are bounded
by the clinic settings: a deadline for the headers (``header_timeout_seconds``)
and for the whole body (``body_timeout_seconds``), idle keep-alive connections
closed after ``keep_alive_seconds``, and ``max_connections`` open sockets per
process as a safety net. Chat requests are admitted a few at a time, in turn
(``admission.py``), so a burst is answered rather than refused.

With ``workers`` above 1, uvicorn's own worker mode runs that many processes on
one socket; they share the session secret (``BOTOX_KIOSK_SECRET``, made up once
for all of them if not set), so any of them can answer any request.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..responder import Responder

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry

    from .app import KioskApp

#: Connections the kernel holds for the server before it accepts them (Linux caps it at net.core.somaxconn).
BACKLOG = 4096
#: Files a server process keeps open besides its connections: the content, the cache, logs, pipes.
SPARE_FILES = 64
#: Environment variables that tell worker processes which content and settings to load.
CONTENT_VARIABLE, CONFIG_VARIABLE = "BOTOX_CHAT_CONTENT", "BOTOX_CHAT_CONFIG"


def serve(
    responder: Responder,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    content: str | None = None,
    config: str | None = None,
) -> int:
    """Serve until interrupted; returns the exit code. Everything loads before the first request.

    ``content`` and ``config`` are the paths ``responder`` was loaded from, for worker processes.
    """
    import uvicorn

    from .app import create_app
    from .protocol import CLIENT_LIMIT_VARIABLE, HEADER_TIMEOUT_VARIABLE, TimedHttpToolsProtocol
    from .tokens import WeakSecret, check_secret

    if os.environ.get("BOTOX_KIOSK_SECRET") is not None:
        try:
            check_secret(os.environ["BOTOX_KIOSK_SECRET"])
        except WeakSecret as weak:
            print(f"Not starting: {weak}", file=sys.stderr)
            return 2
    kiosk = responder.content.settings["kiosk"]
    os.environ[HEADER_TIMEOUT_VARIABLE] = str(kiosk["header_timeout_seconds"])
    os.environ[CLIENT_LIMIT_VARIABLE] = str(kiosk["max_connections_per_client"])
    options: dict[str, Any] = dict(
        host=host,
        port=port,
        access_log=False,
        log_level="warning",
        server_header=False,
        http=TimedHttpToolsProtocol,
        loop="auto",  # uvloop where it is installed
        timeout_keep_alive=kiosk["keep_alive_seconds"],
        # Sockets beyond this get 503 at once: a safety net only. Requests queue in Admission,
        # and connections not yet accepted wait in the kernel's backlog.
        limit_concurrency=_open_files_for(kiosk["max_connections"]),
        backlog=BACKLOG,
        # X-Forwarded-For is believed only from a proxy on this machine, whatever the
        # FORWARDED_ALLOW_IPS environment variable says (some images set it to "*").
        forwarded_allow_ips="127.0.0.1,::1",
    )
    logging.getLogger("uvicorn.error").addFilter(_OncePerInterval())
    plural = f" with {workers} worker processes" if workers > 1 else ""
    print(f"Kiosk running at http://{host}:{port}/{plural}  (Ctrl-C to stop)", file=sys.stderr, flush=True)
    counting = responder.content.settings["stats"]["enabled"]
    if workers > 1:
        os.environ.setdefault("BOTOX_KIOSK_SECRET", secrets.token_hex(32))  # one secret for every worker
        for variable, value in ((CONTENT_VARIABLE, content), (CONFIG_VARIABLE, config)):
            if value:
                os.environ[variable] = str(Path(value).resolve())
        with _shared_figures(counting) as folder:
            uvicorn.run("chatbot.kiosk.server:worker_app", factory=True, workers=workers, **options)
            if folder:
                from .stats import collecting

                _print_usage(collecting(folder))
    else:
        responder.warm_up()
        app = create_app(responder)
        # uvicorn shuts down gracefully on SIGTERM, then restores this handler and raises the
        # signal again: the handler turns it into an exception, so the summary still prints.
        previous = signal.signal(signal.SIGTERM, _stopped)
        try:
            uvicorn.run(app, **options)
        except (_Stopped, KeyboardInterrupt):
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            if app.usage is not None:
                _print_usage(app.usage.registry())
    return 0


class _OncePerInterval(logging.Filter):
    """Lets one "Exceeded concurrency limit." through per interval, with how many were held back:
    a flood of refused sockets must not become a flood of log lines."""

    def __init__(self, seconds: float = 10.0) -> None:
        super().__init__()
        self.seconds = seconds
        self.last = -seconds
        self.held = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage() != "Exceeded concurrency limit.":
            return True
        now = time.monotonic()
        if now - self.last < self.seconds:
            self.held += 1
            return False
        if self.held:
            record.msg, record.args = f"Exceeded concurrency limit ({self.held} more since the last line).", ()
        self.last, self.held = now, 0
        return True


def _open_files_for(connections: int) -> int:
    """Raise this process's open-file limit to hold ``connections``; how many it can hold."""
    try:
        import resource
    except ImportError:  # not on Windows
        return connections
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = connections + SPARE_FILES
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        soft = wanted
    if soft != resource.RLIM_INFINITY and soft - SPARE_FILES < connections:
        print(
            f"kiosk.max_connections is {connections}, but this process may open only {soft} files: "
            f"at most {soft - SPARE_FILES} connections (raise the limit with 'ulimit -n')",
            file=sys.stderr,
        )
        return max(1, soft - SPARE_FILES)
    return connections


def _print_usage(registry: CollectorRegistry) -> None:
    """The usage summary, on stopping: one process's figures, or every worker's."""
    from .stats import describe, summary

    print(describe(summary(registry)), file=sys.stderr, flush=True)


class _Stopped(Exception):
    """SIGTERM: the server was asked to stop."""


def _stopped(signum: int, frame: object) -> None:
    raise _Stopped()


@contextmanager
def _shared_figures(counting: bool) -> Iterator[str | None]:
    """A fresh folder where worker processes keep their usage figures, removed afterwards."""
    from .stats import MULTIPROCESS_VARIABLE

    if not counting:
        yield None
        return
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="botox-kiosk-figures-")
    os.environ[MULTIPROCESS_VARIABLE] = folder  # read by prometheus_client in each worker as it starts
    try:
        yield folder
    finally:
        os.environ.pop(MULTIPROCESS_VARIABLE, None)
        shutil.rmtree(folder, ignore_errors=True)


def worker_app() -> KioskApp:
    """The app for one worker process, loaded from the content and settings the parent was given."""
    from .app import create_app

    logging.getLogger("uvicorn.error").addFilter(_OncePerInterval())
    responder = Responder.load(os.environ.get(CONTENT_VARIABLE) or None, os.environ.get(CONFIG_VARIABLE) or None)
    responder.warm_up()  # the language model, loaded before the first patient rather than for them
    return create_app(responder)


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # (host, port): typeshed leaves the address untyped


@contextmanager
def running_server(
    config: Path | str | None = None,
    content: Path | str | None = None,
    timeout: float = 30.0,
    log: Path | None = None,
    workers: int = 1,
    host: str = "127.0.0.1",
) -> Iterator[str]:
    """Run the real service (``python -m chatbot serve``) on a free port; yields its URL.

    ``host`` is the address to listen on (loopback by default). Everything the server
    prints goes to ``log`` if given (tests read it), else nowhere.
    """
    port = free_port()
    command = [sys.executable, "-m", "chatbot", "serve", "--host", host, "--port", str(port)]
    command += ["--config", str(config)] if config else []
    command += ["--content", str(content)] if content else []
    command += ["--workers", str(workers)] if workers > 1 else []
    sink = open(log, "wb") if log else None
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL if sink is None else sink,
        stderr=subprocess.STDOUT,
        cwd=Path(__file__).parents[2],
    )
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    raise RuntimeError(f"the kiosk server did not start (exit code {process.poll()})") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        if sink is not None:
            sink.close()
