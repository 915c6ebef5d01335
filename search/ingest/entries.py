"""Folder entries that are neither a plain file nor a folder, and why they are not read.

A corpus folder may hold a FIFO (opening it blocks forever), a socket, a
symlink loop or a broken link. The walk never opens them (and never follows a
symlinked folder, so it cannot loop); they are named in the build summary
instead of vanishing.
"""

from __future__ import annotations

import errno
import stat
from pathlib import Path


def unreadable(path: Path) -> str | None:
    """Why an entry that is not a plain file or folder is not read (None: it is read)."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a symlink loop so
        return "symlink loop"
    except OSError as error:
        return "symlink loop" if error.errno == errno.ELOOP else "broken symlink"
    if target.is_dir():
        return "symlink to a folder, not followed" if path.is_symlink() else None
    if target.is_file():
        return None
    kind = target.stat().st_mode
    return "a FIFO" if stat.S_ISFIFO(kind) else "not a regular file"
