"""Normal queries while slow clients hold connections to ``bahth serve`` (issue 33).

    python bench/slow_clients.py --index bench/out/load/index-3000 --seconds 20

Four phases of ``--seconds`` each, ``--clients`` threads (8) sending the load
bench's seeded query mix (``bench/load.py``) throughout, one connection per
request so every request is accepted anew, on 127.0.0.1:

1. alone;
2. beside ``--slow`` (64) sockets sending their request head one byte a second;
3. beside as many sockets sending a GET with ``Content-Length: 4096`` and its
   body one byte a second;
4. beside as many idle kept-alive connections (a request answered, then
   nothing; one the server closes is opened again at once).

Prints per phase requests, failed requests (an error, a status other than 200,
or no answer within ``--timeout`` s), p50/p95/max latency; and for phases 2-3
how long the server let a dribbling socket hang on before closing it (the
dribblers reconnect, as an attacker's would). Exit code 1 when a normal request
failed or p95 was 1 s or more in any phase.
"""

from __future__ import annotations

import argparse
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from load import Tally, client, get_json, query_mix, report, start_server

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "slow"
HEAD = b"GET /api/search?q=%D8%B1%D9%88%D8%B3%D9%8A%D8%A7 HTTP/1.1\r\nHost: bench\r\n"
BODY_HEAD = b"GET /api/health HTTP/1.1\r\nHost: bench\r\nContent-Length: 4096\r\n\r\n"


class Holders:
    """Sockets kept open against the server by one thread: ``dribble`` sends the next byte
    of ``payload`` on each, once a second; otherwise each is left idle after one answered
    request. A socket the server closes is opened again (its lifetime is recorded)."""

    def __init__(self, port: int, count: int, kind: str) -> None:
        self.port, self.count, self.kind = port, count, kind
        self.lifetimes: list[float] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def open(self) -> tuple[socket.socket, float, int]:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        sock.setblocking(False)
        if self.kind == "idle":
            sock.setblocking(True)
            sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: bench\r\n\r\n")
            sock.recv(65536)
            sock.setblocking(False)
        elif self.kind == "body":
            sock.sendall(BODY_HEAD)
        return sock, time.monotonic(), 0

    def closed(self, sock: socket.socket) -> bool:
        try:
            return sock.recv(65536) == b""
        except BlockingIOError:
            return False
        except OSError:
            return True

    def run(self) -> None:
        held = [self.open() for _ in range(self.count)]
        while not self.stop.wait(1.0):
            for i, (sock, opened, sent) in enumerate(held):
                gone = self.closed(sock)
                if not gone and self.kind != "idle":
                    try:
                        sock.send(HEAD[sent % len(HEAD) : sent % len(HEAD) + 1])
                    except OSError:
                        gone = True
                    sent += 1
                if gone:
                    self.lifetimes.append(time.monotonic() - opened)
                    sock.close()
                    held[i] = self.open()
                else:
                    held[i] = (sock, opened, sent)
        for sock, _, _ in held:
            sock.close()


def phase(port: int, paths: list[str], args: argparse.Namespace, kind: str | None) -> bool:
    holders = Holders(port, args.slow, kind) if kind else None
    if holders:
        holders.thread.start()
        time.sleep(2)  # the sockets are open and dribbling before the clients start
    tally, stop = Tally(), threading.Event()
    threads = [
        threading.Thread(target=client, args=(port, paths, 7 + n, stop, tally, args.timeout))
        for n in range(args.clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(args.seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=args.timeout + 5)
    seconds = time.monotonic() - started
    label = {None: "alone", "head": "64 slow heads", "body": "64 slow bodies"}.get(kind, kind)
    label = label if kind != "idle" else f"{args.slow} idle keep-alive"
    print(report(label.replace("64", str(args.slow)), tally, seconds), flush=True)
    if holders:
        holders.stop.set()
        holders.thread.join(timeout=10)
        if kind != "idle" and holders.lifetimes:
            print(
                f"  a slow socket was closed by the server after a median"
                f" {statistics.median(holders.lifetimes):.1f} s ({len(holders.lifetimes)} closed)",
                flush=True,
            )
        elif kind != "idle":
            print("  no slow socket was closed by the server", flush=True)
    latencies = sorted(tally.latencies)
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else 99
    return not tally.errors and p95 < 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--slow", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--timeout", type=float, default=10.0, help="a normal request's")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    paths = query_mix(args.index, 2000, 3)
    server, port = start_server(args.index, args.workers, 4, OUT / "serve.log")
    ok = True
    try:
        get_json(port, "/api/health")
        for path in paths[:50]:
            get_json(port, path.replace("/?", "/api/search?", 1))
        print(f"{args.workers} workers, {args.clients} clients, {args.slow} slow sockets")
        for kind in (None, "head", "body", "idle"):
            ok = phase(port, paths, args, kind) and ok
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    print("ok" if ok else "FAILED: a normal request failed or p95 >= 1 s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
