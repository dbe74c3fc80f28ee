"""Structured Streaming API: readers, writers, queries."""

from rillet.engine.progress import StreamingQueryProgress
from rillet.sql.streaming.listener import StreamingQueryListener
from rillet.sql.streaming.query import StreamingQuery, StreamingQueryManager
from rillet.sql.streaming.readwriter import DataStreamReader, DataStreamWriter

__all__ = [
    "DataStreamReader",
    "DataStreamWriter",
    "StreamingQuery",
    "StreamingQueryListener",
    "StreamingQueryManager",
    "StreamingQueryProgress",
]
