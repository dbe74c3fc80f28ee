"""ruff and mypy run as part of the test suite, so the README's one test command (and CI,
which runs exactly that) keeps the code clean and the pure layers strictly typed."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is in the dev extras; not installed here")
def test_ruff_finds_nothing() -> None:
    done = _run("ruff", "check", "rillet", "tests", "bench")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing() -> None:
    pytest.importorskip("mypy", reason="mypy is in the dev extras; not installed here")
    # the files and the strictness per package are [tool.mypy] in pyproject.toml
    done = _run(sys.executable, "-m", "mypy")
    assert done.returncode == 0, done.stdout + done.stderr
