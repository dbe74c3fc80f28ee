"""How each stateful operator's stores map to what Spark's state data source shows.

rillet's stores hold internal columns (``k0``, ``p0_0``, ``__n``, ``__rid`` ...); Spark's
``statestore`` reader shows ``key`` / ``value`` structs named after the query (grouping
columns, aggregation buffers, the user's state schema). A checkpoint alone does not say
which is which, so when a query starts every operator writes that mapping next to its
state, as ``state/<operatorId>/_layout.json`` (rewritten at each start, so it always
matches the stores the running query writes):

- ``operatorId``: Spark's number of the operator (Spark numbers top-down, rillet's
  folders children first, so a query with several stateful operators differs);
- ``operatorName`` / ``operatorProperties``: Spark's, for ``state-metadata``;
- ``stores``: the stores readable by ``storeName`` (``default`` for most operators; a
  stream-stream join's four Spark store names), each a folder and its ``key``/``value``;
- ``join``: per side, the folder and the ``key``/``value`` that ``joinSide`` shows;
- ``variables``: a ``transformWithState`` operator's state variables and timers.

A *field* is ``{"name", "type", "col"}`` (a stored column cast to the Spark type
``type``, after an optional ``fn``: ``not_null``, ``is_null``, ``true``,
``null_to_minus_one``, ``unscaled:<scale>`` (a decimal's unscaled value)), ``{"name", "fields": [...]}`` (a struct of fields; NULL where
the boolean column ``valid``, if given, is false) or
``{"name", "type": "void"}`` (always NULL, Spark's ``__dummy__`` value).

Describing an operator is dispatched on its class (:func:`describe`); an operator this
module does not know is read with its internal columns, as before.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from collections.abc import Iterable
from typing import Any

from rillet.durability import write_atomic
from rillet.plan import types as T
from rillet.plan.expressions.core import AttributeReference, Expression

log = logging.getLogger(__name__)

LAYOUT_FILE = "_layout.json"
LAYOUT_VERSION = 1

Field = dict[str, Any]


def _name(e: Expression) -> str:
    name = getattr(e, "name", None)
    return name if isinstance(name, str) else e.sql()


def leaf(name: str, col: str, dtype: T.DataType, fn: str | None = None) -> Field:
    out: Field = {"name": name, "type": dtype.simpleString(), "col": col}
    if fn is not None:
        out["fn"] = fn
    return out


def struct(name: str, fields: list[Field]) -> Field:
    return {"name": name, "fields": fields}


def _void(name: str) -> Field:
    return {"name": name, "type": "void"}


def _store(name: str, folder: str, key: list[Field], value: list[Field]) -> dict[str, Any]:
    return {"name": name, "dir": folder, "key": key, "value": value}


# -- aggregation buffers ----------------------------------------------------------------------


def _buffer(call: Any, columns: list[str], state_n: str) -> list[Field]:
    """Spark's aggregation buffer attributes of ``call`` over rillet's partial columns."""
    name = call.spec.name
    dtype = call.data_type
    arg = call.args[0].data_type if call.args else dtype
    c = columns
    if name in ("count", "count_if"):
        return [leaf("count", c[0], T.LongType())]
    # Spark's DecimalAggregates: a narrow decimal is summed as its unscaled long (sum) or
    # double (avg); a wider one keeps a decimal sum (and, for sum, ``isEmpty``)
    if name == "sum":
        if isinstance(arg, T.DecimalType) and arg.precision + 10 <= 18:
            return [leaf("sum", c[0], T.LongType(), f"unscaled:{arg.scale}")]
        if isinstance(dtype, T.DecimalType):
            return [leaf("sum", c[0], dtype), leaf("isEmpty", c[0], T.BooleanType(), "is_null")]
        return [leaf("sum", c[0], dtype)]
    if name == "avg":
        if isinstance(arg, T.DecimalType) and arg.precision + 4 <= 15:
            return [leaf("sum", c[0], T.DoubleType(), f"unscaled:{arg.scale}"), leaf("count", c[1], T.LongType())]
        sum_type = T.DecimalType(min(38, arg.precision + 10), arg.scale) if isinstance(arg, T.DecimalType) \
            else T.DoubleType()
        return [leaf("sum", c[0], sum_type), leaf("count", c[1], T.LongType())]
    if name in ("min", "max"):
        return [leaf(name, c[0], dtype)]
    if name in ("bool_and", "every"):
        return [leaf("min", c[0], T.BooleanType())]
    if name in ("bool_or", "some"):
        return [leaf("max", c[0], T.BooleanType())]
    if name in ("first", "last"):
        ignore = bool(call.ignore_nulls) or (
            len(call.args) > 1 and bool(getattr(call.args[1], "value", False))
        )
        value_set = leaf("valueSet", c[0], T.BooleanType(), "not_null") if ignore else \
            leaf("valueSet", state_n, T.BooleanType(), "true")
        return [leaf(name, c[0], dtype), value_set]
    if name in ("stddev", "std", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop"):
        return [leaf("n", c[0], T.DoubleType()), leaf("avg", c[1], T.DoubleType()), leaf("m2", c[2], T.DoubleType())]
    if name in ("max_by", "min_by"):
        order = call.args[1].data_type
        return [leaf("valueWithExtremumOrdering", c[0], arg), leaf("extremumOrdering", c[1], order)]
    # collect_list / collect_set: Spark keeps a serialized buffer ("buf"); rillet's list
    return [leaf("buf", col, dtype) for col in columns]


# -- per operator -----------------------------------------------------------------------------


@functools.singledispatch
def describe(op: object) -> tuple[str, dict[str, Any]] | None:
    """``(operator folder, layout)`` of a stateful operator, or None when unknown."""
    return None


def _register() -> None:
    """Register the operators' describers (imported late: the operators import the store)."""
    from rillet.engine.operators.aggregate import StreamingAggregate
    from rillet.engine.operators.dedup import StreamingDeduplicate
    from rillet.engine.operators.join import StreamingSymmetricHashJoin
    from rillet.engine.operators.pandas_state import StreamingFlatMapGroupsInPandasWithState
    from rillet.engine.operators.session_window import StreamingSessionAggregate
    from rillet.engine.operators.transform_with_state import StreamingTransformWithStateInPandas

    describe.register(StreamingAggregate, _aggregate)
    describe.register(StreamingSessionAggregate, _session)
    describe.register(StreamingDeduplicate, _dedup)
    describe.register(StreamingSymmetricHashJoin, _join)
    describe.register(StreamingFlatMapGroupsInPandasWithState, _pandas)
    describe.register(StreamingTransformWithStateInPandas, _transform_with_state)


