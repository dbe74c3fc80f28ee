"""``applyInPandasWithState``: a user's pandas function per key, with a state per key.

Per micro-batch, in order (Spark's ``FlatMapGroupsInPandasWithStateExec``):

1. With ``EventTimeTimeout`` only, rows behind the watermark are dropped
   (``numRowsDroppedByWatermark``); other timeouts keep late rows.
2. The batch is sorted and split by key (Polars, vectorized) and converted to pandas
   once; the state rows of exactly those keys are looked up in the store.
3. ``func(key, pdfs, state)`` runs once per key, in key order, ``pdfs`` yielding the
   key's rows in DataFrames of at most 10,000 rows (Spark's default
   ``spark.sql.execution.arrow.maxRecordsPerBatch``, which splits a group so). Its output
   is checked (pandas DataFrames, the schema's number of columns, matched by name)
   and the state is written as Spark does: removed without a timeout -> deleted;
   otherwise written when updated, removed, or its timeout changed.
4. Then the keys whose timeout is set and below the batch's processing time
   (``ProcessingTimeTimeout``) or the watermark (``EventTimeTimeout``) are taken
   from the store's timeout index (cost: the keys due, never a scan) and ``func``
   runs for each with one empty DataFrame and ``state.hasTimedOut``.

The state is one store row per key: the key columns, the state struct's fields,
whether the state is defined, and the timeout timestamp (NULL when unset). A
timeout is reset by every call, so the function sets it again each time.
"""

from __future__ import annotations

import datetime as _dt
import traceback
from abc import abstractmethod
from collections.abc import Iterator
from typing import Any

import polars as pl
import pyarrow as pa

from rillet.compute import ComputeContext
from rillet.compute.expressions import translate
from rillet.compute.types import arrow_schema, cast_table, to_polars
from rillet.engine.operators.base import Layout, OperatorContext, StatefulOperator, stateful_operator
from rillet.engine.operators.python_values import row_converter
from rillet.engine.state import layout as SL
from rillet.engine.state.store import StateStore
from rillet.errors import (
    PySparkRuntimeError,
    PySparkTypeError,
    PySparkValueError,
    PythonException,
    SparkRuntimeException,
)
from rillet.plan import logical as L
from rillet.plan import types as T

__all__ = ["GroupState", "GroupStateTimeout", "PandasGroupsOperator", "StreamingFlatMapGroupsInPandasWithState"]

_DEFINED = "__defined"
_TIMEOUT = "__timeout_ms"
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_MAX_RECORDS = 10_000  # rows per DataFrame handed to the function (Spark's Arrow batch size)


class GroupStateTimeout:
    """The timeouts of ``applyInPandasWithState`` (PySpark's names and values)."""

    NoTimeout: str = "NoTimeout"
    ProcessingTimeTimeout: str = "ProcessingTimeTimeout"
    EventTimeTimeout: str = "EventTimeTimeout"


