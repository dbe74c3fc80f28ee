"""Python data sources: the same ``DataSource`` code run on rillet and on real PySpark.

Each program defines its data source classes inside itself, subclassing the
engine's own ``datasource`` module (``sql_module(spark, "datasource")``), so the
code is byte for byte the same on both engines (PySpark pickles the classes to
its Python workers). Streaming sources read a real feed file that the program
appends to, one micro-batch at a time (``processAllAvailable()``, never a sleep).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conformance.compare import Bag, Cases, plain, sql_module

case = Cases()

KNOWN_GAPS: dict[str, Any] = {}

FEED = [[3, 1, 4], [1, 5], [9, 2, 6, 5]]


class Feed:
    """A temp dir with a feed file (one integer a line) and room for checkpoints and output."""

    def __init__(self) -> None:
        self.root = tempfile.mkdtemp(prefix="rillet-pyds-")
        self.path = os.path.join(self.root, "feed.txt")
        open(self.path, "w").close()

    def append(self, values: list[int]) -> None:
        with open(self.path, "a", encoding="utf-8") as f:
            f.write("".join(f"{v}\n" for v in values))

    def dir(self, name: str) -> str:
        return os.path.join(self.root, name)


@contextlib.contextmanager
def feed_for(spark: Any) -> Iterator[Feed]:
    feed = Feed()
    try:
        yield feed
    finally:
        for query in spark.streams.active:
            query.stop()
        shutil.rmtree(feed.root, ignore_errors=True)


def counter_source(ds: Any, name: str) -> Any:
    """A counter over the feed: ``(value long, parity string)`` per line; offsets are line
    counts; a batch is split into partitions of two lines."""

    class Part(ds.InputPartition):
        def __init__(self, start: int, end: int) -> None:
            self.start, self.end = start, end

    def lines(path: str) -> list[str]:
        with open(path, encoding="utf-8") as f:
            return f.read().splitlines()

    class Reader(ds.DataSourceStreamReader):
        def __init__(self, path: str) -> None:
            self.path = path

        def initialOffset(self) -> dict:
            return {"line": 0}

        def latestOffset(self) -> dict:
            return {"line": len(lines(self.path))}

        def partitions(self, start: dict, end: dict) -> list:
            return [Part(i, min(i + 2, end["line"])) for i in range(start["line"], end["line"], 2)]

        def read(self, partition: Any) -> Iterator[tuple]:
            for line in lines(self.path)[partition.start : partition.end]:
                v = int(line)
                yield (v, "even" if v % 2 == 0 else "odd")

    class Counter(ds.DataSource):
        @classmethod
        def name(cls) -> str:
            return name

        def schema(self) -> str:
            return "value long, parity string"

        def streamReader(self, schema: Any) -> Any:
            return Reader(self.options["feed"])

    return Counter


def run_feed(query: Any, feed: Feed, snapshot: Any) -> list[Any]:
    seen = []
    for values in FEED:
        feed.append(values)
        query.processAllAvailable()
        seen.append(plain(snapshot()))
    return seen


# --- streaming reads -----------------------------------------------------------------------


@case
def stream_reader_partitions_per_micro_batch_through_foreach_batch(spark, F, T):
    ds = sql_module(spark, "datasource")
    spark.dataSource.register(counter_source(ds, "conf_counter_fb"))
    with feed_for(spark) as feed:
        seen: list[Any] = []
        df = spark.readStream.format("conf_counter_fb").option("feed", feed.path).load()
        q = (df.writeStream.foreachBatch(lambda b, i: seen.append((i, Bag(plain(b.collect())))))
             .option("checkpointLocation", feed.dir("chk")).start())
        run_feed(q, feed, lambda: None)
        return {"schema": df.dtypes, "streaming": df.isStreaming, "batches": seen}


@case
def stream_reader_aggregated_in_complete_mode_to_memory(spark, F, T):
    ds = sql_module(spark, "datasource")
    spark.dataSource.register(counter_source(ds, "conf_counter_agg"))
    with feed_for(spark) as feed:
        df = spark.readStream.format("conf_counter_agg").option("feed", feed.path).load()
        agg = df.groupBy("parity").agg(F.count("*").alias("n"), F.sum("value").alias("total"))
        q = (agg.writeStream.format("memory").queryName("conf_pyds_agg").outputMode("complete")
             .option("checkpointLocation", feed.dir("chk")).start())
        return run_feed(q, feed, lambda: spark.table("conf_pyds_agg"))


@case
def stream_reader_with_a_user_schema_and_a_projection(spark, F, T):
    ds = sql_module(spark, "datasource")
    spark.dataSource.register(counter_source(ds, "conf_counter_schema"))
    with feed_for(spark) as feed:
        df = (spark.readStream.format("conf_counter_schema").schema("n long, kind string")
              .option("feed", feed.path).load())
        out = df.select((F.col("n") * 10).alias("n10"), F.upper("kind").alias("kind")).filter(F.col("n") > 2)
        q = (out.writeStream.format("memory").queryName("conf_pyds_schema")
             .option("checkpointLocation", feed.dir("chk")).start())
        return run_feed(q, feed, lambda: spark.table("conf_pyds_schema"))


@case
def stream_reader_resumes_from_the_checkpoint_after_a_restart(spark, F, T):
    ds = sql_module(spark, "datasource")
    spark.dataSource.register(counter_source(ds, "conf_counter_restart"))
    with feed_for(spark) as feed:
        seen: list[Any] = []

        def start() -> Any:
            df = spark.readStream.format("conf_counter_restart").option("feed", feed.path).load()
            return (df.writeStream.foreachBatch(lambda b, i: seen.append((i, Bag(plain(b.collect())))))
                    .option("checkpointLocation", feed.dir("chk")).start())

        q = start()
        feed.append(FEED[0])
        q.processAllAvailable()
        q.stop()
        feed.append(FEED[1])  # arrives while the query is stopped
        q = start()
        q.processAllAvailable()
        feed.append(FEED[2])
        q.processAllAvailable()
        q.stop()
        return seen


@case
def simple_stream_reader_per_micro_batch(spark, F, T):
    ds = sql_module(spark, "datasource")

    def lines(path: str) -> list[str]:
        with open(path, encoding="utf-8") as f:
            return f.read().splitlines()

    class SimpleReader(ds.SimpleDataSourceStreamReader):
        def __init__(self, path: str) -> None:
            self.path = path

        def initialOffset(self) -> dict:
            return {"offset": 0}

        def read(self, start: dict) -> tuple:
            end = len(lines(self.path))
            rows = [(int(v), len(v)) for v in lines(self.path)[start["offset"] : end]]
            return iter(rows), {"offset": end}

        def readBetweenOffsets(self, start: dict, end: dict) -> Iterator[tuple]:
            return iter([(int(v), len(v)) for v in lines(self.path)[start["offset"] : end["offset"]]])

    class Simple(ds.DataSource):
        @classmethod
        def name(cls) -> str:
            return "conf_simple"

        def schema(self) -> str:
            return "value int, digits int"

        def simpleStreamReader(self, schema: Any) -> Any:
            return SimpleReader(self.options["feed"])

    spark.dataSource.register(Simple)
    with feed_for(spark) as feed:
        seen: list[Any] = []
        df = spark.readStream.format("conf_simple").option("feed", feed.path).load()
        q = (df.writeStream.foreachBatch(lambda b, i: seen.append((i, Bag(plain(b.collect())))))
             .option("checkpointLocation", feed.dir("chk")).start())
        run_feed(q, feed, lambda: None)
        return seen


# --- streaming writes ----------------------------------------------------------------------


def folder_sink(ds: Any, name: str) -> Any:
    """Each batch's rows into ``<path>/batch-<id>``, staged by ``write``, renamed by ``commit``."""
    import json
    import uuid

    class Staged(ds.WriterCommitMessage):
        def __init__(self, path: str) -> None:
            self.path = path

    class Writer(ds.DataSourceStreamWriter):
        def __init__(self, folder: str, fail: bool) -> None:
            self.folder, self.fail = folder, fail

        def write(self, iterator: Any) -> Any:
            if self.fail:
                raise ValueError("boom: the sink is full")
            os.makedirs(os.path.join(self.folder, "_staging"), exist_ok=True)
            staged = os.path.join(self.folder, "_staging", uuid.uuid4().hex)
            with open(staged, "w", encoding="utf-8") as f:
                for row in iterator:
                    f.write(json.dumps(row.asDict()) + "\n")
            return Staged(staged)

        def commit(self, messages: list, batchId: int) -> None:  # noqa: N803
            for i, m in enumerate(messages):
                os.replace(m.path, os.path.join(self.folder, f"batch-{batchId}-{i}"))

    class Sink(ds.DataSource):
        @classmethod
        def name(cls) -> str:
            return name

        def streamWriter(self, schema: Any, overwrite: bool) -> Any:
            return Writer(self.options["path"], self.options.get("fail") == "true")

    return Sink


