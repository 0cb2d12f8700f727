{#-
  `type: databricks_envs` picks this first when dbt dispatches generate_schema_name: straight to
  the adapter (see _dbenvs_decide), since dbt calls it for every node it parses.
-#}
{% macro databricks_envs__generate_schema_name(custom_schema_name=none, node=none) -%}
  {{ return(adapter.databricks_envs_route('schema', custom_schema_name, target.schema)) }}
{%- endmacro %}
