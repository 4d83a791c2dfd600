"""Shared fixtures: the real responder on the shipped content, and copies of it to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chatbot import Responder
from chatbot.content import package_content_dir

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def responder() -> Responder:
    return Responder.load()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped content directory."""
    source = package_content_dir()
    target = tmp_path / "content"
    for folder in ("intents", "responses"):
        shutil.copytree(source / folder, target / folder)
    return target


def pytest_configure(config) -> None:
    """Keep built responders cached in a folder of this test run, not in the user's cache."""
    import os
    import tempfile

    os.environ.setdefault("BOTOX_CHAT_CACHE", tempfile.mkdtemp(prefix="botox-chat-cache-"))
