"""Functions of the DataFrame API that build no computation of their own (sort orders,
calls by name, the broadcast hint) and the miscellaneous ``typeof`` and ``bitwise_not``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rillet.plan.expressions.core import BitwiseNot
from rillet.sql._typing import ColumnOrName
from rillet.sql.column import Column
from rillet.sql.functions._helpers import call, col_arg

if TYPE_CHECKING:
    from rillet.sql.dataframe import DataFrame

__all__ = ['broadcast', 'asc_nulls_first', 'asc_nulls_last', 'desc_nulls_first', 'desc_nulls_last',
           'call_function', 'call_udf', 'bitwise_not', 'typeof']


def broadcast(df: DataFrame) -> DataFrame:
    """Marks a DataFrame as small enough for use in broadcast joins.

    rillet runs a join in one process, so the hint changes nothing and the DataFrame is
    returned as it is; a stream-static join with a broadcast static side stays valid.

    Parameters
    ----------
    df : :class:`~rillet.sql.DataFrame`
        The DataFrame to be marked for broadcasting.

    Returns
    -------
    :class:`~rillet.sql.DataFrame`
        The DataFrame, marked for broadcasting.

    Examples
    --------
    >>> df = spark.createDataFrame([1, 2, 3, 3, 4], "int")
    >>> df_small = spark.range(3)
    >>> df_b = F.broadcast(df_small)
    >>> df.join(df_b, df.value == df_small.id).show()
    +-----+---+
    |value| id|
    +-----+---+
    |    1|  1|
    |    2|  2|
    +-----+---+
    """
    return df


def asc_nulls_first(col: ColumnOrName) -> Column:
    """Sort expression: ascending, NULLs before the other values.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        The column to sort by.

    Returns
    -------
    :class:`~rillet.sql.Column`
        The column specifying the sort order.

    Examples
    --------
    >>> df = spark.createDataFrame([(1, "Bob"), (0, None), (2, "Alice")], ["age", "name"])
    >>> df.sort(F.asc_nulls_first(df.name)).show()
    +---+-----+
    |age| name|
    +---+-----+
    |  0| NULL|
    |  2|Alice|
    |  1|  Bob|
    +---+-----+
    """
    return Column(col_arg(col)).asc_nulls_first()


def asc_nulls_last(col: ColumnOrName) -> Column:
    """Sort expression: ascending, NULLs after the other values.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        The column to sort by.

    Returns
    -------
    :class:`~rillet.sql.Column`
        The column specifying the sort order.

    Examples
    --------
    >>> df = spark.createDataFrame([(0, None), (1, "Bob"), (2, "Alice")], ["age", "name"])
    >>> df.sort(F.asc_nulls_last(df.name)).show()
    +---+-----+
    |age| name|
    +---+-----+
    |  2|Alice|
    |  1|  Bob|
    |  0| NULL|
    +---+-----+
    """
    return Column(col_arg(col)).asc_nulls_last()


def desc_nulls_first(col: ColumnOrName) -> Column:
    """Sort expression: descending, NULLs before the other values.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        The column to sort by.

    Returns
    -------
    :class:`~rillet.sql.Column`
        The column specifying the sort order.

    Examples
    --------
    >>> df = spark.createDataFrame([(1, "Bob"), (0, None), (2, "Alice")], ["age", "name"])
    >>> df.sort(F.desc_nulls_first(df.name)).show()
    +---+-----+
    |age| name|
    +---+-----+
    |  0| NULL|
    |  1|  Bob|
    |  2|Alice|
    +---+-----+
    """
    return Column(col_arg(col)).desc_nulls_first()


def desc_nulls_last(col: ColumnOrName) -> Column:
    """Sort expression: descending, NULLs after the other values.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        The column to sort by.

    Returns
    -------
    :class:`~rillet.sql.Column`
        The column specifying the sort order.

    Examples
    --------
    >>> df = spark.createDataFrame([(0, None), (1, "Bob"), (2, "Alice")], ["age", "name"])
    >>> df.sort(F.desc_nulls_last(df.name)).show()
    +---+-----+
    |age| name|
    +---+-----+
    |  1|  Bob|
    |  2|Alice|
    |  0| NULL|
    +---+-----+
    """
    return Column(col_arg(col)).desc_nulls_last()


def call_function(funcName: str, *cols: ColumnOrName) -> Column:
    """Call a SQL function (built-in, or a UDF registered with ``spark.udf.register``) by name.

    Parameters
    ----------
    funcName : str
        function name that follows the SQL identifier syntax (can be quoted, can be qualified)
    cols : :class:`~rillet.sql.Column` or str
        column names or :class:`~rillet.sql.Column`\\s to be used in the function

    Returns
    -------
    :class:`~rillet.sql.Column`
        result of executed function.

    Examples
    --------
    >>> from rillet.sql.types import IntegerType
    >>> df = spark.createDataFrame([(1, "a"),(2, "b"), (3, "c")],["id", "name"])
    >>> _ = spark.udf.register("intX2", lambda i: i * 2, IntegerType())
    >>> df.select(F.call_function("intX2", "id")).show()
    +---------+
    |intX2(id)|
    +---------+
    |        2|
    |        4|
    |        6|
    +---------+
    >>> df.select(F.call_function("avg", F.col("id"))).show()
    +-------+
    |avg(id)|
    +-------+
    |    2.0|
    +-------+
    """
    return call(funcName.strip("`"), *(col_arg(c, "cols") for c in cols))


def call_udf(udfName: str, *cols: ColumnOrName) -> Column:
    """Call a user-defined function registered with ``spark.udf.register``, by name.

    Parameters
    ----------
    udfName : str
        name of the user defined function (UDF)
    cols : :class:`~rillet.sql.Column` or str
        column names or :class:`~rillet.sql.Column`\\s to be used in the UDF

    Returns
    -------
    :class:`~rillet.sql.Column`
        result of executed udf.

    Examples
    --------
    >>> from rillet.sql.types import StringType
    >>> df = spark.createDataFrame([(1, "a"),(2, "b"), (3, "c")],["id", "name"])
    >>> _ = spark.udf.register("strX2", lambda s: s * 2, StringType())
    >>> df.select(F.call_udf("strX2", F.col("name"))).show()
    +-----------+
    |strX2(name)|
    +-----------+
    |         aa|
    |         bb|
    |         cc|
    +-----------+
    """
    return call(udfName, *(col_arg(c, "cols") for c in cols))


def bitwise_not(col: ColumnOrName) -> Column:
    """Computes bitwise not.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the result of the bitwise NOT (``~``).

    Examples
    --------
    >>> spark.sql(
    ...     "SELECT * FROM VALUES (0), (1), (2), (3), (NULL) AS TAB(value)"
    ... ).select("*", F.bitwise_not("value")).show()
    +-----+------+
    |value|~value|
    +-----+------+
    |    0|    -1|
    |    1|    -2|
    |    2|    -3|
    |    3|    -4|
    | NULL|  NULL|
    +-----+------+
    """
    return Column(BitwiseNot(col_arg(col)))


def typeof(col: ColumnOrName) -> Column:
    """Return DDL-formatted type string for the data type of the input.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        The column to name the type of.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the type's name as a string, never NULL.

    Examples
    --------
    >>> df = spark.createDataFrame([(True, 1, 1.0, 'xyz',)], ['a', 'b', 'c', 'd'])
    >>> df.select(F.typeof(df.a), F.typeof(df.b), F.typeof('c'), F.typeof('d')).show()
    +---------+---------+---------+---------+
    |typeof(a)|typeof(b)|typeof(c)|typeof(d)|
    +---------+---------+---------+---------+
    |  boolean|   bigint|   double|   string|
    +---------+---------+---------+---------+
    """
    return call("typeof", col_arg(col))
