"""File sources for csv, json, parquet and orc: real files created, appended and deleted
while queries run; exactly-once across restarts; parse modes; Spark's source options."""

from __future__ import annotations

import logging
import os
import time

import pyarrow as pa
import pyarrow.orc as po
import pyarrow.parquet as pq
import pytest
from helpers import write_file

from rillet.errors import AnalysisException, IllegalArgumentException, StreamingQueryException


def collect_batches(df, chk, **opts):
    """Start ``df`` into foreachBatch; returns (query, [(batch_id, sorted rows)])."""
    seen: list[tuple[int, list[tuple]]] = []
    writer = df.writeStream.option("checkpointLocation", str(chk))
    for k, v in opts.items():
        writer = writer.option(k, v)
    q = writer.foreachBatch(lambda bdf, i: seen.append((i, sorted((tuple(r) for r in bdf.collect()), key=repr)))).start()
    return q, seen


def rows(batches):
    return sorted((r for _, rs in batches for r in rs), key=repr)


def set_mtime(path, seconds_ago: float) -> None:
    t = time.time() - seconds_ago
    os.utime(path, (t, t))


# --- csv ------------------------------------------------------------------------------


def test_csv_files_with_header_and_sep_stream_one_batch_per_arrival(spark, tmp_path):
    src = tmp_path / "in"
    os.makedirs(src)
    df = spark.readStream.csv(str(src), schema="id INT, name STRING, score DOUBLE", header=True, sep=";")
    q, seen = collect_batches(df, tmp_path / "chk")
    write_file(src, "1.csv", "id;name;score\n1;ann;1.5\n2;bob;2\n")
    q.processAllAvailable()
    write_file(src, "2.csv", "id;name;score\n3;cy;-0.25\n")
    q.processAllAvailable()
    assert seen == [(0, [(1, "ann", 1.5), (2, "bob", 2.0)]), (1, [(3, "cy", -0.25)])]


def test_restart_on_the_same_checkpoint_reads_each_file_exactly_once(spark, tmp_path):
    src, chk = tmp_path / "in", tmp_path / "chk"
    os.makedirs(src)
    all_batches: list = []

    def run(files: dict[str, str]) -> None:
        # the files arrive before the run starts, so each run's files are one batch (written
        # while it runs, a trigger between two writes would split them: a flaky count)
        for name, text in files.items():
            write_file(src, name, text)
        df = spark.readStream.schema("file STRING, n INT").csv(str(src))
        q, seen = collect_batches(df, chk)
        q.processAllAvailable()
        q.stop()
        all_batches.extend(seen)

    run({"a.csv": "a,1\na,2\n", "b.csv": "b,1\n"})
    run({"c.csv": "c,1\n"})
    run({})  # nothing new: no batch, nothing re-read
    files_read = [r[0] for r in rows(all_batches)]
    assert sorted(files_read) == ["a", "a", "b", "c"]
    assert [i for i, _ in all_batches] == [0, 1]
    log_dir = chk / "sources" / "0"
    logged = [ln for n in sorted(os.listdir(log_dir)) for ln in (log_dir / n).read_text().splitlines()[1:]]
    assert len(logged) == 3  # a, b, c: each admitted once


def test_an_uncommitted_batch_is_replayed_with_the_same_files(spark, tmp_path):
    src, chk = tmp_path / "in", tmp_path / "chk"
    os.makedirs(src)
    df = spark.readStream.schema("v INT").csv(str(src))
    q, _ = collect_batches(df, chk)
    write_file(src, "1.csv", "1\n2\n")
    q.processAllAvailable()
    q.stop()
    # the crash between offsets/1 and commits/1: batch 1 must re-run with the logged files
    write_file(src, "2.csv", "3\n")
    q, _ = collect_batches(df, chk)
    q.processAllAvailable()
    q.stop()
    os.remove(chk / "commits" / "1")
    write_file(src, "3.csv", "4\n")  # arrives later: not part of the replayed batch
    q, seen = collect_batches(df, chk)
    q.processAllAvailable()
    assert seen == [(1, [(3,)]), (2, [(4,)])]


