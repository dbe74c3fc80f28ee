"""DStream programs on rillet, batch by batch on Spark's ManualClock (no sleeps)."""

from __future__ import annotations

import collections
import os
import socket
import threading
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from rillet.errors import IllegalArgumentException
from rillet.streaming import SparkConf, SparkContext, StreamingContext


@pytest.fixture
def sc() -> Iterator[SparkContext]:
    ctx = SparkContext(conf=SparkConf().setAppName("dstreams")
                       .set("spark.streaming.clock", "org.apache.spark.util.ManualClock"))
    yield ctx
    ctx.stop()


def run_batches(ssc: StreamingContext, n: int) -> None:
    ssc.start()
    try:
        for _ in range(n):
            ssc._clock.advance(ssc._batch_ms)  # type: ignore[attr-defined]
    finally:
        ssc.stop(False)


def collect(stream: Any, out: list[Any], sort: bool = True) -> None:
    stream.foreachRDD(lambda rdd: out.append(sorted(rdd.collect()) if sort else rdd.collect()))


def word_counts(lines: list[str]) -> list[tuple[str, int]]:
    return sorted(collections.Counter(w for line in lines for w in line.split()).items())


BATCHES = [["a b", "a"], ["b c"], [], ["a c c"], ["d"], []]


def test_stateless_transformations_and_reduce_by_key_per_batch(sc: SparkContext) -> None:
    ssc = StreamingContext(sc, 1)
    lines = ssc.queueStream(BATCHES)
    counts: list[Any] = []
    by_value: list[Any] = []
    sizes: list[Any] = []
    words = lines.flatMap(lambda line: line.split()).filter(lambda w: w != "d")
    collect(words.map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b), counts)
    collect(words.countByValue(), by_value)
    collect(lines.count(), sizes)
    run_batches(ssc, len(BATCHES))
    expected = [[kv for kv in word_counts(b) if kv[0] != "d"] for b in BATCHES]
    assert counts == expected
    assert by_value == expected
    assert sizes == [[len(b)] for b in BATCHES]


def test_transform_union_join_and_time_argument(sc: SparkContext) -> None:
    ssc = StreamingContext(sc, 0.5)
    a = ssc.queueStream([[("k", 1), ("j", 2)], [("k", 3)]])
    b = ssc.queueStream([[("k", "x")], [("z", "y")]])
    joined: list[Any] = []
    unioned: list[Any] = []
    times: list[datetime] = []
    collect(a.join(b), joined)
    collect(ssc.union(a, b).transform(lambda rdd: rdd.map(lambda kv: kv[0]).distinct()), unioned)
    a.foreachRDD(lambda t, rdd: times.append(t))
    run_batches(ssc, 2)
    assert joined == [[("k", (1, "x"))], []]
    assert unioned == [["j", "k"], ["k", "z"]]
    zero = ssc._graph.zero_ms
    assert times == [datetime.fromtimestamp((zero + 500) / 1000), datetime.fromtimestamp((zero + 1000) / 1000)]


def window_sums(batches: list[list[str]], window: int) -> list[list[tuple[str, int]]]:
    """Word counts over the last ``window`` batches, computed from the inputs."""
    return [word_counts([line for b in batches[max(0, i + 1 - window):i + 1] for line in b])
            for i in range(len(batches))]


def test_window_and_reduce_by_key_and_window_without_inverse(sc: SparkContext) -> None:
    ssc = StreamingContext(sc, 1)
    pairs = ssc.queueStream(BATCHES).flatMap(str.split).map(lambda w: (w, 1))
    windowed: list[Any] = []
    reduced: list[Any] = []
    collect(pairs.window(3, 1).reduceByKey(lambda a, b: a + b), windowed)
    collect(pairs.reduceByKeyAndWindow(lambda a, b: a + b, None, 3, 1), reduced)
    run_batches(ssc, len(BATCHES))
    assert windowed == window_sums(BATCHES, 3)
    assert reduced == window_sums(BATCHES, 3)


