"""The ``bahth`` command: thin click commands over the library (:mod:`search.cli.main`)."""

from search.cli.main import main

__all__ = ["main"]
