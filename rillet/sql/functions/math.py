"""Math functions."""

from __future__ import annotations

import random
from typing import Any, Optional, Union

from rillet.plan.expressions.core import Literal
from rillet.sql._typing import ColumnOrName
from rillet.sql.column import Column, _to_expr
from rillet.sql.functions._helpers import call, col_arg

__all__ = [
    'abs', 'pow', 'sqrt', 'power', 'round', 'bround', 'floor', 'ceil', 'ceiling', 'exp', 'expm1',
    'log', 'log10', 'log2', 'log1p', 'ln', 'signum', 'sign', 'greatest', 'least', 'rand', 'randn',
    'pmod', 'negative', 'negate', 'positive', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2',
    'sinh', 'cosh', 'tanh', 'cot', 'sec', 'csc', 'degrees', 'radians', 'toDegrees', 'toRadians',
    'factorial', 'hypot', 'cbrt', 'rint', 'pi', 'e',
]


def _num(value: Any, arg_name: str) -> Any:
    return Literal.of(value) if isinstance(value, (int, float)) else col_arg(value, arg_name)


def abs(col: ColumnOrName) -> Column:  # noqa: A001
    """Mathematical Function: Computes the absolute value of the given column or expression.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        The target column or expression to compute the absolute value on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column object representing the absolute value of the input.

    Examples
    --------
    Example 1: Compute the absolute value of a long column

    >>> df = spark.createDataFrame([(-1,), (-2,), (-3,), (None,)], ["value"])
    >>> df.select("*", F.abs(df.value)).show()
    +-----+----------+
    |value|abs(value)|
    +-----+----------+
    |   -1|         1|
    |   -2|         2|
    |   -3|         3|
    | NULL|      NULL|
    +-----+----------+

    Example 2: Compute the absolute value of a double column

    >>> df = spark.createDataFrame([(-1.5,), (-2.5,), (None,), (float("nan"),)], ["value"])
    >>> df.select("*", F.abs(df.value)).show()
    +-----+----------+
    |value|abs(value)|
    +-----+----------+
    | -1.5|       1.5|
    | -2.5|       2.5|
    | NULL|      NULL|
    |  NaN|       NaN|
    +-----+----------+
    """
    return call("abs", col_arg(col))


def pow(col1: Union[ColumnOrName, float], col2: Union[ColumnOrName, float]) -> Column:  # noqa: A001
    """Returns the value of the first argument raised to the power of the second argument.

    Parameters
    ----------
    col1 : :class:`~rillet.sql.Column`, column name or float
        the base number.
    col2 : :class:`~rillet.sql.Column`, column name or float
        the exponent number.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the base rased to the power the argument.

    Examples
    --------
    >>> spark.range(5).select("*", F.pow("id", 2)).show()
    +---+------------+
    | id|POWER(id, 2)|
    +---+------------+
    |  0|         0.0|
    |  1|         1.0|
    |  2|         4.0|
    |  3|         9.0|
    |  4|        16.0|
    +---+------------+
    """
    return call("power", _num(col1, "col1"), _num(col2, "col2"))


power = pow


def sqrt(col: ColumnOrName) -> Column:
    """Computes the square root of the specified float value.

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
    >>> spark.sql(
    ...     "SELECT * FROM VALUES (-1), (0), (1), (4), (NULL) AS TAB(value)"
    ... ).select("*", F.sqrt("value")).show()
    +-----+-----------+
    |value|SQRT(value)|
    +-----+-----------+
    |   -1|        NaN|
    |    0|        0.0|
    |    1|        1.0|
    |    4|        2.0|
    | NULL|       NULL|
    +-----+-----------+
    """
    return call("sqrt", col_arg(col))


# --- rounding --------------------------------------------------------------------------------


def round(col: ColumnOrName, scale: Union[Column, int, None] = None) -> Column:  # noqa: A001
    """Round the given value to `scale` decimal places using HALF_UP rounding mode if `scale` >= 0
    or at integral part when `scale` < 0.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        The target column or column name to compute the round on.
    scale : :class:`~rillet.sql.Column` or int, optional
        An optional parameter to control the rounding behavior.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A column for the rounded value.

    Examples
    --------
    Example 1: Compute the rounded of a column value

    >>> spark.range(1).select(F.round(F.lit(2.5))).show()
    +-------------+
    |round(2.5, 0)|
    +-------------+
    |          3.0|
    +-------------+

    Example 2: Compute the rounded of a column value with a specified scale

    >>> spark.range(1).select(F.round(F.lit(2.1267), F.lit(2))).show()
    +----------------+
    |round(2.1267, 2)|
    +----------------+
    |            2.13|
    +----------------+
    """
    return call("round", col_arg(col), _to_expr(0 if scale is None else scale))


