"""String, regex and encoding functions (``pyspark.sql.functions``' signatures)."""

from __future__ import annotations

from typing import Any

from rillet.errors import PySparkNotImplementedError, PySparkValueError
from rillet.plan.expressions.core import Literal
from rillet.sql.column import Column, _to_expr
from rillet.sql.functions._helpers import call, col_arg

__all__ = [
    'upper', 'lower', 'ucase', 'lcase', 'length', 'char_length', 'character_length', 'octet_length',
    'bit_length', 'ascii', 'initcap', 'soundex', 'reverse', 'trim', 'ltrim', 'rtrim', 'btrim',
    'concat', 'concat_ws', 'format_string', 'printf', 'split', 'substring', 'substr',
    'substring_index', 'left', 'right', 'lpad', 'rpad', 'repeat', 'translate', 'overlay',
    'replace', 'split_part', 'instr', 'locate', 'position', 'contains', 'startswith', 'endswith',
    'levenshtein', 'rlike', 'regexp_like', 'regexp', 'regexp_extract', 'regexp_extract_all',
    'regexp_replace', 'base64', 'unbase64', 'hex', 'unhex', 'md5', 'sha1', 'sha', 'sha2', 'crc32',
    'hash', 'xxhash64', 'like',
]


def _value(v: Any) -> Any:
    """A Column's expression, or a literal for a plain value (PySpark's ``lit`` coercion)."""
    return _to_expr(v)


def _one(name: str, arg: str = "col") -> Any:
    def fn(col: Any) -> Column:
        return call(name, col_arg(col, arg))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"Spark's ``{name}`` of a string column."
    return fn


upper = _one("upper")
lower = _one("lower")
ucase = _one("ucase", "str")
lcase = _one("lcase", "str")
length = _one("length")
char_length = _one("char_length", "str")
character_length = _one("character_length", "str")
octet_length = _one("octet_length")
bit_length = _one("bit_length")
ascii = _one("ascii")  # noqa: A001
initcap = _one("initcap")
soundex = _one("soundex")
reverse = _one("reverse")
base64 = _one("base64")
unbase64 = _one("unbase64")
hex = _one("hex")  # noqa: A001
unhex = _one("unhex")
md5 = _one("md5")
sha1 = _one("sha1")
sha = _one("sha")
crc32 = _one("crc32")


def _trim(name: str, arg: str = "col") -> Any:
    def fn(col: Any, trim: Any = None) -> Column:
        args = [col_arg(col, arg)]
        if trim is not None:
            args.append(col_arg(trim, "trim"))
        return call(name, *args)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"``{name}(col)`` strips spaces; ``{name}(col, trim)`` strips the characters of ``trim``."
    return fn


trim = _trim("trim")
ltrim = _trim("ltrim")
rtrim = _trim("rtrim")
btrim = _trim("btrim", "str")


def concat(*cols: Any) -> Column:
    return call("concat", *(col_arg(c, "cols") for c in cols))


def concat_ws(sep: str, *cols: Any) -> Column:
    """Join the non-null strings (and string arrays) with ``sep``."""
    return call("concat_ws", Literal.of(sep), *(col_arg(c, "cols") for c in cols))


def format_string(format: str, *cols: Any) -> Column:  # noqa: A002
    """Java ``String.format`` over columns: ``format_string("%s=%d", k, v)``."""
    return call("format_string", Literal.of(format), *(col_arg(c, "cols") for c in cols))


def printf(format: Any, *cols: Any) -> Column:  # noqa: A002
    return call("printf", col_arg(format, "format"), *(col_arg(c, "cols") for c in cols))


def split(str: Any, pattern: Any, limit: Any = -1) -> Column:  # noqa: A002
    """Split ``str`` around matches of the Java regex ``pattern``."""
    return call("split", col_arg(str, "str"), _value(pattern), _value(limit))


def substring(str: Any, pos: Any, len: Any) -> Column:  # noqa: A002
    return call("substring", col_arg(str, "str"), _value(pos), _value(len))


def substr(str: Any, pos: Any, len: Any = None) -> Column:  # noqa: A002
    args = [col_arg(str, "str"), col_arg(pos, "pos")]
    if len is not None:
        args.append(col_arg(len, "len"))
    return call("substr", *args)


def substring_index(str: Any, delim: str, count: int) -> Column:  # noqa: A002
    return call("substring_index", col_arg(str, "str"), Literal.of(delim), Literal.of(count))


def left(str: Any, len: Any) -> Column:  # noqa: A002
    return call("left", col_arg(str, "str"), col_arg(len, "len"))


def right(str: Any, len: Any) -> Column:  # noqa: A002
    return call("right", col_arg(str, "str"), col_arg(len, "len"))


def lpad(col: Any, len: Any, pad: Any) -> Column:  # noqa: A002
    return call("lpad", col_arg(col), _value(len), _value(pad))


