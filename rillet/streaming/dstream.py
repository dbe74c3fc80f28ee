"""DStreams: a sequence of RDDs, one per batch time (PySpark's ``pyspark.streaming.dstream``).

Every transformation is a node of the StreamingContext's graph; an output operation
(``foreachRDD``, ``pprint``, ``saveAsTextFiles``) marks a node whose RDD each batch
computes. The methods, their arguments and how each is built from the others follow
PySpark's ``dstream.py`` (``countByValue`` is ``map`` + ``reduceByKey``; ``countByWindow``
is ``reduceByWindow`` with ``operator.add``/``operator.sub``), and the windowed and
stateful nodes compute as Spark's ``WindowedDStream``, ``PythonReducedWindowedDStream``
and ``PythonStateDStream`` do. Nodes whose RDDs later batches read are *durable*:
their RDDs are written to the query's state store (see ``_engine.py``).
"""

from __future__ import annotations

import inspect
import operator
import os
import time as _time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rillet.errors import IllegalArgumentException
from rillet.streaming.rdd import RDD, ResultIterable, union_all

if TYPE_CHECKING:
    from rillet.streaming.context import StreamingContext


def _ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def _arity(func: Callable[..., Any]) -> int:
    code = getattr(func, "__code__", None)
    if code is not None:
        return int(code.co_argcount) - (1 if inspect.ismethod(func) else 0)
    return len(inspect.signature(func).parameters)


def _with_time(func: Callable[..., Any], arity_without_time: int) -> Callable[..., Any]:
    """``func`` as a function of ``(time, *rdds)``: PySpark lets ``transform``/``foreachRDD``
    take the batch time or not, told apart by the number of arguments."""
    if _arity(func) == arity_without_time:
        return lambda t, *rdds: func(*rdds)
    return func


def rdd_to_file_name(prefix: str, suffix: str | None, timestamp: datetime | int) -> str:
    """``prefix-<time ms>[.suffix]``, as PySpark's ``rddToFileName``."""
    if isinstance(timestamp, datetime):
        seconds = _time.mktime(timestamp.timetuple())
        timestamp = int(seconds * 1000) + timestamp.microsecond // 1000
    return f"{prefix}-{timestamp}" if suffix is None else f"{prefix}-{timestamp}.{suffix}"