def test_csv_permissive_keeps_malformed_rows_with_the_raw_line(spark, tmp_path):
    write_file(tmp_path / "in", "bad.csv", "1,x,2.5\n2,y\nz,w,1.0\n3,v,1.0,extra\n\n4,,\n")
    df = spark.readStream.csv(str(tmp_path / "in"), schema="a INT, b STRING, c DOUBLE, _corrupt_record STRING")
    q, seen = collect_batches(df, tmp_path / "chk")
    q.processAllAvailable()
    assert rows(seen) == sorted([
        (1, "x", 2.5, None), (2, "y", None, "2,y"), (None, "w", 1.0, "z,w,1.0"),
        (3, "v", 1.0, "3,v,1.0,extra"), (4, None, None, None),
    ], key=repr)


def test_csv_dropmalformed_drops_and_counts_malformed_rows(spark, tmp_path, caplog):
    write_file(tmp_path / "in", "bad.csv", "1,x,2.5\n2,y\nz,w,1.0\n3,v,1.0,extra\n4,,\n")
    df = spark.readStream.csv(str(tmp_path / "in"), schema="a INT, b STRING, c DOUBLE", mode="DROPMALFORMED")
    q, seen = collect_batches(df, tmp_path / "chk")
    with caplog.at_level(logging.WARNING, logger="rillet.connectors.files"):
        q.processAllAvailable()
    assert rows(seen) == [(1, "x", 2.5), (4, None, None)]
    assert any("dropped 3 malformed record(s)" in m and "bad.csv" in m for m in caplog.messages)


def test_csv_failfast_fails_the_query_naming_the_file_and_the_record(spark, tmp_path):
    write_file(tmp_path / "in", "bad.csv", "1,x\n2,y,3\n")
    df = spark.readStream.csv(str(tmp_path / "in"), schema="a INT, b STRING", mode="FAILFAST")
    q, seen = collect_batches(df, tmp_path / "chk")
    with pytest.raises(StreamingQueryException) as info:
        q.processAllAvailable()
    err = info.value
    assert err.getCondition() == "STREAM_FAILED"
    assert "[FAILED_READ_FILE.NO_HINT]" in str(err) and "bad.csv" in str(err)
    cause = err.cause
    assert cause.getCondition() == "FAILED_READ_FILE.NO_HINT"
    assert cause.cause.getCondition() == "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION"
    assert "2,y,3" in str(cause.cause)
    assert seen == []


def test_csv_null_empty_and_datetime_options(spark, tmp_path):
    write_file(tmp_path / "in", "a.csv", 'NA|""|x|02/03/2024|2024-02-03 04:05\n1||NA|12/31/1999|bad\n')
    df = spark.readStream.csv(
        str(tmp_path / "in"), schema="a STRING, b STRING, c STRING, d DATE, t TIMESTAMP", sep="|",
        nullValue="NA", emptyValue="E", dateFormat="MM/dd/yyyy", timestampFormat="yyyy-MM-dd HH:mm",
    )
    q, seen = collect_batches(df.selectExpr("a", "b", "c", "CAST(d AS STRING)", "CAST(t AS STRING)"), tmp_path / "chk")
    q.processAllAvailable()
    assert rows(seen) == sorted([
        (None, "E", "x", "2024-02-03", "2024-02-03 04:05:00"), ("1", None, None, "1999-12-31", None),
    ], key=repr)


def test_csv_comment_quote_escape_and_line_sep(spark, tmp_path):
    write_file(tmp_path / "in", "a.csv", "#skip me;'a,b',1;'it\\'s',2;")
    df = spark.readStream.csv(str(tmp_path / "in"), schema="s STRING, n INT", comment="#", quote="'",
                              escape="\\", lineSep=";")
    q, seen = collect_batches(df, tmp_path / "chk")
    q.processAllAvailable()
    assert rows(seen) == sorted([("a,b", 1), ("it's", 2)], key=repr)


# --- json -----------------------------------------------------------------------------


