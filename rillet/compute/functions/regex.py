"""Polars translations of the regex functions: Java regex syntax on Polars' (Rust) engine.

Spark's patterns are Java regexes. :func:`java_regex` rewrites what the Rust engine
reads differently; a pattern Rust cannot compile (lookaround, backreferences) runs
with Python's ``re``, which accepts those, row by row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import polars as pl

from rillet.compute.expressions import ComputeContext
from rillet.compute.functions.rules import scalar
from rillet.compute.functions.string import Args, _is_literal, _lit, rowwise
from rillet.errors import AnalysisException, SparkRuntimeException
from rillet.plan.expressions.core import Call

# --- regular expressions -------------------------------------------------------------------------

_JAVA_CLASSES = {
    r"\s": " \t\n\x0b\f\r",
    r"\d": "0123456789",
}
_JAVA_CLASS_REWRITES = (
    (r"\s", r"[ \t\n\x0B\f\r]"), (r"\S", r"[^ \t\n\x0B\f\r]"),
    (r"\d", "[0-9]"), (r"\D", "[^0-9]"),
    (r"\w", "[a-zA-Z_0-9]"), (r"\W", "[^a-zA-Z_0-9]"),
)
_POSIX = {"Lower": "a-z", "Upper": "A-Z", "Alpha": "a-zA-Z", "Digit": "0-9", "Alnum": "a-zA-Z0-9",
          "Punct": r"!-/:-@\[-`{-~", "Space": r" \t\n\x0B\f\r", "XDigit": "0-9a-fA-F"}


def java_regex(pattern: str) -> str:
    """Translate the Java-regex constructs Polars' (Rust) engine reads differently.

    Java's ``\\s \\d \\w`` (and negations) are ASCII-only where Rust's are Unicode;
    ``\\p{Alpha}``-style POSIX classes have Rust spellings.
    """

    def rewrite(m: re.Match[str]) -> str:
        token = m.group(0)
        if token.startswith("\\\\"):
            return token
        if token.startswith(("\\p{", "\\P{")):
            name = token[3:-1]
            if name in _POSIX:
                return ("[" if token[1] == "p" else "[^") + _POSIX[name] + "]"
            return token
        return dict(_JAVA_CLASS_REWRITES).get(token, token)

    return re.sub(r"\\\\|\\[sSdDwW]|\\[pP]\{\w+\}", rewrite, pattern)


def java_replacement(rep: str) -> str:
    """Java's ``$1``/``\\$`` replacement syntax in Rust's (``${1}``, ``$$``)."""
    out, i = [], 0
    while i < len(rep):
        ch = rep[i]
        if ch == "\\" and i + 1 < len(rep):
            nxt = rep[i + 1]
            out.append("$$" if nxt == "$" else nxt)
            i += 2
        elif ch == "$" and i + 1 < len(rep) and rep[i + 1].isdigit():
            j = i + 1
            while j < len(rep) and rep[j].isdigit():
                j += 1
            out.append("${" + rep[i + 1:j] + "}")
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)


@lru_cache(maxsize=256)
def rust_accepts(pattern: str) -> bool:
    """Whether Polars' regex engine compiles ``pattern`` (lookaround and backreferences it cannot)."""
    try:
        pl.Series([""]).str.contains(pattern)
        return True
    except pl.exceptions.PolarsError:
        return False


def _pattern(call: Call, i: int) -> str | None:
    raw = _lit(call, i)
    if raw is None:
        return None
    p = java_regex(raw)
    try:
        re.compile(p)
    except re.error as e:
        raise SparkRuntimeException(
            errorClass="INVALID_PARAMETER_VALUE.PATTERN",
            messageParameters={"parameter": "`regexp`", "functionName": f"`{call.spec.name}`",
                               "value": f"'{raw}'"},
        ) from e
    return p


def _python_regex(pattern: str, fn: Callable[[re.Pattern[str], str], Any], s: pl.Expr,
                  dtype: pl.DataType) -> pl.Expr:
    rx = re.compile(pattern)
    return rowwise(lambda v: fn(rx, v), [s], dtype)