class GroupState:
    """The state of one key, handed to the function of ``applyInPandasWithState``.

    The value is a tuple matching the state schema. A timeout set with
    :meth:`setTimeoutDuration` / :meth:`setTimeoutTimestamp` lasts until the next call
    for the key; a call that does not set it again clears it."""

    NO_TIMESTAMP: int = -1

    def __init__(
        self,
        value: tuple[Any, ...] | None,
        batch_processing_time_ms: int,
        event_time_watermark_ms: int,
        timeout_conf: str,
        has_timed_out: bool,
        watermark_present: bool,
    ) -> None:
        self._value = value
        self._batch_processing_time_ms = batch_processing_time_ms
        self._event_time_watermark_ms = event_time_watermark_ms
        self._timeout_conf = timeout_conf
        self._has_timed_out = has_timed_out
        self._watermark_present = watermark_present
        self._defined = value is not None
        self._updated = False
        self._removed = False
        self._timeout_timestamp = GroupState.NO_TIMESTAMP
        self._old_timeout_timestamp = GroupState.NO_TIMESTAMP

    @property
    def exists(self) -> bool:
        """Whether state exists or not."""
        return self._defined

    @property
    def get(self) -> tuple[Any, ...]:
        """The state value if it exists, or raise ``PySparkValueError`` (STATE_NOT_EXISTS)."""
        if self._defined and self._value is not None:
            return tuple(self._value)
        raise PySparkValueError(errorClass="STATE_NOT_EXISTS", messageParameters={})

    @property
    def getOption(self) -> tuple[Any, ...] | None:
        """The state value if it exists, or None."""
        return tuple(self._value) if self._defined and self._value is not None else None

    @property
    def hasTimedOut(self) -> bool:
        """Whether the function is called because the key timed out (then without rows)."""
        return self._has_timed_out

    @property
    def oldTimeoutTimestamp(self) -> int:
        return self._old_timeout_timestamp

    def update(self, newValue: tuple[Any, ...]) -> None:
        """Set the state value (a tuple matching the state schema; never None)."""
        if newValue is None:
            raise PySparkTypeError(errorClass="CANNOT_BE_NONE", messageParameters={"arg_name": "newValue"})
        self._value = tuple(_plain(v) for v in newValue)
        self._defined = True
        self._updated = True
        self._removed = False

    def remove(self) -> None:
        """Remove the state of this key."""
        self._defined = False
        self._updated = False
        self._removed = True

    def setTimeoutDuration(self, durationMs: int) -> None:
        """Time the key out ``durationMs`` after this batch's processing time
        (``ProcessingTimeTimeout`` only)."""
        if isinstance(durationMs, str):
            raise PySparkTypeError(
                errorClass="NOT_INT",
                messageParameters={"arg_name": "durationMs", "arg_type": type(durationMs).__name__},
            )
        if self._timeout_conf != GroupStateTimeout.ProcessingTimeTimeout:
            raise PySparkRuntimeError(
                errorClass="CANNOT_WITHOUT",
                messageParameters={
                    "condition1": "set timeout duration",
                    "condition2": "enabling processing time timeout in applyInPandasWithState",
                },
            )
        if durationMs <= 0:
            raise PySparkValueError(
                errorClass="VALUE_NOT_POSITIVE",
                messageParameters={"arg_name": "durationMs", "arg_value": type(durationMs).__name__},
            )
        self._timeout_timestamp = int(durationMs) + self._batch_processing_time_ms

    def setTimeoutTimestamp(self, timestampMs: int | _dt.datetime) -> None:
        """Time the key out once the watermark passes ``timestampMs`` (epoch ms or a
        datetime; ``EventTimeTimeout`` only; not before the current watermark)."""
        if self._timeout_conf != GroupStateTimeout.EventTimeTimeout:
            # PySpark's (verbatim) message for this case
            raise PySparkRuntimeError(
                errorClass="CANNOT_WITHOUT",
                messageParameters={
                    "condition1": "set timeout duration",
                    "condition2": "enabling processing time timeout in applyInPandasWithState",
                },
            )
        if isinstance(timestampMs, _dt.datetime):
            ts = timestampMs if timestampMs.tzinfo else timestampMs.astimezone()
            timestampMs = (ts - _EPOCH) // _dt.timedelta(microseconds=1) / 1000
        if timestampMs <= 0:
            raise PySparkValueError(
                errorClass="VALUE_NOT_POSITIVE",
                messageParameters={"arg_name": "timestampMs", "arg_value": type(timestampMs).__name__},
            )
        if self._event_time_watermark_ms != GroupState.NO_TIMESTAMP and timestampMs < self._event_time_watermark_ms:
            raise PySparkValueError(
                errorClass="INVALID_TIMEOUT_TIMESTAMP",
                messageParameters={"timestamp": str(timestampMs), "watermark": str(self._event_time_watermark_ms)},
            )
        self._timeout_timestamp = int(timestampMs)

    def getCurrentWatermarkMs(self) -> int:
        """The event-time watermark of this batch (only with a watermark in the query)."""
        if not self._watermark_present:
            raise PySparkRuntimeError(
                errorClass="CANNOT_WITHOUT",
                messageParameters={
                    "condition1": "get event time watermark timestamp",
                    "condition2": "setting watermark before applyInPandasWithState",
                },
            )
        return self._event_time_watermark_ms

    def getCurrentProcessingTimeMs(self) -> int:
        """This batch's processing time: the same for every key, and on a re-run batch."""
        return self._batch_processing_time_ms

    def __str__(self) -> str:
        return f"GroupState({self.get})" if self.exists else "GroupState(<undefined>)"


