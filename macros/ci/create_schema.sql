{#-
  The package's entry point for plain `type: databricks`, found through the project's
  `dispatch: [{macro_namespace: dbt, search_order: [<project>, databricks_envs, dbt]}]`.
-#}
{% macro databricks__create_schema(relation) -%}
  {{ return(databricks_envs._dbenvs_create_schema(relation)) }}
{%- endmacro %}
