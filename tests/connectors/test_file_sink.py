"""File sinks (parquet/csv/json/text), the batch DataFrameWriter and managed tables, on real
files: output is committed batch by batch to ``_spark_metadata``, a re-run batch writes
nothing new, files of a crashed batch are invisible, and readers see each row once."""

from __future__ import annotations

import datetime as dt
import json
import os

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.json as pajson
import pyarrow.parquet as pq
import pytest
from helpers import write_file

from rillet.connectors.base import SinkContext
from rillet.connectors.files.manifest import FileSinkLog, files_for_read, uri_to_path
from rillet.connectors.files.sink import ParquetStreamSink
from rillet.connectors.files.write_options import WriteOptions
from rillet.connectors.files.writer import write_files
from rillet.errors import AnalysisException, IllegalArgumentException
from rillet.sql import functions as F


@pytest.fixture
def warehouse(spark, tmp_path):
    """A private ``spark.sql.warehouse.dir``; tables the test creates are dropped after."""
    before = dict(spark._catalog_tables)
    spark.conf.set("spark.sql.warehouse.dir", str(tmp_path / "warehouse"))
    yield tmp_path / "warehouse"
    spark.conf.unset("spark.sql.warehouse.dir")
    for name in set(spark._catalog_tables) - set(before):
        spark._catalog_tables.pop(name)


def _stream_files(spark, src, sink_fmt, out, chk, batches, select=None, **writer_options):
    """Run ``text(src) -> select -> <sink_fmt> file sink`` one input file per batch."""
    lines = spark.readStream.option("maxFilesPerTrigger", 1).text(str(src))
    df = select(lines) if select is not None else lines
    writer = df.writeStream.format(sink_fmt).option("checkpointLocation", str(chk))
    for k, v in writer_options.items():
        writer = writer.option(k, v)
    q = writer.start(str(out))
    for i, batch in enumerate(batches):
        write_file(src, f"in-{i:03d}.txt", "".join(line + "\n" for line in batch))
        q.processAllAvailable()
    q.stop()


def _manifest_files(out) -> list[str]:
    files = files_for_read(str(out))
    assert files is not None
    return files


def test_parquet_sink_commits_each_batch_to_the_manifest(spark, tmp_path):
    src, out, chk = tmp_path / "in", tmp_path / "out", tmp_path / "chk"
    os.makedirs(src)
    _stream_files(spark, src, "parquet", out, chk, [["a", "b"], ["c"], ["d", "e", "f"]])

    meta = out / "_spark_metadata"
    assert sorted(os.listdir(meta)) == ["0", "1", "2"]
    lines = (meta / "1").read_text().split("\n")
    assert lines[0] == "v1"
    entry = json.loads(lines[1])
    assert set(entry) == {"path", "size", "isDir", "modificationTime", "blockReplication", "blockSize", "action"}
    assert entry["action"] == "add" and entry["isDir"] is False
    path = uri_to_path(entry["path"])
    assert entry["path"].startswith("file:///") and os.path.getsize(path) == entry["size"]
    name = os.path.basename(path)
    assert name.startswith("part-00000-") and name.endswith("-c000.snappy.parquet")
    assert sorted(r.value for r in spark.read.parquet(str(out)).collect()) == ["a", "b", "c", "d", "e", "f"]


def test_rerun_of_a_committed_batch_writes_nothing(tmp_path):
    out = tmp_path / "out"
    schema = pa.schema([pa.field("x", pa.int64())])
    ctx = SinkContext(options={}, schema=schema, path=str(out))
    sink = ParquetStreamSink(ctx)
    sink.add_batch(0, pa.table({"x": [1, 2]}), "append")
    files_before = sorted(os.listdir(out))
    # the engine re-runs batch 0 after a crash between the manifest and commits/0; a new
    # sink object (a restarted process) must skip it
    ParquetStreamSink(ctx).add_batch(0, pa.table({"x": [1, 2]}), "append")
    assert sorted(os.listdir(out)) == files_before
    assert [pq.read_table(f).column("x").to_pylist() for f in _manifest_files(out)] == [[1, 2]]


