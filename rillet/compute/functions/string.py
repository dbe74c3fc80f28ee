"""Polars translations of string functions."""

from __future__ import annotations

import re

import polars as pl

from rillet.compute.expressions import ComputeContext
from rillet.compute.functions import literal_arg, scalar
from rillet.errors import AnalysisException
from rillet.plan import types as T
from rillet.plan.expressions.core import Call

# --- strings ---------------------------------------------------------------


@scalar("upper")
def _upper(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].str.to_uppercase()


@scalar("lower")
def _lower(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].str.to_lowercase()


@scalar("length")
def _length(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    if isinstance(call.args[0].data_type, T.BinaryType):
        return a[0].bin.size().cast(pl.Int32)
    return a[0].str.len_chars().cast(pl.Int32)


@scalar("trim")
def _trim(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].str.strip_chars(" ")


@scalar("ltrim")
def _ltrim(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].str.strip_chars_start(" ")


@scalar("rtrim")
def _rtrim(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].str.strip_chars_end(" ")


@scalar("concat")
def _concat(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    if not a:
        return pl.lit("")
    if isinstance(call.data_type, T.ArrayType):
        return pl.concat_list(a)
    # Spark: NULL if any input is NULL (unlike concat_ws)
    return pl.concat_str(a, ignore_nulls=False)


# Java's predefined classes are ASCII-only; Rust's (Polars') are Unicode-aware.
_JAVA_CLASSES = {
    r"\s": " \t\n\x0b\f\r",
    r"\d": "0123456789",
}


def java_regex(pattern: str) -> str:
    """Translate the Java-regex constructs Polars' (Rust) engine reads differently."""
    out = pattern
    for cls, chars in ((r"\s", r"[ \t\n\x0B\f\r]"), (r"\d", "[0-9]")):
        out = re.sub(r"(?<!\\)" + re.escape(cls), lambda _m, c=chars: c, out)
    return out


def _single_char_class(pattern: str) -> str | None:
    """The characters of a pattern that matches exactly one character of a fixed set."""
    if pattern in _JAVA_CLASSES:
        return _JAVA_CLASSES[pattern]
    m = re.fullmatch(r"\[([^\]\\^-]+)\]", pattern)
    return m.group(1) if m else None


@scalar("split")
def _split(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    pattern = literal_arg(call, 1)
    limit = literal_arg(call, 2, -1)
    if not isinstance(pattern, str):
        raise AnalysisException("split() needs a constant string pattern")
    limit = int(limit) if limit is not None else -1
    s = a[0]
    if limit < 0 and pattern:
        if _is_literal_regex(pattern):
            return s.str.split(_unescapeliteral_arg(pattern))
        chars = _single_char_class(pattern)
        if chars is not None:
            # map every member of the class to one of them, then split on it literally
            sep, others = chars[0], list(chars[1:])
            mapped = s.str.replace_many({c: sep for c in others}) if others else s
            return mapped.str.split(sep)
        return _marked_split(s, java_regex(pattern))
    return _regex_split(s, java_regex(pattern), limit)


_MARKS = ("\x00", "\x01", "\x02", "\x03", "\ufdd0", "\ufdd1")


def _marked_split(s: pl.Expr, pattern: str) -> pl.Expr:
    """Regex split, vectorized: mark every match with a character the batch does not
    contain, then split on it literally (falls back to ``re`` only if every candidate
    mark occurs in the batch)."""
    rx = re.compile(pattern)

    def split_batch(col: pl.Series) -> pl.Series:
        for mark in _MARKS:
            if not col.str.contains(mark, literal=True).any():
                return col.str.replace_all(pattern, mark, literal=False).str.split(mark)
        return _python_split(col, rx, -1)

    return s.map_batches(split_batch, return_dtype=pl.List(pl.String))


def _is_literal_regex(p: str) -> bool:
    return re.fullmatch(r"(?:[^\\.^$|?*+()\[\]{}]|\\[\\.^$|?*+()\[\]{}])+", p) is not None


def _unescapeliteral_arg(p: str) -> str:
    return re.sub(r"\\(.)", r"\1", p)


def _python_split(col: pl.Series, rx: re.Pattern[str], limit: int) -> pl.Series:
    """Java ``String.split(regex, limit)`` with Python's ``re``, for the cases Polars
    cannot express (a positive ``limit``; ``limit == 0`` drops trailing empty strings)."""
    out: list[list[str] | None] = []
    for v in col.to_list():
        if v is None:
            out.append(None)
            continue
        parts = rx.split(v, maxsplit=limit - 1 if limit > 0 else 0)
        if limit == 0:
            while parts and parts[-1] == "":
                parts.pop()
        out.append(parts)
    return pl.Series(out, dtype=pl.List(pl.String))


def _regex_split(s: pl.Expr, pattern: str, limit: int) -> pl.Expr:
    rx = re.compile(pattern)
    return s.map_batches(lambda col: _python_split(col, rx, limit), return_dtype=pl.List(pl.String))


@scalar("substring")
def _substring(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    pos = a[1].cast(pl.Int64)
    length = a[2].cast(pl.Int64) if len(a) > 2 else pl.lit(2**31 - 1, dtype=pl.Int64)
    n = a[0].str.len_chars().cast(pl.Int64)
    # Spark: 1-based; 0 behaves like 1; negative counts from the end
    start = pl.when(pos > 0).then(pos - 1).when(pos == 0).then(0).otherwise(n + pos)
    end = start + length
    start_c = pl.max_horizontal(start, pl.lit(0))
    length_c = pl.max_horizontal(end - start_c, pl.lit(0))
    return a[0].str.slice(start_c, length_c)


@scalar("contains")
def _contains(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].str.contains(a[1], literal=True)


@scalar("startswith")
def _startswith(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].str.starts_with(a[1])


@scalar("endswith")
def _endswith(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].str.ends_with(a[1])


def like_to_regex(pattern: str, escape: str = "\\") -> str:
    out = ["^"]
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == escape and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    out.append("$")
    return "(?s)" + "".join(out)


@scalar("like")
def _like(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    pattern = literal_arg(call, 1)
    if not isinstance(pattern, str):
        raise AnalysisException("LIKE needs a constant pattern")
    return a[0].str.contains(like_to_regex(pattern))


@scalar("rlike")
def _rlike(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].str.contains(a[1])


