"""Test helpers that use real things: a line server on 127.0.0.1, files written atomically."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable


class LineServer:
    """A TCP server on 127.0.0.1 that test code feeds lines to (like ``nc -lk``).

    ``send(b"...")`` writes to the current client; ``drop_client()`` closes it, and the
    server accepts the next connection. ``close()`` stops everything it started."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self._clients: list[socket.socket] = []
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        self.sock.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with self._cond:
                self._clients.append(conn)
                self._cond.notify_all()

    def wait_client(self, count: int = 1, timeout: float = 10.0) -> socket.socket:
        with self._cond:
            if not self._cond.wait_for(lambda: len(self._clients) >= count, timeout):
                raise TimeoutError(f"no client #{count} connected to 127.0.0.1:{self.port}")
            return self._clients[count - 1]

    def send(self, data: bytes) -> None:
        with self._cond:
            client = self._clients[-1]
        client.sendall(data)

    def drop_client(self) -> None:
        with self._cond:
            client = self._clients[-1]
        client.shutdown(socket.SHUT_RDWR)
        client.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for c in self._clients:
            try:
                c.close()
            except OSError:
                pass
        self.sock.close()


def write_file(folder: str, name: str, text: str) -> str:
    """Write a file so a file source never sees it half-written (temp name, then rename)."""
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, f".{name}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    path = os.path.join(folder, name)
    os.replace(tmp, path)
    return path


def eventually(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait for a condition that depends on another process or a socket (never for a query's output)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError("condition not met in time")


def settle(query, check: Callable[[], bool], timeout: float = 10.0) -> None:
    """For network sources, whose bytes may still be in flight when ``processAllAvailable``
    returns: process what has arrived, check the output, repeat until ``check`` holds."""
    deadline = time.monotonic() + timeout
    while True:
        query.processAllAvailable()
        if check():
            return
        if time.monotonic() > deadline:
            raise AssertionError("the query's output did not reach the expected state")
        time.sleep(0.02)


def run_with_kills(cmd: list[str], progress: Callable[[], int], kills: int, seed: int,
                   settle: float = 0.05, timeout: float = 180) -> int:
    """Run the child process ``cmd`` to the end, SIGKILLing it ``kills`` times at random
    moments: each time after ``progress()`` (e.g. batches written so far) has grown by 1-3
    and a random extra delay of up to ``settle`` seconds. Returns how many kills landed;
    fails with the child's stderr if a run ends with an error."""
    rng = random.Random(seed)
    killed = 0
    while True:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            if killed < kills:
                deadline = time.monotonic() + 60
                target = progress() + rng.randint(1, 3)
                while time.monotonic() < deadline and proc.poll() is None and progress() < target:
                    time.sleep(0.002)
                time.sleep(rng.random() * settle)
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait(10)
                    killed += 1
                    continue
            code = proc.wait(timeout)
            err = proc.stderr.read().decode() if proc.stderr else ""
            assert code == 0, f"child failed ({code}):\n{err}"
            return killed
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
            if proc.stderr:
                proc.stderr.close()
