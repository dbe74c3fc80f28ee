"""ProgressReporter: each micro-batch's ``StreamingQueryProgress`` in Spark's shape (durations,
sources, sink, state operators, event time, observed metrics), and the backlog bar."""

from __future__ import annotations

import datetime as _dt
import decimal
import json
import logging
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import pyarrow as pa

from rillet.engine.triggers import ProcessingTime, Trigger
from rillet.engine.watermark import iso_ms
from rillet.plan.types import Row

if TYPE_CHECKING:
    from rillet.connectors.base import Sink, Source

log = logging.getLogger("rillet.engine")

_DURATIONS = ("addBatch", "commitOffsets", "getBatch", "latestOffset", "queryPlanning", "triggerExecution", "walCommit")


_P = TypeVar("_P", bound="_ProgressJson")


class _ProgressJson(dict):  # type: ignore[type-arg]
    """A progress report: a dict with Spark's JSON field names and values, read as typed
    attributes (PySpark's progress classes are dicts since 4.0). ``json`` is the compact
    JSON, ``prettyJson`` and ``str()`` the indented one."""

    def __init__(self, j: dict[str, Any] | None = None, **fields: Any) -> None:
        super().__init__(j or {}, **fields)

    @classmethod
    def fromJson(cls: type[_P], j: dict[str, Any]) -> _P:
        """Build it from its JSON object (a ``dict`` as ``json.loads`` gives)."""
        return cls(j)

    def __getattr__(self, name: str) -> Any:
        # fields this class gives no typed property (e.g. numRowsPerShuffle) still read as attributes
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def json(self) -> str:
        """The compact JSON representation of this progress."""
        return json.dumps(self, separators=(",", ":"))

    @property
    def prettyJson(self) -> str:
        """The pretty (indented) JSON representation of this progress."""
        return json.dumps(self, indent=2)

    def __str__(self) -> str:
        return self.prettyJson


def _offset_json(offset: Any) -> str:
    # PySpark's SourceProgress.fromJson keeps str() of the parsed offset: 123 -> "123",
    # {"logOffset": 0} -> "{'logOffset': 0}", and a null offset -> "None"
    return offset if isinstance(offset, str) else str(offset)


class SourceProgress(_ProgressJson):
    """One source's part of a micro-batch's progress (PySpark's ``SourceProgress``).

    ``progress["endOffset"]`` is the offset as JSON data; ``progress.endOffset`` is its text,
    as PySpark returns it."""

    @property
    def description(self) -> str:
        """What the source is, e.g. ``FileStreamSource[file:/in]``."""
        return str(self.get("description", ""))

    @property
    def startOffset(self) -> str:
        """Where this batch starts reading (as text; ``"None"`` before the first committed offset)."""
        return _offset_json(self.get("startOffset"))

    @property
    def endOffset(self) -> str:
        """Where this batch stops reading (as text)."""
        return _offset_json(self.get("endOffset"))

    @property
    def latestOffset(self) -> str:
        """The latest offset the source reported (as text), when it tracks one."""
        return _offset_json(self.get("latestOffset"))

    @property
    def numInputRows(self) -> int:
        """Rows read from this source in the batch."""
        return int(self.get("numInputRows", 0))

    @property
    def inputRowsPerSecond(self) -> float:
        """Rate at which data arrived from this source."""
        return float(self.get("inputRowsPerSecond", 0.0))

    @property
    def processedRowsPerSecond(self) -> float:
        """Rate at which data from this source was processed."""
        return float(self.get("processedRowsPerSecond", 0.0))

    @property
    def metrics(self) -> dict[str, str]:
        """Source-specific metrics (e.g. Kafka's offsets behind latest)."""
        return dict(self.get("metrics", {}))


class SinkProgress(_ProgressJson):
    """The sink's part of a micro-batch's progress (PySpark's ``SinkProgress``)."""

    @property
    def description(self) -> str:
        """What the sink is, e.g. ``MemorySink``."""
        return str(self.get("description", ""))

    @property
    def numOutputRows(self) -> int:
        """Rows written to the sink in the batch (-1 when the sink cannot tell)."""
        return int(self.get("numOutputRows", -1))

    @property
    def metrics(self) -> dict[str, str]:
        """Sink-specific metrics."""
        return dict(self.get("metrics", {}))


