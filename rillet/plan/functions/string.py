"""String functions."""

from __future__ import annotations

from rillet.plan import types as T
from rillet.plan.registry import (
    BOOLEAN,
    INT,
    STRING,
    FunctionSpec,
    declare,
    first_non_null,
    fixed,
    render_infix,
)

declare(FunctionSpec("upper", "scalar", fixed(STRING), arg_kinds=("string",), aliases=("ucase",)))
declare(FunctionSpec("lower", "scalar", fixed(STRING), arg_kinds=("string",), aliases=("lcase",)))
declare(FunctionSpec("length", "scalar", fixed(INT), arg_kinds=("string",),
                     aliases=("char_length", "character_length")))
declare(FunctionSpec("trim", "scalar", fixed(STRING), arg_kinds=("string",)))
declare(FunctionSpec("ltrim", "scalar", fixed(STRING), arg_kinds=("string",)))
declare(FunctionSpec("rtrim", "scalar", fixed(STRING), arg_kinds=("string",)))
declare(FunctionSpec("concat", "scalar", first_non_null, 0, None, arg_kinds=("string",)))
declare(FunctionSpec("split", "scalar", fixed(T.ArrayType(STRING, False)), 2, 3,
                     arg_kinds=("string", "string", "integral")))
declare(FunctionSpec("substring", "scalar", fixed(STRING), 2, 3,
                     arg_kinds=("string", "integral", "integral"), aliases=("substr",)))
declare(FunctionSpec("contains", "scalar", fixed(BOOLEAN), 2, 2, arg_kinds=("string",)))
declare(FunctionSpec("startswith", "scalar", fixed(BOOLEAN), 2, 2, arg_kinds=("string",)))
declare(FunctionSpec("endswith", "scalar", fixed(BOOLEAN), 2, 2, arg_kinds=("string",)))
declare(FunctionSpec("like", "scalar", fixed(BOOLEAN), 2, 2, arg_kinds=("string",),
                     renderer=render_infix("LIKE")))
declare(FunctionSpec("rlike", "scalar", fixed(BOOLEAN), 2, 2, arg_kinds=("string",),
                     renderer=render_infix("RLIKE"), aliases=("regexp",)))
