"""The kiosk's session tokens on their own: their exact lifetime, and anything that is not one of ours."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from chatbot import Session
from chatbot.kiosk.tokens import MAX_TOKEN_CHARS, SessionTokens, WeakSecret

SECRET = "a test secret, long enough: 0123456789"
TTL = 900
START = 1_800_000_000.0


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _signed(payload: object, secret: str = SECRET) -> str:
    """A token as the kiosk signs one (HMAC-SHA256 over the base64 body), around any payload."""
    body = _b64(json.dumps(payload).encode("utf-8"))
    signature = _b64(hmac.new(secret.encode("utf-8"), body.encode("ascii"), hashlib.sha256).digest())
    return f"{body}.{signature}"


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def tokens(clock):
    return SessionTokens(SECRET, TTL, clock)


def test_a_session_comes_back_as_it_was_given(tokens):
    session = Session(topics=("tmj", "migraine"), options=("tmj",))
    back = tokens.read(tokens.issue(session))
    assert back is not None and back.to_dict() == session.to_dict()


def test_a_token_lives_exactly_its_lifetime(tokens, clock):
    token = tokens.issue(Session(topics=("tmj",)))
    clock.now = START + TTL
    assert tokens.read(token) is not None  # the last second of its life
    clock.now = START + TTL + 1
    assert tokens.read(token) is None


def test_a_token_from_another_secret_or_altered_is_refused(tokens):
    token = tokens.issue(Session(topics=("tmj",)))
    body, signature = token.split(".")
    assert (
        tokens.read(_signed({"s": {}, "exp": int(START) + TTL}, secret="another secret, also long: 0123456789")) is None
    )
    assert tokens.read(f"{body}x.{signature}") is None
    assert tokens.read(f"{body}.{signature[:-1]}") is None


@pytest.mark.parametrize(
    "payload",
    [
        ["s", "exp"],  # JSON, signed, but not an object
        {"s": {"topics": ["tmj"]}},  # no expiry
        {"s": {"topics": ["tmj"]}, "exp": "never"},
        {"s": ["tmj"], "exp": int(START) + TTL},  # no session in it
    ],
)
def test_a_signed_token_without_a_session_and_an_expiry_is_refused(tokens, payload):
    assert tokens.read(_signed(payload)) is None


@pytest.mark.parametrize("token", [None, 12345, ["a.b"], "", "no dot", "a.b.c", "é.é"])
def test_anything_else_is_no_token(tokens, token):
    assert tokens.read(token) is None


def test_the_longest_token_accepted(tokens):
    # Signed tokens of a given length, padded with a key the session ignores.
    signed = [_signed({"s": {}, "exp": int(START) + TTL, "pad": "x" * extra}) for extra in range(MAX_TOKEN_CHARS)]
    longest = next(t for t in signed if len(t) == MAX_TOKEN_CHARS)
    too_long = min((t for t in signed if len(t) > MAX_TOKEN_CHARS), key=len)  # (base64 has no length 4n+1)
    assert tokens.read(longest) is not None
    assert tokens.read(too_long) is None


@pytest.mark.parametrize("secret", ["a", "", "x" * 64, "short but not 32"])
def test_a_weak_secret_is_refused(secret):
    # With BOTOX_KIOSK_SECRET=a the key was found offline from one token and a three-year token forged.
    with pytest.raises(WeakSecret):
        SessionTokens(secret, TTL, Clock())


def test_the_server_will_not_start_with_a_weak_secret(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import ROOT

    result = subprocess.run(
        [sys.executable, "-m", "chatbot", "serve", "--port", "0"],
        cwd=ROOT,
        env=dict(os.environ, BOTOX_KIOSK_SECRET="a"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "BOTOX_KIOSK_SECRET must be at least 32 random characters" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_ended_conversation_reads_as_expired_and_is_forgotten_when_it_would_have_expired(tokens, clock):
    ended, other = tokens.issue(Session(topics=("tmj",))), tokens.issue(Session(topics=("migraine",)))
    tokens.revoke(ended)
    tokens.revoke("not-a-token")
    assert tokens.read(ended) is None and tokens.read(other) is not None
    clock.now = START + TTL + 1
    tokens.revoke(tokens.issue(Session()))  # revoking prunes what has expired since
    assert len(tokens._revoked) == 1