def test_query_restarted_after_manifest_but_before_commit_keeps_rows_once(spark, tmp_path):
    src, out, chk = tmp_path / "in", tmp_path / "out", tmp_path / "chk"
    os.makedirs(src)
    _stream_files(spark, src, "parquet", out, chk, [["a"], ["b"]])
    # crash window: the sink committed batch 1 but commits/1 was never written
    os.remove(chk / "commits" / "1")
    q = spark.readStream.option("maxFilesPerTrigger", 1).text(str(src)).writeStream.format("parquet") \
        .option("checkpointLocation", str(chk)).start(str(out))
    q.processAllAvailable()
    q.stop()
    assert os.path.exists(chk / "commits" / "1")  # batch 1 did run again
    assert sorted(r.value for r in spark.read.parquet(str(out)).collect()) == ["a", "b"]


def test_orphan_files_of_a_crashed_batch_are_invisible(spark, tmp_path, warehouse):
    src, out, chk = tmp_path / "in", tmp_path / "out", tmp_path / "chk"
    os.makedirs(src)
    _stream_files(spark, src, "parquet", out, chk, [["a"], ["b"]])
    # a batch that wrote its file and died before its manifest entry
    orphan = write_files(pa.table({"value": pa.array(["ghost"], pa.large_string())}), str(out),
                         WriteOptions.parse("parquet", {}))
    assert len(orphan) == 1 and os.path.exists(orphan[0])
    assert orphan[0] not in _manifest_files(out)
    assert sorted(r.value for r in spark.read.parquet(str(out)).collect()) == ["a", "b"]
    assert sorted(r.value for r in spark.read.format("parquet").load(str(out)).collect()) == ["a", "b"]


def test_manifest_is_compacted_every_compact_interval_batches(spark, tmp_path):
    src, out, chk = tmp_path / "in", tmp_path / "out", tmp_path / "chk"
    os.makedirs(src)
    spark.conf.set("spark.sql.streaming.fileSink.log.compactInterval", "3")
    try:
        _stream_files(spark, src, "parquet", out, chk, [[f"r{i}"] for i in range(7)])
    finally:
        spark.conf.unset("spark.sql.streaming.fileSink.log.compactInterval")
    assert sorted(os.listdir(out / "_spark_metadata")) == ["0", "1", "2.compact", "3", "4", "5.compact", "6"]
    compact = (out / "_spark_metadata" / "5.compact").read_text().split("\n")
    assert compact[0] == "v1" and len(compact) == 1 + 6  # the files of batches 0..5
    assert FileSinkLog(str(out)).compact_interval == 3
    assert sorted(r.value for r in spark.read.parquet(str(out)).collect()) == [f"r{i}" for i in range(7)]


def test_partition_by_writes_hive_folders_with_spark_values(spark, tmp_path):
    src, out, chk = tmp_path / "in", tmp_path / "out", tmp_path / "chk"
    os.makedirs(src)

    def select(lines):
        parts = F.split("value", ",")
        return lines.select(parts[0].alias("v"), F.when(parts[1] != "-", parts[1]).alias("k"),
                            parts[2].cast("double").alias("d"))

    write_file(src, "1.txt", "1,a/b,1.5\n2,-,1e8\n3,a/b,1.5\n")
    out2, chk2 = out, chk
    lines = spark.readStream.text(str(src))
    q = (select(lines).writeStream.format("parquet").partitionBy("k", "d").option("checkpointLocation", str(chk2))
         .start(str(out2)))
    q.processAllAvailable()
    q.stop()
    folders = sorted(os.path.relpath(os.path.dirname(f), out2) for f in _manifest_files(out2))
    assert folders == ["k=__HIVE_DEFAULT_PARTITION__/d=1.0E8", "k=a%2Fb/d=1.5"]
    for f in _manifest_files(out2):
        assert pq.read_table(f).column_names == ["v"]
        assert os.path.basename(f).endswith(".c000.snappy.parquet")
    rows = {os.path.relpath(os.path.dirname(f), out2): sorted(pq.read_table(f).column("v").to_pylist())
            for f in _manifest_files(out2)}
    assert rows == {"k=__HIVE_DEFAULT_PARTITION__/d=1.0E8": ["2"], "k=a%2Fb/d=1.5": ["1", "3"]}


def _all_types(lines):
    return lines.select(
        F.col("value").alias("s"),
        F.length("value").alias("n"),
        (F.length("value") * 1.5).alias("d"),
        F.lit(1e20).alias("big"),
        F.lit(dt.datetime(2024, 1, 2, 3, 4, 5, 123000, tzinfo=dt.timezone.utc)).alias("ts"),
        F.lit(dt.date(2024, 1, 2)).alias("day"),
        (F.length("value") > 1).alias("b"),
        F.when(F.col("value") == "x", None).otherwise(F.col("value")).alias("maybe"),
    )


