"""moto's Kinesis server on 127.0.0.1 for the kinesis tests, with Kinesis' resharding.

moto (5.2) implements SplitShard by moving the parent's records into the two children
(re-put with new sequence numbers), MergeShards by copying both parents' records into
the child, and keeps routing new records to a closed shard. Kinesis does none of that:
a closed parent keeps its records until they expire, and a new child starts empty and
receives the new records of its hash key range. ``kinesis_server`` puts that right in
the server it starts (it runs in this process), so the tests see a real stream's
resharding.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import socket
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

CREDS = {"awsAccessKeyId": "testing", "awsSecretKey": "testing", "region": "us-east-1"}


def _faithful_resharding() -> None:
    from moto.kinesis import models

    stream = models.Stream
    if getattr(stream, "_rillet_faithful", False):
        return
    split, merge, route = stream.split_shard, stream.merge_shards, stream.get_shard_for_key

    def split_shard(self: Any, shard_to_split: str, new_starting_hash_key: str) -> None:
        before = set(self.shards)
        kept = self.shards[shard_to_split].records
        split(self, shard_to_split, new_starting_hash_key)
        self.shards[shard_to_split].records = kept
        for sid in set(self.shards) - before:
            self.shards[sid].records = OrderedDict()

    def merge_shards(self: Any, shard_to_merge: str, adjacent_shard_to_merge: str) -> None:
        before = set(self.shards)
        merge(self, shard_to_merge, adjacent_shard_to_merge)
        for sid in set(self.shards) - before:
            self.shards[sid].records = OrderedDict()

    def get_shard_for_key(self: Any, partition_key: str, explicit_hash_key: str) -> Any:
        shard = route(self, partition_key, explicit_hash_key)  # validates the key
        if shard is None or shard.is_open:
            return shard
        key = int(explicit_hash_key) if explicit_hash_key else int(hashlib.md5(partition_key.encode()).hexdigest(), 16)
        return next((s for s in self.shards.values() if s.is_open and s.starting_hash <= key <= s.ending_hash), None)

    stream.split_shard = split_shard
    stream.get_shard_for_key = get_shard_for_key
    stream.merge_shards = merge_shards
    stream._rillet_faithful = True


class Faults:
    """Errors the server returns on purpose, as Kinesis does under load: the next
    ``throttle_get_records`` GetRecords calls fail with ProvisionedThroughputExceededException,
    the next ``expire_iterators`` with ExpiredIteratorException, and in the next
    ``fail_puts`` PutRecords calls every ``fail_every``-th record is rejected (not stored)
    with a per-record ErrorCode."""

    throttle_get_records = 0
    expire_iterators = 0
    fail_puts = 0
    fail_every = 3
    failed_records = 0

    @classmethod
    def reset(cls) -> None:
        cls.throttle_get_records = cls.expire_iterators = cls.fail_puts = cls.failed_records = 0


def _fault_injection() -> None:
    from moto.core.exceptions import JsonRESTError
    from moto.kinesis import models

    backend = models.KinesisBackend
    if getattr(backend, "_rillet_faults", False):
        return
    get_records, put_records = backend.get_records, backend.put_records

    def faulty_get_records(self: Any, *args: Any, **kwargs: Any) -> Any:
        if Faults.throttle_get_records > 0:
            Faults.throttle_get_records -= 1
            raise JsonRESTError("ProvisionedThroughputExceededException", "Rate exceeded for shard")
        if Faults.expire_iterators > 0:
            Faults.expire_iterators -= 1
            raise JsonRESTError("ExpiredIteratorException", "Iterator expired")
        return get_records(self, *args, **kwargs)

    def faulty_put_records(self: Any, stream_arn: str, stream_name: str, records: list[dict[str, Any]]) -> Any:
        if Faults.fail_puts <= 0:
            return put_records(self, stream_arn, stream_name, records)
        Faults.fail_puts -= 1
        failing = {i for i in range(len(records)) if i % Faults.fail_every == 0}
        ok = put_records(self, stream_arn, stream_name, [r for i, r in enumerate(records) if i not in failing])
        stored = iter(ok["Records"])
        out = [{"ErrorCode": "ProvisionedThroughputExceededException", "ErrorMessage": "Rate exceeded"}
               if i in failing else next(stored) for i in range(len(records))]
        Faults.failed_records += len(failing)
        return {"FailedRecordCount": len(failing), "Records": out}

    backend.get_records = faulty_get_records
    backend.put_records = faulty_put_records
    backend._rillet_faults = True


@contextlib.contextmanager
def kinesis_server() -> Iterator[str]:
    """Start moto's server on a free port of 127.0.0.1; yields its endpoint URL; stops it."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one log line per request otherwise
    _faithful_resharding()
    _fault_injection()
    Faults.reset()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def client(endpoint: str) -> Any:
    import boto3

    return boto3.client("kinesis", region_name="us-east-1", endpoint_url=endpoint,
                        aws_access_key_id="testing", aws_secret_access_key="testing")
