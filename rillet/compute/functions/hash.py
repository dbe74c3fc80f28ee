"""Encodings, digests and Spark's row hashes (``hash``: Murmur3_x86_32, ``xxhash64``: XXH64).

``hash`` and ``xxhash64`` must give Spark's exact values: each argument is hashed
with the running hash as its seed (42 to start; a null leaves the seed as is),
ints/dates/booleans as 4-byte words, longs/timestamps as 8-byte words, floats by
their IEEE bits (-0.0 as 0.0), strings and binaries by their (UTF-8) bytes. The
kernels run over whole columns with numpy's wrapping uint32/uint64 arithmetic.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable

import numpy as np
import polars as pl
import pyarrow as pa

from rillet.compute.expressions import ComputeContext, guard
from rillet.compute.functions.rules import literal_arg, scalar
from rillet.compute.functions.string import rowwise
from rillet.errors import AnalysisException, IllegalArgumentException, PySparkException
from rillet.plan import types as T
from rillet.plan.expressions.core import Call

Args = list[pl.Expr]
U32, U64 = np.uint32, np.uint64


def byte_layout(col: pl.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A string/binary column's bytes: (data uint8, row starts int64, row lengths int64)."""
    arr = col.cast(pl.Binary).to_arrow()
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    arr = arr.cast(pa.large_binary())
    _, offsets_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[arr.offset: arr.offset + len(arr) + 1]
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    data = np.concatenate([data, np.zeros(8, np.uint8)])  # reads past a row's end stay in bounds
    return data, offsets[:-1].copy(), np.diff(offsets)


def _word(data: np.ndarray, at: np.ndarray, width: int, dtype: type) -> np.ndarray:
    """Little-endian words of ``width`` bytes starting at each ``at``."""
    out = np.zeros(len(at), dtype=dtype)
    for b in range(width):
        out |= data[at + b].astype(dtype) << dtype(8 * b)
    return out


# --- Murmur3_x86_32, as org.apache.spark.unsafe.hash.Murmur3_x86_32 ---------------------------


def _rotl32(x: np.ndarray, r: int) -> np.ndarray:
    return (x << U32(r)) | (x >> U32(32 - r))


def _mix_k1(k: np.ndarray) -> np.ndarray:
    k = k * U32(0xCC9E2D51)
    return _rotl32(k, 15) * U32(0x1B873593)


def _mix_h1(h: np.ndarray, k: np.ndarray) -> np.ndarray:
    h = _rotl32(h ^ k, 13)
    return h * U32(5) + U32(0xE6546B64)


def _fmix32(h: np.ndarray, length: np.ndarray | int) -> np.ndarray:
    h = h ^ np.asarray(length).astype(U32)
    h ^= h >> U32(16)
    h = h * U32(0x85EBCA6B)
    h ^= h >> U32(13)
    h = h * U32(0xC2B2AE35)
    return h ^ (h >> U32(16))


def murmur3_int(values: np.ndarray, seed: np.ndarray) -> np.ndarray:
    return _fmix32(_mix_h1(seed, _mix_k1(values.astype(np.int64).astype(U32))), 4)


def murmur3_long(values: np.ndarray, seed: np.ndarray) -> np.ndarray:
    v = values.astype(np.int64).view(U64)
    h = _mix_h1(seed, _mix_k1((v & U64(0xFFFFFFFF)).astype(U32)))
    h = _mix_h1(h, _mix_k1((v >> U64(32)).astype(U32)))
    return _fmix32(h, 8)


def murmur3_bytes(data: np.ndarray, starts: np.ndarray, lengths: np.ndarray, seed: np.ndarray) -> np.ndarray:
    h = seed.copy()
    blocks = lengths // 4
    for k in range(int(blocks.max(initial=0))):
        act = blocks > k
        h[act] = _mix_h1(h[act], _mix_k1(_word(data, starts[act] + 4 * k, 4, U32)))
    aligned = blocks * 4
    for t in range(3):  # Spark mixes each trailing byte on its own, sign-extended
        act = lengths - aligned > t
        b = data[starts[act] + aligned[act] + t].view(np.int8).astype(np.int32).view(U32)
        h[act] = _mix_h1(h[act], _mix_k1(b))
    return _fmix32(h, lengths)


