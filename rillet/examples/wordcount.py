"""The streaming word count of Spark's guide, on rillet, against a line server it starts.

Run ``python -m rillet.examples.wordcount``: a small TCP server on 127.0.0.1 plays
the part of ``nc -lk 9999`` and sends a few lines every second; the query counts
words in complete mode and prints every batch to the console, as Spark does.
"""

from __future__ import annotations

import argparse
import socket
import threading
import time

from rillet.sql import SparkSession
from rillet.sql import functions as F

TEXT = [
    "the quick brown fox jumps over the lazy dog",
    "a stream is an unbounded table that grows at the end",
    "the query over it is planned once and run incrementally",
    "one micro batch at a time",
]


class LineServer:
    """A tiny ``nc -lk``: accepts one client and sends it lines on a timer."""

    def __init__(self, lines: list[str], interval: float = 1.0, host: str = "127.0.0.1", port: int = 0) -> None:
        self.lines = lines
        self.interval = interval
        self.sock = socket.create_server((host, port))
        self.host, self.port = self.sock.getsockname()[:2]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="line-server", daemon=True)

    def start(self) -> LineServer:
        self._thread.start()
        return self

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        conn = None
        while not self._stop.is_set() and conn is None:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
        i = 0
        while conn is not None and not self._stop.is_set():
            try:
                conn.sendall((self.lines[i % len(self.lines)] + "\n").encode())
            except OSError:
                break
            i += 1
            self._stop.wait(self.interval)
        if conn is not None:
            conn.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=5, help="stop after this many batches (0: run until Ctrl-C)")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between lines sent by the server")
    args = parser.parse_args(argv)

    server = LineServer(TEXT, args.interval).start()
    spark = SparkSession.builder.appName("wc").getOrCreate()

    # --- the program from Spark's Structured Streaming guide ---------------------
    lines = (spark.readStream.format("socket")
             .option("host", server.host).option("port", server.port).load())
    words = lines.select(F.explode(F.split(F.col("value"), r"\s")).alias("word"))
    counts = words.groupBy("word").count()
    query = (counts.writeStream.format("console").outputMode("complete")
             .trigger(processingTime="1 second").start())
    # ------------------------------------------------------------------------------

    try:
        while query.isActive and (args.batches == 0 or len(query.recentProgress) < args.batches):
            time.sleep(0.1)
    except KeyboardInterrupt:
        pass
    finally:
        query.stop()
        server.stop()
        spark.stop()


if __name__ == "__main__":
    main()
