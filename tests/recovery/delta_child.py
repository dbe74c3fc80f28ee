"""A streaming query into a Delta table, run as a separate process by test_delta_kill.py
(so it can be SIGKILLed mid-batch).

usage: delta_child.py MODE SRC CHECKPOINT TABLE
  MODE=append:   text lines -> (value, bucket) appended to TABLE, partitioned by bucket
  MODE=complete: word counts -> TABLE overwritten each batch (complete mode)
One input file per micro-batch, until the backlog is done (availableNow).
"""

from __future__ import annotations

import sys

from rillet.sql import SparkSession
from rillet.sql import functions as F


def main() -> None:
    mode, src, checkpoint, table = sys.argv[1:5]
    spark = SparkSession.builder.config("spark.ui.enabled", "false").getOrCreate()
    lines = spark.readStream.option("maxFilesPerTrigger", 1).text(src)
    if mode == "complete":
        words = lines.select(F.explode(F.split("value", " ")).alias("word"))
        writer = words.groupBy("word").count().writeStream.outputMode("complete")
    else:
        rows = lines.select("value", (F.length("value") % 3).alias("bucket"))
        writer = rows.writeStream.outputMode("append").partitionBy("bucket")
    q = (writer.format("delta").option("checkpointLocation", checkpoint)
         .trigger(availableNow=True).start(table))
    q.awaitTermination()


if __name__ == "__main__":
    main()
