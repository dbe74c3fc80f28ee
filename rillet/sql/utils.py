"""Exception classes under PySpark's import path (``pyspark.sql.utils``), and ``is_remote``."""

from rillet.errors import *  # noqa: F401,F403


def is_remote() -> bool:
    """Whether this session talks to a Spark Connect server: never, rillet runs in-process."""
    return False
