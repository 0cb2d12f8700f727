"""The local Databricks SQL warehouse (extra ``[local]``).

A self-contained server: nothing here imports from the adapter, and the adapter imports this
package lazily, only for ``host: local``, so a production run never loads DuckDB.
"""
