"""JDBC URLs to ADBC connections, and each database's SQL: identifiers, Spark's type mapping
(as Spark's ``PostgresDialect`` and ``JdbcUtils`` do), table checks, upserts.

Two databases, each on its maintained Arrow-native ADBC driver (the ``jdbc`` extra):
``jdbc:postgresql://host:port/db`` (``adbc-driver-postgresql``, libpq; writes are one binary
``COPY``) and ``jdbc:sqlite:path`` (``adbc-driver-sqlite``). Nothing here prints a password:
:func:`redact` removes it from a URL or a driver's message before either is shown.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from rillet.errors import AnalysisException, IllegalArgumentException

# Spark's ``spark.redaction.regex`` default: option keys whose values are never shown
SECRET_KEY = re.compile(r"(?i)secret|password|token|access[.]?key")


def _driver(module: str) -> Any:
    """Import an ADBC driver lazily: it is an optional dependency (the ``jdbc`` extra)."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            f"format('jdbc') needs the '{module.split('.')[0].replace('_', '-')}' package: "
            "pip install 'rillet[jdbc]'"
        ) from None


@dataclass(frozen=True)
class Target:
    """A parsed JDBC URL plus the credentials of the options."""

    kind: str  # "postgresql" or "sqlite"
    url: str  # the user's JDBC URL
    host: str = ""
    port: int | None = None
    database: str = ""  # PostgreSQL's database name, SQLite's file path
    params: tuple[tuple[str, str], ...] = ()
    user: str | None = None
    password: str | None = None

    def secrets(self) -> list[str]:
        return [s for s in (self.password,) if s]


def parse_url(url: str, options: Mapping[str, str]) -> Target:
    """``jdbc:postgresql://host[:port]/db[?k=v&...]`` or ``jdbc:sqlite:path``; ``user`` and
    ``password`` come from the options or else the URL's parameters (as the JDBC drivers)."""
    low = {k.lower(): v for k, v in options.items()}
    if url.startswith("jdbc:sqlite:"):
        path = url[len("jdbc:sqlite:"):]
        if path.startswith("file:"):
            path = urllib.parse.urlparse(path).path or path[len("file:"):]
        return Target("sqlite", url, database=path or ":memory:")
    if url.startswith("jdbc:postgresql:"):
        parts = urllib.parse.urlsplit(url[len("jdbc:"):])
        params = tuple(urllib.parse.parse_qsl(parts.query))
        by_key = dict(params)
        return Target(
            "postgresql", url, host=parts.hostname or "localhost", port=parts.port or 5432,
            database=parts.path.lstrip("/") or "", params=tuple((k, v) for k, v in params
                                                               if k not in ("user", "password")),
            user=low.get("user", by_key.get("user")), password=low.get("password", by_key.get("password")),
        )
    raise IllegalArgumentException(
        f"Invalid value '{redact_url(url)}' for option 'url' of source 'jdbc': rillet connects to "
        "'jdbc:postgresql://host:port/database' and 'jdbc:sqlite:path' URLs."
    )


def redact_url(url: str) -> str:
    """``url`` with any ``password=...`` parameter (and ``user:password@``) replaced."""
    url = re.sub(r"(?i)(password=)[^&;]*", r"\1*********(redacted)", url)
    return re.sub(r"(//[^/:@]*:)[^@/]*@", r"\1*********(redacted)@", url)


def redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "*********(redacted)")
        text = text.replace(urllib.parse.quote(secret, safe=""), "*********(redacted)")
    return redact_url(text)


