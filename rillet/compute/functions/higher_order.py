"""Polars translations of higher-order functions (lambdas over array elements and map entries).

A lambda's body may read outer columns and outer lambda variables, which Polars'
``list.eval`` cannot see, so each call is evaluated on an *element frame*: one row per
array element (or map entry), the outer columns repeated alongside
(``np.repeat`` of row numbers), the body evaluated there as an ordinary vectorized
Polars expression, and the results put back into lists by offsets (Arrow
``LargeListArray.from_arrays``). No per-row Python: the work per batch is a few
columnar gathers. ``aggregate``'s fold is inherently sequential along an array, so it
runs one vectorized step per element position (as many steps as the longest array).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from rillet.compute.expressions import ComputeContext, _translate
from rillet.compute.functions.rules import scalar
from rillet.compute.types import to_polars
from rillet.errors import SparkRuntimeException
from rillet.plan.expressions.core import Call
from rillet.plan.functions.higher_order import LambdaFunction, LambdaVariable, free_references


@_translate.register
def _(e: LambdaVariable, ctx: ComputeContext) -> pl.Expr:
    return pl.col(e.column_key)


@_translate.register
def _(e: LambdaFunction, ctx: ComputeContext) -> pl.Expr:
    # only its higher-order function evaluates a lambda (on an element frame); as an argument
    # expression it stands for nothing
    return pl.lit(None)


# ---------------------------------------------------------------------------
# element frames

Evaluate = Callable[[pl.DataFrame], pl.Series]


def _outer(lams: list[LambdaFunction]) -> list[pl.Expr]:
    """The outer columns and lambda variables the lambdas read, as struct fields named by key."""
    keys: dict[str, None] = {}
    for lam in lams:
        cols, outer = free_references(lam)
        keys.update(dict.fromkeys(cols))
        keys.update(dict.fromkeys(v.column_key for v in outer))
    return [pl.col(k).alias(k) for k in keys]


def _run(inputs: list[pl.Expr], lams: list[LambdaFunction], dtype: pl.DataType,
         fn: Callable[[pl.DataFrame], pl.Series]) -> pl.Expr:
    """``fn`` over a frame of the inputs (``__a0``, ``__a1``, ...) and every outer column the
    lambdas read; row-wise, so a call over literals broadcasts like one."""
    fields = [x.alias(f"__a{i}") for i, x in enumerate(inputs)] + _outer(lams)

    def batch(s: pl.Series) -> pl.Series:
        return fn(s.struct.unnest()).cast(dtype)

    return pl.struct(fields).map_batches(batch, return_dtype=dtype, is_elementwise=True)


def _lengths(lists: pl.Series) -> np.ndarray:
    return lists.list.len().fill_null(0).to_numpy().astype(np.int64)


def _flatten(lists: pl.Series) -> pl.Series:
    """Every element of every (non-NULL) list, in order."""
    arrow = lists.to_arrow()
    flat = pc.list_flatten(arrow) if len(arrow) else pa.array([], type=arrow.type.value_type)
    return pl.Series(lists.name, flat, dtype=lists.dtype.inner)  # type: ignore[attr-defined]


def _take(frame: pl.DataFrame, rows: np.ndarray) -> pl.DataFrame:
    """``frame``'s rows at ``rows`` (a frame of no columns keeps the height, which Polars' does not)."""
    return frame[rows] if frame.width else pl.DataFrame(height=len(rows))


def _elements(frame: pl.DataFrame, lists: str, names: list[str]) -> tuple[pl.DataFrame, np.ndarray]:
    """One row per element of ``frame[lists]``: the other columns repeated, the element as
    ``names[0]`` and (if asked) its 0-based position as ``names[1]``; and each element's row."""
    lengths = _lengths(frame[lists])
    rows = np.repeat(np.arange(frame.height), lengths)
    out = _take(frame.drop(lists), rows)
    cols = [_flatten(frame[lists]).alias(names[0])]
    if len(names) > 1:
        starts = np.cumsum(lengths) - lengths
        cols.append(pl.Series(names[1], np.arange(len(rows)) - np.repeat(starts, lengths), dtype=pl.Int32))
    return out.with_columns(cols), rows


