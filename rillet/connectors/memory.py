"""``memory`` sink: keeps the output in memory, queryable as a table named ``queryName``.

Idempotent by batch id: a batch re-run after a restart replaces the rows it wrote
before, so the table never holds a batch twice.
"""

from __future__ import annotations

import threading

import pyarrow as pa

from rillet.connectors.base import Provider, Sink, SinkContext
from rillet.errors import AnalysisException


class MemorySink(Sink):
    def __init__(self, schema: pa.Schema) -> None:
        self._schema = schema
        self._lock = threading.Lock()
        self._batches: dict[int, pa.Table] = {}
        self._complete: pa.Table | None = None

    def add_batch(self, batch_id: int, table: pa.Table, mode: str) -> None:
        table = table.cast(self._schema) if table.schema != self._schema else table
        with self._lock:
            if mode == "complete":
                self._complete = table
                self._batches = {batch_id: table}
            else:
                self._batches[batch_id] = table

    def table(self) -> pa.Table:
        with self._lock:
            if not self._batches:
                return self._schema.empty_table()
            return pa.concat_tables([self._batches[b] for b in sorted(self._batches)])

    def description(self) -> str:
        return "MemorySink"


class MemoryProvider(Provider):
    """``memory``: a streaming sink kept as the session table named by ``queryName``."""

    temporary_checkpoint = True
    name = "memory"

    def sink(self, ctx: SinkContext) -> Sink:
        if ctx.query_name is None:
            raise AnalysisException(errorClass="QUERY_NAME_REQUIRED", messageParameters={})
        sink = MemorySink(ctx.schema)
        if ctx.session is not None:
            ctx.session.register_table(ctx.query_name, sink.table)
        return sink


PROVIDER = MemoryProvider()
