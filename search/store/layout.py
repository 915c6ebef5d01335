"""The on-disk layout of an index folder, in one place.

::

    indexes/<name>/
      CURRENT            name of the live version (replaced with os.replace)
      .lock              writer lock (flock): one build or update at a time
      versions/<vid>/    a complete version: the engine's files plus meta.json
      versions/.tmp-*    a version being written (removed if its writer dies)

Inside a Whoosh version, beside Whoosh's own segment files, Bahth keeps
derived files written once at build time: ``arrays.npz`` and ``labels.json``
(facet ordinals, field lengths), ``expansions.json`` (inflection groups) and
``trigrams.json`` (second-stage statistics), ``latin_skeletons.json`` (Latin-name
candidates).

A writer builds a new version beside the live one and only then moves the
pointer, so a failure, a full disk or ``kill -9`` leaves the previous version
serving; readers read the pointer on each request and reopen when it moves.

A reader holds a :class:`VersionLease` (a shared ``flock`` on the version's
folder) for as long as it may still open files of that version, and
:func:`remove_stale` leaves every leased version alone: a request that picked
version N keeps it on disk even if two writers have come and gone since. The
lock works across worker processes, needs no file written into the version,
and dies with its process (``kill -9`` leaks nothing).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from search.errors import IndexLockedError, IndexMissingError

POINTER = "CURRENT"
VERSIONS = "versions"
TMP_PREFIX = ".tmp-"
META = "meta.json"
LOCK = ".lock"
ARRAYS_FILE = "arrays.npz"
LABELS_FILE = "labels.json"
EXPANSIONS_FILE = "expansions.json"
TRIGRAMS_FILE = "trigrams.json"


def current_version_name(root: Path) -> str:
    """The name ``CURRENT`` holds (the only place the pointer is read)."""
    try:
        return (root / POINTER).read_text("utf-8").strip()
    except FileNotFoundError:
        raise IndexMissingError(f"no index at {root}: run `bahth index build` first") from None


def version_dir(root: Path, name: str) -> Path:
    """The folder of one version, which must exist."""
    path = root / VERSIONS / name
    if not path.is_dir():
        raise IndexMissingError(f"index {root} points at missing version {name}")
    return path


def current_version_dir(root: Path) -> Path:
    """The live version's folder, or :class:`IndexMissingError`."""
    return version_dir(root, current_version_name(root))


def read_meta(path: Path) -> dict[str, Any]:
    """A version's meta.json (build time, counts, corpus)."""
    return json.loads((path / META).read_text("utf-8"))


def write_meta(path: Path, meta: dict[str, Any]) -> None:
    (path / META).write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")


@contextmanager
def writer_lock(root: Path) -> Iterator[None]:
    """Hold the index's writer lock, or fail at once with a clear message."""
    root.mkdir(parents=True, exist_ok=True)
    handle = open(root / LOCK, "a+")  # noqa: SIM115 - held for the with-block
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise IndexLockedError(
                f"{root} is being written by {holder} (writer lock {root / LOCK});"
                " wait for it to finish"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()


def new_version_name() -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    return f"{stamp}-{uuid.uuid4().hex[:6]}"


class VersionLease:
    """A reader's claim on one version folder: a shared flock on its directory.

    Released by :meth:`release` (idempotent) or when the process ends.
    """

    def __init__(self, fd: int, version: str) -> None:
        self._fd: int | None = fd
        self.version = version

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the last descriptor drops the flock

    @property
    def held(self) -> bool:
        return self._fd is not None


def lease_version(root: Path, name: str) -> VersionLease:
    """Claim version ``name`` for reading, or :class:`IndexMissingError`.

    The error means the version is gone or being removed right now; the
    caller reads the pointer again (the live version is never removed).
    """
    path = root / VERSIONS / name
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except (FileNotFoundError, NotADirectoryError):
        raise IndexMissingError(f"index {root} points at missing version {name}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        # Locked, but a writer may have renamed it away between open and lock.
        if not os.path.samestat(os.fstat(fd), os.stat(path)):
            raise FileNotFoundError(path)
    except (BlockingIOError, FileNotFoundError):
        os.close(fd)
        raise IndexMissingError(f"version {name} of {root} is being removed") from None
    return VersionLease(fd, name)


def _take_unleased(entry: Path) -> Path | None:
    """Rename ``entry`` to a temporary name if no reader leases it; the new path."""
    try:
        fd = os.open(entry, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None  # a reader may still open it: the next writer tries again
    try:
        doomed = entry.with_name(f"{TMP_PREFIX}stale-{uuid.uuid4().hex[:8]}-{entry.name}")
        os.rename(entry, doomed)  # atomic: readers see it whole or not at all
        return doomed
    except OSError:
        return None
    finally:
        os.close(fd)


def remove_stale(root: Path, keep: set[str]) -> None:
    """Drop temporary folders of dead writers and versions nobody uses.

    ``keep`` (the live version and the one before it) stays, and so does
    every version a reader holds a :class:`VersionLease` on, in any process;
    it goes with the first writer after its last reader is done.
    """
    versions = root / VERSIONS
    if not versions.is_dir():
        return
    for entry in versions.iterdir():
        if entry.name.startswith(TMP_PREFIX):
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name not in keep and (doomed := _take_unleased(entry)) is not None:
            shutil.rmtree(doomed, ignore_errors=True)


def swap_pointer(root: Path, name: str) -> None:
    tmp = root / f"{POINTER}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(name)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, root / POINTER)
    dir_fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def live_name(root: Path) -> str | None:
    try:
        return current_version_name(root)
    except IndexMissingError:
        return None
