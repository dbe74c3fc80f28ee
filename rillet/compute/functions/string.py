"""Polars translations of string functions (regex ones are in :mod:`.regex`)."""

from __future__ import annotations

import decimal
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl

from rillet.compute.expressions import ComputeContext
from rillet.compute.functions.rules import literal_arg, scalar
from rillet.errors import PySparkException, SparkRuntimeException
from rillet.plan import types as T
from rillet.plan.expressions.core import Call, Literal

Args = list[pl.Expr]


def _is_literal(call: Call, i: int) -> bool:
    return i < len(call.args) and isinstance(call.args[i], Literal)


def _lit(call: Call, i: int, default: Any = None) -> Any:
    return literal_arg(call, i, default) if i < len(call.args) else default


def rowwise(fn: Callable[..., Any], args: Args, dtype: pl.DataType, ctx: ComputeContext | None = None) -> pl.Expr:
    """``fn`` applied to each row's non-null argument values (null in -> null out).

    Only for arguments Polars cannot take as expressions (a per-row pattern or
    delimiter); a literal argument always takes a vectorized path instead. A Spark
    error ``fn`` raises reaches the caller unchanged through ``ctx``.
    """
    names = [f"a{i}" for i in range(len(args))]

    def apply(s: pl.Series) -> pl.Series:
        cols = [s.struct.field(n).to_list() for n in names]
        try:
            out = [None if any(v is None for v in row) else fn(*row) for row in zip(*cols)]
        except PySparkException as e:
            if ctx is not None:
                ctx.errors.append(e)
            raise
        return pl.Series(out, dtype=dtype)

    return pl.struct([a.alias(n) for a, n in zip(args, names)]).map_batches(apply, return_dtype=dtype)


# --- case and length -------------------------------------------------------------------------


