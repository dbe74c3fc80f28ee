"""Missing data and summaries: ``df.na`` (drop, fill, replace) and ``describe``/``summary``.

Each builds a plan with PySpark's argument rules: which columns a value applies
to follows its Python type (a number fills numeric columns, NaN included; a
string fills string columns; a bool fills boolean columns), columns of another
type are left alone, and the output keeps the input's column names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Optional, Union

from rillet.errors import PySparkTypeError, PySparkValueError
from rillet.plan import types as T
from rillet.plan.expressions.core import Literal, UnresolvedFunction
from rillet.sql.column import Column

if TYPE_CHECKING:
    from rillet.sql._typing import LiteralType, OptionalPrimitiveType
    from rillet.sql.dataframe import DataFrame

__all__ = ["DataFrameNaFunctions", "describe", "summary"]

_NUMERIC = (T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.FloatType, T.DoubleType, T.DecimalType)
_FRACTIONAL = (T.FloatType, T.DoubleType)
_NO_VALUE = object()


def _fn(name: str, *args: Any) -> Column:
    return Column(UnresolvedFunction(name, tuple(a._expr if isinstance(a, Column) else a for a in args)))


def _when(condition: Column, value: Any) -> Column:
    from rillet.sql.functions.core import when

    return when(condition, value)


def _lit(value: Any) -> Column:
    return Column(Literal.of(value))


def _subset(df: DataFrame, subset: Any) -> list[tuple[str, T.DataType]]:
    fields = [(f.name, f.dataType) for f in df.schema.fields]
    if subset is None:
        return fields
    if isinstance(subset, str):
        subset = [subset]
    if not isinstance(subset, (list, tuple)):
        raise PySparkTypeError(
            errorClass="NOT_LIST_OR_STR_OR_TUPLE",
            messageParameters={"arg_name": "subset", "arg_type": type(subset).__name__},
        )
    wanted = {s.lower() for s in subset}
    for s in subset:
        df[s]  # an unknown name fails as in Spark (UNRESOLVED_COLUMN)
    return [(n, t) for n, t in fields if n.lower() in wanted]


def _is_null_or_nan(name: str, dtype: T.DataType) -> Column:
    c = _col(name)
    if isinstance(dtype, _FRACTIONAL):
        return c.isNull() | _fn("isnan", c)
    return c.isNull()


def _col(name: str) -> Column:
    from rillet.sql.column import name_to_expr

    return Column(name_to_expr(f"`{name}`"))


def _value_applies(value: Any, dtype: T.DataType) -> bool:
    if isinstance(value, bool):
        return isinstance(dtype, T.BooleanType)
    if isinstance(value, (int, float)):
        return isinstance(dtype, _NUMERIC)
    if isinstance(value, str):
        return isinstance(dtype, T.StringType)
    return False


def _project(df: DataFrame, replaced: dict[str, Column]) -> DataFrame:
    cols = [
        replaced[f.name].alias(f.name) if f.name in replaced else _col(f.name) for f in df.schema.fields
    ]
    return df.select(*cols)


class DataFrameNaFunctions:
    """``df.na``: drop, fill and replace missing values; see ``pyspark.sql.DataFrameNaFunctions``."""

    def __init__(self, df: DataFrame) -> None:
        self.df = df

    def drop(self, how: str = "any", thresh: int | None = None, subset: Union[str, tuple[str, ...], list[str], None] = None) -> DataFrame:
        """Returns a new :class:`DataFrame` omitting rows with null or NaN values.
        :func:`DataFrame.dropna` and :func:`DataFrameNaFunctions.drop` are
        aliases of each other.

        Parameters
        ----------
        how : str, optional, the values that can be 'any' or 'all', default 'any'.
            If 'any', drop a row if it contains any nulls.
            If 'all', drop a row only if all its values are null.
        thresh: int, optional, default None.
            If specified, drop rows that have less than `thresh` non-null values.
            This overwrites the `how` parameter.
        subset : str, tuple or list, optional
            optional list of column names to consider.

        Returns
        -------
        :class:`DataFrame`
            DataFrame with null only rows excluded.

        Examples
        --------
        Example 1: Drop the row if it contains any null or NaN.

        >>> from rillet.sql import Row
        >>> df = spark.createDataFrame([
        ...     Row(age=10, height=80.0, name="Alice"),
        ...     Row(age=5, height=float("nan"), name="Bob"),
        ...     Row(age=None, height=None, name="Tom"),
        ...     Row(age=None, height=float("nan"), name=None),
        ... ])
        >>> df.na.drop().show()
        +---+------+-----+
        |age|height| name|
        +---+------+-----+
        | 10|  80.0|Alice|
        +---+------+-----+

        Example 2: Drop the row only if all its values are null or NaN.

        >>> from rillet.sql import Row
        >>> df = spark.createDataFrame([
        ...     Row(age=10, height=80.0, name="Alice"),
        ...     Row(age=5, height=float("nan"), name="Bob"),
        ...     Row(age=None, height=None, name="Tom"),
        ...     Row(age=None, height=float("nan"), name=None),
        ... ])
        >>> df.na.drop(how='all').show()
        +----+------+-----+
        | age|height| name|
        +----+------+-----+
        |  10|  80.0|Alice|
        |   5|   NaN|  Bob|
        |NULL|  NULL|  Tom|
        +----+------+-----+
        """
        if how not in ("any", "all"):
            raise PySparkValueError(
                errorClass="VALUE_NOT_ANY_OR_ALL", messageParameters={"arg_name": "how", "arg_value": str(how)}
            )
        cols = _subset(self.df, subset)
        if thresh is None:
            thresh = len(cols) if how == "any" else 1
        present: Column = _lit(0)
        for name, dtype in cols:
            present = present + _when(~_is_null_or_nan(name, dtype), 1).otherwise(0)
        return self.df.filter(present >= thresh)

    def fill(self, value: Union[LiteralType, dict[str, LiteralType]], subset: Optional[list[str]] = None) -> DataFrame:
        """Returns a new :class:`DataFrame` which null values are filled with new value.
        :func:`DataFrame.fillna` and :func:`DataFrameNaFunctions.fill` are
        aliases of each other.

        Parameters
        ----------
        value : int, float, string, bool or dict, the value to replace null values with.
            If the value is a dict, then `subset` is ignored and `value` must be a mapping
            from column name (string) to replacement value. The replacement value must be
            an int, float, boolean, or string.
        subset : str, tuple or list, optional
            optional list of column names to consider.
            Columns specified in subset that do not have matching data types are ignored.
            For example, if `value` is a string, and subset contains a non-string column,
            then the non-string column is simply ignored.

        Returns
        -------
        :class:`DataFrame`
            DataFrame with replaced null values.

        Examples
        --------
        Example 1: Fill all null values with 50 for numeric columns.

        >>> df = spark.createDataFrame([
        ...     (10, 80.5, "Alice", None),
        ...     (5, None, "Bob", None),
        ...     (None, None, "Tom", None),
        ...     (None, None, None, True)],
        ...     schema=["age", "height", "name", "bool"])
        >>> df.na.fill(50).show()
        +---+------+-----+----+
        |age|height| name|bool|
        +---+------+-----+----+
        | 10|  80.5|Alice|NULL|
        |  5|  50.0|  Bob|NULL|
        | 50|  50.0|  Tom|NULL|
        | 50|  50.0| NULL|true|
        +---+------+-----+----+

        Example 2: Fill all null values with ``False`` for boolean columns.

        >>> df = spark.createDataFrame([
        ...     (10, 80.5, "Alice", None),
        ...     (5, None, "Bob", None),
        ...     (None, None, "Tom", None),
        ...     (None, None, None, True)],
        ...     schema=["age", "height", "name", "bool"])
        >>> df.na.fill(False).show()
        +----+------+-----+-----+
        | age|height| name| bool|
        +----+------+-----+-----+
        |  10|  80.5|Alice|false|
        |   5|  NULL|  Bob|false|
        |NULL|  NULL|  Tom|false|
        |NULL|  NULL| NULL| true|
        +----+------+-----+-----+
        """
        if isinstance(value, dict):
            return self._fill_map(value)
        if not isinstance(value, (bool, int, float, str)):
            raise PySparkTypeError(
                errorClass="NOT_BOOL_OR_DICT_OR_FLOAT_OR_INT_OR_STR",
                messageParameters={"arg_name": "value", "arg_type": type(value).__name__},
            )
        replaced = {
            name: _fill_column(name, dtype, value)
            for name, dtype in _subset(self.df, subset)
            if _value_applies(value, dtype)
        }
        return _project(self.df, replaced)

    def _fill_map(self, values: dict[str, Any]) -> DataFrame:
        types = {f.name.lower(): (f.name, f.dataType) for f in self.df.schema.fields}
        replaced = {}
        for key, value in values.items():
            self.df[key]  # unknown column: Spark's error
            name, dtype = types[key.lower()]
            replaced[name] = _fill_column(name, dtype, value)
        return _project(self.df, replaced)

    def replace(self, to_replace: Union[list[LiteralType], dict[LiteralType, OptionalPrimitiveType]], value: Any = _NO_VALUE, subset: Optional[list[str]] = None) -> DataFrame:
        """Returns a new :class:`DataFrame` replacing a value with another value.
        :func:`DataFrame.replace` and :func:`DataFrameNaFunctions.replace` are
        aliases of each other.
        Values to_replace and value must have the same type and can only be numerics, booleans,
        or strings. Value can have None. When replacing, the new value will be cast
        to the type of the existing column.
        For numeric replacements all values to be replaced should have unique
        floating point representation. In case of conflicts (for example with `{42: -1, 42.0: 1}`)
        and arbitrary replacement will be used.

        Parameters
        ----------
        to_replace : bool, int, float, string, list or dict, the value to be replaced.
            If the value is a dict, then `value` is ignored or can be omitted, and `to_replace`
            must be a mapping between a value and a replacement.
        value : bool, int, float, string or None, optional
            The replacement value must be a bool, int, float, string or None. If `value` is a
            list, `value` should be of the same length and type as `to_replace`.
            If `value` is a scalar and `to_replace` is a sequence, then `value` is
            used as a replacement for each item in `to_replace`.
        subset : list, optional
            optional list of column names to consider.
            Columns specified in subset that do not have matching data types are ignored.
            For example, if `value` is a string, and subset contains a non-string column,
            then the non-string column is simply ignored.

        Returns
        -------
        :class:`DataFrame`
            DataFrame with replaced values.

        Examples
        --------
        Example 1: Replace 10 to 20 in all columns.

        >>> df = spark.createDataFrame([
        ...     (10, 80, "Alice"),
        ...     (5, None, "Bob"),
        ...     (None, 10, "Tom"),
        ...     (None, None, None)],
        ...     schema=["age", "height", "name"])
        >>> df.na.replace(10, 20).show()
        +----+------+-----+
        | age|height| name|
        +----+------+-----+
        |  20|    80|Alice|
        |   5|  NULL|  Bob|
        |NULL|    20|  Tom|
        |NULL|  NULL| NULL|
        +----+------+-----+

        Example 2: Replace 'Alice' to null in all columns.

        >>> df = spark.createDataFrame([
        ...     (10, 80, "Alice"),
        ...     (5, None, "Bob"),
        ...     (None, 10, "Tom"),
        ...     (None, None, None)],
        ...     schema=["age", "height", "name"])
        >>> df.na.replace('Alice', None).show()
        +----+------+----+
        | age|height|name|
        +----+------+----+
        |  10|    80|NULL|
        |   5|  NULL| Bob|
        |NULL|    10| Tom|
        |NULL|  NULL|NULL|
        +----+------+----+
        """
        mapping = _replacement_map(to_replace, value)
        keys = [k for k in mapping if k is not None]
        if not keys:
            return self.df
        replaced = {}
        for name, dtype in _subset(self.df, subset):
            if not all(_value_applies(k, dtype) for k in keys):
                continue
            c = _col(name)
            out: Any = None
            for k, v in mapping.items():
                cond = c.isNull() if k is None else c == _lit(k)
                target = _lit(v).cast(dtype)
                out = _when(cond, target) if out is None else out.when(cond, target)
            replaced[name] = out.otherwise(c)
        return _project(self.df, replaced)


def _fill_column(name: str, dtype: T.DataType, value: Any) -> Column:
    c = _col(name)
    if isinstance(dtype, _FRACTIONAL):
        c = _fn("nanvl", c, _lit(None).cast(dtype))
    return _fn("coalesce", c, _lit(value).cast(dtype))


def _replacement_map(to_replace: Any, value: Any) -> dict[Any, Any]:
    if isinstance(to_replace, dict):
        if value is not _NO_VALUE and value is not None:
            raise PySparkTypeError(
                errorClass="NOT_BOOL_OR_FLOAT_OR_INT_OR_LIST_OR_NONE_OR_STR_OR_TUPLE",
                messageParameters={"arg_name": "value", "arg_type": type(value).__name__},
            )
        mapping = dict(to_replace)
    else:
        if value is _NO_VALUE:
            raise PySparkTypeError(
                errorClass="ARGUMENT_REQUIRED",
                messageParameters={"arg_name": "value", "condition": "`to_replace` is not a dict"},
            )
        keys = list(to_replace) if isinstance(to_replace, (list, tuple)) else [to_replace]
        values = list(value) if isinstance(value, (list, tuple)) else [value] * len(keys)
        if len(keys) != len(values):
            raise PySparkValueError(
                errorClass="LENGTH_SHOULD_BE_THE_SAME",
                messageParameters={
                    "arg1": "to_replace", "arg2": "value",
                    "arg1_length": str(len(keys)), "arg2_length": str(len(values)),
                },
            )
        mapping = dict(zip(keys, values))
    kinds = {_kind(k) for k in mapping if k is not None} | {_kind(v) for v in mapping.values() if v is not None}
    if len(kinds) > 1:
        raise PySparkValueError(
            errorClass="MIXED_TYPE_REPLACEMENT", messageParameters={}
        )
    return mapping


def _kind(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    raise PySparkTypeError(
        errorClass="NOT_BOOL_OR_FLOAT_OR_INT_OR_LIST_OR_NONE_OR_STR_OR_TUPLE",
        messageParameters={"arg_name": "to_replace", "arg_type": type(v).__name__},
    )


# ---------------------------------------------------------------------------
# describe / summary

_DEFAULT_SUMMARY = ("count", "mean", "stddev", "min", "25%", "50%", "75%", "max")


def describe(df: DataFrame, cols: Sequence[Any]) -> DataFrame:
    """count, mean, stddev (sample), min, max of numeric and string columns, as strings."""
    return _summarize(df, _stat_columns(df, cols), ("count", "mean", "stddev", "min", "max"))


def summary(df: DataFrame, statistics: Sequence[str]) -> DataFrame:
    """``describe`` plus approximate percentiles (``"25%"``...), in the order asked."""
    return _summarize(df, _stat_columns(df, ()), tuple(statistics) or _DEFAULT_SUMMARY)


def _stat_columns(df: DataFrame, cols: Sequence[Any]) -> list[tuple[str, T.DataType]]:
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        cols = cols[0]
    fields = [(f.name, f.dataType) for f in df.schema.fields]
    if cols:
        wanted = {c.lower() for c in cols}
        return [(n, t) for n, t in fields if n.lower() in wanted]
    return [(n, t) for n, t in fields if isinstance(t, (*_NUMERIC, T.StringType))]


def _statistic(stat: str, name: str, dtype: T.DataType) -> Column:
    c = _col(name)
    numeric = isinstance(dtype, _NUMERIC)
    if stat == "count":
        return _fn("count", c)
    if stat in ("min", "max"):
        return _fn(stat, c)
    if not numeric:
        return _lit(None)
    if stat == "mean":
        return _fn("avg", c)
    if stat == "stddev":
        return _fn("stddev", c)
    if stat.endswith("%"):
        try:
            p = float(stat[:-1]) / 100
        except ValueError:
            p = -1.0
        if not 0 <= p <= 1:
            raise PySparkValueError(f"Unable to parse {stat} as a percentile")
        return _fn("percentile_approx", c, _lit(p), _lit(10000))
    raise PySparkValueError(f"{stat} is not a recognised statistic")


def _summarize(df: DataFrame, cols: list[tuple[str, T.DataType]], stats: Sequence[str]) -> DataFrame:
    """One aggregation pass, collected, then a local table of strings: Spark computes
    describe/summary eagerly the same way (its result is a LocalRelation)."""
    aggs = [
        _statistic(stat, n, t).cast("string").alias(f"{i}_{j}")
        for i, stat in enumerate(stats)
        for j, (n, t) in enumerate(cols)
    ]
    values = df.agg(*aggs).collect()[0] if aggs else ()
    width = len(cols)
    rows = [(stat, *values[i * width:(i + 1) * width]) for i, stat in enumerate(stats)]
    schema = T.StructType(
        [T.StructField("summary", T.StringType()), *(T.StructField(n, T.StringType()) for n, _ in cols)]
    )
    return df.sparkSession.createDataFrame(rows, schema)
