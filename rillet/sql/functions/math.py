"""Math functions."""

from __future__ import annotations

import random
from typing import Any

from rillet.plan.expressions.core import Literal
from rillet.sql.column import Column, _to_expr
from rillet.sql.functions._helpers import call, col_arg, one_column_function

__all__ = [
    'abs', 'pow', 'sqrt', 'power', 'round', 'bround', 'floor', 'ceil', 'ceiling', 'exp', 'expm1',
    'log', 'log10', 'log2', 'log1p', 'ln', 'signum', 'sign', 'greatest', 'least', 'rand', 'randn',
    'pmod', 'negative', 'negate', 'positive', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2',
    'sinh', 'cosh', 'tanh', 'cot', 'sec', 'csc', 'degrees', 'radians', 'toDegrees', 'toRadians',
    'factorial', 'hypot', 'cbrt', 'rint',
]


def _num(value: Any, arg_name: str) -> Any:
    return Literal.of(value) if isinstance(value, (int, float)) else col_arg(value, arg_name)


def abs(col: Any) -> Column:  # noqa: A001
    return call("abs", col_arg(col))


def pow(col1: Any, col2: Any) -> Column:  # noqa: A001
    return call("power", _num(col1, "col1"), _num(col2, "col2"))


power = pow


def sqrt(col: Any) -> Column:
    return call("sqrt", col_arg(col))


# --- rounding --------------------------------------------------------------------------------


def round(col: Any, scale: Any = None) -> Column:  # noqa: A001
    """Round HALF_UP to ``scale`` decimal places (negative: to tens, hundreds, ...)."""
    return call("round", col_arg(col), _to_expr(0 if scale is None else scale))


def bround(col: Any, scale: Any = None) -> Column:
    """Round HALF_EVEN (banker's rounding) to ``scale`` decimal places."""
    return call("bround", col_arg(col), _to_expr(0 if scale is None else scale))


def floor(col: Any, scale: Any = None) -> Column:
    return call("floor", col_arg(col))


def ceil(col: Any, scale: Any = None) -> Column:
    return call("ceil", col_arg(col))


def ceiling(col: Any, scale: Any = None) -> Column:
    return call("ceiling", col_arg(col))


# --- logarithms and friends ------------------------------------------------------------------


def log(arg1: Any, arg2: Any = None) -> Column:
    """``log(col)`` is the natural logarithm; ``log(base, col)`` the logarithm in ``base``."""
    if arg2 is None:
        return call("log", col_arg(arg1, "arg1"))
    return call("log", _num(arg1, "arg1"), col_arg(arg2, "arg2"))


def ln(col: Any) -> Column:
    return call("ln", col_arg(col))


def _unary(name: str) -> Any:
    return one_column_function(name, "function")


log10 = _unary("log10")
log2 = _unary("log2")
log1p = _unary("log1p")
exp = _unary("exp")
expm1 = _unary("expm1")
signum = _unary("signum")
sign = _unary("sign")
sin = _unary("sin")
cos = _unary("cos")
tan = _unary("tan")
asin = _unary("asin")
acos = _unary("acos")
atan = _unary("atan")
sinh = _unary("sinh")
cosh = _unary("cosh")
tanh = _unary("tanh")
cot = _unary("cot")
sec = _unary("sec")
csc = _unary("csc")
degrees = _unary("degrees")
radians = _unary("radians")
toDegrees = degrees  # noqa: N816
toRadians = radians  # noqa: N816
cbrt = _unary("cbrt")
rint = _unary("rint")
negative = _unary("negative")
negate = negative
positive = _unary("positive")
factorial = _unary("factorial")


def atan2(col1: Any, col2: Any) -> Column:
    return call("atan2", _num(col1, "col1"), _num(col2, "col2"))


def hypot(col1: Any, col2: Any) -> Column:
    return call("hypot", _num(col1, "col1"), _num(col2, "col2"))


def pmod(dividend: Any, divisor: Any) -> Column:
    return call("pmod", _num(dividend, "dividend"), _num(divisor, "divisor"))


def greatest(*cols: Any) -> Column:
    return call("greatest", *(col_arg(c, "cols") for c in cols))


def least(*cols: Any) -> Column:
    return call("least", *(col_arg(c, "cols") for c in cols))


# --- random ----------------------------------------------------------------------------------


def rand(seed: int | None = None) -> Column:
    """Uniform doubles in [0, 1); deterministic for a given ``seed`` (not Spark's sequence)."""
    return call("rand", Literal.of(seed if seed is not None else random.getrandbits(63)))


def randn(seed: int | None = None) -> Column:
    """Standard normal doubles; deterministic for a given ``seed`` (not Spark's sequence)."""
    return call("randn", Literal.of(seed if seed is not None else random.getrandbits(63)))
