"""Dirty input files on rillet and on real PySpark: a fixed sample of the property suite's
generated files (tests/dirty_inputs.py), read in each parse mode, batch and streaming,
plus empty, corrupt and mistyped files and their error classes.

The property suite checks many more files against the rows these cases prove Spark reads.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from dirty_inputs import DirtyFile, dirty_csv, dirty_json, dirty_text

from tests.conformance.compare import Bag, Cases, plain

case = Cases()

SEEDS = range(10)
CSV_SCHEMA = "a STRING, b STRING, c STRING"
JSON_SCHEMA = "a STRING, b INT"


@contextmanager
def folder() -> Iterator[str]:
    root = tempfile.mkdtemp(prefix="rillet-conformance-dirty-")
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _write(root: str, sub: str, name: str, data: bytes, stamp: float | None = None) -> str:
    path = os.path.join(root, sub)
    os.makedirs(path, exist_ok=True)
    staged = os.path.join(root, f".{sub}-{name}")
    with open(staged, "wb") as f:
        f.write(data)
    if stamp is not None:
        os.utime(staged, (stamp, stamp))
    os.replace(staged, os.path.join(path, name))  # a stream sees whole files only
    return path


def _failure(e: Exception, name: str) -> tuple[str, ...]:
    """A failed read as both engines can show it: the condition in the message and the file."""
    message = str(e)
    found = [c for c in ("FAILED_READ_FILE.NO_HINT", "FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH")
             if f"[{c}]" in message]
    return ("failed", *found, str(name in message))


def _modes(spark: Any, path: str, read: Callable[[Any, str], Any], name: str) -> list[Any]:
    out: list[Any] = []
    for mode in ("PERMISSIVE", "DROPMALFORMED", "FAILFAST"):
        try:
            out.append(plain(read(spark.read, mode).load(path).collect(), ordered=True))
        except Exception as e:  # noqa: BLE001 - FAILFAST's failure is the result
            out.append(_failure(e, name))
    return out


def _sample(spark: Any, make: Callable[[random.Random], DirtyFile], read: Callable[[Any, str], Any], ext: str) -> Any:
    with folder() as root:
        results = []
        for seed in SEEDS:
            f = make(random.Random(seed))
            path = _write(root, f"s{seed}", f"part-{seed}.{ext}", f.data)
            results.append((seed, _modes(spark, path, read, f"part-{seed}.{ext}")))
        return results


# --- generated samples, batch ------------------------------------------------------------------


@case
def dirty_csv_sample_reads_the_same_in_every_mode(spark, F, T):
    def read(reader: Any, mode: str) -> Any:
        schema = CSV_SCHEMA + (", _corrupt_record STRING" if mode == "PERMISSIVE" else "")
        return reader.format("csv").schema(schema).option("mode", mode)

    return _sample(spark, dirty_csv, read, "csv")


@case
def dirty_json_sample_reads_the_same_in_every_mode(spark, F, T):
    def read(reader: Any, mode: str) -> Any:
        schema = JSON_SCHEMA + (", _corrupt_record STRING" if mode == "PERMISSIVE" else "")
        return reader.format("json").schema(schema).option("mode", mode)

    return _sample(spark, dirty_json, read, "json")


@case
def dirty_text_sample_reads_the_same_lines(spark, F, T):
    with folder() as root:
        out = []
        for seed in SEEDS:
            f = dirty_text(random.Random(seed))
            path = _write(root, f"s{seed}", "part.txt", f.data)
            out.append((
                plain(spark.read.text(path).collect(), ordered=True),
                plain(spark.read.text(path, lineSep="\n").collect(), ordered=True),
                plain(spark.read.text(path, wholetext=True).collect(), ordered=True),
            ))
        return out


@case
def json_schema_inference_over_invalid_utf8_adds_the_corrupt_column(spark, F, T):
    with folder() as root:
        path = _write(root, "in", "f.json", b'{"a":"x\xffy","b":1}\n{"a":"ok","b":2}\n{"a":"q","b":3}\xff\n')
        df = spark.read.json(path)
        return df.schema.simpleString(), plain(df.collect(), ordered=True), plain(df.select(F.upper("a")).collect())


# --- generated samples, streaming ----------------------------------------------------------------


@case
def a_stream_of_dirty_csv_and_json_files_keeps_every_record(spark, F, T):
    with folder() as root:
        results = []
        for fmt, make, schema in (("csv", dirty_csv, CSV_SCHEMA), ("json", dirty_json, JSON_SCHEMA)):
            src, chk = os.path.join(root, f"in-{fmt}"), os.path.join(root, f"chk-{fmt}")
            os.makedirs(src)
            df = spark.readStream.format(fmt).schema(schema + ", _corrupt_record STRING").load(src)
            q = (df.writeStream.format("memory").queryName(f"conf_dirty_{fmt}").option("checkpointLocation", chk)
                 .start())
            for seed in range(4):
                _write(root, f"in-{fmt}", f"f{seed}.{fmt}", make(random.Random(100 + seed)).data,
                       time.time() - 100 + seed)
                q.processAllAvailable()
            q.stop()
            results.append(Bag(plain(spark.table(f"conf_dirty_{fmt}").collect())))
        return results


# --- empty, corrupt and mistyped files ---------------------------------------------------------


def _corrupt_parquet(root: str) -> str:
    path = _write(root, "in", "bad.parquet", b"this is not a parquet file")
    _write(root, "in", "empty.parquet", b"")
    pq.write_table(pa.table({"a": ["x"]}), os.path.join(path, "good.parquet"))
    return path


@case
def empty_files_have_no_rows(spark, F, T):
    with folder() as root:
        out = []
        for fmt in ("parquet", "json", "csv", "text"):
            path = _write(root, fmt, f"empty.{fmt}", b"")
            schema = "value STRING" if fmt == "text" else "a STRING"
            out.append(plain(spark.read.format(fmt).schema(schema).load(path).collect()))
        for fmt in ("json", "csv"):
            df = spark.read.format(fmt).load(os.path.join(root, fmt))
            out.append((df.schema.simpleString(), plain(df.collect())))
        return out


@case
def ignore_corrupt_files_skips_a_corrupt_file_in_batch_reads(spark, F, T):
    with folder() as root:
        path = _corrupt_parquet(root)
        out = []
        try:
            spark.read.schema("a STRING").parquet(path).collect()
        except Exception as e:  # noqa: BLE001 - the failure is the result
            out.append(_failure(e, "bad.parquet"))
        out.append(plain(spark.read.schema("a STRING").option("ignoreCorruptFiles", "true").parquet(path).collect()))
        spark.conf.set("spark.sql.files.ignoreCorruptFiles", "true")
        try:
            out.append(plain(spark.read.schema("a STRING").parquet(path).collect()))
        finally:
            spark.conf.unset("spark.sql.files.ignoreCorruptFiles")
        return out


@case
def a_stream_skips_empty_and_corrupt_files_under_ignore_corrupt_files(spark, F, T):
    with folder() as root:
        path = _corrupt_parquet(root)
        df = spark.readStream.schema("a STRING").option("ignoreCorruptFiles", "true").parquet(path)
        q = (df.writeStream.format("memory").queryName("conf_dirty_ignore")
             .option("checkpointLocation", os.path.join(root, "chk")).start())
        q.processAllAvailable()
        q.stop()
        return plain(spark.table("conf_dirty_ignore").collect())


@case
def a_stream_over_a_corrupt_file_fails_naming_it(spark, F, T):
    with folder() as root:
        path = _corrupt_parquet(root)
        q = (spark.readStream.schema("a STRING").parquet(path).writeStream.format("memory")
             .queryName("conf_dirty_fail").option("checkpointLocation", os.path.join(root, "chk")).start())
        try:
            q.processAllAvailable()
        except Exception as e:  # noqa: BLE001 - the failure is the result
            return type(e).__name__, _failure(e, "bad.parquet")
        finally:
            q.stop()
        return "no failure"


@case
def a_parquet_string_column_read_as_int_fails_with_the_type_mismatch(spark, F, T):
    with folder() as root:
        path = os.path.join(root, "in")
        os.makedirs(path)
        pq.write_table(pa.table({"a": ["x"]}), os.path.join(path, "good.parquet"))
        try:
            spark.read.schema("a INT").parquet(path).collect()
        except Exception as e:  # noqa: BLE001 - the failure is the result
            return _failure(e, "good.parquet"), "Expected Spark type int, actual Parquet type BINARY" in str(e)
        return "no failure"


@case
def json_inference_in_failfast_mode_fails_on_a_malformed_record(spark, F, T):
    with folder() as root:
        path = _write(root, "in", "f.json", b'{"a":1}\n{bad\n')
        try:
            spark.read.json(path, mode="FAILFAST").collect()
        except Exception as e:  # noqa: BLE001 - the failure is the result (PySpark's is a Py4JJavaError)
            return "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION]" in str(e)
        return "no failure"


@case(raises="INVALID_CORRUPT_RECORD_TYPE")
def a_corrupt_record_column_must_be_a_string(spark, F, T):
    with folder() as root:
        path = _write(root, "in", "f.csv", b"1\n")
        spark.read.csv(path, schema="a INT, _corrupt_record INT").collect()


@pytest.mark.parametrize("program", case.params({}))
def test_dirty_file_program_matches_pyspark(program, conform):
    conform(program)
