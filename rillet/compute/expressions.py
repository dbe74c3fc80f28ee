"""Resolved expression -> Polars expression, one translation rule per node type.

Columns are addressed by their attribute key (``name#id``), so duplicate user
column names (joins) never collide. ANSI-mode runtime errors (division by zero,
malformed casts) are raised by :func:`guard`, a vectorized check evaluated with
the expression; the first bad value is quoted in Spark's message.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import singledispatch

import polars as pl

from rillet.compute.types import to_polars
from rillet.errors import AnalysisException, ArithmeticException, PySparkException
from rillet.plan import types as T
from rillet.plan.expressions.core import (
    Alias,
    AttributeReference,
    BinaryOperator,
    BitwiseNot,
    Call,
    CaseWhen,
    Cast,
    Expression,
    GetField,
    GetItem,
    In,
    IsNull,
    Literal,
    Negate,
    Not,
    SortOrder,
)


@dataclass
class ComputeContext:
    """What an evaluation may depend on besides its input: the query's clock and confs."""

    now: _dt.datetime = field(default_factory=lambda: _dt.datetime.now(_dt.timezone.utc))
    session_tz: str = "UTC"
    ansi: bool = True
    errors: list[PySparkException] = field(default_factory=list)

    def raise_pending(self) -> None:
        if self.errors:
            err = self.errors[0]
            self.errors.clear()
            raise err


def guard(
    ctx: ComputeContext,
    value: pl.Expr,
    bad: pl.Expr,
    dtype: pl.DataType,
    error: Callable[[pl.Series], PySparkException],
    witness: pl.Expr | None = None,
) -> pl.Expr:
    """``value``, but raise ``error(bad_witness_values)`` if ``bad`` holds for any row."""
    fields = [value.alias("v"), bad.fill_null(False).alias("bad")]
    if witness is not None:
        fields.append(witness.alias("w"))

    def check(s: pl.Series) -> pl.Series:
        flags = s.struct.field("bad")
        if flags.any():
            w = s.struct.field("w") if witness is not None else flags
            exc = error(w.filter(flags))
            ctx.errors.append(exc)
            raise exc
        return s.struct.field("v")

    return pl.struct(fields).map_batches(check, return_dtype=dtype)


def translate(e: Expression, ctx: ComputeContext) -> pl.Expr:
    """Polars expression computing the resolved expression ``e``."""
    return _translate(e, ctx)


@singledispatch
def _translate(e: Expression, ctx: ComputeContext) -> pl.Expr:
    raise AnalysisException(
        errorClass="NOT_IMPLEMENTED",
        messageParameters={"feature": f"No translation rule for {type(e).__name__} ({e.sql()})"},
    )


@_translate.register
def _(e: AttributeReference, ctx: ComputeContext) -> pl.Expr:
    return pl.col(e.column_key)


@_translate.register
def _(e: Alias, ctx: ComputeContext) -> pl.Expr:
    return _translate(e.child, ctx)


@_translate.register
def _(e: Literal, ctx: ComputeContext) -> pl.Expr:
    dtype = to_polars(e.dtype)
    value = e.value
    if isinstance(e.dtype, T.TimestampType) and isinstance(value, _dt.datetime) and value.tzinfo is None:
        from zoneinfo import ZoneInfo

        value = value.replace(tzinfo=ZoneInfo(ctx.session_tz))
    if isinstance(e.dtype, T.NullType):
        return pl.lit(None)
    return pl.lit(value, dtype=dtype)


def _divide_by_zero(_: pl.Series) -> PySparkException:
    return ArithmeticException(
        errorClass="DIVIDE_BY_ZERO", messageParameters={"config": '"spark.sql.ansi.enabled"'}
    )


_EXACT_RANGES = {T.IntegerType: ("integer", -(2**31), 2**31 - 1), T.LongType: ("long", -(2**63), 2**63 - 1)}
_EXACT_OPS = {"add": ("try_add", pl.Expr.add), "subtract": ("try_subtract", pl.Expr.sub),
              "multiply": ("try_multiply", pl.Expr.mul)}


def _overflow(kind: str, try_name: str) -> Callable[[pl.Series], PySparkException]:
    def make(_: pl.Series) -> PySparkException:
        return ArithmeticException(
            errorClass="ARITHMETIC_OVERFLOW",
            messageParameters={
                "message": f"{kind} overflow",
                "alternative": f" Use '{try_name}' to tolerate overflow and return NULL instead.",
                "config": '"spark.sql.ansi.enabled"',
            },
        )

    return make


def _exact_arithmetic(e: BinaryOperator, left: pl.Expr, right: pl.Expr, ctx: ComputeContext) -> pl.Expr:
    """``+ - *``; under ANSI an INT/BIGINT result out of range raises ARITHMETIC_OVERFLOW
    (Polars wraps around), checked exactly in 128-bit integers."""
    try_name, fn = _EXACT_OPS[e.op]
    result = fn(left, right)
    bounds = _EXACT_RANGES.get(type(e.data_type))
    if not ctx.ansi or bounds is None:
        return result
    kind, lo, hi = bounds
    wide = fn(left.cast(pl.Int128), right.cast(pl.Int128))
    bad = (wide < lo) | (wide > hi)
    return guard(ctx, result, bad, to_polars(e.data_type), _overflow(kind, try_name))


