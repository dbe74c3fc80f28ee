"""The state data source over every stateful operator: ``statestore`` / ``state-metadata``.

Each query runs to a checkpoint on rillet (a ``text`` stream over a temporary folder, one
file per micro-batch, ``processAllAvailable()`` after each), then the checkpoint is read
back with Spark's options. Where real PySpark runs the same query, it runs it on its own
checkpoint and reads that with *its* reader; the rows must be the same. ``partition_id``
is left out of those comparisons (and ``numPartitions`` of the metadata): rillet runs each
operator as one partition, PySpark here as two shuffle partitions.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.helpers import write_file

_PROVIDER = "spark.sql.streaming.stateStore.providerClass"
_ROCKSDB = "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider"

PAIRS = [["a,1", "b,2"], ["a,3", "c,1"]]
EVENTS = [
    ["2024-01-01 00:00:01,a,1", "2024-01-01 00:00:03,a,1", "2024-01-01 00:00:02,b,1"],
    ["2024-01-01 00:00:15,a,2"],
]


# -- programs (each a function of the engine's ``F``, run the same on both engines) ---------


def pairs(lines: Any, F: Any) -> Any:
    parts = F.split("value", ",")
    return lines.select(parts[0].alias("k"), parts[1].cast("int").alias("v"))


def events(lines: Any, F: Any) -> Any:
    parts = F.split("value", ",")
    return lines.select(parts[0].cast("timestamp").alias("ts"), parts[1].alias("k"), parts[2].cast("int").alias("v"))


def aggregate(lines: Any, F: Any) -> Any:
    return pairs(lines, F).groupBy("k").agg(F.count("*"), F.sum("v"), F.avg("v"), F.max("v"), F.first("v"))


def windowed(lines: Any, F: Any) -> Any:
    return events(lines, F).withWatermark("ts", "10 seconds").groupBy(F.window("ts", "10 seconds"), "k").count()


def sessions(lines: Any, F: Any) -> Any:
    return (events(lines, F).withWatermark("ts", "10 seconds")
            .groupBy(F.session_window("ts", "5 seconds"), "k").agg(F.count("*"), F.sum("v")))


def join(lines: Any, F: Any) -> Any:
    e = events(lines, F)
    left = e.where("k = 'a'").select(F.col("v").alias("id"), F.col("ts").alias("lts"))
    right = e.where("k = 'b'").select(F.col("v").alias("rid"), F.col("ts").alias("rts"), F.lit("x").alias("payload"))
    return left.join(right, left.id == right.rid)


JOIN_EVENTS = [
    ["2024-01-01 00:00:01,a,1", "2024-01-01 00:00:02,b,2", "2024-01-01 00:00:02,a,2", "2024-01-01 00:00:03,a,2"],
    ["2024-01-01 00:00:15,b,1", "2024-01-01 00:00:16,b,7"],
]


def pandas_state(with_timeout: bool) -> Callable[[Any, Any], Any]:
    def program(lines: Any, F: Any) -> Any:
        import pandas as pd

        timeouts = _engine_module(F, "streaming.state").GroupStateTimeout

        def count(key: Any, frames: Any, state: Any) -> Any:
            n = state.get[0] if state.exists else 0
            for frame in frames:
                n += len(frame)
            state.update((n, f"seen {n}"))
            if with_timeout:
                state.setTimeoutTimestamp(1_900_000_000_000 + n)
            yield pd.DataFrame({"k": [key[0]], "n": [n]})

        data = events(lines, F).withWatermark("ts", "10 seconds") if with_timeout else pairs(lines, F)
        return data.groupBy("k").applyInPandasWithState(
            count, "k string, n long", "n long, tag string", "update",
            timeouts.EventTimeTimeout if with_timeout else timeouts.NoTimeout,
        )

    return program


def transform_with_state(lines: Any, F: Any) -> Any:
    import pandas as pd

    base = _engine_module(F, "streaming.stateful_processor").StatefulProcessor

    class Tracker(base):  # type: ignore[misc, valid-type]
        def init(self, handle: Any) -> None:
            self.handle = handle
            self.count = handle.getValueState("count", "n long")
            self.items = handle.getListState("items", "v int")
            self.parity = handle.getMapState("parity", "p string", "c long")

        def handleInputRows(self, key: Any, rows: Any, timerValues: Any) -> Any:
            n = self.count.get()[0] if self.count.exists() else 0
            for frame in rows:
                n += len(frame)
                self.items.appendList([(int(v),) for v in frame["v"]])
                for v in frame["v"]:
                    p = ("odd",) if int(v) % 2 else ("even",)
                    c = self.parity.getValue(p)[0] if self.parity.containsKey(p) else 0
                    self.parity.updateValue(p, (c + 1,))
            self.count.update((n,))
            self.handle.registerTimer(1_900_000_000_000 + n)
            yield pd.DataFrame({"k": [key[0]], "n": [n]})

        def handleExpiredTimer(self, key: Any, timerValues: Any, expiredTimerInfo: Any) -> Any:
            yield pd.DataFrame({"k": [key[0]], "n": [-1]})

        def close(self) -> None:
            pass

    return (events(lines, F).withWatermark("ts", "10 seconds").groupBy("k")
            .transformWithStateInPandas(Tracker(), "k string, n long", "Update", "EventTime"))


def _engine_module(F: Any, name: str) -> Any:
    import importlib

    return importlib.import_module(f"{F.__name__.rsplit('.', 1)[0]}.{name}")


# -- running a program to a checkpoint -------------------------------------------------------------


class StateReads:
    """Reads of one checkpoint's state with one engine's reader."""

    def __init__(self, spark: Any, checkpoint: str) -> None:
        self.spark = spark
        self.checkpoint = checkpoint

    def read(self, fmt: str = "statestore", **options: Any) -> Any:
        reader = self.spark.read.format(fmt)
        for k, v in options.items():
            reader = reader.option(k, v)
        return reader.load(self.checkpoint)

    def error(self, **options: Any) -> tuple[str, dict[str, str]]:
        """The condition and parameters (checkpoint path blanked) a bad read raises."""
        with pytest.raises(Exception) as info:
            self.read(**options).collect()
        e = info.value
        params = {k: str(v).replace(self.checkpoint, "<cp>") for k, v in e.getMessageParameters().items()}
        return e.getCondition(), params


class Run(StateReads):
    """A program run on one engine to a fresh checkpoint (kept until the test ends)."""

    def __init__(self, spark: Any, F: Any, program: Callable[[Any, Any], Any], batches: list[list[str]],
                 mode: str = "update", confs: dict[str, str] | None = None) -> None:
        self.root = tempfile.mkdtemp(prefix="rillet-state-reader-")
        super().__init__(spark, os.path.join(self.root, "checkpoint"))
        source = os.path.join(self.root, "in")
        os.makedirs(source)
        for k, v in (confs or {}).items():
            spark.conf.set(k, v)
        try:
            lines = spark.readStream.format("text").option("maxFilesPerTrigger", 1).load(source)
            query = (program(lines, F).writeStream.format("memory").queryName(f"state_{os.path.basename(self.root)[-8:]}")
                     .outputMode(mode).option("checkpointLocation", self.checkpoint).start())
            try:
                for i, batch in enumerate(batches):
                    write_file(source, f"part-{i:04d}.txt", "".join(line + "\n" for line in batch))
                    query.processAllAvailable()
            finally:
                query.stop()
        finally:
            for k in confs or {}:
                spark.conf.unset(k)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def runs() -> Iterator[list[Run]]:
    made: list[Run] = []
    yield made
    for run in made:
        run.close()


@pytest.fixture(scope="module")
def pyspark() -> Iterator[Any]:
    """Real PySpark (two shuffle partitions, as the conformance suite's), or skip."""
    if shutil.which("java") is None:
        pytest.skip("conformance needs real PySpark, which needs Java: no `java` on PATH")
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    existing = SparkSession.getActiveSession()
    session = (
        SparkSession.builder.master("local[2]").appName("rillet-conformance")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC").getOrCreate()
    )
    session.sparkContext.setLogLevel("OFF")
    yield session
    if existing is None:
        session.stop()


@pytest.fixture
def both(spark: Any, pyspark: Any, runs: list[Run]) -> Callable[..., tuple[Run, Run]]:
    """Run a program on rillet and on PySpark; returns (rillet's run, PySpark's run)."""
    import pyspark.sql.functions as pyspark_functions

    from rillet.sql import functions as rillet_functions

    def run_both(program: Callable[[Any, Any], Any], batches: list[list[str]], **kwargs: Any) -> tuple[Run, Run]:
        ours = Run(spark, rillet_functions, program, batches, **kwargs)
        runs.append(ours)
        theirs = Run(pyspark, pyspark_functions, program, batches, **kwargs)
        runs.append(theirs)
        return ours, theirs

    return run_both


@pytest.fixture
def rillet_run(spark: Any, runs: list[Run]) -> Callable[..., Run]:
    from rillet.sql import functions as rillet_functions

    def run(program: Callable[[Any, Any], Any], batches: list[list[str]], **kwargs: Any) -> Run:
        out = Run(spark, rillet_functions, program, batches, **kwargs)
        runs.append(out)
        return out

    return run


# -- comparing -------------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """Rows and nested Rows as tuples (field names live in the schema), maps as sorted items."""
    if isinstance(value, tuple):  # Row
        return tuple(plain(v) for v in value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return sorted((plain(k), plain(v)) for k, v in value.items())
    return value


def without_partition(df: Any) -> tuple[str, list[Any]]:
    """The schema (partition_id dropped) and the sorted rows of a state read."""
    names = [f.name for f in df.schema.fields if f.name != "partition_id"]
    schema = ",".join(f"{f.name}:{f.dataType.simpleString()}" for f in df.schema.fields if f.name != "partition_id")
    rows = [plain(tuple(r[n] for n in names)) for r in df.collect()]
    return schema, sorted(rows, key=repr)


def assert_same_state(ours: Run, theirs: Run, **options: Any) -> list[Any]:
    mine, spark = ours.read(**options), theirs.read(**options)
    assert {r.partition_id for r in mine.collect()} <= {0}
    got, expected = without_partition(mine), without_partition(spark)
    assert got == expected
    assert got[1], "the state read is empty: nothing was compared"
    return got[1]


def metadata(run: Run) -> list[tuple[Any, ...]]:
    rows = run.read("state-metadata").collect()
    out = []
    for r in rows:
        props = json.loads(r.operatorProperties) if r.operatorProperties else None
        if props and "stateVariables" in props:  # the variables' order is a hash order in Spark
            props["stateVariables"] = sorted(props["stateVariables"], key=lambda v: v["stateName"])
        out.append((r.operatorId, r.operatorName, r.stateStoreName, r.minBatchId, r.maxBatchId, props))
    return sorted(out, key=repr)


# -- conformance: rillet's reader on rillet's checkpoint == PySpark's on PySpark's -------------------


@pytest.mark.conformance
def test_streaming_aggregation_state_matches_pyspark(both):
    ours, theirs = both(aggregate, PAIRS)
    rows = assert_same_state(ours, theirs)
    # value: Spark's aggregation buffers (count; sum; avg's sum and count; max; first + valueSet)
    assert ("a",) in [r[0] for r in rows]
    assert ours.read().schema.simpleString().startswith(
        "struct<key:struct<k:string>,value:struct<count:bigint,sum:bigint,sum:double,count:bigint,max:int,"
    )
    assert_same_state(ours, theirs, batchId=0)
    assert_same_state(ours, theirs, readChangeFeed="true", changeStartBatchId=0)
    assert_same_state(ours, theirs, readChangeFeed="true", changeStartBatchId=1, changeEndBatchId=1)
    assert metadata(ours) == metadata(theirs)
    assert [r.numPartitions for r in ours.read("state-metadata").collect()] == [1]


@pytest.mark.conformance
def test_aggregation_buffers_of_more_functions_match_pyspark(both):
    def program(lines: Any, F: Any) -> Any:
        v = F.col("v")
        return pairs(lines, F).groupBy("k").agg(
            F.max_by("v", "v"), F.min_by("v", "v"), F.stddev("v"), F.bool_and(v > 1), F.bool_or(v > 1),
            F.count_if(v > 1), F.first("v", ignorenulls=True), F.last("v"), F.min("v"),
            F.sum(v.cast("decimal(10,2)")), F.avg(v.cast("decimal(10,2)")),  # decimal buffers
            F.sum(v.cast("decimal(5,2)")), F.avg(v.cast("decimal(20,2)")),  # unscaled long / decimal sum
        )

    ours, theirs = both(program, PAIRS)
    assert_same_state(ours, theirs)
    assert_same_state(ours, theirs, batchId=0)


@pytest.mark.conformance
def test_global_and_windowed_aggregation_state_matches_pyspark(both):
    ours, theirs = both(lambda lines, F: pairs(lines, F).agg(F.count("*").alias("n")), PAIRS)
    assert assert_same_state(ours, theirs) == [((), (4,))]
    ours, theirs = both(windowed, EVENTS)
    assert_same_state(ours, theirs)
    assert metadata(ours) == metadata(theirs)


@pytest.mark.conformance
def test_deduplication_state_matches_pyspark(both):
    ours, theirs = both(lambda lines, F: pairs(lines, F).dropDuplicates(["k"]), PAIRS, mode="append")
    assert assert_same_state(ours, theirs) == [(("a",), (None,)), (("b",), (None,)), (("c",), (None,))]
    assert metadata(ours) == metadata(theirs)
    ours, theirs = both(lambda lines, F: pairs(lines, F).dropDuplicates(), PAIRS, mode="append")
    assert_same_state(ours, theirs)
    within = both(
        lambda lines, F: events(lines, F).withWatermark("ts", "10 seconds").dropDuplicatesWithinWatermark(["k"]),
        EVENTS, mode="append",
    )
    assert_same_state(*within)  # value: expiresAtMicros
    assert metadata(within[0]) == metadata(within[1])  # operatorName dedupeWithinWatermark
    # the eviction by the watermark shows as deletes in the change feed
    assert_same_state(*within, readChangeFeed="true", changeStartBatchId=0)


@pytest.mark.conformance
def test_each_operator_of_a_query_is_read_by_its_operator_id(both):
    ours, theirs = both(lambda lines, F: pairs(lines, F).dropDuplicates(["k", "v"]).groupBy("k").count(), PAIRS)
    assert metadata(ours) == metadata(theirs)  # dedupe and stateStoreSave, numbered as Spark
    assert_same_state(ours, theirs, operatorId=0)
    assert_same_state(ours, theirs, operatorId=1)

    def deduped_join(lines: Any, F: Any) -> Any:  # Spark: the join is 0, its left side's dedupe 1
        e = events(lines, F)
        left = e.where("k = 'a'").select(F.col("v").alias("id"), F.col("ts").alias("lts")).dropDuplicates(["id"])
        right = e.where("k = 'b'").select(F.col("v").alias("rid"), F.col("ts").alias("rts")).dropDuplicates(["rid"])
        return left.join(right, left.id == right.rid)

    ours, theirs = both(deduped_join, JOIN_EVENTS, mode="append")
    assert [m[:2] for m in metadata(ours)] == [(0, "symmetricHashJoin")] * 4 + [(1, "dedupe"), (2, "dedupe")]
    assert metadata(ours) == metadata(theirs)
    for operator in (1, 2):
        assert_same_state(ours, theirs, operatorId=operator)
    assert_same_state(ours, theirs, operatorId=0, joinSide="left")


@pytest.mark.conformance
def test_session_window_state_matches_pyspark(both):
    ours, theirs = both(sessions, EVENTS, mode="append")
    rows = assert_same_state(ours, theirs)
    assert len(rows) == 3  # a's two sessions and b's
    assert_same_state(ours, theirs, readChangeFeed="true", changeStartBatchId=0)
    assert metadata(ours) == metadata(theirs)


@pytest.mark.conformance
def test_stream_stream_join_state_matches_pyspark(both):
    ours, theirs = both(join, JOIN_EVENTS, mode="append")
    left = assert_same_state(ours, theirs, joinSide="left")
    assert sorted(r[0] for r in left) == [(1,), (2,), (2,)]  # both buffered rows of key 2
    assert_same_state(ours, theirs, joinSide="right")
    for store in ("left-keyToNumValues", "left-keyWithIndexToValue", "right-keyToNumValues",
                  "right-keyWithIndexToValue"):
        assert_same_state(ours, theirs, storeName=store)
    assert metadata(ours) == metadata(theirs)  # four rows: Spark's store names
    for options in ({}, {"joinSide": "none"}, {"joinSide": "left", "storeName": "left-keyToNumValues"},
                    {"joinSide": "left", "readChangeFeed": "true", "changeStartBatchId": 0},
                    {"joinSide": "middle"}):
        assert ours.error(**options) == theirs.error(**options), options


@pytest.mark.conformance
def test_apply_in_pandas_with_state_matches_pyspark(both):
    ours, theirs = both(pandas_state(with_timeout=False), PAIRS)
    rows = assert_same_state(ours, theirs)
    assert (("a",), ((2, "seen 2"),)) in rows  # value: the user's state as groupState
    assert_same_state(ours, theirs, readChangeFeed="true", changeStartBatchId=0)
    assert metadata(ours) == metadata(theirs)
    ours, theirs = both(pandas_state(with_timeout=True), EVENTS)
    rows = assert_same_state(ours, theirs)  # value: groupState and timeoutTimestamp (ms)
    assert (("b",), ((1, "seen 1"), 1_900_000_000_001)) in rows


@pytest.mark.conformance
def test_transform_with_state_variables_match_pyspark(both):
    ours, theirs = both(transform_with_state, EVENTS, confs={_PROVIDER: _ROCKSDB})
    assert assert_same_state(ours, theirs, stateVarName="count") == [(("a",), (3,)), (("b",), (1,))]
    items = assert_same_state(ours, theirs, stateVarName="items")  # one row per element: list_element
    assert len(items) == 4
    assert ours.read(stateVarName="items").columns == ["key", "list_element", "partition_id"]
    assert_same_state(ours, theirs, stateVarName="items", flattenCollectionTypes="false")  # list_value
    assert_same_state(ours, theirs, stateVarName="parity")  # user_map_key / user_map_value
    assert_same_state(ours, theirs, stateVarName="parity", flattenCollectionTypes="false")  # map_value
    assert_same_state(ours, theirs, stateVarName="count", batchId=0)
    assert metadata(ours) == metadata(theirs)  # operatorProperties: time mode, variables
    for options in ({}, {"stateVarName": "nope"}, {"stateVarName": "count", "joinSide": "left"}):
        assert ours.error(**options) == theirs.error(**options), options


@pytest.mark.conformance
def test_option_errors_match_pyspark(both):
    ours, theirs = both(aggregate, PAIRS)
    bad: list[dict[str, Any]] = [
        {"joinSide": "left"}, {"stateVarName": "x"}, {"operatorId": 5}, {"operatorId": -1},
        {"storeName": "foo"}, {"storeName": " "}, {"batchId": 7}, {"batchId": -1},
        {"readChangeFeed": "true"}, {"readChangeFeed": "true", "changeStartBatchId": -1},
        {"readChangeFeed": "true", "changeStartBatchId": 1, "changeEndBatchId": 0},
        {"readChangeFeed": "true", "changeStartBatchId": 0, "batchId": 0},
        {"changeStartBatchId": 0}, {"changeEndBatchId": 1},
        {"snapshotStartBatchId": 0}, {"snapshotPartitionId": 0}, {"snapshotStartBatchId": 5, "snapshotPartitionId": 0},
        {"snapshotStartBatchId": -1, "snapshotPartitionId": 0},
    ]
    for options in bad:
        assert ours.error(**options) == theirs.error(**options), options


# -- rillet only -------------------------------------------------------------------------------------


def test_transform_with_state_timers_are_read_by_their_state_variable_name(rillet_run):
    # (PySpark 4.0.5's own reader fails on its timer column family's reserved '$' name)
    run = rillet_run(transform_with_state, EVENTS)
    timers = run.read(stateVarName="$eventTimers_keyToTimestamp")
    assert timers.schema.simpleString() == \
        "struct<key:struct<k:string>,expiration_timestamp_ms:bigint,partition_id:int>"
    # a's timers of both batches (n=2 then n=3), b's of the first
    assert sorted((r.key.k, r.expiration_timestamp_ms) for r in timers.collect()) == [
        ("a", 1_900_000_000_002), ("a", 1_900_000_000_003), ("b", 1_900_000_000_001),
    ]
    props = json.loads(run.read("state-metadata").collect()[0].operatorProperties)
    assert props["timeMode"] == "EventTime" and props["outputMode"] == "Update"
    assert [v["stateName"] for v in props["stateVariables"]] == \
        ["count", "items", "parity", "$eventTimers_keyToTimestamp"]
    changes = run.read(stateVarName="count", readChangeFeed="true", changeStartBatchId=0).collect()
    assert sorted((r.batch_id, r.change_type, r.key.k, r.value.n) for r in changes)[:2] == [
        (0, "update", "a", 2), (0, "update", "b", 1),
    ]


def test_snapshot_start_batch_id_rebuilds_from_that_snapshot(rillet_run):
    run = rillet_run(aggregate, [*PAIRS, ["b,4"]], confs={"spark.sql.streaming.stateStore.minDeltasForSnapshot": "2"})
    assert os.path.exists(os.path.join(run.checkpoint, "state", "0", "0.snapshot"))
    latest = without_partition(run.read())
    assert without_partition(run.read(snapshotStartBatchId=0, snapshotPartitionId=0)) == latest
    assert without_partition(run.read(snapshotStartBatchId=2, snapshotPartitionId=0)) == latest
    assert without_partition(run.read(snapshotStartBatchId=0, snapshotPartitionId=0, batchId=1)) == \
        without_partition(run.read(batchId=1))
    assert run.error(snapshotStartBatchId=1, snapshotPartitionId=0)[0] == "CHECKPOINT_FILE_CORRUPT"  # no snapshot 1
    condition, params = run.error(snapshotStartBatchId=0, snapshotPartitionId=3)
    assert condition == "STDS_INVALID_OPTION_VALUE.WITH_MESSAGE" and params["optionName"] == "snapshotPartitionId"


def test_change_feed_reports_deletes_with_a_null_value(rillet_run):
    run = rillet_run(
        lambda lines, F: events(lines, F).withWatermark("ts", "10 seconds").dropDuplicates(["k", "ts"]),
        EVENTS, mode="append",
    )
    changes = run.read(readChangeFeed="true", changeStartBatchId=0).collect()
    deletes = [r for r in changes if r.change_type == "delete"]
    assert deletes and all(r.value is None for r in deletes)
    assert {r.key.k for r in deletes} == {"a", "b"}  # evicted once the watermark passed them
    state = run.read().collect()
    assert [(r.key.k, r.key.ts.second) for r in state] == [("a", 15)]


def test_a_checkpoint_without_layout_is_read_with_its_stored_columns(rillet_run):
    run = rillet_run(aggregate, PAIRS)
    os.remove(os.path.join(run.checkpoint, "state", "0", "_layout.json"))
    state = run.read()
    assert state.columns == ["key", "value", "partition_id"]
    assert sorted((r.key[0], r.value[0]) for r in state.collect()) == [("a", 2), ("b", 1), ("c", 1)]
    meta = run.read("state-metadata").collect()
    assert [(m.operatorName, m.stateStoreName, m.minBatchId, m.maxBatchId) for m in meta] == [
        ("stateStore", "default", 0, 1)
    ]
    assert run.error(joinSide="left")[0] == "STDS_FAILED_TO_READ_STATE_SCHEMA"


def test_the_checkpoint_location_is_required(spark):
    with pytest.raises(Exception) as info:
        spark.read.format("statestore").load()
    assert info.value.getCondition() == "STDS_REQUIRED_OPTION_UNSPECIFIED"


def ttl_state(lines: Any, F: Any) -> Any:
    import pandas as pd

    base = _engine_module(F, "streaming.stateful_processor").StatefulProcessor

    class Expiring(base):  # type: ignore[misc, valid-type]
        def init(self, handle: Any) -> None:
            self.handle = handle
            self.count = handle.getValueState("count", "n long", 3_600_000)
            self.items = handle.getListState("items", "v int", 3_600_000)

        def handleInputRows(self, key: Any, rows: Any, timerValues: Any) -> Any:
            n = self.count.get()[0] if self.count.exists() else 0
            for frame in rows:
                n += len(frame)
                self.items.appendList([(int(v),) for v in frame["v"]])
            self.count.update((n,))
            self.handle.registerTimer(timerValues.getCurrentProcessingTimeInMs() + 3_600_000)
            yield pd.DataFrame({"k": [key[0]], "n": [n]})

        def close(self) -> None:
            pass

    return pairs(lines, F).groupBy("k").transformWithStateInPandas(Expiring(), "k string, n long", "Update",
                                                                   "ProcessingTime")


def test_ttl_state_shows_its_expiration_as_spark(spark, tmp_path):
    # (PySpark shows the same shape: value {value, ttlExpirationMs}.) Processing-time timers
    # run a batch on every trigger, so the query runs on a manual clock: one trigger at 1000 s.
    from rillet.sql import functions as F
    from rillet.testing import manual_clock

    source, checkpoint = str(tmp_path / "in"), str(tmp_path / "checkpoint")
    write_file(source, "part-0.txt", "a,1\nb,2\na,3\n")
    with manual_clock(spark, start_ms=1_000_000) as clock:
        query = (ttl_state(spark.readStream.format("text").load(source), F).writeStream.format("noop")
                 .outputMode("update").option("checkpointLocation", checkpoint)
                 .trigger(processingTime="10 seconds").start())
        clock.await_waiting()
        query.stop()
    run = StateReads(spark, checkpoint)
    count = run.read(stateVarName="count")
    assert count.schema.simpleString() == (
        "struct<key:struct<k:string>,value:struct<value:struct<n:bigint>,ttlExpirationMs:bigint>,partition_id:int>"
    )
    rows = count.collect()
    assert sorted((r.key.k, r.value.value.n, r.value.ttlExpirationMs) for r in rows) == [
        ("a", 2, 4_600_000), ("b", 1, 4_600_000),  # the batch's time + the TTL
    ]
    items = run.read(stateVarName="items", flattenCollectionTypes="false")
    assert items.schema["list_value"].dataType.simpleString() == \
        "array<struct<value:struct<v:int>,ttlExpirationMs:bigint>>"
    timers = run.read(stateVarName="$procTimers_keyToTimestamp").collect()
    assert sorted((r.key.k, r.expiration_timestamp_ms) for r in timers) == [("a", 4_600_000), ("b", 4_600_000)]
    props = json.loads(run.read("state-metadata").collect()[0].operatorProperties)
    assert props["timeMode"] == "ProcessingTime"
    assert {v["stateName"]: v["ttlEnabled"] for v in props["stateVariables"]} == {
        "count": True, "items": True, "$procTimers_keyToTimestamp": False,
    }
