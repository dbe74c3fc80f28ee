"""File sources and sinks: text, csv, json, parquet and orc, on local paths and S3."""
