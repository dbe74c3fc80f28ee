"""File sinks and ``df.write`` on rillet and real PySpark: the same stream written by each
engine to its own folder, compared by what a reader sees (the committed files' text for
csv/json/text, the rows read back for parquet), plus errors, and the cross-engine reads:
PySpark reads rillet's sink folders through ``_spark_metadata`` and rillet reads PySpark's.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlparse

import pyarrow.parquet as pq
import pytest

from tests.conformance.compare import Bag, Cases, plain

case = Cases()

ROWS = [
    ["a,2024-01-02 03:04:05.123,1.5", 'say "hi",2024-06-30 23:59:59,1e20'],
    ["  padded  ,2024-01-01 00:00:00,-0.25", "x,2024-02-29 10:00:00,0"],
    ["tab\there,2023-12-31 12:00:00.5,100"],
]


class Folder:
    """A temporary folder with an input directory a text stream reads, one file per batch."""

    def __init__(self) -> None:
        self.root = tempfile.mkdtemp(prefix="rillet-conformance-sink-")
        self.input = os.path.join(self.root, "input")
        self.out = os.path.join(self.root, "out")
        self.checkpoint = os.path.join(self.root, "checkpoint")
        os.mkdir(self.input)
        self._files = 0

    def feed(self, lines: list[str]) -> None:
        self._files += 1
        staged = os.path.join(self.root, f"staged-{self._files}")
        with open(staged, "w", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in lines))
        os.replace(staged, os.path.join(self.input, f"part-{self._files:04d}.txt"))


@pytest.fixture
def folder() -> Iterator[Folder]:
    f = Folder()
    yield f
    shutil.rmtree(f.root, ignore_errors=True)


def typed(lines: Any, F: Any) -> Any:
    parts = F.split(F.col("value"), ",")
    present = parts.getItem(0) != "x"  # row "x" has nulls in every typed column
    return lines.select(
        parts.getItem(0).alias("s"),
        F.when(present, F.to_timestamp(parts.getItem(1))).alias("ts"),
        F.when(present, parts.getItem(2).cast("double")).alias("d"),
        F.length(parts.getItem(0)).alias("n"),
        (F.length(parts.getItem(0)) > 3).alias("long"),
        F.when(present, F.to_date(parts.getItem(1))).alias("day"),
    )


def run_sink(spark: Any, F: Any, fmt: str, select: Any = None, partition_by: list[str] | None = None,
             **options: str) -> Folder:
    """Stream ``ROWS`` (one file per micro-batch) through ``select`` into a ``fmt`` file sink."""
    folder = Folder()
    lines = spark.readStream.option("maxFilesPerTrigger", 1).text(folder.input)
    df = select(lines, F) if select is not None else lines
    writer = df.writeStream.format(fmt).option("checkpointLocation", folder.checkpoint)
    if partition_by:
        writer = writer.partitionBy(*partition_by)
    for k, v in options.items():
        writer = writer.option(k, v)
    q = writer.start(folder.out)
    try:
        for batch in ROWS:
            folder.feed(batch)
            q.processAllAvailable()
    finally:
        q.stop()
    return folder


def committed_files(out: str) -> list[str]:
    """The data files ``_spark_metadata`` lists (read here with plain Python, the same for both)."""
    meta = os.path.join(out, "_spark_metadata")
    paths = []
    for name in sorted((n for n in os.listdir(meta) if n[0].isdigit()), key=lambda n: int(n.split(".")[0])):
        with open(os.path.join(meta, name), encoding="utf-8") as f:
            lines = f.read().split("\n")
        assert lines[0] == "v1"
        paths.extend(unquote(urlparse(json.loads(line)["path"]).path) for line in lines[1:] if line)
    return paths


def committed_text(out: str) -> Bag:
    return Bag(line for p in committed_files(out) for line in open(p, encoding="utf-8").read().splitlines())


def manifest_shape(out: str) -> dict[str, Any]:
    meta = os.path.join(out, "_spark_metadata")
    first = open(os.path.join(meta, "0"), encoding="utf-8").read().split("\n")
    entry = json.loads(first[1])
    return {
        "batches": sorted(n for n in os.listdir(meta) if n[0].isdigit()),
        "keys": sorted(entry),
        "fixed": (entry["isDir"], entry["blockReplication"], entry["blockSize"], entry["action"]),
        "name": os.path.basename(committed_files(out)[0]).split("-")[0],
    }


# --- streaming file sinks --------------------------------------------------------------------


@case
def parquet_sink_rows_read_back_and_manifest_layout(spark, F, T):
    folder = run_sink(spark, F, "parquet", typed)
    try:
        return {"rows": Bag(plain(spark.read.parquet(folder.out).collect())), "manifest": manifest_shape(folder.out)}
    finally:
        shutil.rmtree(folder.root, ignore_errors=True)


@case
def json_sink_writes_sparks_json_lines(spark, F, T):
    folder = run_sink(spark, F, "json", typed)
    try:
        return committed_text(folder.out)
    finally:
        shutil.rmtree(folder.root, ignore_errors=True)


@case
def csv_sink_writes_sparks_csv_lines(spark, F, T):
    folder = run_sink(spark, F, "csv", typed)
    try:
        return committed_text(folder.out)
    finally:
        shutil.rmtree(folder.root, ignore_errors=True)


@case
def csv_sink_with_header_and_separator(spark, F, T):
    folder = run_sink(spark, F, "csv", typed, header="true", sep=";")
    try:
        return committed_text(folder.out)
    finally:
        shutil.rmtree(folder.root, ignore_errors=True)


@case
def text_sink_writes_the_lines(spark, F, T):
    folder = run_sink(spark, F, "text")
    try:
        return committed_text(folder.out)
    finally:
        shutil.rmtree(folder.root, ignore_errors=True)


@case
def partitioned_parquet_sink_folders_and_rows(spark, F, T):
    def select(lines: Any, F: Any) -> Any:
        return typed(lines, F).select("s", "d", (F.col("n") % 2).alias("odd"), F.col("ts").alias("when"))

    folder = run_sink(spark, F, "parquet", select, partition_by=["odd", "when"])
    try:
        by_folder: dict[str, list[Any]] = {}
        for p in committed_files(folder.out):
            rel = os.path.relpath(os.path.dirname(p), folder.out)
            by_folder.setdefault(rel, []).extend(plain(list(r.values())) for r in pq.read_table(p).to_pylist())
        return {k: Bag(v) for k, v in by_folder.items()}
    finally:
        shutil.rmtree(folder.root, ignore_errors=True)


@case(raises="STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE")
def file_sink_rejects_complete_mode(spark, F, T):
    folder = Folder()
    try:
        counts = spark.readStream.text(folder.input).groupBy("value").count()
        counts.writeStream.format("parquet").outputMode("complete").option(
            "checkpointLocation", folder.checkpoint).start(folder.out)
    finally:
        shutil.rmtree(folder.root, ignore_errors=True)


@case(raises="CALL_ON_STREAMING_DATASET_UNSUPPORTED")
def write_on_a_streaming_dataframe(spark, F, T):
    folder = Folder()
    try:
        return spark.readStream.text(folder.input).write
    finally:
        shutil.rmtree(folder.root, ignore_errors=True)


# --- df.write --------------------------------------------------------------------------------


def batch_frame(spark: Any) -> Any:
    return spark.createDataFrame(
        [(" a ", 'q"x', "a,b", "l1\nl2", "", None, 1, 1.5), ("b", "", "x", "y", "z", "w", 2, 1e-5)],
        "s1 string, s2 string, s3 string, s4 string, s5 string, s6 string, i int, d double",
    ).coalesce(1)  # one file per folder on both engines


def _written_text(path: str, suffix: str) -> Bag:
    lines = []
    for root, _, names in os.walk(path):
        for n in names:
            if n.endswith(suffix) and not n.startswith("."):
                rel = os.path.relpath(root, path)
                lines.extend(f"{rel}|{line}" for line in open(os.path.join(root, n), encoding="utf-8").read().split("\n"))
    return Bag(lines)


@case
def batch_write_csv_json_and_text(spark, F, T):
    root = tempfile.mkdtemp(prefix="rillet-conformance-write-")
    try:
        df = batch_frame(spark)
        df.write.csv(os.path.join(root, "csv"))
        df.write.option("header", True).option("quoteAll", True).csv(os.path.join(root, "csvq"))
        df.write.json(os.path.join(root, "json"))
        df.select("s6").write.text(os.path.join(root, "text"))
        df.write.partitionBy("i").json(os.path.join(root, "parts"))
        return {
            "csv": _written_text(os.path.join(root, "csv"), ".csv"),
            "csvq": _written_text(os.path.join(root, "csvq"), ".csv"),
            "json": _written_text(os.path.join(root, "json"), ".json"),
            "text": _written_text(os.path.join(root, "text"), ".txt"),
            "parts": _written_text(os.path.join(root, "parts"), ".json"),
            "markers": sorted(n for n in os.listdir(os.path.join(root, "csv")) if not n.startswith((".", "part-"))),
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)


@case
def batch_write_nested_json_and_csv_edge_values(spark, F, T):
    import decimal

    root = tempfile.mkdtemp(prefix="rillet-conformance-write-")
    try:
        rows = [("a\\b", '"lead', "   ", "\x01ctl\u00e9", 1.5, decimal.Decimal("12.30"), 0.1),
                ("x'y", 'tail"', " in ner ", "\r", float("inf"), decimal.Decimal("-0.05"), 1e10)]
        df = spark.createDataFrame(rows, "a string, b string, c string, d string, e double, f decimal(10,2), "
                                         "g float").coalesce(1)
        df.write.csv(os.path.join(root, "csv"))
        df.write.json(os.path.join(root, "json"))
        df.select(
            F.struct(F.col("a"), F.lit(None).cast("string").alias("n"), F.col("e")).alias("st"),
            F.array(F.col("e"), F.lit(None).cast("double")).alias("arr"),
            F.create_map(F.lit("k"), F.col("f")).alias("m"),
        ).write.json(os.path.join(root, "nested"))
        return {d: _written_text(os.path.join(root, d), "." + ("csv" if d == "csv" else "json"))
                for d in ("csv", "json", "nested")}
    finally:
        shutil.rmtree(root, ignore_errors=True)


@case
def batch_write_json_with_datetime_patterns_in_another_time_zone(spark, F, T):
    root = tempfile.mkdtemp(prefix="rillet-conformance-write-")
    spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    try:
        df = spark.range(1).select(F.timestamp_micros(F.lit(1719914645123456)).alias("t"),
                                   F.to_date(F.lit("2024-01-09")).alias("d")).coalesce(1)
        patterns = [("yyyy/MM/dd HH:mm:ss.SSS XXX", "dd.MM.yy"), ("yyyy-MM-dd'T'HH:mm:ssZ", "MMM d, yyyy"),
                    ("h:mm a, EEE", "D"), (None, None)]
        out = {}
        for i, (ts_format, date_format) in enumerate(patterns):
            writer = df.write
            if ts_format is not None:
                writer = writer.option("timestampFormat", ts_format).option("dateFormat", date_format)
            writer.json(os.path.join(root, str(i)))
            out[i] = _written_text(os.path.join(root, str(i)), ".json")
        return out
    finally:
        spark.conf.set("spark.sql.session.timeZone", "UTC")
        shutil.rmtree(root, ignore_errors=True)


@case
def batch_write_modes(spark, F, T):
    root = tempfile.mkdtemp(prefix="rillet-conformance-write-")
    try:
        out = os.path.join(root, "out")
        df = spark.createDataFrame([(1, "a"), (2, "b")], "id int, s string")
        df.write.parquet(out)
        df.write.mode("ignore").parquet(out)
        n1 = spark.read.parquet(out).count()
        df.write.mode("append").parquet(out)
        n2 = spark.read.parquet(out).count()
        df.limit(1).write.mode("overwrite").parquet(out)
        return [n1, n2, plain(spark.read.parquet(out).collect())]
    finally:
        shutil.rmtree(root, ignore_errors=True)


@case(raises="PATH_ALREADY_EXISTS")
def batch_write_to_an_existing_path(spark, F, T):
    root = tempfile.mkdtemp(prefix="rillet-conformance-write-")
    try:
        spark.range(1).write.parquet(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@case(raises="INVALID_SAVE_MODE")
def batch_write_with_an_unknown_mode(spark, F, T):
    spark.range(1).write.mode("sometimes")


@case(raises="UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE")
def text_write_of_a_number_column(spark, F, T):
    root = tempfile.mkdtemp(prefix="rillet-conformance-write-")
    try:
        spark.range(1).write.text(os.path.join(root, "t"))
    finally:
        shutil.rmtree(root, ignore_errors=True)


@case(raises="UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE")
def csv_write_of_an_array_column(spark, F, T):
    root = tempfile.mkdtemp(prefix="rillet-conformance-write-")
    try:
        spark.range(1).select(F.array(F.lit(1)).alias("a")).write.csv(os.path.join(root, "c"))
    finally:
        shutil.rmtree(root, ignore_errors=True)


@case(raises="ALL_PARTITION_COLUMNS_NOT_ALLOWED")
def partition_by_every_column(spark, F, T):
    root = tempfile.mkdtemp(prefix="rillet-conformance-write-")
    try:
        spark.range(1).write.partitionBy("id").parquet(os.path.join(root, "p"))
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize("program", case.params({}))
def test_file_sink_program_matches_pyspark(program, conform):
    conform(program)


# --- cross-engine reads ----------------------------------------------------------------------


def _rows(df: Any) -> list[Any]:
    return sorted(plain(df.collect()), key=repr)


def test_pyspark_reads_rillet_sink_output_through_the_manifest(spark, pyspark_session, folder):
    from pyspark.sql import functions as PF

    from rillet.sql import functions as F

    ours = run_sink(spark, F, "parquet", typed)
    try:
        # the file of a batch that crashed before its manifest entry: PySpark must not see it
        spark.range(3).write.parquet(os.path.join(folder.root, "ghost"))
        ghost = [n for n in os.listdir(os.path.join(folder.root, "ghost")) if n.endswith(".parquet")][0]
        shutil.copy(os.path.join(folder.root, "ghost", ghost), os.path.join(ours.out, ghost))
        theirs = run_sink(pyspark_session, PF, "parquet", typed)
        try:
            expected = _rows(pyspark_session.read.parquet(theirs.out))
            assert _rows(pyspark_session.read.parquet(ours.out)) == expected
            assert len(expected) == 5
        finally:
            shutil.rmtree(theirs.root, ignore_errors=True)
    finally:
        shutil.rmtree(ours.root, ignore_errors=True)


def test_pyspark_reads_rillet_partitioned_csv_and_json(spark, pyspark_session):
    from rillet.sql import functions as F

    def select(lines: Any, F: Any) -> Any:
        return typed(lines, F).select("s", "d", "ts", (F.col("n") % 2).alias("odd"))

    expected = None
    for fmt in ("json", "csv", "parquet"):
        ours = run_sink(spark, F, fmt, select, partition_by=["odd"])
        try:
            reader = pyspark_session.read.schema("s string, d double, ts timestamp, odd int")
            got = _rows(reader.format(fmt).load(ours.out).select("s", "d", "ts", "odd"))
            if expected is None:
                expected = got
            # csv trims the spaces around a value on write (Spark's ignore*WhiteSpace default)
            trim = fmt == "csv"
            assert got == sorted(((r[0].strip(), *r[1:]) if trim else r for r in expected), key=repr), fmt
        finally:
            shutil.rmtree(ours.root, ignore_errors=True)
    assert expected is not None and len(expected) == 5


def test_rillet_reads_pyspark_sink_output_with_compaction_and_an_orphan(spark, pyspark_session):
    from pyspark.sql import functions as PF

    pyspark_session.conf.set("spark.sql.streaming.fileSink.log.compactInterval", "2")
    try:
        theirs = run_sink(pyspark_session, PF, "parquet", typed)
    finally:
        pyspark_session.conf.unset("spark.sql.streaming.fileSink.log.compactInterval")
    try:
        assert "1.compact" in os.listdir(os.path.join(theirs.out, "_spark_metadata"))
        expected = _rows(pyspark_session.read.parquet(theirs.out))
        files = [n for n in os.listdir(theirs.out) if n.endswith(".parquet")]
        shutil.copy(os.path.join(theirs.out, files[0]), os.path.join(theirs.out, "part-00000-orphan-c000.snappy.parquet"))
        assert _rows(spark.read.parquet(theirs.out)) == expected
        assert _rows(pyspark_session.read.parquet(theirs.out)) == expected
    finally:
        shutil.rmtree(theirs.root, ignore_errors=True)



def test_rillet_reads_pyspark_json_and_text_sinks_through_the_manifest(spark, pyspark_session):
    from pyspark.sql import functions as PF

    schema = "s string, ts timestamp, d double, n int, long boolean, day date"
    for fmt in ("json", "text"):
        theirs = run_sink(pyspark_session, PF, fmt, typed if fmt == "json" else None)
        try:
            orphan = os.path.join(theirs.out, f"part-00000-orphan-c000.{'json' if fmt == 'json' else 'txt'}")
            with open(orphan, "w", encoding="utf-8") as f:
                f.write('{"s":"ghost"}\n' if fmt == "json" else "ghost\n")
            if fmt == "json":
                expected = _rows(pyspark_session.read.schema(schema).json(theirs.out))
                got = _rows(spark.read.schema(schema).json(theirs.out))
            else:
                expected = _rows(pyspark_session.read.text(theirs.out))
                got = _rows(spark.read.text(theirs.out))
            assert got == expected and len(got) == 5, fmt
        finally:
            shutil.rmtree(theirs.root, ignore_errors=True)
