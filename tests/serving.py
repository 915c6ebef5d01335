"""A real ``bahth serve`` in a subprocess, for tests that speak HTTP to gunicorn."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Served:
    host: str
    port: int
    line: str  # what serve announced ("serving … on http://… with N workers × M threads")
    pid: int = 0  # gunicorn's master


@contextmanager
def bahth_serve(
    index: Path,
    workers: int | None = None,
    threads: int | None = None,
    client_timeout: int | None = None,
) -> Iterator[Served]:
    """``bahth serve --port 0`` on ``index`` until the block ends (then SIGTERM);
    options left out take serve's defaults."""
    options = ["--workers", str(workers)] if workers else []
    options += ["--threads", str(threads)] if threads else []
    options += ["--client-timeout", str(client_timeout)] if client_timeout else []
    server = subprocess.Popen(
        [sys.executable, "-m", "search.cli", "serve", "--index", str(index), "--port", "0",
         *options],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert server.stderr is not None
        line = ""
        for line in server.stderr:
            if line.startswith("serving"):
                break
        match = re.search(r"http://([\d.]+):(\d+)/", line)
        assert match, line
        yield Served(match[1], int(match[2]), line, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr:
            server.stderr.close()
