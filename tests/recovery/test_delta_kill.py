"""SIGKILL a query writing a Delta table at random moments, restart it on the same
checkpoint, and prove the table (read with ``deltalake``) equals an uninterrupted run:
Delta's transaction ids (query id, batch id) make a re-run batch write nothing twice."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from helpers import write_file

deltalake = pytest.importorskip("deltalake")

CHILD = os.path.join(os.path.dirname(__file__), "delta_child.py")


def _make_input(folder, files: int, seed: int) -> None:
    rng = random.Random(seed)
    for i in range(files):
        chunk = [" ".join(f"w{rng.randint(0, 30)}" for _ in range(rng.randint(1, 6))) + f" l{i}-{j}"
                 for j in range(rng.randint(50, 300))]
        write_file(folder, f"part-{i:04d}.txt", "\n".join(chunk) + "\n")
        os.utime(os.path.join(folder, f"part-{i:04d}.txt"), (1_700_000_000 + i, 1_700_000_000 + i))


def _version(table) -> int:
    log = os.path.join(table, "_delta_log")
    if not os.path.isdir(log):
        return -1
    return max((int(n[:20]) for n in os.listdir(log) if n.endswith(".json")), default=-1)


def _run(mode: str, src, chk, table, kills: int, seed: int) -> int:
    """Run the child to the end, SIGKILLing it ``kills`` times at random moments after
    some progress; returns how many kills landed."""
    rng = random.Random(seed)
    killed = 0
    while True:
        proc = subprocess.Popen([sys.executable, CHILD, mode, str(src), str(chk), str(table)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            if killed < kills:
                deadline = time.monotonic() + 60
                target = _version(table) + rng.randint(1, 3)
                while time.monotonic() < deadline and proc.poll() is None and _version(table) < target:
                    time.sleep(0.002)
                time.sleep(rng.random() * 0.05)
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait(10)
                    killed += 1
                    continue
            code = proc.wait(180)
            err = proc.stderr.read().decode() if proc.stderr else ""
            assert code == 0, f"child failed ({code}):\n{err}"
            return killed
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
            if proc.stderr:
                proc.stderr.close()


def _rows(table) -> list[tuple]:
    data = deltalake.DeltaTable(str(table)).to_pyarrow_table()
    return sorted(tuple(r.values()) for r in data.to_pylist())


@pytest.mark.parametrize("mode", ["append", "complete"])
def test_sigkill_restart_equals_uninterrupted_run(tmp_path, mode):
    src = tmp_path / "src"
    _make_input(src, 14, seed=7)
    _run(mode, src, tmp_path / "chk_ref", tmp_path / "ref", kills=0, seed=0)
    killed = _run(mode, src, tmp_path / "chk", tmp_path / "out", kills=4, seed=11)
    assert killed >= 1
    expected = _rows(tmp_path / "ref")
    assert len(expected) > 0
    assert _rows(tmp_path / "out") == expected
    # every batch id committed exactly once by the killed-and-restarted query
    log = tmp_path / "out" / "_delta_log"
    txns = []
    for name in sorted(n for n in os.listdir(log) if n.endswith(".json")):
        with open(log / name) as f:
            txns += [json.loads(line)["txn"]["version"] for line in f if '"txn"' in line]
    # one Delta commit per batch id the checkpoint committed, each exactly once
    batches = [int(n) for n in os.listdir(tmp_path / "chk" / "commits") if n.isdigit()]
    assert txns == list(range(max(batches) + 1))
