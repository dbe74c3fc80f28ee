"""The catalog statements ``spark.sql`` runs eagerly, as Spark does: ``CREATE TABLE ... USING``,
``INSERT INTO``/``INSERT OVERWRITE``, ``DROP TABLE``/``DROP VIEW`` and ``CREATE [TEMP] VIEW``.

Queries go to the SQL parser; a statement is recognised by its leading keywords here and
carried out with the same calls the DataFrame API uses (``create_table``, ``insertInto``,
``createOrReplaceTempView``), so both paths keep one catalog.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from typing import TYPE_CHECKING, Optional

from rillet.errors import AnalysisException
from rillet.plan.ddl import parse_ddl_schema

if TYPE_CHECKING:
    from rillet.sql.dataframe import DataFrame
    from rillet.sql.session import SparkSession

_NAME = r"((?:`[^`]+`|[\w]+)(?:\.(?:`[^`]+`|[\w]+))*)"
_CREATE_TABLE = re.compile(
    rf"^\s*CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?{_NAME}\s*(?:\((.*)\))?\s*USING\s+(\w+)(.*?)\s*;?\s*$",
    re.I | re.S,
)
_PARTITIONED = re.compile(r"PARTITIONED\s+BY\s*\(([^)]*)\)", re.I)
_AS_QUERY = re.compile(r"(?:^|\s)AS\s+(.*)$", re.I | re.S)
_INSERT = re.compile(
    rf"^\s*INSERT\s+(INTO|OVERWRITE)\s+(?:TABLE\s+)?{_NAME}\s*(?:\(([^)]*)\))?\s*((?:VALUES|SELECT|FROM|WITH|TABLE)\b.*?)\s*;?\s*$",
    re.I | re.S,
)
_DROP = re.compile(rf"^\s*DROP\s+(TABLE|VIEW)\s+(IF\s+EXISTS\s+)?{_NAME}\s*;?\s*$", re.I)
_CREATE_VIEW = re.compile(
    rf"^\s*CREATE\s+(OR\s+REPLACE\s+)?(?:(?:GLOBAL\s+)?(TEMP|TEMPORARY)\s+)?VIEW\s+(IF\s+NOT\s+EXISTS\s+)?{_NAME}\s+AS\s+(.*?)\s*;?\s*$",
    re.I | re.S,
)


def _key(name: str) -> str:
    return name.split(".")[-1].strip("`").lower()


def run_statement(session: SparkSession, text: str) -> Optional[DataFrame]:
    """Run ``text`` if it is one of the catalog statements; ``None`` when it is not (a query)."""
    for pattern, handler in _HANDLERS:
        m = pattern.match(text)
        if m is not None:
            handler(session, m)
            from rillet.plan.types import StructType

            return session.createDataFrame([], StructType([]))
    return None


def _create_table(session: SparkSession, m: re.Match[str]) -> None:
    from rillet.sql.writer import create_table, managed_table

    if_not_exists, name, columns, fmt, rest = m.groups()
    if managed_table(session, name) is not None:
        if if_not_exists:
            return
        raise AnalysisException(
            errorClass="TABLE_OR_VIEW_ALREADY_EXISTS",
            messageParameters={"relationName": f"`spark_catalog`.`default`.`{_key(name)}`"},
        )
    partitioned = _PARTITIONED.search(rest or "")
    partition_by = [c.strip().strip("`") for c in partitioned.group(1).split(",")] if partitioned else []
    query = _AS_QUERY.search(rest or "")
    if query is not None:  # CREATE TABLE ... USING fmt AS SELECT: the query's rows and schema
        session.sql(query.group(1)).write.format(fmt).partitionBy(*partition_by).saveAsTable(name)
        return
    if not columns:
        raise AnalysisException(errorClass="UNABLE_TO_INFER_SCHEMA", messageParameters={"format": fmt})
    create_table(session, name, fmt.lower(), parse_ddl_schema(columns), partition_by)


def _insert(session: SparkSession, m: re.Match[str]) -> None:
    from rillet.sql.functions import col
    from rillet.sql.writer import managed_table

    mode, name, column_list, source = m.groups()
    table = managed_table(session, name)
    if table is None:
        raise AnalysisException(errorClass="TABLE_OR_VIEW_NOT_FOUND", messageParameters={"relationName": f"`{name}`"})
    query = "SELECT * FROM " + source if source.upper().startswith("VALUES") else source
    df = session.sql(query)
    targets = [c.strip().strip("`") for c in column_list.split(",")] if column_list else [f.name for f in table.schema.fields]
    if len(df.columns) != len(targets):
        raise AnalysisException(
            errorClass="INSERT_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS"
            if len(df.columns) < len(targets) else "INSERT_COLUMN_ARITY_MISMATCH.TOO_MANY_DATA_COLUMNS",
            messageParameters={"tableName": f"`spark_catalog`.`default`.`{table.name}`",
                               "tableColumns": ", ".join(f"`{t}`" for t in targets),
                               "dataColumns": ", ".join(f"`{c}`" for c in df.columns)},
        )
    # Spark matches VALUES/SELECT columns to the table's by position and casts to its types.
    types = {f.name.lower(): f.dataType for f in table.schema.fields}
    df = df.select(*[col(f"`{c}`").cast(types[t.lower()]).alias(t) for c, t in zip(df.columns, targets)])
    df.write.insertInto(name, overwrite=mode.upper() == "OVERWRITE")


def _drop(session: SparkSession, m: re.Match[str]) -> None:
    from rillet.sql.writer import managed_table

    kind, if_exists, name = m.groups()
    key = _key(name)
    table = managed_table(session, name) if kind.upper() == "TABLE" else None
    # DROP TABLE also drops a temporary view of that name (Spark resolves temp views first).
    found = session._catalog_views.pop(key, None) is not None
    if kind.upper() == "TABLE":
        found = session._catalog_tables.pop(key, None) is not None or found
    if table is not None:  # a managed table's files go with it
        shutil.rmtree(table.location, ignore_errors=True)
    if not found and not if_exists:
        raise AnalysisException(
            errorClass="TABLE_OR_VIEW_NOT_FOUND" if kind.upper() == "TABLE" else "VIEW_NOT_FOUND",
            messageParameters={"relationName": f"`{name}`"},
        )


def _create_view(session: SparkSession, m: re.Match[str]) -> None:
    or_replace, _temp, if_not_exists, name, query = m.groups()
    key = _key(name)
    if key in session._catalog_views and not or_replace:
        if if_not_exists:
            return
        raise AnalysisException(
            errorClass="TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", messageParameters={"relationName": f"`{key}`"}
        )
    # A persistent view lives in the session catalog too: rillet has no metastore.
    session.sql(query).createOrReplaceTempView(key)


_HANDLERS: list[tuple[re.Pattern[str], Callable[[SparkSession, re.Match[str]], None]]] = [
    (_CREATE_TABLE, _create_table),
    (_INSERT, _insert),
    (_DROP, _drop),
    (_CREATE_VIEW, _create_view),
]
