"""``rillet.sql.functions``, mirroring ``pyspark.sql.functions``."""

from rillet.sql.functions.builtin import *  # noqa: F401,F403
from rillet.sql.functions.builtin import __all__  # noqa: F401
