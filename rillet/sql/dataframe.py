"""``DataFrame``: PySpark's DataFrame API over rillet's plan.

Transformations validate their input, build a plan node and return a new
DataFrame (analysis is eager, as in Spark classic, so a bad column name fails at
the call that used it). Actions hand the analyzed plan to :mod:`rillet.compute`.
"""

from __future__ import annotations

import datetime as _dt
import random
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

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
from rillet.sql.dataframe_na import _NO_VALUE, DataFrameNaFunctions, describe, summary

if TYPE_CHECKING:
    import pandas as pd

    from rillet.sql.group import GroupedData
    from rillet.sql.session import SparkSession
    from rillet.sql.streaming.readwriter import DataStreamWriter
    from rillet.sql.writer import DataFrameWriter

__all__ = ["DataFrame", "arrow_to_rows"]

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
        return self._session

    @property
    def isStreaming(self) -> bool:
        """True when the plan reads a stream (``spark.readStream``)."""
        return self._plan.is_streaming

    # ------------------------------------------------------------------ schema
    @property
    def schema(self) -> T.StructType:
        return self._plan.schema

    @property
    def columns(self) -> list[str]:
        return [a.name for a in self._plan.output]

    @property
    def dtypes(self) -> list[tuple[str, str]]:
        return [(a.name, a.dtype.simpleString()) for a in self._plan.output]

    def printSchema(self, level: int | None = None) -> None:
        # PySpark prints the tree (which ends in a newline) with print(): a blank line follows
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

    def select(self, *cols: Any) -> DataFrame:
        """Project a set of expressions: ``df.select("a", F.col("b") + 1)``."""
        return self._with(L.Project(self._plan, self._exprs(cols)))

    def selectExpr(self, *expr: str) -> DataFrame:
        from rillet.plan.sql_parser import parse_expression

        if len(expr) == 1 and isinstance(expr[0], list):
            expr = tuple(expr[0])
        return self._with(L.Project(self._plan, tuple(parse_expression(e) for e in expr)))

    def filter(self, condition: Column | str) -> DataFrame:
        """Keep rows where ``condition`` is true (a Column or a SQL string)."""
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
        """Add or replace a column."""
        if not isinstance(col, Column):
            raise PySparkTypeError(
                errorClass="NOT_COLUMN",
                messageParameters={"arg_name": "col", "arg_type": type(col).__name__},
            )
        return self.withColumns({colName: col})

    def withColumnRenamed(self, existing: str, new: str) -> DataFrame:
        return self.withColumnsRenamed({existing: new})

    def withColumnsRenamed(self, colsMap: dict[str, str]) -> DataFrame:
        lower = {k.lower(): v for k, v in colsMap.items()}
        if not any(a.name.lower() in lower for a in self._plan.output):
            return self
        exprs = [
            Alias(a, lower[a.name.lower()]) if a.name.lower() in lower else a for a in self._plan.output
        ]
        return self._with(L.Project(self._plan, tuple(exprs)))

    def drop(self, *cols: Any) -> DataFrame:
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
        if len(cols) != len(self._plan.output):
            raise PySparkValueError(
                f"[LENGTH_SHOULD_BE_THE_SAME] Number of column names ({len(cols)}) does not match "
                f"the number of columns ({len(self._plan.output)})."
            )
        exprs = tuple(Alias(a, n) for a, n in zip(self._plan.output, cols))
        return self._with(L.Project(self._plan, exprs))

    def alias(self, alias: str) -> DataFrame:
        return self._with(L.SubqueryAlias(self._plan, alias))

    def transform(self, func: Callable[..., DataFrame], *args: Any, **kwargs: Any) -> DataFrame:
        result = func(self, *args, **kwargs)
        if not isinstance(result, DataFrame):
            raise PySparkTypeError(
                f"Func returned an instance of type [{type(result)}], should have been DataFrame."
            )
        return result

    # ------------------------------------------------------------------ missing data, summaries
    @property
    def na(self) -> DataFrameNaFunctions:
        """Missing-value functions: ``df.na.drop()``, ``df.na.fill(0)``, ``df.na.replace(...)``."""
        return DataFrameNaFunctions(self)

    def dropna(self, how: str = "any", thresh: int | None = None, subset: Any = None) -> DataFrame:
        """Drop rows with nulls (NaN counts as null): ``how`` any/all, or fewer than ``thresh`` values."""
        return self.na.drop(how, thresh, subset)

    def fillna(self, value: Any, subset: Any = None) -> DataFrame:
        """Replace nulls (and NaN in float columns) in the columns whose type matches ``value``."""
        return self.na.fill(value, subset)

    def replace(self, to_replace: Any, value: Any = _NO_VALUE, subset: Any = None) -> DataFrame:
        """Replace values: ``replace("a", "b")``, ``replace([1, 2], [10, 20])``, ``replace({...})``."""
        return self.na.replace(to_replace, value, subset)

    def describe(self, *cols: Any) -> DataFrame:
        """count, mean, stddev, min, max of numeric and string columns, as strings."""
        return describe(self, cols)

    def summary(self, *statistics: str) -> DataFrame:
        """``describe`` with approximate percentiles; ``summary("count", "50%")`` picks statistics."""
        return summary(self, statistics)

    def sample(
        self, withReplacement: Any = None, fraction: Any = None, seed: int | None = None
    ) -> DataFrame:
        """A random sample: each row kept with probability ``fraction``.

        Which rows are kept differs from Spark's (its sampler runs per partition, with
        its own generator): the size and the determinism for a given seed match."""
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
        """The columns whose names match the (backquoted) Java regex ``colName``."""
        if not isinstance(colName, str):
            raise PySparkTypeError(
                errorClass="NOT_STR", messageParameters={"arg_name": "colName", "arg_type": type(colName).__name__}
            )
        from rillet.plan.expressions.regex import UnresolvedRegex

        pattern = colName[1:-1] if colName.startswith("`") and colName.endswith("`") else colName
        return Column(UnresolvedRegex(pattern))

    # ------------------------------------------------------------------ relational
    def groupBy(self, *cols: Any) -> GroupedData:
        from rillet.sql.group import GroupedData

        return GroupedData(self, self._exprs(cols) if cols else ())

    groupby = groupBy

    def agg(self, *exprs: Any) -> DataFrame:
        return self.groupBy().agg(*exprs)

    def orderBy(self, *cols: Any, ascending: bool | list[bool] | None = None) -> DataFrame:
        orders = _sort_orders(self._exprs(cols), ascending)
        return self._with(L.Sort(self._plan, orders))

    sort = orderBy

    def limit(self, num: int) -> DataFrame:
        return self._with(L.Limit(self._plan, int(num)))

    def offset(self, num: int) -> DataFrame:
        return self._with(L.Limit(self._plan, sys.maxsize, int(num)))

    def distinct(self) -> DataFrame:
        return self._with(L.Distinct(self._plan))

    def dropDuplicates(self, subset: list[str] | None = None) -> DataFrame:
        keys = tuple(name_to_expr(c) for c in subset) if subset else ()
        return self._with(L.Deduplicate(self._plan, keys))

    drop_duplicates = dropDuplicates

    def dropDuplicatesWithinWatermark(self, subset: list[str] | None = None) -> DataFrame:
        keys = tuple(name_to_expr(c) for c in subset) if subset else ()
        return self._with(L.Deduplicate(self._plan, keys, within_watermark=True))

    def union(self, other: DataFrame) -> DataFrame:
        return self._with(L.Union((self._plan, other._plan)))

    unionAll = union

    def unionByName(self, other: DataFrame, allowMissingColumns: bool = False) -> DataFrame:
        return self._with(L.Union((self._plan, other._plan), by_name=True, allow_missing=allowMissingColumns))

    def join(self, other: DataFrame, on: Any = None, how: str | None = None) -> DataFrame:
        """Join with ``other`` on column names, a list of names, or a Column condition."""
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
        return self._with(L.Join(self._plan, other._plan, "cross"))

    def withWatermark(self, eventTime: str, delayThreshold: str) -> DataFrame:
        """Declare ``eventTime`` as the event-time column, tolerating ``delayThreshold`` lateness."""
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
        in its progress's ``observedMetrics[observation]``. Rows pass through unchanged."""
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
        """Accepted; returns this DataFrame (nothing to cache on one machine)."""
        return self

    def persist(self, storageLevel: Any = None) -> DataFrame:
        """Accepted; returns this DataFrame (see ``cache``)."""
        return self

    def unpersist(self, blocking: bool = False) -> DataFrame:
        return self

    def repartition(self, numPartitions: Any = None, *cols: Any) -> DataFrame:
        return self

    def coalesce(self, numPartitions: int) -> DataFrame:
        return self

    # ------------------------------------------------------------------ actions
    def toArrow(self) -> pa.Table:
        """The rows as a ``pyarrow.Table``, typed as PySpark's (``string``, not ``large_string``)."""
        table = self._execute()
        schema = pa.schema([f.with_type(_pyspark_arrow_type(f.type)) for f in table.schema])
        return table if schema == table.schema else table.cast(schema)

    def collect(self) -> list[Any]:
        return arrow_to_rows(self._execute(), self.schema)

    def take(self, num: int) -> list[Any]:
        return self.limit(num).collect()

    def head(self, n: int | None = None) -> Any:
        if n is None:
            rows = self.take(1)
            return rows[0] if rows else None
        return self.take(n)

    def first(self) -> Any:
        return self.head()

    def tail(self, num: int) -> list[Any]:
        rows = self.collect()
        return rows[-num:] if num else []

    def isEmpty(self) -> bool:
        return len(self.take(1)) == 0

    def count(self) -> int:
        """Number of rows."""
        self._check_not_streaming("count")
        from rillet.sql import functions as F

        return int(self.agg(F.count("*")).collect()[0][0])

    def toJSON(self, use_unicode: bool = True) -> JSONLines:
        """Each row as a JSON object (null fields left out), Spark's ``to_json`` format.

        PySpark returns an RDD of strings; rillet has no RDDs and returns a list of
        strings with the RDD methods programs call on it (``collect``, ``take``, ``first``)."""
        from rillet.sql.functions import struct, to_json

        fields = [Column(a) for a in self._plan.output]
        rows = self.select(to_json(struct(*fields)).alias("value")).collect()
        return JSONLines(r[0] for r in rows)

    def toPandas(self) -> pd.DataFrame:
        table = self._execute()
        pdf = table.to_pandas(timestamp_as_object=False, maps_as_pydicts="strict")
        # PySpark's default (Arrow off) gives timestamps as naive local time, in nanoseconds
        for i, f in enumerate(self.schema.fields):
            if isinstance(f.dataType, T.TimestampType):
                from dateutil.tz import tzlocal

                col = pdf.iloc[:, i].dt.tz_convert(tzlocal()).dt.tz_localize(None)
                pdf.isetitem(i, col.astype("datetime64[ns]"))
        return pdf

    def toLocalIterator(self, prefetchPartitions: bool = False) -> Iterable[Any]:
        return iter(self.collect())

    def foreach(self, f: Callable[[Any], None]) -> None:
        for row in self.collect():
            f(row)

    def _show_string(self, n: int = 20, truncate: bool | int = True, vertical: bool = False) -> str:
        from rillet.compute.show import show_string

        table = self._execute(L.Limit(self._plan, max(n, 0) + 1))
        table = pa.Table.from_arrays([_unique_struct_names(c) for c in table.columns], names=table.column_names)
        return show_string(table, n, truncate, vertical, session_tz=self._session._session_tz)

    def show(self, n: int = 20, truncate: bool | int = True, vertical: bool = False) -> None:
        """Print the first ``n`` rows in Spark's table format."""
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
        self._session._catalog_views[name.lower()] = self._plan

    def createTempView(self, name: str) -> None:
        if name.lower() in self._session._catalog_views:
            from rillet.errors import TempTableAlreadyExistsException

            raise TempTableAlreadyExistsException(
                errorClass="TEMP_TABLE_OR_VIEW_ALREADY_EXISTS",
                messageParameters={"relationName": f"`{name}`"},
            )
        self.createOrReplaceTempView(name)

    def createOrReplaceGlobalTempView(self, name: str) -> None:
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
        """The interface for saving a streaming DataFrame (``writeStream...start()``)."""
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
        """The interface for saving a batch DataFrame (``write.format(...).save(path)``)."""
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
        return list(self)

    def take(self, num: int) -> list[str]:
        return list(self[:num])

    def first(self) -> str:
        return self[0]

    def count(self) -> int:  # type: ignore[override]  # RDD.count(), not list.count(x)
        return len(self)


