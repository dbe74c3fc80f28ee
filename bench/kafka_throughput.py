"""Kafka source throughput: rows/s from a prepared topic through a simple projection.

Starts its own noida-db broker on 127.0.0.1 (temporary data dir, stopped by PID), fills a
topic, then measures on the same broker:

* ``confluent-kafka loop``: a plain consumer reading every message and touching its value
  (the ceiling for any Python consumer of this broker);
* ``arrow conversion``: rillet's messages -> Arrow columns step alone, on messages in memory;
* ``rillet``: ``readStream.format("kafka")`` -> ``selectExpr(CAST(value AS STRING), ...)`` ->
  ``noop`` sink with ``trigger(availableNow=True)``, end to end.

and the seed's word count from a Kafka topic to a Kafka topic (the shape of Pathway's
published benchmark), rillet (``groupBy(word)`` in update mode -> Kafka sink) against a
plain confluent-kafka consume/count/produce loop on the same broker (the ceiling):

* backlog throughput: lines/s through the whole pipeline for a prepared topic;
* latency at a fixed input rate (``--rate`` lines/s for ``--seconds``): for each output
  record, its produce time minus the newest input timestamp of that word; p50/p99.

PySpark is not run: its Kafka source needs the spark-sql-kafka jar, which cannot be
downloaded in an offline environment (only PyPI is reachable here).

    python bench/kafka_throughput.py --rows 500000 --partitions 4
    python bench/kafka_throughput.py --skip-projection --wc-lines 100000 --rate 2000 --seconds 15
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from typing import Any


def _broker(data_dir: str) -> tuple[subprocess.Popen[bytes], str]:
    import noida_db
    from confluent_kafka.admin import AdminClient

    binary = os.path.join(os.path.dirname(noida_db.__file__), "noida-db")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([binary, "start", "--data-dir", data_dir, "--host", "127.0.0.1", "--only", "kafka",
                             "--kafka-port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    bootstrap = f"127.0.0.1:{port}"
    for _ in range(300):
        try:
            AdminClient({"bootstrap.servers": bootstrap}).list_topics(timeout=1)
            return proc, bootstrap
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("broker did not start")


def _fill(bootstrap: str, topic: str, rows: int, partitions: int, size: int) -> None:
    from confluent_kafka import Producer
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": bootstrap})
    for f in admin.create_topics([NewTopic(topic, partitions, 1)]).values():
        f.result()
    time.sleep(0.5)
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 20, "batch.num.messages": 10000})
    payload = b"x" * max(0, size - 8)
    for i in range(rows):
        while True:
            try:
                p.produce(topic, value=b"%08d" % i + payload, key=b"%d" % (i % 1000), partition=i % partitions)
                break
            except BufferError:
                p.poll(0.05)
    p.flush()


def _plain_loop(bootstrap: str, topic: str, rows: int, partitions: int) -> float:
    from confluent_kafka import Consumer, TopicPartition

    c = Consumer({"bootstrap.servers": bootstrap, "group.id": str(uuid.uuid4()), "enable.auto.commit": False,
                  "receive.message.max.bytes": 2147483647, "fetch.max.bytes": 2147483135})
    c.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
    t0 = time.perf_counter()
    n = 0
    total = 0
    while n < rows:
        for m in c.consume(100_000, 1.0):
            if m.error() is None:
                total += len(m.value())
                n += 1
    elapsed = time.perf_counter() - t0
    c.close()
    return rows / elapsed


def _conversion(bootstrap: str, topic: str, rows: int, partitions: int) -> float:
    from confluent_kafka import Consumer, TopicPartition

    from rillet.connectors.kafka.arrow import messages_to_table

    c = Consumer({"bootstrap.servers": bootstrap, "group.id": str(uuid.uuid4()), "enable.auto.commit": False,
                  "receive.message.max.bytes": 2147483647, "fetch.max.bytes": 2147483135})
    c.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
    messages = []
    while len(messages) < rows:
        messages.extend(m for m in c.consume(100_000, 1.0) if m.error() is None)
    c.close()
    t0 = time.perf_counter()
    messages_to_table(messages, False)
    return rows / (time.perf_counter() - t0)


def _rillet(bootstrap: str, topic: str, rows: int, max_offsets: int | None) -> tuple[float, int]:
    from rillet.sql import SparkSession

    spark = SparkSession.builder.config("spark.ui.enabled", "false").getOrCreate()
    reader = (spark.readStream.format("kafka").option("kafka.bootstrap.servers", bootstrap)
              .option("subscribe", topic).option("startingOffsets", "earliest"))
    if max_offsets:
        reader = reader.option("maxOffsetsPerTrigger", max_offsets)
    df = reader.load().selectExpr("CAST(key AS STRING) AS k", "CAST(value AS STRING) AS v", "partition", "offset")
    checkpoint = tempfile.mkdtemp(prefix="kbench-ckpt-")
    t0 = time.perf_counter()
    q = (df.writeStream.format("noop").option("checkpointLocation", checkpoint)
         .trigger(availableNow=True).start())
    q.awaitTermination()
    elapsed = time.perf_counter() - t0
    got = sum(p["numInputRows"] for p in q.recentProgress)
    shutil.rmtree(checkpoint, ignore_errors=True)
    if got != rows:
        raise RuntimeError(f"rillet read {got} rows, expected {rows}")
    return rows / elapsed, len([p for p in q.recentProgress if p["numInputRows"]])


# ---------------------------------------------------------------------- word count Kafka -> Kafka
def _lines(n: int, seed: int) -> list[bytes]:
    rnd = random.Random(seed)
    return [" ".join(f"w{rnd.randrange(1000)}" for _ in range(10)).encode() for _ in range(n)]


def _create(bootstrap: str, topic: str, partitions: int) -> None:
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": bootstrap})
    for f in admin.create_topics([NewTopic(topic, partitions, 1)]).values():
        f.result()
    time.sleep(0.3)


def _produce_lines(bootstrap: str, topic: str, lines: list[bytes], rate: float | None = None) -> None:
    """All lines at once, or ``rate`` lines/s in 10 ms ticks (each record stamped when sent)."""
    from confluent_kafka import Producer

    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 1 if rate else 20})
    t0 = time.perf_counter()
    for i, line in enumerate(lines):
        if rate:
            due = t0 + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                p.poll(0)
                time.sleep(delay)
        while True:
            try:
                p.produce(topic, value=line)
                break
            except BufferError:
                p.poll(0.05)
    p.flush()


def _rillet_wordcount(bootstrap: str, src: str, dst: str, checkpoint: str, available_now: bool) -> Any:
    from rillet.sql import SparkSession
    from rillet.sql import functions as F

    spark = SparkSession.builder.config("spark.ui.enabled", "false").getOrCreate()
    lines = (spark.readStream.format("kafka").option("kafka.bootstrap.servers", bootstrap)
             .option("subscribe", src).option("startingOffsets", "earliest").load())
    words = lines.select(F.explode(F.split(F.col("value").cast("string"), " ")).alias("word"), "timestamp")
    counts = words.groupBy("word").agg(F.count("*").alias("count"), F.max("timestamp").alias("ts"))
    out = counts.selectExpr("word AS key", "CAST(count AS STRING) || ',' || CAST(unix_millis(ts) AS STRING) AS value")
    w = (out.writeStream.format("kafka").outputMode("update").option("kafka.bootstrap.servers", bootstrap)
         .option("topic", dst).option("checkpointLocation", checkpoint))
    if available_now:
        w = w.trigger(availableNow=True)
    return w.start()


class _PlainWordCount(threading.Thread):
    """The ceiling: consume a poll's worth, count words in a dict, produce each touched word."""

    def __init__(self, bootstrap: str, src: str, dst: str, partitions: int, total: int) -> None:
        super().__init__(daemon=True)
        self.args = (bootstrap, src, dst, partitions)
        self.total = total
        self.stop_flag = threading.Event()
        self.done = threading.Event()

    def run(self) -> None:
        from confluent_kafka import Consumer, Producer, TopicPartition

        bootstrap, src, dst, partitions = self.args
        c = Consumer({"bootstrap.servers": bootstrap, "group.id": str(uuid.uuid4()), "enable.auto.commit": False,
                      "receive.message.max.bytes": 2147483647, "fetch.max.bytes": 2147483135})
        c.assign([TopicPartition(src, p, 0) for p in range(partitions)])
        p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 1})
        counts: dict[bytes, int] = {}
        newest: dict[bytes, int] = {}
        n = 0
        while not self.stop_flag.is_set() and n < self.total:
            touched: set[bytes] = set()
            for m in c.consume(100_000, 0.05):
                if m.error() is not None:
                    continue
                n += 1
                ts = m.timestamp()[1]
                for word in m.value().split():
                    counts[word] = counts.get(word, 0) + 1
                    newest[word] = ts
                    touched.add(word)
            for word in touched:
                while True:
                    try:
                        p.produce(dst, key=word, value=b"%d,%d" % (counts[word], newest[word]))
                        break
                    except BufferError:
                        p.poll(0.05)
            p.poll(0)
        p.flush()
        c.close()
        self.done.set()


