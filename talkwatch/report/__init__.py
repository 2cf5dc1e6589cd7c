"""Exports (JSON, CSV, Parquet, event records) and the static HTML report."""
