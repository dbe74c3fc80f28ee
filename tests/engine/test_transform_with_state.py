"""groupBy(...).transformWithStateInPandas: state variables, timers, restart, Spark's errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from helpers import eventually, write_file

from rillet.errors import AnalysisException, IllegalArgumentException, StreamingQueryException
from rillet.sql.streaming.stateful_processor import StatefulProcessor
from rillet.sql.types import Row

OUT = "k string, what string, n long"


def _json(rows: list[dict]) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


def _stream(spark, folder):
    folder.mkdir(exist_ok=True)
    return spark.readStream.schema("k string, v long, ts timestamp").option("maxFilesPerTrigger", 1).json(str(folder))


def _table(spark, name):
    return sorted((tuple(r) for r in spark.sql(f"select * from {name}").collect()), key=repr)


class Collections(StatefulProcessor):
    """A value (row count), a list (the values seen) and a map (count per value) per key."""

    def init(self, handle):
        self.count = handle.getValueState("count", "n long")
        self.seen = handle.getListState("seen", "v long")
        self.per_value = handle.getMapState("per_value", "v long", "c int")

    def handleInputRows(self, key, rows, timerValues):
        pdf = pd.concat(list(rows))
        n = len(pdf) + (self.count.get() or (0,))[0]
        self.count.update((n,))
        self.seen.appendList([(int(v),) for v in pdf["v"]])
        for v in pdf["v"]:
            old = self.per_value.getValue((int(v),))
            self.per_value.updateValue((int(v),), ((old[0] if old else 0) + 1,))
        if n >= 4:
            self.per_value.removeKey((1,))
        seen = ",".join(str(t[0]) for t in self.seen.get())
        pairs = ",".join(f"{k[0]}:{v[0]}" for k, v in sorted(self.per_value.iterator()))
        yield pd.DataFrame({"k": [key[0]], "what": [f"seen={seen} map={pairs}"], "n": [n]})


def test_value_list_and_map_state_carry_across_batches(spark, tmp_path):
    src = tmp_path / "in"
    out = _stream(spark, src).groupBy("k").transformWithStateInPandas(Collections(), OUT, "Update", "None")
    q = out.writeStream.format("memory").queryName("tws_collections").outputMode("update").start()
    try:
        write_file(src, "1.json", _json([{"k": "a", "v": 1}, {"k": "b", "v": 2}, {"k": "a", "v": 1}]))
        q.processAllAvailable()
        assert _table(spark, "tws_collections") == [
            ("a", "seen=1,1 map=1:2", 2), ("b", "seen=2 map=2:1", 1),
        ]
        write_file(src, "2.json", _json([{"k": "a", "v": 3}, {"k": "a", "v": 1}]))
        q.processAllAvailable()
        assert ("a", "seen=1,1,3,1 map=3:1", 4) in _table(spark, "tws_collections")
        ops = q.lastProgress["stateOperators"]
        assert ops[0]["operatorName"] == "transformWithStateInPandasExec"
        # stored rows: count a, b; list a (4) + b (1); map a (3) + b (2)
        assert ops[0]["numRowsTotal"] == 2 + 5 + 2
    finally:
        q.stop()


class Sessions(StatefulProcessor):
    """Counts rows per key and emits the count when the watermark passes the key's last
    event time + 10 s (an event-time timer, moved on each batch)."""

    def init(self, handle):
        self.handle = handle
        self.state = handle.getValueState("session", "count long, last long")

    def handleInputRows(self, key, rows, timerValues):
        pdf = pd.concat(list(rows))
        last = int(pdf["ts"].max().value // 1_000_000)
        count, old_last = self.state.get() or (0, 0)
        for t in list(self.handle.listTimers()):
            self.handle.deleteTimer(t)
        last = max(last, old_last)
        self.state.update((count + len(pdf), last))
        self.handle.registerTimer(last + 10_000)
        return iter([])

    def handleExpiredTimer(self, key, timerValues, expiredTimerInfo):
        count, _ = self.state.get()
        self.state.clear()
        yield pd.DataFrame({
            "k": [key[0]], "what": [f"closed at {expiredTimerInfo.getExpiryTimeInMs()}"], "n": [count],
        })


def _event(k, seconds):
    return {"k": k, "v": 0, "ts": f"2024-01-01T00:00:{seconds:02d}Z"}


_T0 = 1704067200000  # 2024-01-01 00:00:00 UTC in ms


def test_event_time_timers_fire_once_the_watermark_passes(spark, tmp_path):
    src = tmp_path / "in"
    out = (_stream(spark, src).withWatermark("ts", "5 seconds").groupBy("k")
           .transformWithStateInPandas(Sessions(), OUT, "Append", "EventTime"))
    q = out.writeStream.format("memory").queryName("tws_sessions").outputMode("append").start()
    try:
        write_file(src, "1.json", _json([_event("a", 0), _event("a", 4), _event("b", 10)]))
        q.processAllAvailable()
        assert _table(spark, "tws_sessions") == []
        # watermark 20 - 5 = 15 s: a's timer (4 + 10 = 14 s) fires, b's (20 s) does not
        write_file(src, "2.json", _json([_event("c", 20)]))
        q.processAllAvailable()
        assert _table(spark, "tws_sessions") == [("a", f"closed at {_T0 + 14_000}", 2)]
        # watermark 40 - 5 = 35 s: b (20 s) and c (30 s)
        write_file(src, "3.json", _json([_event("d", 40)]))
        q.processAllAvailable()
        assert _table(spark, "tws_sessions") == [
            ("a", f"closed at {_T0 + 14_000}", 2), ("b", f"closed at {_T0 + 20_000}", 1),
            ("c", f"closed at {_T0 + 30_000}", 1),
        ]
        # the fired keys' state was cleared by their timers: only d's state and timer remain
        ops = q.lastProgress["stateOperators"][0]
        assert ops["numRowsTotal"] == 2
    finally:
        q.stop()


def test_restart_resumes_state_and_pending_timers(spark, tmp_path):
    src, ckpt = tmp_path / "in", tmp_path / "ckpt"

    def start():
        out = (_stream(spark, src).withWatermark("ts", "5 seconds").groupBy("k")
               .transformWithStateInPandas(Sessions(), OUT, "Append", "EventTime"))
        return (out.writeStream.format("memory").queryName("tws_restart").outputMode("append")
                .option("checkpointLocation", str(ckpt)).start())

    q = start()
    write_file(src, "1.json", _json([_event("a", 0), _event("a", 4), _event("b", 10)]))
    q.processAllAvailable()
    q.stop()
    q = start()
    try:
        write_file(src, "2.json", _json([_event("a", 9), _event("b", 30)]))
        q.processAllAvailable()
        # a's count kept (2 + 1), its timer moved to 19 s; b's moved to 40 s: the watermark
        # (30 - 5 = 25 s) fires a only
        assert _table(spark, "tws_restart") == [("a", f"closed at {_T0 + 19_000}", 3)]
        q.stop()
        q = start()
        write_file(src, "3.json", _json([_event("z", 59)]))
        q.processAllAvailable()
        # b's timer (40 s) survived the second restart, fired once
        rows = _table(spark, "tws_restart")
        assert rows == [("b", f"closed at {_T0 + 40_000}", 2)]
    finally:
        q.stop()


class Reminder(StatefulProcessor):
    """A processing-time timer 300 ms after a key's rows arrive."""

    def init(self, handle):
        self.handle = handle
        self.rows = handle.getValueState("rows", "n long")

    def handleInputRows(self, key, rows, timerValues):
        n = sum(len(p) for p in rows)
        self.rows.update((n,))
        self.handle.registerTimer(timerValues.getCurrentProcessingTimeInMs() + 300)
        yield pd.DataFrame({"k": [key[0]], "what": ["data"], "n": [n]})

    def handleExpiredTimer(self, key, timerValues, expiredTimerInfo):
        late = timerValues.getCurrentProcessingTimeInMs() >= expiredTimerInfo.getExpiryTimeInMs()
        yield pd.DataFrame({"k": [key[0]], "what": [f"timer due={late}"], "n": [self.rows.get()[0]]})


