"""CAST between Spark types on Polars, with ANSI errors (or NULL for TRY_CAST)."""

from __future__ import annotations

import polars as pl

from rillet.compute.expressions import ComputeContext, _translate, guard
from rillet.compute.types import to_polars
from rillet.errors import ArithmeticException, NumberFormatException, PySparkException
from rillet.plan import types as T
from rillet.plan.expressions.core import Cast
from rillet.plan.format import java_double_to_string

_INTEGRAL = (T.ByteType, T.ShortType, T.IntegerType, T.LongType)
_FRACTIONAL = (T.FloatType, T.DoubleType)
_TRUE = ["t", "true", "y", "yes", "1"]
_FALSE = ["f", "false", "n", "no", "0"]


def _type_sql(t: T.DataType) -> str:
    return f'"{t.simpleString().upper()}"'


def _invalid_input(src: T.DataType, to: T.DataType):  # type: ignore[no-untyped-def]
    def make(bad: pl.Series) -> PySparkException:
        value = bad[0]
        return NumberFormatException(
            errorClass="CAST_INVALID_INPUT",
            messageParameters={
                "expression": f"'{value}'" if isinstance(value, str) else str(value),
                "sourceType": _type_sql(src),
                "targetType": _type_sql(to),
                "ansiConfig": '"spark.sql.ansi.enabled"',
            },
        )

    return make


def _overflow(src: T.DataType, to: T.DataType):  # type: ignore[no-untyped-def]
    def make(bad: pl.Series) -> PySparkException:
        value = bad[0]
        if isinstance(src, T.LongType):
            shown = f"{value}L"
        elif isinstance(src, T.DoubleType):
            shown = f"{java_double_to_string(float(value))}D"
        else:
            shown = str(value)
        return ArithmeticException(
            errorClass="CAST_OVERFLOW",
            messageParameters={"value": shown, "sourceType": _type_sql(src), "targetType": _type_sql(to)},
        )

    return make


def _checked(
    ctx: ComputeContext, src_expr: pl.Expr, result: pl.Expr, to: T.DataType, error, try_: bool  # type: ignore[no-untyped-def]
) -> pl.Expr:
    if try_ or not ctx.ansi:
        return result
    bad = result.is_null() & src_expr.is_not_null()
    return guard(ctx, result, bad, to_polars(to), error, witness=src_expr)


def timestamp_to_string(e: pl.Expr, tz: str | None) -> pl.Expr:
    """Spark's text for a timestamp: ``yyyy-MM-dd HH:mm:ss[.fraction without trailing 0s]``."""
    local = e.dt.convert_time_zone(tz) if tz else e
    base = local.dt.strftime("%Y-%m-%d %H:%M:%S")
    micros = local.dt.microsecond()
    frac = micros.cast(pl.String).str.zfill(6).str.strip_chars_end("0")
    return pl.when(micros != 0).then(base + pl.lit(".") + frac).otherwise(base)


def local_to_utc(naive: pl.Expr, tz: str) -> pl.Expr:
    """Wall-clock time in ``tz`` as an instant, resolved as Java does: an ambiguous time (the
    hour repeated when clocks go back) takes the earlier offset, and a time in a gap (clocks
    go forward) is moved forward by the gap (read with the offset before the gap)."""
    hour = pl.duration(hours=1)
    direct = naive.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
    shifted = (naive - hour).dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null") + hour
    return pl.coalesce(direct, shifted).dt.convert_time_zone("UTC")