class Dialect:
    """What differs between databases; one instance per kind."""

    kind = ""
    # Spark's isCascadingTruncateTable: overwrite with ``truncate`` truncates only where this
    # is False; None (unknown, as for a database Spark has no dialect for) drops and creates
    truncate_cascades: bool | None = None

    def connect(self, target: Target) -> Any:
        raise NotImplementedError

    def quote(self, name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def sql_type(self, t: pa.DataType, column: str) -> str:
        raise NotImplementedError

    def for_ingest(self, column: pa.ChunkedArray, target: pa.DataType | None) -> pa.ChunkedArray:
        """``column`` as the driver ingests it into a column read back as ``target``."""
        return column

    def to_spark(self, table: pa.Table, declared: Mapping[str, str]) -> pa.Table:
        """A read result with Spark's types (``declared``: column -> declared SQL type)."""
        return table

    def declared_types(self, cursor: Any, relation: str) -> dict[str, str]:
        return {}

    def exists(self, cursor: Any, table: str) -> bool:
        """Whether the table (or view) ``table``, as written in SQL, exists."""
        try:
            cursor.execute(f"SELECT 1 FROM {table} WHERE 1=0")
            cursor.fetchall()
            return True
        except Exception:
            return False

    def set_isolation(self, cursor: Any, level: str) -> None:
        """Start the write's transaction at ``level`` (Spark's names)."""

    def truncate(self, table: str, cascade: bool) -> str:
        return f"TRUNCATE TABLE {table}"


# Spark type (as rillet's Arrow type) -> PostgreSQL column type: PostgresDialect.getJDBCType,
# falling back to JdbcUtils.getCommonJDBCType
def _pg_type(t: pa.DataType, column: str) -> str:
    if pa.types.is_boolean(t):
        return "BOOLEAN"
    if pa.types.is_int8(t) or pa.types.is_int16(t):
        return "SMALLINT"
    if pa.types.is_int32(t):
        return "INTEGER"
    if pa.types.is_int64(t):
        return "BIGINT"
    if pa.types.is_float32(t):
        return "FLOAT4"
    if pa.types.is_float64(t):
        return "FLOAT8"
    if pa.types.is_decimal(t):
        return f"NUMERIC({t.precision},{t.scale})"
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return "TEXT"
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_binary_view(t):
        return "BYTEA"
    if pa.types.is_date(t):
        return "DATE"
    if pa.types.is_timestamp(t):
        # TimestampType (an instant) -> TIMESTAMP WITH TIME ZONE; TimestampNTZType -> TIMESTAMP
        return "TIMESTAMP" if t.tz is None else "TIMESTAMP WITH TIME ZONE"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        inner = _pg_type(t.value_type, column)
        # PostgreSQL arrays have no nesting in their type: int[][] is int[]
        return inner if inner.endswith("[]") else inner + "[]"
    raise AnalysisException(
        errorClass="UNSUPPORTED_DATATYPE", messageParameters={"typeName": f"{t} (column `{column}`)"}
    )


class Postgres(Dialect):
    kind = "postgresql"
    truncate_cascades = False

    def connect(self, target: Target) -> Any:
        pg = _driver("adbc_driver_postgresql.dbapi")
        auth = ""
        if target.user:
            auth = urllib.parse.quote(target.user, safe="")
            if target.password:
                auth += ":" + urllib.parse.quote(target.password, safe="")
            auth += "@"
        query = urllib.parse.urlencode(target.params)
        uri = f"postgresql://{auth}{target.host}:{target.port}/{target.database}" + (f"?{query}" if query else "")
        return pg.connect(uri)

    def sql_type(self, t: pa.DataType, column: str) -> str:
        return _pg_type(t, column)

    def for_ingest(self, column: pa.ChunkedArray, target: pa.DataType | None) -> pa.ChunkedArray:
        # binary COPY carries no types: every value must be encoded as the column's own type
        t = column.type
        if target is None:
            if pa.types.is_int8(t):
                return column.cast(pa.int16())
            return column
        if isinstance(target, pa.BaseExtensionType):
            if pa.types.is_decimal(t):
                return column  # the driver writes a decimal as NUMERIC
            return column.cast(pa.string())
        if pa.types.is_timestamp(target) and pa.types.is_timestamp(t):
            return column.cast(pa.timestamp("us", tz=t.tz))  # same bytes; the column says what they mean
        if t != target:
            return column.cast(target)
        return column

    def to_spark(self, table: pa.Table, declared: Mapping[str, str]) -> pa.Table:
        columns = []
        for field, col in zip(table.schema, table.columns):
            meta = field.metadata or {}
            pgtype = meta.get(b"POSTGRESQL:type", b"").decode()
            t = field.type
            if pgtype == "numeric":
                typmod = int(meta.get(b"POSTGRESQL:typmod", b"-1") or -1)
                # Spark: NUMERIC(p,s) -> DecimalType(p,s); an unbounded NUMERIC -> DecimalType(38,18)
                p, s = ((typmod - 4) >> 16, (typmod - 4) & 0xFFFF) if typmod > 4 else (38, 18)
                storage = col.cast(t.storage_type) if isinstance(t, pa.BaseExtensionType) else col
                col = pc.cast(storage, pa.decimal128(p, s))
            elif isinstance(t, pa.BaseExtensionType):
                col = col.cast(t.storage_type)  # uuid, json, ... are strings in Spark
            elif pa.types.is_timestamp(t) and t.tz is None:
                # Spark reads TIMESTAMP (no zone) as TimestampType, wall clock in the JVM's zone (UTC here)
                col = col.cast(pa.timestamp("us", tz="UTC"))
            columns.append(col)
        return pa.Table.from_arrays(columns, names=table.column_names)

    def exists(self, cursor: Any, table: str) -> bool:
        cursor.execute(f"SELECT to_regclass('{table.replace(chr(39), chr(39) * 2)}') IS NOT NULL")
        return bool(cursor.fetchall()[0][0])

    def set_isolation(self, cursor: Any, level: str) -> None:
        if level != "NONE":
            cursor.execute(f"SET TRANSACTION ISOLATION LEVEL {level.replace('_', ' ')}")

    def truncate(self, table: str, cascade: bool) -> str:
        # PostgresDialect: ONLY, so a truncate never reaches inheriting tables
        return f"TRUNCATE TABLE ONLY {table}" + (" CASCADE" if cascade else "")


# Spark with no dialect of its own (SQLite): JdbcUtils.getCommonJDBCType
def _common_type(t: pa.DataType, column: str) -> str:
    if pa.types.is_boolean(t):
        return "BIT(1)"
    if pa.types.is_int8(t):
        return "BYTE"
    if pa.types.is_int16(t) or pa.types.is_int32(t):
        return "INTEGER"
    if pa.types.is_int64(t):
        return "BIGINT"
    if pa.types.is_float32(t):
        return "REAL"
    if pa.types.is_float64(t):
        return "DOUBLE PRECISION"
    if pa.types.is_decimal(t):
        return f"DECIMAL({t.precision},{t.scale})"
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return "TEXT"
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_binary_view(t):
        return "BLOB"
    if pa.types.is_date(t):
        return "DATE"
    if pa.types.is_timestamp(t):
        return "TIMESTAMP"
    raise AnalysisException(
        errorClass="UNSUPPORTED_DATATYPE", messageParameters={"typeName": f"{t} (column `{column}`)"}
    )


_DECIMAL = re.compile(r"(?:DECIMAL|NUMERIC)\s*\(\s*(\d+)\s*(?:,\s*(\d+))?\s*\)")


def _sqlite_spark_type(declared: str) -> pa.DataType | None:
    """The Spark type of a SQLite column declared ``declared`` (as Spark maps the JDBC type
    the sqlite driver reports for it), or None to keep what the values are."""
    d = declared.upper().strip()
    m = _DECIMAL.match(d)
    if m:
        return pa.decimal128(int(m.group(1)), int(m.group(2) or 0))
    table = {"BIT(1)": pa.bool_(), "BOOLEAN": pa.bool_(), "BYTE": pa.int8(), "TINYINT": pa.int8(),
             "SMALLINT": pa.int16(), "INTEGER": pa.int32(), "INT": pa.int32(), "BIGINT": pa.int64(),
             "REAL": pa.float32(), "FLOAT": pa.float64(), "DOUBLE": pa.float64(),
             "DOUBLE PRECISION": pa.float64(), "TEXT": pa.large_string(), "BLOB": pa.large_binary(),
             "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us", tz="UTC"),
             "DATETIME": pa.timestamp("us", tz="UTC")}
    if d in table:
        return table[d]
    if d.startswith(("VARCHAR", "CHAR", "NVARCHAR", "CLOB")):
        return pa.large_string()
    return None


