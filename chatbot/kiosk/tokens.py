"""Conversation state as a signed, expiring token that the page sends back with each message.

The token holds only what ``Session.to_dict`` holds (topic ids, choices on
offer, a turn count), never anything the patient typed. It is signed with
HMAC-SHA256 so a client cannot forge state, and it expires so an abandoned
conversation cannot be resumed later. Processes that share the secret (the
``BOTOX_KIOSK_SECRET`` environment variable) accept each other's tokens.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable

from ..models import Session

#: Longest token accepted; anything longer is not one of ours.
MAX_TOKEN_CHARS = 2048
#: Most ended conversations remembered at once (about 100 bytes each).
MAX_REVOKED = 100_000
#: Shortest secret accepted: a short one is found offline from a single token, and then any
#: conversation state (with any expiry) can be forged. 32 characters of random text.
MIN_SECRET_CHARS = 32


class WeakSecret(ValueError):
    """The session secret is too short to keep tokens from being forged."""


def check_secret(secret: str) -> None:
    """Raise ``WeakSecret`` for a secret too short (or too uniform) to sign tokens."""
    if len(secret) < MIN_SECRET_CHARS or len(set(secret)) < 8:
        raise WeakSecret(
            f"BOTOX_KIOSK_SECRET must be at least {MIN_SECRET_CHARS} random characters (this one has "
            f"{len(secret)}); make one with: python3 -c 'import secrets; print(secrets.token_hex(32))'"
        )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionTokens:
    """Turns sessions into tokens and back, rejecting forged, damaged and expired ones."""

    def __init__(self, secret: str | None, ttl_seconds: int, clock: Callable[[], float]) -> None:
        """``secret`` signs the tokens (``check_secret`` must accept it); None makes a random one."""
        if secret is not None:
            check_secret(secret)
        self._key = (secret or secrets.token_hex(32)).encode("utf-8")
        self._ttl = ttl_seconds
        self._clock = clock
        #: Signatures of tokens ended by "Start over", each with when it would have expired anyway.
        self._revoked: dict[str, int] = {}

    def issue(self, session: Session) -> str:
        """A token for ``session``, valid for the configured time from now."""
        payload = {"s": session.to_dict(), "exp": int(self._clock()) + self._ttl}
        body = _b64(json.dumps(payload, separators=(",", ":")).encode("utf-8"))
        return f"{body}.{self._sign(body)}"

    def read(self, token: str) -> Session | None:
        """The session in a valid token, or None if it is forged, damaged or expired."""
        if not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS or token.count(".") != 1 or not token.isascii():
            return None  # ours are short base64 text with one dot: anything else was never issued here
        body, signature = token.split(".")
        if not hmac.compare_digest(signature, self._sign(body)) or signature in self._revoked:
            return None
        try:
            payload = json.loads(_unb64(body))
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(payload, dict) or not isinstance(payload.get("exp"), int) or payload["exp"] < self._clock():
            return None
        state = payload.get("s")
        return Session.from_dict(state) if isinstance(state, dict) else None

    def revoke(self, token: str) -> None:
        """End the conversation in ``token``: from now on it reads as expired (in this process).

        Kept until the token would have expired anyway, and at most ``MAX_REVOKED`` at once
        (the ones nearest their own expiry make room first)."""
        if self.read(token) is None:
            return  # forged, damaged, expired or already ended: nothing to end
        body, signature = token.split(".")
        payload = json.loads(_unb64(body))
        now = self._clock()
        for old, expiry in list(self._revoked.items()):
            if expiry < now:
                del self._revoked[old]
        while len(self._revoked) >= MAX_REVOKED:
            del self._revoked[min(self._revoked, key=self._revoked.__getitem__)]
        self._revoked[signature] = payload["exp"]

    def _sign(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode("ascii"), hashlib.sha256).digest())
