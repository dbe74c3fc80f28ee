"""Higher-order functions: Python lambdas over array elements and map entries, as in PySpark.

A Python function of one to three :class:`~rillet.sql.Column` parameters is called once,
on lambda variables, and the Column it returns becomes the lambda's body; the engine
evaluates it vectorized over all elements of a batch.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable
from typing import Optional

from rillet.errors import PySparkValueError
from rillet.plan.functions.higher_order import LambdaFunction, UnresolvedLambdaVariable
from rillet.sql._typing import ColumnOrName
from rillet.sql.column import Column
from rillet.sql.functions._helpers import call, col_arg

__all__ = ['transform', 'filter', 'exists', 'forall', 'aggregate', 'reduce', 'zip_with', 'map_filter',
           'transform_keys', 'transform_values', 'map_zip_with']

_names = itertools.count()
_SUPPORTED = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.POSITIONAL_ONLY)


def _lambda(f: Callable[..., Column]) -> LambdaFunction:
    """PySpark's ``_create_lambda``: call ``f`` on fresh lambda variables (named ``x_<n>``,
    ``y_<n>``, ``z_<n>``, unique so that nested lambdas never capture each other's)."""
    parameters = inspect.signature(f).parameters.values()
    name = getattr(f, "__name__", type(f).__name__)
    if not 1 <= len(parameters) <= 3:
        raise PySparkValueError(
            errorClass="WRONG_NUM_ARGS_FOR_HIGHER_ORDER_FUNCTION",
            messageParameters={"func_name": name, "num_args": str(len(parameters))},
        )
    if not all(p.kind in _SUPPORTED for p in parameters):
        raise PySparkValueError(
            errorClass="UNSUPPORTED_PARAM_TYPE_FOR_HIGHER_ORDER_FUNCTION",
            messageParameters={"func_name": name},
        )
    n = next(_names)
    variables = [UnresolvedLambdaVariable(f"{v}_{n}") for v in "xyz"[: len(parameters)]]
    result = f(*(Column(v) for v in variables))
    if not isinstance(result, Column):
        raise PySparkValueError(
            errorClass="HIGHER_ORDER_FUNCTION_SHOULD_RETURN_COLUMN",
            messageParameters={"func_name": name, "return_type": type(result).__name__},
        )
    return LambdaFunction(result._expr, tuple(variables))


def transform(col: ColumnOrName, f: Callable[..., Column]) -> Column:
    """Returns an array of elements after applying a transformation to each element in the input array.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        name of column or expression
    f : function
        a function that is applied to each element of the input array.
        Can take one of the following forms:

        - Unary ``(x: Column) -> Column: ...``
        - Binary ``(x: Column, i: Column) -> Column...``, where the second argument is
            a 0-based index of the element.

    Returns
    -------
    :class:`~rillet.sql.Column`
        a new array of transformed elements.

    Examples
    --------
    >>> df = spark.createDataFrame([(1, [1, 2, 3, 4])], ("key", "values"))
    >>> df.select(F.transform("values", lambda x: x * 2).alias("doubled")).show()
    +------------+
    |     doubled|
    +------------+
    |[2, 4, 6, 8]|
    +------------+

    >>> def alternate(x, i):
    ...     return F.when(i % 2 == 0, x).otherwise(-x)
    ...
    >>> df.select(F.transform("values", alternate).alias("alternated")).show()
    +--------------+
    |    alternated|
    +--------------+
    |[1, -2, 3, -4]|
    +--------------+
    """
    return call("transform", col_arg(col), _lambda(f))