def bround(col: ColumnOrName, scale: Union[Column, int, None] = None) -> Column:
    """Round the given value to `scale` decimal places using HALF_EVEN rounding mode if `scale` >= 0
    or at integral part when `scale` < 0.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        The target column or column name to compute the round on.
    scale : :class:`~rillet.sql.Column` or int, optional
        An optional parameter to control the rounding behavior.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A column for the rounded value.

    Examples
    --------
    Example 1: Compute the rounded of a column value

    >>> spark.range(1).select(F.bround(F.lit(2.5))).show()
    +--------------+
    |bround(2.5, 0)|
    +--------------+
    |           2.0|
    +--------------+

    Example 2: Compute the rounded of a column value with a specified scale

    >>> spark.range(1).select(F.bround(F.lit(2.1267), F.lit(2))).show()
    +-----------------+
    |bround(2.1267, 2)|
    +-----------------+
    |             2.13|
    +-----------------+
    """
    return call("bround", col_arg(col), _to_expr(0 if scale is None else scale))


def floor(col: ColumnOrName, scale: Union[Column, int, None] = None) -> Column:
    """Computes the floor of the given value.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        The target column or column name to compute the floor on.
    scale : :class:`~rillet.sql.Column` or int, optional
        An optional parameter to control the rounding behavior.

    Returns
    -------
    :class:`~rillet.sql.Column`
        nearest integer that is less than or equal to given value.

    Examples
    --------
    Example 1: Compute the floor of a column value

    >>> spark.range(1).select(F.floor(F.lit(2.5))).show()
    +----------+
    |FLOOR(2.5)|
    +----------+
    |         2|
    +----------+
    """
    return call("floor", col_arg(col))


def ceil(col: ColumnOrName, scale: Union[Column, int, None] = None) -> Column:
    """Computes the ceiling of the given value.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        The target column or column name to compute the ceiling on.
    scale : :class:`~rillet.sql.Column` or int, optional
        An optional parameter to control the rounding behavior.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A column for the computed results.

    Examples
    --------
    Example 1: Compute the ceiling of a column value

    >>> spark.range(1).select(F.ceil(F.lit(-0.1))).show()
    +----------+
    |CEIL(-0.1)|
    +----------+
    |         0|
    +----------+
    """
    return call("ceil", col_arg(col))


def ceiling(col: ColumnOrName, scale: Union[Column, int, None] = None) -> Column:
    """Computes the ceiling of the given value.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        The target column or column name to compute the ceiling on.
    scale : :class:`~rillet.sql.Column` or int
        An optional parameter to control the rounding behavior.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A column for the computed results.

    Examples
    --------
    Example 1: Compute the ceiling of a column value

    >>> spark.range(1).select(F.ceiling(F.lit(-0.1))).show()
    +-------------+
    |ceiling(-0.1)|
    +-------------+
    |            0|
    +-------------+
    """
    return call("ceiling", col_arg(col))


# --- logarithms and friends ------------------------------------------------------------------


