"""The data-source contract: one Provider per format in one lazily-imported registry."""

from __future__ import annotations

import json
import subprocess
import sys

import pyarrow as pa
import pytest

from rillet.connectors.base import OptionSpec, Provider, SinkContext, set_options, to_str, with_defaults
from rillet.connectors.registry import BUILTINS, Registry, lookup
from rillet.errors import AnalysisException, IllegalArgumentException, UnsupportedOperationException
from rillet.sql.datasource import DataSource, DataSourceReader


def test_to_str_is_pyspark_option_text():
    assert to_str(True) == "true"
    assert to_str(False) == "false"
    assert to_str(3) == "3"
    assert to_str(1.5) == "1.5"
    assert to_str(None) is None


def test_set_options_drops_none_instead_of_storing_the_string_none():
    opts: dict[str, str] = {"kept": "1"}
    set_options(opts, {"a": None, "b": True, "c": 7})
    assert opts == {"kept": "1", "b": "true", "c": "7"}


@pytest.mark.parametrize("set_twice", [False, True])
def test_reader_and_writers_drop_none_options(spark, tmp_path, set_twice):
    reader = spark.readStream.format("rate").option("rowsPerSecond", None)
    if set_twice:
        reader = reader.options(numPartitions=None)
    assert reader._options == {}
    assert spark.read.option("header", None).option("x", False)._options == {"x": "false"}
    writer = spark.range(1).write.option("compression", None)
    assert writer._options == {}


def test_with_defaults_respects_a_user_key_in_any_case():
    merged = with_defaults({"TIMEZONE": "Asia/Tokyo"}, {"timeZone": "UTC", "other": "x"})
    assert merged == {"TIMEZONE": "Asia/Tokyo", "other": "x"}


def test_option_spec_parses_typed_values_with_defaults_case_insensitively():
    class Numbers(Provider):
        name = "numbers"
        options = (OptionSpec("rowsPerBatch", int, 10, minimum=1), OptionSpec("ordered", bool, False),
                   OptionSpec("mode", str, "fast", choices=("fast", "slow")))

    p = Numbers()
    assert p.parse_options({}) == {"rowsPerBatch": 10, "ordered": False, "mode": "fast"}
    assert p.parse_options({"ROWSPERBATCH": "5", "Ordered": "TRUE", "mode": "Slow"}) == {
        "rowsPerBatch": 5, "ordered": True, "mode": "Slow"}
    with pytest.raises(IllegalArgumentException, match="'rowsPerBatch' of source 'numbers': must be >= 1"):
        p.parse_options({"rowsPerBatch": "0"})
    with pytest.raises(IllegalArgumentException, match="'ordered' of source 'numbers': must be true or false"):
        p.parse_options({"ordered": "yes"})
    with pytest.raises(IllegalArgumentException, match="must be one of fast, slow"):
        p.parse_options({"mode": "medium"})


def test_a_bad_rate_option_is_rejected_at_load_with_spark_text(spark):
    with pytest.raises(IllegalArgumentException, match="must be positive"):
        spark.readStream.format("rate").option("rowsPerSecond", 0).load()


def test_unknown_format_is_data_source_not_found(spark):
    with pytest.raises(AnalysisException) as info:
        lookup("no-such-format")
    assert info.value.getCondition() == "DATA_SOURCE_NOT_FOUND"
    with pytest.raises(AnalysisException) as info:
        spark.read.format("no-such-format").load()
    assert info.value.getCondition() == "DATA_SOURCE_NOT_FOUND"


def test_names_are_case_insensitive_and_spark_class_names_are_aliases():
    assert lookup("Rate") is lookup("rate")
    assert lookup("org.apache.spark.sql.execution.streaming.sources.RateStreamProvider") is lookup("rate")
    assert lookup("foreachBatch").name == "foreachBatch"


def test_what_a_format_lacks_raises_spark_errors(spark, tmp_path):
    # as PySpark 4.0.5: UnsupportedOperationException _LEGACY_ERROR_TEMP_2049 / AnalysisException 1135
    with pytest.raises(UnsupportedOperationException) as info:
        spark.readStream.format("noop").load()
    assert info.value.getCondition() == "_LEGACY_ERROR_TEMP_2049"
    assert str(info.value) == "Data source noop does not support streamed reading."
    df = spark.readStream.format("rate").load()
    with pytest.raises(UnsupportedOperationException) as info:
        df.writeStream.format("rate").option("checkpointLocation", str(tmp_path / "c")).start()
    assert str(info.value) == "Data source rate does not support streamed writing."
    with pytest.raises(AnalysisException) as info:
        spark.read.format("console").load()
    assert info.value.getCondition() == "_LEGACY_ERROR_TEMP_1135"
    assert str(info.value) == "console is not a valid Spark SQL Data Source."


