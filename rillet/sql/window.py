"""``Window`` and ``WindowSpec``: PySpark's window specifications, as plan nodes.

A ``WindowSpec`` holds an unresolved ``WindowSpecDefinition``; ``Column.over``
turns a function call into a ``WindowExpression`` over it.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Union

from rillet.errors import PySparkTypeError
from rillet.plan.expressions.core import Expression, SortOrder
from rillet.plan.expressions.window import RANGE, ROWS, WindowFrame, WindowSpecDefinition
from rillet.sql.column import _col_expr

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rillet.sql._typing import ColumnOrName

__all__ = ["Window", "WindowSpec"]

_JAVA_MIN_LONG = -(1 << 63)
_JAVA_MAX_LONG = (1 << 63) - 1
_PRECEDING_THRESHOLD = max(-sys.maxsize, _JAVA_MIN_LONG)
_FOLLOWING_THRESHOLD = min(sys.maxsize, _JAVA_MAX_LONG)


def _cols(cols: tuple[Any, ...]) -> tuple[Expression, ...]:
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        cols = tuple(cols[0])
    return tuple(_col_expr(c, "cols") for c in cols)


def _frame(kind: str, start: int, end: int) -> WindowFrame:
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise PySparkTypeError(
                errorClass="NOT_INT", messageParameters={"arg_name": name, "arg_type": type(value).__name__}
            )
    lower = None if start <= _PRECEDING_THRESHOLD else start
    upper = None if end >= _FOLLOWING_THRESHOLD else end
    return WindowFrame(kind, lower, upper)


class WindowSpec:
    """Partitioning, ordering and frame of a window; see ``pyspark.sql.WindowSpec``.

    Examples
    --------
    >>> df = spark.createDataFrame([("a", 1), ("a", 2), ("a", 4), ("b", 3)], ["k", "v"])
    >>> w = Window.partitionBy("k").orderBy("v").rowsBetween(-1, Window.currentRow)
    >>> df.select("k", "v", F.sum("v").over(w).alias("s")).orderBy("k", "v").show()
    +---+---+---+
    |  k|  v|  s|
    +---+---+---+
    |  a|  1|  1|
    |  a|  2|  3|
    |  a|  4|  6|
    |  b|  3|  3|
    +---+---+---+
    """

    def __init__(self, spec: WindowSpecDefinition | None = None) -> None:
        self._spec = spec or WindowSpecDefinition()

    def partitionBy(self, *cols: Union[ColumnOrName, Sequence[ColumnOrName]]) -> WindowSpec:
        """Defines the partitioning columns in a :class:`WindowSpec`.

        Parameters
        ----------
        cols : str, :class:`Column` or list
            names of columns or expressions

        Examples
        --------
        >>> df = spark.createDataFrame([("a", 1), ("a", 2), ("b", 3)], ["k", "v"])
        >>> w = Window.orderBy("v").partitionBy("k")
        >>> df.select("k", "v", F.row_number().over(w).alias("n")).orderBy("k", "v").show()
        +---+---+---+
        |  k|  v|  n|
        +---+---+---+
        |  a|  1|  1|
        |  a|  2|  2|
        |  b|  3|  1|
        +---+---+---+
        """
        return WindowSpec(replace(self._spec, partition=_cols(cols)))

    def orderBy(self, *cols: Union[ColumnOrName, Sequence[ColumnOrName]]) -> WindowSpec:
        """Defines the ordering columns in a :class:`WindowSpec`.

        Parameters
        ----------
        cols : str, :class:`Column` or list
            names of columns or expressions

        Examples
        --------
        >>> df = spark.createDataFrame([("a", 1), ("a", 2), ("b", 3)], ["k", "v"])
        >>> w = Window.partitionBy("k").orderBy(F.desc("v"))
        >>> df.select("k", "v", F.row_number().over(w).alias("n")).orderBy("k", "v").show()
        +---+---+---+
        |  k|  v|  n|
        +---+---+---+
        |  a|  1|  2|
        |  a|  2|  1|
        |  b|  3|  1|
        +---+---+---+
        """
        orders = tuple(o if isinstance(o, SortOrder) else SortOrder(o) for o in _cols(cols))
        return WindowSpec(replace(self._spec, order=orders))

    def rowsBetween(self, start: int, end: int) -> WindowSpec:
        """Defines the frame boundaries, from `start` (inclusive) to `end` (inclusive).

        Both `start` and `end` are relative positions from the current row.
        For example, "0" means "current row", while "-1" means the row before
        the current row, and "5" means the fifth row after the current row.

        We recommend users use ``Window.unboundedPreceding``, ``Window.unboundedFollowing``,
        and ``Window.currentRow`` to specify special boundary values, rather than using integral
        values directly.

        Parameters
        ----------
        start : int
            boundary start, inclusive.
            The frame is unbounded if this is ``Window.unboundedPreceding``, or
            any value less than or equal to max(-sys.maxsize, -9223372036854775808).
        end : int
            boundary end, inclusive.
            The frame is unbounded if this is ``Window.unboundedFollowing``, or
            any value greater than or equal to min(sys.maxsize, 9223372036854775807).

        Examples
        --------
        >>> df = spark.createDataFrame([("a", 1), ("a", 2), ("a", 4), ("b", 3)], ["k", "v"])
        >>> w = Window.partitionBy("k").orderBy("v").rowsBetween(-1, Window.currentRow)
        >>> df.select("k", "v", F.sum("v").over(w).alias("s")).orderBy("k", "v").show()
        +---+---+---+
        |  k|  v|  s|
        +---+---+---+
        |  a|  1|  1|
        |  a|  2|  3|
        |  a|  4|  6|
        |  b|  3|  3|
        +---+---+---+
        """
        return WindowSpec(replace(self._spec, frame=_frame(ROWS, start, end)))

    def rangeBetween(self, start: int, end: int) -> WindowSpec:
        """Defines the frame boundaries, from `start` (inclusive) to `end` (inclusive).

        Both `start` and `end` are relative from the current row. For example,
        "0" means "current row", while "-1" means one off before the current row,
        and "5" means the five off after the current row.

        We recommend users use ``Window.unboundedPreceding``, ``Window.unboundedFollowing``,
        and ``Window.currentRow`` to specify special boundary values, rather than using integral
        values directly.

        Parameters
        ----------
        start : int
            boundary start, inclusive.
            The frame is unbounded if this is ``Window.unboundedPreceding``, or
            any value less than or equal to max(-sys.maxsize, -9223372036854775808).
        end : int
            boundary end, inclusive.
            The frame is unbounded if this is ``Window.unboundedFollowing``, or
            any value greater than or equal to min(sys.maxsize, 9223372036854775807).

        Examples
        --------
        >>> df = spark.createDataFrame([("a", 1), ("a", 2), ("a", 4), ("b", 3)], ["k", "v"])
        >>> w = Window.partitionBy("k").orderBy("v").rangeBetween(-1, 0)
        >>> df.select("k", "v", F.sum("v").over(w).alias("s")).orderBy("k", "v").show()
        +---+---+---+
        |  k|  v|  s|
        +---+---+---+
        |  a|  1|  1|
        |  a|  2|  3|
        |  a|  4|  4|
        |  b|  3|  3|
        +---+---+---+
        """
        return WindowSpec(replace(self._spec, frame=_frame(RANGE, start, end)))

    def __repr__(self) -> str:
        return f"<WindowSpec {self._spec.sql()}>"


class Window:
    """Builders of ``WindowSpec``: ``Window.partitionBy("d").orderBy("x")``."""

    unboundedPreceding: int = _JAVA_MIN_LONG
    unboundedFollowing: int = _JAVA_MAX_LONG
    currentRow: int = 0

    @staticmethod
    def partitionBy(*cols: Union[ColumnOrName, Sequence[ColumnOrName]]) -> WindowSpec:
        """Creates a :class:`WindowSpec` with the partitioning defined.

        Parameters
        ----------
        cols : str, :class:`Column` or list
            names of columns or expressions

        Returns
        -------
        :class: `WindowSpec`
            A :class:`WindowSpec` with the partitioning defined.

        Examples
        --------
        >>> from rillet.sql import Window
        >>> df = spark.createDataFrame(
        ...      [(1, "a"), (1, "a"), (2, "a"), (1, "b"), (2, "b"), (3, "b")], ["id", "category"])
        >>> df.show()
        +---+--------+
        | id|category|
        +---+--------+
        |  1|       a|
        |  1|       a|
        |  2|       a|
        |  1|       b|
        |  2|       b|
        |  3|       b|
        +---+--------+

        Show row number order by ``id`` in partition ``category``.

        >>> window = Window.partitionBy("category").orderBy("id")
        >>> df.withColumn("row_number", F.row_number().over(window)).show()
        +---+--------+----------+
        | id|category|row_number|
        +---+--------+----------+
        |  1|       a|         1|
        |  1|       a|         2|
        |  2|       a|         3|
        |  1|       b|         1|
        |  2|       b|         2|
        |  3|       b|         3|
        +---+--------+----------+
        """
        return WindowSpec().partitionBy(*cols)

    @staticmethod
    def orderBy(*cols: Union[ColumnOrName, Sequence[ColumnOrName]]) -> WindowSpec:
        """Creates a :class:`WindowSpec` with the ordering defined.

        Parameters
        ----------
        cols : str, :class:`Column` or list
            names of columns or expressions

        Returns
        -------
        :class: `WindowSpec`
            A :class:`WindowSpec` with the ordering defined.

        Examples
        --------
        >>> from rillet.sql import Window
        >>> df = spark.createDataFrame(
        ...      [(1, "a"), (1, "a"), (2, "a"), (1, "b"), (2, "b"), (3, "b")], ["id", "category"])
        >>> df.show()
        +---+--------+
        | id|category|
        +---+--------+
        |  1|       a|
        |  1|       a|
        |  2|       a|
        |  1|       b|
        |  2|       b|
        |  3|       b|
        +---+--------+

        Show row number order by ``category`` in partition ``id``.

        >>> window = Window.partitionBy("id").orderBy("category")
        >>> df.withColumn("row_number", F.row_number().over(window)).show()
        +---+--------+----------+
        | id|category|row_number|
        +---+--------+----------+
        |  1|       a|         1|
        |  1|       a|         2|
        |  1|       b|         3|
        |  2|       a|         1|
        |  2|       b|         2|
        |  3|       b|         1|
        +---+--------+----------+
        """
        return WindowSpec().orderBy(*cols)

    @staticmethod
    def rowsBetween(start: int, end: int) -> WindowSpec:
        """Creates a :class:`WindowSpec` with the frame boundaries defined,
        from `start` (inclusive) to `end` (inclusive).

        Both `start` and `end` are relative positions from the current row.
        For example, "0" means "current row", while "-1" means the row before
        the current row, and "5" means the fifth row after the current row.

        We recommend users use ``Window.unboundedPreceding``, ``Window.unboundedFollowing``,
        and ``Window.currentRow`` to specify special boundary values, rather than using integral
        values directly.

        A row based boundary is based on the position of the row within the partition.
        An offset indicates the number of rows above or below the current row, the frame for the
        current row starts or ends. For instance, given a row based sliding frame with a lower bound
        offset of -1 and a upper bound offset of +2. The frame for row with index 5 would range from
        index 4 to index 7.

        Parameters
        ----------
        start : int
            boundary start, inclusive.
            The frame is unbounded if this is ``Window.unboundedPreceding``, or
            any value less than or equal to -9223372036854775808.
        end : int
            boundary end, inclusive.
            The frame is unbounded if this is ``Window.unboundedFollowing``, or
            any value greater than or equal to 9223372036854775807.

        Returns
        -------
        :class: `WindowSpec`
            A :class:`WindowSpec` with the frame boundaries defined,
            from `start` (inclusive) to `end` (inclusive).

        Examples
        --------
        >>> from rillet.sql import Window
        >>> from rillet.sql import functions as func
        >>> df = spark.createDataFrame(
        ...      [(1, "a"), (1, "a"), (2, "a"), (1, "b"), (2, "b"), (3, "b")], ["id", "category"])
        >>> df.show()
        +---+--------+
        | id|category|
        +---+--------+
        |  1|       a|
        |  1|       a|
        |  2|       a|
        |  1|       b|
        |  2|       b|
        |  3|       b|
        +---+--------+

        Calculate sum of ``id`` in the range from currentRow to currentRow + 1
        in partition ``category``

        >>> window = Window.partitionBy("category").orderBy("id").rowsBetween(Window.currentRow, 1)
        >>> df.withColumn("sum", func.sum("id").over(window)).sort("id", "category", "sum").show()
        +---+--------+---+
        | id|category|sum|
        +---+--------+---+
        |  1|       a|  2|
        |  1|       a|  3|
        |  1|       b|  3|
        |  2|       a|  2|
        |  2|       b|  5|
        |  3|       b|  3|
        +---+--------+---+
        """
        return WindowSpec().rowsBetween(start, end)

    @staticmethod
    def rangeBetween(start: int, end: int) -> WindowSpec:
        """Creates a :class:`WindowSpec` with the frame boundaries defined,
        from `start` (inclusive) to `end` (inclusive).

        Both `start` and `end` are relative from the current row. For example,
        "0" means "current row", while "-1" means one off before the current row,
        and "5" means the five off after the current row.

        We recommend users use ``Window.unboundedPreceding``, ``Window.unboundedFollowing``,
        and ``Window.currentRow`` to specify special boundary values, rather than using integral
        values directly.

        A range-based boundary is based on the actual value of the ORDER BY
        expression(s). An offset is used to alter the value of the ORDER BY expression, for
        instance if the current ORDER BY expression has a value of 10 and the lower bound offset
        is -3, the resulting lower bound for the current row will be 10 - 3 = 7. This however puts a
        number of constraints on the ORDER BY expressions: there can be only one expression and this
        expression must have a numerical data type. An exception can be made when the offset is
        unbounded, because no value modification is needed, in this case multiple and non-numeric
        ORDER BY expression are allowed.

        Parameters
        ----------
        start : int
            boundary start, inclusive.
            The frame is unbounded if this is ``Window.unboundedPreceding``, or
            any value less than or equal to max(-sys.maxsize, -9223372036854775808).
        end : int
            boundary end, inclusive.
            The frame is unbounded if this is ``Window.unboundedFollowing``, or
            any value greater than or equal to min(sys.maxsize, 9223372036854775807).

        Returns
        -------
        :class: `WindowSpec`
            A :class:`WindowSpec` with the frame boundaries defined,
            from `start` (inclusive) to `end` (inclusive).

        Examples
        --------
        >>> from rillet.sql import Window
        >>> from rillet.sql import functions as func
        >>> df = spark.createDataFrame(
        ...      [(1, "a"), (1, "a"), (2, "a"), (1, "b"), (2, "b"), (3, "b")], ["id", "category"])
        >>> df.show()
        +---+--------+
        | id|category|
        +---+--------+
        |  1|       a|
        |  1|       a|
        |  2|       a|
        |  1|       b|
        |  2|       b|
        |  3|       b|
        +---+--------+

        Calculate sum of ``id`` in the range from ``id`` of currentRow to ``id`` of currentRow + 1
        in partition ``category``

        >>> window = Window.partitionBy("category").orderBy("id").rangeBetween(Window.currentRow, 1)
        >>> df.withColumn("sum", func.sum("id").over(window)).sort("id", "category").show()
        +---+--------+---+
        | id|category|sum|
        +---+--------+---+
        |  1|       a|  4|
        |  1|       a|  4|
        |  1|       b|  3|
        |  2|       a|  2|
        |  2|       b|  5|
        |  3|       b|  3|
        +---+--------+---+
        """
        return WindowSpec().rangeBetween(start, end)
