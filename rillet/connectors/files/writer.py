"""Writing a table to files: one file per chunk of ``maxRecordsPerFile`` rows, Hive-style
``key=value`` folders under ``partitionBy``, local or on an object store; and the batch
``df.write`` save modes over it."""

from __future__ import annotations

import gzip
import os
import shutil
import uuid

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from rillet import durability
from rillet.connectors.base import SinkContext, option_str
from rillet.connectors.files.encoding import (
    PATH_ESCAPES,
    check_partition_columns,
    check_schema,
    csv_header,
    csv_lines,
    json_lines,
    partition_value,
    text_lines,
)
from rillet.connectors.files.fs import FileStore
from rillet.connectors.files.manifest import (
    is_remote,
)
from rillet.connectors.files.write_options import PARQUET_CODECS, TIME_ZONE_KEY, WriteOptions
from rillet.errors import AnalysisException, IllegalArgumentException


def _write_one(table: pa.Table, path: str, opts: WriteOptions, store: FileStore | None = None) -> None:
    """Write one data file and fsync it, so a manifest entry never outlives its file
    (on S3: one object, complete once the stream closes)."""
    if store is not None and store.scheme:
        with store.open_output(path) as out:
            if opts.format == "parquet":
                schema = pa.schema([fld.with_nullable(True) for fld in table.schema])
                pq.write_table(table.cast(schema), out, compression=PARQUET_CODECS[opts.compression][0])
            else:
                out.write(_text_payload(table, opts))
        return
    with open(path, "wb") as f:
        if opts.format == "parquet":
            # Spark writes every column as nullable, whatever the query's schema says
            schema = pa.schema([fld.with_nullable(True) for fld in table.schema])
            pq.write_table(table.cast(schema), f, compression=PARQUET_CODECS[opts.compression][0])
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
    return "".join(f"%{ord(c):02X}" if c in PATH_ESCAPES else c for c in name)


def _data_schema(schema: pa.Schema, partition_by: list[str] | tuple[str, ...]) -> pa.Schema:
    return pa.schema([f for f in schema if f.name not in partition_by])


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Polars may hand back other widths (string_view, large_list); write the query's types."""
    if table.schema.equals(schema):
        return table
    return pa.table([pc.cast(table.column(i), schema.field(i).type) for i in range(len(schema))], schema=schema)


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
