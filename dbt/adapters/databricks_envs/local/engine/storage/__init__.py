"""Durable storage: one DuckDB file per catalog, engine metadata inside each file, and an
in-memory mirror of the catalog for fast metadata answers."""
