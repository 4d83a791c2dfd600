"""Exceptions raised by the chatbot library."""

from __future__ import annotations

from pathlib import Path


class ChatbotError(Exception):
    """Raised when the chatbot cannot do what was asked; the base of all our errors."""


class ContentError(ChatbotError):
    """Raised when content or configuration files are missing, malformed or inconsistent."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {message}")
