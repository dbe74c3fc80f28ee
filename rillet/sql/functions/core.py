"""Columns, literals, expressions and conditionals."""

from __future__ import annotations

from typing import Any

from rillet.errors import PySparkTypeError
from rillet.plan.expressions.core import CaseWhen, Literal
from rillet.sql._typing import ColumnOrName
from rillet.sql.column import Column, _to_expr, name_to_expr
from rillet.sql.functions._helpers import call, col_arg

__all__ = ['col', 'lit', 'expr', 'when', 'coalesce', 'isnull', 'asc', 'desc', 'column', 'isnotnull',
           'nvl', 'nvl2', 'ifnull', 'nullif', 'isnan', 'nanvl', 'try_divide', 'try_add',
           'try_subtract', 'try_multiply']


# --- columns and literals ----------------------------------------------------


def col(col: str) -> Column:
    """Returns a :class:`~rillet.sql.Column` based on the given column name.

    Parameters
    ----------
    col : column name
        the name for the column

    Returns
    -------
    :class:`~rillet.sql.Column`
        the corresponding column instance.

    Examples
    --------
    >>> F.col('x')
    Column<'x'>
    >>> F.column('x')
    Column<'x'>
    """
    if not isinstance(col, str):
        raise PySparkTypeError(
            errorClass="NOT_STR", messageParameters={"arg_name": "col", "arg_type": type(col).__name__}
        )
    return Column(name_to_expr(col))


column = col


def lit(col: Any) -> Column:
    """Creates a :class:`~rillet.sql.Column` of literal value.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column`, str, int, float, bool or list, NumPy literals or ndarray.
        the value to make it as a PySpark literal. If a column is passed,
        it returns the column as is.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the literal instance.

    Examples
    --------
    Example 1: Creating a literal column with an integer value.

    >>> df = spark.range(1)
    >>> df.select(F.lit(5).alias('height'), df.id).show()
    +------+---+
    |height| id|
    +------+---+
    |     5|  0|
    +------+---+

    Example 2: Creating a literal column from a list.

    >>> spark.range(1).select(F.lit([1, 2, 3])).show()
    +--------------+
    |array(1, 2, 3)|
    +--------------+
    |     [1, 2, 3]|
    +--------------+
    """
    if isinstance(col, Column):
        return col
    if isinstance(col, list):
        return Column(Literal.of(col))
    return Column(Literal.of(col))


def expr(str: str) -> Column:  # noqa: A002
    """Parses the expression string into the column that it represents

    Parameters
    ----------
    str : expression string
        expression defined in string.

    Returns
    -------
    :class:`~rillet.sql.Column`
        column representing the expression.

    Examples
    --------
    >>> df = spark.createDataFrame([["Alice"], ["Bob"]], ["name"])
    >>> df.select("*", F.expr("length(name)")).show()
    +-----+------------+
    | name|length(name)|
    +-----+------------+
    |Alice|           5|
    |  Bob|           3|
    +-----+------------+
    """
    from rillet.plan.sql_parser import parse_expression

    return Column(parse_expression(str))


def when(condition: Column, value: Any) -> Column:
    """Evaluates a list of conditions and returns one of multiple possible result expressions.
    If :func:`rillet.sql.Column.otherwise` is not invoked, None is returned for unmatched
    conditions.

    Parameters
    ----------
    condition : :class:`~rillet.sql.Column`
        a boolean :class:`~rillet.sql.Column` expression.
    value :
        a literal value, or a :class:`~rillet.sql.Column` expression.

    Returns
    -------
    :class:`~rillet.sql.Column`
        column representing when expression.

    Examples
    --------
    >>> df = spark.range(3)
    >>> df.select("*", F.when(df['id'] == 2, 3).otherwise(4)).show()
    +---+------------------------------------+
    | id|CASE WHEN (id = 2) THEN 3 ELSE 4 END|
    +---+------------------------------------+
    |  0|                                   4|
    |  1|                                   4|
    |  2|                                   3|
    +---+------------------------------------+

    >>> df.select("*", F.when(df.id == 2, df.id + 1)).show()
    +---+------------------------------------+
    | id|CASE WHEN (id = 2) THEN (id + 1) END|
    +---+------------------------------------+
    |  0|                                NULL|
    |  1|                                NULL|
    |  2|                                   3|
    +---+------------------------------------+
    """
    if not isinstance(condition, Column):
        raise PySparkTypeError(
            errorClass="NOT_COLUMN",
            messageParameters={"arg_name": "condition", "arg_type": type(condition).__name__},
        )
    return Column(CaseWhen(((condition._expr, _to_expr(value)),), None))