@scalar("upper", "ucase")
def _upper(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return a[0].str.to_uppercase()


@scalar("lower", "lcase")
def _lower(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return a[0].str.to_lowercase()


def _is_binary(call: Call, i: int = 0) -> bool:
    return isinstance(call.args[i].data_type, T.BinaryType)


@scalar("length", "char_length", "character_length")
def _length(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    if _is_binary(call):
        return a[0].bin.size().cast(pl.Int32)
    return a[0].str.len_chars().cast(pl.Int32)


def _octets(call: Call, a: Args) -> pl.Expr:
    return (a[0].bin.size() if _is_binary(call) else a[0].str.len_bytes()).cast(pl.Int32)


@scalar("octet_length")
def _octet_length(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return _octets(call, a)


@scalar("bit_length")
def _bit_length(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return _octets(call, a) * 8


def code_points(col: pl.Series) -> np.ndarray:
    """The strings of ``col`` as a (rows x longest) uint32 matrix of code points, 0-padded."""
    values = col.fill_null("").to_numpy().astype(str)
    width = max(values.dtype.itemsize // 4, 1)
    return values.astype(f"<U{width}").view(np.uint32).reshape(len(values), width)


@scalar("ascii")
def _ascii(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    def first_code(col: pl.Series) -> pl.Series:
        codes = code_points(col.str.slice(0, 1))[:, 0].astype(np.int32)
        return pl.Series(codes).set(col.is_null(), None)  # type: ignore[arg-type]

    return a[0].map_batches(first_code, return_dtype=pl.Int32)


@scalar("initcap")
def _initcap(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    word = pl.element()
    return (
        a[0].str.to_lowercase().str.split(" ")
        .list.eval(word.str.slice(0, 1).str.to_uppercase() + word.str.slice(1))
        .list.join(" ")
    )


@scalar("reverse")
def _reverse(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    if isinstance(call.args[0].data_type, T.ArrayType):
        return a[0].list.reverse()
    # by code point, as Java does (Polars' str.reverse keeps graphemes together)
    return a[0].str.split("").list.reverse().list.join("")


# --- trimming ------------------------------------------------------------------------------------


def _trim_chars(call: Call, a: Args) -> pl.Expr | str:
    return a[1] if len(a) > 1 else " "


@scalar("trim", "btrim")
def _trim(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return a[0].str.strip_chars(_trim_chars(call, a))


@scalar("ltrim")
def _ltrim(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return a[0].str.strip_chars_start(_trim_chars(call, a))


@scalar("rtrim")
def _rtrim(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return a[0].str.strip_chars_end(_trim_chars(call, a))


# --- building ---------------------------------------------------------------------------------------


@scalar("concat")
def _concat(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    if not a:
        return pl.lit("")
    if isinstance(call.data_type, T.ArrayType):
        return pl.concat_list(a)
    # Spark: NULL if any input is NULL (unlike concat_ws)
    return pl.concat_str(a, ignore_nulls=False)


@scalar("concat_ws")
def _concat_ws(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    sep = _lit(call, 0)
    if sep is None:
        return pl.lit(None, dtype=pl.String)
    parts = []
    for arg, e in zip(call.args[1:], a[1:]):
        if isinstance(arg.data_type, T.ArrayType):
            items = e.list.drop_nulls()
            # an empty array adds nothing, not even a separator
            parts.append(pl.when(items.list.len() > 0).then(items.list.join(sep)))
        else:
            parts.append(e.cast(pl.String))
    if not parts:
        return pl.lit("")
    return pl.concat_str(parts, separator=str(sep), ignore_nulls=True).fill_null("")


_FORMAT_SPEC = re.compile(r"%(\d+\$)?([-#+ 0,(]*)(\d+)?(\.\d+)?([a-zA-Z%])")


def _java_piece(e: pl.Expr, flags: str, width: int | None, precision: int | None, conv: str,
                dtype: T.DataType) -> pl.Expr:
    """One ``%...`` of Java's ``String.format`` applied to a column, vectorized where Polars can."""
    if conv in "sS":
        text = e.cast(pl.String).fill_null("null")
        if precision is not None:
            text = text.str.slice(0, precision)
        if conv == "S":
            text = text.str.to_uppercase()
    elif conv == "d" and "," not in flags and "(" not in flags:
        text = e.cast(pl.Int64).cast(pl.String)
        if "+" in flags:
            text = pl.when(e >= 0).then("+" + text).otherwise(text)
        if "0" in flags and width is not None:
            digits = text.str.strip_chars_start("+-")
            sign = text.str.slice(0, text.str.len_chars() - digits.str.len_chars())
            text = sign + digits.str.pad_start(width - sign.str.len_chars(), "0")
        text = text.fill_null("null")
    else:
        bits = 32 if isinstance(dtype, (T.IntegerType, T.ShortType, T.ByteType)) else 64
        text = e.map_batches(
            lambda s: pl.Series([_java_format_value(v, flags, precision, conv, bits) for v in s.to_list()],
                                dtype=pl.String),
            return_dtype=pl.String,
        )
        null_text = "null"[:precision] if precision is not None else "null"
        text = text.fill_null(null_text.upper() if conv.isupper() else null_text)
    if width is not None:
        text = text.str.pad_end(width) if "-" in flags else text.str.pad_start(width)
    return text


def _java_format_value(v: Any, flags: str, precision: int | None, conv: str, bits: int) -> str | None:
    """One value as Java's ``Formatter`` prints it (digits of floats from their shortest repr)."""
    if v is None:
        return None
    lower = conv.lower()
    if lower in "xo" and isinstance(v, int):
        text = format(v & ((1 << bits) - 1), lower)
    elif lower in "efg" and isinstance(v, (int, float)):
        f = float(v)
        if f != f or f in (float("inf"), float("-inf")):
            text = "NaN" if f != f else ("-Infinity" if f < 0 else "Infinity")
        elif lower != "f":
            text = ("%" + flags.replace("(", "") + f".{6 if precision is None else precision}{lower}") % f
        else:
            with decimal.localcontext() as dctx:
                dctx.rounding = decimal.ROUND_HALF_UP
                spec = flags.replace("(", "").replace("-", "") + f".{6 if precision is None else precision}{lower}"
                text = format(decimal.Decimal(repr(f)), spec)
    elif lower == "b":
        text = "false" if v is False or v is None else "true"
    elif lower == "c":
        text = chr(v) if isinstance(v, int) else str(v)
    else:
        text = ("%" + flags.replace("(", "") + conv.lower()) % v
    return text.upper() if conv.isupper() else text


@scalar("format_string", "printf")
def _format_string(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    fmt = _lit(call, 0)
    if fmt is None:
        return pl.lit(None, dtype=pl.String)
    pieces: list[pl.Expr] = []
    pos, next_arg = 0, 1
    for m in _FORMAT_SPEC.finditer(str(fmt)):
        pieces.append(pl.lit(fmt[pos:m.start()]))
        pos = m.end()
        index, flags, width, precision, conv = m.groups()
        if conv == "%":
            pieces.append(pl.lit("%"))
            continue
        if conv == "n":
            pieces.append(pl.lit("\n"))
            continue
        i = int(index[:-1]) if index else next_arg
        if not index:
            next_arg += 1
        if i >= len(a):
            raise SparkRuntimeException(
                errorClass="INTERNAL_ERROR",
                messageParameters={"message": f"MissingFormatArgumentException: Format specifier '{m.group(0)}'"},
            )
        pieces.append(_java_piece(a[i], flags, int(width) if width else None,
                                  int(precision[1:]) if precision else None, conv, call.args[i].data_type))
    pieces.append(pl.lit(fmt[pos:]))
    return pl.concat_str(pieces)


# --- cutting ------------------------------------------------------------------------------------------


def substring_expr(s: pl.Expr, pos: pl.Expr, length: pl.Expr | None = None) -> pl.Expr:
    """Spark's ``substring``: 1-based; 0 behaves like 1; a negative position counts from the end."""
    pos = pos.cast(pl.Int64)
    length = length.cast(pl.Int64) if length is not None else pl.lit(2**31 - 1, dtype=pl.Int64)
    n = s.str.len_chars().cast(pl.Int64)
    start = pl.when(pos > 0).then(pos - 1).when(pos == 0).then(0).otherwise(n + pos)
    end = start + length
    start_c = pl.max_horizontal(start, pl.lit(0))
    length_c = pl.max_horizontal(end - start_c, pl.lit(0))
    return s.str.slice(start_c, length_c)


@scalar("substring", "substr")
def _substring(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return substring_expr(a[0], a[1], a[2] if len(a) > 2 else None)


@scalar("left")
def _left(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return pl.when(a[1] <= 0).then(pl.lit("")).otherwise(a[0].str.head(a[1]))


@scalar("right")
def _right(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return pl.when(a[1] <= 0).then(pl.lit("")).otherwise(a[0].str.tail(a[1]))


@scalar("substring_index")
def _substring_index(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    delim, count = _lit(call, 1), _lit(call, 2)
    if delim is None or count is None:
        return pl.lit(None, dtype=pl.String)
    if delim == "" or count == 0:
        return pl.when(a[0].is_not_null()).then(pl.lit(""))
    parts = a[0].str.split(delim)
    kept = parts.list.head(count) if count > 0 else parts.list.tail(-count)
    return kept.list.join(delim)


def _pad(call: Call, a: Args, left: bool) -> pl.Expr:
    length, pad = _lit(call, 1), _lit(call, 2, " ")
    if length is None or pad is None:
        return pl.lit(None, dtype=pl.String)
    length = int(length)
    if length <= 0:
        return pl.when(a[0].is_not_null()).then(pl.lit(""))
    s = a[0]
    missing = (pl.lit(length) - s.str.len_chars().cast(pl.Int64)).clip(lower_bound=0)
    filler = pl.lit(pad * (length // max(len(pad), 1) + 1) if pad else "").str.slice(0, missing)
    cut = s.str.slice(0, length)
    return (filler + cut) if left else (cut + filler)


@scalar("lpad")
def _lpad(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return _pad(call, a, left=True)


@scalar("rpad")
def _rpad(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return _pad(call, a, left=False)


@scalar("repeat")
def _repeat(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    times = a[1].cast(pl.Int64).clip(lower_bound=0)
    return pl.when(a[0].is_not_null() & a[1].is_not_null()).then(a[0].repeat_by(times).list.join(""))


@scalar("translate")
def _translate(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    src, dst = _lit(call, 1), _lit(call, 2)
    if src is None or dst is None:
        return pl.lit(None, dtype=pl.String)
    mapping: dict[str, str] = {}
    for i, ch in enumerate(src):
        mapping.setdefault(ch, dst[i] if i < len(dst) else "")
    return a[0].str.replace_many(mapping) if mapping else a[0]


@scalar("overlay")
def _overlay(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    s, rep, pos = a[0], a[1], a[2].cast(pl.Int64)
    length = a[3].cast(pl.Int64) if len(a) > 3 else pl.lit(-1, dtype=pl.Int64)
    skip = pl.when(length >= 0).then(length).otherwise(rep.str.len_chars().cast(pl.Int64))
    return substring_expr(s, pl.lit(1), pos - 1) + rep + substring_expr(s, pos + skip)


@scalar("replace")
def _replace(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    rep = a[2] if len(a) > 2 else pl.lit("")
    if not _is_literal(call, 1):
        return rowwise(lambda s, f, r: s.replace(f, r) if f else s, [a[0], a[1], rep], pl.String)
    search = _lit(call, 1)
    if search is None:
        return pl.lit(None, dtype=pl.String)
    if search == "":
        return a[0]
    return a[0].str.replace_all(search, rep, literal=True)


def _python_split_part(s: str, delim: str, part: int) -> str:
    if part == 0:
        raise SparkRuntimeException(errorClass="INVALID_INDEX_OF_ZERO", messageParameters={})
    parts = s.split(delim) if delim else [s]
    i = part - 1 if part > 0 else len(parts) + part
    return parts[i] if 0 <= i < len(parts) else ""


@scalar("split_part")
def _split_part(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    if not (_is_literal(call, 1) and _is_literal(call, 2)):
        return rowwise(_python_split_part, a[:3], pl.String, ctx)
    delim, part = _lit(call, 1), _lit(call, 2)
    if delim is None or part is None:
        return pl.lit(None, dtype=pl.String)
    if part == 0:
        raise SparkRuntimeException(errorClass="INVALID_INDEX_OF_ZERO", messageParameters={})
    parts = a[0].str.split(delim) if delim else pl.concat_list(a[0])
    idx = part - 1 if part > 0 else part
    return parts.list.get(idx, null_on_oob=True).fill_null(pl.when(a[0].is_not_null()).then(pl.lit("")))


# --- searching ----------------------------------------------------------------------------------------


def _find(s: pl.Expr, sub: str) -> pl.Expr:
    """1-based character position of the first ``sub`` in ``s``, 0 when absent."""
    if sub == "":
        return pl.when(s.is_not_null()).then(pl.lit(1, dtype=pl.Int32))
    before = s.str.splitn(sub, 2).struct.field("field_0").str.len_chars()
    found = pl.when(s.str.contains(sub, literal=True)).then(before + 1).otherwise(0)
    return pl.when(s.is_not_null()).then(found).cast(pl.Int32)


def _python_find(s: str, sub: str, start: int = 1) -> int:
    if start < 1 or sub == "":
        return int(start >= 1)
    return s.find(sub, start - 1) + 1


@scalar("instr")
def _instr(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    if not _is_literal(call, 1):
        return rowwise(_python_find, [a[0], a[1]], pl.Int32)
    sub = _lit(call, 1)
    return pl.lit(None, dtype=pl.Int32) if sub is None else _find(a[0], sub)


@scalar("locate", "position")
def _locate(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    start = _lit(call, 2, 1) if _is_literal(call, 2) or len(a) < 3 else None
    if not _is_literal(call, 0) or start is None:
        pos = a[2] if len(a) > 2 else pl.lit(1)
        return rowwise(_python_find, [a[1], a[0], pos.fill_null(0)], pl.Int32)
    sub = _lit(call, 0)
    if sub is None:
        return pl.lit(None, dtype=pl.Int32)
    start = int(start)
    if start < 1 or sub == "":  # Spark: an empty substring is found at 1, whatever the start
        return pl.when(a[1].is_not_null()).then(pl.lit(int(start >= 1), dtype=pl.Int32))
    found = _find(a[1].str.slice(start - 1), sub)
    return pl.when(found > 0).then(found + start - 1).otherwise(found).cast(pl.Int32)


@scalar("contains")
def _contains(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return a[0].str.contains(a[1], literal=True)


@scalar("startswith")
def _startswith(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return a[0].str.starts_with(a[1])


@scalar("endswith")
def _endswith(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return a[0].str.ends_with(a[1])


def _levenshtein_matrix(left: np.ndarray, right: np.ndarray, n_left: np.ndarray,
                        n_right: np.ndarray) -> np.ndarray:
    """Edit distances of row pairs, the dynamic program run over all rows at once."""
    rows = left.shape[0]
    prev = np.tile(np.arange(right.shape[1] + 1, dtype=np.int64), (rows, 1))
    result = prev[np.arange(rows), n_right].copy()
    for i in range(1, left.shape[1] + 1):
        cur = np.empty_like(prev)
        cur[:, 0] = i
        cost = (left[:, i - 1:i] != right).astype(np.int64)
        sub = prev[:, :-1] + cost
        dele = prev[:, 1:] + 1
        best = np.minimum(sub, dele)
        for j in range(1, right.shape[1] + 1):
            cur[:, j] = np.minimum(best[:, j - 1], cur[:, j - 1] + 1)
        prev = cur
        done = n_left == i
        result[done] = cur[done, n_right[done]]
    return result


@scalar("levenshtein")
def _levenshtein(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    threshold = _lit(call, 2) if len(a) > 2 else None

    def distance(s: pl.Series) -> pl.Series:
        left, right = s.struct.field("l"), s.struct.field("r")
        d = _levenshtein_matrix(code_points(left), code_points(right),
                                left.str.len_chars().fill_null(0).to_numpy(),
                                right.str.len_chars().fill_null(0).to_numpy())
        if threshold is not None:
            d = np.where(d > threshold, -1, d)
        return pl.Series(d.astype(np.int32)).set(left.is_null() | right.is_null(), None)  # type: ignore[arg-type]

    return pl.struct(a[0].alias("l"), a[1].alias("r")).map_batches(distance, return_dtype=pl.Int32)


_SOUNDEX = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "01230127022455012623017202"))


@scalar("soundex")
def _soundex(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    s = a[0]
    first = s.str.slice(0, 1)
    first_up = first.str.replace_many({c.lower(): c for c in _SOUNDEX})
    is_letter = first_up.str.contains("^[A-Z]$")
    codes_first = first_up.str.replace_many(_SOUNDEX)
    letters = {**_SOUNDEX, **{c.lower(): v for c, v in _SOUNDEX.items()}}
    rest = (
        s.str.slice(1).str.replace_all("[^A-Za-z]", "#").str.replace_many(
            {**{c: ("" if v == "7" else v) for c, v in letters.items()}, "#": "0"})
    )
    codes = codes_first + rest
    for d in "0123456":
        codes = codes.str.replace_all(f"{d}+", d)
    body = codes.str.slice(1).str.replace_all("0", "").str.slice(0, 3).str.pad_end(3, "0")
    return pl.when(is_letter).then(first_up + body).otherwise(s)
