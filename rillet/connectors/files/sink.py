"""File sinks (``parquet``, ``csv``, ``json``, ``text``) and the file writing they share
with the batch ``DataFrameWriter``.

A streaming batch is exactly-once as in Spark's ``FileStreamSink``: ``add_batch(N)``

1. skips ``N`` if the manifest (``<path>/_spark_metadata``) already holds batch ``N``
   (a batch re-run after a crash writes nothing new);
2. records the batch as pending in the sink's checkpoint folder, then writes its rows to
   new files with unique names (``part-00000-<uuid>-c000.snappy.parquet``; Hive-style
   ``key=value`` folders under ``partitionBy``);
3. commits ``N`` to the manifest atomically. Files of a batch that crashed before step 3
   are listed nowhere, so readers, which read the manifest, never see them; the next
   start deletes them.

The output folder may be an object store URI (``s3://bucket/prefix``, ``s3a://``; the
``fs.s3a.*`` options as for the file source). Files are then PUT whole, the manifest
entries name them by URI, and the checkpoint (with the pending record) stays local.

Values are written as Spark writes them: csv without a header unless ``header`` is set,
quoted only when needed, leading/trailing spaces trimmed; json one object per line with
null fields omitted; timestamps as ``yyyy-MM-dd'T'HH:mm:ss.SSSXXX`` in the session time
zone; doubles as Java prints them (``1.0E20``). Conversion is vectorized per column.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import gzip
import json
import os
import shutil
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from rillet import durability
from rillet.connectors.base import Sink, SinkContext, option_bool, option_int, option_str
from rillet.connectors.files.fs import FileStore
from rillet.connectors.files.manifest import (
    HIVE_DEFAULT_PARTITION,
    FileSinkLog,
    LogRetention,
    file_entry,
    is_remote,
    log_conf_keys,
)
from rillet.durability import write_atomic
from rillet.errors import AnalysisException, IllegalArgumentException, SparkRuntimeException

# Session settings a file sink needs, passed to it in its options under these keys.
TIME_ZONE_KEY = "spark.sql.session.timeZone"
COMPACT_INTERVAL_KEY = "spark.sql.streaming.fileSink.log.compactInterval"
# Session-level S3 settings (``spark.hadoop.fs.s3a.*``), read by ``FileStore``.
S3_SESSION_KEYS = tuple(
    f"spark.hadoop.fs.s3a.{k}"
    for k in ("endpoint", "access.key", "secret.key", "session.token", "endpoint.region", "connection.ssl.enabled")
)

# Characters Spark escapes (``%XX``) in a partition folder name (ExternalCatalogUtils).
_PATH_ESCAPES = frozenset([chr(c) for c in range(0x00, 0x20)] + list("\"#%'*/:=?\\\x7f{[]^"))

_PARQUET_CODECS = {
    "snappy": ("snappy", ".snappy"),
    "gzip": ("gzip", ".gz"),
    "zstd": ("zstd", ".zstd"),
    "lz4": ("lz4", ".lz4hadoop"),
    "brotli": ("brotli", ".br"),
    "none": ("none", ""),
    "uncompressed": ("none", ""),
}
_TEXT_CODECS = {"none": "", "uncompressed": "", "gzip": ".gz"}
_EXTENSIONS = {"csv": ".csv", "json": ".json", "text": ".txt"}


@dataclass
class WriteOptions:
    """How one format writes files: Spark's writer options, parsed once."""

    format: str
    time_zone: str = "UTC"
    compression: str = "snappy"
    max_records_per_file: int = 0
    header: bool = False
    sep: str = ","
    quote: str = '"'
    escape: str = "\\"
    quote_all: bool = False
    null_value: str = ""
    empty_value: str = '""'
    line_sep: str = "\n"
    ignore_nulls: bool = True
    timestamp_format: str = "%Y-%m-%dT%H:%M:%S%.3f%:z"
    timestamp_ntz_format: str = "%Y-%m-%dT%H:%M:%S%.3f"
    date_format: str = "%Y-%m-%d"

    @staticmethod
    def parse(fmt: str, options: Mapping[str, str], time_zone: str = "UTC") -> WriteOptions:
        fmt = fmt.lower()
        codec_default = "snappy" if fmt == "parquet" else "none"
        codec = (option_str(options, "compression") or option_str(options, "codec") or codec_default).lower()
        codecs = _PARQUET_CODECS if fmt == "parquet" else _TEXT_CODECS
        if codec not in codecs:
            raise IllegalArgumentException(
                f"Codec [{codec}] is not available. Available codecs are {', '.join(sorted(codecs))}."
            )
        opts = WriteOptions(
            format=fmt,
            time_zone=option_str(options, "timeZone") or time_zone,
            compression=codec,
            max_records_per_file=option_int(options, "maxRecordsPerFile", 0, fmt) or 0,
        )
        if fmt == "csv":
            opts.header = option_bool(options, "header", False, fmt)
            opts.sep = option_str(options, "sep") or option_str(options, "delimiter") or ","
            opts.quote = option_str(options, "quote", '"') or '"'
            opts.escape = option_str(options, "escape", "\\") or "\\"
            opts.quote_all = option_bool(options, "quoteAll", False, fmt)
            opts.null_value = option_str(options, "nullValue", "") or ""
            opts.empty_value = option_str(options, "emptyValue", '""') or '""'
        if fmt in ("csv", "json", "text"):
            opts.line_sep = option_str(options, "lineSep", "\n") or "\n"
        if fmt in ("csv", "json"):
            for key, attr in (("timestampFormat", "timestamp_format"), ("timestampNTZFormat", "timestamp_ntz_format"),
                              ("dateFormat", "date_format")):
                pattern = option_str(options, key)
                if pattern is not None:
                    setattr(opts, attr, strftime_pattern(pattern, key))
        if fmt == "json":
            opts.ignore_nulls = option_bool(options, "ignoreNullFields", True, fmt)
        return opts

    @property
    def extension(self) -> str:
        if self.format == "parquet":
            return f"{_PARQUET_CODECS[self.compression][1]}.parquet"
        return _EXTENSIONS[self.format] + _TEXT_CODECS[self.compression]


