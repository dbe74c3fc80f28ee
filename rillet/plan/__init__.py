"""The plan layer: pure data and pure functions (no I/O, threads, clocks or Polars)."""