@pytest.mark.parametrize("fmt", ["parquet", "csv", "json", "text"])
def test_every_format_round_trips(spark, tmp_path, fmt):
    src, out, chk = tmp_path / "in", tmp_path / "out", tmp_path / "chk"
    os.makedirs(src)
    batches = [["x", "a,b"], ['say "hi"', "  padded  "]]
    select = None if fmt == "text" else _all_types
    _stream_files(spark, src, fmt, out, chk, batches, select=select)
    files = _manifest_files(out)
    assert len(files) == 2
    lines = [line for b in batches for line in b]
    if fmt == "text":
        got = [r.value for r in spark.read.text(str(out)).collect()]
        assert sorted(got) == sorted(lines)
        return
    if fmt == "parquet":
        table = pa.concat_tables([pq.read_table(f) for f in files])
        assert sorted(table.column("s").to_pylist()) == sorted(lines)
        assert table.column("ts").type == pa.timestamp("us", tz="UTC")
        return
    if fmt == "json":
        text = "".join(open(f, encoding="utf-8").read() for f in files)
        objects = [json.loads(line) for line in text.splitlines()]
        assert sorted(o["s"] for o in objects) == sorted(lines)
        first = next(o for o in objects if o["s"] == "x")
        assert "maybe" not in first  # null fields are omitted
        assert first["big"] == 1e20 and '"big":1.0E20' in text
        assert first["ts"] == "2024-01-02T03:04:05.123Z" and first["day"] == "2024-01-02"
        table = pa.concat_tables([pajson.read_json(f) for f in files])
        assert sorted(table.column("s").to_pylist()) == sorted(lines)
        return
    names = ["s", "n", "d", "big", "ts", "day", "b", "maybe"]
    text = "".join(open(f, encoding="utf-8").read() for f in files)
    assert 'x,1,1.5,1.0E20,2024-01-02T03:04:05.123Z,2024-01-02,false,\n' in text
    assert '"say \\"hi\\""' in text  # quotes escaped with a backslash, value quoted
    opts = pacsv.ReadOptions(column_names=names)
    parse = pacsv.ParseOptions(escape_char="\\")
    conv = pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=False)
    table = pa.concat_tables([pacsv.read_csv(f, read_options=opts, parse_options=parse, convert_options=conv)
                              for f in files])
    # csv trims surrounding spaces on write, as Spark does
    assert sorted(table.column("s").to_pylist()) == sorted(v.strip() for v in lines)


def test_csv_header_and_json_time_zone(spark, tmp_path):
    df = spark.createDataFrame([("a", dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc))], "s string, t timestamp")
    df.write.option("header", True).csv(str(tmp_path / "csv"))
    (csv_file,) = [f for f in os.listdir(tmp_path / "csv") if f.endswith(".csv")]
    assert (tmp_path / "csv" / csv_file).read_text() == "s,t\na,2024-01-02T03:04:05.000Z\n"
    spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    try:
        df.write.json(str(tmp_path / "json"))
    finally:
        spark.conf.set("spark.sql.session.timeZone", "UTC")
    (json_file,) = [f for f in os.listdir(tmp_path / "json") if f.endswith(".json")]
    assert (tmp_path / "json" / json_file).read_text() == '{"s":"a","t":"2024-01-01T19:04:05.000-08:00"}\n'


def test_file_sink_rejects_other_output_modes_and_a_missing_path(spark, tmp_path):
    lines = spark.readStream.text(str(tmp_path))
    with pytest.raises(AnalysisException) as e:
        (lines.groupBy("value").count().writeStream.format("json").outputMode("complete")
         .option("checkpointLocation", str(tmp_path / "c1")).start(str(tmp_path / "o1")))
    assert e.value.getCondition() == "STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE"
    assert "not supported in Data Source json" in str(e.value)
    with pytest.raises(IllegalArgumentException, match="'path' is not specified"):
        lines.writeStream.format("parquet").option("checkpointLocation", str(tmp_path / "c2")).start()


