"""The session's Kafka broker: noida-db's binary on 127.0.0.1, started once, stopped by PID.

The broker runs with a temporary data directory and is stopped with SIGTERM when the
session ends. Tests create their own uniquely named topics.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest

pytest.importorskip("confluent_kafka", reason="the Kafka tests need confluent-kafka: pip install -e '.[dev]'")

from connectors.kafka.kafka_broker import Broker, free_port, start_broker, stop_broker  # noqa: E402


@pytest.fixture(scope="session")
def broker() -> Iterator[Broker]:
    data_dir = tempfile.mkdtemp(prefix="rillet-kafka-")
    port = free_port()
    log = open(os.path.join(data_dir, "broker.log"), "wb")  # noqa: SIM115 - closed at session end
    proc, reason = start_broker(os.path.join(data_dir, "data"), port, log)
    if proc is None:
        log.close()
        shutil.rmtree(data_dir, ignore_errors=True)
        pytest.skip(reason)
    try:
        yield Broker(f"127.0.0.1:{port}", proc)
    finally:
        stop_broker(proc)
        log.close()
        shutil.rmtree(data_dir, ignore_errors=True)
