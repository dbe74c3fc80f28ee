"""Batch reads of local ``key=value`` folders (partition discovery, ``basePath``) and
parquet ``mergeSchema``, on rillet alone (the conformance suite runs the same
programs on PySpark too)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from rillet.errors import IllegalArgumentException, SparkRuntimeException


def write(root: Path, rel: str, table: pa.Table) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)


@pytest.fixture
def table_dir(tmp_path: Path) -> Path:
    root = tmp_path / "t"
    write(root, "year=2020/month=01/a.parquet", pa.table({"v": [1, 2]}))
    write(root, "year=2021/month=12/b.parquet", pa.table({"v": [3]}))
    return root


def test_a_local_parquet_folder_gets_its_partition_columns_typed(spark, table_dir):
    df = spark.read.parquet(str(table_dir))
    assert df.schema.simpleString() == "struct<v:bigint,year:int,month:int>"
    assert sorted(map(tuple, df.collect())) == [(1, 2020, 1), (2, 2020, 1), (3, 2021, 12)]


def test_text_reads_get_partition_columns_and_keep_their_options(spark, tmp_path):
    for k in (1, 2):
        (tmp_path / f"k={k}").mkdir()
        (tmp_path / f"k={k}" / "a.txt").write_text(f"a{k}|b{k}")
    df = spark.read.text(str(tmp_path), lineSep="|")
    assert df.schema.simpleString() == "struct<value:string,k:int>"
    assert sorted(map(tuple, df.collect())) == [("a1", 1), ("a2", 2), ("b1", 1), ("b2", 2)]


def test_partition_values_widen_and_type_inference_can_be_turned_off(spark, tmp_path):
    write(tmp_path, "n=1/d=2024-01-01/a.parquet", pa.table({"v": [1]}))
    write(tmp_path, "n=2.5/d=2024-01-02 10%3A00%3A00/b.parquet", pa.table({"v": [2]}))
    write(tmp_path, "n=__HIVE_DEFAULT_PARTITION__/d=2024-01-03/c.parquet", pa.table({"v": [3]}))
    rows = sorted(map(tuple, spark.read.parquet(str(tmp_path)).collect()))
    assert rows == [
        (1, 1.0, dt.datetime(2024, 1, 1)), (2, 2.5, dt.datetime(2024, 1, 2, 10)), (3, None, dt.datetime(2024, 1, 3)),
    ]
    spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
    try:
        df = spark.read.parquet(str(tmp_path))
    finally:
        spark.conf.unset("spark.sql.sources.partitionColumnTypeInference.enabled")
    assert df.schema.simpleString() == "struct<v:bigint,n:string,d:string>"


def test_base_path_keeps_the_columns_above_the_path_read(spark, table_dir):
    sub = table_dir / "year=2020"
    assert spark.read.parquet(str(sub)).columns == ["v", "month"]
    assert spark.read.option("basePath", str(table_dir)).parquet(str(sub)).columns == ["v", "year", "month"]
    with pytest.raises(IllegalArgumentException, match="Wrong basePath .* for the root path: file:"):
        spark.read.option("basePath", str(sub)).parquet(str(table_dir / "year=2021"))


def test_two_partition_folders_without_base_path_conflict(spark, table_dir):
    with pytest.raises(SparkRuntimeException) as info:
        spark.read.parquet(str(table_dir / "year=2020"), str(table_dir / "year=2021"))
    assert info.value.getCondition() == "CONFLICTING_DIRECTORY_STRUCTURES"
    assert "year=2020" in str(info.value) and "year=2021" in str(info.value)


def test_merge_schema_unions_columns_and_rejects_two_types_of_one_column(spark, tmp_path):
    write(tmp_path / "ok", "a.parquet", pa.table({"a": pa.array([1], pa.int32()), "b": ["x"]}))
    write(tmp_path / "ok", "b.parquet", pa.table({"a": pa.array([2], pa.int32()), "c": [1.5]}))
    assert spark.read.parquet(str(tmp_path / "ok")).columns == ["a", "b"]
    merged = spark.read.option("mergeSchema", "true").parquet(str(tmp_path / "ok"))
    assert merged.schema.simpleString() == "struct<a:int,b:string,c:double>"
    assert sorted(map(tuple, merged.collect())) == [(1, "x", None), (2, None, 1.5)]
    write(tmp_path / "bad", "a.parquet", pa.table({"a": pa.array([1], pa.int32())}))
    write(tmp_path / "bad", "b.parquet", pa.table({"a": pa.array([2], pa.int64())}))
    with pytest.raises(SparkRuntimeException) as info:
        spark.read.option("mergeSchema", "true").parquet(str(tmp_path / "bad"))
    assert info.value.getCondition() == "CANNOT_MERGE_SCHEMAS"
    assert info.value.getMessageParameters() == {"left": '"STRUCT<a: INT>"', "right": '"STRUCT<a: BIGINT>"'}
