"""JSON functions (``pyspark.sql.functions``' signatures)."""

from __future__ import annotations

import json as _json
from collections.abc import Mapping
from typing import Any, Optional, Union

from rillet.errors import PySparkTypeError, PySparkValueError
from rillet.plan import types as T
from rillet.plan.expressions.core import Literal
from rillet.sql._typing import ColumnOrName
from rillet.sql.column import Column
from rillet.sql.functions._helpers import call, col_arg

__all__ = ['from_json', 'to_json', 'get_json_object', 'json_tuple', 'schema_of_json']


def _options(options: Mapping[str, Any] | None) -> list[Any]:
    return [Literal.of(_json.dumps({str(k): str(v) for k, v in options.items()}))] if options else []


def from_json(
    col: ColumnOrName,
    schema: Union[T.ArrayType, T.StructType, Column, str],
    options: Optional[Mapping[str, str]] = None,
) -> Column:
    """Parses a column containing a JSON string into a :class:`MapType` with :class:`StringType`
    as keys type, :class:`StructType` or :class:`ArrayType` with
    the specified schema. Returns `null`, in the case of an unparsable string.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        a column or column name in JSON format
    schema : :class:`DataType` or str
        a StructType, ArrayType of StructType or Python string literal with a DDL-formatted string
        to use when parsing the json column
    options : dict, optional
        options to control parsing. accepts the same options as the json datasource.
        See `Data Source Option <https://spark.apache.org/docs/latest/sql-data-sources-json.html#data-source-option>`_
        for the version you use.

        .. # noqa

    Returns
    -------
    :class:`~rillet.sql.Column`
        a new column of complex type from given JSON object.

    Examples
    --------
    Example 1: Parsing JSON with a DDL-formatted string.

    >>> df = spark.createDataFrame([(1, '''{"a": 1}''')], ("key", "value"))
    >>> df.select(F.from_json(df.value, "a INT").alias("json")).show()
    +----+
    |json|
    +----+
    | {1}|
    +----+

    Example 2: Parsing JSON into a MapType

    >>> df = spark.createDataFrame([(1, '''{"a": 1}''')], ("key", "value"))
    >>> df.select(F.from_json(df.value, "MAP<STRING,INT>").alias("json")).show()
    +--------+
    |    json|
    +--------+
    |{a -> 1}|
    +--------+
    """
    if isinstance(schema, T.DataType):
        text = schema.json()
    elif isinstance(schema, str):
        text = schema
    elif isinstance(schema, Column) and isinstance(schema._expr, Literal):
        text = schema._expr.value
    else:
        raise PySparkTypeError(
            errorClass="NOT_COLUMN_OR_DATATYPE_OR_STR",
            messageParameters={"arg_name": "schema", "arg_type": type(schema).__name__},
        )
    return call("from_json", col_arg(col), Literal.of(text), *_options(options))


def to_json(col: ColumnOrName, options: Optional[Mapping[str, str]] = None) -> Column:
    """Converts a column containing a :class:`StructType`, :class:`ArrayType` or a :class:`MapType`
    into a JSON string. Throws an exception, in the case of an unsupported type.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        name of column containing a struct, an array or a map.
    options : dict, optional
        options to control converting. accepts the same options as the JSON datasource.
        See `Data Source Option <https://spark.apache.org/docs/latest/sql-data-sources-json.html#data-source-option>`_
        for the version you use.
        Additionally the function supports the `pretty` option which enables
        pretty JSON generation.

        .. # noqa

    Returns
    -------
    :class:`~rillet.sql.Column`
        JSON object as string column.

    Examples
    --------
    Example 1: Converting a StructType column to JSON

    >>> from rillet.sql import Row
    >>> data = [(1, Row(age=2, name='Alice'))]
    >>> df = spark.createDataFrame(data, ("key", "value"))
    >>> df.select(F.to_json(df.value).alias("json")).show(truncate=False)
    +------------------------+
    |json                    |
    +------------------------+
    |{"age":2,"name":"Alice"}|
    +------------------------+

    Example 2: Converting an ArrayType column to JSON

    >>> from rillet.sql import Row
    >>> data = [(1, [Row(age=2, name='Alice'), Row(age=3, name='Bob')])]
    >>> df = spark.createDataFrame(data, ("key", "value"))
    >>> df.select(F.to_json(df.value).alias("json")).show(truncate=False)
    +-------------------------------------------------+
    |json                                             |
    +-------------------------------------------------+
    |[{"age":2,"name":"Alice"},{"age":3,"name":"Bob"}]|
    +-------------------------------------------------+
    """
    return call("to_json", col_arg(col), *_options(options))


