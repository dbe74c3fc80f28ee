"""Polars translations of event-time windows (vectorized over microsecond integers)."""

from __future__ import annotations

import math

import polars as pl

from rillet.compute.expressions import ComputeContext
from rillet.compute.functions.rules import literal_arg, scalar
from rillet.compute.types import to_polars
from rillet.plan.expressions.core import Call


def _micros(call: Call, i: int) -> int:
    value = literal_arg(call, i)
    return int(value) if value is not None else 0


def _epoch_us(ts: pl.Expr, call: Call) -> pl.Expr:
    return ts.cast(to_polars(call.args[0].data_type)).dt.epoch("us")


def _struct(start: pl.Expr, end: pl.Expr, call: Call, dtype: pl.DataType) -> pl.Expr:
    return pl.struct(start.cast(dtype).alias("start"), end.cast(dtype).alias("end"))


def _ts_dtype(call: Call) -> pl.DataType:
    fields = call.data_type
    inner = getattr(fields, "elementType", fields)
    return to_polars(inner.fields[0].dataType)


@scalar("window")
def _window(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    """Tumbling window of a row: start = ts - floorMod(ts - startTime, windowDuration)."""
    window, start = _micros(call, 1), _micros(call, 3)
    us = _epoch_us(a[0], call)
    lo = us - (us - start) % window  # Polars' % on integers is a floor modulo
    dtype = _ts_dtype(call)
    return pl.when(us.is_not_null()).then(_struct(lo, lo + window, call, dtype))


@scalar("__sliding_windows")
def _sliding_windows(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    """Every sliding window covering the row (those with ``start <= ts < end``)."""
    window, slide, start = _micros(call, 1), _micros(call, 2), _micros(call, 3)
    us = _epoch_us(a[0], call)
    last = us - (us - start) % slide
    dtype = _ts_dtype(call)
    candidates = []
    for i in range(math.ceil(window / slide)):
        lo = last - i * slide
        candidates.append(pl.when(lo + window > us).then(_struct(lo, lo + window, call, dtype)))
    windows = pl.concat_list(candidates).list.drop_nulls()
    return pl.when(us.is_not_null()).then(windows)


@scalar("window_time")
def _window_time(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    """The event time of a window: its end minus one microsecond."""
    return a[0].struct.field("end") - pl.duration(microseconds=1)
