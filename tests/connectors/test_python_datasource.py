"""Python data sources (``rillet.sql.datasource``) as streaming sources and sinks and batch reads.

The sources read a real "feed": a text file in a temp dir, one integer a line, that
the test appends to. Offsets are line counts, so a restart on the same checkpoint
must hand the reader exactly the offsets the first run logged. The writer commits
each batch into a real folder, one file per batch id.
"""

from __future__ import annotations

import json
import os
import uuid

import pyarrow as pa
import pytest

from rillet.errors import AnalysisException, PythonException, StreamingQueryException
from rillet.sql import Row
from rillet.sql.datasource import (
    DataSource,
    DataSourceArrowWriter,
    DataSourceReader,
    DataSourceStreamReader,
    DataSourceStreamWriter,
    DataSourceWriter,
    InputPartition,
    SimpleDataSourceStreamReader,
    WriterCommitMessage,
)
from rillet.sql.types import LongType, StringType, StructField, StructType

# ---------------------------------------------------------------------------
# a feed file and the user code under test, written as a user would


def append(feed: str, values: list[int]) -> None:
    with open(feed, "a", encoding="utf-8") as f:
        f.write("".join(f"{v}\n" for v in values))


def feed_lines(feed: str) -> list[str]:
    if not os.path.exists(feed):
        return []
    with open(feed, encoding="utf-8") as f:
        return f.read().splitlines()


def log(path: str | None, record: object) -> None:
    """What the user code was called with, for the test to check afterwards."""
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")


def logged(path: str) -> list[object]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


class CounterSource(DataSource):
    """Lines of the feed as ``(value, square)``; streams in partitions of ``chunk`` lines."""

    @classmethod
    def name(cls) -> str:
        return "counter"

    def schema(self) -> str:
        return "value long, square long"

    def reader(self, schema: StructType) -> DataSourceReader:
        return CounterBatchReader(self.options)

    def streamReader(self, schema: StructType) -> DataSourceStreamReader:
        return CounterStreamReader(self.options)


class LinesPartition(InputPartition):
    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end


def read_lines(feed: str, start: int, end: int):
    for line in feed_lines(feed)[start:end]:
        v = int(line)
        yield (v, v * v)


class CounterStreamReader(DataSourceStreamReader):
    def __init__(self, options: dict[str, str]) -> None:
        self.feed = options["feed"]
        self.calls = options.get("calllog")
        self.chunk = int(options.get("chunk", "2"))

    def initialOffset(self) -> dict:
        return {"line": 0}

    def latestOffset(self) -> dict:
        return {"line": len(feed_lines(self.feed))}

    def partitions(self, start: dict, end: dict) -> list[InputPartition]:
        log(self.calls, ["partitions", start, end])
        s, e = start["line"], end["line"]
        return [LinesPartition(i, min(i + self.chunk, e)) for i in range(s, e, self.chunk)]

    def read(self, partition: LinesPartition):
        return read_lines(self.feed, partition.start, partition.end)

    def commit(self, end: dict) -> None:
        log(self.calls, ["commit", end])


class CounterBatchReader(DataSourceReader):
    def __init__(self, options: dict[str, str]) -> None:
        self.feed = options["feed"]
        self.chunk = int(options.get("chunk", "2"))

    def partitions(self) -> list[InputPartition]:
        n = len(feed_lines(self.feed))
        return [LinesPartition(i, min(i + self.chunk, n)) for i in range(0, n, self.chunk)]

    def read(self, partition: LinesPartition):
        return read_lines(self.feed, partition.start, partition.end)


class SimpleCounterSource(DataSource):
    @classmethod
    def name(cls) -> str:
        return "simple_counter"

    def schema(self) -> str:
        return "value long, square long"

    def simpleStreamReader(self, schema: StructType) -> SimpleDataSourceStreamReader:
        return SimpleCounterReader(self.options)


