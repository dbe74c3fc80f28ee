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
from decimal import Decimal
from functools import singledispatch

import polars as pl
import pyarrow as pa

from rillet.compute.types import to_polars
from rillet.errors import AnalysisException, ArithmeticException, PySparkException
from rillet.plan import types as T
from rillet.plan.expressions.core import (
    Alias,
    AttributeReference,
    BinaryOperator,
    BitwiseNot,
    CaseWhen,
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

_SMALL_INPUT_ROWS = 50_000


@dataclass
class ComputeContext:
    """What an evaluation may depend on besides its input: the query's clock and confs."""

    now: _dt.datetime = field(default_factory=lambda: _dt.datetime.now(_dt.timezone.utc))
    session_tz: str = "UTC"
    ansi: bool = True
    errors: list[PySparkException] = field(default_factory=list)
    # the Spark error a native strict cast failing in this query stands for (a vectorized
    # ANSI check: Polars raises InvalidOperationError, the user sees Spark's condition)
    strict_cast_error: PySparkException | None = None
    # while translating a CASE branch: the rows that reach it (Spark evaluates a branch
    # only for them, so an ANSI error on any other row must not be raised)
    reach: pl.Expr | None = None
    # Arrow tables of this batch made from Polars frames (by id; the table is kept so the id
    # stays its own): reading such a table back takes the frame, not a second conversion
    frames: dict[int, tuple[pa.Table, pl.DataFrame]] = field(default_factory=dict)
    # rows this batch's sources gave (None: unknown, e.g. a batch query)
    input_rows: int | None = None

    @property
    def engine(self) -> str:
        """The Polars engine for a collect that may see the whole input: streaming (bounded
        memory, parallel) unless the input is known to be small, where its fixed cost (about
        0.2 ms a collect) is most of the work."""
        return "in-memory" if self.input_rows is not None and self.input_rows < _SMALL_INPUT_ROWS else "streaming"

    def arrow_of(self, frame: pl.DataFrame) -> pa.Table:
        """``frame`` as Arrow, remembered so that computing over the table reuses ``frame``."""
        table = frame.to_arrow()
        self.frames[id(table)] = (table, frame)
        return table

    def frame_of(self, table: pa.Table) -> pl.DataFrame | None:
        """The Polars frame ``table`` was made from by :meth:`arrow_of` (None otherwise)."""
        hit = self.frames.get(id(table))
        return hit[1] if hit is not None and hit[0] is table else None

    def raise_pending(self, failure: BaseException | None = None) -> None:
        if self.errors:
            err = self.errors[0]
            self.errors.clear()
            raise err
        if failure is not None and self.strict_cast_error is not None:
            if isinstance(failure, pl.exceptions.InvalidOperationError):
                raise self.strict_cast_error from None


def guard(
    ctx: ComputeContext,
    value: pl.Expr,
    bad: pl.Expr,
    dtype: pl.DataType,
    error: Callable[[pl.Series], PySparkException],
    witness: pl.Expr | None = None,
) -> pl.Expr:
    """``value``, but raise ``error(bad_witness_values)`` if ``bad`` holds for any row."""
    if ctx.reach is not None:
        bad = bad & ctx.reach
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

    # elementwise: a check of a literal-only expression broadcasts like the literal would
    return pl.struct(fields).map_batches(check, return_dtype=dtype, is_elementwise=True)


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
    if isinstance(e.dtype, T.TimestampType) and isinstance(value, _dt.datetime):
        value = value.astimezone(_dt.timezone.utc)  # the instant, in the column's UTC zone
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


def _int128(value: int) -> pl.Expr:
    return pl.lit(value, dtype=pl.Int128)


def _rescale_half_up(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """``num / den`` for Int128s, rounded HALF_UP (away from zero on a tie) as Spark's decimals."""
    magnitude = (num.abs() * _int128(2) + den.abs()) // (den.abs() * _int128(2))
    return pl.when((num < 0) != (den < 0)).then(_int128(0) - magnitude).otherwise(magnitude)


def _from_unscaled(q: pl.Expr, dtype: T.DecimalType) -> pl.Expr:
    """The decimal whose unscaled Int128 value at ``dtype.scale`` is ``q``; NULL if it
    does not fit ``dtype.precision`` (Spark's non-ANSI overflow)."""
    s = dtype.scale
    hi = q // _int128(10**s)
    lo = q - hi * _int128(10**s)
    unit = pl.lit(Decimal(1).scaleb(-s), dtype=pl.Decimal(38, s))
    value = hi.cast(pl.Decimal(38, s)) + lo.cast(pl.Decimal(38, 0)) * unit
    fits = q.abs() < _int128(10**dtype.precision)
    return pl.when(fits).then(value).cast(pl.Decimal(dtype.precision, s))


def _decimal_arithmetic(e: BinaryOperator, left: pl.Expr, right: pl.Expr, ctx: ComputeContext) -> pl.Expr:
    """Decimal ``+ - * / %`` computed exactly on the unscaled Int128 values and rounded
    HALF_UP to Spark's result type (Polars' decimals round half-even to their own scales)."""
    lt, rt, out = e.left.data_type, e.right.data_type, e.data_type
    if not isinstance(out, T.DecimalType):
        return pl.lit(None, dtype=to_polars(out))  # null / decimal
    assert isinstance(lt, T.DecimalType) and isinstance(rt, T.DecimalType)
    a, b = left.to_physical().cast(pl.Int128), right.to_physical().cast(pl.Int128)
    s1, s2, s = lt.scale, rt.scale, out.scale
    common = max(s1, s2)
    if e.op in ("add", "subtract", "remainder"):
        a, b = a * _int128(10 ** (common - s1)), b * _int128(10 ** (common - s2))
    if e.op == "add":
        num, scale = a + b, common
    elif e.op == "subtract":
        num, scale = a - b, common
    elif e.op == "multiply":
        return _decimal_multiply(a, b, s1 + s2 - s, out)
    elif e.op == "remainder":
        r = a % b  # Spark's remainder takes the dividend's sign (Java), Polars' the divisor's
        num, scale = pl.when((r != 0) & ((r < 0) != (a < 0))).then(r - b).otherwise(r), common
    else:
        shift = s + s2 - s1
        if abs(shift) > 37:  # 10**shift is beyond Int128: estimated (only with extreme scales)
            f = a.cast(pl.Float64) / b.cast(pl.Float64) * 10.0**shift
            q = pl.when(f < 0).then((f - 0.5).ceil()).otherwise((f + 0.5).floor()).cast(pl.Int128)
        else:
            num = a * _int128(10**shift) if shift >= 0 else a
            den = b if shift >= 0 else b * _int128(10**-shift)
            q = _rescale_half_up(num, pl.when(den != 0).then(den))
        return _guard_zero(ctx, _from_unscaled(q, out), b == 0, left, out)
    if scale > s:
        num = _rescale_half_up(num, _int128(10 ** (scale - s)))
    result = _from_unscaled(num, out)
    if e.op == "remainder":
        return _guard_zero(ctx, pl.when(b != 0).then(result), b == 0, left, out)
    return result


def _decimal_multiply(a: pl.Expr, b: pl.Expr, k: int, out: T.DecimalType) -> pl.Expr:
    """``a * b / 10**k`` rounded HALF_UP, for unscaled Int128s whose exact product may not fit
    128 bits: with ``a = ah*10**k + al`` and ``b = bh*10**k + bl`` (0 <= al, bl < 10**k) it is
    ``a*bh + ah*bl + al*bl/10**k``, and only the last term needs rounding."""
    # a result beyond the type's precision is NULL (estimated in floats: Int128 wraps)
    estimate = a.cast(pl.Float64) * b.cast(pl.Float64) / 10.0 ** k
    fits = estimate.abs() < 10.0**out.precision
    if k <= 0:
        q = a * b * _int128(10**-k)
    elif k > 37:  # 10**k is beyond Int128: estimated (only with extreme scales)
        q = pl.when(estimate < 0).then((estimate - 0.5).ceil()).otherwise((estimate + 0.5).floor())
        q = q.cast(pl.Int128)
    else:
        unit = _int128(10**k)
        ah, bh = a // unit, b // unit
        al, bl = a - ah * unit, b - bh * unit
        whole = a * bh + ah * bl
        negative = (a < 0) != (b < 0)
        if k <= 18:  # al*bl < 10**36: exact
            twice = al * bl * _int128(2)
            up = (twice + unit) // (unit * _int128(2))
            down = _int128(0) - (unit - twice) // (unit * _int128(2))
        else:
            f = al.cast(pl.Float64) * bl.cast(pl.Float64) / 10.0**k
            up, down = (f + 0.5).floor().cast(pl.Int128), (f - 0.5).ceil().cast(pl.Int128)
        q = whole + pl.when(negative).then(down).otherwise(up)
    return pl.when(fits).then(_from_unscaled(q, out))


def _guard_zero(ctx: ComputeContext, value: pl.Expr, zero: pl.Expr, left: pl.Expr, out: T.DataType) -> pl.Expr:
    if ctx.ansi:
        return guard(ctx, value, zero & left.is_not_null(), to_polars(out), _divide_by_zero)
    return value


@_translate.register
def _(e: BinaryOperator, ctx: ComputeContext) -> pl.Expr:
    left, right = _translate(e.left, ctx), _translate(e.right, ctx)
    op = e.op
    if op in ("add", "subtract", "multiply", "divide", "remainder") and isinstance(
        e.left.data_type, T.DecimalType
    ) and isinstance(e.right.data_type, T.DecimalType):
        return _decimal_arithmetic(e, left, right, ctx)
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
    outer = ctx.reach
    none_before: pl.Expr = pl.lit(True) if outer is None else outer

    def under(reach: pl.Expr, x: Expression) -> pl.Expr:
        # translate ``x`` as evaluated only on the rows ``reach`` holds for
        ctx.reach = reach
        try:
            return _translate(x, ctx)
        finally:
            ctx.reach = outer

    parts: list[tuple[pl.Expr, pl.Expr]] = []
    for cond, val in e.branches:
        c = under(none_before, cond)
        holds = c.fill_null(False)
        parts.append((c, under(none_before & holds, val)))
        none_before = none_before & ~holds
    (c0, v0), *rest = parts
    chain = pl.when(c0).then(v0)
    for c, v in rest:
        chain = chain.when(c).then(v)
    if e.otherwise is not None:
        return chain.otherwise(under(none_before, e.otherwise))
    return chain.otherwise(pl.lit(None, dtype=to_polars(e.data_type)))



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
