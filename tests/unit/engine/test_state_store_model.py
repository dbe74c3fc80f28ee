"""StateStore against a dict model: random lookup/upsert/remove/evict/commit/load sequences
(hypothesis), with forced hash collisions, null keys, a tiny memory budget (spilled runs),
prefix scans, and background snapshots that stay consistent while the state moves on."""

from __future__ import annotations

import os
import tempfile
from datetime import datetime, timedelta

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rillet.engine.state.store import DEFAULT_MAX_MEMORY_BYTES, StateStore, configure_stores

SCHEMA = {"k0": pl.String(), "k1": pl.Int64(), "v": pl.Int64(), "t": pl.Int64()}
KEYS = ["k0", "k1"]
FULL = np.uint64(0xFFFFFFFFFFFFFFFF)

k0s = st.sampled_from(["a", "b", "ccc", None])
k1s = st.sampled_from([0, 1, 2, None])
keys = st.tuples(k0s, k1s)
rows = st.tuples(keys, st.integers(-5, 5), st.one_of(st.none(), st.integers(0, 10)))
ops = st.one_of(
    st.tuples(st.just("upsert"), st.lists(rows, max_size=6)),
    st.tuples(st.just("remove"), st.lists(keys, max_size=4)),
    st.tuples(st.just("evict"), st.integers(0, 11)),
    st.tuples(st.just("lookup"), st.lists(keys, max_size=5)),
    st.tuples(st.just("commit"), st.none()),
    st.tuples(st.just("load"), st.integers(0, 30)),
    st.tuples(st.just("restart"), st.integers(0, 30)),
)


def _open(path: str, mask: np.uint64, budget: int | None, every: int) -> StateStore:
    s = StateStore(path, SCHEMA, KEYS, min_deltas_for_snapshot=every, max_memory_bytes=budget)
    s.hash_mask = mask
    return s


def _as_dict(frame: pl.DataFrame) -> dict:
    return {(r["k0"], r["k1"]): (r["v"], r["t"]) for r in frame.iter_rows(named=True)}


def _frame(items: list) -> pl.DataFrame:
    return pl.DataFrame(
        {"k0": [k[0] for k, _, _ in items], "k1": [k[1] for k, _, _ in items],
         "v": [v for _, v, _ in items], "t": [t for _, _, t in items]},
        schema=SCHEMA,
    )


def _keys(items: list) -> pl.DataFrame:
    return pl.DataFrame({"k0": [k[0] for k in items], "k1": [k[1] for k in items]}, schema={"k0": pl.String(), "k1": pl.Int64()})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    program=st.lists(ops, max_size=40),
    mask=st.sampled_from([FULL, np.uint64(3), np.uint64(0)]),
    budget=st.sampled_from([None, 1]),
    every=st.sampled_from([1, 2, 5]),
)
def test_random_operations_match_a_dict_model(program, mask, budget, every):
    with tempfile.TemporaryDirectory() as path:
        store = _open(path, mask, budget, every)
        store.load(-1)
        model: dict = {}
        committed: dict[int, dict] = {-1: {}}
        version = -1
        for op, arg in program:
            if op == "upsert":
                store.upsert(_frame(arg))
                for k, v, t in arg:
                    model[k] = (v, t)
            elif op == "remove":
                store.remove(_keys(arg))
                for k in arg:
                    model.pop(k, None)
            elif op == "evict":
                evicted = _as_dict(store.evict_before("t", arg))
                expected = {k: vt for k, vt in model.items() if vt[1] is not None and vt[1] < arg}
                assert evicted == expected
                for k in expected:
                    del model[k]
            elif op == "lookup":
                found = _as_dict(store.lookup(_keys(arg)))
                assert found == {k: model[k] for k in arg if k in model}
            elif op == "commit":
                version += 1
                store.commit(version)
                committed[version] = dict(model)
            else:  # load / restart at a committed version; later versions are then rewritten
                target = sorted(committed)[arg % len(committed)]
                if op == "restart":
                    store.close()
                    store = _open(path, mask, budget, every)
                store.load(target)
                version, model = target, dict(committed[target])
                committed = {v: m for v, m in committed.items() if v <= target}
            assert store.num_rows == len(model)
            assert _as_dict(store.all_rows()) == model
            assert store.all_rows().height == len(model)
        store.close()


