"""``SparkSession``: the entry point, as in ``pyspark.sql.SparkSession``.

One process holds one active session (``builder.getOrCreate()``); it owns the
runtime configuration, the temp-view catalog and the streaming query manager.
Starting one takes milliseconds: there is no JVM behind it.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Optional, Union

import pyarrow as pa

from rillet.compute import ComputeContext, execute
from rillet.compute.types import arrow_schema, from_arrow, to_arrow
from rillet.errors import PySparkTypeError, PySparkValueError, SparkNoSuchElementException
from rillet.plan import logical as L
from rillet.plan import types as T
from rillet.plan.analyzer import analyze
from rillet.plan.ddl import _parse_datatype_string
from rillet.plan.type_rules import infer_schema, merge_types

if TYPE_CHECKING:
    from rillet.context import SparkContext
    from rillet.sql.dataframe import DataFrame
    from rillet.sql.datasource import DataSourceRegistration
    from rillet.sql.functions.udf import UDFRegistration
    from rillet.sql.readwriter import DataFrameReader
    from rillet.sql.streaming.checkpoint_manager import StreamingCheckpointManager
    from rillet.sql.streaming.query import StreamingQueryManager
    from rillet.sql.streaming.readwriter import DataStreamReader

__all__ = ["Catalog", "SparkSession", "RuntimeConfig"]

__version__ = "4.0.0"


def _local_tz_name() -> str:
    import os

    tz = os.environ.get("TZ")
    if tz:
        return tz
    try:
        from pathlib import Path

        link = Path("/etc/localtime").resolve()
        parts = link.parts
        if "zoneinfo" in parts:
            return "/".join(parts[parts.index("zoneinfo") + 1:])
    except OSError:
        pass
    return "UTC"


_DEFAULT_CONF: dict[str, str] = {
    "spark.app.name": "rillet",
    "spark.master": "local[*]",
    "spark.sql.ansi.enabled": "true",
    "spark.sql.caseSensitive": "false",
    "spark.sql.shuffle.partitions": "200",
    "spark.sql.streaming.numRecentProgressUpdates": "100",
    "spark.sql.streaming.minBatchesToRetain": "100",
    "spark.sql.streaming.stateStore.minDeltasForSnapshot": "10",
    "spark.sql.streaming.multipleWatermarkPolicy": "min",
    "spark.sql.streaming.noDataMicroBatches.enabled": "true",
    "spark.sql.streaming.pollingDelay": "10ms",
}


class RuntimeConfig:
    """``spark.conf``: get/set/unset of string-valued settings."""

    _UNSET = object()

    def __init__(self, initial: dict[str, str]) -> None:
        self._conf = dict(_DEFAULT_CONF)
        self._conf.setdefault("spark.sql.session.timeZone", _local_tz_name())
        self._conf.update(initial)
        self._lock = threading.Lock()

    def set(self, key: str, value: Union[str, int, bool]) -> None:
        """Sets the given Spark runtime configuration property (booleans as ``"true"``/``"false"``).

        Parameters
        ----------
        key : str
            key of the configuration to set.
        value : str, int, or bool
            value of the configuration to set.

        Examples
        --------
        >>> spark.conf.set("spark.sql.example.flag", True)
        >>> spark.conf.get("spark.sql.example.flag")
        'true'
        >>> spark.conf.unset("spark.sql.example.flag")
        """
        if isinstance(value, bool):
            value = "true" if value else "false"
        with self._lock:
            self._conf[key] = str(value)

    def get(self, key: str, default: Union[Optional[str], object] = _UNSET) -> Optional[str]:
        """Returns the value of Spark runtime configuration property for the given key.

        Without ``default``, a key that is not set raises ``SparkNoSuchElementException``
        (``SQL_CONF_NOT_FOUND``).

        Parameters
        ----------
        key : str
            key of the configuration to get.
        default : str, optional
            value of the configuration to get if the key does not exist.

        Returns
        -------
        The string value of the configuration set, or ``default``.

        Examples
        --------
        >>> spark.conf.get("spark.sql.ansi.enabled")
        'true'
        >>> spark.conf.get("spark.sql.example.missing", "fallback")
        'fallback'
        """
        with self._lock:
            if key in self._conf:
                return self._conf[key]
        if default is not RuntimeConfig._UNSET:
            return default
        raise SparkNoSuchElementException(
            f"[SQL_CONF_NOT_FOUND] The SQL config \"{key}\" cannot be found. Please verify that "
            "the config exists. SQLSTATE: 42K0I",
            errorClass="SQL_CONF_NOT_FOUND",
            messageParameters={"sqlConf": f'"{key}"'},
        )

    def unset(self, key: str) -> None:
        """Resets the configuration property for the given key.

        Parameters
        ----------
        key : str
            key of the configuration to unset.

        Examples
        --------
        >>> spark.conf.set("spark.sql.example.key", "value")
        >>> spark.conf.unset("spark.sql.example.key")
        >>> spark.conf.get("spark.sql.example.key", None) is None
        True
        """
        with self._lock:
            self._conf.pop(key, None)
            if key in _DEFAULT_CONF:
                self._conf[key] = _DEFAULT_CONF[key]
            elif key == "spark.sql.session.timeZone":
                # its default is the JVM's (here: the machine's) zone, so it is not in _DEFAULT_CONF
                self._conf[key] = _local_tz_name()

    def getAll(self) -> dict[str, str]:
        """Returns all properties set in this conf, as a dict of strings.

        A method here; PySpark 4 makes ``getAll`` a property (``spark.conf.getAll`` without a call).

        Examples
        --------
        >>> "spark.sql.session.timeZone" in spark.conf.getAll()
        True
        """
        with self._lock:
            return dict(self._conf)

    def isModifiable(self, key: str) -> bool:
        """Whether the configuration property with the given key is modifiable in the current session.

        Parameters
        ----------
        key : str
            key of the configuration.

        Examples
        --------
        >>> spark.conf.isModifiable("spark.sql.shuffle.partitions")
        True
        >>> spark.conf.isModifiable("spark.executor.memory")
        False
        """
        return key.startswith("spark.sql.")

    def bool(self, key: str) -> bool:
        """The setting ``key`` read as a boolean (``"true"``, any case); an unset key is ``False``.

        Not in PySpark: rillet's own readers of boolean settings use it.

        Examples
        --------
        >>> spark.conf.bool("spark.sql.ansi.enabled")
        True
        """
        return str(self.get(key, "false")).lower() == "true"


class SparkSession:
    """The entry point to rillet, shaped like ``pyspark.sql.SparkSession``.

    Examples
    --------
    >>> from rillet.sql import SparkSession
    >>> spark = SparkSession.builder.appName("demo").getOrCreate()
    >>> spark.range(3).count()
    3
    """

    class Builder:
        _lock = threading.Lock()

        def __init__(self) -> None:
            self._options: dict[str, str] = {}

        def config(self, key: str | None = None, value: Any = None, conf: Any = None, map: dict | None = None) -> SparkSession.Builder:  # noqa: A002
            if key is not None:
                self._options[key] = "true" if value is True else "false" if value is False else str(value)
            for k, v in (map or {}).items():
                self._options[k] = str(v)
            for k, v in conf.getAll() if conf is not None else []:
                self._options[k] = str(v)
            return self

        def appName(self, name: str) -> SparkSession.Builder:
            return self.config("spark.app.name", name)

        def master(self, master: str) -> SparkSession.Builder:
            return self.config("spark.master", master)

        def remote(self, url: str) -> SparkSession.Builder:
            return self.config("spark.remote", url)

        def enableHiveSupport(self) -> SparkSession.Builder:
            return self

        def getOrCreate(self) -> SparkSession:
            with self._lock:
                session = SparkSession._active
                if session is None or session._stopped:
                    session = SparkSession(dict(self._options))
                    SparkSession._active = session
                else:
                    for k, v in self._options.items():
                        session.conf.set(k, v)
                return session

        def create(self) -> SparkSession:
            return SparkSession(dict(self._options))

    builder: SparkSession.Builder
    _active: SparkSession | None = None

    def __init__(self, options: dict[str, str] | None = None) -> None:
        self.conf = RuntimeConfig(options or {})
        self._catalog_views: dict[str, L.LogicalPlan] = {}
        self._catalog_tables: dict[str, Any] = {}  # name -> callable returning a LocalRelation
        self._stopped = False
        self._start_time = time.time()
        self._spark_context: SparkContext | None = None
        from rillet.sql.streaming.query import StreamingQueryManager

        self._streams = StreamingQueryManager(self)
        from rillet.sql.datasource import DataSourceRegistration

        self._data_sources = DataSourceRegistration(self)
        self._ui = None
        if str(self.conf.get("spark.ui.enabled", "true")).lower() == "true":
            from rillet.ui import start_dashboard

            self._ui = start_dashboard(self)

    @classmethod
    def getActiveSession(cls) -> SparkSession | None:
        """Returns the active :class:`SparkSession` for the current thread, returned by the builder

        Returns
        -------
        :class:`SparkSession`
            Spark session if an active session exists for the current thread

        Examples
        --------
        >>> SparkSession.getActiveSession() is spark
        True
        """
        return cls._active if cls._active is not None and not cls._active._stopped else None

    @classmethod
    def active(cls) -> SparkSession:
        """Returns the active or default :class:`SparkSession` for the current thread, returned by
        the builder.

        Returns
        -------
        :class:`SparkSession`
            Spark session if an active or default session exists for the current thread.

        Examples
        --------
        >>> SparkSession.active() is spark
        True
        """
        session = cls.getActiveSession()
        return session if session is not None else cls.builder.getOrCreate()

    @property
    def version(self) -> str:
        """The version of Spark on which this application is running.

        Returns
        -------
        str
            the version of Spark in string.

        Examples
        --------
        >>> _ = spark.version
        """
        return __version__

    @property
    def sparkContext(self) -> SparkContext:
        """The :class:`~rillet.SparkContext` of this session: application name, master, parallelism,
        log level, dashboard URL and configuration.

        Examples
        --------
        >>> spark.sparkContext.appName == spark.conf.get("spark.app.name", "rillet")
        True
        """
        if self._spark_context is None:
            from rillet.context import SparkContext

            self._spark_context = SparkContext(self)
        return self._spark_context

    @property
    def _streamingCheckpointManager(self) -> StreamingCheckpointManager:  # noqa: N802 - PySpark's name
        from rillet.sql.streaming.checkpoint_manager import StreamingCheckpointManager

        return StreamingCheckpointManager(self)

    # ------------------------------------------------------------------ internals
    @property
    def _case_sensitive(self) -> bool:
        return self.conf.bool("spark.sql.caseSensitive")

    @property
    def _session_tz(self) -> str:
        return str(self.conf.get("spark.sql.session.timeZone"))

    def lookup_relation(self, name: str) -> L.LogicalPlan | None:
        """The plan of the table or temporary view ``name`` (case-insensitive), or None.

        Not in PySpark: the analyzer resolves table names through it.

        Examples
        --------
        >>> spark.range(1).createOrReplaceTempView("lookup_example")
        >>> spark.lookup_relation("LOOKUP_EXAMPLE") is not None
        True
        >>> spark.lookup_relation("no_such_view") is None
        True
        >>> spark.catalog.dropTempView("lookup_example")
        True
        """
        key = name.lower()
        if key in self._catalog_tables:
            return self._catalog_tables[key]()
        return self._catalog_views.get(key)

    def _analyze(self, plan: L.LogicalPlan) -> L.LogicalPlan:
        return analyze(plan, self, self._case_sensitive)

    def _compute_context(self, now: _dt.datetime | None = None) -> ComputeContext:
        return ComputeContext(
            now=now or _dt.datetime.now(_dt.timezone.utc),
            session_tz=self._session_tz,
            ansi=self.conf.bool("spark.sql.ansi.enabled"),
        )

    def _execute(self, plan: L.LogicalPlan) -> pa.Table:
        return execute(plan, self._compute_context())

    def _dataframe_from_arrow(self, table: pa.Table) -> DataFrame:
        from rillet.sql.dataframe import DataFrame

        schema = T.StructType([T.StructField(f.name, from_arrow(f.type), f.nullable) for f in table.schema])
        return DataFrame(L.LocalRelation(L.attributes_for(schema), table), self)

    # ------------------------------------------------------------------ building DataFrames
    def range(self, start: int, end: int | None = None, step: int = 1, numPartitions: int | None = None) -> DataFrame:
        """Create a :class:`DataFrame` with single :class:`rillet.sql.types.LongType` column named
        ``id``, containing elements in a range from ``start`` to ``end`` (exclusive) with
        step value ``step``.

        Parameters
        ----------
        start : int
            the start value
        end : int, optional
            the end value (exclusive)
        step : int, optional
            the incremental step (default: 1)
        numPartitions : int, optional
            the number of partitions of the DataFrame

        Returns
        -------
        :class:`DataFrame`

        Examples
        --------
        >>> spark.range(1, 7, 2).show()
        +---+
        | id|
        +---+
        |  1|
        |  3|
        |  5|
        +---+

        If only one argument is specified, it will be used as the end value.

        >>> spark.range(3).show()
        +---+
        | id|
        +---+
        |  0|
        |  1|
        |  2|
        +---+
        """
        from rillet.sql.dataframe import DataFrame

        if end is None:
            start, end = 0, start
        return DataFrame(L.Range(int(start), int(end), int(step)), self)

    def createDataFrame(
        self,
        data: Any,
        schema: T.StructType | T.DataType | str | list[str] | tuple[str, ...] | None = None,
        samplingRatio: float | None = None,
        verifySchema: bool = True,
    ) -> DataFrame:
        """Create a DataFrame from rows (tuples, dicts, Rows), pandas, or Arrow.

        Parameters
        ----------
        data : :class:`RDD` or iterable
            an RDD of any kind of SQL data representation (:class:`Row`,
            :class:`tuple`, ``int``, ``boolean``, ``dict``, etc.), or :class:`list`,
            :class:`pandas.DataFrame`, :class:`numpy.ndarray`, or :class:`pyarrow.Table`.
        schema : :class:`rillet.sql.types.DataType`, str or list, optional
            a :class:`rillet.sql.types.DataType` or a datatype string or a list of
            column names, default is None. The data type string format equals to
            :class:`rillet.sql.types.DataType.simpleString`, except that top level struct type can
            omit the ``struct<>``.

            When ``schema`` is a list of column names, the type of each column
            will be inferred from ``data``.

            When ``schema`` is ``None``, it will try to infer the schema (column names and types)
            from ``data``, which should be an RDD of either :class:`Row`,
            :class:`namedtuple`, or :class:`dict`.

            When ``schema`` is :class:`rillet.sql.types.DataType` or a datatype string, it must
            match the real data, or an exception will be thrown at runtime. If the given schema is
            not :class:`rillet.sql.types.StructType`, it will be wrapped into a
            :class:`rillet.sql.types.StructType` as its only field, and the field name will be
            "value". Each record will also be wrapped into a tuple, which can be converted to row
            later.
        samplingRatio : float, optional
            the sample ratio of rows used for inferring. The first few rows will be used
            if ``samplingRatio`` is ``None``. This option is effective only when the input is
            :class:`RDD`.
        verifySchema : bool, optional
            verify data types of every row against schema. Enabled by default.
            When the input is :class:`pyarrow.Table` or when the input class is
            :class:`pandas.DataFrame` and `spark.sql.execution.arrow.pyspark.enabled` is enabled,
            this option is not effective. It follows Arrow type coercion. This option is not
            supported with Spark Connect.

        Returns
        -------
        :class:`DataFrame`

        Examples
        --------
        >>> spark.createDataFrame([(1, "Alice"), (2, "Bob")], ["id", "name"]).show()
        +---+-----+
        | id| name|
        +---+-----+
        |  1|Alice|
        |  2|  Bob|
        +---+-----+
        >>> spark.createDataFrame([Row(id=1, tags=["a", "b"])]).printSchema()
        root
         |-- id: long (nullable = true)
         |-- tags: array (nullable = true)
         |    |-- element: string (containsNull = true)
        >>> spark.createDataFrame([(1, 2.5)], "id INT, score DOUBLE").show()
        +---+-----+
        | id|score|
        +---+-----+
        |  1|  2.5|
        +---+-----+
        """
        from rillet.sql.dataframe import DataFrame

        if isinstance(data, DataFrame):
            raise PySparkTypeError(
                errorClass="INVALID_TYPE",
                messageParameters={"arg_name": "data", "arg_type": "DataFrame"},
            )
        names: list[str] | None = None
        struct: T.StructType | None = None
        if isinstance(schema, str):
            parsed = _parse_datatype_string(schema)
            struct = parsed if isinstance(parsed, T.StructType) else T.StructType([T.StructField("value", parsed, True)])
        elif isinstance(schema, T.StructType):
            struct = schema
        elif isinstance(schema, T.DataType):
            struct = T.StructType([T.StructField("value", schema, True)])
        elif isinstance(schema, (list, tuple)):
            names = [str(n) for n in schema]
        elif schema is not None:
            raise PySparkTypeError(
                errorClass="NOT_LIST_OR_NONE_OR_STRUCT",
                messageParameters={"arg_name": "schema", "arg_type": type(schema).__name__},
            )

        if isinstance(data, pa.Table):
            table = data
            if names:
                table = table.rename_columns(names)
            if struct is not None:
                from rillet.compute.types import cast_table

                table = cast_table(table.rename_columns([f.name for f in struct.fields]), struct)
            return self._dataframe_from_arrow(table)
        if _is_pandas(data):
            table = pa.Table.from_pandas(data, preserve_index=False)
            if names:
                table = table.rename_columns(names)
            if struct is not None:
                from rillet.compute.types import cast_table

                table = cast_table(table.rename_columns([f.name for f in struct.fields]), struct)
            return self._dataframe_from_arrow(table)

        rows = list(data) if not isinstance(data, list) else data
        if struct is not None and struct.fields and rows and not isinstance(rows[0], (tuple, list, dict, T.Row)) and len(struct.fields) == 1:
            rows = [(r,) for r in rows]
        if struct is None:
            struct = _infer_schema(rows, names)
        elif names:
            struct = T.StructType([T.StructField(n, f.dataType, f.nullable) for n, f in zip(names, struct.fields)])
        table = _rows_to_arrow(rows, struct, self._session_tz)
        return DataFrame(L.LocalRelation(L.attributes_for(struct), table), self)

    def sql(self, sqlQuery: str, args: Any = None, **kwargs: Any) -> DataFrame:
        """Run a SQL query over temp views (batch or streaming).

        Parameters
        ----------
        sqlQuery : str
            SQL query string.
        args : dict or list
            A dictionary of parameter names to Python objects or a list of Python objects
            that can be converted to SQL literal expressions. See
            `Supported Data Types`_ for supported value types in Python.
            For example, dictionary keys: "rank", "name", "birthdate";
            dictionary or list values: 1, "Steven", datetime.date(2023, 4, 2).
            A value can be also a `Column` of a literal or collection constructor functions such
            as `map()`, `array()`, `struct()`, in that case it is taken as is.

            .. _Supported Data Types: https://spark.apache.org/docs/latest/sql-ref-datatypes.html

        kwargs : dict
            Other variables that the user wants to set that can be referenced in the query

               Added optional argument ``kwargs`` to specify the mapping of variables in the query.
               This feature is experimental and unstable.

        Returns
        -------
        :class:`DataFrame`

        Examples
        --------
        >>> spark.sql("SELECT 1 AS one, 'a' AS letter").show()
        +---+------+
        |one|letter|
        +---+------+
        |  1|     a|
        +---+------+
        """
        from rillet.plan.sql_parser import parse_query
        from rillet.sql._statements import run_statement
        from rillet.sql.dataframe import DataFrame

        done = run_statement(self, sqlQuery)
        if done is not None:
            return done
        return DataFrame(parse_query(sqlQuery), self)

    def table(self, tableName: str) -> DataFrame:
        """Returns the specified table as a :class:`DataFrame`.

        Parameters
        ----------
        tableName : str
            the table name to retrieve.

        Returns
        -------
        :class:`DataFrame`

        Examples
        --------
        >>> spark.range(5).createOrReplaceTempView("table1")
        >>> spark.table("table1").sort("id").show()
        +---+
        | id|
        +---+
        |  0|
        |  1|
        |  2|
        |  3|
        |  4|
        +---+
        """
        from rillet.sql.dataframe import DataFrame

        return DataFrame(L.UnresolvedRelation(tableName), self)

    @property
    def read(self) -> DataFrameReader:
        """Returns a :class:`DataFrameReader` that can be used to read data
        in as a :class:`DataFrame`.

        Returns
        -------
        :class:`DataFrameReader`

        Examples
        --------
        >>> spark.read
        <...DataFrameReader object ...>

        Write a DataFrame into a JSON file and read it back.

        >>> import tempfile
        >>> with tempfile.TemporaryDirectory(prefix="read") as d:
        ...     # Write a DataFrame into a JSON file
        ...     spark.createDataFrame(
        ...         [{"age": 100, "name": "Hyukjin Kwon"}]
        ...     ).write.mode("overwrite").format("json").save(d)
        ...
        ...     # Read the JSON file as a DataFrame.
        ...     spark.read.format('json').load(d).show()
        +---+------------+
        |age|        name|
        +---+------------+
        |100|Hyukjin Kwon|
        +---+------------+
        """
        from rillet.sql.readwriter import DataFrameReader

        return DataFrameReader(self)

    @property
    def readStream(self) -> DataStreamReader:
        """Read data streams: ``spark.readStream.format("socket")...load()``.

        Returns
        -------
        :class:`DataStreamReader`

        Examples
        --------
        >>> df = spark.readStream.format("rate").load()
        >>> df.isStreaming
        True
        >>> df.columns
        ['timestamp', 'value']
        """
        from rillet.sql.streaming.readwriter import DataStreamReader

        return DataStreamReader(self)

    @property
    def dataSource(self) -> DataSourceRegistration:
        """Register Python data sources: ``spark.dataSource.register(MySource)``.

        Examples
        --------
        >>> type(spark.dataSource).__name__
        'DataSourceRegistration'
        """
        return self._data_sources

    @property
    def streams(self) -> StreamingQueryManager:
        """Manage all the active streaming queries of this session.

        Examples
        --------
        >>> spark.streams.active
        []
        """
        return self._streams

    @property
    def catalog(self) -> Catalog:
        """Interface through which the user may list the tables and views of this session.

        Examples
        --------
        >>> spark.range(1).createOrReplaceTempView("example_view")
        >>> spark.catalog.tableExists("example_view")
        True
        >>> spark.catalog.dropTempView("example_view")
        True
        """
        return Catalog(self)

    @property
    def udf(self) -> UDFRegistration:
        """Register Python functions for SQL: ``spark.udf.register("f", f, "int")``.

        Returns
        -------
        :class:`UDFRegistration`

        Examples
        --------
        Register a Python UDF, and use it in SQL.

        >>> strlen = spark.udf.register("strlen", lambda x: len(x))
        >>> spark.sql("SELECT strlen('test')").show()
        +------------+
        |strlen(test)|
        +------------+
        |           4|
        +------------+
        """
        from rillet.sql.functions.udf import UDFRegistration

        return UDFRegistration()

    def newSession(self) -> SparkSession:
        """Returns a new :class:`SparkSession` as new session, that has separate SQLConf,
        registered temporary views and UDFs, but shared :class:`SparkContext` and
        table cache.

        Returns
        -------
        :class:`SparkSession`
            Spark session if an active session exists for the current thread

        Examples
        --------
        >>> spark.newSession()
        <...SparkSession object ...>
        """
        return SparkSession(self.conf.getAll())

    def stop(self) -> None:
        """Stop the session: its active streaming queries, its dashboard, then the session itself.

        Examples
        --------
        >>> spark.stop()  # doctest: +SKIP
        """
        for q in list(self._streams.active):
            q.stop()
        if self._ui is not None:
            self._ui.stop()
            self._ui = None
        self._streams._stop()
        self._stopped = True
        if SparkSession._active is self:
            SparkSession._active = None

    def __enter__(self) -> SparkSession:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


SparkSession.builder = SparkSession.Builder()


class Catalog:
    """The subset of ``spark.catalog`` that has meaning without a metastore."""

    def __init__(self, session: SparkSession) -> None:
        self._session = session

    def dropTempView(self, viewName: str) -> bool:
        return self._session._catalog_views.pop(viewName.lower(), None) is not None

    def tableExists(self, tableName: str, dbName: str | None = None) -> bool:
        return self._session.lookup_relation(tableName) is not None

    def listTables(self, dbName: str | None = None) -> list[Any]:
        from rillet.sql.writer import ManagedTable

        names = sorted({*self._session._catalog_views, *self._session._catalog_tables})
        tables = self._session._catalog_tables
        return [
            T.Row(name=n, catalog="spark_catalog", namespace=["default"], description=None, tableType="MANAGED",
                  isTemporary=False)
            if isinstance(tables.get(n), ManagedTable) else
            T.Row(name=n, catalog=None, namespace=[], description=None, tableType="TEMPORARY", isTemporary=True)
            for n in names
        ]


# ---------------------------------------------------------------------------
# createDataFrame helpers


def _is_pandas(data: Any) -> bool:
    mod = type(data).__module__
    return mod.startswith("pandas") and type(data).__name__ == "DataFrame"


def _infer_schema(rows: list[Any], names: list[str] | None) -> T.StructType:
    if not rows:
        raise PySparkValueError(errorClass="CANNOT_INFER_EMPTY_SCHEMA", messageParameters={})
    struct: T.StructType | None = None
    for r in rows:
        s = infer_schema(r, names) if names else infer_schema(r)
        struct = s if struct is None else merge_types(struct, s)
    assert isinstance(struct, T.StructType)
    for f in struct.fields:
        if isinstance(f.dataType, T.NullType):
            raise PySparkValueError(
                errorClass="CANNOT_DETERMINE_TYPE",
                messageParameters={},
                message="[CANNOT_DETERMINE_TYPE] Some of types cannot be determined after inferring.",
            )
    return struct


def _row_values(row: Any, struct: T.StructType) -> list[Any]:
    if isinstance(row, dict):
        return [row.get(f.name) for f in struct.fields]
    if isinstance(row, T.Row) and hasattr(row, "__fields__"):
        d = row.asDict()
        if all(f.name in d for f in struct.fields):
            return [d[f.name] for f in struct.fields]
        return list(row)
    if isinstance(row, (tuple, list)):
        if len(row) != len(struct.fields):
            raise PySparkValueError(
                errorClass="AXIS_LENGTH_MISMATCH",
                messageParameters={"expected_length": str(len(struct.fields)), "actual_length": str(len(row))},
            )
        return list(row)
    if hasattr(row, "__dict__"):
        return [getattr(row, f.name, None) for f in struct.fields]
    return [row]


def _to_arrow_value(value: Any, dtype: T.DataType, tz: str) -> Any:
    if value is None:
        return None
    if isinstance(dtype, T.TimestampType) and isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.astimezone()  # naive = the Python process's local time, as PySpark
        return value
    if isinstance(dtype, T.StructType):
        if isinstance(value, dict):
            return {f.name: _to_arrow_value(value.get(f.name), f.dataType, tz) for f in dtype.fields}
        return {f.name: _to_arrow_value(v, f.dataType, tz) for f, v in zip(dtype.fields, value)}
    if isinstance(dtype, T.ArrayType):
        return [_to_arrow_value(v, dtype.elementType, tz) for v in value]
    if isinstance(dtype, T.MapType):
        return [(_to_arrow_value(k, dtype.keyType, tz), _to_arrow_value(v, dtype.valueType, tz)) for k, v in value.items()]
    if isinstance(dtype, T.DecimalType) and not isinstance(value, decimal.Decimal):
        return decimal.Decimal(str(value))
    if isinstance(dtype, (T.FloatType, T.DoubleType)) and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _check_value(value: Any, f: T.StructField) -> None:
    if value is None:
        if not f.nullable:
            raise PySparkValueError(
                errorClass="FIELD_NOT_NULLABLE_WITH_NAME",
                messageParameters={"field_name": f.name},
                message=f"[FIELD_NOT_NULLABLE_WITH_NAME] {f.name}: This field is not nullable, but got None.",
            )
        return
    ok = {
        T.StringType: (str,),
        T.BooleanType: (bool,),
        T.ByteType: (int,), T.ShortType: (int,), T.IntegerType: (int,), T.LongType: (int,),
        T.FloatType: (float, int), T.DoubleType: (float, int),
        T.DateType: (_dt.date,), T.TimestampType: (_dt.datetime,), T.TimestampNTZType: (_dt.datetime,),
        T.BinaryType: (bytes, bytearray), T.DecimalType: (decimal.Decimal, int, float),
    }.get(type(f.dataType))
    if ok is not None and (not isinstance(value, ok) or (isinstance(value, bool) and bool not in ok and int in ok)):
        raise PySparkTypeError(
            errorClass="FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME",
            messageParameters={},
            message=(
                f"[FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME] {f.name}: {f.dataType!r} can not accept "
                f"object {value!r} in type {type(value)}."
            ),
        )


def _rows_to_arrow(rows: Iterable[Any], struct: T.StructType, tz: str) -> pa.Table:
    columns: list[list[Any]] = [[] for _ in struct.fields]
    for r in rows:
        values = _row_values(r, struct)
        for i, (f, v) in enumerate(zip(struct.fields, values)):
            _check_value(v, f)
            columns[i].append(_to_arrow_value(v, f.dataType, tz))
    arrays = [pa.array(col, type=to_arrow(f.dataType)) for col, f in zip(columns, struct.fields)]
    return pa.Table.from_arrays(arrays, schema=arrow_schema(struct))