@scalar("rlike", "regexp_like", "regexp")
def _rlike(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    if not _is_literal(call, 1):
        return rowwise(lambda s, p: re.search(java_regex(p), s) is not None, a[:2], pl.Boolean)
    p = _pattern(call, 1)
    if p is None:
        return pl.lit(None, dtype=pl.Boolean)
    if not rust_accepts(p):
        return _python_regex(p, lambda rx, v: rx.search(v) is not None, a[0], pl.Boolean)
    return a[0].str.contains(p)


def _group_index(call: Call, pattern: str, i: int) -> int:
    idx = int(_lit(call, i, 1))
    groups = re.compile(pattern).groups
    if idx < 0 or idx > groups:
        raise SparkRuntimeException(
            errorClass="INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX",
            messageParameters={"parameter": "`idx`", "functionName": f"`{call.spec.name}`",
                               "groupCount": str(groups), "groupIndex": str(idx)},
        )
    return idx


def _group_or_empty(m: re.Match[str] | None, idx: int) -> str:
    return "" if m is None or m.group(idx) is None else m.group(idx)


@scalar("regexp_extract")
def _regexp_extract(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    p = _pattern(call, 1)
    if p is None:
        return pl.lit(None, dtype=pl.String)
    idx = _group_index(call, p, 2)
    if not rust_accepts(p):
        return _python_regex(p, lambda rx, v: _group_or_empty(rx.search(v), idx), a[0], pl.String)
    return pl.when(a[0].is_not_null()).then(a[0].str.extract(p, idx).fill_null(""))


@scalar("regexp_extract_all")
def _regexp_extract_all(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    p = _pattern(call, 1)
    if p is None:
        return pl.lit(None, dtype=pl.List(pl.String))
    idx = _group_index(call, p, 2)
    if not rust_accepts(p) or idx > 0:
        return _python_regex(p, lambda rx, v: [_group_or_empty(m, idx) for m in rx.finditer(v)],
                             a[0], pl.List(pl.String))
    return a[0].str.extract_all(p)


@scalar("regexp_replace")
def _regexp_replace(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    p, rep = _pattern(call, 1), _lit(call, 2)
    if p is None or rep is None:
        return pl.lit(None, dtype=pl.String)
    pos = int(_lit(call, 3, 1))
    if pos < 1:
        raise AnalysisException(
            errorClass="DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
            messageParameters={"sqlExpr": f'"{call.sql()}"', "exprName": "position",
                               "valueRange": "(0, 2147483647]", "currentValue": str(pos)},
        )
    head, tail = a[0].str.slice(0, pos - 1), a[0].str.slice(pos - 1)
    if not rust_accepts(p):
        py_rep = re.sub(r"\$(\d+)", r"\\g<\1>", rep)
        replaced = _python_regex(p, lambda rx, v: rx.sub(py_rep, v), tail, pl.String)
    else:
        # a group around the pattern keeps Polars off its literal fast path, which ignores `$n`
        replaced = tail.str.replace_all(f"(?:{p})", java_replacement(rep))
    return head + replaced if pos > 1 else replaced


def _single_char_class(pattern: str) -> str | None:
    """The characters of a pattern that matches exactly one character of a fixed set."""
    if pattern in _JAVA_CLASSES:
        return _JAVA_CLASSES[pattern]
    m = re.fullmatch(r"\[([^\]\\^-]+)\]", pattern)
    return m.group(1) if m else None


@scalar("split")
def _split(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    pattern = _lit(call, 1)
    limit = _lit(call, 2, -1)
    if not isinstance(pattern, str):
        raise AnalysisException("split() needs a constant string pattern")
    limit = int(limit) if limit is not None and int(limit) > 0 else -1  # Spark: limit <= 0 is "no limit"
    s = a[0]
    if pattern == "":  # Spark splits into characters, at most ``limit`` of them
        chars = s.str.split("")
        chars = chars if limit < 0 else chars.list.head(limit)
        return pl.when(s == "").then(pl.lit([""], dtype=pl.List(pl.String))).otherwise(chars)
    if limit < 0:
        if _is_literal_regex(pattern):
            return s.str.split(_unescape_literal(pattern))
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
        if rust_accepts(pattern):
            for mark in _MARKS:
                if not col.str.contains(mark, literal=True).any():
                    return col.str.replace_all(pattern, mark, literal=False).str.split(mark)
        return _python_split(col, rx, -1)

    return s.map_batches(split_batch, return_dtype=pl.List(pl.String))


def _is_literal_regex(p: str) -> bool:
    return re.fullmatch(r"(?:[^\\.^$|?*+()\[\]{}]|\\[\\.^$|?*+()\[\]{}])+", p) is not None


def _unescape_literal(p: str) -> str:
    return re.sub(r"\\(.)", r"\1", p)


def _python_split(col: pl.Series, rx: re.Pattern[str], limit: int) -> pl.Series:
    """Spark's ``split(str, regex, limit)`` with Python's ``re``, for the cases Polars
    cannot express (a positive ``limit``; a regex Polars' engine does not support)."""
    out: list[list[str] | None] = []
    for v in col.to_list():
        if v is None:
            out.append(None)
            continue
        out.append(rx.split(v, maxsplit=limit - 1 if limit > 0 else 0))
    return pl.Series(out, dtype=pl.List(pl.String))


def _regex_split(s: pl.Expr, pattern: str, limit: int) -> pl.Expr:
    rx = re.compile(pattern)
    return s.map_batches(lambda col: _python_split(col, rx, limit), return_dtype=pl.List(pl.String))


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
def _like(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    pattern = _lit(call, 1)
    if not isinstance(pattern, str):
        raise AnalysisException("LIKE needs a constant pattern")
    return a[0].str.contains(like_to_regex(pattern))
