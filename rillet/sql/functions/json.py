"""JSON functions (``pyspark.sql.functions``' signatures)."""

from __future__ import annotations

import json as _json
from collections.abc import Mapping
from typing import Any

from rillet.errors import PySparkTypeError, PySparkValueError
from rillet.plan import types as T
from rillet.plan.expressions.core import Literal
from rillet.sql.column import Column
from rillet.sql.functions._helpers import call, col_arg

__all__ = ['from_json', 'to_json', 'get_json_object', 'json_tuple', 'schema_of_json']


def _options(options: Mapping[str, Any] | None) -> list[Any]:
    return [Literal.of(_json.dumps({str(k): str(v) for k, v in options.items()}))] if options else []


def from_json(col: Any, schema: Any, options: Mapping[str, Any] | None = None) -> Column:
    """Parse a JSON string column with ``schema`` (a StructType/ArrayType/MapType or a DDL string)."""
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


def to_json(col: Any, options: Mapping[str, Any] | None = None) -> Column:
    return call("to_json", col_arg(col), *_options(options))


def get_json_object(col: Any, path: str) -> Column:
    """The value at JSONPath ``path`` (``$.a.b[0]``) as a string; null when absent or invalid."""
    return call("get_json_object", col_arg(col), Literal.of(path))


def json_tuple(col: Any, *fields: str) -> Column:
    """A generator: one STRING column per top-level field of the JSON object, ``c0``, ``c1``, ..."""
    if len(fields) == 0:
        raise PySparkValueError(errorClass="CANNOT_BE_EMPTY", messageParameters={"item": "field"})
    return call("json_tuple", col_arg(col), *(Literal.of(f) for f in fields))


def schema_of_json(json: Any, options: Mapping[str, Any] | None = None) -> Column:
    """The DDL type Spark infers for a JSON literal: ``STRUCT<a: BIGINT>``."""
    arg = json._expr if isinstance(json, Column) else Literal.of(json)
    return call("schema_of_json", arg, *_options(options))
