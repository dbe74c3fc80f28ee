"""A stateful query run as a child process by tests/recovery/test_state_kills.py, which
kills it at named points (``RILLET_TEST_CRASH_AT``, see rillet.engine.faults) or at
random moments, and restarts it on the same checkpoint.

usage: state_child.py MODE SRC CHECKPOINT OUT
  MODE=agg:   lines "key,amount" -> groupBy(key) count + sum, update mode -> foreachBatch
              writes OUT/<batch_id>.json (atomically; the crash point ``in_sink`` is
              half-way through writing it)
  MODE=dedup: lines "key,amount" -> dropDuplicates(key), append mode -> parquet file sink OUT
Input files are read one per micro-batch; a snapshot every 2 state versions;
``STATE_CHILD_MAX_MEMORY`` sets ``spark.rillet.stateStore.maxMemoryBytes`` (spills),
``STATE_CHILD_FSYNC`` sets ``spark.rillet.checkpoint.fsync``.
"""

from __future__ import annotations

import json
import os
import sys

from rillet.engine.faults import crash_point
from rillet.sql import SparkSession
from rillet.sql import functions as F


def main() -> None:
    mode, src, checkpoint, out = sys.argv[1:5]
    builder = (SparkSession.builder.config("spark.ui.enabled", "false")
               .config("spark.sql.streaming.stateStore.minDeltasForSnapshot", "2")
               .config("spark.sql.streaming.minBatchesToRetain", "3"))
    if os.environ.get("STATE_CHILD_FSYNC"):
        builder = builder.config("spark.rillet.checkpoint.fsync", os.environ["STATE_CHILD_FSYNC"])
    if os.environ.get("STATE_CHILD_MAX_MEMORY"):
        builder = builder.config("spark.rillet.stateStore.maxMemoryBytes", os.environ["STATE_CHILD_MAX_MEMORY"])
    spark = builder.getOrCreate()
    lines = spark.readStream.option("maxFilesPerTrigger", 1).text(src)
    parts = F.split("value", ",")
    rows = lines.select(parts.getItem(0).alias("key"), parts.getItem(1).cast("long").alias("amount"))
    if mode == "agg":
        df = rows.groupBy("key").agg(F.count("*").alias("n"), F.sum("amount").alias("total"))

        def write(batch, batch_id: int) -> None:
            data = json.dumps([list(r) for r in batch.collect()]).encode()
            tmp = os.path.join(out, f".{batch_id}.tmp")
            with open(tmp, "wb") as f:
                f.write(data[: len(data) // 2])
                f.flush()
                crash_point("in_sink")
                f.write(data[len(data) // 2:])
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, os.path.join(out, f"{batch_id}.json"))

        q = (df.writeStream.outputMode("update").option("checkpointLocation", checkpoint)
             .trigger(availableNow=True).foreachBatch(write).start())
    else:
        q = (rows.dropDuplicates(["key"]).writeStream.format("parquet").outputMode("append")
             .option("checkpointLocation", checkpoint).option("path", out)
             .trigger(availableNow=True).start())
    q.awaitTermination()


if __name__ == "__main__":
    main()
