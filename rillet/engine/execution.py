"""MicroBatchExecution: runs one streaming query, a micro-batch at a time, in its own thread.

Batch ``N`` goes through these steps, in this order (Spark's protocol):

1. **latestOffset** — ask every source how far its data reaches now. If no source
   moved and no stateful operator needs a no-data batch (the watermark moved),
   there is no batch: wait for the next trigger.
2. **walCommit** — write ``offsets/N``: each source's end offset, the batch's
   watermark and timestamp. From here on, batch ``N`` *is* those offsets.
3. **getBatch** — read each source's rows in ``(start, end]``.
4. **addBatch** — compute the batch: stateless stages in Polars; the stateful
   operator merges into state version ``N-1`` -> ``N``; the sink receives
   ``add_batch(N, rows)`` (idempotent by ``N``).
5. **state commit** — state version ``N`` is written durably.
6. **commitOffsets** — write ``commits/N``; then tell the sources ``commit(end)``.
7. **progress** — :class:`~rillet.engine.progress.ProgressReporter` builds the batch's
   ``StreamingQueryProgress``; listeners get it.

Stateful operators are found by the registry (:func:`rillet.engine.operators.operator_for`)
and run through their :class:`~rillet.engine.operators.StatefulOperator` contract only.

Recovery: a batch with ``offsets/N`` but no ``commits/N`` is re-run with exactly
its logged offsets on state ``N-1``, and the sink sees the same batch id. A crash
anywhere therefore loses nothing and, with an idempotent sink, doubles nothing.
"""

from __future__ import annotations

import collections
import datetime as _dt
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl
import pyarrow as pa

from rillet import durability
from rillet.compute import ComputeContext, execute, execute_lazy
from rillet.compute.types import arrow_schema
from rillet.connectors.base import ReadLimit, Sink, Source, SourceContext
from rillet.engine.checkpoint import Checkpoint, OffsetSeq
from rillet.engine.clock import SYSTEM_CLOCK, Clock
from rillet.engine.faults import crash_point
from rillet.engine.operators import OperatorContext, StatefulOperator, build_operator
from rillet.engine.planner import IncrementalPlan
from rillet.engine.progress import BacklogBar, ProgressReporter, StreamingQueryProgress, metrics_row
from rillet.engine.state.layout import write_layouts
from rillet.engine.state.store import configure_stores
from rillet.engine.triggers import AvailableNow, Once, ProcessingTime, Trigger
from rillet.engine.watermark import EventTimeStats, WatermarkTracker, batch_stats, iso_ms
from rillet.errors import PySparkException, StreamingQueryException
from rillet.plan import logical as L
from rillet.plan.expressions.core import AttributeReference

log = logging.getLogger("rillet.engine")

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