def test_forced_collisions_keep_distinct_keys_apart(tmp_path):
    s = _open(str(tmp_path), np.uint64(0), None, 10)  # every key has the same hash
    s.load(-1)
    items = [((f"k{i}", i), i, i) for i in range(200)]
    s.upsert(_frame(items))
    s.upsert(_frame([(("k7", 7), 70, 7)]))
    s.remove(_keys([("k8", 8), ("nope", 1)]))
    got = _as_dict(s.lookup(_keys([("k7", 7), ("k8", 8), ("k9", 9)])))
    assert got == {("k7", 7): (70, 7), ("k9", 9): (9, 9)}
    assert s.num_rows == 199


def test_null_keys_are_distinct_from_values_and_equal_to_each_other(tmp_path):
    s = _open(str(tmp_path), FULL, None, 10)
    s.load(-1)
    s.upsert(_frame([((None, None), 1, None), ((None, 0), 2, None), (("", None), 3, None)]))
    s.upsert(_frame([((None, None), 4, None)]))
    s.commit(0)
    assert _as_dict(s.all_rows()) == {(None, None): (4, None), (None, 0): (2, None), ("", None): (3, None)}
    r = _open(str(tmp_path), FULL, None, 10)
    r.load(0)
    assert _as_dict(r.lookup(_keys([(None, None)]))) == {(None, None): (4, None)}


def test_state_larger_than_the_budget_spills_and_stays_correct(tmp_path):
    s = _open(str(tmp_path), FULL, 64 * 1024, 3)
    s.load(-1)
    model = {}
    rng = np.random.default_rng(7)
    for version in range(12):
        ids = rng.integers(0, 20_000, 3_000)
        items = [((f"key-{i}", int(i) % 7), int(version), int(i) % 100) for i in ids]
        s.upsert(_frame(items))
        model.update({k: (v, t) for k, v, t in items})
        gone = [(f"key-{i}", int(i) % 7) for i in rng.integers(0, 20_000, 500)]
        s.remove(_keys(gone))
        for k in gone:
            model.pop(k, None)
        m = s.commit(version)
        assert m.num_rows_total == len(model)
        assert m.memory_used_bytes <= 64 * 1024 + 20 * len(model)  # masks and indexes only
    assert any(run.frame is None for run in s._runs)  # something really lives on disk
    assert _as_dict(s.all_rows()) == model
    evicted = _as_dict(s.evict_before("t", 10))
    assert evicted == {k: vt for k, vt in model.items() if vt[1] < 10}
    s.close()
    r = _open(str(tmp_path), FULL, 64 * 1024, 3)
    r.load(11)
    assert _as_dict(r.all_rows()) == model


def test_background_snapshot_is_the_state_of_its_version(tmp_path):
    s = _open(str(tmp_path), FULL, None, 2)
    s.load(-1)
    s.upsert(_frame([((f"k{i}", i), i, i) for i in range(50_000)]))
    s.commit(0)  # snapshot 0 starts in the background ...
    s.upsert(_frame([((f"k{i}", i), -1, None) for i in range(0, 50_000, 2)]))  # ... while the state moves on
    s.remove(_keys([(f"k{i}", i) for i in range(1, 50_000, 4)]))
    s.commit(1)
    s.wait_for_snapshot()
    os.remove(tmp_path / "0.delta")  # version 0 now rebuilds from the snapshot alone
    r = _open(str(tmp_path), FULL, None, 2)
    r.load(0)
    assert r.num_rows == 50_000
    assert _as_dict(r.lookup(_keys([("k2", 2), ("k5", 5)]))) == {("k2", 2): (2, 2), ("k5", 5): (5, 5)}