def test_processing_time_timer_fires_without_new_data(spark, tmp_path):
    src = tmp_path / "in"
    out = _stream(spark, src).groupBy("k").transformWithStateInPandas(Reminder(), OUT, "Update", "ProcessingTime")
    q = (out.writeStream.format("memory").queryName("tws_reminder").outputMode("update")
         .trigger(processingTime="50 milliseconds").start())
    try:
        write_file(src, "1.json", _json([{"k": "a", "v": 1}, {"k": "a", "v": 2}]))
        eventually(lambda: ("a", "data", 2) in _table(spark, "tws_reminder"))
        # no more files: the timer fires in a data-less batch once the processing time reaches it
        eventually(lambda: ("a", "timer due=True", 2) in _table(spark, "tws_reminder"), timeout=20)
        assert _table(spark, "tws_reminder").count(("a", "timer due=True", 2)) == 1
    finally:
        q.stop()


class Failing(StatefulProcessor):
    def init(self, handle):
        pass

    def handleInputRows(self, key, rows, timerValues):
        raise ValueError(f"bad key {key[0]}")


def test_an_exception_in_the_processor_fails_the_query(spark, tmp_path):
    src = tmp_path / "in"
    out = _stream(spark, src).groupBy("k").transformWithStateInPandas(Failing(), OUT, "Update", "None")
    q = out.writeStream.format("memory").queryName("tws_failing").outputMode("update").start()
    write_file(src, "1.json", _json([{"k": "a", "v": 1}]))
    with pytest.raises(StreamingQueryException, match="bad key a"):
        q.processAllAvailable()
    q.stop()


