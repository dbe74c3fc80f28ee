"""transformWithStateInPandas programs run on rillet and on real PySpark, compared batch by batch.

timeMode ``None`` and ``EventTime`` (timers driven by the watermark, so both engines
fire them in the same micro-batch) run on processAllAvailable(); ``ProcessingTime``
(timers and TTL) runs on a manual clock on both engines
(:mod:`tests.conformance.clocked`), so timers fire and state expires at the same trigger. The processors are
defined inside each program, subclassing the engine's own ``StatefulProcessor`` (found
next to the ``functions`` module the program gets), so PySpark's workers receive them by
value. PySpark 4.0 runs transformWithState only on the RocksDB state store provider, so
each program sets it (a no-op conf on rillet) and unsets it when done.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.conformance.clocked import clocked_query
from tests.conformance.compare import Bag, Cases
from tests.conformance.test_streaming import memory_query, pairs, run_batches, text_stream

case = Cases()

_PROVIDER = "spark.sql.streaming.stateStore.providerClass"
_ROCKSDB = "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider"

EVENTS = [
    ["2024-01-01 00:00:00,a", "2024-01-01 00:00:04,a", "2024-01-01 00:00:20,b"],
    ["2024-01-01 00:00:31,b", "2024-01-01 00:00:02,a"],
    ["2024-01-01 00:00:36,c"],
    ["2024-01-01 00:01:30,c"],
]


def events(lines: Any, F: Any) -> Any:
    parts = F.split(F.col("value"), ",")
    return lines.select(parts.getItem(0).cast("timestamp").alias("ts"), parts.getItem(1).alias("k"))


def stateful_processor_class(F: Any) -> Any:
    """``StatefulProcessor`` of the engine whose ``functions`` module is ``F``."""
    package = F.__name__.rsplit(".", 1)[0]
    return importlib.import_module(f"{package}.streaming.stateful_processor").StatefulProcessor


@contextmanager
def rocksdb(spark: Any) -> Iterator[None]:
    spark.conf.set(_PROVIDER, _ROCKSDB)
    try:
        yield
    finally:
        spark.conf.unset(_PROVIDER)


@case
def value_list_and_map_state_without_time_mode(spark, F, T):
    import pandas as pd

    StatefulProcessor = stateful_processor_class(F)

    class Tally(StatefulProcessor):
        def init(self, handle):
            self.total = handle.getValueState("total", "n long, top int")
            self.values = handle.getListState("values", T.StructType([T.StructField("v", T.IntegerType())]))
            self.counts = handle.getMapState("counts", "v int", "c long")

        def handleInputRows(self, key, rows, timerValues):
            pdf = pd.concat(list(rows))
            old = self.total.get()
            n = len(pdf) + (int(old[0]) if old else 0)
            top = max([int(v) for v in pdf["v"]] + ([int(old[1])] if old else []))
            self.total.update((n, top))
            self.values.appendList([(int(v),) for v in pdf["v"]])
            if n > 3:
                self.values.put([(int(t[0]),) for t in list(self.values.get())[-2:]])
            for v in pdf["v"]:
                c = self.counts.getValue((int(v),))
                self.counts.updateValue((int(v),), ((int(c[0]) if c else 0) + 1,))
            if self.counts.containsKey((3,)):
                self.counts.removeKey((3,))
            listed = ",".join(str(int(t[0])) for t in self.values.get())
            mapped = ",".join(f"{int(k[0])}:{int(v[0])}" for k, v in sorted(
                ((tuple(k), tuple(v)) for k, v in self.counts.iterator()), key=lambda kv: int(kv[0][0])))
            yield pd.DataFrame({
                "k": [key[0]], "n": [n], "top": [top], "values": [listed], "counts": [mapped],
                "keys": [len(list(self.counts.keys()))], "timer_values": [
                    f"{timerValues.getCurrentProcessingTimeInMs()},{timerValues.getCurrentWatermarkInMs()}"],
            })

    with rocksdb(spark), text_stream(spark) as (lines, feed):
        out = pairs(lines, F).groupBy("k").transformWithStateInPandas(
            Tally(), "k string, n long, top int, values string, counts string, keys int, timer_values string",
            "Update", "None",
        )
        q = memory_query(out, feed, "conf_tws_tally", "update")
        batches = [["a,1", "b,2", "a,3"], ["b,5", "c,-1"], ["a,10", "c,4", "c,4", "a,1"]]
        return run_batches(q, feed, batches, lambda: spark.table("conf_tws_tally"))


@case
def event_time_timers_close_sessions(spark, F, T):
    import pandas as pd

    StatefulProcessor = stateful_processor_class(F)

    class Sessions(StatefulProcessor):
        def init(self, handle):
            self.handle = handle
            self.session = handle.getValueState("session", "count long, first long, last long")
            self.seen = handle.getListState("seen", "ms long")

        def handleInputRows(self, key, rows, timerValues):
            pdf = pd.concat(list(rows))
            ms = [int(t.value // 1_000_000) for t in pdf["ts"]]
            count, first, last = len(ms), min(ms), max(ms)
            old = self.session.get()
            if old is not None:
                count, first, last = count + int(old[0]), min(first, int(old[1])), max(last, int(old[2]))
            self.session.update((count, first, last))
            self.seen.appendList([(m,) for m in sorted(ms)])
            for t in list(self.handle.listTimers()):
                self.handle.deleteTimer(t)
            self.handle.registerTimer(last + 10_000)
            yield pd.DataFrame({
                "k": [key[0]], "what": ["data"], "count": [count],
                "detail": [f"wm={timerValues.getCurrentWatermarkInMs()} timers={list(self.handle.listTimers())}"],
            })

        def handleExpiredTimer(self, key, timerValues, expiredTimerInfo):
            count, first, last = (int(v) for v in self.session.get())
            seen = ",".join(str(int(t[0])) for t in self.seen.get())
            self.session.clear()
            self.seen.clear()
            yield pd.DataFrame({
                "k": [key[0]], "what": ["closed"], "count": [count],
                "detail": [f"expiry={expiredTimerInfo.getExpiryTimeInMs()} wm={timerValues.getCurrentWatermarkInMs()} "
                           f"span={first}-{last} seen={seen} exists={self.session.exists()}"],
            })

    with rocksdb(spark), text_stream(spark) as (lines, feed):
        out = (events(lines, F).withWatermark("ts", "5 seconds").groupBy("k")
               .transformWithStateInPandas(Sessions(), "k string, what string, count long, detail string",
                                           "Append", "EventTime"))
        q = memory_query(out, feed, "conf_tws_sessions", "append")
        return run_batches(q, feed, EVENTS, lambda: spark.table("conf_tws_sessions"))


@case
def a_timer_at_exactly_the_watermark(spark, F, T):
    import pandas as pd

    StatefulProcessor = stateful_processor_class(F)

    class Alarm(StatefulProcessor):
        def init(self, handle):
            self.handle = handle

        def handleInputRows(self, key, rows, timerValues):
            for pdf in rows:
                for t in pdf["ts"]:
                    self.handle.registerTimer(int(t.value // 1_000_000) + 5_000)
                    self.handle.registerTimer(int(t.value // 1_000_000) + 3_000)
            return iter([])

        def handleExpiredTimer(self, key, timerValues, expiredTimerInfo):
            yield pd.DataFrame({
                "k": [key[0]], "expiry": [expiredTimerInfo.getExpiryTimeInMs()],
                "wm": [timerValues.getCurrentWatermarkInMs()],
                # (the order of listTimers is unspecified in Spark: RocksDB's key order)
                "timers": [",".join(str(t) for t in sorted(self.handle.listTimers()))],
            })

    # a's timers are 00:00:13 and 00:00:15; b at 00:00:20 makes the watermark exactly 00:00:15
    batches = [["2024-01-01 00:00:10,a"], ["2024-01-01 00:00:20,b"], ["2024-01-01 00:00:21,c"]]
    with rocksdb(spark), text_stream(spark) as (lines, feed):
        out = (events(lines, F).withWatermark("ts", "5 seconds").groupBy("k")
               .transformWithStateInPandas(Alarm(), "k string, expiry long, wm long, timers string", "Update",
                                           "EventTime"))
        q = memory_query(out, feed, "conf_tws_alarm", "update")
        return run_batches(q, feed, batches, lambda: spark.table("conf_tws_alarm"))


@case
def initial_state_seeds_the_first_batch(spark, F, T):
    import pandas as pd

    StatefulProcessor = stateful_processor_class(F)

    class Seeded(StatefulProcessor):
        def init(self, handle):
            self.total = handle.getValueState("total", "n long")
            self.notes = handle.getListState("notes", "note string")

        def handleInitialState(self, key, initialState, timerValues):
            old = self.total.get()
            self.total.update((int(initialState["start"].sum()) + (int(old[0]) if old else 0),))
            self.notes.appendList([(str(x),) for x in initialState["note"]])

        def handleInputRows(self, key, rows, timerValues):
            n = sum(int(p["v"].sum()) for p in rows) + (int(self.total.get()[0]) if self.total.exists() else 0)
            self.total.update((n,))
            notes = ",".join(sorted(str(t[0]) for t in self.notes.get()))
            yield pd.DataFrame({"k": [key[0]], "n": [n], "notes": [notes]})

    seed = spark.createDataFrame(
        [("a", 100, "x"), ("a", 5, "y"), ("z", 7, "w")], "k string, start long, note string"
    ).groupBy("k")
    with rocksdb(spark), text_stream(spark) as (lines, feed):
        out = pairs(lines, F).groupBy("k").transformWithStateInPandas(
            Seeded(), "k string, n long, notes string", "Update", "None", initialState=seed,
        )
        q = memory_query(out, feed, "conf_tws_seeded", "update")
        batches = [["a,1", "b,2"], ["a,1", "z,1"]]
        return run_batches(q, feed, batches, lambda: spark.table("conf_tws_seeded"))


@case
def batch_dataframes_run_once_over_empty_state(spark, F, T):
    import pandas as pd

    StatefulProcessor = stateful_processor_class(F)

    class Totals(StatefulProcessor):
        def init(self, handle):
            self.handle = handle
            self.total = handle.getValueState("total", "n long")
            self.seen = handle.getListState("seen", "v long")

        def handleInitialState(self, key, initialState, timerValues):
            self.total.update((int(initialState["start"].sum()),))

        def handleInputRows(self, key, rows, timerValues):
            pdf = pd.concat(list(rows))
            before = self.total.get()
            n = int(pdf["v"].sum()) + (int(before[0]) if before is not None else 0)
            self.total.update((n,))
            self.seen.appendList([(int(v),) for v in pdf["v"]])
            yield pd.DataFrame({"k": [key[0]], "n": [n], "rows": [len(pdf)],
                                "seen": [sorted(int(t[0]) for t in self.seen.get())]})

    rows = spark.createDataFrame([("a", 1), ("b", 2), ("a", 3), ("c", 5)], "k string, v long")
    seed = spark.createDataFrame([("a", 100), ("z", 7)], "k string, start long").groupBy("k")
    with rocksdb(spark):
        plain = rows.groupBy("k").transformWithStateInPandas(
            Totals(), "k string, n long, rows long, seen array<long>", "Append", "None").collect()
        seeded = rows.groupBy("k").transformWithStateInPandas(
            Totals(), "k string, n long, rows long, seen array<long>", "Update", "ProcessingTime",
            initialState=seed).collect()
    return Bag(plain), Bag(seeded)


@case(raises="STATEFUL_PROCESSOR_UNKNOWN_TIME_MODE")
def unknown_time_mode_is_rejected(spark, F, T):
    import pandas as pd

    StatefulProcessor = stateful_processor_class(F)

    class Echo(StatefulProcessor):
        def init(self, handle):
            pass

        def handleInputRows(self, key, rows, timerValues):
            yield pd.DataFrame({"k": [key[0]]})

    with rocksdb(spark), text_stream(spark) as (lines, feed):
        out = pairs(lines, F).groupBy("k").transformWithStateInPandas(Echo(), "k string", "Update", "Sometimes")
        memory_query(out, feed, "conf_tws_bad_mode", "update")


@case(raises="STREAM_FAILED")
def ttl_outside_processing_time_fails_the_query(spark, F, T):
    import pandas as pd

    StatefulProcessor = stateful_processor_class(F)

    class Short(StatefulProcessor):
        def init(self, handle):
            self.value = handle.getValueState("value", "n long", 1000)

        def handleInputRows(self, key, rows, timerValues):
            self.value.update((1,))
            yield pd.DataFrame({"k": [key[0]]})

    with rocksdb(spark), text_stream(spark) as (lines, feed):
        out = (events(lines, F).withWatermark("ts", "5 seconds").groupBy("k")
               .transformWithStateInPandas(Short(), "k string", "Update", "EventTime"))
        feed.write(EVENTS[0])
        memory_query(out, feed, "conf_tws_ttl", "update").processAllAvailable()


@case
def state_values_are_typed_and_handed_out_as_pyspark_does(spark, F, T):
    import pandas as pd

    StatefulProcessor = stateful_processor_class(F)
    first = ("x", 3, 4, 2**40, "s", 2.5)
    second = (5, "t", 1.5, 3, True, 7)

    class Keep(StatefulProcessor):
        # a value of the wrong Python type is NULL (or narrowed, or its toString), as the
        # JVM reads PySpark's pickles; list and map iterators yield rows of pandas frames
        def init(self, handle):
            self.value = handle.getValueState("v", "l long, s string, d double, i int, b boolean, f double")
            self.items = handle.getListState("items", "l long, s string")
            self.mixed = handle.getListState("mixed", "l long, d double")
            self.by_name = handle.getMapState("by_name", "name string", "l long, d double")

        def handleInputRows(self, key, rows, timerValues):
            n = sum(len(r) for r in rows)
            seen = (f"{self.value.get()!r} {list(self.items.get())!r} {list(self.mixed.get())!r} "
                    f"{sorted(self.by_name.keys())!r} {sorted(self.by_name.values())!r} "
                    f"{sorted(self.by_name.iterator())!r} {self.by_name.getValue(('b',))!r}")
            values = first if n == 1 else second
            self.value.update(values)
            self.items.appendValue(values[:2])
            self.mixed.appendValue((values[1], values[5]))
            self.by_name.updateValue((str(n),), (values[3], values[5]))
            self.by_name.updateValue(("b",), (values[0], 0.5))
            yield pd.DataFrame({"k": [key[0]], "seen": [seen]})

    with rocksdb(spark), text_stream(spark) as (lines, feed):
        out = lines.groupBy("value").transformWithStateInPandas(Keep(), "k string, seen string", "Update", "None")
        q = memory_query(out, feed, "conf_tws_types", "update")
        return run_batches(q, feed, [["a"], ["a", "a"], ["a", "a"]], lambda: spark.table("conf_tws_types"))


@case
def heartbeat_monitor_with_processing_time_timers(spark, F, T):
    import pandas as pd

    StatefulProcessor = stateful_processor_class(F)

    class Monitor(StatefulProcessor):
        def init(self, handle):
            self.handle = handle
            self.beats = handle.getValueState("beats", "n long, last long")

        def handleInputRows(self, key, rows, timerValues):
            now = timerValues.getCurrentProcessingTimeInMs()
            old = self.beats.get()
            beats = sum(len(r) for r in rows) + (int(old[0]) if old is not None else 0)
            self.beats.update((beats, now))
            for t in list(self.handle.listTimers()):
                self.handle.deleteTimer(t)
            self.handle.registerTimer(now + (20_000 if key[0] == "slow" else 15_000))
            yield pd.DataFrame({"device": [key[0]], "event": ["beat"], "beats": [beats], "at": [now],
                                "timers": [str(sorted(self.handle.listTimers()))]})

        def handleExpiredTimer(self, key, timerValues, expiredTimerInfo):
            beats, last = (int(v) for v in self.beats.get())
            self.beats.clear()
            yield pd.DataFrame({"device": [key[0]], "event": [f"silent since {last}"], "beats": [beats],
                                "at": [timerValues.getCurrentProcessingTimeInMs()],
                                "timers": [f"expired {expiredTimerInfo.getExpiryTimeInMs()}"]})

    with rocksdb(spark), text_stream(spark) as (lines, feed):
        out = lines.groupBy("value").transformWithStateInPandas(
            Monitor(), "device string, event string, beats long, at long, timers string", "Update", "ProcessingTime")
        feed.write(["a", "b", "slow"])
        with clocked_query(out, feed, "update", 10_000, "conf_tws_heartbeat") as q:
            # b's timer (15 s) is due between triggers, so it fires at the next (20 s); a's is
            # pushed back by its beat at 10 s; slow's is due exactly at a trigger time (20 s)
            return q.run([["a"], None, None, ["b", "b"], None, ["a"], None, None])


@case
def value_list_and_map_state_expire_by_processing_time_ttl(spark, F, T):
    import pandas as pd

    StatefulProcessor = stateful_processor_class(F)

    class Expiring(StatefulProcessor):
        def init(self, handle):
            self.count = handle.getValueState("count", "n long", 25_000)
            self.seen = handle.getListState("seen", "at long", 15_000)
            self.per_value = handle.getMapState("per_value", "v string", "n long", 35_000)

        def handleInputRows(self, key, rows, timerValues):
            now = timerValues.getCurrentProcessingTimeInMs()
            values = list(pd.concat(list(rows))["v"])
            before = self.count.get()
            n = len(values) + (int(before[0]) if before is not None else 0)
            self.count.update((n,))
            self.seen.appendValue((now,))
            for v in values:
                old = self.per_value.getValue(v) if self.per_value.containsKey(v) else None
                self.per_value.updateValue(v, ((int(old[0]) if old is not None else 0) + 1,))
            yield pd.DataFrame({
                "k": [key[0]], "at": [now], "count": [n], "had_count": [before is not None],
                "seen": [",".join(str(int(s[0])) for s in self.seen.get())],
                "per_value": [",".join(f"{k[0]}={int(v[0])}" for k, v in sorted(self.per_value.iterator()))],
            })

    with rocksdb(spark), text_stream(spark) as (lines, feed):
        parts = F.split(F.col("value"), ",")
        rows = lines.select(parts.getItem(0).alias("k"), parts.getItem(1).alias("v"))
        out = rows.groupBy("k").transformWithStateInPandas(
            Expiring(), "k string, at long, count long, had_count boolean, seen string, per_value string",
            "Update", "ProcessingTime")
        feed.write(["a,x", "b,y"])
        with clocked_query(out, feed, "update", 10_000, "conf_tws_ttl_clock") as q:
            return q.run([["a,x"], None, ["a,y", "b,y"], None, None, ["a,x", "b,z"], None, ["a,x"]])


@pytest.mark.parametrize("program", case.params({}))
def test_transform_with_state_program_matches_pyspark(program, conform):
    conform(program)