# ---------------------------------------------------------------------------
# checks


def _type_sql(t: pa.DataType) -> str:
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return "STRING"
    names = {
        pa.int8(): "TINYINT", pa.int16(): "SMALLINT", pa.int32(): "INT", pa.int64(): "BIGINT",
        pa.float32(): "FLOAT", pa.float64(): "DOUBLE", pa.bool_(): "BOOLEAN", pa.date32(): "DATE",
        pa.binary(): "BINARY", pa.large_binary(): "BINARY",
    }
    if t in names:
        return names[t]
    if pa.types.is_timestamp(t):
        return "TIMESTAMP" if t.tz is not None else "TIMESTAMP_NTZ"
    if pa.types.is_decimal(t):
        return f"DECIMAL({t.precision},{t.scale})"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return f"ARRAY<{_type_sql(t.value_type)}>"
    if pa.types.is_map(t):
        return f"MAP<{_type_sql(t.key_type)}, {_type_sql(t.item_type)}>"
    if pa.types.is_struct(t):
        return "STRUCT<" + ", ".join(f"{f.name}: {_type_sql(f.type)}" for f in t) + ">"
    return str(t).upper()


def _is_nested(t: pa.DataType) -> bool:
    return pa.types.is_nested(t)


def _is_string(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)


def _unsupported(column: str, t: pa.DataType, fmt: str) -> AnalysisException:
    return AnalysisException(
        errorClass="UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
        messageParameters={"columnName": f"`{column}`", "columnType": f'"{_type_sql(t)}"', "format": fmt},
    )


def check_schema(schema: pa.Schema, fmt: str) -> None:
    """Reject columns a format cannot hold, with Spark's error (text: one string column;
    csv: no arrays, maps or structs)."""
    if fmt == "text":
        for f in schema:
            if not _is_string(f.type):
                raise _unsupported(f.name, f.type, "Text")
        if len(schema) != 1:
            raise AnalysisException(
                errorClass="_LEGACY_ERROR_TEMP_1290",
                messageParameters={"numCols": str(len(schema))},
                message=f"Text data source supports only a single column, and you have {len(schema)} columns.",
            )
    elif fmt == "csv":
        for f in schema:
            if _is_nested(f.type):
                raise _unsupported(f.name, f.type, "CSV")