def log(arg1: Union[ColumnOrName, float], arg2: Optional[ColumnOrName] = None) -> Column:
    """Returns the first argument-based logarithm of the second argument.

    If there is only one argument, then this takes the natural logarithm of the argument.

    Parameters
    ----------
    arg1 : :class:`~rillet.sql.Column`, str or float
        base number or actual number (in this case base is `e`)
    arg2 : :class:`~rillet.sql.Column`, str or float, optional
        number to calculate logariphm for.

    Returns
    -------
    :class:`~rillet.sql.Column`
        logariphm of given value.

    Examples
    --------
    Example 1: Specify both base number and the input value

    >>> df = spark.sql("SELECT * FROM VALUES (1), (2), (4) AS t(value)")
    >>> df.select("*", F.log(2.0, df.value)).show()
    +-----+---------------+
    |value|LOG(2.0, value)|
    +-----+---------------+
    |    1|            0.0|
    |    2|            1.0|
    |    4|            2.0|
    +-----+---------------+

    Example 2: Return NULL for invalid input values

    >>> df = spark.sql("SELECT * FROM VALUES (1), (2), (0), (-1), (NULL) AS t(value)")
    >>> df.select("*", F.log(3.0, df.value)).show()
    +-----+------------------+
    |value|   LOG(3.0, value)|
    +-----+------------------+
    |    1|               0.0|
    |    2|0.6309297535714...|
    |    0|              NULL|
    |   -1|              NULL|
    | NULL|              NULL|
    +-----+------------------+
    """
    if arg2 is None:
        return call("log", col_arg(arg1, "arg1"))
    return call("log", _num(arg1, "arg1"), col_arg(arg2, "arg2"))


def ln(col: ColumnOrName) -> Column:
    """Returns the natural logarithm of the argument.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        a column to calculate logariphm for.

    Returns
    -------
    :class:`~rillet.sql.Column`
        natural logarithm of given value.

    Examples
    --------
    >>> spark.range(10).select("*", F.ln('id')).show()
    +---+------------------+
    | id|            ln(id)|
    +---+------------------+
    |  0|              NULL|
    |  1|               0.0|
    |  2|0.6931471805599...|
    |  3|1.0986122886681...|
    |  4|1.3862943611198...|
    |  5|1.6094379124341...|
    |  6| 1.791759469228...|
    |  7|1.9459101490553...|
    |  8|2.0794415416798...|
    |  9|2.1972245773362...|
    +---+------------------+
    """
    return call("ln", col_arg(col))


def log10(col: ColumnOrName) -> Column:
    """Computes the logarithm of the given value in Base 10.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        column to calculate logarithm for.

    Returns
    -------
    :class:`~rillet.sql.Column`
        logarithm of the given value in Base 10.

    Examples
    --------
    Example 1: Compute the logarithm in Base 10

    >>> df = spark.createDataFrame([(1,), (10,), (100,)], ["value"])
    >>> df.select("*", F.log10(df.value)).show()
    +-----+------------+
    |value|LOG10(value)|
    +-----+------------+
    |    1|         0.0|
    |   10|         1.0|
    |  100|         2.0|
    +-----+------------+
    """
    return call("log10", col_arg(col))


def log2(col: ColumnOrName) -> Column:
    """Returns the base-2 logarithm of the argument.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        a column to calculate logariphm for.

    Returns
    -------
    :class:`~rillet.sql.Column`
        logariphm of given value.

    Examples
    --------
    >>> spark.range(1).select(F.log2(F.lit(8)).alias("r"), F.log2(F.lit(0.5)).alias("h")).show()
    +---+----+
    |  r|   h|
    +---+----+
    |3.0|-1.0|
    +---+----+
    """
    return call("log2", col_arg(col))


def log1p(col: ColumnOrName) -> Column:
    """Computes the natural logarithm of the given value plus one.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        column to calculate natural logarithm for.

    Returns
    -------
    :class:`~rillet.sql.Column`
        natural logarithm of the "given value plus one".

    Examples
    --------
    >>> spark.range(1).select(F.log1p(F.lit(0)).alias("r")).show()
    +---+
    |  r|
    +---+
    |0.0|
    +---+
    """
    return call("log1p", col_arg(col))


def exp(col: ColumnOrName) -> Column:
    """Computes the exponential of the given value.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        column to calculate exponential for.

    Returns
    -------
    :class:`~rillet.sql.Column`
        exponential of the given value.

    Examples
    --------
    >>> spark.range(1).select(F.exp(F.lit(0)).alias("e0")).show()
    +---+
    | e0|
    +---+
    |1.0|
    +---+
    """
    return call("exp", col_arg(col))


def expm1(col: ColumnOrName) -> Column:
    """Computes the exponential of the given value minus one.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        column to calculate exponential for.

    Returns
    -------
    :class:`~rillet.sql.Column`
        exponential less one.

    Examples
    --------
    Example 1: Compute the exponential minus one

    >>> df = spark.sql("SELECT id AS value FROM RANGE(5)")
    >>> df.select("*", F.expm1(df.value)).show()
    +-----+------------------+
    |value|      EXPM1(value)|
    +-----+------------------+
    |    0|               0.0|
    |    1| 1.718281828459...|
    |    2|  6.38905609893...|
    |    3|19.085536923187...|
    |    4|53.598150033144...|
    +-----+------------------+
    """
    return call("expm1", col_arg(col))


