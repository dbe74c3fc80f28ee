"""How a StreamingContext runs on the engine: one micro-batch query, a batch per interval.

The query reads one source, :class:`DStreamSource`, whose offset is the DStream batch
time (plus the offsets of the engine sources it reads the inputs with: ``socket`` for
``socketTextStream``, ``text`` for ``textFileStream``), so each engine micro-batch is
one DStream batch and its offsets are in ``offsets/N`` before it runs. The sink,
:class:`DStreamSink`, computes the DStream graph for that time and runs the output
operations; what windows and ``updateStateByKey`` need from earlier batches lives in a
versioned :class:`~rillet.engine.state.store.StateStore` whose version is the batch id,
so a restart after a crash re-runs batch N on the state of batch N-1, as the engine's
own stateful operators do.
"""

from __future__ import annotations

import datetime as _dt
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from rillet.connectors.base import (
    Offset,
    OptionSpec,
    Provider,
    ReadLimit,
    Sink,
    SinkContext,
    Source,
    SourceContext,
    recorded_at_first_start,
)
from rillet.durability import write_once
from rillet.engine.clock import Clock
from rillet.engine.state.store import StateStore
from rillet.errors import IllegalArgumentException

# one row per input element (``text`` for lines, ``obj`` for pickled Python objects),
# plus one marker row per batch (input -1) that carries the batch time
SCHEMA = pa.schema([
    pa.field("time", pa.int64()),
    pa.field("input", pa.int32()),
    pa.field("text", pa.large_string()),
    pa.field("obj", pa.large_binary()),
])

_RETAIN = "spark.sql.streaming.minBatchesToRetain"
_STATE_SCHEMA: dict[str, pl.DataType] = {"stream": pl.Int64(), "time": pl.Int64(), "data": pl.Binary()}


@dataclass
class QueueInput:
    """``queueStream``: the RDDs' partitions, taken one (or all) per batch; ``default``
    when the queue is empty. The offset counts RDDs taken; a queue lives in memory only."""

    rdds: list[list[list[Any]]]
    one_at_a_time: bool
    default: list[list[Any]] | None

    def open(self, ctx: SourceContext, start_ms: int) -> None:
        return None

    def initial_offset(self) -> Offset:
        return 0

    def latest_offset(self, start: Offset) -> Offset:
        left = len(self.rdds) - int(start)
        return int(start) + (min(1, left) if self.one_at_a_time else left)

    def elements(self, start: Offset, end: Offset) -> tuple[str, list[Any]]:
        taken = self.rdds[int(start):int(end)]
        if not taken and self.default is not None:
            taken = [self.default]
        return "obj", [x for rdd in taken for part in rdd for x in part]

    def commit(self, end: Offset) -> None:
        return None

    def stop(self) -> None:
        return None


@dataclass
class EngineInput:
    """An input read by one of the engine's sources (``socket``, ``text``): its lines.
    With ``new_files_only`` (``textFileStream``), files modified before the program first
    started are left out, as Spark's FileInputDStream does (``modifiedAfter``)."""

    provider: Provider
    options: dict[str, str]
    path: str | None = None
    new_files_only: bool = False
    source: Source | None = None

    def open(self, ctx: SourceContext, start_ms: int) -> None:
        options = dict(self.options)
        if self.new_files_only:
            start = _dt.datetime.fromtimestamp(start_ms / 1000, _dt.timezone.utc)
            options["modifiedAfter"] = start.isoformat(timespec="milliseconds")
        self.source = self.provider.source(
            SourceContext(metadata_path=ctx.metadata_path, options=options, path=self.path)
        )

    def _src(self) -> Source:
        if self.source is None:
            raise RuntimeError("input not opened")
        return self.source

    def initial_offset(self) -> Offset:
        return self._src().initial_offset()

    def latest_offset(self, start: Offset) -> Offset:
        return self._src().latest_offset(start, ReadLimit.all_available())

    def elements(self, start: Offset, end: Offset) -> tuple[str, list[Any]]:
        if start == end:
            return "text", []
        table = self._src().get_batch(start, end)
        return "text", table.column("value").to_pylist()

    def commit(self, end: Offset) -> None:
        self._src().commit(end)

    def stop(self) -> None:
        if self.source is not None:
            self.source.stop()


