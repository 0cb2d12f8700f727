{#- The one entry point to the rules: `question` is environment, schema or database. -#}
{% macro _dbenvs_answer(question, name, default, inputs) -%}
  {%- set settings = databricks_envs._dbenvs_settings(inputs.raw_settings) -%}
  {%- set environment = databricks_envs._dbenvs_resolve_environment(
      inputs.profile_environment, settings, inputs.invocation_context, inputs.target_name) -%}
  {%- if question == 'environment' -%}
    {{ return(environment) }}
  {%- elif question == 'schema' -%}
    {{ return(databricks_envs._dbenvs_route_schema(environment, name, default, settings, inputs.ci_env)) }}
  {%- elif question == 'database' -%}
    {{ return(databricks_envs._dbenvs_route_database(environment, name, default, settings)) }}
  {%- endif -%}
  {{ exceptions.raise_compiler_error('dbt-databricks-envs: unknown rule question ' ~ question) }}
{%- endmacro %}
