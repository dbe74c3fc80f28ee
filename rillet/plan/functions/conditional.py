"""Null handling and conditional functions."""

from __future__ import annotations

from collections.abc import Sequence

from rillet.plan import types as T
from rillet.plan.expressions.core import Expression
from rillet.plan.registry import (
    BOOLEAN,
    FunctionSpec,
    ResultRule,
    declare,
    first_non_null,
    fixed,
    same_as_first,
)


def _second(types: list[T.DataType], _: Sequence[Expression]) -> T.DataType:
    return types[1]


def _render_if(call, r):  # type: ignore[no-untyped-def]
    return f"(IF({', '.join(r(a) for a in call.args)}))"


class _BranchSpec(FunctionSpec):
    """``if``/``nvl2``: the result is NULL only through a branch, never through the condition."""

    def nullable(self, args: Sequence[Expression]) -> bool:
        return any(a.nullable for a in args[1:])


def _try_arithmetic_type(name: str) -> ResultRule:
    def rule(_: list[T.DataType], args: Sequence[Expression]) -> T.DataType:
        from rillet.plan.analyzer.coercion import try_operator

        return try_operator(name, args[0], args[1]).data_type

    return rule


declare(FunctionSpec("coalesce", "scalar", first_non_null, 1, None, null_intolerant=False,
                     nullable_only_if_all_args=True))
declare(FunctionSpec("nvl", "scalar", same_as_first, 2, 2, arg_kinds=("common",), null_intolerant=False,
                     nullable_only_if_all_args=True))
declare(FunctionSpec("ifnull", "scalar", same_as_first, 2, 2, arg_kinds=("common",),
                     null_intolerant=False, nullable_only_if_all_args=True))
declare(_BranchSpec("nvl2", "scalar", _second, 3, 3, arg_kinds=("any", "common"), null_intolerant=False))
declare(FunctionSpec("nullif", "scalar", same_as_first, 2, 2, arg_kinds=("common",),
                     null_intolerant=False, always_nullable=True))
declare(_BranchSpec("if", "scalar", _second, 3, 3, arg_kinds=("boolean", "common"),
                     null_intolerant=False, renderer=_render_if))
declare(FunctionSpec("isnan", "scalar", fixed(BOOLEAN), arg_kinds=("double",), never_nullable=True))
declare(FunctionSpec("nanvl", "scalar", same_as_first, 2, 2, arg_kinds=("double",)))
declare(FunctionSpec("isnull", "scalar", fixed(BOOLEAN), never_nullable=True, null_intolerant=False,
                     renderer=lambda call, r: f"({r(call.args[0])} IS NULL)"))
declare(FunctionSpec("isnotnull", "scalar", fixed(BOOLEAN), never_nullable=True, null_intolerant=False,
                     renderer=lambda call, r: f"({r(call.args[0])} IS NOT NULL)"))
# operands are coerced as by the operators (analyzer/coercion.py try_operator)
for _name in ("try_add", "try_subtract", "try_multiply", "try_divide"):
    declare(FunctionSpec(_name, "scalar", _try_arithmetic_type(_name), 2, 2, arg_kinds=("any",),
                         always_nullable=True))
