"""SIGTERM during a build or update: stop at the next safe point, so the cleanup runs.

The default action of SIGTERM ends the process at once, leaving the half
written ``.tmp-*`` version on disk (the next writer removes it, but until
then it holds disk space) and worker processes to be orphaned. Raising from
the handler itself is not safe either: Python runs handlers between any two
bytecodes, inside a ``multiprocessing`` queue's lock or a finaliser whose
exceptions are swallowed, which left a build deadlocked with SIGTERM ignored.
So the handler only records the request; the writer asks
:func:`raise_if_stopped` at safe points (every record read, every wait for a
worker, before publishing) and :class:`BuildStopped` goes through the same
``except BaseException`` blocks as any failure: workers are terminated, the
temporary folder removed, the live version untouched. The CLI prints its one
line and exits 1.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TypeVar

from search.errors import BahthError

T = TypeVar("T")

_requested = threading.Event()
#: How often a worker looks whether its parent is still there.
PARENT_WATCH_SECONDS = 0.5


#: The handlers :func:`sigterm_stops_build` has installed and not yet removed.
_handlers: set[object] = set()


def _default_sigterm_in_child() -> None:
    """Right after a fork, a child gets SIGTERM's default action back from our handler.

    A Python handler runs only when the child's main thread runs bytecode; a
    child forked from a threaded process can block for ever on a lock another
    thread held at the fork, and then ``terminate()`` would never end it (a
    pool's exit waits for it: the build hangs). The default action needs no
    bytecode: the child dies.
    """
    if signal.getsignal(signal.SIGTERM) in _handlers:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


os.register_at_fork(after_in_child=_default_sigterm_in_child)


class BuildStopped(BahthError):
    """The build or update was stopped by SIGTERM; nothing was published."""


def raise_if_stopped() -> None:
    """Raise :class:`BuildStopped` once SIGTERM has arrived (a safe point)."""
    if _requested.is_set():
        raise BuildStopped("stopped by SIGTERM; its unfinished version was removed")


def stoppable(items: Iterable[T]) -> Iterator[T]:
    """``items``, with a safe point before each one."""
    for item in items:
        raise_if_stopped()
        yield item


@contextmanager
def sigterm_stops_build() -> Iterator[None]:
    """Within the block, SIGTERM is a stop request (in this process only).

    Forked workers inherit the handler; in them SIGTERM keeps its default
    action, so terminating a worker still ends it at once. Off the main
    thread (where handlers cannot be set) the block runs unchanged.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    owner = os.getpid()

    def stop(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != owner:  # a forked worker: die as SIGTERM means
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        _requested.set()

    _handlers.add(stop)
    _requested.clear()
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        _handlers.discard(stop)
        _requested.clear()


def exit_with_parent(parent: int) -> None:
    """Exit as soon as the parent is gone, whatever the worker is doing.

    A parent killed while feeding a batch leaves half a message in the jobs
    pipe; a worker reading it would block forever (and keep the index's writer
    lock, whose descriptor it inherited), never reaching its own poll.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def start_pool_worker(parent: int) -> None:
    """Initialiser of an extraction pool's worker: SIGTERM ends it at once, and it
    exits with its parent (a pool worker waiting for tasks never sees the pipe close,
    since its siblings hold it open too)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    exit_with_parent(parent)
