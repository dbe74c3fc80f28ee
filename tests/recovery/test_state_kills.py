"""SIGKILL a stateful query at named points -- inside the sink write, between the state
commit and the commit log, during a background state snapshot -- and at random moments,
restart it on the same checkpoint, and check the output equals a run with no crash:
no row lost, none doubled.

``RILLET_KILL_CYCLES=300 pytest tests/recovery/test_state_kills.py -k cycles`` runs
hundreds of kill/restart cycles (the default keeps the suite short).
"""

from __future__ import annotations

import collections
import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from helpers import write_file

CHILD = os.path.join(os.path.dirname(__file__), "state_child.py")
POINTS = ("in_sink", "after_state_commit", "during_snapshot")


def _make_input(folder, files: int, seed: int, keys: int = 40) -> list[tuple[str, int]]:
    """``files`` files of "key,amount" lines, mtimes increasing so they are read in order."""
    rng = random.Random(seed)
    rows: list[tuple[str, int]] = []
    for i in range(files):
        chunk = [(f"k{rng.randrange(keys)}", rng.randint(-50, 50)) for _ in range(rng.randint(1, 12))]
        rows.extend(chunk)
        name = f"part-{i:05d}.txt"
        write_file(folder, name, "".join(f"{k},{a}\n" for k, a in chunk))
        os.utime(os.path.join(folder, name), (1_700_000_000 + i, 1_700_000_000 + i))
    return rows


def _start(mode: str, src, chk, out, crash: str | None = None, max_memory: str | None = None,
           fsync: str | None = None) -> subprocess.Popen:
    env = dict(os.environ)
    env.pop("RILLET_TEST_CRASH_AT", None)
    if fsync:
        env["STATE_CHILD_FSYNC"] = fsync
    if crash:
        env["RILLET_TEST_CRASH_AT"] = crash
    if max_memory:
        env["STATE_CHILD_MAX_MEMORY"] = max_memory
    return subprocess.Popen([sys.executable, CHILD, mode, str(src), str(chk), str(out)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait(proc: subprocess.Popen) -> int:
    try:
        code = proc.wait(120)
        err = proc.stderr.read().decode() if proc.stderr else ""
        if code not in (0, -signal.SIGKILL):
            raise AssertionError(f"child failed ({code}):\n{err}")
        return code
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        if proc.stderr:
            proc.stderr.close()


def _finish(mode: str, src, chk, out) -> None:
    assert _wait(_start(mode, src, chk, out)) == 0


def _final_counts(out) -> dict[str, list]:
    """Update mode: a later batch's row for a key supersedes an earlier one."""
    final: dict[str, list] = {}
    batches = {int(n.split(".")[0]): n for n in os.listdir(out) if n.endswith(".json")}
    for batch_id in sorted(batches):
        for key, n, total in json.loads((out / batches[batch_id]).read_text()):
            final[key] = [n, total]
    return final


def _expected_counts(rows: list[tuple[str, int]]) -> dict[str, list]:
    out: dict[str, list] = {}
    for k, a in rows:
        n, total = out.get(k, [0, 0])
        out[k] = [n + 1, total + a]
    return out


@pytest.mark.parametrize("point,nth", [("in_sink", 3), ("after_state_commit", 4), ("during_snapshot", 2)])
def test_kill_at_a_named_point_then_restart_loses_and_doubles_nothing(tmp_path, point, nth):
    src, chk, out = tmp_path / "in", tmp_path / "chk", tmp_path / "out"
    os.makedirs(out)
    rows = _make_input(src, files=10, seed=nth)
    assert _wait(_start("agg", src, chk, out, crash=f"{point}:{nth}")) == -signal.SIGKILL
    state = chk / "state" / "0"
    if point == "during_snapshot":  # the torn snapshot is only a temp file, never a version
        assert [n for n in os.listdir(state) if n.endswith(".tmp") and ".snapshot." in n]
    if point == "after_state_commit":  # state version N is durable, commits/N is not
        assert len(os.listdir(chk / "commits")) < len([n for n in os.listdir(state) if n.endswith(".delta")])
    _finish("agg", src, chk, out)
    assert _final_counts(out) == _expected_counts(rows)


def test_dedup_to_a_file_sink_survives_random_kills(tmp_path, spark):
    src, chk, out = tmp_path / "in", tmp_path / "chk", tmp_path / "out"
    rows = _make_input(src, files=16, seed=11, keys=30)
    rng = random.Random(11)
    log = out / "_spark_metadata"
    kills = 0
    for _ in range(3):  # after some progress, kill at a random moment: often inside the sink's write
        proc = _start("dedup", src, chk, out)
        target = (len(os.listdir(log)) if log.exists() else 0) + rng.randint(1, 3)
        deadline = time.monotonic() + 30
        while proc.poll() is None and time.monotonic() < deadline and (
            not log.exists() or len(os.listdir(log)) < target
        ):
            time.sleep(0.005)
        time.sleep(rng.random() * 0.05)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        kills += _wait(proc) == -signal.SIGKILL
    assert kills >= 1
    _finish("dedup", src, chk, out)
    first: dict[str, int] = {}
    for k, a in rows:
        first.setdefault(k, a)
    got = [(r["key"], r["amount"]) for r in spark.read.parquet(str(out)).collect()]
    assert collections.Counter(got) == collections.Counter(first.items())


def test_many_kill_restart_cycles(tmp_path):
    cycles = int(os.environ.get("RILLET_KILL_CYCLES", "10"))
    src, chk, out = tmp_path / "in", tmp_path / "chk", tmp_path / "out"
    os.makedirs(out)
    rows = _make_input(src, files=3 * cycles + 4, seed=cycles)
    rng = random.Random(cycles)
    kills = launches = 0
    while kills < cycles:
        crash = f"{rng.choice(POINTS)}:{rng.randint(1, 3)}"
        launches += 1
        # fsyncs on or off: a killed process loses nothing either way (they only matter for power loss)
        code = _wait(_start("agg", src, chk, out, crash=crash, max_memory=rng.choice([None, "1"]),
                            fsync=rng.choice(["true", "false"])))
        if code == 0:  # everything was processed before the crash point came
            break
        kills += 1
    _finish("agg", src, chk, out)
    print(f"{kills} kills in {launches} launches")
    assert kills >= min(cycles, 3)
    assert _final_counts(out) == _expected_counts(rows)