def coalesce(*cols: ColumnOrName) -> Column:
    """Returns the first column that is not null.

    Parameters
    ----------
    cols : :class:`~rillet.sql.Column` or column name
        list of columns to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        value of the first column that is not null.

    Examples
    --------
    >>> df = spark.createDataFrame([(None, None), (1, None), (None, 2)], ("a", "b"))
    >>> df.show()
    +----+----+
    |   a|   b|
    +----+----+
    |NULL|NULL|
    |   1|NULL|
    |NULL|   2|
    +----+----+

    >>> df.select('*', F.coalesce("a", df["b"])).show()
    +----+----+--------------+
    |   a|   b|coalesce(a, b)|
    +----+----+--------------+
    |NULL|NULL|          NULL|
    |   1|NULL|             1|
    |NULL|   2|             2|
    +----+----+--------------+

    >>> df.select('*', F.coalesce(df["a"], F.lit(0.0))).show()
    +----+----+----------------+
    |   a|   b|coalesce(a, 0.0)|
    +----+----+----------------+
    |NULL|NULL|             0.0|
    |   1|NULL|             1.0|
    |NULL|   2|             0.0|
    +----+----+----------------+
    """
    return call("coalesce", *(col_arg(c) for c in cols))


def isnull(col: ColumnOrName) -> Column:
    """An expression that returns true if the column is null.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        True if value is null and False otherwise.

    Examples
    --------
    >>> df = spark.createDataFrame([(1, None), (None, 2)], ("a", "b"))
    >>> df.select("*", F.isnull("a"), F.isnull(df.b)).show()
    +----+----+-----------+-----------+
    |   a|   b|(a IS NULL)|(b IS NULL)|
    +----+----+-----------+-----------+
    |   1|NULL|      false|       true|
    |NULL|   2|       true|      false|
    +----+----+-----------+-----------+
    """
    return Column(col_arg(col)).isNull()


def asc(col: ColumnOrName) -> Column:
    """Returns a sort expression for the target column in ascending order.
    This function is used in `sort` and `orderBy` functions.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        Target column to sort by in the ascending order.

    Returns
    -------
    :class:`~rillet.sql.Column`
        The column specifying the sort order.

    Examples
    --------
    Example 1: Sort DataFrame by 'id' column in ascending order.

    >>> df = spark.createDataFrame([(4, 'B'), (3, 'A'), (2, 'C')], ['id', 'value'])
    >>> df.sort(F.asc("id")).show()
    +---+-----+
    | id|value|
    +---+-----+
    |  2|    C|
    |  3|    A|
    |  4|    B|
    +---+-----+

    Example 2: Use `asc` in `orderBy` function to sort the DataFrame.

    >>> df = spark.createDataFrame([(4, 'B'), (3, 'A'), (2, 'C')], ['id', 'value'])
    >>> df.orderBy(F.asc("value")).show()
    +---+-----+
    | id|value|
    +---+-----+
    |  3|    A|
    |  4|    B|
    |  2|    C|
    +---+-----+
    """
    return Column(col_arg(col)).asc()


def desc(col: ColumnOrName) -> Column:
    """Returns a sort expression for the target column in descending order.
    This function is used in `sort` and `orderBy` functions.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        Target column to sort by in the descending order.

    Returns
    -------
    :class:`~rillet.sql.Column`
        The column specifying the sort order.

    Examples
    --------
    Example 1: Sort DataFrame by 'id' column in descending order.

    >>> df = spark.createDataFrame([(4, 'B'), (3, 'A'), (2, 'C')], ['id', 'value'])
    >>> df.sort(F.desc("id")).show()
    +---+-----+
    | id|value|
    +---+-----+
    |  4|    B|
    |  3|    A|
    |  2|    C|
    +---+-----+

    Example 2: Use `desc` in `orderBy` function to sort the DataFrame.

    >>> df = spark.createDataFrame([(4, 'B'), (3, 'A'), (2, 'C')], ['id', 'value'])
    >>> df.orderBy(F.desc("value")).show()
    +---+-----+
    | id|value|
    +---+-----+
    |  2|    C|
    |  4|    B|
    |  3|    A|
    +---+-----+
    """
    return Column(col_arg(col)).desc()