def test_unknown_time_mode_and_complete_mode_are_rejected(spark, tmp_path):
    df = _stream(spark, tmp_path / "in")
    with pytest.raises(IllegalArgumentException) as e:
        df.groupBy("k").transformWithStateInPandas(Collections(), OUT, "Update", "bogus")
    assert e.value.getCondition() == "STATEFUL_PROCESSOR_UNKNOWN_TIME_MODE"
    assert "Unknown time mode bogus" in str(e.value)
    out = df.groupBy("k").transformWithStateInPandas(Collections(), OUT, "complete", "None")
    with pytest.raises(AnalysisException) as e:
        out.writeStream.format("memory").queryName("tws_complete").outputMode("complete").start()
    assert e.value.getCondition() == "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION"


class Seeded(StatefulProcessor):
    """A running total per key, seeded from an initial state DataFrame."""

    def init(self, handle):
        self.total = handle.getValueState("total", "n long")

    def handleInitialState(self, key, initialState, timerValues):
        self.total.update((int(initialState["start"].sum()),))

    def handleInputRows(self, key, rows, timerValues):
        n = sum(int(p["v"].sum()) for p in rows) + (self.total.get() or (0,))[0]
        self.total.update((n,))
        yield pd.DataFrame({"k": [key[0]], "what": ["total"], "n": [n]})


def test_initial_state_seeds_the_first_batch_only(spark, tmp_path):
    src, ckpt = tmp_path / "in", tmp_path / "ckpt"
    seed = spark.createDataFrame([("a", 100), ("a", 5), ("z", 7)], "k string, start long").groupBy("k")

    def start():
        out = _stream(spark, src).groupBy("k").transformWithStateInPandas(
            Seeded(), OUT, "Update", "None", initialState=seed)
        return (out.writeStream.format("memory").queryName("tws_seeded").outputMode("update")
                .option("checkpointLocation", str(ckpt)).start())

    q = start()
    write_file(src, "1.json", _json([{"k": "a", "v": 1}, {"k": "b", "v": 2}]))
    q.processAllAvailable()
    assert _table(spark, "tws_seeded") == [("a", "total", 106), ("b", "total", 2)]
    q.stop()
    q = start()  # the restart must not seed again
    try:
        write_file(src, "2.json", _json([{"k": "a", "v": 1}, {"k": "z", "v": 1}]))
        q.processAllAvailable()
        assert _table(spark, "tws_seeded") == [("a", "total", 107), ("z", "total", 8)]
    finally:
        q.stop()