def test_purge_keeps_the_last_complete_snapshot_and_deltas_after_it(tmp_path):
    s = _open(str(tmp_path), FULL, None, 3)
    s.load(-1)
    for version in range(8):
        s.upsert(_frame([((f"k{version}", version), version, None)]))
        s.commit(version)
    s.wait_for_snapshot()
    s.purge(5)
    names = sorted(os.listdir(tmp_path))
    assert "3.snapshot" in names and "0.snapshot" not in names and "2.delta" not in names
    for version in (5, 7):
        r = _open(str(tmp_path), FULL, None, 3)
        r.load(version)
        assert r.num_rows == version + 1
    assert not [n for n in names if n.endswith(".tmp")]


def test_evict_by_window_end_and_prefix_scan(tmp_path):
    window = pl.Struct({"start": pl.Datetime("us"), "end": pl.Datetime("us")})
    schema = {"k0": pl.String(), "k1": window, "n": pl.Int64()}
    s = StateStore(str(tmp_path), schema, ["k0", "k1"], num_prefix_key_columns=1)
    s.load(-1)
    t0 = datetime(2024, 1, 1)
    frame = pl.DataFrame(
        {"k0": ["a", "a", "b", None], "k1": [{"start": t0 + timedelta(minutes=m), "end": t0 + timedelta(minutes=m + 10)}
                                            for m in (0, 10, 0, 20)], "n": [1, 2, 3, 4]},
        schema=schema,
    )
    s.upsert(frame)
    assert sorted(s.prefix_scan(pl.DataFrame({"k0": ["a", None]})).get_column("n").to_list()) == [1, 2, 4]
    cutoff = int((t0 + timedelta(minutes=20)).timestamp() * 1_000_000) + 1  # naive datetimes are UTC here
    evicted = s.evict_before("k1.end", cutoff)
    assert sorted(evicted.get_column("n").to_list()) == [1, 2, 3]
    assert s.all_rows().get_column("n").to_list() == [4]
    assert s.evict_before("k1.end", cutoff).height == 0


@pytest.mark.parametrize("budget", [None, 1])
def test_metrics_count_rows_touched(tmp_path, budget):
    s = _open(str(tmp_path), FULL, budget, 10)
    s.load(-1)
    s.upsert(_frame([(("a", 1), 1, 1), (("b", 1), 1, 5)]))
    m = s.commit(0)
    assert (m.num_rows_total, m.num_rows_updated, m.num_rows_removed) == (2, 2, 0)
    s.upsert(_frame([(("a", 1), 2, 1)]))
    s.evict_before("t", 2)
    m = s.commit(1)
    assert (m.num_rows_total, m.num_rows_updated, m.num_rows_removed) == (1, 1, 1)
    assert m.memory_used_bytes > 0


def test_a_tiny_budget_keeps_a_bounded_number_of_runs(tmp_path):
    s = _open(str(tmp_path), FULL, 1, 10)
    s.load(-1)
    for version in range(200):
        s.upsert(_frame([((f"k{version}-{i}", i), version, None) for i in range(20)]))
        s.commit(version)
    assert s.num_rows == 4000
    assert len(s._runs) <= 12  # merged geometrically even when spilled, not one run per batch
    assert all(run.frame is None for run in s._runs)
    assert len(os.listdir(s._spill_dir)) == len(s._runs)  # merged-away spill files are deleted


def test_the_memory_budget_conf_reaches_every_store_of_an_operator(tmp_path):
    class Operator:  # several stores, as a join's two sides or transformWithState's variables
        def __init__(self):
            self.own = [_open(str(tmp_path / name), FULL, None, 10) for name in ("own", "left", "right")]

        def stores(self):
            return self.own

    op = Operator()
    configure_stores([op], {"spark.rillet.stateStore.maxMemoryBytes": "12345"})
    assert [s.max_memory_bytes for s in op.own] == [12345] * 3
    assert _open(str(tmp_path / "other"), FULL, None, 10).max_memory_bytes == DEFAULT_MAX_MEMORY_BYTES
