"""The cache of built responders: used when nothing changed, rebuilt when anything did, never trusted blindly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from chatbot import Responder, cache
from chatbot.content import package_content_dir
from conftest import ROOT


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv("BOTOX_CHAT_CACHE", str(where))
    return where


def _entries(where):
    return sorted(where.glob("*.pickle")) if where.exists() else []


def test_a_second_load_comes_from_the_cache_and_answers_alike(cache_dir, monkeypatch):
    first = Responder.load()
    assert len(_entries(cache_dir)) == 1

    import chatbot.content

    def refuse(*args, **kwargs):
        raise AssertionError("the content was parsed again")

    monkeypatch.setattr(chatbot.content, "load_content", refuse)
    second = Responder.load()
    assert second is not first
    for question in ("botox for sweaty armpits", "what causes tmj?", "i cant breathe", "hola que tal amigo mio"):
        assert second.respond(question).to_dict() == first.respond(question).to_dict()


def test_any_change_to_the_content_or_the_settings_builds_again(cache_dir, content_copy, tmp_path):
    Responder.load(content_copy)
    path = content_copy / "responses" / "tmj.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("TMJ disorder is a problem", "TMJ disorder is a condition"),
        encoding="utf-8",
    )
    changed = Responder.load(content_copy)
    assert "is a condition" in changed.respond("what is tmj").body
    settings = tmp_path / "clinic.yaml"
    settings.write_text('clinic:\n  phone: "555-0100"\n', encoding="utf-8")
    assert "555-0100" in Responder.load(content_copy, settings).respond("botox for tmj").text
    assert len(_entries(cache_dir)) == 3


def test_broken_content_is_reported_not_cached(cache_dir, content_copy):
    path = content_copy / "intents" / "tmj.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "bogus: 1\n", encoding="utf-8")
    with pytest.raises(Exception, match="unknown key 'bogus'"):
        Responder.load(content_copy)
    assert _entries(cache_dir) == []


def test_a_damaged_or_foreign_entry_is_ignored(cache_dir):
    Responder.load()
    (entry,) = _entries(cache_dir)
    entry.write_bytes(b"not a pickle")
    assert Responder.load().respond("botox for tmj").intents == ("tmj",)
    (entry,) = _entries(cache_dir)
    os.chmod(entry, 0o666)  # anyone could have written it: never unpickled
    assert cache.read(entry.stem) is None


def test_the_cache_can_be_turned_off_and_never_lives_in_the_package(monkeypatch):
    monkeypatch.setenv("BOTOX_CHAT_CACHE", "off")
    assert cache.folder() is None
    monkeypatch.delenv("BOTOX_CHAT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    folder = cache.folder()
    assert folder is not None and str(folder) == "/somewhere/botox-chatbot"
    assert package_content_dir() not in folder.parents


def test_an_unwritable_cache_folder_does_not_stop_the_bot(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("BOTOX_CHAT_CACHE", str(blocker / "cache"))  # a folder inside a file cannot exist
    assert Responder.load().respond("botox for tmj").intents == ("tmj",)


def test_a_cached_start_does_not_import_the_yaml_parser(cache_dir):
    env = dict(os.environ, BOTOX_CHAT_CACHE=str(cache_dir))
    code = "import sys, chatbot; chatbot.Responder.load(); print('yaml' in sys.modules)"
    first = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60, check=False
    )
    second = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60, check=False
    )
    assert (first.stdout.strip(), second.stdout.strip()) == ("True", "False"), (first.stderr, second.stderr)


def test_an_entry_in_a_folder_others_can_write_or_behind_a_link_is_never_unpickled(cache_dir, tmp_path):
    Responder.load()
    (entry,) = _entries(cache_dir)
    assert cache.read(entry.stem) is not None  # ours, in our folder: trusted
    os.chmod(cache_dir, 0o777)  # anyone could swap the file between a check and the load
    assert cache.read(entry.stem) is None
    os.chmod(cache_dir, 0o700)
    elsewhere = tmp_path / "elsewhere.pickle"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)  # a link to a file somewhere else is not followed
    assert cache.read(entry.stem) is None