def written_batches(folder: str) -> dict[int, Bag]:
    import json

    out: dict[int, Bag] = {}
    for name in os.listdir(folder):
        if name.startswith("batch-"):
            batch = int(name.split("-")[1])
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                rows = [tuple(sorted(json.loads(line).items())) for line in f]
            out.setdefault(batch, Bag()).extend(rows)
    return out


@case
def stream_writer_commits_each_micro_batch_by_id(spark, F, T):
    ds = sql_module(spark, "datasource")
    spark.dataSource.register(counter_source(ds, "conf_counter_w"))
    spark.dataSource.register(folder_sink(ds, "conf_folder_sink"))
    with feed_for(spark) as feed:
        df = spark.readStream.format("conf_counter_w").option("feed", feed.path).load()
        out = feed.dir("out")
        q = (df.select("value", (F.col("value") * F.col("value")).alias("square"))
             .writeStream.format("conf_folder_sink").option("checkpointLocation", feed.dir("chk")).start(out))
        run_feed(q, feed, lambda: None)
        q.stop()
        return written_batches(out)


@case
def a_failing_stream_writer_fails_the_query(spark, F, T):
    ds = sql_module(spark, "datasource")
    spark.dataSource.register(counter_source(ds, "conf_counter_f"))
    spark.dataSource.register(folder_sink(ds, "conf_failing_sink"))
    with feed_for(spark) as feed:
        feed.append([1, 2])
        df = spark.readStream.format("conf_counter_f").option("feed", feed.path).load()
        q = (df.writeStream.format("conf_failing_sink").option("fail", "true")
             .option("checkpointLocation", feed.dir("chk")).start(feed.dir("out")))
        try:
            q.processAllAvailable()
        except Exception as e:  # noqa: BLE001 - the error is what is compared
            return (type(e).__name__, e.getCondition(), "boom: the sink is full" in str(e), q.isActive)
        return "no error"