def cast_expr(
    e: pl.Expr, src: T.DataType, to: T.DataType, ctx: ComputeContext, try_: bool = False
) -> pl.Expr:
    if src == to:
        return e
    target = to_polars(to)
    if isinstance(src, T.NullType):
        return pl.lit(None, dtype=target)
    if isinstance(to, T.StringType):
        return _to_string(e, src, ctx)
    if isinstance(src, T.StringType):
        return _from_string(e, to, ctx, try_)
    if isinstance(to, _INTEGRAL) and isinstance(src, (*_INTEGRAL, *_FRACTIONAL, T.DecimalType)):
        if isinstance(src, _INTEGRAL) and _INTEGRAL.index(type(src)) <= _INTEGRAL.index(type(to)):
            return e.cast(target)  # widening never fails
        # float -> int truncates toward zero; NaN/Infinity/out of range become NULL (then ANSI error)
        result = e.cast(target, strict=False)
        return _checked(ctx, e, result, to, _overflow(src, to), try_)
    if isinstance(to, T.BooleanType) and isinstance(src, (*_INTEGRAL, *_FRACTIONAL)):
        return e != 0
    if isinstance(src, T.BooleanType) and isinstance(to, (*_INTEGRAL, *_FRACTIONAL)):
        return e.cast(target)
    if isinstance(to, T.DateType) and isinstance(src, (T.TimestampType, T.TimestampNTZType)):
        local = e.dt.convert_time_zone(ctx.session_tz) if isinstance(src, T.TimestampType) else e
        return local.dt.date()
    if isinstance(to, T.TimestampType) and isinstance(src, T.DateType):
        return local_to_utc(e.cast(pl.Datetime("us")), ctx.session_tz)
    if isinstance(to, T.TimestampType) and isinstance(src, (*_INTEGRAL, *_FRACTIONAL)):
        return (e.cast(pl.Float64) * 1_000_000).cast(pl.Int64).cast(pl.Datetime("us", "UTC"))
    if isinstance(to, _INTEGRAL) and isinstance(src, T.TimestampType):
        return e.dt.epoch("s").cast(target)
    if isinstance(to, _FRACTIONAL) and isinstance(src, T.TimestampType):
        return e.dt.epoch("us").cast(pl.Float64) / 1_000_000
    if isinstance(to, T.TimestampNTZType) and isinstance(src, T.TimestampType):
        return e.dt.convert_time_zone(ctx.session_tz).dt.replace_time_zone(None)
    if isinstance(to, T.TimestampType) and isinstance(src, T.TimestampNTZType):
        return local_to_utc(e, ctx.session_tz)
    return e.cast(target, strict=False)


def _to_string(e: pl.Expr, src: T.DataType, ctx: ComputeContext) -> pl.Expr:
    if isinstance(src, T.BooleanType):
        return pl.when(e.is_null()).then(None).when(e).then(pl.lit("true")).otherwise(pl.lit("false"))
    if isinstance(src, _FRACTIONAL):
        fmt = java_double_to_string
        return e.map_elements(lambda v: fmt(float(v)), return_dtype=pl.String, skip_nulls=True)
    if isinstance(src, T.TimestampType):
        return timestamp_to_string(e, ctx.session_tz)
    if isinstance(src, T.TimestampNTZType):
        return timestamp_to_string(e, None)
    if isinstance(src, T.BinaryType):
        return e.cast(pl.String, strict=False)
    return e.cast(pl.String)


def _from_string(e: pl.Expr, to: T.DataType, ctx: ComputeContext, try_: bool) -> pl.Expr:
    s = e.str.strip_chars()
    target = to_polars(to)
    if isinstance(to, T.BooleanType):
        lower = s.str.to_lowercase()
        result = pl.when(lower.is_in(_TRUE)).then(True).when(lower.is_in(_FALSE)).then(False)
    elif isinstance(to, T.DateType):
        # Spark reads `yyyy`, `yyyy-[m]m`, `yyyy-[m]m-[d]d` and that followed by ` ...` or `T...`
        parts = s.str.extract_groups(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[ T].*)?$")
        text = pl.format("{}-{}-{}", parts.struct.field("1"),
                         parts.struct.field("2").fill_null("1"), parts.struct.field("3").fill_null("1"))
        result = text.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    elif isinstance(to, T.TimestampType):
        naive = s.str.to_datetime(time_unit="us", strict=False)
        result = local_to_utc(naive, ctx.session_tz)
    elif isinstance(to, T.TimestampNTZType):
        result = s.str.to_datetime(time_unit="us", strict=False)
    elif isinstance(to, _INTEGRAL):
        result = s.cast(target, strict=False)
    else:
        result = s.cast(target, strict=False)
    return _checked(ctx, e, result, to, _invalid_input(T.StringType(), to), try_)


@_translate.register
def _(e: Cast, ctx: ComputeContext) -> pl.Expr:
    child = _translate(e.child, ctx)
    if ctx.reach is not None and not e.try_:
        child = pl.when(ctx.reach).then(child)  # rows a CASE branch is not taken for: no cast error
    return cast_expr(child, e.child.data_type, e.to, ctx, try_=e.try_)