class DStream:
    """A discretized stream: an RDD per batch time, from an input or a transformation."""

    def __init__(self, ssc: StreamingContext, slide_ms: int, parents: list[DStream]) -> None:
        self._ssc = ssc
        self._slide_ms = slide_ms
        self._parents = parents
        self._remember_ms = 0
        self._durable = False
        self._needs_checkpoint = False
        self._computed: dict[int, RDD | None] = {}
        self._id = ssc._graph.add(self)

    # -- computing ----------------------------------------------------------------------
    def _valid(self, t: int) -> bool:
        zero = self._ssc._graph.zero_ms
        return t > zero and (t - zero) % self._slide_ms == 0

    def _get(self, t: int) -> RDD | None:
        """This stream's RDD at time ``t`` (Spark's ``getOrCompute``): computed once per
        batch; a durable stream's earlier RDDs come from the state store."""
        if not self._valid(t):
            return None
        if t in self._computed:
            return self._computed[t]
        graph = self._ssc._graph
        if self._durable and t < graph.time_ms:
            stored = graph.state.get(self._id, t) if graph.state is not None else None
            if stored is not None:
                rdd: RDD | None = RDD(stored, self._ssc._sc)
                self._computed[t] = rdd
                return rdd
        rdd = self._compute(t)
        self._computed[t] = rdd
        return rdd

    def _compute(self, t: int) -> RDD | None:
        raise NotImplementedError

    def _slice(self, begin_ms: int, end_ms: int) -> list[RDD]:
        """The RDDs at this stream's valid times in ``[begin, end]`` (Spark's ``slice``)."""
        zero = self._ssc._graph.zero_ms
        start = zero + (begin_ms - zero) // self._slide_ms * self._slide_ms
        out = []
        for t in range(start, end_ms + 1, self._slide_ms):
            if t >= begin_ms:
                rdd = self._get(t)
                if rdd is not None:
                    out.append(rdd)
        return out

    def _keep(self, remember_ms: int) -> None:
        """Later batches read this stream's RDDs up to ``remember_ms`` back: keep them durable."""
        self._durable = True
        self._remember_ms = max(self._remember_ms, remember_ms)

    # -- basics ---------------------------------------------------------------------------
    def context(self) -> StreamingContext:
        return self._ssc

    def slideDuration(self) -> int:  # noqa: N802
        return self._slide_ms

    def transform(self, func: Callable[..., RDD]) -> DStream:
        """A DStream of ``func(rdd)`` (or ``func(time, rdd)``) of each RDD."""
        return TransformedDStream(self._ssc, [self], _with_time(func, 1))

    def transformWith(self, func: Callable[..., RDD], other: DStream,  # noqa: N802
                      keepSerializer: bool = False) -> DStream:  # noqa: N803
        """A DStream of ``func(rdd_a, rdd_b)`` (or with the time first) of both streams' RDDs."""
        return TransformedDStream(self._ssc, [self, other], _with_time(func, 2))

    def mapPartitionsWithIndex(self, f: Callable[[int, Iterator[Any]], Iterable[Any]],  # noqa: N802
                               preservesPartitioning: bool = False) -> DStream:  # noqa: N803
        return self.transform(lambda rdd: rdd.mapPartitionsWithIndex(f))

    def mapPartitions(self, f: Callable[[Iterator[Any]], Iterable[Any]],  # noqa: N802
                      preservesPartitioning: bool = False) -> DStream:  # noqa: N803
        return self.transform(lambda rdd: rdd.mapPartitions(f))

    def map(self, f: Callable[[Any], Any], preservesPartitioning: bool = False) -> DStream:  # noqa: N803
        return self.transform(lambda rdd: rdd.map(f))

    def flatMap(self, f: Callable[[Any], Iterable[Any]], preservesPartitioning: bool = False) -> DStream:  # noqa: N802,N803
        return self.transform(lambda rdd: rdd.flatMap(f))

    def filter(self, f: Callable[[Any], bool]) -> DStream:
        return self.transform(lambda rdd: rdd.filter(f))

    def mapValues(self, f: Callable[[Any], Any]) -> DStream:  # noqa: N802
        return self.transform(lambda rdd: rdd.mapValues(f))

    def flatMapValues(self, f: Callable[[Any], Iterable[Any]]) -> DStream:  # noqa: N802
        return self.transform(lambda rdd: rdd.flatMapValues(f))

    def glom(self) -> DStream:
        return self.transform(lambda rdd: rdd.glom())

    def repartition(self, numPartitions: int) -> DStream:  # noqa: N803
        return self.transform(lambda rdd: rdd.repartition(numPartitions))

    def partitionBy(self, numPartitions: int, partitionFunc: Any = None) -> DStream:  # noqa: N802,N803
        return self.transform(lambda rdd: rdd.partitionBy(numPartitions, partitionFunc))

    def cache(self) -> DStream:
        return self

    def persist(self, storageLevel: Any = None) -> DStream:  # noqa: N803
        return self

    def checkpoint(self, interval: float) -> DStream:
        return self

    # -- reductions -----------------------------------------------------------------------
    def reduce(self, func: Callable[[Any, Any], Any]) -> DStream:
        return self.map(lambda x: (None, x)).reduceByKey(func, 1).map(lambda x: x[1])

    def count(self) -> DStream:
        return self.mapPartitions(lambda i: [sum(1 for _ in i)]).reduce(operator.add)

    def countByValue(self) -> DStream:  # noqa: N802
        return self.map(lambda x: (x, 1)).reduceByKey(operator.add)

    def reduceByKey(self, func: Callable[[Any, Any], Any], numPartitions: int | None = None) -> DStream:  # noqa: N802,N803
        return self.combineByKey(lambda x: x, func, func, numPartitions)

    def combineByKey(self, createCombiner: Callable[[Any], Any], mergeValue: Callable[[Any, Any], Any],  # noqa: N802,N803
                     mergeCombiners: Callable[[Any, Any], Any], numPartitions: int | None = None) -> DStream:  # noqa: N803
        return self.transform(lambda rdd: rdd.combineByKey(createCombiner, mergeValue, mergeCombiners, numPartitions))

    def groupByKey(self, numPartitions: int | None = None) -> DStream:  # noqa: N802,N803
        return self.transform(lambda rdd: rdd.groupByKey(numPartitions))

    # -- two streams ----------------------------------------------------------------------
    def union(self, other: DStream) -> DStream:
        if self._slide_ms != other._slide_ms:
            raise ValueError("the two DStream should have same slide duration")
        return self.transformWith(lambda a, b: a.union(b), other, True)

    def cogroup(self, other: DStream, numPartitions: int | None = None) -> DStream:  # noqa: N803
        return self.transformWith(lambda a, b: a.cogroup(b, numPartitions), other)

    def join(self, other: DStream, numPartitions: int | None = None) -> DStream:  # noqa: N803
        return self.transformWith(lambda a, b: a.join(b, numPartitions), other)

    def leftOuterJoin(self, other: DStream, numPartitions: int | None = None) -> DStream:  # noqa: N802,N803
        return self.transformWith(lambda a, b: a.leftOuterJoin(b, numPartitions), other)

    def rightOuterJoin(self, other: DStream, numPartitions: int | None = None) -> DStream:  # noqa: N802,N803
        return self.transformWith(lambda a, b: a.rightOuterJoin(b, numPartitions), other)

    def fullOuterJoin(self, other: DStream, numPartitions: int | None = None) -> DStream:  # noqa: N802,N803
        return self.transformWith(lambda a, b: a.fullOuterJoin(b, numPartitions), other)

    # -- output operations ----------------------------------------------------------------
    def foreachRDD(self, func: Callable[..., Any]) -> None:  # noqa: N802
        """Call ``func(rdd)`` (or ``func(time, rdd)``, time a local ``datetime``) every batch."""
        self._ssc._graph.outputs.append((self, _with_time(func, 1)))

    def pprint(self, num: int = 10) -> None:
        """Print the first ``num`` elements of each RDD under Spark's time header."""

        def take_and_print(time: datetime, rdd: RDD) -> None:
            taken = rdd.take(num + 1)
            print("-------------------------------------------")
            print(f"Time: {time}")
            print("-------------------------------------------")
            for record in taken[:num]:
                print(record)
            if len(taken) > num:
                print("...")
            print("")

        self.foreachRDD(take_and_print)

    def saveAsTextFiles(self, prefix: str, suffix: str | None = None) -> None:  # noqa: N802
        """Save each RDD as text files under ``prefix-<time ms>[.suffix]``."""

        def save(t: datetime, rdd: RDD) -> None:
            path = rdd_to_file_name(prefix, suffix, t)
            if not os.path.exists(path):  # a re-run batch after a restart wrote it already
                rdd.saveAsTextFile(path)

        self.foreachRDD(save)

    # -- windows --------------------------------------------------------------------------
    def _validate_window(self, window_ms: int, slide_ms: int) -> None:
        if window_ms % self._slide_ms:
            raise IllegalArgumentException(
                f"The window duration of windowed DStream ({window_ms} ms) must be a multiple of "
                f"the slide duration of parent DStream ({self._slide_ms} ms)"
            )
        if slide_ms % self._slide_ms:
            raise IllegalArgumentException(
                f"The slide duration of windowed DStream ({slide_ms} ms) must be a multiple of "
                f"the slide duration of parent DStream ({self._slide_ms} ms)"
            )

    def window(self, windowDuration: float, slideDuration: float | None = None) -> DStream:  # noqa: N803
        """Each RDD is the union of this stream's RDDs in the last ``windowDuration`` seconds,
        every ``slideDuration`` seconds (default: this stream's slide)."""
        window_ms = _ms(windowDuration)
        slide_ms = self._slide_ms if slideDuration is None else _ms(slideDuration)
        self._validate_window(window_ms, slide_ms)
        return WindowedDStream(self, window_ms, slide_ms)

    def reduceByWindow(self, reduceFunc: Callable[[Any, Any], Any],  # noqa: N802,N803
                       invReduceFunc: Callable[[Any, Any], Any] | None,  # noqa: N803
                       windowDuration: float, slideDuration: float) -> DStream:  # noqa: N803
        keyed = self.map(lambda x: (1, x))
        reduced = keyed.reduceByKeyAndWindow(reduceFunc, invReduceFunc, windowDuration, slideDuration, 1)
        return reduced.map(lambda kv: kv[1])

    def countByWindow(self, windowDuration: float, slideDuration: float) -> DStream:  # noqa: N802,N803
        return self.map(lambda x: 1).reduceByWindow(operator.add, operator.sub, windowDuration, slideDuration)

    def countByValueAndWindow(self, windowDuration: float, slideDuration: float,  # noqa: N802,N803
                              numPartitions: int | None = None) -> DStream:  # noqa: N803
        keyed = self.map(lambda x: (x, 1))
        counted = keyed.reduceByKeyAndWindow(operator.add, operator.sub, windowDuration, slideDuration, numPartitions)
        return counted.filter(lambda kv: kv[1] > 0)

    def groupByKeyAndWindow(self, windowDuration: float, slideDuration: float,  # noqa: N802,N803
                            numPartitions: int | None = None) -> DStream:  # noqa: N803
        ls = self.mapValues(lambda x: [x])
        grouped = ls.reduceByKeyAndWindow(lambda a, b: a.extend(b) or a, lambda a, b: a[len(b):],
                                          windowDuration, slideDuration, numPartitions)
        return grouped.mapValues(ResultIterable)

    def reduceByKeyAndWindow(self, func: Callable[[Any, Any], Any],  # noqa: N802
                             invFunc: Callable[[Any, Any], Any] | None,  # noqa: N803
                             windowDuration: float, slideDuration: float | None = None,  # noqa: N803
                             numPartitions: int | None = None,  # noqa: N803
                             filterFunc: Callable[[Any], bool] | None = None) -> DStream:  # noqa: N803
        """Reduce by key over a sliding window; with ``invFunc``, incrementally: the previous
        window's result, minus what left it (``invFunc``), plus what entered (``func``), as
        Spark does when the window is at least five slides long."""
        window_ms = _ms(windowDuration)
        slide_ms = self._slide_ms if slideDuration is None else _ms(slideDuration)
        self._validate_window(window_ms, slide_ms)
        reduced = self.reduceByKey(func, numPartitions)
        if invFunc is None:
            return reduced.window(windowDuration, slideDuration).reduceByKey(func, numPartitions)

        def reduce_func(a: RDD | None, b: RDD) -> RDD:
            b = b.reduceByKey(func, numPartitions)
            r = a.union(b).reduceByKey(func, numPartitions) if a is not None else b
            return r.filter(filterFunc) if filterFunc is not None else r

        def inv_reduce_func(a: RDD, b: RDD) -> RDD:
            b = b.reduceByKey(func, numPartitions)
            joined = a.leftOuterJoin(b, numPartitions)
            return joined.mapValues(lambda kv: invFunc(kv[0], kv[1]) if kv[1] is not None else kv[0])

        return ReducedWindowedDStream(reduced, reduce_func, inv_reduce_func, window_ms, slide_ms)

    # -- state ----------------------------------------------------------------------------
    def updateStateByKey(self, updateFunc: Callable[[list[Any], Any], Any],  # noqa: N802,N803
                         numPartitions: int | None = None, initialRDD: Any = None) -> DStream:  # noqa: N803
        """A stream of ``(key, state)``: each batch, ``updateFunc(new_values, last_state)``
        for every key with a state or new values; a key whose result is None is dropped."""
        if initialRDD is not None and not isinstance(initialRDD, RDD):
            initialRDD = RDD([list(initialRDD)], self._ssc._sc)

        def reduce_func(a: RDD | None, b: RDD) -> RDD:
            if a is None:
                g = b.groupByKey(numPartitions).mapValues(lambda vs: (list(vs), None))
            else:
                g = a.cogroup(b.partitionBy(numPartitions), numPartitions)
                g = g.mapValues(lambda ab: (list(ab[1]), list(ab[0])[0] if len(ab[0]) else None))
            state = g.mapValues(lambda vs_s: updateFunc(vs_s[0], vs_s[1]))
            return state.filter(lambda k_v: k_v[1] is not None)

        return StateDStream(self, reduce_func, initialRDD)