JSON_LINES = '{"a":1,"b":"x"}\n{"a":"zz","b":"y"}\n{bad json\n{"a":2}\n\n{"a":3.5,"b":5}\n[1,2]\n'


def test_json_permissive_keeps_partial_results_and_the_raw_record(spark, tmp_path):
    write_file(tmp_path / "in", "a.json", JSON_LINES)
    df = spark.readStream.json(str(tmp_path / "in"), schema="a INT, b STRING, _corrupt_record STRING")
    q, seen = collect_batches(df, tmp_path / "chk")
    q.processAllAvailable()
    assert rows(seen) == sorted([
        (1, "x", None), (None, "y", '{"a":"zz","b":"y"}'), (None, None, "{bad json"), (2, None, None),
        (None, "5", '{"a":3.5,"b":5}'), (None, None, "[1,2]"),
    ], key=repr)


def test_json_dropmalformed_and_a_custom_corrupt_column(spark, tmp_path):
    write_file(tmp_path / "in", "a.json", JSON_LINES)
    drop = spark.readStream.json(str(tmp_path / "in"), schema="a INT, b STRING", mode="DROPMALFORMED")
    q, seen = collect_batches(drop, tmp_path / "chk1")
    q.processAllAvailable()
    assert rows(seen) == [(1, "x"), (2, None)]
    keep = spark.readStream.json(str(tmp_path / "in"), schema="a INT, bad STRING", columnNameOfCorruptRecord="bad")
    q, seen = collect_batches(keep, tmp_path / "chk2")
    q.processAllAvailable()
    assert sorted(r[1] for r in rows(seen) if r[1] is not None) == sorted(
        ['{"a":"zz","b":"y"}', "{bad json", '{"a":3.5,"b":5}', "[1,2]"]
    )


def test_json_failfast_fails_the_query(spark, tmp_path):
    write_file(tmp_path / "in", "a.json", '{"a":1}\n{"a":"q"}\n')
    df = spark.readStream.json(str(tmp_path / "in"), schema="a INT", mode="FAILFAST")
    q, _ = collect_batches(df, tmp_path / "chk")
    with pytest.raises(StreamingQueryException) as info:
        q.processAllAvailable()
    assert "FAILED_READ_FILE.NO_HINT" in str(info.value) and "a.json" in str(info.value)
    assert '{"a":"q"}' in str(info.value.cause.cause)


def test_json_nested_types_dates_and_multiline(spark, tmp_path):
    write_file(tmp_path / "in", "a.json",
               '{"t":"2024-01-02 03:04:05","d":"2024-01-02","n":{"x":1},"arr":[1,2],"f":"NaN"}\n')
    write_file(tmp_path / "ml", "b.json", '[\n {"t": 0, "n": {"x": 7},\n  "arr": []},\n {"f": 1.5}\n]\n')
    schema = "t TIMESTAMP, d DATE, n STRUCT<x: INT>, arr ARRAY<INT>, f DOUBLE"
    q, seen = collect_batches(
        spark.readStream.json(str(tmp_path / "in"), schema=schema)
        .selectExpr("CAST(t AS STRING)", "CAST(d AS STRING)", "n.x", "arr", "isnan(f)"), tmp_path / "c1")
    q.processAllAvailable()
    assert rows(seen) == [("2024-01-02 03:04:05", "2024-01-02", 1, [1, 2], True)]
    q, seen = collect_batches(
        spark.readStream.json(str(tmp_path / "ml"), schema=schema, multiLine=True)
        .selectExpr("CAST(t AS STRING)", "n.x", "arr", "f"), tmp_path / "c2")
    q.processAllAvailable()
    assert rows(seen) == sorted([("1970-01-01 00:00:00", 7, [], None), (None, None, None, 1.5)], key=repr)


# --- parquet / orc and schemas ----------------------------------------------------------