def check_partition_columns(schema: pa.Schema, partition_by: tuple[str, ...] | list[str]) -> list[str]:
    """The partition columns as named in ``schema`` (matched case-insensitively), with
    Spark's errors for a missing, nested, or all-columns partitioning."""
    names = {f.name.lower(): f.name for f in schema}
    resolved = []
    for col in partition_by:
        name = names.get(col.lower())
        if name is None:
            struct = "struct<" + ",".join(f"{f.name}:{_type_sql(f.type).lower()}" for f in schema) + ">"
            raise AnalysisException(
                errorClass="_LEGACY_ERROR_TEMP_1155",
                messageParameters={"col": col, "schemaCatalog": struct},
                message=f"Partition column `{col}` not found in schema {struct}.",
            )
        t = schema.field(name).type
        if _is_nested(t):
            raise AnalysisException(
                errorClass="INVALID_PARTITION_COLUMN_DATA_TYPE", messageParameters={"type": f'"{_type_sql(t)}"'}
            )
        resolved.append(name)
    if resolved and len(resolved) == len(schema):
        raise AnalysisException(errorClass="ALL_PARTITION_COLUMNS_NOT_ALLOWED", messageParameters={})
    return resolved


# ---------------------------------------------------------------------------
# values as Spark writes them


def _java_decimal_layout(text: str) -> str:
    """A float's shortest digits (any spelling Python's Decimal reads) in Java's
    scientific layout: ``1.0E20``, ``1.2345E-5``."""
    sign, digits, exponent = decimal.Decimal(text).as_tuple()
    assert isinstance(exponent, int)
    ds = "".join(map(str, digits)).rstrip("0") or "0"
    sci = len(digits) + exponent - 1
    return ("-" if sign else "") + ds[0] + "." + (ds[1:] or "0") + f"E{sci}"


def java_float_strings(values: pl.Series) -> pl.Series:
    """Floats/doubles as Java's ``Double.toString``/``Float.toString`` print them:
    positional in [1e-3, 1e7), scientific (``1.0E7``) outside, ``NaN``/``Infinity``."""
    text = values.cast(pl.String)
    absolute = values.abs()
    sci = ((absolute >= 1e7) | ((absolute < 1e-3) & (absolute > 0))) & values.is_finite()
    out = (
        pl.select(
            pl.when(values.is_nan()).then(pl.lit("NaN"))
            .when(values == float("inf")).then(pl.lit("Infinity"))
            .when(values == float("-inf")).then(pl.lit("-Infinity"))
            .otherwise(text)
        ).to_series()
    )
    # positional values already read as Java's ("1.0", "0.001"); only the rare scientific ones
    # need rewriting, and only they go through Python
    idx = sci.fill_null(False).arg_true()
    if len(idx):
        rewritten = [_java_decimal_layout(t) for t in text.gather(idx).to_list()]
        out = out.scatter(idx, pl.Series(rewritten, dtype=pl.String))
    return out.alias(values.name)


# Spark datetime pattern letters (runs of one letter) -> strftime, for the writer options
# timestampFormat / timestampNTZFormat / dateFormat
_PATTERN_LETTERS = {
    "yyyy": "%Y", "yy": "%y", "y": "%Y", "MM": "%m", "M": "%-m", "MMM": "%b", "MMMM": "%B", "dd": "%d",
    "d": "%-d", "HH": "%H", "H": "%-H", "hh": "%I", "h": "%-I", "mm": "%M", "m": "%-M", "ss": "%S",
    "s": "%-S", "S": "%1f", "SS": "%2f", "SSS": "%3f", "SSSSSS": "%6f", "a": "%p", "XXX": "%:z",
    "XX": "%z", "X": "%z", "xxx": "%:z", "xx": "%z", "Z": "%z", "z": "%Z", "E": "%a", "EEE": "%a",
    "EEEE": "%A", "D": "%-j", "DDD": "%j",
}


