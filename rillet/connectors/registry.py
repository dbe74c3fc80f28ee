"""Format name -> source class. A new source is a new module plus one line here."""

from __future__ import annotations

from typing import Any

from rillet.connectors.delta import DeltaSink, DeltaSource, read_delta_batch, write_delta_batch
from rillet.connectors.files.manifest import FileSinkLogSource
from rillet.connectors.files.sink import (
    CsvStreamSink,
    JsonStreamSink,
    ParquetStreamSink,
    TextStreamSink,
    batch_file_writer,
)
from rillet.connectors.files.source import (
    CsvStreamSource,
    FileStreamSource,
    JsonStreamSource,
    OrcStreamSource,
    ParquetStreamSource,
)
from rillet.connectors.kafka import KafkaSink, KafkaSource, read_kafka_batch, write_kafka_batch
from rillet.connectors.kinesis import KinesisSink, KinesisSource, write_kinesis_batch
from rillet.connectors.rate import RatePerMicroBatchSource, RateSource
from rillet.connectors.socket import SocketSource
from rillet.errors import AnalysisException

SOURCES: dict[str, Any] = {
    "socket": SocketSource,
    "rate": RateSource,
    "rate-micro-batch": RatePerMicroBatchSource,
    "text": FileStreamSource,
    "csv": CsvStreamSource,
    "json": JsonStreamSource,
    "parquet": ParquetStreamSource,
    "orc": OrcStreamSource,
    "kafka": KafkaSource,
    "kinesis": KinesisSource,
    "delta": DeltaSource,
    # the committed files of a file sink (``readStream.table`` of a ``toTable`` table)
    FileSinkLogSource.name: FileSinkLogSource,
}

# Sinks built into DataStreamWriter itself (they need the session or a callback).
BUILTIN_SINKS = ("console", "memory", "foreachBatch", "foreach", "noop")

# Format name -> sink class constructed as ``cls(SinkContext)``. A new sink is a new
# module plus one line here.
SINKS: dict[str, Any] = {
    "kafka": KafkaSink,
    "kinesis": KinesisSink,
    "delta": DeltaSink,
    "parquet": ParquetStreamSink,
    "csv": CsvStreamSink,
    "json": JsonStreamSink,
    "text": TextStreamSink,
}

# Format name -> ``fn(table: pa.Table, ctx: SinkContext, mode: str) -> None`` for the batch
# ``df.write.format(name).mode(mode).save(path)``: ``ctx`` carries the options, the Arrow
# schema, ``path`` and ``partitionBy``; ``mode`` is one of append/overwrite/ignore/error.
# A new batch writer is one line here, e.g. ``"kafka": write_kafka_batch``.
BATCH_WRITERS: dict[str, Any] = {fmt: batch_file_writer(fmt) for fmt in ("parquet", "csv", "json", "text")}
BATCH_WRITERS["kafka"] = write_kafka_batch
BATCH_WRITERS["kinesis"] = write_kinesis_batch
BATCH_WRITERS["delta"] = write_delta_batch

# Format name -> ``fn(options) -> pa.Table`` for ``spark.read.format(name).load()`` of
# sources that are not files.
BATCH_READERS: dict[str, Any] = {"kafka": read_kafka_batch, "delta": read_delta_batch}


def sink_class(name: str) -> Any:
    cls = SINKS.get(name.lower())
    if cls is None:
        raise AnalysisException(
            errorClass="DATA_SOURCE_NOT_FOUND", messageParameters={"provider": name}
        )
    return cls


def source_class(name: str) -> Any:
    cls = SOURCES.get(name.lower())
    if cls is None:
        raise AnalysisException(
            errorClass="DATA_SOURCE_NOT_FOUND", messageParameters={"provider": name}
        )
    return cls


