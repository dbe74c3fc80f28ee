"""The seed's word count and a windowed aggregation with a watermark, written against ``rillet.sql``.

``python wordcount_windows.py INPUT OUTPUT``: ``INPUT/text`` holds text files (one
micro-batch each), ``INPUT/events`` JSON lines ``{"ts", "sensor", "reading"}``.
Writes ``OUTPUT/wordcount/<batchId>.json`` (the complete counts after each batch,
from a foreachBatch callback) and ``OUTPUT/windows`` (a parquet file sink in
append mode: each 10-second window once the watermark has passed it). The same
file runs on rillet (``rillet submit app.py``) and on Apache Spark
(``rillet submit --master URL app.py``).
"""

import json
import os
import sys

from rillet.sql import SparkSession
from rillet.sql import functions as F
from rillet.sql import types as T

source, out = sys.argv[1], sys.argv[2]
spark = SparkSession.builder.appName("scaleout").config("spark.sql.session.timeZone", "UTC").getOrCreate()

# ---- 1. word count: file source -> a UDF -> counts -> foreachBatch writing JSON
clean = F.udf(lambda w: w.lower().strip(".,;:!?"), T.StringType())
lines = spark.readStream.option("maxFilesPerTrigger", 1).text(os.path.join(source, "text"))
words = lines.select(F.explode(F.split(F.col("value"), r"\s+")).alias("raw")).select(clean("raw").alias("word"))
counts = words.where(F.length("word") > 0).groupBy("word").count()
os.makedirs(os.path.join(out, "wordcount"), exist_ok=True)


def save_counts(batch_df, batch_id):
    # refers to F: on Spark Connect this callback is pickled to the server, F with it
    rows = [(r["word"], r["count"]) for r in batch_df.orderBy(F.col("word")).collect()]
    with open(os.path.join(out, "wordcount", f"{batch_id}.json"), "w", encoding="utf-8") as f:
        json.dump(rows, f)


(counts.writeStream.outputMode("complete").foreachBatch(save_counts)
 .option("checkpointLocation", os.path.join(out, "checkpoints", "wordcount"))
 .trigger(availableNow=True).start().awaitTermination())

# ---- 2. windowed aggregation with a watermark -> parquet file sink (append)
schema = T.StructType([
    T.StructField("ts", T.TimestampType()),
    T.StructField("sensor", T.StringType()),
    T.StructField("reading", T.LongType()),
])
events = spark.readStream.schema(schema).option("maxFilesPerTrigger", 1).json(os.path.join(source, "events"))
per_window = (
    events.withWatermark("ts", "10 seconds")
    .groupBy(F.window("ts", "10 seconds"), "sensor")
    .agg(F.count("*").alias("n"), F.sum("reading").alias("total"), F.max("reading").alias("peak"))
    .select(F.col("window.start").alias("start"), F.col("window.end").alias("end"), "sensor", "n", "total", "peak")
)
(per_window.writeStream.format("parquet").outputMode("append")
 .option("path", os.path.join(out, "windows"))
 .option("checkpointLocation", os.path.join(out, "checkpoints", "windows"))
 .trigger(availableNow=True).start().awaitTermination())
spark.stop()
