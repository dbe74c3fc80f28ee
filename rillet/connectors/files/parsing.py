"""Text fields to typed Arrow columns with Spark's CSV/JSON parsing rules, vectorized.

A text value that does not parse as its column's type becomes null and marks its
record as malformed; the reader then applies the parse ``mode`` (PERMISSIVE keeps
the row with the raw record in ``columnNameOfCorruptRecord``, DROPMALFORMED drops
it, FAILFAST fails the read naming the file and the record).
"""

from __future__ import annotations

import codecs
import logging
import re
import struct
import threading
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl
import pyarrow as pa

from rillet.connectors.base import option_bool, option_str
from rillet.errors import IllegalArgumentException, SparkRuntimeException

log = logging.getLogger("rillet.connectors.files")

PARSE_MODES = ("PERMISSIVE", "DROPMALFORMED", "FAILFAST")


@dataclass(frozen=True)
class TextOptions:
    """The csv/json reader options (Spark's ``CSVOptions``/``JSONOptions``), parsed once."""

    mode: str = "PERMISSIVE"
    corrupt_column: str = "_corrupt_record"
    multi_line: bool = False
    encoding: str = "utf-8"
    line_sep: str | None = None
    timestamp_format: str | None = None
    timestamp_ntz_format: str | None = None
    date_format: str | None = None
    time_zone: str = "UTC"
    # csv only
    header: bool = False
    sep: str = ","
    quote: str | None = '"'
    escape: str | None = "\\"
    comment: str | None = None
    null_value: str = ""
    empty_value: str = ""
    nan_value: str = "NaN"
    positive_inf: str = "Inf"
    negative_inf: str = "-Inf"
    infer_schema: bool = False
    ignore_leading_ws: bool = False
    ignore_trailing_ws: bool = False
    # json only
    primitives_as_string: bool = False
    prefers_decimal: bool = False

    @staticmethod
    def parse(options: Mapping[str, str], fmt: str) -> TextOptions:
        mode = (option_str(options, "mode") or "PERMISSIVE").upper()
        if mode not in PARSE_MODES:
            # Spark falls back to PERMISSIVE for an unknown mode, with a warning
            log.warning("%s is not a valid parse mode. Using PERMISSIVE.", mode)
            mode = "PERMISSIVE"
        sep = option_str(options, "sep") or option_str(options, "delimiter") or ","
        if sep == "\\t":
            sep = "\t"
        if len(sep) != 1:
            raise IllegalArgumentException(
                f"Delimiter cannot be more than one character: {sep}"  # Spark's text
            )
        quote = option_str(options, "quote", '"')
        escape = option_str(options, "escape", "\\")
        comment = option_str(options, "comment")
        encoding = (option_str(options, "encoding") or option_str(options, "charset") or "utf-8").lower()
        return TextOptions(
            mode=mode,
            corrupt_column=option_str(options, "columnNameOfCorruptRecord") or "_corrupt_record",
            multi_line=option_bool(options, "multiLine", False, fmt),
            encoding=encoding,
            line_sep=option_str(options, "lineSep"),
            timestamp_format=option_str(options, "timestampFormat"),
            timestamp_ntz_format=option_str(options, "timestampNTZFormat"),
            date_format=option_str(options, "dateFormat"),
            time_zone=option_str(options, "timeZone") or "UTC",
            header=option_bool(options, "header", False, fmt),
            sep=sep,
            quote=quote if quote else None,  # Spark: an empty quote turns quoting off
            escape=escape if escape else None,
            comment=comment if comment and comment != "\u0000" else None,
            null_value=option_str(options, "nullValue", "") or "",
            empty_value=option_str(options, "emptyValue", "") or "",
            nan_value=option_str(options, "nanValue", "NaN") or "NaN",
            positive_inf=option_str(options, "positiveInf", "Inf") or "Inf",
            negative_inf=option_str(options, "negativeInf", "-Inf") or "-Inf",
            infer_schema=option_bool(options, "inferSchema", False, fmt),
            ignore_leading_ws=option_bool(options, "ignoreLeadingWhiteSpace", False, fmt),
            ignore_trailing_ws=option_bool(options, "ignoreTrailingWhiteSpace", False, fmt),
            primitives_as_string=option_bool(options, "primitivesAsString", False, fmt),
            prefers_decimal=option_bool(options, "prefersDecimal", False, fmt),
        )


_REPLACEMENT = "\ufffd"