def filter(col: ColumnOrName, f: Callable[..., Column]) -> Column:  # noqa: A001
    """Returns an array of elements for which a predicate holds in a given array.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        name of column or expression
    f : function
        A function that returns the Boolean expression.
        Can take one of the following forms:

        - Unary ``(x: Column) -> Column: ...``
        - Binary ``(x: Column, i: Column) -> Column...``, where the second argument is
            a 0-based index of the element.

    Returns
    -------
    :class:`~rillet.sql.Column`
        filtered array of elements where given function evaluated to True
        when passed as an argument.

    Examples
    --------
    >>> df = spark.createDataFrame(
    ...     [(1, ["2018-09-20",  "2019-02-03", "2019-07-01", "2020-06-01"])],
    ...     ("key", "values")
    ... )
    >>> def after_second_quarter(x):
    ...     return F.month(F.to_date(x)) > 6
    ...
    >>> df.select(
    ...     F.filter("values", after_second_quarter).alias("after_second_quarter")
    ... ).show(truncate=False)
    +------------------------+
    |after_second_quarter    |
    +------------------------+
    |[2018-09-20, 2019-07-01]|
    +------------------------+
    """
    return call("filter", col_arg(col), _lambda(f))


def exists(col: ColumnOrName, f: Callable[[Column], Column]) -> Column:
    """Returns whether a predicate holds for one or more elements in the array.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        name of column or expression
    f : function
        ``(x: Column) -> Column: ...``  returning the Boolean expression.

    Returns
    -------
    :class:`~rillet.sql.Column`
        True if "any" element of an array evaluates to True when passed as an argument to
        given function and False otherwise.

    Examples
    --------
    >>> df = spark.createDataFrame([(1, [1, 2, 3, 4]), (2, [3, -1, 0])],("key", "values"))
    >>> df.select(F.exists("values", lambda x: x < 0).alias("any_negative")).show()
    +------------+
    |any_negative|
    +------------+
    |       false|
    |        true|
    +------------+
    """
    return call("exists", col_arg(col), _lambda(f))


def forall(col: ColumnOrName, f: Callable[[Column], Column]) -> Column:
    """Returns whether a predicate holds for every element in the array.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        name of column or expression
    f : function
        ``(x: Column) -> Column: ...``  returning the Boolean expression.

    Returns
    -------
    :class:`~rillet.sql.Column`
        True if "all" elements of an array evaluates to True when passed as an argument to
        given function and False otherwise.

    Examples
    --------
    >>> df = spark.createDataFrame(
    ...     [(1, ["bar"]), (2, ["foo", "bar"]), (3, ["foobar", "foo"])],
    ...     ("key", "values")
    ... )
    >>> df.select(F.forall("values", lambda x: x.rlike("foo")).alias("all_foo")).show()
    +-------+
    |all_foo|
    +-------+
    |  false|
    |  false|
    |   true|
    +-------+
    """
    return call("forall", col_arg(col), _lambda(f))


def aggregate(
    col: ColumnOrName,
    initialValue: ColumnOrName,
    merge: Callable[[Column, Column], Column],
    finish: Optional[Callable[[Column], Column]] = None,
) -> Column:
    """Applies a binary operator to an initial state and all elements in the array,
    and reduces this to a single state. The final state is converted into the final result
    by applying a finish function.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        name of column or expression
    initialValue : :class:`~rillet.sql.Column` or str
        initial value. Name of column or expression
    merge : function
        a binary function ``(acc: Column, x: Column) -> Column...`` returning expression
        of the same type as ``initialValue``
    finish : function, optional
        an optional unary function ``(x: Column) -> Column: ...``
        used to convert accumulated value.

    Returns
    -------
    :class:`~rillet.sql.Column`
        final value after aggregate function is applied.

    Examples
    --------
    >>> df = spark.createDataFrame([(1, [20.0, 4.0, 2.0, 6.0, 10.0])], ("id", "values"))
    >>> df.select(F.aggregate("values", F.lit(0.0), lambda acc, x: acc + x).alias("sum")).show()
    +----+
    | sum|
    +----+
    |42.0|
    +----+

    >>> def merge(acc, x):
    ...     count = acc.count + 1
    ...     sum = acc.sum + x
    ...     return F.struct(count.alias("count"), sum.alias("sum"))
    ...
    >>> df.select(
    ...     F.aggregate(
    ...         "values",
    ...         F.struct(F.lit(0).alias("count"), F.lit(0.0).alias("sum")),
    ...         merge,
    ...         lambda acc: acc.sum / acc.count,
    ...     ).alias("mean")
    ... ).show()
    +----+
    |mean|
    +----+
    | 8.4|
    +----+
    """
    lambdas = [_lambda(merge)] + ([_lambda(finish)] if finish is not None else [])
    return call("aggregate", col_arg(col), col_arg(initialValue, "initialValue"), *lambdas)


