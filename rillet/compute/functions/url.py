"""Polars translations of URL functions.

``url_encode``/``url_decode`` are Java's ``URLEncoder``/``URLDecoder`` (UTF-8, ``+`` for a
space), computed on the Arrow byte buffers with numpy: every byte is classified at once and
the output bytes are placed by cumulative sums, so there is no per-row Python.
``parse_url`` reads the parts with RFC 3986's regular expression (the one ``java.net.URI``
follows) through Polars' vectorized ``str.extract``.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa

from rillet.compute.expressions import ComputeContext, guard
from rillet.compute.functions.rules import scalar
from rillet.errors import IllegalArgumentException, PySparkException
from rillet.plan.expressions.core import Call, Literal

_HEX = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)
_SAFE = np.zeros(256, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*_":
    _SAFE[_c] = True
_HEX_VALUE = np.full(256, -1, dtype=np.int16)
for _i, _c in enumerate(b"0123456789abcdef"):
    _HEX_VALUE[_c] = _i
    _HEX_VALUE[ord(chr(_c).upper())] = _i


def _buffers(s: pl.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(bytes, offsets, valid) of a string column, as numpy arrays."""
    arr = pa.array(s.to_arrow()).cast(pa.large_string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset: arr.offset + len(arr) + 1]
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8) if arr.buffers()[2] is not None else \
        np.zeros(0, dtype=np.uint8)
    data = data[offsets[0]: offsets[-1]]
    offsets = offsets - offsets[0]
    valid = ~np.asarray(arr.is_null())
    return data, offsets, valid


def _strings(data: np.ndarray, offsets: np.ndarray, valid: np.ndarray) -> pl.Series:
    arrow = pa.LargeStringArray.from_buffers(
        len(valid), pa.py_buffer(offsets.astype(np.int64).tobytes()), pa.py_buffer(data.tobytes()),
        pa.py_buffer(np.packbits(valid, bitorder="little").tobytes()) if not valid.all() else None,
    )
    return pl.Series(arrow).cast(pl.String)


def _row_of_byte(offsets: np.ndarray) -> np.ndarray:
    return np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))


def _encode(s: pl.Series) -> pl.Series:
    data, offsets, valid = _buffers(s)
    safe, space = _SAFE[data], data == ord(" ")
    width = np.where(safe | space, 1, 3)
    ends = np.cumsum(width)
    out = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    start = ends - width
    plain = safe | space
    out[start[plain]] = np.where(space[plain], ord("+"), data[plain])
    coded = start[~plain]
    out[coded], out[coded + 1], out[coded + 2] = ord("%"), _HEX[data[~plain] >> 4], _HEX[data[~plain] & 15]
    new_offsets = np.concatenate([[0], ends])[offsets] if len(data) else np.zeros_like(offsets)
    return _strings(out, new_offsets, valid)


def _decode(s: pl.Series, strict: bool) -> tuple[pl.Series, pl.Series]:
    """The decoded strings, and the (first) malformed input (a one-element Series, or empty)."""
    data, offsets, valid = _buffers(s)
    n = len(data)
    row = _row_of_byte(offsets)
    pct = np.flatnonzero(data == ord("%"))
    hi = _HEX_VALUE[data[np.minimum(pct + 1, max(n - 1, 0))]] if n else np.zeros(0, dtype=np.int16)
    lo = _HEX_VALUE[data[np.minimum(pct + 2, max(n - 1, 0))]] if n else np.zeros(0, dtype=np.int16)
    # an escape must have two hex digits inside its own string
    ok = (pct + 2 < n) & (hi >= 0) & (lo >= 0)
    ok &= row[np.minimum(pct + 2, max(n - 1, 0))] == row[pct] if n else ok
    bad_rows = np.unique(row[pct[~ok]]) if len(pct) else np.zeros(0, dtype=np.int64)
    out = np.where(data == ord("+"), ord(" "), data).astype(np.uint8)
    good = pct[ok]
    out[good] = (hi[ok] * 16 + lo[ok]).astype(np.uint8)
    keep = np.ones(n, dtype=bool)
    keep[good + 1] = False
    keep[good + 2] = False
    valid = valid.copy()
    witness = s.gather(bad_rows[:1]) if len(bad_rows) else pl.Series([], dtype=pl.String)
    if len(bad_rows) and not strict:
        valid[bad_rows] = False
    kept = np.concatenate([[0], np.cumsum(keep)])[offsets] if n else np.zeros_like(offsets)
    return _strings(out[keep], kept, valid), witness


