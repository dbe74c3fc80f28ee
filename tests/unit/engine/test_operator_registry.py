"""The StatefulOperator contract: one operator per stateful plan node, what the base gives
an operator for free (metrics, late rows, layout), and a state package that reads no operator."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest

import rillet
from rillet.engine import operators as ops
from rillet.engine.checkpoint import Checkpoint, OffsetSeq
from rillet.engine.operators import base
from rillet.engine.planner import plan_incremental
from rillet.engine.state.layout import write_layouts
from rillet.engine.state.reader import read_state
from rillet.engine.state.store import StateStore
from rillet.plan import logical as L
from rillet.sql import functions as F
from rillet.sql.streaming.stateful_processor import StatefulProcessor

SPARK_STATE_OPERATOR_FIELDS = [
    "operatorName", "numRowsTotal", "numRowsUpdated", "allUpdatesTimeMs", "numRowsRemoved",
    "allRemovalsTimeMs", "commitTimeMs", "memoryUsedBytes", "numRowsDroppedByWatermark",
    "numShufflePartitions", "numStateStoreInstances", "customMetrics",
]


class _Keep(StatefulProcessor):
    def init(self, handle):
        pass

    def handleInputRows(self, key, rows, timerValues):
        yield from rows

    def close(self):
        pass


def _stateful_queries(spark):
    """One streaming query per stateful operator, with the operator expected to run it."""
    rate = spark.readStream.format("rate").load()
    events = rate.withWatermark("timestamp", "10 seconds")
    other = spark.readStream.format("rate").load().select(F.col("value"), F.col("timestamp").alias("t2"))
    return [
        (rate.groupBy("value").count(), "update", "StreamingAggregate"),
        (events.groupBy(F.session_window("timestamp", "5 seconds")).count(), "append", "StreamingSessionAggregate"),
        (rate.dropDuplicates(["value"]), "append", "StreamingDeduplicate"),
        (events.dropDuplicatesWithinWatermark(["value"]), "append", "StreamingDeduplicate"),
        (rate.join(other, "value"), "append", "StreamingSymmetricHashJoin"),
        (rate.groupBy("value").applyInPandasWithState(
            lambda key, pdfs, state: iter(pdfs), "value long, timestamp timestamp", "n long", "append", "NoTimeout",
        ), "append", "StreamingFlatMapGroupsInPandasWithState"),
        (rate.groupBy("value").transformWithStateInPandas(
            _Keep(), "timestamp timestamp, value long", "append", "None",
        ), "append", "StreamingTransformWithStateInPandas"),
    ]


def test_every_stateful_plan_node_maps_to_exactly_one_operator(spark):
    covered = set()
    for df, mode, expected in _stateful_queries(spark):
        stateful = plan_incremental(df._plan, mode).stateful
        assert len(stateful) == 1, expected
        node = stateful[0]
        accepting = [op for op in ops.registered()[type(node)] if op.accepts(node)]
        assert [op.__name__ for op in accepting] == [expected]
        assert ops.operator_for(node) is accepting[0]
        covered.add(type(node))
    assert covered == set(ops.registered())  # no registered node class left untested


def test_the_same_nodes_over_static_data_are_stateless(spark):
    static = spark.range(5).withColumnRenamed("id", "value")
    rate = spark.readStream.format("rate").load()
    for df in (static.groupBy("value").count(), static.dropDuplicates(), rate.join(static, "value")):
        assert plan_incremental(df._plan, "append").stateful == ()
        assert all(ops.operator_for(n) is None for n in df._plan.walk())


# -- a toy operator: only process() and stores(); the rest comes from the base -------------


@dataclass(frozen=True, eq=False, repr=False)
class CountPerKey(L.LogicalPlan):
    """A test node: the number of rows seen per key so far."""

    child: L.LogicalPlan
    _child_fields = ("child",)

    @property
    def output(self):
        return self.child.output


@pytest.fixture
def toy_operator(monkeypatch):
    monkeypatch.setattr(base, "_REGISTRY", {k: list(v) for k, v in base._REGISTRY.items()})

    @ops.stateful_operator(CountPerKey)
    class StreamingCountPerKey(ops.StatefulOperator):
        operator_name = "countPerKey"

        def __init__(self, node, context):
            super().__init__(node, context)
            self.key = node.child.output[1].column_key
            self.store = StateStore(context.state_path, {"key": pl.Utf8(), "n": pl.Int64()}, ["key"])

        def stores(self):
            return [self.store]

        def process(self, inputs, ctx, mode, watermark_ms):
            batch = inputs[0].group_by(pl.col(self.key).alias("key")).agg(pl.len().cast(pl.Int64).alias("n")).collect()
            old = self.store.lookup(batch.select("key"))
            merged = batch.join(old, on="key", how="left", suffix="_old").select(
                "key", pl.col("n") + pl.col("n_old").fill_null(0)
            )
            self.store.upsert(merged)
            return merged.to_arrow()

    return StreamingCountPerKey


def test_a_registered_toy_operator_gets_late_rows_metrics_and_layout_from_the_base(spark, tmp_path, toy_operator):
    events = spark.readStream.format("rate").load().select(
        F.col("timestamp").alias("ts"), F.col("value").cast("string").alias("k")
    )
    node = CountPerKey(events._plan)
    ts, k = (a.column_key for a in node.child.output)
    assert ops.operator_for(node) is toy_operator
    checkpoint = Checkpoint(str(tmp_path / "cp"))
    context = ops.OperatorContext(checkpoint.state_path(0), watermark_attr=node.child.output[0])
    op = ops.build_operator(node, context)
    op.load(-1)

    def at(*seconds):
        return pl.Series([s * 1_000_000 for s in seconds]).cast(pl.Datetime("us", "UTC"))

    batch = pl.LazyFrame({ts: at(5, 20, 30), k: ["a", "b", "b"]})
    kept = op.drop_late_rows([batch], None, watermark_ms=10_000)  # the row at 5 s is late
    op.process(kept, None, "update", 10_000)
    metrics = op.metrics(op.commit(0))
    assert list(metrics) == SPARK_STATE_OPERATOR_FIELDS
    assert metrics["operatorName"] == "countPerKey"
    assert (metrics["numRowsTotal"], metrics["numRowsUpdated"], metrics["numRowsRemoved"]) == (1, 1, 0)
    assert metrics["numRowsDroppedByWatermark"] == 1
    assert metrics["memoryUsedBytes"] > 0
    [(suffix, late, attrs)] = op.take_late_rows()
    assert suffix == "" and attrs == node.child.output
    assert pl.concat(late).get_column(k).to_list() == ["a"]

    op.process(op.drop_late_rows([pl.LazyFrame({ts: at(40), k: ["a"]})], None, 10_000), None, "update", 10_000)
    metrics = op.metrics(op.commit(1))
    assert (metrics["numRowsTotal"], metrics["numRowsDroppedByWatermark"]) == (2, 0)  # the count starts again

    # the state reader shows the toy's state from the layout the base wrote, knowing no operator
    checkpoint.query_id()  # writes the metadata file a checkpoint starts with
    checkpoint.write_offsets(1, OffsetSeq([], 0, 0, {}))
    checkpoint.write_commit(1, 0)
    write_layouts([op])
    rows = read_state(checkpoint.root).select(["key", "value"]).to_pylist()
    assert sorted(rows, key=lambda r: r["key"]["key"]) == [
        {"key": {"key": "a"}, "value": {"n": 1}}, {"key": {"key": "b"}, "value": {"n": 2}},
    ]
    assert read_state(checkpoint.root).schema.field("value").type == pa.struct([("n", pa.int64())])


# -- the state package reads no operator --------------------------------------------------------


def test_the_state_package_imports_no_operator_module():
    state = Path(rillet.__file__).parent / "engine" / "state"
    for path in state.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.startswith("rillet.engine.operators") for n in names), f"{path.name} imports {names}"
    # and importing it (a fresh interpreter) loads none, even through its dependencies
    code = (
        "import sys, rillet.engine.state.store, rillet.engine.state.layout, rillet.engine.state.reader\n"
        "print(sorted(m for m in sys.modules if m.startswith('rillet.engine.operators')))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(rillet.__file__).parent.parent)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"