def test_text_sink_fails_the_query_on_a_non_string_column(spark, tmp_path):
    src = tmp_path / "in"
    write_file(src, "a.txt", "x\n")
    q = (spark.readStream.text(str(src)).select(F.length("value").alias("n")).writeStream.format("text")
         .option("checkpointLocation", str(tmp_path / "chk")).start(str(tmp_path / "out")))
    with pytest.raises(Exception, match="UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE.*column `n` of the type \"INT\""):
        q.processAllAvailable()


# ---------------------------------------------------------------------------
# DataFrameWriter


def test_batch_write_save_modes(spark, tmp_path):
    out = str(tmp_path / "out")
    df = spark.createDataFrame([(1, "a"), (2, "b")], "id int, s string")
    df.write.parquet(out)
    assert "_SUCCESS" in os.listdir(out)
    with pytest.raises(AnalysisException) as e:
        df.write.parquet(out)
    assert e.value.getCondition() == "PATH_ALREADY_EXISTS"
    assert e.value.getMessageParameters() == {"outputPath": f"file:{out}"}
    df.write.mode("ignore").parquet(out)
    assert spark.read.parquet(out).count() == 2
    df.write.mode("append").parquet(out)
    assert spark.read.parquet(out).count() == 4
    df.limit(1).write.mode("overwrite").parquet(out)
    assert [tuple(r) for r in spark.read.parquet(out).collect()] == [(1, "a")]
    with pytest.raises(AnalysisException) as e:
        df.write.mode("sometimes")
    assert e.value.getCondition() == "INVALID_SAVE_MODE"


def test_batch_write_formats_and_partitions(spark, tmp_path):
    df = spark.createDataFrame([(1, "a", None), (2, "b", "x"), (3, "a", "y")], "id int, k string, v string")
    df.write.format("json").partitionBy("k").save(str(tmp_path / "json"))
    assert sorted(n for n in os.listdir(tmp_path / "json")) == ["_SUCCESS", "k=a", "k=b"]
    (f,) = os.listdir(tmp_path / "json" / "k=a")
    assert f.startswith("part-00000-") and f.endswith(".c000.json")
    assert (tmp_path / "json" / "k=a" / f).read_text() == '{"id":1}\n{"id":3,"v":"y"}\n'
    df.select("v").write.text(str(tmp_path / "text"))
    (t,) = [n for n in os.listdir(tmp_path / "text") if n.endswith(".txt")]
    assert (tmp_path / "text" / t).read_text() == "\nx\ny\n"
    with pytest.raises(AnalysisException) as e:
        df.write.partitionBy("nope").parquet(str(tmp_path / "p"))
    assert e.value.getCondition() == "_LEGACY_ERROR_TEMP_1155"
    with pytest.raises(AnalysisException) as e:
        _ = spark.readStream.text(str(tmp_path)).write
    assert e.value.getCondition() == "CALL_ON_STREAMING_DATASET_UNSUPPORTED"


def test_save_as_table_and_modes(spark, warehouse):
    df = spark.createDataFrame([(1, "a")], "id int, s string")
    df.write.saveAsTable("fs_people")
    assert os.path.isdir(warehouse / "fs_people")
    assert [tuple(r) for r in spark.table("fs_people").collect()] == [(1, "a")]
    with pytest.raises(AnalysisException) as e:
        df.write.saveAsTable("fs_people")
    assert e.value.getCondition() == "TABLE_OR_VIEW_ALREADY_EXISTS"
    df.write.mode("append").saveAsTable("fs_people")
    assert spark.read.table("fs_people").count() == 2
    with pytest.raises(AnalysisException) as e:
        df.select("id").write.mode("append").saveAsTable("fs_people")
    assert e.value.getCondition() == "_LEGACY_ERROR_TEMP_1161"
    df.write.mode("overwrite").saveAsTable("fs_people")
    assert spark.table("fs_people").count() == 1


# ---------------------------------------------------------------------------
# toTable / readStream.table


