"""CSV files to Arrow tables with Spark's ``CSVOptions`` and parse modes (pyarrow.csv underneath).

Records are split, tokenized and converted column by column; only rows with the wrong
number of fields (rare by nature) take a per-row path, to be re-tokenized and padded
the way Spark pads them.
"""

from __future__ import annotations

import io
from typing import cast

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from rillet.connectors.files.parsing import (
    TextOptions,
    apply_mode,
    decode,
    parse_column,
    repair_utf8,
    split_records,
)

_STRING = pa.large_string()


def _records(text: str, opts: TextOptions) -> pl.Series:
    """The non-empty, non-comment lines of a file (the header dropped when ``header``)."""
    lines = split_records(text, opts.line_sep)
    keep = lines.str.strip_chars().str.len_chars() > 0
    if opts.comment:
        keep = keep & ~lines.str.starts_with(opts.comment)
    records = lines.filter(keep)
    if opts.header and len(records):
        records = records.slice(1)
    return records


def _escaping(text: str, opts: TextOptions) -> bool:
    return bool(opts.escape and opts.quote and (opts.escape + opts.quote) in text)


def _escaping_bytes(data: bytes, opts: TextOptions) -> bool:
    return bool(opts.escape and opts.quote and (opts.escape + opts.quote).encode("utf-8") in data)


