"""Exception classes under PySpark's import path (``pyspark.sql.utils``)."""

from rillet.errors import *  # noqa: F401,F403
