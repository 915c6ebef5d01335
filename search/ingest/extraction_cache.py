"""Extraction computed once per text: a bounded SQLite cache keyed by content and version.

Cleaning and tagging an article is most of a build's cost, and the same text
comes again and again: a rebuild, an update that re-reads the whole corpus, a
second index over the same files, the second pass of a build that propagates
the names the corpus confirms (:mod:`search.ingest.corpus_names`). So each
text's extraction is kept under ``sha1(text)`` and the extractor's version
(:func:`extractor_version`: a hash of the model files, the names and outlet
tables, the extraction code and :data:`RULES_VERSION`): a new model or a new
names table is a new version, and the old entries are never read again (they
age out).

The file is bounded: the stored blobs' total is kept in a one-row table in the
same transaction as every write, and a write that takes it over the cap removes
the least recently used entries down to :data:`LOW_WATER` of the cap
(``auto_vacuum=INCREMENTAL`` gives the pages back to the file system). Build
workers (forked processes) each open their own connection; SQLite's WAL and a
busy timeout serialise their writes. A damaged or unreadable cache is never an
error: the build extracts as if it were empty.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import search
from search.config import EXTRACTION_CACHE_MB

#: Bump when extraction changes in a way the hashed files do not show.
RULES_VERSION = "1"
#: After an eviction the cache holds at most this share of its cap.
LOW_WATER = 0.8
#: Seconds a writer waits for another process's transaction.
BUSY_TIMEOUT_S = 60.0
_PACKAGE = Path(search.__file__).parent
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entry (
    key TEXT PRIMARY KEY, version TEXT NOT NULL, size INTEGER NOT NULL,
    used REAL NOT NULL, value BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS entry_used ON entry (used);
CREATE TABLE IF NOT EXISTS total (id INTEGER PRIMARY KEY CHECK (id = 0), bytes INTEGER NOT NULL);
INSERT OR IGNORE INTO total VALUES (0, 0);
"""


def version_files() -> list[Path]:
    """What extraction depends on: its code and model files, the text code, the tables."""
    found: list[Path] = []
    for folder, pattern in (("ingest/extract", "**/*"), ("text", "*.py"), ("data", "*.json")):
        for path in sorted((_PACKAGE / folder).glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".md":
                found.append(path)
    here = Path(__file__).parent  # what a cached value is made of
    found += [here / n for n in ("extraction_cache.py", "extraction_source.py", "article_words.py")]
    return found


def extractor_version(files: Iterable[Path] | None = None) -> str:
    """A short hash of ``files`` (default :func:`version_files`) and :data:`RULES_VERSION`."""
    paths = list(files) if files is not None else version_files()
    return _version(tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in paths))


@lru_cache(maxsize=8)
def _version(files: tuple[tuple[Path, int, int], ...]) -> str:
    """Hashed once per set of files as they stand (a file written since is read again)."""
    digest = hashlib.sha1(RULES_VERSION.encode())
    for path, _, _ in files:
        digest.update(path.name.encode())
        digest.update(hashlib.sha1(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def text_key(text: str) -> str:
    """The content key of one article's text."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def default_cache_dir(index_root: Path) -> Path:
    """Beside the index folder: ``indexes/default`` → ``indexes/.extraction-cache``."""
    return Path(index_root).resolve().parent / ".extraction-cache"


class ExtractionCache:
    """``key → value`` for one extractor version, in ``<folder>/extraction.sqlite``.

    Opened lazily and again after a fork (a connection must not cross processes),
    so one instance may be handed to build workers.
    """

    def __init__(
        self, folder: Path, max_mb: float = EXTRACTION_CACHE_MB, version: str | None = None
    ) -> None:
        self.path = Path(folder) / "extraction.sqlite"
        self.max_bytes = int(max_mb * 1024 * 1024)
        self.version = version or extractor_version()
        self.hits = 0
        self.misses = 0
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._broken = False

    def _db(self) -> sqlite3.Connection | None:
        if self._broken:
            return None
        if self._connection is None or self._pid != os.getpid():
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S)
                connection.execute("PRAGMA auto_vacuum=INCREMENTAL")
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
                connection.executescript(_SCHEMA)
            except (sqlite3.Error, OSError):
                self._broken = True  # an unusable cache: extract as if it were empty
                return None
            self._connection, self._pid = connection, os.getpid()
        return self._connection

    def get_many(self, keys: Iterable[str], touch: bool = True) -> dict[str, Any]:
        """The cached values of ``keys`` for this version (absent keys are misses);
        ``touch`` marks them used now (eviction takes the least recently used first)."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, Any] = {}
        db = self._db()
        if db is None or not wanted:
            self.misses += len(wanted)
            return found
        try:
            for chunk in _chunks(wanted, 500):
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT key, value FROM entry WHERE version = ? AND key IN ({marks})",
                    [self.version, *chunk],
                ).fetchall()
                for key, blob in rows:
                    found[key] = pickle.loads(zlib.decompress(blob))
            if found and touch:
                with db:
                    db.executemany(
                        "UPDATE entry SET used = ? WHERE key = ?",
                        [(time.time(), k) for k in found],
                    )
        except (sqlite3.Error, zlib.error, pickle.UnpicklingError, EOFError, AttributeError):
            found = {}
        self.hits += len(found)
        self.misses += len(wanted) - len(found)
        return found

    def get(self, key: str) -> Any | None:
        return self.get_many([key]).get(key)

    def put_many(self, items: Iterable[tuple[str, Any]]) -> None:
        """Store values (replacing a key's entry of an older version), then keep the cap."""
        rows = []
        now = time.time()
        for key, value in items:
            blob = zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 3)
            if len(blob) <= self.max_bytes * LOW_WATER:
                rows.append((key, self.version, len(blob), now, blob))
        db = self._db()
        if db is None or not rows:
            return
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                for row in rows:
                    old = db.execute("SELECT size FROM entry WHERE key = ?", (row[0],)).fetchone()
                    db.execute("INSERT OR REPLACE INTO entry VALUES (?, ?, ?, ?, ?)", row)
                    delta = row[2] - (old[0] if old else 0)
                    db.execute("UPDATE total SET bytes = bytes + ? WHERE id = 0", (delta,))
                self._evict(db)
            db.execute("PRAGMA incremental_vacuum")
        except sqlite3.Error:
            pass  # a full disk or a locked file: the build goes on without caching

    def put(self, key: str, value: Any) -> None:
        self.put_many([(key, value)])

    def _evict(self, db: sqlite3.Connection) -> None:
        """Inside a write transaction: drop the least recently used entries over the cap."""
        total = db.execute("SELECT bytes FROM total WHERE id = 0").fetchone()[0]
        if total <= self.max_bytes:
            return
        target = int(self.max_bytes * LOW_WATER)
        doomed: list[str] = []
        for key, size in db.execute("SELECT key, size FROM entry ORDER BY used"):
            if total <= target:
                break
            doomed.append(key)
            total -= size
        for chunk in _chunks(doomed, 500):
            db.execute(f"DELETE FROM entry WHERE key IN ({','.join('?' * len(chunk))})", chunk)
        db.execute("UPDATE total SET bytes = ? WHERE id = 0", (total,))

    def stored_bytes(self) -> int:
        """The stored values' total size (what the cap bounds)."""
        db = self._db()
        if db is None:
            return 0
        return int(db.execute("SELECT bytes FROM total WHERE id = 0").fetchone()[0])

    def __len__(self) -> int:
        db = self._db()
        return 0 if db is None else int(db.execute("SELECT count(*) FROM entry").fetchone()[0])

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_connection": None, "_pid": 0}


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