def reduce(
    col: ColumnOrName,
    initialValue: ColumnOrName,
    merge: Callable[[Column, Column], Column],
    finish: Optional[Callable[[Column], Column]] = None,
) -> Column:
    """Applies a binary operator to an initial state and all elements in the array,
    and reduces this to a single state. The final state is converted into the final result
    by applying a finish function (the same as :func:`aggregate`, named ``reduce``).

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        name of column or expression
    initialValue : :class:`~rillet.sql.Column` or str
        initial value. Name of column or expression
    merge : function
        a binary function ``(acc: Column, x: Column) -> Column...`` returning expression
        of the same type as ``initialValue``
    finish : function, optional
        an optional unary function ``(x: Column) -> Column: ...``
        used to convert accumulated value.

    Returns
    -------
    :class:`~rillet.sql.Column`
        final value after aggregate function is applied.

    Examples
    --------
    >>> df = spark.createDataFrame([(1, [20.0, 4.0, 2.0, 6.0, 10.0])], ("id", "values"))
    >>> df.select(F.reduce("values", F.lit(0.0), lambda acc, x: acc + x).alias("sum")).show()
    +----+
    | sum|
    +----+
    |42.0|
    +----+
    """
    lambdas = [_lambda(merge)] + ([_lambda(finish)] if finish is not None else [])
    return call("reduce", col_arg(col), col_arg(initialValue, "initialValue"), *lambdas)


def zip_with(left: ColumnOrName, right: ColumnOrName, f: Callable[[Column, Column], Column]) -> Column:
    """Merge two given arrays, element-wise, into a single array using a function.
    If one array is shorter, nulls are appended at the end to match the length of the longer
    array, before applying the function.

    Parameters
    ----------
    left : :class:`~rillet.sql.Column` or str
        name of the first column or expression
    right : :class:`~rillet.sql.Column` or str
        name of the second column or expression
    f : function
        a binary function ``(x1: Column, x2: Column) -> Column...``

    Returns
    -------
    :class:`~rillet.sql.Column`
        array of calculated values derived by applying given function to each pair of arguments.

    Examples
    --------
    >>> df = spark.createDataFrame([(1, [1, 3, 5, 8], [0, 2, 4, 6])], ("id", "xs", "ys"))
    >>> df.select(F.zip_with("xs", "ys", lambda x, y: x ** y).alias("powers")).show(truncate=False)
    +---------------------------+
    |powers                     |
    +---------------------------+
    |[1.0, 9.0, 625.0, 262144.0]|
    +---------------------------+

    >>> df = spark.createDataFrame([(1, ["foo", "bar"], [1, 2, 3])], ("id", "xs", "ys"))
    >>> df.select(F.zip_with("xs", "ys", lambda x, y: F.concat_ws("_", x, y)).alias("xs_ys")).show()
    +-----------------+
    |            xs_ys|
    +-----------------+
    |[foo_1, bar_2, 3]|
    +-----------------+
    """
    return call("zip_with", col_arg(left, "left"), col_arg(right, "right"), _lambda(f))


