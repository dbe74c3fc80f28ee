"""Window functions on Polars: a ``Window`` node's columns, vectorized.

For each window expression the frame is sorted by (partition keys, order keys);
then, per partition, ``__wpos`` is the row's position and ``__wpeer`` a global id
of its peer group (rows equal on every order key). Ranking functions are
arithmetic on those two; lag/lead are shifts; an aggregate over the whole
partition is ``agg.over(partition)``, a running one (``UNBOUNDED PRECEDING`` to
``CURRENT ROW``) a cumulative op, and any other frame a Polars ``rolling``
over the position (ROWS) or the order key (RANGE). Rows stay in the last
window's sort order, as after Spark's Window operator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from rillet.compute.expressions import ComputeContext, translate
from rillet.compute.types import to_polars
from rillet.errors import AnalysisException
from rillet.plan import logical as L
from rillet.plan.expressions.core import Call, Literal, SortOrder
from rillet.plan.expressions.window import ROWS, WindowExpression, WindowFrame
from rillet.plan.functions.window import offset_of

_POS = "__wpos"
_PEER = "__wpeer"
_UNBOUNDED = 1 << 60  # an offset past any position or peer id


@dataclass(frozen=True)
class _Sorted:
    """Helper columns of a frame sorted by partition and order keys."""

    part: list[str]

    @property
    def pos(self) -> pl.Expr:
        return pl.col(_POS)

    @property
    def n(self) -> pl.Expr:
        return pl.len().over(self.part)

    @property
    def rank(self) -> pl.Expr:
        return (self.pos + 1).min().over(_PEER)


WindowRule = Callable[[Call, list[pl.Expr], _Sorted], pl.Expr]
WINDOW: dict[str, WindowRule] = {}


def window(*names: str) -> Callable[[WindowRule], WindowRule]:
    def register(fn: WindowRule) -> WindowRule:
        for n in names:
            WINDOW[n] = fn
        return fn

    return register


@window("row_number")
def _row_number(call: Call, a: list[pl.Expr], s: _Sorted) -> pl.Expr:
    return s.pos + 1


@window("rank")
def _rank(call: Call, a: list[pl.Expr], s: _Sorted) -> pl.Expr:
    return s.rank


@window("dense_rank")
def _dense_rank(call: Call, a: list[pl.Expr], s: _Sorted) -> pl.Expr:
    return pl.col(_PEER) - pl.col(_PEER).first().over(s.part) + 1


@window("percent_rank")
def _percent_rank(call: Call, a: list[pl.Expr], s: _Sorted) -> pl.Expr:
    return pl.when(s.n > 1).then((s.rank - 1) / (s.n - 1)).otherwise(0.0)


@window("cume_dist")
def _cume_dist(call: Call, a: list[pl.Expr], s: _Sorted) -> pl.Expr:
    return (s.pos + 1).max().over(_PEER) / s.n


@window("ntile")
def _ntile(call: Call, a: list[pl.Expr], s: _Sorted) -> pl.Expr:
    k = call.args[0]
    buckets = int(k.value) if isinstance(k, Literal) else 1  # the analyzer checked it: a positive literal
    # Spark: the first n % k buckets hold one row more than the others
    q, r = s.n // buckets, s.n % buckets
    big = r * (q + 1)
    return (
        pl.when(s.pos < big)
        .then(s.pos // (q + 1))
        .otherwise(r + (s.pos - big) // pl.when(q > 0).then(q).otherwise(1))
        + 1
    )


@window("lag", "lead")
def _offset(call: Call, a: list[pl.Expr], s: _Sorted) -> pl.Expr:
    delta = offset_of(call) * (1 if call.spec.name == "lead" else -1)
    default = a[2] if len(a) > 2 else pl.lit(None)
    target = s.pos + delta
    shifted = a[0].shift(-delta).over(s.part)
    return pl.when((target >= 0) & (target < s.n)).then(shifted).otherwise(default)


# ---------------------------------------------------------------------------


def window_lazy(lf: pl.LazyFrame, plan: L.Window, ctx: ComputeContext) -> pl.LazyFrame:
    """The child's frame with one column per window expression.

    Rows come out sorted by the last window's partition and order keys (stable), as
    Spark's Window operator leaves them: grouped by partition, ordered within it."""
    for alias in plan.window_exprs:
        attr = L.named_output(alias)
        we = alias.children[0]
        assert isinstance(we, WindowExpression)
        lf = _window_column(lf, we, attr.column_key, to_polars(attr.dtype), ctx)
    return lf


