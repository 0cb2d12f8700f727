"""The local Databricks SQL warehouse (extra ``[local]``).

A self-contained server: nothing here imports from the adapter but ``spark_comments``, a leaf
module of the standard library only that the write guard shares, so both read comments as
Databricks does. The adapter imports this package lazily, only for ``host: local``, so a
production run never loads DuckDB.
"""