class SimpleCounterReader(SimpleDataSourceStreamReader):
    def __init__(self, options: dict[str, str]) -> None:
        self.feed = options["feed"]
        self.calls = options.get("calllog")

    def initialOffset(self) -> dict:
        return {"line": 0}

    def read(self, start: dict):
        end = len(feed_lines(self.feed))
        log(self.calls, ["read", start, {"line": end}])
        return read_lines(self.feed, start["line"], end), {"line": end}

    def readBetweenOffsets(self, start: dict, end: dict):
        log(self.calls, ["readBetweenOffsets", start, end])
        return read_lines(self.feed, start["line"], end["line"])

    def commit(self, end: dict) -> None:
        log(self.calls, ["commit", end])


class StagedFile(WriterCommitMessage):
    def __init__(self, path: str, rows: int) -> None:
        self.path, self.rows = path, rows


class FolderSink(DataSource):
    """Each batch's rows as JSON lines in ``<path>/batch-<id>.jsonl``: ``write`` stages a
    file, ``commit`` renames it into place (so a re-run batch replaces its file)."""

    @classmethod
    def name(cls) -> str:
        return "folder_sink"

    def streamWriter(self, schema: StructType, overwrite: bool) -> DataSourceStreamWriter:
        return FolderWriter(self.options, overwrite)


class FolderWriter(DataSourceStreamWriter):
    def __init__(self, options: dict[str, str], overwrite: bool) -> None:
        self.folder = options["path"]
        self.fail_flag = options.get("failflag")
        self.calls = options.get("calllog")
        self.overwrite = overwrite

    def write(self, iterator) -> StagedFile:
        staged = os.path.join(self.folder, "_staging", uuid.uuid4().hex)
        os.makedirs(os.path.dirname(staged), exist_ok=True)
        rows = [row.asDict() for row in iterator]
        with open(staged, "w", encoding="utf-8") as f:
            f.write("".join(json.dumps(r) + "\n" for r in rows))
        if self.fail_flag and os.path.exists(self.fail_flag):
            raise OSError(f"disk full while writing {staged}")
        return StagedFile(staged, len(rows))

    def commit(self, messages, batchId) -> None:  # noqa: N803
        log(self.calls, ["commit", batchId, [m.rows for m in messages], self.overwrite])
        for m in messages:
            os.replace(m.path, os.path.join(self.folder, f"batch-{batchId}.jsonl"))

    def abort(self, messages, batchId) -> None:  # noqa: N803
        log(self.calls, ["abort", batchId, [m is None for m in messages]])


