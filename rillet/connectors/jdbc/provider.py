"""The ``jdbc`` provider: Spark's JDBC options, batch read and write, and the opt-in
exactly-once streaming sink (see :mod:`rillet.connectors.jdbc`)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from rillet.connectors.base import OptionSpec, Provider, Sink, SinkContext
from rillet.connectors.jdbc.dialects import DIALECTS, Dialect, Target, parse_url, redact, redact_url
from rillet.errors import (
    AnalysisException,
    IllegalArgumentException,
    SparkRuntimeException,
    UnsupportedOperationException,
)

NAME = "jdbc"
ISOLATION_LEVELS = ("NONE", "READ_UNCOMMITTED", "READ_COMMITTED", "REPEATABLE_READ", "SERIALIZABLE")


def _require(ok: bool, message: str) -> None:
    # Spark's JDBCOptions use Scala's require(): IllegalArgumentException "requirement failed: ..."
    if not ok:
        raise IllegalArgumentException(f"requirement failed: {message}")


def _check_batchsize(value: int) -> None:
    _require(value >= 1, f"Invalid value `{value}` for parameter `batchsize`. The minimum value is 1.")


def _check_isolation(value: str) -> None:
    if value not in ISOLATION_LEVELS:
        raise IllegalArgumentException(
            errorClass="_LEGACY_ERROR_TEMP_2081",
            messageParameters={"value": value, "jdbcTxnIsolationLevel": "isolationLevel"},
        )


OPTIONS = (
    OptionSpec("url"),
    OptionSpec("dbtable"),
    OptionSpec("query"),
    OptionSpec("driver"),  # accepted for compatibility: the URL picks the ADBC driver
    OptionSpec("user"),
    OptionSpec("password"),
    OptionSpec("partitionColumn"),
    OptionSpec("lowerBound"),
    OptionSpec("upperBound"),
    OptionSpec("numPartitions", int),
    OptionSpec("fetchsize", int, 0),
    OptionSpec("queryTimeout", int, 0),
    OptionSpec("batchsize", int, 1000, check=_check_batchsize),
    OptionSpec("isolationLevel", str, "READ_UNCOMMITTED", check=_check_isolation),
    OptionSpec("truncate", bool, False),
    OptionSpec("cascadeTruncate", bool, False),
    OptionSpec("createTableOptions", str, ""),
    OptionSpec("createTableColumnTypes"),
    OptionSpec("sessionInitStatement"),
    # filters run in rillet's engine after the read either way: accepted, as Spark's
    OptionSpec("pushDownPredicate", bool, True),
    # beyond Spark: the exactly-once streaming sink
    OptionSpec("exactlyOnce", bool, False),
    OptionSpec("keyColumns"),
    OptionSpec("progressTable", str, "rillet_jdbc_progress"),
)


@dataclass(frozen=True)
class Options:
    """The parsed options of one read or write."""

    values: dict[str, Any]
    target: Target
    dialect: Dialect

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def secrets(self) -> list[str]:
        return self.target.secrets()


def parse(options: Mapping[str, str], writing: bool) -> Options:
    """Spark's JDBCOptions checks, in Spark's order, then the typed values."""
    low = {k.lower(): v for k, v in options.items()}
    _require("url" in low, "Option 'url' is required.")
    table, query = low.get("dbtable"), low.get("query")
    if writing:
        _require(table is not None, "Option 'dbtable' is required. Option 'query' is not applicable while writing.")
    else:
        if table is not None and query is not None:
            raise IllegalArgumentException(errorClass="_LEGACY_ERROR_TEMP_2078", messageParameters={
                "jdbcTableName": "dbtable", "jdbcQueryString": "query"})
        if table is None and query is None:
            raise IllegalArgumentException(errorClass="_LEGACY_ERROR_TEMP_2079", messageParameters={
                "jdbcTableName": "dbtable", "jdbcQueryString": "query"})
        _require(not (query is not None and "partitioncolumn" in low), (
            "\nOptions 'query' and 'partitionColumn' can not be specified together.\n"
            "Please define the query using `dbtable` option instead and make sure to qualify\n"
            "the partition columns using the supplied subquery alias to resolve any ambiguity.\n"
            "Example :\n"
            'spark.read.format("jdbc")\n'
            '  .option("url", jdbcUrl)\n'
            '  .option("dbtable", "(select c1, c2 from t1) as subq")\n'
            '  .option("partitionColumn", "c1")\n'
            '  .option("lowerBound", "1")\n'
            '  .option("upperBound", "100")\n'
            '  .option("numPartitions", "3")\n'
            "  .load()\n"))
        given = [k in low for k in ("partitioncolumn", "lowerbound", "upperbound", "numpartitions")]
        _require(not any(given[:3]) or all(given), (
            "When reading JDBC data sources, users need to specify all or none for the following "
            "options: 'partitionColumn', 'lowerBound', 'upperBound', and 'numPartitions'"))
    values = {spec.key: spec.parse(options, NAME) for spec in OPTIONS}
    target = parse_url(str(values["url"]), options)
    return Options(values, target, DIALECTS[target.kind])


@contextlib.contextmanager
def connection(opts: Options, autocommit: bool = False) -> Iterator[Any]:
    """An open ADBC connection; a driver error leaves here with every secret removed."""
    conn = None
    try:
        conn = opts.dialect.connect(opts.target)
        if autocommit:
            conn.adbc_connection.set_autocommit(True)
        yield conn
    except (AnalysisException, IllegalArgumentException):
        raise
    except Exception as e:
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.rollback()
        if type(e).__module__.startswith("adbc_driver"):
            raise SparkRuntimeException(
                f"JDBC {opts.target.kind} ({redact_url(opts.target.url)}): {redact(str(e), opts.secrets)}"
            ) from None
        raise
    finally:
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()


# ---------------------------------------------------------------------------------------
# tables: names, existence, creation


def _split_name(dbtable: str, dialect: Dialect) -> tuple[str | None, str]:
    """``schema.table`` as ADBC's ingest takes it: (schema, table), unquoted; an unquoted
    PostgreSQL name is folded to lower case, as the server does."""
    parts = re.findall(r'"(?:[^"]|"")*"|[^.]+', dbtable.strip())
    names = []
    for p in parts:
        if p.startswith('"'):
            names.append(p[1:-1].replace('""', '"'))
        else:
            names.append(p.strip().lower() if dialect.kind == "postgresql" else p.strip())
    return (names[-2] if len(names) > 1 else None), names[-1]


def table_schema(cur: Any, opts: Options, dbtable: str) -> pa.Schema | None:
    """The table's columns as the driver reads them, or None if there is no such table
    (Spark's ``tableExists``, asked without a failing statement: a failed statement would
    end PostgreSQL's open transaction)."""
    if not opts.dialect.exists(cur, dbtable):
        return None
    cur.execute(f"SELECT * FROM {dbtable} WHERE 1=0")
    return cur.fetch_arrow_table().schema


def _column_types(text: str | None) -> dict[str, str]:
    """``createTableColumnTypes``: ``name TYPE, name TYPE(p, s)`` -> {name: type}."""
    if not text:
        return {}
    out: dict[str, str] = {}
    for part in re.split(r",(?![^(]*\))", text):
        name, _, typ = part.strip().partition(" ")
        out[name.strip('`"').lower()] = typ.strip()
    return out


def create_table(cur: Any, opts: Options, dbtable: str, schema: pa.Schema, keys: list[str] | None = None) -> None:
    """``CREATE TABLE`` with Spark's column types (``createTableColumnTypes`` overriding),
    ``NOT NULL`` for a non-nullable column, then ``createTableOptions``."""
    d = opts.dialect
    custom = _column_types(opts["createTableColumnTypes"])
    cols = []
    for f in schema:
        typ = custom.get(f.name.lower()) or d.sql_type(f.type, f.name)
        cols.append(f"{d.quote(f.name)} {typ}" + ("" if f.nullable else " NOT NULL"))
    if keys:
        cols.append(f"PRIMARY KEY ({', '.join(d.quote(k) for k in keys)})")
    cur.execute(f"CREATE TABLE {dbtable} ({', '.join(cols)}) {opts['createTableOptions']}".rstrip())


def _spark_sql_type(t: pa.DataType) -> str:
    names = [(pa.types.is_boolean, "BOOLEAN"), (pa.types.is_int8, "TINYINT"), (pa.types.is_int16, "SMALLINT"),
             (pa.types.is_int32, "INT"), (pa.types.is_int64, "BIGINT"), (pa.types.is_float32, "FLOAT"),
             (pa.types.is_float64, "DOUBLE"), (pa.types.is_date, "DATE")]
    for test, name in names:
        if test(t):
            return name
    if pa.types.is_decimal(t):
        return f"DECIMAL({t.precision},{t.scale})"
    if pa.types.is_timestamp(t):
        return "TIMESTAMP" if t.tz else "TIMESTAMP_NTZ"
    if pa.types.is_binary(t) or pa.types.is_large_binary(t):
        return "BINARY"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return f"ARRAY<{_spark_sql_type(t.value_type)}>"
    return "STRING"


def conform(table: pa.Table, existing: pa.Schema | None, opts: Options, dbtable: str) -> pa.Table:
    """``table`` as the driver ingests it into ``dbtable``: each column named as the table's
    column of the same name (case-insensitively, as Spark by default) and encoded as its type."""
    by_lower = {f.name.lower(): f for f in existing} if existing is not None else {}
    names, columns = [], []
    for f, col in zip(table.schema, table.columns):
        target = None
        name = f.name
        if existing is not None:
            match = by_lower.get(f.name.lower())
            if match is None:
                raise AnalysisException(errorClass="COLUMN_NOT_DEFINED_IN_TABLE", messageParameters={
                    "colType": f'"{_spark_sql_type(f.type)}"', "colName": f"`{f.name}`",
                    "tableName": f"`{dbtable}`", "tableCols": ", ".join(f"`{c}`" for c in existing.names)})
            name, target = match.name, match.type
        names.append(name)
        columns.append(opts.dialect.for_ingest(col, target))
    return pa.Table.from_arrays(columns, names=names)


def ingest(cur: Any, opts: Options, dbtable: str, table: pa.Table, temporary: bool = False) -> None:
    """Append ``table`` to ``dbtable`` in the open transaction: one bulk ``COPY`` on PostgreSQL."""
    schema_name, name = _split_name(dbtable, opts.dialect)
    if table.num_rows:
        cur.adbc_ingest(name, table, mode="append", db_schema_name=schema_name, temporary=temporary)


def begin(cur: Any, opts: Options) -> None:
    opts.dialect.set_isolation(cur, opts["isolationLevel"])
    if opts["sessionInitStatement"]:
        cur.execute(opts["sessionInitStatement"])


# ---------------------------------------------------------------------------------------
# batch write and read


def write_table(table: pa.Table, options: Mapping[str, str], mode: str) -> None:
    """``df.write.format("jdbc").mode(mode).save()`` with Spark's rules (JdbcRelationProvider):
    an existing table is appended to, truncated (``truncate``, where the database's TRUNCATE
    does not cascade) or dropped and created again (overwrite), left alone (ignore) or an
    error; a new one is created. Unlike Spark, all of it is one transaction."""
    opts = parse(options, writing=True)
    dbtable = str(opts["dbtable"])
    with connection(opts, autocommit=opts["isolationLevel"] == "NONE") as conn:
        cur = conn.cursor()
        begin(cur, opts)
        existing = table_schema(cur, opts, dbtable)
        if existing is not None:
            if mode == "error":
                raise AnalysisException(errorClass="_LEGACY_ERROR_TEMP_1288",
                                        messageParameters={"relationName": dbtable})
            if mode == "ignore":
                return
            if mode == "overwrite":
                if opts["truncate"] and opts.dialect.truncate_cascades is False:
                    cur.execute(opts.dialect.truncate(dbtable, opts["cascadeTruncate"]))
                else:
                    cur.execute(f"DROP TABLE {dbtable}")
                    create_table(cur, opts, dbtable, table.schema)
                    existing = table_schema(cur, opts, dbtable)
        else:
            create_table(cur, opts, dbtable, table.schema)
            existing = table_schema(cur, opts, dbtable)
        ingest(cur, opts, dbtable, conform(table, existing, opts, dbtable))
        if opts["isolationLevel"] != "NONE":
            conn.commit()


def _scala_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def partition_clauses(column: str, lower: int, upper: int, num: int) -> list[str | None]:
    """Spark's ``JDBCRelation.columnPartition``: ``num`` WHERE clauses with equal strides
    between the bounds; the first also takes NULLs and everything below, the last
    everything above (the bounds only decide the strides, they filter nothing)."""
    if num <= 1 or lower == upper:
        return [None]
    _require(lower <= upper, "Operation not allowed: the lower bound of partitioning column is larger than "
                             f"the upper bound. Lower bound: {lower}; Upper bound: {upper}")
    n = num if (upper - lower >= num or upper - lower < 0) else upper - lower
    stride = _scala_div(upper, n) - _scala_div(lower, n)
    clauses: list[str | None] = []
    current = lower
    for i in range(n):
        lo = f"{column} >= {current}" if i != 0 else None
        current += stride
        hi = f"{column} < {current}" if i != n - 1 else None
        clauses.append(lo if hi is None else f"{hi} or {column} is null" if lo is None else f"{lo} AND {hi}")
    return clauses


def read_table(options: Mapping[str, str], predicates: list[str] | None = None) -> pa.Table:
    """``spark.read.format("jdbc").load()``: the rows of ``dbtable`` or of ``query``, one
    query per partition (``partitionColumn`` strides, or ``predicates``), concatenated."""
    opts = parse(options, writing=False)
    if opts["query"] is not None:
        relation = f"({opts['query']}) SPARK_GEN_SUBQ_0"
    else:
        relation = str(opts["dbtable"])
    clauses: list[str | None] = [None]
    if predicates:
        clauses = list(predicates)
    elif opts["partitionColumn"]:
        def bound(key: str) -> int:
            try:
                return int(str(opts[key]).strip())
            except ValueError:
                raise IllegalArgumentException(
                    f"Invalid value '{opts[key]}' for option '{key}' of source 'jdbc': must be an integer."
                ) from None
        column = str(opts["partitionColumn"])
        if not column.startswith('"'):
            column = opts.dialect.quote(column)
        clauses = partition_clauses(column, bound("lowerBound"), bound("upperBound"), int(opts["numPartitions"]))
    with connection(opts) as conn:
        cur = conn.cursor()
        begin(cur, opts)
        declared = opts.dialect.declared_types(cur, relation)
        parts = []
        for where in clauses:
            cur.execute(f"SELECT * FROM {relation}" + (f" WHERE {where}" if where else ""))
            parts.append(opts.dialect.to_spark(cur.fetch_arrow_table(), declared))
        conn.rollback()  # a read changes nothing; end its transaction
    if len(parts) == 1:
        return parts[0]
    return pa.concat_tables(parts, promote_options="permissive")


# ---------------------------------------------------------------------------------------
# the exactly-once streaming sink


class JdbcSink(Sink):
    """Each micro-batch and its batch id in one transaction (beyond Spark).

    Per batch, in one transaction: (1) read this query's last written batch id from the
    progress table (``progressTable``: ``sink_id`` = the query id, ``batch_id``), locking its
    row; (2) if it is ``>=`` the batch id, roll back: the batch was written before a crash;
    (3) write the rows: append (one bulk COPY), complete (delete the table's rows, then
    append), update (upsert by ``keyColumns`` through a temporary staging table, ``INSERT ...
    ON CONFLICT (keys) DO UPDATE``); (4) record the batch id; (5) commit. A crash anywhere
    before (5) leaves nothing; a crash after it makes the re-run batch a no-op."""

    def __init__(self, ctx: SinkContext) -> None:
        self.opts = parse(ctx.options, writing=True)
        self.table = str(self.opts["dbtable"])
        self.sink_id = ctx.query_id or ctx.metadata_path or self.table
        keys = self.opts["keyColumns"]
        self.keys = [k.strip() for k in keys.split(",") if k.strip()] if keys else []
        self.progress = str(self.opts["progressTable"])
        self._prepared = False

    def _prepare(self, cur: Any, conn: Any, schema: pa.Schema) -> None:
        q = self.opts.dialect.quote
        if table_schema(cur, self.opts, self.progress) is None:
            cur.execute(f"CREATE TABLE IF NOT EXISTS {self.progress} ({q('sink_id')} TEXT PRIMARY KEY, "
                        f"{q('batch_id')} BIGINT NOT NULL)")
        if table_schema(cur, self.opts, self.table) is None:
            create_table(cur, self.opts, self.table, schema, self.keys)
        conn.commit()
        self._prepared = True

    def add_batch(self, batch_id: int, table: pa.Table, mode: str) -> None:
        opts, q = self.opts, self.opts.dialect.quote
        if mode == "update" and not self.keys:
            raise IllegalArgumentException(
                "The exactly-once jdbc sink needs option 'keyColumns' (the table's key, e.g. 'id' or "
                "'a,b') in update mode, to upsert each batch's rows by it.")
        with connection(opts) as conn:
            cur = conn.cursor()
            if not self._prepared:
                if opts["sessionInitStatement"]:
                    cur.execute(opts["sessionInitStatement"])
                self._prepare(cur, conn, table.schema)
            begin(cur, opts)
            sink = self.sink_id.replace("'", "''")
            lock = " FOR UPDATE" if opts.dialect.kind == "postgresql" else ""
            cur.execute(f"SELECT {q('batch_id')} FROM {self.progress} WHERE {q('sink_id')} = '{sink}'{lock}")
            done = cur.fetchall()
            if done and int(done[0][0]) >= batch_id:
                conn.rollback()
                return
            existing = table_schema(cur, self.opts, self.table)
            data = conform(table, existing, opts, self.table)
            if mode == "complete":
                cur.execute(f"DELETE FROM {self.table}")
            if mode == "update":
                self._upsert(cur, data)
            else:
                ingest(cur, opts, self.table, data)
            cur.execute(f"INSERT INTO {self.progress} ({q('sink_id')}, {q('batch_id')}) VALUES ('{sink}', {batch_id}) "
                        f"ON CONFLICT ({q('sink_id')}) DO UPDATE SET {q('batch_id')} = excluded.{q('batch_id')}")
            conn.commit()

    def _upsert(self, cur: Any, data: pa.Table) -> None:
        opts, q = self.opts, self.opts.dialect.quote
        stage = "rillet_jdbc_stage"
        cur.execute(f"DROP TABLE IF EXISTS {'pg_temp.' if opts.dialect.kind == 'postgresql' else 'temp.'}{stage}")
        cur.execute(f"CREATE TEMP TABLE {stage} AS SELECT * FROM {self.table} WHERE 1=0")
        if data.num_rows:
            cur.adbc_ingest(stage, data, mode="append", temporary=True)
        cols = ", ".join(q(c) for c in data.column_names)
        keys = {k.lower() for k in self.keys}
        sets = ", ".join(f"{q(c)} = excluded.{q(c)}" for c in data.column_names if c.lower() not in keys)
        action = f"DO UPDATE SET {sets}" if sets else "DO NOTHING"
        # SQLite needs a WHERE for INSERT ... SELECT ... ON CONFLICT to parse the upsert clause
        cur.execute(f"INSERT INTO {self.table} ({cols}) SELECT {cols} FROM {stage} WHERE true "
                    f"ON CONFLICT ({', '.join(q(k) for k in self.keys)}) {action}")
        cur.execute(f"DROP TABLE {stage}")

    def description(self) -> str:
        return f"JdbcSink[{redact_url(self.opts.target.url)}, {self.table}]"


class JdbcProvider(Provider):
    """``jdbc``: batch read and write; a streaming sink only with ``exactlyOnce``."""

    name = NAME
    options = OPTIONS

    def read_batch(self, options: Mapping[str, str], path: str | list[str] | None, schema: pa.Schema | None,
                   conf: Mapping[str, str]) -> pa.Table:
        import json

        predicates = options.get("rillet.jdbc.predicates")
        return read_table(options, json.loads(predicates) if predicates else None)

    def write_batch(self, table: pa.Table, ctx: SinkContext, mode: str) -> None:
        write_table(table, ctx.options, mode)

    def sink(self, ctx: SinkContext) -> Sink:
        if not parse(ctx.options, writing=True)["exactlyOnce"]:
            raise UnsupportedOperationException(
                f"{self.unsupported('writing').getMessage()} rillet writes a stream to a JDBC table "
                "exactly once with .option('exactlyOnce', 'true'), or write each batch from foreachBatch "
                "with batch_df.write.jdbc(...).",
                errorClass="_LEGACY_ERROR_TEMP_2049", messageParameters={"className": NAME, "operator": "writing"})
        return JdbcSink(ctx)


PROVIDER = JdbcProvider()