def _decode_error(bad: pl.Series) -> PySparkException:
    return IllegalArgumentException(errorClass="CANNOT_DECODE_URL", messageParameters={"url": str(bad[0])})


@scalar("url_encode")
def _url_encode(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].map_batches(_encode, return_dtype=pl.String, is_elementwise=True)


def _url_decode(a: list[pl.Expr], ctx: ComputeContext, try_: bool) -> pl.Expr:
    def run(s: pl.Series) -> pl.Series:
        decoded, witness = _decode(s, strict=not try_)
        if len(witness) and not try_:
            error = _decode_error(witness)
            ctx.errors.append(error)  # Polars re-wraps what a UDF raises: the query re-raises this one
            raise error
        return decoded

    return a[0].map_batches(run, return_dtype=pl.String, is_elementwise=True)


@scalar("url_decode")
def _url_decode_strict(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _url_decode(a, ctx, try_=False)


@scalar("try_url_decode")
def _try_url_decode(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _url_decode(a, ctx, try_=True)


# RFC 3986, appendix B: scheme, authority, path, query, fragment
_URI = r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$"
# what java.net.URI rejects: characters outside URIs, and a % not followed by two hex digits
_ILLEGAL = r"[\s\"<>\\^`{|}]|%(?:[^0-9A-Fa-f]|.[^0-9A-Fa-f]|.?$)"
_PARTS = ("HOST", "PATH", "QUERY", "REF", "PROTOCOL", "FILE", "AUTHORITY", "USERINFO")


def _parse_url(call: Call, a: list[pl.Expr], ctx: ComputeContext, try_: bool) -> pl.Expr:
    url = a[0]
    scheme, authority = url.str.extract(_URI, 1), url.str.extract(_URI, 2)
    path, query, fragment = url.str.extract(_URI, 3), url.str.extract(_URI, 4), url.str.extract(_URI, 5)
    # an opaque URI (mailto:x@y.z: a scheme, then no "/") has no authority, path or query in Java
    opaque = scheme.is_not_null() & url.str.extract(r"^[^:/?#]+:(.?)", 1).ne("/")
    authority, path, query = (pl.when(opaque.not_()).then(x) for x in (authority, path, query))
    userinfo = authority.str.extract(r"^([^@]*)@", 1)
    host = authority.str.extract(r"^(?:[^@]*@)?(\[[^\]]*\]|[^:]*)(?::\d*)?$", 1)
    values = {
        "PROTOCOL": scheme, "AUTHORITY": authority, "PATH": pl.when(url.is_not_null()).then(path),
        "QUERY": query, "REF": fragment, "USERINFO": userinfo, "HOST": pl.when(host != "").then(host),
        "FILE": pl.when(query.is_not_null()).then(pl.concat_str([path, pl.lit("?"), query])).otherwise(path),
    }
    if len(call.args) > 2:
        # the value of a key in the query, as Spark's (&|^)key=([^&]*); the key may be a column
        with_amp = pl.concat_str([pl.lit("&"), query])
        needle = pl.concat_str([pl.lit("&"), a[2], pl.lit("=")])
        at = with_amp.str.find(needle, literal=True)
        values["QUERY"] = with_amp.str.slice(at + needle.str.len_chars()).str.extract(r"^([^&]*)", 1)
    part_arg = call.args[1]
    if isinstance(part_arg, Literal):
        value = values.get(str(part_arg.value), pl.lit(None, dtype=pl.String))
    else:  # a part per row
        chain = pl.when(a[1] == _PARTS[0]).then(values[_PARTS[0]])
        for name in _PARTS[1:]:
            chain = chain.when(a[1] == name).then(values[name])
        value = chain.otherwise(pl.lit(None, dtype=pl.String))
    illegal = url.str.contains(_ILLEGAL)
    if try_ or not ctx.ansi:
        return pl.when(illegal.not_()).then(value)
    return guard(ctx, value, illegal, pl.String, _invalid_url, witness=url)


def _invalid_url(bad: pl.Series) -> PySparkException:
    return IllegalArgumentException(errorClass="INVALID_URL", messageParameters={"url": str(bad[0])})


@scalar("parse_url")
def _parse_url_strict(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _parse_url(call, a, ctx, try_=False)


@scalar("try_parse_url")
def _try_parse_url(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _parse_url(call, a, ctx, try_=True)