def signum(col: ColumnOrName) -> Column:
    """Computes the signum of the given value.

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
    >>> spark.range(1).select(
    ...     F.signum(F.lit(-5)),
    ...     F.signum(F.lit(6)),
    ...     F.signum(F.lit(float('nan'))),
    ...     F.signum(F.lit(None))
    ... ).show()
    +----------+---------+-----------+------------+
    |SIGNUM(-5)|SIGNUM(6)|SIGNUM(NaN)|SIGNUM(NULL)|
    +----------+---------+-----------+------------+
    |      -1.0|      1.0|        NaN|        NULL|
    +----------+---------+-----------+------------+
    """
    return call("signum", col_arg(col))


def sign(col: ColumnOrName) -> Column:
    """Computes the signum of the given value.

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
    >>> spark.range(1).select(F.sign(F.lit(-5)).alias("a"), F.sign(F.lit(6)).alias("b"), F.sign(F.lit(None)).alias("c")).show()
    +----+---+----+
    |   a|  b|   c|
    +----+---+----+
    |-1.0|1.0|NULL|
    +----+---+----+
    """
    return call("sign", col_arg(col))


def sin(col: ColumnOrName) -> Column:
    """Computes sine of the input column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        sine of the angle, as if computed by `java.lang.Math.sin()`

    Examples
    --------
    >>> spark.range(1).select(F.sin(F.lit(0.0)).alias("r")).show()
    +---+
    |  r|
    +---+
    |0.0|
    +---+
    """
    return call("sin", col_arg(col))


def cos(col: ColumnOrName) -> Column:
    """Computes cosine of the input column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        angle in radians

    Returns
    -------
    :class:`~rillet.sql.Column`
        cosine of the angle, as if computed by `java.lang.Math.cos()`.

    Examples
    --------
    >>> spark.range(1).select(F.cos(F.lit(0.0)).alias("r")).show()
    +---+
    |  r|
    +---+
    |1.0|
    +---+
    """
    return call("cos", col_arg(col))


def tan(col: ColumnOrName) -> Column:
    """Computes tangent of the input column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        angle in radians

    Returns
    -------
    :class:`~rillet.sql.Column`
        tangent of the given value, as if computed by `java.lang.Math.tan()`

    Examples
    --------
    >>> spark.range(1).select(F.tan(F.lit(0.0)).alias("r")).show()
    +---+
    |  r|
    +---+
    |0.0|
    +---+
    """
    return call("tan", col_arg(col))


def asin(col: ColumnOrName) -> Column:
    """Computes inverse sine of the input column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        inverse sine of `col`, as if computed by `java.lang.Math.asin()`

    Examples
    --------
    Example 1: Compute the inverse sine

    >>> df = spark.createDataFrame([(-0.5,), (0.0,), (0.5,)], ["value"])
    >>> df.select("*", F.asin(df.value)).show()
    +-----+-------------------+
    |value|        ASIN(value)|
    +-----+-------------------+
    | -0.5|-0.5235987755982...|
    |  0.0|                0.0|
    |  0.5| 0.5235987755982...|
    +-----+-------------------+

    Example 2: Compute the inverse sine of invalid values

    >>> spark.sql(
    ...     "SELECT * FROM VALUES (-2), (2), (NULL) AS TAB(value)"
    ... ).select("*", F.asin("value")).show()
    +-----+-----------+
    |value|ASIN(value)|
    +-----+-----------+
    |   -2|        NaN|
    |    2|        NaN|
    | NULL|       NULL|
    +-----+-----------+
    """
    return call("asin", col_arg(col))