class InputDStream(DStream):
    """The elements one input (queue, socket, folder) received for the batch."""

    def __init__(self, ssc: StreamingContext, spec: Any) -> None:
        super().__init__(ssc, ssc._batch_ms, [])
        self._input = ssc._graph.add_input(spec)

    def _compute(self, t: int) -> RDD | None:
        graph = self._ssc._graph
        if t != graph.time_ms:
            return None
        return RDD([list(graph.inputs.get(self._input, []))], self._ssc._sc)


class TransformedDStream(DStream):
    def __init__(self, ssc: StreamingContext, parents: list[DStream], func: Callable[..., RDD]) -> None:
        for p in parents[1:]:
            if p._slide_ms != parents[0]._slide_ms:
                raise ValueError("the two DStream should have same slide duration")
        super().__init__(ssc, parents[0]._slide_ms, parents)
        self._func = func

    def _compute(self, t: int) -> RDD | None:
        rdds = [p._get(t) for p in self._parents]
        if all(r is None for r in rdds):
            return None
        empty = RDD([[]], self._ssc._sc)
        out = self._func(datetime.fromtimestamp(t / 1000.0), *[r if r is not None else empty for r in rdds])
        return out if isinstance(out, RDD) or out is None else RDD([list(out)], self._ssc._sc)


