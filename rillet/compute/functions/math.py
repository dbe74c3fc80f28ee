"""Polars translations of math functions."""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from rillet.compute.expressions import ComputeContext
from rillet.compute.functions.rules import literal_arg, scalar
from rillet.compute.types import to_polars
from rillet.plan import types as T
from rillet.plan.expressions.core import Call


@scalar("abs")
def _abs(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].abs()


@scalar("power")
def _power(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].pow(a[1])


@scalar("sqrt")
def _sqrt(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].sqrt()


# --- rounding ---------------------------------------------------------------------------


def _round_integral(x: pl.Expr, scale: int, half_even: bool) -> pl.Expr:
    if scale >= 0:
        return x
    q = 10 ** (-scale)
    mag = x.abs().cast(pl.Int64)
    down, rest = mag // q, mag % q
    up = (rest * 2 > q) | ((rest * 2 == q) & ((down % 2 == 1) if half_even else pl.lit(True)))
    rounded = pl.when(up).then(down + 1).otherwise(down) * q
    return pl.when(x < 0).then(-rounded).otherwise(rounded)


def _round(call: Call, a: list[pl.Expr], half_even: bool) -> pl.Expr:
    scale = int(literal_arg(call, 1, 0) or 0)
    src = call.args[0].data_type
    target = to_polars(call.data_type)
    mode = "half_to_even" if half_even else "half_away_from_zero"
    if isinstance(src, (T.ByteType, T.ShortType, T.IntegerType, T.LongType)):
        return _round_integral(a[0], scale, half_even).cast(target)
    if isinstance(src, T.DecimalType):
        if scale < 0:
            return a[0]  # TODO negative scales of decimals
        return a[0].round(scale, mode=mode).cast(target)  # type: ignore[arg-type]
    # Spark rounds a double's shortest decimal text (BigDecimal(Double.toString(d))), so
    # round(2.675, 2) is 2.68; Polars rounds the binary value
    if scale < 0:
        q = 10.0 ** (-scale)
        return ((a[0] / q).round(0, mode=mode) * q).cast(target)  # type: ignore[arg-type]
    exact = a[0].cast(pl.String).cast(pl.Decimal(38, 18), strict=False)
    rounded = exact.round(scale, mode=mode).cast(pl.Float64)  # type: ignore[arg-type]
    return pl.coalesce(rounded, a[0].round(scale, mode=mode)).cast(target)  # type: ignore[arg-type]


@scalar("round")
def _round_half_up(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _round(call, a, half_even=False)


@scalar("bround")
def _bround(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _round(call, a, half_even=True)


def _floor_or_ceil(call: Call, x: pl.Expr, up: bool) -> pl.Expr:
    src = call.args[0].data_type
    target = to_polars(call.data_type)
    if isinstance(src, (T.ByteType, T.ShortType, T.IntegerType, T.LongType)):
        return x.cast(target)
    if isinstance(src, T.DecimalType):
        return (x.ceil() if up else x.floor()).cast(target)
    r = x.ceil() if up else x.floor()
    # Spark casts the double result to BIGINT, saturating (NaN is 0)
    return pl.when(r.is_nan()).then(0).otherwise(r.clip(-(2.0**63), 2.0**63 - 1)).cast(pl.Int64)


@scalar("floor")
def _floor(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _floor_or_ceil(call, a[0], up=False)


@scalar("ceil", "ceiling")
def _ceil(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _floor_or_ceil(call, a[0], up=True)


# --- logarithms and friends ----------------------------------------------------------------


def _positive_only(x: pl.Expr, value: pl.Expr) -> pl.Expr:
    # Spark: the logarithm of zero or a negative number is NULL
    return pl.when(x > 0).then(value)


@scalar("log")
def _log(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    if len(a) == 1:
        return _positive_only(a[0], a[0].log())
    base, x = a
    return pl.when(base > 0).then(_positive_only(x, x.log() / base.log()))


@scalar("ln")
def _ln(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _positive_only(a[0], a[0].log())


@scalar("log10")
def _log10(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _positive_only(a[0], a[0].log10())


@scalar("log2")
def _log2(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _positive_only(a[0], a[0].log(2))


@scalar("log1p")
def _log1p(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return pl.when(a[0] > -1).then(a[0].log1p())


_UNARY = {
    "exp": pl.Expr.exp,
    "expm1": lambda x: x.exp() - 1,
    "signum": pl.Expr.sign, "sign": pl.Expr.sign,
    "sin": pl.Expr.sin, "cos": pl.Expr.cos, "tan": pl.Expr.tan,
    "asin": pl.Expr.arcsin, "acos": pl.Expr.arccos, "atan": pl.Expr.arctan,
    "sinh": pl.Expr.sinh, "cosh": pl.Expr.cosh, "tanh": pl.Expr.tanh, "cot": pl.Expr.cot,
    "sec": lambda x: 1 / x.cos(), "csc": lambda x: 1 / x.sin(),
    "degrees": pl.Expr.degrees, "radians": pl.Expr.radians, "cbrt": pl.Expr.cbrt,
    "rint": lambda x: x.round(0, mode="half_to_even"),
}


@scalar(*_UNARY)
def _unary(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _UNARY[call.spec.name](a[0]).cast(pl.Float64)  # type: ignore[operator]


@scalar("atan2")
def _atan2(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return pl.arctan2(a[0], a[1])


@scalar("hypot")
def _hypot(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return (a[0].pow(2) + a[1].pow(2)).sqrt()


# --- comparisons and arithmetic ---------------------------------------------------------------


@scalar("greatest")
def _greatest(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return pl.max_horizontal(a)


@scalar("least")
def _least(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return pl.min_horizontal(a)


def java_remainder(x: pl.Expr, n: pl.Expr) -> pl.Expr:
    """``x % n`` with the dividend's sign (Java), where Polars takes the divisor's."""
    r = x % n
    return pl.when((r != 0) & ((r < 0) != (x < 0))).then(r - n).otherwise(r)


@scalar("pmod")
def _pmod(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    x, n = a
    r = java_remainder(x, n)
    result = pl.when(r < 0).then(java_remainder(r + n, n)).otherwise(r)
    return pl.when(n != 0).then(result.cast(to_polars(call.data_type)))


@scalar("negative")
def _negative(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return -a[0]


@scalar("positive")
def _positive(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0]


_FACTORIALS = [math.factorial(i) for i in range(21)]


@scalar("factorial")
def _factorial(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    table = pl.Series(_FACTORIALS, dtype=pl.Int64)
    in_range = (a[0] >= 0) & (a[0] <= 20)
    return pl.when(in_range).then(pl.lit(table).get(a[0].clip(0, 20).cast(pl.Int64)))


# --- random ---------------------------------------------------------------------------------


def _seeded(call: Call, normal: bool) -> pl.Expr:
    seed = literal_arg(call, 0, None)
    rng_seed = int(seed) if seed is not None else None

    def draw(s: pl.Series) -> pl.Series:
        rng = np.random.default_rng(None if rng_seed is None else rng_seed & (2**63 - 1))
        values = rng.standard_normal(len(s)) if normal else rng.random(len(s))
        return pl.Series(values, dtype=pl.Float64)

    return pl.int_range(pl.len()).map_batches(draw, return_dtype=pl.Float64)


@scalar("rand")
def _rand(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _seeded(call, normal=False)


@scalar("randn")
def _randn(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _seeded(call, normal=True)


@scalar("pi")
def _pi(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return pl.lit(math.pi, dtype=pl.Float64)


@scalar("e")
def _e(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return pl.lit(math.e, dtype=pl.Float64)