def batches_written(folder: str) -> dict[int, list[dict]]:
    out = {}
    for name in os.listdir(folder):
        if name.startswith("batch-"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                out[int(name[len("batch-") : -len(".jsonl")])] = [json.loads(line) for line in f]
    return out


@pytest.fixture
def registered(spark):
    for cls in (CounterSource, SimpleCounterSource, FolderSink):
        spark.dataSource.register(cls)
    return spark


def start_counter_to_folder(spark, fmt: str, feed: str, calls: str, out: str, chk: str, failflag: str = ""):
    df = spark.readStream.format(fmt).option("feed", feed).option("calllog", calls).load()
    return (
        df.writeStream.format("folder_sink")
        .option("checkpointLocation", chk)
        .option("failflag", failflag)
        .option("calllog", calls + ".sink")
        .start(out)
    )


# ---------------------------------------------------------------------------
# streaming reads


def test_stream_reader_batches_follow_the_feed_through_partitions(registered, tmp_path):
    spark = registered
    feed, calls = str(tmp_path / "feed.txt"), str(tmp_path / "calls")
    append(feed, [1, 2, 3])
    seen: list[tuple[int, list[tuple[int, int]]]] = []
    df = spark.readStream.format("counter").option("feed", feed).option("calllog", calls).load()
    assert df.isStreaming
    assert df.schema == StructType([StructField("value", LongType()), StructField("square", LongType())])
    q = (df.writeStream.option("checkpointLocation", str(tmp_path / "chk"))
         .foreachBatch(lambda b, i: seen.append((i, [tuple(r) for r in b.collect()]))).start())
    q.processAllAvailable()
    append(feed, [4, 5, 6, 7, 8])
    q.processAllAvailable()
    q.stop()
    # order within a batch is partition order, then the reader's order
    assert seen == [(0, [(1, 1), (2, 4), (3, 9)]), (1, [(4, 16), (5, 25), (6, 36), (7, 49), (8, 64)])]
    assert logged(calls) == [
        ["partitions", {"line": 0}, {"line": 3}],
        ["commit", {"line": 3}],
        ["partitions", {"line": 3}, {"line": 8}],
        ["commit", {"line": 8}],
    ]


def test_restart_on_the_same_checkpoint_replays_the_logged_offsets(registered, tmp_path):
    spark = registered
    feed, calls, out, chk = (str(tmp_path / n) for n in ("feed.txt", "calls", "out", "chk"))
    flag = str(tmp_path / "fail")
    append(feed, [1, 2])
    q = start_counter_to_folder(spark, "counter", feed, calls, out, chk, flag)
    q.processAllAvailable()
    # batch 1 fails in the sink after its offsets are logged
    append(feed, [3, 4, 5])
    open(flag, "w").close()
    with pytest.raises(StreamingQueryException):
        q.processAllAvailable()
    os.remove(flag)
    # more data arrives while the query is down: batch 1 must still end at line 5
    append(feed, [6])
    q = start_counter_to_folder(spark, "counter", feed, calls, out, chk, flag)
    q.processAllAvailable()
    q.stop()
    planned = [c[1:] for c in logged(calls) if c[0] == "partitions"]
    assert planned == [
        [{"line": 0}, {"line": 2}],
        [{"line": 2}, {"line": 5}],  # the failed run
        [{"line": 2}, {"line": 5}],  # the re-run after the restart: the same offsets
        [{"line": 5}, {"line": 6}],
    ]
    written = batches_written(out)
    assert {i: [r["value"] for r in rows] for i, rows in written.items()} == {0: [1, 2], 1: [3, 4, 5], 2: [6]}
    sink_calls = logged(calls + ".sink")
    assert ["abort", 1, [True]] in sink_calls
    assert [c[1] for c in sink_calls if c[0] == "commit"] == [0, 1, 2]


def test_simple_stream_reader_prefetches_then_replays_with_read_between_offsets(registered, tmp_path):
    spark = registered
    feed, calls, out, chk = (str(tmp_path / n) for n in ("feed.txt", "calls", "out", "chk"))
    flag = str(tmp_path / "fail")
    append(feed, [10, 20])
    q = start_counter_to_folder(spark, "simple_counter", feed, calls, out, chk, flag)
    q.processAllAvailable()
    append(feed, [30])
    open(flag, "w").close()
    with pytest.raises(StreamingQueryException):
        q.processAllAvailable()
    os.remove(flag)
    q = start_counter_to_folder(spark, "simple_counter", feed, calls, out, chk, flag)
    q.processAllAvailable()
    append(feed, [40, 50])
    q.processAllAvailable()
    q.stop()
    written = batches_written(out)
    assert {i: [(r["value"], r["square"]) for r in rows] for i, rows in written.items()} == {
        0: [(10, 100), (20, 400)],
        1: [(30, 900)],
        2: [(40, 1600), (50, 2500)],
    }
    calls_made = logged(calls)
    # the first run read batch 1 ahead (prefetch); the restart re-read it between its logged offsets
    assert ["read", {"line": 2}, {"line": 3}] in calls_made
    assert ["readBetweenOffsets", {"line": 2}, {"line": 3}] in calls_made
    assert ["commit", {"line": 5}] in calls_made


def test_user_specified_schema_replaces_the_declared_one(registered, tmp_path):
    spark = registered
    feed = str(tmp_path / "feed.txt")
    append(feed, [7])
    df = spark.readStream.format("counter").schema("a long, b long").option("feed", feed).load()
    assert df.columns == ["a", "b"]
    q = df.writeStream.format("memory").queryName("pyds_user_schema").start()
    q.processAllAvailable()
    assert [tuple(r) for r in spark.table("pyds_user_schema").collect()] == [(7, 49)]


# ---------------------------------------------------------------------------
# streaming writes


def test_stream_writer_commits_each_batch_by_id_into_a_folder(registered, tmp_path):
    spark = registered
    feed, calls, out, chk = (str(tmp_path / n) for n in ("feed.txt", "calls", "out", "chk"))
    q = start_counter_to_folder(spark, "counter", feed, calls, out, chk)
    for values in ([1], [2, 3], [4, 5, 6]):
        append(feed, values)
        q.processAllAvailable()
    q.stop()
    assert batches_written(out) == {
        0: [{"value": 1, "square": 1}],
        1: [{"value": 2, "square": 4}, {"value": 3, "square": 9}],
        2: [{"value": 4, "square": 16}, {"value": 5, "square": 25}, {"value": 6, "square": 36}],
    }
    assert logged(calls + ".sink") == [
        ["commit", 0, [1], False],
        ["commit", 1, [2], False],
        ["commit", 2, [3], False],
    ]
    assert os.listdir(os.path.join(out, "_staging")) == []


def test_complete_mode_asks_for_an_overwriting_writer(registered, tmp_path):
    spark = registered
    feed, calls, out = (str(tmp_path / n) for n in ("feed.txt", "calls", "out"))
    append(feed, [1, 2, 2])
    counts = spark.readStream.format("counter").option("feed", feed).load().groupBy("value").count()
    q = (counts.writeStream.format("folder_sink").outputMode("complete").option("calllog", calls)
         .option("checkpointLocation", str(tmp_path / "chk")).start(out))
    q.processAllAvailable()
    q.stop()
    assert sorted((r["value"], r["count"]) for r in batches_written(out)[0]) == [(1, 1), (2, 2)]
    assert logged(calls) == [["commit", 0, [2], True]]


def test_a_failing_writer_fails_the_query_naming_the_data_source(registered, tmp_path):
    spark = registered
    feed, calls, out = (str(tmp_path / n) for n in ("feed.txt", "calls", "out"))
    flag = str(tmp_path / "fail")
    open(flag, "w").close()
    append(feed, [1])
    q = start_counter_to_folder(spark, "counter", feed, calls, out, str(tmp_path / "chk"), flag)
    with pytest.raises(StreamingQueryException) as info:
        q.processAllAvailable()
    error = info.value
    assert error.getCondition() == "STREAM_FAILED"
    assert isinstance(error.cause, PythonException)
    assert "Python data source 'folder_sink' failed in write (batch 0)" in str(error.cause)
    assert "OSError: disk full" in str(error.cause)
    assert isinstance(error.cause.cause, OSError)
    assert logged(calls + ".sink") == [["abort", 0, [True]]]
    assert q.exception() is not None and not q.isActive


# ---------------------------------------------------------------------------
# batch reads


class ArrowSource(DataSource):
    """Yields pyarrow RecordBatches (columns in another order than the schema's)."""

    @classmethod
    def name(cls) -> str:
        return "arrow_numbers"

    def schema(self) -> StructType:
        return StructType([StructField("id", LongType()), StructField("label", StringType())])

    def reader(self, schema: StructType) -> DataSourceReader:
        return ArrowReader()


class ArrowReader(DataSourceReader):
    def partitions(self) -> list[InputPartition]:
        return [InputPartition(0), InputPartition(100)]

    def read(self, partition: InputPartition):
        base = partition.value
        yield pa.RecordBatch.from_pydict({"label": ["a", "b"], "id": pa.array([base, base + 1], pa.int32())})
        yield pa.RecordBatch.from_pydict({"label": ["c"], "id": pa.array([base + 2], pa.int32())})


def test_batch_read_reads_every_partition_in_order(registered, tmp_path):
    spark = registered
    feed = str(tmp_path / "feed.txt")
    append(feed, [3, 1, 4, 1, 5])
    df = spark.read.format("counter").option("feed", feed).option("chunk", 2).load()
    assert not df.isStreaming
    assert [tuple(r) for r in df.collect()] == [(3, 9), (1, 1), (4, 16), (1, 1), (5, 25)]
    assert df.groupBy("value").count().orderBy("value").collect()[0] == Row(value=1, count=2)


def test_batch_read_of_record_batches_selects_and_casts_by_name(spark):
    spark.dataSource.register(ArrowSource)
    df = spark.read.format("ARROW_NUMBERS").load()
    assert df.dtypes == [("id", "bigint"), ("label", "string")]
    assert [tuple(r) for r in df.collect()] == [
        (0, "a"), (1, "b"), (2, "c"), (100, "a"), (101, "b"), (102, "c"),
    ]


class RowsSource(DataSource):
    """``read`` yields what option ``kind`` says: Rows by name, bad arity, a bare value, a list."""

    @classmethod
    def name(cls) -> str:
        return "rows_of_kind"

    def schema(self) -> str:
        return "a int, b string"

    def reader(self, schema: StructType) -> DataSourceReader:
        return RowsReader(self.options.get("kind", "rows"))


class RowsReader(DataSourceReader):
    def __init__(self, kind: str) -> None:
        self.kind = kind

    def read(self, partition):
        if self.kind == "list":
            return [(1, "x")]
        return self._rows()

    def _rows(self):
        if self.kind == "rows":
            yield Row(b="x", a=1)  # by name, not by position
            yield [2, "y"]
        elif self.kind == "arity":
            yield (1,)
        elif self.kind == "scalar":
            yield 5
        elif self.kind == "fields":
            yield Row(a=1, c="x")


def test_rows_are_matched_to_the_schema_by_name(spark):
    spark.dataSource.register(RowsSource)
    assert spark.read.format("rows_of_kind").load().collect() == [Row(a=1, b="x"), Row(a=2, b="y")]


@pytest.mark.parametrize(
    ("kind", "condition"),
    [
        ("arity", "DATA_SOURCE_RETURN_SCHEMA_MISMATCH"),
        ("fields", "DATA_SOURCE_RETURN_SCHEMA_MISMATCH"),
        ("scalar", "DATA_SOURCE_INVALID_RETURN_TYPE"),
        ("list", "DATA_SOURCE_INVALID_RETURN_TYPE"),
    ],
)
def test_bad_rows_raise_python_exception_with_sparks_condition(spark, kind, condition):
    spark.dataSource.register(RowsSource)
    with pytest.raises(PythonException) as info:
        spark.read.format("rows_of_kind").option("kind", kind).load()
    assert info.value.cause.getCondition() == condition
    assert f"[{condition}]" in str(info.value)
    assert "Python data source 'rows_of_kind' failed in read" in str(info.value)


def test_bad_rows_in_a_stream_fail_the_query(registered, tmp_path):
    class BadStream(CounterSource):
        @classmethod
        def name(cls) -> str:
            return "bad_counter"

        def schema(self) -> str:
            return "value long, square long, cube long"  # the reader yields pairs

    spark = registered
    spark.dataSource.register(BadStream)
    feed = str(tmp_path / "feed.txt")
    append(feed, [1])
    q = (spark.readStream.format("bad_counter").option("feed", feed).load()
         .writeStream.format("noop").start())
    with pytest.raises(StreamingQueryException) as info:
        q.processAllAvailable()
    assert isinstance(info.value.cause, PythonException)
    assert info.value.cause.cause.getCondition() == "DATA_SOURCE_RETURN_SCHEMA_MISMATCH"
    assert "Expected: 3 columns, Found: 2 columns" in str(info.value)


# ---------------------------------------------------------------------------
# lookup


def test_unregistered_format_is_data_source_not_found(spark, tmp_path):
    with pytest.raises(AnalysisException) as info:
        spark.readStream.format("no_such_python_source").load()
    assert info.value.getCondition() == "DATA_SOURCE_NOT_FOUND"
    df = spark.readStream.format("rate").load()
    with pytest.raises(AnalysisException) as info:
        df.writeStream.format("no_such_python_sink").option("checkpointLocation", str(tmp_path)).start()
    assert info.value.getCondition() == "DATA_SOURCE_NOT_FOUND"


def test_registrations_belong_to_the_session(registered, tmp_path):
    other = registered.newSession()
    try:
        with pytest.raises(AnalysisException) as info:
            other.readStream.format("counter").option("feed", str(tmp_path / "f")).load()
        assert info.value.getCondition() == "DATA_SOURCE_NOT_FOUND"
    finally:
        other.stop()


def test_registering_something_else_is_a_type_error(spark):
    with pytest.raises(TypeError):
        spark.dataSource.register(RowsReader)


# ---------------------------------------------------------------------------
# batch writes


class BatchFolder(DataSource):
    """``df.write``: rows as JSON lines in ``<path>/part-<n>`` on commit; an Arrow writer
    (option ``arrow``) writes record batches' row counts; option ``fail`` makes ``write`` raise."""

    @classmethod
    def name(cls) -> str:
        return "batch_folder"

    def writer(self, schema: StructType, overwrite: bool):
        if self.options.get("arrow") == "true":
            return ArrowCountWriter(self.options["path"])
        return BatchFolderWriter(self.options["path"], overwrite, self.options.get("fail") == "true")


class BatchFolderWriter(DataSourceWriter):
    def __init__(self, folder: str, overwrite: bool, fail: bool) -> None:
        self.folder, self.overwrite, self.fail = folder, overwrite, fail

    def write(self, iterator) -> StagedFile:
        os.makedirs(self.folder, exist_ok=True)
        rows = [row.asDict() for row in iterator]
        if self.fail:
            raise ValueError(f"cannot write {len(rows)} rows")
        staged = os.path.join(self.folder, f"_staged-{uuid.uuid4().hex}")
        with open(staged, "w", encoding="utf-8") as f:
            f.write("".join(json.dumps(r) + "\n" for r in rows))
        return StagedFile(staged, len(rows))

    def commit(self, messages) -> None:
        if self.overwrite:
            for name in os.listdir(self.folder):
                if name.startswith("part-"):
                    os.remove(os.path.join(self.folder, name))
        for m in messages:
            os.replace(m.path, os.path.join(self.folder, f"part-{uuid.uuid4().hex}"))

    def abort(self, messages) -> None:
        log(os.path.join(self.folder, "aborts"), [m is None for m in messages])


class ArrowCountWriter(DataSourceArrowWriter):
    def __init__(self, folder: str) -> None:
        self.folder = folder

    def write(self, iterator) -> WriterCommitMessage:
        batches = list(iterator)
        assert all(isinstance(b, pa.RecordBatch) for b in batches)
        log(os.path.join(self.folder, "arrow"), [sum(b.num_rows for b in batches), batches[0].schema.names])
        return WriterCommitMessage()


def folder_rows(folder: str) -> list[dict]:
    rows = []
    for name in sorted(os.listdir(folder)):
        if name.startswith("part-"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                rows += [json.loads(line) for line in f]
    return rows


def test_batch_write_appends_then_overwrites(spark, tmp_path):
    spark.dataSource.register(BatchFolder)
    out = str(tmp_path / "out")
    df = spark.createDataFrame([(1, "a"), (2, "b")], "id int, name string")
    df.write.format("batch_folder").mode("append").save(out)
    df.filter("id = 2").write.format("batch_folder").mode("append").save(out)
    assert sorted(r["id"] for r in folder_rows(out)) == [1, 2, 2]
    df.filter("id = 1").write.format("batch_folder").mode("overwrite").option("path", out).save()
    assert folder_rows(out) == [{"id": 1, "name": "a"}]


def test_batch_write_to_an_arrow_writer_gets_record_batches(spark, tmp_path):
    spark.dataSource.register(BatchFolder)
    out = str(tmp_path / "out")
    os.makedirs(out)
    spark.range(5).write.format("batch_folder").mode("append").option("arrow", "true").save(out)
    assert logged(os.path.join(out, "arrow")) == [[5, ["id"]]]


def test_batch_write_failure_aborts_and_raises_the_users_error(spark, tmp_path):
    spark.dataSource.register(BatchFolder)
    out = str(tmp_path / "out")
    with pytest.raises(PythonException) as info:
        spark.range(3).write.format("batch_folder").mode("append").option("fail", True).save(out)
    assert "Python data source 'batch_folder' failed in write" in str(info.value)
    assert "ValueError: cannot write 3 rows" in str(info.value)
    assert logged(os.path.join(out, "aborts")) == [[True]]
    assert folder_rows(out) == []


@pytest.mark.parametrize(("mode", "shown"), [(None, '"ErrorIfExists"'), ("ignore", '"Ignore"')])
def test_batch_write_modes_other_than_append_and_overwrite_are_rejected(spark, tmp_path, mode, shown):
    spark.dataSource.register(BatchFolder)
    writer = spark.range(1).write.format("batch_folder")
    with pytest.raises(AnalysisException) as info:
        (writer.mode(mode) if mode else writer).save(str(tmp_path))
    assert info.value.getCondition() == "UNSUPPORTED_DATA_SOURCE_SAVE_MODE"
    assert f"cannot be written in the {shown} mode" in str(info.value)


def test_the_documented_example_runs_as_documented(tmp_path):
    """docs/python_datasource.md's example, run as a user would run it (its own process)."""
    import re
    import subprocess
    import sys

    docs = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "python_datasource.md")
    with open(docs, encoding="utf-8") as f:
        text = f.read()
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    expected = [line[2:] for line in code.splitlines() if line.startswith("# batch-")]
    script = tmp_path / "feed_example.py"
    script.write_text(code, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == expected


def test_load_path_is_the_path_option_for_schema_and_reader(registered, tmp_path):
    class FolderCounter(CounterSource):
        """``load(folder)``: the columns are named in ``folder/schema``, the feed is ``folder/feed``."""

        @classmethod
        def name(cls) -> str:
            return "folder_counter"

        def schema(self) -> str:
            return feed_lines(os.path.join(self.options["path"], "schema"))[0]

        def streamReader(self, schema: StructType) -> DataSourceStreamReader:
            return CounterStreamReader({"feed": os.path.join(self.options["PATH"], "feed")})

    spark = registered
    spark.dataSource.register(FolderCounter)
    (tmp_path / "schema").write_text("x long, y long\n", encoding="utf-8")
    df = spark.readStream.format("folder_counter").load(str(tmp_path))
    assert df.columns == ["x", "y"]
    append(str(tmp_path / "feed"), [4])
    q = df.writeStream.format("memory").queryName("pyds_path").start()
    q.processAllAvailable()
    assert [tuple(r) for r in spark.table("pyds_path").collect()] == [(4, 16)]


def test_available_now_reads_the_feed_as_it_was_at_start(registered, tmp_path):
    spark = registered
    feed = str(tmp_path / "feed.txt")
    append(feed, [1, 2, 3])
    q = (spark.readStream.format("counter").option("feed", feed).load()
         .writeStream.format("memory").queryName("pyds_available_now")
         .trigger(availableNow=True).start())
    q.awaitTermination(60)
    assert not q.isActive
    assert sorted(r.value for r in spark.table("pyds_available_now").collect()) == [1, 2, 3]


def test_a_simple_reader_returning_rows_without_advancing_fails_the_query(spark, tmp_path):
    class Stuck(SimpleDataSourceStreamReader):
        def initialOffset(self) -> dict:
            return {"at": 0}

        def read(self, start: dict):
            return iter([(1, 1)]), dict(start)

    class StuckSource(SimpleCounterSource):
        @classmethod
        def name(cls) -> str:
            return "stuck"

        def simpleStreamReader(self, schema: StructType) -> SimpleDataSourceStreamReader:
            return Stuck()

    spark.dataSource.register(StuckSource)
    q = spark.readStream.format("stuck").load().writeStream.format("noop").start()
    with pytest.raises(StreamingQueryException) as info:
        q.processAllAvailable()
    assert info.value.cause.cause.getCondition() == "SIMPLE_STREAM_READER_OFFSET_DID_NOT_ADVANCE"
    assert 'did not advance past the start offset: {"at": 0}' in str(info.value)