class StateOperatorProgress(_ProgressJson):
    """One stateful operator's part of a micro-batch's progress (PySpark's ``StateOperatorProgress``)."""

    def _int(self, key: str) -> int:
        return int(self.get(key, 0))

    @property
    def operatorName(self) -> str:
        """The operator, e.g. ``stateStoreSave``."""
        return str(self.get("operatorName", ""))

    @property
    def numRowsTotal(self) -> int:
        """Rows in the state after the batch."""
        return self._int("numRowsTotal")

    @property
    def numRowsUpdated(self) -> int:
        """State rows written in the batch."""
        return self._int("numRowsUpdated")

    @property
    def numRowsRemoved(self) -> int:
        """State rows removed in the batch."""
        return self._int("numRowsRemoved")

    @property
    def allUpdatesTimeMs(self) -> int:
        """Time spent writing state."""
        return self._int("allUpdatesTimeMs")

    @property
    def allRemovalsTimeMs(self) -> int:
        """Time spent removing state."""
        return self._int("allRemovalsTimeMs")

    @property
    def commitTimeMs(self) -> int:
        """Time spent committing the state store."""
        return self._int("commitTimeMs")

    @property
    def memoryUsedBytes(self) -> int:
        """Memory the state uses."""
        return self._int("memoryUsedBytes")

    @property
    def numRowsDroppedByWatermark(self) -> int:
        """Input rows dropped as later than the watermark."""
        return self._int("numRowsDroppedByWatermark")

    @property
    def numShufflePartitions(self) -> int:
        """Shuffle partitions of the operator."""
        return self._int("numShufflePartitions")

    @property
    def numStateStoreInstances(self) -> int:
        """State store instances of the operator."""
        return self._int("numStateStoreInstances")

    @property
    def customMetrics(self) -> dict[str, int]:
        """Store-specific metrics."""
        return dict(self.get("customMetrics", {}))


