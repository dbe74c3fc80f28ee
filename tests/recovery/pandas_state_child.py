"""An applyInPandasWithState query run as a child process by tests/recovery/test_pandas_state_kill.py,
which SIGKILLs it (at random moments or at named crash points) and restarts it on the same checkpoint.

usage: pandas_state_child.py SRC CHECKPOINT OUT
Lines "key,time" -> sessions per key closed by an event-time timeout (10 seconds after the
key's last event; watermark delay 5 seconds), append mode -> foreachBatch writes
OUT/<batch_id>.json atomically (overwritten if the batch re-runs). Every batch also emits
each key's running count, so the state of every key is visible in the output.
Input files are read one per micro-batch; a state snapshot every 2 versions.
"""

from __future__ import annotations

import json
import os
import sys

import pandas as pd

from rillet.sql import SparkSession
from rillet.sql import functions as F
from rillet.sql.streaming.state import GroupStateTimeout


def session(key, pdfs, state):
    if state.hasTimedOut:
        count, first, last = state.get
        state.remove()
        yield pd.DataFrame({"k": [key[0]], "kind": ["closed"], "count": [count], "first": [first], "last": [last]})
        return
    rows = pd.concat(list(pdfs))
    ms = rows["t"].astype("int64") // 1_000_000
    count, first, last = len(rows), int(ms.min()), int(ms.max())
    if state.exists:
        old_count, old_first, old_last = state.get
        count, first, last = count + old_count, min(first, old_first), max(last, old_last)
    state.update((count, first, last))
    state.setTimeoutTimestamp(max(last + 10_000, state.getCurrentWatermarkMs()))
    yield pd.DataFrame({"k": [key[0]], "kind": ["open"], "count": [count], "first": [first], "last": [last]})


def main() -> None:
    src, checkpoint, out = sys.argv[1:4]
    spark = (SparkSession.builder.config("spark.ui.enabled", "false")
             .config("spark.sql.streaming.stateStore.minDeltasForSnapshot", "2")
             .config("spark.sql.streaming.minBatchesToRetain", "3").getOrCreate())
    lines = spark.readStream.option("maxFilesPerTrigger", 1).text(src)
    parts = F.split("value", ",")
    rows = lines.select(parts.getItem(0).alias("k"), parts.getItem(1).cast("timestamp").alias("t"))
    df = rows.withWatermark("t", "5 seconds").groupBy("k").applyInPandasWithState(
        session, "k string, kind string, count long, first long, last long", "count long, first long, last long",
        "append", GroupStateTimeout.EventTimeTimeout,
    )

    def write(batch, batch_id: int) -> None:
        data = json.dumps(sorted([list(r) for r in batch.collect()]))
        tmp = os.path.join(out, f".{batch_id}.tmp")
        with open(tmp, "w") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, os.path.join(out, f"{batch_id}.json"))

    q = (df.writeStream.outputMode("append").option("checkpointLocation", checkpoint)
         .trigger(availableNow=True).foreachBatch(write).start())
    q.awaitTermination()


if __name__ == "__main__":
    main()
