"""Python data source streams: a stream writer runs as a task (``TaskContext.get()`` answers inside
``write``), a ``DataSourceStreamArrowWriter`` receives Arrow record batches, and a stream reader's
``reportLatestOffset`` defaults to ``None`` (PySpark 4.1+)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyarrow as pa

from rillet import TaskContext
from rillet.sql.datasource import (
    DataSource,
    DataSourceStreamArrowWriter,
    DataSourceStreamWriter,
    WriterCommitMessage,
)


@dataclass
class Seen(WriterCommitMessage):
    partition: int
    kinds: list[str]
    rows: int


def _source(writer_base: type, name: str) -> type:
    class Writer(writer_base):  # type: ignore[misc, valid-type]
        def __init__(self, path: str) -> None:
            self.path = path

        def write(self, iterator):  # type: ignore[no-untyped-def]
            items = list(iterator)
            rows = sum(i.num_rows if isinstance(i, pa.RecordBatch) else 1 for i in items)
            return Seen(TaskContext.get().partitionId(), sorted({type(i).__name__ for i in items}), rows)

        def commit(self, messages, batchId):  # type: ignore[no-untyped-def]  # noqa: N803
            m = messages[0]
            with open(f"{self.path}/{batchId}.json", "w") as f:
                json.dump({"partition": m.partition, "kinds": m.kinds, "rows": m.rows}, f)

    class Source(DataSource):
        @classmethod
        def name(cls) -> str:
            return name

        def streamWriter(self, schema, overwrite):  # type: ignore[no-untyped-def]
            return Writer(self.options["path"])

    return Source


def _run(spark, tmp_path, source: type) -> dict:
    spark.dataSource.register(source)
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("x\ny\nz\n")
    out = tmp_path / "out"
    out.mkdir()
    q = (spark.readStream.format("text").load(str(src)).writeStream.format(source.name())
         .option("checkpointLocation", str(tmp_path / "chk")).start(str(out)))
    try:
        q.processAllAvailable()
    finally:
        q.stop()
    assert TaskContext.get() is None  # only inside the task
    return json.loads((out / "0.json").read_text())


def test_arrow_stream_writer_receives_record_batches_in_a_task(spark, tmp_path):
    got = _run(spark, tmp_path, _source(DataSourceStreamArrowWriter, "conf_arrow_stream_writer"))
    assert got == {"partition": 0, "kinds": ["RecordBatch"], "rows": 3}


def test_row_stream_writer_sees_its_task_context(spark, tmp_path):
    got = _run(spark, tmp_path, _source(DataSourceStreamWriter, "conf_row_stream_writer"))
    assert got == {"partition": 0, "kinds": ["Row"], "rows": 3}


def test_stream_reader_reports_no_latest_offset_unless_it_tracks_one():
    from rillet.sql.datasource import DataSourceStreamReader

    class Reader(DataSourceStreamReader):
        def read(self, partition):  # type: ignore[no-untyped-def]
            return iter([])

    assert Reader().reportLatestOffset() is None
