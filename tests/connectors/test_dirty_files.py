"""Dirty input files (issue 18, items 1-3): a stray quote, invalid UTF-8, empty, corrupt or
vanished files never crash a read, lose a good line or silently swallow data.

Expected rows are Spark 4.0.5's for the same bytes (tests/conformance/test_dirty_files.py
runs a sample of these on real PySpark).
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.orc as po
import pyarrow.parquet as pq
import pytest

from rillet.connectors.files.scan import FileScan
from rillet.errors import AnalysisException, SparkRuntimeException, StreamingQueryException
from rillet.sql import functions as F

S3 = "a STRING, b STRING, c STRING, _corrupt_record STRING"


def _file(folder: Path, name: str, data: bytes) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return str(folder)


def _rows(df) -> list[tuple]:
    return [tuple(r) for r in df.collect()]


def _good_lines(n: int) -> list[bytes]:
    return [b"%d,x%d,y%d" % (i, i, i) for i in range(n)]


# --- item 1: a stray quote in a CSV line -----------------------------------------------------


def test_a_stray_quote_in_the_last_column_does_not_swallow_the_rest_of_the_file(spark, tmp_path):
    lines = _good_lines(1000)
    lines.insert(500, b'500,x,"unclosed')
    path = _file(tmp_path, "f.csv", b"\n".join(lines) + b"\n")
    for mode in ("PERMISSIVE", "DROPMALFORMED", "FAILFAST"):
        rows = _rows(spark.read.csv(path, schema=S3, mode=mode))
        # univocity reads an unclosed quote to the end of its line: a well-formed record
        assert len(rows) == 1001
        assert rows[500] == ("500", "x", "unclosed", None)
        assert rows[501] == ("500", "x500", "y500", None)


def test_a_stray_quote_in_an_earlier_column_is_one_malformed_record_in_each_mode(spark, tmp_path):
    lines = _good_lines(1000)
    lines.insert(300, b'300,"x,unclosed')
    path = _file(tmp_path, "f.csv", b"\n".join(lines) + b"\n")
    rows = _rows(spark.read.csv(path, schema=S3))
    assert len(rows) == 1001
    assert rows[300] == ("300", "x,unclosed", None, '300,"x,unclosed')
    assert [r for i, r in enumerate(rows) if i != 300] == [(f"{i}", f"x{i}", f"y{i}", None) for i in range(1000)]
    dropped = _rows(spark.read.csv(path, schema=S3, mode="DROPMALFORMED"))
    assert dropped == [(f"{i}", f"x{i}", f"y{i}", None) for i in range(1000)]
    with pytest.raises(SparkRuntimeException) as info:
        spark.read.csv(path, schema="a STRING, b STRING, c STRING", mode="FAILFAST").collect()
    assert info.value.getCondition() == "FAILED_READ_FILE.NO_HINT"
    assert "f.csv" in str(info.value)
    assert info.value.__cause__.getCondition() == "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION"


@pytest.mark.parametrize(
    ("line", "fields", "malformed"),
    [
        (b'1,"x" ,z', ("1", "x", "z"), False),  # whitespace after a closing quote is dropped
        (b'1,"a""b",c', ("1", '"a""b"', "c"), False),  # the escape is a backslash: "" is no escape
        (b'1,"a\\"b",c', ("1", 'a"b', "c"), False),
        (b'1,"x"y,"z', ("1", '"x"y', "z"), False),  # text after a closing quote: the raw field
        (b'1, "x",z', ("1", ' "x"', "z"), False),  # a quote opens a value only at its start
        (b'1,"x"",z', ("1", 'x"', "z"), False),
        (b'1,x,"', ("1", "x", '"'), False),
        (b'"', ('"', None, None), True),
        (b'1,"a\\",b', ("1", 'a",b', None), True),
    ],
)
def test_quoted_fields_split_as_spark_splits_them(spark, tmp_path, line, fields, malformed):
    path = _file(tmp_path, "f.csv", line + b"\n9,9,9\n")
    rows = _rows(spark.read.csv(path, schema=S3))
    assert rows == [(*fields, line.decode() if malformed else None), ("9", "9", "9", None)]


def test_a_stream_passes_a_csv_file_with_a_stray_quote(spark, tmp_path):
    src = tmp_path / "in"
    _file(src, "a.csv", b'1,"x,y\n2,b,c\n')
    q = (spark.readStream.schema(S3).csv(str(src)).writeStream.format("memory").queryName("dirty_csv_stream")
         .option("checkpointLocation", str(tmp_path / "chk")).start())
    q.processAllAvailable()
    q.stop()
    assert sorted(_rows(spark.table("dirty_csv_stream")), key=str) == [
        ("1", "x,y", None, '1,"x,y'), ("2", "b", "c", None)
    ]


# --- item 2: invalid UTF-8 -------------------------------------------------------------------


def test_invalid_utf8_in_a_json_value_is_a_corrupt_record_and_functions_on_it_do_not_crash(spark, tmp_path):
    path = _file(tmp_path, "f.json", b'{"a":"x\xffy","b":1}\n{"a":"ok","b":2}\n{"a":"q","b":3}\xff\n')
    schema = "a STRING, b INT, _corrupt_record STRING"
    assert _rows(spark.read.json(path, schema=schema)) == [
        (None, None, '{"a":"x\ufffdy","b":1}'), ("ok", 2, None), ("q", 3, None)  # bytes after a value: ignored
    ]
    assert _rows(spark.read.json(path, schema="a STRING, b INT").select(F.upper("a"))) == [(None,), ("OK",), ("Q",)]
    assert _rows(spark.read.json(path, schema=schema, mode="DROPMALFORMED")) == [("ok", 2, None), ("q", 3, None)]
    inferred = spark.read.json(path)
    assert inferred.columns == ["_corrupt_record", "a", "b"]


def test_a_few_invalid_utf8_json_lines_keep_every_row_in_file_order(spark, tmp_path):
    lines = [b'{"a": "v%d", "b": %d}' % (i, i) for i in range(1000)]
    lines[10] = b'{"a": "v\xff", "b": 10}'  # malformed
    lines[500] = b'{"a": "v\xc0\xaf", "b": 500}'  # an overlong '/': Spark's parser reads it
    lines[900] = b'{"a": "v900", "b": 900} \xff'  # after the value: ignored
    path = _file(tmp_path, "f.json", b"\n".join(lines) + b"\n")
    rows = _rows(spark.read.json(path, schema="a STRING, b INT, _corrupt_record STRING"))
    expected = [(f"v{i}", i, None) for i in range(1000)]
    expected[10] = (None, None, '{"a": "v\ufffd", "b": 10}')
    expected[500] = ("v/", 500, None)
    assert rows == expected
    assert len(_rows(spark.read.json(path, schema="a STRING, b INT", mode="DROPMALFORMED"))) == 999


def test_a_parquet_sink_fed_invalid_utf8_commits_files_pyarrow_reads(spark, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    _file(src, "a.json", b'{"a":"x\xffy"}\n{"a":"ok"}\n')
    _file(src, "b.txt", b"")
    q = (spark.readStream.schema("a STRING, _corrupt_record STRING").json(str(src)).writeStream.format("parquet")
         .option("path", str(out)).option("checkpointLocation", str(tmp_path / "chk")).start())
    q.processAllAvailable()
    q.stop()
    files = [p for p in out.iterdir() if p.suffix == ".parquet"]
    rows = pa.concat_tables([pq.read_table(p) for p in files]).to_pylist()
    assert sorted(rows, key=str) == sorted(
        [{"a": None, "_corrupt_record": '{"a":"x\ufffdy"}'}, {"a": "ok", "_corrupt_record": None}], key=str
    )


def test_invalid_utf8_in_csv_is_replaced_not_a_failure(spark, tmp_path):
    path = _file(tmp_path, "f.csv", b"1,x\xffy\n2,ok\n")
    df = spark.read.csv(path, schema="a INT, b STRING")
    assert _rows(df) == [(1, "x\ufffdy"), (2, "ok")]
    assert _rows(df.select(F.upper("b"))) == [("X\ufffdY",), ("OK",)]


@pytest.mark.parametrize(
    ("bad", "count"),
    [
        (b"\xff", 1), (b"\xc3", 1), (b"\xe2\x82", 1), (b"\xf0\x9f\x98", 1), (b"\xc0\xaf", 2), (b"\x80\x80", 2),
        (b"\xe2\x82\xff", 2), (b"\xf4\x90\x80\x80", 4), (b"\xf8\x88\x80\x80\x80", 5),
        (b"\xed\xa0\x80", 1), (b"\xed\xa0d", 1),  # an encoded surrogate: one sequence for Java, three for Python
    ],
)
def test_each_malformed_sequence_is_one_replacement_character_as_java_counts_them(spark, tmp_path, bad, count):
    path = _file(tmp_path, "t.txt", b"a" + bad + b"b\n")
    [(value,)] = _rows(spark.read.text(path))
    tail = "db" if bad.endswith(b"d") else "b"
    assert value == "a" + "\ufffd" * count + tail


@pytest.mark.parametrize(
    ("data", "default", "lf"),
    [
        (b"a\r\nb\r\n", ["a", "b"], ["a\r", "b\r"]),
        (b"a\rb\r", ["a", "b"], ["a\rb\r"]),
        (b"a\r\nb\nc\rd", ["a", "b", "c", "d"], ["a\r", "b", "c\rd"]),
        (b"a\n\n\r\nb\n", ["a", "", "", "b"], ["a", "", "\r", "b"]),
        (b"a\r\r\nb", ["a", "", "b"], ["a\r\r", "b"]),
    ],
)
def test_text_line_endings_follow_spark(spark, tmp_path, data, default, lf):
    path = _file(tmp_path, "t.txt", data)
    assert [r.value for r in spark.read.text(path).collect()] == default
    assert [r.value for r in spark.read.text(path, lineSep="\n").collect()] == lf
    assert [r.value for r in spark.read.text(path, wholetext=True).collect()] == [data.decode()]


# --- item 3: empty, corrupt and missing files ------------------------------------------------


def _good_file(folder: Path, fmt: str) -> None:
    table = pa.table({"a": ["x"]})
    if fmt == "parquet":
        pq.write_table(table, folder / "good.parquet")
    elif fmt == "orc":
        po.write_table(table, str(folder / "good.orc"))
    else:
        (folder / f"good.{fmt}").write_text({"json": '{"a":"x"}\n', "csv": "x\n", "text": "x\n"}[fmt])


@pytest.mark.parametrize("fmt", ["parquet", "orc", "json", "csv", "text"])
def test_an_empty_file_has_no_rows_in_batch_and_stream_reads(spark, tmp_path, fmt):
    src = tmp_path / "in"
    _file(src, f"empty.{fmt}", b"")
    schema = "value STRING" if fmt == "text" else "a STRING"
    assert spark.read.format(fmt).schema(schema).load(str(src)).collect() == []
    _good_file(src, fmt)
    assert _rows(spark.read.format(fmt).schema(schema).load(str(src))) == [("x",)]
    assert _rows(spark.read.format(fmt).load(str(src))) == [("x",)]  # inference passes the empty file over
    q = (spark.readStream.format(fmt).schema(schema).load(str(src)).writeStream.format("memory")
         .queryName(f"dirty_empty_{fmt}").option("checkpointLocation", str(tmp_path / "chk")).start())
    q.processAllAvailable()
    q.stop()
    assert _rows(spark.table(f"dirty_empty_{fmt}")) == [("x",)]


def _corrupt_folder(tmp_path: Path) -> str:
    src = tmp_path / "in"
    _file(src, "bad.parquet", b"this is not a parquet file")
    _good_file(src, "parquet")
    return str(src)


def test_a_corrupt_file_fails_a_batch_read_naming_it_unless_ignore_corrupt_files(spark, tmp_path):
    src = _corrupt_folder(tmp_path)
    with pytest.raises(SparkRuntimeException) as info:
        spark.read.schema("a STRING").parquet(src).collect()
    assert info.value.getCondition() == "FAILED_READ_FILE.NO_HINT"
    assert "bad.parquet" in str(info.value)
    with pytest.raises(SparkRuntimeException, match="CANNOT_READ_FILE_FOOTER.*bad.parquet"):
        spark.read.parquet(src)
    assert _rows(spark.read.schema("a STRING").option("ignoreCorruptFiles", "true").parquet(src)) == [("x",)]
    spark.conf.set("spark.sql.files.ignoreCorruptFiles", "true")
    try:
        assert _rows(spark.read.parquet(src)) == [("x",)]
    finally:
        spark.conf.unset("spark.sql.files.ignoreCorruptFiles")


@pytest.mark.parametrize("how", ["option", "conf", "neither"])
def test_a_stream_skips_a_corrupt_file_under_ignore_corrupt_files(spark, tmp_path, how):
    src = _corrupt_folder(tmp_path)
    reader = spark.readStream.schema("a STRING")
    if how == "option":
        reader = reader.option("ignoreCorruptFiles", "true")
    if how == "conf":
        spark.conf.set("spark.sql.files.ignoreCorruptFiles", "true")
    try:
        q = (reader.parquet(src).writeStream.format("memory").queryName(f"dirty_corrupt_{how}")
             .option("checkpointLocation", str(tmp_path / "chk")).start())
    finally:
        spark.conf.unset("spark.sql.files.ignoreCorruptFiles")
    if how == "neither":
        with pytest.raises(StreamingQueryException, match=r"FAILED_READ_FILE.NO_HINT.*bad\.parquet"):
            q.processAllAvailable()
        return
    q.processAllAvailable()
    q.stop()
    assert _rows(spark.table(f"dirty_corrupt_{how}")) == [("x",)]


def test_a_stream_that_failed_on_a_corrupt_file_passes_it_after_a_restart_with_ignore_corrupt_files(spark, tmp_path):
    """The failed batch re-runs on restart with the same files: the option lets it through."""
    src, chk = _corrupt_folder(tmp_path), str(tmp_path / "chk")

    def start(reader):
        return (reader.parquet(src).writeStream.format("memory").queryName("dirty_restart")
                .option("checkpointLocation", chk).start())

    q = start(spark.readStream.schema("a STRING"))
    with pytest.raises(StreamingQueryException, match="bad.parquet"):
        q.processAllAvailable()
    q = start(spark.readStream.schema("a STRING").option("ignoreCorruptFiles", "true"))
    q.processAllAvailable()
    q.stop()
    assert _rows(spark.table("dirty_restart")) == [("x",)]


def test_json_inference_in_failfast_mode_fails_on_a_malformed_record(spark, tmp_path):
    path = _file(tmp_path, "f.json", b'{"a":1}\n{bad\n')
    with pytest.raises(SparkRuntimeException) as info:
        spark.read.json(path, mode="FAILFAST")
    assert info.value.getCondition() == "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION"


def test_a_file_gone_since_listing_fails_naming_it_unless_ignore_missing_files(tmp_path):
    src = _file(tmp_path / "in", "a.csv", b"1\n")
    gone = os.path.join(src, "gone.csv")
    data, parts = pa.schema([pa.field("a", pa.large_string())]), pa.schema([])
    with pytest.raises(SparkRuntimeException, match="FAILED_READ_FILE.FILE_NOT_EXIST.*gone.csv"):
        FileScan.create("csv", src, {}).read_all([gone], data, parts)
    for options in ({"ignoreMissingFiles": "true"}, {"spark.sql.files.ignoreMissingFiles": "true"}):
        table = FileScan.create("csv", src, options).read_all([os.path.join(src, "a.csv"), gone], data, parts)
        assert table.column("a").to_pylist() == ["1"]


def test_a_parquet_column_of_another_type_fails_with_sparks_class(spark, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _good_file(src, "parquet")
    with pytest.raises(SparkRuntimeException) as info:
        spark.read.schema("a INT").parquet(str(src)).collect()
    assert info.value.getCondition() == "FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH"
    assert "Expected Spark type int, actual Parquet type BINARY" in str(info.value)


def test_a_corrupt_record_column_that_is_not_a_string_is_rejected(spark, tmp_path):
    path = _file(tmp_path, "f.csv", b"1\n")
    with pytest.raises(AnalysisException, match="INVALID_CORRUPT_RECORD_TYPE"):
        spark.read.csv(path, schema="a INT, _corrupt_record INT").collect()


def test_an_unreadable_file_fails_naming_it_unless_ignore_corrupt_files(tmp_path):
    src = _file(tmp_path / "in", "a.csv", b"1\n")
    (tmp_path / "in" / "odd.csv").mkdir()  # listed once as a file, now a folder: reading it is an OSError
    data, parts = pa.schema([pa.field("a", pa.large_string())]), pa.schema([])
    uris = [os.path.join(src, "a.csv"), os.path.join(src, "odd.csv")]
    with pytest.raises(SparkRuntimeException, match="FAILED_READ_FILE.NO_HINT.*odd.csv"):
        FileScan.create("csv", src, {}).read_all(uris, data, parts)
    table = FileScan.create("csv", src, {"ignoreCorruptFiles": "true"}).read_all(uris, data, parts)
    assert table.column("a").to_pylist() == ["1"]
