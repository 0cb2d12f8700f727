"""Databricks SQL to DuckDB, on sqlglot's parsed tree: one module per kind of statement."""
