{#-
  The package's entry points for plain `type: databricks`, found through the project's
  `dispatch: [{macro_namespace: dbt, search_order: [<project>, databricks_envs, dbt]}]`.
  The logic itself lives in dbt/include/databricks_envs/macros, shared with the adapter.
-#}
{% macro databricks__generate_schema_name(custom_schema_name=none, node=none) -%}
  {{ return(databricks_envs._dbenvs_decide('schema', custom_schema_name, target.schema)) }}
{%- endmacro %}

{% macro databricks__generate_database_name(custom_database_name=none, node=none) -%}
  {{ return(databricks_envs.databricks_envs__generate_database_name(custom_database_name, node)) }}
{%- endmacro %}
