"""Aggregate functions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional, Union

from rillet.plan.expressions.core import Literal, UnresolvedFunction, UnresolvedStar
from rillet.sql._typing import ColumnOrName
from rillet.sql.column import Column, _to_expr
from rillet.sql.functions._helpers import call, col_arg

__all__ = ['count', 'count_distinct', 'sum', 'sum_distinct', 'avg', 'mean', 'min', 'max', 'first',
           'last', 'countDistinct', 'sumDistinct', 'approx_count_distinct', 'approxCountDistinct',
           'collect_list', 'collect_set', 'array_agg', 'stddev', 'std', 'stddev_samp', 'stddev_pop',
           'variance', 'var_samp', 'var_pop', 'percentile_approx', 'approx_percentile', 'median',
           'mode', 'max_by', 'min_by', 'any_value', 'bool_and', 'bool_or', 'every', 'some',
           'count_if', 'product',
    'corr', 'covar_pop', 'covar_samp', 'regr_avgx', 'regr_avgy', 'regr_count', 'regr_intercept', 'regr_r2', 'regr_slope', 'regr_sxx', 'regr_sxy', 'regr_syy', 'percentile',
]


# --- aggregates ------------------------------------------------------------------------


def count(col: ColumnOrName) -> Column:
    """Aggregate function: returns the number of items in a group.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        column for computed results.

    Examples
    --------
    Example 1: Count all rows in a DataFrame

    >>> df = spark.createDataFrame([(None,), ("a",), ("b",), ("c",)], schema=["alphabets"])
    >>> df.select(F.count(F.expr("*"))).show()
    +--------+
    |count(1)|
    +--------+
    |       4|
    +--------+

    Example 2: Count all rows in a DataFrame with multiple columns

    >>> df = spark.createDataFrame(
    ...     [(1, "apple"), (2, "banana"), (3, None)], schema=["id", "fruit"])
    >>> df.select(F.count(F.expr("*"))).show()
    +--------+
    |count(1)|
    +--------+
    |       3|
    +--------+
    """
    if isinstance(col, str) and col == "*":
        return Column(UnresolvedFunction("count", (UnresolvedStar(),)))
    return call("count", col_arg(col))


def count_distinct(col: ColumnOrName, *cols: ColumnOrName) -> Column:
    """Returns a new :class:`Column` for distinct count of ``col`` or ``cols``.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        first column to compute on.
    cols : :class:`~rillet.sql.Column` or column name
        other columns to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        distinct values of these two column values.

    Examples
    --------
    Example 1: Counting distinct values of a single column

    >>> df = spark.createDataFrame([(1,), (1,), (3,)], ["value"])
    >>> df.select(F.count_distinct(df.value)).show()
    +---------------------+
    |count(DISTINCT value)|
    +---------------------+
    |                    2|
    +---------------------+

    Example 2: Counting distinct values of multiple columns

    >>> df = spark.createDataFrame([(1, 1), (1, 2)], ["value1", "value2"])
    >>> df.select(F.count_distinct(df.value1, df.value2)).show()
    +------------------------------+
    |count(DISTINCT value1, value2)|
    +------------------------------+
    |                             2|
    +------------------------------+
    """
    return call("count", col_arg(col), *(col_arg(c) for c in cols), distinct=True)


def countDistinct(col: ColumnOrName, *cols: ColumnOrName) -> Column:
    """Returns a new :class:`~rillet.sql.Column` for distinct count of ``col`` or ``cols``.

    An alias of :func:`count_distinct`, and it is encouraged to use :func:`count_distinct`
    directly.

    Examples
    --------
    >>> df = spark.createDataFrame([(1,), (1,), (3,)], ["value"])
    >>> df.select(F.count_distinct(df.value)).show()
    +---------------------+
    |count(DISTINCT value)|
    +---------------------+
    |                    2|
    +---------------------+

    >>> df.select(F.countDistinct(df.value)).show()
    +---------------------+
    |count(DISTINCT value)|
    +---------------------+
    |                    2|
    +---------------------+
    """
    return count_distinct(col, *cols)


def sum(col: ColumnOrName) -> Column:  # noqa: A001
    """Aggregate function: returns the sum of all values in the expression.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the column for computed results.

    Examples
    --------
    Example 1: Calculating the sum of values in a column

    >>> df = spark.range(10)
    >>> df.select(F.sum(df["id"])).show()
    +-------+
    |sum(id)|
    +-------+
    |     45|
    +-------+

    Example 2: Using a plus expression together to calculate the sum

    >>> df = spark.createDataFrame([(1, 2), (3, 4)], ["A", "B"])
    >>> df.select(F.sum(F.col("A") + F.col("B"))).show()
    +------------+
    |sum((A + B))|
    +------------+
    |          10|
    +------------+
    """
    return call("sum", col_arg(col))


def sum_distinct(col: ColumnOrName) -> Column:
    """Aggregate function: returns the sum of distinct values in the expression.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the column for computed results.

    Examples
    --------
    Example 1: Using sum_distinct function on a column with all distinct values

    >>> df = spark.createDataFrame([(1,), (2,), (3,), (4,)], ["numbers"])
    >>> df.select(F.sum_distinct('numbers')).show()
    +---------------------+
    |sum(DISTINCT numbers)|
    +---------------------+
    |                   10|
    +---------------------+

    Example 2: Using sum_distinct function on a column with no distinct values

    >>> df = spark.createDataFrame([(1,), (1,), (1,), (1,)], ["numbers"])
    >>> df.select(F.sum_distinct('numbers')).show()
    +---------------------+
    |sum(DISTINCT numbers)|
    +---------------------+
    |                    1|
    +---------------------+
    """
    return call("sum", col_arg(col), distinct=True)


def sumDistinct(col: ColumnOrName) -> Column:
    """Aggregate function: returns the sum of distinct values in the expression.

    Examples
    --------
    >>> df = spark.createDataFrame([(1,), (2,), (2,)], ["v"])
    >>> df.select(F.sumDistinct("v").alias("r")).show()
    +---+
    |  r|
    +---+
    |  3|
    +---+
    """
    return sum_distinct(col)


def avg(col: ColumnOrName) -> Column:
    """Aggregate function: returns the average of the values in a group.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the column for computed results.

    Examples
    --------
    Example 1: Calculating the average age

    >>> df = spark.createDataFrame([(1982, 15), (1990, 2)], ["birth", "age"])
    >>> df.select(F.avg("age")).show()
    +--------+
    |avg(age)|
    +--------+
    |     8.5|
    +--------+

    Example 2: Calculating the average age with None

    >>> df = spark.createDataFrame([(1982, None), (1990, 2), (2000, 4)], ["birth", "age"])
    >>> df.select(F.avg("age")).show()
    +--------+
    |avg(age)|
    +--------+
    |     3.0|
    +--------+
    """
    return call("avg", col_arg(col))


def mean(col: ColumnOrName) -> Column:
    """Aggregate function: returns the average of the values in a group.
    An alias of :func:`avg`.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the column for computed results.

    Examples
    --------
    Example 1: Calculating the average age

    >>> df = spark.createDataFrame([(1982, 15), (1990, 2)], ["birth", "age"])
    >>> df.select(F.mean("age")).show()
    +--------+
    |avg(age)|
    +--------+
    |     8.5|
    +--------+

    Example 2: Calculating the average age with None

    >>> df = spark.createDataFrame([(1982, None), (1990, 2), (2000, 4)], ["birth", "age"])
    >>> df.select(F.mean("age")).show()
    +--------+
    |avg(age)|
    +--------+
    |     3.0|
    +--------+
    """
    return call("avg", col_arg(col))


def min(col: ColumnOrName) -> Column:  # noqa: A001
    """Aggregate function: returns the minimum value of the expression in a group.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        The target column on which the minimum value is computed.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A column that contains the minimum value computed.

    Examples
    --------
    Example 1: Compute the minimum value of a numeric column

    >>> df = spark.range(10)
    >>> df.select(F.min(df.id)).show()
    +-------+
    |min(id)|
    +-------+
    |      0|
    +-------+

    Example 2: Compute the minimum value of a string column

    >>> df = spark.createDataFrame([("Alice",), ("Bob",), ("Charlie",)], ["name"])
    >>> df.select(F.min("name")).show()
    +---------+
    |min(name)|
    +---------+
    |    Alice|
    +---------+
    """
    return call("min", col_arg(col))


def max(col: ColumnOrName) -> Column:  # noqa: A001
    """Aggregate function: returns the maximum value of the expression in a group.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        The target column on which the maximum value is computed.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A column that contains the maximum value computed.

    Examples
    --------
    Example 1: Compute the maximum value of a numeric column

    >>> df = spark.range(10)
    >>> df.select(F.max(df.id)).show()
    +-------+
    |max(id)|
    +-------+
    |      9|
    +-------+

    Example 2: Compute the maximum value of a string column

    >>> df = spark.createDataFrame([("A",), ("B",), ("C",)], ["value"])
    >>> df.select(F.max(df.value)).show()
    +----------+
    |max(value)|
    +----------+
    |         C|
    +----------+
    """
    return call("max", col_arg(col))


def first(col: ColumnOrName, ignorenulls: bool = False) -> Column:
    """Aggregate function: returns the first value in a group.

    The function by default returns the first values it sees. It will return the first non-null
    value it sees when ignoreNulls is set to true. If all values are null, then null is returned.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        column to fetch first value for.
    ignorenulls : bool
        if first value is null then look for first non-null value. ``False``` by default.

    Returns
    -------
    :class:`~rillet.sql.Column`
        first value of the group.

    Examples
    --------
    >>> df = spark.createDataFrame([("Alice", 2), ("Bob", 5), ("Alice", None)], ("name", "age"))
    >>> df = df.orderBy(df.age)
    >>> df.groupby("name").agg(F.first("age")).orderBy("name").show()
    +-----+----------+
    | name|first(age)|
    +-----+----------+
    |Alice|      NULL|
    |  Bob|         5|
    +-----+----------+

    To ignore any null values, set ``ignorenulls`` to `True`

    >>> df.groupby("name").agg(F.first("age", ignorenulls=True)).orderBy("name").show()
    +-----+----------+
    | name|first(age)|
    +-----+----------+
    |Alice|         2|
    |  Bob|         5|
    +-----+----------+
    """
    return Column(UnresolvedFunction("first", (col_arg(col),), ignore_nulls=ignorenulls))


def last(col: ColumnOrName, ignorenulls: bool = False) -> Column:
    """Aggregate function: returns the last value in a group.

    The function by default returns the last values it sees. It will return the last non-null
    value it sees when ignoreNulls is set to true. If all values are null, then null is returned.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        column to fetch last value for.
    ignorenulls : bool
        if last value is null then look for non-null value. ``False``` by default.

    Returns
    -------
    :class:`~rillet.sql.Column`
        last value of the group.

    Examples
    --------
    >>> df = spark.createDataFrame([("Alice", 2), ("Bob", 5), ("Alice", None)], ("name", "age"))
    >>> df = df.orderBy(df.age.desc())
    >>> df.groupby("name").agg(F.last("age")).orderBy("name").show()
    +-----+---------+
    | name|last(age)|
    +-----+---------+
    |Alice|     NULL|
    |  Bob|        5|
    +-----+---------+

    To ignore any null values, set ``ignorenulls`` to `True`

    >>> df.groupby("name").agg(F.last("age", ignorenulls=True)).orderBy("name").show()
    +-----+---------+
    | name|last(age)|
    +-----+---------+
    |Alice|        2|
    |  Bob|        5|
    +-----+---------+
    """
    return Column(UnresolvedFunction("last", (col_arg(col),), ignore_nulls=ignorenulls))


# --- more aggregates --------------------------------------------------------------------------


def approx_count_distinct(col: ColumnOrName, rsd: Optional[float] = None) -> Column:
    """This aggregate function returns a new :class:`~rillet.sql.Column`, which estimates
    the approximate distinct count of elements in a specified column or a group of columns.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        The label of the column to count distinct values in.
    rsd : float, optional
        The maximum allowed relative standard deviation (default = 0.05).
        If rsd < 0.01, it would be more efficient to use :func:`count_distinct`.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new Column object representing the approximate unique count.

    Notes
    -----
    rillet counts exactly; Spark estimates with HyperLogLog++ within ``rsd``.

    Examples
    --------
    Example 1: Counting distinct values in a single column DataFrame representing integers

    >>> df = spark.createDataFrame([1,2,2,3], "int")
    >>> df.agg(F.approx_count_distinct("value")).show()
    +----------------------------+
    |approx_count_distinct(value)|
    +----------------------------+
    |                           3|
    +----------------------------+

    Example 2: Counting distinct values in a single column DataFrame representing strings

    >>> df = spark.createDataFrame([("apple",), ("orange",), ("apple",), ("banana",)], ['fruit'])
    >>> df.agg(F.approx_count_distinct("fruit")).show()
    +----------------------------+
    |approx_count_distinct(fruit)|
    +----------------------------+
    |                           3|
    +----------------------------+
    """
    return call("approx_count_distinct", col_arg(col))


def approxCountDistinct(col: ColumnOrName, rsd: Optional[float] = None) -> Column:
    """This aggregate function returns a new :class:`~rillet.sql.Column`, which estimates
    the approximate distinct count of elements in a specified column or a group of columns.

    Notes
    -----
    rillet counts exactly; Spark estimates with HyperLogLog++ within ``rsd``.

    Examples
    --------
    >>> df = spark.createDataFrame([(1,), (2,), (2,)], ["v"])
    >>> df.select(F.approxCountDistinct("v").alias("r")).show()
    +---+
    |  r|
    +---+
    |  2|
    +---+
    """
    return approx_count_distinct(col, rsd)


def collect_list(col: ColumnOrName) -> Column:
    """Aggregate function: Collects the values from a column into a list,
    maintaining duplicates, and returns this list of objects.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        The target column on which the function is computed.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new Column object representing a list of collected values, with duplicate values included.

    Examples
    --------
    Example 1: Collect values from a DataFrame and sort the result in ascending order

    >>> df = spark.createDataFrame([(1,), (2,), (2,)], ('value',))
    >>> df.select(F.sort_array(F.collect_list('value')).alias('sorted_list')).show()
    +-----------+
    |sorted_list|
    +-----------+
    |  [1, 2, 2]|
    +-----------+

    Example 2: Collect values from a DataFrame and sort the result in descending order

    >>> df = spark.createDataFrame([(2,), (5,), (5,)], ('age',))
    >>> df.select(F.sort_array(F.collect_list('age'), asc=False).alias('sorted_list')).show()
    +-----------+
    |sorted_list|
    +-----------+
    |  [5, 5, 2]|
    +-----------+
    """
    return call("collect_list", col_arg(col))


def collect_set(col: ColumnOrName) -> Column:
    """Aggregate function: Collects the values from a column into a set,
    eliminating duplicates, and returns this set of objects.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        The target column on which the function is computed.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new Column object representing a set of collected values, duplicates excluded.

    Examples
    --------
    Example 1: Collect values from a DataFrame and sort the result in ascending order

    >>> df = spark.createDataFrame([(1,), (2,), (2,)], ('value',))
    >>> df.select(F.sort_array(F.collect_set('value')).alias('sorted_set')).show()
    +----------+
    |sorted_set|
    +----------+
    |    [1, 2]|
    +----------+

    Example 2: Collect values from a DataFrame and sort the result in descending order

    >>> df = spark.createDataFrame([(2,), (5,), (5,)], ('age',))
    >>> df.select(F.sort_array(F.collect_set('age'), asc=False).alias('sorted_set')).show()
    +----------+
    |sorted_set|
    +----------+
    |    [5, 2]|
    +----------+
    """
    return call("collect_set", col_arg(col))


def array_agg(col: ColumnOrName) -> Column:
    """Aggregate function: returns a list of objects with duplicates.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        list of objects with duplicates.

    Examples
    --------
    Example 1: Using array_agg function on an int column

    >>> df = spark.createDataFrame([[1],[1],[2]], ["c"])
    >>> df.agg(F.sort_array(F.array_agg('c')).alias('sorted_list')).show()
    +-----------+
    |sorted_list|
    +-----------+
    |  [1, 1, 2]|
    +-----------+

    Example 2: Using array_agg function on a string column

    >>> df = spark.createDataFrame([["apple"],["apple"],["banana"]], ["c"])
    >>> df.agg(F.sort_array(F.array_agg('c')).alias('sorted_list')).show(truncate=False)
    +----------------------+
    |sorted_list           |
    +----------------------+
    |[apple, apple, banana]|
    +----------------------+
    """
    return call("array_agg", col_arg(col))


def stddev(col: ColumnOrName) -> Column:
    """Aggregate function: alias for stddev_samp.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        standard deviation of given column.

    Examples
    --------
    >>> spark.range(6).select(F.stddev("id")).show()
    +------------------+
    |        stddev(id)|
    +------------------+
    |1.8708286933869...|
    +------------------+
    """
    return call("stddev", col_arg(col))


def std(col: ColumnOrName) -> Column:
    """Aggregate function: alias for stddev_samp.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        standard deviation of given column.

    Examples
    --------
    >>> spark.range(6).select(F.std("id")).show()
    +------------------+
    |           std(id)|
    +------------------+
    |1.8708286933869...|
    +------------------+
    """
    return call("std", col_arg(col))


def stddev_samp(col: ColumnOrName) -> Column:
    """Aggregate function: returns the unbiased sample standard deviation of
    the expression in a group.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        standard deviation of given column.

    Examples
    --------
    >>> spark.range(6).select(F.stddev_samp("id")).show()
    +------------------+
    |   stddev_samp(id)|
    +------------------+
    |1.8708286933869...|
    +------------------+
    """
    return call("stddev_samp", col_arg(col))


def stddev_pop(col: ColumnOrName) -> Column:
    """Aggregate function: returns population standard deviation of
    the expression in a group.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        standard deviation of given column.

    Examples
    --------
    >>> spark.range(6).select(F.stddev_pop("id")).show()
    +-----------------+
    |   stddev_pop(id)|
    +-----------------+
    |1.707825127659...|
    +-----------------+
    """
    return call("stddev_pop", col_arg(col))


def variance(col: ColumnOrName) -> Column:
    """Aggregate function: alias for var_samp

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        variance of given column.

    Examples
    --------
    >>> df = spark.range(6)
    >>> df.select(F.variance(df.id)).show()
    +------------+
    |variance(id)|
    +------------+
    |         3.5|
    +------------+
    """
    return call("variance", col_arg(col))


def var_samp(col: ColumnOrName) -> Column:
    """Aggregate function: returns the unbiased sample variance of
    the values in a group.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        variance of given column.

    Examples
    --------
    >>> df = spark.range(6)
    >>> df.select(F.var_samp(df.id)).show()
    +------------+
    |var_samp(id)|
    +------------+
    |         3.5|
    +------------+
    """
    return call("var_samp", col_arg(col))


def var_pop(col: ColumnOrName) -> Column:
    """Aggregate function: returns the population variance of the values in a group.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        variance of given column.

    Examples
    --------
    >>> df = spark.range(6)
    >>> df.select(F.var_pop(df.id)).show()
    +------------------+
    |       var_pop(id)|
    +------------------+
    |2.9166666666666...|
    +------------------+
    """
    return call("var_pop", col_arg(col))


def median(col: ColumnOrName) -> Column:
    """Returns the median of the values in a group.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the median of the values in a group.

    Examples
    --------
    >>> df = spark.createDataFrame([
    ...     ("Java", 2012, 20000), ("dotNET", 2012, 5000),
    ...     ("Java", 2012, 22000), ("dotNET", 2012, 10000),
    ...     ("dotNET", 2013, 48000), ("Java", 2013, 30000)],
    ...     schema=("course", "year", "earnings"))
    >>> df.groupby("course").agg(F.median("earnings")).show()
    +------+----------------+
    |course|median(earnings)|
    +------+----------------+
    |  Java|         22000.0|
    |dotNET|         10000.0|
    +------+----------------+
    """
    return call("median", col_arg(col))


def bool_and(col: ColumnOrName) -> Column:
    """Aggregate function: returns true if all values of `col` are true.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        column to check if all values are true.

    Returns
    -------
    :class:`~rillet.sql.Column`
        true if all values of `col` are true, false otherwise.

    Examples
    --------
    >>> df = spark.createDataFrame([[True], [True], [True]], ["flag"])
    >>> df.select(F.bool_and("flag")).show()
    +--------------+
    |bool_and(flag)|
    +--------------+
    |          true|
    +--------------+

    >>> df = spark.createDataFrame([[True], [False], [True]], ["flag"])
    >>> df.select(F.bool_and("flag")).show()
    +--------------+
    |bool_and(flag)|
    +--------------+
    |         false|
    +--------------+

    >>> df = spark.createDataFrame([[False], [False], [False]], ["flag"])
    >>> df.select(F.bool_and("flag")).show()
    +--------------+
    |bool_and(flag)|
    +--------------+
    |         false|
    +--------------+
    """
    return call("bool_and", col_arg(col))


def bool_or(col: ColumnOrName) -> Column:
    """Aggregate function: returns true if at least one value of `col` is true.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        column to check if at least one value is true.

    Returns
    -------
    :class:`~rillet.sql.Column`
        true if at least one value of `col` is true, false otherwise.

    Examples
    --------
    >>> df = spark.createDataFrame([[True], [True], [True]], ["flag"])
    >>> df.select(F.bool_or("flag")).show()
    +-------------+
    |bool_or(flag)|
    +-------------+
    |         true|
    +-------------+
    >>> df = spark.createDataFrame([[True], [False], [True]], ["flag"])
    >>> df.select(F.bool_or("flag")).show()
    +-------------+
    |bool_or(flag)|
    +-------------+
    |         true|
    +-------------+
    >>> df = spark.createDataFrame([[False], [False], [False]], ["flag"])
    >>> df.select(F.bool_or("flag")).show()
    +-------------+
    |bool_or(flag)|
    +-------------+
    |        false|
    +-------------+
    """
    return call("bool_or", col_arg(col))


def every(col: ColumnOrName) -> Column:
    """Aggregate function: returns true if all values of `col` are true.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        column to check if all values are true.

    Returns
    -------
    :class:`~rillet.sql.Column`
        true if all values of `col` are true, false otherwise.

    Examples
    --------
    >>> spark.createDataFrame(
    ...     [[True], [True], [True]], ["flag"]
    ... ).select(F.every("flag")).show()
    +-----------+
    |every(flag)|
    +-----------+
    |       true|
    +-----------+

    >>> spark.createDataFrame(
    ...     [[True], [False], [True]], ["flag"]
    ... ).select(F.every("flag")).show()
    +-----------+
    |every(flag)|
    +-----------+
    |      false|
    +-----------+

    >>> spark.createDataFrame(
    ...     [[False], [False], [False]], ["flag"]
    ... ).select(F.every("flag")).show()
    +-----------+
    |every(flag)|
    +-----------+
    |      false|
    +-----------+
    """
    return call("every", col_arg(col))


def some(col: ColumnOrName) -> Column:
    """Aggregate function: returns true if at least one value of `col` is true.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        column to check if at least one value is true.

    Returns
    -------
    :class:`~rillet.sql.Column`
        true if at least one value of `col` is true, false otherwise.

    Examples
    --------
    >>> spark.createDataFrame(
    ...     [[True], [True], [True]], ["flag"]
    ... ).select(F.some("flag")).show()
    +----------+
    |some(flag)|
    +----------+
    |      true|
    +----------+

    >>> spark.createDataFrame(
    ...     [[True], [False], [True]], ["flag"]
    ... ).select(F.some("flag")).show()
    +----------+
    |some(flag)|
    +----------+
    |      true|
    +----------+

    >>> spark.createDataFrame(
    ...     [[False], [False], [False]], ["flag"]
    ... ).select(F.some("flag")).show()
    +----------+
    |some(flag)|
    +----------+
    |     false|
    +----------+
    """
    return call("some", col_arg(col))


def count_if(col: ColumnOrName) -> Column:
    """Aggregate function: Returns the number of `TRUE` values for the `col`.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the number of `TRUE` values for the `col`.

    Examples
    --------
    Example 1: Counting the number of even numbers in a numeric column

    >>> df = spark.createDataFrame([("a", 1), ("a", 2), ("a", 3), ("b", 8), ("b", 2)], ["c1", "c2"])
    >>> df.select(F.count_if(F.col('c2') % 2 == 0)).show()
    +------------------------+
    |count_if(((c2 % 2) = 0))|
    +------------------------+
    |                       3|
    +------------------------+

    Example 2: Counting the number of rows where a string column starts with a certain letter

    >>> df = spark.createDataFrame(
    ...   [("apple",), ("banana",), ("cherry",), ("apple",), ("banana",)], ["fruit"])
    >>> df.select(F.count_if(F.col('fruit').startswith('a'))).show()
    +------------------------------+
    |count_if(startswith(fruit, a))|
    +------------------------------+
    |                             2|
    +------------------------------+
    """
    return call("count_if", col_arg(col))


def mode(col: ColumnOrName, deterministic: bool = False) -> Column:
    """Returns the most frequent value in a group.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.
    deterministic : bool, optional
        if there are multiple equally-frequent results then return the lowest (defaults to false).

    Returns
    -------
    :class:`~rillet.sql.Column`
        the most frequent value in a group.

    Notes
    -----
    ``deterministic`` is accepted for PySpark's signature; rillet breaks ties by the first value seen.

    Examples
    --------
    >>> df = spark.createDataFrame([("Java", 2012), ("dotNET", 2012), ("Java", 2013), ("Java", 2013)], ["course", "year"])
    >>> df.groupby("course").agg(F.mode("year").alias("mode")).sort("course").show()
    +------+----+
    |course|mode|
    +------+----+
    |  Java|2013|
    |dotNET|2012|
    +------+----+
    """
    return call("mode", col_arg(col))


def percentile_approx(
    col: ColumnOrName,
    percentage: Union[Column, float, Sequence[float], tuple[float]],
    accuracy: Union[Column, int] = 10000,
) -> Column:
    """Returns the approximate `percentile` of the numeric column `col` which is the smallest value
    in the ordered `col` values (sorted from least to greatest) such that no more than `percentage`
    of `col` values is less than the value or equal to that value.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        input column.
    percentage : :class:`~rillet.sql.Column`, float, list of floats or tuple of floats
        percentage in decimal (must be between 0.0 and 1.0).
        When percentage is an array, each value of the percentage array must be between 0.0 and 1.0.
        In this case, returns the approximate percentile array of column col
        at the given percentage array.
    accuracy : :class:`~rillet.sql.Column` or int
        is a positive numeric literal which controls approximation accuracy
        at the cost of memory. Higher value of accuracy yields better accuracy,
        1.0/accuracy is the relative error of the approximation. (default: 10000).

    Returns
    -------
    :class:`~rillet.sql.Column`
        approximate `percentile` of the numeric column.

    Examples
    --------
    >>> df = spark.createDataFrame([(k % 3, float(k)) for k in range(30)], ["key", "value"])
    >>> df.groupBy("key").agg(F.percentile_approx("value", 0.5).alias("median")).sort("key").show()
    +---+------+
    |key|median|
    +---+------+
    |  0|  12.0|
    |  1|  13.0|
    |  2|  14.0|
    +---+------+
    """
    p = Literal.of(list(percentage)) if isinstance(percentage, (list, tuple)) else _to_expr(percentage)
    return call("percentile_approx", col_arg(col), p, Literal.of(accuracy))


def approx_percentile(
    col: ColumnOrName,
    percentage: Union[Column, float, Sequence[float], tuple[float]],
    accuracy: Union[Column, int] = 10000,
) -> Column:
    """Returns the approximate `percentile` of the numeric column `col` which is the smallest value
    in the ordered `col` values (sorted from least to greatest) such that no more than `percentage`
    of `col` values is less than the value or equal to that value.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        input column.
    percentage : :class:`~rillet.sql.Column`, float, list of floats or tuple of floats
        percentage in decimal (must be between 0.0 and 1.0).
        When percentage is an array, each value of the percentage array must be between 0.0 and 1.0.
        In this case, returns the approximate percentile array of column col
        at the given percentage array.
    accuracy : :class:`~rillet.sql.Column` or int
        is a positive numeric literal which controls approximation accuracy
        at the cost of memory. Higher value of accuracy yields better accuracy,
        1.0/accuracy is the relative error of the approximation. (default: 10000).

    Returns
    -------
    :class:`~rillet.sql.Column`
        approximate `percentile` of the numeric column.

    Examples
    --------
    >>> df = spark.createDataFrame([(k % 3, float(k)) for k in range(30)], ["key", "value"])
    >>> df.groupBy("key").agg(F.approx_percentile("value", [0.25, 0.75]).alias("q")).sort("key").show()
    +---+-----------+
    |key|          q|
    +---+-----------+
    |  0|[6.0, 21.0]|
    |  1|[7.0, 22.0]|
    |  2|[8.0, 23.0]|
    +---+-----------+
    """
    p = Literal.of(list(percentage)) if isinstance(percentage, (list, tuple)) else _to_expr(percentage)
    return call("approx_percentile", col_arg(col), p, Literal.of(accuracy))


def max_by(col: ColumnOrName, ord: ColumnOrName) -> Column:  # noqa: A002
    """Returns the value from the `col` parameter that is associated with the maximum value
    from the `ord` parameter. This function is often used to find the `col` parameter value
    corresponding to the maximum `ord` parameter value within each group when used with groupBy().

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        The column representing the values to be returned. This could be the column instance
        or the column name as string.
    ord : :class:`~rillet.sql.Column` or column name
        The column that needs to be maximized. This could be the column instance
        or the column name as string.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A column object representing the value from `col` that is associated with
        the maximum value from `ord`.

    Examples
    --------
    Example 1: Using `max_by` with groupBy

    >>> df = spark.createDataFrame([
    ...     ("Java", 2012, 20000), ("dotNET", 2012, 5000),
    ...     ("dotNET", 2013, 48000), ("Java", 2013, 30000)],
    ...     schema=("course", "year", "earnings"))
    >>> df.groupby("course").agg(F.max_by("year", "earnings")).sort("course").show()
    +------+----------------------+
    |course|max_by(year, earnings)|
    +------+----------------------+
    |  Java|                  2013|
    |dotNET|                  2013|
    +------+----------------------+

    Example 2: Using `max_by` with different data types

    >>> df = spark.createDataFrame([
    ...     ("Marketing", "Anna", 4), ("IT", "Bob", 2),
    ...     ("IT", "Charlie", 3), ("Marketing", "David", 1)],
    ...     schema=("department", "name", "years_in_dept"))
    >>> df.groupby("department").agg(
    ...     F.max_by("name", "years_in_dept")
    ... ).sort("department").show()
    +----------+---------------------------+
    |department|max_by(name, years_in_dept)|
    +----------+---------------------------+
    |        IT|                    Charlie|
    | Marketing|                       Anna|
    +----------+---------------------------+
    """
    return call("max_by", col_arg(col), col_arg(ord, "ord"))


def min_by(col: ColumnOrName, ord: ColumnOrName) -> Column:  # noqa: A002
    """Returns the value from the `col` parameter that is associated with the minimum value
    from the `ord` parameter. This function is often used to find the `col` parameter value
    corresponding to the minimum `ord` parameter value within each group when used with groupBy().

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        The column representing the values that will be returned. This could be the column instance
        or the column name as string.
    ord : :class:`~rillet.sql.Column` or column name
        The column that needs to be minimized. This could be the column instance
        or the column name as string.

    Returns
    -------
    :class:`~rillet.sql.Column`
        Column object that represents the value from `col` associated with
        the minimum value from `ord`.

    Examples
    --------
    Example 1: Using `min_by` with groupBy:

    >>> df = spark.createDataFrame([
    ...     ("Java", 2012, 20000), ("dotNET", 2012, 5000),
    ...     ("dotNET", 2013, 48000), ("Java", 2013, 30000)],
    ...     schema=("course", "year", "earnings"))
    >>> df.groupby("course").agg(F.min_by("year", "earnings")).sort("course").show()
    +------+----------------------+
    |course|min_by(year, earnings)|
    +------+----------------------+
    |  Java|                  2012|
    |dotNET|                  2012|
    +------+----------------------+

    Example 2: Using `min_by` with different data types:

    >>> df = spark.createDataFrame([
    ...     ("Marketing", "Anna", 4), ("IT", "Bob", 2),
    ...     ("IT", "Charlie", 3), ("Marketing", "David", 1)],
    ...     schema=("department", "name", "years_in_dept"))
    >>> df.groupby("department").agg(
    ...     F.min_by("name", "years_in_dept")
    ... ).sort("department").show()
    +----------+---------------------------+
    |department|min_by(name, years_in_dept)|
    +----------+---------------------------+
    |        IT|                        Bob|
    | Marketing|                      David|
    +----------+---------------------------+
    """
    return call("min_by", col_arg(col), col_arg(ord, "ord"))


def any_value(col: ColumnOrName, ignoreNulls: Union[bool, Column, None] = None) -> Column:  # noqa: N803
    """Returns some value of `col` for a group of rows.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to work on.
    ignoreNulls : :class:`~rillet.sql.Column` or bool, optional
        if first value is null then look for first non-null value.

    Returns
    -------
    :class:`~rillet.sql.Column`
        some value of `col` for a group of rows.

    Examples
    --------
    >>> df = spark.createDataFrame(
    ...     [(None, 1), ("a", 2), ("a", 3), ("b", 8), ("b", 2)], ["c1", "c2"])
    >>> df.select(F.any_value('c1'), F.any_value('c2')).show()
    +-------------+-------------+
    |any_value(c1)|any_value(c2)|
    +-------------+-------------+
    |         NULL|            1|
    +-------------+-------------+

    >>> df.select(F.any_value('c1', True), F.any_value('c2', True)).show()
    +-------------+-------------+
    |any_value(c1)|any_value(c2)|
    +-------------+-------------+
    |            a|            1|
    +-------------+-------------+
    """
    if ignoreNulls is None:
        return call("any_value", col_arg(col))
    return Column(UnresolvedFunction("any_value", (col_arg(col),), ignore_nulls=bool(ignoreNulls)))


def product(col: ColumnOrName) -> Column:
    """Aggregate function: returns the product of the values in a group.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        column containing values to be multiplied together

    Returns
    -------
    :class:`~rillet.sql.Column`
        the product of the values (a double), NULL when there is none.

    Examples
    --------
    >>> df = spark.sql("SELECT id % 3 AS mod3, id AS value FROM RANGE(10)")
    >>> df.groupBy('mod3').agg(F.product('value')).orderBy('mod3').show()
    +----+--------------+
    |mod3|product(value)|
    +----+--------------+
    |   0|           0.0|
    |   1|          28.0|
    |   2|          80.0|
    +----+--------------+
    """
    return call("product", col_arg(col))


def corr(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Returns a new :class:`~rillet.sql.Column` for the Pearson Correlation Coefficient for ``col1`` and ``col2``.

    Pairs where either value is NULL are left out.

    Parameters
    ----------
    col1 : :class:`~rillet.sql.Column` or str
        first column to calculate the statistic.
    col2 : :class:`~rillet.sql.Column` or str
        second column to calculate the statistic.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the Pearson Correlation Coefficient of the pairs, NULL without spread.

    Examples
    --------
    >>> a = range(20)
    >>> b = [2 * x for x in range(20)]
    >>> df = spark.createDataFrame(zip(a, b), ["a", "b"])
    >>> df.agg(F.corr("a", df.b)).show()
    +----------+
    |corr(a, b)|
    +----------+
    |       1.0|
    +----------+
    """
    return call("corr", col_arg(col1, "col1"), col_arg(col2, "col2"))