def strftime_pattern(pattern: str, option: str) -> str:
    """A Spark datetime pattern (``yyyy-MM-dd'T'HH:mm:ss.SSSXXX``) as a strftime format;
    ``[...]`` optional sections are written, as Spark's formatter does."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "'":
            end = pattern.find("'", i + 1)
            if end == i + 1:  # '' is a quote
                out.append("'")
                i += 2
                continue
            if end < 0:
                end = len(pattern)
            out.append(pattern[i + 1:end].replace("%", "%%"))
            i = end + 1
            continue
        if ch in "[]":
            i += 1
            continue
        if ch.isalpha():
            j = i
            while j < len(pattern) and pattern[j] == ch:
                j += 1
            run = pattern[i:j]
            if run not in _PATTERN_LETTERS:
                raise IllegalArgumentException(
                    f"Unsupported datetime pattern letters '{run}' in option {option}='{pattern}': rillet "
                    f"writes y M d H h m s S a X x Z z E D (e.g. yyyy-MM-dd'T'HH:mm:ss.SSSXXX)."
                )
            out.append(_PATTERN_LETTERS[run])
            i = j
            continue
        out.append("%%" if ch == "%" else ch)
        i += 1
    return "".join(out)


def _timestamp_strings(values: pl.Series, tz: str | None, fmt: str) -> pl.Series:
    """Timestamps in ``tz`` with a strftime ``fmt`` (an offset of zero as ``Z``, as Spark's
    ``XXX`` does)."""
    if getattr(values.dtype, "time_zone", None) is not None:
        text = values.dt.convert_time_zone(tz or "UTC").dt.strftime(fmt)
        return text.str.replace(r"\+00:00$", "Z") if fmt.endswith("%:z") else text
    return values.dt.strftime(fmt)


_JSON_SHORT_ESCAPES = [("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"),
                       ("\b", "\\b"), ("\f", "\\f")]
_WHITESPACE = "".join(chr(c) for c in range(0x21))  # what univocity trims: every char <= ' '
_OTHER_CONTROL = [chr(c) for c in range(0x20) if chr(c) not in "\n\r\t\b\f"]


def _json_string(values: pl.Series) -> pl.Series:
    """Strings as JSON string literals, escaped as Jackson does."""
    out = values
    if not out.str.contains(r'[\\"\x00-\x1f]').any():
        return '"' + out + '"'  # the common case: nothing to escape
    for raw, escaped in _JSON_SHORT_ESCAPES:
        out = out.str.replace_all(raw, escaped, literal=True)
    if out.str.contains(r"[\x00-\x07\x0b\x0e-\x1f]").any():
        for ch in _OTHER_CONTROL:
            out = out.str.replace_all(ch, f"\\u{ord(ch):04X}", literal=True)
    return '"' + out + '"'


def _scalar_strings(values: pl.Series, t: pa.DataType, opts: WriteOptions, quoted: bool) -> pl.Series:
    """One atomic column as text; ``quoted`` adds JSON quotes to strings, dates and times."""
    def q(s: pl.Series) -> pl.Series:
        return _json_string(s) if quoted else s

    if _is_string(t):
        return q(values)
    if pa.types.is_boolean(t):
        return pl.select(pl.when(values).then(pl.lit("true")).otherwise(pl.lit("false"))).to_series()
    if pa.types.is_floating(t):
        text = java_float_strings(values)
        if quoted:  # Jackson writes non-finite numbers as strings
            text = pl.select(pl.when(values.is_finite()).then(text).otherwise('"' + text + '"')).to_series()
        return text
    if pa.types.is_timestamp(t):
        fmt = opts.timestamp_format if t.tz is not None else opts.timestamp_ntz_format
        return q(_timestamp_strings(values, opts.time_zone, fmt))
    if pa.types.is_date(t):
        return q(values.dt.strftime(opts.date_format))
    if pa.types.is_binary(t) or pa.types.is_large_binary(t):
        return q(values.bin.encode("base64"))
    return values.cast(pl.String)


def _json_values(values: pa.Array, t: pa.DataType, opts: WriteOptions) -> pl.Series:
    """A column as JSON text per row (null where the value is null), as Jackson writes it:
    structs omit null fields, arrays keep ``null`` elements, maps are objects. Nested
    values are flattened with Arrow's offsets, encoded once, and joined back per row."""
    n = len(values)
    if pa.types.is_struct(t):
        parts = []
        for i, f in enumerate(t):
            child = _json_values(pc.struct_field(values, [i]), f.type, opts)
            text = json.dumps(f.name, ensure_ascii=False) + ":" + child
            parts.append(text.fill_null(json.dumps(f.name, ensure_ascii=False) + ":null") if not opts.ignore_nulls else text)
        body = (pl.select(pl.concat_str(parts, separator=",", ignore_nulls=True)).to_series() if parts
                else pl.Series([""] * n, dtype=pl.String))
        out = "{" + body.fill_null("") + "}"
    elif pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_map(t):
        if pa.types.is_map(t):
            entries = pa.StructArray.from_arrays([values.keys, values.items], ["key", "value"])
            values = pa.ListArray.from_arrays(values.offsets, entries, mask=values.is_null())
            flat = pc.list_flatten(values)
            keys = _json_string(pl.Series(pc.cast(flat.field(0), pa.large_string())))
            items = keys + ":" + _json_values(flat.field(1), t.item_type, opts).fill_null("null")
            open_, close = "{", "}"
        else:
            flat = pc.list_flatten(values)
            items = _json_values(flat, t.value_type, opts).fill_null("null")
            open_, close = "[", "]"
        parents = pl.Series("p", pc.list_parent_indices(values))
        joined = pl.DataFrame({"p": parents, "v": items}).group_by("p", maintain_order=True).agg(
            pl.col("v").str.join(","))
        out = pl.Series([""] * n, dtype=pl.String)
        if joined.height:
            out = out.scatter(joined.get_column("p"), joined.get_column("v"))
        out = open_ + out + close
    else:
        series = pl.from_arrow(values)
        assert isinstance(series, pl.Series)
        return _scalar_strings(series, t, opts, quoted=True)
    valid = pl.Series(pc.is_valid(values))
    return pl.select(pl.when(valid).then(out)).to_series()


