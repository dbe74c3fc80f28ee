"""``DataStreamReader.name`` (PySpark 4.2+): a source name is ASCII letters, digits and underscores."""

from __future__ import annotations

import pytest

from rillet.errors import PySparkTypeError, PySparkValueError


@pytest.mark.parametrize("name", ["mySource", "my_source", "MySource123", "_private", "123source"])
def test_valid_source_names_chain_in_any_order(spark, tmp_path, name):
    spark.range(3).write.mode("overwrite").parquet(str(tmp_path))
    df = spark.readStream.name(name).format("parquet").schema("id LONG").load(str(tmp_path))
    assert df.isStreaming


@pytest.mark.parametrize("name", ["", "  ", "my-source", "my source", "my.source", "my@source", "my$source"])
def test_invalid_source_name_is_rejected_naming_the_rule(spark, name):
    with pytest.raises(PySparkValueError) as info:
        spark.readStream.format("rate").name(name)
    assert info.value.getCondition() == "INVALID_STREAMING_SOURCE_NAME"
    assert f"'{name}'" in str(info.value) and "source name" in str(info.value)


@pytest.mark.parametrize("value", [None, 123, 45.67, [], {}])
def test_source_name_of_another_type_is_a_type_error(spark, value):
    with pytest.raises(PySparkTypeError) as info:
        spark.readStream.format("rate").name(value)
    assert info.value.getCondition() == "NOT_STR"