def _window_column(
    lf: pl.LazyFrame, we: WindowExpression, key: str, dtype: pl.DataType, ctx: ComputeContext
) -> pl.LazyFrame:
    spec = we.spec
    part = [f"__wp{i}" for i in range(len(spec.partition))] or ["__wp"]
    orders = [o for o in spec.order if isinstance(o, SortOrder)]
    okeys = [f"__wo{i}" for i in range(len(orders))]
    helpers = [translate(p, ctx).alias(k) for p, k in zip(spec.partition, part)] or [pl.lit(0).alias("__wp")]
    helpers += [translate(o.child, ctx).alias(k) for o, k in zip(orders, okeys)]
    lf = lf.with_columns(helpers).sort(
        [*part, *okeys],
        descending=[False] * len(part) + [not o.ascending for o in orders],
        nulls_last=[False] * len(part) + [not o.effective_nulls_first for o in orders],
        maintain_order=True,
    )
    pos = pl.int_range(pl.len(), dtype=pl.Int64).over(part)
    lf = lf.with_columns(pos.alias(_POS))
    new_peer = pl.col(_POS) == 0
    for k in okeys:
        new_peer = new_peer | pl.col(k).ne_missing(pl.col(k).shift(1))
    lf = lf.with_columns(new_peer.cum_sum().cast(pl.Int64).alias(_PEER))
    sorted_ = _Sorted(part)
    function = we.function
    assert isinstance(function, Call) and spec.frame is not None
    args = [translate(a, ctx) for a in function.args]
    if function.spec.kind == "window":
        rule = WINDOW.get(function.spec.name)
        if rule is None:
            raise AnalysisException(
                errorClass="NOT_IMPLEMENTED",
                messageParameters={"feature": f"The window function `{function.spec.name}`"},
            )
        lf = lf.with_columns(rule(function, args, sorted_).cast(dtype).alias(key))
    else:
        lf = _aggregate_column(lf, function, spec.frame, okeys, orders, sorted_, key, dtype, ctx)
    return lf.drop([*part, *okeys, _POS, _PEER])


def _aggregate_column(
    lf: pl.LazyFrame,
    call: Call,
    frame: WindowFrame,
    okeys: list[str],
    orders: list[SortOrder],
    s: _Sorted,
    key: str,
    dtype: pl.DataType,
    ctx: ComputeContext,
) -> pl.LazyFrame:
    agg = translate(call, ctx)
    if frame.lower is None and frame.upper is None:
        return lf.with_columns(agg.over(s.part).cast(dtype).alias(key))
    running = _running(call, ctx, s) if frame.lower is None and frame.upper == 0 else None
    if running is not None:
        lf = lf.with_columns(running.cast(dtype).alias(key))
        if frame.frame_type != ROWS:  # RANGE ... CURRENT ROW includes the row's peers
            lf = lf.with_columns(pl.col(key).last().over(_PEER))
        return lf
    return _rolling_column(lf, agg, frame, okeys, orders, s, key, dtype)


def _running(call: Call, ctx: ComputeContext, s: _Sorted) -> pl.Expr | None:
    """A cumulative op for an aggregate from the partition start to the current row."""
    name = call.spec.name
    if call.is_distinct or name not in ("count", "sum", "avg", "min", "max"):
        return None
    if name == "count" and all(isinstance(a, Literal) and a.value is not None for a in call.args):
        return s.pos + 1
    if len(call.args) != 1:
        return None
    x = translate(call.args[0], ctx)
    count = x.is_not_null().cast(pl.Int64).cum_sum().over(s.part)
    if name == "count":
        return count
    if name in ("min", "max"):
        cum = x.cum_min() if name == "min" else x.cum_max()
        return cum.forward_fill().over(s.part)
    total = x.cast(to_polars(call.data_type) if name == "sum" else pl.Float64).fill_null(0).cum_sum()
    total = total.over(s.part)
    return pl.when(count > 0).then(total if name == "sum" else total / count)


def _rolling_column(
    lf: pl.LazyFrame,
    agg: pl.Expr,
    frame: WindowFrame,
    okeys: list[str],
    orders: list[SortOrder],
    s: _Sorted,
    key: str,
    dtype: pl.DataType,
) -> pl.LazyFrame:
    lower = -_UNBOUNDED if frame.lower is None else frame.lower
    upper = _UNBOUNDED if frame.upper is None else frame.upper
    if frame.frame_type == ROWS:
        index = _POS
    elif frame.lower in (None, 0) and frame.upper in (None, 0):
        index = _PEER  # RANGE with only CURRENT ROW / UNBOUNDED bounds: peer groups
    else:
        index = "__wrange"
        order_key = pl.col(okeys[0])
        if not orders[0].ascending:  # a descending key counts offsets the other way
            order_key = -order_key
        if not lf.collect_schema()[okeys[0]].is_integer():
            raise AnalysisException(
                errorClass="NOT_IMPLEMENTED",
                messageParameters={"feature": "A RANGE window frame with offsets over a non-integral ORDER BY key"},
            )
        lf = lf.with_columns(order_key.cast(pl.Int64).alias(index))
    if lower > upper:
        return lf.with_columns(pl.lit(None, dtype=dtype).alias(key))
    rolled = (
        lf.rolling(index_column=index, period=f"{upper - lower}i", offset=f"{lower}i", closed="both",
                   group_by=s.part)
        .agg(agg.alias(key))
        .unique(subset=[*s.part, index], keep="first", maintain_order=True)
    )
    out = lf.join(rolled, on=[*s.part, index], how="left", nulls_equal=True, maintain_order="left")
    out = out.with_columns(pl.col(key).cast(dtype))
    return out.drop("__wrange", strict=False)
