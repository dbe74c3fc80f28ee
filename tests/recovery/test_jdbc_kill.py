"""SIGKILL a query writing a database table at random moments, restart it on the same
checkpoint, and prove every input line is in the table exactly once: the exactly-once
jdbc sink and docs/jdbc.md's foreachBatch recipe both write a batch and its batch id in
one transaction and skip a batch id already written."""

from __future__ import annotations

import os
import sys

import pytest
from helpers import run_with_kills, write_file

pytest.importorskip("adbc_driver_sqlite")
pytest.importorskip("adbc_driver_postgresql")

from rillet.connectors.jdbc.dialects import DIALECTS, parse_url  # noqa: E402

CHILD = os.path.join(os.path.dirname(__file__), "jdbc_child.py")



def _query(url: str, password: str, sql: str) -> list[tuple]:
    target = parse_url(url, {"user": "rillet", "password": password})
    conn = DIALECTS[target.kind].connect(target)
    try:
        cur = conn.cursor()
        try:
            cur.execute(sql)
            return cur.fetchall()
        except Exception:
            return []
    finally:
        conn.close()


@pytest.mark.parametrize("how", ["sink", "recipe"])
@pytest.mark.parametrize("db", ["sqlite", "postgresql"])
def test_sigkill_mid_batch_writes_every_row_once(tmp_path, request, db, how):
    if db == "sqlite":
        url, password = f"jdbc:sqlite:{tmp_path / 'out.db'}", "unused"
    else:
        server = request.getfixturevalue("pg")
        url, password = server.url, server.password
    src = tmp_path / "src"
    expected = []
    for i in range(12):
        rows = [f"file{i}-line{j}" for j in range(200)]
        expected += rows
        write_file(src, f"part-{i:04d}.txt", "\n".join(rows) + "\n")
        os.utime(src / f"part-{i:04d}.txt", (1_700_000_000 + i, 1_700_000_000 + i))
    progress_sql = ("SELECT batch_id FROM rillet_jdbc_progress" if how == "sink"
                    else "SELECT batch_id FROM batches")

    def progress() -> int:
        rows = _query(url, password, progress_sql)
        return int(rows[0][0]) + 1 if rows else 0

    killed = run_with_kills([sys.executable, CHILD, how, str(src), str(tmp_path / "chk"), url, password],
                            progress, kills=3, seed=5)
    assert killed >= 1
    table = "lines" if how == "sink" else "recipe_lines"
    got = sorted(r[0] for r in _query(url, password, f"SELECT value FROM {table}"))
    assert got == sorted(expected)