def _java_replace(err: UnicodeError) -> tuple[str, int]:
    """One U+FFFD per malformed sequence as Java's UTF-8 decoder counts them (Spark decodes
    with it): Python's rule except that an ``ED A0..BF`` lead (a UTF-16 surrogate encoded in
    UTF-8) is one sequence with its continuation byte, where Python sees one per byte."""
    if not isinstance(err, UnicodeDecodeError):  # registered for decoding only
        raise err
    data, start = err.object, err.start
    if data[start] == 0xED and start + 1 < len(data) and 0xA0 <= data[start + 1] <= 0xBF:
        end = start + 2
        if end < len(data) and 0x80 <= data[end] <= 0xBF:
            end += 1
        return _REPLACEMENT, end
    return _REPLACEMENT, err.end


codecs.register_error("rillet.java-replace", _java_replace)


def decode_utf8(data: bytes) -> str:
    """UTF-8 bytes as text, each malformed sequence one U+FFFD (Java's count, as Spark shows
    it). Valid input (the usual case) is decoded strictly in one C pass."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="rillet.java-replace")


_RECORDING = threading.local()  # the offsets list of the decode running in this thread


def _java_replace_recording(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    _RECORDING.starts.append(err.start)
    return _java_replace(err)


codecs.register_error("rillet.java-replace-record", _java_replace_recording)


def is_valid_utf8(data: bytes) -> bool:
    """Whether ``data`` is well-formed UTF-8, checked by Arrow's validator over the bytes in
    place: ``bytes.decode`` would allocate a string as large as the file only to drop it."""
    offsets = pa.py_buffer(struct.pack("<qq", 0, len(data)))
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)]).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def malformed_utf8_offsets(data: bytes) -> list[int]:
    """Byte offsets where a malformed UTF-8 sequence starts (empty for valid input); the
    decoder visits only the broken spots."""
    if is_valid_utf8(data):
        return []
    _RECORDING.starts = []
    try:
        data.decode("utf-8", errors="rillet.java-replace-record")
        return _RECORDING.starts
    finally:
        del _RECORDING.starts


def repair_utf8(data: bytes) -> bytes:
    """``data`` with every malformed UTF-8 sequence replaced by U+FFFD's bytes, so that
    Arrow readers (which do not validate) only ever see valid strings."""
    if is_valid_utf8(data):
        return data
    return decode_utf8(data).encode("utf-8")


def decode(data: bytes, encoding: str) -> str:
    """File bytes as text (a leading UTF-8 byte-order mark dropped, as Hadoop's reader does)."""
    if encoding in ("utf-8", "utf8"):
        return decode_utf8(data).removeprefix("\ufeff")
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        raise IllegalArgumentException(f"Unsupported encoding: {encoding}") from None


def split_records(text: str, line_sep: str | None) -> pl.Series:
    """Lines of ``text`` (``\\n``, ``\\r\\n`` or ``\\r`` unless ``lineSep`` is set), vectorized."""
    lines = pl.Series("line", [text], dtype=pl.String)
    if line_sep is None:
        lines = lines.str.replace_all("\r\n", "\n", literal=True).str.replace_all("\r", "\n", literal=True)
        sep = "\n"
    else:
        sep = line_sep
    out = lines.str.split(sep).explode(empty_as_null=False)
    if len(out) and (text.endswith(sep) or line_sep is None and text.endswith("\r")):
        out = out.head(len(out) - 1)  # a terminator ends the last line, it does not open one
    return out


# ---------------------------------------------------------------------------
# datetime patterns: Spark's (java.time) -> chrono's (polars)

_SPARK_TOKENS = re.compile(r"'[^']*'|yyyy|yy|y|MMMM|MMM|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|S+|XXX|XX|X|xxx|Z|z|VV|a|EEEE|EEE|E|[^a-zA-Z']+|.")
_CHRONO = {
    "yyyy": "%Y", "yy": "%y", "y": "%Y", "MMMM": "%B", "MMM": "%b", "MM": "%m", "M": "%m",
    "dd": "%d", "d": "%d", "HH": "%H", "H": "%H", "hh": "%I", "h": "%I", "mm": "%M", "m": "%M",
    "ss": "%S", "s": "%S", "XXX": "%#z", "XX": "%#z", "X": "%#z", "xxx": "%:z", "Z": "%z", "z": "%Z",
    "VV": "%Z", "a": "%p", "EEEE": "%A", "EEE": "%a", "E": "%a",
}


def chrono_format(pattern: str) -> str:
    """Spark datetime ``pattern`` (e.g. ``yyyy-MM-dd'T'HH:mm:ss.SSS``) as a chrono format."""
    out = []
    for tok in _SPARK_TOKENS.findall(pattern):
        if tok.startswith("'"):
            out.append(tok[1:-1].replace("%", "%%") if tok != "''" else "'")
        elif tok.startswith("S"):
            # fraction of second: the dot is in the pattern, chrono's %f reads the digits
            out.append("%f")
        elif tok in _CHRONO:
            out.append(_CHRONO[tok])
        else:
            out.append(tok.replace("%", "%%"))
    return "".join(out)


_ISO_TS_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%d %H:%M:%S%.f%#z",
    "%Y-%m-%dT%H:%M%#z", "%Y-%m-%d %H:%M%#z",
)
_ISO_NAIVE_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M",
)