def covar_pop(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Returns a new :class:`~rillet.sql.Column` for the population covariance of ``col1`` and ``col2``.

    Pairs where either value is NULL are left out.

    Parameters
    ----------
    col1 : :class:`~rillet.sql.Column` or str
        first column to calculate the statistic.
    col2 : :class:`~rillet.sql.Column` or str
        second column to calculate the statistic.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the population covariance of the pairs.

    Examples
    --------
    >>> a = [1] * 10
    >>> b = [1] * 10
    >>> df = spark.createDataFrame(zip(a, b), ["a", "b"])
    >>> df.agg(F.covar_pop("a", df.b)).show()
    +---------------+
    |covar_pop(a, b)|
    +---------------+
    |            0.0|
    +---------------+
    """
    return call("covar_pop", col_arg(col1, "col1"), col_arg(col2, "col2"))


def covar_samp(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Returns a new :class:`~rillet.sql.Column` for the sample covariance of ``col1`` and ``col2``.

    Pairs where either value is NULL are left out.

    Parameters
    ----------
    col1 : :class:`~rillet.sql.Column` or str
        first column to calculate the statistic.
    col2 : :class:`~rillet.sql.Column` or str
        second column to calculate the statistic.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the sample covariance of the pairs, NULL for fewer than two.

    Examples
    --------
    >>> a = [1] * 10
    >>> b = [1] * 10
    >>> df = spark.createDataFrame(zip(a, b), ["a", "b"])
    >>> df.agg(F.covar_samp("a", df.b)).show()
    +----------------+
    |covar_samp(a, b)|
    +----------------+
    |             0.0|
    +----------------+
    """
    return call("covar_samp", col_arg(col1, "col1"), col_arg(col2, "col2"))


def regr_avgx(y: ColumnOrName, x: ColumnOrName) -> Column:
    """Aggregate function: returns the average of the independent variable for non-null pairs, where `y` is the dependent variable and
    `x` is the independent variable.

    Parameters
    ----------
    y : :class:`~rillet.sql.Column` or str
        the dependent variable.
    x : :class:`~rillet.sql.Column` or str
        the independent variable.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the average of the independent variable for non-null pairs.

    Examples
    --------
    >>> df = spark.sql("SELECT * FROM VALUES (1, 2), (2, 2), (2, 3), (2, 4) AS tab(y, x)")
    >>> df.select(F.regr_avgx("y", "x")).show()
    +---------------+
    |regr_avgx(y, x)|
    +---------------+
    |           2.75|
    +---------------+
    """
    return call("regr_avgx", col_arg(y, "y"), col_arg(x, "x"))


def regr_avgy(y: ColumnOrName, x: ColumnOrName) -> Column:
    """Aggregate function: returns the average of the dependent variable for non-null pairs, where `y` is the dependent variable and
    `x` is the independent variable.

    Parameters
    ----------
    y : :class:`~rillet.sql.Column` or str
        the dependent variable.
    x : :class:`~rillet.sql.Column` or str
        the independent variable.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the average of the dependent variable for non-null pairs.

    Examples
    --------
    >>> df = spark.sql("SELECT * FROM VALUES (1, 2), (2, 2), (2, 3), (2, 4) AS tab(y, x)")
    >>> df.select(F.regr_avgy("y", "x")).show()
    +---------------+
    |regr_avgy(y, x)|
    +---------------+
    |           1.75|
    +---------------+
    """
    return call("regr_avgy", col_arg(y, "y"), col_arg(x, "x"))


def regr_count(y: ColumnOrName, x: ColumnOrName) -> Column:
    """Aggregate function: returns the number of non-null number pairs, where `y` is the dependent variable and
    `x` is the independent variable.

    Parameters
    ----------
    y : :class:`~rillet.sql.Column` or str
        the dependent variable.
    x : :class:`~rillet.sql.Column` or str
        the independent variable.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the number of non-null number pairs.

    Examples
    --------
    >>> df = spark.sql("SELECT * FROM VALUES (1, 2), (2, 2), (2, 3), (2, 4) AS tab(y, x)")
    >>> df.select(F.regr_count("y", "x")).show()
    +----------------+
    |regr_count(y, x)|
    +----------------+
    |               4|
    +----------------+
    """
    return call("regr_count", col_arg(y, "y"), col_arg(x, "x"))


def regr_intercept(y: ColumnOrName, x: ColumnOrName) -> Column:
    """Aggregate function: returns the intercept of the univariate linear regression line for non-null pairs, where `y` is the dependent variable and
    `x` is the independent variable.

    Parameters
    ----------
    y : :class:`~rillet.sql.Column` or str
        the dependent variable.
    x : :class:`~rillet.sql.Column` or str
        the independent variable.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the intercept of the univariate linear regression line for non-null pairs.

    Examples
    --------
    >>> df = spark.sql("SELECT * FROM VALUES (1, 1), (2, 2), (3, 3), (4, 4) AS tab(y, x)")
    >>> df.select(F.regr_intercept("y", "x")).show()
    +--------------------+
    |regr_intercept(y, x)|
    +--------------------+
    |                 0.0|
    +--------------------+
    """
    return call("regr_intercept", col_arg(y, "y"), col_arg(x, "x"))


def regr_r2(y: ColumnOrName, x: ColumnOrName) -> Column:
    """Aggregate function: returns the coefficient of determination for non-null pairs, where `y` is the dependent variable and
    `x` is the independent variable.

    Parameters
    ----------
    y : :class:`~rillet.sql.Column` or str
        the dependent variable.
    x : :class:`~rillet.sql.Column` or str
        the independent variable.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the coefficient of determination for non-null pairs.

    Examples
    --------
    >>> df = spark.sql("SELECT * FROM VALUES (1, 1), (2, 2), (3, 3), (4, 4) AS tab(y, x)")
    >>> df.select(F.regr_r2("y", "x")).show()
    +-------------+
    |regr_r2(y, x)|
    +-------------+
    |          1.0|
    +-------------+
    """
    return call("regr_r2", col_arg(y, "y"), col_arg(x, "x"))


def regr_slope(y: ColumnOrName, x: ColumnOrName) -> Column:
    """Aggregate function: returns the slope of the linear regression line for non-null pairs, where `y` is the dependent variable and
    `x` is the independent variable.

    Parameters
    ----------
    y : :class:`~rillet.sql.Column` or str
        the dependent variable.
    x : :class:`~rillet.sql.Column` or str
        the independent variable.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the slope of the linear regression line for non-null pairs.

    Examples
    --------
    >>> df = spark.sql("SELECT * FROM VALUES (1, 1), (2, 2), (3, 3), (4, 4) AS tab(y, x)")
    >>> df.select(F.regr_slope("y", "x")).show()
    +----------------+
    |regr_slope(y, x)|
    +----------------+
    |             1.0|
    +----------------+
    """
    return call("regr_slope", col_arg(y, "y"), col_arg(x, "x"))


def regr_sxx(y: ColumnOrName, x: ColumnOrName) -> Column:
    """Aggregate function: returns REGR_COUNT(y, x) * VAR_POP(x) for non-null pairs, where `y` is the dependent variable and
    `x` is the independent variable.

    Parameters
    ----------
    y : :class:`~rillet.sql.Column` or str
        the dependent variable.
    x : :class:`~rillet.sql.Column` or str
        the independent variable.

    Returns
    -------
    :class:`~rillet.sql.Column`
        REGR_COUNT(y, x) * VAR_POP(x) for non-null pairs.

    Examples
    --------
    >>> df = spark.sql("SELECT * FROM VALUES (1, 1), (2, 2), (3, 3), (4, 4) AS tab(y, x)")
    >>> df.select(F.regr_sxx("y", "x")).show()
    +--------------+
    |regr_sxx(y, x)|
    +--------------+
    |           5.0|
    +--------------+
    """
    return call("regr_sxx", col_arg(y, "y"), col_arg(x, "x"))


def regr_sxy(y: ColumnOrName, x: ColumnOrName) -> Column:
    """Aggregate function: returns REGR_COUNT(y, x) * COVAR_POP(y, x) for non-null pairs, where `y` is the dependent variable and
    `x` is the independent variable.

    Parameters
    ----------
    y : :class:`~rillet.sql.Column` or str
        the dependent variable.
    x : :class:`~rillet.sql.Column` or str
        the independent variable.

    Returns
    -------
    :class:`~rillet.sql.Column`
        REGR_COUNT(y, x) * COVAR_POP(y, x) for non-null pairs.

    Examples
    --------
    >>> df = spark.sql("SELECT * FROM VALUES (1, 1), (2, 2), (3, 3), (4, 4) AS tab(y, x)")
    >>> df.select(F.regr_sxy("y", "x")).show()
    +--------------+
    |regr_sxy(y, x)|
    +--------------+
    |           5.0|
    +--------------+
    """
    return call("regr_sxy", col_arg(y, "y"), col_arg(x, "x"))


def regr_syy(y: ColumnOrName, x: ColumnOrName) -> Column:
    """Aggregate function: returns REGR_COUNT(y, x) * VAR_POP(y) for non-null pairs, where `y` is the dependent variable and
    `x` is the independent variable.

    Parameters
    ----------
    y : :class:`~rillet.sql.Column` or str
        the dependent variable.
    x : :class:`~rillet.sql.Column` or str
        the independent variable.

    Returns
    -------
    :class:`~rillet.sql.Column`
        REGR_COUNT(y, x) * VAR_POP(y) for non-null pairs.

    Examples
    --------
    >>> df = spark.sql("SELECT * FROM VALUES (1, 1), (2, 2), (3, 3), (4, 4) AS tab(y, x)")
    >>> df.select(F.regr_syy("y", "x")).show()
    +--------------+
    |regr_syy(y, x)|
    +--------------+
    |           5.0|
    +--------------+
    """
    return call("regr_syy", col_arg(y, "y"), col_arg(x, "x"))


def percentile(
    col: ColumnOrName,
    percentage: Union[Column, float, Sequence[float], tuple[float, ...]],
    frequency: Union[Column, int] = 1,
) -> Column:
    """Returns the exact percentile(s) of numeric column `expr` at the given percentage(s)
    with value range in [0.0, 1.0], interpolated linearly between the closest values.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        input column.
    percentage : :class:`~rillet.sql.Column`, float, list of floats or tuple of floats
        percentage in decimal (must be between 0.0 and 1.0).
    frequency : :class:`~rillet.sql.Column` or int
        A positive numeric literal which controls frequency.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the exact `percentile` of the numeric column (an array of them for several percentages).

    Examples
    --------
    >>> df = spark.createDataFrame([(1,), (2,), (3,), (4,)], ["value"])
    >>> df.select(F.percentile("value", 0.5), F.percentile("value", [0.25, 0.75])).show()
    +-------------------------+---------------------------------------+
    |percentile(value, 0.5, 1)|percentile(value, array(0.25, 0.75), 1)|
    +-------------------------+---------------------------------------+
    |                      2.5|                           [1.75, 3.25]|
    +-------------------------+---------------------------------------+
    """
    if isinstance(percentage, (list, tuple)):
        p = Literal.of([float(q) for q in percentage])
    else:
        p = _to_expr(float(percentage) if isinstance(percentage, int) else percentage)
    # as PySpark: a frequency that is not a Column is a literal (a str too)
    return call("percentile", col_arg(col), p, _to_expr(frequency))
