"""The exceptions warta raises, all under one root.

    WartaError                 anything warta reports to a user
     +-- ConfigError           site.yaml or the command line is wrong (exit 2)
     +-- ContentError          one input file is unusable; it is skipped (exit 1)
     +-- OutputError           the output folder cannot be written safely (exit 2)

Every error carries the place it is about, so that it prints as ``path:line: message``.
"""

from __future__ import annotations

from dataclasses import dataclass


class WartaError(Exception):
    """An error a user can cause and can fix; printed without a traceback."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        return format_place(self.path, self.line, self.message)

    def __reduce__(self) -> tuple[type, tuple[str, str | None, int | None], dict[str, object]]:
        """Pickled with its place (a forked process's error is raised again in the build's: parallel.away)."""
        return type(self), (self.message, self.path, self.line), self.__dict__


class ConfigError(WartaError):
    """The configuration (site.yaml, data files, command line) is invalid."""


class ContentError(WartaError):
    """One article cannot be read; the build goes on without it."""


class OutputError(WartaError):
    """The output folder is unsafe or cannot be written."""


@dataclass(frozen=True)
class Diagnostic:
    """A problem found in the input: an error skips the article, a warning does not; "info" tells what the
    build did on purpose (a draft left out), never a problem."""

    path: str
    line: int | None
    message: str
    severity: str = "warning"  # "warning" | "error" | "info"

    def __str__(self) -> str:
        return format_place(self.path, self.line, self.message)


def format_place(path: str | None, line: int | None, message: str) -> str:
    """Render ``path:line: message`` with whatever of the place is known."""
    if path and line:
        return f"{path}:{line}: {message}"
    if path:
        return f"{path}: {message}"
    return message
