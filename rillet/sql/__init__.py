"""``rillet.sql``: PySpark's ``pyspark.sql`` API on rillet's engine."""

# ruff: noqa: E402 - the engine switch runs before the imports
# Every name comes from the module PySpark defines it in (pyspark.sql.readwriter, .catalog, .udf,
# ...): under RILLET_ENGINE=spark each rillet.sql.X is handed out as pyspark.sql.X.
from rillet.spark_backend import hand_over as _hand_over

_hand_over(__name__)  # RILLET_ENGINE=spark: hand out PySpark's modules instead (rillet.spark_backend)

from rillet._compat import gc_paused

with gc_paused():  # see rillet._compat.gc_paused
    from rillet.plan.types import Row
    from rillet.sql import functions, types
    from rillet.sql.catalog import Catalog
    from rillet.sql.column import Column
    from rillet.sql.dataframe import DataFrame, DataFrameNaFunctions
    from rillet.sql.group import GroupedData
    from rillet.sql.readwriter import DataFrameReader, DataFrameWriter
    from rillet.sql.session import RuntimeConfig, SparkSession
    from rillet.sql.streaming import (
        DataStreamReader,
        DataStreamWriter,
        StreamingQuery,
        StreamingQueryManager,
    )
    from rillet.sql.udf import UDFRegistration
    from rillet.sql.utils import is_remote
    from rillet.sql.window import Window, WindowSpec

__all__ = [
    "Catalog",
    "Column",
    "DataFrame",
    "DataFrameNaFunctions",
    "DataFrameReader",
    "DataFrameWriter",
    "DataStreamReader",
    "DataStreamWriter",
    "GroupedData",
    "Row",
    "RuntimeConfig",
    "SparkSession",
    "StreamingQuery",
    "StreamingQueryManager",
    "UDFRegistration",
    "Window",
    "WindowSpec",
    "functions",
    "is_remote",
    "types",
]
