"""Delta Lake tables (``format("delta")``) on the ``deltalake`` package (delta-rs).

Sink: ``writeStream.format("delta").option("checkpointLocation", c).start(path)``, in
``append`` or ``complete`` mode (complete overwrites the table each batch). It is
exactly-once by Delta's own idempotent-write protocol, as Spark's ``DeltaSink``: every
commit carries a transaction action ``{"txn": {"appId": <query id>, "version": <batch
id>}}`` in the same atomic log entry as its files, and batch ``N`` is skipped when the
table's latest transaction version for the query is already ``>= N``. A batch re-run
after a crash therefore writes nothing twice, and a crash before the commit leaves only
unreferenced files that no reader sees.

Batch: ``df.write.format("delta").mode(m).save(path)`` (modes append/overwrite/ignore/
error; ``txnAppId``/``txnVersion`` make it idempotent like Spark's) and
``spark.read.format("delta").load(path)`` (``versionAsOf``).

Source: ``readStream.format("delta").load(path)``: the table's snapshot when the query
starts, then the files added by each later version, as micro-batches. The offset is
Spark's ``DeltaSourceOffset`` (``reservoirVersion``, ``index``, ``isStartingVersion``);
``startingVersion`` starts from the changes of a version instead of a snapshot and
``maxFilesPerTrigger`` (default 1000) bounds a batch. Tables must be append-only: a
version that removes data fails as in Spark unless ``ignoreDeletes`` (versions that only
remove) or ``skipChangeCommits`` (skip any version that removes) is set.

Object storage: ``s3://`` / ``s3a://`` paths take the ``fs.s3a.*`` options of the file
connectors (endpoint, keys, region), falling back to the ``AWS_*`` environment.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from rillet.connectors.base import (
    Offset,
    Provider,
    ReadLimit,
    Sink,
    SinkContext,
    Source,
    SourceContext,
    option_bool,
    option_int,
    option_str,
)
from rillet.connectors.files.fs import FileStore
from rillet.errors import AnalysisException, IllegalArgumentException


def _deltalake() -> Any:
    """Import ``deltalake`` lazily: it is an optional dependency (the ``delta`` extra)."""
    try:
        import deltalake
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "format('delta') needs the 'deltalake' package: pip install 'rillet[delta]'"
        ) from None
    return deltalake


def _table_uri(path: str | None) -> str:
    if not path:
        raise IllegalArgumentException(
            "'path' is not specified.", errorClass="_LEGACY_ERROR_TEMP_2047", messageParameters={}
        )
    if path.startswith("s3a://"):
        return "s3://" + path[len("s3a://"):]
    if "://" in path:
        return path
    return os.path.abspath(path.removeprefix("file:"))


def storage_options(uri: str, options: Mapping[str, str]) -> dict[str, str] | None:
    """delta-rs storage options for ``uri`` from the Spark/Hadoop style ``fs.s3a.*`` options."""
    if not uri.startswith("s3://"):
        return None

    def hadoop(key: str) -> str | None:
        return option_str(options, key) or option_str(options, f"spark.hadoop.{key}")

    out: dict[str, str] = {}
    endpoint = hadoop("fs.s3a.endpoint")
    if endpoint:
        ssl = (hadoop("fs.s3a.connection.ssl.enabled") or "true").lower() == "true"
        if "://" not in endpoint:
            endpoint = ("https://" if ssl else "http://") + endpoint
        out["AWS_ENDPOINT_URL"] = endpoint
        if endpoint.startswith("http://"):
            out["AWS_ALLOW_HTTP"] = "true"
    for key, name in (("fs.s3a.access.key", "AWS_ACCESS_KEY_ID"), ("fs.s3a.secret.key", "AWS_SECRET_ACCESS_KEY"),
                      ("fs.s3a.session.token", "AWS_SESSION_TOKEN"), ("fs.s3a.endpoint.region", "AWS_REGION")):
        value = hadoop(key)
        if value:
            out[name] = value
    out.setdefault("AWS_REGION", os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1")
    # single-writer streaming sink: no external lock service; commits are still atomic per object
    out.setdefault("AWS_S3_ALLOW_UNSAFE_RENAME", "true")
    return out


def _load_table(uri: str, storage: dict[str, str] | None, version: int | None = None) -> Any:
    """The ``DeltaTable`` at ``uri`` (at ``version`` if given), or None if there is no table."""
    dl = _deltalake()
    try:
        return dl.DeltaTable(uri, version=version, storage_options=storage)
    except dl.exceptions.TableNotFoundError:
        return None


def _write(uri: str, table: pa.Table, mode: str, partition_by: tuple[str, ...], schema_mode: str | None,
           storage: dict[str, str] | None, txn: tuple[str, int] | None) -> None:
    """One atomic Delta commit of ``table`` (with the app transaction ``txn`` if given)."""
    dl = _deltalake()
    props = None
    if txn is not None:
        props = dl.CommitProperties(app_transactions=[dl.Transaction(txn[0], txn[1])])
    try:
        dl.write_deltalake(
            uri, table, mode=mode, partition_by=list(partition_by) or None, schema_mode=schema_mode,
            storage_options=storage, commit_properties=props,
        )
    except dl.exceptions.SchemaMismatchError as e:
        existing = _load_table(uri, storage)
        table_schema = pa.schema(existing.schema().to_arrow()) if existing is not None else None
        raise AnalysisException(
            f"A schema mismatch detected when writing to the Delta table at {uri}.\n"
            "To enable schema migration, please set: '.option(\"mergeSchema\", \"true\")'.\n"
            f"Table schema:\n{table_schema}\n\nData schema:\n{table.schema}\n\n({e})"
        ) from None
    except dl.exceptions.DeltaError as e:
        if "partitioning does not match" not in str(e):
            raise
        existing = _load_table(uri, storage)
        current = existing.metadata().partition_columns if existing is not None else []
        raise AnalysisException(
            "Partition columns do not match the partition columns of the table.\n"
            f"Given: [{', '.join(partition_by)}]\nTable: [{', '.join(current)}]"
        ) from None


def _check_partition_columns(schema: pa.Schema, partition_by: tuple[str, ...]) -> tuple[str, ...]:
    for col in partition_by:
        if col not in schema.names:
            raise AnalysisException(
                errorClass="UNRESOLVED_COLUMN.WITH_SUGGESTION",
                messageParameters={"objectName": f"`{col}`", "proposal": ", ".join(f"`{n}`" for n in schema.names)},
            )
    return partition_by


# ---------------------------------------------------------------------------
# the streaming sink


class DeltaSink(Sink):
    """``writeStream.format("delta")``: each batch is one Delta commit tagged with the
    transaction ``(query id, batch id)``; a batch id the table already holds is skipped
    (see the module docstring)."""

    output_modes = ("append", "complete")

    def __init__(self, ctx: SinkContext) -> None:
        _deltalake()
        self.uri = _table_uri(ctx.path or option_str(ctx.options, "path"))
        self.storage = storage_options(self.uri, ctx.options)
        self.partition_by = _check_partition_columns(ctx.schema, ctx.partition_by)
        self.merge_schema = option_bool(ctx.options, "mergeSchema", False, "delta")
        self.overwrite_schema = option_bool(ctx.options, "overwriteSchema", False, "delta")
        if not ctx.query_id:
            raise IllegalArgumentException("The delta sink needs the query id (a checkpointed streaming query).")
        self.app_id = ctx.query_id
        self._latest: int | None = None
        self._loaded = False

    def latest_batch_id(self) -> int | None:
        """The last batch id this query committed to the table (Delta's txn version). Read
        from the table's log once per start; this sink is the query's only writer after."""
        if not self._loaded:
            table = _load_table(self.uri, self.storage)
            self._latest = None if table is None else table.transaction_version(self.app_id)
            self._loaded = True
        return self._latest

    def add_batch(self, batch_id: int, table: pa.Table, mode: str) -> None:
        if mode not in self.output_modes:
            raise AnalysisException(
                errorClass="STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE",
                messageParameters={"className": "delta", "outputMode": mode},
            )
        latest = self.latest_batch_id()
        if latest is not None and latest >= batch_id:
            return  # committed before a restart: Delta's idempotent write skips it
        complete = mode == "complete"
        schema_mode = None
        if complete and (self.overwrite_schema or self.merge_schema):
            schema_mode = "overwrite"  # Spark's DeltaSink may replace the schema in complete mode
        elif self.merge_schema:
            schema_mode = "merge"
        _write(self.uri, table, "overwrite" if complete else "append", self.partition_by, schema_mode,
               self.storage, (self.app_id, batch_id))
        self._latest = batch_id

    def description(self) -> str:
        return f"DeltaSink[{self.uri}]"


# ---------------------------------------------------------------------------
# batch reads and writes


def write_delta_batch(table: pa.Table, ctx: SinkContext, mode: str) -> None:
    """``df.write.format("delta").mode(mode).save(path)``; with ``txnAppId``/``txnVersion``
    the write is skipped when the table already holds that transaction version."""
    uri = _table_uri(ctx.path or option_str(ctx.options, "path"))
    storage = storage_options(uri, ctx.options)
    partition_by = _check_partition_columns(table.schema, ctx.partition_by)
    app_id = option_str(ctx.options, "txnAppId")
    version = option_int(ctx.options, "txnVersion", None, "delta", minimum=0)
    if (app_id is None) != (version is None):
        raise IllegalArgumentException("Both 'txnAppId' and 'txnVersion' must be set for an idempotent write.")
    existing = _load_table(uri, storage)
    mode = {"errorifexists": "error", "default": "error"}.get(mode, mode)
    if existing is not None:
        if mode == "ignore":
            return
        if mode == "error":
            raise AnalysisException(
                errorClass="DELTA_PATH_EXISTS",
                messageParameters={"path": uri},
            )
        if app_id is not None and version is not None:
            done = existing.transaction_version(app_id)
            if done is not None and done >= version:
                return
    schema_mode = None
    if mode == "overwrite" and option_bool(ctx.options, "overwriteSchema", False, "delta"):
        schema_mode = "overwrite"
    elif option_bool(ctx.options, "mergeSchema", False, "delta"):
        schema_mode = "merge"
    write_mode = "append" if mode in ("error", "ignore") else mode
    txn = (app_id, version) if app_id is not None and version is not None else None
    _write(uri, table, write_mode, partition_by, schema_mode, storage, txn)


def read_delta_batch(options: Mapping[str, str]) -> pa.Table:
    """``spark.read.format("delta").load(path)`` (``versionAsOf`` for time travel)."""
    uri = _table_uri(option_str(options, "path"))
    storage = storage_options(uri, options)
    version = option_int(options, "versionAsOf", None, "delta", minimum=0)
    table = _load_table(uri, storage, version)
    if table is None:
        raise AnalysisException(errorClass="DELTA_MISSING_DELTA_TABLE", messageParameters={"tableName": uri})
    return table.to_pyarrow_table()


# ---------------------------------------------------------------------------
# the streaming source


def _offset(version: int, index: int, starting: bool) -> dict[str, Any]:
    """Spark's ``DeltaSourceOffset``: every file up to ``index`` of ``version`` was read
    (``isStartingVersion``: the files of the snapshot at ``version``, else its commit's adds)."""
    return {"sourceVersion": 1, "reservoirVersion": version, "index": index, "isStartingVersion": starting}


class DeltaSource(Source):
    """``readStream.format("delta").load(path)``: new versions of an append-only Delta table
    as micro-batches (see the module docstring)."""

    # the reader passes ``load(path)`` to ``validate``/``source_schema`` (as for file sources)
    needs_path = True

    @classmethod
    def validate(cls, options: Mapping[str, str], path: str | None) -> None:
        _table_uri(path or option_str(options, "path"))
        option_int(options, "maxFilesPerTrigger", None, "delta", minimum=1)
        option_bool(options, "ignoreDeletes", False, "delta")
        option_bool(options, "skipChangeCommits", False, "delta")

    @classmethod
    def source_schema(cls, options: Mapping[str, str], user_schema: pa.Schema | None, path: str | None = None,
                      conf: Mapping[str, Any] | None = None) -> pa.Schema:
        """The table's schema when the query is defined; Delta does not take a user schema."""
        if user_schema is not None:
            raise AnalysisException(
                "Delta does not support specifying the schema at read time: remove .schema(...) "
                "from readStream.format('delta')."
            )
        uri = _table_uri(path or option_str(options, "path"))
        table = _load_table(uri, storage_options(uri, options))
        if table is None:
            raise AnalysisException(errorClass="DELTA_MISSING_DELTA_TABLE", messageParameters={"tableName": uri})
        return pa.schema(table.schema().to_arrow())

    def __init__(self, ctx: SourceContext) -> None:
        _deltalake()
        self.uri = _table_uri(ctx.path or option_str(ctx.options, "path"))
        self.storage = storage_options(self.uri, ctx.options)
        # the log's commit files and the data files, locally or on S3 (fs.s3a.* options)
        self._store = FileStore(self.uri, ctx.options)
        self._table = _load_table(self.uri, self.storage)
        if self._table is None:
            raise AnalysisException(errorClass="DELTA_MISSING_DELTA_TABLE", messageParameters={"tableName": self.uri})
        self._schema = ctx.schema if ctx.schema is not None else pa.schema(self._table.schema().to_arrow())
        self._partitions = list(self._table.metadata().partition_columns)
        self.max_files = option_int(ctx.options, "maxFilesPerTrigger", 1000, "delta", minimum=1) or 1000
        self.ignore_deletes = option_bool(ctx.options, "ignoreDeletes", False, "delta")
        self.skip_changes = option_bool(ctx.options, "skipChangeCommits", False, "delta")
        self.starting = option_str(ctx.options, "startingVersion")
        self._end_version: int | None = None  # availableNow: the last version to read
        self._files: dict[tuple[int, bool], list[dict[str, Any]]] = {}

    def schema(self) -> pa.Schema:
        return self._schema

    def _latest_version(self) -> int:
        if self._end_version is not None:
            return self._end_version
        self._table.update_incremental()
        return int(self._table.version())

    def prepare_for_available_now(self) -> None:
        self._end_version = None
        self._end_version = self._latest_version()

    def initial_offset(self) -> Offset:
        latest = self._latest_version()
        if self.starting is None:
            return _offset(latest, -1, True)
        if self.starting.strip().lower() == "latest":
            return _offset(latest + 1, -1, False)
        try:
            version = int(self.starting)
        except ValueError:
            raise IllegalArgumentException(
                f"Invalid value '{self.starting}' for option 'startingVersion' of source 'delta': "
                "must be a version number or 'latest'."
            ) from None
        if version < 0 or version > latest:
            raise AnalysisException(
                f"Cannot time travel Delta table to version {version}. Available versions: [0, {latest}]."
            )
        return _offset(version, -1, False)

    def _files_of(self, version: int, starting: bool) -> list[dict[str, Any]]:
        """The data files of the snapshot at ``version`` or added by commit ``version``, in a
        fixed order (so a batch re-run after a restart reads the same files)."""
        key = (version, starting)
        if key not in self._files:
            self._files[key] = self._snapshot_files(version) if starting else self._commit_files(version)
        return self._files[key]

    def _snapshot_files(self, version: int) -> list[dict[str, Any]]:
        table = _load_table(self.uri, self.storage, version)
        actions = pa.table(table.get_add_actions(flatten=True)).to_pylist()
        files = [
            {"path": a["path"], "partitionValues": {c: a.get(f"partition.{c}") for c in self._partitions},
             "modificationTime": a["modification_time"]}
            for a in actions
        ]
        return sorted(files, key=lambda f: (f["modificationTime"], f["path"]))

    def _commit_files(self, version: int) -> list[dict[str, Any]]:
        log = f"{self.uri.rstrip('/')}/_delta_log/{version:020d}.json"
        try:
            text = self._store.read(log).decode("utf-8")
            actions = [json.loads(line) for line in text.splitlines() if line.strip()]
        except OSError:
            if self._store.exists(log):
                raise
            raise AnalysisException(
                f"The Delta log of version {version} of the table at {self.uri} was removed (log retention); "
                "restart the query with a new checkpoint."
            ) from None
        adds = [a["add"] for a in actions if "add" in a and a["add"].get("dataChange", True)]
        removes = [a["remove"] for a in actions if "remove" in a and a["remove"].get("dataChange", True)]
        if removes:
            if self.skip_changes:
                return []
            if adds:
                raise AnalysisException(
                    errorClass="DELTA_SOURCE_TABLE_IGNORE_CHANGES",
                    messageParameters={"file": removes[0]["path"], "version": str(version), "dataPath": self.uri},
                )
            if not self.ignore_deletes:
                raise AnalysisException(
                    errorClass="DELTA_SOURCE_IGNORE_DELETE",
                    messageParameters={"removedFile": removes[0]["path"], "version": str(version),
                                       "dataPath": self.uri},
                )
        for add in adds:
            if add.get("deletionVector"):
                raise AnalysisException(
                    errorClass="NOT_IMPLEMENTED",
                    messageParameters={"feature": f"Reading Delta deletion vectors ({add['path']})"},
                )
        return adds

    def latest_offset(self, start: Offset, limit: ReadLimit) -> Offset:
        version, index, starting = int(start["reservoirVersion"]), int(start["index"]), bool(
            start["isStartingVersion"])
        latest = self._latest_version()
        budget = self.max_files
        end = start
        while version <= latest:
            files = self._files_of(version, starting)
            remaining = len(files) - (index + 1)
            if remaining > budget:
                return _offset(version, index + budget, starting)
            budget -= remaining
            end = _offset(version, len(files) - 1, starting)
            if budget == 0:
                break
            version, index, starting = version + 1, -1, False
        return end

    def get_batch(self, start: Offset, end: Offset) -> pa.Table:
        version, index, starting = int(start["reservoirVersion"]), int(start["index"]), bool(
            start["isStartingVersion"])
        last = (int(end["reservoirVersion"]), int(end["index"]), bool(end["isStartingVersion"]))
        selected: list[dict[str, Any]] = []
        while True:
            files = self._files_of(version, starting)
            at_end = version == last[0] and starting == last[2]
            selected.extend(files[index + 1:last[1] + 1 if at_end else len(files)])
            if at_end or version >= last[0]:
                break
            version, index, starting = version + 1, -1, False
        tables = [self._read_file(f) for f in selected]
        return pa.concat_tables(tables) if tables else self._schema.empty_table()

    def _read_file(self, add: Mapping[str, Any]) -> pa.Table:
        """One data file as rows of the table schema: partition columns from the log's
        ``partitionValues``, columns missing from the file as nulls."""
        from urllib.parse import unquote

        path = self._store.to_fs(f"{self.uri.rstrip('/')}/{unquote(add['path'])}")
        data = pq.read_table(path, filesystem=self._store.fs)
        values = add.get("partitionValues") or {}
        columns = []
        for field in self._schema:
            if field.name in self._partitions:
                raw = values.get(field.name)
                # the log holds partition values as strings, the snapshot's actions typed
                one = pa.array([raw], pa.string() if isinstance(raw, str) else field.type)
                indices = pa.array(np.zeros(data.num_rows, dtype=np.int32))
                columns.append(pc.cast(pa.DictionaryArray.from_arrays(indices, one).dictionary_decode(), field.type))
            elif field.name in data.column_names:
                columns.append(data.column(field.name).cast(field.type))
            else:
                columns.append(pa.nulls(data.num_rows, field.type))
        return pa.Table.from_arrays(columns, schema=self._schema)

    def description(self) -> str:
        return f"DeltaSource[{self.uri}]"


class DeltaProvider(Provider):
    """``delta``: streaming source (the table's schema, ``load(path)``) and sink (append,
    complete), batch read (``versionAsOf``) and write; ``deltalake`` is imported when used."""

    name = "delta"
    needs_path = True
    output_modes = DeltaSink.output_modes

    def session_options(self, conf: Mapping[str, Any], time_zone: str) -> dict[str, str]:
        return {"timeZone": time_zone}

    def validate(self, options: Mapping[str, str], path: str | None) -> None:
        DeltaSource.validate(options, path)

    def source_schema(self, options: Mapping[str, str], user_schema: pa.Schema | None,
                      path: str | None, conf: Mapping[str, Any]) -> pa.Schema:
        return DeltaSource.source_schema(options, user_schema, path=path, conf=conf)

    def source(self, ctx: SourceContext) -> Source:
        return DeltaSource(ctx)

    def sink(self, ctx: SinkContext) -> Sink:
        return DeltaSink(ctx)

    def read_batch(self, options: Mapping[str, str], path: str | list[str] | None, schema: pa.Schema | None,
                   conf: Mapping[str, str]) -> pa.Table:
        return read_delta_batch({**options, "path": path} if isinstance(path, str) else options)

    def write_batch(self, table: pa.Table, ctx: SinkContext, mode: str) -> None:
        write_delta_batch(table, ctx, mode)


PROVIDER = DeltaProvider()