def test_to_table_writes_a_managed_table_that_streams_and_reads(spark, tmp_path, warehouse):
    src = tmp_path / "in"
    os.makedirs(src)
    q = (spark.readStream.option("maxFilesPerTrigger", 1).text(str(src)).writeStream
         .option("checkpointLocation", str(tmp_path / "chk")).toTable("fs_events"))
    follower = (spark.readStream.table("fs_events").writeStream.format("memory").queryName("fs_follow")
                .option("checkpointLocation", str(tmp_path / "chk2")).start())
    write_file(src, "1.txt", "a\nb\n")
    q.processAllAvailable()
    follower.processAllAvailable()
    assert os.path.isdir(warehouse / "fs_events" / "_spark_metadata")
    assert sorted(r.value for r in spark.table("fs_events").collect()) == ["a", "b"]
    (listed,) = [t for t in spark.catalog.listTables() if t.name == "fs_events"]
    assert (listed.tableType, listed.isTemporary) == ("MANAGED", False)
    write_file(src, "2.txt", "c\n")
    q.processAllAvailable()
    follower.processAllAvailable()
    assert sorted(r.value for r in spark.read.table("fs_events").collect()) == ["a", "b", "c"]
    assert sorted(r.value for r in spark.table("fs_follow").collect()) == ["a", "b", "c"]
    q.stop()
    follower.stop()
    # the follower's restart resumes after what it already read
    follower = (spark.readStream.table("fs_events").writeStream.format("memory").queryName("fs_follow2")
                .option("checkpointLocation", str(tmp_path / "chk2")).start())
    follower.processAllAvailable()
    assert spark.table("fs_follow2").count() == 0


def test_to_table_with_partition_by_reads_back_typed_partition_columns(spark, tmp_path, warehouse):
    src = tmp_path / "in"
    write_file(src, "1.txt", "a\nbb\nccc\n")
    lines = spark.readStream.text(str(src))
    rows = lines.select("value", F.when(F.length("value") < 3, F.length("value")).alias("size"))
    q = (rows.writeStream.partitionBy("size").option("checkpointLocation", str(tmp_path / "chk"))
         .toTable("fs_sized"))
    q.processAllAvailable()
    q.stop()
    assert sorted(os.listdir(warehouse / "fs_sized")) == [
        "_spark_metadata", "size=1", "size=2", "size=__HIVE_DEFAULT_PARTITION__"]
    df = spark.table("fs_sized")
    assert df.schema.simpleString() == "struct<value:string,size:int>"
    assert sorted((r.value, r.size) for r in df.collect()) == [("a", 1), ("bb", 2), ("ccc", None)]


def test_restart_deletes_the_files_of_a_batch_that_never_reached_the_manifest(tmp_path):
    out, meta = tmp_path / "out", tmp_path / "chk" / "sinks" / "0"
    schema = pa.schema([pa.field("x", pa.int64())])
    ctx = SinkContext(options={}, schema=schema, path=str(out), partition_by=(), metadata_path=str(meta))
    sink = ParquetStreamSink(ctx)
    sink.add_batch(0, pa.table({"x": [1]}), "append")
    assert not os.path.exists(meta / "pending")  # a committed batch leaves nothing pending
    # batch 1 dies after writing its file and before its manifest entry
    import uuid

    job = uuid.uuid4()
    os.makedirs(meta, exist_ok=True)
    (meta / "pending").write_text(json.dumps({"batchId": 1, "job": str(job)}))
    (orphan,) = write_files(pa.table({"x": [2]}), str(out), WriteOptions.parse("parquet", {}), job=job)
    restarted = ParquetStreamSink(ctx)  # the restarted query's sink
    # deleted once the restarted run commits batch 1 itself: until then the writer of that
    # batch might be another runner still alive, whose files these would be
    assert os.path.exists(orphan)
    restarted.add_batch(1, pa.table({"x": [3]}), "append")
    assert not os.path.exists(orphan) and not os.path.exists(meta / "pending")
    assert [pq.read_table(f).column("x").to_pylist() for f in _manifest_files(out)] == [[1], [3]]


@pytest.mark.parametrize("fmt", ["parquet", "json"])
def test_partitioned_save_as_table_puts_partition_columns_last(spark, warehouse, fmt):
    df = spark.createDataFrame([(1, "a", 1.5), (2, None, None)], "id int, s string, d double")
    df.write.format(fmt).partitionBy("id").saveAsTable(f"fs_parts_{fmt}")
    assert sorted(n for n in os.listdir(warehouse / f"fs_parts_{fmt}") if not n.startswith("_")) == ["id=1", "id=2"]
    table = spark.table(f"fs_parts_{fmt}")
    assert table.schema.simpleString() == "struct<s:string,d:double,id:int>"
    assert sorted((tuple(r) for r in table.collect()), key=lambda r: r[2]) == [("a", 1.5, 1), (None, None, 2)]
