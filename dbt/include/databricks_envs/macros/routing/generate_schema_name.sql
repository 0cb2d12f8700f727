{#- `type: databricks_envs` picks this first when dbt dispatches generate_schema_name. -#}
{% macro databricks_envs__generate_schema_name(custom_schema_name=none, node=none) -%}
  {{ return(databricks_envs._dbenvs_decide('schema', custom_schema_name, target.schema)) }}
{%- endmacro %}
