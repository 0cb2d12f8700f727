{#-
  `on-run-start: ["{{ databricks_envs.preflight_hook() }}"]`: the preflight of exactly the
  nodes this dbt run / build / seed / snapshot selected; a FAIL stops the run before any node
  is built. Renders no SQL.
-#}
{% macro preflight_hook(mode='passive', strict=false, format='text') -%}
  {{ return(adapter.dispatch('preflight_hook', 'databricks_envs')(mode, strict, format)) }}
{%- endmacro %}

{% macro default__preflight_hook(mode, strict, format) -%}
  {%- if not execute -%}
    {{ return('') }}
  {%- endif -%}
  {%- set report = databricks_envs._dbenvs_pf_run(
      selected_resources | list, mode, strict, format, modules.datetime.datetime.now(),
      {'full_refresh': flags.FULL_REFRESH | default(false, true),
       'store_failures': flags.STORE_FAILURES | default(false, true)}) -%}
  {%- if report.failed -%}
    {{ databricks_envs._dbenvs_pf_raise(report) }}
  {%- endif -%}
  {{ return('') }}
{%- endmacro %}
