"""``StreamingContext``: the entry point of DStream programs (PySpark's twin), run by the engine.

``start()`` starts one engine query (``_engine.py``): a micro-batch every batch interval,
offsets and state in the query's checkpoint (``ssc.checkpoint(dir)``; a temporary one
otherwise), so ``getOrCreate`` on the same folder after a crash goes on from the last
committed batch with its windows and ``updateStateByKey`` state.
"""

from __future__ import annotations

import datetime as _dt
import os
import threading
from collections.abc import Callable
from typing import Any

from rillet.compute import ComputeContext
from rillet.connectors.registry import lookup as lookup_format
from rillet.engine.checkpoint import Checkpoint
from rillet.engine.clock import SYSTEM_CLOCK, Clock, ManualClock
from rillet.engine.execution import MicroBatchExecution
from rillet.engine.query import QueryRequest, start_query
from rillet.engine.triggers import ProcessingTime
from rillet.errors import IllegalArgumentException
from rillet.plan import logical as L
from rillet.plan import types as T
from rillet.plan.expressions.core import AttributeReference
from rillet.streaming._engine import DStreamProvider, EngineInput, QueueInput
from rillet.streaming.dstream import DStream, DStreamGraph, InputDStream, TransformedDStream, _ms
from rillet.streaming.rdd import RDD, union_all
from rillet.streaming.spark_context import SparkContext

# Spark's test clock setting: a ManualClock the test moves (``ssc._clock.advance(ms)``)
_CLOCK_CONF = "spark.streaming.clock"
_MANUAL_CLOCK = "org.apache.spark.util.ManualClock"


def _conf_get(sc: Any, key: str) -> str | None:
    """A setting of ``sc``'s conf: rillet's SparkContext, or any object with ``getConf().get``."""
    try:
        return sc.getConf().get(key)
    except AttributeError:
        return None