def map_filter(col: ColumnOrName, f: Callable[[Column, Column], Column]) -> Column:
    """Returns a new map column whose key-value pairs satisfy a given predicate function.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        The name of the column or a column expression representing the map to be filtered.
    f : function
        A binary function ``(k: Column, v: Column) -> Column...`` that defines the predicate.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new map column containing only the key-value pairs that satisfy the predicate.

    Examples
    --------
    >>> df = spark.createDataFrame([(1, {"foo": 42.0, "bar": 1.0, "baz": 32.0})], ("id", "data"))
    >>> row = df.select(
    ...   F.map_filter("data", lambda _, v: v > 30.0).alias("data_filtered")
    ... ).head()
    >>> sorted(row["data_filtered"].items())
    [('baz', 32.0), ('foo', 42.0)]
    """
    return call("map_filter", col_arg(col), _lambda(f))


def transform_keys(col: ColumnOrName, f: Callable[[Column, Column], Column]) -> Column:
    """Applies a function to every key-value pair in a map and returns
    a map with the results of those applications as the new keys for the pairs.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        name of column or expression
    f : function
        a binary function ``(k: Column, v: Column) -> Column...``

    Returns
    -------
    :class:`~rillet.sql.Column`
        a new map of entries where new keys were calculated by applying given function to
        each key value argument.

    Examples
    --------
    >>> df = spark.createDataFrame([(1, {"foo": -2.0, "bar": 2.0})], ("id", "data"))
    >>> row = df.select(F.transform_keys(
    ...     "data", lambda k, _: F.upper(k)).alias("data_upper")
    ... ).head()
    >>> sorted(row["data_upper"].items())
    [('BAR', 2.0), ('FOO', -2.0)]
    """
    return call("transform_keys", col_arg(col), _lambda(f))


def transform_values(col: ColumnOrName, f: Callable[[Column, Column], Column]) -> Column:
    """Applies a function to every key-value pair in a map and returns
    a map with the results of those applications as the new values for the pairs.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        name of column or expression
    f : function
        a binary function ``(k: Column, v: Column) -> Column...``

    Returns
    -------
    :class:`~rillet.sql.Column`
        a new map of entries where new values were calculated by applying given function to
        each key value argument.

    Examples
    --------
    >>> df = spark.createDataFrame([(1, {"IT": 10.0, "SALES": 2.0, "OPS": 24.0})], ("id", "data"))
    >>> row = df.select(F.transform_values(
    ...     "data", lambda k, v: F.when(k.isin("IT", "OPS"), v + 10.0).otherwise(v)
    ... ).alias("new_data")).head()
    >>> sorted(row["new_data"].items())
    [('IT', 20.0), ('OPS', 34.0), ('SALES', 2.0)]
    """
    return call("transform_values", col_arg(col), _lambda(f))


def map_zip_with(
    col1: ColumnOrName,
    col2: ColumnOrName,
    f: Callable[[Column, Column, Column], Column],
) -> Column:
    """Merge two given maps, key-wise into a single map using a function.

    Parameters
    ----------
    col1 : :class:`~rillet.sql.Column` or str
        The name of the first column or a column expression representing the first map.
    col2 : :class:`~rillet.sql.Column` or str
        The name of the second column or a column expression representing the second map.
    f : function
        A ternary function ``(k: Column, v1: Column, v2: Column) -> Column...`` that defines
        how to merge the values from the two maps (a key missing from one map gives NULL).

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new map column where each key-value pair is the result of applying the function to
        the corresponding key-value pairs in the input maps.

    Examples
    --------
    >>> df = spark.createDataFrame([
    ...   (1, {"A": 1, "B": 2}, {"B": 3, "C": 4})],
    ...   ("id", "map1", "map2"))
    >>> row = df.select(
    ...   F.map_zip_with("map1", "map2",
    ...     lambda _, v1, v2: F.when(v2.isNull(), v1).otherwise(v1 + v2)
    ...   ).alias("updated_data")
    ... ).head()
    >>> sorted(row["updated_data"].items())
    [('A', 1), ('B', 5), ('C', None)]
    """
    return call("map_zip_with", col_arg(col1, "col1"), col_arg(col2, "col2"), _lambda(f))
