"""An applyInPandasWithState (or transformWithStateInPandas) query run as a child process by
tests/recovery/test_pandas_state_kill.py, which SIGKILLs it (at random moments or at named
crash points) and restarts it on the same checkpoint.

usage: pandas_state_child.py SRC CHECKPOINT OUT [pandas|tws]
Lines "key,time" -> sessions per key closed by an event-time timeout (10 seconds after the
key's last event; watermark delay 5 seconds) -- with ``tws``, by an event-time timer of a
StatefulProcessor keeping the session in value state and its event times in list state --
append mode -> foreachBatch writes
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
from rillet.sql.streaming.stateful_processor import StatefulProcessor


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


class Sessions(StatefulProcessor):
    """The same sessions with Spark 4's API: value + list state, one event-time timer per key."""

    def init(self, handle):
        self.handle = handle
        self.session = handle.getValueState("session", "count long, first long, last long")
        self.times = handle.getListState("times", "ms long")

    def handleInputRows(self, key, rows, timerValues):
        ms = [int(v) // 1_000_000 for p in rows for v in p["t"].astype("int64")]
        count, first, last = len(ms), min(ms), max(ms)
        old = self.session.get()
        if old is not None:
            count, first, last = count + int(old[0]), min(first, int(old[1])), max(last, int(old[2]))
        self.session.update((count, first, last))
        self.times.appendList([(m,) for m in ms])
        for t in list(self.handle.listTimers()):
            self.handle.deleteTimer(t)
        self.handle.registerTimer(max(last + 10_000, timerValues.getCurrentWatermarkInMs() + 1))
        yield pd.DataFrame({"k": [key[0]], "kind": ["open"], "count": [count], "first": [first], "last": [last]})

    def handleExpiredTimer(self, key, timerValues, expiredTimerInfo):
        count, first, last = (int(v) for v in self.session.get())
        seen = len(list(self.times.get()))
        self.session.clear()
        self.times.clear()
        yield pd.DataFrame({"k": [key[0]], "kind": [f"closed after {seen}"], "count": [count], "first": [first],
                            "last": [last]})


def main() -> None:
    src, checkpoint, out = sys.argv[1:4]
    api = sys.argv[4] if len(sys.argv) > 4 else "pandas"
    spark = (SparkSession.builder.config("spark.ui.enabled", "false")
             .config("spark.sql.streaming.stateStore.minDeltasForSnapshot", "2")
             .config("spark.sql.streaming.minBatchesToRetain", "3").getOrCreate())
    lines = spark.readStream.option("maxFilesPerTrigger", 1).text(src)
    parts = F.split("value", ",")
    rows = lines.select(parts.getItem(0).alias("k"), parts.getItem(1).cast("timestamp").alias("t"))
    grouped = rows.withWatermark("t", "5 seconds").groupBy("k")
    out_schema = "k string, kind string, count long, first long, last long"
    if api == "tws":
        df = grouped.transformWithStateInPandas(Sessions(), out_schema, "Append", "EventTime")
    else:
        df = grouped.applyInPandasWithState(
            session, out_schema, "count long, first long, last long", "append", GroupStateTimeout.EventTimeTimeout,
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