class WindowedDStream(DStream):
    """Spark's WindowedDStream: the parent's RDDs in ``(t - window, t]``, in time order."""

    def __init__(self, parent: DStream, window_ms: int, slide_ms: int) -> None:
        super().__init__(parent._ssc, slide_ms, [parent])
        self._window_ms = window_ms
        parent._keep(window_ms)

    def _compute(self, t: int) -> RDD | None:
        parent = self._parents[0]
        rdds = parent._slice(t - self._window_ms + parent._slide_ms, t)
        return union_all(rdds, self._ssc._sc) if rdds else RDD([[]], self._ssc._sc)


class ReducedWindowedDStream(DStream):
    """Spark's PythonReducedWindowedDStream over the parent's per-batch reduced RDDs."""

    def __init__(self, parent: DStream, reduce_func: Callable[[RDD | None, RDD], RDD],
                 inv_reduce_func: Callable[[RDD, RDD], RDD], window_ms: int, slide_ms: int) -> None:
        super().__init__(parent._ssc, slide_ms, [parent])
        self._reduce = reduce_func
        self._inv = inv_reduce_func
        self._window_ms = window_ms
        self._needs_checkpoint = True
        parent._keep(window_ms + slide_ms)
        self._keep(slide_ms)

    def _compute(self, t: int) -> RDD | None:
        parent, sc = self._parents[0], self._ssc._sc
        union = lambda rdds: union_all(rdds, sc)  # noqa: E731
        cur_begin, cur_end = t - self._window_ms, t
        prev_begin, prev_end = cur_begin - self._slide_ms, cur_end - self._slide_ms
        previous = self._get(prev_end)
        if previous is not None and self._window_ms >= self._slide_ms * 5:
            old = parent._slice(prev_begin + parent._slide_ms, cur_begin)
            subtracted = self._inv(previous, union(old)) if old else previous
            new = parent._slice(prev_end + parent._slide_ms, cur_end)
            return self._reduce(subtracted, union(new)) if new else subtracted
        current = parent._slice(cur_begin + parent._slide_ms, cur_end)
        return self._reduce(None, union(current)) if current else None


