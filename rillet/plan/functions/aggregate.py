"""Aggregate functions: count, sum, avg, min, max, first, last, ..."""

from __future__ import annotations

from collections.abc import Sequence as _Sequence

from rillet.plan import types as _T
from rillet.plan.expressions.core import Expression as _Expression
from rillet.plan.registry import (
    BOOLEAN,
    DOUBLE,
    LONG,
    FunctionSpec,
    avg_type,
    declare,
    fixed,
    render_count,
    same_as_first,
    sum_type,
)

declare(FunctionSpec("count", "aggregate", fixed(LONG), 1, None, renderer=render_count,
                     never_nullable=True))
declare(FunctionSpec("sum", "aggregate", sum_type, arg_kinds=("numeric",)))
declare(FunctionSpec("avg", "aggregate", avg_type, arg_kinds=("numeric",), aliases=("mean",)))
declare(FunctionSpec("min", "aggregate", same_as_first))
declare(FunctionSpec("max", "aggregate", same_as_first))
declare(FunctionSpec("first", "aggregate", same_as_first, 1, 2, aliases=("first_value",)))
declare(FunctionSpec("last", "aggregate", same_as_first, 1, 2, aliases=("last_value",)))

# --- more aggregates (batch; see the streaming operator for which merge incrementally) -----


def _array_of_first(types: list[_T.DataType], _: _Sequence[_Expression]) -> _T.DataType:
    return _T.ArrayType(types[0], False)


def _percentile_type(types: list[_T.DataType], args: _Sequence[_Expression]) -> _T.DataType:
    if len(types) > 1 and isinstance(types[1], _T.ArrayType):
        return _T.ArrayType(types[0], False)
    return types[0]


def _render_percentile(call, r):  # type: ignore[no-untyped-def]
    args = [r(a) for a in call.args] + (["10000"] if len(call.args) == 2 else [])
    return f"{call.spec.name}({', '.join(args)})"


declare(FunctionSpec("approx_count_distinct", "aggregate", fixed(LONG), 1, 2, never_nullable=True))
declare(FunctionSpec("collect_list", "aggregate", _array_of_first, never_nullable=True,
                     aliases=("array_agg",)))
declare(FunctionSpec("collect_set", "aggregate", _array_of_first, never_nullable=True))
# "std" is its own spec, not an alias: Spark names std(d) "std(d)", not "stddev(d)"
for _name in ("stddev", "std", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop"):
    declare(FunctionSpec(_name, "aggregate", fixed(DOUBLE), arg_kinds=("double",)))
declare(FunctionSpec("percentile_approx", "aggregate", _percentile_type, 2, 3, renderer=_render_percentile))
declare(FunctionSpec("approx_percentile", "aggregate", _percentile_type, 2, 3, renderer=_render_percentile))
declare(FunctionSpec("median", "aggregate", fixed(DOUBLE), arg_kinds=("double",)))
declare(FunctionSpec("mode", "aggregate", same_as_first))
declare(FunctionSpec("max_by", "aggregate", same_as_first, 2, 2))
declare(FunctionSpec("min_by", "aggregate", same_as_first, 2, 2))
declare(FunctionSpec("any_value", "aggregate", same_as_first, 1, 2))
declare(FunctionSpec("bool_and", "aggregate", fixed(BOOLEAN), arg_kinds=("boolean",)))
declare(FunctionSpec("bool_or", "aggregate", fixed(BOOLEAN), arg_kinds=("boolean",)))
declare(FunctionSpec("every", "aggregate", fixed(BOOLEAN), arg_kinds=("boolean",)))
declare(FunctionSpec("some", "aggregate", fixed(BOOLEAN), arg_kinds=("boolean",), aliases=("any",)))
declare(FunctionSpec("count_if", "aggregate", fixed(LONG), arg_kinds=("boolean",), never_nullable=True))
declare(FunctionSpec("product", "aggregate", fixed(DOUBLE), arg_kinds=("double",)))

# --- two-variable statistics: rows where either argument is NULL are left out, as in Spark ----
for _name in ("corr", "covar_pop", "covar_samp", "regr_avgx", "regr_avgy", "regr_intercept", "regr_r2",
              "regr_slope", "regr_sxx", "regr_sxy", "regr_syy"):
    declare(FunctionSpec(_name, "aggregate", fixed(DOUBLE), 2, 2, arg_kinds=("double",)))
declare(FunctionSpec("regr_count", "aggregate", fixed(LONG), 2, 2, arg_kinds=("double",), never_nullable=True))


def _render_exact_percentile(call, r):  # type: ignore[no-untyped-def]
    args = [r(a) for a in call.args] + (["1"] if len(call.args) == 2 else [])
    return f"percentile({', '.join(args)})"


def _exact_percentile_type(types: list[_T.DataType], args: _Sequence[_Expression]) -> _T.DataType:
    if len(types) > 1 and isinstance(types[1], _T.ArrayType):
        return _T.ArrayType(DOUBLE, False)
    return DOUBLE


declare(FunctionSpec("percentile", "aggregate", _exact_percentile_type, 2, 3, renderer=_render_exact_percentile))