def _layout(name: str, stores: list[dict[str, Any]], properties: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"version": LAYOUT_VERSION, "operatorName": name, "operatorProperties": properties,
            "stores": stores, **extra}


def _aggregate(op: Any) -> tuple[str, dict[str, Any]]:
    key = [] if op.global_aggregate else [
        leaf(attr.name, col, attr.dtype) for col, (attr, _) in zip(op.key_cols, op.split.keys)
    ]
    value: list[Field] = []
    for p, (_, call) in zip(op.partials, op.split.calls):
        value += _buffer(call, p.columns, "__n")
    return op.store.path, _layout("stateStoreSave", [_store("default", "", key, value)])


def _session(op: Any) -> tuple[str, dict[str, Any]]:
    from rillet.engine.operators.session_window import _END, _START

    session = op.session
    ts = session.attr.dtype.fields[0].dataType
    partition = {p.sql(): (col, p) for col, p in zip(op.key_cols, session.partition)}
    key = [leaf(_name(p), col, p.data_type) for col, p in zip(op.key_cols, session.partition)]
    key.append(leaf("sessionStartTime", _START, ts))
    value: list[Field] = []
    for attr, g in op.split.keys:
        if isinstance(g, AttributeReference) and g.expr_id == session.attr.expr_id:
            value.append(struct(attr.name, [leaf("start", _START, ts), leaf("end", _END, ts)]))
        else:
            col, p = partition[g.sql()]
            value.append(leaf(attr.name, col, p.data_type))
    for p, (_, call) in zip(op.partials, op.split.calls):
        value += _buffer(call, p.columns, "__n")
    return op.store.path, _layout("sessionWindowStateStoreSaveExec", [_store("default", "", key, value)])


def _dedup(op: Any) -> tuple[str, dict[str, Any]]:
    from rillet.engine.operators.dedup import _EXPIRES

    key = [leaf(_name(k), col, k.data_type) for col, k in zip(op.key_cols, op.node.keys)]
    if op.within_watermark:
        value = [leaf("expiresAtMicros", _EXPIRES, T.LongType())]
        name = "dedupeWithinWatermark"
    else:
        value, name = [_void("__dummy__")], "dedupe"
    return op.store.path, _layout(name, [_store("default", "", key, value)])


def _join(op: Any) -> tuple[str, dict[str, Any]]:
    from rillet.engine.operators.join import _MATCHED, _RID

    sides: dict[str, Any] = {}
    stores = []
    for side in op.sides:
        key = [leaf(f"field{i}", col, e.data_type) for i, (col, e) in enumerate(zip(side.key_state, side.keys))]
        value = [leaf(a.name, col, a.data_type) for col, a in zip(side.state_cols, side.attrs)]
        folder = os.path.basename(side.store.path)
        sides[side.name] = {"dir": folder, "key": key, "value": value, "rid": _RID, "matched": _MATCHED}
        # Spark's two stores per side, derived from the side's buffer (see the reader)
        stores.append(_store(f"{side.name}-keyToNumValues", folder, key, [leaf("value", "__num", T.LongType())]))
        stores.append(_store(
            f"{side.name}-keyWithIndexToValue", folder, [*key, leaf("index", "__index", T.LongType())],
            [*value, leaf("matched", _MATCHED, T.BooleanType())],
        ))
    return os.path.dirname(op.left.store.path), _layout("symmetricHashJoin", stores, join=sides)


