"""A Kafka streaming query run as a separate process by the SIGKILL test.

usage: child_kafka_query.py MODE BOOTSTRAP SRC_TOPIC CHECKPOINT DEST
  MODE=kafka: upper-cased values -> Kafka topic DEST with the exactly-once sink
  MODE=files: the values -> foreachBatch writes DEST/<batch_id>.json (atomic, overwritten on re-run)
Small batches (maxOffsetsPerTrigger) and a processing-time trigger, so the parent can kill it
mid-stream; it runs until killed.
"""

from __future__ import annotations

import json
import os
import sys

from rillet.sql import SparkSession


def main() -> None:
    mode, bootstrap, src, checkpoint, dest = sys.argv[1:6]
    spark = SparkSession.builder.config("spark.ui.enabled", "false").getOrCreate()
    df = (spark.readStream.format("kafka").option("kafka.bootstrap.servers", bootstrap).option("subscribe", src)
          .option("startingOffsets", "earliest").option("maxOffsetsPerTrigger", 15).load()
          .selectExpr("key", "upper(CAST(value AS STRING)) AS value"))
    w = df.writeStream.option("checkpointLocation", checkpoint).trigger(processingTime="50 milliseconds")
    if mode == "kafka":
        q = (w.format("kafka").option("kafka.bootstrap.servers", bootstrap).option("topic", dest)
             .option("exactlyOnce", "true").start())
    else:
        def write(batch, batch_id: int) -> None:
            rows = [r.value for r in batch.collect()]
            tmp = os.path.join(dest, f".{batch_id}.tmp")
            with open(tmp, "w") as f:
                json.dump(rows, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, os.path.join(dest, f"{batch_id}.json"))

        q = w.foreachBatch(write).start()
    q.awaitTermination()


if __name__ == "__main__":
    main()