# --- XXH64, as org.apache.spark.sql.catalyst.expressions.XXH64 ------------------------------------

P1, P2, P3 = U64(0x9E3779B185EBCA87), U64(0xC2B2AE3D27D4EB4F), U64(0x165667B19E3779F9)
P4, P5 = U64(0x85EBCA77C2B2AE63), U64(0x27D4EB2F165667C5)


def _rotl64(x: np.ndarray, r: int) -> np.ndarray:
    return (x << U64(r)) | (x >> U64(64 - r))


def _fmix64(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> U64(33))
    h = h * P2
    h ^= h >> U64(29)
    h = h * P3
    return h ^ (h >> U64(32))


def xxh64_int(values: np.ndarray, seed: np.ndarray) -> np.ndarray:
    h = seed + P5 + U64(4)
    h ^= (values.astype(np.int64).astype(U32).astype(U64)) * P1
    return _fmix64(_rotl64(h, 23) * P2 + P3)


def _xxh64_round(h: np.ndarray, k: np.ndarray) -> np.ndarray:
    h = h ^ (_rotl64(k * P2, 31) * P1)
    return _rotl64(h, 27) * P1 + P4


def xxh64_long(values: np.ndarray, seed: np.ndarray) -> np.ndarray:
    return _fmix64(_xxh64_round(seed + P5 + U64(8), values.astype(np.int64).view(U64)))


def _stripe_lane(v: np.ndarray, k: np.ndarray) -> np.ndarray:
    return _rotl64(v + k * P2, 31) * P1


def xxh64_bytes(data: np.ndarray, starts: np.ndarray, lengths: np.ndarray, seed: np.ndarray) -> np.ndarray:
    h = seed + P5
    pos = starts.copy()
    long_rows = np.flatnonzero(lengths >= 32)
    if len(long_rows):
        s = seed[long_rows]
        v = [s + P1 + P2, s + P2, s.copy(), s - P1]
        stripes = lengths[long_rows] // 32
        for k in range(int(stripes.max())):
            act = stripes > k
            at = pos[long_rows[act]] + 32 * k
            for lane in range(4):
                v[lane][act] = _stripe_lane(v[lane][act], _word(data, at + 8 * lane, 8, U64))
        pos[long_rows] += stripes * 32
        acc = _rotl64(v[0], 1) + _rotl64(v[1], 7) + _rotl64(v[2], 12) + _rotl64(v[3], 18)
        for lane in range(4):
            acc = (acc ^ _stripe_lane(U64(0), v[lane])) * P1 + P4
        h[long_rows] = acc
    h = h + lengths.astype(U64)
    end = starts + lengths
    for _ in range(4):  # at most three 8-byte words remain after the stripes
        act = end - pos >= 8
        if not act.any():
            break
        h[act] = _xxh64_round(h[act], _word(data, pos[act], 8, U64))
        pos[act] += 8
    act = end - pos >= 4
    h[act] = _rotl64(h[act] ^ (_word(data, pos[act], 4, U64) * P1), 23) * P2 + P3
    pos[act] += 4
    for _ in range(3):
        act = end - pos > 0
        h[act] = _rotl64(h[act] ^ (data[pos[act]].astype(U64) * P5), 11) * P1
        pos[act] += 1
    return _fmix64(h)


# --- per Spark type -------------------------------------------------------------------------------


