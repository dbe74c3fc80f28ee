"""The plan layer: pure data and pure functions (no I/O, threads, clocks or Polars)."""

# types first: it re-exports rillet.plan.ddl and rillet.plan.type_rules, which import it
from rillet.plan import types as types