class Expiring(StatefulProcessor):
    """A value with a 200 ms TTL next to one without; a processing-time timer 400 ms later
    reads both."""

    def init(self, handle):
        self.handle = handle
        self.short = handle.getValueState("short", "n long", ttlDurationMs=200)
        self.items = handle.getListState("items", "n long", ttlDurationMs=200)
        self.kept = handle.getValueState("kept", "n long")

    def handleInputRows(self, key, rows, timerValues):
        n = sum(len(p) for p in rows)
        self.short.update((n,))
        self.items.appendValue((n,))
        self.kept.update((n,))
        self.handle.registerTimer(timerValues.getCurrentProcessingTimeInMs() + 400)
        yield pd.DataFrame({"k": [key[0]], "what": [f"short={self.short.get()} items={list(self.items.get())}"],
                            "n": [n]})

    def handleExpiredTimer(self, key, timerValues, expiredTimerInfo):
        yield pd.DataFrame({
            "k": [key[0]], "what": [f"short={self.short.get()} items={self.items.exists()}"],
            "n": [self.kept.get()[0]],
        })


def test_ttl_hides_and_evicts_expired_values(spark, tmp_path):
    src = tmp_path / "in"
    out = _stream(spark, src).groupBy("k").transformWithStateInPandas(Expiring(), OUT, "Update", "ProcessingTime")
    q = (out.writeStream.format("memory").queryName("tws_ttl").outputMode("update")
         .trigger(processingTime="50 milliseconds").start())
    try:
        write_file(src, "1.json", _json([{"k": "a", "v": 1}, {"k": "a", "v": 2}]))
        eventually(lambda: ("a", "short=(2,) items=[(2,)]", 2) in _table(spark, "tws_ttl"))
        eventually(lambda: ("a", "short=None items=False", 2) in _table(spark, "tws_ttl"), timeout=20)
        # only the value without TTL is left in the state (the timer fired, the rest expired)
        eventually(lambda: q.lastProgress["stateOperators"][0]["numRowsTotal"] == 1)
    finally:
        q.stop()


def test_ttl_needs_processing_time_mode(spark, tmp_path):
    src = tmp_path / "in"
    out = _stream(spark, src).groupBy("k").transformWithStateInPandas(Expiring(), OUT, "Update", "None")
    write_file(src, "1.json", _json([{"k": "a", "v": 1}]))
    with pytest.raises(StreamingQueryException) as e:  # (rillet: when the query starts)
        q = out.writeStream.format("memory").queryName("tws_ttl_none").outputMode("update").start()
        q.processAllAvailable()
    for active in spark.streams.active:
        active.stop()
    assert e.value.getCondition() == "STREAM_FAILED"
    assert "[STATEFUL_PROCESSOR_INCORRECT_TIME_MODE_TO_ASSIGN_TTL] Cannot use TTL for state=short in timeMode=NoTime" in str(e.value)


class PerDay(StatefulProcessor):
    """Rows per (key, day): a timestamp in the grouping key."""

    def init(self, handle):
        self.rows = handle.getValueState("rows", "n long, first timestamp")

    def handleInputRows(self, key, rows, timerValues):
        pdf = pd.concat(list(rows))
        old = self.rows.get()
        first = pdf["ts"].min() if old is None else min(pd.Timestamp(old[1]), pdf["ts"].min())
        n = len(pdf) + (old[0] if old else 0)
        self.rows.update((n, first.to_pydatetime()))
        yield pd.DataFrame({"k": [key[0]], "what": [f"{pd.Timestamp(key[1]).date()} first={first}"], "n": [n]})


def test_timestamp_keys_and_values_round_trip(spark, tmp_path):
    from rillet.sql import functions as F

    src = tmp_path / "in"
    out = (_stream(spark, src).withColumn("day", F.date_trunc("day", "ts")).groupBy("k", "day")
           .transformWithStateInPandas(PerDay(), OUT, "Update", "None"))
    q = out.writeStream.format("memory").queryName("tws_days").outputMode("update").start()
    try:
        write_file(src, "1.json", _json([_event("a", 30), _event("a", 10)]))
        q.processAllAvailable()
        write_file(src, "2.json", _json([_event("a", 20)]))
        q.processAllAvailable()
        rows = _table(spark, "tws_days")
        assert ("a", "2024-01-01 first=2024-01-01 00:00:10", 3) in rows
    finally:
        q.stop()