def acos(col: ColumnOrName) -> Column:
    """Mathematical Function: Computes the inverse cosine (also known as arccosine)
    of the given column or expression.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        The target column or expression to compute the inverse cosine on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column object representing the inverse cosine of the input.

    Examples
    --------
    Example 1: Compute the inverse cosine

    >>> df = spark.createDataFrame([(-1.0,), (-0.5,), (0.0,), (0.5,), (1.0,)], ["value"])
    >>> df.select("*", F.acos("value")).show()
    +-----+------------------+
    |value|       ACOS(value)|
    +-----+------------------+
    | -1.0| 3.141592653589...|
    | -0.5|2.0943951023931...|
    |  0.0|1.5707963267948...|
    |  0.5|1.0471975511965...|
    |  1.0|               0.0|
    +-----+------------------+

    Example 2: Compute the inverse cosine of invalid values

    >>> spark.sql(
    ...     "SELECT * FROM VALUES (-2), (2), (NULL) AS TAB(value)"
    ... ).select("*", F.acos("value")).show()
    +-----+-----------+
    |value|ACOS(value)|
    +-----+-----------+
    |   -2|        NaN|
    |    2|        NaN|
    | NULL|       NULL|
    +-----+-----------+
    """
    return call("acos", col_arg(col))


def atan(col: ColumnOrName) -> Column:
    """Compute inverse tangent of the input column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        inverse tangent of `col`, as if computed by `java.lang.Math.atan()`

    Examples
    --------
    Example 1: Compute the inverse tangent

    >>> df = spark.createDataFrame([(-0.5,), (0.0,), (0.5,)], ["value"])
    >>> df.select("*", F.atan(df.value)).show()
    +-----+-------------------+
    |value|        ATAN(value)|
    +-----+-------------------+
    | -0.5|-0.4636476090008...|
    |  0.0|                0.0|
    |  0.5| 0.4636476090008...|
    +-----+-------------------+
    """
    return call("atan", col_arg(col))


def sinh(col: ColumnOrName) -> Column:
    """Computes hyperbolic sine of the input column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        hyperbolic angle.

    Returns
    -------
    :class:`~rillet.sql.Column`
        hyperbolic sine of the given value,
        as if computed by `java.lang.Math.sinh()`

    Examples
    --------
    Example 1: Compute the hyperbolic sine

    >>> df = spark.createDataFrame([(-1,), (0,), (1,)], ["value"])
    >>> df.select("*", F.sinh(df.value)).show()
    +-----+-------------------+
    |value|        SINH(value)|
    +-----+-------------------+
    |   -1|-1.1752011936438...|
    |    0|                0.0|
    |    1| 1.1752011936438...|
    +-----+-------------------+
    """
    return call("sinh", col_arg(col))


def cosh(col: ColumnOrName) -> Column:
    """Computes hyperbolic cosine of the input column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        hyperbolic angle

    Returns
    -------
    :class:`~rillet.sql.Column`
        hyperbolic cosine of the angle, as if computed by `java.lang.Math.cosh()`

    Examples
    --------
    >>> spark.range(1).select(F.cosh(F.lit(0.0)).alias("r")).show()
    +---+
    |  r|
    +---+
    |1.0|
    +---+
    """
    return call("cosh", col_arg(col))


def tanh(col: ColumnOrName) -> Column:
    """Computes hyperbolic tangent of the input column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        hyperbolic angle

    Returns
    -------
    :class:`~rillet.sql.Column`
        hyperbolic tangent of the given value
        as if computed by `java.lang.Math.tanh()`

    Examples
    --------
    Example 1: Compute the hyperbolic tangent sine

    >>> df = spark.createDataFrame([(-1,), (0,), (1,)], ["value"])
    >>> df.select("*", F.tanh(df.value)).show()
    +-----+-------------------+
    |value|        TANH(value)|
    +-----+-------------------+
    |   -1|-0.7615941559557...|
    |    0|                0.0|
    |    1| 0.7615941559557...|
    +-----+-------------------+
    """
    return call("tanh", col_arg(col))


def cot(col: ColumnOrName) -> Column:
    """Computes cotangent of the input column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        angle in radians.

    Returns
    -------
    :class:`~rillet.sql.Column`
        cotangent of the angle.

    Examples
    --------
    >>> spark.range(1).select(F.cot(F.lit(1.0)).alias("r")).show()
    +------------------+
    |                 r|
    +------------------+
    |0.6420926159343306|
    +------------------+
    """
    return call("cot", col_arg(col))


