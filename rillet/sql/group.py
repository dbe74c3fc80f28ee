"""``GroupedData``: what ``df.groupBy(...)`` returns; ``agg`` and its shortcuts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

from rillet.errors import AnalysisException, PySparkTypeError
from rillet.plan import logical as L
from rillet.plan import types as T
from rillet.plan.expressions.core import Alias, Expression, UnresolvedFunction, UnresolvedStar
from rillet.sql.column import Column, name_to_expr

if TYPE_CHECKING:
    from rillet.sql._typing import PandasGroupedMapFunctionWithState
    from rillet.sql.dataframe import DataFrame
    from rillet.sql.streaming.stateful_processor import StatefulProcessor

__all__ = ["GroupedData"]

_DICT_AGGS = {"avg": "avg", "mean": "avg", "max": "max", "min": "min", "sum": "sum", "count": "count",
              "first": "first", "last": "last"}


class GroupedData:
    """A DataFrame grouped by key expressions, awaiting an aggregation."""

    def __init__(self, df: DataFrame, grouping: tuple[Expression, ...]) -> None:
        self._df = df
        self._grouping = grouping

    def _aggregate(self, aggs: list[Expression]) -> DataFrame:
        plan = L.Aggregate(self._df._plan, self._grouping, (*self._grouping, *aggs))
        return self._df._with(plan)

    def agg(self, *exprs: Union[Column, dict[str, str]]) -> DataFrame:
        """Aggregate with Columns (``F.sum("x")``) or a dict ``{"col": "fn"}``.

        Parameters
        ----------
        exprs : dict
            a dict mapping from column name (string) to aggregate functions (string),
            or a list of :class:`Column`.

        Examples
        --------
        >>> df = spark.createDataFrame([(2, "Alice"), (3, "Alice"), (5, "Bob"), (10, "Bob")], ["age", "name"])
        >>> df.groupBy("name").agg(F.min("age").alias("youngest"), F.count("*").alias("n")).sort("name").show()
        +-----+--------+---+
        | name|youngest|  n|
        +-----+--------+---+
        |Alice|       2|  2|
        |  Bob|       5|  2|
        +-----+--------+---+
        >>> df.groupBy("name").agg({"age": "max"}).sort("name").show()
        +-----+--------+
        | name|max(age)|
        +-----+--------+
        |Alice|       3|
        |  Bob|      10|
        +-----+--------+
        """
        if not exprs:
            raise PySparkTypeError(errorClass="CANNOT_BE_EMPTY", messageParameters={"item": "exprs"})
        if len(exprs) == 1 and isinstance(exprs[0], dict):
            aggs: list[Expression] = []
            for col, fn in exprs[0].items():
                name = _DICT_AGGS.get(fn.lower())
                if name is None:
                    raise AnalysisException(
                        errorClass="UNRESOLVED_ROUTINE",
                        messageParameters={"routineName": f"`{fn}`", "searchPath": "[`system`.`builtin`, `system`.`session`]"},
                    )
                arg = UnresolvedStar() if col == "*" else name_to_expr(col)
                aggs.append(UnresolvedFunction(name, (arg,)))
            return self._aggregate(aggs)
        for e in exprs:
            if not isinstance(e, Column):
                raise PySparkTypeError(
                    errorClass="NOT_COLUMN",
                    messageParameters={"arg_name": "exprs", "arg_type": type(e).__name__},
                )
        return self._aggregate([e._expr for e in exprs])

    def applyInPandasWithState(
        self,
        func: PandasGroupedMapFunctionWithState,
        outputStructType: T.StructType | str,
        stateStructType: T.StructType | str,
        outputMode: str,
        timeoutConf: str,
    ) -> DataFrame:
        """Apply ``func(key, Iterator[pandas.DataFrame], GroupState)`` to each group of a
        streaming DataFrame, keeping a user-defined state per group (PySpark's method).

        The function runs once per key that has rows in a micro-batch (every column of the
        DataFrame, as one pandas DataFrame), then once per key whose timeout expired (with
        one empty DataFrame and ``state.hasTimedOut``); it yields pandas DataFrames of
        ``outputStructType``. ``outputMode`` is ``"append"`` or ``"update"`` and must be the
        query's; ``timeoutConf`` is a :class:`~rillet.sql.streaming.state.GroupStateTimeout`.

        Examples
        --------
        >>> import pandas as pd
        >>> from rillet.sql.streaming.state import GroupStateTimeout
        >>> def count_fn(key, pdf_iter, state):
        ...     total = sum(len(pdf) for pdf in pdf_iter) + (state.getOption or (0,))[0]
        ...     state.update((total,))
        ...     yield pd.DataFrame({"id": [key[0]], "count": [total]})
        >>> df = spark.readStream.format("rate").load()  # doctest: +SKIP
        >>> df.groupBy("value").applyInPandasWithState(
        ...     count_fn, "id long, count long", "count long", "update",
        ...     GroupStateTimeout.NoTimeout)  # doctest: +SKIP
        """
        from rillet.errors import IllegalArgumentException, PySparkValueError, UnsupportedOperationException
        from rillet.plan.ddl import parse_ddl_schema

        timeouts = ("NoTimeout", "ProcessingTimeTimeout", "EventTimeTimeout")
        if timeoutConf not in timeouts:
            raise PySparkValueError(
                errorClass="VALUE_NOT_ALLOWED",
                messageParameters={"arg_name": "timeoutConf", "allowed_values": ", ".join(timeouts)},
            )
        mode = str(outputMode).lower()
        if mode not in ("append", "update", "complete"):
            raise IllegalArgumentException(
                errorClass="STREAMING_OUTPUT_MODE.INVALID", messageParameters={"outputMode": outputMode}
            )
        if mode == "complete":
            raise IllegalArgumentException("The output mode of function should be append or update")
        out = parse_ddl_schema(outputStructType) if isinstance(outputStructType, str) else outputStructType
        state = parse_ddl_schema(stateStructType) if isinstance(stateStructType, str) else stateStructType
        if not self._df._plan.is_streaming:
            raise UnsupportedOperationException(errorClass="_LEGACY_ERROR_TEMP_3176", messageParameters={})
        plan = L.FlatMapGroupsInPandasWithState(
            self._df._plan, self._grouping, func, L.attributes_for(out), state, mode, timeoutConf
        )
        return self._df._with(plan)

    def transformWithStateInPandas(
        self,
        statefulProcessor: StatefulProcessor,
        outputStructType: T.StructType | str,
        outputMode: str,
        timeMode: str,
        initialState: GroupedData | None = None,
        eventTimeColumnName: str = "",
    ) -> DataFrame:
        """Run a :class:`~rillet.sql.streaming.stateful_processor.StatefulProcessor` over each
        group of a streaming DataFrame, with state variables and timers per group (PySpark 4's
        method). ``outputMode`` is ``"Append"`` or ``"Update"``; ``timeMode`` ``"None"``,
        ``"ProcessingTime"`` or ``"EventTime"`` (what the timers follow). ``initialState``
        (a batch DataFrame grouped by the same keys) is handed to the processor's
        ``handleInitialState`` in the first batch.

        Examples
        --------
        >>> import pandas as pd
        >>> from rillet.sql.streaming.stateful_processor import StatefulProcessor
        >>> class Count(StatefulProcessor):
        ...     def init(self, handle):
        ...         self.count = handle.getValueState("count", "n long")
        ...     def handleInputRows(self, key, rows, timerValues):
        ...         n = sum(len(pdf) for pdf in rows) + (self.count.get() or (0,))[0]
        ...         self.count.update((n,))
        ...         yield pd.DataFrame({"id": [key[0]], "count": [n]})
        >>> df.groupBy("id").transformWithStateInPandas(
        ...     Count(), "id string, count long", "Update", "None")  # doctest: +SKIP
        """
        from rillet.errors import IllegalArgumentException
        from rillet.plan.ddl import parse_ddl_schema

        if initialState is not None and not isinstance(initialState, GroupedData):
            raise PySparkTypeError(
                f"initialState should be a GroupedData (df.groupBy(...)), got {type(initialState).__name__}"
            )
        modes = {"none": "None", "processingtime": "ProcessingTime", "eventtime": "EventTime"}
        time_mode = modes.get(str(timeMode).lower())
        if time_mode is None:
            raise IllegalArgumentException(
                errorClass="STATEFUL_PROCESSOR_UNKNOWN_TIME_MODE", messageParameters={"timeMode": str(timeMode)}
            )
        mode = str(outputMode).lower()
        if mode not in ("append", "update", "complete"):
            raise IllegalArgumentException(
                errorClass="STREAMING_OUTPUT_MODE.INVALID", messageParameters={"outputMode": outputMode}
            )
        out = parse_ddl_schema(outputStructType) if isinstance(outputStructType, str) else outputStructType
        plan = L.TransformWithStateInPandas(
            self._df._plan, self._grouping, statefulProcessor, L.attributes_for(out), mode, time_mode,
            initialState._df._plan if initialState is not None else None,
            initialState._grouping if initialState is not None else (),
        )
        return self._df._with(plan)

    def transformWithState(
        self,
        statefulProcessor: StatefulProcessor,
        outputStructType: T.StructType | str,
        outputMode: str,
        timeMode: str,
        initialState: GroupedData | None = None,
        eventTimeColumnName: str = "",
    ) -> DataFrame:
        """:meth:`transformWithStateInPandas` with PySpark 4.1's Row interface: the processor's
        ``handleInputRows(key, rows, timerValues)`` gets an iterator of ``Row`` and yields
        ``Row`` objects (by field name, or by position), ``handleInitialState`` gets one
        ``Row`` per call; state variables, timers and modes are the same."""
        from rillet.engine.stateful_processor import RowProcessor
        from rillet.plan.ddl import parse_ddl_schema

        out = parse_ddl_schema(outputStructType) if isinstance(outputStructType, str) else outputStructType
        return self.transformWithStateInPandas(
            RowProcessor(statefulProcessor, out), out, outputMode, timeMode, initialState, eventTimeColumnName
        )

    def count(self) -> DataFrame:
        """Rows per group, in a column named ``count``.

        Examples
        --------
        >>> df = spark.createDataFrame(
        ...      [(2, "Alice"), (3, "Alice"), (5, "Bob"), (10, "Bob")], ["age", "name"])
        >>> df.show()
        +---+-----+
        |age| name|
        +---+-----+
        |  2|Alice|
        |  3|Alice|
        |  5|  Bob|
        | 10|  Bob|
        +---+-----+

        Group-by name, and count each group.

        >>> df.groupBy(df.name).count().sort("name").show()
        +-----+-----+
        | name|count|
        +-----+-----+
        |Alice|    2|
        |  Bob|    2|
        +-----+-----+
        """
        return self._aggregate([Alias(UnresolvedFunction("count", (UnresolvedStar(),)), "count")])

    def _numeric(self, fn: str, cols: tuple[str, ...]) -> DataFrame:
        if cols:
            names = list(cols)
            numeric = {
                a.name for a in self._df._plan.output
                if isinstance(a.dtype, T.NumericType)
            }
            for c in names:
                if c not in numeric:
                    raise AnalysisException(
                        f"[UNRESOLVED_COLUMN.WITH_SUGGESTION] \"{c}\" is not a numeric column. "
                        "Aggregation function can only be applied on a numeric column.",
                        errorClass="NOT_NUMERIC_COLUMNS",
                    )
        else:
            names = [a.name for a in self._df._plan.output if isinstance(a.dtype, T.NumericType)]
        return self._aggregate([UnresolvedFunction(fn, (name_to_expr(n),)) for n in names])

    def sum(self, *cols: str) -> DataFrame:
        """Computes the sum for each numeric columns for each group.

        Parameters
        ----------
        cols : str
            column names. Non-numeric columns are ignored.

        Examples
        --------
        >>> df = spark.createDataFrame([
        ...     (2, "Alice", 80), (3, "Alice", 100),
        ...     (5, "Bob", 120), (10, "Bob", 140)], ["age", "name", "height"])
        >>> df.show()
        +---+-----+------+
        |age| name|height|
        +---+-----+------+
        |  2|Alice|    80|
        |  3|Alice|   100|
        |  5|  Bob|   120|
        | 10|  Bob|   140|
        +---+-----+------+

        Group-by name, and calculate the sum of the age in each group.

        >>> df.groupBy("name").sum("age").sort("name").show()
        +-----+--------+
        | name|sum(age)|
        +-----+--------+
        |Alice|       5|
        |  Bob|      15|
        +-----+--------+

        Calculate the sum of the age and height in all data.

        >>> df.groupBy().sum("age", "height").show()
        +--------+-----------+
        |sum(age)|sum(height)|
        +--------+-----------+
        |      20|        440|
        +--------+-----------+
        """
        return self._numeric("sum", cols)

    def avg(self, *cols: str) -> DataFrame:
        """Computes average values for each numeric columns for each group.

        :func:`mean` is an alias for :func:`avg`.

        Parameters
        ----------
        cols : str
            column names. Non-numeric columns are ignored.

        Examples
        --------
        >>> df = spark.createDataFrame([
        ...     (2, "Alice", 80), (3, "Alice", 100),
        ...     (5, "Bob", 120), (10, "Bob", 140)], ["age", "name", "height"])
        >>> df.show()
        +---+-----+------+
        |age| name|height|
        +---+-----+------+
        |  2|Alice|    80|
        |  3|Alice|   100|
        |  5|  Bob|   120|
        | 10|  Bob|   140|
        +---+-----+------+

        Group-by name, and calculate the mean of the age in each group.

        >>> df.groupBy("name").avg('age').sort("name").show()
        +-----+--------+
        | name|avg(age)|
        +-----+--------+
        |Alice|     2.5|
        |  Bob|     7.5|
        +-----+--------+

        Calculate the mean of the age and height in all data.

        >>> df.groupBy().avg('age', 'height').show()
        +--------+-----------+
        |avg(age)|avg(height)|
        +--------+-----------+
        |     5.0|      110.0|
        +--------+-----------+
        """
        return self._numeric("avg", cols)

    mean = avg

    def min(self, *cols: str) -> DataFrame:
        """Computes the min value for each numeric column for each group.

        Parameters
        ----------
        cols : str
            column names. Non-numeric columns are ignored.

        Examples
        --------
        >>> df = spark.createDataFrame([
        ...     (2, "Alice", 80), (3, "Alice", 100),
        ...     (5, "Bob", 120), (10, "Bob", 140)], ["age", "name", "height"])
        >>> df.show()
        +---+-----+------+
        |age| name|height|
        +---+-----+------+
        |  2|Alice|    80|
        |  3|Alice|   100|
        |  5|  Bob|   120|
        | 10|  Bob|   140|
        +---+-----+------+

        Group-by name, and calculate the min of the age in each group.

        >>> df.groupBy("name").min("age").sort("name").show()
        +-----+--------+
        | name|min(age)|
        +-----+--------+
        |Alice|       2|
        |  Bob|       5|
        +-----+--------+

        Calculate the min of the age and height in all data.

        >>> df.groupBy().min("age", "height").show()
        +--------+-----------+
        |min(age)|min(height)|
        +--------+-----------+
        |       2|         80|
        +--------+-----------+
        """
        return self._numeric("min", cols)

    def max(self, *cols: str) -> DataFrame:
        """Computes the max value for each numeric columns for each group.

        Examples
        --------
        >>> df = spark.createDataFrame([
        ...     (2, "Alice", 80), (3, "Alice", 100),
        ...     (5, "Bob", 120), (10, "Bob", 140)], ["age", "name", "height"])
        >>> df.show()
        +---+-----+------+
        |age| name|height|
        +---+-----+------+
        |  2|Alice|    80|
        |  3|Alice|   100|
        |  5|  Bob|   120|
        | 10|  Bob|   140|
        +---+-----+------+

        Group-by name, and calculate the max of the age in each group.

        >>> df.groupBy("name").max("age").sort("name").show()
        +-----+--------+
        | name|max(age)|
        +-----+--------+
        |Alice|       3|
        |  Bob|      10|
        +-----+--------+

        Calculate the max of the age and height in all data.

        >>> df.groupBy().max("age", "height").show()
        +--------+-----------+
        |max(age)|max(height)|
        +--------+-----------+
        |      10|        140|
        +--------+-----------+
        """
        return self._numeric("max", cols)
