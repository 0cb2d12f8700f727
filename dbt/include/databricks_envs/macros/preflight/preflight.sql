{#-
  `dbt run-operation preflight [--args '{select: ..., exclude: ..., mode: passive|active,
  strict: true, format: text|json|markdown, full_refresh: true, store_failures: true,
  state: <dir>, clone: true}']`: proves, before building, that this run can succeed.
  `full_refresh`, `store_failures` and `state` say that the build will run with
  `--full-refresh`, `--store-failures`, and `--defer --state <dir>`; `clone: true` (with
  `state`) checks `dbt clone --state <dir>` instead of a build. dbt runs no on-run-start hook
  for `dbt clone`, so this operation is the only check of a clone.
  Exits non-zero on any FAIL (or any WARN with strict).
-#}
{% macro preflight(select=none, exclude=none, mode='passive', strict=false, format='text', full_refresh=false, store_failures=false, state=none, clone=false) -%}
  {{ return(adapter.dispatch('preflight', 'databricks_envs')(select, exclude, mode, strict, format, full_refresh, store_failures, state, clone)) }}
{%- endmacro %}

{% macro default__preflight(select, exclude, mode, strict, format, full_refresh, store_failures, state, clone=false) -%}
  {%- if not execute -%}
    {{ return('') }}
  {%- endif -%}
  {%- if clone and not state -%}
    {{ exceptions.raise_compiler_error('dbt-databricks-envs preflight: `clone: true` needs '
        ~ '`state: <dir>`, the folder `dbt clone --state` reads (the production artifacts).') }}
  {%- endif -%}
  {%- set started = modules.datetime.datetime.now() -%}
  {#- Sources take part in selection (`source:raw+`), though preflight never builds them. -#}
  {%- set selectable = {} -%}
  {%- do selectable.update(graph.nodes) -%}
  {%- do selectable.update(graph.sources) -%}
  {%- set selected = databricks_envs._dbenvs_pf_select(selectable, select, exclude) -%}
  {#- `state`: the artifacts a `--defer --state` build reads unselected upstream models from. -#}
  {%- set deferred = {} -%}
  {%- if state and adapter.databricks_envs_state_relations is not defined -%}
    {{ exceptions.raise_compiler_error('dbt-databricks-envs preflight: `state` needs type: '
        ~ 'databricks_envs (a macro cannot read the manifest); with the package, the '
        ~ 'on-run-start hook of a --defer build checks the deferred relations.') }}
  {%- elif state -%}
    {%- set deferred = adapter.databricks_envs_state_relations(state | string) -%}
    {%- if not deferred -%}
      {{ exceptions.raise_compiler_error('dbt-databricks-envs preflight: `state: ' ~ state
          ~ '` holds no manifest.json with models (the production artifacts --defer reads).') }}
    {%- endif -%}
  {%- endif -%}
  {%- set report = databricks_envs._dbenvs_pf_run(selected, mode, strict, format, started,
      {'full_refresh': full_refresh, 'store_failures': store_failures, 'deferred': deferred,
       'which': 'clone' if clone else ''}) -%}
  {%- if report.failed -%}
    {{ databricks_envs._dbenvs_pf_raise(report) }}
  {%- endif -%}
{%- endmacro %}
