"""File sources (csv, json, parquet) run on rillet and on real PySpark, compared batch by batch.

Each program writes real files into a fresh directory, one arrival at a time,
calls ``processAllAvailable()`` and snapshots the sink, so both engines see the
same files in the same micro-batches. Malformed records are checked in each
parse mode, and so are Spark's errors for a stream without a schema.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.conformance.compare import Bag, Cases, plain

case = Cases()


class FileFeed:
    """A directory a file stream watches; ``write`` adds one complete file atomically
    (written aside, then renamed in), each newer than the one before."""

    def __init__(self) -> None:
        self.root = tempfile.mkdtemp(prefix="rillet-conformance-files-")
        self.path = os.path.join(self.root, "input")
        self.checkpoint = os.path.join(self.root, "checkpoint")
        os.mkdir(self.path)
        self._n = 0

    def _place(self, staged: str, name: str) -> None:
        self._n += 1
        stamp = time.time() - 1000 + self._n  # distinct, increasing modification times
        os.utime(staged, (stamp, stamp))
        dest = os.path.join(self.path, name)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        os.replace(staged, dest)

    def write(self, name: str, text: str) -> None:
        staged = os.path.join(self.root, f"staged-{self._n}")
        with open(staged, "w", encoding="utf-8") as f:
            f.write(text)
        self._place(staged, name)

    def write_parquet(self, name: str, table: pa.Table) -> None:
        staged = os.path.join(self.root, f"staged-{self._n}")
        pq.write_table(table, staged)
        self._place(staged, name)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def feed(spark: Any) -> Iterator[FileFeed]:
    f = FileFeed()
    try:
        yield f
    finally:
        for query in spark.streams.active:
            query.stop()
        f.close()


def memory(df: Any, fd: FileFeed, name: str) -> Any:
    return (df.writeStream.format("memory").queryName(name).outputMode("append")
            .option("checkpointLocation", fd.checkpoint).start())


def per_batch(df: Any, fd: FileFeed, into: list[Any]) -> Any:
    def collect(batch_df: Any, batch_id: int) -> None:
        into.append((batch_id, Bag(plain(batch_df.collect()))))

    return df.writeStream.foreachBatch(collect).option("checkpointLocation", fd.checkpoint).start()


def arrivals(spark: Any, q: Any, fd: FileFeed, files: list[tuple[str, str]], table: str) -> list[Any]:
    seen = []
    for name, text in files:
        fd.write(name, text)
        q.processAllAvailable()
        seen.append(plain(spark.table(table)))
    return seen


BAD_CSV = "1,x,2.5\n2,y\nz,w,1.0\n3,v,1.0,extra\n\n4,,\n"
BAD_JSON = '{"a":1,"b":"x"}\n{"a":"zz","b":"y"}\n{bad json\n{"a":2}\n\n{"a":3.5,"b":5}\n[1,2]\n'


# --- csv ----------------------------------------------------------------------------------


@case
def csv_with_header_and_sep_streams_each_file_once(spark, F, T):
    with feed(spark) as fd:
        df = spark.readStream.csv(fd.path, schema="id INT, name STRING, score DOUBLE", header=True, sep=";")
        q = memory(df.withColumn("double", F.col("score") * 2), fd, "conf_files_csv")
        return arrivals(spark, q, fd, [
            ("1.csv", "id;name;score\n1;ann;1.5\n2;bob;2\n"),
            ("2.csv", "id;name;score\n3;cy;\n"),
        ], "conf_files_csv")


@case
def csv_null_value_empty_value_and_date_format(spark, F, T):
    with feed(spark) as fd:
        df = spark.readStream.csv(fd.path, schema="a STRING, b STRING, d DATE, t TIMESTAMP", nullValue="NA",
                                  emptyValue="E", dateFormat="MM/dd/yyyy")
        q = memory(df, fd, "conf_files_csv_nulls")
        return arrivals(spark, q, fd, [
            ("1.csv", 'NA,"",02/03/2024,2024-01-02 03:04:05\n1,,2024-01-02,2024-01-02T03:04:05.123Z\n'),
        ], "conf_files_csv_nulls")


@case
def csv_permissive_keeps_malformed_rows_in_the_corrupt_column(spark, F, T):
    with feed(spark) as fd:
        df = spark.readStream.csv(fd.path, schema="a INT, b STRING, c DOUBLE, _corrupt_record STRING")
        q = memory(df, fd, "conf_files_csv_permissive")
        return arrivals(spark, q, fd, [("bad.csv", BAD_CSV)], "conf_files_csv_permissive")


@case
def csv_dropmalformed_drops_malformed_rows(spark, F, T):
    with feed(spark) as fd:
        df = spark.readStream.csv(fd.path, schema="a INT, b STRING, c DOUBLE", mode="DROPMALFORMED")
        q = memory(df, fd, "conf_files_csv_drop")
        return arrivals(spark, q, fd, [("bad.csv", BAD_CSV)], "conf_files_csv_drop")


def _failfast(spark: Any, df: Any, fd: FileFeed, name: str, text: str) -> Any:
    q = memory(df, fd, "conf_files_failfast")
    fd.write(name, text)
    try:
        q.processAllAvailable()
    except Exception as e:  # noqa: BLE001 - the failure is the result
        message = str(e)
        return (type(e).__name__, e.getCondition(), "[FAILED_READ_FILE.NO_HINT]" in message, name in message)
    return "no failure"


@case
def csv_failfast_fails_the_query_naming_the_file(spark, F, T):
    with feed(spark) as fd:
        df = spark.readStream.csv(fd.path, schema="a INT, b STRING", mode="FAILFAST")
        return _failfast(spark, df, fd, "bad.csv", "1,x\n2,y,3\n")


# --- json ----------------------------------------------------------------------------------


@case
def json_stream_reads_nested_fields_and_ignores_unknown_ones(spark, F, T):
    with feed(spark) as fd:
        df = spark.readStream.json(fd.path, schema="id LONG, tags ARRAY<STRING>, pos STRUCT<x: DOUBLE, y: DOUBLE>")
        q = memory(df.select("id", F.size("tags").alias("n"), "pos.x"), fd, "conf_files_json")
        return arrivals(spark, q, fd, [
            ("1.json", '{"id": 1, "tags": ["a", "b"], "pos": {"x": 1.5, "y": 2}, "other": true}\n{"id": 2}\n'),
            ("2.json", '{"id": 3, "tags": [], "pos": {"x": -1}}\n'),
        ], "conf_files_json")


@case
def json_permissive_keeps_partial_results(spark, F, T):
    with feed(spark) as fd:
        df = spark.readStream.json(fd.path, schema="a INT, b STRING, _corrupt_record STRING")
        q = memory(df, fd, "conf_files_json_permissive")
        return arrivals(spark, q, fd, [("bad.json", BAD_JSON)], "conf_files_json_permissive")


@case
def json_dropmalformed_drops_malformed_records(spark, F, T):
    with feed(spark) as fd:
        df = spark.readStream.json(fd.path, schema="a INT, b STRING", mode="DROPMALFORMED")
        q = memory(df, fd, "conf_files_json_drop")
        return arrivals(spark, q, fd, [("bad.json", BAD_JSON)], "conf_files_json_drop")


@case
def json_failfast_fails_the_query_naming_the_file(spark, F, T):
    with feed(spark) as fd:
        df = spark.readStream.json(fd.path, schema="a INT", mode="FAILFAST")
        return _failfast(spark, df, fd, "bad.json", '{"a":1}\n{"a":"q"}\n')


# --- parquet, partitions, admission ----------------------------------------------------------


@case
def parquet_stream_appends_partition_columns(spark, F, T):
    with feed(spark) as fd:
        fd.write_parquet("day=2024-01-01/k=1/a.parquet", pa.table({"v": [1, 2]}))
        df = spark.readStream.schema("v LONG").parquet(fd.path)
        q = memory(df, fd, "conf_files_parquet")
        q.processAllAvailable()
        first = plain(spark.table("conf_files_parquet"))
        fd.write_parquet("day=2024-01-02/k=2/b.parquet", pa.table({"v": [3]}))
        q.processAllAvailable()
        return [first, plain(spark.table("conf_files_parquet"))]


@case
def a_partition_column_named_in_the_schema_takes_its_type(spark, F, T):
    with feed(spark) as fd:
        fd.write("k=07/a.csv", "1\n")
        df = spark.readStream.schema("k STRING, v INT").csv(fd.path)
        q = memory(df, fd, "conf_files_part_user")
        q.processAllAvailable()
        return plain(spark.table("conf_files_part_user"))


@case
def max_files_per_trigger_splits_the_backlog_into_batches(spark, F, T):
    with feed(spark) as fd:
        for i in range(3):
            fd.write(f"{i}.csv", f"{i},{i * 10}\n")
        df = spark.readStream.schema("a INT, b INT").option("maxFilesPerTrigger", 2).csv(fd.path)
        seen: list[Any] = []
        q = per_batch(df, fd, seen)
        q.processAllAvailable()
        return seen


@case
def latest_first_reads_the_newest_file_first(spark, F, T):
    with feed(spark) as fd:
        for i in range(3):
            fd.write(f"{i}.json", f'{{"a": {i}}}\n')
        df = spark.readStream.schema("a INT").option("maxFilesPerTrigger", 1).option("latestFirst", True).json(fd.path)
        seen: list[Any] = []
        q = per_batch(df, fd, seen)
        q.processAllAvailable()
        return seen


# --- errors and batch reads ------------------------------------------------------------------


@case(raises="_LEGACY_ERROR_TEMP_2048")
def a_csv_stream_without_a_schema_is_rejected(spark, F, T):
    with feed(spark) as fd:
        fd.write("a.csv", "1\n")
        spark.readStream.csv(fd.path)


@case(raises="_LEGACY_ERROR_TEMP_2048")
def a_parquet_stream_without_a_schema_is_rejected(spark, F, T):
    with feed(spark) as fd:
        spark.readStream.format("parquet").load(fd.path)


@case(raises="PATH_NOT_FOUND")
def a_stream_over_a_missing_folder_is_rejected(spark, F, T):
    with feed(spark) as fd:
        spark.readStream.schema("a INT").json(os.path.join(fd.path, "missing"))


@case
def batch_csv_infers_types_from_a_header_file(spark, F, T):
    with feed(spark) as fd:
        fd.write("a.csv", "n,x,when,flag\n1,2.5,2024-01-02 03:04:05,true\n2,x,2024-01-03 00:00:00,False\n")
        return plain(spark.read.csv(fd.path, header=True, inferSchema=True))  # collected before cleanup


@case
def batch_json_infers_a_sorted_schema_with_the_corrupt_column(spark, F, T):
    with feed(spark) as fd:
        fd.write("a.json", '{"b":1,"a":{"x":"s"}}\n{"b":2.5,"c":[1]}\nnot json\n')
        return plain(spark.read.json(fd.path))


@case
def batch_csv_permissive_rows(spark, F, T):
    with feed(spark) as fd:
        fd.write("bad.csv", BAD_CSV)
        return plain(spark.read.csv(fd.path, schema="a INT, b STRING, c DOUBLE, _corrupt_record STRING"))


# --- the seen-files log: compaction and clean-up -----------------------------------------------


def _log_files(folder: str) -> list[str]:
    return sorted(n for n in os.listdir(folder) if not n.startswith("."))


def _log_entries(path: str) -> list[tuple[str, int]]:
    import json

    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    return [lines[0]] + [(json.loads(ln)["path"].rsplit("/", 1)[-1], json.loads(ln)["batchId"]) for ln in lines[1:]]


_LOG_CONFS = {
    "spark.sql.streaming.fileSource.log.compactInterval": "3",
    "spark.sql.streaming.fileSink.log.compactInterval": "3",
    "spark.sql.streaming.minBatchesToRetain": "1",
    "spark.sql.streaming.fileSource.log.cleanupDelay": "0",
    "spark.sql.streaming.fileSink.log.cleanupDelay": "0",
}


@case
def file_source_and_sink_logs_compact_and_delete_old_batch_files(spark, F, T):
    with feed(spark) as fd:
        for key, value in _LOG_CONFS.items():
            spark.conf.set(key, value)
        try:
            out = os.path.join(fd.root, "out")
            df = spark.readStream.option("maxFilesPerTrigger", 1).text(fd.path)
            q = (df.writeStream.format("parquet").option("path", out)
                 .option("checkpointLocation", fd.checkpoint).start())
            layouts = []
            for i in range(7):
                fd.write(f"f{i}.txt", f"line{i}\n")
                q.processAllAvailable()
                layouts.append((_log_files(os.path.join(fd.checkpoint, "sources", "0")),
                                _log_files(os.path.join(out, "_spark_metadata"))))
            q.stop()
            compact = _log_entries(os.path.join(fd.checkpoint, "sources", "0", "5.compact"))
            return layouts, compact, sorted(r.value for r in spark.read.parquet(out).collect())
        finally:
            for key in _LOG_CONFS:
                spark.conf.unset(key)


@case
def file_source_log_keeps_old_batch_files_without_deletion(spark, F, T):
    with feed(spark) as fd:
        confs = {**_LOG_CONFS, "spark.sql.streaming.fileSource.log.deletion": "false"}
        for key, value in confs.items():
            spark.conf.set(key, value)
        try:
            df = spark.readStream.option("maxFilesPerTrigger", 1).text(fd.path)
            q = memory(df, fd, "conf_files_log_nodelete")
            for i in range(7):
                fd.write(f"f{i}.txt", f"line{i}\n")
                q.processAllAvailable()
            return _log_files(os.path.join(fd.checkpoint, "sources", "0")), plain(spark.table("conf_files_log_nodelete"))
        finally:
            for key in confs:
                spark.conf.unset(key)


# --- batch partition discovery (spark.read over key=value folders) ---------------------------


def _partitioned_parquet(fd: FileFeed) -> None:
    fd.write_parquet("year=2020/month=01/a.parquet", pa.table({"v": [1, 2]}))
    fd.write_parquet("year=2021/month=12/b.parquet", pa.table({"v": [3]}))


@case
def batch_parquet_appends_typed_partition_columns(spark, F, T):
    with feed(spark) as fd:
        _partitioned_parquet(fd)
        return [plain(spark.read.parquet(fd.path)), plain(spark.read.format("parquet").load(fd.path))]


@case
def batch_partition_values_are_typed_as_spark_infers_them(spark, F, T):
    with feed(spark) as fd:
        fd.write_parquet("x=1.5/s=abc/d=2024-01-01/ts=2024-01-01 10%3A00%3A00/l=12345678901/n=1/a.parquet",
                         pa.table({"v": [1]}))
        fd.write_parquet("x=__HIVE_DEFAULT_PARTITION__/s=a%20b/d=2024-01-02/ts=2024-01-02/l=2/n=2.5/b.parquet",
                         pa.table({"v": [2]}))
        fd.write_parquet("x=3/s=7/d=2024-01-03/ts=2024-01-03 11%3A00%3A00/l=3/n=3/c.parquet", pa.table({"v": [3]}))
        return plain(spark.read.parquet(fd.path))


@case
def batch_timestamp_partition_values_are_in_the_session_time_zone(spark, F, T):
    with feed(spark) as fd:
        fd.write_parquet("ts=2024-01-01 10%3A00%3A00/a.parquet", pa.table({"v": [1]}))
        spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
        try:
            df = spark.read.parquet(fd.path)
            return plain(df.select("v", F.col("ts").cast("long").alias("epoch"), F.col("ts").cast("string").alias("s")))
        finally:
            spark.conf.set("spark.sql.session.timeZone", "UTC")


@case
def batch_partition_type_inference_can_be_disabled(spark, F, T):
    with feed(spark) as fd:
        _partitioned_parquet(fd)
        spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        try:
            return plain(spark.read.parquet(fd.path))
        finally:
            spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "true")


@case
def batch_read_of_a_partition_folder_needs_base_path_for_the_columns_above_it(spark, F, T):
    with feed(spark) as fd:
        _partitioned_parquet(fd)
        sub = os.path.join(fd.path, "year=2020")
        return [
            plain(spark.read.parquet(sub)),
            plain(spark.read.option("basePath", fd.path).parquet(sub)),
            plain(spark.read.option("basePath", fd.path).parquet(os.path.join(sub, "month=01", "a.parquet"))),
            plain(spark.read.option("basePath", fd.path).parquet(os.path.join(fd.path, "year=*"))),
            plain(spark.read.parquet(os.path.join(fd.path, "year=*", "month=*", "*.parquet"))),
        ]


@case
def batch_base_path_must_be_above_every_path(spark, F, T):
    with feed(spark) as fd:
        _partitioned_parquet(fd)
        try:
            spark.read.option("basePath", os.path.join(fd.path, "year=2020")).parquet(os.path.join(fd.path, "year=2021"))
        except Exception as e:  # noqa: BLE001 - the failure is the result
            return type(e).__name__, str(e).startswith("Wrong basePath "), "for the root path: file:" in str(e)
        return "no failure"


@case(raises="CONFLICTING_DIRECTORY_STRUCTURES")
def batch_read_of_two_partition_folders_without_base_path_is_rejected(spark, F, T):
    with feed(spark) as fd:
        _partitioned_parquet(fd)
        spark.read.parquet(os.path.join(fd.path, "year=2020"), os.path.join(fd.path, "year=2021")).collect()


@case(raises="CONFLICTING_PARTITION_COLUMN_NAMES")
def batch_partition_folders_in_different_orders_are_rejected(spark, F, T):
    with feed(spark) as fd:
        fd.write_parquet("k=1/j=2/a.parquet", pa.table({"v": [1]}))
        fd.write_parquet("j=2/k=1/b.parquet", pa.table({"v": [2]}))
        spark.read.parquet(fd.path).collect()


@case
def batch_files_beside_partition_folders_are_not_part_of_the_table(spark, F, T):
    with feed(spark) as fd:
        fd.write_parquet("a.parquet", pa.table({"v": [1]}))
        fd.write_parquet("k=1/b.parquet", pa.table({"v": [2]}))
        fd.write_parquet("k=2/c.parquet", pa.table({"v": [3], "k": [9]}))
        return plain(spark.read.parquet(fd.path))


@case
def batch_text_csv_json_and_orc_get_partition_columns(spark, F, T):
    import pyarrow.orc as po

    with feed(spark) as fd:
        for k in (1, 2):
            fd.write(f"text/k={k}/a.txt", f"line{k}\nmore{k}\n")
            fd.write(f"csv/k={k}/a.csv", f"{k},x\n")
            fd.write(f"json/k={k}/a.json", f'{{"a": {k}}}\n')
            staged = os.path.join(fd.root, f"orc-{k}")
            po.write_table(pa.table({"a": [k]}), staged)
            fd._place(staged, f"orc/k={k}/a.orc")
        return [
            plain(spark.read.text(os.path.join(fd.path, "text"))),
            plain(spark.read.format("text").load(os.path.join(fd.path, "text"))),
            plain(spark.read.csv(os.path.join(fd.path, "csv"), inferSchema=True)),
            plain(spark.read.json(os.path.join(fd.path, "json"))),
            plain(spark.read.orc(os.path.join(fd.path, "orc"))),
        ]


@case
def batch_user_schema_types_a_partition_column(spark, F, T):
    with feed(spark) as fd:
        _partitioned_parquet(fd)
        return [plain(spark.read.schema("v LONG, month STRING").parquet(fd.path)),
                plain(spark.read.schema("v LONG").parquet(fd.path))]


# --- mergeSchema (parquet) ----------------------------------------------------------------------


def _two_parquet_schemas(fd: FileFeed) -> None:
    fd.write_parquet("a.parquet", pa.table({"a": pa.array([1], pa.int32()), "b": ["x"],
                                            "s": [{"x": 1}]}))
    fd.write_parquet("b.parquet", pa.table({"A": pa.array([2], pa.int32()), "c": [1.5],
                                            "s": [{"y": "q"}]}))


@case
def batch_parquet_merge_schema_unions_the_columns_of_every_file(spark, F, T):
    with feed(spark) as fd:
        _two_parquet_schemas(fd)
        first = [plain(spark.read.parquet(fd.path)), plain(spark.read.option("mergeSchema", True).parquet(fd.path)),
                 plain(spark.read.parquet(fd.path, mergeSchema="true"))]
        spark.conf.set("spark.sql.parquet.mergeSchema", "true")
        try:
            return first + [plain(spark.read.parquet(fd.path)),
                            plain(spark.read.option("mergeSchema", "false").parquet(fd.path))]
        finally:
            spark.conf.unset("spark.sql.parquet.mergeSchema")


@case
def batch_parquet_merge_schema_keeps_partition_columns_last(spark, F, T):
    with feed(spark) as fd:
        fd.write_parquet("k=1/a.parquet", pa.table({"a": pa.array([1], pa.int32())}))
        fd.write_parquet("k=2/b.parquet", pa.table({"b": pa.array([2], pa.int64())}))
        return plain(spark.read.option("mergeSchema", "true").parquet(fd.path))


def _merge_failure(spark: Any, fd: FileFeed) -> Any:
    try:
        spark.read.option("mergeSchema", "true").parquet(fd.path).collect()
    except Exception as e:  # noqa: BLE001 - the failure is the result (PySpark's is a Py4JJavaError)
        text = str(e)
        start = text.index("[CANNOT_MERGE_SCHEMAS]")
        return text[start:text.index("SQLSTATE: 42KD9", start) + len("SQLSTATE: 42KD9")]
    return "no failure"


@case
def batch_parquet_merge_schema_fails_on_two_types_of_one_column(spark, F, T):
    results = []
    for left, right in [(pa.int32(), pa.int64()), (pa.int32(), pa.string()), (pa.float32(), pa.float64()),
                        (pa.decimal128(5, 2), pa.decimal128(7, 1)), (pa.list_(pa.int32()), pa.list_(pa.int64()))]:
        with feed(spark) as fd:
            fd.write_parquet("a.parquet", pa.table({"k": [1], "v": pa.array([None], left)}))
            fd.write_parquet("b.parquet", pa.table({"k": [2], "v": pa.array([None], right)}))
            results.append(_merge_failure(spark, fd))
    return results


@case
def batch_orc_merge_schema_unions_the_columns_of_every_file(spark, F, T):
    import pyarrow.orc as po

    with feed(spark) as fd:
        for i, table in enumerate([pa.table({"a": pa.array([1], pa.int32()), "b": ["x"]}),
                                   pa.table({"a": pa.array([2], pa.int32()), "c": [1.5]})]):
            staged = os.path.join(fd.root, f"orc-{i}")
            po.write_table(table, staged)
            fd._place(staged, f"{i}.orc")
        return [plain(spark.read.orc(fd.path)), plain(spark.read.orc(fd.path, mergeSchema=True))]


@case
def a_parquet_stream_with_schema_inference_merges_schemas(spark, F, T):
    with feed(spark) as fd:
        _two_parquet_schemas(fd)
        spark.conf.set("spark.sql.streaming.schemaInference", "true")
        try:
            merged = spark.readStream.option("mergeSchema", "true").parquet(fd.path)
            first = spark.readStream.parquet(fd.path)
        finally:
            spark.conf.unset("spark.sql.streaming.schemaInference")
        q = memory(merged, fd, "conf_files_merge_stream")
        q.processAllAvailable()
        fd.write_parquet("c.parquet", pa.table({"b": ["later"], "d": [True]}))
        q.processAllAvailable()
        return merged.schema.simpleString(), first.schema.simpleString(), plain(spark.table("conf_files_merge_stream"))


@pytest.mark.parametrize("program", case.params({}))
def test_file_source_program_matches_pyspark(program, conform):
    conform(program)
