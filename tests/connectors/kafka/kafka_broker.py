"""Test helpers for a real Kafka-protocol broker: noida-db's binary on 127.0.0.1.

``start_broker``/``stop_broker`` run it over a data directory (always temporary) and stop it
by PID with SIGTERM; ``Broker`` creates uniquely named topics, produces and reads back.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from typing import Any

import confluent_kafka as ck
from confluent_kafka.admin import AdminClient, NewTopic


def _binary() -> str | None:
    try:
        import noida_db
    except ImportError:
        return None
    path = os.path.join(os.path.dirname(noida_db.__file__), "noida-db")
    return path if os.path.isfile(path) else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Broker:
    """A running broker: its bootstrap address and helpers to set up topics and data."""

    bootstrap: str
    process: subprocess.Popen[bytes]

    def admin(self) -> Any:
        return AdminClient({"bootstrap.servers": self.bootstrap})

    def topic(self, partitions: int = 1, prefix: str = "t") -> str:
        """A new topic with a unique name."""
        name = f"{prefix}-{uuid.uuid4().hex[:10]}"
        self.create(name, partitions)
        return name

    def create(self, name: str, partitions: int = 1) -> None:
        admin = self.admin()
        for f in admin.create_topics([NewTopic(name, partitions, 1)]).values():
            f.result(timeout=10)
        deadline = time.time() + 10
        while time.time() < deadline:
            md = self.admin().list_topics(name, timeout=5).topics.get(name)
            if md is not None and md.error is None and len(md.partitions) == partitions:
                return
            time.sleep(0.05)
        raise TimeoutError(f"topic {name} not ready")

    def produce(self, topic: str, values: list[Any], partition: int | None = None, keys: list[Any] | None = None,
                headers: list[Any] | None = None, timestamps: list[int] | None = None) -> None:
        p = ck.Producer({"bootstrap.servers": self.bootstrap, "linger.ms": 5})
        for i, v in enumerate(values):
            kw: dict[str, Any] = {"value": v}
            if keys is not None:
                kw["key"] = keys[i]
            if partition is not None:
                kw["partition"] = partition
            if headers is not None and headers[i] is not None:
                kw["headers"] = headers[i]
            if timestamps is not None:
                kw["timestamp"] = timestamps[i]
            p.produce(topic, **kw)
        assert p.flush(30) == 0

    def consume_all(self, topic: str, isolation: str = "read_committed", timeout: float = 10.0) -> list[Any]:
        """Every record of ``topic`` as (partition, offset, key, value, headers), read to the end."""
        c = ck.Consumer({"bootstrap.servers": self.bootstrap, "group.id": f"check-{uuid.uuid4()}",
                         "enable.auto.commit": False, "isolation.level": isolation,
                         "receive.message.max.bytes": 2147483647, "enable.partition.eof": True})
        try:
            md = self.admin().list_topics(topic, timeout=5).topics[topic]
            parts = sorted(md.partitions)
            c.assign([ck.TopicPartition(topic, p, ck.OFFSET_BEGINNING) for p in parts])
            out: list[Any] = []
            eof: set[int] = set()
            deadline = time.time() + timeout
            while len(eof) < len(parts) and time.time() < deadline:
                for m in c.consume(10000, 0.2):
                    if m.error() is None:
                        out.append((m.partition(), m.offset(), m.key(), m.value(), m.headers()))
                    elif m.error().code() == ck.KafkaError._PARTITION_EOF:
                        eof.add(m.partition())
            return out
        finally:
            c.close()


def start_broker(data_dir: str, port: int, log: Any) -> tuple[subprocess.Popen[bytes] | None, str]:
    """Start noida-db's Kafka broker on 127.0.0.1:``port`` over ``data_dir``; (process, reason
    it did not start). The caller stops the process by PID with SIGTERM."""
    binary = _binary()
    if binary is None:
        return None, "noida-db is not installed (pip install -e '.[dev]'); it provides the test broker"
    try:
        proc = subprocess.Popen(
            [binary, "start", "--data-dir", data_dir, "--host", "127.0.0.1", "--only", "kafka",
             "--kafka-port", str(port)],
            stdout=log, stderr=subprocess.STDOUT,
        )
    except OSError as e:
        return None, f"the noida-db broker binary cannot run on this platform: {e}"
    bootstrap = f"127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline and proc.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                AdminClient({"bootstrap.servers": bootstrap}).list_topics(timeout=2)
                return proc, ""
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.1)
    stop_broker(proc)
    return None, "the noida-db broker did not start on this platform"


def stop_broker(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM by PID, then wait (SIGKILL only if it does not exit)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