class DStreamSource(Source):
    """Offsets ``{"time": batch time ms, "inputs": [each input's offset]}``: a new batch
    each ``batch_ms`` on ``clock``, from the StreamingContext's zero time (recorded when
    the query first started, so a restart keeps the same batch times)."""

    def __init__(self, ctx: SourceContext, inputs: list[Any], batch_ms: int, clock: Clock,
                 on_zero: Callable[[int], None]) -> None:
        self.inputs = inputs
        self.batch_ms = batch_ms
        self.clock = clock
        # when the program first started (a restart keeps it): textFileStream's files are
        # the ones modified after it
        start_ms = int(recorded_at_first_start(os.path.join(ctx.metadata_path, "start-time"), clock.time_ms))
        for i, inp in enumerate(inputs):
            inp.open(SourceContext(metadata_path=os.path.join(ctx.metadata_path, f"input-{i}"), options={}), start_ms)
        # Spark's zero time: the batch interval boundary before the start (first batch one
        # interval later), i.e. RecurringTimer's first tick minus the batch duration
        self.zero_ms = int(recorded_at_first_start(
            os.path.join(ctx.metadata_path, "zero-time"),
            lambda: clock.time_ms() // batch_ms * batch_ms,
        ))
        on_zero(self.zero_ms)

    def schema(self) -> pa.Schema:
        return SCHEMA

    def initial_offset(self) -> Offset:
        return {"time": self.zero_ms, "inputs": [inp.initial_offset() for inp in self.inputs]}

    def latest_offset(self, start: Offset, limit: ReadLimit) -> Offset:
        if start is None:
            start = self.initial_offset()
        due = int(start["time"]) + self.batch_ms
        if self.clock.time_ms() < due:
            return start
        # one DStream batch per engine batch, also when catching up after a restart
        return {"time": due, "inputs": [inp.latest_offset(o) for inp, o in zip(self.inputs, start["inputs"])]}

    def get_batch(self, start: Offset, end: Offset) -> pa.Table:
        if start is None:
            start = self.initial_offset()
        t = int(end["time"])
        times, inputs = [t], [-1]
        texts: list[str | None] = [None]
        objs: list[bytes | None] = [None]
        for i, (inp, a, b) in enumerate(zip(self.inputs, start["inputs"], end["inputs"])):
            kind, items = inp.elements(a, b)
            times += [t] * len(items)
            inputs += [i] * len(items)
            if kind == "text":
                texts += items
                objs += [None] * len(items)
            else:
                texts += [None] * len(items)
                objs += [pickle.dumps(x, protocol=5) for x in items]
        return pa.table([pa.array(times, pa.int64()), pa.array(inputs, pa.int32()),
                         pa.array(texts, pa.large_string()), pa.array(objs, pa.large_binary())], schema=SCHEMA)

    def commit(self, end: Offset) -> None:
        for inp, o in zip(self.inputs, end["inputs"]):
            inp.commit(o)

    def stop(self) -> None:
        for inp in self.inputs:
            inp.stop()

    def description(self) -> str:
        return f"DStreamSource[batchDuration={self.batch_ms} ms, inputs={len(self.inputs)}]"

    def reports_available_now(self) -> bool:
        return False


class BatchRunner(Protocol):
    """What the sink calls per batch: ``run(time_ms, inputs, state)`` with each input's
    elements, where ``state`` reads and writes the durable RDDs (the graph, in dstream.py)."""

    def run(self, time_ms: int, inputs: dict[int, list[Any]], state: DurableRDDs) -> None: ...

    def describe(self) -> list[str]: ...


