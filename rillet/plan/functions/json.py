"""JSON functions: from_json, to_json, get_json_object, json_tuple, schema_of_json."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rillet.errors import AnalysisException
from rillet.plan import types as T
from rillet.plan.ddl import _parse_datatype_string
from rillet.plan.expressions.core import Literal
from rillet.plan.registry import STRING, FunctionSpec, declare, fixed

if TYPE_CHECKING:
    from rillet.plan.expressions.core import Call, Expression


def json_schema(text: str) -> T.DataType:
    """A ``from_json`` schema: a DataType's JSON (``StructType.json()``) or a DDL string."""
    if text.lstrip().startswith("{"):
        return T._parse_datatype_json_string(text)
    return _parse_datatype_string(text)


def _schema_arg(args: Sequence[Expression]) -> T.DataType:
    arg = args[1]
    if not isinstance(arg, Literal) or not isinstance(arg.value, str):
        raise AnalysisException(
            errorClass="INVALID_SCHEMA.NON_STRING_LITERAL",
            messageParameters={"inputSchema": f'"{arg.sql()}"'},
        )
    dt = json_schema(arg.value)
    if not isinstance(dt, (T.StructType, T.ArrayType, T.MapType)):
        dt = T.StructType([T.StructField("value", dt, True)])
    return dt._as_nullable()


def _from_json_type(_types: list[T.DataType], args: Sequence[Expression]) -> T.DataType:
    return _schema_arg(args)


def render_first_arg(call: Call, r: Callable[[Expression], str]) -> str:
    """Spark names ``from_json(j, schema, options)`` after its input only: ``from_json(j)``."""
    return f"{call.spec.name}({r(call.args[0])})"


declare(FunctionSpec("from_json", "scalar", _from_json_type, 2, 3, arg_kinds=("string", "string", "any"),
                     renderer=render_first_arg, always_nullable=True))
declare(FunctionSpec("to_json", "scalar", fixed(STRING), 1, 2, renderer=render_first_arg,
                     always_nullable=True))
declare(FunctionSpec("get_json_object", "scalar", fixed(STRING), 2, 2, arg_kinds=("string",),
                     always_nullable=True))
declare(FunctionSpec("schema_of_json", "scalar", fixed(STRING), 1, 2, arg_kinds=("string", "any"),
                     renderer=render_first_arg, never_nullable=True))



def _json_tuple_output(types: list[T.DataType]) -> list[tuple[str, T.DataType, bool]]:
    """``json_tuple(json, f1, ..., fn)``: one STRING column per field, named ``c0`` ... ``c{n-1}``."""
    return [(f"c{i}", T.StringType(), True) for i in range(len(types) - 1)]


declare(FunctionSpec("json_tuple", "generator", fixed(STRING), 2, None, arg_kinds=("string",),
                     generator_output=_json_tuple_output))