def _lists(values: pl.Series, lengths: np.ndarray, valid: np.ndarray) -> pl.Series:
    """Rows of lists from consecutive ``values``: ``lengths[i]`` of them for row ``i``, NULL
    where not ``valid``."""
    offsets = pa.array(np.concatenate([[0], np.cumsum(lengths)]), type=pa.int64())
    arrow = pa.LargeListArray.from_arrays(offsets, values.to_arrow(), mask=pa.array(~valid))
    return pl.Series(values.name, arrow)


def _body(lam: LambdaFunction, ctx: ComputeContext) -> pl.Expr:
    return _translate(lam.body, ctx)


def _lambda(call: Call, i: int) -> LambdaFunction:
    lam = call.args[i]
    assert isinstance(lam, LambdaFunction)
    return lam


def _eval(frame: pl.DataFrame, body: pl.Expr) -> pl.Series:
    return frame.select(body.alias("__out")).to_series() if frame.height else \
        frame.select(body.alias("__out")).to_series().clear()


# ---------------------------------------------------------------------------
# arrays


@scalar("transform")
def _transform(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    lam = _lambda(call, 1)
    body = _body(lam, ctx)
    names = [v.column_key for v in lam.bound]

    def run(frame: pl.DataFrame) -> pl.Series:
        elements, _ = _elements(frame, "__a0", names)
        return _lists(_eval(elements, body), _lengths(frame["__a0"]), frame["__a0"].is_not_null().to_numpy())

    return _run([a[0]], [lam], to_polars(call.data_type), run)


@scalar("filter")
def _filter(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    lam = _lambda(call, 1)
    body = _body(lam, ctx)
    names = [v.column_key for v in lam.bound]

    def run(frame: pl.DataFrame) -> pl.Series:
        elements, rows = _elements(frame, "__a0", names)
        keep = _eval(elements, body).fill_null(False).to_numpy().astype(bool)
        kept = elements[names[0]].filter(pl.Series(keep))
        lengths = np.bincount(rows[keep], minlength=frame.height).astype(np.int64)
        return _lists(kept, lengths, frame["__a0"].is_not_null().to_numpy())

    return _run([a[0]], [lam], to_polars(call.data_type), run)


def _any_all(call: Call, a: list[pl.Expr], ctx: ComputeContext, exists: bool) -> pl.Expr:
    """exists: TRUE if the predicate holds for an element, else NULL if it was NULL for one,
    else FALSE; forall: FALSE if it fails for one, else NULL if NULL for one, else TRUE."""
    lam = _lambda(call, 1)
    body = _body(lam, ctx)
    names = [v.column_key for v in lam.bound]

    def run(frame: pl.DataFrame) -> pl.Series:
        elements, rows = _elements(frame, "__a0", names)
        p = _eval(elements, body)
        decisive = (p if exists else ~p).fill_null(False).to_numpy().astype(bool)
        unknown = p.is_null().to_numpy()
        hit = np.bincount(rows[decisive], minlength=frame.height) > 0
        null = np.bincount(rows[unknown], minlength=frame.height) > 0
        valid = frame["__a0"].is_not_null().to_numpy()
        value = hit if exists else ~hit
        known = pl.Series(valid & (hit | ~null), dtype=pl.Boolean)
        return pl.select(pl.when(known).then(pl.Series(value, dtype=pl.Boolean))).to_series()

    return _run([a[0]], [lam], pl.Boolean, run)


@scalar("exists")
def _exists(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _any_all(call, a, ctx, exists=True)


@scalar("forall")
def _forall(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _any_all(call, a, ctx, exists=False)


@scalar("aggregate", "reduce")
def _aggregate(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    merge, finish = _lambda(call, 2), _lambda(call, 3)
    merge_body, finish_body = _body(merge, ctx), _body(finish, ctx)
    acc_key, x_key = (v.column_key for v in merge.bound)
    acc_type = to_polars(call.args[1].data_type)

    def run(frame: pl.DataFrame) -> pl.Series:
        lists = frame["__a0"]
        lengths = _lengths(lists)
        acc = frame["__a1"].cast(acc_type)
        # one vectorized step per element position, over every row that has an element there
        for k in range(int(lengths.max()) if len(lengths) else 0):
            step = frame.with_columns(acc.alias(acc_key), lists.list.get(k, null_on_oob=True).alias(x_key))
            merged = _eval(step, merge_body).cast(acc_type)
            acc = pl.select(pl.when(pl.Series(lengths > k)).then(merged).otherwise(acc)).to_series()
        done = _eval(frame.with_columns(acc.alias(finish.bound[0].column_key)), finish_body)
        return pl.select(pl.when(lists.is_not_null()).then(done)).to_series() if frame.height else done

    return _run([a[0], a[1]], [merge, finish], to_polars(call.data_type), run)


@scalar("zip_with")
def _zip_with(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    lam = _lambda(call, 2)
    body = _body(lam, ctx)
    x, y = (v.column_key for v in lam.bound)

    def run(frame: pl.DataFrame) -> pl.Series:
        left, right = frame["__a0"], frame["__a1"]
        valid = (left.is_not_null() & right.is_not_null()).to_numpy()
        longest = np.where(valid, np.maximum(_lengths(left), _lengths(right)), 0)
        # both padded with NULLs to the longer length, as Spark does
        idx = pl.select(pl.int_ranges(0, pl.Series(longest))).to_series()
        padded = frame.with_columns(
            left.list.gather(idx, null_on_oob=True).alias("__l"),
            right.list.gather(idx, null_on_oob=True).alias("__r"),
        ).drop("__a0", "__a1")
        lp, rows = _elements(padded.drop("__r"), "__l", [x])
        rp = _flatten(padded["__r"]).alias(y)
        return _lists(_eval(lp.with_columns(rp), body), longest, valid)

    return _run([a[0], a[1]], [lam], to_polars(call.data_type), run)


# ---------------------------------------------------------------------------
# maps (lists of key/value structs)


def _entries(frame: pl.DataFrame, lam: LambdaFunction) -> tuple[pl.DataFrame, np.ndarray]:
    k, v = (p.column_key for p in lam.bound[:2])
    elements, rows = _elements(frame, "__a0", ["__e"])
    return elements.with_columns(pl.col("__e").struct.field("key").alias(k),
                                 pl.col("__e").struct.field("value").alias(v)), rows


@scalar("map_filter")
def _map_filter(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    lam = _lambda(call, 1)
    body = _body(lam, ctx)

    def run(frame: pl.DataFrame) -> pl.Series:
        entries, rows = _entries(frame, lam)
        keep = _eval(entries, body).fill_null(False).to_numpy().astype(bool)
        lengths = np.bincount(rows[keep], minlength=frame.height).astype(np.int64)
        return _lists(entries["__e"].filter(pl.Series(keep)), lengths, frame["__a0"].is_not_null().to_numpy())

    return _run([a[0]], [lam], to_polars(call.data_type), run)


def _null_key_error(_: pl.Series) -> SparkRuntimeException:
    return SparkRuntimeException(errorClass="NULL_MAP_KEY", messageParameters={})


def _transform_entries(call: Call, a: list[pl.Expr], ctx: ComputeContext, keys: bool) -> pl.Expr:
    lam = _lambda(call, 1)
    body = _body(lam, ctx)
    k, v = (p.column_key for p in lam.bound[:2])

    def run(frame: pl.DataFrame) -> pl.Series:
        entries, _ = _entries(frame, lam)
        out = _eval(entries, body)
        if keys and out.null_count():
            error = _null_key_error(out)
            ctx.errors.append(error)
            raise error
        new = pl.DataFrame({"key": out if keys else entries[k], "value": entries[v] if keys else out})
        return _lists(new.to_struct("__e"), _lengths(frame["__a0"]), frame["__a0"].is_not_null().to_numpy())

    return _run([a[0]], [lam], to_polars(call.data_type), run)


@scalar("transform_keys")
def _transform_keys(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _transform_entries(call, a, ctx, keys=True)


@scalar("transform_values")
def _transform_values(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _transform_entries(call, a, ctx, keys=False)


@scalar("map_zip_with")
def _map_zip_with(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    """Keys of the first map in order, then the second's new keys; a missing value is NULL."""
    lam = _lambda(call, 2)
    body = _body(lam, ctx)
    k, v1, v2 = (p.column_key for p in lam.bound)

    def run(frame: pl.DataFrame) -> pl.Series:
        left, right = frame["__a0"], frame["__a1"]
        valid = (left.is_not_null() & right.is_not_null()).to_numpy()
        outer = frame.drop("__a0", "__a1")
        sides = []
        for side, lists in (("l", left), ("r", right)):
            part, rows = _elements(pl.DataFrame([lists.alias("__m")]), "__m", ["__e"])
            sides.append(part.select(pl.Series("__row", rows), pl.Series("__side", [side] * len(rows)),
                                     pl.Series("__pos", np.arange(len(rows))),
                                     pl.col("__e").struct.field("key").alias(k),
                                     pl.col("__e").struct.field("value").alias(f"__v{side}")))
        lft, rgt = sides
        joined = lft.join(rgt.select("__row", k, "__vr", pl.col("__pos").alias("__rpos")),
                          on=["__row", k], how="full", coalesce=True, nulls_equal=True)
        joined = joined.with_columns(
            pl.when(pl.col("__pos").is_null()).then(pl.lit(1)).otherwise(pl.lit(0)).alias("__second"),
            pl.coalesce("__pos", "__rpos").alias("__order"),
        ).sort("__row", "__second", "__order")
        rows = joined["__row"].to_numpy()
        extra = _take(outer, rows)
        ev = extra.with_columns(joined[k], joined["__vl"].alias(v1), joined["__vr"].alias(v2))
        out = _eval(ev, body)
        entries = pl.DataFrame({"key": joined[k], "value": out}).to_struct("__e")
        lengths = np.where(valid, np.bincount(rows, minlength=frame.height), 0).astype(np.int64)
        keep = valid[rows] if len(rows) else np.zeros(0, dtype=bool)
        return _lists(entries.filter(pl.Series(keep)), lengths, valid)

    return _run([a[0], a[1]], [lam], to_polars(call.data_type), run)


@scalar("array_sort")
def _array_sort(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    """Without a comparator: ascending, NULLs last. With one: a stable sort by it, computed by
    ranking (an element's position is the number of elements the comparator puts before it,
    ties broken by original position), so every comparison of a row's elements is one
    vectorized evaluation; the cost grows with the square of the array length."""
    if len(call.args) == 1:
        return a[0].list.sort(nulls_last=True)
    lam = _lambda(call, 1)
    body = _body(lam, ctx)
    left, right = (v.column_key for v in lam.bound)

    def run(frame: pl.DataFrame) -> pl.Series:
        lists = frame["__a0"]
        lengths = _lengths(lists)
        elements, rows = _elements(frame, "__a0", ["__x"])
        n = len(rows)
        starts = np.cumsum(lengths) - lengths
        partners = lengths[rows]  # each element is compared with every element of its row
        i = np.repeat(np.arange(n), partners)
        first = np.cumsum(partners) - partners
        j = np.repeat(starts[rows], partners) + (np.arange(len(i)) - np.repeat(first, partners))
        x = elements["__x"]
        pairs = _take(elements.drop("__x"), i).with_columns(x.gather(j).alias(left), x.gather(i).alias(right))
        order = _eval(pairs, body)
        if order.null_count():
            k = int(order.is_null().arg_true()[0])
            error = SparkRuntimeException(
                errorClass="COMPARATOR_RETURNS_NULL",
                messageParameters={"firstValue": str(x[int(j[k])]), "secondValue": str(x[int(i[k])])},
            )
            ctx.errors.append(error)  # Polars re-wraps what a UDF raises: the query re-raises this one
            raise error
        c = order.to_numpy()
        before = (c < 0) | ((c == 0) & (j < i))
        position = np.bincount(i[before], minlength=n)
        target = np.arange(n)
        target[starts[rows] + position] = np.arange(n)
        return _lists(x.gather(target), lengths, lists.is_not_null().to_numpy())

    return _run([a[0]], [lam], to_polars(call.data_type), run)
