"""Window analysis: resolve ``f() OVER (...)``, fill in Spark's frames, extract into a Window node.

Spark's rules, in order: a window function needs an OVER clause
(``WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE``); a ranking function needs ORDER BY and
its own frame; an aggregate without ORDER BY covers the whole partition, with
ORDER BY it runs from the partition start to the current row's peers
(``RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW``).
"""

from __future__ import annotations

from dataclasses import replace

from rillet.errors import AnalysisException
from rillet.plan import logical as L
from rillet.plan.analyzer.coercion import cast_if_needed, type_sql
from rillet.plan.analyzer.expressions import Scope, _resolve
from rillet.plan.expressions.core import Alias, AttributeReference, Call, Expression, Literal, SortOrder
from rillet.plan.expressions.window import (
    ENTIRE_PARTITION,
    RANGE,
    RUNNING_RANGE,
    WindowExpression,
    WindowFrame,
    WindowSpecDefinition,
    contains_window,
)
from rillet.plan.functions.window import RANKING, required_frame
from rillet.plan.type_rules import is_numeric


@_resolve.register
def _(e: WindowExpression, scope: Scope) -> Expression:
    function = _resolve(e.function, scope)
    partition = tuple(_resolve(p, scope) for p in e.spec.partition)
    order = tuple(
        _resolve(o if isinstance(o, SortOrder) else SortOrder(o), scope) for o in e.spec.order
    )
    spec = WindowSpecDefinition(partition, order, e.spec.frame)
    if isinstance(function, Call) and function.spec.kind == "window":
        function = _coerce_offset_default(function)
        if function.spec.name in RANKING and not order:
            name = function.sql()
            raise AnalysisException(
                f"Window function {name} requires window to be ordered, please add ORDER BY clause. "
                f"For example SELECT {name}(value_expr) OVER (PARTITION BY window_partition "
                "ORDER BY window_ordering) from table.",
                errorClass="_LEGACY_ERROR_TEMP_1037",
            )
        frame = required_frame(function)
        if spec.frame is not None and spec.frame != frame:
            raise AnalysisException(
                f"Window Frame {_frame_debug(spec.frame)} must match the required frame "
                f"{_frame_debug(frame)}.",
                errorClass="_LEGACY_ERROR_TEMP_1036",
            )
        _check_ntile(function)
    elif isinstance(function, Call) and function.is_aggregate:
        frame = spec.frame or (RUNNING_RANGE if order else ENTIRE_PARTITION)
        if function.is_distinct:
            raise AnalysisException(
                "[DISTINCT_WINDOW_FUNCTION_UNSUPPORTED] Distinct window functions are not supported: "
                f"\"{function.sql()} OVER ({replace(spec, frame=frame).sql()})\". SQLSTATE: 0A000",
                errorClass="DISTINCT_WINDOW_FUNCTION_UNSUPPORTED",
            )
        _check_range_frame(frame, order)
    else:
        raise AnalysisException(
            f"[UNSUPPORTED_EXPR_FOR_WINDOW] Expression \"{function.sql()}\" not supported within a "
            "window function. SQLSTATE: 42P20",
            errorClass="UNSUPPORTED_EXPR_FOR_WINDOW",
        )
    return WindowExpression(function, replace(spec, frame=frame))


def _check_ntile(call: Call) -> None:
    if call.spec.name != "ntile":
        return
    k = call.args[0]
    buckets = k.value if isinstance(k, Literal) else None
    if not isinstance(buckets, int) or buckets <= 0:
        raise AnalysisException(
            f"[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve \"{call.sql()}\" due to data type "
            f"mismatch: The buckets must be between (0, 2147483647] (current value = {buckets}). "
            "SQLSTATE: 42K09",
            errorClass="DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
        )


def _coerce_offset_default(call: Call) -> Call:
    """lag/lead's default value takes the input's type (``lag(x, 1, 0)`` over a double)."""
    if call.spec.name not in ("lag", "lead") or len(call.args) < 3:
        return call
    default = cast_if_needed(call.args[2], call.args[0].data_type)
    return Call(call.spec, (*call.args[:2], default), call.is_distinct, call.ignore_nulls)


def _frame_debug(frame: WindowFrame | None) -> str:
    if frame is None:
        return "unspecifiedframe$()"
    kind = "RowFrame" if frame.frame_type == "rows" else "RangeFrame"
    lower = "unboundedpreceding$()" if frame.lower is None else (
        "currentrow$()" if frame.lower == 0 else str(frame.lower))
    upper = "unboundedfollowing$()" if frame.upper is None else (
        "currentrow$()" if frame.upper == 0 else str(frame.upper))
    return f"specifiedwindowframe({kind}, {lower}, {upper})"


