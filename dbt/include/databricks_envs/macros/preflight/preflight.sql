{#-
  `dbt run-operation preflight [--args '{select: ..., exclude: ..., mode: passive|active,
  strict: true, format: text|json}']`: proves, before building, that this run can succeed.
  Exits non-zero on any FAIL (or any WARN with strict).
-#}
{% macro preflight(select=none, exclude=none, mode='passive', strict=false, format='text') -%}
  {{ return(adapter.dispatch('preflight', 'databricks_envs')(select, exclude, mode, strict, format)) }}
{%- endmacro %}

{% macro default__preflight(select, exclude, mode, strict, format) -%}
  {%- if not execute -%}
    {{ return('') }}
  {%- endif -%}
  {%- set started = modules.datetime.datetime.now() -%}
  {#- Sources take part in selection (`source:raw+`), though preflight never builds them. -#}
  {%- set selectable = {} -%}
  {%- do selectable.update(graph.nodes) -%}
  {%- do selectable.update(graph.sources) -%}
  {%- set selected = databricks_envs._dbenvs_pf_select(selectable, select, exclude) -%}
  {%- set report = databricks_envs._dbenvs_pf_run(selected, mode, strict, format, started) -%}
  {%- if report.failed -%}
    {{ databricks_envs._dbenvs_pf_raise(report) }}
  {%- endif -%}
{%- endmacro %}
