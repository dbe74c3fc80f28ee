"""SIGKILL an applyInPandasWithState query (sessions with pending event-time timeouts) -- and
the same sessions in transformWithStateInPandas (value and list state, pending event-time
timers) -- at random moments and between the state commit and the commit log, restart it on
the same checkpoint: every batch's output equals an uninterrupted run's, so every key's state
and every pending timeout / timer was resumed exactly once."""

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

CHILD = os.path.join(os.path.dirname(__file__), "pandas_state_child.py")


def _make_input(folder, files: int, seed: int) -> None:
    """Events on 6 keys, time moving forward with jitter (some rows late, keys going quiet
    long enough for their sessions to time out)."""
    rng = random.Random(seed)
    base = 1_700_000_000
    for i in range(files):
        lines = []
        for _ in range(rng.randint(1, 8)):
            t = base + i * 4 + rng.randint(-6, 3)
            stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t))
            lines.append(f"k{rng.randint(0, 5) if i % 7 else rng.randint(0, 1)},{stamp}")
        name = f"part-{i:04d}.txt"
        write_file(folder, name, "\n".join(lines) + "\n")
        os.utime(os.path.join(folder, name), (base + i, base + i))


def _start(src, chk, out, api: str, crash: str | None = None) -> subprocess.Popen:
    env = dict(os.environ)
    env.pop("RILLET_TEST_CRASH_AT", None)
    if crash:
        env["RILLET_TEST_CRASH_AT"] = crash
    return subprocess.Popen([sys.executable, CHILD, str(src), str(chk), str(out), api], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _finish(proc: subprocess.Popen, allow_kill: bool) -> int:
    try:
        code = proc.wait(180)
        err = proc.stderr.read().decode() if proc.stderr else ""
        assert code == 0 or (allow_kill and code == -signal.SIGKILL), f"child failed ({code}):\n{err}"
        return code
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        if proc.stderr:
            proc.stderr.close()


def _random_kills(src, chk, out, api: str, kills: int, seed: int) -> int:
    """Run the child, SIGKILL it ``kills`` times once it made progress, then let it finish."""
    rng = random.Random(seed)
    killed = 0
    while True:
        proc = _start(src, chk, out, api)
        if killed < kills:
            deadline = time.monotonic() + 60
            target = len(os.listdir(out)) + rng.randint(1, 3)
            while time.monotonic() < deadline and proc.poll() is None and len(os.listdir(out)) < target:
                time.sleep(0.005)
            time.sleep(rng.random() * 0.05)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                _finish(proc, allow_kill=True)
                killed += 1
                continue
        _finish(proc, allow_kill=False)
        return killed


def _crash_at(src, chk, out, api: str, points: list[str]) -> None:
    """One run per crash point (each dies there), then a run to the end."""
    for point in points:
        assert _finish(_start(src, chk, out, api, crash=point), allow_kill=True) == -signal.SIGKILL
    _finish(_start(src, chk, out, api), allow_kill=False)


def _batches(out) -> dict[int, list]:
    return {int(n.split(".")[0]): json.loads((out / n).read_text()) for n in os.listdir(out) if n.endswith(".json")}


@pytest.mark.parametrize("seed", [7])
@pytest.mark.parametrize("api", ["pandas", "tws"])
def test_sessions_with_pending_timeouts_survive_sigkill(tmp_path, seed, api):
    src = tmp_path / "in"
    _make_input(src, files=24, seed=seed)
    results = {}
    for name in ("clean", "random", "points"):
        chk, out = tmp_path / f"chk-{name}", tmp_path / f"out-{name}"
        os.makedirs(out)
        if name == "clean":
            _finish(_start(src, chk, out, api), allow_kill=False)
        elif name == "random":
            assert _random_kills(src, chk, out, api, kills=3, seed=seed) >= 1
        else:
            _crash_at(src, chk, out, api, ["after_state_commit:3", "after_state_commit:4"])
        results[name] = _batches(out)
    clean = results["clean"]
    closed = [r for rows in clean.values() for r in rows if r[1].startswith("closed")]
    assert closed, "some sessions were closed by their timeout"
    assert any(rows for b, rows in clean.items() if b > 0)
    assert results["random"] == clean
    assert results["points"] == clean