def _pyspark_arrow_type(t: pa.DataType) -> pa.DataType:
    """Arrow type as PySpark's toArrow gives it: 32-bit offsets for strings, binaries and lists."""
    if pa.types.is_large_string(t):
        return pa.string()
    if pa.types.is_large_binary(t):
        return pa.binary()
    if pa.types.is_large_list(t) or pa.types.is_list(t):
        item = t.value_field  # PySpark names the item field "element"
        return pa.list_(item.with_name("element").with_type(_pyspark_arrow_type(item.type)))
    if pa.types.is_struct(t):
        return pa.struct([f.with_type(_pyspark_arrow_type(f.type)) for f in t])
    if pa.types.is_map(t):
        return pa.map_(t.key_field.with_type(_pyspark_arrow_type(t.key_type)),
                       t.item_field.with_type(_pyspark_arrow_type(t.item_type)))
    return t


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


def _python_value(value: Any, dtype: T.DataType) -> Any:
    """Arrow's Python value -> PySpark's (maps as dicts, structs as Rows, local timestamps)."""
    if value is None:
        return None
    if isinstance(dtype, T.StructType):
        names = [f.name for f in dtype.fields]
        if isinstance(value, dict):
            # by name; by position when a struct repeats a name (``_unique_struct_names``)
            named = all(f.name in value for f in dtype.fields) and len(value) == len(dtype.fields)
            value = [value[f.name] for f in dtype.fields] if named else list(value.values())
        vals = [_python_value(v, f.dataType) for f, v in zip(dtype.fields, value)]
        return T.Row(*names)(*vals) if names else T.Row()
    if isinstance(dtype, T.MapType):
        return {_python_value(k, dtype.keyType): _python_value(v, dtype.valueType) for k, v in value}
    if isinstance(dtype, T.ArrayType):
        return [_python_value(v, dtype.elementType) for v in value]
    if isinstance(dtype, T.TimestampType) and isinstance(value, _dt.datetime):
        # PySpark returns naive datetimes in the Python process's local time zone
        return value.astimezone().replace(tzinfo=None)
    return value