def _plain(v: Any) -> Any:
    """numpy / pandas scalars as Python values (as PySpark's ``update`` converts them)."""
    if hasattr(v, "to_pydatetime"):
        return v.to_pydatetime()
    if hasattr(v, "to_pytimedelta"):
        return v.to_pytimedelta()
    if hasattr(v, "tolist") and not isinstance(v, (list, tuple)):
        return v.tolist()
    return v


class PandasGroupsOperator(StatefulOperator):
    """What the two pandas-state operators share: a user's function per key over the
    key's rows as pandas, late rows dropped only when the query works in event time, and
    a batch on every trigger once a batch ran when it works in processing time."""

    node: L.FlatMapGroupsInPandasWithState | L.TransformWithStateInPandas

    def __init__(
        self, node: L.FlatMapGroupsInPandasWithState | L.TransformWithStateInPandas, context: OperatorContext
    ) -> None:
        super().__init__(node, context)
        self.key_cols = [f"k{i}" for i in range(len(node.grouping))]
        self.key_schema: dict[str, pl.DataType] = {
            c: to_polars(k.data_type) for c, k in zip(self.key_cols, node.grouping)
        }
        self.watermark_present = any(isinstance(n, L.EventTimeWatermark) for n in node.child.walk())
        self.input_names = [a.name for a in node.child.output]
        self.output_schema = arrow_schema(node.schema)
        self._ran = False  # a batch ran in this run of the query

    @property
    @abstractmethod
    def event_time_mode(self) -> bool:
        """Whether timeouts / timers follow the watermark (then late rows are dropped)."""

    @property
    @abstractmethod
    def processing_time_mode(self) -> bool:
        """Whether timeouts / timers follow the batch's processing time."""

    @property
    def runs_no_data_batches(self) -> bool:
        """Spark's ``shouldRunAnotherBatch``: in processing time, once a batch ran in this
        run, a batch runs on every trigger (a timeout may expire without new data). Event
        time rides on the watermark's no-data batches instead."""
        return self._ran and self.processing_time_mode

    def event_time_us(self, child: pl.LazyFrame, ctx: ComputeContext) -> pl.Expr | None:
        # rows behind the watermark are late only in event time; otherwise all are kept
        return super().event_time_us(child, ctx) if self.event_time_mode else None

    def key_fields(self) -> list[SL.Field]:
        """The grouping key as the state data source shows it."""
        return [SL.leaf(SL.name_of(g), col, g.data_type) for col, g in zip(self.key_cols, self.node.grouping)]


