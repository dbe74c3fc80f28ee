"""Math functions."""

from __future__ import annotations

from collections.abc import Sequence

from rillet.plan import types as T
from rillet.plan.expressions.core import Expression, Literal
from rillet.plan.registry import (
    DOUBLE,
    LONG,
    FunctionSpec,
    declare,
    fixed,
    render_upper_name,
    same_as_first,
)


def _round_type(types: list[T.DataType], args: Sequence[Expression]) -> T.DataType:
    t = types[0]
    if isinstance(t, T.DecimalType):
        scale = args[1].value if len(args) > 1 and isinstance(args[1], Literal) else 0
        scale = int(scale or 0)
        if scale >= t.scale:
            return t
        integral = t.precision - t.scale
        return T.DecimalType(min(38, integral + max(scale, 0) + 1), max(scale, 0))
    return t


def _floor_type(types: list[T.DataType], _: Sequence[Expression]) -> T.DataType:
    t = types[0]
    if isinstance(t, T.DecimalType):
        return T.DecimalType(min(38, t.precision - t.scale + 1), 0)
    return LONG


def _render_log(call, r):  # type: ignore[no-untyped-def]
    if len(call.args) == 1:
        return f"ln({r(call.args[0])})"
    return f"LOG({r(call.args[0])}, {r(call.args[1])})"


def _render_positive(call, r):  # type: ignore[no-untyped-def]
    return f"(+ {r(call.args[0])})"


declare(FunctionSpec("abs", "scalar", same_as_first, arg_kinds=("numeric",)))
declare(FunctionSpec("power", "scalar", fixed(DOUBLE), 2, 2, arg_kinds=("double",),
                     renderer=render_upper_name("POWER"), aliases=("pow",)))
declare(FunctionSpec("sqrt", "scalar", fixed(DOUBLE), arg_kinds=("double",),
                     renderer=render_upper_name("SQRT")))

declare(FunctionSpec("round", "scalar", _round_type, 1, 2, arg_kinds=("numeric", "integral")))
declare(FunctionSpec("bround", "scalar", _round_type, 1, 2, arg_kinds=("numeric", "integral")))
declare(FunctionSpec("floor", "scalar", _floor_type, arg_kinds=("numeric",),
                     renderer=render_upper_name("FLOOR")))
declare(FunctionSpec("ceil", "scalar", _floor_type, arg_kinds=("numeric",),
                     renderer=render_upper_name("CEIL")))
declare(FunctionSpec("ceiling", "scalar", _floor_type, arg_kinds=("numeric",)))
declare(FunctionSpec("log", "scalar", fixed(DOUBLE), 1, 2, arg_kinds=("double",), renderer=_render_log,
                     always_nullable=True))
declare(FunctionSpec("ln", "scalar", fixed(DOUBLE), arg_kinds=("double",), always_nullable=True))
for _name in ("log10", "log2", "log1p"):
    declare(FunctionSpec(_name, "scalar", fixed(DOUBLE), arg_kinds=("double",), always_nullable=True,
                         renderer=render_upper_name(_name.upper())))
# one-argument double functions, named in upper case by Spark
for _name in ("exp", "expm1", "signum", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh",
              "tanh", "cot", "sec", "csc", "degrees", "radians", "cbrt"):
    declare(FunctionSpec(_name, "scalar", fixed(DOUBLE), arg_kinds=("double",),
                         renderer=render_upper_name(_name.upper())))
# Spark names these as called (`sign(x)`, `rint(x)`), unlike SIGNUM above: a spec of their own
for _name in ("sign", "rint"):
    declare(FunctionSpec(_name, "scalar", fixed(DOUBLE), arg_kinds=("double",)))
for _name in ("atan2", "hypot"):
    declare(FunctionSpec(_name, "scalar", fixed(DOUBLE), 2, 2, arg_kinds=("double",),
                         renderer=render_upper_name(_name.upper())))
declare(FunctionSpec("greatest", "scalar", same_as_first, 2, None, arg_kinds=("common",),
                     null_intolerant=False, nullable_only_if_all_args=True))
declare(FunctionSpec("least", "scalar", same_as_first, 2, None, arg_kinds=("common",),
                     null_intolerant=False, nullable_only_if_all_args=True))
declare(FunctionSpec("pmod", "scalar", same_as_first, 2, 2, arg_kinds=("common",), always_nullable=True))
declare(FunctionSpec("negative", "scalar", same_as_first, arg_kinds=("numeric",)))
declare(FunctionSpec("positive", "scalar", same_as_first, arg_kinds=("numeric",),
                     renderer=_render_positive))
declare(FunctionSpec("factorial", "scalar", fixed(LONG), arg_kinds=("integral",), always_nullable=True))
declare(FunctionSpec("rand", "scalar", fixed(DOUBLE), 0, 1, arg_kinds=("long",), never_nullable=True,
                     deterministic=False, aliases=("random",)))
declare(FunctionSpec("randn", "scalar", fixed(DOUBLE), 0, 1, arg_kinds=("long",), never_nullable=True,
                     deterministic=False))


def _render_constant(name: str):  # type: ignore[no-untyped-def]
    return lambda call, r: f"{name}()"


# constants: Spark names them PI() and E()
declare(FunctionSpec("pi", "scalar", fixed(DOUBLE), 0, 0, never_nullable=True, renderer=_render_constant("PI")))
declare(FunctionSpec("e", "scalar", fixed(DOUBLE), 0, 0, never_nullable=True, renderer=_render_constant("E")))
