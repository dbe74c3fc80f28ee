"""SIGKILL a query writing a file sink at random moments, restart it on the same checkpoint,
and prove the sink folder, read through its ``_spark_metadata`` manifest, holds every input
row exactly once; files of killed batches, which no reader sees, are deleted on restart."""

from __future__ import annotations

import collections
import os
import random
import sys

import pyarrow.parquet as pq
import pytest
from helpers import run_with_kills, write_file

from rillet.connectors.files.manifest import files_for_read

# The query run in the child process: text files -> (value, bucket) -> parquet file sink
# partitioned by bucket, one input file per micro-batch, until the backlog is done.
CHILD = """
import sys
from rillet.sql import SparkSession, functions as F

src, chk, out, fmt = sys.argv[1:5]
spark = SparkSession.builder.config("spark.ui.enabled", "false").getOrCreate()
spark.conf.set("spark.sql.streaming.fileSink.log.compactInterval", "4")
lines = spark.readStream.option("maxFilesPerTrigger", 1).text(src)
rows = lines.select("value", (F.length("value") % 3).alias("bucket"))
q = (rows.writeStream.format(fmt).partitionBy("bucket").option("checkpointLocation", chk)
     .trigger(availableNow=True).start(out))
q.awaitTermination()
"""


def _make_input(folder, files: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    lines = []
    for i in range(files):
        chunk = [f"f{i}-l{j}-" + "x" * rng.randint(0, 40) for j in range(rng.randint(50, 400))]
        lines.extend(chunk)
        write_file(folder, f"part-{i:04d}.txt", "\n".join(chunk) + "\n")
        os.utime(os.path.join(folder, f"part-{i:04d}.txt"), (1_700_000_000 + i, 1_700_000_000 + i))
    return lines


def _committed(out) -> int:
    meta = os.path.join(out, "_spark_metadata")
    return len([n for n in os.listdir(meta) if n[0].isdigit()]) if os.path.isdir(meta) else 0


def _run_with_kills(src, chk, out, fmt: str, kills: int, seed: int) -> int:
    """Run the child to the end, SIGKILLing it ``kills`` times at random moments."""
    return run_with_kills([sys.executable, "-c", CHILD, str(src), str(chk), str(out), fmt],
                          lambda: _committed(out), kills, seed, settle=0.03)


@pytest.mark.parametrize("seed", [11, 12])
def test_parquet_sink_holds_every_row_exactly_once_after_sigkills(spark, tmp_path, seed):
    src, chk, out = tmp_path / "in", tmp_path / "chk", tmp_path / "out"
    lines = _make_input(src, files=30, seed=seed)
    kills = _run_with_kills(src, chk, out, "parquet", kills=4, seed=seed)
    assert kills >= 1
    committed = files_for_read(str(out))
    assert committed is not None
    # read the manifest's files directly ...
    produced = [v for f in committed for v in pq.read_table(f).column("value").to_pylist()]
    assert collections.Counter(produced) == collections.Counter(lines)
    # ... and through rillet's reader, which honours the manifest
    assert collections.Counter(r.value for r in spark.read.parquet(str(out)).collect()) == collections.Counter(lines)
    # the files of killed batches were deleted on restart: the folder holds only committed files
    on_disk = {os.path.join(root, n) for root, _, names in os.walk(out) for n in names if n.startswith("part-")}
    assert on_disk == set(committed)
    # every committed file sits in the folder of its rows' bucket
    for f in committed:
        bucket = int(os.path.basename(os.path.dirname(f)).split("=")[1])
        assert {len(v) % 3 for v in pq.read_table(f).column("value").to_pylist()} == {bucket}


def test_json_sink_holds_every_row_exactly_once_after_sigkills(tmp_path):
    src, chk, out = tmp_path / "in", tmp_path / "chk", tmp_path / "out"
    lines = _make_input(src, files=20, seed=21)
    kills = _run_with_kills(src, chk, out, "json", kills=3, seed=21)
    assert kills >= 1
    import json

    produced = [json.loads(line)["value"] for f in files_for_read(str(out)) or []
                for line in open(f, encoding="utf-8").read().splitlines()]
    assert collections.Counter(produced) == collections.Counter(lines)
