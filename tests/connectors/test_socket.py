"""The socket source against a real TCP server on 127.0.0.1."""

from __future__ import annotations

import socket

import pytest
from helpers import LineServer, settle

from rillet.errors import AnalysisException, StreamingQueryException
from rillet.sql import functions as F


@pytest.fixture
def server():
    s = LineServer()
    yield s
    s.close()


def _lines(spark, port, **opts):
    reader = spark.readStream.format("socket").option("host", "127.0.0.1").option("port", port)
    for k, v in opts.items():
        reader = reader.option(k, v)
    return reader.load()


def test_lines_become_rows_of_value(spark, server):
    q = _lines(spark, server.port).writeStream.format("memory").queryName("sock_rows").start()
    server.wait_client()
    server.send(b"first line\nsecond line\n")
    server.send(b"third\r\n")
    settle(q, lambda: spark.table("sock_rows").count() == 3)
    assert [r.value for r in spark.table("sock_rows").collect()] == ["first line", "second line", "third"]
    assert spark.table("sock_rows").schema.simpleString() == "struct<value:string>"


def test_include_timestamp_adds_a_timestamp_column(spark, server):
    df = _lines(spark, server.port, includeTimestamp=True)
    assert df.dtypes == [("value", "string"), ("timestamp", "timestamp")]
    q = df.writeStream.format("memory").queryName("sock_ts").start()
    server.wait_client()
    server.send(b"x\n")
    settle(q, lambda: spark.table("sock_ts").count() == 1)
    rows = spark.table("sock_ts").collect()
    assert rows[0].value == "x" and rows[0].timestamp is not None


def test_invalid_utf8_is_replaced_not_fatal(spark, server):
    q = _lines(spark, server.port).writeStream.format("memory").queryName("sock_utf8").start()
    server.wait_client()
    server.send(b"caf\xc3\xa9 ok\nbad \xff\xfe bytes\nafter\n")
    settle(q, lambda: spark.table("sock_utf8").count() == 3)
    values = [r.value for r in spark.table("sock_utf8").collect()]
    assert values == ["café ok", "bad \ufffd\ufffd bytes", "after"]
    assert q.isActive and q.exception() is None


def test_server_closing_the_connection_is_reconnected(spark, server):
    counts = (_lines(spark, server.port)
              .select(F.explode(F.split("value", " ")).alias("w")).groupBy("w").count())
    q = counts.writeStream.format("memory").queryName("sock_reconnect").outputMode("complete").start()
    server.wait_client(1)
    server.send(b"a b\n")
    settle(q, lambda: spark.table("sock_reconnect").count() == 2)
    server.drop_client()
    server.wait_client(2)  # the source connects again by itself
    server.send(b"a c\n")
    settle(q, lambda: spark.table("sock_reconnect").count() == 3)
    result = {r.w: r["count"] for r in spark.table("sock_reconnect").collect()}
    assert result == {"a": 2, "b": 1, "c": 1}
    assert q.isActive


def test_nothing_listening_is_a_clear_error_naming_host_and_port(spark):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound but not listening: connections are refused
        df = _lines(spark, port)
        with pytest.raises(StreamingQueryException) as info:
            df.writeStream.format("memory").queryName("sock_refused").start()
    message = str(info.value)
    assert f"127.0.0.1:{port}" in message
    assert "SOURCE_CONNECTION_FAILED" in message


def test_missing_host_or_port_fails_at_load(spark):
    with pytest.raises(AnalysisException, match=r'Set a host to read from with option\("host", \.\.\.\)'):
        spark.readStream.format("socket").option("port", 1).load()
    with pytest.raises(AnalysisException, match=r'Set a port to read from with option\("port", \.\.\.\)'):
        spark.readStream.format("socket").option("host", "127.0.0.1").load()


def test_non_numeric_port_is_rejected(spark):
    from rillet.errors import IllegalArgumentException

    with pytest.raises(IllegalArgumentException, match="port"):
        spark.readStream.format("socket").option("host", "127.0.0.1").option("port", "abc").load()