def _latencies(bootstrap: str, topic: str, since_ms: int) -> list[int]:
    """Per output record: its produce time minus the newest input time of its word (ms)."""
    from confluent_kafka import Consumer, KafkaError, TopicPartition

    c = Consumer({"bootstrap.servers": bootstrap, "group.id": str(uuid.uuid4()), "enable.auto.commit": False,
                  "isolation.level": "read_committed", "enable.partition.eof": True,
                  "receive.message.max.bytes": 2147483647, "fetch.max.bytes": 2147483135})
    c.assign([TopicPartition(topic, 0, 0)])
    out: list[int] = []
    while True:
        batch = c.consume(100_000, 1.0)
        if not batch:
            break
        eof = False
        for m in batch:
            if m.error() is not None:
                eof = eof or m.error().code() == KafkaError._PARTITION_EOF
                continue
            newest = int(m.value().split(b",")[1])
            if newest >= since_ms:
                out.append(m.timestamp()[1] - newest)
        if eof:
            break
    c.close()
    return out


def _pct(values: list[int], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(q * len(ordered)))])


def _wordcount(bootstrap: str, args: argparse.Namespace) -> None:
    parts = args.partitions
    lines = _lines(args.wc_lines, 7)
    print(f"\nword count, Kafka -> Kafka: {args.wc_lines} lines of 10 words, {parts} partitions")
    # backlog throughput
    src, dst_r, dst_p = (f"wc-{k}-{uuid.uuid4().hex[:6]}" for k in ("in", "rillet", "plain"))
    for t, n in ((src, parts), (dst_r, 1), (dst_p, 1)):
        _create(bootstrap, t, n)
    _produce_lines(bootstrap, src, lines)
    checkpoint = tempfile.mkdtemp(prefix="kbench-wc-")
    t0 = time.perf_counter()
    q = _rillet_wordcount(bootstrap, src, dst_r, checkpoint, available_now=True)
    q.awaitTermination()
    rillet_tp = args.wc_lines / (time.perf_counter() - t0)
    shutil.rmtree(checkpoint, ignore_errors=True)
    plain = _PlainWordCount(bootstrap, src, dst_p, parts, args.wc_lines)
    t0 = time.perf_counter()
    plain.start()
    plain.done.wait()
    plain_tp = args.wc_lines / (time.perf_counter() - t0)
    print(f"{'backlog: rillet':36s} {rillet_tp:12,.0f} lines/s")
    print(f"{'backlog: plain confluent-kafka loop':36s} {plain_tp:12,.0f} lines/s   rillet/plain {rillet_tp / plain_tp:.2f}")
    # latency at a fixed input rate
    total = int(args.rate * args.seconds)
    fixed = _lines(total, 11)
    for engine in ("rillet", "plain"):
        src, dst = f"wcr-in-{uuid.uuid4().hex[:6]}", f"wcr-out-{uuid.uuid4().hex[:6]}"
        _create(bootstrap, src, parts)
        _create(bootstrap, dst, 1)
        checkpoint = tempfile.mkdtemp(prefix="kbench-wcr-")
        if engine == "rillet":
            runner: Any = _rillet_wordcount(bootstrap, src, dst, checkpoint, available_now=False)
        else:
            runner = _PlainWordCount(bootstrap, src, dst, parts, total)
            runner.start()
        time.sleep(1.0)  # let the query start before input begins
        warm = int(time.time() * 1000) + int(args.seconds * 1000 * 0.2)  # skip the first 20%
        _produce_lines(bootstrap, src, fixed, rate=args.rate)
        time.sleep(2.0)  # drain
        if engine == "rillet":
            runner.stop()
        else:
            runner.stop_flag.set()
            runner.done.wait(30)
        shutil.rmtree(checkpoint, ignore_errors=True)
        lat = _latencies(bootstrap, dst, warm)
        print(f"{'latency @ ' + str(int(args.rate)) + ' lines/s: ' + engine:36s} p50 {_pct(lat, 0.5):7.0f} ms   "
              f"p99 {_pct(lat, 0.99):7.0f} ms   ({len(lat)} output records)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=300_000)
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--value-bytes", type=int, default=100)
    ap.add_argument("--max-offsets-per-trigger", type=int, default=100_000)
    ap.add_argument("--skip-projection", action="store_true")
    ap.add_argument("--skip-wordcount", action="store_true")
    ap.add_argument("--wc-lines", type=int, default=50_000)
    ap.add_argument("--rate", type=float, default=1000.0, help="input lines/s for the latency run")
    ap.add_argument("--seconds", type=float, default=10.0, help="length of the latency run")
    args = ap.parse_args()
    data_dir = tempfile.mkdtemp(prefix="kbench-broker-")
    proc, bootstrap = _broker(data_dir)
    try:
        print(f"load average: {os.getloadavg()}")
        if not args.skip_projection:
            topic = f"bench-{uuid.uuid4().hex[:8]}"
            _fill(bootstrap, topic, args.rows, args.partitions, args.value_bytes)
            print(f"{args.rows} records of {args.value_bytes} bytes in {args.partitions} partitions on noida-db")
            plain = _plain_loop(bootstrap, topic, args.rows, args.partitions)
            conv = _conversion(bootstrap, topic, args.rows, args.partitions)
            rl, batches = _rillet(bootstrap, topic, args.rows, args.max_offsets_per_trigger)
            print(f"{'confluent-kafka loop (ceiling)':36s} {plain:12,.0f} rows/s")
            print(f"{'arrow conversion alone':36s} {conv:12,.0f} rows/s")
            print(f"{'rillet kafka -> project -> noop':36s} {rl:12,.0f} rows/s  ({batches} batches)")
            print(f"rillet / plain loop: {rl / plain:.2f}")
        if not args.skip_wordcount:
            _wordcount(bootstrap, args)
        print("PySpark: not run (its Kafka source needs the spark-sql-kafka jar; offline here).")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(15)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
