"""Polars translations of aggregate functions (used in a group-by context)."""

from __future__ import annotations

import polars as pl

from rillet.compute.expressions import ComputeContext, _divide_by_zero, _overflow
from rillet.compute.functions.rules import aggregate, aggregate_with_context, literal_arg
from rillet.compute.types import to_polars
from rillet.plan import types as T
from rillet.plan.expressions.core import Call, Literal

# --- aggregates -------------------------------------------------------------------


@aggregate("count")
def _count(call: Call, a: list[pl.Expr]) -> pl.Expr:
    if call.is_distinct:
        if len(a) == 1:
            return a[0].drop_nulls().n_unique().cast(pl.Int64)
        s = pl.struct(a)
        all_set = pl.all_horizontal([x.is_not_null() for x in a])
        return s.filter(all_set).n_unique().cast(pl.Int64)
    if all(isinstance(x, Literal) and x.value is not None for x in call.args):
        return pl.len().cast(pl.Int64)
    if len(a) == 1:
        return a[0].count().cast(pl.Int64)
    return pl.all_horizontal([x.is_not_null() for x in a]).sum().cast(pl.Int64)


@aggregate_with_context("sum")
def _sum(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    x = a[0].cast(to_polars(call.data_type))
    if call.is_distinct:
        x = x.unique()
    # Spark: the sum of no (non-null) values is NULL, not 0
    total = pl.when(x.count() > 0).then(x.sum())
    if not ctx.ansi or not isinstance(call.data_type, T.LongType):
        return total
    # ANSI: a bigint sum out of range raises (Polars wraps). Summed exactly in 128 bits and
    # narrowed by a native strict cast, whose failure stands for Spark's error.
    ctx.strict_cast_error = _overflow("long", "try_add")(pl.Series([], dtype=pl.Boolean))
    return pl.when(x.count() > 0).then(x.cast(pl.Int128).sum().cast(pl.Int64, strict=True))


@aggregate("avg")
def _avg(call: Call, a: list[pl.Expr]) -> pl.Expr:
    x = a[0]
    if call.is_distinct:
        x = x.unique()
    return x.cast(pl.Float64).mean().cast(to_polars(call.data_type))


@aggregate("min")
def _min(call: Call, a: list[pl.Expr]) -> pl.Expr:
    return a[0].min()


@aggregate("max")
def _max(call: Call, a: list[pl.Expr]) -> pl.Expr:
    # Spark orders NaN above every other float, so one NaN makes the max NaN (min is as Polars')
    if isinstance(call.args[0].data_type, (T.FloatType, T.DoubleType)):
        return a[0].nan_max()
    return a[0].max()


def _ignore_nulls(call: Call) -> bool:
    if call.ignore_nulls is not None:
        return call.ignore_nulls
    if len(call.args) > 1 and isinstance(call.args[1], Literal):
        return bool(call.args[1].value)
    return False


@aggregate("first")
def _first(call: Call, a: list[pl.Expr]) -> pl.Expr:
    return a[0].drop_nulls().first() if _ignore_nulls(call) else a[0].first()


@aggregate("last")
def _last(call: Call, a: list[pl.Expr]) -> pl.Expr:
    return a[0].drop_nulls().last() if _ignore_nulls(call) else a[0].last()


# --- distinct counts, collections, moments --------------------------------------------------


@aggregate("approx_count_distinct")
def _approx_count_distinct(call: Call, a: list[pl.Expr]) -> pl.Expr:
    # exact: equal to Spark's HyperLogLog++ estimate for small inputs (see the conformance notes)
    return a[0].drop_nulls().n_unique().cast(pl.Int64)


@aggregate("collect_list")
def _collect_list(call: Call, a: list[pl.Expr]) -> pl.Expr:
    return a[0].drop_nulls().implode()


@aggregate("collect_set")
def _collect_set(call: Call, a: list[pl.Expr]) -> pl.Expr:
    return a[0].drop_nulls().unique(maintain_order=True).implode()


_MOMENTS = {"stddev": ("std", 1), "std": ("std", 1), "stddev_samp": ("std", 1), "stddev_pop": ("std", 0),
            "variance": ("var", 1), "var_samp": ("var", 1), "var_pop": ("var", 0)}


@aggregate(*_MOMENTS)
def _moment(call: Call, a: list[pl.Expr]) -> pl.Expr:
    fn, ddof = _MOMENTS[call.spec.name]
    x = a[0].drop_nulls()
    value = x.std(ddof=ddof) if fn == "std" else x.var(ddof=ddof)
    # Spark: no rows -> NULL; one row -> NULL for the sample statistics
    return pl.when(x.count() > ddof).then(value)


def _percentile_value(x: pl.Expr, p: float) -> pl.Expr:
    """Spark's approximate percentile on small inputs: the smallest value whose rank
    reaches ``p * n`` (an actual input value, never interpolated)."""
    s = x.drop_nulls().sort()
    n = s.count()
    rank = (pl.lit(p) * n).ceil().cast(pl.Int64).clip(1, None) - 1
    return s.get(rank.clip(0, (n - 1).clip(0, None)), null_on_oob=True)  # no values -> NULL


@aggregate("percentile_approx", "approx_percentile")
def _percentile_approx(call: Call, a: list[pl.Expr]) -> pl.Expr:
    p = literal_arg(call, 1)
    if isinstance(p, (list, tuple)):
        values = pl.concat_list([_percentile_value(a[0], float(q)) for q in p])
        return pl.when(a[0].count() > 0).then(values)  # no values -> NULL, not [NULL, ...]
    return _percentile_value(a[0], float(p))  # type: ignore[arg-type]


@aggregate("median")
def _median(call: Call, a: list[pl.Expr]) -> pl.Expr:
    return a[0].median()


@aggregate("mode")
def _mode(call: Call, a: list[pl.Expr]) -> pl.Expr:
    x = a[0].drop_nulls()
    return x.mode().sort().first()


@aggregate("max_by")
def _max_by(call: Call, a: list[pl.Expr]) -> pl.Expr:
    return a[0].filter(a[1].is_not_null()).sort_by(a[1].filter(a[1].is_not_null())).last()


@aggregate("min_by")
def _min_by(call: Call, a: list[pl.Expr]) -> pl.Expr:
    return a[0].filter(a[1].is_not_null()).sort_by(a[1].filter(a[1].is_not_null())).first()


@aggregate("any_value")
def _any_value(call: Call, a: list[pl.Expr]) -> pl.Expr:
    return _first(call, a)


@aggregate("bool_and", "every")
def _bool_and(call: Call, a: list[pl.Expr]) -> pl.Expr:
    return pl.when(a[0].count() > 0).then(a[0].drop_nulls().all())


@aggregate("bool_or", "some")
def _bool_or(call: Call, a: list[pl.Expr]) -> pl.Expr:
    return pl.when(a[0].count() > 0).then(a[0].drop_nulls().any())


@aggregate("count_if")
def _count_if(call: Call, a: list[pl.Expr]) -> pl.Expr:
    return a[0].fill_null(False).sum().cast(pl.Int64)


@aggregate("product")
def _product(call: Call, a: list[pl.Expr]) -> pl.Expr:
    x = a[0].cast(pl.Float64)
    # Polars' product of no values is 1; Spark's is NULL
    return pl.when(x.count() > 0).then(x.drop_nulls().product())


# --- two-variable statistics ------------------------------------------------------------------


def _pairs(a: list[pl.Expr]) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(y, x, n) over the rows where both arguments are set (Spark's regr_*/covar/corr skip the rest)."""
    both = a[0].is_not_null() & a[1].is_not_null()
    y, x = a[0].cast(pl.Float64).filter(both), a[1].cast(pl.Float64).filter(both)
    return y, x, both.sum()


def _co_moment(y: pl.Expr, x: pl.Expr) -> pl.Expr:
    """The sum of products of deviations from the means."""
    return ((y - y.mean()) * (x - x.mean())).sum()


@aggregate("covar_pop", "covar_samp", "regr_sxy")
def _covariance(call: Call, a: list[pl.Expr]) -> pl.Expr:
    y, x, n = _pairs(a)
    name = call.spec.name
    c = _co_moment(y, x)
    if name == "covar_pop":
        return pl.when(n > 0).then(c / n)
    if name == "covar_samp":
        return pl.when(n > 1).then(c / (n - 1))  # one pair: NULL (Spark's non-legacy statistics)
    return pl.when(n > 0).then(c)


@aggregate_with_context("corr")
def _corr(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    """NULL for no or one pair; with no spread in a variable, Spark divides by zero: NULL, or
    DIVIDE_BY_ZERO under ANSI."""
    y, x, n = _pairs(a)
    c = _co_moment(y, x)
    spread = (((x - x.mean()) ** 2).sum() * ((y - y.mean()) ** 2).sum()).sqrt()
    value = pl.when((n > 1) & (spread != 0)).then(c / spread)
    if not ctx.ansi:
        return value
    # the ANSI check as a native strict cast (the codebase's pattern for aggregates, see sum):
    # "0" casts, the marker of a zero division does not, and its failure stands for Spark's error
    ctx.strict_cast_error = _divide_by_zero(pl.Series([], dtype=pl.Boolean))
    check = pl.when((n > 1) & (spread == 0)).then(pl.lit("divide by zero")).otherwise(pl.lit("0"))
    return value + check.cast(pl.Int8, strict=True).cast(pl.Float64)


@aggregate("regr_count")
def _regr_count(call: Call, a: list[pl.Expr]) -> pl.Expr:
    return _pairs(a)[2].cast(pl.Int64)


@aggregate("regr_avgx", "regr_avgy", "regr_sxx", "regr_syy")
def _regr_one_side(call: Call, a: list[pl.Expr]) -> pl.Expr:
    y, x, n = _pairs(a)
    v = x if call.spec.name in ("regr_avgx", "regr_sxx") else y
    value = v.mean() if call.spec.name.startswith("regr_avg") else ((v - v.mean()) ** 2).sum()
    return pl.when(n > 0).then(value)


@aggregate("regr_slope", "regr_intercept", "regr_r2")
def _regr_fit(call: Call, a: list[pl.Expr]) -> pl.Expr:
    y, x, n = _pairs(a)
    sxx, syy, sxy = ((x - x.mean()) ** 2).sum(), ((y - y.mean()) ** 2).sum(), _co_moment(y, x)
    slope = sxy / sxx
    if call.spec.name == "regr_slope":
        return pl.when((n > 0) & (sxx != 0)).then(slope)
    if call.spec.name == "regr_intercept":
        return pl.when((n > 0) & (sxx != 0)).then(y.mean() - slope * x.mean())
    # r2: NULL without spread in x; 1 without spread in y; else the squared correlation
    return pl.when((n == 0) | (sxx == 0)).then(None).when(syy == 0).then(pl.lit(1.0)) \
        .otherwise(sxy * sxy / (sxx * syy))


def _percentages(call: Call) -> object:
    """The constant percentage(s) of a percentile call: a number, or a list from a literal list or
    from SQL's ``array(0.1, 0.5)`` of constants."""
    arg = call.args[1]
    if isinstance(arg, Call) and arg.spec.name == "array":
        inner = Call(arg.spec, arg.args)
        return [literal_arg(inner, i) for i in range(len(arg.args))]
    return literal_arg(call, 1)


@aggregate("percentile")
def _exact_percentile(call: Call, a: list[pl.Expr]) -> pl.Expr:
    """The exact percentile, linearly interpolated between the closest values (Spark's), each
    value counted ``frequency`` times when a frequency is given."""
    p = _percentages(call)
    x = a[0].cast(pl.Float64)
    if len(a) > 2 and not (isinstance(call.args[2], Literal) and call.args[2].value == 1):
        freq = a[2].cast(pl.Int64)
        keep = x.is_not_null() & freq.is_not_null() & (freq > 0)
        x = x.filter(keep).repeat_by(freq.filter(keep)).explode(empty_as_null=True)
    x = x.drop_nulls()
    if isinstance(p, (list, tuple)):
        values = pl.concat_list([x.quantile(float(q), interpolation="linear") for q in p])
        return pl.when(x.count() > 0).then(values)
    return x.quantile(float(p), interpolation="linear")  # type: ignore[arg-type]