class StateDStream(DStream):
    """Spark's PythonStateDStream: ``func(last state or initialRDD, this batch)``."""

    def __init__(self, parent: DStream, reduce_func: Callable[[RDD | None, RDD], RDD],
                 initial: RDD | None) -> None:
        super().__init__(parent._ssc, parent._slide_ms, [parent])
        self._reduce = reduce_func
        self._initial = initial
        self._needs_checkpoint = True
        self._keep(parent._slide_ms)

    def _compute(self, t: int) -> RDD | None:
        last = self._get(t - self._slide_ms)
        rdd = self._parents[0]._get(t)
        if rdd is None:
            return last
        return self._reduce(last if last is not None else self._initial, rdd)


class DStreamGraph:
    """The streams, inputs and output operations of a StreamingContext, and what one
    batch computes (``run``, called by the engine's sink for each batch)."""

    def __init__(self) -> None:
        self.streams: list[DStream] = []
        self.input_specs: list[Any] = []
        self.outputs: list[tuple[DStream, Callable[..., Any]]] = []
        self.zero_ms = 0
        self.time_ms = 0
        self.inputs: dict[int, list[Any]] = {}
        self.state: Any = None

    def add(self, stream: DStream) -> int:
        self.streams.append(stream)
        return len(self.streams) - 1

    def add_input(self, spec: Any) -> int:
        self.input_specs.append(spec)
        return len(self.input_specs) - 1

    def describe(self) -> list[str]:
        """The shape of the graph, one line per stream (its kind, parents, slide and window)
        and per output: what a checkpoint's state was written by."""
        lines = [
            f"{s._id} {type(s).__name__} parents={[p._id for p in s._parents]} slide={s._slide_ms} "
            f"window={getattr(s, '_window_ms', 0)} durable={s._durable}"
            for s in self.streams
        ]
        return lines + [f"output {stream._id}" for stream, _ in self.outputs]

    def run(self, time_ms: int, inputs: dict[int, list[Any]], state: Any) -> None:
        """Compute the batch at ``time_ms``: each output operation whose stream has an RDD
        at this time, in the order they were declared; then write the durable streams'
        RDDs of this time, and forget those no later batch reads."""
        self.time_ms, self.inputs, self.state = time_ms, inputs, state
        for s in self.streams:
            s._computed = {}
        when = datetime.fromtimestamp(time_ms / 1000.0)
        for stream, func in self.outputs:
            rdd = stream._get(time_ms)
            if rdd is not None:
                func(when, rdd)
        for s in self.streams:
            if not s._durable:
                continue
            rdd = s._get(time_ms)
            if rdd is not None:
                state.put(s._id, time_ms, rdd._partitions)
            state.forget_before(s._id, time_ms - s._remember_ms)
