"""File sources over object storage: ``s3://`` paths against a real S3 API server (moto)
started on 127.0.0.1 by the test and stopped after it."""

from __future__ import annotations

import socket
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

moto_server = pytest.importorskip("moto.server", reason="S3 tests need moto[server]: pip install -e '.[dev]'")
boto3 = pytest.importorskip("boto3", reason="S3 tests need boto3: pip install -e '.[dev]'")

ACCESS, SECRET = "test-access", "test-secret"


@dataclass
class S3:
    endpoint: str
    client: Any
    bucket: str

    def put(self, key: str, body: str | bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=key, Body=body.encode() if isinstance(body, str) else body)

    def keys(self, prefix: str = "") -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.bucket, Prefix=prefix)
        return sorted(o["Key"] for o in listed.get("Contents", []) if not o["Key"].endswith("/"))

    def options(self) -> dict[str, str]:
        """The settings as Spark users write them for S3A."""
        return {
            "fs.s3a.endpoint": self.endpoint,
            "fs.s3a.access.key": ACCESS,
            "fs.s3a.secret.key": SECRET,
            "fs.s3a.endpoint.region": "us-east-1",
        }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def s3() -> Iterator[S3]:
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    server.start()
    try:
        host, port = server._server.server_address[:2]
        endpoint = f"http://{host}:{port}"
        # moto keeps its buckets in process-wide state: start every test from an empty S3
        urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")).close()
        client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=ACCESS,
                              aws_secret_access_key=SECRET, region_name="us-east-1")
        client.create_bucket(Bucket="rillet-in")
        yield S3(endpoint, client, "rillet-in")
    finally:
        server.stop()


def _collect(df, chk):
    seen: list = []
    q = df.writeStream.option("checkpointLocation", str(chk)).foreachBatch(
        lambda bdf, i: seen.append((i, sorted((tuple(r) for r in bdf.collect()), key=repr)))
    ).start()
    return q, seen


def test_csv_files_stream_in_from_a_bucket_and_survive_a_restart(spark, s3, tmp_path):
    s3.put("in/1.csv", "id,name\n1,a\n2,b\n")
    df = spark.readStream.options(**s3.options()).schema("id INT, name STRING").option("header", True) \
        .csv("s3a://rillet-in/in")
    q, seen = _collect(df, tmp_path / "chk")
    q.processAllAvailable()
    s3.put("in/2.csv", "id,name\n3,c\n")
    q.processAllAvailable()
    q.stop()
    s3.put("in/3.csv", "id,name\n4,d\n")
    q, seen2 = _collect(df, tmp_path / "chk")
    q.processAllAvailable()
    assert seen + seen2 == [(0, [(1, "a"), (2, "b")]), (1, [(3, "c")]), (2, [(4, "d")])]
    logged = (tmp_path / "chk" / "sources" / "0" / "0").read_text()
    assert '"path":"s3a://rillet-in/in/1.csv"' in logged


def test_json_partitions_and_archive_on_s3(spark, s3, tmp_path):
    s3.put("events/day=1/a.json", '{"v": 1}\n')
    df = spark.readStream.options(**s3.options()).schema("v INT").option("cleanSource", "archive") \
        .option("sourceArchiveDir", "s3://rillet-in/archive").json("s3://rillet-in/events")
    assert df.schema.simpleString() == "struct<v:int,day:int>"
    q, seen = _collect(df, tmp_path / "chk")
    q.processAllAvailable()
    s3.put("events/day=2/b.json", '{"v": 2}\n')
    q.processAllAvailable()
    q.stop()
    assert seen == [(0, [(1, 1)]), (1, [(2, 2)])]
    assert s3.keys("events/") == []
    assert s3.keys("archive/") == ["archive/rillet-in/events/day=1/a.json", "archive/rillet-in/events/day=2/b.json"]


