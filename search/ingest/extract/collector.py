"""Extraction of a large article runs with Python's cyclic garbage collector paused.

Cleaning and extraction make a tuple per word and per line (190,000 for a
2 MB article); every few hundred allocations start a collection that walks
the young objects again, about 40 % of cleaning's time on a 2 MB article,
and none of these objects can be in a reference cycle. Below
:data:`LARGE_TEXT_CHARS` the pause is not worth it and is skipped.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

#: From this length on (characters), the collector is paused.
LARGE_TEXT_CHARS = 50_000

P = ParamSpec("P")
R = TypeVar("R")


def paused_for_large_text(function: Callable[P, R]) -> Callable[P, R]:
    """``function(text, ...)`` with the collector paused while it runs on a large text.

    A nested call, or one in another thread while the collector is paused,
    leaves it as found; the outermost pause turns it back on.
    """

    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        text = args[0] if args else ""
        if not isinstance(text, str) or len(text) < LARGE_TEXT_CHARS or not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return run
