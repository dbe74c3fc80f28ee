"""DStream programs run the same on rillet and on real PySpark (by test_conformance.py).

usage: python dstream_programs.py ENGINE PROGRAM WORKDIR [BATCHES]

ENGINE is ``rillet`` or ``pyspark``; the program builds its DStreams with that engine's
``StreamingContext`` on Spark's ManualClock, each output writes ``{"t", "name", "rows"}``
JSON lines to ``WORKDIR/out.jsonl`` (a file, so functions PySpark unpickles on recovery
still write there), and the runner moves the clock one batch at a time, waiting until the
batch's outputs are written. ``pprint`` goes to stdout, compared byte for byte.
"""

from __future__ import annotations

import json
import operator
import os
import socket
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

MANUAL_CLOCK = "org.apache.spark.util.ManualClock"


class Engine:
    def __init__(self, name: str, workdir: str) -> None:
        self.name = name
        self.workdir = workdir
        self.out = os.path.join(workdir, "out.jsonl")
        if name == "pyspark":
            from pyspark import SparkConf, SparkContext
            from pyspark.streaming import StreamingContext
        else:
            from rillet.streaming import SparkConf, SparkContext, StreamingContext  # type: ignore[assignment]
        self.StreamingContext = StreamingContext
        conf = (SparkConf().setMaster("local[2]").setAppName("dstream-conformance")
                .set("spark.ui.enabled", "false").set("spark.streaming.clock", MANUAL_CLOCK))
        self.sc = SparkContext.getOrCreate(conf)
        self.sc.setLogLevel("OFF")

    def record(self, name: str, sort: bool = True) -> Callable[[Any, Any], None]:
        out = self.out

        def write(t: Any, rdd: Any) -> None:
            rows = rdd.collect()
            with open(out, "a", encoding="utf-8") as f:
                f.write(json.dumps({"t": str(t), "name": name, "rows": sorted(rows) if sort else rows}) + "\n")
                f.flush()
        return write

    def lines_written(self, t: str) -> int:
        """How many outputs of the batch at time ``t`` were written."""
        if not os.path.exists(self.out):
            return 0
        with open(self.out, encoding="utf-8") as f:
            return sum(1 for line in f if line.endswith("\n") and json.loads(line)["t"] == t)

    def clock(self, ssc: Any) -> Any:
        return ssc._jssc.ssc().scheduler().clock() if self.name == "pyspark" else ssc._clock

    def advance(self, ssc: Any, outputs_per_batch: int) -> None:
        """One batch: move the clock by the batch interval, wait for that batch's outputs."""
        clock = self.clock(ssc)
        clock.advance(1000)
        now = clock.getTimeMillis() if self.name == "pyspark" else clock.time_ms()
        t = str(datetime.fromtimestamp(now / 1000.0))
        deadline = time.monotonic() + 120
        while self.lines_written(t) < outputs_per_batch:
            if time.monotonic() > deadline:
                raise TimeoutError(f"batch outputs not written on {self.name}")
            time.sleep(0.02)

    def wait_received(self, ssc: Any, lines: int) -> None:
        """Wait until a socket input holds ``lines`` lines not yet in a batch."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.name == "pyspark":
                if ssc._jssc.ssc().scheduler().receiverTracker().hasUnallocatedBlocks():
                    return
            elif ssc._execution is not None and ssc._execution.sources[0].inputs[0].source._received >= lines:
                return
            time.sleep(0.02)
        raise TimeoutError("socket lines not received")


QUEUE = [["to be or", "not to be"], ["that is", "the question"], [], ["to be", "or"], ["be"], [], ["is"]]


def word_count(e: Engine, batches: int) -> Any:
    ssc = e.StreamingContext(e.sc, 1)
    words = ssc.queueStream([list(b) for b in QUEUE]).flatMap(lambda line: line.split())
    # pprint first: a batch's last output is a recorded one, which the runner waits for
    words.count().pprint()
    words.map(lambda w: (w, len(w))).pprint(3)
    words.map(lambda w: (w, 1)).reduceByKey(operator.add).foreachRDD(e.record("counts"))
    words.countByValue().foreachRDD(e.record("countByValue"))
    words.filter(lambda w: len(w) > 2).map(str.upper).foreachRDD(e.record("long", sort=False))
    return ssc, 4


def windows(e: Engine, batches: int) -> Any:
    ssc = e.StreamingContext(e.sc, 1)
    ssc.checkpoint(os.path.join(e.workdir, "ckpt"))
    pairs = ssc.queueStream([list(b) for b in QUEUE]).flatMap(lambda line: line.split()).map(lambda w: (w, 1))
    pairs.reduceByKeyAndWindow(operator.add, operator.sub, 5, 1).foreachRDD(e.record("inverse"))
    pairs.reduceByKeyAndWindow(operator.add, operator.sub, 2, 1).foreachRDD(e.record("short inverse"))
    pairs.reduceByKeyAndWindow(operator.add, None, 3, 1).foreachRDD(e.record("no inverse"))
    pairs.window(4, 2).foreachRDD(e.record("window"))
    pairs.map(lambda kv: kv[0]).countByWindow(3, 1).foreachRDD(e.record("countByWindow"))
    pairs.updateStateByKey(lambda vs, last: sum(vs) + (last or 0)).foreachRDD(e.record("state"))
    words = pairs.map(lambda kv: kv[0])
    words.countByValueAndWindow(5, 1).foreachRDD(e.record("countByValueAndWindow"))
    words.map(lambda w: (len(w), w)).groupByKeyAndWindow(3, 1).mapValues(sorted) \
        .foreachRDD(e.record("groupByKeyAndWindow"))
    return ssc, 6  # 'window' slides every 2 batches: outputs per batch vary, see main


def two_streams(e: Engine, batches: int) -> Any:
    ssc = e.StreamingContext(e.sc, 1)
    left = ssc.queueStream([[("a", 1), ("b", 2)], [("a", 3)], [], [("c", 4)]])
    right = ssc.queueStream([[("a", "x")], [("b", "y"), ("a", "z")], [("c", "w")], [("c", "v")]])
    left.join(right).foreachRDD(e.record("join"))
    left.fullOuterJoin(right).foreachRDD(e.record("fullOuterJoin"))
    left.union(right.mapValues(len)).transform(lambda t, rdd: rdd.map(lambda kv: (kv[0], kv[1], t.second))) \
        .foreachRDD(e.record("union+transform"))
    ssc.union(left.map(lambda kv: kv[0]), right.map(lambda kv: kv[0])).countByValue().foreachRDD(e.record("ssc.union"))
    return ssc, 4


def socket_word_count(e: Engine, batches: int) -> Any:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    conns: list[socket.socket] = []
    threading.Thread(target=lambda: conns.append(server.accept()[0]), daemon=True).start()
    ssc = e.StreamingContext(e.sc, 1)
    lines = ssc.socketTextStream("127.0.0.1", port)
    lines.flatMap(lambda line: line.split()).map(lambda w: (w, 1)).reduceByKey(operator.add) \
        .foreachRDD(e.record("counts"))
    e._socket = (server, conns)  # type: ignore[attr-defined]
    return ssc, 1


def update_state(e: Engine, batches: int) -> Any:
    folder = os.path.join(e.workdir, "in")
    os.makedirs(folder, exist_ok=True)
    record = e.record("state")

    def setup() -> Any:
        ssc = e.StreamingContext(e.sc, 1)
        pairs = ssc.textFileStream(folder).flatMap(lambda line: line.split()).map(lambda w: (w, 1))
        pairs.updateStateByKey(lambda vs, last: sum(vs) + (last or 0)).foreachRDD(record)
        return ssc

    return e.StreamingContext.getOrCreate(os.path.join(e.workdir, "ckpt"), setup), batches


PROGRAMS = {"word_count": word_count, "two_streams": two_streams, "windows": windows, "socket_word_count": socket_word_count,
            "update_state": update_state}


def main() -> None:
    engine, program = sys.argv[1], sys.argv[2]
    workdir = sys.argv[3]
    first, last = (int(x) for x in (sys.argv[4] if len(sys.argv) > 4 else "1-0").split("-"))
    e = Engine(engine, workdir)
    ssc, batches = PROGRAMS[program](e, last)
    ssc.start()
    if program == "socket_word_count":
        server, conns = e._socket  # type: ignore[attr-defined]
        deadline = time.monotonic() + 60
        while not conns and time.monotonic() < deadline:
            time.sleep(0.02)
        conns[0].sendall(b"to be or not\nto be\n")
        e.wait_received(ssc, 2)
    if program == "update_state":
        # the input file of batch t, stamped just before t (Spark's file stream takes a file
        # in the batch whose time window holds its mtime; on recovery the clock is back at
        # the last checkpointed batch, as Spark sets a ManualClock)
        for t in range(first, last + 1):
            path = os.path.join(workdir, "in", f"in-{t}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(f"w{t % 3} w{t % 2} every\n")
            os.utime(path, (t - 0.5, t - 0.5))
            e.advance(ssc, 1)
        ssc.stop(False)
        return
    counts = {"word_count": [3] * batches, "two_streams": [4] * batches, "socket_word_count": [1],
              "windows": [8 if t % 2 == 0 else 7 for t in range(1, batches + 1)]}[program]
    for n in counts:
        e.advance(ssc, n)
    ssc.stop(False)


if __name__ == "__main__":
    main()