def _tokenize(
    payload: bytes, n: int, opts: TextOptions, multi_line: bool, skip_header: bool = False, threads: bool = False
) -> tuple[pa.Table, list[tuple[int, str, bool]]]:
    """All records as ``n`` string columns ``f0..``; rows of another width come back apart
    as (1-based record number, text)."""
    invalid: list[tuple[int, str, bool]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        invalid.append((row.number or 0, row.text, escaping))
        return "skip"

    names = [f"f{i}" for i in range(n)]
    # Spark's parser honours the escape only before a quote inside a quoted value, so a
    # backslash elsewhere (C:\dir) stays literal: escape only when the file uses it so
    escaping = _escaping_bytes(payload, opts)
    table = pacsv.read_csv(
        io.BytesIO(payload),
        read_options=pacsv.ReadOptions(column_names=names, use_threads=threads, skip_rows=1 if (multi_line and opts.header) or skip_header else 0),
        parse_options=pacsv.ParseOptions(
            delimiter=opts.sep,
            quote_char=opts.quote or False,
            escape_char=opts.escape if escaping else False,
            double_quote=True,
            newlines_in_values=multi_line,
            ignore_empty_lines=True,
            invalid_row_handler=on_invalid,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={c: _STRING for c in names},
            strings_can_be_null=True,
            null_values=[""],
            quoted_strings_can_be_null=False,
        ),
    )
    return table, invalid


def _frame(table: pa.Table, n: int) -> pl.DataFrame:
    if not table.num_rows:
        return pl.DataFrame(schema={f"f{i}": pl.String for i in range(n)})
    return cast(pl.DataFrame, pl.from_arrow(table, rechunk=False))


def _split_row(text: str, n: int, opts: TextOptions, escaping: bool) -> list[str | None]:
    """One malformed row's fields, padded with nulls or cut to ``n`` (Spark's PERMISSIVE shape)."""
    fields: list[str | None] = [f if f != "" else None for f in split_line(text, opts, escaping)]
    return (fields + [None] * n)[:n]


def split_line(line: str, opts: TextOptions, escaping: bool) -> list[str]:
    """One line's fields as Spark's univocity parser splits them with ``multiLine`` off.

    The per-record path for the few lines the block tokenizer would read differently: a
    quote opens a value only at its start; an unclosed quote runs to the end of the line
    (never into the next one); a closing quote followed by text keeps the field's raw
    text up to the next delimiter (univocity's ``STOP_AT_DELIMITER``); whitespace after a
    closing quote is dropped; ``escape`` + quote inside quotes is a quote.
    """
    sep, quote, escape = opts.sep, opts.quote, opts.escape if escaping else None
    fields: list[str] = []
    i, end = 0, len(line)
    while True:
        start = i
        if quote and i < end and line[i] == quote:
            i += 1
            if i == end:  # a lone opening quote at the end of the line is the value
                fields.append(quote)
                return fields
            value: list[str] = []
            while i < end:
                c = line[i]
                if escape and c == escape and i + 1 < end and line[i + 1] == quote:
                    value.append(quote)
                    i += 2
                elif c == quote:
                    j = i + 1
                    while j < end and line[j] != sep and line[j] <= " ":
                        j += 1
                    if j == end or line[j] == sep:  # the closing quote
                        i = j
                        break
                    if line[i + 1] == quote:  # a quote run: all but the closing one are text
                        value.append(quote)
                        i += 1
                        continue
                    k = line.find(sep, i)  # an unescaped quote: the raw text to the delimiter
                    i = end if k < 0 else k
                    value = [line[start:i]]
                    break
                else:
                    value.append(c)
                    i += 1
            fields.append("".join(value))
        else:
            k = line.find(sep, i)
            i = end if k < 0 else k
            fields.append(line[start:i])
        if i >= end:
            return fields
        i += 1  # past the delimiter
        if i == end:
            fields.append("")
            return fields


def _char(c: str) -> str:
    return f"\\x{{{ord(c):X}}}"


def _clean_pattern(opts: TextOptions, escaping: bool) -> str:
    """A line whose every quote sits where both tokenizers agree: whole quoted values
    (no doubled quotes: Spark's default escape is a backslash) and unquoted values
    without quotes."""
    q, s = _char(opts.quote or '"'), _char(opts.sep)
    if escaping and opts.escape:
        e = _char(opts.escape)
        quoted = f"{q}(?:[^{q}{e}]|{e}{q})*{q}"
    else:
        quoted = f"{q}[^{q}]*{q}"
    field = f"(?:{quoted}|[^{q}{s}]*)"
    return f"^{field}(?:{s}{field})*$"


def _clean_lines(lines: pl.Series, opts: TextOptions, escaping: bool) -> pl.Series:
    """Which lines the block tokenizer reads as Spark does (vectorized): those without a
    quote, and those whose quotes all open and close whole values."""
    if not opts.quote:
        return pl.Series([True] * len(lines), dtype=pl.Boolean)
    has_quote = lines.str.contains(opts.quote, literal=True)
    return ~has_quote | lines.str.contains(_clean_pattern(opts, escaping))


def _line_rows(records: pl.Series, n: int, opts: TextOptions) -> tuple[pl.DataFrame, pl.Series]:
    """``multiLine`` off: each line its own record. Clean lines are tokenized as one block;
    lines with a stray quote (or another width) are split one by one, so a broken line
    stays one record and never swallows the next ones."""
    escaping = bool(opts.escape and opts.quote and records.str.contains(opts.escape + opts.quote, literal=True).any())
    clean = _clean_lines(records, opts, escaping)
    good_pos = clean.arg_true()
    table: pa.Table | None = None
    invalid: list[tuple[int, str, bool]] = []
    if len(good_pos):
        payload = records.filter(clean).str.join("\n").item().encode("utf-8")
        table, invalid = _tokenize(payload, n, opts, False)
        if table.num_rows != len(good_pos) - len(invalid):
            # the block tokenizer disagreed with the line split: every line by the record path
            table, invalid, clean = None, [], pl.Series([False] * len(records), dtype=pl.Boolean)
    names = [f"f{i}" for i in range(n)]
    wrong = {int(good_pos[num - 1]) for num, _, _ in invalid}
    slow_pos = sorted(wrong | set((~clean).arg_true().to_list()))
    split = [split_line(t, opts, escaping) for t in (records.gather(slow_pos).to_list() if slow_pos else [])]
    rows = [[v if v != "" else None for v in (f + [""] * n)[:n]] for f in split]
    parts = [
        pl.DataFrame(rows, schema={c: pl.String for c in names}, orient="row").with_columns(
            _pos=pl.Series(slow_pos, dtype=pl.Int64)
        )
    ]
    if table is not None:
        good = pl.Series(good_pos, dtype=pl.Int64)
        parts.insert(0, _frame(table, n).with_columns(_pos=good.filter(~good.is_in(list(wrong)))))
    frame = pl.concat(parts).sort("_pos")
    bad_pos = [p for p, f in zip(slow_pos, split) if len(f) != n]
    flags = pl.int_range(0, len(records), eager=True).is_in(bad_pos)
    return frame.drop("_pos"), flags


def tokenize_file(data: bytes, n: int, opts: TextOptions) -> tuple[pl.DataFrame, pl.Series, pl.Series]:
    """Strings ``f0..f{n-1}`` per record, whether the record had the wrong width, and its raw text."""
    text = decode(data, opts.encoding)
    if opts.multi_line:
        table, invalid = _tokenize(text.encode("utf-8"), n, opts, True)
        frame = _frame(table, n)
        raw = frame.select(pl.concat_str([pl.col(c).fill_null("") for c in frame.columns], separator=opts.sep)).to_series()
        bad_rows = [_split_row(t, n, opts, e) for _, t, e in invalid]
        bad = pl.DataFrame([list(r) for r in bad_rows], schema={f"f{i}": pl.String for i in range(n)}, orient="row")
        frame = pl.concat([frame, bad]) if len(bad) else frame
        raw = pl.concat([raw, pl.Series([t for _, t, _ in invalid], dtype=pl.String)])
        flags = pl.Series([False] * (len(frame) - len(bad)) + [True] * len(bad), dtype=pl.Boolean)
        return frame, flags, raw.alias("raw")
    records = _records(text, opts)
    if not len(records):
        return pl.DataFrame(schema={f"f{i}": pl.String for i in range(n)}), pl.Series([], dtype=pl.Boolean), records
    frame, flags = _line_rows(records, n, opts)
    return frame, flags, records.alias("raw")


def _nulls(col: pl.Series, opts: TextOptions) -> pl.Series:
    """Spark's null rules: a value equal to ``nullValue`` is null; a quoted empty string is
    ``emptyValue`` (and null when that equals ``nullValue``); unquoted empty is null."""
    if opts.ignore_leading_ws:
        col = col.str.strip_chars_start()
    if opts.ignore_trailing_ws:
        col = col.str.strip_chars_end()
    col = pl.select(pl.when(pl.lit(col) == "").then(pl.lit(opts.empty_value)).otherwise(pl.lit(col))).to_series()
    return pl.select(pl.when(pl.lit(col) == opts.null_value).then(None).otherwise(pl.lit(col))).to_series()


def read_csv(data: bytes, schema: pa.Schema, opts: TextOptions, path: str) -> pa.Table:
    """One CSV file's rows in ``schema`` (fields by position, Spark's ``enforceSchema``)."""
    data_fields = [f for f in schema if f.name != opts.corrupt_column]
    n = len(data_fields)
    if n == 0:
        return schema.empty_table()
    fast = _read_well_formed(data, data_fields, schema, opts)
    if fast is not None:
        return fast
    frame, wrong_width, raw = tokenize_file(data, n, opts)
    columns, failed = _convert(frame, data_fields, opts)
    return apply_mode(columns, wrong_width | failed, raw, schema, opts, path)


def _convert(frame: pl.DataFrame, fields: list[pa.Field], opts: TextOptions) -> tuple[dict[str, pa.Array], pl.Series]:
    malformed = pl.Series([False] * len(frame), dtype=pl.Boolean)
    columns: dict[str, pa.Array] = {}
    for i, field in enumerate(fields):
        arr, failed = parse_column(_nulls(frame[f"f{i}"], opts), field.type, opts)
        columns[field.name] = arr
        malformed = malformed | failed
    return columns, malformed


def _read_well_formed(data: bytes, fields: list[pa.Field], schema: pa.Schema, opts: TextOptions) -> pa.Table | None:
    """The common case in one pass: the file tokenized as it is, no record split, rejoin
    or raw text kept. None when the file has anything the record path must handle
    (comments, a custom line separator, a malformed record, ...)."""
    if opts.multi_line or opts.comment or opts.line_sep or opts.encoding not in ("utf-8", "utf8") or len(fields) < 2:
        return None
    data = repair_utf8(data).removeprefix(b"\xef\xbb\xbf")
    if data[:1] in (b"\n", b"\r") or b"\r" in data[:4096] and b"\r\n" not in data[:4096]:
        return None  # a leading blank line (the header is the first non-empty one), or CR-only lines
    if opts.quote and opts.quote.encode("utf-8") in data:
        # a stray quote would run into the next lines in a block tokenizer: only files whose
        # every line quotes whole values take this path
        lines = split_records(data.decode("utf-8"), None)
        if not _clean_lines(lines, opts, _escaping_bytes(data, opts)).all():
            return None
    table, invalid = _tokenize(data, len(fields), opts, False, skip_header=opts.header, threads=True)
    if invalid:
        return None
    columns, failed = _convert(_frame(table, len(fields)), fields, opts)
    if failed.any():
        return None
    arrays = [columns[f.name] if f.name in columns else pa.nulls(table.num_rows, f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


# ---------------------------------------------------------------------------
# schema inference (``inferSchema``, batch reads and ``spark.sql.streaming.schemaInference``)


def _header_names(data: bytes, opts: TextOptions) -> list[str] | None:
    text = decode(data, opts.encoding)
    lines = split_records(text, opts.line_sep)
    keep = lines.str.strip_chars().str.len_chars() > 0
    if opts.comment:
        keep = keep & ~lines.str.starts_with(opts.comment)
    first = lines.filter(keep)
    if not len(first):
        return None
    return split_line(first[0], opts, _escaping(text, opts))


def infer_csv_schema(datas: list[bytes], opts: TextOptions) -> pa.Schema | None:
    """Column names from the first record (``header``) or ``_c0..``; types all string, or
    inferred from every value when ``inferSchema`` (int < bigint < double, boolean,
    timestamp, else string), as Spark's ``CSVInferSchema``. None when there is no record."""
    first = next((d for d in datas if _header_names(d, opts)), None)
    if first is None:
        return None
    tokens = _header_names(first, opts) or []
    names = [t if opts.header and t else f"_c{i}" for i, t in enumerate(tokens)] if opts.header else [
        f"_c{i}" for i in range(len(tokens))
    ]
    if not opts.infer_schema:
        return pa.schema([pa.field(n, _STRING) for n in names])
    n = len(names)
    frames = [tokenize_file(d, n, opts)[0] for d in datas]
    frame = pl.concat(frames) if frames else pl.DataFrame()
    fields = []
    for i, name in enumerate(names):
        col = _nulls(frame[f"f{i}"], opts) if len(frame) else pl.Series([], dtype=pl.String)
        fields.append(pa.field(name, infer_text_type(col, opts)))
    return pa.schema(fields)


def infer_text_type(col: pl.Series, opts: TextOptions) -> pa.DataType:
    """The narrowest Spark type every non-null value of ``col`` parses as."""
    values = col.drop_nulls()
    if not len(values):
        return _STRING
    for candidate in (pa.int32(), pa.int64()):
        _, failed = parse_column(values, candidate, opts)
        if not failed.any():
            return candidate
    _, failed = parse_column(values, pa.float64(), opts)
    if not failed.any():
        return pa.float64()
    _, failed = parse_column(values, pa.timestamp("us", tz="UTC"), opts)
    if not failed.any():
        return pa.timestamp("us", tz="UTC")
    _, failed = parse_column(values, pa.bool_(), opts)
    if not failed.any():
        return pa.bool_()
    return _STRING