class StreamingQueryProgress(_ProgressJson):
    """One micro-batch's progress (PySpark's ``StreamingQueryProgress``): a dict of Spark's
    JSON fields, its ``sources``/``sink``/``stateOperators`` typed progress objects.

    As in PySpark, ``progress["id"]`` is the id's text and ``progress.id`` a ``uuid.UUID``.

    Examples
    --------
    >>> p = StreamingQueryProgress.fromJson({"id": "2d1c8f5e-2d39-4c52-bb1a-5d1b6e1d7c11",
    ...     "runId": "0f6f3b8e-6a8f-4a44-a0a8-6f5b1c9b8d22", "name": None, "batchId": 0,
    ...     "sources": [{"description": "RateStreamV2", "endOffset": 5, "numInputRows": 5}],
    ...     "sink": {"description": "MemorySink", "numOutputRows": 5}, "stateOperators": []})
    >>> p.id.version, p["id"][:8], p.sources[0].numInputRows, p.sink.description
    (4, '2d1c8f5e', 5, 'MemorySink')
    """

    def __init__(self, j: dict[str, Any] | None = None, **fields: Any) -> None:
        super().__init__(j, **fields)
        if isinstance(self.get("sink"), dict) and not isinstance(self["sink"], SinkProgress):
            self["sink"] = SinkProgress(self["sink"])
        if isinstance(self.get("sources"), list):
            self["sources"] = [SourceProgress(v) for v in self["sources"]]
        if isinstance(self.get("stateOperators"), list):
            self["stateOperators"] = [StateOperatorProgress(v) for v in self["stateOperators"]]

    @property
    def id(self) -> uuid.UUID:
        """The query's id, that persists across restarts from a checkpoint."""
        return uuid.UUID(str(self["id"]))

    @property
    def runId(self) -> uuid.UUID:
        """The id of this run of the query (new at every start)."""
        return uuid.UUID(str(self["runId"]))

    @property
    def name(self) -> str | None:
        """The query's name, or ``None``."""
        return self.get("name")

    @property
    def timestamp(self) -> str:
        """When the trigger started, ISO 8601 in UTC."""
        return str(self.get("timestamp", ""))

    @property
    def batchId(self) -> int:
        """The micro-batch's id."""
        return int(self["batchId"])

    @property
    def batchDuration(self) -> int:
        """How long the batch took, in milliseconds."""
        return int(self.get("batchDuration", 0))

    @property
    def durationMs(self) -> dict[str, int]:
        """Milliseconds spent in each phase of the trigger."""
        return dict(self.get("durationMs", {}))

    @property
    def eventTime(self) -> dict[str, str]:
        """Event-time statistics (``max``/``min``/``avg``/``watermark``) as text."""
        return dict(self.get("eventTime", {}))

    @property
    def stateOperators(self) -> list[StateOperatorProgress]:
        """Each stateful operator's progress."""
        return list(self.get("stateOperators", []))

    @property
    def sources(self) -> list[SourceProgress]:
        """Each source's progress."""
        return list(self.get("sources", []))

    @property
    def sink(self) -> SinkProgress:
        """The sink's progress."""
        return self.get("sink") or SinkProgress({})

    @property
    def trigger(self) -> dict[str, Any] | None:
        """The trigger that ran the batch, as in the JSON, when reported."""
        return self.get("trigger")

    @property
    def numInputRows(self) -> int:
        """Rows read from all sources in the batch."""
        if self.get("numInputRows") is not None:
            return int(self["numInputRows"])
        return sum(s.numInputRows for s in self.sources)

    @property
    def inputRowsPerSecond(self) -> float:
        """Rate at which data arrived, over all sources."""
        if self.get("inputRowsPerSecond") is not None:
            return float(self["inputRowsPerSecond"])
        return sum(s.inputRowsPerSecond for s in self.sources)

    @property
    def processedRowsPerSecond(self) -> float:
        """Rate at which data was processed, over all sources."""
        if self.get("processedRowsPerSecond") is not None:
            return float(self["processedRowsPerSecond"])
        return sum(s.processedRowsPerSecond for s in self.sources)

    @property
    def observedMetrics(self) -> dict[str, Row]:
        """``df.observe`` metrics of this batch, one ``Row`` per observation name."""
        return {name: Row(**values) for name, values in self.get("observedMetrics", {}).items()}


def rate(rows: int, millis: float) -> float | None:
    if millis <= 0:
        return None if rows == 0 else float("inf")
    return rows * 1000.0 / millis


def clean_rate(value: float | None) -> float:
    if value is None or value == float("inf"):
        return 0.0
    return value


def metrics_row(table: pa.Table) -> dict[str, Any]:
    """The one row of an observed-metrics aggregate as JSON-ready values (as Spark's ``Row.jsonValue``)."""
    row = table.to_pylist()[0] if table.num_rows else dict.fromkeys(table.column_names)
    return {k: _json_value(v) for k, v in row.items()}


def _json_value(v: Any) -> Any:
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (_dt.datetime, _dt.date)):
        return str(v)
    if isinstance(v, dict):
        return {k: _json_value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_json_value(x) for x in v]
    return v