def test_reduce_by_key_and_window_with_inverse_keeps_zero_counts_as_spark(sc: SparkContext, tmp_path: Any) -> None:
    # Spark applies the inverse function only when the window is >= 5 slides: a key whose
    # count fell to 0 then stays, unless filterFunc drops it
    ssc = StreamingContext(sc, 1)
    ssc.checkpoint(str(tmp_path / "ckpt"))
    pairs = ssc.queueStream(BATCHES).flatMap(str.split).map(lambda w: (w, 1))
    inverse: list[Any] = []
    filtered: list[Any] = []
    collect(pairs.reduceByKeyAndWindow(lambda a, b: a + b, lambda a, b: a - b, 5, 1), inverse)
    collect(pairs.reduceByKeyAndWindow(lambda a, b: a + b, lambda a, b: a - b, 5, 1,
                                       filterFunc=lambda kv: kv[1] > 0), filtered)
    run_batches(ssc, len(BATCHES))
    expected = window_sums(BATCHES, 5)
    assert filtered == expected
    # without the filter, every key seen since the start stays, with its window count (maybe 0)
    seen: set[str] = set()
    for i, got in enumerate(inverse):
        seen |= {w for b in BATCHES[:i + 1] for line in b for w in line.split()}
        counts = dict(expected[i])
        assert got == sorted((w, counts.get(w, 0)) for w in seen)


def test_count_by_window_and_reduce_by_window(sc: SparkContext, tmp_path: Any) -> None:
    ssc = StreamingContext(sc, 1)
    ssc.checkpoint(str(tmp_path / "ckpt"))
    lines = ssc.queueStream(BATCHES)
    counted: list[Any] = []
    collect(lines.countByWindow(2, 1), counted)
    run_batches(ssc, len(BATCHES))
    assert counted == [[sum(len(b) for b in BATCHES[max(0, i - 1):i + 1])] for i in range(len(BATCHES))]


def test_update_state_by_key_needs_a_checkpoint(sc: SparkContext) -> None:
    ssc = StreamingContext(sc, 1)
    ssc.queueStream(BATCHES).map(lambda x: (x, 1)).updateStateByKey(lambda vs, s: 1).pprint()
    with pytest.raises(IllegalArgumentException, match="checkpoint directory has not been set"):
        ssc.start()


def test_update_state_by_key_running_counts(sc: SparkContext, tmp_path: Any) -> None:
    ssc = StreamingContext(sc, 1)
    ssc.checkpoint(str(tmp_path / "ckpt"))
    pairs = ssc.queueStream(BATCHES).flatMap(str.split).map(lambda w: (w, 1))
    states: list[Any] = []
    collect(pairs.updateStateByKey(lambda vs, last: sum(vs) + (last or 0)), states)
    run_batches(ssc, len(BATCHES))
    assert states == window_sums(BATCHES, len(BATCHES))


def test_pprint_prints_sparks_header_and_at_most_num_records(sc: SparkContext, capsys: Any) -> None:
    ssc = StreamingContext(sc, 1)
    ssc.queueStream([list(range(12)), []]).pprint(10)
    run_batches(ssc, 2)
    zero = ssc._graph.zero_ms
    header = "-------------------------------------------\nTime: {}\n-------------------------------------------\n"
    first = header.format(datetime.fromtimestamp((zero + 1000) / 1000)) + "".join(f"{i}\n" for i in range(10))
    second = header.format(datetime.fromtimestamp((zero + 2000) / 1000))
    assert capsys.readouterr().out == first + "...\n\n" + second + "\n"