def sec(col: ColumnOrName) -> Column:
    """Computes secant of the input column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        Angle in radians

    Returns
    -------
    :class:`~rillet.sql.Column`
        Secant of the angle.

    Examples
    --------
    >>> spark.range(1).select(F.sec(F.lit(0.0)).alias("r")).show()
    +---+
    |  r|
    +---+
    |1.0|
    +---+
    """
    return call("sec", col_arg(col))


def csc(col: ColumnOrName) -> Column:
    """Computes cosecant of the input column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        angle in radians.

    Returns
    -------
    :class:`~rillet.sql.Column`
        cosecant of the angle.

    Examples
    --------
    >>> spark.range(1).select(F.csc(F.lit(1.0)).alias("r")).show()
    +------------------+
    |                 r|
    +------------------+
    |1.1883951057781212|
    +------------------+
    """
    return call("csc", col_arg(col))


def degrees(col: ColumnOrName) -> Column:
    """Converts an angle measured in radians to an approximately equivalent angle
    measured in degrees.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        angle in radians

    Returns
    -------
    :class:`~rillet.sql.Column`
        angle in degrees, as if computed by `java.lang.Math.toDegrees()`

    Examples
    --------
    >>> spark.range(1).select(F.degrees(F.lit(0.0)).alias("d"), F.degrees(F.asin(F.lit(1.0))).alias("right")).show()
    +---+-----+
    |  d|right|
    +---+-----+
    |0.0| 90.0|
    +---+-----+
    """
    return call("degrees", col_arg(col))


def radians(col: ColumnOrName) -> Column:
    """Converts an angle measured in degrees to an approximately equivalent angle
    measured in radians.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        angle in degrees

    Returns
    -------
    :class:`~rillet.sql.Column`
        angle in radians, as if computed by `java.lang.Math.toRadians()`

    Examples
    --------
    >>> spark.sql(
    ...     "SELECT * FROM VALUES (180), (90), (45), (0) AS TAB(value)"
    ... ).select("*", F.radians("value")).show()
    +-----+------------------+
    |value|    RADIANS(value)|
    +-----+------------------+
    |  180| 3.141592653589...|
    |   90|1.5707963267948...|
    |   45|0.7853981633974...|
    |    0|               0.0|
    +-----+------------------+
    """
    return call("radians", col_arg(col))


def toDegrees(col: ColumnOrName) -> Column:
    """Converts an angle measured in radians to an approximately equivalent angle
    measured in degrees.

    Examples
    --------
    >>> spark.range(1).select(F.toDegrees(F.lit(0.0)).alias("d")).show()
    +---+
    |  d|
    +---+
    |0.0|
    +---+
    """
    return degrees(col)


def toRadians(col: ColumnOrName) -> Column:
    """Converts an angle measured in degrees to an approximately equivalent angle
    measured in radians.

    Examples
    --------
    >>> spark.range(1).select(F.toRadians(F.lit(180.0)).alias("r")).show()
    +-----------------+
    |                r|
    +-----------------+
    |3.141592653589793|
    +-----------------+
    """
    return radians(col)


def cbrt(col: ColumnOrName) -> Column:
    """Computes the cube-root of the given value.

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
    Example 1: Compute the cube-root

    >>> df = spark.createDataFrame([(-8,), (0,), (8,)], ["value"])
    >>> df.select("*", F.cbrt(df.value)).show()
    +-----+-----------+
    |value|CBRT(value)|
    +-----+-----------+
    |   -8|       -2.0|
    |    0|        0.0|
    |    8|        2.0|
    +-----+-----------+
    """
    return call("cbrt", col_arg(col))


def rint(col: ColumnOrName) -> Column:
    """Returns the double value that is closest in value to the argument and
    is equal to a mathematical integer.

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
    >>> spark.range(1).select(F.rint(F.lit(10.6)).alias("a"), F.rint(F.lit(10.3)).alias("b")).show()
    +----+----+
    |   a|   b|
    +----+----+
    |11.0|10.0|
    +----+----+
    """
    return call("rint", col_arg(col))


def negative(col: ColumnOrName) -> Column:
    """Returns the negative value.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        column to calculate negative value for.

    Returns
    -------
    :class:`~rillet.sql.Column`
        negative value.

    Examples
    --------
    >>> df = spark.createDataFrame([(-1,), (0,), (1,)], ["value"])
    >>> df.select("*", F.negative(df.value)).show()
    +-----+---------------+
    |value|negative(value)|
    +-----+---------------+
    |   -1|              1|
    |    0|              0|
    |    1|             -1|
    +-----+---------------+
    """
    return call("negative", col_arg(col))