class _Hasher:
    def __init__(self, on_int: Callable, on_long: Callable, on_bytes: Callable) -> None:
        self.on_int, self.on_long, self.on_bytes = on_int, on_long, on_bytes

    def column(self, col: pl.Series, dt: T.DataType, seed: np.ndarray) -> np.ndarray:
        """The running hashes after ``col``: rows where ``col`` is null keep their seed."""
        valid = col.is_not_null().to_numpy()
        if not valid.any():
            return seed
        out = seed.copy()
        if isinstance(dt, T.StructType):
            sub = seed[valid]
            for f in dt.fields:
                sub = self.column(col.filter(col.is_not_null()).struct.field(f.name), f.dataType, sub)
            out[valid] = sub
            return out
        live = col.filter(col.is_not_null())
        if isinstance(dt, T.ArrayType):
            # elements in order, each seeded with the hash so far (nulls skipped)
            sub, lengths = seed[valid], live.list.len().to_numpy()
            for k in range(int(lengths.max(initial=0))):
                has = lengths > k
                sub[has] = self.column(live.filter(pl.Series(has)).list.get(k), dt.elementType, sub[has])
            out[valid] = sub
        elif isinstance(dt, (T.StringType, T.BinaryType)):
            out[valid] = self.on_bytes(*byte_layout(live), seed[valid])
        elif isinstance(dt, (T.BooleanType, T.ByteType, T.ShortType, T.IntegerType, T.DateType)):
            out[valid] = self.on_int(live.cast(pl.Int32).to_numpy(), seed[valid])
        elif isinstance(dt, (T.LongType, T.TimestampType, T.TimestampNTZType)):
            ints = live.dt.epoch("us") if live.dtype.is_temporal() else live
            out[valid] = self.on_long(ints.cast(pl.Int64).to_numpy(), seed[valid])
        elif isinstance(dt, T.FloatType):
            f = live.cast(pl.Float32).to_numpy().copy()
            f[f == 0] = 0.0
            bits = f.view(np.int32).copy()
            bits[np.isnan(f)] = 0x7FC00000
            out[valid] = self.on_int(bits, seed[valid])
        elif isinstance(dt, T.DoubleType):
            d = live.cast(pl.Float64).to_numpy().copy()
            d[d == 0] = 0.0
            bits = d.view(np.int64).copy()
            bits[np.isnan(d)] = 0x7FF8000000000000
            out[valid] = self.on_long(bits, seed[valid])
        elif isinstance(dt, T.DecimalType) and dt.precision <= 18:
            unscaled = live.cast(pl.Decimal(38, dt.scale)).to_arrow().cast(pa.decimal128(38, dt.scale))
            scaled = np.array([int(v.as_py().scaleb(dt.scale)) for v in unscaled], dtype=np.int64)
            out[valid] = self.on_long(scaled, seed[valid])
        else:
            raise AnalysisException(
                errorClass="NOT_IMPLEMENTED",
                messageParameters={"feature": f"Hashing a {dt.simpleString()} value"},
            )
        return out


def _row_hash(call: Call, a: Args, hasher: _Hasher, seed: int, seed_dtype: type,
              out: pl.DataType) -> pl.Expr:
    types = [arg.data_type for arg in call.args]
    names = [f"h{i}" for i in range(len(a))]

    def run(s: pl.Series) -> pl.Series:
        h = np.full(len(s), seed, dtype=seed_dtype)
        for name, dt in zip(names, types):
            h = hasher.column(s.struct.field(name), dt, h)
        signed = h.view(np.int32 if seed_dtype is U32 else np.int64)
        return pl.Series(signed)

    return pl.struct([e.alias(n) for e, n in zip(a, names)]).map_batches(run, return_dtype=out)


MURMUR3 = _Hasher(murmur3_int, murmur3_long, murmur3_bytes)
XXH64 = _Hasher(xxh64_int, xxh64_long, xxh64_bytes)


