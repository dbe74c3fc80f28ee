"""File sources over object storage: ``s3://`` paths against a real S3 API server (moto)
started on 127.0.0.1 by the test and stopped after it."""

from __future__ import annotations

import socket
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