negate = negative


def positive(col: ColumnOrName) -> Column:
    """Returns the value.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        input value column.

    Returns
    -------
    :class:`~rillet.sql.Column`
        value.

    Examples
    --------
    >>> df = spark.createDataFrame([(-1,), (0,), (1,)], ["value"])
    >>> df.select("*", F.positive(df.value)).show()
    +-----+---------+
    |value|(+ value)|
    +-----+---------+
    |   -1|       -1|
    |    0|        0|
    |    1|        1|
    +-----+---------+
    """
    return call("positive", col_arg(col))


def factorial(col: ColumnOrName) -> Column:
    """Computes the factorial of the given value.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        a column to calculate factorial for.

    Returns
    -------
    :class:`~rillet.sql.Column`
        factorial of given value.

    Examples
    --------
    >>> spark.range(10).select("*", F.factorial('id')).show()
    +---+-------------+
    | id|factorial(id)|
    +---+-------------+
    |  0|            1|
    |  1|            1|
    |  2|            2|
    |  3|            6|
    |  4|           24|
    |  5|          120|
    |  6|          720|
    |  7|         5040|
    |  8|        40320|
    |  9|       362880|
    +---+-------------+
    """
    return call("factorial", col_arg(col))


def atan2(col1: Union[ColumnOrName, float], col2: Union[ColumnOrName, float]) -> Column:
    """Compute the angle in radians between the positive x-axis of a plane
    and the point given by the coordinates

    Parameters
    ----------
    col1 : :class:`~rillet.sql.Column`, column name or float
        coordinate on y-axis
    col2 : :class:`~rillet.sql.Column`, column name or float
        coordinate on x-axis

    Returns
    -------
    :class:`~rillet.sql.Column`
        the `theta` component of the point
        (`r`, `theta`)
        in polar coordinates that corresponds to the point
        (`x`, `y`) in Cartesian coordinates,
        as if computed by `java.lang.Math.atan2()`

    Examples
    --------
    >>> spark.range(1).select(F.atan2(F.lit(1), F.lit(2))).show()
    +------------------+
    |       ATAN2(1, 2)|
    +------------------+
    |0.4636476090008...|
    +------------------+
    """
    return call("atan2", _num(col1, "col1"), _num(col2, "col2"))


def hypot(col1: Union[ColumnOrName, float], col2: Union[ColumnOrName, float]) -> Column:
    """Computes ``sqrt(a^2 + b^2)`` without intermediate overflow or underflow.

    Parameters
    ----------
    col1 : :class:`~rillet.sql.Column`, column name or float
        a leg.
    col2 : :class:`~rillet.sql.Column`, column name or float
        b leg.

    Returns
    -------
    :class:`~rillet.sql.Column`
        length of the hypotenuse.

    Examples
    --------
    >>> spark.range(1).select(F.hypot(F.lit(1), F.lit(2))).show()
    +----------------+
    |     HYPOT(1, 2)|
    +----------------+
    |2.23606797749...|
    +----------------+
    """
    return call("hypot", _num(col1, "col1"), _num(col2, "col2"))


def pmod(dividend: Union[ColumnOrName, float], divisor: Union[ColumnOrName, float]) -> Column:
    """Returns the positive value of dividend mod divisor.

    Parameters
    ----------
    dividend : :class:`~rillet.sql.Column`, column name or float
        the column that contains dividend, or the specified dividend value
    divisor : :class:`~rillet.sql.Column`, column name or float
        the column that contains divisor, or the specified divisor value

    Returns
    -------
    :class:`~rillet.sql.Column`
        positive value of dividend mod divisor.

    Examples
    --------
    >>> df = spark.createDataFrame([
    ...     (1.0, float('nan')), (float('nan'), 2.0), (10.0, 3.0),
    ...     (float('nan'), float('nan')), (-3.0, 4.0), (-10.0, 3.0),
    ...     (-5.0, -6.0), (7.0, -8.0), (1.0, 2.0)],
    ...     ("a", "b"))
    >>> df.select("*", F.pmod("a", "b")).show()
    +-----+----+----------+
    |    a|   b|pmod(a, b)|
    +-----+----+----------+
    |  1.0| NaN|       NaN|
    |  NaN| 2.0|       NaN|
    | 10.0| 3.0|       1.0|
    |  NaN| NaN|       NaN|
    | -3.0| 4.0|       1.0|
    |-10.0| 3.0|       2.0|
    | -5.0|-6.0|      -5.0|
    |  7.0|-8.0|       7.0|
    |  1.0| 2.0|       1.0|
    +-----+----+----------+
    """
    return call("pmod", _num(dividend, "dividend"), _num(divisor, "divisor"))