def _needs_conversion(dtype: T.DataType) -> bool:
    return isinstance(dtype, (T.StructType, T.MapType, T.ArrayType, T.TimestampType))


def _unique_struct_names(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A struct column whose fields repeat a name, renamed apart (Arrow cannot make dicts of
    it); ``_python_value`` reads struct fields by position, so the Row keeps the real names."""
    t = column.type
    if not pa.types.is_struct(t) or len({t.field(i).name for i in range(t.num_fields)}) == t.num_fields:
        return column
    names = [f"{t.field(i).name}#{i}" for i in range(t.num_fields)]
    return pa.chunked_array(
        [pa.StructArray.from_arrays(c.flatten(), names=names, mask=c.is_null() if c.null_count else None)
         for c in column.chunks],
        type=pa.struct([pa.field(n, t.field(i).type) for i, n in enumerate(names)]),
    )


def arrow_to_rows(table: pa.Table, schema: T.StructType) -> list[Any]:
    names = [f.name for f in schema.fields]
    columns = []
    for f, column in zip(schema.fields, table.columns):
        values = _unique_struct_names(column).to_pylist()
        if _needs_conversion(f.dataType):
            values = [_python_value(v, f.dataType) for v in values]
        columns.append(values)
    factory = T.Row(*names)
    return [factory(*vals) for vals in zip(*columns)] if columns else [T.Row() for _ in range(table.num_rows)]