def test_aws_environment_variables_are_the_defaults(spark, s3, tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3.endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    s3.put("batch/a.json", '{"a": 1, "b": "x"}\n{"a": 2}\n')
    s3.put("batch/skip.txt", "not json\n")
    df = spark.read.option("pathGlobFilter", "*.json").json("s3://rillet-in/batch")
    assert df.schema.simpleString() == "struct<a:bigint,b:string>"
    assert sorted((tuple(r) for r in df.collect()), key=repr) == [(1, "x"), (2, None)]


# ---------------------------------------------------------------------------
# file sinks writing to a bucket


def _bucket(s3: S3, name: str) -> S3:
    s3.client.create_bucket(Bucket=name)
    return S3(s3.endpoint, s3.client, name)


def _manifest_paths(out: S3, prefix: str) -> list[str]:
    """The files the sink's manifest lists, read straight from the bucket."""
    from rillet.connectors.files.fs import FileStore
    from rillet.connectors.files.manifest import FileSinkLog

    store = FileStore(f"s3://{out.bucket}/{prefix}", out.options())
    return [e["path"] for e in FileSinkLog(f"s3://{out.bucket}/{prefix}", store=store).all_files()]


def _pyarrow_rows(out: S3, paths: list[str]) -> list[tuple]:
    """Rows of the listed parquet files read by pyarrow directly, with the ``k=`` folder."""
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq

    fs = pafs.S3FileSystem(endpoint_override=out.endpoint.split("://")[1], scheme="http", access_key=ACCESS,
                           secret_key=SECRET, region="us-east-1")
    rows = []
    for p in paths:
        key = p.split("://", 1)[1]
        k = int(key.split("/k=")[1].split("/")[0])
        rows += [(r["id"], r["name"], k) for r in pq.read_table(key, filesystem=fs).to_pylist()]
    return sorted(rows)


def test_csv_from_a_bucket_streams_partitioned_parquet_into_another_bucket_exactly_once(spark, s3, tmp_path):
    out = _bucket(s3, "rillet-out")
    s3.put("in/1.csv", "id,name,k\n1,a,1\n2,b,2\n")
    src = spark.readStream.options(**s3.options()).schema("id INT, name STRING, k INT").option("header", True) \
        .option("maxFilesPerTrigger", 1).csv("s3a://rillet-in/in")
    target = "s3a://rillet-out/table"

    def start():
        return (src.writeStream.format("parquet").options(**s3.options()).partitionBy("k")
                .option("checkpointLocation", str(tmp_path / "chk")).start(target))

    q = start()
    q.processAllAvailable()
    s3.put("in/2.csv", "id,name,k\n3,c,1\n")
    s3.put("in/3.csv", "id,name,k\n4,d,3\n5,e,2\n")
    q.processAllAvailable()
    q.stop()
    assert out.keys("table/_spark_metadata/") == [f"table/_spark_metadata/{i}" for i in range(3)]
    s3.put("in/4.csv", "id,name,k\n6,f,3\n")
    q = start()  # restart on the same (local) checkpoint
    q.processAllAvailable()
    q.stop()
    expected = [(1, "a", 1), (2, "b", 2), (3, "c", 1), (4, "d", 3), (5, "e", 2), (6, "f", 3)]
    assert out.keys("table/_spark_metadata/") == [f"table/_spark_metadata/{i}" for i in range(4)]
    entry = out.client.get_object(Bucket="rillet-out", Key="table/_spark_metadata/0")["Body"].read().decode()
    assert entry.startswith("v1\n{") and '"path":"s3a://rillet-out/table/k=1/part-00000-' in entry
    # a stray data file that no manifest entry lists (e.g. of a crashed writer) is not output
    out.put("table/k=9/part-00000-00000000-0000-0000-0000-000000000000.c000.snappy.parquet",
            out.client.get_object(Bucket="rillet-out", Key=_manifest_paths(out, "table")[0].split("rillet-out/")[1])
            ["Body"].read())
    paths = _manifest_paths(out, "table")
    assert len(paths) == 6 and all(p.startswith("s3a://rillet-out/table/k=") for p in paths)
    assert _pyarrow_rows(out, paths) == expected
    back = spark.read.options(**s3.options()).parquet(target)  # the manifest's files, k from the folders
    assert back.schema.simpleString() == "struct<id:int,name:string,k:int>"
    assert sorted(tuple(r) for r in back.collect()) == expected
    # the file source reading the sink's folder lists the manifest too, not the bucket
    again = spark.readStream.options(**s3.options()).schema("id INT, name STRING, k INT").parquet(target)
    q, seen = _collect(again, tmp_path / "chk2")
    q.processAllAvailable()
    q.stop()
    assert sorted(r for _, rows in seen for r in rows) == expected


def test_a_rerun_batch_id_writes_nothing_and_orphans_are_deleted_on_s3(s3, tmp_path):
    import json
    import uuid

    import pyarrow as pa

    from rillet.connectors.base import SinkContext
    from rillet.connectors.files.fs import FileStore
    from rillet.connectors.files.sink import ParquetStreamSink
    from rillet.connectors.files.write_options import COMPACT_INTERVAL_KEY, WriteOptions
    from rillet.connectors.files.writer import write_files
    from rillet.errors import SparkRuntimeException

    out = _bucket(s3, "rillet-out")
    meta = tmp_path / "chk" / "sinks" / "0"
    schema = pa.schema([pa.field("x", pa.int64())])
    options = {**out.options(), COMPACT_INTERVAL_KEY: "2"}
    ctx = SinkContext(options=options, schema=schema, path="s3://rillet-out/o/", partition_by=(),
                      metadata_path=str(meta))
    sink = ParquetStreamSink(ctx)
    sink.add_batch(0, pa.table({"x": [1]}), "append")
    first = out.keys()
    assert first[0] == "o/_spark_metadata/0" and len(first) == 2
    sink.add_batch(0, pa.table({"x": [1]}), "append")  # the re-run of batch 0
    ParquetStreamSink(ctx).add_batch(0, pa.table({"x": [1]}), "append")  # ... after a restart
    assert out.keys() == first
    # batch 1 dies after writing its file, before its manifest entry
    job = uuid.uuid4()
    meta.mkdir(parents=True, exist_ok=True)
    (meta / "pending").write_text(json.dumps({"batchId": 1, "job": str(job)}))
    store = FileStore("s3://rillet-out/o", out.options())
    (orphan,) = write_files(pa.table({"x": [2]}), "s3://rillet-out/o", WriteOptions.parse("parquet", {}), job=job,
                            store=store)
    assert orphan.split("rillet-out/")[1] in out.keys()
    restarted = ParquetStreamSink(ctx)  # the restarted query's sink
    # a batch file already in the bucket is never replaced (write-once per batch id): the
    # second writer fails as Spark's does and leaves none of its files behind
    other = ParquetStreamSink(SinkContext(options=out.options(), schema=schema, path="s3://rillet-out/o",
                                          partition_by=(), metadata_path=None))
    other._latest = -1  # a second writer that has not seen batch 0
    with pytest.raises(SparkRuntimeException, match="Race while writing batch 0"):
        other.add_batch(0, pa.table({"x": [7]}), "append")
    assert orphan.split("rillet-out/")[1] in out.keys()  # kept until the restarted run owns batch 1
    # batch 1 of a compact interval of 2 writes 1.compact, holding batch 0's entries too; the
    # dead batch 1's files go once this run has committed batch 1
    restarted.add_batch(1, pa.table({"x": [3]}), "append")
    assert [k for k in out.keys("o/_spark_metadata/")] == ["o/_spark_metadata/0", "o/_spark_metadata/1.compact"]
    assert orphan.split("rillet-out/")[1] not in out.keys() and not (meta / "pending").exists()
    assert len(_manifest_paths(out, "o")) == 2
    assert len([k for k in out.keys("o/") if "part-" in k]) == 2


def test_df_write_parquet_to_s3_with_save_modes(spark, s3):
    out = _bucket(s3, "rillet-out")
    opts = s3.options()
    df = spark.createDataFrame([(1, "a"), (2, "b")], "id INT, name STRING")
    df.write.options(**opts).parquet("s3a://rillet-out/w")
    assert "w/_SUCCESS" in out.keys("w/")
    with pytest.raises(Exception) as err:
        df.write.options(**opts).parquet("s3a://rillet-out/w")
    assert getattr(err.value, "getCondition", lambda: None)() == "PATH_ALREADY_EXISTS"
    df.write.options(**opts).mode("ignore").parquet("s3a://rillet-out/w")
    df.write.options(**opts).mode("append").parquet("s3a://rillet-out/w")
    rows = lambda: sorted(tuple(r) for r in spark.read.options(**opts).parquet("s3a://rillet-out/w").collect())  # noqa: E731
    assert rows() == [(1, "a"), (1, "a"), (2, "b"), (2, "b")]
    spark.createDataFrame([(3, "c")], "id INT, name STRING").write.options(**opts).mode("overwrite") \
        .parquet("s3a://rillet-out/w")
    assert rows() == [(3, "c")]
    assert len([k for k in out.keys("w/") if k.endswith(".parquet")]) == 1
    df.write.options(**opts).partitionBy("name").json("s3://rillet-out/j")
    assert sorted(k.rsplit("/", 1)[0] for k in out.keys("j/") if k.endswith(".json")) == ["j/name=a", "j/name=b"]
    back = spark.read.options(**opts).schema("id INT, name STRING").json("s3://rillet-out/j")
    assert sorted(tuple(r) for r in back.collect()) == [(1, "a"), (2, "b")]


def test_session_spark_hadoop_settings_reach_the_writers(spark, s3, tmp_path):
    _bucket(s3, "rillet-out")
    confs = {f"spark.hadoop.{k}": v for k, v in s3.options().items()}
    for k, v in confs.items():
        spark.conf.set(k, v)
    try:
        spark.createDataFrame([(1, "a")], "id INT, name STRING").write.parquet("s3://rillet-out/batch")
        s3.put("in/1.json", '{"id": 2, "name": "b"}\n')
        src = spark.readStream.options(**s3.options()).schema("id INT, name STRING").json("s3://rillet-in/in")
        q = src.writeStream.format("json").option("checkpointLocation", str(tmp_path / "chk")) \
            .start("s3://rillet-out/stream")
        q.processAllAvailable()
        q.stop()
    finally:
        for k in confs:
            spark.conf.unset(k)
    read = spark.read.options(**s3.options())
    assert [tuple(r) for r in read.parquet("s3://rillet-out/batch").collect()] == [(1, "a")]
    assert [tuple(r) for r in read.schema("id INT, name STRING").json("s3://rillet-out/stream").collect()] == [(2, "b")]
