"""StateStore: versioned deltas and snapshots, recovery, and corrupt files named."""

from __future__ import annotations

import os

import polars as pl
import pytest

from rillet.engine.state.store import StateStore
from rillet.errors import AnalysisException

SCHEMA = {"k0": pl.String(), "v": pl.Int64()}


def _store(path, every=3) -> StateStore:
    return StateStore(str(path), SCHEMA, ["k0"], min_deltas_for_snapshot=every)


def _rows(store) -> dict:
    return dict(store.all_rows().sort("k0").iter_rows())


def test_recovery_replays_snapshot_and_deltas(tmp_path):
    s = _store(tmp_path)
    s.load(-1)
    for version, (k, v) in enumerate([("a", 1), ("b", 2), ("a", 3), ("c", 4), ("b", 5)]):
        s.upsert(pl.DataFrame({"k0": [k], "v": [v]}))
        if version == 3:
            s.remove(pl.DataFrame({"k0": ["a"]}))
        s.commit(version)
    assert _rows(s) == {"b": 5, "c": 4}
    s.wait_for_snapshot()
    assert sorted(n for n in os.listdir(tmp_path) if n.endswith(".snapshot")) == ["0.snapshot", "3.snapshot"]
    for version, expected in [(2, {"a": 3, "b": 2}), (3, {"b": 2, "c": 4}), (4, {"b": 5, "c": 4})]:
        r = _store(tmp_path)
        r.load(version)
        assert _rows(r) == expected


def test_null_keys_are_keys(tmp_path):
    s = _store(tmp_path)
    s.load(-1)
    s.upsert(pl.DataFrame({"k0": [None], "v": [1]}, schema=SCHEMA))
    s.upsert(pl.DataFrame({"k0": [None], "v": [2]}, schema=SCHEMA))
    s.commit(0)
    assert s.all_rows().to_dicts() == [{"k0": None, "v": 2}]


def test_a_missing_delta_is_an_error_naming_the_file(tmp_path):
    s = _store(tmp_path, every=100)
    s.load(-1)
    for version in range(3):
        s.upsert(pl.DataFrame({"k0": ["a"], "v": [version]}))
        s.commit(version)
    os.remove(tmp_path / "1.delta")
    with pytest.raises(AnalysisException) as info:
        _store(tmp_path, every=100).load(2)
    assert info.value.getCondition() == "CHECKPOINT_FILE_CORRUPT"
    assert str(tmp_path / "1.delta") in str(info.value)


def test_a_torn_delta_is_an_error_naming_the_file(tmp_path):
    s = _store(tmp_path, every=100)
    s.load(-1)
    s.upsert(pl.DataFrame({"k0": ["a"], "v": [1]}))
    s.commit(0)
    s.upsert(pl.DataFrame({"k0": ["b"], "v": [1]}))
    s.commit(1)
    data = (tmp_path / "1.delta").read_bytes()
    (tmp_path / "1.delta").write_bytes(data[: len(data) // 2])
    with pytest.raises(AnalysisException, match="1.delta"):
        _store(tmp_path, every=100).load(1)


def test_a_torn_snapshot_is_skipped_when_an_earlier_version_rebuilds_the_state(tmp_path):
    s = _store(tmp_path, every=2)
    s.load(-1)
    for version in range(5):
        s.upsert(pl.DataFrame({"k0": [f"k{version}"], "v": [version]}))
        s.commit(version)
    s.wait_for_snapshot()
    data = (tmp_path / "4.snapshot").read_bytes()
    (tmp_path / "4.snapshot").write_bytes(data[: len(data) // 2])
    r = _store(tmp_path, every=2)
    r.load(4)  # 2.snapshot + deltas 3 and 4
    assert _rows(r) == {f"k{v}": v for v in range(5)}


def test_a_torn_snapshot_without_a_fallback_is_an_error_naming_it(tmp_path):
    s = _store(tmp_path, every=2)
    s.load(-1)
    for version in range(5):
        s.upsert(pl.DataFrame({"k0": [f"k{version}"], "v": [version]}))
        s.commit(version)
    s.wait_for_snapshot()
    s.purge(4)  # only 4.snapshot (and no delta before it) is left
    (tmp_path / "4.snapshot").write_bytes(b"not arrow")
    with pytest.raises(AnalysisException, match="4.snapshot") as info:
        _store(tmp_path, every=2).load(4)
    assert info.value.getCondition() == "CHECKPOINT_FILE_CORRUPT"


def test_insert_adds_new_keys_durably_without_a_lookup(tmp_path):
    s = _store(tmp_path)
    s.load(-1)
    s.insert(pl.DataFrame({"k0": ["a", "b"], "v": [1, 2]}))
    s.commit(0)
    s.insert(pl.DataFrame({"k0": ["c"], "v": [3]}))
    s.upsert(pl.DataFrame({"k0": ["a"], "v": [10]}))
    s.remove(pl.DataFrame({"k0": ["b"]}))
    metrics = s.commit(1)
    assert metrics.num_rows_updated == 2 and metrics.num_rows_total == 2
    assert _rows(s) == {"a": 10, "c": 3}
    r = _store(tmp_path)
    r.load(1)
    assert _rows(r) == {"a": 10, "c": 3}
    assert dict(r.lookup(pl.DataFrame({"k0": ["c", "z"]})).iter_rows()) == {"c": 3}
