"""A small, local RDD: the collection a DStream program sees in ``foreachRDD`` and ``transform``.

rillet runs on one machine, so an RDD here is honest about what it is: a list of
partitions of Python objects, computed eagerly. It has the RDD methods DStream programs
use, with PySpark's names, arguments and results (``groupByKey`` yields iterables,
``join`` yields ``(k, (v, w))``, ``saveAsTextFile`` writes ``part-NNNNN`` files).
"""

from __future__ import annotations

import heapq
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from rillet.durability import write_atomic
from rillet.errors import PySparkValueError

if TYPE_CHECKING:
    from rillet.streaming.spark_context import SparkContext


class ResultIterable:
    """The values of one key after ``groupByKey``/``cogroup`` (PySpark's ResultIterable)."""

    def __init__(self, data: list[Any]) -> None:
        self.data = data
        self.maxindex = len(data)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return f"ResultIterable({self.data!r})"


def _split(items: list[Any], n: int) -> list[list[Any]]:
    """``items`` in ``n`` contiguous slices, as ``parallelize`` slices a list."""
    n = max(1, n)
    size = len(items)
    return [items[i * size // n:(i + 1) * size // n] for i in range(n)]


def _group(pairs: Iterable[tuple[Any, Any]]) -> dict[Any, list[Any]]:
    out: dict[Any, list[Any]] = {}
    for k, v in pairs:
        out.setdefault(k, []).append(v)
    return out


def union_all(rdds: list[RDD], ctx: Any = None) -> RDD:
    """One RDD with the partitions of ``rdds`` in order (``SparkContext.union``)."""
    return RDD([p for r in rdds for p in r._partitions], ctx)


class RDD:
    """A local Resilient Distributed Dataset: partitions of Python objects in memory."""

    def __init__(self, partitions: list[list[Any]], ctx: SparkContext | Any = None) -> None:
        self._partitions = partitions if partitions else [[]]
        self.ctx = ctx

    # -- building -----------------------------------------------------------------
    def _new(self, partitions: list[list[Any]]) -> RDD:
        return RDD(partitions, self.ctx)

    def _elements(self) -> list[Any]:
        return [x for p in self._partitions for x in p]

    def getNumPartitions(self) -> int:  # noqa: N802 - PySpark's name
        return len(self._partitions)

    def cache(self) -> RDD:
        return self

    def persist(self, storageLevel: Any = None) -> RDD:  # noqa: N803
        return self

    def unpersist(self, blocking: bool = False) -> RDD:
        return self

    def checkpoint(self) -> None:
        return None

    # -- narrow transformations -----------------------------------------------------
    def mapPartitionsWithIndex(self, f: Callable[[int, Iterator[Any]], Iterable[Any]],  # noqa: N802
                               preservesPartitioning: bool = False) -> RDD:  # noqa: N803
        return self._new([list(f(i, iter(p))) for i, p in enumerate(self._partitions)])

    def mapPartitions(self, f: Callable[[Iterator[Any]], Iterable[Any]],  # noqa: N802
                      preservesPartitioning: bool = False) -> RDD:  # noqa: N803
        return self.mapPartitionsWithIndex(lambda _, it: f(it))

    def map(self, f: Callable[[Any], Any], preservesPartitioning: bool = False) -> RDD:  # noqa: N803
        return self._new([[f(x) for x in p] for p in self._partitions])

    def flatMap(self, f: Callable[[Any], Iterable[Any]], preservesPartitioning: bool = False) -> RDD:  # noqa: N802,N803
        return self._new([[y for x in p for y in f(x)] for p in self._partitions])

    def filter(self, f: Callable[[Any], bool]) -> RDD:
        return self._new([[x for x in p if f(x)] for p in self._partitions])

    def mapValues(self, f: Callable[[Any], Any]) -> RDD:  # noqa: N802
        return self.map(lambda kv: (kv[0], f(kv[1])))

    def flatMapValues(self, f: Callable[[Any], Iterable[Any]]) -> RDD:  # noqa: N802
        return self.flatMap(lambda kv: [(kv[0], v) for v in f(kv[1])])

    def keys(self) -> RDD:
        return self.map(lambda kv: kv[0])

    def values(self) -> RDD:
        return self.map(lambda kv: kv[1])

    def keyBy(self, f: Callable[[Any], Any]) -> RDD:  # noqa: N802
        return self.map(lambda x: (f(x), x))

    def glom(self) -> RDD:
        return self._new([[list(p)] for p in self._partitions])

    def union(self, other: RDD) -> RDD:
        return self._new(self._partitions + other._partitions)

    def repartition(self, numPartitions: int) -> RDD:  # noqa: N803
        return self._new(_split(self._elements(), numPartitions))

    def coalesce(self, numPartitions: int, shuffle: bool = False) -> RDD:  # noqa: N803
        return self.repartition(min(numPartitions, self.getNumPartitions()))

    def partitionBy(self, numPartitions: int | None = None, partitionFunc: Any = None) -> RDD:  # noqa: N802,N803
        return self

    def zipWithIndex(self) -> RDD:  # noqa: N802
        counter = itertools.count()
        return self._new([[(x, next(counter)) for x in p] for p in self._partitions])

    # -- wide transformations (one output partition per input partition count) -----------
    def _shuffled(self, items: list[Any], numPartitions: int | None) -> RDD:  # noqa: N803
        return self._new(_split(items, numPartitions or self.getNumPartitions()))

    def combineByKey(self, createCombiner: Callable[[Any], Any], mergeValue: Callable[[Any, Any], Any],  # noqa: N802,N803
                     mergeCombiners: Callable[[Any, Any], Any], numPartitions: int | None = None,  # noqa: N803
                     partitionFunc: Any = None) -> RDD:  # noqa: N803
        combined: dict[Any, Any] = {}
        for k, v in self._elements():
            combined[k] = mergeValue(combined[k], v) if k in combined else createCombiner(v)
        return self._shuffled(list(combined.items()), numPartitions)

    def reduceByKey(self, func: Callable[[Any, Any], Any], numPartitions: int | None = None,  # noqa: N802,N803
                    partitionFunc: Any = None) -> RDD:  # noqa: N803
        return self.combineByKey(lambda v: v, func, func, numPartitions)

    def foldByKey(self, zeroValue: Any, func: Callable[[Any, Any], Any],  # noqa: N802,N803
                  numPartitions: int | None = None) -> RDD:  # noqa: N803
        return self.combineByKey(lambda v: func(zeroValue, v), func, func, numPartitions)

    def groupByKey(self, numPartitions: int | None = None, partitionFunc: Any = None) -> RDD:  # noqa: N802,N803
        grouped = _group(self._elements())
        return self._shuffled([(k, ResultIterable(vs)) for k, vs in grouped.items()], numPartitions)

    def groupBy(self, f: Callable[[Any], Any], numPartitions: int | None = None) -> RDD:  # noqa: N802,N803
        return self.keyBy(f).groupByKey(numPartitions)

    def cogroup(self, other: RDD, numPartitions: int | None = None) -> RDD:  # noqa: N803
        left, right = _group(self._elements()), _group(other._elements())
        keys = list(dict.fromkeys([*left, *right]))
        out = [(k, (ResultIterable(left.get(k, [])), ResultIterable(right.get(k, [])))) for k in keys]
        return self._shuffled(out, numPartitions)

    def _join(self, other: RDD, numPartitions: int | None, keep_left: bool, keep_right: bool) -> RDD:  # noqa: N803
        out: list[tuple[Any, tuple[Any, Any]]] = []
        for k, (vs, ws) in self.cogroup(other)._elements():
            vs_, ws_ = list(vs), list(ws)
            if not ws_ and keep_left:
                ws_ = [None]
            if not vs_ and keep_right:
                vs_ = [None]
            out.extend((k, (v, w)) for v in vs_ for w in ws_)
        return self._shuffled(out, numPartitions)

    def join(self, other: RDD, numPartitions: int | None = None) -> RDD:  # noqa: N803
        return self._join(other, numPartitions, False, False)

    def leftOuterJoin(self, other: RDD, numPartitions: int | None = None) -> RDD:  # noqa: N802,N803
        return self._join(other, numPartitions, True, False)

    def rightOuterJoin(self, other: RDD, numPartitions: int | None = None) -> RDD:  # noqa: N802,N803
        return self._join(other, numPartitions, False, True)

    def fullOuterJoin(self, other: RDD, numPartitions: int | None = None) -> RDD:  # noqa: N802,N803
        return self._join(other, numPartitions, True, True)

    def distinct(self, numPartitions: int | None = None) -> RDD:  # noqa: N803
        return self._shuffled(list(dict.fromkeys(self._elements())), numPartitions)

    def subtract(self, other: RDD, numPartitions: int | None = None) -> RDD:  # noqa: N803
        drop = set(other._elements())
        return self._shuffled([x for x in self._elements() if x not in drop], numPartitions)

    def sortBy(self, keyfunc: Callable[[Any], Any], ascending: bool = True,  # noqa: N802
               numPartitions: int | None = None) -> RDD:  # noqa: N803
        return self._shuffled(sorted(self._elements(), key=keyfunc, reverse=not ascending), numPartitions)

    def sortByKey(self, ascending: bool = True, numPartitions: int | None = None,  # noqa: N802,N803
                  keyfunc: Callable[[Any], Any] = lambda x: x) -> RDD:
        return self.sortBy(lambda kv: keyfunc(kv[0]), ascending, numPartitions)

    # -- actions --------------------------------------------------------------------------
    def collect(self) -> list[Any]:
        return self._elements()

    def count(self) -> int:
        return sum(len(p) for p in self._partitions)

    def isEmpty(self) -> bool:  # noqa: N802
        return all(not p for p in self._partitions)

    def take(self, num: int) -> list[Any]:
        return list(itertools.islice(itertools.chain.from_iterable(self._partitions), max(0, num)))

    def first(self) -> Any:
        taken = self.take(1)
        if not taken:
            raise ValueError("RDD is empty")  # PySpark raises a plain ValueError here
        return taken[0]

    def top(self, num: int, key: Callable[[Any], Any] | None = None) -> list[Any]:
        return heapq.nlargest(num, self._elements(), key=key)

    def takeOrdered(self, num: int, key: Callable[[Any], Any] | None = None) -> list[Any]:  # noqa: N802
        return heapq.nsmallest(num, self._elements(), key=key)

    def reduce(self, f: Callable[[Any, Any], Any]) -> Any:
        items = self._elements()
        if not items:
            raise ValueError("Can not reduce() empty RDD")  # as PySpark, a plain ValueError
        out = items[0]
        for x in items[1:]:
            out = f(out, x)
        return out

    def fold(self, zeroValue: Any, op: Callable[[Any, Any], Any]) -> Any:  # noqa: N803
        out = zeroValue
        for x in self._elements():
            out = op(out, x)
        return out

    def sum(self) -> Any:
        return self.fold(0, lambda a, b: a + b)

    def max(self, key: Callable[[Any], Any] | None = None) -> Any:
        return max(self._elements(), key=key)

    def min(self, key: Callable[[Any], Any] | None = None) -> Any:
        return min(self._elements(), key=key)

    def countByValue(self) -> dict[Any, int]:  # noqa: N802
        out: dict[Any, int] = {}
        for x in self._elements():
            out[x] = out.get(x, 0) + 1
        return out

    def countByKey(self) -> dict[Any, int]:  # noqa: N802
        return self.keys().countByValue()

    def collectAsMap(self) -> dict[Any, Any]:  # noqa: N802
        return dict(self._elements())

    def foreach(self, f: Callable[[Any], Any]) -> None:
        for x in self._elements():
            f(x)

    def foreachPartition(self, f: Callable[[Iterator[Any]], Any]) -> None:  # noqa: N802
        for p in self._partitions:
            f(iter(p))

    def saveAsTextFile(self, path: str, compressionCodecClass: str | None = None) -> None:  # noqa: N802,N803
        """One ``part-NNNNN`` file per partition (each element's ``str`` and a newline),
        then ``_SUCCESS``; refuses a folder that exists, as Hadoop's output format does."""
        if os.path.exists(path):
            raise PySparkValueError(
                errorClass="PATH_ALREADY_EXISTS", messageParameters={"outputPath": path},
                message=f"[PATH_ALREADY_EXISTS] Output directory {path} already exists.",
            )
        os.makedirs(path)
        for i, p in enumerate(self._partitions):
            write_atomic(os.path.join(path, f"part-{i:05d}"), "".join(f"{x}\n" for x in p))
        write_atomic(os.path.join(path, "_SUCCESS"), "")

    def toDF(self, schema: Any = None, sampleRatio: float | None = None) -> Any:  # noqa: N802,N803
        """A DataFrame of the rows (tuples, Rows or dicts), as ``spark.createDataFrame``."""
        from rillet.sql import SparkSession

        return SparkSession.builder.getOrCreate().createDataFrame(self._elements(), schema)

    def __repr__(self) -> str:
        return f"RDD[{self.count()} elements in {self.getNumPartitions()} partitions]"
