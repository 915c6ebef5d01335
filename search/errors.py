"""Typed errors raised by the library and turned into messages at the boundary."""

from __future__ import annotations


class BahthError(Exception):
    """Base class: an error a user can act on, with a one-line message."""


class CorpusError(BahthError):
    """Bad corpus input, located by file and (where known) line."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class IndexLockedError(BahthError):
    """Another build or update holds the index's writer lock."""


class IndexMissingError(BahthError):
    """No built index where one was expected."""


class EngineUnavailableError(IndexMissingError):
    """The engine cannot answer now (a cluster down, or part of it when complete results
    were asked for): the API answers 503 with this message, the CLI one line."""


class QueryError(BahthError):
    """A search parameter a user must correct (names the field)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")
