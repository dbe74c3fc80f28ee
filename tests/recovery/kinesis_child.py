"""A Kinesis streaming query run as a separate process by test_kinesis_kill.py (so it can be SIGKILLed).

usage: kinesis_child.py MODE ENDPOINT STREAM CHECKPOINT OUT
  MODE=foreach: foreachBatch writes OUT/<batch_id>.json (rows [shardId, sequenceNumber, data]),
                atomically, overwriting the file of a re-run batch (idempotent by batch id)
  MODE=parquet: the parquet file sink writes OUT (exactly-once through its _spark_metadata log)
The query reads the stream from trim_horizon in small batches with trigger(availableNow=True).
"""

from __future__ import annotations

import json
import os
import sys

from rillet.sql import SparkSession


def main() -> None:
    mode, endpoint, stream, checkpoint, out = sys.argv[1:6]
    spark = SparkSession.builder.config("spark.ui.enabled", "false").getOrCreate()
    df = (spark.readStream.format("kinesis").option("streamName", stream).option("endpointUrl", endpoint)
          .option("region", "us-east-1").option("awsAccessKeyId", "testing").option("awsSecretKey", "testing")
          .option("initialPosition", "trim_horizon").option("maxRecordsPerFetch", 5)
          .option("maxFetchRecordsPerShard", 9).load()
          .selectExpr("shardId", "sequenceNumber", "CAST(data AS STRING) AS data"))
    writer = df.writeStream.option("checkpointLocation", checkpoint).trigger(availableNow=True)
    if mode == "parquet":
        q = writer.format("parquet").option("path", out).start()
    else:
        def write(batch, batch_id: int) -> None:
            rows = [list(r) for r in batch.collect()]
            tmp = os.path.join(out, f".{batch_id}.tmp")
            with open(tmp, "w") as f:
                json.dump(rows, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, os.path.join(out, f"{batch_id}.json"))

        q = writer.foreachBatch(write).start()
    q.awaitTermination()


if __name__ == "__main__":
    main()
