"""``rillet.sql.types``: Spark's data types and ``Row``, as in ``pyspark.sql.types``."""

from rillet.plan.ddl import _parse_datatype_string  # noqa: F401
from rillet.plan.types import *  # noqa: F401,F403
from rillet.plan.types import Row  # noqa: F401