def test_parquet_stream_with_partition_columns_from_key_value_folders(spark, tmp_path):
    src = tmp_path / "in"
    os.makedirs(src / "day=2024-01-01" / "k=1")
    pq.write_table(pa.table({"v": [1, 2]}), src / "day=2024-01-01" / "k=1" / "a.parquet")
    df = spark.readStream.schema("v LONG").parquet(str(src))
    assert df.schema.simpleString() == "struct<v:bigint,day:date,k:int>"
    q, seen = collect_batches(df.selectExpr("v", "CAST(day AS STRING)", "k"), tmp_path / "chk")
    q.processAllAvailable()
    os.makedirs(src / "day=2024-01-02" / "k=2")
    pq.write_table(pa.table({"v": [3]}), src / "day=2024-01-02" / "k=2" / ".b.parquet.tmp")
    os.replace(src / "day=2024-01-02" / "k=2" / ".b.parquet.tmp", src / "day=2024-01-02" / "k=2" / "b.parquet")
    q.processAllAvailable()
    assert seen == [(0, [(1, "2024-01-01", 1), (2, "2024-01-01", 1)]), (1, [(3, "2024-01-02", 2)])]


def test_a_partition_column_in_the_user_schema_keeps_the_users_type(spark, tmp_path):
    os.makedirs(tmp_path / "in" / "k=07")
    pq.write_table(pa.table({"v": [1]}), tmp_path / "in" / "k=07" / "a.parquet")
    df = spark.readStream.schema("k STRING, v LONG").parquet(str(tmp_path / "in"))
    assert df.schema.simpleString() == "struct<v:bigint,k:string>"
    q, seen = collect_batches(df, tmp_path / "chk")
    q.processAllAvailable()
    assert rows(seen) == [(1, "07")]


def test_orc_stream(spark, tmp_path):
    os.makedirs(tmp_path / "in")
    po.write_table(pa.table({"a": pa.array([1, 2], pa.int32()), "s": ["x", "y"]}), str(tmp_path / "in" / "a.orc"))
    q, seen = collect_batches(spark.readStream.schema("a INT, s STRING, missing DOUBLE").orc(str(tmp_path / "in")),
                              tmp_path / "chk")
    q.processAllAvailable()
    assert rows(seen) == [(1, "x", None), (2, "y", None)]


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet", "orc"])
def test_a_stream_without_a_schema_is_rejected(spark, tmp_path, fmt):
    with pytest.raises(IllegalArgumentException) as info:
        spark.readStream.format(fmt).load(str(tmp_path))
    assert info.value.getCondition() == "_LEGACY_ERROR_TEMP_2048"
    assert str(info.value).startswith("Schema must be specified when creating a streaming source DataFrame.")


def test_a_missing_path_and_no_path_are_rejected(spark, tmp_path):
    with pytest.raises(AnalysisException) as info:
        spark.readStream.schema("a INT").csv(str(tmp_path / "nope"))
    assert info.value.getCondition() == "PATH_NOT_FOUND" and "nope" in str(info.value)
    with pytest.raises(IllegalArgumentException) as info2:
        spark.readStream.schema("a INT").format("csv").load()
    assert str(info2.value) == "'path' is not specified."


def test_schema_inference_conf_infers_from_existing_files(spark, tmp_path):
    os.makedirs(tmp_path / "pq" / "p=x")
    pq.write_table(pa.table({"a": pa.array([1], pa.int32()), "b": ["s"]}), tmp_path / "pq" / "p=x" / "f.parquet")
    write_file(tmp_path / "csv", "f.csv", "a,b\n1,2.5\n")
    os.makedirs(tmp_path / "empty")
    spark.conf.set("spark.sql.streaming.schemaInference", "true")
    try:
        assert spark.readStream.parquet(str(tmp_path / "pq")).schema.simpleString() == "struct<a:int,b:string,p:string>"
        csv = spark.readStream.option("header", True).option("inferSchema", True).csv(str(tmp_path / "csv"))
        assert csv.schema.simpleString() == "struct<a:int,b:double>"
        with pytest.raises(AnalysisException) as info:
            spark.readStream.json(str(tmp_path / "empty"))
        assert info.value.getCondition() == "UNABLE_TO_INFER_SCHEMA"
        q, seen = collect_batches(spark.readStream.parquet(str(tmp_path / "pq")), tmp_path / "chk")
        q.processAllAvailable()
        assert rows(seen) == [(1, "s", "x")]
    finally:
        spark.conf.set("spark.sql.streaming.schemaInference", "false")