def test_save_as_text_files_writes_a_folder_per_batch(sc: SparkContext, tmp_path: Any) -> None:
    ssc = StreamingContext(sc, 1)
    ssc.queueStream([["x", "y"], ["z"]]).saveAsTextFiles(str(tmp_path / "out"), "txt")
    run_batches(ssc, 2)
    zero = ssc._graph.zero_ms
    for i, lines in enumerate([["x", "y"], ["z"]], start=1):
        folder = tmp_path / f"out-{zero + i * 1000}.txt"
        assert (folder / "_SUCCESS").exists()
        assert sc.textFile(str(folder)).collect() == lines


def test_socket_word_count(sc: SparkContext) -> None:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(server.accept()[0]), daemon=True).start()
    ssc = StreamingContext(sc, 1)
    counts: list[Any] = []
    received = threading.Event()
    words = ssc.socketTextStream("127.0.0.1", port).flatMap(str.split)
    collect(words.map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b), counts)
    words.foreachRDD(lambda rdd: None)
    ssc.start()
    try:
        conn = _wait_for(accepted)
        conn.sendall(b"to be or\nnot to be\n")
        source = ssc._execution.sources[0].inputs[0].source  # type: ignore[union-attr]
        _wait_until(lambda: source._received >= 2)
        ssc._clock.advance(1000)  # type: ignore[attr-defined]
        received.set()
        conn.close()
    finally:
        ssc.stop(False)
        server.close()
    assert counts == [word_counts(["to be or", "not to be"])]


def _wait_for(items: list[Any]) -> Any:
    _wait_until(lambda: bool(items))
    return items[0]


def _wait_until(cond: Any, timeout: float = 30.0) -> None:
    done = threading.Event()
    for _ in range(int(timeout / 0.02)):
        if cond():
            return
        done.wait(0.02)
    raise TimeoutError("condition not met")


def test_text_file_stream_reads_new_files(tmp_path: Any) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "old.txt").write_text("before the start\n")
    os.utime(folder / "old.txt", (500, 500))
    # a clock that starts after old.txt was written: Spark's stream leaves older files out
    sc = SparkContext(conf=SparkConf().set("spark.streaming.clock", "org.apache.spark.util.ManualClock"))
    ssc = StreamingContext(sc, 1)
    ssc._clock.set_time(1_000_000, wait=False)  # type: ignore[attr-defined]
    got: list[Any] = []
    collect(ssc.textFileStream(str(folder)), got)
    ssc.start()
    try:
        (folder / "a.txt").write_text("one\ntwo\n")
        ssc._clock.advance(1000)  # type: ignore[attr-defined]
        ssc._clock.advance(1000)  # type: ignore[attr-defined]
        (folder / "b.txt").write_text("three\n")
        ssc._clock.advance(1000)  # type: ignore[attr-defined]
    finally:
        ssc.stop()
    assert got == [["one", "two"], [], ["three"]]


def test_no_output_operation_is_refused(sc: SparkContext) -> None:
    ssc = StreamingContext(sc, 1)
    ssc.queueStream([[1]]).map(lambda x: x)
    with pytest.raises(IllegalArgumentException, match="No output operations registered"):
        ssc.start()


def test_rdd_methods(sc: SparkContext) -> None:
    rdd = sc.parallelize([("a", 1), ("b", 2), ("a", 3)], 2)
    assert sorted(rdd.reduceByKey(lambda x, y: x + y).collect()) == [("a", 4), ("b", 2)]
    assert sorted((k, list(v)) for k, v in rdd.groupByKey().collect()) == [("a", [1, 3]), ("b", [2])]
    assert sorted(rdd.join(sc.parallelize([("a", "x")])).collect()) == [("a", (1, "x")), ("a", (3, "x"))]
    assert rdd.sortBy(lambda kv: -kv[1]).take(2) == [("a", 3), ("b", 2)]
    assert rdd.keys().distinct().count() == 2
    assert not rdd.isEmpty() and sc.emptyRDD().isEmpty()
    seen: list[int] = []
    rdd.foreachPartition(lambda it: seen.append(len(list(it))))
    assert seen == [1, 2]
    assert rdd.union(rdd).count() == 6
    acc = sc.accumulator(0)
    rdd.foreach(lambda kv: acc.add(kv[1]))
    assert acc.value == 6
    assert sc.broadcast({"a": 1}).value == {"a": 1}


