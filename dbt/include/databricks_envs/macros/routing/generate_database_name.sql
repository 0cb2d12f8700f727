{#-
  `type: databricks_envs` picks this first when dbt dispatches generate_database_name; the
  package's `databricks__generate_database_name` (plain `type: databricks`) calls it too.
-#}
{% macro databricks_envs__generate_database_name(custom_database_name=none, node=none) -%}
  {#- dbt-databricks decides first: a catalog integration's catalog_database keeps precedence. -#}
  {%- set parent = dbt.databricks__generate_database_name(custom_database_name, node) -%}
  {%- set plain = (custom_database_name | trim) if custom_database_name is not none else target.database -%}
  {%- if parent != plain -%}
    {{ return(parent) }}
  {%- endif -%}
  {%- if adapter.databricks_envs_route is defined -%}
    {{ return(adapter.databricks_envs_route('database', custom_database_name, target.database)) }}
  {%- endif -%}
  {{ return(databricks_envs._dbenvs_decide('database', custom_database_name, target.database)) }}
{%- endmacro %}