@stateful_operator(L.FlatMapGroupsInPandasWithState)
class StreamingFlatMapGroupsInPandasWithState(PandasGroupsOperator):
    """The state and the per-batch work of one ``applyInPandasWithState``."""

    operator_name = "applyInPandasWithState"
    node: L.FlatMapGroupsInPandasWithState

    def __init__(self, node: L.FlatMapGroupsInPandasWithState, context: OperatorContext) -> None:
        super().__init__(node, context)
        self.value_cols = [f"s{i}" for i in range(len(node.state_schema.fields))]
        self.to_state = row_converter(node.state_schema)
        schema = dict(self.key_schema)
        for c, f in zip(self.value_cols, node.state_schema.fields):
            schema[c] = to_polars(f.dataType)
        schema[_DEFINED] = pl.Boolean()
        schema[_TIMEOUT] = pl.Int64()
        self.schema = schema
        self.store = StateStore(
            context.state_path, schema, self.key_cols, context.min_deltas_for_snapshot,
            value_labels=[f.name for f in node.state_schema.fields],
        )
        self.timeout_conf = node.timeout_conf

    @property
    def event_time_mode(self) -> bool:
        return self.timeout_conf == GroupStateTimeout.EventTimeTimeout

    @property
    def processing_time_mode(self) -> bool:
        return self.timeout_conf == GroupStateTimeout.ProcessingTimeTimeout

    def stores(self) -> list[StateStore]:
        return [self.store]

    def layout(self) -> Layout:
        user = [SL.leaf(f.name, col, f.dataType) for col, f in zip(self.value_cols, self.node.state_schema.fields)]
        # the user's state (NULL once removed while a timeout is still set); Spark keeps the
        # timeout timestamp (milliseconds, -1: none) only when the query has a timeout
        value = [{**SL.struct("groupState", user), "valid": _DEFINED}]
        if self.timeout_conf != GroupStateTimeout.NoTimeout:
            value.append(SL.leaf("timeoutTimestamp", _TIMEOUT, T.LongType(), "null_to_minus_one"))
        return self.store.path, SL.layout(self.operator_name, [SL.store("default", "", self.key_fields(), value)])

    def process(
        self, inputs: list[pl.LazyFrame], ctx: ComputeContext, mode: str, watermark_ms: int | None
    ) -> pa.Table:
        (child,) = inputs
        batch_ms = (ctx.now - _EPOCH) // _dt.timedelta(milliseconds=1)
        wm = watermark_ms if (watermark_ms is not None and self.watermark_present) else GroupState.NO_TIMESTAMP
        call = _Caller(self, ctx, batch_ms, wm)
        self._ran = True
        keyed = child.with_columns([translate(k, ctx).alias(c) for c, k in zip(self.key_cols, self.node.grouping)])
        frame = keyed.collect()
        ctx.raise_pending()
        if frame.height:
            self._process_data(frame, call)
        if self.timeout_conf != GroupStateTimeout.NoTimeout:
            threshold = batch_ms if self.timeout_conf == GroupStateTimeout.ProcessingTimeTimeout else wm
            if threshold != GroupState.NO_TIMESTAMP:
                self._process_timeouts(threshold, call)
        return call.output()

    # -- steps ---------------------------------------------------------------------------------
    def _process_data(self, frame: pl.DataFrame, call: _Caller) -> None:
        """Step 2-3: one call per key with its rows, in key order."""
        frame = frame.sort(self.key_cols, nulls_last=False, maintain_order=True)
        groups = frame.group_by(self.key_cols, maintain_order=True).agg(pl.len().alias("__n"))
        found = self.store.lookup(groups.select(self.key_cols))
        states = groups.join(found, on=self.key_cols, how="left", nulls_equal=True, maintain_order="left")
        data_keys = [a.column_key for a in self.node.child.output]
        pdf = _to_pandas(frame.select(data_keys), self.input_names, call.ctx.session_tz)
        start = 0
        for key, (n, value, defined, timeout) in zip(
            call.keys(states), states.select(["__n", self.value_cols_struct(), _DEFINED, _TIMEOUT]).iter_rows()
        ):
            rows = _chunks(pdf, start, n)
            start += n
            old = value if defined else None
            call.run(key, rows, _state_tuple(old, self.value_cols), timeout, has_timed_out=False)
        call.flush()

    def _process_timeouts(self, threshold: int, call: _Caller) -> None:
        """Step 4: the keys whose timeout is below ``threshold`` (taken out of the store by its
        timeout index), each called once with no rows."""
        import pandas as pd

        due = self.store.evict_before(_TIMEOUT, threshold)
        if not due.height:
            return
        due = due.sort(self.key_cols, nulls_last=False, maintain_order=True)
        empty = pd.DataFrame(columns=self.input_names)
        for key, (value, defined, timeout) in zip(
            call.keys(due), due.select([self.value_cols_struct(), _DEFINED, _TIMEOUT]).iter_rows()
        ):
            old = value if defined else None
            call.run(key, [empty], _state_tuple(old, self.value_cols), timeout, has_timed_out=True, evicted=True)
        call.flush()

    def value_cols_struct(self) -> pl.Expr:
        return pl.struct(self.value_cols).alias("__value") if self.value_cols else pl.lit(None).alias("__value")


def _chunks(pdf: Any, start: int, n: int) -> Iterator[Any]:
    """Rows ``start .. start + n`` of ``pdf`` as DataFrames of at most ``_MAX_RECORDS`` rows,
    each indexed 0..len-1 as PySpark's; sliced only when the function asks for them."""
    for lo in range(start, start + n, _MAX_RECORDS):
        hi = min(lo + _MAX_RECORDS, start + n)
        yield pdf.iloc[lo:hi].reset_index(drop=True)  # faster than set_axis(RangeIndex)


