"""Property: for random event streams, batch splits and watermark delays, append-mode
windowed counts equal the batch query over the same rows minus the rows that arrived
behind the watermark, and no window is emitted twice."""

from __future__ import annotations

import collections
import itertools

from helpers import write_file
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rillet.sql import functions as F

WINDOW_S = 60
FLUSH_S = 100_000  # a final event far ahead, so the watermark passes every real window

events = st.lists(st.tuples(st.integers(0, 599), st.sampled_from("abc")), min_size=1, max_size=40)


def _expected(batches: list[list[tuple[int, str]]], delay_s: int) -> collections.Counter:
    """Spark's semantics, simulated: a batch runs with the watermark left by the batches
    before it; a row is dropped when its window has ended by then."""
    counts: collections.Counter = collections.Counter()
    max_seen = None
    for batch in batches:
        watermark = max_seen - delay_s if max_seen is not None else None
        for ts, key in batch:
            start = ts - ts % WINDOW_S
            if watermark is None or start + WINDOW_S > watermark:
                counts[(start, key)] += 1
        seen = max(ts for ts, _ in batch)
        max_seen = seen if max_seen is None else max(max_seen, seen)
    return counts


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=events, cuts=st.lists(st.integers(1, 39), max_size=4), delay_s=st.integers(0, 180))
def test_append_mode_windows_equal_batch_minus_late_rows(spark, tmp_path_factory, rows, cuts, delay_s):
    folder = tmp_path_factory.mktemp("events")
    bounds = sorted({c for c in cuts if c < len(rows)})
    batches = [rows[a:b] for a, b in itertools.pairwise([0, *bounds, len(rows)])]
    batches = [b for b in batches if b]
    parts = F.split("value", ",")
    counts = (
        spark.readStream.option("maxFilesPerTrigger", 1).text(str(folder))
        .select((parts.getItem(0).cast("long")).cast("timestamp").alias("ts"), parts.getItem(1).alias("k"))
        .withWatermark("ts", f"{delay_s} seconds")
        .groupBy(F.window("ts", f"{WINDOW_S} seconds"), "k").count()
    )
    emitted: list[tuple[int, str, int]] = []

    def collect(df, batch_id):
        for r in df.collect():
            emitted.append((int(r.window.start.timestamp()), r.k, r["count"]))

    q = counts.writeStream.outputMode("append").foreachBatch(collect).start()
    try:
        for i, batch in enumerate([*batches, [(FLUSH_S, "z")]]):
            write_file(folder, f"{i:03d}.txt", "".join(f"{ts},{k}\n" for ts, k in batch))
            q.processAllAvailable()
    finally:
        q.stop()
    windows = [(start, key) for start, key, _ in emitted]
    assert len(windows) == len(set(windows)), "a window was emitted twice"
    assert collections.Counter({(s, k): n for s, k, n in emitted}) == _expected(batches, delay_s)