def json_lines(table: pa.Table, opts: WriteOptions) -> pl.Series:
    """One JSON object per row, fields in column order, null fields omitted."""
    parts = []
    for i, f in enumerate(table.schema):
        key = json.dumps(f.name, ensure_ascii=False) + ":"
        text = key + _json_values(table.column(i).combine_chunks(), f.type, opts)
        if not opts.ignore_nulls:
            text = text.fill_null(key + "null")
        parts.append(text)
    if not parts:
        return pl.Series("v", ["{}"] * table.num_rows, dtype=pl.String)
    body = pl.select(pl.concat_str(parts, separator=",", ignore_nulls=True)).to_series()
    return ("{" + body.fill_null("") + "}").alias("v")


def _csv_field(values: pl.Series, opts: WriteOptions) -> pl.Series:
    """Univocity's rules as Spark configures them: trim surrounding whitespace, escape the
    quote character, quote a value holding the separator, a quote or a line break."""
    s = values.str.strip_chars(_WHITESPACE)
    needs = (
        s.str.contains(opts.sep, literal=True)
        | s.str.contains(opts.quote, literal=True)
        | s.str.contains("\n", literal=True)
        | s.str.contains("\r", literal=True)
    )
    escaped = s.str.replace_all(opts.quote, opts.escape + opts.quote, literal=True)
    if opts.quote_all:
        quoted = opts.quote + escaped + opts.quote
    else:
        quoted = pl.select(pl.when(needs).then(opts.quote + escaped + opts.quote).otherwise(s)).to_series()
    return pl.select(pl.when(s == "").then(pl.lit(opts.empty_value)).otherwise(quoted)).to_series()


def csv_lines(table: pa.Table, opts: WriteOptions) -> pl.Series:
    df = pl.from_arrow(table)
    assert isinstance(df, pl.DataFrame)
    parts = []
    for name, f in zip(df.columns, table.schema):
        text = _scalar_strings(df.get_column(name), f.type, opts, quoted=False)
        if _is_string(f.type):
            text = _csv_field(text, opts)
        elif opts.quote_all:
            text = opts.quote + text + opts.quote
        null = opts.quote + opts.null_value + opts.quote if opts.quote_all else opts.null_value
        parts.append(text.fill_null(null))
    if not parts:
        return pl.Series("v", [""] * len(df), dtype=pl.String)
    return pl.select(pl.concat_str(parts, separator=opts.sep)).to_series().alias("v")


def csv_header(schema: pa.Schema, opts: WriteOptions) -> str:
    names = _csv_field(pl.Series([f.name for f in schema], dtype=pl.String), opts)
    return opts.sep.join(names.to_list())


def text_lines(table: pa.Table) -> pl.Series:
    values = pl.from_arrow(table.column(0))
    assert isinstance(values, pl.Series)
    return values.cast(pl.String).fill_null("").alias("v")


