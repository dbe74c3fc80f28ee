"""JSON Lines (and ``multiLine`` JSON) files to Arrow tables with Spark's ``JSONOptions``.

Each top-level field is extracted from every record at once (Polars' JSONPath
matcher), and converted with Spark's token rules: a JSON string is never an int,
a float is never an int, ``"NaN"``/``"Infinity"`` strings are doubles, anything
becomes a string. A record that is not a JSON object, or whose field does not
convert, is malformed; Spark keeps the fields that did convert (partial results).
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from rillet.connectors.files.parsing import (
    TextOptions,
    apply_mode,
    decode,
    malformed_utf8_offsets,
    parse_column,
    split_records,
)
from rillet.errors import SparkRuntimeException

_STRING = pa.large_string()
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _records(data: bytes, opts: TextOptions) -> tuple[pl.Series, pl.Series, pl.Series]:
    """The non-blank records of a file as text (each malformed UTF-8 sequence one U+FFFD:
    what the corrupt-record column shows), the same records as Spark's JSON parser reads
    their values, and which records that parser rejects for their bytes."""
    text = decode(data, opts.encoding)
    if opts.multi_line:
        records = _multi_line_records(text)
        broken = bool(opts.encoding in ("utf-8", "utf8") and malformed_utf8_offsets(data))
        if broken:  # the file is one value: Jackson fails on it as a whole
            records = pl.Series("raw", [text], dtype=pl.String) if text.strip() else records
        return records, records, pl.Series([broken] * len(records), dtype=pl.Boolean)
    lines = split_records(text, opts.line_sep)
    values, broken = _lenient_lines(data, lines, opts)
    keep = lines.str.strip_chars().str.len_chars() > 0
    return lines.filter(keep).alias("raw"), values.filter(keep), broken.filter(keep)


def _lenient_lines(data: bytes, lines: pl.Series, opts: TextOptions) -> tuple[pl.Series, pl.Series]:
    """Lines of ``split_records`` as Spark's Jackson parser decodes them, and whether it
    rejects them. Jackson decodes UTF-8 leniently (an overlong form is its character, an
    encoded surrogate becomes ``?`` on the way to Spark's strings) and rejects a record
    whose value holds a byte no sequence explains (a stray continuation byte, a cut-off
    sequence, ``F8``-``FF``); bytes after the value are never read. Lines are found from
    the error offsets in one vectorized pass; only lines holding an error are decoded
    one by one."""
    offsets = malformed_utf8_offsets(data) if opts.encoding in ("utf-8", "utf8") else []
    flags = np.zeros(len(lines), dtype=bool)
    if not offsets:
        return lines, pl.Series(flags)
    raw = np.frombuffer(data, dtype=np.uint8)
    if opts.line_sep is None:  # \n, \r\n or \r, as split_records
        after = np.append(raw[1:], 0)
        ends = np.flatnonzero((raw == 10) | ((raw == 13) & (after != 10)))
        stops = ends - ((ends > 0) & (raw[ends] == 10) & (raw[np.maximum(ends - 1, 0)] == 13))
    else:
        sep = opts.line_sep.encode("utf-8")
        starts_at = np.array([m.start() for m in re.finditer(re.escape(sep), data)], dtype=np.int64)
        ends, stops = starts_at + len(sep) - 1, starts_at
    line_of = np.searchsorted(ends, np.array(offsets), side="left")
    index: list[int] = []
    decoded: list[str] = []
    for line in sorted(set(line_of.tolist())):
        if line >= len(lines):
            continue
        start = int(ends[line - 1]) + 1 if line else 0
        stop = int(stops[line]) if line < len(stops) else len(data)
        body = data[start:stop].removeprefix(b"\xef\xbb\xbf") if line == 0 else data[start:stop]
        text, bad_at = _jackson_decode(body)
        flags[line] = bad_at is not None and bad_at < _value_end(text)
        index.append(line)
        decoded.append(text)
    values = lines.clone().scatter(index, pl.Series(decoded, dtype=pl.String)) if index else lines
    return values, pl.Series(flags)


def _jackson_decode(body: bytes) -> tuple[str, int | None]:
    """``body`` decoded with Jackson's lenient UTF-8 rules, and the character index of the
    first byte it rejects (None: none). Rejected bytes show as U+FFFD here."""
    out: list[str] = []
    bad_at: int | None = None
    i, n = 0, len(body)
    while i < n:
        b = body[i]
        if b < 0x80:
            j = i
            while j < n and body[j] < 0x80:
                j += 1
            out.append(body[i:j].decode("ascii"))
            i = j
            continue
        need = 1 if 0xC0 <= b <= 0xDF else 2 if 0xE0 <= b <= 0xEF else 3 if 0xF0 <= b <= 0xF7 else 0
        tail = body[i + 1:i + 1 + need]
        if not need or len(tail) < need or any(c & 0xC0 != 0x80 for c in tail):
            if bad_at is None:
                bad_at = sum(len(p) for p in out)
            out.append("\ufffd")
            i += 1
            continue
        cp = b & (0x1F, 0x0F, 0x07)[need - 1]
        for c in tail:
            cp = (cp << 6) | (c & 0x3F)
        if need == 3 and not 0x10000 <= cp <= 0x10FFFF:
            out.append("??")  # no code point: the two surrogates Jackson emits, as '?' each
        elif 0xD800 <= cp <= 0xDFFF:
            out.append("?")  # a lone surrogate, which Spark's UTF-8 strings show as '?'
        else:
            out.append(chr(cp))
        i += 1 + need
    return "".join(out), bad_at


def _leading_values(records: pl.Series) -> pl.Series:
    """Each record's first JSON value: Spark's parser reads one value and ignores what
    follows it (``{"a": 1} trailing``). Only records that do not parse whole are cut, one
    by one."""
    whole = records.str.json_path_match("$").is_not_null()
    cut = (~whole & records.str.strip_chars_start().str.starts_with("{")).arg_true()
    if not len(cut):
        return records
    heads = [t[: _value_end(t)] for t in records.gather(cut).to_list()]
    return records.clone().scatter(cut, pl.Series(heads, dtype=pl.String))


def _value_end(text: str) -> int:
    """Where the line's first JSON value ends (its whole length when it does not parse)."""
    body = text.lstrip()
    try:
        _, end = json.JSONDecoder().raw_decode(body)
    except ValueError:
        return len(text)
    return end + len(text) - len(body)


def _multi_line_records(text: str) -> pl.Series:
    """``multiLine``: the whole file is one JSON value; an array of objects is one row each."""
    if not text.strip():
        return pl.Series("raw", [], dtype=pl.String)
    try:
        value = json.loads(text)
    except ValueError:
        return pl.Series("raw", [text], dtype=pl.String)
    if isinstance(value, list):
        # one parse per file; the elements are re-serialized once for the columnar path
        return pl.Series("raw", [json.dumps(v) for v in value], dtype=pl.String)
    return pl.Series("raw", [text], dtype=pl.String)


def _path(name: str) -> str:
    if _IDENT.match(name):
        return f"$.{name}"
    return "$['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']"


def _polars_type(t: pa.DataType) -> pl.DataType:
    return pl.from_arrow(pa.array([], type=t)).dtype  # type: ignore[union-attr]


def _nested(text: pl.Series, target: pa.DataType) -> tuple[pa.Array, pl.Series]:
    """Struct/array/map values: decode the field's JSON text with the target type."""
    dtype = _polars_type(target)
    present = text.is_not_null()
    try:
        decoded = text.str.json_decode(dtype)
        return decoded.to_arrow().cast(target), pl.Series([False] * len(text), dtype=pl.Boolean)
    except Exception:  # noqa: BLE001 - some value has the wrong shape: find which, value by value
        values: list[Any] = []
        failed: list[bool] = []
        for v in text.to_list():  # the slow path runs only for files with malformed nested values
            if v is None:
                values.append(None)
                failed.append(False)
                continue
            try:
                values.append(pl.Series([v]).str.json_decode(dtype).to_list()[0])
                failed.append(False)
            except Exception:  # noqa: BLE001
                values.append(None)
                failed.append(True)
        arr = pl.Series(values, dtype=dtype).to_arrow().cast(target)
        return arr, present & pl.Series(failed, dtype=pl.Boolean)


def _when(mask: pl.Series, values: pl.Series) -> pl.Series:
    return pl.select(pl.when(pl.lit(mask)).then(pl.lit(values))).to_series()


def _field(records: pl.Series, name: str, target: pa.DataType, opts: TextOptions) -> tuple[pa.Array, pl.Series]:
    text = records.str.json_path_match(_path(name))
    # which values were JSON strings (the matcher returns them unquoted)
    is_string = records.str.contains(r'"' + re.escape(name) + r'"\s*:\s*"') & text.is_not_null()
    present = text.is_not_null()
    if pa.types.is_string(target) or pa.types.is_large_string(target):
        return text.to_arrow().cast(target), pl.Series([False] * len(text), dtype=pl.Boolean)
    if pa.types.is_struct(target) or pa.types.is_list(target) or pa.types.is_large_list(target) or pa.types.is_map(target):
        return _nested(_when(~is_string, text), target)
    if pa.types.is_integer(target) or pa.types.is_boolean(target):
        usable = _when(~is_string, text)
    elif pa.types.is_floating(target):
        special = text.is_in(["NaN", "Infinity", "+Infinity", "-Infinity", "+INF", "-INF", "INF"])
        usable = _when(~is_string | special, text)
    elif pa.types.is_timestamp(target):
        # a JSON string is parsed; a JSON number is seconds since the epoch
        parsed, failed = parse_column(_when(is_string, text), target, opts)
        numbers = _when(~is_string, text)
        seconds = numbers.cast(pl.Float64, strict=False)
        micros = (seconds * 1_000_000).cast(pl.Int64).to_arrow().cast(pa.int64()).cast(target)
        out = pc.coalesce(parsed, micros)
        return out, failed | (numbers.is_not_null() & seconds.is_null())
    else:
        usable = text
    arr, failed = parse_column(usable, target, opts)
    return arr, failed | (present & usable.is_null())


def _fast_type(t: pa.DataType) -> pa.DataType | None:
    """The type pyarrow's strict JSON reader parses a field as, when its strictness is
    Spark's (None: the field needs the record path)."""
    if pa.types.is_integer(t):
        return pa.int64()
    if pa.types.is_floating(t):
        return pa.float64()
    if pa.types.is_boolean(t):
        return pa.bool_()
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_date(t) or pa.types.is_timestamp(t):
        return pa.string()
    return None


def _read_well_formed(data: bytes, schema: pa.Schema, opts: TextOptions) -> pa.Table | None:
    """The common case in one vectorized pass (pyarrow's JSON reader, strict where Spark
    is strict: a string is never a number, a float never an int). None when anything
    needs the record path: a malformed record, a value of another JSON type, a nested
    or decimal field, a custom line separator."""
    import io

    import pyarrow.json as pajson

    if opts.multi_line or opts.line_sep or opts.encoding not in ("utf-8", "utf8"):
        return None
    if malformed_utf8_offsets(data):
        return None  # Arrow's reader does not validate UTF-8: those records are malformed
    fields = [f for f in schema if f.name != opts.corrupt_column]
    read_types = [_fast_type(f.type) for f in fields]
    if any(t is None for t in read_types) or len({f.name for f in fields}) != len(fields):
        return None
    explicit = pa.schema([pa.field(f.name, t) for f, t in zip(fields, read_types)])
    try:
        table = pajson.read_json(
            io.BytesIO(data.removeprefix(b"\xef\xbb\xbf")),
            parse_options=pajson.ParseOptions(explicit_schema=explicit, unexpected_field_behavior="ignore"),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    arrays = []
    for field in schema:
        if field.name not in explicit.names:
            arrays.append(pa.nulls(table.num_rows, field.type))
            continue
        col = table.column(field.name)
        if pa.types.is_date(field.type) or pa.types.is_timestamp(field.type):
            text = pl.from_arrow(col)
            arr, failed = parse_column(text, field.type, opts)  # type: ignore[arg-type]
            if failed.any():
                return None
            arrays.append(arr)
            continue
        try:
            arrays.append(col.cast(field.type, safe=not pa.types.is_floating(field.type)))
        except (pa.ArrowInvalid, OverflowError):
            return None  # an int out of the column's range: malformed, the record path decides
    return pa.Table.from_arrays(arrays, schema=schema)


def read_json(data: bytes, schema: pa.Schema, opts: TextOptions, path: str) -> pa.Table:
    """One JSON file's rows in ``schema`` (fields by name; unknown fields ignored)."""
    fast = _read_well_formed(data, schema, opts)
    if fast is not None:
        return fast
    records, lenient, broken = _records(data, opts)
    split = _split_invalid_utf8(data, records, lenient, broken, schema, opts)
    if split is not None:
        columns, malformed, records = split
    else:
        columns, malformed = _record_columns(lenient, broken, schema, opts)
    return apply_mode(columns, malformed, records, schema, opts, path)


def _record_columns(
    lenient: pl.Series, broken: pl.Series, schema: pa.Schema, opts: TextOptions
) -> tuple[dict[str, pa.Array], pl.Series]:
    """The record path: every field of every record extracted and converted (vectorized
    over records), and which records are malformed."""
    values = _leading_values(lenient)
    root = values.str.json_path_match("$")
    is_object = root.is_not_null() & values.str.strip_chars_start().str.starts_with("{") & ~broken
    malformed = ~is_object
    objects = pl.select(pl.when(pl.lit(is_object)).then(pl.lit(values))).to_series()
    columns: dict[str, pa.Array] = {}
    for field in schema:
        if field.name == opts.corrupt_column:
            continue
        arr, failed = _field(objects, field.name, field.type, opts)
        columns[field.name] = arr
        malformed = malformed | failed
    return columns, malformed


def _split_invalid_utf8(
    data: bytes, records: pl.Series, lenient: pl.Series, broken: pl.Series, schema: pa.Schema, opts: TextOptions
) -> tuple[dict[str, pa.Array], pl.Series, pl.Series] | None:
    """A file whose only trouble is invalid UTF-8 in a few lines: the other lines take the
    one-pass reader, those few the record path, rows kept in file order. None when the
    file has no invalid UTF-8 or its other lines need the record path too."""
    if opts.multi_line or opts.encoding not in ("utf-8", "utf8"):
        return None
    odd = (broken | (lenient != records)).fill_null(False)
    if not odd.any() or odd.all():
        return None
    good_pos, odd_pos = (~odd).arg_true(), odd.arg_true()
    payload = records.filter(~odd).str.join("\n").item().encode("utf-8")
    fast = _read_well_formed(payload, schema, opts)
    if fast is None or fast.num_rows != len(good_pos):
        return None
    columns, malformed = _record_columns(lenient.filter(odd), broken.filter(odd), schema, opts)
    order = pa.array(pl.concat([good_pos, odd_pos]).arg_sort().to_numpy())
    merged = {
        name: pa.concat_arrays([fast.column(name).combine_chunks(), arr]).take(order)
        for name, arr in columns.items()
    }
    flags = pl.concat([pl.Series([False] * len(good_pos), dtype=pl.Boolean), malformed]).gather(order.to_numpy())
    return merged, flags, records


# ---------------------------------------------------------------------------
# schema inference (Spark's JsonInferSchema: long, double, boolean, string, struct, array)


def _type_of(value: Any, opts: TextOptions) -> Any:
    if value is None:
        return None
    if opts.primitives_as_string and not isinstance(value, (dict, list)):
        return _STRING
    if isinstance(value, bool):
        return pa.bool_()
    if isinstance(value, int):
        return pa.int64()
    if isinstance(value, float):
        return pa.float64()
    if isinstance(value, str):
        return _STRING
    if isinstance(value, list):
        elem: Any = None
        for v in value:
            elem = _merge(elem, _type_of(v, opts))
        return pa.large_list(pa.field("element", elem if elem is not None else _STRING))
    fields: dict[str, Any] = {}
    for k, v in value.items():
        fields[k] = _merge(fields.get(k), _type_of(v, opts))
    return ("struct", fields)


def _merge(a: Any, b: Any) -> Any:
    if a is None:
        return b
    if b is None or a == b:
        return a
    if isinstance(a, tuple) and isinstance(b, tuple):
        merged = dict(a[1])
        for k, v in b[1].items():
            merged[k] = _merge(merged.get(k), v)
        return ("struct", merged)
    numeric = (pa.int64(), pa.float64())
    if not isinstance(a, tuple) and not isinstance(b, tuple) and a in numeric and b in numeric:
        return pa.float64()
    if isinstance(a, pa.DataType) and isinstance(b, pa.DataType) and pa.types.is_large_list(a) and pa.types.is_large_list(b):
        return pa.large_list(pa.field("element", _merge(a.value_type, b.value_type)))
    return _STRING


def _arrow(t: Any) -> pa.DataType:
    if t is None:
        return _STRING
    if isinstance(t, tuple):
        return pa.struct([pa.field(k, _arrow(v)) for k, v in sorted(t[1].items())])
    return t


def infer_json_schema(datas: list[bytes], opts: TextOptions) -> pa.Schema | None:
    """The schema of every record (fields sorted by name, as Spark's), with
    ``columnNameOfCorruptRecord`` added when some record is malformed (PERMISSIVE).
    Schema inference is a one-off at read/query start, so it parses records in Python."""
    top: Any = None
    corrupt = False
    any_record = False
    for data in datas:
        records, lenient, broken = _records(data, opts)
        for raw, bad in zip(lenient.to_list(), broken.to_list()):
            any_record = True
            try:
                value = None if bad else json.JSONDecoder().raw_decode(raw.lstrip())[0]
            except ValueError:
                value = None
            if not isinstance(value, dict):
                if opts.mode == "FAILFAST":
                    # Spark fails the inference itself, before any file is read for rows
                    raise SparkRuntimeException(
                        errorClass="MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
                        messageParameters={"badRecord": raw, "failFastMode": "FAILFAST"},
                    )
                corrupt = corrupt or opts.mode == "PERMISSIVE"
                continue
            top = _merge(top, _type_of(value, opts))
    if not any_record:
        return None
    fields = dict(top[1]) if isinstance(top, tuple) else {}
    if corrupt:
        fields.setdefault(opts.corrupt_column, _STRING)
    return pa.schema([pa.field(k, _arrow(v)) for k, v in sorted(fields.items())])
