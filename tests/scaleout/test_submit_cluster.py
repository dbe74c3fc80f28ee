"""``rillet submit --master spark://...``: the same ``rillet.sql`` program on a Spark standalone cluster.

The cluster (a master and one worker on 127.0.0.1, from the pyspark package's own
launch classes) is started here and stopped at the end. The program
(``apps/wordcount_windows.py``: the seed's word count with a UDF and a
foreachBatch callback, and a windowed aggregation with a watermark into a
parquet file sink) is submitted to it, and its output compared with the same
program run by ``rillet submit`` without ``--master`` (rillet's engine): every
micro-batch's word counts and every emitted window must agree.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from scaleout.harness import APP, TEXTS, StandaloneCluster, submit, windows, word_counts


@pytest.fixture(scope="module")
def cluster(java: None, tmp_path_factory: pytest.TempPathFactory):
    c = StandaloneCluster(tmp_path_factory.mktemp("spark-cluster"))
    try:
        yield c.start()
    finally:
        c.stop()


def test_wordcount_and_windows_agree_on_a_spark_cluster_and_on_rillet(
    cluster: StandaloneCluster, program_inputs: Path, on_rillet: Path, tmp_path: Path
):
    result = submit("--master", cluster.url, str(APP), str(program_inputs), str(tmp_path))
    assert result.returncode == 0, result.stderr[-4000:]

    # it ran on the cluster: the application registered with the master and got an executor on the worker
    status = cluster.status()
    assert any(a.get("name") == "scaleout" for a in status.get("completedapps", []) + status.get("activeapps", []))
    assert re.search(r"Granted executor ID app-\S+ on hostPort 127\.0\.0\.1", result.stderr), result.stderr[-4000:]

    # word count: every micro-batch's complete counts are the same, and the last one counts every word
    counts = word_counts(tmp_path)
    assert sorted(counts) == list(range(len(TEXTS)))
    assert word_counts(on_rillet) == counts
    expected = Counter(w.lower().strip(".,;:!?") for t in TEXTS for w in t.split())
    assert dict(map(tuple, counts[len(TEXTS) - 1])) == dict(expected)

    # windowed aggregation: the same windows, each emitted once, with the same aggregates
    emitted = windows(tmp_path)
    assert emitted, "the watermark closed no window"
    assert windows(on_rillet) == emitted
    assert len({(start, sensor) for start, _, sensor, *_ in emitted}) == len(emitted)
