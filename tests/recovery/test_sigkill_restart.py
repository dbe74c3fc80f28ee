"""Kill a running query's process (SIGKILL) mid-stream, restart it on the same checkpoint:
the output must have every row exactly once."""

from __future__ import annotations

import collections
import json
import os
import random
import sys
import time

import pytest
from helpers import run_with_kills, write_file

CHILD = os.path.join(os.path.dirname(__file__), "child_query.py")
WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]


def _make_input(folder, files: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    lines = []
    for i in range(files):
        chunk = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 20))]
        lines.extend(chunk)
        write_file(folder, f"part-{i:04d}.txt", "\n".join(chunk) + "\n")
        os.utime(os.path.join(folder, f"part-{i:04d}.txt"), (1_700_000_000 + i, 1_700_000_000 + i))
    return lines


def _run_with_kills(mode: str, src, chk, out, kills: int, seed: int) -> int:
    """Run the child to the end, SIGKILLing it ``kills`` times once it has made progress."""
    return run_with_kills([sys.executable, CHILD, mode, str(src), str(chk), str(out)],
                          lambda: len(os.listdir(out)), kills, seed, timeout=120)


def _batches(out) -> dict[int, list]:
    return {int(n.split(".")[0]): json.loads((out / n).read_text()) for n in os.listdir(out) if n.endswith(".json")}


@pytest.mark.parametrize("seed", [1, 2])
def test_append_output_has_every_line_exactly_once(tmp_path, seed):
    src, chk, out = tmp_path / "in", tmp_path / "chk", tmp_path / "out"
    os.makedirs(out)
    lines = _make_input(src, files=25, seed=seed)
    kills = _run_with_kills("lines", src, chk, out, kills=3, seed=seed)
    assert kills >= 1
    produced = [row[0] for _, rows in sorted(_batches(out).items()) for row in rows]
    assert collections.Counter(produced) == collections.Counter(lines)
    assert len(produced) == len(lines)


@pytest.mark.parametrize("seed", [3, 4])
def test_stateful_counts_survive_sigkill(tmp_path, seed):
    src, chk, out = tmp_path / "in", tmp_path / "chk", tmp_path / "out"
    os.makedirs(out)
    lines = _make_input(src, files=25, seed=seed)
    kills = _run_with_kills("counts", src, chk, out, kills=3, seed=seed)
    assert kills >= 1
    final: dict[str, int] = {}
    for _, rows in sorted(_batches(out).items()):  # update mode: later batches supersede
        for word, count in rows:
            final[word] = count
    expected = collections.Counter(w for line in lines for w in line.split(" "))
    assert final == dict(expected)


def _make_join_input(folder, files: int, seed: int) -> None:
    """Impressions (L) and clicks (R) on 6 keys, event time moving forward with jitter,
    so rows arrive out of order, some late, and outer rows are emitted as time passes."""
    rng = random.Random(seed)
    base = 1_700_000_000
    for i in range(files):
        lines = []
        for _ in range(rng.randint(2, 12)):
            side = rng.choice("LR")
            t = base + i * 3 + rng.randint(-8, 4)
            stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t))
            lines.append(f"{side},k{rng.randint(0, 5)},{stamp}")
        write_file(folder, f"part-{i:04d}.txt", "\n".join(lines) + "\n")
        os.utime(os.path.join(folder, f"part-{i:04d}.txt"), (base + i, base + i))


@pytest.mark.parametrize("seed", [5])
def test_stream_stream_join_survives_sigkill(tmp_path, seed):
    """The same input through an uninterrupted run and a run killed 3 times: every batch's
    output (matches, and outer rows with NULLs) is identical."""
    src = tmp_path / "in"
    _make_join_input(src, files=30, seed=seed)
    results = []
    for name, kills in (("clean", 0), ("killed", 3)):
        chk, out = tmp_path / f"chk-{name}", tmp_path / f"out-{name}"
        os.makedirs(out)
        done = _run_with_kills("join", src, chk, out, kills=kills, seed=seed)
        assert done == kills
        results.append({b: sorted(map(tuple, rows)) for b, rows in _batches(out).items()})
    clean, killed = results
    assert any(rows for rows in clean.values())
    assert any(r[2] is None for rows in clean.values() for r in rows)  # outer rows were emitted
    assert killed == clean
