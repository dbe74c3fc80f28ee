"""``rillet.sql``: PySpark's ``pyspark.sql`` API on rillet's engine."""

# ruff: noqa: E402 - the engine switch runs before the imports
from rillet.spark_backend import hand_over as _hand_over

_hand_over(__name__)  # RILLET_ENGINE=spark: hand out PySpark's modules instead (rillet.spark_backend)

from rillet.plan.types import Row
from rillet.sql import functions, types
from rillet.sql.column import Column
from rillet.sql.dataframe import DataFrame
from rillet.sql.dataframe_na import DataFrameNaFunctions
from rillet.sql.functions.udf import UDFRegistration
from rillet.sql.group import GroupedData
from rillet.sql.readwriter import DataFrameReader
from rillet.sql.session import Catalog, RuntimeConfig, SparkSession
from rillet.sql.streaming import (
    DataStreamReader,
    DataStreamWriter,
    StreamingQuery,
    StreamingQueryManager,
)
from rillet.sql.utils import is_remote
from rillet.sql.window import Window, WindowSpec
from rillet.sql.writer import DataFrameWriter

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