def test_capabilities_follow_what_each_provider_implements():
    assert lookup("kafka").has_source() and lookup("kafka").has_sink() and lookup("kafka").has_batch_read()
    assert lookup("orc").has_source() and not lookup("orc").has_sink() and not lookup("orc").has_batch_write()
    assert not lookup("console").has_source() and lookup("console").has_sink()
    assert lookup("parquet").output_modes == ("append",)
    assert not lookup("parquet").supports_output_mode("complete")
    assert lookup("memory").temporary_checkpoint and not lookup("parquet").temporary_checkpoint


def test_memory_sink_needs_a_query_name():
    ctx = SinkContext(options={}, schema=pa.schema([("a", pa.int64())]))
    with pytest.raises(AnalysisException) as info:
        lookup("memory").sink(ctx)
    assert info.value.getCondition() == "QUERY_NAME_REQUIRED"


def test_session_registry_shadows_builtins_only_in_its_session():
    class Fake(Provider):
        name = "rate"

    session = Registry(parent=BUILTINS)
    other = Registry(parent=BUILTINS)
    fake = Fake()
    session.register(fake)
    assert session.lookup("RATE") is fake
    assert other.lookup("rate") is lookup("rate") is not fake


class _ShadowRate(DataSource):
    @classmethod
    def name(cls):
        return "rate"

    def schema(self):
        return "n int"

    def reader(self, schema):
        return _Rows()


class _Rows(DataSourceReader):
    def read(self, partition):
        yield from ((i,) for i in range(2))


def test_a_registered_python_data_source_shadows_a_builtin_format(spark):
    session = spark.newSession()
    try:
        session.dataSource.register(_ShadowRate)
        assert [r.n for r in session.read.format("rate").load().collect()] == [0, 1]
        assert session.readStream.format("rate").load().columns == ["n"]
        # the built-in is untouched elsewhere
        assert spark.readStream.format("rate").load().columns == ["timestamp", "value"]
    finally:
        session.stop()


def _modules_after(code: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_import_rillet_sql_loads_no_connector():
    mods = _modules_after("import rillet.sql")
    loaded = [m for m in mods if m.startswith("rillet.connectors.")]
    assert set(loaded) <= {"rillet.connectors.base", "rillet.connectors.registry"}
    assert not [m for m in mods if m.split(".")[0] in ("confluent_kafka", "deltalake", "boto3")]


def test_a_format_is_imported_when_first_used_and_its_client_library_later():
    mods = _modules_after("import rillet.connectors.registry as r\nr.lookup('kafka')\nr.lookup('delta')")
    assert "rillet.connectors.kafka.source" in mods and "rillet.connectors.delta" in mods
    assert "rillet.connectors.kinesis" not in mods and "rillet.connectors.files.source" not in mods
    assert not [m for m in mods if m.split(".")[0] in ("confluent_kafka", "deltalake", "boto3")]


def test_builtin_options_are_parsed_once_into_typed_values():
    assert lookup("rate").parse_options({"ROWSPERSECOND": "5"}) == {
        "rowsPerSecond": 5, "rampUpTime": None, "numPartitions": 1}
    assert lookup("socket").parse_options({"host": "127.0.0.1", "port": "9", "includeTimestamp": "true"}) == {
        "host": "127.0.0.1", "port": 9, "includeTimestamp": True}


def test_rate_and_socket_keep_spark_errors_for_their_options(spark):
    with pytest.raises(IllegalArgumentException) as info:
        spark.readStream.format("rate").option("rowsPerSecond", -1).load()
    assert str(info.value) == "Invalid value '-1'. The option 'rowsPerSecond' must be positive"
    with pytest.raises(IllegalArgumentException, match="The option 'rowsPerBatch' must be positive"):
        spark.readStream.format("rate-micro-batch").load()
    with pytest.raises(AnalysisException) as info:
        spark.readStream.format("socket").option("port", 9).load()
    assert info.value.getCondition() == "_LEGACY_ERROR_TEMP_1295"
    with pytest.raises(AnalysisException) as info:
        spark.readStream.format("socket").option("host", "127.0.0.1").load()
    assert info.value.getCondition() == "_LEGACY_ERROR_TEMP_1296"
