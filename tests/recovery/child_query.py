"""A streaming query run as a separate process by the recovery tests (so it can be SIGKILLed).

usage: child_query.py MODE SRC CHECKPOINT OUT
  MODE=counts: word counts (update mode) -> foreachBatch writes OUT/<batch_id>.json
  MODE=lines:  the lines themselves (append mode) -> foreachBatch writes OUT/<batch_id>.json
  MODE=join:   lines "L,key,time" / "R,key,time" split into two streams, left outer
               stream-stream join within 10 seconds (append mode) -> OUT/<batch_id>.json
Each batch's file is written atomically and overwritten if the batch is re-run,
which is how a foreachBatch function makes its output idempotent by batch id.
"""

from __future__ import annotations

import json
import os
import sys

from rillet.sql import SparkSession
from rillet.sql import functions as F


def main() -> None:
    mode, src, checkpoint, out = sys.argv[1:5]
    spark = SparkSession.builder.config("spark.ui.enabled", "false").getOrCreate()
    lines = spark.readStream.option("maxFilesPerTrigger", 1).text(src)
    if mode == "counts":
        df = lines.select(F.explode(F.split("value", " ")).alias("word")).groupBy("word").count()
        output_mode = "update"
    elif mode == "join":
        parts = F.split("value", ",")
        rows = lines.select(parts[0].alias("side"), parts[1].alias("k"), parts[2].cast("timestamp").alias("t"))
        left = rows.filter("side = 'L'").select("k", "t").withWatermark("t", "5 seconds")
        right = (rows.filter("side = 'R'").select(F.col("k").alias("rk"), F.col("t").alias("rt"))
                 .withWatermark("rt", "5 seconds"))
        cond = F.expr("k = rk AND rt >= t AND rt <= t + interval 10 seconds")
        df = left.join(right, cond, "left").select("k", F.col("t").cast("string"), F.col("rt").cast("string"))
        output_mode = "append"
    else:
        df = lines
        output_mode = "append"

    def write(batch, batch_id: int) -> None:
        rows = [list(r) for r in batch.collect()]
        tmp = os.path.join(out, f".{batch_id}.tmp")
        with open(tmp, "w") as f:
            json.dump(rows, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, os.path.join(out, f"{batch_id}.json"))

    q = (df.writeStream.outputMode(output_mode).option("checkpointLocation", checkpoint)
         .trigger(availableNow=True).foreachBatch(write).start())
    q.awaitTermination()


if __name__ == "__main__":
    main()
