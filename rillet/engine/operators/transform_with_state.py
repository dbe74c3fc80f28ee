"""``transformWithStateInPandas``: a user's :class:`StatefulProcessor` per key, with state
variables (value / list / map) and timers per key (Spark 4's ``TransformWithStateInPandasExec``).

Per micro-batch, in order (as PySpark's worker calls the processor):

1. With timeMode ``EventTime``, rows behind the watermark are dropped.
2. A fresh copy of the user's processor is made (Spark unpickles one per task) and
   ``init(handle)`` runs: it declares the state variables.
3. The batch is sorted and split by key (Polars, vectorized); the state of exactly those
   keys is read from the stores (one ``lookup`` / ``prefix_scan`` per variable); then
   ``handleInputRows(key, rows, timerValues)`` runs once per key, in key order, with the
   key's rows as pandas DataFrames of at most 10,000 rows. The changed state is written
   back, vectorized.
4. With timeMode ``ProcessingTime`` / ``EventTime``, the timers due (expiry at or before the
   batch's processing time / watermark) are taken out of the timers store by its time
   index (cost: the timers due, never a scan), and ``handleExpiredTimer`` runs for each,
   in (key, expiry) order; each fired timer is deleted afterwards.
5. ``close()``.

Storage: one :class:`StateStore` per state variable, under ``<operator>/<kind>-<name>``:
a value state is keyed by the grouping key, a list state by (grouping key, index), a map
state by (grouping key, user key), the timers by (grouping key, expiry). Every store
commits with the batch, so a restart resumes every key's state and pending timers.
TTL (``ttlDurationMs``): a variable with a TTL stores each row's expiry (the batch's
processing time + TTL, reset when the row is written); expired rows are invisible from the
batch whose processing time reaches the expiry, and are evicted by the store's time index.
"""

from __future__ import annotations

import copy
import datetime as _dt
import functools
import json
import os
import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import polars as pl
import pyarrow as pa

from rillet.compute import ComputeContext, arrow_to_lazy, execute
from rillet.compute.expressions import translate
from rillet.compute.relations import compute_rule, plan_to_lazy
from rillet.compute.types import arrow_schema, to_polars
from rillet.engine.operators.base import Layout, OperatorContext, stateful_operator
from rillet.engine.operators.pandas_state import (
    PandasGroupsOperator,
    _aware,
    _Caller,
    _chunks,
    _naive_local,
    _plain,
    _to_pandas,
    _validated,
)
from rillet.engine.operators.python_values import row_converter
from rillet.engine.state import layout as SL
from rillet.engine.state.store import StateStore
from rillet.engine.stateful_processor import (
    ExpiredTimerInfo,
    StatefulProcessorHandle,
    TimerValues,
)
from rillet.errors import PythonException
from rillet.plan import logical as L
from rillet.plan import types as T

__all__ = ["StatefulRuntime", "StreamingTransformWithStateInPandas"]

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_INDEX = "__i"
_EXPIRY = "__expiry"
_AT = "__at"
_TTL = "__expires_ms"
_TIMERS = "__timers"


@dataclass
class _Variable:
    """One declared state variable and its store."""

    kind: str  # "value" | "list" | "map"
    name: str
    schema: T.StructType
    user_key_schema: T.StructType | None
    store: StateStore
    value_cols: list[str]
    user_cols: list[str]
    ttl_ms: int | None = None

    def __post_init__(self) -> None:
        # values typed as PySpark's JVM reads them (a str in a long field is NULL, ...)
        self.convert = row_converter(self.schema)


@dataclass
class KeyState:
    """The state of one grouping key during a batch (as the processor sees it)."""

    values: dict[str, tuple[Any, ...] | None] = field(default_factory=dict)
    lists: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    maps: dict[str, dict[tuple[Any, ...], tuple[Any, ...]]] = field(default_factory=dict)
    timers: frozenset[int] = frozenset()
    loaded: dict[str, Any] = field(default_factory=dict)  # what the store held, per changed variable
    spans: dict[str, int] = field(default_factory=dict)  # list state: 1 + the largest stored index
    dirty: set[str] = field(default_factory=set)