class MicroBatchExecution:
    """One started query. Created by :func:`rillet.engine.query.start_query`; owns the query thread."""

    def __init__(
        self,
        *,
        plan: IncrementalPlan,
        sources: Sequence[Callable[[SourceContext], Source]],
        sink: Sink,
        trigger: Trigger,
        checkpoint: Checkpoint,
        name: str | None,
        compute_context: Callable[[_dt.datetime], ComputeContext],
        conf: dict[str, str],
        on_event: Callable[[str, Any], None] | None = None,
        late_rows_path: str | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self.inc = plan
        self._source_factories = list(sources)  # one per ``plan.sources``, called at initialization
        self.clock = clock
        self.late_rows_path = late_rows_path
        self.sink = sink
        self.trigger = trigger
        self.checkpoint = checkpoint
        self.name = name
        self.id = checkpoint.query_id()
        self.run_id = str(uuid.uuid4())
        self._compute_context = compute_context
        self.conf = conf
        self._on_event = on_event or (lambda kind, payload: None)
        self.sources: list[Source] = []
        self.progress = ProgressReporter(self.id, self.run_id, name, self.sources, sink, trigger)
        self.operators: dict[int, StatefulOperator] = {}  # id(plan node) -> operator, in plan order
        self.recent_progress: collections.deque[StreamingQueryProgress] = collections.deque(
            maxlen=int(conf.get("spark.sql.streaming.numRecentProgressUpdates", "100"))
        )
        self.status = {"message": "Initializing sources", "isDataAvailable": False, "isTriggerActive": False}
        self.exception: StreamingQueryException | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._initialized = threading.Event()
        self.terminated = threading.Event()
        self._cond = threading.Condition()
        self._idle_check_started: float = -1.0  # monotonic start of the last trigger that found no data
        self._batch_id = 0
        self._committed: list[Any] = []
        self._watermark_ms = 0
        self._last_batch_watermark_ms = 0
        self._failed_to_start = False
        self._input_watermarks: list[int] | None = None  # per-input watermarks read back on restart
        self._stats: list[EventTimeStats | None] = []
        self.watermarks = WatermarkTracker(
            plan.watermarks, conf.get("spark.sql.streaming.multipleWatermarkPolicy", "min")
        )
        self._pending: tuple[int, OffsetSeq] | None = None
        self._observed: dict[str, dict[str, Any]] = {}  # df.observe metrics of the running batch
        self._last_idle_event_ms = float("-inf")  # QueryIdleEvent at most every noDataProgressEventInterval
        self._thread = threading.Thread(
            target=self._run,
            name=f"stream execution thread for {name or ''} [id = {self.id}, runId = {self.run_id}]",
            daemon=True,
        )

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Claim the checkpoint in this process (stopping another active run on it, as Spark
        does unless ``spark.sql.streaming.stopActiveRunOnRestart`` is false), start the
        query thread, and return once sources are initialized (raise if they failed)."""
        stop_active = str(self.conf.get("spark.sql.streaming.stopActiveRunOnRestart", "true")).strip().lower()
        self.checkpoint.claim(self, self.id, stop_active != "false", lambda old: old.stop())
        try:
            self.clock.attach(self)
            self._thread.start()
        except BaseException:
            self.checkpoint.release(self)
            raise
        wait_interruptibly(self._initialized, None)
        if self._failed_to_start:
            raise self.exception  # type: ignore[misc]

    def stop(self, timeout: float | None = None) -> None:
        """Stop after the batch in flight (it completes its commit); wait for the thread."""
        self._stop.set()
        self._wake.set()
        if threading.current_thread() is not self._thread and self._thread.is_alive():
            if wait_interruptibly(self.terminated, timeout):
                self._thread.join()  # only its last few statements are left

    @property
    def is_active(self) -> bool:
        return not self.terminated.is_set()

    @property
    def waits_on_clock(self) -> bool:
        """Whether this query's next trigger waits for a time on its clock."""
        return isinstance(self.trigger, ProcessingTime) and self.trigger.interval_ms > 0 and self.is_active

    def _set_status(self, message: str, data: bool | None = None, active: bool | None = None) -> None:
        self.status = {
            "message": message,
            "isDataAvailable": self.status["isDataAvailable"] if data is None else data,
            "isTriggerActive": self.status["isTriggerActive"] if active is None else active,
        }

    def _run(self) -> None:
        durability.configure(self.conf)  # spark.rillet.checkpoint.fsync, for this query's thread
        try:
            self._initialize()
            self._on_event("started", None)  # before start() returns, as Spark's onQueryStarted
            self._initialized.set()
            self._loop()
        except BaseException as e:  # noqa: BLE001 - every failure ends the query with its cause
            self.exception = self._wrap(e)
            # a failure before the query started is raised by start(); a failure in a batch
            # (however soon) ends the query, as Spark's does, and shows in awaitTermination()
            self._failed_to_start = not self._initialized.is_set()
            log.error("Query %s terminated with error: %s", self.name or self.id, e, exc_info=not isinstance(e, PySparkException))
        finally:
            for s in self.sources:
                try:
                    s.stop()
                except Exception:  # noqa: BLE001
                    log.warning("error stopping source %s", s.description(), exc_info=True)
            try:
                self.sink.stop()
            except Exception:  # noqa: BLE001
                log.warning("error stopping sink", exc_info=True)
            self._set_status("Stopped", False, False)
            self.checkpoint.release(self)
            # posted before awaitTermination() returns, as Spark posts QueryTerminatedEvent
            self._on_event("terminated", self.exception)
            self.terminated.set()
            self._initialized.set()
            self.clock.detach(self)
            with self._cond:
                self._cond.notify_all()

    def _wrap(self, e: BaseException) -> StreamingQueryException:
        message = str(e) or type(e).__name__
        return StreamingQueryException(
            errorClass="STREAM_FAILED",
            messageParameters={"id": self.id, "runId": self.run_id, "message": message},
            cause=e,
        )

    # ------------------------------------------------------------------ start / recovery
    def _initialize(self) -> None:
        for i, rel in enumerate(self.inc.sources):
            ctx = SourceContext(
                metadata_path=self.checkpoint.source_path(i),
                options=rel.options_dict,
                path=rel.path,
                schema=arrow_schema(rel.schema) if rel.user_schema else None,
            )
            self.sources.append(self._source_factories[i](ctx))
        snapshot_every = int(self.conf.get("spark.sql.streaming.stateStore.minDeltasForSnapshot", "10"))
        compute = self._compute_context(_dt.datetime.now(_dt.timezone.utc))
        delay = self.inc.watermarks[0].delay_ms if self.inc.watermarks else 0
        for op_id, node in enumerate(self.inc.stateful):
            context = OperatorContext(
                self.checkpoint.state_path(op_id), compute, self.inc.watermark_attr, delay, snapshot_every
            )
            self.operators[id(node)] = build_operator(node, context)
        configure_stores(self.operators.values(), self.conf)
        write_layouts(self.operators.values())  # what the state data source shows, next to the state
        self._recover()

    def _recover(self) -> None:
        self._resume()
        self.watermarks.restore(self._watermark_ms, self._input_watermarks)
        self.progress.start_offsets = list(self._committed)

    def _resume(self) -> None:
        self.checkpoint.check_logs()
        last_offsets = self.checkpoint.offsets.latest()
        last_commit = self.checkpoint.commits.latest()
        self._committed = [s.initial_offset() for s in self.sources]
        if last_offsets is None:
            self._batch_id = 0
            self._load_state(-1)
            return
        seq = self.checkpoint.read_offsets(last_offsets)
        if len(seq.offsets) != len(self.sources):
            from rillet.errors import AnalysisException

            raise AnalysisException(
                errorClass="CHECKPOINT_QUERY_CHANGED",
                messageParameters={
                    "path": self.checkpoint.root,
                    "reason": f"it has {len(seq.offsets)} sources, this query has {len(self.sources)}",
                },
            )
        if last_commit is not None and last_commit >= last_offsets:
            # everything logged was committed: continue after it
            self._committed = list(seq.offsets)
            self._batch_id = last_offsets + 1
            self._last_batch_watermark_ms = seq.batch_watermark_ms
            commit = self.checkpoint.read_commit(last_commit)
            self._watermark_ms = int(commit.get("nextBatchWatermarkMs", 0))
            self._input_watermarks = commit.get("inputWatermarksMs")
            self._load_state(last_offsets)
            for s, o in zip(self.sources, seq.offsets):
                s.commit(o)
            return
        # offsets/N without commits/N: re-run batch N with its logged offsets on state N-1,
        # judging late rows by batch N-1's watermark exactly as the first run did
        if last_offsets > 0:
            prev = self.checkpoint.read_offsets(last_offsets - 1)
            self._committed = list(prev.offsets)
            self._last_batch_watermark_ms = prev.batch_watermark_ms
            self._input_watermarks = self.checkpoint.read_commit(last_offsets - 1).get("inputWatermarksMs")
        self._batch_id = last_offsets
        self._watermark_ms = seq.batch_watermark_ms
        self._load_state(last_offsets - 1)
        self._pending = (last_offsets, seq)
        log.info("Query %s: re-running uncommitted batch %d from the checkpoint", self.name or self.id, last_offsets)

    # ------------------------------------------------------------------ trigger loop
    def _loop(self) -> None:
        trigger = self.trigger
        interval_ms = trigger.interval_ms if isinstance(trigger, ProcessingTime) else 0
        polling = 0.01
        if isinstance(trigger, AvailableNow):
            for source in self.sources:
                source.prepare_for_available_now()
        bar = self._backlog_bar() if isinstance(trigger, AvailableNow) else None
        while not self._stop.is_set():
            started = time.monotonic()
            trigger_ms = self.clock.time_ms()
            ran = self._run_trigger(started, trigger_ms)
            if bar is not None:
                bar.update(self._backlog_remaining())
            if isinstance(trigger, Once):
                return
            if isinstance(trigger, AvailableNow) and not ran:
                if bar is not None:
                    bar.close()
                return
            if self._stop.is_set():
                return
            if interval_ms > 0:
                # Spark's ProcessingTimeExecutor: triggers at multiples of the interval on the
                # clock; a batch that overran its interval is followed at once by the next
                spent = self.clock.time_ms() - trigger_ms
                if ran and spent > interval_ms:
                    log.warning(
                        "Current batch is falling behind. The trigger interval is %d milliseconds, "
                        "but spent %d milliseconds", interval_ms, spent,
                    )
                self._set_status("Waiting for next trigger", active=False)
                self.clock.wait_till(trigger_ms // interval_ms * interval_ms + interval_ms, self._stop, self)
            elif not ran:
                self._wake.wait(polling)
                self._wake.clear()

    def _backlog_bar(self) -> BacklogBar | None:
        sizes = [s.backlog() for s in self.sources]
        known = [b for b in sizes if b is not None]
        if not known or len(known) != len(sizes):
            return None
        return BacklogBar(sum(n for n, _ in known), known[0][1])

    def _backlog_remaining(self) -> int:
        return sum((s.backlog() or (0, ""))[0] for s in self.sources)

    def _run_trigger(self, started: float, trigger_ms: int) -> bool:
        """One trigger at ``trigger_ms`` on the query's clock: run batch N if there is
        something to do. True if a batch ran."""
        trigger_start = trigger_ms / 1000
        t_trigger = time.perf_counter()
        durations: dict[str, int] = {}
        self._set_status("Getting offsets", active=True)
        if self._pending is not None:
            batch_id, seq = self._pending
            self._pending = None
            latest = list(seq.offsets)
            batch_ts = seq.batch_timestamp_ms
            durations["latestOffset"] = 0
            durations["walCommit"] = 0
        else:
            t = time.perf_counter()
            latest = [s.latest_offset(c, ReadLimit.all_available()) for s, c in zip(self.sources, self._committed)]
            durations["latestOffset"] = int((time.perf_counter() - t) * 1000)
            has_data = any(_moved(c, e) for c, e in zip(self._committed, latest))
            if not has_data and not self._needs_no_data_batch():
                self._set_status("Waiting for data to arrive", data=False, active=False)
                self._post_idle(trigger_start)
                with self._cond:
                    self._idle_check_started = started
                    self._cond.notify_all()
                return False
            batch_id = self._batch_id
            batch_ts = trigger_ms
            t = time.perf_counter()
            self.checkpoint.write_offsets(
                batch_id,
                OffsetSeq(latest, self._watermark_ms, batch_ts, _logged_conf(self.conf)),
            )
            durations["walCommit"] = int((time.perf_counter() - t) * 1000)
        self._set_status("Processing new data", data=True, active=True)
        progress_inputs = self._run_batch(batch_id, latest, batch_ts, durations)
        durations["triggerExecution"] = int((time.perf_counter() - t_trigger) * 1000)
        self._report(batch_id, trigger_start, durations, *progress_inputs)
        self._batch_id = batch_id + 1
        return True

    def _post_idle(self, trigger_start: float) -> None:
        now_ms = self.clock.time_ms()
        interval = int(self.conf.get("spark.sql.streaming.noDataProgressEventInterval", "10000"))
        if now_ms - interval >= self._last_idle_event_ms:
            self._last_idle_event_ms = now_ms
            self._on_event("idle", iso_ms(int(trigger_start * 1000)))

    def _needs_no_data_batch(self) -> bool:
        if any(op.runs_no_data_batches for op in self.operators.values()):
            # processing-time timeouts fire without new data: Spark runs a batch every trigger
            return self.conf.get("spark.sql.streaming.noDataMicroBatches.enabled", "true") == "true"
        if not self.operators or not self.inc.watermarks:
            return False
        if self.conf.get("spark.sql.streaming.noDataMicroBatches.enabled", "true") != "true":
            return False
        # the watermark moved since the last batch ran: state may have groups to emit and evict
        return self._watermark_ms != self._last_batch_watermark_ms

    def _run_batch(
        self, batch_id: int, end: list[Any], batch_ts: int, durations: dict[str, int]
    ) -> tuple[list[int], int, list[dict[str, Any]], dict[str, str] | None]:
        start = self._committed
        t = time.perf_counter()
        tables: dict[int, pa.Table] = {}
        counts: list[int] = []
        for rel, src, s0, s1, uses in zip(self.inc.sources, self.sources, start, end, self.inc.source_uses):
            table = src.get_batch(s0, s1) if _moved(s0, s1) else _empty(src.schema())
            table = _conform(table, rel)
            tables[rel.relation_id] = table
            counts.append(table.num_rows * uses)
        durations["getBatch"] = int((time.perf_counter() - t) * 1000)

        t = time.perf_counter()
        ctx = self._compute_context(_EPOCH + _dt.timedelta(milliseconds=batch_ts))
        ctx.input_rows = sum(counts)
        watermark = self._watermark_ms
        self._stats = [None] * len(self.inc.watermarks)
        durations["queryPlanning"] = int((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        metrics: list[dict[str, Any]] = []
        result = execute(self._batch_plan(self.inc.plan, tables, ctx, watermark), ctx)
        stats = self._stats
        self.sink.add_batch(batch_id, result, self.inc.output_mode)
        self._write_late_rows(batch_id)
        durations["addBatch"] = int((time.perf_counter() - t) * 1000)
        for op in self.operators.values():
            metrics.append(op.metrics(op.commit(batch_id)))
        crash_point("after_state_commit")
        # the watermark for the next batch: per input, max event time seen minus the delay
        next_wm = self.watermarks.advance(stats)
        t = time.perf_counter()
        self.checkpoint.write_commit(batch_id, next_wm, self.watermarks.inputs_ms())
        for src, e in zip(self.sources, end):
            src.commit(e)
        retain = int(self.conf.get("spark.sql.streaming.minBatchesToRetain", "100"))
        self.checkpoint.purge(retain, latest=batch_id)
        keep_from = batch_id - retain + 1
        for op in self.operators.values():
            op.purge(keep_from)
        durations["commitOffsets"] = int((time.perf_counter() - t) * 1000)
        self._committed = list(end)
        batch_wm = self._watermark_ms
        self._last_batch_watermark_ms = batch_wm
        self._watermark_ms = next_wm
        ev = WatermarkTracker.progress(stats, batch_wm) if self.inc.watermarks else None
        return counts, result.num_rows, metrics, ev

    def _batch_plan(
        self, node: L.LogicalPlan, tables: dict[int, pa.Table], ctx: ComputeContext, watermark_ms: int
    ) -> L.LogicalPlan:
        """``node`` for this batch: sources replaced by their rows, each stateful operator
        replaced by the rows it emits (operators run bottom-up, in plan order)."""
        if isinstance(node, L.StreamingRelation):
            return L.LocalRelation(node.attrs, tables[node.relation_id], streaming_source=True)
        if isinstance(node, L.CollectMetrics):
            return self._observe(node, self._batch_plan(node.child, tables, ctx, watermark_ms), ctx)
        if isinstance(node, L.EventTimeWatermark):
            # computed once per batch: its rows give the event-time statistics and feed
            # whatever is above (stateful operators read them without recomputing)
            child = self._batch_plan(node.child, tables, ctx, watermark_ms)
            frame = execute_lazy(child, ctx).collect()
            ctx.raise_pending()
            self._observe_event_time(node, frame)
            return node.with_children([L.LocalRelation(node.child.output, ctx.arrow_of(frame))])
        op = self.operators.get(id(node))
        if op is None:
            return node.with_children([self._batch_plan(c, tables, ctx, watermark_ms) for c in node.children])
        inputs = [execute_lazy(self._batch_plan(c, tables, ctx, watermark_ms), ctx) for c in node.children]
        # Late rows are judged by the previous batch's watermark and state is evicted by
        # this batch's (Spark 3.5+): rows a chained upstream operator emits in this batch
        # must not count as late downstream. With no-data batches the two agree otherwise.
        late_ms = self._input_watermark(node, self._last_batch_watermark_ms)
        if self.inc.watermarks and late_ms > 0:
            inputs = op.drop_late_rows(inputs, ctx, late_ms)
        evict_ms = self._input_watermark(node, watermark_ms)
        rows = op.process(inputs, ctx, self.inc.output_mode, evict_ms if self.inc.watermarks else None)
        return L.LocalRelation(node.output, rows)

    def _input_watermark(self, node: L.LogicalPlan, global_ms: int) -> int:
        """The watermark a stateful operator works with when the query's is ``global_ms``
        (Spark's watermark propagation): the smallest its inputs produce. Operators pass it
        on unchanged, except a join whose output may be older: it passes on its state
        watermark (e.g. ``watermark - 10 s`` for a 10-second join range)."""
        produced = [self._output_watermark(c, global_ms) for c in node.children]
        return min(produced) if produced else global_ms

    def _output_watermark(self, node: L.LogicalPlan, global_ms: int) -> int:
        incoming = self._input_watermark(node, global_ms)
        op = self.operators.get(id(node))
        return incoming if op is None else op.output_watermark(incoming)

    def _observe(self, node: L.CollectMetrics, child: L.LogicalPlan, ctx: ComputeContext) -> L.LogicalPlan:
        """``df.observe(name, ...)``: the batch's rows at this point pass on unchanged; the
        metrics over them become this batch's ``observedMetrics[name]``."""
        rows = execute(child, ctx)
        metrics = execute(L.Aggregate(L.LocalRelation(node.output, rows), (), node.metrics), ctx)
        self._observed[node.name] = metrics_row(metrics)
        return L.LocalRelation(node.output, rows)

    def _write_late_rows(self, batch_id: int) -> None:
        """rillet's late-data side output (``option("lateRowsPath", dir)``): the rows each
        stateful operator dropped as late, as ``dir/batch=N/operator=I.parquet`` (a join's
        as ``operator=I-left.parquet`` / ``-right``: its sides' columns differ). Written
        before ``commits/N``, overwritten if batch N re-runs, so it is exactly-once too."""
        for op_id, op in enumerate(self.operators.values()):
            for suffix, frames, attrs in op.take_late_rows():
                late = [f for f in frames if f.height]
                if not late or self.late_rows_path is None:
                    continue
                frame = pl.concat(late, how="vertical_relaxed")
                names = {a.column_key: a.name for a in attrs if a.column_key in frame.columns}
                frame = frame.select(list(names)).rename(names)
                folder = os.path.join(self.late_rows_path, f"batch={batch_id}")
                os.makedirs(folder, exist_ok=True)
                target = os.path.join(folder, f"operator={op_id}{suffix}.parquet")
                tmp = os.path.join(folder, f".operator={op_id}{suffix}.parquet.tmp")
                frame.write_parquet(tmp)
                os.replace(tmp, target)

    def _load_state(self, version: int) -> None:
        for op in self.operators.values():
            op.load(version)

    def _observe_event_time(self, node: L.EventTimeWatermark, frame: pl.DataFrame) -> None:
        """Record this batch's event times of one watermarked input (for the next watermark
        and for progress), from rows already computed for the batch."""
        attr = node.event_time
        if isinstance(attr, AttributeReference):
            index = next(i for i, n in enumerate(self.inc.watermarks) if n is node)
            self._stats[index] = batch_stats(frame.lazy(), attr)

    def _report(
        self,
        batch_id: int,
        trigger_start: float,
        durations: dict[str, int],
        counts: list[int],
        output_rows: int,
        state_operators: list[dict[str, Any]],
        event_time: dict[str, str] | None,
    ) -> None:
        observed, self._observed = self._observed, {}
        p = self.progress.report(
            batch_id, trigger_start, durations, counts, list(self._committed), output_rows, state_operators,
            event_time, observed,
        )
        self._last_idle_event_ms = trigger_start * 1000 + durations.get("triggerExecution", 0)
        self.recent_progress.append(p)
        self._on_event("progress", p)

    # ------------------------------------------------------------------ waiting
    def process_all_available(self) -> None:
        """Block until everything available now has been processed (or the query ends)."""
        called = time.monotonic()
        self._wake.set()
        with self._cond:
            while not self.terminated.is_set() and self._idle_check_started < called:
                self._cond.wait(0.05)
        if self.exception is not None:
            raise self.exception

    def await_termination(self, timeout: float | None = None) -> bool:
        finished = wait_interruptibly(self.terminated, timeout)
        if self.exception is not None:
            raise self.exception
        return finished


_WAIT_SLICE_S = 0.1


def wait_interruptibly(event: threading.Event, timeout: float | None) -> bool:
    """``event.wait(timeout)`` that Ctrl-C interrupts: the main thread waits in short
    slices, since a lock wait without a timeout is not interrupted by signals, so a
    ``KeyboardInterrupt`` would otherwise wait until the query ended (never, for most)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while not event.is_set():
        if deadline is None:
            event.wait(_WAIT_SLICE_S)
            continue
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        event.wait(min(remaining, _WAIT_SLICE_S))
    return event.is_set()


def _empty(schema: pa.Schema) -> pa.Table:
    return pa.Table.from_batches([], schema=schema)


def _moved(start: Any, end: Any) -> bool:
    return start != end


# The confs Spark 4.0 records in every offsets/N, with its defaults: a checkpoint handed to
# Spark must carry them all, since Spark reads a missing one as its legacy value (e.g.
# aggregation state format 1) rather than today's default.
_LOGGED_CONF_DEFAULTS = {
    "spark.sql.streaming.stateStore.providerClass":
        "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider",
    "spark.sql.streaming.stateStore.rocksdb.formatVersion": "5",
    "spark.sql.streaming.stateStore.encodingFormat": "unsaferow",
    "spark.sql.streaming.statefulOperator.useStrictDistribution": "true",
    "spark.sql.streaming.flatMapGroupsWithState.stateFormatVersion": "2",
    "spark.sql.streaming.multipleWatermarkPolicy": "min",
    "spark.sql.streaming.aggregation.stateFormatVersion": "2",
    "spark.sql.shuffle.partitions": "200",
    "spark.sql.streaming.join.stateFormatVersion": "2",
    "spark.sql.streaming.stateStore.compression.codec": "lz4",
    "spark.sql.optimizer.pruneFiltersCanPruneStreamingSubplan": "false",
}


def _logged_conf(conf: dict[str, str]) -> dict[str, str]:
    return {k: conf.get(k, default) for k, default in _LOGGED_CONF_DEFAULTS.items()}


def _conform(table: pa.Table, rel: L.StreamingRelation) -> pa.Table:
    """The source's rows with the relation's column names (types are checked by compute)."""
    names = [a.name for a in rel.attrs]
    if table.column_names != names and table.num_columns == len(names):
        table = table.rename_columns(names)
    return table