# --- admission, listing and cleanup options ---------------------------------------------------


def test_max_files_per_trigger_and_latest_first(spark, tmp_path):
    src = tmp_path / "in"
    for i in range(3):
        write_file(src, f"{i}.csv", f"{i}\n")
        set_mtime(src / f"{i}.csv", 100 - i)  # 0 oldest, 2 newest
    q, seen = collect_batches(spark.readStream.schema("v INT").option("maxFilesPerTrigger", 2).csv(str(src)), tmp_path / "c1")
    q.processAllAvailable()
    assert seen == [(0, [(0,), (1,)]), (1, [(2,)])]
    q, seen = collect_batches(
        spark.readStream.schema("v INT").option("maxFilesPerTrigger", 1).option("latestFirst", True).csv(str(src)),
        tmp_path / "c2")
    q.processAllAvailable()
    assert seen == [(0, [(2,)]), (1, [(1,)]), (2, [(0,)])]


def test_max_bytes_per_trigger_admits_by_size_and_at_least_one_file(spark, tmp_path):
    src = tmp_path / "in"
    write_file(src, "a.csv", "1\n" * 10)   # 20 bytes
    write_file(src, "b.csv", "2\n" * 10)   # 20 bytes
    write_file(src, "c.csv", "3\n" * 100)  # 200 bytes: more than the limit on its own
    for i, n in enumerate(["a", "b", "c"]):
        set_mtime(src / f"{n}.csv", 100 - i)
    q, seen = collect_batches(spark.readStream.schema("v INT").option("maxBytesPerTrigger", 45).csv(str(src)),
                              tmp_path / "chk")
    q.processAllAvailable()
    assert [(i, sorted({r[0] for r in rs}), len(rs)) for i, rs in seen] == [(0, [1, 2], 20), (1, [3], 100)]


def test_max_file_age_ignores_files_older_than_the_newest_seen(spark, tmp_path):
    src = tmp_path / "in"
    write_file(src, "new.csv", "1\n")
    df = spark.readStream.schema("v INT").option("maxFileAge", "1h").csv(str(src))
    q, seen = collect_batches(df, tmp_path / "chk")
    q.processAllAvailable()
    staged = write_file(tmp_path / "staging", "old.csv", "2\n")
    set_mtime(staged, 2 * 3600)
    os.replace(staged, src / "old.csv")  # a rename keeps the old modification time
    write_file(src, "fresh.csv", "3\n")
    q.processAllAvailable()
    assert rows(seen) == [(1,), (3,)]


def test_file_name_only_treats_same_names_in_other_folders_as_seen(spark, tmp_path):
    write_file(tmp_path / "in" / "a", "f.csv", "1\n")
    df = spark.readStream.schema("v INT").option("fileNameOnly", True).csv(str(tmp_path / "in" / "*"))
    q, seen = collect_batches(df, tmp_path / "chk")
    q.processAllAvailable()
    write_file(tmp_path / "in" / "b", "f.csv", "2\n")
    write_file(tmp_path / "in" / "b", "g.csv", "3\n")
    q.processAllAvailable()
    assert rows(seen) == [(1,), (3,)]


def test_glob_paths_path_glob_filter_and_recursive_lookup(spark, tmp_path):
    write_file(tmp_path / "in" / "2024" / "deep", "x.csv", "9\n")
    write_file(tmp_path / "in" / "2024", "a.csv", "1\n")
    write_file(tmp_path / "in" / "2024", "a.txt", "2\n")
    write_file(tmp_path / "in" / "2025", "b.csv", "3\n")
    write_file(tmp_path / "in" / "other", "c.csv", "4\n")
    glob = spark.readStream.schema("v INT").option("pathGlobFilter", "*.csv").csv(str(tmp_path / "in" / "202[45]"))
    q, seen = collect_batches(glob, tmp_path / "c1")
    q.processAllAvailable()
    assert rows(seen) == [(1,), (3,)]
    rec = spark.readStream.schema("v INT").option("recursiveFileLookup", True).option("pathGlobFilter", "*.csv") \
        .csv(str(tmp_path / "in"))
    q, seen = collect_batches(rec, tmp_path / "c2")
    q.processAllAvailable()
    assert rows(seen) == [(1,), (3,), (4,), (9,)]


