"""First-run setup for a fresh checkout: make sure the project and its dependencies are installed.

``run_chat.py`` and ``run_tests.py`` call ``ensure_installed`` before importing
anything else. If the running Python already has every dependency the
project's ``pyproject.toml`` names, nothing happens. Otherwise a virtual
environment is made in ``.venv/`` next to this file, the project is installed
into it (editable, so the checkout's content is used), and the command is
re-run with that environment's Python. Only the standard library is used here.

Checking every installed package takes a while, so once ``.venv`` is known to
have what the current ``pyproject.toml`` asks for, a stamp file records that,
and later starts in ``.venv`` skip the check until ``pyproject.toml`` changes.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
#: Written into .venv once it has everything pyproject.toml asks for (with these extras).
STAMP = VENV / ".botox-chat-ready"
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _requirements(extras: tuple[str, ...]) -> list[str]:
    """Distribution names the project needs, read from pyproject.toml."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project.get("dependencies", []))
    for extra in extras:
        specs += project.get("optional-dependencies", {}).get(extra, [])
    return [m.group(1) for m in map(_NAME.match, specs) if m]


def _missing(extras: tuple[str, ...]) -> list[str]:
    from importlib import metadata

    missing = []
    for name in _requirements(extras):
        try:
            metadata.distribution(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
    return missing


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_installed(extras: tuple[str, ...] = ()) -> None:
    """Return when this Python can run the project; otherwise install into .venv and re-run there."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs under any python3, to say so clearly
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    in_venv = Path(sys.prefix).resolve() == VENV.resolve()
    if in_venv and _stamped(extras):
        _compile_once()
        return
    missing = _missing(extras)
    if not missing:
        if in_venv:
            _stamp(extras)
        _compile_once()
        return
    python = _venv_python()
    if in_venv:
        # Already in our environment and still missing something: install what changed.
        _install(python, extras)
        _stamp(extras)
        return
    if not python.exists():
        import venv

        print(f"First run: setting up a private Python environment in {VENV} ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    import subprocess

    env = dict(os.environ, BOTOX_CHAT_BOOTSTRAPPED="1")
    check = subprocess.run(  # noqa: PLW1510 - the exit status is the answer
        [
            str(python),
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); import bootstrap; "
            "sys.exit(1 if bootstrap._missing(tuple(sys.argv[2:])) else 0)",
            str(ROOT),
            *extras,
        ],
        env=env,
    )
    if check.returncode != 0:
        _install(python, extras)
    os.execve(str(python), [str(python), *sys.argv], env)


def _fingerprint(extras: tuple[str, ...]) -> str:
    data = (ROOT / "pyproject.toml").read_bytes() + repr((sorted(extras), sys.version)).encode()
    return hashlib.sha256(data).hexdigest()


def _stamped(extras: tuple[str, ...]) -> bool:
    """Whether .venv was checked complete for this pyproject.toml and these extras (or more)."""
    try:
        lines = STAMP.read_text(encoding="utf-8").split()
    except OSError:
        return False
    return _fingerprint(extras) in lines or (_fingerprint(("dev",)) in lines and not set(extras) - {"dev"})


def _stamp(extras: tuple[str, ...]) -> None:
    try:
        old = STAMP.read_text(encoding="utf-8").split() if STAMP.exists() else []
        STAMP.write_text("\n".join(sorted({*old[-4:], _fingerprint(extras)})) + "\n", encoding="utf-8")
    except OSError:
        pass  # a read-only environment: the check simply runs every time


def _compile_once() -> None:
    """Keep the package's bytecode up to date so a start does not recompile it every time.

    An installed wheel has its bytecode already; a checkout run with
    PYTHONDONTWRITEBYTECODE set (as on some machines) would otherwise compile
    every module on every start, a third of the batch mode's start-up time.
    Only changed files are compiled; a read-only checkout is left as it is.
    """
    if not sys.dont_write_bytecode:
        return  # Python keeps the bytecode up to date itself
    package = ROOT / "chatbot"
    marker = package / "__pycache__" / ".compiled"
    try:
        newest = max(p.stat().st_mtime for p in package.rglob("*.py"))
        if marker.exists() and marker.stat().st_mtime >= newest:
            return
        import compileall

        compileall.compile_dir(str(package), quiet=2)
        marker.touch()
    except (OSError, ValueError):
        pass


def _install(python: Path, extras: tuple[str, ...]) -> None:
    import subprocess

    target = f"{ROOT}[{','.join(extras)}]" if extras else str(ROOT)
    wanted = _requirements(extras)
    print(
        f"Installing what the {'tests need' if extras else 'chat needs'} into {VENV} (only the first time):\n"
        f"  {', '.join(wanted)}\n"
        "This needs network access to PyPI and usually takes one to three minutes; pip shows its "
        "progress below.",
        file=sys.stderr,
        flush=True,
    )
    started = time.monotonic()
    # pip's own progress (each package as it is fetched and installed), not --quiet: a first run
    # that is silent for a minute looks stuck.
    # On stderr, with the rest of these messages: stdout is the chat's (a first --jsonl run stays JSON).
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "--progress-bar", "on", "--editable", target],
        check=False,
        stdout=sys.stderr,
    )
    if result.returncode == 0:
        print(f"Installed in {time.monotonic() - started:.0f} s.", file=sys.stderr, flush=True)
    if result.returncode != 0:
        sys.exit(
            "Installation failed (see the pip messages above). Check the network connection, "
            f"or install by hand with: {python} -m pip install -e '{target}'"
        )
