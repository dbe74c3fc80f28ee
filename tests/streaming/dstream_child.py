"""A DStream program run as a child process by test_dstream_kill.py: a word count over
new files with ``updateStateByKey`` and ``reduceByKeyAndWindow`` (inverse function),
recovered with ``StreamingContext.getOrCreate``. It writes its input file for batch t
before moving its ManualClock to t, and SIGKILLs itself inside batch ``KILL_AT`` (ms)
before that batch's output is written, i.e. after ``offsets/N``, before ``commits/N``.

usage: dstream_child.py CHECKPOINT SRC OUT BATCHES [KILL_AT]
"""

from __future__ import annotations

import json
import operator
import os
import signal
import sys

from rillet.streaming import SparkConf, SparkContext, StreamingContext


def main() -> None:
    checkpoint, src, out, batches = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    kill_at = int(sys.argv[5]) if len(sys.argv) > 5 else -1
    conf = SparkConf().setAppName("dstream-child").set("spark.streaming.clock", "org.apache.spark.util.ManualClock")

    def record(name: str):  # noqa: ANN202
        def write(t, rdd) -> None:  # noqa: ANN001
            ms = int(round(t.timestamp() * 1000))
            if ms == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            with open(out, "a", encoding="utf-8") as f:
                f.write(json.dumps({"t": ms, "name": name, "rows": sorted(rdd.collect())}) + "\n")
                f.flush()
                os.fsync(f.fileno())
        return write

    def setup() -> StreamingContext:
        ssc = StreamingContext(SparkContext.getOrCreate(conf), 1)
        pairs = ssc.textFileStream(src).flatMap(str.split).map(lambda w: (w, 1))
        pairs.updateStateByKey(lambda vs, last: sum(vs) + (last or 0)).foreachRDD(record("state"))
        pairs.reduceByKeyAndWindow(operator.add, operator.sub, 5, 1).foreachRDD(record("window"))
        return ssc

    ssc = StreamingContext.getOrCreate(checkpoint, setup)
    ssc.start()
    for t in range(1, batches + 1):
        path = os.path.join(src, f"in-{t}.txt")
        if not os.path.exists(path):
            with open(path + ".tmp", "w", encoding="utf-8") as f:
                f.write(f"w{t % 3} w{t % 2} every\nw{t % 4}\n")
            os.replace(path + ".tmp", path)
        if ssc._clock.time_ms() < t * 1000:  # type: ignore[attr-defined]
            ssc._clock.set_time(t * 1000)  # type: ignore[attr-defined]
    ssc.stop()


if __name__ == "__main__":
    main()