def _parse_timestamp(col: pl.Series, fmt: str | None, tz: str | None) -> pl.Series:
    """Strings -> ``datetime[us, UTC]`` (``tz`` set: values without an offset are in ``tz``)
    or naive ``datetime[us]`` (``tz`` None). Unparsable -> null."""
    if fmt is not None:
        chrono = chrono_format(fmt)
        has_offset = any(z in chrono for z in ("%z", "%#z", "%:z", "%Z"))
        if has_offset and tz is not None:
            return col.str.to_datetime(chrono, strict=False, time_unit="us", time_zone="UTC")
        if "%H" in chrono or "%I" in chrono:
            naive = col.str.to_datetime(chrono, strict=False, time_unit="us")
        else:
            naive = col.str.to_date(chrono, strict=False).cast(pl.Datetime("us"))
        if tz is None:
            return naive
        return naive.dt.replace_time_zone(tz, non_existent="null", ambiguous="earliest").dt.convert_time_zone("UTC")
    sample = col.drop_nulls().head(1)
    if len(sample):
        # one format for the column when its first value shows which (the usual case)
        fmts = (_ISO_TS_FORMATS if tz is not None else ()) + _ISO_NAIVE_FORMATS
        for f in fmts:
            if sample.str.to_datetime(f, strict=False, time_unit="us").null_count() == 0:
                whole = col.str.to_datetime(f, strict=False, time_unit="us", time_zone="UTC" if "z" in f else None)
                if whole.null_count() == col.null_count():
                    if tz is None or "z" in f:
                        return whole
                    return whole.dt.replace_time_zone(tz, non_existent="null", ambiguous="earliest").dt.convert_time_zone("UTC")
                break
    frame = pl.DataFrame({"s": col})
    candidates = [pl.col("s").str.to_datetime(f, strict=False, time_unit="us") for f in _ISO_NAIVE_FORMATS]
    candidates.append(pl.col("s").str.to_date("%Y-%m-%d", strict=False).cast(pl.Datetime("us")))
    naive_expr = pl.coalesce(candidates)
    if tz is None:
        return frame.select(naive_expr.alias("s")).to_series()
    offset = pl.coalesce(
        [pl.col("s").str.to_datetime(f, strict=False, time_unit="us", time_zone="UTC") for f in _ISO_TS_FORMATS]
    )
    local = naive_expr.dt.replace_time_zone(tz, non_existent="null", ambiguous="earliest").dt.convert_time_zone("UTC")
    return frame.select(pl.coalesce(offset, local).alias("s")).to_series()


def _parse_date(col: pl.Series, fmt: str | None) -> pl.Series:
    if fmt is not None:
        return col.str.to_date(chrono_format(fmt), strict=False)
    # Spark's stringToDate: yyyy, yyyy-[m]m, yyyy-[m]m-[d]d, then an optional 'T'/' ' and anything
    head = col.str.extract(r"^\s*(\d{4}-\d{1,2}-\d{1,2})(?:[T ].*)?\s*$", 1)
    month = col.str.extract(r"^\s*(\d{4}-\d{1,2})\s*$", 1) + "-01"
    year = col.str.extract(r"^\s*(\d{4})\s*$", 1) + "-01-01"
    return pl.select(pl.coalesce(head, month, year).str.to_date("%Y-%m-%d", strict=False)).to_series()


_INT_RANGES = {
    pa.int8(): (-(2**7), 2**7 - 1), pa.int16(): (-(2**15), 2**15 - 1),
    pa.int32(): (-(2**31), 2**31 - 1), pa.int64(): (-(2**63), 2**63 - 1),
}


