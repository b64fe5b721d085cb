"""Errors that reach the user as one line naming the file and, where known, the line."""

from __future__ import annotations

from pathlib import Path

__all__ = ["InputError", "RefmanError"]


class RefmanError(Exception):
    """Base class of refman's expected errors (bad input, unusable settings)."""


class InputError(RefmanError):
    """Bad input: ``str()`` gives ``path:line: message`` (line left out when unknown)."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.message = message
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")