def _pandas(op: Any) -> tuple[str, dict[str, Any]]:
    from rillet.engine.operators.pandas_state import _DEFINED, _TIMEOUT, GroupStateTimeout

    node = op.node
    key = [leaf(_name(g), col, g.data_type) for col, g in zip(op.key_cols, node.grouping)]
    user = [leaf(f.name, col, f.dataType) for col, f in zip(op.value_cols, node.state_schema.fields)]
    # the user's state (NULL once removed while a timeout is still set); Spark keeps the
    # timeout timestamp (milliseconds, -1: none) only when the query has a timeout
    value = [{**struct("groupState", user), "valid": _DEFINED}]
    if op.timeout_conf != GroupStateTimeout.NoTimeout:
        value.append(leaf("timeoutTimestamp", _TIMEOUT, T.LongType(), "null_to_minus_one"))
    return op.store.path, _layout("applyInPandasWithState", [_store("default", "", key, value)])


_TIME_MODES = {"none": "NoTime", "processingtime": "ProcessingTime", "eventtime": "EventTime"}
_KINDS = {"value": "ValueState", "list": "ListState", "map": "MapState"}


def _transform_with_state(op: Any) -> tuple[str, dict[str, Any]]:
    from rillet.engine.operators.transform_with_state import _EXPIRY, _INDEX, _TTL

    node = op.node
    key = [leaf(_name(g), col, g.data_type) for col, g in zip(op.key_cols, node.grouping)]
    variables = []
    props_vars = []
    for name, var in op.variables.items():
        value = [leaf(f.name, col, f.dataType) for col, f in zip(var.value_cols, var.schema.fields)]
        if var.ttl_ms is not None:  # Spark wraps a TTL'd value: {value, ttlExpirationMs}
            value = [struct("value", value), leaf("ttlExpirationMs", _TTL, T.LongType())]
        entry: dict[str, Any] = {
            "name": name, "kind": var.kind, "dir": os.path.basename(var.store.path), "key": key,
            "value": value, "ttl": var.ttl_ms is not None,
        }
        if var.kind == "list":
            entry["index"] = _INDEX
        if var.kind == "map":
            assert var.user_key_schema is not None
            entry["user_key"] = [
                leaf(f.name, col, f.dataType) for col, f in zip(var.user_cols, var.user_key_schema.fields)
            ]
        variables.append(entry)
        props_vars.append({"stateName": name, "stateVariableType": _KINDS[var.kind], "ttlEnabled": var.ttl_ms is not None})
    if op.time_mode != "none":
        timers = "$eventTimers_keyToTimestamp" if op.time_mode == "eventtime" else "$procTimers_keyToTimestamp"
        variables.append({
            "name": timers, "kind": "timer", "dir": os.path.basename(op.timer_store.path), "key": key,
            "value": [leaf("expiration_timestamp_ms", _EXPIRY, T.LongType())], "ttl": False,
        })
        props_vars.append({"stateName": timers, "stateVariableType": "TimerState", "ttlEnabled": False})
    properties = json.dumps({
        "timeMode": _TIME_MODES.get(op.time_mode, op.time_mode),
        "outputMode": node.output_mode.capitalize(),
        "stateVariables": props_vars,
    }, separators=(",", ":"))
    return op.path, _layout(op.operator_name, [_store("default", "", key, [])], properties, variables=variables)


_register()


def write_layouts(operators: Iterable[object]) -> None:
    """Write each known operator's ``_layout.json`` into its state folder (atomically)."""
    operators = list(operators)
    spark_ids = spark_operator_ids([getattr(op, "node", None) for op in operators])
    for op, spark_id in zip(operators, spark_ids):
        try:
            described = describe(op)
        except Exception:  # an inspection aid never stops a query: its state reads unlabelled
            log.warning("Cannot describe the state of %s for the state data source", type(op).__name__, exc_info=True)
            described = None
        if described is None:
            continue
        folder, layout = described
        layout["operatorId"] = spark_id
        os.makedirs(folder, exist_ok=True)
        write_atomic(os.path.join(folder, LAYOUT_FILE), json.dumps(layout))


def spark_operator_ids(nodes: list[Any]) -> list[int]:
    """Spark's ``operatorId`` of each stateful node, given in rillet's order (children
    first): Spark numbers them top-down (pre-order), so an operator comes before the
    ones below it, and operators in different branches keep their left-to-right order."""
    below = [{id(n) for n in node.walk()} - {id(node)} if hasattr(node, "walk") else set() for node in nodes]

    def before(i: int, j: int) -> int:
        if nodes[j] is not None and id(nodes[j]) in below[i]:
            return -1
        if nodes[i] is not None and id(nodes[i]) in below[j]:
            return 1
        return i - j

    order = sorted(range(len(nodes)), key=functools.cmp_to_key(before))
    ids = [0] * len(nodes)
    for spark_id, i in enumerate(order):
        ids[i] = spark_id
    return ids


def read_layout(folder: str) -> dict[str, Any] | None:
    """The layout an operator folder holds (None: written before layouts, or unknown)."""
    path = os.path.join(folder, LAYOUT_FILE)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        layout = json.load(f)
    return layout if layout.get("version") == LAYOUT_VERSION else None