def test_modified_after_skips_older_files(spark, tmp_path):
    write_file(tmp_path / "in", "old.csv", "1\n")
    set_mtime(tmp_path / "in" / "old.csv", 3 * 86400)  # before the query starts: no race
    write_file(tmp_path / "in", "new.csv", "2\n")
    import datetime as dt

    cutoff = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
    df = spark.readStream.schema("v INT").option("modifiedAfter", cutoff).csv(str(tmp_path / "in"))
    q, seen = collect_batches(df, tmp_path / "chk")
    q.processAllAvailable()
    assert rows(seen) == [(2,)]


def test_clean_source_delete_removes_files_of_committed_batches(spark, tmp_path):
    src = tmp_path / "in"
    os.makedirs(src)
    df = spark.readStream.schema("v INT").option("cleanSource", "delete").csv(str(src))
    q, seen = collect_batches(df, tmp_path / "chk")
    write_file(src, "a.csv", "1\n")
    q.processAllAvailable()
    write_file(src, "b.csv", "2\n")
    q.processAllAvailable()
    assert rows(seen) == [(1,), (2,)]
    assert sorted(os.listdir(src)) == []


def test_clean_source_archive_moves_files_under_the_archive_dir(spark, tmp_path):
    src, archive = tmp_path / "in", tmp_path / "archive"
    os.makedirs(src)
    df = spark.readStream.schema("v INT").option("cleanSource", "archive") \
        .option("sourceArchiveDir", str(archive)).csv(str(src))
    q, seen = collect_batches(df, tmp_path / "chk")
    write_file(src, "a.csv", "1\n")
    q.processAllAvailable()
    q.stop()
    assert os.listdir(src) == []
    assert (archive / str(src / "a.csv").lstrip("/")).read_text() == "1\n"
    with pytest.raises(IllegalArgumentException):
        spark.readStream.schema("v INT").option("cleanSource", "archive").csv(str(src))


def test_files_deleted_before_admission_are_never_read(spark, tmp_path):
    src = tmp_path / "in"
    os.makedirs(src)
    df = spark.readStream.schema("v INT").csv(str(src))
    q, seen = collect_batches(df, tmp_path / "chk")
    write_file(src, "a.csv", "1\n")
    q.processAllAvailable()
    q.stop()
    write_file(src, "gone.csv", "2\n")
    os.remove(src / "gone.csv")
    write_file(src, "b.csv", "3\n")
    q, seen2 = collect_batches(df, tmp_path / "chk")
    q.processAllAvailable()
    assert rows(seen) + rows(seen2) == [(1,), (3,)]


def test_replaying_a_batch_whose_file_was_deleted_fails_naming_the_file(spark, tmp_path):
    src, chk = tmp_path / "in", tmp_path / "chk"
    os.makedirs(src)
    df = spark.readStream.schema("v INT").csv(str(src))
    q, _ = collect_batches(df, chk)
    write_file(src, "a.csv", "1\n")
    q.processAllAvailable()
    q.stop()
    os.remove(chk / "commits" / "0")  # batch 0 must be replayed from its logged files...
    os.remove(src / "a.csv")  # ...one of which is gone
    with pytest.raises(StreamingQueryException) as info:  # the replay may run inside start()
        q, _ = collect_batches(df, chk)
        q.processAllAvailable()
    assert "FAILED_READ_FILE.FILE_NOT_EXIST" in str(info.value) and "a.csv" in str(info.value)


