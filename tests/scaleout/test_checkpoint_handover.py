"""Moving a running stateless query: rillet -> Spark -> rillet on one checkpoint and one file sink.

Both engines write the same checkpoint formats (``metadata``, ``offsets/N``,
``commits/N``, the seen-files log ``sources/0/N`` with Spark's ``file:///`` URIs)
and the same ``_spark_metadata`` sink log, so each continues where the other
stopped: every input line reaches the sink exactly once.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
from scaleout.harness import submit

APP = Path(__file__).resolve().parent / "apps" / "files_to_parquet.py"


def add_file(folder: Path, i: int) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"part-{i}.txt"
    path.write_text(f"line {i} a\nline {i} b\n")
    os.utime(path, (1_700_000_000 + 10 * i,) * 2)
    return f"LINE {i} A"


def sink_lines(out: Path) -> Counter:
    lines: Counter = Counter()
    for path in (out / "sink").glob("*.parquet"):
        lines.update(pq.read_table(path).column("line").to_pylist())
    return lines


def test_a_file_query_moves_from_rillet_to_spark_and_back_with_every_row_once(java: None, tmp_path: Path):
    source, out = tmp_path / "in", tmp_path / "out"
    steps = [(0, ()), (1, ("--master", "local[1]")), (2, ())]  # rillet, then Spark, then rillet
    for i, master in steps:
        add_file(source, i)
        result = submit(*master, str(APP), str(source), str(out))
        if result.returncode != 0:  # not the expected failure: a run that fails is an error
            raise RuntimeError(f"step {i} failed: {result.stderr[-4000:]}")
    expected = Counter(f"LINE {i} {x}" for i, _ in steps for x in "AB")
    assert sink_lines(out) == expected