@_translate.register
def _(e: BinaryOperator, ctx: ComputeContext) -> pl.Expr:
    left, right = _translate(e.left, ctx), _translate(e.right, ctx)
    op = e.op
    if op in ("add", "subtract") and isinstance(e.left.data_type, T.DateType):
        days = pl.duration(days=right)  # date +- n days
        return left + days if op == "add" else left - days
    if op in _EXACT_OPS:
        return _exact_arithmetic(e, left, right, ctx)
    if op in ("divide", "div", "remainder"):
        zero = (right == 0) & left.is_not_null()
        if op == "divide":
            result = left / right
        elif op == "div":
            result = (left.cast(pl.Int64) // right.cast(pl.Int64))
            # Spark's div truncates toward zero; floor division differs for negative results
            adjust = ((left.cast(pl.Int64) % right.cast(pl.Int64)) != 0) & ((left < 0) != (right < 0))
            result = pl.when(adjust).then(result + 1).otherwise(result)
        else:
            r = left % right
            # Spark's remainder takes the dividend's sign (Java), Polars' the divisor's
            result = pl.when((r != 0) & ((r < 0) != (left < 0))).then(r - right).otherwise(r)
        safe = pl.when(right != 0).then(result)
        if ctx.ansi:
            return guard(ctx, safe, zero, to_polars(e.data_type), _divide_by_zero)
        return safe
    if op == "eq":
        return left == right
    if op == "eq_null_safe":
        return left.eq_missing(right)
    if op == "lt":
        return left < right
    if op == "le":
        return left <= right
    if op == "gt":
        return left > right
    if op == "ge":
        return left >= right
    if op == "and":
        return left & right
    if op == "or":
        return left | right
    if op == "bitwise_and":
        return left & right
    if op == "bitwise_or":
        return left | right
    if op == "bitwise_xor":
        return left ^ right
    raise AnalysisException(f"No translation rule for operator {op}")


@_translate.register
def _(e: Not, ctx: ComputeContext) -> pl.Expr:
    return ~_translate(e.child, ctx)


@_translate.register
def _(e: Negate, ctx: ComputeContext) -> pl.Expr:
    return -_translate(e.child, ctx)


@_translate.register
def _(e: BitwiseNot, ctx: ComputeContext) -> pl.Expr:
    return ~_translate(e.child, ctx)


@_translate.register
def _(e: IsNull, ctx: ComputeContext) -> pl.Expr:
    c = _translate(e.child, ctx)
    return c.is_not_null() if e.negated else c.is_null()


@_translate.register
def _(e: In, ctx: ComputeContext) -> pl.Expr:
    child = _translate(e.child, ctx)
    if all(isinstance(v, Literal) for v in e.values):
        values = [v.value for v in e.values if isinstance(v, Literal)]
        non_null = [v for v in values if v is not None]
        result = child.is_in(pl.Series(non_null, dtype=to_polars(e.child.data_type)).implode())
        # SQL semantics: no match and a NULL in the list (or a NULL input) -> NULL
        if len(non_null) != len(values):
            result = pl.when(result).then(True)
        return pl.when(child.is_null()).then(None).otherwise(result)
    result = pl.lit(False)
    for v in e.values:
        result = result | (child == _translate(v, ctx))
    return result


@_translate.register
def _(e: CaseWhen, ctx: ComputeContext) -> pl.Expr:
    (cond0, val0), *rest = e.branches
    chain = pl.when(_translate(cond0, ctx)).then(_translate(val0, ctx))
    for cond, val in rest:
        chain = chain.when(_translate(cond, ctx)).then(_translate(val, ctx))
    if e.otherwise is not None:
        return chain.otherwise(_translate(e.otherwise, ctx))
    return chain.otherwise(pl.lit(None, dtype=to_polars(e.data_type)))


@_translate.register
def _(e: Cast, ctx: ComputeContext) -> pl.Expr:
    from rillet.compute.cast import cast_expr

    return cast_expr(_translate(e.child, ctx), e.child.data_type, e.to, ctx, try_=e.try_)


@_translate.register
def _(e: GetField, ctx: ComputeContext) -> pl.Expr:
    return _translate(e.child, ctx).struct.field(e.field_name)


@_translate.register
def _(e: GetItem, ctx: ComputeContext) -> pl.Expr:
    child = _translate(e.child, ctx)
    key = _translate(e.key, ctx)
    if isinstance(e.child.data_type, T.ArrayType):
        return child.list.get(key, null_on_oob=True)
    # map: a list of {key, value} structs on the Polars side
    return (
        child.list.eval(
            pl.element().filter(pl.element().struct.field("key") == key).struct.field("value")
        ).list.first()
        if not isinstance(e.key, Literal)
        else child.list.eval(
            pl.element()
            .filter(pl.element().struct.field("key") == pl.lit(e.key.value))
            .struct.field("value")
        ).list.first()
    )


@_translate.register
def _(e: SortOrder, ctx: ComputeContext) -> pl.Expr:
    return _translate(e.child, ctx)


@_translate.register
def _(e: Call, ctx: ComputeContext) -> pl.Expr:
    from rillet.compute.functions import scalar_function

    return scalar_function(e, [_translate(a, ctx) for a in e.args], ctx)
