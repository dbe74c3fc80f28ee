"""Polars translations of collection functions (arrays; maps are lists of key/value structs)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from rillet.compute.expressions import ComputeContext, guard
from rillet.compute.functions.rules import literal_arg, scalar
from rillet.compute.types import to_polars
from rillet.errors import ArrayIndexOutOfBoundsException, PySparkException, SparkRuntimeException
from rillet.plan import types as T
from rillet.plan.expressions.core import Call, Literal


@scalar("array")
def _array(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    target = to_polars(call.data_type)
    if not a:
        return pl.lit([], dtype=target)
    if isinstance(target, pl.List) and isinstance(target.inner, (pl.List, pl.Array)):
        # concat_list would concatenate list arguments: wrap each as a struct, then unwrap
        wrapped = pl.concat_list([pl.struct(x.alias("v")) for x in a])
        return wrapped.list.eval(pl.element().struct.field("v")).cast(target)
    return pl.concat_list(a).cast(target)


@scalar("array_contains")
def _array_contains(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    found = a[0].list.contains(a[1])
    # SQL semantics: not found, but the array holds a NULL -> NULL
    has_null = a[0].list.eval(pl.element().is_null().any()).list.first()
    return pl.when(a[0].is_null() | a[1].is_null()).then(None).when(found).then(True) \
        .when(has_null).then(None) \
        .otherwise(False)


def _index_error(bad: pl.Series) -> PySparkException:
    row = bad[0]
    if row["i"] == 0:
        return SparkRuntimeException(errorClass="INVALID_INDEX_OF_ZERO", messageParameters={})
    return ArrayIndexOutOfBoundsException(
        errorClass="INVALID_ARRAY_INDEX_IN_ELEMENT_AT",
        messageParameters={"indexValue": str(row["i"]), "arraySize": str(row["n"])},
    )


def map_value(m: pl.Expr, key: object) -> pl.Expr:
    """The value under a (literal) key of a map column, or NULL."""
    return m.list.eval(
        pl.element().filter(pl.element().struct.field("key") == pl.lit(key)).struct.field("value")
    ).list.first()


def _element_at(call: Call, a: list[pl.Expr], ctx: ComputeContext, try_: bool) -> pl.Expr:
    if isinstance(call.args[0].data_type, T.MapType):
        return map_value(a[0], literal_arg(call, 1))
    i = a[1].cast(pl.Int64)
    pos = pl.when(i > 0).then(i - 1).otherwise(i)
    result = pl.when(i != 0).then(a[0].list.get(pos, null_on_oob=True))
    if try_ or not ctx.ansi:
        return result
    n = a[0].list.len()
    bad = a[0].is_not_null() & i.is_not_null() & ((i == 0) | (i.abs() > n))
    return guard(ctx, result, bad, to_polars(call.data_type), _index_error,
                 witness=pl.struct(i.alias("i"), n.alias("n")))


@scalar("element_at")
def _element_at_ansi(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _element_at(call, a, ctx, try_=False)


@scalar("try_element_at")
def _try_element_at(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _element_at(call, a, ctx, try_=True)


@scalar("size", "cardinality")
def _size(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].list.len().cast(pl.Int32)


@scalar("sort_array")
def _sort_array(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    asc = bool(literal_arg(call, 1, True))
    # Spark: NULLs first ascending, last descending
    return a[0].list.sort(descending=not asc, nulls_last=not asc)




@scalar("array_distinct")
def _array_distinct(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].list.unique(maintain_order=True)


@scalar("array_union")
def _array_union(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return pl.concat_list(a).list.unique(maintain_order=True)


@scalar("array_intersect")
def _array_intersect(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].list.set_intersection(a[1]).list.unique(maintain_order=True)


@scalar("array_except")
def _array_except(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].list.set_difference(a[1]).list.unique(maintain_order=True)


@scalar("array_join")
def _array_join(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    items = a[0]
    if len(a) > 2:
        items = items.list.eval(pl.element().fill_null(literal_arg(call, 2)))
    return items.list.eval(pl.element().cast(pl.String)).list.join(a[1], ignore_nulls=True)


@scalar("array_max")
def _array_max(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].list.max()


@scalar("array_min")
def _array_min(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].list.min()


@scalar("array_position")
def _array_position(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    value = literal_arg(call, 1)
    hits = a[0].list.eval((pl.element() == pl.lit(value)).arg_true().first())
    return (hits.list.first().cast(pl.Int64) + 1).fill_null(0).cast(pl.Int64) \
        .pipe(lambda p: pl.when(a[0].is_not_null() & a[1].is_not_null()).then(p))


@scalar("array_remove")
def _array_remove(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    value = literal_arg(call, 1)
    kept = a[0].list.eval(pl.element().filter((pl.element() != pl.lit(value)).fill_null(True)))
    return pl.when(a[1].is_not_null()).then(kept)


@scalar("slice")
def _slice(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    start = a[1].cast(pl.Int64)
    offset = pl.when(start > 0).then(start - 1).otherwise(start)
    return a[0].list.slice(offset, a[2].cast(pl.Int64))


@scalar("flatten")
def _flatten(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    has_null = a[0].list.eval(pl.element().is_null()).list.any()
    flat = a[0].list.eval(pl.element().list.explode(keep_nulls=True, empty_as_null=False))
    return pl.when(has_null.not_()).then(flat)


@scalar("arrays_zip")
def _arrays_zip(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    target = to_polars(call.data_type)
    names = [f.name for f in call.data_type.elementType.fields]  # type: ignore[attr-defined]
    longest = pl.max_horizontal([x.list.len() for x in a])
    idx = pl.int_ranges(0, longest.fill_null(0))
    parts = [x.list.gather(idx, null_on_oob=True).alias(f"_{i}") for i, x in enumerate(a)]
    zipped = pl.struct(parts).map_batches(
        lambda s: _zip_rows(s, names), return_dtype=target)
    return pl.when(pl.all_horizontal([x.is_not_null() for x in a])).then(zipped)


def _zip_rows(s: pl.Series, names: list[str]) -> pl.Series:
    """Lists of equal length per row -> one list of structs per row (a row with a NULL list is
    emptied: the caller masks it to NULL)."""
    frame = s.struct.unnest()
    cols = frame.columns
    complete = pl.all_horizontal([pl.col(c).is_not_null() for c in cols])
    frame = frame.with_columns(pl.when(complete).then(pl.col(c)) for c in cols)
    exploded = frame.with_row_index("_row").with_columns(
        pl.col(cols[0]).list.len().fill_null(0).alias("_n")).explode(cols, empty_as_null=True)
    rebuilt = exploded.select(
        "_row", "_n", pl.struct([pl.col(c).alias(n) for c, n in zip(cols, names)]).alias("z"))
    # an empty (or NULL) row explodes to one all-NULL element: keep no element for it
    grouped = rebuilt.group_by("_row", maintain_order=True).agg(pl.col("z").filter(pl.col("_n") > 0))
    return grouped["z"]


@scalar("map")
def _map(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    target = to_polars(call.data_type)
    entries = [pl.struct(k.alias("key"), v.alias("value")) for k, v in zip(a[::2], a[1::2])]
    if not entries:
        return pl.lit([], dtype=target)
    result = pl.concat_list(entries).cast(target)
    if all(isinstance(k, Literal) for k in call.args[::2]):  # checked here: a guard would not broadcast
        values = [k.value for k in call.args[::2]]  # type: ignore[attr-defined]
        repeated = [v for i, v in enumerate(values) if v in values[:i]]
        if None in values or repeated:
            raise _map_key_error(pl.Series([{"null": None in values, "key": (repeated or [None])[0]}]))
        return result
    keys = pl.concat_list([pl.struct(k.alias("k")) for k in a[::2]]).list.eval(pl.element().struct.field("k"))
    null_key = keys.list.eval(pl.element().is_null()).list.any()
    repeated = keys.list.eval(pl.element().filter(pl.element().is_duplicated())).list.first()
    bad = null_key | (keys.list.n_unique() < len(entries))
    return guard(ctx, result, bad, target, _map_key_error,
                 witness=pl.struct(null_key.alias("null"), repeated.alias("key")))


def _map_key_error(bad: pl.Series) -> PySparkException:
    row = bad[0]
    if row["null"]:
        return SparkRuntimeException(errorClass="NULL_MAP_KEY", messageParameters={})
    return SparkRuntimeException(
        errorClass="DUPLICATED_MAP_KEY",
        messageParameters={"key": str(row["key"]), "mapKeyDedupPolicy": '"spark.sql.mapKeyDedupPolicy"'},
    )


@scalar("map_keys")
def _map_keys(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].list.eval(pl.element().struct.field("key"))


@scalar("map_values")
def _map_values(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].list.eval(pl.element().struct.field("value"))


@scalar("map_entries")
def _map_entries(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0]


@scalar("map_from_arrays")
def _map_from_arrays(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    target = to_polars(call.data_type)
    zipped = pl.struct(a[0].alias("k"), a[1].alias("v")).map_batches(
        lambda s: _zip_rows(s, ["key", "value"]), return_dtype=target)
    return pl.when(a[0].is_not_null() & a[1].is_not_null()).then(zipped)


@scalar("struct", "named_struct")
def _struct(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    names = [f.name for f in call.data_type.fields]  # type: ignore[attr-defined]
    values = a if call.spec.name == "struct" else a[1::2]
    return pl.struct([v.alias(n) for v, n in zip(values, names)])


# --- building arrays from arrays ------------------------------------------------------------


def _inner(call: Call) -> pl.DataType:
    return to_polars(call.data_type).inner  # type: ignore[attr-defined]


def _one(value: pl.Expr, inner: pl.DataType) -> pl.Expr:
    """A one-element list of ``value`` (wrapped in a struct: concat_list would splice a list value)."""
    return pl.concat_list([pl.struct(value.cast(inner).alias("v"))]).list.eval(pl.element().struct.field("v"))


@scalar("array_append")
def _array_append(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    inner = _inner(call)
    return pl.when(a[0].is_not_null()).then(pl.concat_list([a[0].cast(pl.List(inner)), _one(a[1], inner)]))


@scalar("array_prepend")
def _array_prepend(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    inner = _inner(call)
    return pl.when(a[0].is_not_null()).then(pl.concat_list([_one(a[1], inner), a[0].cast(pl.List(inner))]))


@scalar("array_compact")
def _array_compact(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].list.drop_nulls()


@scalar("array_size")
def _array_size(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].list.len().cast(pl.Int32)


@scalar("array_repeat")
def _array_repeat(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    inner = _inner(call)
    zeros = pl.int_ranges(0, a[1].cast(pl.Int64).clip(0)).list.eval(pl.element() * 0)
    return _one(a[0], inner).list.gather(zeros)


@scalar("arrays_overlap")
def _arrays_overlap(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    """TRUE if the arrays share a non-NULL element; else NULL if both are non-empty and one holds
    a NULL; else FALSE."""
    common = a[0].list.drop_nulls().list.set_intersection(a[1].list.drop_nulls()).list.len() > 0
    has_null = a[0].list.eval(pl.element().is_null().any()).list.first() | \
        a[1].list.eval(pl.element().is_null().any()).list.first()
    both = (a[0].list.len() > 0) & (a[1].list.len() > 0)
    return pl.when(a[0].is_null() | a[1].is_null()).then(None).when(common).then(True) \
        .when(both & has_null).then(None).otherwise(False)


@scalar("array_insert")
def _array_insert(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    """Spark 4's array_insert: a 1-based position, negative counts from the end (-1 appends); a
    position past either end pads with NULLs. Built per batch with numpy index arithmetic: each
    output element's source is an element of the array, the value, or a NULL."""
    target = to_polars(call.data_type)
    inner = _inner(call)

    def run(s: pl.Series) -> pl.Series:
        frame = s.struct.unnest()
        lists, pos = frame["a"].cast(target), frame["p"].cast(pl.Int64)
        valid = (lists.is_not_null() & pos.is_not_null()).to_numpy()
        if ((pos == 0) & pl.Series(valid)).any():
            error = SparkRuntimeException(errorClass="INVALID_INDEX_OF_ZERO", messageParameters={})
            ctx.errors.append(error)  # Polars re-wraps what a UDF raises: the query re-raises this one
            raise error
        n = lists.list.len().fill_null(0).to_numpy().astype(np.int64)
        p = pos.fill_null(1).to_numpy().astype(np.int64)
        # q: the value's index in the result; lead: NULLs before the array (a position before its start)
        q = np.where(p > 0, p - 1, n + p + 1)
        lead = np.where(q < 0, -q, 0)
        q = np.maximum(q, 0)
        length = np.where(valid, np.maximum(n, q) + 1 + lead, 0)
        rows = np.repeat(np.arange(len(n)), length)
        k = np.arange(len(rows)) - np.repeat(np.cumsum(length) - length, length)
        flat = _flatten_lists(lists)
        starts = (np.cumsum(n) - n)[rows]
        offset = np.where(lead[rows] > 0, k - 1 - lead[rows], np.where(k > q[rows], k - 1, k))
        from_array = (k != q[rows]) & (offset >= 0) & (offset < n[rows])
        values = frame["v"].cast(inner)
        pool = pl.concat([flat, values, pl.Series([None], dtype=inner)])
        src = np.where(k == q[rows], len(flat) + rows, np.where(from_array, starts + offset, len(pool) - 1))
        out = pool.gather(src)
        offsets = pa.array(np.concatenate([[0], np.cumsum(length)]), type=pa.int64())
        arrow = pa.LargeListArray.from_arrays(offsets, out.to_arrow(), mask=pa.array(~valid))
        return pl.Series(arrow).cast(target)

    fields = pl.struct(a[0].alias("a"), a[1].alias("p"), a[2].alias("v"))
    return fields.map_batches(run, return_dtype=target, is_elementwise=True)


def _flatten_lists(lists: pl.Series) -> pl.Series:
    arrow = lists.to_arrow()
    flat = pc.list_flatten(arrow) if len(arrow) else pa.array([], type=arrow.type.value_type)
    return pl.Series(flat).cast(lists.dtype.inner)  # type: ignore[attr-defined]
