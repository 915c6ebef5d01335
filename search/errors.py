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
    were asked for): the CLI prints the message (an operator's: hosts, the engine's own
    words); the API answers 503 with :attr:`reader_message` only, and logs the rest."""

    #: What a reader of the API or the page is told: what they can act on, no internals.
    reader_message = "the search engine is not available"

    def __init__(self, message: str, reader_message: str | None = None) -> None:
        super().__init__(message)
        if reader_message:
            self.reader_message = reader_message


class QueryError(BahthError):
    """A search parameter a user must correct (names the field)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")