_CHILD = '''
import json, os, sys
import pandas as pd
from rillet.sql import SparkSession
from rillet.sql import functions as F
from rillet.sql.streaming.stateful_processor import StatefulProcessor
from rillet.sql.types import Row


class Sessions(StatefulProcessor):
    def init(self, handle):
        self.handle = handle
        self.session = handle.getValueState("session", "count long, last long")
        self.seen = handle.getListState("seen", "ms long")

    def handleInputRows(self, key, rows, timerValues):
        pdf = pd.concat(list(rows))
        ms = [int(t.value // 1_000_000) for t in pdf["t"]]
        count, last = self.session.get() or (0, 0)
        count, last = count + len(ms), max([last, *ms])
        self.session.update((count, last))
        self.seen.appendList([(m,) for m in sorted(ms)])
        for t in list(self.handle.listTimers()):
            self.handle.deleteTimer(t)
        self.handle.registerTimer(last + 10_000)
        yield pd.DataFrame({"k": [key[0]], "kind": ["open"], "count": [count], "n": [len(list(self.seen.get()))]})

    def handleExpiredTimer(self, key, timerValues, expiredTimerInfo):
        count, last = self.session.get()
        n = len(list(self.seen.get()))
        self.session.clear()
        self.seen.clear()
        yield pd.DataFrame({"k": [key[0]], "kind": ["closed"], "count": [count], "n": [n]})


src, checkpoint, out = sys.argv[1:4]
spark = (SparkSession.builder.config("spark.sql.streaming.stateStore.minDeltasForSnapshot", "2")
         .config("spark.sql.streaming.minBatchesToRetain", "3").getOrCreate())
parts = F.split("value", ",")
rows = spark.readStream.option("maxFilesPerTrigger", 1).text(src).select(
    parts.getItem(0).alias("k"), parts.getItem(1).cast("timestamp").alias("t"))
df = rows.withWatermark("t", "5 seconds").groupBy("k").transformWithStateInPandas(
    Sessions(), "k string, kind string, count long, n long", "Append", "EventTime")


def write(batch, batch_id):
    tmp = os.path.join(out, f".{batch_id}.tmp")
    with open(tmp, "w") as f:
        f.write(json.dumps(sorted([list(r) for r in batch.collect()])))
    os.replace(tmp, os.path.join(out, f"{batch_id}.json"))


(df.writeStream.outputMode("append").option("checkpointLocation", checkpoint)
 .trigger(availableNow=True).foreachBatch(write).start().awaitTermination())
'''