class StreamingContext:
    """Main entry point for Spark Streaming: makes DStreams from inputs, runs them every
    ``batchDuration`` seconds once started."""

    _active: StreamingContext | None = None
    _lock = threading.Lock()

    def __init__(self, sparkContext: Any, batchDuration: float | None = None, jssc: Any = None) -> None:  # noqa: N803
        if batchDuration is None:
            raise IllegalArgumentException("batchDuration must be given (in seconds)")
        self._sc = sparkContext
        self._batch_ms = _ms(batchDuration)
        if self._batch_ms <= 0:
            raise IllegalArgumentException(f"batchDuration must be positive, got {batchDuration}")
        self._graph = DStreamGraph()
        self._checkpoint_dir: str | None = None
        self._execution: MicroBatchExecution | None = None
        self._state = "INITIALIZED"
        self._clock: Clock = ManualClock(0) if _conf_get(sparkContext, _CLOCK_CONF) == _MANUAL_CLOCK else SYSTEM_CLOCK

    # -- context ------------------------------------------------------------------------
    @property
    def sparkContext(self) -> Any:  # noqa: N802
        return self._sc

    @classmethod
    def getOrCreate(cls, checkpointPath: str, setupFunc: Callable[[], StreamingContext]) -> StreamingContext:  # noqa: N802,N803
        """The context of the program whose checkpoint is ``checkpointPath``, or a new one from
        ``setupFunc``. rillet builds the DStreams again with ``setupFunc`` in both cases
        (PySpark unpickles them from the checkpoint instead); the batch times, the input
        positions and the state of windows and ``updateStateByKey`` are recovered from the
        checkpoint, so the program goes on from its last completed batch."""
        ssc = setupFunc()
        ssc.checkpoint(checkpointPath)
        return ssc

    @classmethod
    def getActive(cls) -> StreamingContext | None:  # noqa: N802
        with cls._lock:
            return cls._active

    @classmethod
    def getActiveOrCreate(cls, checkpointPath: str | None,  # noqa: N802
                          setupFunc: Callable[[], StreamingContext]) -> StreamingContext:  # noqa: N803
        active = cls.getActive()
        if active is not None:
            return active
        return cls.getOrCreate(checkpointPath, setupFunc) if checkpointPath else setupFunc()

    def checkpoint(self, directory: str) -> None:
        """Keep this program's offsets and state in ``directory`` (needed by
        ``updateStateByKey`` and windows with an inverse function)."""
        self._checkpoint_dir = directory

    def remember(self, duration: float) -> None:
        for s in self._graph.streams:
            s._remember_ms = max(s._remember_ms, _ms(duration))

    # -- inputs ---------------------------------------------------------------------------
    def _check_not_started(self) -> None:
        if self._state != "INITIALIZED":
            raise IllegalArgumentException(
                "Adding new inputs, transformations, and output operations after starting a context is not supported"
            )

    def queueStream(self, rdds: list[Any], oneAtATime: bool = True, default: Any = None) -> DStream:  # noqa: N802,N803
        """A stream of the RDDs (or lists) in ``rdds``: one per batch (all in the first with
        ``oneAtATime=False``), then ``default`` each batch. Later changes to ``rdds`` are not
        seen, as in PySpark, which copies the queue when the stream is made."""
        self._check_not_started()

        def parts(x: Any) -> list[list[Any]]:
            return [list(p) for p in x._partitions] if isinstance(x, RDD) else [list(x)]

        spec = ("queue", [parts(r) for r in rdds], bool(oneAtATime), None if default is None else parts(default))
        return InputDStream(self, spec)

    def socketTextStream(self, hostname: str, port: int, storageLevel: Any = None) -> DStream:  # noqa: N802,N803
        """The lines a TCP server at ``hostname:port`` sends (the engine's ``socket`` source)."""
        self._check_not_started()
        return InputDStream(self, ("socket", {"host": str(hostname), "port": str(int(port))}))

    def textFileStream(self, directory: str) -> DStream:  # noqa: N802
        """The lines of the files that appear in ``directory`` (the engine's ``text`` source)."""
        self._check_not_started()
        return InputDStream(self, ("text", directory))

    def union(self, *dstreams: DStream) -> DStream:
        if not dstreams:
            raise ValueError("should have at least one DStream to union")
        if len(dstreams) == 1:
            return dstreams[0]
        if len({d._slide_ms for d in dstreams}) > 1:
            raise ValueError("All DStreams should have same slide duration")
        return TransformedDStream(self, list(dstreams), lambda t, *rdds: union_all(list(rdds), self._sc))

    def transform(self, dstreams: list[DStream], transformFunc: Callable[..., RDD]) -> DStream:  # noqa: N803
        # PySpark calls ``transformFunc(rdds)`` with the RDDs of all ``dstreams`` as one tuple
        return TransformedDStream(self, list(dstreams), lambda t, *rdds: transformFunc(rdds))

    def _make_inputs(self) -> list[Any]:
        inputs: list[Any] = []
        for spec in self._graph.input_specs:
            if spec[0] == "queue":
                inputs.append(QueueInput(spec[1], spec[2], spec[3]))
            elif spec[0] == "socket":
                inputs.append(EngineInput(lookup_format("socket"), spec[1]))
            else:
                inputs.append(EngineInput(lookup_format("text"), {}, spec[1], new_files_only=True))
        return inputs

    # -- running --------------------------------------------------------------------------
    def start(self) -> None:
        """Start the batches: the first at the next multiple of the batch interval."""
        if self._state == "ACTIVE":
            return
        if self._state == "STOPPED":
            raise IllegalArgumentException("StreamingContext has already been stopped")
        if not self._graph.outputs:
            raise IllegalArgumentException(
                "requirement failed: No output operations registered, so nothing to execute"
            )
        if self._checkpoint_dir is None and any(s._needs_checkpoint for s in self._graph.streams):
            raise IllegalArgumentException(
                "requirement failed: The checkpoint directory has not been set. "
                "Please set it by StreamingContext.checkpoint()."
            )
        self._restore_manual_clock()

        def on_zero(zero_ms: int) -> None:
            self._graph.zero_ms = zero_ms

        provider = DStreamProvider(self._make_inputs, self._batch_ms, self._clock, self._graph, on_zero)
        attrs = (
            AttributeReference("time", T.LongType(), False),
            AttributeReference("input", T.IntegerType(), False),
            AttributeReference("text", T.StringType()),
            AttributeReference("obj", T.BinaryType()),
        )
        options = {"checkpointLocation": self._checkpoint_dir} if self._checkpoint_dir else {}
        request = QueryRequest(
            plan=L.StreamingRelation(source="dstream", options=(), attrs=attrs),
            sink=provider,
            options=options,
            output_mode="append",
            trigger=ProcessingTime(self._batch_ms),
            lookup=lambda name: provider,
            compute_context=lambda now: ComputeContext(now=now or _dt.datetime.now(_dt.timezone.utc)),
            # the SparkContext's SQL settings (minBatchesToRetain, ...) reach the engine
            conf={k: v for k, v in self._conf_items() if k.startswith("spark.sql.")},
            time_zone="UTC",
            clock=self._clock,
        )
        self._execution = start_query(request)
        self._state = "ACTIVE"
        with StreamingContext._lock:
            StreamingContext._active = self

    def _conf_items(self) -> list[tuple[str, str]]:
        try:
            conf = self._sc.getConf()
        except AttributeError:
            return []
        items = conf.getAll() if hasattr(conf, "getAll") else list(conf.items())
        return [(str(k), str(v)) for k, v in items]

    def _restore_manual_clock(self) -> None:
        """A test's ManualClock restarts at the last checkpointed batch time, as Spark's
        JobGenerator sets it on recovery, so the next ``advance`` runs the next batch."""
        if not isinstance(self._clock, ManualClock) or self._checkpoint_dir is None:
            return
        if not os.path.isdir(os.path.join(self._checkpoint_dir, "offsets")):
            return
        checkpoint = Checkpoint(self._checkpoint_dir)
        last = checkpoint.offsets.latest()
        if last is None:
            return
        offsets = checkpoint.read_offsets(last).offsets
        if offsets and isinstance(offsets[0], dict) and "time" in offsets[0]:
            self._clock.set_time(max(self._clock.time_ms(), int(offsets[0]["time"])), wait=False)

    def awaitTermination(self, timeout: float | None = None) -> None:  # noqa: N802
        """Wait for the context to stop (or ``timeout`` seconds); raise its failure, if any."""
        if self._execution is not None:
            self._execution.await_termination(timeout)

    def awaitTerminationOrTimeout(self, timeout: float) -> bool:  # noqa: N802
        """Wait at most ``timeout`` seconds; True if the context stopped."""
        if self._execution is None:
            return False
        return self._execution.await_termination(timeout)

    def stop(self, stopSparkContext: bool = True, stopGraceFully: bool = False) -> None:  # noqa: N803
        """Stop the batches (after the one running completes); by default the SparkContext too."""
        if self._execution is not None:
            self._execution.stop()
        self._state = "STOPPED"
        with StreamingContext._lock:
            if StreamingContext._active is self:
                StreamingContext._active = None
        if stopSparkContext and hasattr(self._sc, "stop"):
            self._sc.stop()

    def addStreamingListener(self, streamingListener: Any) -> None:  # noqa: N802,N803
        raise NotImplementedError("rillet does not support StreamingListener; use the engine's StreamingQueryListener")


__all__ = ["StreamingContext", "SparkContext"]