# --- batch reads ---------------------------------------------------------------------------


@case
def batch_read_with_several_partitions(spark, F, T):
    ds = sql_module(spark, "datasource")

    class Reader(ds.DataSourceReader):
        def partitions(self) -> list:
            return [ds.InputPartition(i) for i in range(4)]

        def read(self, partition: Any) -> Iterator[tuple]:
            for j in range(partition.value + 1):
                n = partition.value * 10 + j
                yield (n, f"p{partition.value}", n / 4, n % 3 == 0, [n, n + 1])

    class Numbers(ds.DataSource):
        @classmethod
        def name(cls) -> str:
            return "conf_numbers"

        def schema(self) -> str:
            return "id int, part string, quarter double, div3 boolean, pair array<bigint>"

        def reader(self, schema: Any) -> Any:
            return Reader()

    spark.dataSource.register(Numbers)
    df = spark.read.format("conf_numbers").load()
    return {
        "rows": df,
        "per_part": df.groupBy("part").agg(F.count("*").alias("n"), F.sum("id").alias("s")),
    }


@case
def batch_read_of_rows_and_record_batches(spark, F, T):
    import pyarrow as pa

    ds = sql_module(spark, "datasource")

    class Reader(ds.DataSourceReader):
        def __init__(self, arrow: bool) -> None:
            self.arrow = arrow

        def read(self, partition: Any) -> Iterator[Any]:
            if self.arrow:
                yield pa.RecordBatch.from_pydict({"k": ["a", "b"], "v": pa.array([1, 2], pa.int64())})
                yield pa.RecordBatch.from_pydict({"k": ["c"], "v": pa.array([3], pa.int64())})
            else:
                yield T.Row(v=4, k="d")
                yield ["e", 5]

    class Mixed(ds.DataSource):
        @classmethod
        def name(cls) -> str:
            return "conf_mixed"

        def schema(self) -> Any:
            return T.StructType([T.StructField("k", T.StringType()), T.StructField("v", T.LongType())])

        def reader(self, schema: Any) -> Any:
            return Reader(self.options.get("arrow") == "true")

    spark.dataSource.register(Mixed)
    return [
        spark.read.format("conf_mixed").option("arrow", "true").load(),
        spark.read.format("CONF_MIXED").load(),
    ]