def test_sigkill_between_state_commit_and_commit_log_resumes_exactly_once(tmp_path):
    """The child dies right after its stores committed batch N (before commits/N), restarts,
    re-runs batch N on the state of N - 1: every batch's output equals an uninterrupted run's."""
    import os
    import random
    import signal
    import subprocess
    import sys

    child = tmp_path / "child.py"
    child.write_text(_CHILD)
    src = tmp_path / "in"
    rng = random.Random(3)
    for i in range(12):
        lines = [f"k{rng.randint(0, 3) if i % 5 else 0},2024-01-01 00:{i // 2:02d}:{(i * 7 + rng.randint(0, 5)) % 60:02d}"
                 for _ in range(rng.randint(1, 4))]
        write_file(src, f"part-{i:04d}.txt", "\n".join(lines) + "\n")
        os.utime(src / f"part-{i:04d}.txt", (1_700_000_000 + i, 1_700_000_000 + i))

    def run(chk, out, crash=None):
        env = {k: v for k, v in os.environ.items() if k != "RILLET_TEST_CRASH_AT"}
        if crash:
            env["RILLET_TEST_CRASH_AT"] = crash
        proc = subprocess.Popen([sys.executable, str(child), str(src), str(chk), str(out)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _, err = proc.communicate(timeout=180)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
        return proc.returncode, err.decode()

    def batches(out):
        return {int(n.split(".")[0]): json.loads((out / n).read_text()) for n in os.listdir(out) if n.endswith(".json")}

    results = {}
    for name, crashes in (("clean", []), ("crashed", ["after_state_commit:3", "after_state_commit:5"])):
        chk, out = tmp_path / f"chk-{name}", tmp_path / f"out-{name}"
        out.mkdir()
        for point in crashes:
            code, err = run(chk, out, point)
            assert code == -signal.SIGKILL, err
        code, err = run(chk, out)
        assert code == 0, err
        results[name] = batches(out)
    clean = results["clean"]
    assert any(r[1] == "closed" for rows in clean.values() for r in rows), "timers fired"
    assert results["crashed"] == clean


class RowSessions(StatefulProcessor):
    """transformWithState's Row interface: Rows in, Rows out, a processing-time timer."""

    def init(self, handle):
        self.handle = handle
        self.total = handle.getValueState("total", "n long")

    def handleInitialState(self, key, initialState, timerValues):
        assert type(initialState).__name__ == "Row" and isinstance(key[0], str)
        self.total.update((initialState.start + (self.total.get() or (0,))[0],))

    def handleInputRows(self, key, rows, timerValues):
        rows = list(rows)
        assert all(type(r).__name__ == "Row" for r in rows)
        n = sum(r.v for r in rows) + (self.total.get() or (0,))[0]
        self.total.update((n,))
        for t in self.handle.listTimers():
            self.handle.deleteTimer(t)
        self.handle.registerTimer(timerValues.getCurrentProcessingTimeInMs() + 15_000)
        first = min(r.ts for r in rows)
        yield from [Row(k=key[0], what=f"rows={len(rows)} first={first:%H:%M:%S}", n=n)]

    def handleExpiredTimer(self, key, timerValues, expiredTimerInfo):
        yield (key[0], f"silent at {timerValues.getCurrentProcessingTimeInMs()}", self.total.get()[0])


def test_transform_with_state_row_interface(spark, tmp_path):
    from rillet.testing import manual_clock

    src = tmp_path / "in"
    seed = spark.createDataFrame([("a", 100), ("a", 5)], "k string, start long").groupBy("k")
    out = _stream(spark, src).groupBy("k").transformWithState(
        RowSessions(), OUT, "Update", "ProcessingTime", initialState=seed)
    write_file(src, "1.json", _json([{"k": "a", "v": 1, "ts": "2024-01-01T00:00:05"},
                                     {"k": "b", "v": 2, "ts": "2024-01-01T00:00:03"}]))
    with manual_clock(spark) as clock:
        q = (out.writeStream.format("memory").queryName("tws_rows").outputMode("update")
             .trigger(processingTime="10 seconds").start())
        try:
            clock.await_waiting()
            assert _table(spark, "tws_rows") == [("a", "rows=1 first=00:00:05", 106), ("b", "rows=1 first=00:00:03", 2)]
            write_file(src, "2.json", _json([{"k": "a", "v": 3, "ts": "2024-01-01T00:00:09"}]))
            clock.advance(10_000)
            clock.advance(10_000)  # b's timer (15 s) fires at the trigger at 20 s; a's (25 s) not yet
            assert _table(spark, "tws_rows")[1:] == [
                ("a", "rows=1 first=00:00:09", 109), ("b", "rows=1 first=00:00:03", 2), ("b", "silent at 20000", 2),
            ]
        finally:
            q.stop()


def test_transform_with_state_row_interface_errors_name_the_user_processor(spark, tmp_path):
    class Broken(StatefulProcessor):
        def init(self, handle):
            pass

        def handleInputRows(self, key, rows, timerValues):
            raise ValueError("no rows for you")

    src = tmp_path / "in"
    out = _stream(spark, src).groupBy("k").transformWithState(Broken(), OUT, "Update", "None")
    write_file(src, "1.json", _json([{"k": "a", "v": 1}]))
    q = out.writeStream.format("memory").queryName("tws_rows_broken").outputMode("update").start()
    with pytest.raises(StreamingQueryException, match=r"processor `Broken` for key \('a',\) in batch 0"):
        q.processAllAvailable()