def _state_tuple(value: dict[str, Any] | None, cols: list[str]) -> tuple[Any, ...] | None:
    """A stored state as the function sees it: timestamps as naive local datetimes (as
    PySpark's ``TimestampType.fromInternal`` gives them)."""
    if value is None:
        return None
    return tuple(_naive_local(value[c]) for c in cols)


def _naive_local(v: Any) -> Any:
    if isinstance(v, _dt.datetime) and v.tzinfo is not None:
        return v.astimezone().replace(tzinfo=None)
    return v


def _aware(v: Any) -> Any:
    """A state value to store: a naive datetime is local time (PySpark's ``toInternal``)."""
    if isinstance(v, _dt.datetime) and v.tzinfo is None:
        return v.astimezone(_dt.timezone.utc)
    return v


def _to_pandas(frame: pl.DataFrame, names: list[str], tz: str) -> Any:
    """Rows as pandas with PySpark's conventions: timestamps naive in the session time zone."""
    pdf = frame.to_pandas()
    pdf.columns = names
    for i, dtype in enumerate(frame.dtypes):
        if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
            col = pdf.iloc[:, i].dt.tz_convert(tz).dt.tz_localize(None).astype("datetime64[ns]")
            pdf.isetitem(i, col)
    return pdf


class _Caller:
    """Calls the user's function for one batch: collects its output and the state changes."""

    def __init__(self, op: StreamingFlatMapGroupsInPandasWithState, ctx: ComputeContext, batch_ms: int, wm: int):
        self.op = op
        self.ctx = ctx
        self.batch_ms = batch_ms
        self.wm = wm
        self.batch_id = op.stores()[0].version + 1
        self.frames: list[tuple[tuple[Any, ...], Any]] = []
        self.upserts: list[tuple[Any, ...]] = []
        self.removals: list[tuple[Any, ...]] = []
        self.raw_keys: list[tuple[Any, ...]] = []

    def keys(self, frame: pl.DataFrame) -> Iterator[tuple[Any, ...]]:
        """Each row's key as the function sees it (as PySpark: a tuple of the values the
        key columns have in pandas, e.g. ``numpy.int64``), remembering the store's values."""
        cols = self.op.key_cols
        kpdf = _to_pandas(frame.select(cols), cols, self.ctx.session_tz)
        series = [kpdf[c] for c in cols]
        for i, raw in enumerate(frame.select(cols).iter_rows()):
            self.raw_keys.append(raw)
            yield tuple(s.iat[i] for s in series)

    def run(
        self,
        key: tuple[Any, ...],
        rows: Any,  # the pandas DataFrames the function iterates
        old: tuple[Any, ...] | None,
        old_timeout: int | None,
        has_timed_out: bool,
        evicted: bool = False,
    ) -> None:
        op = self.op
        raw_key = self.raw_keys[-1]
        state = GroupState(old, self.batch_ms, self.wm, op.timeout_conf, has_timed_out, op.watermark_present)
        try:
            for out in _validated(op.node.func(key, iter(rows), state), len(op.node.attrs)):
                self.frames.append((key, out))
        except Exception as e:  # noqa: BLE001 - any failure of the user's function fails the query
            raise self._failure(key, e) from e
        timeout = state._timeout_timestamp
        if state._removed and timeout == GroupState.NO_TIMESTAMP:
            if not evicted:
                self.removals.append(raw_key)
            return
        stored = GroupState.NO_TIMESTAMP if old_timeout is None else old_timeout
        if evicted or state._updated or state._removed or timeout != stored:
            value = state._value if state._defined else None
            if value is not None and len(value) != len(op.value_cols):
                raise self._failure(key, SparkRuntimeException(
                    errorClass="STRUCT_ARRAY_LENGTH_MISMATCH",
                    messageParameters={"expected": str(len(op.value_cols)), "actual": str(len(value))},
                ))
            values = tuple(_aware(v) for v in op.to_state(value)) if value is not None else (None,) * len(op.value_cols)
            self.upserts.append((
                *raw_key, *values, value is not None, None if timeout == GroupState.NO_TIMESTAMP else timeout,
            ))

    def flush(self) -> None:
        """Write this step's state changes to the store, vectorized."""
        op = self.op
        if self.removals:
            keys = pl.DataFrame(self.removals, schema={c: op.schema[c] for c in op.key_cols}, orient="row")
            op.store.remove(keys)
        if self.upserts:
            try:
                rows = pl.DataFrame(self.upserts, schema=op.schema, orient="row", strict=True)
            except (TypeError, ValueError, pl.exceptions.PolarsError) as e:
                raise PythonException(
                    f"applyInPandasWithState function `{op.node.func_name}` in batch {self.batch_id}: "
                    f"a state value does not match the state schema {op.node.state_schema.simpleString()}: {e}",
                    cause=e,
                ) from e
            op.store.upsert(rows)
        self.removals, self.upserts, self.raw_keys = [], [], []

    def output(self) -> pa.Table:
        """Every returned DataFrame as one Arrow table of the output schema (columns by name;
        a column the function did not return is NULL, as in PySpark)."""
        import pandas as pd

        schema = self.op.output_schema
        frames = [f for _, f in self.frames if len(f.columns)]
        if not frames:
            return schema.empty_table()
        try:
            return self._to_arrow(pd.concat(frames, ignore_index=True))
        except Exception:  # noqa: BLE001 - find the key whose output does not convert
            for key, f in self.frames:
                if len(f.columns):
                    try:
                        self._to_arrow(f)
                    except Exception as e:  # noqa: BLE001
                        raise self._failure(key, e) from e
            raise

    def _to_arrow(self, pdf: Any) -> pa.Table:
        import pandas as pd

        arrays = []
        for field in self.op.output_schema:
            if field.name not in pdf.columns:
                arrays.append(pa.nulls(len(pdf), field.type))
                continue
            s = pdf[field.name]
            if pa.types.is_timestamp(field.type) and pd.api.types.is_datetime64_any_dtype(s) and s.dt.tz is None:
                s = s.dt.tz_localize(self.ctx.session_tz)
            try:
                arrays.append(pa.Array.from_pandas(s, type=field.type, safe=True))
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError) as e:
                raise PySparkValueError(
                    f"Exception thrown when converting pandas.Series ({s.dtype}) with name '{field.name}' "
                    f"to Arrow Array ({field.type}): {e}"
                ) from e
        table = pa.Table.from_arrays(arrays, schema=self.op.output_schema)
        return cast_table(table, self.op.node.schema) if table.schema != self.op.output_schema else table

    def _failure(self, key: tuple[Any, ...], e: BaseException) -> PythonException:
        frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename != __file__]
        tb = "".join(traceback.format_list(frames)) + "".join(traceback.format_exception_only(type(e), e))
        return PythonException(
            f"An exception was thrown from applyInPandasWithState function `{self.op.node.func_name}` "
            f"for key {key!r} in batch {self.batch_id}:\n{tb}",
            cause=e,
        )


def _validated(result: Any, width: int) -> Iterator[Any]:
    """The function's results, checked as PySpark's worker checks them."""
    import pandas as pd

    if isinstance(result, pd.DataFrame):
        raise PySparkTypeError(
            errorClass="UDF_RETURN_TYPE",
            messageParameters={"expected": "iterable of pandas.DataFrame", "actual": type(result).__name__},
        )
    try:
        results = iter(result)
    except TypeError:
        raise PySparkTypeError(
            errorClass="UDF_RETURN_TYPE", messageParameters={"expected": "iterable", "actual": type(result).__name__}
        ) from None
    for out in results:
        if not isinstance(out, pd.DataFrame):
            raise PySparkTypeError(
                errorClass="UDF_RETURN_TYPE",
                messageParameters={
                    "expected": "iterator of pandas.DataFrame", "actual": f"iterator of {type(out).__name__}",
                },
            )
        if not (len(out.columns) == width or (len(out.columns) == 0 and out.empty)):
            raise PySparkRuntimeError(
                errorClass="RESULT_COLUMN_SCHEMA_MISMATCH",
                messageParameters={"expected": str(width), "actual": str(len(out.columns))},
            )
        yield out