@case
def batch_read_of_nested_and_temporal_values(spark, F, T):
    import datetime as dt
    import decimal

    ds = sql_module(spark, "datasource")

    class Reader(ds.DataSourceReader):
        def read(self, partition: Any) -> Iterator[tuple]:
            yield (
                dt.date(2024, 2, 29),
                dt.datetime(2024, 3, 1, 12, 30, 15, 250000),
                decimal.Decimal("12.34"),
                T.Row(x=1, y="a"),
                {"k": 2},
                [1.5, None],
            )
            yield (None, None, None, None, None, None)

    class Typed(ds.DataSource):
        @classmethod
        def name(cls) -> str:
            return "conf_typed"

        def schema(self) -> str:
            return ("d date, ts timestamp, amount decimal(10,2), s struct<x: int, y: string>, "
                    "m map<string, int>, a array<double>")

        def reader(self, schema: Any) -> Any:
            return Reader()

    spark.dataSource.register(Typed)
    df = spark.read.format("conf_typed").load()
    return [df, df.select(F.date_format("ts", "yyyy-MM-dd HH:mm:ss.SSS").alias("text"), "s.y", F.col("m")["k"])]


@case
def batch_read_of_rows_with_the_wrong_arity_fails(spark, F, T):
    ds = sql_module(spark, "datasource")

    class Reader(ds.DataSourceReader):
        def read(self, partition: Any) -> Iterator[tuple]:
            yield (1, "one", "extra")

    class Wide(ds.DataSource):
        @classmethod
        def name(cls) -> str:
            return "conf_wide"

        def schema(self) -> str:
            return "a int, b string"

        def reader(self, schema: Any) -> Any:
            return Reader()

    spark.dataSource.register(Wide)
    try:
        spark.read.format("conf_wide").load().collect()
    except Exception as e:  # noqa: BLE001 - the error is what is compared
        text = str(e)
        return (type(e).__name__, "DATA_SOURCE_RETURN_SCHEMA_MISMATCH" in text,
                "Expected: 2 columns, Found: 3 columns" in text)
    return "no error"


# --- batch writes --------------------------------------------------------------------------


def batch_folder(ds: Any) -> Any:
    """``df.write``: each ``write`` stages its rows, ``commit`` moves them into ``<path>``
    (clearing it first when ``overwrite``)."""
    import json
    import uuid

    class Staged(ds.WriterCommitMessage):
        def __init__(self, path: str) -> None:
            self.path = path

    class Writer(ds.DataSourceWriter):
        def __init__(self, folder: str, overwrite: bool) -> None:
            self.folder, self.overwrite = folder, overwrite

        def write(self, iterator: Any) -> Any:
            os.makedirs(os.path.join(self.folder, "_staging"), exist_ok=True)
            staged = os.path.join(self.folder, "_staging", uuid.uuid4().hex)
            with open(staged, "w", encoding="utf-8") as f:
                for row in iterator:
                    f.write(json.dumps(row.asDict()) + "\n")
            return Staged(staged)

        def commit(self, messages: list) -> None:
            if self.overwrite:
                for name in os.listdir(self.folder):
                    if name.startswith("part-"):
                        os.remove(os.path.join(self.folder, name))
            for m in messages:
                os.replace(m.path, os.path.join(self.folder, "part-" + os.path.basename(m.path)))

    class Folder(ds.DataSource):
        @classmethod
        def name(cls) -> str:
            return "conf_batch_folder"

        def writer(self, schema: Any, overwrite: bool) -> Any:
            return Writer(self.options["path"], overwrite)

    return Folder


def folder_rows(folder: str) -> Bag:
    import json

    rows = Bag()
    for name in os.listdir(folder):
        if name.startswith("part-"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                rows.extend(tuple(sorted(json.loads(line).items())) for line in f)
    return rows


@case
def batch_write_appends_then_overwrites(spark, F, T):
    ds = sql_module(spark, "datasource")
    spark.dataSource.register(batch_folder(ds))
    with feed_for(spark) as feed:
        out = feed.dir("out")
        df = spark.createDataFrame([(1, "a"), (2, "b"), (3, "c")], "id int, name string")
        df.write.format("conf_batch_folder").mode("append").save(out)
        df.filter("id > 1").write.format("conf_batch_folder").mode("append").save(out)
        appended = folder_rows(out)
        df.filter("id = 3").write.format("conf_batch_folder").mode("overwrite").save(out)
        return {"appended": appended, "overwritten": folder_rows(out)}


@case(raises="UNSUPPORTED_DATA_SOURCE_SAVE_MODE")
def batch_write_in_the_default_mode_is_rejected(spark, F, T):
    ds = sql_module(spark, "datasource")
    spark.dataSource.register(batch_folder(ds))
    with feed_for(spark) as feed:
        spark.range(2).write.format("conf_batch_folder").save(feed.dir("out"))


# every case above, run on both engines
@pytest.mark.parametrize("program", case.params(KNOWN_GAPS))
def test_python_data_source_program_matches_pyspark(program, conform):
    conform(program)
