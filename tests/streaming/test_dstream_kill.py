"""A DStream program with ``ssc.checkpoint`` survives SIGKILL: restarted with ``getOrCreate``
on the same folder, it re-runs the killed batch on the state of the batch before, and its
output (running counts, a sliding window with an inverse function) is that of a run that
was never killed."""

from __future__ import annotations

import json
import os
import pathlib
import signal
import subprocess
import sys
from typing import Any

CHILD = pathlib.Path(__file__).with_name("dstream_child.py")
ROOT = str(pathlib.Path(__file__).resolve().parents[2])


def run_child(tmp: pathlib.Path, name: str, *extra: str) -> int:
    env = {**os.environ, "PYTHONPATH": ROOT}
    args = [sys.executable, str(CHILD), str(tmp / name / "ckpt"), str(tmp / name / "in"),
            str(tmp / name / "out.jsonl"), "8", *extra]
    (tmp / name / "in").mkdir(parents=True, exist_ok=True)
    return subprocess.run(args, env=env, timeout=180).returncode


def outputs(path: pathlib.Path) -> list[tuple[int, str, Any]]:
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    return [(r["t"], r["name"], r["rows"]) for r in rows]


def test_sigkill_mid_batch_then_get_or_create_gives_the_uninterrupted_output(tmp_path: pathlib.Path) -> None:
    assert run_child(tmp_path, "clean") == 0
    assert run_child(tmp_path, "killed", "4000") == -signal.SIGKILL
    before = outputs(tmp_path / "killed" / "out.jsonl")
    assert max(t for t, _, _ in before) == 3000  # killed in batch 4, before its output
    assert run_child(tmp_path, "killed") == 0
    clean = outputs(tmp_path / "clean" / "out.jsonl")
    assert outputs(tmp_path / "killed" / "out.jsonl") == clean
    assert [t for t, name, _ in clean if name == "state"] == [t * 1000 for t in range(1, 9)]
