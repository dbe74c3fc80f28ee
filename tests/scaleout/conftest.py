"""Scale-out fixtures: the program's inputs and its run on rillet's engine, shared by the Spark tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from scaleout.harness import APP, submit, write_inputs


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.scaleout)


@pytest.fixture(scope="session")
def java() -> None:
    if shutil.which("java") is None:
        pytest.skip("running on Apache Spark needs Java: no `java` on PATH")
    pytest.importorskip("pyspark", reason="scale-out needs PySpark: pip install -e '.[spark]'")


@pytest.fixture(scope="session")
def program_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_inputs(tmp_path_factory.mktemp("scaleout-inputs"))


@pytest.fixture(scope="session")
def on_rillet(program_inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The program run by ``rillet submit`` without ``--master``: rillet's engine; its output folder."""
    out = tmp_path_factory.mktemp("scaleout-rillet")
    result = submit(str(APP), str(program_inputs), str(out))
    assert result.returncode == 0, result.stderr[-4000:]
    return out