def _check_range_frame(frame: WindowFrame, order: tuple[Expression, ...]) -> None:
    """A RANGE frame with value offsets needs one numeric ORDER BY key."""
    if frame.frame_type != RANGE or frame.lower in (None, 0) and frame.upper in (None, 0):
        return
    if len(order) != 1:
        raise AnalysisException(
            f"[DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER] Cannot resolve \"{frame.sql()}\" due to "
            "data type mismatch: A range window frame with value boundaries cannot be used in a "
            f"window specification with multiple order by expressions: "
            f"{', '.join(o.sql() for o in order)}. SQLSTATE: 42K09",
            errorClass="DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER",
        )
    key_type = order[0].data_type
    if not is_numeric(key_type):
        raise AnalysisException(
            f"[DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE] Cannot resolve "
            f"\"{frame.sql()}\" due to data type mismatch: The data type of the lower bound "
            f"{type_sql(key_type)} does not match the expected data type (\"NUMERIC\" or "
            "\"INTERVAL DAY TO SECOND\" or \"INTERVAL YEAR TO MONTH\" or \"INTERVAL\"). SQLSTATE: 42K09",
            errorClass="DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE",
        )


def check_no_bare_window_function(e: Expression) -> None:
    """``row_number()`` outside ``OVER``: Spark's WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE."""
    if isinstance(e, WindowExpression):
        for c in e.function.children:
            check_no_bare_window_function(c)
        return
    if isinstance(e, Call) and e.spec.kind == "window":
        raise AnalysisException(
            f"[WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE] Window function \"{e.sql()}\" requires an OVER "
            "clause. SQLSTATE: 42601",
            errorClass="WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE",
        )
    for c in e.children:
        check_no_bare_window_function(c)


def extract_windows(child: L.LogicalPlan, exprs: list[Expression]) -> tuple[L.LogicalPlan, list[Expression]]:
    """Move the window expressions of a select list into a Window node below it."""
    extracted: list[Alias] = []
    seen: dict[str, Expression] = {}

    def pull(e: Expression) -> Expression:
        if not isinstance(e, WindowExpression):
            return e
        key = e.sql()
        if key not in seen:
            alias = Alias(e, f"_we{len(extracted)}")
            extracted.append(alias)
            seen[key] = alias.to_attribute()
        return seen[key]

    rewritten = [e.transform_up(pull) for e in exprs]
    if not extracted:
        return child, exprs
    return L.Window(child, tuple(extracted)), rewritten


def has_aggregate_outside_window(e: Expression) -> bool:
    """An aggregate call not under OVER: the select is an aggregation (with windows over it)."""
    if isinstance(e, WindowExpression):
        return any(has_aggregate_outside_window(c) for c in e.function.children) or any(
            has_aggregate_outside_window(c) for c in e.spec.children
        )
    if isinstance(e, Call) and e.is_aggregate:
        return True
    return any(has_aggregate_outside_window(c) for c in e.children)


def split_windowed_aggregate(aggregates: list[Expression]) -> tuple[list[Expression], list[Expression]]:
    """``groupBy(k).agg(sum(x), rank().over(Window.orderBy(sum(x))))``: Spark computes the
    aggregation first and the windows over its result.

    Returns the Aggregate's named expressions and the select list over its output
    (whose window expressions are still to be extracted)."""
    extra: dict[str, Alias] = {}
    passthrough: dict[int, AttributeReference] = {}

    def over_aggregate(e: Expression) -> Expression:
        if isinstance(e, WindowExpression):
            function = e.function.map_children(over_aggregate)
            return WindowExpression(function, e.spec.map_children(over_aggregate))  # type: ignore[arg-type]
        if isinstance(e, Call) and e.is_aggregate:
            if any(contains_window(a) for a in e.args):
                raise AnalysisException(
                    "It is not allowed to use a window function inside an aggregate function. Please "
                    "use the inner window function in a sub-query.",
                    errorClass="_LEGACY_ERROR_TEMP_1031",
                )
            key = e.sql()
            if key not in extra:
                extra[key] = Alias(e, e.pretty_name())
            return extra[key].to_attribute()
        if isinstance(e, AttributeReference):
            passthrough.setdefault(e.expr_id, e)
            return e
        return e.map_children(over_aggregate)

    plain = [e for e in aggregates if not contains_window(e)]
    select: list[Expression] = []
    for e in aggregates:
        if contains_window(e):
            select.append(over_aggregate(e))
        else:
            select.append(L.named_output(e))
    plain_ids = {L.named_output(e).expr_id for e in plain}
    hidden = [a for i, a in passthrough.items() if i not in plain_ids]
    return [*plain, *extra.values(), *hidden], select


__all__ = [
    "check_no_bare_window_function",
    "extract_windows",
    "has_aggregate_outside_window",
    "split_windowed_aggregate",
]
