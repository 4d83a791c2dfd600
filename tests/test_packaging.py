"""A plain (non-editable) install works from any folder: the content ships inside the package."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from conftest import ROOT


def test_wheel_installs_and_answers_from_another_folder(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    wheel = next(wheels.glob("botox_chatbot-*.whl"))
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # The dependencies come from the interpreter running the tests (on a fresh machine, the
    # project's own .venv, not the base Python), without a network; the project itself comes
    # only from the wheel. A path listed in a .pth file is added as it is: the checkout's
    # editable-install hook in that folder is not run.
    here = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    target = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(target) / "test_dependencies.pth").write_text("\n".join(sorted(here)) + "\n", encoding="utf-8")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", str(wheel)],
        check=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import chatbot, chatbot.content as c; print(chatbot.__file__); print(c.package_content_dir())",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert str(ROOT) not in where[0] and where[1].endswith("chatbot/content")
    script = env_dir / "bin" / "botox-chat"
    result = subprocess.run(
        [str(script), "--jsonl"],
        input=b"botox for sweaty armpits\n",
        cwd=elsewhere,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["intents"] == ["hyperhidrosis"]


def test_the_first_run_says_what_it_installs_shows_pips_progress_and_how_long_it_takes(tmp_path):
    """The README's quick start on a machine with only Python: the first `python3 run_chat.py` is not
    silent while it installs (issue 18)."""
    import shutil

    copy = tmp_path / "checkout"
    copy.mkdir()
    for name in ("bootstrap.py", "pyproject.toml", "run_chat.py", "README.md"):
        shutil.copy(ROOT / name, copy / name)
    for folder in ("chatbot", "intents", "responses"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    bare = tmp_path / "bare"
    venv.EnvBuilder(with_pip=False).create(bare)  # a Python with none of our packages
    result = subprocess.run(
        [str(bare / "bin" / "python"), "run_chat.py"],
        cwd=copy,
        input="botox for sweaty armpits?\n",
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    told = result.stderr
    assert "Installing what the chat needs" in told and "rapidfuzz" in told and "prompt-toolkit" in told
    assert "usually takes one to three minutes" in told
    assert "Successfully installed" in told or "Installing collected packages" in told  # pip's own progress
    assert "Installed in " in told
    assert "Excessive sweating" in result.stdout  # and then it answers