def _struct(schema: T.StructType | str, arg: str) -> T.StructType:
    from rillet.errors import PySparkTypeError
    from rillet.plan.ddl import parse_ddl_schema

    if isinstance(schema, str):
        return parse_ddl_schema(schema)
    if isinstance(schema, T.StructType):
        return schema
    raise PySparkTypeError(
        errorClass="NOT_STR_OR_STRUCT", messageParameters={"arg_name": arg, "arg_type": type(schema).__name__}
    )


class StatefulRuntime:
    """The state variables of one operator and the key the processor works on (Spark's
    implicit key); what the handle and the state classes call."""

    def __init__(self, op: StreamingTransformWithStateInPandas) -> None:
        self.op = op
        self.current = KeyState()
        self.declaring = True  # variables may be created (the first init only)
        self.deleted: set[str] = set()

    def declare(
        self, kind: str, name: str, schema: T.StructType | str, user_key: T.StructType | str | None, ttl: int | None
    ) -> None:
        from rillet.errors import PySparkValueError

        op = self.op
        struct = _struct(schema, "schema")
        ukey = _struct(user_key, "userKeySchema") if user_key is not None else None
        existing = op.variables.get(name)
        if existing is not None:
            if existing.kind != kind or existing.schema != struct or existing.user_key_schema != ukey:
                raise PySparkValueError(
                    f"state variable '{name}' is already defined as a {existing.kind} state of "
                    f"{existing.schema.simpleString()}"
                )
            return
        if not self.declaring:
            raise PySparkValueError(
                f"state variable '{name}' must be declared in StatefulProcessor.init() of the first batch"
            )
        if ttl is not None and op.time_mode != "processingtime":
            from rillet.errors import AnalysisException

            raise AnalysisException(
                errorClass="STATEFUL_PROCESSOR_INCORRECT_TIME_MODE_TO_ASSIGN_TTL",
                messageParameters={
                    "stateName": name, "timeMode": "NoTime" if op.time_mode == "none" else "EventTime",
                },
            )
        if ttl is not None and int(ttl) <= 0:
            raise PySparkValueError(
                errorClass="VALUE_NOT_POSITIVE",
                messageParameters={"arg_name": "ttlDurationMs", "arg_value": str(ttl)},
            )
        op.add_variable(kind, name, struct, ukey, None if ttl is None else int(ttl))

    def state_value(self, name: str, value: tuple[Any, ...]) -> tuple[Any, ...]:
        from rillet.errors import PySparkTypeError

        if value is None:
            raise PySparkTypeError(errorClass="CANNOT_BE_NONE", messageParameters={"arg_name": "newValue"})
        out = tuple(_plain(v) for v in value)
        variable = self.op.variables[name]
        width = len(variable.schema.fields)
        if len(out) != width:
            raise PySparkTypeError(
                f"state '{name}': a value has {len(out)} fields, its schema "
                f"{variable.schema.simpleString()} has {width}"
            )
        return variable.convert(out)

    def pandas_rows(self, name: str, rows: list[tuple[Any, ...]], *, user_keys: bool = False) -> list[tuple[Any, ...]]:
        """``rows`` of state ``name`` as PySpark's list and map iterators hand them out: each
        is a row of a pandas DataFrame made from an Arrow batch, so values are numpy scalars,
        a numeric NULL is NaN and a row mixing ints and floats is upcast as pandas upcasts
        one row."""
        if not rows:
            return []
        variable = self.op.variables[name]
        schema = variable.user_key_schema if user_keys else variable.schema
        names = [f"c{i}" for i in range(len(schema.fields))]
        arrow = pa.schema([f.with_name(n) for f, n in zip(arrow_schema(schema), names)])
        frame = pa.Table.from_pylist([dict(zip(names, r)) for r in rows], schema=arrow).to_pandas()
        return [tuple(frame.iloc[i]) for i in range(len(frame))]

    def user_key(self, name: str, key: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(_plain(v) for v in key)

    def _touch(self, name: str, old: Any) -> None:
        ks = self.current
        if name not in ks.dirty:
            ks.dirty.add(name)
            ks.loaded[name] = old

    def set_value(self, name: str, value: tuple[Any, ...] | None) -> None:
        ks = self.current
        new = None if value is None else self.state_value(name, value)
        self._touch(name, ks.values.get(name))
        ks.values[name] = new

    def set_list(self, name: str, values: list[tuple[Any, ...]]) -> None:
        ks = self.current
        new = [self.state_value(name, v) for v in values]
        self._touch(name, ks.lists.get(name, []))
        ks.lists[name] = new

    def set_map(self, name: str, entries: dict[tuple[Any, ...], tuple[Any, ...]]) -> None:
        ks = self.current
        self._touch(name, ks.maps.get(name, {}))
        ks.maps[name] = entries

    def set_timers(self, timers: frozenset[int]) -> None:
        ks = self.current
        self._touch(_TIMERS, ks.timers)
        ks.timers = frozenset(timers)

    def delete_variable(self, name: str) -> None:
        if name in self.op.variables:
            self.deleted.add(name)


_TIME_MODES = {"none": "NoTime", "processingtime": "ProcessingTime", "eventtime": "EventTime"}
_KINDS = {"value": "ValueState", "list": "ListState", "map": "MapState"}


@stateful_operator(L.TransformWithStateInPandas)
class StreamingTransformWithStateInPandas(PandasGroupsOperator):
    """The state and the per-batch work of one ``transformWithStateInPandas``."""

    operator_name = "transformWithStateInPandasExec"
    node: L.TransformWithStateInPandas

    def __init__(self, node: L.TransformWithStateInPandas, context: OperatorContext) -> None:
        super().__init__(node, context)
        self.path = context.state_path
        self.snapshot_every = context.min_deltas_for_snapshot
        self.time_mode = node.time_mode.lower()
        self.variables: dict[str, _Variable] = {}
        self._stores: list[StateStore] = []
        self.timer_store = self._new_store("timers", {_EXPIRY: pl.Int64()}, {_AT: pl.Int64()}, prefix=True)
        self.batch_ms = 0
        # the driver's init (Spark's PRE_INIT): declares the variables, then close()
        self.runtime = StatefulRuntime(self)
        processor = copy.deepcopy(node.processor)
        processor.init(StatefulProcessorHandle(self.runtime))
        processor.close()
        self.runtime.declaring = False

    @property
    def event_time_mode(self) -> bool:
        return self.time_mode == "eventtime"

    @property
    def processing_time_mode(self) -> bool:
        return self.time_mode == "processingtime"

    def stores(self) -> list[StateStore]:
        return list(self._stores)

    def layout(self) -> Layout:
        node = self.node
        key = self.key_fields()
        variables = []
        props_vars = []
        for name, var in self.variables.items():
            value = [SL.leaf(f.name, col, f.dataType) for col, f in zip(var.value_cols, var.schema.fields)]
            if var.ttl_ms is not None:  # Spark wraps a TTL'd value: {value, ttlExpirationMs}
                value = [SL.struct("value", value), SL.leaf("ttlExpirationMs", _TTL, T.LongType())]
            entry: dict[str, Any] = {
                "name": name, "kind": var.kind, "dir": os.path.basename(var.store.path), "key": key,
                "value": value, "ttl": var.ttl_ms is not None,
            }
            if var.kind == "list":
                entry["index"] = _INDEX
            if var.kind == "map":
                assert var.user_key_schema is not None
                entry["user_key"] = [
                    SL.leaf(f.name, col, f.dataType) for col, f in zip(var.user_cols, var.user_key_schema.fields)
                ]
            variables.append(entry)
            props_vars.append(
                {"stateName": name, "stateVariableType": _KINDS[var.kind], "ttlEnabled": var.ttl_ms is not None}
            )
        if self.time_mode != "none":
            timers = "$eventTimers_keyToTimestamp" if self.time_mode == "eventtime" else "$procTimers_keyToTimestamp"
            variables.append({
                "name": timers, "kind": "timer", "dir": os.path.basename(self.timer_store.path), "key": key,
                "value": [SL.leaf("expiration_timestamp_ms", _EXPIRY, T.LongType())], "ttl": False,
            })
            props_vars.append({"stateName": timers, "stateVariableType": "TimerState", "ttlEnabled": False})
        properties = json.dumps({
            "timeMode": _TIME_MODES.get(self.time_mode, self.time_mode),
            "outputMode": node.output_mode.capitalize(),
            "stateVariables": props_vars,
        }, separators=(",", ":"))
        return self.path, SL.layout(
            self.operator_name, [SL.store("default", "", key, [])], properties, variables=variables
        )

    # -- stores ------------------------------------------------------------------------------
    def _new_store(
        self, label: str, extra_keys: dict[str, pl.DataType], values: dict[str, pl.DataType], prefix: bool
    ) -> StateStore:
        schema = {**self.key_schema, **extra_keys, **values}
        store = StateStore(
            os.path.join(self.path, label), schema, [*self.key_cols, *extra_keys], self.snapshot_every,
            num_prefix_key_columns=len(self.key_cols) if prefix else 0,
        )
        self._stores.append(store)
        return store

    def add_variable(
        self, kind: str, name: str, schema: T.StructType, ukey: T.StructType | None, ttl_ms: int | None = None
    ) -> None:
        value_cols = [f"v{i}" for i in range(len(schema.fields))]
        values = {c: to_polars(f.dataType) for c, f in zip(value_cols, schema.fields)}
        if ttl_ms is not None:
            values[_TTL] = pl.Int64()
        user_cols: list[str] = []
        extra: dict[str, pl.DataType] = {}
        if kind == "list":
            extra = {_INDEX: pl.Int64()}
        elif kind == "map":
            assert ukey is not None
            user_cols = [f"u{i}" for i in range(len(ukey.fields))]
            extra = {c: to_polars(f.dataType) for c, f in zip(user_cols, ukey.fields)}
        label = f"{kind}-{re.sub(r'[^A-Za-z0-9_.-]', '_', name)}"
        store = self._new_store(label, extra, values, prefix=kind != "value")
        self.variables[name] = _Variable(kind, name, schema, ukey, store, value_cols, user_cols, ttl_ms)

    # -- one batch ---------------------------------------------------------------------------
    def process(
        self, inputs: list[pl.LazyFrame], ctx: ComputeContext, mode: str, watermark_ms: int | None
    ) -> pa.Table:
        (child,) = inputs
        batch_ms = (ctx.now - _EPOCH) // _dt.timedelta(milliseconds=1)
        wm = watermark_ms if (watermark_ms is not None and self.watermark_present) else -1
        if self.time_mode == "none":
            timer_values = TimerValues(-1, -1)
        else:
            timer_values = TimerValues(batch_ms, wm)
        self._ran = True
        call = _Output(self, ctx, batch_ms, wm)  # type: ignore[arg-type]
        processor = copy.deepcopy(self.node.processor)
        runtime = self.runtime
        runtime.deleted = set()
        runtime.current = KeyState()
        processor.init(StatefulProcessorHandle(runtime))
        for name in runtime.deleted:
            var = self.variables[name]
            rows = var.store.all_rows()
            if rows.height:
                var.store.remove(rows)
        self.batch_ms = batch_ms
        for var in self.variables.values():
            if var.ttl_ms is not None:
                var.store.evict_before(_TTL, batch_ms + 1)
        if self.node.initial_state is not None and self.timer_store.version < 0:
            self._process_initial_state(ctx, processor, call, timer_values)
        keyed = child.with_columns([translate(k, ctx).alias(c) for c, k in zip(self.key_cols, self.node.grouping)])
        frame = keyed.collect()
        ctx.raise_pending()
        if frame.height:
            self._process_data(frame, processor, call, timer_values)
        if self.time_mode == "processingtime" or (self.time_mode == "eventtime" and wm != -1):
            threshold = batch_ms if self.time_mode == "processingtime" else wm
            self._process_timers(threshold, processor, call, timer_values)
        runtime.current = KeyState()
        processor.close()
        return call.output()

    # -- steps ---------------------------------------------------------------------------------
    def _process_data(self, frame: pl.DataFrame, processor: Any, call: _Output, timer_values: TimerValues) -> None:
        frame = frame.with_columns([pl.col(c).cast(t) for c, t in self.key_schema.items()])
        frame = frame.sort(self.key_cols, nulls_last=False, maintain_order=True)
        groups = frame.group_by(self.key_cols, maintain_order=True).agg(pl.len().alias("__n"))
        states = self._load(groups.select(self.key_cols))
        data_keys = [a.column_key for a in self.node.child.output]
        pdf = _to_pandas(frame.select(data_keys), self.input_names, call.ctx.session_tz)
        start = 0
        changed: list[tuple[tuple[Any, ...], KeyState]] = []
        for key, n in zip(call.keys(groups), groups.get_column("__n").to_list()):
            raw = call.raw_keys[-1]
            ks = states.get(raw) or KeyState()
            rows = _chunks(pdf, start, n)
            start += n
            self._run(call, key, ks, functools.partial(processor.handleInputRows, key, iter(rows), timer_values))
            if ks.dirty:
                changed.append((raw, ks))
        call.raw_keys = []
        self._write(changed)

    def _process_initial_state(
        self, ctx: ComputeContext, processor: Any, call: _Output, timer_values: TimerValues
    ) -> None:
        """The first batch only (no committed version): ``handleInitialState(key, pdf,
        timerValues)`` per key of the initial state, per DataFrame of its rows, in key order,
        before the batch's rows."""
        node = self.node
        assert node.initial_state is not None
        plan = node.initial_state
        frame = pl.from_arrow(execute(plan, ctx))
        assert isinstance(frame, pl.DataFrame)
        names = [a.name for a in plan.output]
        frame.columns = [a.column_key for a in plan.output]
        frame = frame.lazy().with_columns(
            [translate(k, ctx).alias(c) for c, k in zip(self.key_cols, node.initial_grouping)]
        ).collect()
        ctx.raise_pending()
        if not frame.height:
            return
        frame = frame.with_columns(
            [pl.col(c).cast(t) for c, t in self.key_schema.items()]
        ).sort(self.key_cols, nulls_last=False, maintain_order=True)
        groups = frame.group_by(self.key_cols, maintain_order=True).agg(pl.len().alias("__n"))
        states = self._load(groups.select(self.key_cols))
        pdf = _to_pandas(frame.select([a.column_key for a in plan.output]), names, ctx.session_tz)
        start = 0
        changed: list[tuple[tuple[Any, ...], KeyState]] = []
        for key, n in zip(call.keys(groups), groups.get_column("__n").to_list()):
            raw = call.raw_keys[-1]
            ks = states.get(raw) or KeyState()
            for chunk in list(_chunks(pdf, start, n)):
                self._run(call, key, ks, functools.partial(_no_output, processor.handleInitialState, key, chunk, timer_values))
            start += n
            if ks.dirty:
                changed.append((raw, ks))
        call.raw_keys = []
        self._write(changed)

    def _process_timers(self, threshold: int, processor: Any, call: _Output, timer_values: TimerValues) -> None:
        """The timers with expiry <= ``threshold``, each handled once, then deleted."""
        due = self.timer_store.evict_before(_AT, threshold + 1)
        if not due.height:
            return
        due = due.sort([*self.key_cols, _EXPIRY], nulls_last=False, maintain_order=True)
        keys = due.select(self.key_cols).unique(maintain_order=True)
        states = self._load(keys)
        nk = len(self.key_cols)
        per_key: dict[tuple[Any, ...], list[int]] = {}
        for row in due.select([*self.key_cols, _EXPIRY]).iter_rows():
            per_key.setdefault(tuple(row[:nk]), []).append(row[nk])
        changed: list[tuple[tuple[Any, ...], KeyState]] = []
        for raw, expiries in per_key.items():
            ks = states.get(raw) or KeyState()
            # the store no longer holds the due timers; until each fires, the key still has it
            # (listTimers shows it, as in Spark), and a re-registration is written back
            ks.loaded[_TIMERS] = ks.timers
            ks.dirty.add(_TIMERS)
            ks.timers = ks.timers | set(expiries)
            key = tuple(_naive_local(v) for v in raw)
            for expiry in expiries:
                handler = functools.partial(
                    processor.handleExpiredTimer, key=key, timerValues=timer_values,
                    expiredTimerInfo=ExpiredTimerInfo(expiry),
                )
                self._run(call, key, ks, handler)
                ks.timers = ks.timers - {expiry}  # Spark deletes the fired timer after the call
            changed.append((raw, ks))
        self._write(changed)

    def _run(self, call: _Output, key: tuple[Any, ...], ks: KeyState, fn: Any) -> None:
        self.runtime.current = ks
        try:
            for out in _validated(fn(), len(self.node.attrs)):
                call.frames.append((key, out))
        except Exception as e:  # noqa: BLE001 - any failure of the user's code fails the query
            frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename != __file__]
            tb = "".join(traceback.format_list(frames)) + "".join(traceback.format_exception_only(type(e), e))
            raise PythonException(
                f"An exception was thrown from transformWithStateInPandas processor "
                f"`{self.node.func_name}` for key {key!r} in batch {call.batch_id}:\n{tb}",
                cause=e,
            ) from e
        finally:
            self.runtime.current = KeyState()

    # -- state I/O (vectorized by variable) ------------------------------------------------
    def _load(self, keys: pl.DataFrame) -> dict[tuple[Any, ...], KeyState]:
        """Every variable's and the timers' state of ``keys``, per raw key."""
        out: dict[tuple[Any, ...], KeyState] = {}
        nk = len(self.key_cols)

        def state_of(raw: tuple[Any, ...]) -> KeyState:
            ks = out.get(raw)
            if ks is None:
                ks = out[raw] = KeyState()
            return ks

        for name, var in self.variables.items():
            if var.kind == "value":
                rows = self._live(var, var.store.lookup(keys))
                for row in rows.select([*self.key_cols, *var.value_cols]).iter_rows():
                    state_of(tuple(row[:nk])).values[name] = tuple(_naive_local(v) for v in row[nk:])
            elif var.kind == "list":
                rows = var.store.prefix_scan(keys)
                spans = rows.group_by(self.key_cols).agg(pl.col(_INDEX).max() + 1)
                for row in spans.select([*self.key_cols, _INDEX]).iter_rows():
                    state_of(tuple(row[:nk])).spans[name] = row[nk]
                rows = self._live(var, rows).sort([*self.key_cols, _INDEX], nulls_last=False)
                for row in rows.select([*self.key_cols, *var.value_cols]).iter_rows():
                    ks = state_of(tuple(row[:nk]))
                    ks.lists.setdefault(name, []).append(tuple(_naive_local(v) for v in row[nk:]))
            else:
                rows = self._live(var, var.store.prefix_scan(keys))
                nu = len(var.user_cols)
                for row in rows.select([*self.key_cols, *var.user_cols, *var.value_cols]).iter_rows():
                    ks = state_of(tuple(row[:nk]))
                    ukey = tuple(_naive_local(v) for v in row[nk:nk + nu])
                    ks.maps.setdefault(name, {})[ukey] = tuple(_naive_local(v) for v in row[nk + nu:])
        rows = self.timer_store.prefix_scan(keys)
        for row in rows.select([*self.key_cols, _EXPIRY]).iter_rows():
            ks = state_of(tuple(row[:nk]))
            ks.timers = ks.timers | {row[nk]}
        return out

    def _live(self, var: _Variable, rows: pl.DataFrame) -> pl.DataFrame:
        """Rows not expired (TTL) at this batch's processing time."""
        if var.ttl_ms is None:
            return rows
        return rows.filter(pl.col(_TTL) > self.batch_ms)

    def _write(self, changed: list[tuple[tuple[Any, ...], KeyState]]) -> None:
        """The changes of this step, one upsert and one removal per store."""
        upserts: dict[str, list[tuple[Any, ...]]] = {}
        removals: dict[str, list[tuple[Any, ...]]] = {}
        for raw, ks in changed:
            for name in ks.dirty:
                old = ks.loaded.get(name)
                ups = upserts.setdefault(name, [])
                rem = removals.setdefault(name, [])
                if name == _TIMERS:
                    rem.extend((*raw, t) for t in (old or frozenset()) - ks.timers)
                    ups.extend((*raw, t, t) for t in ks.timers - (old or frozenset()))
                    continue
                var = self.variables[name]
                ttl = () if var.ttl_ms is None else (self.batch_ms + var.ttl_ms,)
                if var.kind == "value":
                    value = ks.values.get(name)
                    if value is None:
                        rem.append(raw)
                    else:
                        ups.append((*raw, *(_aware(v) for v in value), *ttl))
                elif var.kind == "list":
                    new, old = ks.lists.get(name, []), old or []
                    span = max(ks.spans.get(name, 0), len(old))
                    same = 0  # the unchanged prefix is not rewritten (nor its TTL reset)
                    while same < min(len(old), len(new)) and old[same] == new[same] and span == len(old):
                        same += 1
                    rem.extend((*raw, i) for i in range(len(new), span))
                    ups.extend(
                        (*raw, i, *(_aware(v) for v in new[i]), *ttl) for i in range(same, len(new))
                    )
                    ks.spans[name] = len(new)
                else:
                    entries, old = ks.maps.get(name, {}), old or {}
                    rem.extend((*raw, *u) for u in old if u not in entries)
                    ups.extend(
                        (*raw, *(_aware(v) for v in u), *(_aware(v) for v in value), *ttl)
                        for u, value in entries.items() if old.get(u) != value
                    )
            ks.dirty.clear()
            ks.loaded.clear()
        for name in set(upserts) | set(removals):
            store = self.timer_store if name == _TIMERS else self.variables[name].store
            if removals.get(name):
                key_schema = {c: store.schema[c] for c in store.keys}
                store.remove(pl.DataFrame(removals[name], schema=key_schema, orient="row"))
            if upserts.get(name):
                try:
                    rows = pl.DataFrame(upserts[name], schema=store.schema, orient="row", strict=True)
                except (TypeError, ValueError, pl.exceptions.PolarsError) as e:
                    schema = self.variables[name].schema.simpleString() if name in self.variables else "timers"
                    raise PythonException(
                        f"transformWithStateInPandas processor `{self.node.func_name}`: a value of state "
                        f"'{name}' does not match its schema {schema}: {e}",
                        cause=e,
                    ) from e
                store.upsert(rows)


def _no_output(fn: Any, *args: Any) -> Iterator[Any]:
    """``handleInitialState`` returns nothing: call it, yield no DataFrame."""
    fn(*args)
    return iter([])


class _Output(_Caller):
    """applyInPandasWithState's output and key conversion, with this operator's messages."""

    def _failure(self, key: tuple[Any, ...], e: BaseException) -> PythonException:
        return PythonException(
            f"An exception was thrown from transformWithStateInPandas processor `{self.op.node.func_name}` "
            f"for key {key!r} in batch {self.batch_id}: {type(e).__name__}: {e}",
            cause=e,
        )


@compute_rule(L.TransformWithStateInPandas)
def _batch_transform_with_state(plan: L.TransformWithStateInPandas, ctx: ComputeContext) -> pl.LazyFrame:
    """``transformWithStateInPandas`` on a batch DataFrame, as Spark runs it: one batch over
    empty state (kept in a temporary folder, gone afterwards), initial state first; timers
    fire only if already due at the processing time."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="rillet-tws-batch-") as path:
        op = StreamingTransformWithStateInPandas(plan, OperatorContext(path, ctx))
        table = op.process([plan_to_lazy(plan.child, ctx)], ctx, "append", None)
    return arrow_to_lazy(table, plan.output)
