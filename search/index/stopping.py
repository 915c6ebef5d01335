"""SIGTERM during a build or update: stop like an error, so the cleanup runs.

The default action of SIGTERM ends the process at once, leaving the half
written ``.tmp-*`` version on disk (the next writer removes it, but until
then it holds disk space) and worker processes to be orphaned. Turned into
an exception instead, it goes through the same ``except BaseException``
blocks as any failure: workers are terminated, the temporary folder removed,
the live version untouched. The CLI prints its one line and exits 1.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from search.errors import BahthError


class BuildStopped(BahthError):
    """The build or update was stopped by SIGTERM; nothing was published."""


@contextmanager
def sigterm_stops_build() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`BuildStopped` (in this process only).

    Forked workers inherit the handler; in them SIGTERM keeps its default
    action, so terminating a worker still ends it at once. A second SIGTERM
    while the cleanup runs is ignored, so the cleanup is not cut short. Off the
    main thread (where handlers cannot be set) the block runs unchanged.
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
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise BuildStopped("stopped by SIGTERM; its unfinished version was removed")

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