class SQLite(Dialect):
    kind = "sqlite"

    def connect(self, target: Target) -> Any:
        conn = _driver("adbc_driver_sqlite.dbapi").connect(target.database)
        # wait for another connection's write (a reader, a restarted query) instead of failing
        cur = conn.cursor()
        cur.execute("PRAGMA busy_timeout = 30000")
        cur.close()
        return conn

    def sql_type(self, t: pa.DataType, column: str) -> str:
        return _common_type(t, column)

    def for_ingest(self, column: pa.ChunkedArray, target: pa.DataType | None) -> pa.ChunkedArray:
        t = column.type
        if pa.types.is_decimal(t):
            return column.cast(pa.string())  # the driver has no decimals; NUMERIC affinity parses the text
        if pa.types.is_boolean(t):
            return column.cast(pa.int8())
        return column

    def declared_types(self, cursor: Any, relation: str) -> dict[str, str]:
        # a temporary view over the relation has each column's declared type
        cursor.execute("DROP VIEW IF EXISTS temp.rillet_jdbc_columns")
        cursor.execute(f"CREATE TEMP VIEW rillet_jdbc_columns AS SELECT * FROM {relation}")
        cursor.execute("SELECT name, type FROM pragma_table_info('rillet_jdbc_columns', 'temp')")
        rows = cursor.fetchall()
        cursor.execute("DROP VIEW IF EXISTS temp.rillet_jdbc_columns")
        return {str(name): str(typ or "") for name, typ in rows}

    def to_spark(self, table: pa.Table, declared: Mapping[str, str]) -> pa.Table:
        columns = []
        for name, col in zip(table.column_names, table.columns):
            target = _sqlite_spark_type(declared.get(name, ""))
            if target is not None and col.type != target:
                if pa.types.is_timestamp(target) and pa.types.is_string(col.type):
                    col = _iso(col).cast(target)
                elif pa.types.is_date(target) and pa.types.is_string(col.type):
                    col = _iso(col).cast(pa.date32())
                elif pa.types.is_null(col.type):
                    col = pa.chunked_array([pa.nulls(len(col), target)])
                else:
                    col = col.cast(target)
            columns.append(col)
        return pa.Table.from_arrays(columns, names=table.column_names)

    def truncate(self, table: str, cascade: bool) -> str:
        return f"DELETE FROM {table}"  # SQLite has no TRUNCATE


def _iso(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """ISO-8601 text (``2020-01-01T00:00:00.000000`` or with a space) as timestamps."""
    return pc.cast(pc.replace_substring(col, " ", "T"), pa.timestamp("us"))


DIALECTS: dict[str, Dialect] = {"postgresql": Postgres(), "sqlite": SQLite()}