def test_a_failing_output_operation_stops_the_context_with_its_error(sc: SparkContext) -> None:
    from rillet.errors import StreamingQueryException

    ssc = StreamingContext(sc, 1)

    def fail(rdd: Any) -> None:
        raise ValueError(f"cannot handle {rdd.collect()}")

    ssc.queueStream([["x"]]).foreachRDD(fail)
    ssc.start()
    try:
        ssc._clock.advance(1000)  # type: ignore[attr-defined]
        with pytest.raises(StreamingQueryException, match=r"cannot handle \['x'\]"):
            ssc.awaitTermination()
    finally:
        ssc.stop(False)


def test_window_must_be_a_multiple_of_the_batch_interval(sc: SparkContext) -> None:
    ssc = StreamingContext(sc, 1)
    with pytest.raises(IllegalArgumentException, match=r"window duration .*\(1500 ms\) must be a multiple"):
        ssc.queueStream([[1]]).window(1.5, 1)


def test_any_spark_context_with_get_conf_will_do() -> None:
    # the session's ``spark.sparkContext`` is another class; a StreamingContext needs only
    # ``getConf().get`` of it (and ``stop``, when asked to stop it)
    import types

    conf = {"spark.streaming.clock": "org.apache.spark.util.ManualClock"}
    other = types.SimpleNamespace(appName="other", getConf=lambda: conf)
    ssc = StreamingContext(other, 1)
    got: list[Any] = []
    pairs = ssc.queueStream([[("a", 1)], [("a", 2)]])
    collect(pairs.window(2, 1).reduceByKey(lambda a, b: a + b), got)
    run_batches(ssc, 2)
    assert got == [[("a", 1)], [("a", 3)]]


def test_state_and_logs_keep_only_min_batches_to_retain(tmp_path: Any) -> None:
    ctx = SparkContext(conf=SparkConf().set("spark.streaming.clock", "org.apache.spark.util.ManualClock")
                       .set("spark.sql.streaming.minBatchesToRetain", "3"))
    try:
        ssc = StreamingContext(ctx, 1)
        ckpt = tmp_path / "ckpt"
        ssc.checkpoint(str(ckpt))
        batches = [[f"w{i % 4}"] for i in range(25)]
        pairs = ssc.queueStream(batches).map(lambda w: (w, 1))
        got: list[Any] = []
        collect(pairs.updateStateByKey(lambda vs, last: sum(vs) + (last or 0)), got)
        run_batches(ssc, len(batches))
    finally:
        ctx.stop()
    assert got == window_sums(batches, len(batches))
    state_files = [p.name for p in ckpt.rglob("dstream-state/*") if p.suffix in (".delta", ".snapshot")]
    assert 0 < len(state_files) < len(batches)
    assert len(list((ckpt / "offsets").iterdir())) < len(batches)


def test_get_or_create_refuses_a_checkpoint_written_by_other_dstreams(sc: SparkContext, tmp_path: Any) -> None:
    ckpt = str(tmp_path / "ckpt")

    def setup(window: int) -> Any:
        def make() -> StreamingContext:
            ssc = StreamingContext(sc, 1)
            ssc.queueStream([[1], [2]]).window(window, 1).count().foreachRDD(lambda rdd: None)
            return ssc
        return make

    run_batches(StreamingContext.getOrCreate(ckpt, setup(2)), 2)
    again = StreamingContext.getOrCreate(ckpt, setup(2))
    run_batches(again, 1)  # the same DStreams: goes on
    changed = StreamingContext.getOrCreate(ckpt, setup(3))
    with pytest.raises(IllegalArgumentException, match="differ from those whose state is in the checkpoint"):
        changed.start()
