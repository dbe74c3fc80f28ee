"""String, regex and encoding functions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rillet.plan import types as T
from rillet.plan.registry import (
    BOOLEAN,
    INT,
    LONG,
    STRING,
    FunctionSpec,
    Renderer,
    declare,
    first_non_null,
    fixed,
    render_upper_name,
)

if TYPE_CHECKING:
    from rillet.plan.expressions.core import Call, Expression

BINARY = T.BinaryType()
STRING_ARRAY = T.ArrayType(STRING, True)


def render_defaults(*defaults: str) -> Renderer:
    """Spark names a call with its optional arguments filled in: ``locate(b, s, 1)``."""

    def render(call: Call, r: Callable[[Expression], str]) -> str:
        shown = [r(a) for a in call.args]
        missing = len(call.args) - (call.spec.min_args)
        shown.extend(defaults[missing:] if missing >= 0 else ())
        return f"{call.spec.name}({', '.join(shown)})"

    return render


def render_trim(where: str) -> Renderer:
    """``trim(s)``, but ``TRIM(BOTH x FROM s)`` when a trim string is given."""

    def render(call: Call, r: Callable[[Expression], str]) -> str:
        if len(call.args) == 1:
            return f"{call.spec.name}({r(call.args[0])})"
        return f"TRIM({where} {r(call.args[1])} FROM {r(call.args[0])})"

    return render


def _string_or_array(types: list[T.DataType], _: Sequence[Expression]) -> T.DataType:
    return types[0] if isinstance(types[0], T.ArrayType) else STRING


def _scalar(name: str, result: T.DataType, n: int = 1, m: int | None = None,
            kinds: tuple[str, ...] = ("string",), **kw: object) -> None:
    declare(FunctionSpec(name, "scalar", fixed(result), n, n if m is None else m,
                         arg_kinds=kinds, **kw))  # type: ignore[arg-type]


# --- case, length, trimming -----------------------------------------------------------------
for _name in ("upper", "lower", "ucase", "lcase", "initcap", "soundex"):
    _scalar(_name, STRING)
for _name in ("length", "char_length", "character_length", "octet_length", "bit_length", "ascii"):
    _scalar(_name, INT)
for _name, _where in (("trim", "BOTH"), ("ltrim", "LEADING"), ("rtrim", "TRAILING")):
    _scalar(_name, STRING, 1, 2, renderer=render_trim(_where))
_scalar("btrim", STRING, 1, 2)
declare(FunctionSpec("reverse", "scalar", _string_or_array, arg_kinds=("any",)))

# --- building and cutting ---------------------------------------------------------------------
declare(FunctionSpec("concat", "scalar", first_non_null, 0, None, arg_kinds=("string",)))
declare(FunctionSpec("concat_ws", "scalar", fixed(STRING), 1, None, arg_kinds=("string", "any"),
                     never_nullable=True))
declare(FunctionSpec("format_string", "scalar", fixed(STRING), 1, None,
                     arg_kinds=("string", "any"), never_nullable=True))
declare(FunctionSpec("printf", "scalar", fixed(STRING), 1, None, arg_kinds=("string", "any"),
                     never_nullable=True))
for _name in ("substring", "substr"):
    _scalar(_name, STRING, 2, 3, kinds=("string", "integral", "integral"),
            renderer=render_defaults("2147483647"))
_scalar("substring_index", STRING, 3, kinds=("string", "string", "integral"))
_scalar("left", STRING, 2, kinds=("string", "integral"))
_scalar("right", STRING, 2, kinds=("string", "integral"))
for _name in ("lpad", "rpad"):
    _scalar(_name, STRING, 2, 3, kinds=("string", "integral", "string"), renderer=render_defaults(" "))
_scalar("repeat", STRING, 2, kinds=("string", "integral"))
_scalar("translate", STRING, 3)
_scalar("overlay", STRING, 3, 4, kinds=("string", "string", "integral", "integral"),
        renderer=render_defaults("-1"))
_scalar("replace", STRING, 2, 3, renderer=render_defaults(""))
_scalar("split_part", STRING, 3, kinds=("string", "string", "integral"))
declare(FunctionSpec("split", "scalar", fixed(T.ArrayType(STRING, False)), 2, 3,
                     arg_kinds=("string", "string", "integral")))

# --- searching ------------------------------------------------------------------------------------
_scalar("instr", INT, 2)
_scalar("locate", INT, 2, 3, kinds=("string", "string", "integral"), renderer=render_defaults("1"))
_scalar("position", INT, 2, 3, kinds=("string", "string", "integral"), renderer=render_defaults("1"))
for _name in ("contains", "startswith", "endswith"):
    _scalar(_name, BOOLEAN, 2)
_scalar("levenshtein", INT, 2, 3, kinds=("string", "string", "integral"))

# --- regular expressions (Java syntax) ----------------------------------------------------------
_scalar("like", BOOLEAN, 2, renderer=lambda call, r: f"{r(call.args[0])} LIKE {r(call.args[1])}")
for _name in ("rlike", "regexp_like", "regexp"):
    _scalar(_name, BOOLEAN, 2, renderer=render_upper_name(_name.upper()))
_scalar("regexp_extract", STRING, 2, 3, kinds=("string", "string", "integral"),
        renderer=render_defaults("1"))
_scalar("regexp_extract_all", STRING_ARRAY, 2, 3, kinds=("string", "string", "integral"),
        renderer=render_defaults("1"))
_scalar("regexp_replace", STRING, 3, 4, kinds=("string", "string", "string", "integral"),
        renderer=render_defaults("1"))

# --- encodings and digests -----------------------------------------------------------------------
_scalar("base64", STRING, kinds=("string",))
_scalar("unbase64", BINARY)
_scalar("hex", STRING, kinds=("any",))
_scalar("unhex", BINARY, always_nullable=True)
_scalar("md5", STRING, kinds=("string",))
_scalar("sha1", STRING, kinds=("string",))
_scalar("sha", STRING, kinds=("string",))
_scalar("sha2", STRING, 2, kinds=("string", "integral"), always_nullable=True)
_scalar("crc32", LONG, kinds=("string",))
declare(FunctionSpec("hash", "scalar", fixed(INT), 1, None, arg_kinds=("any",), never_nullable=True))
declare(FunctionSpec("xxhash64", "scalar", fixed(LONG), 1, None, arg_kinds=("any",),
                     never_nullable=True))


class _ToBinarySpec(FunctionSpec):
    """Spark declares ``to_binary`` nullable except for the base64 format (as its plan rewrites it)."""

    def nullable(self, args: Sequence[Expression]) -> bool:
        fmt = args[1] if len(args) > 1 else None
        if fmt is not None and str(getattr(fmt, "value", "")).lower() == "base64":
            return any(a.nullable for a in args)
        return True


declare(_ToBinarySpec("to_binary", "scalar", fixed(BINARY), 1, 2, arg_kinds=("string",)))
declare(FunctionSpec("try_to_binary", "scalar", fixed(BINARY), 1, 2, arg_kinds=("string",), always_nullable=True))