def test_appending_to_a_file_already_read_does_not_read_it_again(spark, tmp_path):
    src = tmp_path / "in"
    os.makedirs(src)
    q, seen = collect_batches(spark.readStream.schema("v INT").csv(str(src)), tmp_path / "chk")
    write_file(src, "a.csv", "1\n")
    q.processAllAvailable()
    with open(src / "a.csv", "a", encoding="utf-8") as f:  # Spark tracks files, not their growth
        f.write("2\n")
    write_file(src, "b.csv", "3\n")
    q.processAllAvailable()
    assert seen == [(0, [(1,)]), (1, [(3,)])]


def test_latin1_encoding_and_a_utf8_byte_order_mark(spark, tmp_path):
    os.makedirs(tmp_path / "l1")
    (tmp_path / "l1" / "a.csv").write_bytes("caf\xe9,1\n".encode("latin-1"))
    os.makedirs(tmp_path / "bom")
    (tmp_path / "bom" / "a.json").write_bytes(b'\xef\xbb\xbf{"s": "\xc3\xa9t\xc3\xa9"}\n')
    q, seen = collect_batches(spark.readStream.schema("s STRING, n INT").csv(str(tmp_path / "l1"), encoding="ISO-8859-1"),
                              tmp_path / "c1")
    q.processAllAvailable()
    assert rows(seen) == [("café", 1)]
    q, seen = collect_batches(spark.readStream.schema("s STRING").json(str(tmp_path / "bom")), tmp_path / "c2")
    q.processAllAvailable()
    assert rows(seen) == [("été",)]


def test_available_now_reads_the_backlog_and_stops(spark, tmp_path):
    for i in range(3):
        write_file(tmp_path / "in", f"{i}.json", f'{{"v": {i}}}\n')
    df = spark.readStream.schema("v INT").option("maxFilesPerTrigger", 1).json(str(tmp_path / "in"))
    seen: list = []
    q = df.writeStream.trigger(availableNow=True).option("checkpointLocation", str(tmp_path / "chk")) \
        .foreachBatch(lambda bdf, i: seen.append((i, sorted((tuple(r) for r in bdf.collect()), key=repr)))).start()
    assert q.awaitTermination(60)
    assert seen == [(0, [(0,)]), (1, [(1,)]), (2, [(2,)])]


# --- batch reads --------------------------------------------------------------------------------


def test_batch_csv_with_header_and_infer_schema(spark, tmp_path):
    write_file(tmp_path, "a.csv", "n,x,when,flag\n1,2.5,2024-01-02 03:04:05,true\n2,x,2024-01-03 00:00:00,False\n")
    df = spark.read.csv(str(tmp_path / "a.csv"), header=True, inferSchema=True)
    assert df.schema.simpleString() == "struct<n:int,x:string,when:timestamp,flag:boolean>"
    assert [tuple(r)[:2] + (r.flag,) for r in df.collect()] == [(1, "2.5", True), (2, "x", False)]
    plain = spark.read.csv(str(tmp_path / "a.csv"))
    assert plain.schema.simpleString() == "struct<_c0:string,_c1:string,_c2:string,_c3:string>"
    assert plain.count() == 3


def test_batch_json_infers_sorted_fields_and_the_corrupt_column(spark, tmp_path):
    write_file(tmp_path, "a.json", '{"b":1,"a":{"x":"s"}}\n{"b":2.5,"c":[1]}\nnot json\n')
    df = spark.read.json(str(tmp_path / "a.json"))
    assert df.schema.simpleString() == "struct<_corrupt_record:string,a:struct<x:string>,b:double,c:array<bigint>>"
    assert [r.b for r in df.collect()] == [1.0, 2.5, None]


def test_batch_orc_and_partitioned_csv_directories(spark, tmp_path):
    os.makedirs(tmp_path / "o")
    po.write_table(pa.table({"a": [1, 2]}), str(tmp_path / "o" / "a.orc"))
    assert sorted(r.a for r in spark.read.orc(str(tmp_path / "o")).collect()) == [1, 2]
    write_file(tmp_path / "p" / "k=1", "a.csv", "x\n")
    write_file(tmp_path / "p" / "k=2", "a.csv", "y\n")
    df = spark.read.schema("s STRING").csv(str(tmp_path / "p"))
    assert sorted(tuple(r) for r in df.collect()) == [("x", 1), ("y", 2)]
