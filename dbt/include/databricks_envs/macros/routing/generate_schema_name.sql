{#- `type: databricks_envs` picks this first when dbt dispatches generate_schema_name. -#}
{% macro databricks_envs__generate_schema_name(custom_schema_name=none, node=none) -%}
  {{ return(databricks_envs._dbenvs_generate_schema_name(custom_schema_name, node)) }}
{%- endmacro %}

{% macro _dbenvs_generate_schema_name(custom_schema_name, node) -%}
  {%- set ctx = databricks_envs._dbenvs_context() -%}
  {{ return(databricks_envs._dbenvs_route_schema(
      ctx.environment, custom_schema_name, target.schema, ctx.settings, ctx.ci_env)) }}
{%- endmacro %}
