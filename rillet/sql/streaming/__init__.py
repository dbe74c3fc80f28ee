"""Structured Streaming API: readers, writers, queries (the twin of ``pyspark.sql.streaming``)."""

from rillet.engine.progress import StreamingQueryProgress
from rillet.errors import StreamingQueryException
from rillet.sql.streaming.listener import StreamingQueryListener
from rillet.sql.streaming.query import StreamingQuery, StreamingQueryManager
from rillet.sql.streaming.readwriter import DataStreamReader, DataStreamWriter
from rillet.sql.streaming.stateful_processor import StatefulProcessor, StatefulProcessorHandle

__all__ = [
    "DataStreamReader",
    "DataStreamWriter",
    "StatefulProcessor",
    "StatefulProcessorHandle",
    "StreamingQuery",
    "StreamingQueryException",
    "StreamingQueryListener",
    "StreamingQueryManager",
    "StreamingQueryProgress",
]
