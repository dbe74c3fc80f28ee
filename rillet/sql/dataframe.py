"""``DataFrame``: PySpark's DataFrame API over rillet's plan.

Transformations validate their input, build a plan node and return a new
DataFrame (analysis is eager, as in Spark classic, so a bad column name fails at
the call that used it). Actions hand the analyzed plan to :mod:`rillet.compute`.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Optional, Union

import pyarrow as pa

from rillet.errors import (
    AnalysisException,
    IllegalArgumentException,
    PySparkAttributeError,
    PySparkTypeError,
    PySparkValueError,
)
from rillet.plan import logical as L
from rillet.plan import types as T
from rillet.plan.expressions.core import (
    Alias,
    AttributeReference,
    Expression,
    SortOrder,
    UnresolvedAttribute,
    UnresolvedStar,
)
from rillet.sql.column import Column, _col_expr, name_to_expr
from rillet.sql.conversion import arrow_to_rows, arrow_type_as_pyspark, unique_struct_names
from rillet.sql.dataframe_na import _NO_VALUE, DataFrameNaFunctions, describe, summary

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pandas as pd

    from rillet.sql._typing import ColumnOrName, ColumnOrNameOrOrdinal, LiteralType, OptionalPrimitiveType
    from rillet.sql.group import GroupedData
    from rillet.sql.session import SparkSession
    from rillet.sql.streaming.readwriter import DataStreamWriter
    from rillet.sql.writer import DataFrameWriter

__all__ = ["DataFrame"]

_EXPLAIN_MODES = ("simple", "extended", "codegen", "cost", "formatted")


class DataFrame:
    """A distributed-collection-shaped view of a plan; see ``pyspark.sql.DataFrame``.

    Examples
    --------
    >>> from rillet.sql import SparkSession
    >>> spark = SparkSession.builder.getOrCreate()
    >>> spark.createDataFrame([(1, "a")], "id int, s string").columns
    ['id', 's']
    """

    def __init__(self, plan: L.LogicalPlan, session: SparkSession, analyzed: bool = False) -> None:
        self._session = session
        self._plan = plan if analyzed else session._analyze(plan)

    # ------------------------------------------------------------------ plumbing
    def _with(self, plan: L.LogicalPlan) -> DataFrame:
        return DataFrame(plan, self._session)

    def _check_not_streaming(self, method: str) -> None:
        if self._plan.is_streaming:
            sources = sorted({n.source for n in self._plan.walk() if isinstance(n, L.StreamingRelation)})
            raise AnalysisException(
                errorClass="_LEGACY_ERROR_TEMP_3102",
                messageParameters={
                    "msg": "Queries with streaming sources must be executed with "
                    "writeStream.start();\n" + "\n".join(sources)
                },
            )

    def _execute(self, plan: L.LogicalPlan | None = None) -> pa.Table:
        self._check_not_streaming("collect")
        return self._session._execute(plan if plan is not None else self._plan)

    @property
    def sparkSession(self) -> SparkSession:
        """Returns Spark session that created this :class:`DataFrame`.

        Returns
        -------
        :class:`SparkSession`

        Examples
        --------
        >>> df = spark.range(1)
        >>> type(df.sparkSession)
        <class '...session.SparkSession'>
        """
        return self._session

    @property
    def isStreaming(self) -> bool:
        """True when the plan reads a stream (``spark.readStream``).

        Returns
        -------
        bool
            Whether it's streaming DataFrame or not.

        Examples
        --------
        >>> df = spark.readStream.format("rate").load()
        >>> df.isStreaming
        True
        """
        return self._plan.is_streaming

    # ------------------------------------------------------------------ schema
    @property
    def schema(self) -> T.StructType:
        """Returns the schema of this :class:`DataFrame` as a :class:`rillet.sql.types.StructType`.

        Returns
        -------
        :class:`StructType`

        Examples
        --------
        Example 1: Retrieve the inferred schema of the current DataFrame.

        >>> df = spark.createDataFrame(
        ...     [(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
        >>> df.schema
        StructType([StructField('age', LongType(), True),
                    StructField('name', StringType(), True)])

        Example 2: Retrieve the schema of the current DataFrame (DDL-formatted schema).

        >>> df = spark.createDataFrame(
        ...     [(14, "Tom"), (23, "Alice"), (16, "Bob")],
        ...     "age INT, name STRING")
        >>> df.schema
        StructType([StructField('age', IntegerType(), True),
                    StructField('name', StringType(), True)])
        """
        return self._plan.schema

    @property
    def columns(self) -> list[str]:
        """Retrieves the names of all columns in the :class:`DataFrame` as a list.

        The order of the column names in the list reflects their order in the DataFrame.

        Returns
        -------
        list
            List of column names in the DataFrame.

        Examples
        --------
        Example 1: Retrieve column names of a DataFrame

        >>> df = spark.createDataFrame(
        ...     [(14, "Tom", "CA"), (23, "Alice", "NY"), (16, "Bob", "TX")],
        ...     ["age", "name", "state"]
        ... )
        >>> df.columns
        ['age', 'name', 'state']
        """
        return [a.name for a in self._plan.output]

    @property
    def dtypes(self) -> list[tuple[str, str]]:
        """Returns all column names and their data types as a list.

        Returns
        -------
        list
            List of columns as tuple pairs.

        Examples
        --------
        >>> df = spark.createDataFrame(
        ...     [(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
        >>> df.dtypes
        [('age', 'bigint'), ('name', 'string')]
        """
        return [(a.name, a.dtype.simpleString()) for a in self._plan.output]

    def printSchema(self, level: int | None = None) -> None:
        # PySpark prints the tree (which ends in a newline) with print(): a blank line follows
        """Prints out the schema in the tree format.
        Optionally allows to specify how many levels to print if schema is nested.

        Parameters
        ----------
        level : int, optional
            How many levels to print for nested schemas.

        Examples
        --------
        Example 1: Printing the schema of a DataFrame with basic columns

        >>> df = spark.createDataFrame(
        ...     [(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
        >>> df.printSchema()
        root
         |-- age: long (nullable = true)
         |-- name: string (nullable = true)

        Example 2: Printing the schema with a specified level for nested columns

        >>> df = spark.createDataFrame([(1, (2, 2))], ["a", "b"])
        >>> df.printSchema(1)
        root
         |-- a: long (nullable = true)
         |-- b: struct (nullable = true)
        """
        print(self.schema.treeString(level) if level else self.schema.treeString())

    def __getitem__(self, item: Any) -> Any:
        if isinstance(item, str):
            return Column(self._resolve_name(item))
        if isinstance(item, int):
            return Column(self._plan.output[item])
        if isinstance(item, Column):
            return self.filter(item)
        if isinstance(item, (list, tuple)):
            return self.select(*item)
        raise PySparkTypeError(
            errorClass="NOT_COLUMN_OR_INT_OR_LIST_OR_STR_OR_TUPLE",
            messageParameters={"arg_name": "item", "arg_type": type(item).__name__},
        )

    def __getattr__(self, name: str) -> Column:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self.columns:
            raise PySparkAttributeError(
                f"[ATTRIBUTE_NOT_SUPPORTED] Attribute `{name}` is not supported.",
                errorClass="ATTRIBUTE_NOT_SUPPORTED",
                messageParameters={"attr_name": name},
            )
        return Column(self._resolve_name(name))

    def _resolve_name(self, name: str) -> Expression:
        if name == "*":
            return UnresolvedStar()
        from rillet.plan.analyzer import Scope
        from rillet.plan.analyzer.expressions import resolve_top_level

        expr = name_to_expr(name)
        return resolve_top_level(expr, Scope(self._plan.output, self._session._case_sensitive))

    # ------------------------------------------------------------------ projection
    def _exprs(self, cols: Sequence[Any]) -> tuple[Expression, ...]:
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = cols[0]
        return tuple(_col_expr(c, "cols") for c in cols)

    def select(self, *cols: ColumnOrName) -> DataFrame:
        """Project a set of expressions: ``df.select("a", F.col("b") + 1)``.

        Parameters
        ----------
        cols : str, :class:`Column`, or list
            column names (string) or expressions (:class:`Column`).
            If one of the column names is '*', that column is expanded to include all columns
            in the current :class:`DataFrame`.

        Returns
        -------
        :class:`DataFrame`
            A DataFrame with subset (or all) of columns.

        Examples
        --------
        >>> df = spark.createDataFrame([
        ...     (2, "Alice"), (5, "Bob")], schema=["age", "name"])

        Select all columns in the DataFrame.

        >>> df.select('*').show()
        +---+-----+
        |age| name|
        +---+-----+
        |  2|Alice|
        |  5|  Bob|
        +---+-----+

        Select a column with other expressions in the DataFrame.

        >>> df.select(df.name, (df.age + 10).alias('age')).show()
        +-----+---+
        | name|age|
        +-----+---+
        |Alice| 12|
        |  Bob| 15|
        +-----+---+
        """
        return self._with(L.Project(self._plan, self._exprs(cols)))

    def selectExpr(self, *expr: str) -> DataFrame:
        """Projects a set of SQL expressions and returns a new :class:`DataFrame`.

        This is a variant of :func:`select` that accepts SQL expressions.

        Returns
        -------
        :class:`DataFrame`
            A DataFrame with new/old columns transformed by expressions.

        Examples
        --------
        >>> df = spark.createDataFrame([
        ...     (2, "Alice"), (5, "Bob")], schema=["age", "name"])
        >>> df.selectExpr("age * 2", "abs(age)").show()
        +---------+--------+
        |(age * 2)|abs(age)|
        +---------+--------+
        |        4|       2|
        |       10|       5|
        +---------+--------+
        """
        from rillet.plan.sql_parser import parse_expression

        if len(expr) == 1 and isinstance(expr[0], list):
            expr = tuple(expr[0])
        return self._with(L.Project(self._plan, tuple(parse_expression(e) for e in expr)))

    def filter(self, condition: Column | str) -> DataFrame:
        """Keep rows where ``condition`` is true (a Column or a SQL string).

        Parameters
        ----------
        condition : :class:`Column` or str
            A :class:`Column` of :class:`types.BooleanType`
            or a string of SQL expressions.

        Returns
        -------
        :class:`DataFrame`
            A new DataFrame with rows that satisfy the condition.

        Examples
        --------
        >>> df = spark.createDataFrame([
        ...     (2, "Alice", "Math"), (5, "Bob", "Physics"), (7, "Charlie", "Chemistry")],
        ...     schema=["age", "name", "subject"])

        Filter by :class:`Column` instances.

        >>> df.filter(df.age > 3).show()
        +---+-------+---------+
        |age|   name|  subject|
        +---+-------+---------+
        |  5|    Bob|  Physics|
        |  7|Charlie|Chemistry|
        +---+-------+---------+
        >>> df.where(df.age == 2).show()
        +---+-----+-------+
        |age| name|subject|
        +---+-----+-------+
        |  2|Alice|   Math|
        +---+-----+-------+

        Filter by SQL expression in a string.

        >>> df.filter("age > 3").show()
        +---+-------+---------+
        |age|   name|  subject|
        +---+-------+---------+
        |  5|    Bob|  Physics|
        |  7|Charlie|Chemistry|
        +---+-------+---------+
        >>> df.where("age = 2").show()
        +---+-----+-------+
        |age| name|subject|
        +---+-----+-------+
        |  2|Alice|   Math|
        +---+-----+-------+

        Filter by multiple conditions.

        >>> df.filter((df.age > 3) & (df.subject == "Physics")).show()
        +---+----+-------+
        |age|name|subject|
        +---+----+-------+
        |  5| Bob|Physics|
        +---+----+-------+
        >>> df.filter((df.age == 2) | (df.subject == "Chemistry")).show()
        +---+-------+---------+
        |age|   name|  subject|
        +---+-------+---------+
        |  2|  Alice|     Math|
        |  7|Charlie|Chemistry|
        +---+-------+---------+

        Filter by multiple conditions using SQL expression.

        >>> df.filter("age > 3 AND name = 'Bob'").show()
        +---+----+-------+
        |age|name|subject|
        +---+----+-------+
        |  5| Bob|Physics|
        +---+----+-------+

        Filter using the :func:`Column.isin` function.

        >>> df.filter(df.name.isin("Alice", "Bob")).show()
        +---+-----+-------+
        |age| name|subject|
        +---+-----+-------+
        |  2|Alice|   Math|
        |  5|  Bob|Physics|
        +---+-----+-------+

        Filter by a list of values using the :func:`Column.isin` function.

        >>> df.filter(df.subject.isin(["Math", "Physics"])).show()
        +---+-----+-------+
        |age| name|subject|
        +---+-----+-------+
        |  2|Alice|   Math|
        |  5|  Bob|Physics|
        +---+-----+-------+

        Filter using the `~` operator to exclude certain values.

        >>> df.filter(~df.name.isin(["Alice", "Charlie"])).show()
        +---+----+-------+
        |age|name|subject|
        +---+----+-------+
        |  5| Bob|Physics|
        +---+----+-------+

        Filter using the :func:`Column.isNotNull` function.

        >>> df.filter(df.name.isNotNull()).show()
        +---+-------+---------+
        |age|   name|  subject|
        +---+-------+---------+
        |  2|  Alice|     Math|
        |  5|    Bob|  Physics|
        |  7|Charlie|Chemistry|
        +---+-------+---------+

        Filter using the :func:`Column.like` function.

        >>> df.filter(df.name.like("Al%")).show()
        +---+-----+-------+
        |age| name|subject|
        +---+-----+-------+
        |  2|Alice|   Math|
        +---+-----+-------+

        Filter using the :func:`Column.contains` function.

        >>> df.filter(df.name.contains("i")).show()
        +---+-------+---------+
        |age|   name|  subject|
        +---+-------+---------+
        |  2|  Alice|     Math|
        |  7|Charlie|Chemistry|
        +---+-------+---------+

        Filter using the :func:`Column.between` function.

        >>> df.filter(df.age.between(2, 5)).show()
        +---+-----+-------+
        |age| name|subject|
        +---+-----+-------+
        |  2|Alice|   Math|
        |  5|  Bob|Physics|
        +---+-----+-------+
        """
        if isinstance(condition, str):
            from rillet.plan.sql_parser import parse_expression

            cond = parse_expression(condition)
        elif isinstance(condition, Column):
            cond = condition._expr
        else:
            raise PySparkTypeError(
                errorClass="NOT_COLUMN_OR_STR",
                messageParameters={"arg_name": "condition", "arg_type": type(condition).__name__},
            )
        return self._with(L.Filter(self._plan, cond))

    where = filter

    def withColumns(self, *colsMap: dict[str, Column]) -> DataFrame:
        """Returns a new :class:`DataFrame` by adding multiple columns or replacing the
        existing columns that have the same names.

        The colsMap is a map of column name and column, the column must only refer to attributes
        supplied by this Dataset. It is an error to add columns that refer to some other Dataset.

        Parameters
        ----------
        colsMap : dict
            a dict of column name and :class:`Column`. Currently, only a single map is supported.

        Returns
        -------
        :class:`DataFrame`
            DataFrame with new or replaced columns.

        Examples
        --------
        >>> df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], schema=["age", "name"])
        >>> df.withColumns({'age2': df.age + 2, 'age3': df.age + 3}).show()
        +---+-----+----+----+
        |age| name|age2|age3|
        +---+-----+----+----+
        |  2|Alice|   4|   5|
        |  5|  Bob|   7|   8|
        +---+-----+----+----+
        """
        if len(colsMap) != 1 or not isinstance(colsMap[0], dict):
            raise PySparkTypeError(
                errorClass="NOT_DICT",
                messageParameters={"arg_name": "colsMap", "arg_type": type(colsMap).__name__},
            )
        mapping = colsMap[0]
        lower = {k.lower(): k for k in mapping}
        exprs: list[Expression] = []
        replaced: set[str] = set()
        for a in self._plan.output:
            key = lower.get(a.name.lower())
            if key is not None:
                exprs.append(Alias(_to_column(mapping[key], key)._expr, key))
                replaced.add(key)
            else:
                exprs.append(a)
        for k, v in mapping.items():
            if k not in replaced:
                exprs.append(Alias(_to_column(v, k)._expr, k))
        return self._with(L.Project(self._plan, tuple(exprs)))

    def withColumn(self, colName: str, col: Column) -> DataFrame:
        """Add or replace a column.

        Parameters
        ----------
        colName : str
            string, name of the new column.
        col : :class:`Column`
            a :class:`Column` expression for the new column.

        Returns
        -------
        :class:`DataFrame`
            DataFrame with new or replaced column.

        Examples
        --------
        >>> df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], schema=["age", "name"])
        >>> df.withColumn('age2', df.age + 2).show()
        +---+-----+----+
        |age| name|age2|
        +---+-----+----+
        |  2|Alice|   4|
        |  5|  Bob|   7|
        +---+-----+----+
        """
        if not isinstance(col, Column):
            raise PySparkTypeError(
                errorClass="NOT_COLUMN",
                messageParameters={"arg_name": "col", "arg_type": type(col).__name__},
            )
        return self.withColumns({colName: col})

    def withColumnRenamed(self, existing: str, new: str) -> DataFrame:
        """Returns a new :class:`DataFrame` by renaming an existing column.
        This is a no-op if the schema doesn't contain the given column name.

        Parameters
        ----------
        existing : str
            The name of the existing column to be renamed.
        new : str
            The new name to be assigned to the column.

        Returns
        -------
        :class:`DataFrame`
            A new DataFrame with renamed column.

        Examples
        --------
        Example 1: Rename a single column

        >>> df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], schema=["age", "name"])
        >>> df.withColumnRenamed("age", "age2").show()
        +----+-----+
        |age2| name|
        +----+-----+
        |   2|Alice|
        |   5|  Bob|
        +----+-----+

        Example 2: Rename a column that does not exist (no-op)

        >>> df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], schema=["age", "name"])
        >>> df.withColumnRenamed("non_existing", "new_name").show()
        +---+-----+
        |age| name|
        +---+-----+
        |  2|Alice|
        |  5|  Bob|
        +---+-----+
        """
        return self.withColumnsRenamed({existing: new})

    def withColumnsRenamed(self, colsMap: dict[str, str]) -> DataFrame:
        """Returns a new :class:`DataFrame` by renaming multiple columns.
        This is a no-op if the schema doesn't contain the given column names.

        Parameters
        ----------
        colsMap : dict
            A dict of existing column names and corresponding desired column names.
            Currently, only a single map is supported.

        Returns
        -------
        :class:`DataFrame`
            DataFrame with renamed columns.

        Examples
        --------
        Example 1: Rename a single column

        >>> df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], schema=["age", "name"])
        >>> df.withColumnsRenamed({"age": "age2"}).show()
        +----+-----+
        |age2| name|
        +----+-----+
        |   2|Alice|
        |   5|  Bob|
        +----+-----+

        Example 2: Rename multiple columns

        >>> df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], schema=["age", "name"])
        >>> df.withColumnsRenamed({"age": "age2", "name": "name2"}).show()
        +----+-----+
        |age2|name2|
        +----+-----+
        |   2|Alice|
        |   5|  Bob|
        +----+-----+
        """
        lower = {k.lower(): v for k, v in colsMap.items()}
        if not any(a.name.lower() in lower for a in self._plan.output):
            return self
        exprs = [
            Alias(a, lower[a.name.lower()]) if a.name.lower() in lower else a for a in self._plan.output
        ]
        return self._with(L.Project(self._plan, tuple(exprs)))

    def drop(self, *cols: ColumnOrName) -> DataFrame:
        """Returns a new :class:`DataFrame` without specified columns.
        This is a no-op if the schema doesn't contain the given column name(s).

        Parameters
        ----------
        cols: str or :class:`Column`
            A name of the column, or the :class:`Column` to be dropped.

        Returns
        -------
        :class:`DataFrame`
            A new :class:`DataFrame` without the specified columns.

        Examples
        --------
        Example 1: Drop a column by name.

        >>> df = spark.createDataFrame(
        ...     [(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
        >>> df.drop('age').show()
        +-----+
        | name|
        +-----+
        |  Tom|
        |Alice|
        |  Bob|
        +-----+
        """
        drop_ids: set[int] = set()
        for c in cols:
            if isinstance(c, str):
                drop_ids |= {a.expr_id for a in self._plan.output if a.name.lower() == c.lower()}
            elif isinstance(c, Column):
                e = c._expr
                if isinstance(e, UnresolvedAttribute):
                    try:
                        e = self._resolve_name(e.name)
                    except AnalysisException:
                        continue
                if isinstance(e, Alias):  # df["ID"] is the column id, as the user spelled it
                    e = e.child
                if isinstance(e, AttributeReference):
                    drop_ids.add(e.expr_id)
            else:
                raise PySparkTypeError(
                    errorClass="NOT_COLUMN_OR_STR",
                    messageParameters={"arg_name": "col", "arg_type": type(c).__name__},
                )
        keep = tuple(a for a in self._plan.output if a.expr_id not in drop_ids)
        return self._with(L.Project(self._plan, keep))

    def toDF(self, *cols: str) -> DataFrame:
        """Returns a new :class:`DataFrame` that with new specified column names

        Parameters
        ----------
        *cols : tuple
            a tuple of string new column name. The length of the
            list needs to be the same as the number of columns in the initial
            :class:`DataFrame`

        Returns
        -------
        :class:`DataFrame`
            DataFrame with new column names.

        Examples
        --------
        >>> df = spark.createDataFrame([(14, "Tom"), (23, "Alice"),
        ...     (16, "Bob")], ["age", "name"])
        >>> df.toDF('f1', 'f2').show()
        +---+-----+
        | f1|   f2|
        +---+-----+
        | 14|  Tom|
        | 23|Alice|
        | 16|  Bob|
        +---+-----+
        """
        if len(cols) != len(self._plan.output):
            raise PySparkValueError(
                f"[LENGTH_SHOULD_BE_THE_SAME] Number of column names ({len(cols)}) does not match "
                f"the number of columns ({len(self._plan.output)})."
            )
        exprs = tuple(Alias(a, n) for a, n in zip(self._plan.output, cols))
        return self._with(L.Project(self._plan, exprs))

    def alias(self, alias: str) -> DataFrame:
        """Returns a new :class:`DataFrame` with an alias set.

        Parameters
        ----------
        alias : str
            an alias name to be set for the :class:`DataFrame`.

        Returns
        -------
        :class:`DataFrame`
            Aliased DataFrame.

        Examples
        --------
        >>> df = spark.createDataFrame(
        ...     [(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
        >>> df_as1 = df.alias("df_as1")
        >>> df_as2 = df.alias("df_as2")
        >>> joined_df = df_as1.join(df_as2, F.col("df_as1.name") == F.col("df_as2.name"), 'inner')
        >>> joined_df.select(
        ...     "df_as1.name", "df_as2.name", "df_as2.age").sort(F.desc("df_as1.name")).show()
        +-----+-----+---+
        | name| name|age|
        +-----+-----+---+
        |  Tom|  Tom| 14|
        |  Bob|  Bob| 16|
        |Alice|Alice| 23|
        +-----+-----+---+
        """
        return self._with(L.SubqueryAlias(self._plan, alias))

    def transform(self, func: Callable[..., DataFrame], *args: Any, **kwargs: Any) -> DataFrame:
        """Returns a new :class:`DataFrame`. Concise syntax for chaining custom transformations.

        Parameters
        ----------
        func : function
            a function that takes and returns a :class:`DataFrame`.
        *args
            Positional arguments to pass to func.

        **kwargs
            Keyword arguments to pass to func.

        Returns
        -------
        :class:`DataFrame`
            Transformed DataFrame.

        Examples
        --------
        >>> df = spark.createDataFrame([(1, 1.0), (2, 2.0)], ["int", "float"])
        >>> def cast_all_to_int(input_df):
        ...     return input_df.select([F.col(col_name).cast("int") for col_name in input_df.columns])
        ...
        >>> def sort_columns_asc(input_df):
        ...     return input_df.select(*sorted(input_df.columns))
        ...
        >>> df.transform(cast_all_to_int).transform(sort_columns_asc).show()
        +-----+---+
        |float|int|
        +-----+---+
        |    1|  1|
        |    2|  2|
        +-----+---+

        >>> def add_n(input_df, n):
        ...     return input_df.select([(F.col(col_name) + n).alias(col_name)
        ...                             for col_name in input_df.columns])
        >>> df.transform(add_n, 1).transform(add_n, n=10).show()
        +---+-----+
        |int|float|
        +---+-----+
        | 12| 12.0|
        | 13| 13.0|
        +---+-----+
        """
        result = func(self, *args, **kwargs)
        if not isinstance(result, DataFrame):
            raise PySparkTypeError(
                f"Func returned an instance of type [{type(result)}], should have been DataFrame."
            )
        return result

    # ------------------------------------------------------------------ missing data, summaries
    @property
    def na(self) -> DataFrameNaFunctions:
        """Missing-value functions: ``df.na.drop()``, ``df.na.fill(0)``, ``df.na.replace(...)``.

        Returns
        -------
        :class:`DataFrameNaFunctions`

        Examples
        --------
        >>> df = spark.createDataFrame([(1, None), (None, "b")], "x int, s string")
        >>> df.na.fill(0).show()
        +---+----+
        |  x|   s|
        +---+----+
        |  1|NULL|
        |  0|   b|
        +---+----+
        """
        return DataFrameNaFunctions(self)

    def dropna(self, how: str = "any", thresh: int | None = None, subset: Union[str, tuple[str, ...], list[str], None] = None) -> DataFrame:
        """Drop rows with nulls (NaN counts as null): ``how`` any/all, or fewer than ``thresh`` values.

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
        return self.na.drop(how, thresh, subset)

    def fillna(self, value: Union[LiteralType, dict[str, LiteralType]], subset: Union[str, tuple[str, ...], list[str], None] = None) -> DataFrame:
        """Replace nulls (and NaN in float columns) in the columns whose type matches ``value``.

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
        return self.na.fill(value, subset)

    def replace(self, to_replace: Union[LiteralType, list[LiteralType], dict[LiteralType, OptionalPrimitiveType]], value: Any = _NO_VALUE, subset: Optional[list[str]] = None) -> DataFrame:
        """Replace values: ``replace("a", "b")``, ``replace([1, 2], [10, 20])``, ``replace({...})``.

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
        return self.na.replace(to_replace, value, subset)

    def describe(self, *cols: Union[str, list[str]]) -> DataFrame:
        """count, mean, stddev, min, max of numeric and string columns, as strings.

        Parameters
        ----------
        cols : str, list, optional
             Column name or list of column names to describe by (default All columns).

        Returns
        -------
        :class:`DataFrame`
            A new DataFrame that describes (provides statistics) given DataFrame.

        Examples
        --------
        >>> df = spark.createDataFrame(
        ...     [("Bob", 13, 40.3, 150.5), ("Alice", 12, 37.8, 142.3), ("Tom", 11, 44.1, 142.2)],
        ...     ["name", "age", "weight", "height"],
        ... )
        >>> df.describe(['age']).show()
        +-------+----+
        |summary| age|
        +-------+----+
        |  count|   3|
        |   mean|12.0|
        | stddev| 1.0|
        |    min|  11|
        |    max|  13|
        +-------+----+
        """
        return describe(self, cols)

    def summary(self, *statistics: str) -> DataFrame:
        """``describe`` with approximate percentiles; ``summary("count", "50%")`` picks statistics.

        Parameters
        ----------
        statistics : str, optional
             Column names to calculate statistics by (default All columns).

        Returns
        -------
        :class:`DataFrame`
            A new DataFrame that provides statistics for the given DataFrame.

        Examples
        --------
        >>> df = spark.createDataFrame([(1, 10.0), (2, 20.0), (3, 30.0)], ["id", "v"])
        >>> df.summary("count", "min", "max").show()
        +-------+---+----+
        |summary| id|   v|
        +-------+---+----+
        |  count|  3|   3|
        |    min|  1|10.0|
        |    max|  3|30.0|
        +-------+---+----+
        """
        return summary(self, statistics)

    def sample(
        self, withReplacement: Union[float, bool, None] = None, fraction: Union[int, float, None] = None, seed: int | None = None
    ) -> DataFrame:
        """A random sample: each row kept with probability ``fraction``.

        Which rows are kept differs from Spark's (its sampler runs per partition, with
        its own generator): the size and the determinism for a given seed match.

        Parameters
        ----------
        withReplacement : bool, optional
            Sample with replacement or not (default ``False``).
        fraction : float, optional
            Fraction of rows to generate, range [0.0, 1.0].
        seed : int, optional
            Seed for sampling (default a random seed).

        Returns
        -------
        :class:`DataFrame`
            Sampled rows from given DataFrame.

        Examples
        --------
        >>> spark.range(100).sample(fraction=1.0).count()
        100
        """
        if isinstance(withReplacement, float) and fraction is None:
            withReplacement, fraction = None, withReplacement
        elif isinstance(withReplacement, float) and isinstance(fraction, int):
            withReplacement, fraction, seed = None, withReplacement, fraction
        if not isinstance(fraction, (int, float)) or isinstance(fraction, bool):
            raise PySparkTypeError(
                errorClass="NOT_FLOAT",
                messageParameters={"arg_name": "fraction", "arg_type": type(fraction).__name__},
            )
        if fraction < 0:
            raise IllegalArgumentException(
                f"requirement failed: Sampling fraction ({float(fraction)}) must be on interval [0, 1]"
            )
        if seed is None:
            seed = random.getrandbits(63)
        return self._with(L.Sample(self._plan, float(fraction), int(seed), bool(withReplacement)))

    def colRegex(self, colName: str) -> Column:
        """The columns whose names match the (backquoted) Java regex ``colName``.

        Parameters
        ----------
        colName : str
            string, column name specified as a regex.

        Returns
        -------
        :class:`Column`

        Examples
        --------
        >>> df = spark.createDataFrame([("a", 1), ("b", 2), ("c",  3)], ["Col1", "Col2"])
        >>> df.select(df.colRegex("`(Col1)?+.+`")).show()
        +----+
        |Col2|
        +----+
        |   1|
        |   2|
        |   3|
        +----+
        """
        if not isinstance(colName, str):
            raise PySparkTypeError(
                errorClass="NOT_STR", messageParameters={"arg_name": "colName", "arg_type": type(colName).__name__}
            )
        from rillet.plan.expressions.regex import UnresolvedRegex

        pattern = colName[1:-1] if colName.startswith("`") and colName.endswith("`") else colName
        return Column(UnresolvedRegex(pattern))

    # ------------------------------------------------------------------ relational
    def groupBy(self, *cols: ColumnOrNameOrOrdinal) -> GroupedData:
        """Groups the :class:`DataFrame` by the specified columns so that aggregation
        can be performed on them.
        See :class:`GroupedData` for all the available aggregate functions.

        :func:`groupby` is an alias for :func:`groupBy`.

        Parameters
        ----------
        cols : list, str, int or :class:`Column`
            The columns to group by.
            Each element can be a column name (string) or an expression (:class:`Column`)
            or a column ordinal (int, 1-based) or list of them.

               Supports column ordinal.

        Returns
        -------
        :class:`GroupedData`
            A :class:`GroupedData` object representing the grouped data by the specified columns.

        Examples
        --------
        Example 1: Empty grouping columns triggers a global aggregation.

        >>> df = spark.createDataFrame([
        ...     ("Alice", 2), ("Bob", 2), ("Bob", 2), ("Bob", 5)], schema=["name", "age"])
        >>> df.groupBy().avg().show()
        +--------+
        |avg(age)|
        +--------+
        |    2.75|
        +--------+

        Example 2: Group-by 'name', and specify a dictionary to calculate the summation of 'age'.

        >>> df = spark.createDataFrame([
        ...     ("Alice", 2), ("Bob", 2), ("Bob", 2), ("Bob", 5)], schema=["name", "age"])
        >>> df.groupBy("name").agg({"age": "sum"}).sort("name").show()
        +-----+--------+
        | name|sum(age)|
        +-----+--------+
        |Alice|       2|
        |  Bob|       9|
        +-----+--------+
        """
        from rillet.sql.group import GroupedData

        return GroupedData(self, self._exprs(cols) if cols else ())

    groupby = groupBy

    def agg(self, *exprs: Union[Column, dict[str, str]]) -> DataFrame:
        """Aggregate on the entire :class:`DataFrame` without groups
        (shorthand for ``df.groupBy().agg()``).

        Parameters
        ----------
        exprs : :class:`Column` or dict of key and value strings
            Columns or expressions to aggregate DataFrame by.

        Returns
        -------
        :class:`DataFrame`
            Aggregated DataFrame.

        Examples
        --------
        >>> df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], schema=["age", "name"])
        >>> df.agg({"age": "max"}).show()
        +--------+
        |max(age)|
        +--------+
        |       5|
        +--------+
        >>> df.agg(F.min(df.age)).show()
        +--------+
        |min(age)|
        +--------+
        |       2|
        +--------+
        """
        return self.groupBy().agg(*exprs)

    def orderBy(self, *cols: Union[int, str, Column, list[Union[int, str, Column]]], ascending: bool | list[bool] | None = None) -> DataFrame:
        """Returns a new :class:`DataFrame` sorted by the specified column(s).

        Parameters
        ----------
        cols : int, str, list, or :class:`Column`, optional
             list of :class:`Column` or column names or column ordinals to sort by.

               Supports column ordinal.

        Returns
        -------
        :class:`DataFrame`
            Sorted DataFrame.

        Examples
        --------
        >>> df = spark.createDataFrame([(2, "Alice"), (5, "Bob"), (5, "Carol")], ["age", "name"])
        >>> df.orderBy(F.desc("age"), "name").show()
        +---+-----+
        |age| name|
        +---+-----+
        |  5|  Bob|
        |  5|Carol|
        |  2|Alice|
        +---+-----+
        """
        orders = _sort_orders(self._exprs(cols), ascending)
        return self._with(L.Sort(self._plan, orders))

    sort = orderBy

    def limit(self, num: int) -> DataFrame:
        """Limits the result count to the number specified.

        Parameters
        ----------
        num : int
            Number of records to return. Will return this number of records
            or all records if the DataFrame contains less than this number of records.

        Returns
        -------
        :class:`DataFrame`
            Subset of the records

        Examples
        --------
        >>> df = spark.createDataFrame(
        ...     [(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
        >>> df.limit(1).show()
        +---+----+
        |age|name|
        +---+----+
        | 14| Tom|
        +---+----+
        >>> df.limit(0).show()
        +---+----+
        |age|name|
        +---+----+
        +---+----+
        """
        return self._with(L.Limit(self._plan, int(num)))

    def offset(self, num: int) -> DataFrame:
        """Returns a new :class:`DataFrame` by skipping the first ``num`` rows.

        Parameters
        ----------
        num : int
            Number of records to skip.

        Returns
        -------
        :class:`DataFrame`
            Subset of the records
        """
        return self._with(L.Limit(self._plan, sys.maxsize, int(num)))

    def distinct(self) -> DataFrame:
        """Returns a new :class:`DataFrame` containing the distinct rows in this :class:`DataFrame`.

        Returns
        -------
        :class:`DataFrame`
            DataFrame with distinct records.

        Examples
        --------
        Remove duplicate rows from a DataFrame

        >>> df = spark.createDataFrame(
        ...     [(14, "Tom"), (23, "Alice"), (23, "Alice")], ["age", "name"])
        >>> df.distinct().show()
        +---+-----+
        |age| name|
        +---+-----+
        | 14|  Tom|
        | 23|Alice|
        +---+-----+

        Count the number of distinct rows in a DataFrame

        >>> df.distinct().count()
        2

        Get distinct rows from a DataFrame with multiple columns

        >>> df = spark.createDataFrame(
        ...     [(14, "Tom", "M"), (23, "Alice", "F"), (23, "Alice", "F"), (14, "Tom", "M")],
        ...     ["age", "name", "gender"])
        >>> df.distinct().show()
        +---+-----+------+
        |age| name|gender|
        +---+-----+------+
        | 14|  Tom|     M|
        | 23|Alice|     F|
        +---+-----+------+

        Get distinct values from a specific column in a DataFrame

        >>> df.select("name").distinct().show()
        +-----+
        | name|
        +-----+
        |  Tom|
        |Alice|
        +-----+

        Count the number of distinct values in a specific column

        >>> df.select("name").distinct().count()
        2

        Get distinct values from multiple columns in DataFrame

        >>> df.select("name", "gender").distinct().show()
        +-----+------+
        | name|gender|
        +-----+------+
        |  Tom|     M|
        |Alice|     F|
        +-----+------+

        Get distinct rows from a DataFrame with null values

        >>> df = spark.createDataFrame(
        ...     [(14, "Tom", "M"), (23, "Alice", "F"), (23, "Alice", "F"), (14, "Tom", None)],
        ...     ["age", "name", "gender"])
        >>> df.distinct().show()
        +---+-----+------+
        |age| name|gender|
        +---+-----+------+
        | 14|  Tom|     M|
        | 23|Alice|     F|
        | 14|  Tom|  NULL|
        +---+-----+------+

        Get distinct non-null values from a DataFrame

        >>> df.distinct().filter(df.gender.isNotNull()).show()
        +---+-----+------+
        |age| name|gender|
        +---+-----+------+
        | 14|  Tom|     M|
        | 23|Alice|     F|
        +---+-----+------+
        """
        return self._with(L.Distinct(self._plan))

    def dropDuplicates(self, subset: list[str] | None = None) -> DataFrame:
        """Return a new :class:`DataFrame` with duplicate rows removed,
        optionally only considering certain columns.

        For a static batch :class:`DataFrame`, it just drops duplicate rows. For a streaming
        :class:`DataFrame`, it will keep all data across triggers as intermediate state to drop
        duplicates rows. You can use :func:`withWatermark` to limit how late the duplicate data can
        be and the system will accordingly limit the state. In addition, data older than
        watermark will be dropped to avoid any possibility of duplicates.

        :func:`drop_duplicates` is an alias for :func:`dropDuplicates`.

        Parameters
        ----------
        subset : list of column names, optional
            List of columns to use for duplicate comparison (default All columns).

        Returns
        -------
        :class:`DataFrame`
            DataFrame without duplicates.

        Examples
        --------
        >>> from rillet.sql import Row
        >>> df = spark.createDataFrame([
        ...     Row(name='Alice', age=5, height=80),
        ...     Row(name='Alice', age=5, height=80),
        ...     Row(name='Alice', age=10, height=80)
        ... ])

        Deduplicate the same rows.

        >>> df.dropDuplicates().show()
        +-----+---+------+
        | name|age|height|
        +-----+---+------+
        |Alice|  5|    80|
        |Alice| 10|    80|
        +-----+---+------+

        Deduplicate values on 'name' and 'height' columns.

        >>> df.dropDuplicates(['name', 'height']).show()
        +-----+---+------+
        | name|age|height|
        +-----+---+------+
        |Alice|  5|    80|
        +-----+---+------+
        """
        keys = tuple(name_to_expr(c) for c in subset) if subset else ()
        return self._with(L.Deduplicate(self._plan, keys))

    drop_duplicates = dropDuplicates

    def dropDuplicatesWithinWatermark(self, subset: list[str] | None = None) -> DataFrame:
        """Return a new :class:`DataFrame` with duplicate rows removed, optionally only
        considering certain columns, within the watermark.

        A key is kept in state until the watermark passes the event time of its first
        row plus the delay. Spark rejects it on a batch DataFrame.

        Parameters
        ----------
        subset : list of column names, optional
            List of columns to use for duplicate comparison (default all columns).

        Returns
        -------
        :class:`DataFrame`
            DataFrame without duplicates.

        Examples
        --------
        >>> events = spark.readStream.format("rate").load().withWatermark("timestamp", "10 seconds")
        >>> deduplicated = events.dropDuplicatesWithinWatermark(["value"])
        >>> deduplicated.isStreaming, deduplicated.columns
        (True, ['timestamp', 'value'])
        """
        keys = tuple(name_to_expr(c) for c in subset) if subset else ()
        return self._with(L.Deduplicate(self._plan, keys, within_watermark=True))

    def union(self, other: DataFrame) -> DataFrame:
        """Return a new :class:`DataFrame` containing the union of rows in this and another
        :class:`DataFrame`.

        Parameters
        ----------
        other : :class:`DataFrame`
            Another :class:`DataFrame` that needs to be unioned.

        Returns
        -------
        :class:`DataFrame`
            A new :class:`DataFrame` containing the combined rows with corresponding columns.

        Examples
        --------
        Example 1: Combining two DataFrames with the same schema

        >>> df1 = spark.createDataFrame([(1, 'A'), (2, 'B')], ['id', 'value'])
        >>> df2 = spark.createDataFrame([(3, 'C'), (4, 'D')], ['id', 'value'])
        >>> df3 = df1.union(df2)
        >>> df3.show()
        +---+-----+
        | id|value|
        +---+-----+
        |  1|    A|
        |  2|    B|
        |  3|    C|
        |  4|    D|
        +---+-----+

        Example 2: Combining two DataFrames with different schemas

        >>> df1 = spark.createDataFrame([(100001, 1), (100002, 2)], schema="id LONG, money INT")
        >>> df2 = spark.createDataFrame([(3, 100003), (4, 100003)], schema="money INT, id LONG")
        >>> df1 = df1.withColumn("age", F.lit(30))
        >>> df2 = df2.withColumn("age", F.lit(40))
        >>> df3 = df1.union(df2)
        >>> df3.show()
        +------+------+---+
        |    id| money|age|
        +------+------+---+
        |100001|     1| 30|
        |100002|     2| 30|
        |     3|100003| 40|
        |     4|100003| 40|
        +------+------+---+
        """
        return self._with(L.Union((self._plan, other._plan)))

    unionAll = union

    def unionByName(self, other: DataFrame, allowMissingColumns: bool = False) -> DataFrame:
        """Returns a new :class:`DataFrame` containing union of rows in this and another
        :class:`DataFrame`.

        This method performs a union operation on both input DataFrames, resolving columns by
        name (rather than position). When `allowMissingColumns` is True, missing columns will
        be filled with null.

        Parameters
        ----------
        other : :class:`DataFrame`
            Another :class:`DataFrame` that needs to be combined.
        allowMissingColumns : bool, optional, default False
           Specify whether to allow missing columns.

        Returns
        -------
        :class:`DataFrame`
            A new :class:`DataFrame` containing the combined rows with corresponding
            columns of the two given DataFrames.

        Examples
        --------
        Example 1: Union of two DataFrames with same columns in different order.

        >>> df1 = spark.createDataFrame([[1, 2, 3]], ["col0", "col1", "col2"])
        >>> df2 = spark.createDataFrame([[4, 5, 6]], ["col1", "col2", "col0"])
        >>> df1.unionByName(df2).show()
        +----+----+----+
        |col0|col1|col2|
        +----+----+----+
        |   1|   2|   3|
        |   6|   4|   5|
        +----+----+----+

        Example 2: Union with missing columns and setting `allowMissingColumns=True`.

        >>> df1 = spark.createDataFrame([[1, 2, 3]], ["col0", "col1", "col2"])
        >>> df2 = spark.createDataFrame([[4, 5, 6]], ["col1", "col2", "col3"])
        >>> df1.unionByName(df2, allowMissingColumns=True).show()
        +----+----+----+----+
        |col0|col1|col2|col3|
        +----+----+----+----+
        |   1|   2|   3|NULL|
        |NULL|   4|   5|   6|
        +----+----+----+----+
        """
        return self._with(L.Union((self._plan, other._plan), by_name=True, allow_missing=allowMissingColumns))

    def join(self, other: DataFrame, on: Union[str, list[str], Column, list[Column], None] = None, how: str | None = None) -> DataFrame:
        """Join with ``other`` on column names, a list of names, or a Column condition.

        Parameters
        ----------
        other : :class:`DataFrame`
            Right side of the join
        on : str, list or :class:`Column`, optional
            a string for the join column name, a list of column names,
            a join expression (Column), or a list of Columns.
            If `on` is a string or a list of strings indicating the name of the join column(s),
            the column(s) must exist on both sides, and this performs an equi-join.
        how : str, optional
            default ``inner``. Must be one of: ``inner``, ``cross``, ``outer``,
            ``full``, ``fullouter``, ``full_outer``, ``left``, ``leftouter``, ``left_outer``,
            ``right``, ``rightouter``, ``right_outer``, ``semi``, ``leftsemi``, ``left_semi``,
            ``anti``, ``leftanti`` and ``left_anti``.

        Returns
        -------
        :class:`DataFrame`
            Joined DataFrame.

        Examples
        --------
        >>> people = spark.createDataFrame([(1, "Alice"), (2, "Bob"), (3, "Carol")], ["id", "name"])
        >>> ages = spark.createDataFrame([(1, 34), (3, 29), (4, 51)], ["id", "age"])
        >>> people.join(ages, "id").orderBy("id").show()
        +---+-----+---+
        | id| name|age|
        +---+-----+---+
        |  1|Alice| 34|
        |  3|Carol| 29|
        +---+-----+---+
        >>> people.join(ages, "id", "left").orderBy("id").show()
        +---+-----+----+
        | id| name| age|
        +---+-----+----+
        |  1|Alice|  34|
        |  2|  Bob|NULL|
        |  3|Carol|  29|
        +---+-----+----+
        """
        how_key = (how or "inner").lower().replace("_", "") if how else "inner"
        how_norm = L.JOIN_TYPES.get(how_key) or L.JOIN_TYPES.get((how or "").lower())
        if how_norm is None:
            raise AnalysisException(
                errorClass="UNSUPPORTED_JOIN_TYPE",
                messageParameters={
                    "typ": str(how),
                    "supported": "'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', "
                    "'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', "
                    "'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'",
                },
            )
        if on is None:
            how_final = "cross" if how_norm == "inner" else how_norm
            return self._with(L.Join(self._plan, other._plan, how_final))
        if isinstance(on, str):
            on = [on]
        if isinstance(on, (list, tuple)) and on and all(isinstance(o, str) for o in on):
            return self._with(L.Join(self._plan, other._plan, how_norm, using=tuple(on)))
        if isinstance(on, (list, tuple)):
            cond: Column | None = None
            for c in on:
                cond = c if cond is None else cond & c
            on = cond
        if not isinstance(on, Column):
            raise PySparkTypeError(
                errorClass="NOT_COLUMN_OR_LIST_OR_STR",
                messageParameters={"arg_name": "on", "arg_type": type(on).__name__},
            )
        return self._with(L.Join(self._plan, other._plan, how_norm, on._expr))

    def crossJoin(self, other: DataFrame) -> DataFrame:
        """Returns the cartesian product with another :class:`DataFrame`.

        Parameters
        ----------
        other : :class:`DataFrame`
            Right side of the cartesian product.

        Returns
        -------
        :class:`DataFrame`
            Joined DataFrame.

        Examples
        --------
        >>> from rillet.sql import Row
        >>> df = spark.createDataFrame(
        ...     [(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
        >>> df2 = spark.createDataFrame(
        ...     [Row(height=80, name="Tom"), Row(height=85, name="Bob")])
        >>> df.crossJoin(df2.select("height")).select("age", "name", "height").show()
        +---+-----+------+
        |age| name|height|
        +---+-----+------+
        | 14|  Tom|    80|
        | 14|  Tom|    85|
        | 23|Alice|    80|
        | 23|Alice|    85|
        | 16|  Bob|    80|
        | 16|  Bob|    85|
        +---+-----+------+
        """
        return self._with(L.Join(self._plan, other._plan, "cross"))

    def withWatermark(self, eventTime: str, delayThreshold: str) -> DataFrame:
        """Declare ``eventTime`` as the event-time column, tolerating ``delayThreshold`` lateness.

        Parameters
        ----------
        eventTime : str
            the name of the column that contains the event time of the row.
        delayThreshold : str
            the minimum delay to wait to data to arrive late, relative to the
            latest record that has been processed in the form of an interval
            (e.g. "1 minute" or "5 hours").

        Returns
        -------
        :class:`DataFrame`
            Watermarked DataFrame

        Examples
        --------
        >>> df = spark.createDataFrame([("2024-01-01 00:00:05", 1)], "ts string, v int")
        >>> df = df.select(F.to_timestamp("ts").alias("ts"), "v").withWatermark("ts", "10 minutes")
        >>> df.show()
        +-------------------+---+
        |                 ts|  v|
        +-------------------+---+
        |2024-01-01 00:00:05|  1|
        +-------------------+---+
        """
        if not isinstance(eventTime, str):
            raise PySparkTypeError(
                errorClass="NOT_STR",
                messageParameters={"arg_name": "eventTime", "arg_type": type(eventTime).__name__},
            )
        if not isinstance(delayThreshold, str):
            raise PySparkTypeError(
                errorClass="NOT_STR",
                messageParameters={"arg_name": "delayThreshold", "arg_type": type(delayThreshold).__name__},
            )
        return self._with(L.EventTimeWatermark(self._plan, name_to_expr(eventTime), delayThreshold))

    def observe(self, observation: str, *exprs: Column) -> DataFrame:
        """Name aggregate metrics to observe; a streaming query reports them per micro-batch
        in its progress's ``observedMetrics[observation]``. Rows pass through unchanged.

        Parameters
        ----------
        observation : str
            the name of the metrics, as ``observedMetrics`` shows it.
        exprs : :class:`Column`
            column expressions (aggregates, each with an alias).

        Returns
        -------
        :class:`DataFrame`
            the observed :class:`DataFrame`.

        Examples
        --------
        >>> df = spark.range(3).observe("metrics", F.count(F.lit(1)).alias("rows"))
        >>> df.count()
        3
        """
        if len(exprs) == 0:
            raise PySparkValueError(errorClass="CANNOT_BE_EMPTY", messageParameters={"item": "exprs"})
        if not all(isinstance(c, Column) for c in exprs):
            raise PySparkTypeError(errorClass="NOT_LIST_OF_COLUMN", messageParameters={"arg_name": "exprs"})
        if not isinstance(observation, str):
            raise PySparkTypeError(
                errorClass="NOT_LIST_OF_COLUMN",
                messageParameters={"arg_name": "observation", "arg_type": type(observation).__name__},
            )
        return self._with(L.CollectMetrics(self._plan, observation, tuple(c._expr for c in exprs)))

    # no-ops on one machine, accepted for compatibility: a plan is re-run from its in-memory
    # inputs on each action, which is what caching would save on a cluster
    def cache(self) -> DataFrame:
        """Accepted; returns this DataFrame (nothing to cache on one machine).

        Returns
        -------
        :class:`DataFrame`
            Cached DataFrame.

        Examples
        --------
        >>> df = spark.range(3).cache()
        >>> df.count()
        3
        """
        return self

    def persist(self, storageLevel: Any = None) -> DataFrame:
        """Accepted; returns this DataFrame (see ``cache``).

        Parameters
        ----------
        storageLevel : :class:`StorageLevel`
            Storage level to set for persistence. Default is MEMORY_AND_DISK_DESER.

        Returns
        -------
        :class:`DataFrame`
            Persisted DataFrame.

        Examples
        --------
        >>> df = spark.range(3).persist()
        >>> df.count()
        3
        """
        return self

    def unpersist(self, blocking: bool = False) -> DataFrame:
        """Marks the :class:`DataFrame` as non-persistent, and remove all blocks for it from
        memory and disk.

        Parameters
        ----------
        blocking : bool
            Whether to block until all blocks are deleted.

        Returns
        -------
        :class:`DataFrame`
            Unpersisted DataFrame.

        Examples
        --------
        >>> df = spark.range(1)
        >>> df.persist()
        DataFrame[id: bigint]
        >>> df.unpersist()
        DataFrame[id: bigint]
        >>> df = spark.range(1)
        >>> df.unpersist(True)
        DataFrame[id: bigint]
        """
        return self

    def repartition(self, numPartitions: Union[int, ColumnOrName] = None, *cols: ColumnOrName) -> DataFrame:
        """Returns a new :class:`DataFrame` partitioned by the given partitioning expressions. The
        resulting :class:`DataFrame` is hash partitioned.

        Parameters
        ----------
        numPartitions : int
            can be an int to specify the target number of partitions or a Column.
            If it is a Column, it will be used as the first partitioning column. If not specified,
            the default number of partitions is used.
        cols : str or :class:`Column`
            partitioning columns.

               Added optional arguments to specify the partitioning columns. Also made numPartitions
               optional if partitioning columns are specified.

        Returns
        -------
        :class:`DataFrame`
            Repartitioned DataFrame.

        Examples
        --------
        >>> spark.range(10).repartition(3).count()
        10
        """
        return self

    def coalesce(self, numPartitions: int) -> DataFrame:
        """Returns a new :class:`DataFrame` that has exactly `numPartitions` partitions.

        Similar to coalesce defined on an :class:`RDD`, this operation results in a
        narrow dependency, e.g. if you go from 1000 partitions to 100 partitions,
        there will not be a shuffle, instead each of the 100 new partitions will
        claim 10 of the current partitions. If a larger number of partitions is requested,
        it will stay at the current number of partitions.

        However, if you're doing a drastic coalesce, e.g. to numPartitions = 1,
        this may result in your computation taking place on fewer nodes than
        you like (e.g. one node in the case of numPartitions = 1). To avoid this,
        you can call repartition(). This will add a shuffle step, but means the
        current upstream partitions will be executed in parallel (per whatever
        the current partitioning is).

        Parameters
        ----------
        numPartitions : int
            specify the target number of partitions

        Returns
        -------
        :class:`DataFrame`

        Examples
        --------
        >>> spark.range(10).coalesce(1).count()
        10
        """
        return self

    # ------------------------------------------------------------------ actions
    def toArrow(self) -> pa.Table:
        """The rows as a ``pyarrow.Table``, typed as PySpark's (``string``, not ``large_string``).

        Examples
        --------
        >>> spark.createDataFrame([(2, "Alice"), (5, "Bob")], ["age", "name"]).toArrow().num_rows
        2
        """
        table = self._execute()
        schema = pa.schema([f.with_type(arrow_type_as_pyspark(f.type)) for f in table.schema])
        return table if schema == table.schema else table.cast(schema)

    def collect(self) -> list[T.Row]:
        """Returns all the records in the DataFrame as a list of :class:`Row`.

        Returns
        -------
        list
            A list of :class:`Row` objects, each representing a row in the DataFrame.

        Examples
        --------
        Example: Collecting all rows of a DataFrame

        >>> df = spark.createDataFrame([(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
        >>> df.collect()
        [Row(age=14, name='Tom'), Row(age=23, name='Alice'), Row(age=16, name='Bob')]

        Example: Collecting all rows after filtering

        >>> df = spark.createDataFrame([(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
        >>> df.filter(df.age > 15).collect()
        [Row(age=23, name='Alice'), Row(age=16, name='Bob')]

        Example: Collecting all rows after selecting specific columns

        >>> df = spark.createDataFrame([(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
        >>> df.select("name").collect()
        [Row(name='Tom'), Row(name='Alice'), Row(name='Bob')]

        Example: Collecting all rows after applying a function to a column

        >>> df = spark.createDataFrame([(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
        >>> df.select(F.upper(df.name)).collect()
        [Row(upper(name)='TOM'), Row(upper(name)='ALICE'), Row(upper(name)='BOB')]

        Example: Collecting all rows from a DataFrame and converting a specific column to a list

        >>> df = spark.createDataFrame([(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
        >>> rows = df.collect()
        >>> [row["name"] for row in rows]
        ['Tom', 'Alice', 'Bob']

        Example: Collecting all rows from a DataFrame and converting to a list of dictionaries

        >>> df = spark.createDataFrame([(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
        >>> rows = df.collect()
        >>> [row.asDict() for row in rows]
        [{'age': 14, 'name': 'Tom'}, {'age': 23, 'name': 'Alice'}, {'age': 16, 'name': 'Bob'}]
        """
        return arrow_to_rows(self._execute(), self.schema)

    def take(self, num: int) -> list[T.Row]:
        """Returns the first ``num`` rows as a :class:`list` of :class:`Row`.

        Parameters
        ----------
        num : int
            Number of records to return. Will return this number of records
            or all records if the DataFrame contains less than this number of records..

        Returns
        -------
        list
            List of rows

        Examples
        --------
        >>> df = spark.createDataFrame(
        ...     [(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])

        Return the first 2 rows of the :class:`DataFrame`.

        >>> df.take(2)
        [Row(age=14, name='Tom'), Row(age=23, name='Alice')]
        """
        return self.limit(num).collect()

    def head(self, n: int | None = None) -> Union[T.Row, None, list[T.Row]]:
        """Returns the first ``n`` rows.

        Parameters
        ----------
        n : int, optional
            default 1. Number of rows to return.

        Returns
        -------
        If n is supplied, return a list of :class:`Row` of length n
        or less if the DataFrame has fewer elements.
        If n is missing, return a single Row.

        Examples
        --------
        >>> df = spark.createDataFrame([
        ...     (2, "Alice"), (5, "Bob")], schema=["age", "name"])
        >>> df.head()
        Row(age=2, name='Alice')
        >>> df.head(1)
        [Row(age=2, name='Alice')]
        >>> df.head(0)
        []
        """
        if n is None:
            rows = self.take(1)
            return rows[0] if rows else None
        return self.take(n)

    def first(self) -> Optional[T.Row]:
        """Returns the first row as a :class:`Row`.

        Returns
        -------
        :class:`Row`
            First row if :class:`DataFrame` is not empty, otherwise ``None``.

        Examples
        --------
        >>> df = spark.createDataFrame([
        ...     (2, "Alice"), (5, "Bob")], schema=["age", "name"])
        >>> df.first()
        Row(age=2, name='Alice')
        """
        return self.head()

    def tail(self, num: int) -> list[T.Row]:
        """Returns the last ``num`` rows as a :class:`list` of :class:`Row`.

        Running tail requires moving data into the application's driver process, and doing so with
        a very large ``num`` can crash the driver process with OutOfMemoryError.

        Parameters
        ----------
        num : int
            Number of records to return. Will return this number of records
            or all records if the DataFrame contains less than this number of records.

        Returns
        -------
        list
            List of rows

        Examples
        --------
        >>> df = spark.createDataFrame(
        ...     [(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])

        >>> df.tail(2)
        [Row(age=23, name='Alice'), Row(age=16, name='Bob')]
        """
        rows = self.collect()
        return rows[-num:] if num else []

    def isEmpty(self) -> bool:
        """Checks if the :class:`DataFrame` is empty and returns a boolean value.

        Returns
        -------
        bool
            Returns ``True`` if the DataFrame is empty, ``False`` otherwise.

        Examples
        --------
        Example 1: Checking if an empty DataFrame is empty

        >>> df_empty = spark.createDataFrame([], 'a STRING')
        >>> df_empty.isEmpty()
        True

        Example 2: Checking if a non-empty DataFrame is empty

        >>> df_non_empty = spark.createDataFrame(["a"], 'STRING')
        >>> df_non_empty.isEmpty()
        False
        """
        return len(self.take(1)) == 0

    def count(self) -> int:
        """Number of rows.

        Returns
        -------
        int
            Number of rows.

        Examples
        --------
        >>> df = spark.createDataFrame(
        ...     [(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])

        Return the number of rows in the :class:`DataFrame`.

        >>> df.count()
        3
        """
        self._check_not_streaming("count")
        from rillet.sql import functions as F

        return int(self.agg(F.count("*")).collect()[0][0])

    def toJSON(self, use_unicode: bool = True) -> JSONLines:
        """Each row as a JSON object (null fields left out), Spark's ``to_json`` format.

        PySpark returns an RDD of strings; rillet has no RDDs and returns a list of
        strings with the RDD methods programs call on it (``collect``, ``take``, ``first``).

        Parameters
        ----------
        use_unicode : bool, optional, default True
            Whether to convert to unicode or not.

        Returns
        -------
        :class:`RDD`

        Examples
        --------
        >>> df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], schema=["age", "name"])
        >>> df.toJSON().first()
        '{"age":2,"name":"Alice"}'
        """
        from rillet.sql.functions import struct, to_json

        fields = [Column(a) for a in self._plan.output]
        rows = self.select(to_json(struct(*fields)).alias("value")).collect()
        return JSONLines(r[0] for r in rows)

    def toPandas(self) -> pd.DataFrame:
        """Returns the contents of this :class:`DataFrame` as Pandas ``pandas.DataFrame``.

        This is only available if Pandas is installed and available.

        Examples
        --------
        >>> spark.createDataFrame([(2, "Alice"), (5, "Bob")], ["age", "name"]).toPandas()
           age   name
        0    2  Alice
        1    5    Bob
        """
        table = self._execute()
        pdf = table.to_pandas(timestamp_as_object=False, maps_as_pydicts="strict")
        # PySpark's default (Arrow off) gives timestamps as naive local time, in nanoseconds
        for i, f in enumerate(self.schema.fields):
            if isinstance(f.dataType, T.TimestampType):
                from dateutil.tz import tzlocal

                col = pdf.iloc[:, i].dt.tz_convert(tzlocal()).dt.tz_localize(None)
                pdf.isetitem(i, col.astype("datetime64[ns]"))
        return pdf

    def toLocalIterator(self, prefetchPartitions: bool = False) -> Iterator[T.Row]:
        """Returns an iterator that contains all of the rows in this :class:`DataFrame`.
        The iterator will consume as much memory as the largest partition in this
        :class:`DataFrame`. With prefetch it may consume up to the memory of the 2 largest
        partitions.

        Parameters
        ----------
        prefetchPartitions : bool, optional
            If Spark should pre-fetch the next partition before it is needed.

        Returns
        -------
        Iterator
            Iterator of rows.

        Examples
        --------
        >>> df = spark.createDataFrame(
        ...     [(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
        >>> list(df.toLocalIterator())
        [Row(age=14, name='Tom'), Row(age=23, name='Alice'), Row(age=16, name='Bob')]
        """
        return iter(self.collect())

    def foreach(self, f: Callable[[T.Row], None]) -> None:
        """Applies the ``f`` function to all :class:`Row` of this :class:`DataFrame`.

        rillet calls ``f`` in this process, one row after another (Spark calls it on the
        executors, so its side effects are not visible to the driver).

        Parameters
        ----------
        f : function
            A function that accepts one parameter which will
            receive each row to process.
        """
        for row in self.collect():
            f(row)

    def _show_string(self, n: int = 20, truncate: bool | int = True, vertical: bool = False) -> str:
        from rillet.compute.show import show_string

        table = self._execute(L.Limit(self._plan, max(n, 0) + 1))
        table = pa.Table.from_arrays([unique_struct_names(c) for c in table.columns], names=table.column_names)
        return show_string(table, n, truncate, vertical, session_tz=self._session._session_tz)

    def show(self, n: int = 20, truncate: bool | int = True, vertical: bool = False) -> None:
        """Print the first ``n`` rows in Spark's table format.

        Parameters
        ----------
        n : int, optional, default 20
            Number of rows to show.
        truncate : bool or int, optional, default True
            If set to ``True``, truncate strings longer than 20 chars.
            If set to a number greater than one, truncates long strings to length ``truncate``
            and align cells right.
        vertical : bool, optional
            If set to ``True``, print output rows vertically (one line per column value).

        Examples
        --------
        >>> df = spark.createDataFrame([
        ...     (14, "Tom"), (23, "Alice"), (16, "Bob"), (19, "This is a super long name")],
        ...     ["age", "name"])

        Show :class:`DataFrame`

        >>> df.show()
        +---+--------------------+
        |age|                name|
        +---+--------------------+
        | 14|                 Tom|
        | 23|               Alice|
        | 16|                 Bob|
        | 19|This is a super l...|
        +---+--------------------+

        Show only top 2 rows.

        >>> df.show(2)
        +---+-----+
        |age| name|
        +---+-----+
        | 14|  Tom|
        | 23|Alice|
        +---+-----+
        only showing top 2 rows

        Show full column content without truncation.

        >>> df.show(truncate=False)
        +---+-------------------------+
        |age|name                     |
        +---+-------------------------+
        |14 |Tom                      |
        |23 |Alice                    |
        |16 |Bob                      |
        |19 |This is a super long name|
        +---+-------------------------+

        Show :class:`DataFrame` where the maximum number of characters is 3.

        >>> df.show(truncate=3)
        +---+----+
        |age|name|
        +---+----+
        | 14| Tom|
        | 23| Ali|
        | 16| Bob|
        | 19| Thi|
        +---+----+

        Show :class:`DataFrame` vertically.

        >>> df.show(vertical=True)
        -RECORD 0--------------------
        age  | 14
        name | Tom
        -RECORD 1--------------------
        age  | 23
        name | Alice
        -RECORD 2--------------------
        age  | 16
        name | Bob
        -RECORD 3--------------------
        age  | 19
        name | This is a super l...
        """
        if not isinstance(n, int) or isinstance(n, bool):
            raise PySparkTypeError(
                errorClass="NOT_INT", messageParameters={"arg_name": "n", "arg_type": type(n).__name__}
            )
        if not isinstance(truncate, (bool, int)):
            raise PySparkTypeError(
                errorClass="NOT_BOOL",
                messageParameters={"arg_name": "truncate", "arg_type": type(truncate).__name__},
            )
        self._check_not_streaming("show")
        print(self._show_string(n, truncate, vertical))

    def createOrReplaceTempView(self, name: str) -> None:
        """Creates or replaces a local temporary view with this :class:`DataFrame`.

        Parameters
        ----------
        name : str
            Name of the view.

        Examples
        --------
        Example 1: Creating a local temporary view named 'people'.

        >>> df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], schema=["age", "name"])
        >>> df.createOrReplaceTempView("people")

        Example 2: Dropping the temporary view.

        >>> # Drop the local temporary view
        ... spark.catalog.dropTempView("people")
        True
        """
        self._session._catalog_views[name.lower()] = self._plan

    def createTempView(self, name: str) -> None:
        """Creates a local temporary view with this :class:`DataFrame`.

        The lifetime of this temporary table is tied to the :class:`SparkSession`
        that was used to create this :class:`DataFrame`.
        throws :class:`TempTableAlreadyExistsException`, if the view name already exists in the
        catalog.

        Parameters
        ----------
        name : str
            Name of the view.

        Examples
        --------
        Example 1: Creating and querying a local temporary view

        >>> df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], schema=["age", "name"])
        >>> df.createTempView("people")
        >>> spark.sql("SELECT * FROM people").show()
        +---+-----+
        |age| name|
        +---+-----+
        |  2|Alice|
        |  5|  Bob|
        +---+-----+

        Example 2: Creating temporary views with multiple DataFrames with

        :meth:`SparkSession.table`

        >>> df1 = spark.createDataFrame([(1, "John"), (2, "Jane")], schema=["id", "name"])
        >>> df2 = spark.createDataFrame([(3, "Jake"), (4, "Jill")], schema=["id", "name"])
        >>> df1.createTempView("table1")
        >>> df2.createTempView("table2")
        >>> result_df = spark.table("table1").union(spark.table("table2"))
        >>> result_df.show()
        +---+----+
        | id|name|
        +---+----+
        |  1|John|
        |  2|Jane|
        |  3|Jake|
        |  4|Jill|
        +---+----+
        """
        if name.lower() in self._session._catalog_views:
            from rillet.errors import TempTableAlreadyExistsException

            raise TempTableAlreadyExistsException(
                errorClass="TEMP_TABLE_OR_VIEW_ALREADY_EXISTS",
                messageParameters={"relationName": f"`{name}`"},
            )
        self.createOrReplaceTempView(name)

    def createOrReplaceGlobalTempView(self, name: str) -> None:
        """Creates or replaces a global temporary view using the given name.

        The lifetime of this temporary view is tied to this Spark application.

        Parameters
        ----------
        name : str
            Name of the view.

        Examples
        --------
        Example 1: Replacing a global temporary view with a filtered DataFrame

        >>> df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], schema=["age", "name"])
        >>> df.createOrReplaceGlobalTempView("people")
        >>> df2 = df.filter(df.age > 3)
        >>> df2.createOrReplaceGlobalTempView("people")
        >>> df3 = spark.table("global_temp.people")
        >>> sorted(df3.collect()) == sorted(df2.collect())
        True
        """
        self._session._catalog_views[f"global_temp.{name}".lower()] = self._plan

    def explain(self, extended: bool | str | None = None, mode: str | None = None) -> None:
        """Print the plan: ``explain()``, ``explain(True)``, ``explain("formatted")``, ``explain(mode=...)``.

        The sections are Spark's; the trees are rillet's plan (there is no separate
        optimized or physical plan: Polars optimizes when the plan runs)."""
        from rillet.plan.explain import tree_string

        if extended is not None and mode is not None:
            raise PySparkValueError(
                errorClass="CANNOT_SET_TOGETHER", messageParameters={"arg_list": "extended and mode"}
            )
        if extended is not None and not isinstance(extended, (bool, str)):
            raise PySparkTypeError(
                errorClass="NOT_BOOL_OR_STR",
                messageParameters={"arg_name": "extended", "arg_type": type(extended).__name__},
            )
        if isinstance(extended, str):
            mode = extended
        elif extended:
            mode = "extended"
        mode = (mode or "simple").lower()
        if mode not in _EXPLAIN_MODES:
            raise IllegalArgumentException(
                f"Unknown explain mode: {mode}. Accepted explain modes are 'simple', 'extended', "
                "'codegen', 'cost', 'formatted'."
            )
        if mode == "codegen":  # Polars compiles no Java: there are no codegen subtrees to show
            print("Found 0 WholeStageCodegen subtrees.")
            return
        if mode in ("extended", "cost"):
            header = ", ".join(f"{n}: {t}" for n, t in self.dtypes)
            sections = ["Parsed Logical Plan", "Analyzed Logical Plan", "Optimized Logical Plan"]
            if mode == "cost":
                sections = sections[2:]
            for title in sections:
                print(f"== {title} ==")
                if title == "Analyzed Logical Plan":
                    print(header)
                print(tree_string(self._plan))
                print()
        print("== Physical Plan ==")
        print(tree_string(self._plan, indent=1))
        print()

    @property
    def writeStream(self) -> DataStreamWriter:
        """The interface for saving a streaming DataFrame (``writeStream...start()``).

        Returns
        -------
        :class:`DataStreamWriter`

        Examples
        --------
        >>> df = spark.readStream.format("rate").load()
        >>> type(df.writeStream)
        <class '...streaming.readwriter.DataStreamWriter'>
        """
        from rillet.sql.streaming.readwriter import DataStreamWriter

        if not self.isStreaming:
            raise AnalysisException(
                "[WRITE_STREAM_NOT_ALLOWED] `writeStream` can be called only on streaming "
                "Dataset/DataFrame. SQLSTATE: 42601",
                errorClass="WRITE_STREAM_NOT_ALLOWED",
            )
        return DataStreamWriter(self)

    @property
    def write(self) -> DataFrameWriter:
        """The interface for saving a batch DataFrame (``write.format(...).save(path)``).

        Returns
        -------
        :class:`DataFrameWriter`

        Examples
        --------
        >>> type(spark.range(1).write).__name__
        'DataFrameWriter'
        """
        from rillet.sql.writer import DataFrameWriter

        if self.isStreaming:
            raise AnalysisException(
                errorClass="CALL_ON_STREAMING_DATASET_UNSUPPORTED", messageParameters={"methodName": "`write`"}
            )
        return DataFrameWriter(self)

    def __repr__(self) -> str:
        return "DataFrame[" + ", ".join(f"{n}: {t}" for n, t in self.dtypes) + "]"


# ---------------------------------------------------------------------------


class JSONLines(list):  # type: ignore[type-arg]
    """``toJSON()``'s result: a list of JSON strings with the RDD methods used on it."""

    def collect(self) -> list[str]:
        """All the JSON strings, as ``RDD.collect()``.

        Examples
        --------
        >>> spark.createDataFrame([(1, "a"), (2, "b")], ["id", "s"]).toJSON().collect()
        ['{"id":1,"s":"a"}', '{"id":2,"s":"b"}']
        """
        return list(self)

    def take(self, num: int) -> list[str]:
        """The first ``num`` JSON strings, as ``RDD.take(num)``.

        Examples
        --------
        >>> spark.createDataFrame([(1, "a"), (2, "b")], ["id", "s"]).toJSON().take(1)
        ['{"id":1,"s":"a"}']
        """
        return list(self[:num])

    def first(self) -> str:
        """The first JSON string, as ``RDD.first()``.

        Examples
        --------
        >>> spark.createDataFrame([(1, "a"), (2, "b")], ["id", "s"]).toJSON().first()
        '{"id":1,"s":"a"}'
        """
        return self[0]

    def count(self) -> int:  # type: ignore[override]  # RDD.count(), not list.count(x)
        """The number of JSON strings, as ``RDD.count()``.

        Examples
        --------
        >>> spark.createDataFrame([(1, "a"), (2, "b")], ["id", "s"]).toJSON().count()
        2
        """
        return len(self)


def _to_column(value: Any, name: str) -> Column:
    if isinstance(value, Column):
        return value
    raise PySparkTypeError(
        errorClass="NOT_COLUMN", messageParameters={"arg_name": name, "arg_type": type(value).__name__}
    )


def _sort_orders(exprs: Sequence[Expression], ascending: bool | list[bool] | None) -> tuple[SortOrder, ...]:
    if ascending is None:
        flags = [True] * len(exprs)
    elif isinstance(ascending, (bool, int)):
        flags = [bool(ascending)] * len(exprs)
    else:
        flags = [bool(a) for a in ascending]
        if len(flags) != len(exprs):
            raise PySparkValueError(
                errorClass="LENGTH_SHOULD_BE_THE_SAME",
                messageParameters={
                    "arg1": "ascending", "arg2": "cols",
                    "arg1_length": str(len(flags)), "arg2_length": str(len(exprs)),
                },
            )
    orders = []
    for e, asc in zip(exprs, flags):
        if isinstance(e, SortOrder):
            orders.append(e if ascending is None else SortOrder(e.child, asc and e.ascending, e.nulls_first))
        else:
            orders.append(SortOrder(e, asc))
    return tuple(orders)
