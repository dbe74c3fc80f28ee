"""User Python functions on Polars: a whole column per call into Python.

``udf``: the function runs once per row (the user's function demands it), over
a batch built with ``map_batches`` and ``to_list``. ``pandas_udf``: the function
gets pandas Series (or an iterator of them) and returns one, vectorized. An
exception in the user's function becomes PySpark's ``PythonException``.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

import polars as pl

from rillet.compute.expressions import ComputeContext, _translate, translate
from rillet.compute.types import to_polars
from rillet.errors import PythonException
from rillet.plan.expressions.udf import SQL_BATCHED_UDF, SQL_SCALAR_PANDAS_ITER_UDF, PythonUDF

__all__ = ["python_udf_expr"]


def _python_exception(exc: BaseException) -> PythonException:
    # the user's frames only, as PySpark's worker shows them (not rillet's or Polars')
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename != __file__ and "/polars/" not in f.filename]
    tb = "Traceback (most recent call last):\n" + "".join(traceback.format_list(frames))
    tb += "".join(traceback.format_exception_only(type(exc), exc))
    return PythonException(
        "\n  An exception was thrown from the Python worker. Please see the stack trace below.\n" + tb,
        cause=exc,
    )


def _rows(series: list[pl.Series]) -> list[tuple[Any, ...]]:
    columns = [s.to_list() for s in series]
    return list(zip(*columns)) if columns else []


def _from_pandas(result: Any, dtype: pl.DataType, n: int) -> pl.Series:
    import pandas as pd

    if not isinstance(result, pd.Series):
        result = pd.Series([result] * n) if not hasattr(result, "__len__") else pd.Series(result)
    out = pl.from_pandas(result)
    if not isinstance(out, pl.Series):  # a Series in gives a Series out
        raise TypeError(f"pandas_udf returned {type(result).__name__}, expected a pandas Series")
    return out.cast(dtype, strict=False)


def _runner(udf: PythonUDF, dtype: pl.DataType) -> Callable[[list[pl.Series], int], pl.Series]:
    func = udf.func
    if udf.eval_type == SQL_BATCHED_UDF:
        def run(series: list[pl.Series], n: int) -> pl.Series:
            rows = _rows(series) if series else [()] * n
            values = [func(*row) for row in rows]
            return pl.Series(values=values, dtype=dtype, strict=False)
    elif udf.eval_type == SQL_SCALAR_PANDAS_ITER_UDF:
        def run(series: list[pl.Series], n: int) -> pl.Series:
            batch = [s.to_pandas() for s in series]
            outputs = list(func(iter([batch[0] if len(batch) == 1 else tuple(batch)])))
            parts = [_from_pandas(o, dtype, n) for o in outputs]
            return pl.concat(parts) if parts else pl.Series(values=[], dtype=dtype)
    else:
        def run(series: list[pl.Series], n: int) -> pl.Series:
            return _from_pandas(func(*(s.to_pandas() for s in series)), dtype, n)
    return run


def python_udf_expr(udf: PythonUDF, args: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    """A Polars expression running the user's function over whole columns."""
    dtype = to_polars(udf.return_type)
    run = _runner(udf, dtype)

    def call(s: pl.Series) -> pl.Series:
        fields = [s.struct.field(f"a{i}") for i in range(len(args))]
        try:
            return run(fields, len(s))
        except Exception as exc:
            err = _python_exception(exc)
            ctx.errors.append(err)
            raise err from exc

    packed = pl.struct([a.alias(f"a{i}") for i, a in enumerate(args)]) if args else pl.struct(pl.int_range(pl.len()).alias("_"))
    return packed.map_batches(call, return_dtype=dtype)


@_translate.register
def _(e: PythonUDF, ctx: ComputeContext) -> pl.Expr:
    return python_udf_expr(e, [translate(a, ctx) for a in e.args], ctx)