class ProgressReporter:
    """Builds one query's progress reports (Spark's ``ProgressReporter``).

    The execution hands it, per batch, what it measured (durations, rows per source,
    output rows, each state operator's ``stateOperators`` entry, event-time statistics,
    observed metrics); the reporter adds the rates, which need the previous trigger's
    time, and each source's offsets, which need the previous batch's end offsets."""

    def __init__(self, query_id: str, run_id: str, name: str | None, sources: Sequence[Source], sink: Sink,
                 trigger: Trigger | None = None) -> None:
        self.query_id, self.run_id, self.name = query_id, run_id, name
        # Spark 4.1+ reports the trigger of a processing-time query ({"type", "intervalMs"})
        self.trigger = (
            {"type": "ProcessingTime", "intervalMs": trigger.interval_ms}
            if isinstance(trigger, ProcessingTime) else None
        )
        self.sources = sources
        self.sink = sink
        self.start_offsets: list[Any] | None = None  # the previous batch's end offsets
        self._last_trigger_s: float | None = None

    def report(
        self,
        batch_id: int,
        trigger_start: float,
        durations: dict[str, int],
        counts: list[int],
        end_offsets: list[Any],
        output_rows: int,
        state_operators: list[dict[str, Any]],
        event_time: dict[str, str] | None,
        observed: dict[str, dict[str, Any]],
    ) -> StreamingQueryProgress:
        """Batch ``batch_id``'s progress; ``trigger_start`` in seconds on the query's clock."""
        now = trigger_start + durations.get("triggerExecution", 0) / 1000
        total = sum(counts)
        since_last = (trigger_start - self._last_trigger_s) * 1000 if self._last_trigger_s else 0.0
        self._last_trigger_s = trigger_start
        process_ms = durations.get("triggerExecution", 0)
        in_rate = clean_rate(rate(total, since_last)) if since_last else 0.0
        proc_rate = clean_rate(rate(total, process_ms)) if process_ms else 0.0
        sources = []
        prev = self.start_offsets or [s.initial_offset() for s in self.sources]
        for src, n, s0, s1 in zip(self.sources, counts, prev, end_offsets):
            sources.append({
                "description": src.description(),
                # Spark: null before the source's first committed offset; latestOffset is only
                # reported by sources that track one beyond the batch (Kafka), else null
                "startOffset": None if s0 == src.initial_offset() else s0,
                "endOffset": s1,
                "latestOffset": None,
                "numInputRows": n,
                "inputRowsPerSecond": clean_rate(rate(n, since_last)) if since_last else 0.0,
                "processedRowsPerSecond": clean_rate(rate(n, process_ms)) if process_ms else 0.0,
            })
        self.start_offsets = list(end_offsets)
        progress: dict[str, Any] = {
            "id": self.query_id,
            "runId": self.run_id,
            "name": self.name,
            "timestamp": iso_ms(int(trigger_start * 1000)),
            "batchId": batch_id,
            "batchDuration": int((now - trigger_start) * 1000),
            "numInputRows": total,
            "inputRowsPerSecond": in_rate,
            "processedRowsPerSecond": proc_rate,
            "durationMs": {k: durations.get(k, 0) for k in _DURATIONS},
        }
        if event_time is not None:
            progress["eventTime"] = event_time
        progress["stateOperators"] = state_operators
        progress["sources"] = sources
        progress["sink"] = {"description": self.sink.description(), "numOutputRows": output_rows}
        if observed:
            progress["observedMetrics"] = observed
        if self.trigger is not None:
            progress["trigger"] = dict(self.trigger)
        if log.isEnabledFor(logging.INFO):
            state = sum(op["numRowsTotal"] for op in state_operators)
            log.info(
                "Query %s batch %d: %d rows in, %d out in %d ms (%.0f rows/s)%s%s",
                self.name or self.query_id, batch_id, total, output_rows, process_ms, proc_rate,
                f", state {state} rows" if state_operators else "",
                f", watermark {event_time['watermark']}" if event_time and "watermark" in event_time else "",
            )
        return StreamingQueryProgress(progress)


class BacklogBar:
    """A one-line progress bar for an ``availableNow`` backlog, drawn only on a terminal.

    ``update(remaining)`` redraws ``[#####.....] 50% 10/20 files``; ``close()`` ends the
    line. Nothing is written when the stream is not a TTY (logs and tests stay clean)."""

    WIDTH = 30

    def __init__(self, total: int, unit: str, stream: Any = None) -> None:
        import sys

        self.total, self.unit = total, unit
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = total > 0 and bool(getattr(self.stream, "isatty", lambda: False)())
        self.done = 0

    def update(self, remaining: int) -> None:
        if not self.enabled:
            return
        self.done = max(self.done, min(self.total, self.total - remaining))
        filled = int(self.WIDTH * self.done / self.total)
        pct = int(100 * self.done / self.total)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {pct:3d}% {self.done}/{self.total} {self.unit}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
