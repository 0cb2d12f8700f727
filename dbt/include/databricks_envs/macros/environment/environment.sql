{#- The environment of this run: `dev`, `ci`, `staging` or `prod`. -#}
{% macro environment() -%}
  {{ return(adapter.dispatch('environment', 'databricks_envs')()) }}
{%- endmacro %}

{% macro default__environment() -%}
  {{ return(databricks_envs._dbenvs_decide('environment')) }}
{%- endmacro %}
