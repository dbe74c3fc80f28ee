"""The one entry point of a streaming query: analyzed plan + sink provider + options -> a running query.

``DataStreamWriter.start`` validates its arguments, builds a :class:`QueryRequest`
and calls :func:`start_query`; everything else (planning, the checkpoint, the
sources and the sink, the execution thread) is decided here.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rillet.compute import ComputeContext
from rillet.compute.types import arrow_schema
from rillet.connectors.base import Provider, SessionHooks, Sink, SinkContext, with_defaults
from rillet.engine.checkpoint import Checkpoint
from rillet.engine.clock import SYSTEM_CLOCK, Clock
from rillet.engine.execution import MicroBatchExecution
from rillet.engine.planner import plan_incremental
from rillet.engine.triggers import Trigger
from rillet.errors import AnalysisException
from rillet.plan import logical as L


@dataclass(frozen=True)
class QueryRequest:
    """Everything a streaming query is started from.

    ``plan`` is the analyzed plan; ``sink`` the provider of the output format and
    ``options`` the writer's options (string values; ``checkpointLocation``, ``path``
    and ``lateRowsPath`` among them). ``lookup`` resolves each ``StreamingRelation``'s
    source name to its provider (the session's registry: its Python data sources first).
    ``callback`` is the user's ``foreachBatch`` function or ``foreach`` writer, ``hooks``
    what sinks that hand rows to user code need from the session. ``before_start`` is
    called with the execution before its thread starts (the sql layer wraps and registers
    it there); ``on_event(kind, payload)`` receives its events."""

    plan: L.LogicalPlan
    sink: Provider
    options: Mapping[str, str]
    output_mode: str
    trigger: Trigger
    lookup: Callable[[str], Provider]
    compute_context: Callable[[_dt.datetime], ComputeContext]
    conf: Mapping[str, Any]
    time_zone: str
    query_name: str | None = None
    partition_by: tuple[str, ...] = ()
    callback: Any = None
    hooks: SessionHooks | None = None
    clock: Clock = SYSTEM_CLOCK
    on_event: Callable[[str, Any], None] = field(default=lambda kind, payload: None)
    before_start: Callable[[MicroBatchExecution], None] = field(default=lambda execution: None)


def start_query(request: QueryRequest) -> MicroBatchExecution:
    """Plan ``request.plan`` incrementally, open its checkpoint (a temporary one only
    for sinks that allow it, deleted when the query ends cleanly), create the sink,
    and start the execution thread; returns the running execution."""
    mode = request.output_mode
    inc = plan_incremental(request.plan, mode)
    location, temporary = _checkpoint_location(request)
    checkpoint = Checkpoint(location)
    try:
        sink = _make_sink(request, checkpoint)
    except Exception:
        if temporary:
            shutil.rmtree(location, ignore_errors=True)
        raise

    def on_event(kind: str, payload: Any) -> None:
        if kind == "terminated" and temporary and payload is None:
            shutil.rmtree(location, ignore_errors=True)
        request.on_event(kind, payload)

    execution = MicroBatchExecution(
        plan=inc,
        sources=[request.lookup(rel.source).source for rel in inc.sources],
        sink=sink,
        trigger=request.trigger,
        checkpoint=checkpoint,
        name=request.query_name,
        compute_context=request.compute_context,
        conf={k: str(v) for k, v in request.conf.items()},
        on_event=on_event,
        late_rows_path=request.options.get("lateRowsPath"),
        clock=request.clock,
    )
    request.before_start(execution)
    execution.start()
    return execution


def _checkpoint_location(request: QueryRequest) -> tuple[str, bool]:
    """``(location, temporary)``: the ``checkpointLocation`` option, else a folder named
    by the query under ``spark.sql.streaming.checkpointLocation``, else a temporary folder
    for the sinks Spark allows one (console, memory, foreach, ...)."""
    loc = request.options.get("checkpointLocation")
    if loc:
        return loc, False
    root = request.conf.get("spark.sql.streaming.checkpointLocation")
    if root:
        return os.path.join(str(root), request.query_name or str(uuid.uuid4())), False
    if request.sink.temporary_checkpoint:
        return tempfile.mkdtemp(prefix="rillet-checkpoint-"), True
    raise AnalysisException(
        "checkpointLocation must be specified either through "
        "option(\"checkpointLocation\", ...) or SparkSession.conf.set(\"spark.sql.streaming."
        "checkpointLocation\", ...).",
        errorClass="_LEGACY_ERROR_TEMP_1298",
        messageParameters={"config": "spark.sql.streaming.checkpointLocation"},
    )


def _make_sink(request: QueryRequest, checkpoint: Checkpoint) -> Sink:
    provider = request.sink
    if not provider.supports_output_mode(request.output_mode):
        raise AnalysisException(
            errorClass="STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE",
            messageParameters={"className": provider.name, "outputMode": request.output_mode},
        )
    ctx = SinkContext(
        options=with_defaults(request.options, provider.sink_session_options(request.conf, request.time_zone)),
        schema=arrow_schema(request.plan.schema),
        path=request.options.get("path"),
        partition_by=request.partition_by,
        query_name=request.query_name,
        query_id=checkpoint.query_id(),
        metadata_path=checkpoint.sink_path(),
        callback=request.callback,
        session=request.hooks,
    )
    return provider.sink(ctx)
