"""``rillet.streaming``: the twin of ``pyspark.streaming`` (StreamingContext and DStreams) on the engine."""

from __future__ import annotations

from rillet.streaming.context import StreamingContext
from rillet.streaming.dstream import DStream
from rillet.streaming.rdd import RDD
from rillet.streaming.spark_context import Accumulator, Broadcast, SparkConf, SparkContext

__all__ = ["StreamingContext", "DStream", "RDD", "SparkContext", "SparkConf", "Broadcast", "Accumulator"]