def greatest(*cols: ColumnOrName) -> Column:
    """Returns the greatest value of the list of column names, skipping null values.
    This function takes at least 2 parameters. It will return null if all parameters are null.

    Parameters
    ----------
    cols: :class:`~rillet.sql.Column` or column name
        columns to check for greatest value.

    Returns
    -------
    :class:`~rillet.sql.Column`
        greatest value.

    Examples
    --------
    >>> df = spark.createDataFrame([(1, 4, 3)], ['a', 'b', 'c'])
    >>> df.select("*", F.greatest(df.a, "b", df.c)).show()
    +---+---+---+-----------------+
    |  a|  b|  c|greatest(a, b, c)|
    +---+---+---+-----------------+
    |  1|  4|  3|                4|
    +---+---+---+-----------------+
    """
    return call("greatest", *(col_arg(c, "cols") for c in cols))


def least(*cols: ColumnOrName) -> Column:
    """Returns the least value of the list of column names, skipping null values.
    This function takes at least 2 parameters. It will return null if all parameters are null.

    Parameters
    ----------
    cols : :class:`~rillet.sql.Column` or column name
        column names or columns to be compared

    Returns
    -------
    :class:`~rillet.sql.Column`
        least value.

    Examples
    --------
    >>> df = spark.createDataFrame([(1, 4, 3)], ['a', 'b', 'c'])
    >>> df.select("*", F.least(df.a, "b", df.c)).show()
    +---+---+---+--------------+
    |  a|  b|  c|least(a, b, c)|
    +---+---+---+--------------+
    |  1|  4|  3|             1|
    +---+---+---+--------------+
    """
    return call("least", *(col_arg(c, "cols") for c in cols))


# --- random ----------------------------------------------------------------------------------


def rand(seed: Optional[int] = None) -> Column:
    """Generates a random column with independent and identically distributed (i.i.d.) samples
    uniformly distributed in [0.0, 1.0).

    Parameters
    ----------
    seed : int, optional
        Seed value for the random generator.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A column of random values.

    Notes
    -----
    The values are deterministic for a given ``seed`` but are not Spark's sequence.

    Examples
    --------
    >>> spark.range(3).select(F.rand(42).between(0, 1).alias("in_range")).show()
    +--------+
    |in_range|
    +--------+
    |    true|
    |    true|
    |    true|
    +--------+
    """
    return call("rand", Literal.of(seed if seed is not None else random.getrandbits(63)))


def randn(seed: Optional[int] = None) -> Column:
    """Generates a random column with independent and identically distributed (i.i.d.) samples
    from the standard normal distribution.

    Parameters
    ----------
    seed : int (default: None)
        Seed value for the random generator.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A column of random values.

    Notes
    -----
    The values are deterministic for a given ``seed`` but are not Spark's sequence.

    Examples
    --------
    >>> spark.range(3).select(F.randn(42).isNotNull().alias("drawn")).show()
    +-----+
    |drawn|
    +-----+
    | true|
    | true|
    | true|
    +-----+
    """
    return call("randn", Literal.of(seed if seed is not None else random.getrandbits(63)))


def pi() -> Column:
    """Returns Pi.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the constant pi, a double.

    Examples
    --------
    >>> spark.range(1).select(F.pi()).show()
    +-----------------+
    |             PI()|
    +-----------------+
    |3.141592653589793|
    +-----------------+
    """
    return call("pi")


def e() -> Column:
    """Returns Euler's number.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the constant e, a double.

    Examples
    --------
    >>> spark.range(1).select(F.e()).show()
    +-----------------+
    |              E()|
    +-----------------+
    |2.718281828459045|
    +-----------------+
    """
    return call("e")
