"""ProgressReporter: each micro-batch's ``StreamingQueryProgress`` in Spark's shape (durations,
sources, sink, state operators, event time, observed metrics), and the backlog bar."""

from __future__ import annotations

import datetime as _dt
import decimal
import json
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from rillet.engine.watermark import iso_ms
from rillet.plan.types import Row

if TYPE_CHECKING:
    from rillet.connectors.base import Sink, Source

log = logging.getLogger("rillet.engine")

_DURATIONS = ("addBatch", "commitOffsets", "getBatch", "latestOffset", "queryPlanning", "triggerExecution", "walCommit")


class StreamingQueryProgress(dict):  # type: ignore[type-arg]
    """One micro-batch's progress. A dict with Spark's field names, also readable as attributes.

    ``str(progress)`` and ``progress.prettyJson`` give Spark's pretty JSON;
    ``progress.json`` the compact form.
    """

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def observedMetrics(self) -> dict[str, Row]:
        """``df.observe`` metrics of this batch, one ``Row`` per observation name."""
        return {name: Row(**values) for name, values in self.get("observedMetrics", {}).items()}

    @property
    def json(self) -> str:  # type: ignore[override]
        return json.dumps(self, separators=(",", ":"))

    @property
    def prettyJson(self) -> str:
        return json.dumps(self, indent=2)

    def __str__(self) -> str:
        return self.prettyJson


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

    def __init__(self, query_id: str, run_id: str, name: str | None, sources: Sequence[Source], sink: Sink) -> None:
        self.query_id, self.run_id, self.name = query_id, run_id, name
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
