"""``SparkContext`` (PySpark's twin) for DStream programs; ``SparkConf`` is :class:`rillet.SparkConf`.

A ``SparkContext`` here owns no cluster: it makes local :class:`~rillet.streaming.rdd.RDD`
collections (``parallelize``, ``textFile``), hands out broadcast variables and
accumulators (plain values in one process), and remembers its app name and conf.
"""

from __future__ import annotations

import glob
import os
import threading
from collections.abc import Iterable
from typing import Any

from rillet.conf import SparkConf
from rillet.streaming.rdd import RDD, _split, union_all


class Broadcast:
    """A read-only value shared with every task (here: kept as is)."""

    def __init__(self, value: Any) -> None:
        self._value = value

    @property
    def value(self) -> Any:
        return self._value

    def unpersist(self, blocking: bool = False) -> None:
        return None

    def destroy(self, blocking: bool = False) -> None:
        self._value = None


class Accumulator:
    """A value tasks add to and the driver reads (here: one process, guarded by a lock)."""

    def __init__(self, value: Any) -> None:
        self._value = value
        self._lock = threading.Lock()

    @property
    def value(self) -> Any:
        return self._value

    @value.setter
    def value(self, value: Any) -> None:
        self._value = value

    def add(self, term: Any) -> None:
        with self._lock:
            self._value = self._value + term

    def __iadd__(self, term: Any) -> Accumulator:
        self.add(term)
        return self

    def __repr__(self) -> str:
        return str(self._value)


class SparkContext:
    """The entry point of RDD programs (PySpark's SparkContext), local to this process."""

    _active: SparkContext | None = None
    _lock = threading.Lock()

    def __init__(self, master: str | None = None, appName: str | None = None,  # noqa: N803
                 sparkHome: str | None = None, pyFiles: Any = None, environment: Any = None,  # noqa: N803
                 batchSize: int = 0, serializer: Any = None, conf: SparkConf | None = None,  # noqa: N803
                 gateway: Any = None, jsc: Any = None, profiler_cls: Any = None,
                 udf_profiler_cls: Any = None, memory_profiler_cls: Any = None) -> None:
        self._conf = conf if conf is not None else SparkConf()
        if master:
            self._conf.setMaster(master)
        if appName:
            self._conf.setAppName(appName)
        self._conf.setIfMissing("spark.master", "local[*]")
        self._conf.setIfMissing("spark.app.name", "rillet")
        self._stopped = False
        with SparkContext._lock:
            SparkContext._active = self

    @classmethod
    def getOrCreate(cls, conf: SparkConf | None = None) -> SparkContext:  # noqa: N802
        with cls._lock:
            active = cls._active
        return active if active is not None and not active._stopped else cls(conf=conf)

    @property
    def appName(self) -> str:  # noqa: N802
        return str(self._conf.get("spark.app.name"))

    @property
    def master(self) -> str:
        return str(self._conf.get("spark.master"))

    @property
    def defaultParallelism(self) -> int:  # noqa: N802
        return max(1, os.cpu_count() or 1)

    def getConf(self) -> SparkConf:  # noqa: N802
        return SparkConf().setAll(self._conf.getAll())

    def setLogLevel(self, logLevel: str) -> None:  # noqa: N802,N803
        import logging

        level = {"ALL": logging.NOTSET, "TRACE": logging.DEBUG, "FATAL": logging.CRITICAL, "OFF": logging.CRITICAL + 10}
        name = logLevel.upper()
        logging.getLogger("rillet").setLevel(level.get(name, getattr(logging, name, logging.WARNING)))

    def parallelize(self, c: Iterable[Any], numSlices: int | None = None) -> RDD:  # noqa: N803
        items = list(c)
        return RDD(_split(items, numSlices or min(self.defaultParallelism, max(1, len(items)))), self)

    def emptyRDD(self) -> RDD:  # noqa: N802
        return RDD([[]], self)

    def range(self, start: int, end: int | None = None, step: int = 1, numSlices: int | None = None) -> RDD:  # noqa: A003,N803
        if end is None:
            start, end = 0, start
        return self.parallelize(range(start, end, step), numSlices)

    def textFile(self, name: str, minPartitions: int | None = None, use_unicode: bool = True) -> RDD:  # noqa: N802,N803
        """The lines of a file, of the files of a folder, or of a glob (one partition each)."""
        paths: list[str] = []
        for part in name.split(","):
            found = sorted(glob.glob(part))
            for p in found:
                if os.path.isdir(p):
                    paths += sorted(os.path.join(p, f) for f in os.listdir(p) if not f.startswith(("_", ".")))
                else:
                    paths.append(p)
        if not paths:
            from rillet.errors import AnalysisException

            raise AnalysisException(errorClass="PATH_NOT_FOUND", messageParameters={"path": name})
        parts = []
        for p in paths:
            with open(p, encoding="utf-8", errors="replace", newline="") as f:
                parts.append(f.read().splitlines())
        return RDD(parts, self)

    def union(self, rdds: list[RDD]) -> RDD:
        return union_all(rdds, self)

    def broadcast(self, value: Any) -> Broadcast:
        return Broadcast(value)

    def accumulator(self, value: Any, accum_param: Any = None) -> Accumulator:
        return Accumulator(value)

    def stop(self) -> None:
        self._stopped = True
        with SparkContext._lock:
            if SparkContext._active is self:
                SparkContext._active = None

    def __enter__(self) -> SparkContext:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()
