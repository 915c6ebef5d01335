"""gunicorn's threaded worker, handing a thread only requests that have arrived whole.

The ``gthread`` worker gives a connection to a thread as soon as its first
bytes arrive, and the thread then reads the rest of the request itself: a
client sending one byte a second holds a thread for as long as it likes, and
a dozen of them held every thread of ``bahth serve`` (issue 33). Here the
worker's event loop, which already watches every socket, reads each request
into a buffer without blocking (its head, and a body up to
:data:`MAX_BUFFERED_BODY` bytes) and hands the connection to the thread pool
only once it is complete, with the bytes already in gunicorn's parser; a longer
head or body is refused there (431, 413), as no thread should wait for it. A
client that has not sent its whole request within the worker's ``keepalive``
seconds (``bahth serve --client-timeout``) is dropped, by the same clock that
closes idle kept-alive connections. Threads stay, for what they are good at:
requests of very different costs sharing a core (the GIL's time slices), so
one slow search does not queue the quick ones behind it.

This leans on the worker's own structure (``TConn``, the poller, its pending
connections), which is not public API: gunicorn is pinned below 28, and
``tests/test_slow_clients.py`` holds it to its promise.
"""

from __future__ import annotations

import contextlib
import errno
import re
import selectors
import socket
import time
from functools import partial
from typing import Any

from gunicorn.workers.gthread import TConn, ThreadWorker

#: Bytes of a request head held before refusing it (431): no real request needs more.
MAX_BUFFERED_HEAD = 128 * 1024
#: Body bytes held at most: a longer body is refused (413), as the app refuses it.
MAX_BUFFERED_BODY = 64 * 1024
_LENGTH = re.compile(rb"\ncontent-length[ \t]*:[ \t]*(\d+)", re.I)
_CHUNKED = re.compile(rb"\ntransfer-encoding[ \t]*:[^\n]*chunked", re.I)


def whole_request(data: bytes) -> bool:
    """Whether ``data`` holds a whole request: its head, and its body (or as much of it
    as is worth holding: a longer one is refused, :func:`refusal`)."""
    end = data.find(b"\r\n\r\n")
    size = 4
    if end < 0:
        end, size = data.find(b"\n\n"), 2
    if end < 0:
        return False
    head, body = data[:end], len(data) - end - size
    length = _LENGTH.search(head)
    if length:
        return body >= min(int(length[1]), MAX_BUFFERED_BODY)
    if _CHUNKED.search(head):
        return data.endswith(b"0\r\n\r\n") or body > MAX_BUFFERED_BODY
    return True


def refusal(data: bytes) -> tuple[int, str] | None:
    """The status to refuse a request with before any thread reads it: a head that has
    not ended within :data:`MAX_BUFFERED_HEAD` bytes, or a body announced longer than the
    app takes (every route is a GET; the app refuses more than 64 KB anyway). A thread
    handed either would wait on the client for the rest."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        end = data.find(b"\n\n")
    if end < 0:
        return (431, "Request Header Fields Too Large") if len(data) > MAX_BUFFERED_HEAD else None
    length = _LENGTH.search(data[:end])
    if (length and int(length[1]) > MAX_BUFFERED_BODY) or len(data) - end > MAX_BUFFERED_BODY:
        return 413, "Content Too Large"
    return None


class BufferingThreadWorker(ThreadWorker):
    """A ``gthread`` worker whose event loop reads each request before a thread sees it."""

    def accept(self, listener: Any) -> None:
        try:
            client, address = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        self._hold(TConn(self.cfg, client, address, listener.getsockname()))

    def on_client_socket_readable(self, conn: TConn, client: Any) -> None:
        """A kept-alive connection speaks again: its next request is read here too."""
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._hold(conn)

    def enqueue_req(self, conn: TConn) -> None:
        """To a thread, if the request is all there (gunicorn also calls this for bytes a
        previous request's body drain read ahead); else read on in the event loop."""
        if whole_request(self._read_ahead(conn) + bytes(getattr(conn, "held", b""))):
            super().enqueue_req(conn)
        else:
            self._hold(conn)

    def _hold(self, conn: TConn) -> None:
        """Watch ``conn`` until its request is whole, or its time is up (then it is closed
        with the pending connections gunicorn already times out)."""
        conn.held = bytearray(getattr(conn, "held", b""))
        conn.sock.setblocking(False)
        conn.timeout = time.monotonic() + self.cfg.keepalive
        self.pending_conns.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._arrived, conn))

    def _arrived(self, conn: TConn, client: Any) -> None:
        try:
            data = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        refused = None
        if data:
            conn.held += data
            request = self._read_ahead(conn) + bytes(conn.held)
            refused = refusal(request)
            if refused is None and not whole_request(request):
                return
        self.poller.unregister(client)
        if refused:  # answered, then read and dropped until the client closes or times out
            self.refuse(conn, *refused)
            with contextlib.suppress(OSError):
                conn.sock.shutdown(socket.SHUT_WR)
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._discard, conn))
            return
        self.pending_conns.remove(conn)
        if not data:  # the client went away
            self.nr_conns -= 1
            conn.close()
            return
        conn.data_ready = True  # the thread need not wait for data
        super().enqueue_req(conn)

    def _discard(self, conn: TConn, client: Any) -> None:
        """Read what a refused client still sends (closing with it unread would reset the
        connection, and the client might never read the refusal)."""
        try:
            if conn.sock.recv(65536):
                return
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            pass
        self.poller.unregister(client)
        self.pending_conns.remove(conn)
        self.nr_conns -= 1
        conn.close()

    def refuse(self, conn: TConn, status: int, reason: str) -> None:
        """Answer ``status`` on ``conn`` before it is closed (here: nothing, just closed)."""

    @staticmethod
    def _read_ahead(conn: TConn) -> bytes:
        return conn.parser.unreader.buf.getvalue() if conn.parser is not None else b""

    def handle(self, conn: TConn) -> Any:
        """In a thread: the held bytes go to the parser first, then gunicorn as usual."""
        held = getattr(conn, "held", None)
        if held:
            conn.sock.setblocking(True)
            conn.init()
            conn.parser.unreader.unread(bytes(held))
            conn.held = bytearray()
        return super().handle(conn)