def get_json_object(col: ColumnOrName, path: str) -> Column:
    r"""Extracts json object from a json string based on json `path` specified, and returns json string
    of the extracted json object. It will return null if the input json string is invalid.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        string column in json format
    path : str
        path to the json object to extract

    Returns
    -------
    :class:`~rillet.sql.Column`
        string representation of given JSON object value.

    Examples
    --------
    >>> data = [("1", '''{"f1": "value1", "f2": "value2"}'''), ("2", '''{"f1": "value12"}''')]
    >>> df = spark.createDataFrame(data, ("key", "jstring"))
    >>> df.select(df.key, F.get_json_object(df.jstring, '$.f1').alias("c0"), \
    ...                   F.get_json_object(df.jstring, '$.f2').alias("c1") ).collect()
    [Row(key='1', c0='value1', c1='value2'), Row(key='2', c0='value12', c1=None)]
    """
    return call("get_json_object", col_arg(col), Literal.of(path))


def json_tuple(col: ColumnOrName, *fields: str) -> Column:
    """Creates a new row for a json column according to the given field names.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        string column in json format
    fields : str
        a field or fields to extract

    Returns
    -------
    :class:`~rillet.sql.Column`
        a new row for each given field value from json object

    Examples
    --------
    >>> data = [("1", '''{"f1": "value1", "f2": "value2"}'''), ("2", '''{"f1": "value12"}''')]
    >>> df = spark.createDataFrame(data, ("key", "jstring"))
    >>> df.select(df.key, F.json_tuple(df.jstring, 'f1', 'f2')).collect()
    [Row(key='1', c0='value1', c1='value2'), Row(key='2', c0='value12', c1=None)]
    """
    if len(fields) == 0:
        raise PySparkValueError(errorClass="CANNOT_BE_EMPTY", messageParameters={"item": "field"})
    return call("json_tuple", col_arg(col), *(Literal.of(f) for f in fields))


def schema_of_json(json: Union[Column, str], options: Optional[Mapping[str, str]] = None) -> Column:
    """Parses a JSON string and infers its schema in DDL format.

    Parameters
    ----------
    json : :class:`~rillet.sql.Column` or str
        a JSON string or a foldable string column containing a JSON string.
    options : dict, optional
        options to control parsing. accepts the same options as the JSON datasource.
        See `Data Source Option <https://spark.apache.org/docs/latest/sql-data-sources-json.html#data-source-option>`_
        for the version you use.

        .. # noqa

           It accepts `options` parameter to control schema inferring.

    Returns
    -------
    :class:`~rillet.sql.Column`
        a string representation of a :class:`StructType` parsed from given JSON.

    Examples
    --------
    >>> spark.range(1).select(F.schema_of_json('{"a": 1, "b": [1.5]}').alias("json")).show(truncate=False)
    +-----------------------------------+
    |json                               |
    +-----------------------------------+
    |STRUCT<a: BIGINT, b: ARRAY<DOUBLE>>|
    +-----------------------------------+
    """
    arg = json._expr if isinstance(json, Column) else Literal.of(json)
    return call("schema_of_json", arg, *_options(options))
