"""SIGKILL a query writing a Delta table at random moments, restart it on the same
checkpoint, and prove the table (read with ``deltalake``) equals an uninterrupted run:
Delta's transaction ids (query id, batch id) make a re-run batch write nothing twice."""

from __future__ import annotations

import json
import os
import random
import sys

import pytest
from helpers import run_with_kills, write_file

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
    return run_with_kills([sys.executable, CHILD, mode, str(src), str(chk), str(table)],
                          lambda: _version(table), kills, seed)


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
