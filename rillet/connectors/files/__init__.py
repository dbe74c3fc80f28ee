"""File sources and sinks (text now; csv/json/parquet in the connectors issue)."""