@scalar("hash")
def _hash(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return _row_hash(call, a, MURMUR3, 42, U32, pl.Int32)


@scalar("xxhash64")
def _xxhash64(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return _row_hash(call, a, XXH64, 42, U64, pl.Int64)


# --- encodings and digests --------------------------------------------------------------------------


def _as_binary(call: Call, a: Args, i: int = 0) -> pl.Expr:
    return a[i] if isinstance(call.args[i].data_type, T.BinaryType) else a[i].cast(pl.Binary)


@scalar("base64")
def _base64(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return _as_binary(call, a).bin.encode("base64")


@scalar("unbase64")
def _unbase64(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    # Java's MIME decoder: characters outside the alphabet are skipped, padding is optional
    body = a[0].str.replace_all("[^A-Za-z0-9+/]", "")
    n = body.str.len_bytes()
    body = body.str.slice(0, n - (n % 4 == 1).cast(pl.UInt32))
    padded = body + pl.lit("==").str.slice(0, (4 - body.str.len_bytes() % 4) % 4)
    return padded.str.decode("base64", strict=False)


@scalar("hex")
def _hex(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    dt = call.args[0].data_type
    if isinstance(dt, (T.StringType, T.BinaryType)):
        return _as_binary(call, a).bin.encode("hex").str.to_uppercase()

    def long_hex(col: pl.Series) -> pl.Series:
        words = col.cast(pl.Int64).fill_null(0).to_numpy().astype(">i8")
        fixed = pa.FixedSizeBinaryArray.from_buffers(pa.binary(8), len(words), [None, pa.py_buffer(words.tobytes())])
        text = pl.Series(fixed.cast(pa.binary())).bin.encode("hex").str.to_uppercase()
        text = text.str.strip_chars_start("0").replace("", "0")
        return text.set(col.is_null(), None)  # type: ignore[arg-type]

    return a[0].map_batches(long_hex, return_dtype=pl.String)


@scalar("unhex")
def _unhex(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    s = a[0]
    even = pl.when(s.str.len_bytes() % 2 == 1).then("0" + s).otherwise(s)
    return even.str.decode("hex", strict=False)


def _digest(call: Call, a: Args, fn: Callable[[bytes], str]) -> pl.Expr:
    return rowwise(fn, [_as_binary(call, a)], pl.String)


@scalar("md5")
def _md5(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return _digest(call, a, lambda b: hashlib.md5(b).hexdigest())


@scalar("sha1", "sha")
def _sha1(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return _digest(call, a, lambda b: hashlib.sha1(b).hexdigest())


_SHA2 = {0: hashlib.sha256, 224: hashlib.sha224, 256: hashlib.sha256, 384: hashlib.sha384,
         512: hashlib.sha512}


@scalar("sha2")
def _sha2(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    algo = _SHA2.get(int(literal_arg(call, 1)))  # type: ignore[arg-type]
    if algo is None:
        return pl.lit(None, dtype=pl.String)
    return _digest(call, a, lambda b: algo(b).hexdigest())


@scalar("crc32")
def _crc32(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    return rowwise(zlib.crc32, [_as_binary(call, a)], pl.Int64)


_BINARY_FORMATS = ("hex", "utf-8", "utf8", "base64")


@scalar("to_binary", "try_to_binary")
def _to_binary(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    fmt = literal_arg(call, 1, "hex")
    if not isinstance(fmt, str) or fmt.lower() not in _BINARY_FORMATS:
        raise AnalysisException(
            errorClass="DATATYPE_MISMATCH.INVALID_ARG_VALUE",
            messageParameters={
                "sqlExpr": f'"{call.pretty_name()}"', "inputName": "fmt",
                "requireType": 'case-insensitive "STRING"',
                "validValues": "'hex', 'utf-8', 'utf8', or 'base64'", "inputValue": f"'{fmt}'",
            },
        )
    fmt = fmt.lower()
    s = a[0]
    if fmt in ("utf-8", "utf8"):
        return s.cast(pl.Binary)
    if fmt == "hex":
        even = pl.when(s.str.len_bytes() % 2 == 1).then("0" + s).otherwise(s)
        value = even.str.decode("hex", strict=False)
    else:
        value = _unbase64(call, a, ctx)
    if call.spec.name == "try_to_binary":
        return value  # a malformed input is NULL
    # a malformed input is an error (try_to_binary is the lenient one)
    bad = s.is_not_null() & value.is_null()
    return guard(ctx, value, bad, pl.Binary, lambda w: _conversion_error(w, fmt), witness=s)


def _conversion_error(bad: pl.Series, fmt: str) -> PySparkException:
    return IllegalArgumentException(
        errorClass="CONVERSION_INVALID_INPUT",
        messageParameters={"str": f"'{bad[0]}'", "fmt": f"'{fmt.upper()}'", "targetType": '"BINARY"',
                           "suggestion": "`try_to_binary`"},
    )