def partition_value(value: Any, tz: str) -> str:
    """A partition value as Spark's ``Cast(_, StringType)`` prints it (null and "" become
    ``__HIVE_DEFAULT_PARTITION__``), escaped for a folder name."""
    if value is None or value == "":
        return HIVE_DEFAULT_PARTITION
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = java_float_strings(pl.Series([value])).item()
    elif isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(ZoneInfo(tz))
        text = value.strftime("%Y-%m-%d %H:%M:%S")
        if value.microsecond:
            text += "." + f"{value.microsecond:06d}".rstrip("0")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, decimal.Decimal):
        text = format(value, "f")
    elif isinstance(value, bytes):
        text = value.decode("utf-8", errors="replace")
    else:
        text = str(value)
    return "".join(f"%{ord(c):02X}" if c in _PATH_ESCAPES else c for c in text)


# ---------------------------------------------------------------------------
# writing files


def _write_one(table: pa.Table, path: str, opts: WriteOptions, store: FileStore | None = None) -> None:
    """Write one data file and fsync it, so a manifest entry never outlives its file
    (on S3: one object, complete once the stream closes)."""
    if store is not None and store.scheme:
        with store.open_output(path) as out:
            if opts.format == "parquet":
                schema = pa.schema([fld.with_nullable(True) for fld in table.schema])
                pq.write_table(table.cast(schema), out, compression=_PARQUET_CODECS[opts.compression][0])
            else:
                out.write(_text_payload(table, opts))
        return
    with open(path, "wb") as f:
        if opts.format == "parquet":
            # Spark writes every column as nullable, whatever the query's schema says
            schema = pa.schema([fld.with_nullable(True) for fld in table.schema])
            pq.write_table(table.cast(schema), f, compression=_PARQUET_CODECS[opts.compression][0])
        else:
            f.write(_text_payload(table, opts))
        f.flush()
        durability.fsync(f.fileno())


def _text_payload(table: pa.Table, opts: WriteOptions) -> bytes:
    if opts.format == "json":
        lines = json_lines(table, opts)
    elif opts.format == "csv":
        lines = csv_lines(table, opts)
    else:
        lines = text_lines(table)
    text = csv_header(table.schema, opts) + opts.line_sep if opts.format == "csv" and opts.header else ""
    if len(lines):
        text += lines.str.join(opts.line_sep).item() + opts.line_sep
    data = text.encode("utf-8")
    return gzip.compress(data) if opts.compression == "gzip" else data


def _chunks(table: pa.Table, max_records: int) -> list[pa.Table]:
    if max_records <= 0 or table.num_rows <= max_records:
        return [table]
    return [table.slice(i, max_records) for i in range(0, table.num_rows, max_records)]


def write_files(
    table: pa.Table,
    path: str,
    opts: WriteOptions,
    partition_by: list[str] | tuple[str, ...] = (),
    write_empty: bool = False,
    job: uuid.UUID | None = None,
    store: FileStore | None = None,
) -> list[str]:
    """Write ``table`` under ``path`` as Spark names its files; return the files written.

    With ``partition_by``, rows go to ``k1=v1/k2=v2/`` folders and those columns leave the
    files. An empty table writes nothing, unless ``write_empty`` (a batch write of an empty
    DataFrame writes one file, so its schema survives). Every file name holds ``job``
    (a new UUID unless given). ``store`` writes to object storage (``path`` a URI)."""
    check_schema(_data_schema(table.schema, partition_by), opts.format)
    remote = store is not None and bool(store.scheme)
    if not remote:
        os.makedirs(path, exist_ok=True)
    job = job or uuid.uuid4()
    written: list[str] = []
    if not partition_by:
        if table.num_rows == 0 and not write_empty:
            return written
        for i, chunk in enumerate(_chunks(table, opts.max_records_per_file)):
            name = f"part-00000-{job}-c{i:03d}{opts.extension}"
            _write_one(chunk, os.path.join(path, name), opts, store)
            written.append(os.path.join(path, name))
        return written
    df = pl.from_arrow(table)
    assert isinstance(df, pl.DataFrame)
    data_cols = [c for c in df.columns if c not in partition_by]
    data_schema = pa.schema([table.schema.field(c) for c in data_cols])
    groups = df.partition_by(list(partition_by), as_dict=True, maintain_order=True)
    for group in groups.values():
        keys = pl.DataFrame(group.head(1).select(list(partition_by))).to_arrow().to_pylist()[0]
        folder = os.path.join(
            path, *(f"{_escape_name(c)}={partition_value(keys[c], opts.time_zone)}" for c in partition_by)
        )
        if not remote:
            os.makedirs(folder, exist_ok=True)
        part = group.select(data_cols).to_arrow()
        part = _conform(part, data_schema)
        for i, chunk in enumerate(_chunks(part, opts.max_records_per_file)):
            name = f"part-00000-{job}.c{i:03d}{opts.extension}"
            _write_one(chunk, os.path.join(folder, name), opts, store)
            written.append(os.path.join(folder, name))
    return written


