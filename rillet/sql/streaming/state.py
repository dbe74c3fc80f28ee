"""``GroupState`` and ``GroupStateTimeout`` for ``applyInPandasWithState`` (as pyspark.sql.streaming.state)."""

from rillet.engine.operators.pandas_state import GroupState, GroupStateTimeout

__all__ = ["GroupState", "GroupStateTimeout"]
