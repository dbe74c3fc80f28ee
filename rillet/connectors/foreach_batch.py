"""``foreachBatch(fn)`` and ``foreach(writer)`` sinks (and ``noop``).

``foreachBatch`` calls ``fn(batch, batch_id)`` for every micro-batch; ``foreach``
hands every row to a writer.

``make_batch`` turns the batch's Arrow table into what ``fn`` expects (the API
layer passes a DataFrame factory). Exactly-once is the function's contract, as
in Spark: after a crash the same ``batch_id`` may be delivered again with the
same rows, and the function should use it to deduplicate.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

import pyarrow as pa

from rillet.connectors.base import Provider, Sink, SinkContext
from rillet.errors import IllegalArgumentException, PythonException


def _user_function_error(condition: str, e: Exception) -> PythonException:
    """Spark's FOREACH[_BATCH]_USER_FUNCTION_ERROR, its reason the user's traceback (as PySpark's)."""
    reason = "".join(traceback.format_exception(type(e), e, e.__traceback__))
    return PythonException(errorClass=condition, messageParameters={"reason": reason}, cause=e)


class ForeachBatchSink(Sink):
    def __init__(self, fn: Callable[[Any, int], Any], make_batch: Callable[[pa.Table], Any]) -> None:
        self.fn = fn
        self.make_batch = make_batch

    def add_batch(self, batch_id: int, table: pa.Table, mode: str) -> None:
        batch = self.make_batch(table)
        try:
            self.fn(batch, batch_id)
        except Exception as e:
            raise _user_function_error("FOREACH_BATCH_USER_FUNCTION_ERROR", e) from e

    def description(self) -> str:
        return "ForeachBatchSink"


class NoopSink(Sink):
    """``noop``: discards rows (for benchmarks)."""

    def add_batch(self, batch_id: int, table: pa.Table, mode: str) -> None:
        return None

    def description(self) -> str:
        return "NoopTable"


class ForeachSink(Sink):
    """``foreach(writer)``: Spark's per-row writer protocol.

    ``writer`` is a function of a row, or an object with ``process(row)`` and optional
    ``open(partition_id, epoch_id) -> bool`` and ``close(error)``. Per batch (one
    partition here): ``open(0, batch_id)``; if it returns a false value the batch is
    skipped (the writer already has it); else ``process`` each row; then ``close(None)``,
    or ``close(error)`` and the error is re-raised. ``make_rows`` turns the batch's
    Arrow table into Rows."""

    def __init__(self, writer: Any, make_rows: Callable[[pa.Table], list[Any]]) -> None:
        self.writer = writer
        self.make_rows = make_rows

    def add_batch(self, batch_id: int, table: pa.Table, mode: str) -> None:
        w = self.writer
        if callable(w) and not hasattr(w, "process"):
            try:
                for row in self.make_rows(table):
                    w(row)
            except Exception as e:
                raise _user_function_error("FOREACH_USER_FUNCTION_ERROR", e) from e
            return
        opened = w.open(0, batch_id) if hasattr(w, "open") else True
        error: BaseException | None = None
        try:
            if opened:
                for row in self.make_rows(table):
                    w.process(row)
        except BaseException as e:  # noqa: BLE001 - handed to close(), then re-raised
            error = e
        if hasattr(w, "close"):
            w.close(error)
        if isinstance(error, Exception):
            raise _user_function_error("FOREACH_USER_FUNCTION_ERROR", error) from error
        if error is not None:
            raise error

    def description(self) -> str:
        return "ForeachSink"


def _hooks(ctx: SinkContext, name: str) -> Any:
    if ctx.session is None or ctx.callback is None:
        raise IllegalArgumentException(f"The {name} sink is started by DataStreamWriter.{name}(...).")
    return ctx.session


class ForeachBatchProvider(Provider):
    """``foreachBatch``: ``ctx.callback(batch DataFrame, batch id)`` per batch."""

    name = "foreachBatch"
    temporary_checkpoint = True

    def sink(self, ctx: SinkContext) -> Sink:
        return ForeachBatchSink(ctx.callback, _hooks(ctx, "foreachBatch").dataframe)


class ForeachProvider(Provider):
    """``foreach``: the writer ``ctx.callback`` gets every row."""

    name = "foreach"
    temporary_checkpoint = True

    def sink(self, ctx: SinkContext) -> Sink:
        return ForeachSink(ctx.callback, _hooks(ctx, "foreach").rows)


class NoopProvider(Provider):
    """``noop``: a streaming sink that discards its rows."""

    name = "noop"
    temporary_checkpoint = True

    def sink(self, ctx: SinkContext) -> Sink:
        return NoopSink()


FOREACH_BATCH = ForeachBatchProvider()
FOREACH = ForeachProvider()
NOOP = NoopProvider()
