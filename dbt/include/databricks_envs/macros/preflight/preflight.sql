{#-
  `dbt run-operation preflight [--args '{select: ..., exclude: ..., mode: passive|active,
  strict: true, format: text|json, full_refresh: true, store_failures: true}']`: proves, before
  building, that this run can succeed. `full_refresh` and `store_failures` say that the build
  will run with `--full-refresh` / `--store-failures`.
  Exits non-zero on any FAIL (or any WARN with strict).
-#}
{% macro preflight(select=none, exclude=none, mode='passive', strict=false, format='text', full_refresh=false, store_failures=false) -%}
  {{ return(adapter.dispatch('preflight', 'databricks_envs')(select, exclude, mode, strict, format, full_refresh, store_failures)) }}
{%- endmacro %}

{% macro default__preflight(select, exclude, mode, strict, format, full_refresh, store_failures) -%}
  {%- if not execute -%}
    {{ return('') }}
  {%- endif -%}
  {%- set started = modules.datetime.datetime.now() -%}
  {#- Sources take part in selection (`source:raw+`), though preflight never builds them. -#}
  {%- set selectable = {} -%}
  {%- do selectable.update(graph.nodes) -%}
  {%- do selectable.update(graph.sources) -%}
  {%- set selected = databricks_envs._dbenvs_pf_select(selectable, select, exclude) -%}
  {%- set report = databricks_envs._dbenvs_pf_run(selected, mode, strict, format, started,
      {'full_refresh': full_refresh, 'store_failures': store_failures}) -%}
  {%- if report.failed -%}
    {{ databricks_envs._dbenvs_pf_raise(report) }}
  {%- endif -%}
{%- endmacro %}
