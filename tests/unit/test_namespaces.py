"""Every public name of PySpark's main modules is importable from the rillet twin, or listed here.

A program moves between the engines by changing ``pyspark`` to ``rillet`` in its imports; this
diffs each PySpark module's public names (``__all__``, else ``dir()``) against its twin. A name
neither present nor listed fails the test, and so does a listed name that has since appeared
(so the lists only shrink). Names that only make sense with a JVM are listed with the reason;
names rillet could have but does not yet are listed apart, also with the reason.
"""

from __future__ import annotations

import importlib
import types

import pytest

_RDD = "RDDs and their jobs run on JVM executors; rillet's data is Arrow tables behind DataFrames"
_STATE_SERVER = "socket client of the JVM's state server for transformWithState; rillet keeps state in-process"

JVM_ONLY: dict[str, dict[str, str]] = {
    "pyspark": {
        "RDD": _RDD,
        "RDDBarrier": _RDD,
        "BarrierTaskContext": _RDD,
        "BarrierTaskInfo": _RDD,
        "Broadcast": "a variable shipped to JVM executors for RDD jobs",
        "Accumulator": "a counter summed across JVM executors for RDD jobs",
        "AccumulatorParam": "a counter summed across JVM executors for RDD jobs",
        "SparkFiles": "files shipped to JVM executors by SparkContext.addFile",
        "MarshalSerializer": "serializer between Python workers and the JVM",
        "CPickleSerializer": "serializer between Python workers and the JVM",
        "StatusTracker": "the JVM scheduler's job and stage status",
        "SparkJobInfo": "the JVM scheduler's job and stage status",
        "SparkStageInfo": "the JVM scheduler's job and stage status",
        "Profiler": "profiles Python workers the JVM launches",
        "BasicProfiler": "profiles Python workers the JVM launches",
    },
    "pyspark.sql": {
        "SQLContext": "deprecated since Spark 3.0: a wrapper of a JVM SparkContext, replaced by SparkSession",
        "HiveContext": "deprecated since Spark 2.0: a Hive metastore client in the JVM",
    },
    "pyspark.sql.streaming": {
        "list_state_client": _STATE_SERVER,
        "map_state_client": _STATE_SERVER,
        "value_state_client": _STATE_SERVER,
        "stateful_processor_api_client": _STATE_SERVER,
        "stateful_processor_util": "the Python worker's protocol with the JVM for transformWithState",
    },
    "pyspark.sql.datasource": {},
    "pyspark.errors": {},
}

NOT_YET: dict[str, dict[str, str]] = {
    "pyspark": {},
    "pyspark.sql": {
        "UDTFRegistration": "Python UDTFs (spark.udtf) are not implemented",
        "Observation": "observe() takes a name; the Observation object is not implemented",
        "DataFrameStatFunctions": "df.stat is not implemented",
        "VariantVal": "the VARIANT type is not implemented",
        "DataFrameWriterV2": "df.writeTo is not implemented",
        "MergeIntoWriter": "MERGE INTO is not implemented",
        "PandasCogroupedOps": "cogroup().applyInPandas is not implemented",
    },
    "pyspark.sql.streaming": {},
    "pyspark.sql.datasource": {},
    "pyspark.errors": {},
}


def _public(module: types.ModuleType) -> list[str]:
    names = getattr(module, "__all__", None)
    return sorted(names if names is not None else (n for n in dir(module) if not n.startswith("_")))


def _has(twin: types.ModuleType, name: str, theirs: object) -> bool:
    if hasattr(twin, name):
        return True
    if isinstance(theirs, types.ModuleType):  # a submodule: importable under the twin's package
        try:
            importlib.import_module(f"{twin.__name__}.{name}")
        except ImportError:
            return False
        return True
    return False


@pytest.mark.parametrize("module", sorted(JVM_ONLY))
def test_public_names_of_pyspark_module_exist_in_the_rillet_twin(module: str) -> None:
    pyspark_module = pytest.importorskip(module, reason="the namespace diff needs PySpark: pip install -e '.[dev]'")
    twin = importlib.import_module(module.replace("pyspark", "rillet", 1))
    listed = {**JVM_ONLY[module], **NOT_YET[module]}
    missing = [
        n for n in _public(pyspark_module) if n not in listed and not _has(twin, n, getattr(pyspark_module, n, None))
    ]
    assert missing == [], f"{module}: no twin in {twin.__name__} and not listed: {missing}"
    arrived = [n for n in NOT_YET[module] if _has(twin, n, getattr(pyspark_module, n, None))]
    assert arrived == [], f"{module}: now in {twin.__name__}, drop from NOT_YET: {arrived}"


@pytest.mark.parametrize("module", sorted(JVM_ONLY))
def test_every_listed_name_is_still_a_pyspark_name(module: str) -> None:
    pyspark_module = pytest.importorskip(module, reason="the namespace diff needs PySpark: pip install -e '.[dev]'")
    stale = sorted(n for n in {**JVM_ONLY[module], **NOT_YET[module]} if n not in _public(pyspark_module))
    assert stale == [], f"{module} no longer has {stale}: drop them from the lists"


def test_twin_names_are_the_same_objects_pyspark_programs_reach(spark: object) -> None:
    from rillet import SparkConf, SparkContext, StorageLevel, TaskContext
    from rillet.errors import StreamingQueryException
    from rillet.sql.streaming import StatefulProcessor, StatefulProcessorHandle
    from rillet.sql.streaming import StreamingQueryException as FromStreaming
    from rillet.sql.streaming.stateful_processor import StatefulProcessor as Declared
    from rillet.sql.streaming.stateful_processor import StatefulProcessorHandle as DeclaredHandle

    assert FromStreaming is StreamingQueryException
    assert (StatefulProcessor, StatefulProcessorHandle) == (Declared, DeclaredHandle)
    assert str(StorageLevel.MEMORY_AND_DISK) == "Disk Memory Serialized 1x Replicated"
    assert TaskContext.get() is None  # on the driver, as PySpark
    assert isinstance(spark.sparkContext, SparkContext)  # type: ignore[attr-defined]
    assert isinstance(spark.sparkContext.getConf(), SparkConf)  # type: ignore[attr-defined]