def _escape_name(name: str) -> str:
    return "".join(f"%{ord(c):02X}" if c in _PATH_ESCAPES else c for c in name)


def _data_schema(schema: pa.Schema, partition_by: list[str] | tuple[str, ...]) -> pa.Schema:
    return pa.schema([f for f in schema if f.name not in partition_by])


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Polars may hand back other widths (string_view, large_list); write the query's types."""
    if table.schema.equals(schema):
        return table
    return pa.table([pc.cast(table.column(i), schema.field(i).type) for i in range(len(schema))], schema=schema)


# ---------------------------------------------------------------------------
# the batch writer (``df.write``)


def save_files(fmt: str, table: pa.Table, ctx: SinkContext, mode: str) -> None:
    """``df.write.format(fmt).mode(mode).save(path)``: Spark's save modes over a folder
    (``error`` fails if it exists, ``ignore`` leaves it, ``overwrite`` replaces it,
    ``append`` adds files), then the part files and an empty ``_SUCCESS`` marker."""
    if not ctx.path:
        raise IllegalArgumentException(
            "'path' is not specified.", errorClass="_LEGACY_ERROR_TEMP_2047", messageParameters={}
        )
    tz = option_str(ctx.options, TIME_ZONE_KEY, "UTC") or "UTC"
    opts = WriteOptions.parse(fmt, ctx.options, tz)
    partition_by = check_partition_columns(table.schema, ctx.partition_by)
    check_schema(_data_schema(table.schema, partition_by), fmt)
    if is_remote(ctx.path):
        _save_remote(table, ctx.path.rstrip("/"), FileStore(ctx.path, ctx.options), opts, partition_by, mode)
        return
    path = os.path.abspath(ctx.path)
    if os.path.exists(path):
        if mode == "ignore":
            return
        if mode == "error":
            raise AnalysisException(errorClass="PATH_ALREADY_EXISTS", messageParameters={"outputPath": f"file:{path}"})
        if mode == "overwrite":
            if os.path.isdir(path):
                shutil.rmtree(path)
            else:
                os.remove(path)
    write_files(table, path, opts, partition_by, write_empty=True)
    with open(os.path.join(path, "_SUCCESS"), "wb"):
        pass


def _save_remote(table: pa.Table, path: str, store: FileStore, opts: WriteOptions,
                 partition_by: list[str], mode: str) -> None:
    """``save_files`` on object storage: the folder exists if any object is under its prefix."""
    if store.exists(path):
        if mode == "ignore":
            return
        if mode == "error":
            raise AnalysisException(errorClass="PATH_ALREADY_EXISTS", messageParameters={"outputPath": path})
        if mode == "overwrite":
            store.delete_tree(path)
    write_files(table, path, opts, partition_by, write_empty=True, store=store)
    store.write_bytes(os.path.join(path, "_SUCCESS"), b"")


# ---------------------------------------------------------------------------
# the streaming sink