def isnotnull(col: ColumnOrName) -> Column:
    """Returns true if `col` is not null, or false otherwise.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str

    Examples
    --------
    >>> df = spark.createDataFrame([(None,), (1,)], ["e"])
    >>> df.select(F.isnotnull(df.e).alias('r')).collect()
    [Row(r=False), Row(r=True)]
    """
    return Column(col_arg(col)).isNotNull()


# --- null handling --------------------------------------------------------------------------


def nvl(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Returns `col2` if `col1` is null, or `col1` otherwise.

    Parameters
    ----------
    col1 : :class:`~rillet.sql.Column` or str
    col2 : :class:`~rillet.sql.Column` or str

    Examples
    --------
    >>> df = spark.createDataFrame([(None, 8,), (1, 9,)], ["a", "b"])
    >>> df.select(F.nvl(df.a, df.b).alias('r')).collect()
    [Row(r=8), Row(r=1)]
    """
    return call("nvl", col_arg(col1, "col1"), col_arg(col2, "col2"))


def ifnull(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Returns `col2` if `col1` is null, or `col1` otherwise.

    Parameters
    ----------
    col1 : :class:`~rillet.sql.Column` or str
    col2 : :class:`~rillet.sql.Column` or str

    Examples
    --------
    >>> df = spark.createDataFrame([(None,), (1,)], ["e"])
    >>> df.select(F.ifnull(df.e, F.lit(8))).show()
    +------------+
    |ifnull(e, 8)|
    +------------+
    |           8|
    |           1|
    +------------+
    """
    return call("ifnull", col_arg(col1, "col1"), col_arg(col2, "col2"))


def nvl2(col1: ColumnOrName, col2: ColumnOrName, col3: ColumnOrName) -> Column:
    """Returns `col2` if `col1` is not null, or `col3` otherwise.

    Parameters
    ----------
    col1 : :class:`~rillet.sql.Column` or str
    col2 : :class:`~rillet.sql.Column` or str
    col3 : :class:`~rillet.sql.Column` or str

    Examples
    --------
    >>> df = spark.createDataFrame([(None, 8, 6,), (1, 9, 9,)], ["a", "b", "c"])
    >>> df.select(F.nvl2(df.a, df.b, df.c).alias('r')).collect()
    [Row(r=6), Row(r=9)]
    """
    return call("nvl2", col_arg(col1, "col1"), col_arg(col2, "col2"), col_arg(col3, "col3"))


def nullif(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Returns null if `col1` equals to `col2`, or `col1` otherwise.

    Parameters
    ----------
    col1 : :class:`~rillet.sql.Column` or str
    col2 : :class:`~rillet.sql.Column` or str

    Examples
    --------
    >>> df = spark.createDataFrame([(None, None,), (1, 9,)], ["a", "b"])
    >>> df.select(F.nullif(df.a, df.b).alias('r')).collect()
    [Row(r=None), Row(r=1)]
    """
    return call("nullif", col_arg(col1, "col1"), col_arg(col2, "col2"))


def isnan(col: ColumnOrName) -> Column:
    """An expression that returns true if the column is NaN.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        True if value is NaN and False otherwise.

    Examples
    --------
    >>> df = spark.createDataFrame([(1.0, float('nan')), (float('nan'), 2.0)], ("a", "b"))
    >>> df.select("*", F.isnan("a"), F.isnan(df.b)).show()
    +---+---+--------+--------+
    |  a|  b|isnan(a)|isnan(b)|
    +---+---+--------+--------+
    |1.0|NaN|   false|    true|
    |NaN|2.0|    true|   false|
    +---+---+--------+--------+
    """
    return call("isnan", col_arg(col))


def nanvl(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Returns col1 if it is not NaN, or col2 if col1 is NaN.

    Both inputs should be floating point columns (:class:`DoubleType` or :class:`FloatType`).

    Parameters
    ----------
    col1 : :class:`~rillet.sql.Column` or column name
        first column to check.
    col2 : :class:`~rillet.sql.Column` or column name
        second column to return if first is NaN.

    Returns
    -------
    :class:`~rillet.sql.Column`
        value from first column or second if first is NaN .

    Examples
    --------
    >>> df = spark.createDataFrame([(1.0, float('nan')), (float('nan'), 2.0)], ("a", "b"))
    >>> df.select("*", F.nanvl("a", "b"), F.nanvl(df.a, df.b)).show()
    +---+---+-----------+-----------+
    |  a|  b|nanvl(a, b)|nanvl(a, b)|
    +---+---+-----------+-----------+
    |1.0|NaN|        1.0|        1.0|
    |NaN|2.0|        2.0|        2.0|
    +---+---+-----------+-----------+
    """
    return call("nanvl", col_arg(col1, "col1"), col_arg(col2, "col2"))


# --- arithmetic that gives NULL instead of an error ------------------------------------------


def try_divide(left: ColumnOrName, right: ColumnOrName) -> Column:
    """Returns `dividend`/`divisor`. It always performs floating point division. Its result is
    always null if `divisor` is 0.

    Parameters
    ----------
    left : :class:`~rillet.sql.Column` or column name
        dividend
    right : :class:`~rillet.sql.Column` or column name
        divisor

    Examples
    --------
    Example 1: Integer divided by Integer.

    >>> spark.createDataFrame(
    ...     [(6000, 15), (1990, 2), (1234, 0)], ["a", "b"]
    ... ).select("*", F.try_divide("a", "b")).show()
    +----+---+----------------+
    |   a|  b|try_divide(a, b)|
    +----+---+----------------+
    |6000| 15|           400.0|
    |1990|  2|           995.0|
    |1234|  0|            NULL|
    +----+---+----------------+

    Example 2: Exception during division, resulting in NULL when ANSI mode is on

    >>> origin = spark.conf.get("spark.sql.ansi.enabled")
    >>> spark.conf.set("spark.sql.ansi.enabled", "true")
    >>> try:
    ...     spark.range(1).select(F.try_divide("id", F.lit(0))).show()
    ... finally:
    ...     spark.conf.set("spark.sql.ansi.enabled", origin)
    +-----------------+
    |try_divide(id, 0)|
    +-----------------+
    |             NULL|
    +-----------------+
    """
    return call("try_divide", col_arg(left, "left"), col_arg(right, "right"))


def try_add(left: ColumnOrName, right: ColumnOrName) -> Column:
    """Returns the sum of `left`and `right` and the result is null on overflow.
    The acceptable input types are the same with the `+` operator.

    Parameters
    ----------
    left : :class:`~rillet.sql.Column` or column name
    right : :class:`~rillet.sql.Column` or column name

    Examples
    --------
    Example 1: Integer plus Integer.

    >>> spark.createDataFrame(
    ...     [(1982, 15), (1990, 2)], ["birth", "age"]
    ... ).select("*", F.try_add("birth", "age")).show()
    +-----+---+-------------------+
    |birth|age|try_add(birth, age)|
    +-----+---+-------------------+
    | 1982| 15|               1997|
    | 1990|  2|               1992|
    +-----+---+-------------------+
    """
    return call("try_add", col_arg(left, "left"), col_arg(right, "right"))


def try_subtract(left: ColumnOrName, right: ColumnOrName) -> Column:
    """Returns `left`-`right` and the result is null on overflow. The acceptable input types are the
    same with the `-` operator.

    Parameters
    ----------
    left : :class:`~rillet.sql.Column` or column name
    right : :class:`~rillet.sql.Column` or column name

    Examples
    --------
    Example 1: Integer minus Integer.

    >>> spark.createDataFrame(
    ...     [(1982, 15), (1990, 2)], ["birth", "age"]
    ... ).select("*", F.try_subtract("birth", "age")).show()
    +-----+---+------------------------+
    |birth|age|try_subtract(birth, age)|
    +-----+---+------------------------+
    | 1982| 15|                    1967|
    | 1990|  2|                    1988|
    +-----+---+------------------------+
    """
    return call("try_subtract", col_arg(left, "left"), col_arg(right, "right"))


def try_multiply(left: ColumnOrName, right: ColumnOrName) -> Column:
    """Returns `left`*`right` and the result is null on overflow. The acceptable input types are the
    same with the `*` operator.

    Parameters
    ----------
    left : :class:`~rillet.sql.Column` or column name
        multiplicand
    right : :class:`~rillet.sql.Column` or column name
        multiplier

    Examples
    --------
    Example 1: Integer multiplied by Integer.

    >>> spark.createDataFrame(
    ...     [(6000, 15), (1990, 2)], ["a", "b"]
    ... ).select("*", F.try_multiply("a", "b")).show()
    +----+---+------------------+
    |   a|  b|try_multiply(a, b)|
    +----+---+------------------+
    |6000| 15|             90000|
    |1990|  2|              3980|
    +----+---+------------------+
    """
    return call("try_multiply", col_arg(left, "left"), col_arg(right, "right"))
