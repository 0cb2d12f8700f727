{#-
  One preflight over the given node ids, shared by `preflight` (run-operation) and
  `preflight_hook` (on-run-start): plan, gather facts, evaluate, report. Returns the report;
  its cost counts the seconds since `started`, when the caller began selecting nodes.
  `run_flags`: {full_refresh, store_failures}, as the run that follows will have them.
-#}
{% macro _dbenvs_pf_run(selected, mode, strict, format, started, run_flags={}) -%}
  {%- if mode not in ['passive', 'active'] -%}
    {{ exceptions.raise_compiler_error('dbt-databricks-envs preflight: `mode: ' ~ mode
        ~ '` is not a mode; use passive (read-only checks, the default) or active (also create '
        ~ 'and drop a scratch schema and table in each catalog written to).') }}
  {%- elif format not in ['text', 'json', 'markdown'] -%}
    {{ exceptions.raise_compiler_error('dbt-databricks-envs preflight: `format: ' ~ format
        ~ '` is not a format; use text (a table in the log, the default), json or markdown.') }}
  {%- elif strict is not boolean -%}
    {{ exceptions.raise_compiler_error('dbt-databricks-envs preflight: `strict: ' ~ strict
        ~ '` must be true or false.') }}
  {%- endif -%}
  {%- set settings = databricks_envs._dbenvs_settings(var('databricks_envs', none)) -%}
  {%- set with_adapter = adapter.databricks_envs_preflight_rest is defined -%}
  {%- set plan = databricks_envs._dbenvs_pf_plan(graph.nodes, graph.sources, selected, run_flags) -%}
  {%- set scope = databricks_envs._dbenvs_pf_scope(plan, settings.protected_catalogs, target.database) -%}
  {#- REST first: a deleted warehouse cannot run the SQL that gathers the other facts. -#}
  {%- set rest = adapter.databricks_envs_preflight_rest(plan.computes) if with_adapter else none -%}
  {%- set warehouse = (rest or {}).get('warehouse') or {} -%}
  {%- if warehouse.get('missing') or warehouse.get('state') in ['DELETED', 'DELETING'] -%}
    {%- set facts = {'user': (rest.me or {}).get('user_name') or '', 'catalogs': {}, 'schemas': {},
        'relations': {}, 'grants': [], 'statements': 0,
        'unavailable': 'the SQL warehouse cannot run statements (see warehouse.state)'} -%}
  {%- else -%}
    {%- set facts = databricks_envs._dbenvs_pf_gather(scope) -%}
  {%- endif -%}
  {%- set probe = none -%}
  {%- if mode == 'active' and with_adapter and not facts.get('unavailable') -%}
    {%- set writable = [] -%}
    {%- for entry in plan.writes.values()
        if entry.catalog not in settings.protected_catalogs and entry.catalog not in writable -%}
      {%- do writable.append(entry.catalog) -%}
    {%- endfor -%}
    {%- set probe = adapter.databricks_envs_preflight_probe(writable | sort) -%}
  {%- endif -%}
  {%- set routing = databricks_envs._dbenvs_pf_routing() -%}
  {%- set report = databricks_envs._dbenvs_pf_evaluate({
      'config': {
          'adapter': 'databricks_envs' if with_adapter else 'databricks',
          'host': target.host,
          'http_path': rest.http_path if rest else target.http_path,
          'catalog': target.database,
          'auth': 'token' if (rest.uses_token if rest else true) else 'oauth',
      },
      'environment': databricks_envs.environment(),
      'target': target.name,
      'mode': mode,
      'strict': strict,
      'protected_catalogs': settings.protected_catalogs,
      'thresholds': settings.preflight,
      'plan': plan,
      'facts': facts,
      'rest': rest,
      'probe': probe,
      'routing': routing,
  }) -%}
  {%- do report.update({'cost': {
      'statements': facts.statements + (probe or {}).values() | sum(attribute='statements'),
      'rest_calls': rest.calls if rest else 0,
      'seconds': ((modules.datetime.datetime.now() - started).total_seconds() | round(3)),
  }}) -%}
  {%- set markdown = databricks_envs._dbenvs_pf_markdown(report) -%}
  {%- if format == 'json' -%}
    {{ print(tojson(report)) }}
  {%- elif format == 'markdown' -%}
    {{ print(markdown) }}
  {%- else -%}
    {{ log(databricks_envs._dbenvs_pf_render(report), info=true) }}
  {%- endif -%}
  {%- if with_adapter -%}
    {%- set written = adapter.databricks_envs_preflight_write(report, markdown) -%}
    {%- if format == 'text' -%}
      {{ log('Wrote ' ~ written.report ~ ' and ' ~ written.grants, info=true) }}
    {%- endif -%}
  {%- elif env_var('GITHUB_STEP_SUMMARY', '') and format == 'text' -%}
    {{ log('With plain type: databricks preflight cannot write the job summary: run it with '
        ~ '--args \'{format: markdown}\' and append its output to $GITHUB_STEP_SUMMARY.', info=true) }}
  {%- endif -%}
  {%- if not with_adapter and report.grants and format == 'text' -%}
    {{ log('GRANT statements that close every privilege gap (run as an admin; with plain '
        ~ 'type: databricks preflight cannot write target/preflight_grants.sql):\n'
        ~ report.grants | join('\n'), info=true) }}
  {%- endif -%}
  {{ return(report) }}
{%- endmacro %}


{#-
  Which macros dbt names nodes with: for each of generate_schema_name and
  generate_database_name, the one dbt calls (the root project's, if it defines one) and, through
  it, the one dispatch picks. Either from outside this package shadows the routing.
-#}
{% macro _dbenvs_pf_routing() -%}
  {#- dbt reads adapter.dispatch() arguments when it parses a macro: they must be literals. -#}
  {%- set found = [] -%}
  {%- set schema_called = generate_schema_name -%}
  {%- set schema_dispatched = adapter.dispatch('generate_schema_name', 'dbt') -%}
  {%- set database_called = generate_database_name -%}
  {%- set database_dispatched = adapter.dispatch('generate_database_name', 'dbt') -%}
  {%- for name, called, dispatched in [
      ['generate_schema_name', schema_called, schema_dispatched],
      ['generate_database_name', database_called, database_dispatched]] -%}
    {%- set chosen = (dispatched if called.macro.package_name == 'dbt' else called).macro -%}
    {%- if chosen.package_name not in ['databricks_envs', 'dbt_databricks_envs'] -%}
      {%- do found.append({'macro': name, 'package': chosen.package_name,
          'file': chosen.original_file_path, 'defined_as': chosen.name,
          'root': chosen.package_name == project_name}) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return({'shadowed': found}) }}
{%- endmacro %}


{% macro _dbenvs_pf_raise(report) -%}
  {%- set s = report.summary -%}
  {%- set where = 'in target/preflight_grants.sql' if report.adapter == 'databricks_envs' else 'listed above' -%}
  {{ exceptions.raise_compiler_error('dbt-databricks-envs preflight failed: ' ~ s.FAIL ~ ' FAIL, '
      ~ s.WARN ~ ' WARN' ~ (' (strict: warnings fail too)' if report.strict else '')
      ~ ". See the table above for each check's fix"
      ~ ('; the GRANTs that close the privilege gaps are ' ~ where if report.grants else '') ~ '.') }}
{%- endmacro %}
