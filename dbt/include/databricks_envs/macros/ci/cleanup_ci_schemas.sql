{#-
  `dbt run-operation cleanup_ci_schemas --args '{pr_number: 101}'` (or `{expired: true}`, or
  `{older_than_days: 14}`; `dry_run: false` to drop; `format: json`): drops the schemas, with
  their contents, that ci runs created in the target's catalog — read from their labels (see
  _label.sql), never from a name — except pinned ones and never in a protected catalog.
-#}
{% macro cleanup_ci_schemas(pr_number=none, expired=false, older_than_days=none, dry_run=true, format='text') -%}
  {{ return(adapter.dispatch('cleanup_ci_schemas', 'databricks_envs')(pr_number, expired, older_than_days, dry_run, format)) }}
{%- endmacro %}

{% macro default__cleanup_ci_schemas(pr_number, expired, older_than_days, dry_run, format) -%}
  {%- if not execute -%}
    {{ return('') }}
  {%- endif -%}
  {%- set fail = databricks_envs._dbenvs_cleanup_error -%}
  {%- set chosen = [pr_number is not none, expired is sameas true, older_than_days is not none] | select | list -%}
  {%- if chosen | length != 1 -%}
    {{ fail('say which schemas to drop with exactly one of pr_number: N, expired: true or '
        ~ 'older_than_days: D (got ' ~ chosen | length ~ ')') }}
  {%- elif dry_run is not boolean -%}
    {{ fail('`dry_run: ' ~ dry_run ~ '` must be true (print what would be dropped, the default) or false') }}
  {%- elif format not in ['text', 'json'] -%}
    {{ fail('`format: ' ~ format ~ '` is not a format; use text (the default) or json') }}
  {%- elif older_than_days is not none and (older_than_days is not number or older_than_days < 0) -%}
    {{ fail('`older_than_days: ' ~ older_than_days ~ '` must be a number of days, 0 or more') }}
  {%- endif -%}
  {%- set settings = databricks_envs._dbenvs_settings(var('databricks_envs', none)) -%}
  {%- set catalog = target.database | lower -%}
  {%- if catalog in settings.protected_catalogs -%}
    {{ fail("the target's catalog " ~ catalog ~ ' is protected (vars: databricks_envs: '
        ~ 'protected_catalogs): run the cleanup with the ci target, whose catalog holds the '
        ~ 'pull request schemas') }}
  {%- endif -%}
  {%- set schemas = databricks_envs._dbenvs_labelled_schemas(catalog) -%}
  {%- set now = modules.datetime.datetime.utcnow().replace(microsecond=0) -%}
  {%- set cutoff = now - modules.datetime.timedelta(days=older_than_days or 0) -%}
  {%- set selector = {'pr_number': pr_number} if pr_number is not none
      else ({'expired': true} if expired else {'older_than_days': older_than_days}) -%}
  {%- set rows = databricks_envs._dbenvs_ci_cleanup_plan(schemas, selector, settings.ci.pinned,
      now.isoformat() ~ 'Z', cutoff.isoformat() ~ 'Z') -%}
  {%- set failures = [] -%}
  {%- for row in rows if row.action == 'drop' -%}
    {%- if dry_run -%}
      {%- do row.update({'action': 'would drop'}) -%}
    {%- else -%}
      {%- set outcome = databricks_envs._dbenvs_drop_schema(catalog, row.schema) -%}
      {%- do row.update({'action': 'dropped' if outcome is none else 'failed', 'reason': outcome or ''}) -%}
      {%- if outcome is not none -%}
        {%- do failures.append(row.schema) -%}
      {%- endif -%}
    {%- endif -%}
  {%- endfor -%}
  {%- set report = {'catalog': catalog, 'dry_run': dry_run, 'selector': selector, 'schemas': rows,
      'failed': failures} -%}
  {%- if format == 'json' -%}
    {{ print(tojson(report)) }}
  {%- else -%}
    {{ log(databricks_envs._dbenvs_cleanup_table(report), info=true) }}
  {%- endif -%}
  {%- if failures -%}
    {{ fail('could not drop ' ~ failures | join(', ') ~ ' (see the table)') }}
  {%- endif -%}
{%- endmacro %}


{#- {schema: properties} of the catalog's schemas that a ci run labelled (their comment says so). -#}
{% macro _dbenvs_labelled_schemas(catalog) -%}
  {%- set rows = run_query("select schema_name from system.information_schema.schemata "
      ~ "where lower(catalog_name) = '" ~ catalog | replace("'", "''") ~ "' "
      ~ "and comment like 'dbt-databricks-envs CI schema%'").rows -%}
  {%- set found = {} -%}
  {%- for row in rows -%}
    {%- set described = run_query('describe schema extended `' ~ catalog ~ '`.`'
        ~ row[0] | replace('`', '``') ~ '`') -%}
    {%- for item in described.rows if item[0] == 'Properties' -%}
      {%- do found.update({row[0] | lower: databricks_envs._dbenvs_parse_properties(item[1])}) -%}
    {%- endfor -%}
  {%- endfor -%}
  {{ return(found) }}
{%- endmacro %}


{#- Drops one schema with its contents; the error text if that failed, else none. -#}
{% macro _dbenvs_drop_schema(catalog, schema) -%}
  {%- set relation = api.Relation.create(database=catalog, schema=schema) -%}
  {%- set statement = 'drop schema if exists ' ~ relation.without_identifier() ~ ' cascade' -%}
  {%- if adapter.databricks_envs_try_execute is defined -%}
    {{ return(adapter.databricks_envs_try_execute(statement)) }}
  {%- endif -%}
  {%- do run_query(statement) -%}
  {{ return(none) }}
{%- endmacro %}


{% macro _dbenvs_cleanup_table(report) -%}
  {%- set row = '%-12s %-28s %-6s %-10s %-30s %s' -%}
  {%- set lines = ['dbt-databricks-envs cleanup_ci_schemas in catalog ' ~ report.catalog
      ~ (' (dry run: nothing dropped; dry_run: false to drop)' if report.dry_run else ''), '',
      row | format('ACTION', 'SCHEMA', 'PR', 'COMMIT', 'CREATED BY', 'EXPIRES AT')] -%}
  {%- for item in report.schemas -%}
    {%- do lines.append(row | format(item.action, item.schema, item.pr_number, item.commit[:10],
        item.created_by, item.expires_at) ~ (' (' ~ item.reason ~ ')' if item.reason else '')) -%}
  {%- endfor -%}
  {%- if not report.schemas -%}
    {%- do lines.append('(no pull request schema matches)') -%}
  {%- endif -%}
  {{ return(lines | join('\n')) }}
{%- endmacro %}


{% macro _dbenvs_cleanup_error(problem) -%}
  {{ exceptions.raise_compiler_error('dbt-databricks-envs cleanup_ci_schemas: ' ~ problem ~ '.') }}
{%- endmacro %}
