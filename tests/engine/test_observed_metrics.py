"""``df.observe(name, *exprs)``: metrics per micro-batch in the progress's ``observedMetrics``."""

from __future__ import annotations

import json

import pytest
from helpers import write_file

from rillet.errors import AnalysisException, PySparkTypeError, PySparkValueError
from rillet.sql import Row
from rillet.sql import functions as F


def test_observed_metrics_are_computed_per_batch_and_reported_after_the_sink(spark, tmp_path):
    observed = spark.readStream.text(str(tmp_path)).observe(
        "metric", F.count(F.lit(1)).alias("cnt"), F.max(F.length("value")).alias("maxlen"))
    q = observed.groupBy("value").count().writeStream.format("memory").outputMode("complete") \
        .queryName("observed").start()
    write_file(tmp_path, "a.txt", "a\nbb\nccc\n")
    q.processAllAvailable()
    write_file(tmp_path, "b.txt", "dddd\n")
    q.processAllAvailable()
    first, second = q.recentProgress
    assert first.observedMetrics == {"metric": Row(cnt=3, maxlen=3)}
    assert second.observedMetrics["metric"].cnt == 1 and second.observedMetrics["metric"].maxlen == 4
    parsed = json.loads(second.json)
    assert list(parsed)[-3:] == ["sink", "observedMetrics", "trigger"]  # trigger: Spark 4.1+
    assert parsed["observedMetrics"] == {"metric": {"cnt": 1, "maxlen": 4}}
    assert spark.table("observed").count() == 4  # rows pass through unchanged
    q.stop()


def test_progress_without_observe_has_no_observed_metrics(spark, tmp_path):
    q = spark.readStream.text(str(tmp_path)).writeStream.format("noop").start()
    write_file(tmp_path, "a.txt", "x\n")
    q.processAllAvailable()
    assert "observedMetrics" not in q.lastProgress and q.lastProgress.observedMetrics == {}
    q.stop()


def test_observe_on_a_batch_dataframe_passes_rows_through(spark):
    assert spark.range(3).observe("m", F.count("id")).count() == 3


def test_observe_rejects_bad_arguments_as_spark_does(spark):
    df = spark.range(3)
    with pytest.raises(PySparkValueError, match="CANNOT_BE_EMPTY"):
        df.observe("m")
    with pytest.raises(PySparkTypeError, match="NOT_LIST_OF_COLUMN"):
        df.observe("m", "id")
    with pytest.raises(AnalysisException) as e:
        df.observe("m", F.col("id"))
    assert e.value.getCondition() == "INVALID_OBSERVED_METRICS.NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE"
