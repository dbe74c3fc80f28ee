"""foreach(writer): Spark's open/process/close protocol, or a plain function of a row."""

from __future__ import annotations

import pytest
from helpers import write_file

from rillet.errors import StreamingQueryException


class Writer:
    def __init__(self, skip_epochs=()):
        self.calls = []
        self.skip = set(skip_epochs)

    def open(self, partition_id, epoch_id):
        self.calls.append(("open", partition_id, epoch_id))
        return epoch_id not in self.skip

    def process(self, row):
        self.calls.append(("process", row.value))

    def close(self, error):
        self.calls.append(("close", None if error is None else str(error)))


def test_writer_object_gets_open_process_close_per_batch(spark, tmp_path):
    writer = Writer(skip_epochs={1})
    q = spark.readStream.text(str(tmp_path)).writeStream.foreach(writer).start()
    write_file(tmp_path, "1.txt", "a\nb\n")
    q.processAllAvailable()
    write_file(tmp_path, "2.txt", "c\n")  # epoch 1: open() says it already has it
    q.processAllAvailable()
    assert writer.calls == [
        ("open", 0, 0), ("process", "a"), ("process", "b"), ("close", None),
        ("open", 0, 1), ("close", None),
    ]


def test_plain_function_gets_every_row(spark, tmp_path):
    seen = []
    q = spark.readStream.text(str(tmp_path)).writeStream.foreach(lambda row: seen.append(row.value)).start()
    write_file(tmp_path, "1.txt", "x\ny\n")
    q.processAllAvailable()
    assert seen == ["x", "y"]


def test_a_failing_process_closes_with_the_error_and_stops_the_query(spark, tmp_path):
    class Failing(Writer):
        def process(self, row):
            raise ValueError(f"cannot write {row.value}")

    writer = Failing()
    q = spark.readStream.text(str(tmp_path)).writeStream.foreach(writer).start()
    write_file(tmp_path, "1.txt", "bad\n")
    with pytest.raises(StreamingQueryException, match="cannot write bad"):
        q.awaitTermination(10)
    assert writer.calls[-1] == ("close", "cannot write bad")