def parse_column(col: pl.Series, target: pa.DataType, opts: TextOptions) -> tuple[pa.Array, pl.Series]:
    """Convert text values to ``target``; returns (array, failed) where ``failed`` marks
    values that were present but did not parse (they are null in the array)."""
    col = col.cast(pl.String)
    present = col.is_not_null()
    if pa.types.is_large_string(target) or pa.types.is_string(target):
        return col.to_arrow().cast(target), pl.Series([False] * len(col), dtype=pl.Boolean)
    if pa.types.is_integer(target):
        ok = col.str.contains(r"^[+-]?\d+$")
        wide = col.str.strip_prefix("+").cast(pl.Int64, strict=False)
        lo, hi = _INT_RANGES.get(target, (None, None))
        if lo is not None:
            wide = pl.select(pl.when(pl.lit(wide).is_between(lo, hi) & pl.lit(ok)).then(pl.lit(wide))).to_series()
        parsed = wide.to_arrow().cast(target)
        return parsed, present & wide.is_null()
    # trimmed only for the types whose parsing allows surrounding blanks (a pass over every value)
    trimmed = pa.types.is_floating(target) or pa.types.is_boolean(target) or pa.types.is_decimal(target)
    stripped = col.str.strip_chars() if trimmed else col
    if pa.types.is_floating(target):
        special = (
            pl.when(col == opts.nan_value).then(float("nan"))
            .when(col.is_in([opts.positive_inf, "Infinity", "+Infinity", "Inf", "+Inf"])).then(float("inf"))
            .when(col.is_in([opts.negative_inf, "-Infinity", "-Inf"])).then(float("-inf"))
        )
        numeric = stripped.str.replace(r"[dDfF]$", "")
        bad_text = numeric.str.contains(r"(?i)^[+-]?(inf|infinity|nan)$")
        values = pl.select(
            pl.coalesce(special, pl.when(~pl.lit(bad_text)).then(pl.lit(numeric).cast(pl.Float64, strict=False)))
        ).to_series()
        parsed = values.to_arrow().cast(target)
        return parsed, present & values.is_null()
    if pa.types.is_boolean(target):
        low = stripped.str.to_lowercase()
        values = pl.select(pl.when(pl.lit(low) == "true").then(True).when(pl.lit(low) == "false").then(False)).to_series()
        return values.to_arrow().cast(target), present & values.is_null()
    if pa.types.is_decimal(target):
        values = stripped.cast(pl.Decimal(target.precision, target.scale), strict=False)
        return values.to_arrow().cast(target), present & values.is_null()
    if pa.types.is_date(target):
        values = _parse_date(col, opts.date_format)
        return values.to_arrow().cast(target), present & values.is_null()
    if pa.types.is_timestamp(target):
        if target.tz is None:
            values = _parse_timestamp(col, opts.timestamp_ntz_format or opts.timestamp_format, None)
        else:
            values = _parse_timestamp(col, opts.timestamp_format, opts.time_zone)
        return values.to_arrow().cast(target), present & values.is_null()
    if pa.types.is_binary(target) or pa.types.is_large_binary(target):
        return col.cast(pl.Binary).to_arrow().cast(target), pl.Series([False] * len(col), dtype=pl.Boolean)
    raise IllegalArgumentException(f"Unsupported data type {target} for a text data source column.")


# ---------------------------------------------------------------------------
# parse modes


def malformed_error(path: str, record: str, cause: str | None = None) -> SparkRuntimeException:
    """FAILFAST: Spark's ``FAILED_READ_FILE.NO_HINT`` naming the file, caused by
    ``MALFORMED_RECORD_IN_PARSING`` naming the record."""
    inner = SparkRuntimeException(
        errorClass="MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
        messageParameters={"badRecord": record if cause is None else f"{record} ({cause})", "failFastMode": "FAILFAST"},
    )
    err = SparkRuntimeException(
        errorClass="FAILED_READ_FILE.NO_HINT", messageParameters={"path": file_uri(path)}, cause=inner
    )
    err.__cause__ = inner
    return err


def file_uri(path: str) -> str:
    """``file:///abs/path`` for a local path, the URI itself for ``s3://...``."""
    return path if "://" in path else "file://" + path


def apply_mode(
    columns: dict[str, pa.Array],
    malformed: pl.Series,
    raw: pl.Series,
    schema: pa.Schema,
    opts: TextOptions,
    path: str,
) -> pa.Table:
    """The rows of ``columns`` with the parse mode applied to the ``malformed`` ones."""
    n = len(malformed)
    if opts.mode == "FAILFAST" and n and malformed.any():
        first = int(malformed.arg_true()[0])
        raise malformed_error(path, str(raw[first]))
    arrays = []
    for field in schema:
        if field.name == opts.corrupt_column and field.name not in columns:
            corrupt = pl.select(pl.when(pl.lit(malformed)).then(pl.lit(raw))).to_series()
            arrays.append(corrupt.to_arrow().cast(field.type))
        else:
            arrays.append(columns[field.name])
    table = pa.Table.from_arrays(arrays, schema=schema) if arrays else _no_columns(n)
    if opts.mode == "DROPMALFORMED" and n and malformed.any():
        dropped = int(malformed.sum())
        log.warning("DROPMALFORMED: dropped %d malformed record(s) of %s", dropped, path)
        table = table.filter(pa.array((~malformed).to_arrow()))
    return table


def _no_columns(n: int) -> pa.Table:
    return pa.table({"_": pa.nulls(n)}).drop_columns(["_"])
