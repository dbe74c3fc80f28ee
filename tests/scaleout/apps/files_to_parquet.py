"""A stateless file-source query for the checkpoint hand-over: ``python files_to_parquet.py INPUT OUTPUT``.

Reads the text files under INPUT (one per micro-batch), writes each line upper-cased
with its file name to the parquet sink OUTPUT/sink, checkpoint OUTPUT/checkpoint.
"""

import os
import sys

from rillet.sql import SparkSession
from rillet.sql import functions as F

source, out = sys.argv[1], sys.argv[2]
spark = SparkSession.builder.appName("handover").getOrCreate()
(spark.readStream.option("maxFilesPerTrigger", 1).text(source)
 .select(F.upper("value").alias("line"))
 .writeStream.format("parquet")
 .option("path", os.path.join(out, "sink"))
 .option("checkpointLocation", os.path.join(out, "checkpoint"))
 .trigger(availableNow=True).start().awaitTermination())
spark.stop()