class DurableRDDs:
    """The RDDs of stateful DStreams by ``(stream id, time)``, kept in a versioned state store.

    Per batch: :meth:`begin` loads the version of the previous batch (only when it is not
    the one in memory: the first batch of a run, or a re-run after a failure), the graph
    reads with :meth:`get` and writes with :meth:`put`/:meth:`forget`, and :meth:`commit`
    writes the batch's version."""

    def __init__(self, path: str, min_batches_to_retain: int = 100) -> None:
        self.store = StateStore(path, dict(_STATE_SCHEMA), ["stream", "time"], value_labels=["dstream-rdds"])
        self.retain = max(1, min_batches_to_retain)
        # pickled, so a user function that mutates what it reads (groupByKeyAndWindow's
        # ``a.extend(b)``) cannot change a stored RDD
        self.cache: dict[tuple[int, int], bytes] = {}
        self._loaded = -2

    def begin(self, batch_id: int) -> None:
        if self._loaded == batch_id - 1:
            return
        self.store.load(batch_id - 1)
        rows = self.store.all_rows()
        self.cache = {
            (s, t): d
            for s, t, d in zip(rows["stream"].to_list(), rows["time"].to_list(), rows["data"].to_list())
        }

    def get(self, stream: int, time_ms: int) -> list[list[Any]] | None:
        data = self.cache.get((stream, time_ms))
        return None if data is None else pickle.loads(data)

    def put(self, stream: int, time_ms: int, partitions: list[list[Any]]) -> None:
        data = pickle.dumps(partitions, protocol=5)
        self.cache[(stream, time_ms)] = data
        self.store.upsert(pl.DataFrame(
            {"stream": [stream], "time": [time_ms], "data": [data]},
            schema=_STATE_SCHEMA,
        ))

    def forget_before(self, stream: int, time_ms: int) -> None:
        old = [k for k in self.cache if k[0] == stream and k[1] < time_ms]
        for k in old:
            del self.cache[k]
        if old:
            self.store.remove(pl.DataFrame({"stream": [k[0] for k in old], "time": [k[1] for k in old]},
                                           schema={"stream": pl.Int64, "time": pl.Int64}))

    def commit(self, batch_id: int) -> None:
        self.store.commit(batch_id)
        self._loaded = batch_id
        # as the engine's operators: versions older than the retained batches can go
        self.store.purge(batch_id - self.retain + 1)

    def close(self) -> None:
        self.store.close()


def _check_same_graph(path: str, shape: list[str]) -> None:
    """The DStreams a restarted program built must be the ones its checkpoint's state was
    written by (rillet builds them again with ``getOrCreate``'s setup function, where Spark
    unpickles them): the first run records their shape, a later one must match it."""
    text = "\n".join(shape) + "\n"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if write_once(path, text):
        return
    with open(path, encoding="utf-8") as f:
        recorded = f.read()
    if recorded != text:
        raise IllegalArgumentException(
            f"The DStreams built by this program differ from those whose state is in the "
            f"checkpoint ({path}): recorded\n{recorded}now\n{text}Build the same DStreams in the "
            f"setup function of StreamingContext.getOrCreate, or use a new checkpoint directory."
        )


class DStreamSink(Sink):
    """Runs the DStream graph for the batch's time (idempotent as the engine needs: a
    re-run of batch N starts again from the state of N-1)."""

    def __init__(self, runner: BatchRunner, state_path: str, min_batches_to_retain: int) -> None:
        self.runner = runner
        _check_same_graph(os.path.join(state_path, "_graph"), runner.describe())
        self.state = DurableRDDs(state_path, min_batches_to_retain)

    def add_batch(self, batch_id: int, table: pa.Table, mode: str) -> None:
        marker = table.filter(pc.equal(table.column("input"), -1))
        time_ms = int(marker.column("time")[0].as_py())
        data = table.filter(pc.not_equal(table.column("input"), -1))
        inputs: dict[int, list[Any]] = {}
        for i, text, obj in zip(data.column("input").to_pylist(), data.column("text").to_pylist(),
                                data.column("obj").to_pylist()):
            inputs.setdefault(i, []).append(text if obj is None else pickle.loads(obj))
        self.state.begin(batch_id)
        self.runner.run(time_ms, inputs, self.state)
        self.state.commit(batch_id)

    def stop(self) -> None:
        self.state.close()

    def description(self) -> str:
        return "DStreamSink"


class DStreamProvider(Provider):
    """The ``dstream`` format of one StreamingContext: its source and its sink."""

    temporary_checkpoint = True
    options = (OptionSpec(_RETAIN, int, 100, minimum=1),)
    session_confs = (_RETAIN,)

    def __init__(self, make_inputs: Callable[[], list[Any]], batch_ms: int, clock: Clock,
                 runner: BatchRunner, on_zero: Callable[[int], None]) -> None:
        self.name = "dstream"
        self.make_inputs = make_inputs
        self.batch_ms = batch_ms
        self.clock = clock
        self.runner = runner
        self.on_zero = on_zero  # told the zero time (the graph's batch times count from it)

    def source(self, ctx: SourceContext) -> Source:
        return DStreamSource(ctx, self.make_inputs(), self.batch_ms, self.clock, self.on_zero)

    def sink(self, ctx: SinkContext) -> Sink:
        base = ctx.metadata_path or ""
        retain = int(self.parse_options(ctx.options)[_RETAIN])
        return DStreamSink(self.runner, os.path.join(base, "dstream-state"), retain)