def rpad(col: Any, len: Any, pad: Any) -> Column:  # noqa: A002
    return call("rpad", col_arg(col), _value(len), _value(pad))


def repeat(col: Any, n: Any) -> Column:
    return call("repeat", col_arg(col), _value(n))


def translate(srcCol: Any, matching: str, replace: str) -> Column:  # noqa: N803
    return call("translate", col_arg(srcCol, "srcCol"), Literal.of(matching), Literal.of(replace))


def overlay(src: Any, replace: Any, pos: Any, len: Any = -1) -> Column:  # noqa: A002
    return call("overlay", col_arg(src, "src"), col_arg(replace, "replace"), _value(pos), _value(len))


def replace(src: Any, search: Any, replace: Any = None) -> Column:
    args = [col_arg(src, "src"), col_arg(search, "search")]
    if replace is not None:
        args.append(col_arg(replace, "replace"))
    return call("replace", *args)


def split_part(src: Any, delimiter: Any, partNum: Any) -> Column:  # noqa: N803
    return call("split_part", col_arg(src, "src"), col_arg(delimiter, "delimiter"),
                col_arg(partNum, "partNum"))


def instr(str: Any, substr: Any) -> Column:  # noqa: A002
    return call("instr", col_arg(str, "str"), _value(substr))


def locate(substr: str, str: Any, pos: int = 1) -> Column:  # noqa: A002
    return call("locate", Literal.of(substr), col_arg(str, "str"), Literal.of(pos))


def position(substr: Any, str: Any, start: Any = None) -> Column:  # noqa: A002
    args = [col_arg(substr, "substr"), col_arg(str, "str")]
    if start is not None:
        args.append(col_arg(start, "start"))
    return call("position", *args)


def contains(left: Any, right: Any) -> Column:
    return call("contains", col_arg(left, "left"), col_arg(right, "right"))


def startswith(str: Any, prefix: Any) -> Column:  # noqa: A002
    return call("startswith", col_arg(str, "str"), col_arg(prefix, "prefix"))


def endswith(str: Any, suffix: Any) -> Column:  # noqa: A002
    return call("endswith", col_arg(str, "str"), col_arg(suffix, "suffix"))


def levenshtein(left: Any, right: Any, threshold: int | None = None) -> Column:
    args = [col_arg(left, "left"), col_arg(right, "right")]
    if threshold is not None:
        args.append(Literal.of(threshold))
    return call("levenshtein", *args)


def _regex_test(name: str) -> Any:
    def fn(str: Any, regexp: Any) -> Column:  # noqa: A002
        return call(name, col_arg(str, "str"), col_arg(regexp, "regexp"))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"``{name}(str, regexp)``: whether the Java regex matches anywhere in ``str``."
    return fn


rlike = _regex_test("rlike")
regexp_like = _regex_test("regexp_like")
regexp = _regex_test("regexp")


def like(str: Any, pattern: Any, escapeChar: Any = None) -> Column:  # noqa: A002, N803
    """SQL ``LIKE``: ``%`` matches any run of characters, ``_`` any one character."""
    if escapeChar is not None:
        raise PySparkNotImplementedError(
            errorClass="NOT_IMPLEMENTED", messageParameters={"feature": "like(..., escapeChar)"}
        )
    return call("like", col_arg(str, "str"), col_arg(pattern, "pattern"))


def regexp_extract(str: Any, pattern: str, idx: int) -> Column:  # noqa: A002
    """Group ``idx`` of the first match of the Java regex ``pattern`` ("" when none)."""
    return call("regexp_extract", col_arg(str, "str"), Literal.of(pattern), Literal.of(idx))


def regexp_extract_all(str: Any, regexp: Any, idx: Any = None) -> Column:  # noqa: A002
    args = [col_arg(str, "str"), col_arg(regexp, "regexp")]
    if idx is not None:
        args.append(_value(idx))
    return call("regexp_extract_all", *args)


def regexp_replace(string: Any, pattern: Any, replacement: Any) -> Column:
    """Replace every match of the Java regex ``pattern``; ``$1`` in ``replacement`` is group 1."""
    return call("regexp_replace", col_arg(string, "string"), _value(pattern), _value(replacement))


def sha2(col: Any, numBits: int) -> Column:  # noqa: N803
    if numBits not in (0, 224, 256, 384, 512):
        raise PySparkValueError(
            errorClass="VALUE_NOT_ALLOWED",
            messageParameters={"arg_name": "numBits", "allowed_values": "[0, 224, 256, 384, 512]"},
        )
    return call("sha2", col_arg(col), Literal.of(numBits))


def hash(*cols: Any) -> Column:  # noqa: A001
    """Spark's Murmur3 hash (seed 42) of the columns, as an int."""
    return call("hash", *(col_arg(c, "cols") for c in cols))


def xxhash64(*cols: Any) -> Column:
    """Spark's XXH64 hash (seed 42) of the columns, as a long."""
    return call("xxhash64", *(col_arg(c, "cols") for c in cols))
