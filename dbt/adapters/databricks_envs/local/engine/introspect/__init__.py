"""SHOW, DESCRIBE and information_schema: the catalog described as Databricks describes it."""
