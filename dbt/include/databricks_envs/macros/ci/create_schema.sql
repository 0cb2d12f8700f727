{#-
  `type: databricks_envs` picks this when dbt creates a schema (adapter.create_schema): the
  parent's create, then, in a ci run, the labels that cleanup_ci_schemas reads.
-#}
{% macro databricks_envs__create_schema(relation) -%}
  {{ return(databricks_envs._dbenvs_create_schema(relation)) }}
{%- endmacro %}
