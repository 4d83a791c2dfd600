"""Running the kiosk app on uvicorn.

Access logs are off: request lines hold no patient text, but a kiosk that
writes nothing about its visitors is easier to trust.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..responder import Responder


def serve(responder: Responder, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Serve until interrupted; returns the exit code."""
    import uvicorn

    from .app import create_app

    print(f"Kiosk running at http://{host}:{port}/  (Ctrl-C to stop)", file=sys.stderr, flush=True)
    uvicorn.run(create_app(responder), host=host, port=port, access_log=False, log_level="warning", server_header=False)
    return 0


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(
    config: Path | str | None = None, content: Path | str | None = None, timeout: float = 30.0,
    log: Path | None = None,
) -> Iterator[str]:
    """Run the real service (``python -m chatbot serve``) on a free loopback port; yields its URL.

    Everything the server prints goes to ``log`` if given (tests read it), else nowhere.
    """
    port = free_port()
    command = [sys.executable, "-m", "chatbot", "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--config", str(config)] if config else []
    command += ["--content", str(content)] if content else []
    sink = open(log, "wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, cwd=Path(__file__).parents[2])
    url = f"http://127.0.0.1:{port}"
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
        if log:
            sink.close()
