"""SIGKILL a Kafka -> Kafka / Kafka -> files query mid-stream, restart it: every record exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

CHILD = os.path.join(os.path.dirname(__file__), "child_kafka_query.py")
N = 240


def _start(mode, broker, src, checkpoint, dest):
    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.Popen([sys.executable, CHILD, mode, broker.bootstrap, src, checkpoint, dest], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _commits(checkpoint):
    path = os.path.join(checkpoint, "commits")
    return len([n for n in os.listdir(path) if n.isdigit()]) if os.path.isdir(path) else 0


def _wait(predicate, proc, timeout=90.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        if proc.poll() is not None:
            raise AssertionError(f"child exited early: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.05)
    raise AssertionError("timed out")


def _kill(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    proc.stderr.close()


def _files_values(dest):
    out = []
    for name in os.listdir(dest):
        if name.endswith(".json") and not name.startswith("."):
            with open(os.path.join(dest, name)) as f:
                out.extend(json.load(f))
    return out


@pytest.mark.parametrize("mode", ["kafka", "files"])
def test_sigkill_mid_stream_then_restart_outputs_every_record_exactly_once(broker, tmp_path, mode):
    src = broker.topic(partitions=3)
    broker.produce(src, [f"r{i}".encode() for i in range(N)], keys=[str(i % 7).encode() for i in range(N)])
    checkpoint = str(tmp_path / "ckpt")
    if mode == "kafka":
        dest = broker.topic(partitions=2)

        def values():
            return [r[3].decode() for r in broker.consume_all(dest, isolation="read_committed", timeout=5)]
    else:
        dest = str(tmp_path / "out")
        os.makedirs(dest)

        def values():
            return _files_values(dest)

    first = _start(mode, broker, src, checkpoint, dest)
    try:
        _wait(lambda: _commits(checkpoint) >= 3, first)
    finally:
        _kill(first)  # SIGKILL mid-stream: 15 of 240 records a batch, so most are still to come
    assert len(values()) < N
    second = _start(mode, broker, src, checkpoint, dest)
    try:
        _wait(lambda: len(values()) >= N, second)
        time.sleep(0.5)  # any duplicate batch would show up after the last record
    finally:
        _kill(second)
    got = values()
    assert sorted(got) == sorted(f"R{i}" for i in range(N))