class FileStreamSink(Sink):
    """``writeStream.format(<file format>).option("path", ...)``: exactly-once file output
    committed batch by batch to ``<path>/_spark_metadata`` (see the module docstring).

    Before a batch writes, its id and the UUID in its file names are recorded in the
    sink's checkpoint folder (``sinks/0/pending``); if the process dies before the batch
    reaches the manifest, the next start deletes exactly those files (readers never saw
    them anyway)."""

    format = "parquet"
    output_modes = ("append",)
    session_confs = (TIME_ZONE_KEY, *log_conf_keys("fileSink"), *S3_SESSION_KEYS)

    def __init__(self, ctx: SinkContext) -> None:
        if not ctx.path:
            raise IllegalArgumentException(
                "'path' is not specified.", errorClass="_LEGACY_ERROR_TEMP_2047", messageParameters={}
            )
        self.store: FileStore | None = None  # None: a local folder
        if is_remote(ctx.path):
            self.store = FileStore(ctx.path, ctx.options)
            self.path = ctx.path.rstrip("/")
        else:
            self.path = os.path.abspath(ctx.path)
        tz = option_str(ctx.options, TIME_ZONE_KEY, "UTC") or "UTC"
        self.options = WriteOptions.parse(self.format, ctx.options, tz)
        self.partition_by = check_partition_columns(ctx.schema, ctx.partition_by)
        retention = LogRetention.from_conf(ctx.options, "fileSink")
        if self.store is None:
            os.makedirs(self.path, exist_ok=True)
        self.log = FileSinkLog(self.path, retention.compact_interval, store=self.store, retention=retention)
        self._pending = os.path.join(ctx.metadata_path, "pending") if ctx.metadata_path else None
        # read at the first batch, once this run owns the checkpoint: a run being replaced
        # on it (stopActiveRunOnRestart) may still be committing its last batch
        self._latest: int | None = None
        self._orphans: dict[str, Any] | None = None

    def _recover(self) -> int:
        """The last committed batch, and the pending record of a batch that was writing
        when the process died (its files are deleted once this run commits that batch)."""
        self._latest = latest = self.log.latest_batch_id()
        if self._pending is None:
            return latest
        try:
            with open(self._pending, encoding="utf-8") as f:
                record = json.load(f)
        except (FileNotFoundError, json.JSONDecodeError):
            return latest  # none (the record is written atomically, so never torn)
        if int(record["batchId"]) > latest:
            self._orphans = record
        return latest

    def _remove_orphans(self, job: str) -> None:
        """Delete the files of batch job ``job`` (a run that died, or lost, before its manifest entry)."""
        if self.store is not None:
            for uri in self.store.walk_files(self.path):
                if uri.rsplit("/", 1)[-1].startswith("part-") and job in uri.rsplit("/", 1)[-1]:
                    self.store.delete(uri)
            return
        for root, dirs, names in os.walk(self.path):
            dirs[:] = [d for d in dirs if not d.startswith(("_", "."))]
            for name in names:
                if name.startswith("part-") and job in name:
                    with contextlib.suppress(FileNotFoundError):
                        os.remove(os.path.join(root, name))

    def add_batch(self, batch_id: int, table: pa.Table, mode: str) -> None:
        if mode != "append":
            raise unsupported_output_mode(self.format, mode)
        latest = self._latest if self._latest is not None else self._recover()
        if batch_id <= latest:
            return  # committed before a crash: the re-run writes nothing new
        job = uuid.uuid4()
        if self._pending is not None:
            os.makedirs(os.path.dirname(self._pending), exist_ok=True)
            write_atomic(self._pending, json.dumps({"batchId": batch_id, "job": str(job)}))
        files = write_files(table, self.path, self.options, self.partition_by, job=job, store=self.store)
        if not self.log.add(batch_id, [file_entry(f, self.store) for f in files]):
            # another runner of the query committed this batch id first: ours are orphans,
            # and this runner stops (Spark's ManifestFileCommitProtocol)
            self._remove_orphans(str(job))
            raise SparkRuntimeException(f"Race while writing batch {batch_id}")
        self._latest = batch_id
        if self._orphans is not None and int(self._orphans["batchId"]) <= batch_id:
            # this run committed the batch a dead run was writing: that run's files are orphans
            # (deleted only now: while it might still be alive, they might have been its commit)
            self._remove_orphans(str(self._orphans["job"]))
            self._orphans = None
        if self._pending is not None:
            with contextlib.suppress(FileNotFoundError):  # a second runner may have taken it
                os.remove(self._pending)

    def description(self) -> str:
        return f"FileSink[{self.path}]" if self.store is not None else f"FileSink[file:{self.path}]"


def unsupported_output_mode(fmt: str, mode: str) -> AnalysisException:
    return AnalysisException(
        errorClass="STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE",
        messageParameters={"className": fmt, "outputMode": mode},
    )


class ParquetStreamSink(FileStreamSink):
    format = "parquet"


class CsvStreamSink(FileStreamSink):
    format = "csv"


class JsonStreamSink(FileStreamSink):
    format = "json"


class TextStreamSink(FileStreamSink):
    format = "text"
