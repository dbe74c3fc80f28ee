"""Null handling and conditional functions."""

from __future__ import annotations

from collections.abc import Sequence

from rillet.plan import types as T
from rillet.plan.expressions.core import Expression
from rillet.plan.registry import (
    BOOLEAN,
    DOUBLE,
    FunctionSpec,
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


def _divide_type(types: list[T.DataType], _: Sequence[Expression]) -> T.DataType:
    return types[0] if isinstance(types[0], T.DecimalType) else DOUBLE


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
declare(FunctionSpec("try_divide", "scalar", _divide_type, 2, 2, arg_kinds=("double",),
                     always_nullable=True))
for _name in ("try_add", "try_subtract", "try_multiply"):
    declare(FunctionSpec(_name, "scalar", same_as_first, 2, 2, arg_kinds=("common",),
                         always_nullable=True))
